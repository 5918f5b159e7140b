"""Text normalization shared by indexing and questions.

Two forms exist on purpose: `clean_text` keeps what the reader sees (only invisible
junk removed), `normalize_for_matching` is the canonical form that both passages and
questions are reduced to before tokenization, so that spelling variants meet.
"""

from __future__ import annotations

import re
import unicodedata

from pythainlp import (
    thai_above_vowels,
    thai_below_vowels,
    thai_consonants,
    thai_follow_vowels,
    thai_lead_vowels,
    thai_tonemarks,
    thai_vowels,
)

# Zero-width and byte-order characters that survive copy/paste from web pages.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# C0/C1 control characters other than tab and newline.
_CONTROL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# A standalone 4-digit number in the Buddhist-era range of modern dates.
# a year, not a piece of a longer number or a decimal ("1.2562"); after the era's "พ.ศ."
# written close up to it too ("พ.ศ.2567")
_BE_YEAR = re.compile(r"(?<![\d,])(?<!\d\.)(2[3-6]\d\d)(?![\d]|[.,]\d)")
BUDDHIST_ERA_OFFSET = 543


# pythainlp.util.normalize's rules, compiled once and merged into fewer passes (its own
# version runs about thirty regex passes and a Python callback per tone mark, which was
# most of the indexing time). tests/test_normalize.py checks the output is identical.
_DANGLING = f"{thai_above_vowels}{thai_below_vowels}{thai_tonemarks}\u0e3a\u0e4c\u0e4d\u0e4e"
_NEWLINES = re.compile("[ \n]*\n[ \n]*")
_SPACE_BEFORE_MARK = re.compile(
    f"([{thai_consonants}])(?<![{thai_vowels}][{thai_consonants}]) ([{_DANGLING}])"
)
# A run of marks is matched from its first mark only (the lookbehinds): tried from each
# mark of a run the marks cannot end, pythainlp's patterns take time quadratic in the
# run's length (20,000 tone marks in an article took 2.5 s with the GIL held). The
# output is the same: a match from inside a run would have matched from its start.
_REORDER = [
    (re.compile("\u0e40\u0e40"), "\u0e41"),
    (
        re.compile(
            f"(?<![{thai_tonemarks}\u0e4c])"
            f"([{thai_tonemarks}\u0e4c]+)([{thai_above_vowels}{thai_below_vowels}]+)"
        ),
        r"\2\1",
    ),
    (re.compile(f"\u0e4d([{thai_tonemarks}]*)\u0e32"), "\\1\u0e33"),
    (
        re.compile(f"(?<![{thai_follow_vowels}])([{thai_follow_vowels}]+)([{thai_tonemarks}]+)"),
        r"\2\1",
    ),
    (re.compile("([^\u0e24\u0e26])\u0e45"), "\\1\u0e32"),
]
_NO_REPEAT = (
    f"{thai_follow_vowels}{thai_lead_vowels}{thai_above_vowels}{thai_below_vowels}"
    "\u0e3a\u0e4c\u0e4d\u0e4e"
)
_REPEATED = re.compile(f"([{_NO_REPEAT}])(?: *\\1)+")
_TONE_RUN = re.compile(f"[{thai_tonemarks}]{{2,}}")
_DANGLING_AT_START = re.compile(f"^[{_DANGLING}]+")
_DANGLING_AFTER_SPACE = re.compile(f" +[{_DANGLING}]+")


def thai_normalize(text: str) -> str:
    """Same output as pythainlp.util.normalize: zero-width characters and duplicate spaces
    removed, vowels and tone marks reordered, repeats and dangling marks removed."""
    text = text.replace("\u200b", "").replace("\u200c", "")
    if "  " in text:
        text = _SPACES.sub(" ", text)
    text = _NEWLINES.sub("\n", text).strip()
    text = _SPACE_BEFORE_MARK.sub(r"\1\2", text)
    for pattern, replacement in _REORDER:
        text = pattern.sub(replacement, text)
    text = _REPEATED.sub(r"\1", text)
    text = _TONE_RUN.sub(lambda m: m.group(0)[-1], text)
    text = _DANGLING_AT_START.sub("", text)
    return _DANGLING_AFTER_SPACE.sub(" ", text)


_SPACES = re.compile(" {2,}")


def clean_text(text: str) -> str:
    """Remove what no reader can see (zero-width marks, BOMs, control codes), keep the rest.
    A lone surrogate (half of a UTF-16 pair, which JSON's `\\ud800` escapes and a
    surrogate-escaped byte can leave in a string) becomes U+FFFD: it is no character,
    and no UTF-8 encoder, the segmenter's included, accepts it."""
    if _ODD.search(text) is None:  # the usual case: one scan instead of five passes
        return unicodedata.normalize("NFC", text)
    text = unicodedata.normalize("NFC", whole_characters(text))
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# anything clean_text would change besides NFC (invisible, control, carriage return,
# lone surrogates)
_ODD = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad\u0000-\u0008\u000b-\u001f\u007f-\u009f\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def whole_characters(text: str) -> str:
    """The text with each lone surrogate as U+FFFD, so that it can be encoded, stored and
    printed (`clean_text` does this and more)."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


_THAI_DIGIT = re.compile("[๐-๙]")


def thai_digits_to_arabic(text: str) -> str:
    # str.translate is slow on Thai text; most text has no Thai digit at all
    return text.translate(_THAI_DIGITS) if _THAI_DIGIT.search(text) else text


def buddhist_years_to_common(text: str) -> str:
    """Rewrite Buddhist-era years (2300-2699) as Common-era ones, so `2562` meets `2019`."""
    return _BE_YEAR.sub(lambda m: str(int(m.group(1)) - BUDDHIST_ERA_OFFSET), text)


def fold_for_search(text: str) -> str:
    """The cheap, length-preserving part of the matching form (digits, years, case), for
    finding question words inside display text by position."""
    return buddhist_years_to_common(thai_digits_to_arabic(text)).lower()


def normalize_for_matching(text: str) -> str:
    """Canonical form for matching; never shown to users.

    NFC (not NFKC, which splits SARA AM), pythainlp's normalize (vowel order, doubled
    marks, `เเ` -> `แ`), Arabic digits, Common-era years, lower case. No accent
    stripping: that would delete Thai vowels and tone marks.
    """
    text = clean_text(text)
    text = thai_normalize(text)
    text = thai_digits_to_arabic(text)
    text = buddhist_years_to_common(text)
    return text.lower()
