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
def question_weights(
    tables: tuple[tuple[np.ndarray, np.ndarray], ...], hashed: np.ndarray, tf: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A question's vector in one model across segments, as `index.union_query` defines
    it: each distinct gram (`hashed`, sorted, counted `tf` times) is weighted once,
    sublinear tf x the IDF of the first segment whose (features, idf) `tables` know it,
    l2-normalized over the known grams. Returns each gram's column in each segment (-1
    where that segment does not know it) and the weights (0 for a gram none knows)."""
    grams = hashed.size
    cols = np.full((len(tables), grams), -1, dtype=np.int64)
    raw = np.zeros(grams, dtype=np.float64)
    known = np.zeros(grams, dtype=np.bool_)
    for s in range(len(tables)):
        features, idf = tables[s]
        for g in range(grams):
            at = np.searchsorted(features, hashed[g])
            if at < features.size and features[at] == hashed[g]:
                cols[s, g] = at
                if not known[g]:
                    known[g] = True
                    raw[g] = (1.0 + np.log(np.float64(tf[g]))) * np.float64(idf[at])
    weights = np.zeros(grams, dtype=np.float32)
    squares = 0.0
    for g in range(grams):
        weights[g] = np.float32(raw[g])
        squares += np.float64(weights[g]) * np.float64(weights[g])
    norm = np.float32(np.sqrt(squares))
    if norm > 0:
        for g in range(grams):
            weights[g] = weights[g] / norm
    return cols, weights


@compiled
def _split(
    cols: np.ndarray, weights: np.ndarray, idf: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A question's known terms in one model, split into the rarer ones (walked) and the
    common ones (IDF below `threshold`: only looked up for the candidates), in order."""
    common = np.zeros(cols.size, dtype=np.bool_)
    rare_count = common_count = 0
    for g in range(cols.size):
        if cols[g] >= 0:
            if np.float64(idf[cols[g]]) < threshold:
                common[g] = True
                common_count += 1
            else:
                rare_count += 1
    rare_cols = np.empty(rare_count, dtype=np.int64)
    rare_weights = np.empty(rare_count, dtype=np.float32)
    common_cols = np.empty(common_count, dtype=np.int64)
    common_weights = np.empty(common_count, dtype=np.float32)
    r = c = 0
    for g in range(cols.size):
        if cols[g] < 0:
            continue
        if common[g]:
            common_cols[c], common_weights[c] = cols[g], weights[g]
            c += 1
        else:
            rare_cols[r], rare_weights[r] = cols[g], weights[g]
            r += 1
    return rare_cols, rare_weights, common_cols, common_weights


@compiled
def best_passages(
    scratch: tuple[np.ndarray, ...],
    words: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    word_query: tuple[np.ndarray, np.ndarray],
    titles: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    title_query: tuple[np.ndarray, np.ndarray],
    articles: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    article_query: tuple[np.ndarray, np.ndarray],
    threshold: float,
    title_weight: float,
    article_weight: float,
    group: np.ndarray,
    starts: np.ndarray,
    dead: np.ndarray,
    n: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One segment's part of a search, in one call: the n best passages by the terms
    whose IDF is at least `threshold` (`walk`), then what the common terms add to each
    of them, looked up (`lookup_postings`). Each model comes as (indptr, indices, data,
    idf), each query as (columns, weights) from `question_weights` (-1: unknown here).
    Returns the passages (ascending), their walked scores and the common terms' part."""
    w_rare, w_rare_weights, w_common, w_common_weights = _split(
        word_query[0], word_query[1], words[3], threshold
    )
    t_rare, t_rare_weights, t_common, t_common_weights = _split(
        title_query[0], title_query[1], titles[3], threshold
    )
    a_rare, a_rare_weights, a_common, a_common_weights = _split(
        article_query[0], article_query[1], articles[3], threshold
    )
    best, scores = walk(
        scratch,
        (words[0], words[1], words[2]),
        (w_rare, w_rare_weights),
        (titles[0], titles[1], titles[2]),
        (t_rare, t_rare_weights),
        (articles[0], articles[1], articles[2]),
        (a_rare, a_rare_weights),
        title_weight,
        article_weight,
        group,
        starts,
        dead,
        n,
    )
    extra = np.zeros(best.size, dtype=np.float32)
    if w_common.size + t_common.size + a_common.size == 0:
        return best, scores, extra
    lookup_postings(extra, best, words[0], words[1], words[2], w_common, w_common_weights)
    rows = np.empty(best.size, dtype=np.int64)
    for i in range(best.size):
        rows[i] = group[best[i]]
    if title_weight != 0:
        part = np.zeros(best.size, dtype=np.float32)
        lookup_postings(part, rows, titles[0], titles[1], titles[2], t_common, t_common_weights)
        tw = np.float32(title_weight)
        for i in range(best.size):
            extra[i] += tw * part[i]
    if article_weight != 0:
        part = np.zeros(best.size, dtype=np.float32)
        lookup_postings(
            part, rows, articles[0], articles[1], articles[2], a_common, a_common_weights
        )
        aw = np.float32(article_weight)
        for i in range(best.size):
            extra[i] += aw * part[i]
    return best, scores, extra


@compiled
def _add_touched(
    scores: np.ndarray,
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    cols: np.ndarray,
    weights: np.ndarray,
    touched: np.ndarray,
    count: int,
) -> int:
    """`add_postings`, noting in `touched` (from `count` on) each document whose sum
    was zero; returns the new count. Sums only grow (weights and values are positive),
    so a document is noted once; whatever the values, never past `touched`'s end (which
    holds one spare entry)."""
    last = touched.size - 1
    for t in range(cols.size):
        col = cols[t]
        weight = np.float32(weights[t])
        for j in range(indptr[col], indptr[col + 1]):
            doc = indices[j]
            before = scores[doc]
            scores[doc] = before + data[j] * weight
            # without a branch (a new document is a coin toss: a branch mispredicts)
            touched[count] = doc
            count += before == 0
            if count > last:  # never, but for a damaged file (predicted: no cost)
                count = last
    return count


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
    starts: np.ndarray,
    dead: np.ndarray,
    n: int,
) -> tuple[np.ndarray, np.ndarray]:
    """A segment's n best passages that score above zero, for a question: their ids
    (ascending) and scores. A passage scores its words' cosine plus its article's
    (title_weight x title cosine + article_weight x article cosine, summed as numpy sums
    it); a `dead` passage (where `dead` is not empty) scores zero. Best: higher score,
    then lower id, so ties are settled the same way every time.

    The question's posting rows are scattered into per-passage and per-article scores
    (the first three scratch arrays, which come in zeroed and are left zeroed), noting
    the passages and articles they reach (the last two); then only those are visited:
    the passages reached, and every passage of an article reached (article a's passages
    are starts[a] to starts[a + 1]). A question's rarer terms reach about a tenth of
    200,000 passages, so this is faster than a pass over all of them."""
    passage_scores, title_scores, article_scores, passages_hit, articles_hit = scratch
    reached = _add_touched(passage_scores, *words, *word_query, passages_hit, 0)
    hit = _add_touched(title_scores, *titles, *title_query, articles_hit, 0)
    hit = _add_touched(article_scores, *articles, *article_query, articles_hit, hit)
    tw, aw = np.float32(title_weight), np.float32(article_weight)
    for i in range(hit):  # each article's share, as numpy sums it; once per article
        a = articles_hit[i]
        if article_scores[a] >= 0:
            title_scores[a] = tw * title_scores[a] + aw * article_scores[a]
            article_scores[a] = -1.0  # marks the article as summed
    best_scores = np.empty(max(n, 1), dtype=np.float32)  # a min-heap: worst at the root
    best_ids = np.empty(max(n, 1), dtype=np.int64)
    size = 0
    floor = np.float32(0.0)  # what a score must reach to be offered: the worst kept, once n are
    has_dead = dead.size > 0
    for i in range(reached):
        p = passages_hit[i]
        own = passage_scores[p]
        if own < 0:  # noted twice
            continue
        passage_scores[p] = -1.0  # marks the passage as offered
        value = own + title_scores[group[p]]
        if value > 0 and value >= floor and not (has_dead and dead[p]):
            size = _keep(best_scores, best_ids, size, n, value, p)
            if size == n:
                floor = best_scores[0]
    for i in range(hit):
        a = articles_hit[i]
        if article_scores[a] == 0:  # visited already (noted twice)
            continue
        article_scores[a] = 0.0
        value = title_scores[a]
        if value > 0 and value >= floor:
            for p in range(starts[a], starts[a + 1]):
                if passage_scores[p] == 0 and not (has_dead and dead[p]):
                    size = _keep(best_scores, best_ids, size, n, value, p)
                    if size == n:
                        floor = best_scores[0]
    for i in range(reached):
        passage_scores[passages_hit[i]] = 0.0
    for i in range(hit):
        title_scores[articles_hit[i]] = 0.0
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
        if cols[j] >= 0:  # -1: a trigram this segment does not know
            total += chars_ptr[cols[j] + 1] - chars_ptr[cols[j]]
    hit_tokens = np.empty(total, dtype=np.int64)
    entries = np.zeros(total + 1, dtype=np.int64)  # per hit token, then offsets
    hits = 0
    for j in range(cols.size):
        if cols[j] < 0:
            continue
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
        if cols[j] < 0:
            continue
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
