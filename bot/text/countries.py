"""Countries' names in English and in Thai, from the Unicode CLDR data that Babel
bundles: an English question names a country as the English do ("Malaysia"), a Thai
news text as the Thai do (มาเลเซีย), and the two share no letter."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

_ASIDE = re.compile(r"\s*\(([^()]*)\)")


def _names(name: str) -> list[str]:
    """ "Myanmar (Burma)" -> ["Myanmar", "Burma"]."""
    return [n.strip() for n in (_ASIDE.sub("", name), *_ASIDE.findall(name)) if n.strip()]


@cache
def _thai_by_english() -> dict[str, tuple[str, ...]]:
    english, thai = Locale("en").territories, Locale("th").territories
    out: dict[str, tuple[str, ...]] = {}
    for code, name in english.items():
        if not code.isalpha() or code not in thai:  # regions ("001") are no country
            continue
        spelled = tuple(_names(thai[code]))
        for word in _names(name):
            if " " not in word and "-" not in word:  # a question's words are single
                out.setdefault(word.lower(), spelled)
    return out


def thai_names(word: str) -> tuple[str, ...]:
    """The Thai names of the country an English word names ("japan": ญี่ปุ่น); ()."""
    return _thai_by_english().get(word.lower(), ())
