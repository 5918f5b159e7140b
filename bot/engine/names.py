"""Names the question spells another way than the knowledge: a translated question
writes a foreign name by ear (`ริคาร์โด เปเรรา`, `ฟุจิวาระ โนะ นากาโกะ`) where the
article's title has `รีการ์ดู ปึไรรา`, `ฟุจิวะระ โนะ นะกะโกะ`. The words then share
nothing the index can find, and the question is declined or answered from another
article. A run of the question's words that sounds like a title (the same consonant
skeleton, `bot.text.sound`) and is spelled much like it is searched in the title's
spelling as well.

Only titles: an encyclopedia article is named by its title, and a title is few enough
words that a run of the question sounding the same is seldom chance. A name of fewer
than MIN_SOUNDS consonant sounds is left alone: three are shared by chance. And the run
must hold a word that is no Thai dictionary word (a name the segmenter cut into
syllables: `ริ|คาร์|โด`, `เซ|ติ|น|เย` for `เซตีเนีย`) or that the knowledge never uses
(`ไวกิ้ง`): a run of ordinary words the knowledge has is what it says, not a name
misheard (`ปลาจีน` is not `ปลาช่อน`, whose four sounds are alike; `ปลา|ชนิด` is not
`ปลาช่อนดำ`).

A run spelled as a title but for its tone marks and the maitaikhu (`ไวกิ้ง` for the title
`ชาวไวกิง`, `เบปปุ` for `เบ็ปปุ`: writers mark a loanword's tones as they hear them, or
not at all) is the title's name whatever its words, down to MIN_MARKED_SOUNDS
consonant sounds: the same letters in the same order are no chance likeness."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping, Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from pythainlp.corpus import thai_words

from bot.engine.ordinals import words_in_digits
from bot.text.normalize import fold_for_search
from bot.text.sound import consonants, skeleton

MIN_SOUNDS = 4  # consonant sounds a title needs before it is matched by ear
MIN_MARKED_SOUNDS = 3  # or spelled alike but for tone marks
_MARKS = re.compile("[\u0e47-\u0e4b]")  # the maitaikhu and the four tone marks
MIN_LIKENESS = 0.6  # and how much alike the two spellings must be (difflib's ratio)
MAX_RUN = 10  # words in a run of the question
MAX_NAME_CHARS = 200  # a longer title is a headline, not a name, and costly to compare
_BRACKETED = re.compile(r"\s*\([^()]*\)")  # [^()]: linear on "((((..."


def title_name(title: str) -> str:
    """The name a title gives (folded, without its bracketed part)."""
    return fold_for_search(_BRACKETED.sub("", title)).strip()


@lru_cache(maxsize=1024)
def bare_name(text: str) -> str:
    """A name (or a question) without spaces, its ordinals in digits: a title writes
    `สงครามโลกครั้งที่ 2`, a question `สงครามโลกครั้งที่สอง`."""
    return words_in_digits("".join(text.split()))


# title -> (its name, the name's sound), for the titles of the latest table: a reload
# builds a new table, and only the titles new since the last one are read again
_HEARD_BEFORE: dict[str, tuple[str, str]] = {}


def sounds_of_titles(titles: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Skeleton -> the title names that sound like it, for the names long enough to be
    matched (by ear, or spelled alike but for tone marks)."""
    global _HEARD_BEFORE
    before, now = _HEARD_BEFORE, {}
    table: dict[str, set[str]] = {}
    for title in titles:
        heard = now[title] = before.get(title) or _heard(title)
        name, sounds = heard
        if len(sounds) >= MIN_MARKED_SOUNDS and len(name) <= MAX_NAME_CHARS:
            table.setdefault(sounds, set()).add(name)
    _HEARD_BEFORE = now
    return {sounds: tuple(sorted(names)) for sounds, names in table.items()}


def _heard(title: str) -> tuple[str, str]:
    name = title_name(title)
    return name, consonants(name)  # uncached: every title once


def _may_be_a_name(run: Sequence[str], unknown: Container[str]) -> bool:
    dictionary = thai_words()  # a frozenset pythainlp reads once
    return any(w.strip() and (w not in dictionary or w in unknown) for w in run)


def respelled(
    words: Sequence[str], table: Mapping[str, tuple[str, ...]], unknown: Container[str] = ()
) -> tuple[str, ...]:
    """Title names that a run of `words` (the question's, folded, in order) sounds like
    while spelling them otherwise; `unknown`: the words the knowledge never uses."""
    found: list[str] = []
    for start in range(len(words)):
        sounds, text = "", ""
        for end in range(start, min(len(words), start + MAX_RUN)):
            sounds += skeleton(words[end])
            text += "".join(words[end].split())
            names = table.get(sounds, ())
            unmarked = _MARKS.sub("", text) if names else ""
            for name in names:
                bare = "".join(name.split())
                if bare == text or name in found:
                    continue
                if _MARKS.sub("", bare) == unmarked or (
                    len(sounds) >= MIN_SOUNDS
                    and SequenceMatcher(None, bare, text).ratio() >= MIN_LIKENESS
                    and _may_be_a_name(words[start : end + 1], unknown)
                ):
                    found.append(name)
    return tuple(found)


# An encyclopedia article's lede gives its subject's English name in brackets, alone or
# after another ("นิวโรแมนติกส์ (อังกฤษ: New Romantics) เป็นเพลง...", "(INN; อังกฤษ:
# Arbekacin)"; on folded text: lower case)
_ENGLISH_NAME = re.compile(r"[(;,]\s*(?:ภาษา)?อังกฤษ\s*:\s*([^;:()]{4,80})")
LEDE_NAME_CHARS = 400  # where in the lede the bracket may stand


def english_name(lede: str) -> str:
    """The English name the (folded) lede gives its subject, "" if none: a question
    translated from English names the subject so ("ใครเป็นผู้ร้องเพลง New Romantics")
    rather than by the title's Thai spelling."""
    found = _ENGLISH_NAME.search(lede, 0, LEDE_NAME_CHARS)
    if found is None:
        return ""
    name = found.group(1).strip(" .,'\"")
    return name if len(name) >= 4 and name.isascii() and any(c.isalpha() for c in name) else ""


@lru_cache(maxsize=4096)
def _in_words(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])")


def names_in_latin(name: str, folded_question: str) -> bool:
    """Whether the question writes the English name whole, as its own words."""
    return bool(name) and _in_words(name).search(folded_question) is not None
