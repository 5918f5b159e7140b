"""Word tokens for matching, from pythainlp's dictionary segmenter (offline).

`nlpo3` (a Rust port of `newmm`, same dictionary, same tokens) is used when it is
installed because it is several times faster; `newmm` is the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise

from pythainlp.tokenize import word_tokenize

from bot.text.normalize import normalize_for_matching

Tokenizer = Callable[[str], list[str]]

# A token counts if it holds a letter or digit of any script (drops spaces, punctuation,
# emoji and lone combining marks).
_WORDLIKE = re.compile(r"[^\W_]", re.UNICODE)
_THAI_MARK_ONLY = re.compile(r"^[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+$")


@lru_cache(maxsize=1)
def segmenter_engine() -> str:
    """Pick the fastest engine that works here, once."""
    try:
        word_tokenize("ทดสอบ", engine="nlpo3")
    except Exception:  # nlpo3 missing or broken: newmm gives the same tokens, slower
        return "newmm"
    return "nlpo3"


def segment(text: str) -> list[str]:
    """Split already-normalized text into word tokens, dropping non-word tokens."""
    if not text.strip():
        return []
    raw = word_tokenize(text, engine=segmenter_engine(), keep_whitespace=False)
    memo = _KEPT
    if len(memo) > KEPT_MEMO_LIMIT:
        memo.clear()
    words = []
    for token in raw:
        kept = memo.get(token)
        if kept is None:
            stripped = token.strip()
            kept = memo[token] = stripped if _is_wordlike(stripped) else ""
        if kept:
            words.append(kept)
    return words


# token -> the token kept ("" when dropped): a text repeats a small vocabulary
_KEPT: dict[str, str] = {}
KEPT_MEMO_LIMIT = 500_000


def _is_wordlike(token: str) -> bool:
    return bool(token) and bool(_WORDLIKE.search(token)) and not _THAI_MARK_ONLY.match(token)


def tokenize(text: str) -> list[str]:
    """Normalize then segment: the one tokenizer that passages and questions share."""
    return segment(normalize_for_matching(text))


def with_bigrams(tokens: Sequence[str]) -> list[str]:
    """Unigrams plus adjacent pairs; pairs keep compound names (`ประชาคม อาเซียน`) together."""
    grams = list(tokens)
    grams.extend(f"{a} {b}" for a, b in pairwise(tokens))
    return grams
