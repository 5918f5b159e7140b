"""Whether a Latin word is ordinary English, for a question typed in one case.

An English question is matched with Thai articles by the names it shares with them
(`bot.engine.words.names_in_english`), told by their capitals. Typed in one case
("who heads the nusantara capital authority?") it shows none, and a Thai knowledge
cannot tell them either: it writes Latin words inside English names ("Capital
Authority"), so an ordinary word is as likely there as a name. A word English uses
commonly is wording; one it does not ("nusantara", "ascco", "vfa") is a name, and a
name the knowledge never uses is a sign that its subject is absent, as it is in a
question typed with capitals.

The word counts are pyspellchecker's English list (word frequencies of about 1.6
billion words of subtitles), bundled with it and read once, on the first question
typed in one case (about 0.4 s); the common words are kept (about 3 MB)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from spellchecker import SpellChecker

# Below this count a word is mostly a name ("jakarta" 50, "marcos" 50, "hong" 441) or as
# rare as one ("chaired" 332), and reading a word as a name only makes an answer harder
# to give: a name the knowledge lacks counts against it. Reading a name as a word loses
# what the question is about. Common names count as words ("philippines" 1545): then the
# question's other names, if any, say what it is about.
ORDINARY_COUNT = 1000


@lru_cache(maxsize=1)
def _ordinary() -> frozenset[str]:
    counts: Mapping[str, int] = SpellChecker(language="en", distance=1).word_frequency.dictionary
    return frozenset(w for w, n in counts.items() if n >= ORDINARY_COUNT)


def is_ordinary_english(word: str) -> bool:
    """`word` (lower case) is a word English uses commonly, not a name."""
    return word in _ordinary()
