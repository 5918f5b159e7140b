"""Text normalization shared by indexing and questions.

Two forms exist on purpose: `clean_text` keeps what the reader sees (only invisible
junk removed), `normalize_for_matching` is the canonical form that both passages and
questions are reduced to before tokenization, so that spelling variants meet.
"""

from __future__ import annotations

import re
import unicodedata

from pythainlp.util import normalize as thai_normalize

# Zero-width and byte-order characters that survive copy/paste from web pages.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# C0/C1 control characters other than tab and newline.
_CONTROL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# A standalone 4-digit number in the Buddhist-era range of modern dates.
_BE_YEAR = re.compile(r"(?<![\d.,])(2[3-6]\d\d)(?![\d]|[.,]\d)")
BUDDHIST_ERA_OFFSET = 543


def clean_text(text: str) -> str:
    """Remove what no reader can see (zero-width marks, BOMs, control codes), keep the rest."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def thai_digits_to_arabic(text: str) -> str:
    return text.translate(_THAI_DIGITS)


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
