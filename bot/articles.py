"""The article and passage records every other module passes around (immutable)."""

from __future__ import annotations

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

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled with its title and text as UTF-8 bytes. Pickling a str caches its
        UTF-8 form inside the str for good, so sending the articles to the tokenizing
        processes, or writing them to the index cache, would otherwise leave a second
        copy of every article's text in this process (about 250 MB at 200,000
        passages). (Encoding cannot fail: `with_fingerprint` has encoded them already.)"""
        paragraphs = tuple(p.encode() for p in self.paragraphs)
        state = {**self.__dict__, "title": self.title.encode(), "paragraphs": paragraphs}
        return (_article_from_utf8, (state,))


def _article_from_utf8(state: dict[str, Any]) -> Article:
    article = object.__new__(Article)  # as pickle makes a dataclass: no __init__
    state["title"] = state["title"].decode()
    state["paragraphs"] = tuple(p.decode() for p in state["paragraphs"])
    article.__dict__.update(state)
    return article


@dataclass(frozen=True)
class Passage:
    """A chat-sized piece of one article; remembers its article for the source link."""

    article: Article
    text: str
    position: int  # index of the passage within its article
