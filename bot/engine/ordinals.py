"""The ordinal a question names singles out one of a series: "ใครเป็นประธานการประชุม ASCCO
ครั้งที่ 12" (or "Who chaired the 12th ASCCO?") asks about the 12th meeting, and an
article on the 11th, which holds every other word of the question, does not answer it.
News is full of such series (summits, meetings, editions, seasons), and a knowledge base
that has only last year's one must say "not found" rather than give its chair.

Only a contradiction counts: the article writes ordinals of the same kind (`ครั้งที่ 11`;
for an English ordinal, English ones: `11th`) only with other numbers, and the
question's number in none. An article that writes no
ordinal of that kind may still answer ("หลังสงครามโลกครั้งที่ 1 X ไปศึกษาด้านใด" of a
biography that never names the war). Numbers are matched as Thai or Arabic digits, in
Thai number words (`ครั้งที่สิบสอง`) or as an English ordinal (`12th`). A name numbered
after a hyphen is one of a series in the same way: "จันทรายาน-4" of an article that
writes only "จันทรายาน-๓"."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise

from pythainlp.util import num_to_thaiword, thaiword_to_num

from bot.text.articles import Article
from bot.text.normalize import fold_for_search

# the nouns of a series' ordinals: ครั้ง (a meeting), รุ่น, ฉบับ (an edition), สมัย (a
# term), รัชกาล (a reign), ชุด, ฤดูกาล (a season), ภาค, ตอน (a part), ลำดับ, รอบ (a round)
_NOUNS = "ครั้ง|รุ่น|ฉบับ|สมัย|รัชกาล|ชุด|ฤดูกาล|ภาค|ตอน|ลำดับ|รอบ"
_WORDS = "(?:หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ยี่|เอ็ด|ร้อย|พัน)+"
_THAI = re.compile(rf"({_NOUNS})\s*ที่\s*(\d+|{_WORDS})")
_IN_WORDS = re.compile(_WORDS)
_ENGLISH = re.compile(r"(?<![a-z0-9])(\d+)(?:st|nd|rd|th)(?![a-z0-9])")
ENGLISH = ""  # the noun of an English ordinal (its series is not named)
# an ordinal in number words: ที่ and the words (ครั้งที่สอง, รัชกาลที่ห้า)
_ORDINAL_IN_WORDS = re.compile(rf"ที่\s*({_WORDS})")


def _number(written: str) -> int | None:
    if written.isdigit():
        return int(written)
    try:
        return thaiword_to_num(written)
    except ValueError:  # number words that make no number (ยี่ alone)
        return None


# An anniversary is one of a series too: "ครบ 50 ปี" is not the article's "ครบรอบ 60 ปี"
_ANNIVERSARY = re.compile(r"ครบ(?:รอบ)?\s*(\d+)\s*ปี")
ANNIVERSARY = "ครบรอบ"


def ordinals(folded: str) -> frozenset[tuple[str, int]]:
    """(noun, number) of each ordinal in a folded text (`fold_for_search`: Arabic
    digits, lower case); an English one's noun is ENGLISH, an anniversary's ANNIVERSARY."""
    found = {(ANNIVERSARY, int(m.group(1))) for m in _ANNIVERSARY.finditer(folded)}
    for match in _THAI.finditer(folded):
        number = _number(match.group(2))
        if number is not None:
            found.add((match.group(1), number))
    found.update((ENGLISH, int(m.group(1))) for m in _ENGLISH.finditer(folded))
    return frozenset(found)


def contradicts(asked: frozenset[tuple[str, int]], written: frozenset[tuple[str, int]]) -> bool:
    """Whether a text with the ordinals `written` names another of a series the question
    asks one of: it writes ordinals of that kind (the same Thai noun; English ones for an
    English ordinal) only with other numbers, and the question's number in none."""
    for noun, number in asked:
        same = {n for w, n in written if w == noun}
        if same and all(n != number for _, n in written):
            return True
    return False


# A name numbered after a hyphen names one of a series too: a mission, a model, a
# version (จันทรายาน-3, AH-64, COVID-19); so does a Latin name with its number written on
# (COP29, MH370; not a single letter: G7, T5). Only so: "อาเซียน 2045" and "ปี 2567"
# are no such names.
_NUMBERED = re.compile(
    r"([a-z\u0e01-\u0e4e]{3,})-(\d{1,3})(?![\d.,])|(?<![a-z0-9])([a-z]{2,})(\d{1,3})(?![\d.,a-z])"
)
NAME_TAIL = 4  # the fewest letters of a numbered name matched in a text
MAX_NUMBERED = 8


def numbered_names(folded: str) -> frozenset[tuple[str, int]]:
    """(name, number) of each numbered name in a folded text; the name is the run of
    letters before the hyphen, which in Thai may hold the words before it
    (`ยานจันทรายาน`), or the Latin letters the number is written on (`cop`)."""
    return frozenset(
        (m.group(1) or m.group(3), int(m.group(2) or m.group(4)))
        for m in _NUMBERED.finditer(folded)
    )


def other_number(asked: frozenset[tuple[str, int]], text: str) -> bool:
    """Whether a folded text numbers a name the question numbers only otherwise: the
    longest end of the question's run of letters (at least NAME_TAIL of them) that ends
    one of the text's is the name ("ยานจันทรายาน-4" of a text's "ภารกิจจันทรายาน-3").
    The text is read once, and at most MAX_NUMBERED of the question's names: a pasted
    page is no question."""
    if not asked:
        return False
    written = numbered_names(text)
    for name, number in sorted(asked)[:MAX_NUMBERED]:
        for cut in range(max(1, len(name) - NAME_TAIL + 1)):  # a short name whole
            tail = name[cut:]
            numbers = {n for run, n in written if run.endswith(tail)}
            if numbers:
                if number not in numbers:
                    return True
                break
    return False


def names_a_series(folded_question: str) -> bool:
    """Whether a question names one of a series, by an ordinal or a numbered name."""
    return bool(ordinals(folded_question) or numbered_names(folded_question))


def other_of_series(folded_question: str, article: Article) -> bool:
    """Whether the article is about another one of a series the question names by its
    ordinal or by a numbered name (read only for a question that names one)."""
    asked = ordinals(folded_question)
    numbered = numbered_names(folded_question)
    if not asked and not numbered:
        return False
    text = fold_for_search(f"{article.title}\n{article.text}")
    return contradicts(asked, ordinals(text)) or other_number(numbered, text)


def words_in_digits(text: str) -> str:
    """The text with its ordinals in number words in digits (`ครั้งที่สอง` as
    `ครั้งที่2`)."""

    def digits(found: re.Match[str]) -> str:
        number = _number(found.group(1))
        return found.group(0) if number is None else f"ที่{number}"

    return _ORDINAL_IN_WORDS.sub(digits, text)


def in_digits(question: str, tokenizer: Callable[[str], Sequence[str]]) -> dict[str, str]:
    """The ordinals a question writes in number words, in digits: "ครั้งที่สิบเอ็ด" of a
    text that writes "ครั้งที่ ๑๑" (`ที่` and the number words, as the segmenter cuts
    them; it cuts the question again only when it has such words)."""
    out: dict[str, str] = {}
    if _ORDINAL_IN_WORDS.search(question) is None:
        return out
    for before, word in pairwise(tokenizer(fold_for_search(question))):
        if before == "ที่" and _IN_WORDS.fullmatch(word):
            number = _number(word)
            if number is not None:
                out[word] = str(number)
    return out


# One of a series as a question asks it, with or without ที่ ("รอบสอง", "รอบที่ 2", "รอบ
# แรก"); not a span of time ("ในรอบ 10 ปี", within ten years).
_SPAN = "ปี|เดือน|วัน|สัปดาห์|ชั่วโมง|นาที|ทศวรรษ|ศตวรรษ"
_ASKED = re.compile(rf"({_NOUNS})\s*(?:ที่\s*)?(\d+|{_WORDS}|แรก)(?!\d|{_WORDS}|\s*(?:{_SPAN}))")
FIRST = "แรก"
ONCE = "ครั้ง"


def _member(found: re.Match[str]) -> int | None:
    """The number of the one of a series `found` names; None for ครั้งแรก, "for the first
    time", which news says of anything."""
    noun, written = found.group(1), found.group(2)
    if written == FIRST:
        return None if noun == ONCE else 1
    return _number(written)


def ordinal_said(folded_question: str, article: str) -> re.Pattern[str] | None:
    """How a text writes the one of a series the question asks of ("รอบสองแมร์ซได้คะแนน
    เท่าไร": รอบที่สอง, รอบที่ 2), when the article (folded) tells of more than one of it:
    its lede tells of the first round too, with the question's other words, and the
    answer is by the second's. None when the question asks of none, or the article tells
    of one only (the lede that names the 11th meeting does not say who chaired it)."""
    asked = _ASKED.search(folded_question)
    number = _member(asked) if asked is not None else None
    if asked is None or number is None:
        return None
    noun = asked.group(1)
    written = {_member(m) for m in _ASKED.finditer(article) if m.group(1) == noun} - {None}
    if number not in written or len(written) < 2:
        return None
    words = num_to_thaiword(number) + (f"|{FIRST}" if number == 1 else "")
    return re.compile(rf"{noun}\s*(?:ที่\s*)?(?:{number}|{words})(?!\d|{_WORDS})")
