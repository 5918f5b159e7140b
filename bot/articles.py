"""The article and passage records every other module passes around (immutable)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class Passage:
    """A chat-sized piece of one article; remembers its article for the source link."""

    article: Article
    text: str
    position: int  # index of the passage within its article
