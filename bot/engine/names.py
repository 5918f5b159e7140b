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
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from pythainlp.corpus import thai_stopwords, thai_words
from pythainlp.transliterate import romanize

from bot.engine.ordinals import words_in_digits
from bot.text.articles import Article
from bot.text.english import is_ordinary_english
from bot.text.normalize import fold_for_search
from bot.text.sound import consonants, heard_key, latin_keys, skeleton

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


# Names a Thai question spells in Thai letters where the knowledge writes them in Latin
# ones: an asker types เอ็นวิเดีย, ดีพซีค, the agency's text "บริษัท Nvidia", "ดีปซีก
# (DeepSeek)". The segmenter cuts such a spelling into syllables the knowledge lacks, so
# the question looks to be about something absent.
MIN_LATIN_SOUNDS = 3  # consonant sounds a run must share with a Latin word (2 are chance)
MAX_LATIN_RUN = 6  # the question's words in a run (`นู|ซัน|ตา|รา`)
# Latin words a run may sound like: more are a common sound, heard in it by chance
MAX_LATIN_WORDS = 3
MIN_LATIN_CHARS = 4  # Thai characters in a run (`ดปร`, a typo, is not "diplo")
# a word the knowledge uses inside a run is a syllable of the name (`ดี|พ|ซี|ค`), not a
# word of the question (`กำกับ|ดดย`, a mistyped กำกับโดย, is not "keyboards")
MAX_KNOWN_PART = 3
MIN_ROMAN_LIKENESS = 0.5  # difflib's ratio of the romanized run and the Latin word
# runs romanized per question (about 0.5 ms each): a pasted page of names costs no more
MAX_HEARD = 48
# letters Thai spells English names without (Sanskrit and Pali ones): a run with one is a
# Thai word mistyped (`ศสตร์` for ศาสตร์), not a name heard
_NOT_FOR_LATIN = re.compile("[ฃฅฆฌฎฏฐฑฒณภฤฦฬศษ]")
# a vowel sign or tone mark that cannot begin a word: a run opening so is a word mistyped
# in two (`อั|ลบั้ม`)
_NOT_FIRST = re.compile("^[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")
MIN_LATIN_LETTERS = 4  # in a Latin word of the knowledge (shorter: acronyms, "kst")
# bytes -> the Latin letters in lower case, all else a space: the UTF-8 of a Thai letter is
# of bytes over 127 (a translation of bytes is about 3 times as fast as a regex over text)
_LETTERS_ONLY = bytes(c | 0x20 if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))

# article fingerprint -> its Latin words, for the articles of the latest table (as titles:
# a reload reads only the new articles)
_LATIN_BEFORE: dict[str, tuple[str, ...]] = {}
_heard_as = lru_cache(maxsize=1 << 16)(latin_keys)  # a reload hears the same words again


def latin_words(article: Article) -> set[str]:
    """The article's Latin words of at least MIN_LATIN_LETTERS letters, in lower case."""
    text = article.title.encode("utf-8") + b" " + article.text_utf8()
    return {
        w.decode("ascii")
        for w in text.translate(_LETTERS_ONLY).split()
        if len(w) >= MIN_LATIN_LETTERS
    }


def sounds_of_latin_words(articles: Iterable[Article]) -> dict[str, tuple[str, ...]]:
    """`heard_key` -> the knowledge's Latin words (lower case) that Thai may spell so, for
    the keys of at least MIN_LATIN_SOUNDS sounds and at most MAX_LATIN_WORDS words. Names
    only: a common English word a Thai asker spells in Thai letters is a loanword
    (`bot.text.loanwords`), and the common words' sounds were heard in mistyped Thai
    words (`ชื่อ|ทาง|วิทยาศสตร์` as "steve", `กระซู๋` as "glass")."""
    global _LATIN_BEFORE
    before, now = _LATIN_BEFORE, {}
    words: set[str] = set()
    for article in articles:
        found = before.get(article.fingerprint) if article.fingerprint else None
        if found is None:
            found = tuple(sorted(w for w in latin_words(article) if not is_ordinary_english(w)))
        if article.fingerprint:
            now[article.fingerprint] = found
        words.update(found)
    _LATIN_BEFORE = now
    table: dict[str, set[str]] = {}
    for word in words:
        for key in _heard_as(word):
            if len(key) >= MIN_LATIN_SOUNDS:
                table.setdefault(key, set()).add(word)
    return {
        key: tuple(sorted(found)) for key, found in table.items() if len(found) <= MAX_LATIN_WORDS
    }


# a ห that only sets the tone of the low consonant after it (หวูช as วูช)
_TONE_H = re.compile("ห(?=[งญนมยรลว])")
MAX_MARKED_RUN = 3  # the question's words in a run spelled but for its tone marks
MAX_LOOKUPS = 48  # such runs looked up per question
SHORT_CHARS = 3  # a word spelled so short (`วูช`) must be no dictionary word
MIN_UNMARKED_SOUNDS = 2  # and any of at least two consonant sounds


def unmarked(
    words: Sequence[str], unknown: Sequence[bool], known: Callable[[str], bool]
) -> list[tuple[int, int, str]]:
    """Runs of a Thai question's `words` holding one the knowledge never uses (`unknown`,
    one flag per word) that, without their tone marks, the maitaikhu and a ห that only
    sets a tone, are one word the knowledge uses (`known`): (start, end, that word),
    apart, the longer first. An asker marks a name's tones as they hear it, or not at
    all: `วู้|ช` and `หวูช` for the text's `วูช`. As for titles (`respelled`), the same
    letters in the same order are no chance likeness."""
    runs: list[tuple[int, int, str]] = []
    looked_up = 0  # each a lookup in the knowledge: a pasted page costs MAX_LOOKUPS
    for start in range(len(words)):
        if runs and start < runs[-1][1]:
            continue
        for end in range(min(len(words), start + MAX_MARKED_RUN), start, -1):
            run = words[start:end]
            if not any(unknown[start:end]) or not all(w.strip() and not w.isascii() for w in run):
                continue
            spelled = "".join(run)
            bare = _TONE_H.sub("", _MARKS.sub("", spelled))
            if bare == spelled or not _may_be_unmarked(bare) or looked_up == MAX_LOOKUPS:
                continue
            looked_up += 1
            if known(bare):
                runs.append((start, end, bare))
                break
    return runs


def _may_be_unmarked(bare: str) -> bool:
    """A word of at least two consonant sounds, and if short no dictionary word: a tone
    mark mistyped leaves a short word of another meaning (`รว่ม`, for ร่วม, is not รวม)."""
    if len(consonants(bare)) < MIN_UNMARKED_SOUNDS:
        return False
    return len(bare) > SHORT_CHARS or bare not in thai_words()


def load_romanizer() -> None:
    """pythainlp's romanizer reads its tables on its first word (about 0.5 s): read them
    before any user's question (`answering.warm_up`)."""
    romanize("ทดสอบ", engine="royin")


def _sounds_alike(thai: str, latin: str) -> bool:
    """Beyond the consonants: a Latin word that opens with a vowel is spelled in Thai with
    the vowel's carrier อ first (`amazon` อเมซอน; `aerobic` is not `โรเบิร์ค`), and the
    vowels too are much alike: the Royal Institute's romanization of the Thai spelling
    (pythainlp's `royin`) is like the Latin word (`เอ็นวิเดีย` enwidia, nvidia)."""
    if latin[0] in "aeiou" and "อ" not in thai[:2]:
        return False
    heard = romanize(thai, engine="royin")
    if not heard.isascii():  # a vowel it cannot read: a mistyped word (`เมืิ่อ`)
        return False
    return SequenceMatcher(None, heard, latin).ratio() >= MIN_ROMAN_LIKENESS


def apart(runs: Iterable[tuple[int, int, object]], start: int, end: int) -> bool:
    """Whether words `start` to `end` share none with the (start, end, ...) `runs`."""
    return all(end <= s or start >= e for s, e, _ in runs)


def in_latin_letters(
    words: Sequence[str], table: Mapping[str, tuple[str, ...]], unknown: Sequence[bool]
) -> list[tuple[int, int, tuple[str, ...]]]:
    """Runs of a Thai question's `words` that sound like Latin words of the knowledge:
    (start, end, those words), apart and in order. A run is of Thai words and holds a
    word the knowledge never uses (`unknown`, one flag per word): a name cut into
    syllables (`เอ็น|วิ|เดีย`, `วิ|กรัม`), or one word that is no dictionary word (not
    the ordinary `ร่วง`). It holds no stop word, no word the knowledge uses longer than
    a syllable, nor a letter or an opening a spelling by ear has not (`_NOT_FOR_LATIN`,
    `_NOT_FIRST`): those are Thai words mistyped.
    Of the runs that sound alike, the one with fewest words the knowledge uses wins,
    then the longer: `หุ้น|เอ็น|วิ|เดีย` sounds like nvidia too, หุ้น and เอ็น sharing
    their น."""
    if not table:
        return []
    dictionary, stop = thai_words(), thai_stopwords()
    heard_left = MAX_HEARD
    found: list[tuple[int, int, int, int, tuple[str, ...]]] = []  # (known, -length, run)
    for start in range(len(words)):
        if _NOT_FIRST.match(words[start]):
            continue
        for end in range(start + 1, min(len(words), start + MAX_LATIN_RUN) + 1):
            run = words[start:end]
            last = run[-1]
            if not last.strip() or last.isascii() or last in stop or _NOT_FOR_LATIN.search(last):
                break
            if not any(unknown[start:end]) or (len(run) == 1 and run[0] in dictionary):
                continue
            if any(
                len(w) > MAX_KNOWN_PART
                for w, u in zip(run, unknown[start:end], strict=True)
                if not u
            ):
                continue
            spelled = "".join(run)
            if len(spelled) < MIN_LATIN_CHARS:
                continue
            heard = table.get(heard_key(consonants(spelled)), ())
            if not heard or heard_left == 0:
                continue
            heard_left -= 1
            latin = tuple(w for w in heard if _sounds_alike(spelled, w))
            if latin:
                known = sum(not u for u in unknown[start:end])
                found.append((known, start - end, start, end, latin))
    runs: list[tuple[int, int, tuple[str, ...]]] = []
    for _, _, start, end, latin in sorted(found):
        if apart(runs, start, end):
            runs.append((start, end, latin))
    return sorted(runs)
