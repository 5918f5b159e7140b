"""The article and passage records every other module passes around (immutable)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload
from urllib.parse import unquote, urlsplit

import numpy as np


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as the reader sees it (display text, not normalized). Slotted:
    a bot holds one per article (82,721 at 200,000 passages), and a dict each cost
    about 9 MB more."""

    id: str
    title: str
    url: str
    paragraphs: Sequence[str]  # a tuple, or `StoredParagraphs` when read from an index file
    published: str | None = None  # ISO date, YYYY-MM-DD
    category: str | None = None
    source: str = ""  # file (and line) it came from, for messages
    fingerprint: str = field(default="", compare=False)

    @property
    def text(self) -> str:
        if isinstance(self.paragraphs, StoredParagraphs):
            return self.paragraphs.joined("\n\n")
        return "\n\n".join(self.paragraphs)

    def text_utf8(self) -> bytes:
        """The text as UTF-8, its paragraphs apart (by NUL or by blank lines): read from a
        stored article's buffer without decoding it."""
        if isinstance(self.paragraphs, StoredParagraphs):
            return bytes(self.paragraphs.utf8())
        return self.text.encode("utf-8")

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

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        """Pickled (to the tokenizing processes) with fresh copies of its title and text:
        pickling a str caches its UTF-8 form inside the str for good, which would
        otherwise leave a second copy of every article's text in this process."""
        paragraphs = tuple(fresh_copy(p) for p in self.paragraphs)
        return (Article, (self.id, fresh_copy(self.title), self.url, paragraphs, *self._rest()))

    def _rest(self) -> tuple[str | None, str | None, str, str]:
        return (self.published, self.category, self.source, self.fingerprint)


SEPARATOR = "\x00"  # between paragraphs; the loader turns control characters into spaces


class StoredParagraphs(Sequence[str]):
    """An article's paragraphs as UTF-8 bytes, separated by NUL, in a read-only buffer
    (a view of a memory-mapped index file, see `ArticleShelf`, which several
    articles may share: bytes `start` to `end` are this one's), decoded when read. Equal
    to, and hashed as, the tuple of its paragraphs."""

    __slots__ = ("_buffer", "_end", "_start")

    def __init__(
        self, buffer: bytes | bytearray | memoryview, start: int = 0, end: int = -1
    ) -> None:
        self._buffer = buffer
        self._start = start
        self._end = end if end >= 0 else memoryview(buffer).nbytes

    @classmethod
    def of(cls, paragraphs: Sequence[str]) -> StoredParagraphs | None:
        """Paragraphs that NUL-separated bytes can hold (at least one, none empty, none
        with a NUL), else None."""
        if isinstance(paragraphs, StoredParagraphs):
            return paragraphs
        if not paragraphs or any(not p or SEPARATOR in p for p in paragraphs):
            return None
        return cls(SEPARATOR.join(paragraphs).encode("utf-8"))

    def utf8(self) -> memoryview:
        return memoryview(self._buffer)[self._start : self._end]

    def joined(self, separator: str) -> str:
        return str(self.utf8(), "utf-8").replace(SEPARATOR, separator)

    def _paragraphs(self) -> list[str]:
        return str(self.utf8(), "utf-8").split(SEPARATOR)

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return (tuple, (self._paragraphs(),))

    def __store__(self) -> tuple[np.ndarray]:
        """For an index file (`index_store`): the UTF-8 bytes, as an array."""
        return (np.frombuffer(self.utf8(), dtype=np.uint8),)

    @classmethod
    def __restore__(cls, utf8: np.ndarray) -> StoredParagraphs:
        return cls(utf8.data)

    def __len__(self) -> int:
        return len(self._paragraphs())

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        return tuple(self._paragraphs())[i]

    def __iter__(self) -> Iterator[str]:
        return iter(self._paragraphs())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StoredParagraphs | tuple):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


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


SHELF_ARTICLES = 2048  # articles per shelf: one buffer of their text (a few MB)


class ArticleShelf:
    """A run of articles stored together in an index file (`index_store`): their
    paragraphs as one UTF-8 array, their other fields as rows. Read back, it is
    a tuple of articles whose `StoredParagraphs` share that one memory-mapped buffer:
    one buffer view per article cost about 14 MB more at 200,000 passages. Written a
    shelf at a time, so writing holds one shelf's text, not all of it."""

    __slots__ = ("articles",)

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = tuple(articles)

    @staticmethod
    def many(articles: Sequence[Article]) -> list[ArticleShelf]:
        return [
            ArticleShelf(articles[i : i + SHELF_ARTICLES])
            for i in range(0, len(articles), SHELF_ARTICLES)
        ]

    def __store__(self) -> tuple[list[list[Any]], np.ndarray]:
        """For an index file (`index_store`): the rows, and the text as one array."""
        rows, text = self._rows()
        return rows, np.frombuffer(text, dtype=np.uint8)

    @staticmethod
    def __restore__(rows: list[list[Any]], text: np.ndarray) -> tuple[Article, ...]:
        return _unshelve(rows, text.data)

    def _rows(self) -> tuple[list[list[Any]], bytearray]:
        text = bytearray()
        rows = []
        for a in self.articles:
            stored = StoredParagraphs.of(a.paragraphs)
            if stored is None:  # cannot be NUL-separated: as it is (rare)
                plain: tuple[str, ...] | None = tuple(fresh_copy(p) for p in a.paragraphs)
                start = end = 0
            else:
                plain, start = None, len(text)
                text += stored.utf8()
                end = len(text)
            rows.append([a.id, fresh_copy(a.title), a.url, list(a._rest()), plain, start, end])
        return rows, text


def _unshelve(rows: list[list[Any]], buffer: bytes | bytearray | memoryview) -> tuple[Article, ...]:
    return tuple(
        Article(
            id_,
            title,
            url,
            plain if plain is not None else StoredParagraphs(buffer, start, end),
            *rest,
        )
        for id_, title, url, rest, plain, start, end in rows
    )


# Query parameters that say where a link was shared, not which page it is.
_TRACKING = re.compile(r"^(?:utm_\w*|fbclid|gclid|igshid|mc_cid|mc_eid)(?:=|$)", re.IGNORECASE)


def link_key(url: str) -> str:
    """A URL as people write the same page: without the scheme, `www.`, a trailing slash,
    the fragment and tracking parameters, the host in lower case and the path decoded
    (a Thai path is pasted either way)."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = unquote(parts.path).rstrip("/")
    query = "&".join(p for p in parts.query.split("&") if p and not _TRACKING.match(p))
    return f"{host}{path}?{query}" if query else f"{host}{path}"
