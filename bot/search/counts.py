"""Hashed term counts: what the index needs from one article, which depends on that
article alone (hashed features, no vocabulary), so it is computed once and cached."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import NamedTuple

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

WORD_FEATURES = 1 << 22
CHAR_FEATURES = 1 << 20


CHAR_HASHER = HashingVectorizer(
    analyzer="char_wb",
    ngram_range=(3, 3),
    n_features=CHAR_FEATURES,
    alternate_sign=False,
    norm=None,
    lowercase=False,
    dtype=np.float32,
)


CHAR_GRAMS = CHAR_HASHER.build_analyzer()


def hashed_column(gram: str, n_features: int) -> int:
    """The column HashingVectorizer gives a gram (signed murmurhash3, folded to n)."""
    h = murmurhash3_32(gram, positive=False)
    if h == -(1 << 31):
        return ((1 << 31) - 1 - (n_features - 1)) % n_features
    return abs(h) % n_features


def char_columns(text: str) -> np.ndarray:
    """Hashed char-trigram columns of a question (within words, repeats kept)."""
    grams = CHAR_GRAMS(text)
    return np.array([hashed_column(g, CHAR_FEATURES) for g in grams], dtype=np.int64)


_token_char_columns: dict[str, tuple[int, ...]] = {}  # memo: questions reuse words
CHAR_MEMO_LIMIT = 200_000
TERM_MEMO_LIMIT = 100_000  # words whose IDF an index remembers


def token_char_columns(tokens: Sequence[str]) -> np.ndarray:
    """`char_columns(" ".join(tokens))`, a word at a time: char_wb takes its trigrams
    within each word, so a word's columns are the same in any question."""
    memo = _token_char_columns
    if len(memo) >= CHAR_MEMO_LIMIT:
        memo.clear()
    columns: list[int] = []
    for token in tokens:
        found = memo.get(token)
        if found is None:
            found = memo[token] = tuple(char_columns(token).tolist())
        columns.extend(found)
    return np.array(columns, dtype=np.int64)


class Counts(NamedTuple):
    """Hashed term counts of some rows, as plain arrays (cheap to pickle and concatenate)."""

    lengths: np.ndarray  # nonzeros per row
    columns: np.ndarray
    values: np.ndarray

    @classmethod
    def of(cls, matrix: sparse.csr_matrix) -> Counts:
        matrix = matrix.tocsr()
        return cls(
            np.diff(matrix.indptr).astype(np.int32),
            matrix.indices.astype(np.int32),
            matrix.data.astype(np.float32),
        )

    @classmethod
    def empty(cls) -> Counts:
        return cls(
            np.empty(0, dtype=np.int32), np.empty(0, dtype=np.int32), np.empty(0, np.float32)
        )

    @staticmethod
    def stack(parts: Sequence[Counts], n_features: int) -> sparse.csr_matrix:
        lengths = np.concatenate([p.lengths for p in parts])
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        return sparse.csr_matrix(
            (
                np.concatenate([p.values for p in parts]),
                np.concatenate([p.columns for p in parts]),
                indptr,
            ),
            shape=(len(lengths), n_features),
        )


class ArticleCounts(NamedTuple):
    """Everything the index needs from one article; depends on that article alone."""

    passages: Counts  # word uni+bigrams of title + each passage
    title: Counts  # one row: the title
    token_ids: np.ndarray  # 32-bit ids of the article's distinct tokens
    tokens: str  # those tokens, NUL-separated (one string pickles compactly)
    passage_tokens: Counts  # one row per passage; columns index `token_ids`

    def __store__(self) -> tuple[np.ndarray, str]:
        """For an index file (`index_store`): its ten small arrays and its tokens (UTF-8)
        as one array, which makes the counts of many thousand articles quick to write
        and read, and keeps the tokens out of the file's JSON."""
        tokens = np.frombuffer(self.tokens.encode("utf-8"), dtype=np.uint8)
        arrays = (*self.passages, *self.title, self.token_ids, *self.passage_tokens, tokens)
        layout = ";".join(f"{a.dtype.str},{a.size}" for a in arrays)
        packed = np.zeros(sum(_padded(a.nbytes) for a in arrays), dtype=np.uint8)
        offset = 0
        for a in arrays:
            packed[offset : offset + a.nbytes] = a.view(np.uint8)
            offset += _padded(a.nbytes)
        return packed, layout

    @staticmethod
    def __restore__(packed: np.ndarray, layout: str) -> ArticleCounts:
        arrays = []
        offset = 0
        for part in layout.split(";"):
            dtype, size = part.split(",")
            end = offset + int(size) * np.dtype(dtype).itemsize
            if np.dtype(dtype).kind not in "iuf" or end > packed.size:
                raise ValueError("article counts that do not fit their array")
            arrays.append(packed[offset:end].view(dtype))
            offset += _padded(end - offset)
        if len(arrays) != 11:
            raise ValueError("article counts of another shape")
        tokens = arrays[10].tobytes().decode("utf-8")
        return ArticleCounts(
            Counts(*arrays[0:3]), Counts(*arrays[3:6]), arrays[6], tokens, Counts(*arrays[7:10])
        )


def _padded(nbytes: int) -> int:
    """Each array of a packed buffer starts 8-aligned (the buffer itself is aligned)."""
    return -(-nbytes // 8) * 8


_token_ids: dict[str, int] = {}  # memo: a corpus reuses a small vocabulary
TOKEN_MEMO_LIMIT = 1_000_000


def token_hash(token: str) -> int:
    """A token's 32-bit id (murmurhash3, as HashingVectorizer uses it)."""
    found = _token_ids.get(token)
    if found is None:
        if len(_token_ids) >= TOKEN_MEMO_LIMIT:
            _token_ids.clear()
        found = _token_ids[token] = int(murmurhash3_32(token, positive=True))
    return found


def unigram_columns(ids: np.ndarray) -> np.ndarray:
    """HashingVectorizer's column for each token id (signed hash, absolute value, mod n)."""
    signed = ids.astype(np.int64)
    signed[signed >= 1 << 31] -= 1 << 32
    columns = np.abs(signed) % WORD_FEATURES
    columns[signed == -(1 << 31)] = ((1 << 31) - 1 - (WORD_FEATURES - 1)) % WORD_FEATURES
    return columns


def bigram_columns(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Column of each adjacent token pair, mixed from the two ids (splitmix64), so pairs
    are hashed in bulk without building their strings."""
    x = (left.astype(np.uint64) << np.uint64(32)) | right.astype(np.uint64)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return (x % np.uint64(WORD_FEATURES)).astype(np.int64)


def gram_columns(ids: np.ndarray, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Word unigram and bigram columns of token-id sequences laid end to end (`rows` says
    which sequence each token belongs to; pairs never cross sequences), with their rows."""
    rows = np.zeros(ids.size, dtype=np.int64) if rows is None else rows
    same = rows[:-1] == rows[1:]
    pairs = bigram_columns(ids[:-1][same], ids[1:][same])
    return (
        np.concatenate([unigram_columns(ids), pairs]),
        np.concatenate([rows, rows[:-1][same]]),
    )


def _row_counts(rows: np.ndarray, columns: np.ndarray, n_rows: int, width: int) -> Counts:
    """Compact types: counts fit 16 bits (a higher count is capped: its log weight
    hardly moves)."""
    keys, counts = np.unique(rows * width + columns, return_counts=True)
    return Counts(
        np.bincount(keys // width, minlength=n_rows).astype(np.int32),
        (keys % width).astype(np.int64),
        np.minimum(counts, np.iinfo(np.uint16).max).astype(np.uint16),
    )


def count_article(title: Sequence[str], passages: Sequence[Sequence[str]]) -> ArticleCounts:
    """The counts of one article (title tokens, then each passage's tokens)."""
    return count_tokenized([(title, passages)])[0]


def count_tokenized(
    articles: Sequence[tuple[Sequence[str], Sequence[Sequence[str]]]],
) -> list[ArticleCounts]:
    """Counts of many articles (title tokens, passages' tokens) in one vectorized pass."""
    return CountsBatch.of(articles).split()


class CountsBatch(NamedTuple):
    """The counts of a batch of articles in a few flat arrays: one small pickle from a
    worker process instead of a dozen arrays per article, and each article's counts are
    views into them. Rows: each article's title, then its passages; entries in row
    order."""

    passage_count: np.ndarray  # per article
    gram_lengths: np.ndarray  # per row
    gram_columns: np.ndarray  # int32
    gram_values: np.ndarray  # uint16
    token_count: np.ndarray  # distinct tokens per article
    token_ids: np.ndarray  # each article's distinct tokens, in order of first use
    tokens: list[str]  # per article, NUL-separated
    token_lengths: np.ndarray  # per row (0 for a title row)
    token_columns: np.ndarray  # position in the article's own tokens
    token_values: np.ndarray

    @classmethod
    def of(cls, articles: Sequence[tuple[Sequence[str], Sequence[Sequence[str]]]]) -> CountsBatch:
        """An article is small, so numpy's per-call cost would dominate one at a time;
        each article's counts are still its own. All in token ids: each distinct token
        is hashed once, pairs and counts in bulk."""
        vocabulary: dict[str, int] = {}
        lookup = vocabulary.setdefault
        sequences: list[list[int]] = []  # the title, then title + passage, for each article
        passage_rows: list[int] = []  # rows (sequences) that are passages
        passage_count: list[int] = []
        for title, passages in articles:
            head = [lookup(t, len(vocabulary)) for t in title]
            sequences.append(head)
            for body in passages:
                passage_rows.append(len(sequences))
                sequences.append(head + [lookup(t, len(vocabulary)) for t in body])
            passage_count.append(len(passages))
        words = list(vocabulary)
        ids = np.array([token_hash(t) for t in words], dtype=np.uint32)
        lengths = np.array([len(q) for q in sequences], dtype=np.int64)
        flat = np.fromiter(
            (t for q in sequences for t in q), dtype=np.int64, count=int(lengths.sum())
        )
        rows = np.repeat(np.arange(len(sequences), dtype=np.int64), lengths)
        columns, gram_rows = gram_columns(ids[flat], rows)
        grams = _row_counts(gram_rows, columns, len(sequences), WORD_FEATURES)
        # each article's distinct tokens, and its passages' tokens as positions among them
        n_rows, n_words = len(sequences), max(len(words), 1)
        article_of_row = np.repeat(
            np.arange(len(articles), dtype=np.int64), np.array(passage_count, dtype=np.int64) + 1
        )
        own, first_seen = np.unique(article_of_row[rows] * n_words + flat, return_index=True)
        own_start = np.searchsorted(own, np.arange(len(articles) + 1, dtype=np.int64) * n_words)
        # in order of first occurrence within each article, as if it were counted alone
        order = np.argsort(first_seen, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        in_passage = np.zeros(n_rows, dtype=bool)
        in_passage[passage_rows] = True
        tokens = _row_counts(rows[in_passage[rows]], flat[in_passage[rows]], n_rows, n_words)
        token_rows = np.repeat(np.arange(n_rows, dtype=np.int64), tokens.lengths)
        found = np.searchsorted(own, article_of_row[token_rows] * n_words + tokens.columns)
        local = rank[found] - own_start[article_of_row[token_rows]]
        by_local = np.lexsort((local, token_rows))  # within a row, by the article's own order
        local, token_values = local[by_local], tokens.values[by_local]
        distinct = own[order] % n_words
        widest = int(np.diff(own_start).max()) if len(articles) else 0
        return cls(
            passage_count=np.array(passage_count, dtype=np.int64),
            gram_lengths=grams.lengths,
            gram_columns=grams.columns.astype(np.int32),
            gram_values=grams.values,
            token_count=np.diff(own_start),
            token_ids=ids[distinct],
            tokens=[
                "\x00".join([words[i] for i in distinct[a:b].tolist()])
                for a, b in pairwise(own_start.tolist())
            ],
            token_lengths=tokens.lengths,
            token_columns=local.astype(np.uint16 if widest <= 1 << 16 else np.int32),
            token_values=token_values,
        )

    def split(self) -> list[ArticleCounts]:
        """Each article's counts, as views."""
        gram_end = np.concatenate([[0], np.cumsum(self.gram_lengths)]).tolist()
        token_end = np.concatenate([[0], np.cumsum(self.token_lengths)]).tolist()
        id_end = np.concatenate([[0], np.cumsum(self.token_count)]).tolist()
        out = []
        row = 0
        for number, count in enumerate(self.passage_count.tolist()):
            first, last = row + 1, row + 1 + count  # the passage rows after the title row
            g0, g1, g2 = gram_end[row], gram_end[first], gram_end[last]
            t1, t2 = token_end[first], token_end[last]
            columns = self.token_columns[t1:t2]
            wide = id_end[number + 1] - id_end[number] > 1 << 16
            if columns.dtype != (np.int32 if wide else np.uint16):  # as if counted alone
                columns = columns.astype(np.int32 if wide else np.uint16)
            out.append(
                ArticleCounts(
                    passages=Counts(
                        self.gram_lengths[first:last],
                        self.gram_columns[g1:g2],
                        self.gram_values[g1:g2],
                    ),
                    title=Counts(
                        self.gram_lengths[row:first],
                        self.gram_columns[g0:g1],
                        self.gram_values[g0:g1],
                    ),
                    token_ids=self.token_ids[id_end[number] : id_end[number + 1]],
                    tokens=self.tokens[number],
                    passage_tokens=Counts(
                        self.token_lengths[first:last], columns, self.token_values[t1:t2]
                    ),
                )
            )
            row = last
        return out
