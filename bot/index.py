"""TF-IDF passage index: built once from tokens, queried many times. No Telegram, no I/O.

A passage's score adds four cosine similarities, each a TF-IDF model of its own:
- words: word unigrams and bigrams of title + passage (sublinear tf);
- article: word unigrams and bigrams of the whole article, so the passage of an article
  that is about the question as a whole beats a stray passage elsewhere;
- title: word unigrams and bigrams of the article title alone, so a question naming the
  article's subject prefers that article;
- characters: character 2-4-grams within words, which still match when the segmenter
  cuts an unknown name differently in question and passage. Common short n-grams have
  long posting lists, so this one only re-ranks the best candidates of the other three.

The word models are stored term-major (terms x documents): a question touches only the
posting rows of its own terms, so the cost follows the question, not the corpus.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.tokenizer import with_bigrams

SMALL_CORPUS = 50
RERANK_CANDIDATES = 200


@dataclass(frozen=True)
class IndexConfig:
    title_weight: float = 0.2
    article_weight: float = 1.0
    char_weight: float = 0.5
    char_ngrams: tuple[int, int] = (2, 4)
    candidates: int = RERANK_CANDIDATES


class EmptyIndexError(ValueError):
    """No passage has a single word to index."""


class IndexDoc(NamedTuple):
    """What the index needs of one passage (tokens already normalized)."""

    title_tokens: Sequence[str]
    body_tokens: Sequence[str]
    group: int  # article number: passages of one article share the title and article rows


class Hit(NamedTuple):
    doc: int
    score: float


def _identity(doc: list[str]) -> list[str]:
    return doc


@dataclass(frozen=True)
class TermModel:
    """One TF-IDF model over token lists, stored as posting rows (terms x documents)."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    postings: sparse.csr_matrix
    size: int

    @classmethod
    def fit(cls, documents: list[list[str]]) -> TermModel:
        # token_pattern=None: documents arrive as token lists; the default pattern shreds Thai.
        vectorizer = TfidfVectorizer(
            analyzer=_identity,
            token_pattern=None,
            lowercase=False,
            sublinear_tf=True,
            dtype=np.float32,
        )
        matrix = vectorizer.fit_transform(documents)
        return cls(
            vocabulary=dict(vectorizer.vocabulary_),
            idf=vectorizer.idf_.astype(np.float32),
            postings=matrix.T.tocsr(),
            size=matrix.shape[0],
        )

    def query(self, grams: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Column ids and l2-normalized sublinear tf-idf weights, as sklearn would."""
        counts = Counter(g for g in grams if g in self.vocabulary)
        if not counts:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        cols = np.fromiter((self.vocabulary[g] for g in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), np.float32, len(counts))
        weights = tf * self.idf[cols]
        return cols, weights / np.linalg.norm(weights)

    def scores(self, grams: Sequence[str]) -> np.ndarray:
        """Walk the posting rows of the question's terms only (cosine: rows are l2-normed)."""
        out = np.zeros(self.size, dtype=np.float32)
        cols, weights = self.query(grams)
        indptr, indices, data = self.postings.indptr, self.postings.indices, self.postings.data
        for col, weight in zip(cols.tolist(), weights.tolist(), strict=True):
            start, end = indptr[col], indptr[col + 1]
            out[indices[start:end]] += weight * data[start:end]  # one posting per document
        return out

    def weight(self, term: str) -> float | None:
        column = self.vocabulary.get(term)
        return None if column is None else float(self.idf[column])


@dataclass(frozen=True)
class PassageIndex:
    config: IndexConfig
    words: TermModel  # over passages
    titles: TermModel  # over articles
    articles: TermModel  # over articles
    group_row: np.ndarray  # passage -> article row
    char_model: TfidfVectorizer | None
    char_matrix: sparse.csr_matrix | None  # passages x char n-grams, for re-ranking
    size: int

    @classmethod
    def build(cls, docs: Sequence[IndexDoc], config: IndexConfig | None = None) -> PassageIndex:
        config = config or IndexConfig()
        if not any(d.body_tokens or d.title_tokens for d in docs):
            raise EmptyIndexError("cannot build an index over passages without words")
        words = TermModel.fit([with_bigrams([*d.title_tokens, *d.body_tokens]) for d in docs])
        # Title and article IDF count each article once, however many passages it has.
        row_of_group: dict[int, int] = {}
        titles: list[list[str]] = []
        bodies: list[list[str]] = []
        for d in docs:
            row = row_of_group.setdefault(d.group, len(titles))
            if row == len(titles):
                titles.append(with_bigrams(d.title_tokens) or [""])
                bodies.append(list(d.title_tokens))
            bodies[row].extend(d.body_tokens)
        char_model, char_matrix = (
            _fit_chars(docs, config) if config.char_weight > 0 else (None, None)
        )
        return cls(
            config=config,
            words=words,
            titles=TermModel.fit(titles),
            articles=TermModel.fit([with_bigrams(b) or [""] for b in bodies]),
            group_row=np.array([row_of_group[d.group] for d in docs], dtype=np.int64),
            char_model=char_model,
            char_matrix=char_matrix,
            size=len(docs),
        )

    def term_weight(self, term: str) -> float | None:
        """IDF of a word in the passage model; None for a word the corpus never uses."""
        return self.words.weight(term)

    @property
    def max_term_weight(self) -> float:
        return float(self.words.idf.max())

    def search(self, tokens: Sequence[str], k: int = 5) -> list[Hit]:
        """Best k passages, best first; k is capped at the corpus size, no match -> []."""
        k = max(0, min(k, self.size))
        if k == 0 or not tokens:
            return []
        grams = with_bigrams(tokens)
        scores = self.words.scores(grams)
        per_article = np.zeros(self.titles.size, dtype=np.float32)
        if self.config.title_weight:
            per_article += self.config.title_weight * self.titles.scores(grams)
        if self.config.article_weight:
            per_article += self.config.article_weight * self.articles.scores(grams)
        scores += per_article[self.group_row]
        candidates = _top(scores, max(k, self.config.candidates))
        if candidates.size == 0:
            return []
        final = scores[candidates]
        if self.char_model is not None and self.char_matrix is not None:
            query = _char_query(self.char_model, " ".join(tokens))
            if query is not None:
                chars = np.asarray(self.char_matrix[candidates] @ query).ravel()
                final = final + self.config.char_weight * chars
        order = np.lexsort((candidates, -final))[:k]
        return [Hit(int(candidates[i]), float(final[i])) for i in order]


def _char_query(model: TfidfVectorizer, text: str) -> np.ndarray | None:
    """The question's char n-gram vector, dense over the vocabulary; what
    `model.transform` computes, without its per-call validation overhead."""
    counts = Counter(g for g in model.build_analyzer()(text) if g in model.vocabulary_)
    if not counts:
        return None
    cols = np.fromiter((model.vocabulary_[g] for g in counts), dtype=np.int64, count=len(counts))
    tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), np.float32, len(counts))
    weights = tf * model.idf_[cols].astype(np.float32)
    vector = np.zeros(len(model.vocabulary_), dtype=np.float32)
    vector[cols] = weights / np.linalg.norm(weights)
    return vector


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the n best positive scores (any order)."""
    positive = np.flatnonzero(scores > 0)
    if positive.size <= n:
        return positive
    return positive[np.argpartition(-scores[positive], n - 1)[:n]]


def _fit_chars(
    docs: Sequence[IndexDoc], config: IndexConfig
) -> tuple[TfidfVectorizer | None, sparse.csr_matrix | None]:
    # Pruning n-grams seen once saves memory on a real corpus; a tiny one keeps all.
    model = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=config.char_ngrams,
        lowercase=False,
        sublinear_tf=True,
        dtype=np.float32,
        min_df=2 if len(docs) >= SMALL_CORPUS else 1,
    )
    try:
        matrix = model.fit_transform([" ".join([*d.title_tokens, *d.body_tokens]) for d in docs])
    except ValueError:  # no n-gram survived: the word models still work
        return None, None
    model.stop_words_ = None  # the pruned n-grams: large, and never needed again
    return model, matrix.tocsr()
