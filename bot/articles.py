"""The article and passage records every other module passes around (immutable)."""

from __future__ import annotations

import copyreg
import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Article:
    """One news article as the reader sees it (display text, not normalized)."""

    id: str
    title: str
    url: str
    paragraphs: tuple[str, ...]
    published: str | None = None  # ISO date, YYYY-MM-DD
    category: str | None = None
    source: str = ""  # file (and line) it came from, for messages
    fingerprint: str = field(default="", compare=False)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def with_fingerprint(self) -> Article:
        """Content hash, so a reload can tell changed articles from unchanged ones."""
        digest = hashlib.sha256()
        for part in (self.title, self.url, self.published or "", self.category or "", self.text):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
        return Article(
            id=self.id,
            title=self.title,
            url=self.url,
            paragraphs=self.paragraphs,
            published=self.published,
            category=self.category,
            source=self.source,
            fingerprint=digest.hexdigest()[:16],
        )

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as a dataclass is, but with fresh copies of its title and text.
        Pickling a str caches its UTF-8 form inside the str for good, so sending the
        articles to the tokenizing processes, or writing them to the index cache, would
        otherwise leave a second copy of every article's text in this process (about
        250 MB at 200,000 passages); the copies take that cache and are dropped."""
        state = {
            **self.__dict__,
            "title": fresh_copy(self.title),
            "paragraphs": tuple(fresh_copy(p) for p in self.paragraphs),
        }
        return (copyreg.__newobj__, (Article,), state)  # type: ignore[attr-defined]


def fresh_copy(text: str) -> str:
    """A new str equal to `text`, for pickling (see `Article.__reduce__`); an ASCII str
    is its own UTF-8 and needs no copy. (Two memory copies: much cheaper than a
    round trip through UTF-8.)"""
    return text if text.isascii() else (text + " ")[:-1]


@dataclass(frozen=True)
class Passage:
    """A chat-sized piece of one article; remembers its article for the source link."""

    article: Article
    text: str
    position: int  # index of the passage within its article
