"""TF-IDF models over hashed counts (sublinear tf, smooth IDF, l2 rows): the word,
title and article models term-major, the character model composed from tokens."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, NamedTuple

import numpy as np
from scipy import sparse

from bot.search.counts import CHAR_FEATURES, CHAR_HASHER, ArticleCounts

FIT_THREADS = 2


class HashedTerms:
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
    features: np.ndarray, df: np.ndarray, n_docs: int, frozen: HashedTerms | None
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


def query_table(model: HashedTerms | None) -> tuple[np.ndarray, np.ndarray]:
    """A model's (features, idf) as `kernels.question_weights` takes them."""
    if model is None:
        return NO_FEATURES
    return readonly(model.features), readonly(model.idf)


@dataclass(frozen=True)
class TermModel(HashedTerms):
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


CHAR_BLOCK = 8_000  # passages per block of char statistics (two blocks at a time)


class CharInputs(NamedTuple):
    tokens: list[str]  # the distinct tokens
    passage_tokens: sparse.csr_matrix  # passages x distinct tokens (counts)


@dataclass(frozen=True)
class CharModel(HashedTerms):
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
        unique_ids, first, inverse = distinct_ids(ids, index_type)
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
        token_chars = CHAR_HASHER.transform(tokens)
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
        from bot.search import kernels  # see `LayeredIndex.search`

        tokens = self.passage_tokens.shape[1]
        (slot,) = scratch("chars", (tokens,), lambda: (np.full(tokens, -1, dtype=np.int32),))
        return kernels.char_scores(
            slot,
            rows,
            cols,
            weights,
            readonly(self.idf),
            readonly(self.norms),
            csr_arrays(self.token_chars),
            csr_arrays(self.passage_tokens),
        )


def distinct_ids(
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


def readonly(array: np.ndarray) -> np.ndarray:
    """A read-only view: an index loaded from disk is read-only, one just built is not,
    and numba compiles a kernel once per kind; as views, both are one kind."""
    view = array.view()
    view.flags.writeable = False
    return view


NO_FEATURES = (readonly(np.zeros(0, dtype=np.int64)), readonly(np.zeros(0, dtype=np.float32)))


_scratches = threading.local()  # per thread: work arrays that kernels leave as they found


def scratch(
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


def walk_scratch(passages: int, articles: int) -> tuple[np.ndarray, ...]:
    """Scores per passage and per article (zeroed), and room to note which are reached
    (an article can be reached by two models)."""
    return scratch(
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


def csr_arrays(
    matrix: TermModel | sparse.csr_matrix | sparse.csc_matrix,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A sparse matrix's arrays, for a kernel (read-only, see `readonly`)."""
    if isinstance(matrix, TermModel):
        matrix = matrix.matrix
    return readonly(matrix.indptr), readonly(matrix.indices), readonly(matrix.data)
