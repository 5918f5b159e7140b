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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from scipy import sparse

from bot.search.checks import check_lengths, check_model, check_postings, check_within
from bot.search.counts import (
    TERM_MEMO_LIMIT,
    WORD_FEATURES,
    ArticleCounts,
    Counts,
    gram_columns,
    token_char_columns,
    token_hash,
    unigram_columns,
)
from bot.search.memory import release_free_memory
from bot.search.models import (
    NO_FEATURES,
    CharModel,
    TermModel,
    csr_arrays,
    query_table,
    readonly,
    walk_scratch,
)

RERANK_CANDIDATES = 100
COMMON_SHARE = 0.05


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
    # the 32-bit ids of its words, sorted: a hashed model knows no vocabulary, and a word
    # no text uses shares its column with one that some text does about one time in 20
    # (1,700 articles; more as the knowledge grows), which would read as "used"
    vocabulary: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint32))

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
        vocabulary = np.unique(np.concatenate([c.token_ids for c in counts]).astype(np.uint32))
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
            vocabulary=vocabulary,
        )

    def uses(self, ids: np.ndarray) -> np.ndarray:
        """Whether each word id is one of this segment's words."""
        vocabulary = self.vocabulary
        if not vocabulary.size:
            return np.zeros(ids.size, dtype=bool)
        at = np.minimum(np.searchsorted(vocabulary, ids), vocabulary.size - 1)
        return vocabulary[at] == ids

    @property
    def passage_counts(self) -> np.ndarray:
        """Passages per article of this segment, in article order."""
        return np.bincount(self.group_row, minlength=self.titles.size)

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
        check_model("words", self.words, self.size)
        check_model("titles", self.titles, articles)
        check_model("articles", self.articles, articles)
        check_within("group_row", self.group_row, self.size, articles)
        if self.chars is not None:
            chars, tokens = self.chars, self.chars.passage_tokens.shape[1]
            check_lengths("chars", chars.idf.size, chars.features.size)
            check_lengths("chars.norms", chars.norms.size, self.size)
            check_lengths("chars.size", chars.size, self.size)
            check_postings("chars.passage_tokens", chars.passage_tokens, self.size, tokens)
            check_postings("chars.token_chars", chars.token_chars, chars.features.size, tokens)


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
            check_lengths("dead", self.dead.size, self.base.size)

    @property
    def live_size(self) -> int:
        dead = 0 if self.dead is None else int(self.dead.sum())
        return self.size - dead

    def term_weights(self, terms: Sequence[str]) -> list[float | None]:
        """IDF of each word in the passage model; None for a word the corpus never uses
        (in no segment's vocabulary). Remembered per word (questions reuse words; an
        index never changes)."""
        known = self._term_weights
        missing = [t for t in dict.fromkeys(terms) if t not in known]
        if missing:
            if len(known) >= TERM_MEMO_LIMIT:
                known.clear()
            ids = np.array([token_hash(t) for t in missing], dtype=np.int64)
            columns = unigram_columns(ids)
            found_weights: list[float | None] = [None] * len(missing)
            for segment in self.segments:
                where, found = segment.words.columns(columns)
                found = found & segment.uses(ids)
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
        from bot.search import kernels

        config, segments = self.config, self.segments
        grams = self._gram_columns(tokens)
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

    def _gram_columns(self, tokens: Sequence[str]) -> np.ndarray:
        """The columns of the question's words and pairs that some text uses: a word no
        text uses would find the passages of whatever word shares its column, and no pair
        is made across it."""
        ids = np.array([token_hash(t) for t in tokens], dtype=np.int64)
        used = np.zeros(ids.size, dtype=bool)
        for segment in self.segments:
            used |= segment.uses(ids)
        rows = np.cumsum(~used)  # a new run after each unused word
        grams, _ = gram_columns(ids[used], rows[used])
        return grams

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
        from bot.search import kernels

        config = self.config
        (word_cols, word_weights), (title_cols, title_weights), (article_cols, article_weights) = (
            queries
        )
        found, walked, extra, offset = [], [], [], 0
        for i, segment in enumerate(self.segments):
            held = arrays[i]
            best, scores, common = kernels.best_passages(
                walk_scratch(segment.size, segment.titles.size),
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
        return _NONE_DEAD if self.dead is None else readonly(self.dead)

    def __getstate__(self) -> dict[str, Any]:
        return _without_cached(self)


def _two(
    tables: Iterable[tuple[np.ndarray, np.ndarray]],
) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """A segment's (or two segments') tables, always as two (the second empty for one
    segment): numba compiles a kernel for each length of tuple, and a fresh install
    would otherwise compile again at the first question after its first reload."""
    held = tuple(tables)
    return held if len(held) == 2 else (*held, NO_FEATURES)


def _common_idf(share: float) -> float:
    """The IDF below which a term is in more than about `share` of the documents (smooth
    IDF is about 1 + log(1 / share) there); none is, at share 1. Judged by IDF, not by
    a segment's own counts: a delta segment uses its base's IDF, so a term is common or
    not the same way in every segment, however small."""
    return 1.0 + float(np.log(1.0 / share)) if share < 1.0 else -np.inf


class KernelArrays(NamedTuple):
    """A segment's arrays as the kernels take them, as read-only views (see
    `readonly`), made once per segment: made for each question they cost more than
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
            return (*csr_arrays(model), readonly(model.idf))

        return cls(
            postings(segment.words),
            postings(segment.titles),
            postings(segment.articles),
            query_table(segment.words),
            query_table(segment.titles),
            query_table(segment.articles),
            query_table(segment.chars),
            readonly(segment.group_row),
            readonly(
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
_NONE_DEAD.flags.writeable = False  # as `readonly` gives kernels every array
