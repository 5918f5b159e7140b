"""Pick the part of a passage that answers the question, and judge whether it does."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from pythainlp.corpus import thai_stopwords
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from bot.normalize import fold_for_search

ANSWER_CHARS = 600
LEAD_CHARS = 150  # context kept before the first matching words

_UNIT = re.compile(r"\S+")
# Thai interrogatives and polite particles: they say "this is a question", not what
# it is about, so they neither rank passages nor count towards coverage.
QUESTION_WORDS = frozenset(
    [
        "อะไร",
        "ใคร",
        "ที่ไหน",
        "ไหน",
        "ตรงไหน",
        "แบบไหน",
        "เมื่อไร",
        "เมื่อไหร่",
        "เท่าไร",
        "เท่าไหร่",
        "เท่าใด",
        "อย่างไร",
        "ยังไง",
        "ใด",
        "อันใด",
        "กี่",
        "ทำไม",
        "หรือไม่",
        "หรือเปล่า",
        "รึเปล่า",
        "ป่าว",
        "หรือยัง",
        "ไหม",
        "มั้ย",
        "บ้าง",
        "ไร",
        "หรอ",
        "เหรอ",
        "ครับ",
        "คับ",
        "ค่ะ",
        "คะ",
        "นะ",
        "จ๊ะ",
        # words that frame what is asked rather than what it is about
        "ย่อ",
        "ย่อมาจาก",
        "หมายถึง",
        "ความหมาย",
        "please",
        "tell",
    ]
)
_THAI = re.compile("[\u0e00-\u0e7f]")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(thai_stopwords()) | ENGLISH_STOP_WORDS | QUESTION_WORDS | {"ว่า"}


def without_question_words(tokens: Sequence[str]) -> list[str]:
    return [t for t in tokens if t not in QUESTION_WORDS] or list(tokens)


def content_terms(tokens: Sequence[str]) -> list[str]:
    """Distinct question words that carry meaning (question words and particles removed);
    all words when nothing else is left, so `เกิดที่ไหน` still has something to match."""
    distinct = list(dict.fromkeys(tokens))
    stop = _stopwords()
    content = [t for t in distinct if t not in stop]
    return content or distinct


def coverage(terms: Mapping[str, float], title: str, text: str) -> float:
    """Share of the question's weighted content words that the article contains.

    A Thai word counts when it occurs anywhere in the article (the segmenter may cut
    `ทางวิทยาศาสตร์` in a question and `ทาง|วิทยาศาสตร์` in a passage); a Latin word or
    number must occur as a whole word."""
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    folded = fold_for_search(f"{title}\n{text}")
    found = sum(w for t, w in terms.items() if _occurs(t, folded))
    return found / total


def _occurs(term: str, folded: str) -> bool:
    if _THAI.search(term):
        return term in folded
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", folded) is not None


def select_answer(text: str, terms: Mapping[str, float], limit: int = ANSWER_CHARS) -> str:
    """The span of whole space-separated units (Thai clauses) of at most `limit`
    characters that covers the most weighted question words, with some context before
    them and the rest of the room given to what follows (where answers usually are).

    A unit contains a word when the word occurs in it (after digit, year and case
    folding): no segmentation at question time, and segmentation differences between
    question and passage do not matter."""
    if len(text) <= limit:
        return text.strip()
    units = [(m.start(), m.end()) for m in _UNIT.finditer(text)]
    if not units:
        return ""
    folded = fold_for_search(text)
    if len(folded) != len(text):  # a rare case-fold that changes length: fold unit by unit
        unit_texts = [fold_for_search(text[s:e]) for s, e in units]
    else:
        unit_texts = [folded[s:e] for s, e in units]
    unit_terms = [{t for t in terms if t in unit} for unit in unit_texts]
    best = _best_covering_span(units, unit_terms, terms, limit)
    first, last = best if best else (0, 0)
    return _expand(text, units, first, last, limit)


def _best_covering_span(
    units: list[tuple[int, int]],
    unit_terms: list[set[str]],
    terms: Mapping[str, float],
    limit: int,
) -> tuple[int, int] | None:
    """Shortest span with the highest coverage; None when no unit matches anything."""
    best: tuple[float, int, int, int] | None = None  # (-weight, length, first, last)
    matching = [i for i, found in enumerate(unit_terms) if found]
    for i in matching:
        covered: set[str] = set()
        for j in matching:
            if j < i:
                continue
            if units[j][1] - units[i][0] > limit:
                break
            covered |= unit_terms[j]
            key = (-sum(terms[t] for t in covered), units[j][1] - units[i][0], i, j)
            if best is None or key < best:
                best = key
    return None if best is None else (best[2], best[3])


def _expand(text: str, units: list[tuple[int, int]], first: int, last: int, limit: int) -> str:
    def width(a: int, b: int) -> int:
        return units[b][1] - units[a][0]

    lead_start = units[first][0]
    while (
        first > 0
        and width(first - 1, last) <= limit
        and lead_start - units[first - 1][0] <= (LEAD_CHARS)
    ):
        first -= 1
    while last + 1 < len(units) and width(first, last + 1) <= limit:
        last += 1
    while first > 0 and width(first - 1, last) <= limit:
        first -= 1
    return text[units[first][0] : units[last][1]].strip()
