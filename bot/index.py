"""TF-IDF passage index: built once from tokens, queried many times. No Telegram, no I/O.

A passage's score adds three cosine similarities, each a TF-IDF model of its own:
- words: word unigrams and bigrams of title + passage (sublinear tf);
- title: word unigrams and bigrams of the article title alone, so a question naming the
  article's subject prefers that article;
- article: word unigrams and bigrams of the whole article, so the passage of an article
  that is about the question as a whole beats a stray passage elsewhere;
- characters: character 2-4-grams within words of the normalized text, which still
  match when the segmenter cuts an unknown name differently in question and passage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.tokenizer import with_bigrams


@dataclass(frozen=True)
class IndexConfig:
    title_weight: float = 0.2
    article_weight: float = 1.0
    char_weight: float = 0.5
    char_ngrams: tuple[int, int] = (2, 4)


SMALL_CORPUS = 50


class EmptyIndexError(ValueError):
    """No passage has a single word to index."""


class IndexDoc(NamedTuple):
    """What the index needs of one passage (tokens already normalized)."""

    title_tokens: Sequence[str]
    body_tokens: Sequence[str]
    group: int  # article number: passages of one article share the title vector


class Hit(NamedTuple):
    doc: int
    score: float


def _identity(doc: list[str]) -> list[str]:
    return doc


def _word_vectorizer() -> TfidfVectorizer:
    # token_pattern=None: documents arrive as token lists; the default pattern shreds Thai.
    return TfidfVectorizer(
        analyzer=_identity,
        token_pattern=None,
        lowercase=False,
        sublinear_tf=True,
        dtype=np.float32,
    )


def _char_text(tokens: Sequence[str]) -> str:
    return " ".join(tokens)


@dataclass(frozen=True)
class PassageIndex:
    config: IndexConfig
    word_model: TfidfVectorizer
    word_matrix: sparse.csr_matrix  # passages x terms
    title_model: TfidfVectorizer
    title_matrix: sparse.csr_matrix  # articles x title terms
    article_model: TfidfVectorizer
    article_matrix: sparse.csr_matrix  # articles x terms
    group_row: np.ndarray  # passage -> row in the article matrices
    char_model: TfidfVectorizer | None
    char_matrix: sparse.csr_matrix | None
    size: int

    @classmethod
    def build(cls, docs: Sequence[IndexDoc], config: IndexConfig | None = None) -> PassageIndex:
        config = config or IndexConfig()
        if not any(d.body_tokens or d.title_tokens for d in docs):
            raise EmptyIndexError("cannot build an index over passages without words")
        word_model = _word_vectorizer()
        word_matrix = word_model.fit_transform(
            [with_bigrams([*d.title_tokens, *d.body_tokens]) for d in docs]
        )
        # Title and article IDF count each article once, however many passages it has.
        row_of_group: dict[int, int] = {}
        titles: list[list[str]] = []
        bodies: list[list[str]] = []
        for d in docs:
            row = row_of_group.setdefault(d.group, len(titles))
            if row == len(titles):
                titles.append(with_bigrams(d.title_tokens))
                bodies.append(list(d.title_tokens))
            bodies[row].extend(d.body_tokens)
        title_model = _word_vectorizer()
        title_matrix = title_model.fit_transform(titles)
        article_model = _word_vectorizer()
        article_matrix = article_model.fit_transform([with_bigrams(b) for b in bodies])
        group_row = np.array([row_of_group[d.group] for d in docs], dtype=np.int64)
        char_model = None
        char_matrix = None
        if config.char_weight > 0:
            # Pruning n-grams seen once saves memory on a real corpus; a tiny one keeps all.
            char_model = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=config.char_ngrams,
                lowercase=False,
                sublinear_tf=True,
                dtype=np.float32,
                min_df=2 if len(docs) >= SMALL_CORPUS else 1,
            )
            try:
                char_matrix = char_model.fit_transform(
                    [_char_text([*d.title_tokens, *d.body_tokens]) for d in docs]
                )
            except ValueError:  # no n-gram survived: the word models still work
                char_model = None
        return cls(
            config=config,
            word_model=word_model,
            word_matrix=word_matrix.tocsr(),
            title_model=title_model,
            title_matrix=title_matrix.tocsr(),
            article_model=article_model,
            article_matrix=article_matrix.tocsr(),
            group_row=group_row,
            char_model=char_model,
            char_matrix=None if char_matrix is None else char_matrix.tocsr(),
            size=len(docs),
        )

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """Score of every passage for the question tokens (zeros when nothing matches)."""
        total = np.zeros(self.size, dtype=np.float32)
        if not tokens:
            return total
        grams = [with_bigrams(tokens)]
        total += _cosine(self.word_matrix, self.word_model.transform(grams))
        per_article = np.zeros(self.title_matrix.shape[0], dtype=np.float32)
        if self.config.title_weight:
            per_article += self.config.title_weight * _cosine(
                self.title_matrix, self.title_model.transform(grams)
            )
        if self.config.article_weight:
            per_article += self.config.article_weight * _cosine(
                self.article_matrix, self.article_model.transform(grams)
            )
        total += per_article[self.group_row]
        if self.char_model is not None and self.char_matrix is not None:
            char_query = self.char_model.transform([_char_text(tokens)])
            total += self.config.char_weight * _cosine(self.char_matrix, char_query)
        return total

    def term_weight(self, term: str) -> float | None:
        """IDF of a word in the passage model; None for a word the corpus never uses."""
        column = self.word_model.vocabulary_.get(term)
        return None if column is None else float(self.word_model.idf_[column])

    @property
    def max_term_weight(self) -> float:
        return float(self.word_model.idf_.max())

    def search(self, tokens: Sequence[str], k: int = 5) -> list[Hit]:
        """Best k passages, best first; k is capped at the corpus size, no match -> []."""
        k = max(0, min(k, self.size))
        if k == 0 or not tokens:
            return []
        scores = self.scores(tokens)
        candidates = np.flatnonzero(scores > 0)
        if candidates.size == 0:
            return []
        if candidates.size > k:
            top = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
        else:
            top = candidates
        order = top[np.lexsort((top, -scores[top]))]
        return [Hit(int(i), float(scores[i])) for i in order]


def _cosine(matrix: sparse.csr_matrix, query: sparse.csr_matrix) -> np.ndarray:
    """Rows are l2-normalized by TfidfVectorizer, so a sparse product is the cosine."""
    return np.asarray((matrix @ query.T).toarray()).ravel()
