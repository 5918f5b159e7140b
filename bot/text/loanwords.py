"""English loanwords in their two scripts, from pythainlp's bundled Thai-English
transliteration dictionary: a Thai text writes แพลตฟอร์ม, ออนไลน์, ติ๊กต็อก where
an asker types "platform", "online", "TikTok" (Thai people mix English words into what
they type, and an English question says them in English), and the other way round
(กูเกิล for a text's Google). The two spellings share no letter.

Only one-word entries: a phrase's words are searched one by one, and "app store" would
stand for both words."""

from __future__ import annotations

from collections import defaultdict
from functools import cache


@cache
def _both_ways() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(English word -> its Thai spellings, Thai word -> its English words), both in
    the dictionary's order, which lists the standard spelling first. Read on the first
    question that needs it: importing the dictionary's module reads the file."""
    from pythainlp.corpus.th_en_translit import TRANSLITERATE_EN, get_transliteration_dict

    thai: defaultdict[str, list[str]] = defaultdict(list)
    latin: dict[str, tuple[str, ...]] = {}
    for th, spellings in get_transliteration_dict().items():
        words = tuple(
            dict.fromkeys(
                str(w).lower()
                for w in spellings[TRANSLITERATE_EN]
                if isinstance(w, str) and w.isascii() and w.isalpha()
            )
        )
        if words and " " not in th:
            latin[th] = words
            for word in words:
                thai[word].append(th)
    return {w: tuple(s) for w, s in thai.items()}, latin


def thai_spellings(word: str) -> tuple[str, ...]:
    """How Thai writes an English word ("platform": แพลตฟอร์ม, แพล็ตฟอร์ม), or its
    singular (Thai has no plural: "Olympics" is โอลิมปิก); ()."""
    table = _both_ways()[0]
    word = word.lower()
    found = table.get(word, ())
    if not found and len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        found = table.get(word[:-1], ())
    return found


def english_words(word: str) -> tuple[str, ...]:
    """The English word a Thai loanword spells ("กูเกิล": google), in lower case; ()."""
    return _both_ways()[1].get(word, ())
