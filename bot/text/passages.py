"""Split articles into passages sized for one chat reply, on paragraph and space boundaries
(inside a run of text with no space longer than a passage, between syllables)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

import numpy as np

from bot.text.articles import Article, Passage

PASSAGE_CHARS = 700
OVERLAP_CHARS = 200


def _chunks(paragraph: str, limit: int, overlap: int) -> list[str]:
    """Cut a long paragraph at spaces into windows of at most `limit` characters that
    overlap, so an answer sitting on a cut still appears whole in one window."""
    words = paragraph.split(" ")
    chunks: list[str] = []
    start = 0
    while start < len(words):
        end, size = start, 0
        while end < len(words) and (size + len(words[end]) + 1 <= limit or end == start):
            size += len(words[end]) + 1
            end += 1
        chunks.extend(_windows(" ".join(words[start:end]), limit, overlap))
        if end >= len(words):
            break
        # step back over about `overlap` characters for the next window
        back, back_size = end, 0
        while back > start + 1 and back_size + len(words[back - 1]) + 1 <= overlap:
            back -= 1
            back_size += len(words[back]) + 1
        start = back
    return chunks


MARKS_BACK = 8  # how far back a cut may move to fall between syllables
# A cut must not split a Thai syllable's letters: before a vowel or tone mark written
# above, below or after its consonant, or after a vowel written before it.
_NOT_FIRST = frozenset(
    "\u0e30\u0e31\u0e32\u0e33\u0e45"
    + "".join(map(chr, range(0x0E34, 0x0E3B)))
    + "".join(map(chr, range(0x0E47, 0x0E4F)))
)
_NOT_LAST = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")


def _windows(chunk: str, limit: int, overlap: int) -> list[str]:
    """A chunk longer than `limit` is one "word" with no space in it (a scraped page
    that lost its spaces, a pasted table): cut between syllables into overlapping
    windows, as a passage that long would make every answer from it that long and
    each question that reaches it search all of it."""
    if len(chunk) <= limit:
        return [chunk]
    out, start = [], 0
    while True:
        end = _between_syllables(chunk, start + limit)
        out.append(chunk[start:end])
        if end >= len(chunk):
            return out
        start = _between_syllables(chunk, end - overlap)


def _between_syllables(text: str, at: int) -> int:
    """`at`, or a little before it, where a cut splits no syllable's letters."""
    if at >= len(text):
        return len(text)
    for cut in range(at, max(at - MARKS_BACK, 0), -1):
        if text[cut] not in _NOT_FIRST and text[cut - 1] not in _NOT_LAST:
            return cut
    return at


def split_article(
    article: Article, limit: int = PASSAGE_CHARS, overlap: int = OVERLAP_CHARS
) -> list[Passage]:
    """Pack whole paragraphs up to `limit` characters; cut only paragraphs longer than that."""
    pieces: list[str] = []
    for paragraph in article.paragraphs:
        pieces.extend(_chunks(paragraph, limit, overlap) if len(paragraph) > limit else [paragraph])
    passages: list[str] = []
    current: list[str] = []
    size = 0
    for piece in pieces:
        if current and size + len(piece) + 1 > limit:
            passages.append("\n".join(current))
            current, size = [], 0
        current.append(piece)
        size += len(piece) + 1
    if current:
        passages.append("\n".join(current))
    return [Passage(article=article, text=text, position=i) for i, text in enumerate(passages)]


class PassageTable(Sequence[Passage]):
    """Passage id -> passage, without keeping every passage's text: a passage is cut again
    from its article when asked for (only the few shown per question are), so the text is
    held once, in the articles."""

    CACHE_ARTICLES = 512

    def __init__(
        self, articles: Sequence[Article], passage_counts: Sequence[int] | np.ndarray
    ) -> None:
        self.articles = tuple(articles)
        self._starts = np.zeros(len(self.articles) + 1, dtype=np.int64)
        np.cumsum(np.asarray(passage_counts, dtype=np.int64), out=self._starts[1:])
        self._cut: dict[int, list[Passage]] = {}

    def __reduce__(self) -> tuple[object, ...]:
        return (PassageTable, (self.articles, np.diff(self._starts)))

    def __len__(self) -> int:
        return int(self._starts[-1])

    @overload
    def __getitem__(self, i: int) -> Passage: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Passage]: ...
    def __getitem__(self, i: int | slice) -> Passage | Sequence[Passage]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        row = int(np.searchsorted(self._starts, i, side="right")) - 1
        return self.of_article(row)[i - int(self._starts[row])]

    def of_article(self, row: int) -> list[Passage]:
        cut = self._cut.get(row)
        if cut is None:
            if len(self._cut) >= self.CACHE_ARTICLES:
                self._cut.clear()
            cut = self._cut[row] = split_article(self.articles[row])
        return cut

    def __iter__(self) -> Iterator[Passage]:
        for article in self.articles:
            yield from split_article(article)
