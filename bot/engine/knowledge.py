"""The knowledge as the engine searches it: the articles, their passages and the index
over them, built in full or layered over a base when few articles change. Immutable: a
reload builds a new one and swaps it in while the old one keeps answering."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from bot.engine.names import sounds_of_latin_words, sounds_of_titles
from bot.search.counts import ArticleCounts, CountsBatch
from bot.search.index import EmptyIndexError, IndexConfig, LayeredIndex, PassageIndex
from bot.text.articles import Article, Passage, link_key
from bot.text.passages import PassageTable, split_article
from bot.text.tokenizer import Tokenizer, tokenize


@dataclass(frozen=True)
class KnowledgeIndex:
    """Articles, their passages and the index over them; immutable, so a reload builds a
    new one and swaps it in while this one keeps answering."""

    articles: tuple[Article, ...]  # the serving articles, in folder order
    passages: Sequence[Passage]  # passage id -> passage (ids of every segment)
    index: LayeredIndex | None  # None when no article has a word to index
    tokenizer: Tokenizer = field(default=tokenize, compare=False)
    built_at: float = field(default_factory=time.time)
    # the articles of each index segment, in passage-id order (for layering a reload)
    segments: tuple[tuple[Article, ...], ...] = ()
    # the titles by their sound (`bot.engine.names`): made with the index (about 0.5 s
    # for 80,000 titles), so the first question after a reload does not wait for them
    title_sounds: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    # the Latin words of the articles by how Thai would spell their sounds (the same)
    latin_sounds: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        sounds = sounds_of_titles(a.title for a in self.articles)
        object.__setattr__(self, "title_sounds", sounds)
        object.__setattr__(self, "latin_sounds", sounds_of_latin_words(self.articles))

    def article_at(self, url: str) -> Article | None:
        return self._by_url.get(url)

    def article_linked(self, link: str) -> Article | None:
        """The article a link someone pasted points to: its URL as the article's, or written
        otherwise (`link_key`: http, www., a trailing slash, tracking parameters)."""
        return self._by_url.get(link) or self._by_link.get(link_key(link))

    @functools.cached_property
    def _by_url(self) -> dict[str, Article]:
        return {a.url: a for a in self.articles}

    @functools.cached_property
    def _by_link(self) -> dict[str, Article]:
        return {link_key(a.url): a for a in self.articles}

    @property
    def newest_published(self) -> str | None:
        dates = [a.published for a in self.articles if a.published]
        return max(dates) if dates else None

    @property
    def passage_count(self) -> int:
        """Passages that can be found (not those of articles removed since the base)."""
        return self.index.live_size if self.index is not None else 0


def count_article_text(article: Article, tokenizer: Tokenizer = tokenize) -> ArticleCounts:
    """The costly part of a build (normalize, segment, hash), for one article."""
    return count_article_texts([article], tokenizer)[0]


def count_article_texts(
    articles: Sequence[Article], tokenizer: Tokenizer = tokenize
) -> list[ArticleCounts]:
    """The same for a batch, counted in one vectorized pass."""
    return count_article_batch(articles, tokenizer).split()


def count_article_batch(
    articles: Sequence[Article], tokenizer: Tokenizer = tokenize
) -> CountsBatch:
    """A batch's counts in flat arrays (what a worker process sends back)."""
    return CountsBatch.of(
        [(tokenizer(a.title), [tokenizer(p.text) for p in split_article(a)]) for a in articles]
    )


def _counts_for(
    articles: Sequence[Article], tokenizer: Tokenizer, counts: Mapping[str, ArticleCounts]
) -> list[ArticleCounts]:
    missing = [a for a in articles if a.fingerprint not in counts]
    counted = iter(count_article_texts(missing, tokenizer))  # in the order of `missing`
    return [counts.get(a.fingerprint) or next(counted) for a in articles]


def build_index(
    articles: Sequence[Article],
    tokenizer: Tokenizer = tokenize,
    config: IndexConfig | None = None,
    counts: Mapping[str, ArticleCounts] | None = None,
    release: Callable[[], None] | None = None,
) -> KnowledgeIndex:
    """A full build, one segment; `counts` (by fingerprint) skips re-reading known text.
    `release`: called when the counts are no longer needed (see `PassageIndex.build`)."""
    per_article = _counts_for(articles, tokenizer, counts or {})
    passage_counts = [len(c.passages.lengths) for c in per_article]

    def release_counts() -> None:
        per_article.clear()
        if release is not None:
            release()

    try:
        built = PassageIndex.build(per_article, config, release=release_counts)
        index: LayeredIndex | None = LayeredIndex(built)
    except EmptyIndexError:
        index = None  # nothing to search: every question gets "not found"
    return KnowledgeIndex(
        articles=tuple(articles),
        passages=PassageTable(articles, passage_counts),
        index=index,
        tokenizer=tokenizer,
        segments=(tuple(articles),),
    )


MIN_DELTA_PASSAGES = 2_000
MAX_DELTA_SHARE = 0.1


def _kept_from_base(previous: KnowledgeIndex, articles: Sequence[Article]) -> set[tuple[str, str]]:
    """(id, fingerprint) of the base articles that are still there, unchanged."""
    base = previous.segments[0] if previous.segments else ()
    wanted = {(a.id, a.fingerprint) for a in articles}
    return {(a.id, a.fingerprint) for a in base if (a.id, a.fingerprint) in wanted}


def delta_articles(previous: KnowledgeIndex, articles: Sequence[Article]) -> tuple[Article, ...]:
    """The articles a layered update must index: those not in the base as they are now."""
    kept = _kept_from_base(previous, articles)
    return tuple(a for a in articles if (a.id, a.fingerprint) not in kept)


def update_index(
    previous: KnowledgeIndex,
    articles: Sequence[Article],
    counts: Mapping[str, ArticleCounts] | None = None,
) -> KnowledgeIndex | None:
    """Layer the articles that are new or changed since `previous`'s base over that base,
    and hide the base passages of articles that are gone: only the delta is tokenized and
    fitted. None when a full build is due instead: no base yet, or the delta has outgrown
    a tenth of the base (its frozen IDF would drift too far from the truth)."""
    if previous.index is None or not previous.segments:
        return None
    base = previous.index.base
    base_articles = previous.segments[0]
    kept = _kept_from_base(previous, articles)
    alive = [(a.id, a.fingerprint) in kept for a in base_articles]
    fresh = tuple(a for a in articles if (a.id, a.fingerprint) not in kept)
    delta_counts = _counts_for(fresh, previous.tokenizer, counts or {})
    delta_passages = sum(len(c.passages.lengths) for c in delta_counts)
    if delta_passages > max(MIN_DELTA_PASSAGES, MAX_DELTA_SHARE * base.size):
        return None
    base_counts = base.passage_counts
    dead = np.repeat(~np.array(alive, dtype=bool), base_counts)
    try:
        delta = PassageIndex.build(delta_counts, base.config, frozen=base)
    except EmptyIndexError:  # only removals, or new articles without a word to index
        delta, fresh, delta_counts = None, (), []
    passage_counts = [*base_counts.tolist(), *(len(c.passages.lengths) for c in delta_counts)]
    return KnowledgeIndex(
        articles=tuple(articles),
        passages=PassageTable((*base_articles, *fresh), passage_counts),
        index=LayeredIndex(base, delta, dead if dead.any() else None),
        tokenizer=previous.tokenizer,
        segments=(base_articles, fresh) if delta is not None else (base_articles,),
    )
