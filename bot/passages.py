"""Split articles into passages sized for one chat reply, on paragraph and space boundaries."""

from __future__ import annotations

from bot.articles import Article, Passage

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
        chunks.append(" ".join(words[start:end]))
        if end >= len(words):
            break
        # step back over about `overlap` characters for the next window
        back, back_size = end, 0
        while back > start + 1 and back_size + len(words[back - 1]) + 1 <= overlap:
            back -= 1
            back_size += len(words[back]) + 1
        start = back
    return chunks


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
