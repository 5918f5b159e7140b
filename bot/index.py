"""TF-IDF passage index: built from per-article counts, queried many times. No I/O.

A passage's score adds four cosine similarities, each a TF-IDF model of its own:
- words: word unigrams and bigrams of title + passage (sublinear tf);
- article: word unigrams and bigrams of the whole article, so the passage of an article
  that is about the question as a whole beats a stray passage elsewhere;
- title: word unigrams and bigrams of the article title alone, so a question naming the
  article's subject prefers that article;
- characters: character trigrams within words, which still match when the segmenter
  cuts an unknown name differently in question and passage. Common n-grams have long
  posting lists, so this one only re-ranks the best candidates of the other three.

Features are hashed (scikit-learn's HashingVectorizer, no vocabulary to hold), so the
counts of an article depend on that article alone: they are computed once, cached, and
a rebuild only stacks them and recomputes IDF and norms, all vectorized. The word models
are stored term-major (terms x documents): a question walks only its own terms' rows.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, NamedTuple

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

from bot.memory import release_free_memory

WORD_FEATURES = 1 << 22
CHAR_FEATURES = 1 << 20
RERANK_CANDIDATES = 100
COMMON_SHARE = 0.05
FIT_THREADS = 2


@dataclass(frozen=True)
class IndexConfig:
    title_weight: float = 0.2
    article_weight: float = 1.0
    char_weight: float = 0.5
    candidates: int = RERANK_CANDIDATES
    # terms in more than this share of documents only re-score the candidates
    common_share: float = COMMON_SHARE


class EmptyIndexError(ValueError):
    """No passage has a single word to index."""


class Hit(NamedTuple):
    doc: int
    score: float


def _identity(doc: list[str]) -> list[str]:
    return doc


_CHARS = HashingVectorizer(
    analyzer="char_wb",
    ngram_range=(3, 3),
    n_features=CHAR_FEATURES,
    alternate_sign=False,
    norm=None,
    lowercase=False,
    dtype=np.float32,
)


_CHAR_GRAMS = _CHARS.build_analyzer()


def hashed_column(gram: str, n_features: int) -> int:
    """The column HashingVectorizer gives a gram (signed murmurhash3, folded to n)."""
    h = murmurhash3_32(gram, positive=False)
    if h == -(1 << 31):
        return ((1 << 31) - 1 - (n_features - 1)) % n_features
    return abs(h) % n_features


def char_columns(text: str) -> np.ndarray:
    """Hashed char-trigram columns of a question (within words, repeats kept)."""
    grams = _CHAR_GRAMS(text)
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


class _HashedTerms:
    """IDF lookup over the hashed features that occur (shared by the models below)."""

    features: np.ndarray  # sorted hashed feature ids that occur; columns are their positions
    idf: np.ndarray  # per column
    n_features: int
    size: int  # documents

    def columns(self, hashed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Column of each hashed feature, and which of them occur at all."""
        where = np.minimum(np.searchsorted(self.features, hashed), max(self.features.size - 1, 0))
        found = self.features[where] == hashed if self.features.size else hashed < 0
        return where, found


def _row_norms(data: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """l2 norm of each CSR row (1 for an empty row), without copying the matrix."""
    lengths = np.diff(indptr)
    norms = np.ones(lengths.size, dtype=np.float32)
    filled = lengths > 0
    if data.size:
        sums = np.add.reduceat(data * data, indptr[:-1][filled])
        norms[filled] = np.sqrt(sums)
    norms[norms == 0] = 1.0
    return norms


def _blocks(indptr: np.ndarray, entries: int = 1 << 20) -> list[tuple[int, int]]:
    """Consecutive runs of rows holding about `entries` stored values each (whole rows),
    so per-value temporaries stay small."""
    rows = indptr.size - 1
    if rows <= 0:
        return []
    cuts = np.searchsorted(indptr, np.arange(entries, int(indptr[-1]), entries), side="right") - 1
    bounds = np.unique(np.concatenate([[0], np.clip(cuts, 0, rows), [rows]]))
    return list(pairwise(bounds.tolist()))


def _smooth_idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    return (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)


def frozen_idf(
    features: np.ndarray, df: np.ndarray, n_docs: int, frozen: _HashedTerms | None
) -> np.ndarray:
    """IDF for a segment. Alone: its own. Layered over a base: the base's IDF for terms
    the base knows (so both segments' scores stay comparable and the base is never
    refitted), and for new terms their document frequency here over all documents."""
    if frozen is None:
        return _smooth_idf(df, n_docs)
    idf = _smooth_idf(df, n_docs + frozen.size)
    cols, found = frozen.columns(features)
    idf[found] = frozen.idf[cols[found]]
    return idf


def union_query(
    models: Sequence[_HashedTerms | None], grams: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """One question vector across segments: each gram weighted once (sublinear tf x the
    IDF of whichever segment knows it), l2-normalized over all known grams, then given
    as (columns, weights) in each segment's own columns (`kernels.question_weights`,
    which a search calls directly)."""
    from bot import kernels  # see `LayeredIndex.search`

    hashed, tf = np.unique(grams, return_counts=True)
    cols, weights = kernels.question_weights(tuple(_table(m) for m in models), hashed, tf)
    return [(row[row >= 0], weights[row >= 0]) for row in cols]


def _table(model: _HashedTerms | None) -> tuple[np.ndarray, np.ndarray]:
    """A model's (features, idf) as `kernels.question_weights` takes them."""
    if model is None:
        return _NO_FEATURES
    return _readonly(model.features), _readonly(model.idf)


@dataclass(frozen=True)
class TermModel(_HashedTerms):
    """One TF-IDF model (sublinear tf, smooth idf, l2 rows) over hashed counts."""

    features: np.ndarray  # sorted hashed feature ids that occur; columns are their positions
    idf: np.ndarray  # per column
    matrix: sparse.csr_matrix  # term-major: columns x docs
    size: int  # documents
    n_features: int
    max_idf: float

    @classmethod
    def fit(cls, counts: sparse.csr_matrix, frozen: TermModel | None = None) -> TermModel:
        """A model of document x hashed-feature counts. With `frozen`, its IDF is reused
        (see `frozen_idf`)."""
        return cls.fit_term_major(counts.tocsc(), frozen)

    @classmethod
    def fit_term_major(
        cls, by_term: sparse.csc_matrix, frozen: TermModel | None = None
    ) -> TermModel:
        """The same from counts already sorted term-major (documents sorted within each
        feature): the caller can drop its document-major copy first. Only features that
        occur get a row, so memory follows the corpus, not the hash space; weights are
        computed block by block (in place for float counts), so a fit needs little more
        memory than its result."""
        n_docs, n_features = by_term.shape
        lengths = np.diff(by_term.indptr)
        features = np.flatnonzero(lengths).astype(np.int64)
        df = lengths[features]
        del lengths
        idf = frozen_idf(features, df, n_docs, frozen)
        docs, tf = by_term.indices, by_term.data
        indptr = np.append(by_term.indptr[features], by_term.nnz).astype(np.int64)
        del by_term
        # float counts are the caller's to give up: weighted in place
        data = tf if tf.dtype == np.float32 else np.empty(tf.size, dtype=np.float32)
        squares = np.zeros(n_docs, dtype=np.float64)
        blocks = _blocks(indptr)
        for first, last in blocks:  # sublinear tf x idf, and each document's sum of squares
            start, end = int(indptr[first]), int(indptr[last])
            part = np.log(tf[start:end], dtype=np.float32)
            part += 1.0
            part *= np.repeat(idf[first:last], df[first:last])
            data[start:end] = part
            squares += np.bincount(docs[start:end], weights=part * part, minlength=n_docs)
        del tf
        norms = np.sqrt(squares).astype(np.float32)
        norms[norms == 0] = 1.0
        for first, last in blocks:  # l2 per document
            start, end = int(indptr[first]), int(indptr[last])
            data[start:end] /= norms[docs[start:end]]
        matrix = sparse.csr_matrix((data, docs, indptr), shape=(features.size, n_docs))
        matrix.has_sorted_indices = True  # `kernels.lookup_postings` bisects rows
        max_idf = float(idf.max()) if idf.size else 0.0
        return cls(features, idf, matrix, n_docs, n_features, max_idf)

    def scores(self, cols: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Walk the posting rows of the question's terms only (from `union_query`)."""
        from bot import kernels  # see `LayeredIndex.search`

        scores = np.zeros(self.size, dtype=np.float32)
        kernels.add_postings(scores, *_arrays(self), cols, weights)
        return scores


CHAR_BLOCK = 8_000  # passages per block of char statistics (two blocks at a time)


class CharInputs(NamedTuple):
    tokens: list[str]  # the distinct tokens
    passage_tokens: sparse.csr_matrix  # passages x distinct tokens (counts)


@dataclass(frozen=True)
class CharModel(_HashedTerms):
    """Char-trigram TF-IDF of passages, composed from tokens: a passage's trigram counts
    are its token counts times each token's trigrams (char_wb treats words separately),
    so only a passage x token and a token x trigram table are kept, not the much larger
    passage x trigram matrix. Rows for re-ranking are composed on demand."""

    features: np.ndarray
    idf: np.ndarray
    n_features: int
    passage_tokens: sparse.csr_matrix  # passages x tokens (counts)
    token_chars: sparse.csc_matrix  # tokens x trigram columns (counts), column slices cheap
    norms: np.ndarray  # per passage
    size: int  # passages

    @staticmethod
    def gather(counts: Sequence[ArticleCounts]) -> CharInputs | None:
        """What `fit` needs from the counts, in a few arrays, so the counts can go first."""
        ids = np.concatenate([c.token_ids for c in counts])
        if ids.size == 0:
            return None
        index_type = np.int32 if ids.size < 2**31 else np.int64
        unique_ids, first, inverse = _distinct(ids, index_type)
        del ids
        tokens = _tokens_at(counts, first)
        del first
        # each entry's token: its article's offset plus its position among the article's
        # tokens, mapped to the distinct token (in place: tens of millions of entries)
        offsets = np.cumsum([0] + [c.token_ids.size for c in counts[:-1]]).astype(index_type)
        positions = np.repeat(offsets, [c.passage_tokens.columns.size for c in counts])
        positions += np.concatenate([c.passage_tokens.columns for c in counts])
        columns = inverse[positions]
        del positions, inverse
        lengths = np.concatenate([c.passage_tokens.lengths for c in counts])
        indptr = np.zeros(lengths.size + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        passage_tokens = sparse.csr_matrix(
            (np.concatenate([c.passage_tokens.values for c in counts]), columns, indptr),
            shape=(lengths.size, unique_ids.size),
        )
        return CharInputs(tokens, passage_tokens)

    @classmethod
    def fit(cls, inputs: CharInputs, frozen: CharModel | None = None) -> CharModel:
        tokens, passage_tokens = inputs
        token_chars = _CHARS.transform(tokens)
        features = np.unique(token_chars.indices).astype(np.int64)
        token_chars = sparse.csr_matrix(
            (token_chars.data, np.searchsorted(features, token_chars.indices), token_chars.indptr),
            shape=(len(tokens), features.size),
        )
        passage_tokens.sum_duplicates()  # two tokens of one passage with the same hash
        n_docs = passage_tokens.shape[0]
        starts = range(0, n_docs, CHAR_BLOCK)

        def block(start: int) -> sparse.csr_matrix:
            return (passage_tokens[start : start + CHAR_BLOCK] @ token_chars).tocsr()

        def block_df(start: int) -> np.ndarray:
            return np.bincount(block(start).indices, minlength=features.size)

        def block_norms(start: int) -> np.ndarray:
            product = block(start)
            weights = (1.0 + np.log(product.data)) * idf[product.indices]
            return _row_norms(weights.astype(np.float32), product.indptr)

        # two passes of passage x trigram blocks (never the whole matrix at once); scipy
        # releases the GIL in the products, so the blocks run on both cores
        with ThreadPoolExecutor(max_workers=FIT_THREADS) as pool:
            df = np.zeros(features.size, dtype=np.int64)
            for part in pool.map(block_df, starts):
                df += part
            idf = frozen_idf(features, df, n_docs, frozen)
            norms = np.concatenate([np.empty(0, dtype=np.float32), *pool.map(block_norms, starts)])
        norms[norms == 0] = 1.0
        return cls(features, idf, CHAR_FEATURES, passage_tokens, token_chars.tocsc(), norms, n_docs)

    def scores(self, rows: np.ndarray, cols: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Cosine of the given passages with the question's trigram weights: only the
        question's trigram columns are composed (the passage norms are precomputed), in
        one compiled loop (`kernels.char_scores`): this runs for every question."""
        from bot import kernels  # see `LayeredIndex.search`

        tokens = self.passage_tokens.shape[1]
        (slot,) = _scratch("chars", (tokens,), lambda: (np.full(tokens, -1, dtype=np.int32),))
        return kernels.char_scores(
            slot,
            rows,
            cols,
            weights,
            _readonly(self.idf),
            _readonly(self.norms),
            _arrays(self.token_chars),
            _arrays(self.passage_tokens),
        )


def _distinct(
    ids: np.ndarray, index_type: type[np.signedinteger[Any]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`np.unique(ids, return_index=True, return_inverse=True)` with `index_type`
    inverse indices: the same result in about half the working memory."""
    order = np.argsort(ids, kind="stable")  # equal ids keep their order: first is first
    ordered = ids[order]
    starts = np.empty(ids.size, dtype=bool)
    starts[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    unique_ids, first = ordered[starts], order[starts]
    del ordered
    group = np.cumsum(starts, dtype=index_type)
    group -= 1
    del starts
    inverse = np.empty(ids.size, dtype=index_type)
    inverse[order] = group
    return unique_ids, first, inverse


def _tokens_at(counts: Sequence[ArticleCounts], positions: np.ndarray) -> list[str]:
    """The token strings at these positions of all articles' distinct tokens laid end to
    end (positions sorted by token id, not by article)."""
    sizes = np.array([c.token_ids.size for c in counts], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    owners = np.searchsorted(starts, positions, side="right") - 1
    tokens: list[str] = [""] * positions.size
    order = np.argsort(owners, kind="stable")
    split: list[str] = []
    current = -1
    for slot in order.tolist():
        owner = int(owners[slot])
        if owner != current:
            split, current = counts[owner].tokens.split("\x00"), owner
        tokens[slot] = split[int(positions[slot] - starts[owner])]
    return tokens


@dataclass(frozen=True)
class PassageIndex:
    """One segment: the four models over one batch of articles."""

    config: IndexConfig
    words: TermModel  # passages
    titles: TermModel  # articles
    articles: TermModel  # articles
    chars: CharModel | None  # passages, for re-ranking
    group_row: np.ndarray  # passage -> article row
    size: int

    @classmethod
    def build(
        cls,
        counts: Sequence[ArticleCounts],
        config: IndexConfig | None = None,
        frozen: PassageIndex | None = None,
        release: Callable[[], None] | None = None,
    ) -> PassageIndex:
        """With `frozen`, a segment layered over that base (its IDF reused). `release` is
        called once the counts are no longer needed, before any fit runs: a caller that
        then drops its references to them frees their memory for the fits (about 0.5 GB
        at 200,000 passages)."""
        config = config or IndexConfig()
        if not any(c.passages.values.size for c in counts):
            raise EmptyIndexError("cannot build an index over passages without words")
        group_row = np.repeat(
            np.arange(len(counts), dtype=np.int64), [len(c.passages.lengths) for c in counts]
        )
        # What the fits need is stacked first, so the per-article counts can go before
        # any fit runs. Then one model at a time, each input dropped as soon as its model
        # is fitted: a build needs one fit's working memory, not four (the slowest fit,
        # the char model, uses both cores on its own).
        chars_in = CharModel.gather(counts) if config.char_weight > 0 else None
        titles_in = Counts.stack([c.title for c in counts], WORD_FEATURES)
        passages = Counts.stack([c.passages for c in counts], WORD_FEATURES)
        n_articles = len(counts)
        del counts
        if release is not None:
            release()
        chars = None
        if chars_in is not None:
            chars = CharModel.fit(chars_in, frozen.chars if frozen else None)
        del chars_in
        release_free_memory()  # each fit's freed temporaries, before the next fit
        titles = TermModel.fit(titles_in, frozen.titles if frozen else None)
        del titles_in
        release_free_memory()
        by_term = passages.tocsc()
        del passages
        # float counts from here: the product below needs them (it would otherwise make
        # a float copy of its own), and the word model is then weighted in place
        by_term.data = by_term.data.astype(np.float32)
        # An article's counts are the sum of its passages' (no separate counting pass),
        # summed term-major from the passages' term-major copy: features x articles.
        owner = sparse.csr_matrix(
            (np.ones(group_row.size, dtype=np.float32), group_row, np.arange(group_row.size + 1)),
            shape=(group_row.size, n_articles),
        )
        by_article = by_term.T.tocsr() @ owner
        del owner
        by_article.sort_indices()
        articles = TermModel.fit_term_major(by_article.T, frozen.articles if frozen else None)
        del by_article
        release_free_memory()
        words = TermModel.fit_term_major(by_term, frozen.words if frozen else None)
        del by_term
        return cls(
            config=config,
            words=words,
            titles=titles,
            articles=articles,
            chars=chars,
            group_row=group_row,
            size=int(group_row.size),
        )

    @property
    def passage_counts(self) -> np.ndarray:
        """Passages per article of this segment, in article order."""
        return np.bincount(self.group_row, minlength=self.titles.size)

    def search(self, tokens: Sequence[str], k: int = 5) -> list[Hit]:
        return LayeredIndex(self).search(tokens, k)

    @functools.cached_property
    def kernel_arrays(self) -> KernelArrays:
        return KernelArrays.of(self)

    def __getstate__(self) -> dict[str, Any]:
        return _without_cached(self)

    def check(self) -> None:
        """Raise `CorruptIndexError` unless every array a search indexes with points
        inside the array it indexes: the compiled loops do no bounds checks, so an index
        read from a damaged file must be refused before a question runs on it, not crash
        the bot. Reads every posting index once (0.04 s at 200,000 passages)."""
        articles = self.titles.size
        _check_model("words", self.words, self.size)
        _check_model("titles", self.titles, articles)
        _check_model("articles", self.articles, articles)
        _check_within("group_row", self.group_row, self.size, articles)
        if self.chars is not None:
            chars, tokens = self.chars, self.chars.passage_tokens.shape[1]
            _check_lengths("chars", chars.idf.size, chars.features.size)
            _check_lengths("chars.norms", chars.norms.size, self.size)
            _check_lengths("chars.size", chars.size, self.size)
            _check_postings("chars.passage_tokens", chars.passage_tokens, self.size, tokens)
            _check_postings("chars.token_chars", chars.token_chars, chars.features.size, tokens)


class CorruptIndexError(ValueError):
    """An index whose arrays do not fit together (read from a damaged file)."""


def _check_model(name: str, model: TermModel, docs: int) -> None:
    _check_lengths(name, model.idf.size, model.features.size)
    _check_lengths(f"{name}.size", model.size, docs)
    _check_postings(name, model.matrix, model.features.size, docs)


def _check_postings(
    name: str, matrix: sparse.csr_matrix | sparse.csc_matrix, rows: int, cols: int
) -> None:
    """A compressed matrix with `rows` rows (columns for CSC) of entries in [0, cols)."""
    indptr, indices = matrix.indptr, matrix.indices
    _check_lengths(f"{name} rows", indptr.size, rows + 1)
    _check_lengths(f"{name} values", matrix.data.size, indices.size)
    if indptr[0] != 0 or indptr[-1] != indices.size or np.any(indptr[1:] < indptr[:-1]):
        raise CorruptIndexError(f"{name}: row offsets out of order")
    _check_within(name, indices, indices.size, cols)


def _check_within(name: str, values: np.ndarray, size: int, bound: int) -> None:
    _check_lengths(name, values.size, size)
    if values.size and (values.min() < 0 or values.max() >= bound):
        raise CorruptIndexError(f"{name}: an entry outside 0..{bound - 1}")


def _check_lengths(name: str, found: int, expected: int) -> None:
    if found != expected:
        raise CorruptIndexError(f"{name}: {found} entries where {expected} belong")


@dataclass(frozen=True)
class LayeredIndex:
    """A big base segment, plus a small delta segment of the articles added or changed
    since the base was built (fitted with the base's IDF), minus the base passages whose
    article is gone or replaced. A reload then fits only the delta; a full rebuild folds
    everything back into one base. Passage ids: the base's, then the delta's."""

    base: PassageIndex
    delta: PassageIndex | None = None
    dead: np.ndarray | None = None  # per base passage: its article was removed or replaced

    @property
    def config(self) -> IndexConfig:
        return self.base.config

    @property
    def segments(self) -> tuple[PassageIndex, ...]:
        return (self.base,) if self.delta is None else (self.base, self.delta)

    @property
    def size(self) -> int:
        return sum(segment.size for segment in self.segments)

    def check(self) -> None:
        """`PassageIndex.check` for each segment, and the dead mask covers the base."""
        for segment in self.segments:
            segment.check()
        if self.dead is not None:
            _check_lengths("dead", self.dead.size, self.base.size)

    @property
    def live_size(self) -> int:
        dead = 0 if self.dead is None else int(self.dead.sum())
        return self.size - dead

    def term_weights(self, terms: Sequence[str]) -> list[float | None]:
        """IDF of each word in the passage model; None for a word the corpus never uses.
        Remembered per word (questions reuse words; an index never changes)."""
        known = self._term_weights
        missing = [t for t in dict.fromkeys(terms) if t not in known]
        if missing:
            if len(known) >= TERM_MEMO_LIMIT:
                known.clear()
            columns = unigram_columns(np.array([token_hash(t) for t in missing], dtype=np.int64))
            found_weights: list[float | None] = [None] * len(missing)
            for segment in self.segments:
                where, found = segment.words.columns(columns)
                for i in np.flatnonzero(found).tolist():
                    if found_weights[i] is None:
                        found_weights[i] = float(segment.words.idf[where[i]])
            known.update(zip(missing, found_weights, strict=True))
        return [known[t] for t in terms]

    @functools.cached_property
    def _term_weights(self) -> dict[str, float | None]:
        return {}

    @property
    def max_term_weight(self) -> float:
        return max(segment.words.max_idf for segment in self.segments)

    def search(self, tokens: Sequence[str], k: int = 5) -> list[Hit]:
        """Best k passages, best first; k is capped at the corpus size, no match -> []."""
        k = max(0, min(k, self.size))
        if k == 0 or not tokens:
            return []
        # imported at the first question: numba maps about 100 MB of LLVM, which a
        # build does not need (its peak memory is the bar's)
        from bot import kernels

        config, segments = self.config, self.segments
        grams, _ = gram_columns(np.array([token_hash(t) for t in tokens], dtype=np.int64))
        hashed, tf = np.unique(grams, return_counts=True)
        arrays = [segment.kernel_arrays for segment in segments]
        words = kernels.question_weights(_two(a.words_table for a in arrays), hashed, tf)
        titles = kernels.question_weights(_two(a.titles_table for a in arrays), hashed, tf)
        articles = kernels.question_weights(_two(a.articles_table for a in arrays), hashed, tf)
        # Terms in many documents (common words) have the longest posting rows and add
        # little to a ranking. Candidates are chosen without them; their exact share is
        # then added for the candidates only, by lookup. When the other terms find fewer
        # than k passages, every term is walked (the plain, exact way).
        share = config.common_share
        wanted = max(k, config.candidates)
        queries = (words, titles, articles)
        candidates, walked, extra = self._best(arrays, queries, _common_idf(share), wanted)
        if share < 1.0 and candidates.size < k:  # fewer than k passages score at all
            candidates, walked, extra = self._best(arrays, queries, _common_idf(1.0), wanted)
        if candidates.size == 0:
            return []
        final = walked + extra
        if config.char_weight and any(s.chars is not None for s in segments):
            hashed, tf = np.unique(token_char_columns(tokens), return_counts=True)
            cols, weights = kernels.question_weights(
                _two(a.chars_table for a in arrays), hashed, tf
            )
            offset = 0
            for i, segment in enumerate(segments):
                inside = (candidates >= offset) & (candidates < offset + segment.size)
                if segment.chars is not None and weights.any() and inside.any():
                    rows = candidates[inside] - offset
                    scores = segment.chars.scores(rows, cols[i], weights)
                    final[inside] += config.char_weight * scores
                offset += segment.size
        order = np.lexsort((candidates, -final))[:k]
        return [Hit(int(candidates[i]), float(final[i])) for i in order]

    def _best(
        self,
        arrays: list[KernelArrays],
        queries: tuple[tuple[np.ndarray, np.ndarray], ...],
        threshold: float,
        n: int,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The n best passages that score above zero by the terms whose IDF is at least
        `threshold`: their ids (ascending), those scores, and what the other (common)
        terms add to each (`kernels.best_passages`, segment by segment)."""
        from bot import kernels

        config = self.config
        (word_cols, word_weights), (title_cols, title_weights), (article_cols, article_weights) = (
            queries
        )
        found, walked, extra, offset = [], [], [], 0
        for i, segment in enumerate(self.segments):
            held = arrays[i]
            best, scores, common = kernels.best_passages(
                _walk_scratch(segment.size, segment.titles.size),
                held.words,
                (word_cols[i], word_weights),
                held.titles,
                (title_cols[i], title_weights),
                held.articles,
                (article_cols[i], article_weights),
                threshold,
                config.title_weight,
                config.article_weight,
                held.group_row,
                held.article_starts,
                self.dead_mask if i == 0 else _NONE_DEAD,
                n,
            )
            found.append(best + offset)
            walked.append(scores)
            extra.append(common)
            offset += segment.size
        if len(found) == 1:
            return found[0], walked[0], extra[0]
        candidates, scores = np.concatenate(found), np.concatenate(walked)
        keep = np.sort(np.lexsort((candidates, -scores))[:n])
        return candidates[keep], scores[keep], np.concatenate(extra)[keep]

    @functools.cached_property
    def dead_mask(self) -> np.ndarray:
        """`dead` for the kernels (read-only; empty when nothing is dead)."""
        return _NONE_DEAD if self.dead is None else _readonly(self.dead)

    def __getstate__(self) -> dict[str, Any]:
        return _without_cached(self)


def _two(
    tables: Iterable[tuple[np.ndarray, np.ndarray]],
) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """A segment's (or two segments') tables, always as two (the second empty for one
    segment): numba compiles a kernel for each length of tuple, and a fresh install
    would otherwise compile again at the first question after its first reload."""
    held = tuple(tables)
    return held if len(held) == 2 else (*held, _NO_FEATURES)


def _common_idf(share: float) -> float:
    """The IDF below which a term is in more than about `share` of the documents (smooth
    IDF is about 1 + log(1 / share) there); none is, at share 1. Judged by IDF, not by
    a segment's own counts: a delta segment uses its base's IDF, so a term is common or
    not the same way in every segment, however small."""
    return 1.0 + float(np.log(1.0 / share)) if share < 1.0 else -np.inf


class KernelArrays(NamedTuple):
    """A segment's arrays as the kernels take them, as read-only views (see
    `_readonly`), made once per segment: made for each question they cost more than
    some of the kernels."""

    words: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # indptr, indices, data, idf
    titles: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    articles: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    words_table: tuple[np.ndarray, np.ndarray]  # features, idf
    titles_table: tuple[np.ndarray, np.ndarray]
    articles_table: tuple[np.ndarray, np.ndarray]
    chars_table: tuple[np.ndarray, np.ndarray]  # empty without a char model
    group_row: np.ndarray  # passage -> article row
    article_starts: np.ndarray  # article row -> its first passage (passages are by article)

    @classmethod
    def of(cls, segment: PassageIndex) -> KernelArrays:
        def postings(model: TermModel) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
            return (*_arrays(model), _readonly(model.idf))

        return cls(
            postings(segment.words),
            postings(segment.titles),
            postings(segment.articles),
            _table(segment.words),
            _table(segment.titles),
            _table(segment.articles),
            _table(segment.chars),
            _readonly(segment.group_row),
            _readonly(
                np.searchsorted(segment.group_row, np.arange(segment.titles.size + 1)).astype(
                    np.int64
                )
            ),
        )


def _without_cached(instance: object) -> dict[str, Any]:
    """An instance's state without its `cached_property` values: views made for the
    kernels must not be written to an index file (they would be a second copy)."""
    cached = {
        name
        for name, value in vars(type(instance)).items()
        if isinstance(value, functools.cached_property)
    }
    return {k: v for k, v in vars(instance).items() if k not in cached}


_NONE_DEAD = np.zeros(0, dtype=bool)
_NONE_DEAD.flags.writeable = False  # as `_readonly` gives kernels every array
_scratches = threading.local()  # per thread: work arrays that kernels leave as they found


def _scratch(
    kind: str, size: tuple[int, ...], make: Callable[[], tuple[np.ndarray, ...]]
) -> tuple[np.ndarray, ...]:
    """This thread's work arrays of a kind and size (made once): making them anew for
    each question would cost more than the kernels that use them."""
    held: dict[tuple[str, tuple[int, ...]], tuple[np.ndarray, ...]] = getattr(
        _scratches, "held", {}
    )
    found = held.get((kind, size))
    if found is None:
        if len(held) >= 8:  # sizes of replaced indexes
            held.clear()
        found = held[kind, size] = make()
        _scratches.held = held
    return found


def _walk_scratch(passages: int, articles: int) -> tuple[np.ndarray, ...]:
    """Scores per passage and per article (zeroed), and room to note which are reached
    (an article can be reached by two models)."""
    return _scratch(
        "walk",
        (passages, articles),
        lambda: (
            np.zeros(passages, dtype=np.float32),
            np.zeros(articles, dtype=np.float32),
            np.zeros(articles, dtype=np.float32),
            np.zeros(passages + 1, dtype=np.int32),
            np.zeros(2 * articles + 1, dtype=np.int32),
        ),
    )


def _arrays(
    matrix: TermModel | sparse.csr_matrix | sparse.csc_matrix,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A sparse matrix's arrays, for a kernel (read-only, see `_readonly`)."""
    if isinstance(matrix, TermModel):
        matrix = matrix.matrix
    return _readonly(matrix.indptr), _readonly(matrix.indices), _readonly(matrix.data)


def _readonly(array: np.ndarray) -> np.ndarray:
    """A read-only view: an index loaded from disk is read-only, one just built is not,
    and numba compiles a kernel once per kind; as views, both are one kind."""
    view = array.view()
    view.flags.writeable = False
    return view


_NO_FEATURES = (_readonly(np.zeros(0, dtype=np.int64)), _readonly(np.zeros(0, dtype=np.float32)))
