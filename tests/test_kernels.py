"""The compiled search loops against plain numpy versions of the same sums (the code they
replaced): same passages, same scores, ties settled by the lower id."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from bot.search import kernels

SEEDS = range(12)


def term_major(
    rng: np.random.Generator, terms: int, docs: int, density: float
) -> sparse.csr_matrix:
    """terms x docs, documents sorted within each row; small whole values, so that equal
    scores (ties) happen."""
    matrix = sparse.random(terms, docs, density=density, format="csr", random_state=rng)
    matrix.data = rng.integers(1, 4, matrix.nnz).astype(np.float32) / 4
    matrix.sort_indices()
    matrix.indices = matrix.indices.astype(np.int32)
    matrix.indptr = matrix.indptr.astype(np.int32)
    return matrix


def query(rng: np.random.Generator, terms: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    cols = rng.choice(terms, size=min(size, terms), replace=False).astype(np.int64)
    return cols, (rng.integers(1, 4, cols.size) / 2).astype(np.float32)


def parts(m: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return m.indptr, m.indices, m.data


def numpy_scores(m: sparse.csr_matrix, cols: np.ndarray, weights: np.ndarray) -> np.ndarray:
    scores = np.zeros(m.shape[1], dtype=np.float32)
    for col, weight in zip(cols.tolist(), weights.tolist(), strict=True):
        start, end = m.indptr[col], m.indptr[col + 1]
        scores[m.indices[start:end]] += m.data[start:end] * np.float32(weight)
    return scores


@pytest.mark.parametrize("seed", SEEDS)
def test_posting_sums_are_numpys(seed: int) -> None:
    rng = np.random.default_rng(seed)
    m = term_major(rng, 40, 300, 0.1)
    cols, weights = query(rng, 40, 6)
    scores = np.zeros(300, dtype=np.float32)
    kernels.add_postings(scores, *parts(m), cols, weights)
    assert np.array_equal(scores, numpy_scores(m, cols, weights))
    # looked up for a few documents (sorted, one twice): the same sums
    docs = np.sort(np.append(rng.choice(300, 20, replace=False), 7)).astype(np.int64)
    out = np.zeros(docs.size, dtype=np.float32)
    kernels.lookup_postings(out, docs, *parts(m), cols, weights)
    assert np.array_equal(out, numpy_scores(m, cols, weights)[docs])


def walk_scratch(passages: int, articles: int) -> tuple[np.ndarray, ...]:
    """As `bot.search.index` makes them: scores zeroed, room to note what a question reaches."""
    return (
        np.zeros(passages, dtype=np.float32),
        np.zeros(articles, dtype=np.float32),
        np.zeros(articles, dtype=np.float32),
        np.zeros(passages + 1, dtype=np.int32),
        np.zeros(2 * articles + 1, dtype=np.int32),
    )


def article_starts(group: np.ndarray, articles: int) -> np.ndarray:
    return np.searchsorted(group, np.arange(articles + 1)).astype(np.int64)


def numpy_best(scores: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The n best positive scores (higher first, then lower id), by id."""
    positive = np.flatnonzero(scores > 0)
    best = np.sort(positive[np.lexsort((positive, -scores[positive]))][:n])
    return best, scores[best]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [1, 5, 100, 1000])
def test_walk_keeps_the_best_passages_as_numpy_ranks_them(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    articles, passages = 60, 200
    group = np.sort(rng.integers(0, articles, passages)).astype(np.int64)
    words = term_major(rng, 50, passages, 0.05)
    titles = term_major(rng, 50, articles, 0.05)
    bodies = term_major(rng, 50, articles, 0.1)
    word_query, title_query, article_query = (query(rng, 50, 5) for _ in range(3))
    dead = rng.random(passages) < 0.1 if seed % 2 else np.zeros(0, dtype=bool)
    scratch = walk_scratch(passages, articles)
    best, scores = kernels.walk(
        scratch,
        parts(words),
        word_query,
        parts(titles),
        title_query,
        parts(bodies),
        article_query,
        0.2,
        1.0,
        group,
        article_starts(group, articles),
        dead,
        n,
    )
    per_article = np.zeros(articles, dtype=np.float32)
    per_article += 0.2 * numpy_scores(titles, *title_query)
    per_article += 1.0 * numpy_scores(bodies, *article_query)
    expected = numpy_scores(words, *word_query) + per_article[group]
    if dead.size:
        expected[dead] = 0.0
    want_best, want_scores = numpy_best(expected, n)
    assert best.tolist() == want_best.tolist()
    assert np.array_equal(scores, want_scores)
    assert all(not a.any() for a in scratch[:3]), "the score arrays must be left zeroed"


def test_walk_with_no_matching_term_finds_nothing() -> None:
    rng = np.random.default_rng(0)
    m = term_major(rng, 10, 30, 0.2)
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
    group = np.arange(30, dtype=np.int64)
    best, scores = kernels.walk(
        walk_scratch(30, 30), parts(m), empty, parts(m), empty, parts(m), empty,
        0.2, 1.0, group, article_starts(group, 30), np.zeros(0, dtype=bool), 5,
    )  # fmt: skip
    assert (best.size, scores.size) == (0, 0)


def numpy_char_scores(
    rows: np.ndarray,
    cols: np.ndarray,
    weights: np.ndarray,
    idf: np.ndarray,
    norms: np.ndarray,
    token_chars: sparse.csr_matrix,
    passage_tokens: sparse.csr_matrix,
) -> np.ndarray:
    counts = (passage_tokens[rows] @ token_chars)[:, cols].toarray().astype(np.float64)
    present = counts > 0
    tf = np.where(present, 1.0 + np.log(np.where(present, counts, 1.0)), 0.0)
    return ((tf * idf[cols]) @ weights / norms[rows]).astype(np.float32)


@pytest.mark.parametrize("seed", SEEDS)
def test_char_scores_are_the_composed_trigram_cosines(seed: int) -> None:
    rng = np.random.default_rng(seed)
    passages, tokens, trigrams = 80, 120, 90
    passage_tokens = sparse.random(passages, tokens, density=0.08, format="csr", random_state=rng)
    passage_tokens.data = rng.integers(1, 5, passage_tokens.nnz).astype(np.uint16)
    passage_tokens.sort_indices()
    token_chars = sparse.random(tokens, trigrams, density=0.05, format="csr", random_state=rng)
    token_chars.data = rng.integers(1, 3, token_chars.nnz).astype(np.float32)
    idf = (1 + rng.random(trigrams)).astype(np.float32)
    norms = (1 + rng.random(passages)).astype(np.float32)
    rows = np.sort(rng.choice(passages, 30, replace=False)).astype(np.int64)
    cols = rng.choice(trigrams, 12, replace=False).astype(np.int64)
    weights = rng.random(12).astype(np.float32)
    slot = np.full(tokens, -1, dtype=np.int32)
    by_trigram = token_chars.tocsc()
    got = kernels.char_scores(
        slot,
        rows,
        cols,
        weights,
        idf,
        norms,
        (by_trigram.indptr, by_trigram.indices, by_trigram.data),
        parts(passage_tokens),
    )
    want = numpy_char_scores(rows, cols, weights, idf, norms, token_chars, passage_tokens)
    assert (want > 0).any()
    np.testing.assert_allclose(got, want, rtol=1e-6)
    assert (slot == -1).all(), "the token slots must be left unset"


def test_kernels_still_work_where_numba_has_nowhere_to_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A read-only install with no writable home: numba refuses `cache=True` at import;
    the kernels must then compile at each start, not fail to import."""
    import importlib.util

    from numba.core import caching

    monkeypatch.setattr(caching.CacheImpl, "_locator_classes", [])
    spec = importlib.util.spec_from_file_location("uncached_kernels", kernels.__file__)
    assert spec is not None and spec.loader is not None
    uncached = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(uncached)
    rng = np.random.default_rng(0)
    m = term_major(rng, 20, 50, 0.2)
    cols, weights = query(rng, 20, 4)
    scores = np.zeros(50, dtype=np.float32)
    uncached.add_postings(scores, *parts(m), cols, weights)
    assert np.array_equal(scores, numpy_scores(m, cols, weights))


def test_noting_reached_documents_never_runs_past_its_room() -> None:
    """Values that do not grow a sum (zeros, or negatives from a damaged file) would note
    a document again and again; the kernels do no bounds checks, so the count must stop
    at the room there is."""
    rng = np.random.default_rng(3)
    m = term_major(rng, 20, 50, 0.9)
    m.data[:] = 0.0
    m.data[::7] = -0.25
    touched = np.full(51, -1, dtype=np.int32)
    guard = np.full(8, -7, dtype=np.int32)
    room = np.concatenate([touched, guard])  # what lies past the room stays untouched
    cols = np.arange(20, dtype=np.int64)
    count = kernels._add_touched(
        np.zeros(50, dtype=np.float32), *parts(m), cols, np.ones(20, np.float32), room[:51], 0
    )
    assert count <= 50
    assert (room[51:] == -7).all()
