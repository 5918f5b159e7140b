"""The inner loops of a search, compiled (numba), on plain arrays. No I/O, no Telegram.

Why compiled: in numpy a question took about 150 small calls, each a few microseconds
of overhead and a full pass over every passage's score, and each retaking the GIL from
the bot's event loop. Here a posting row is walked once, in one call that releases the
GIL for its whole length (`nogil`), so other threads run meanwhile.

The arithmetic is numpy's, in the same order and precision, so scores are what the
numpy code they replaced gave (the tests keep that code as the reference; the char
scores sum in a plain loop where numpy used a BLAS dot product, so they may differ in
the last bit). Compiled code is cached beside this file, or in the user's cache folder
where this one is read-only, so only the first process after an install compiles it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from numba import njit

if TYPE_CHECKING:
    from numba.core.dispatcher import Dispatcher

Function = TypeVar("Function", bound=Callable[..., Any])


def compiled(function: Function) -> Dispatcher[Function]:
    """numba, releasing the GIL, cached on disk. Where numba finds no writable place for
    its cache, compiled at each start instead (about 3 s) rather than failing."""
    try:
        return njit(nogil=True, cache=True)(function)
    except RuntimeError:  # "cannot cache function ...: no locator available"
        return njit(nogil=True)(function)


@compiled
def add_postings(
    scores: np.ndarray,
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    cols: np.ndarray,
    weights: np.ndarray,
) -> None:
    """scores[doc] += weight x value, over the posting rows `cols` of a term-major matrix."""
    for t in range(cols.size):
        col = cols[t]
        weight = np.float32(weights[t])
        for j in range(indptr[col], indptr[col + 1]):
            scores[indices[j]] += data[j] * weight


@compiled
def lookup_postings(
    out: np.ndarray,
    docs: np.ndarray,
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    cols: np.ndarray,
    weights: np.ndarray,
) -> None:
    """out[i] += weight x value of docs[i] in each posting row `cols` (docs sorted): a
    few documents looked up in long rows by bisection, resumed from the last hit."""
    for t in range(cols.size):
        col = cols[t]
        weight = np.float32(weights[t])
        low, end = indptr[col], indptr[col + 1]
        for i in range(docs.size):
            doc = docs[i]
            high = end
            while low < high:  # first entry >= doc
                middle = (low + high) // 2
                if indices[middle] < doc:
                    low = middle + 1
                else:
                    high = middle
            if low < end and indices[low] == doc:
                out[i] += data[low] * weight


@compiled
def walk(
    scratch: tuple[np.ndarray, ...],
    words: tuple[np.ndarray, np.ndarray, np.ndarray],
    word_query: tuple[np.ndarray, np.ndarray],
    titles: tuple[np.ndarray, np.ndarray, np.ndarray],
    title_query: tuple[np.ndarray, np.ndarray],
    articles: tuple[np.ndarray, np.ndarray, np.ndarray],
    article_query: tuple[np.ndarray, np.ndarray],
    title_weight: float,
    article_weight: float,
    group: np.ndarray,
    dead: np.ndarray,
    n: int,
) -> tuple[np.ndarray, np.ndarray]:
    """A segment's n best passages that score above zero, for a question: their ids
    (ascending) and scores. A passage scores its words' cosine plus its article's
    (title_weight x title cosine + article_weight x article cosine, summed as numpy sums
    it); a `dead` passage (where `dead` is not empty) scores zero. Best: higher score,
    then lower id, so ties are settled the same way every time.

    The question's posting rows are scattered into per-passage and per-article scores
    (the scratch arrays, which come in zeroed and are left zeroed), then one pass in
    passage order adds each article's share and keeps the best: memory is read in
    order, which is faster than following only the passages the rows reach. The pass
    branches on nothing but the rare score that beats the worst kept (counting every
    positive score on the way made it 60 % slower)."""
    passage_scores, title_scores, article_scores = scratch
    add_postings(passage_scores, *words, *word_query)
    add_postings(title_scores, *titles, *title_query)
    add_postings(article_scores, *articles, *article_query)
    tw, aw = np.float32(title_weight), np.float32(article_weight)
    for a in range(title_scores.size):  # each article's share, as numpy sums it
        title_scores[a] = tw * title_scores[a] + aw * article_scores[a]
        article_scores[a] = 0.0
    best_scores = np.empty(max(n, 1), dtype=np.float32)  # a min-heap: worst at the root
    best_ids = np.empty(max(n, 1), dtype=np.int64)
    size = 0
    floor = np.float32(0.0)  # what a score must beat to be kept: the worst kept, once n are
    has_dead = dead.size > 0
    for p in range(passage_scores.size):
        value = passage_scores[p] + title_scores[group[p]]
        passage_scores[p] = 0.0
        if value > floor and not (has_dead and dead[p]):  # a later passage never wins a tie
            size = _keep(best_scores, best_ids, size, n, value, p)
            if size == n:
                floor = best_scores[0]
    title_scores[:] = 0.0
    order = np.argsort(best_ids[:size])
    return best_ids[:size][order], best_scores[:size][order]


@compiled
def _worse(score: float, doc: int, other_score: float, other_doc: int) -> bool:
    """Whether (score, doc) ranks below the other: a lower score, or the same at a
    later id."""
    return score < other_score or (score == other_score and doc > other_doc)


@compiled
def _keep(scores: np.ndarray, ids: np.ndarray, size: int, n: int, value: float, doc: int) -> int:
    """Offer (value, doc) to a min-heap of the n best; returns the heap's new size."""
    if size < n:
        at = size
        while at > 0:  # sift up
            parent = (at - 1) // 2
            if _worse(value, doc, scores[parent], ids[parent]):
                scores[at], ids[at] = scores[parent], ids[parent]
                at = parent
            else:
                break
        scores[at], ids[at] = value, doc
        return size + 1
    if n == 0 or not _worse(scores[0], ids[0], value, doc):
        return size
    at = 0
    while True:  # sift down from the root
        child = 2 * at + 1
        if child >= size:
            break
        right = child + 1
        if right < size and _worse(scores[right], ids[right], scores[child], ids[child]):
            child = right
        if _worse(scores[child], ids[child], value, doc):
            scores[at], ids[at] = scores[child], ids[child]
            at = child
        else:
            break
    scores[at], ids[at] = value, doc
    return size


@compiled
def char_scores(
    slot: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    weights: np.ndarray,
    idf: np.ndarray,
    norms: np.ndarray,
    token_chars: tuple[np.ndarray, np.ndarray, np.ndarray],
    passage_tokens: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> np.ndarray:
    """Cosine of passages `rows` with a question's char-trigram weights (columns `cols`),
    composed from passage x token counts and token x trigram counts (`token_chars` is
    trigram-major). `slot` (one entry per token) comes in all -1 and is left so."""
    chars_ptr, chars_token, chars_count = token_chars
    tokens_ptr, tokens_token, tokens_count = passage_tokens
    # the tokens that hold a question trigram, each with its (trigram, count) entries
    total = 0
    for j in range(cols.size):
        total += chars_ptr[cols[j] + 1] - chars_ptr[cols[j]]
    hit_tokens = np.empty(total, dtype=np.int64)
    entries = np.zeros(total + 1, dtype=np.int64)  # per hit token, then offsets
    hits = 0
    for j in range(cols.size):
        for e in range(chars_ptr[cols[j]], chars_ptr[cols[j] + 1]):
            token = chars_token[e]
            if slot[token] < 0:
                slot[token] = hits
                hit_tokens[hits] = token
                hits += 1
            entries[slot[token] + 1] += 1
    for h in range(hits):
        entries[h + 1] += entries[h]
    which = np.empty(total, dtype=np.int64)
    count = np.empty(total, dtype=np.float64)
    filled = entries[:hits].copy()
    for j in range(cols.size):
        for e in range(chars_ptr[cols[j]], chars_ptr[cols[j] + 1]):
            h = slot[chars_token[e]]
            which[filled[h]] = j
            count[filled[h]] = chars_count[e]
            filled[h] += 1
    # each passage's count of each question trigram, then its cosine
    out = np.zeros(rows.size, dtype=np.float32)
    counts = np.zeros(cols.size, dtype=np.float64)
    for i in range(rows.size):
        row = rows[i]
        for e in range(tokens_ptr[row], tokens_ptr[row + 1]):
            h = slot[tokens_token[e]]
            if h < 0:
                continue
            times = np.float64(tokens_count[e])
            for f in range(entries[h], entries[h + 1]):
                counts[which[f]] += times * count[f]
        score = 0.0
        for j in range(cols.size):
            if counts[j] > 0:
                score += (1.0 + np.log(counts[j])) * np.float64(idf[cols[j]]) * weights[j]
                counts[j] = 0.0
        out[i] = np.float32(score / norms[row])
    for h in range(hits):
        slot[hit_tokens[h]] = -1
    return out
