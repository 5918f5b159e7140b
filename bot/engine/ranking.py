"""The learned part of answering: re-rank the retriever's candidate passages, judge
whether the best one answers at all, and pick the highlight inside it.

Three linear models over the signals in `bot.engine.evidence`, fitted by `python -m bot train`
(`bot.tools.train`) and shipped as JSON (`bot/models/answer_model.json`): a file on disk is
data, never code. A linear model is enough here: the signals are few, already scaled
to 0..1 shares, and a model that small is easy to read and hard to over-fit."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.engine.evidence import (
    EVIDENCE,
    EVIDENCE_KINDS,
    best_window_weight,
    bm25,
    bm25_by_counts,
    count,
    counts,
    covered_by_counts,
    covered_weight,
    evidence_for,
    gram_share,
    has_evidence,
    longest_phrase,
    masked,
    occurrences,
    pair_share,
)
from bot.engine.names import bare_name, english_name, names_in_latin, title_name
from bot.engine.question import Kind, Question, asked_nouns
from bot.text.articles import Article, Passage
from bot.text.normalize import fold_for_search
from bot.text.sound import skeleton

MODEL_FILE = Path(__file__).with_name("models") / "answer_model.json"
MODEL_FORMAT = 1
CANDIDATES = 16  # passages from the retriever that the model re-ranks
HIGHLIGHT_CHARS = 200
NEAR_CHARS = 200
PASSAGE_NORM = 700.0  # a typical passage's length, for BM25 (passages are cut at 700)
ARTICLE_NORM = 3000.0  # a typical article's length

PASSAGE_FEATURES = (
    "score_ratio",
    "score",
    "rank",
    "cov_passage",
    "cov_article",
    "cov_title",
    "near_passage",
    "grams_passage",
    "grams_article",
    "grams_title",
    "pairs_passage",
    "pairs_article",
    "cov_context",
    "grams_context",
    "bm25_passage",
    "bm25_article",
    "phrase_passage",
    "asked_passage",
    "first_passage",
    "position",
    "length",
    "support",
    "latin_passage",
    "title_in_question",
    "title_named",
    "title_rival",
    *(f"kind_{k.value}" for k in EVIDENCE_KINDS),
    *(f"near_{k.value}" for k in EVIDENCE_KINDS),
)
CONFIDENCE_FEATURES = (
    "best",
    "margin",
    "score",
    "cov_passage",
    "cov_article",
    "cov_title",
    "near_passage",
    "grams_passage",
    "grams_article",
    "pairs_article",
    "missing_max",
    "unknown",
    "terms",
    "english",
    "kind_found",
)
WINDOW_FEATURES = (
    "cov",
    "beyond_title",
    "grams",
    "grams_beyond",
    "pairs",
    "first",
    "last",
    "room",
    "at_start",
    "at_end",
    "length",
    *(f"kind_{k.value}" for k in EVIDENCE_KINDS),
    *(f"after_{k.value}" for k in EVIDENCE_KINDS),
)


@dataclass(frozen=True)
class LinearModel:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def logits(self, rows: np.ndarray) -> np.ndarray:
        """NaN (a signal that does not exist here) counts as its mean: for nothing."""
        if np.isnan(rows).any():
            rows = np.where(np.isnan(rows), self.mean, rows)
        return ((rows - self.mean) / self.scale) @ self.coef + self.intercept

    @classmethod
    def from_json(cls, data: dict[str, object], features: Sequence[str]) -> LinearModel:
        names = tuple(str(n) for n in data["features"])  # type: ignore[attr-defined]
        if names != tuple(features):
            raise ValueError(f"model features {names} differ from the code's {tuple(features)}")
        arrays = [np.asarray(data[key], dtype=np.float64) for key in ("mean", "scale", "coef")]
        if any(a.shape != (len(names),) or not np.isfinite(a).all() for a in arrays):
            raise ValueError("model arrays do not match its features")
        mean, scale, coef = arrays
        scale = np.where(scale > 0, scale, 1.0)
        return cls(names, mean, scale, coef, float(data["intercept"]))  # type: ignore[arg-type]

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
        }


# The passage model's signals of where a passage sits in its article (`_place`): it
# learned them from encyclopedia questions, most of them answered by an article's
# opening.
PLACE_FEATURES = ("first_passage", "position")


def _place(position: int) -> tuple[float, float]:
    return float(position == 0), math.log1p(position)


def lede_lag(model: LinearModel, found: Sequence[Candidate]) -> np.ndarray:
    """Per candidate, how much less likely the passage model puts it than its article's
    first passage for where it sits alone, for a news (dated) article; 0 for an
    encyclopedia article's, whose opening answers most questions as the model learned
    (`choice.choose` weighs it)."""
    columns = [model.features.index(name) for name in PLACE_FEATURES]
    weights = model.coef[columns] / model.scale[columns]
    places = np.array([_place(c.passage.position) for c in found])
    lag = float(np.array(_place(0)) @ weights) - places @ weights
    dated = np.array([bool(c.passage.article.published) for c in found])
    return np.where(dated, lag, 0.0)


# An answer whose question names its article's title (exactly, or by ear) needs less
# confidence: a question that says "ก๋วยเตี๋ยว" in full is about the article of that
# name, even in other words than the article's ("มีต้นกำเนิดจากประเทศใด" for its
# "มีที่มาจาก"). Cross-validated at the same article-removed rate, a third of the cut
# answers 2 more of the 167 hand-translated questions and adds 0.001 to the dev
# questions' source@1. A share of the cut, so that one cut still sets how strict it is.
NAMED_SHARE = 1 / 3


def answers(confidence: float, threshold: float, title_named: bool) -> bool:
    """Whether an answer this sure is given rather than "not found"."""
    return confidence >= (threshold * NAMED_SHARE if title_named else threshold)


@dataclass(frozen=True)
class AnswerModel:
    passage: LinearModel
    confidence: LinearModel
    window: LinearModel
    threshold: float  # the confidence (probability) below which the bot says "not found"

    @classmethod
    def from_json(cls, data: dict[str, object]) -> AnswerModel:
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"answer model format {data.get('format')!r}, not {MODEL_FORMAT}")
        return cls(
            LinearModel.from_json(data["passage"], PASSAGE_FEATURES),  # type: ignore[arg-type]
            LinearModel.from_json(data["confidence"], CONFIDENCE_FEATURES),  # type: ignore[arg-type]
            LinearModel.from_json(data["window"], WINDOW_FEATURES),  # type: ignore[arg-type]
            float(data["threshold"]),  # type: ignore[arg-type]
        )

    def to_json(self) -> dict[str, object]:
        return {
            "format": MODEL_FORMAT,
            "threshold": round(self.threshold, 6),
            "passage": self.passage.to_json(),
            "confidence": self.confidence.to_json(),
            "window": self.window.to_json(),
        }


def load_model(path: Path = MODEL_FILE) -> AnswerModel:
    """JSON only (json.loads runs no code, unlike pickle)."""
    return AnswerModel.from_json(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def shipped_model() -> AnswerModel:
    return load_model(MODEL_FILE)


# --- passages -------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    passage: Passage
    score: float
    features: np.ndarray  # PASSAGE_FEATURES
    found: tuple[tuple[int, str], ...]  # the question's words in the passage (folded)
    folded: str  # the passage's folded text
    view: ArticleView  # its article's signals
    other: tuple[str, str]  # folded and display text without the question's words


def _latin_share(question: Question, found: Sequence[tuple[int, str]]) -> float:
    latin = {t: w for t, w in question.weights.items() if t.isascii()}
    total = sum(latin.values())
    if total <= 0:
        return 0.0
    return sum(latin[t] for t in {t for _, t in found} if t in latin) / total


FOLD_CACHE = 2048  # folded texts kept: questions come back to the same articles


@lru_cache(maxsize=FOLD_CACHE)
def _folded(text: str) -> str:
    return fold_for_search(text)


_ARTICLES: dict[tuple[str, str], tuple[str, str, str, str]] = {}
# The article-level signals read at most this much of an article (title first): a news
# article is shorter, and the work per question stays bounded however long one is.
ARTICLE_SIGNAL_CHARS = 6000


def _head(article: Article) -> str:
    parts, size = [article.title], len(article.title)
    for paragraph in article.paragraphs:
        if size >= ARTICLE_SIGNAL_CHARS:
            break
        parts.append(paragraph)
        size += len(paragraph) + 1
    return "\n".join(parts)[:ARTICLE_SIGNAL_CHARS]


# an acronym typed in capitals in a Thai question ("พรรค DPP ได้กี่ที่นั่ง"): of the 42 dev
# questions with one, none is on an article that never writes it
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z][A-Z0-9]{1,6}(?![A-Za-z])")


def acronyms_named(question: Question) -> tuple[str, ...]:
    """The acronyms a Thai question names and the knowledge writes, folded (one no
    article writes, "เซ็น MOU", may be written in Thai: บันทึกความเข้าใจ)."""
    if question.language != "th":
        return ()
    found = (m.lower() for m in _ACRONYM.findall(question.text))
    return tuple(a for a in found if a in question.weights and a not in question.unknown)


def _folded_article(article: Article) -> tuple[str, str, str, str]:
    """(title, title + text, title + first paragraph), folded, and the English name the
    first paragraph gives (`names.english_name`); kept by id and content fingerprint
    (hashing the article itself would read all its text)."""
    key = (article.id, article.fingerprint)
    found = _ARTICLES.get(key)
    if found is None:
        if len(_ARTICLES) >= FOLD_CACHE // 4:
            _ARTICLES.clear()
        # one fold: folding keeps lengths, and the title and lede begin the head
        head = fold_for_search(_head(article))
        lede = article.paragraphs[0] if len(article.paragraphs) else ""
        title_end = len(article.title)
        found = _ARTICLES[key] = (
            head[:title_end],
            head,
            head[: title_end + 1 + len(lede)],
            english_name(head[title_end : title_end + 1 + len(lede)]),
        )
    return found


class ArticleView:
    """An article's folded text and its signals, computed once per question."""

    def __init__(self, question: Question, article: Article) -> None:
        title, text, lede, english = _folded_article(article)
        self.title = title
        self.title_in_question = _title_share(self.title, question)
        name = _named_as(title, english, question)
        self.title_named = float(bool(name))
        self.name_weight = _name_weight(name, question) if name else 0.0
        self.text = text
        # a question on a place, a year, a field (สาขา X) or an acronym the article never
        # names is on another article
        self.names_all = (
            all(any(name in text for name in names) for names in question.places)
            and all(
                any(name in text for name in (acronym, *question.spellings.get(acronym, ())))
                for acronym in acronyms_named(question)
            )
            and all(re.search(rf"(?<![\d,])(?<!\d\.){year}(?!\d)", text) for year in question.years)
            and all(field in text for field in question.fields)
        )
        found = counts(question, self.text)
        self.cov = covered_by_counts(question, found)
        self.bm25 = bm25_by_counts(question, found, len(self.text), ARTICLE_NORM)
        in_title = counts(question, self.title)
        self.cov_title = covered_by_counts(question, in_title)
        # the question's words its title does not hold: what it asks about the subject the
        # title names, so where in a passage the answer sits
        self.beyond_title = {t: w for t, w in question.weights.items() if t not in in_title}
        self.grams = gram_share(question, self.text)
        self.grams_title = gram_share(question, self.title)
        self.pairs = pair_share(question, self.text)
        present = set(found)
        self.missing = frozenset(t for t in question.weights if t not in present)
        total = question.total_weight or 1.0
        self.missing_max = max((question.weights[t] / total for t in self.missing), default=0.0)
        # words the knowledge never uses as a word and this article does not hold either:
        # `ประชุม` is in no index of an article that says only `การประชุม`, yet that
        # article holds it
        self.unknown = (
            sum(question.weights[t] for t in question.unknown if t not in present) / total
        )
        # The question's words that its title and first paragraph already hold name its
        # topic; the others say what it asks about that topic (who chaired the meeting
        # the lede names), and the passage that holds those is the one that answers.
        self.lede = lede
        in_lede = set(counts(question, lede))
        self.asked = {t: w for t, w in question.weights.items() if t not in in_lede}
        self.evidence = evidence_for(question, self.text, bool(article.published))
        # a number in the unit a "how many" question counts in: stronger evidence
        self.counted = question.kind is Kind.NUMBER and self.evidence is not EVIDENCE[Kind.NUMBER]


def _asked_share(asked: dict[str, float], found: Sequence[tuple[int, str]]) -> float:
    """Share of the words beyond the article's topic that the passage holds (1 when the
    question asks nothing beyond it)."""
    total = sum(asked.values())
    if total <= 0:
        return 1.0
    return sum(asked[t] for t in {t for _, t in found} if t in asked) / total


def _title_share(title: str, question: Question) -> float:
    """Share of the title's trigrams of consonant sounds (`bot.text.sound`) that the
    question holds: a question that names an article's subject, in the article's
    spelling or in another one by ear (`เซตินเย` for the title `เซตีเนีย`)."""
    sounds = skeleton(title)
    grams = {sounds[i : i + 3] for i in range(len(sounds) - 2)}
    if not grams:
        return 0.0
    asked = skeleton(question.folded)
    return sum(g in asked for g in grams) / len(grams)


def _named_as(title: str, english: str, question: Question) -> str:
    """The article's name the question gives, "" if none: the whole title (without its
    bracketed part, spaces aside, an ordinal in words or digits: `ปลาโนรีครีบยาว` names
    that article, not `ปลาโนรีครีบสั้น`), the title by ear (`bot.engine.names`), or the
    English name its lede gives (`names.english_name`)."""
    name = title_name(title)
    bare = bare_name(name)
    if (len(bare) >= 2 and bare in bare_name(question.folded)) or name in question.heard:
        return bare
    return english if names_in_latin(english, question.folded) else ""


def _name_weight(name: str, question: Question) -> float:
    """The weight of the question's words that the name it gives holds: how specific a
    name it is (`อไญยนิยม` weighs more than `ภาษาอังกฤษ` in "อไญยนิยมภาษาอังกฤษคืออะไร")."""
    bare = bare_name(name)
    return sum(
        weight
        for term, weight in question.weights.items()
        if any(count(s, bare, question) for s in (term, *question.spellings.get(term, ())))
    )


def candidates(question: Question, hits: Sequence[tuple[Passage, str, float]]) -> list[Candidate]:
    """Features of each retrieved passage (best retriever score first), given with the
    text of the passage before it in its article ("" for a first passage): a news
    paragraph often answers about what the one before it named ("the meeting")."""
    if not hits:
        return []
    top = hits[0][2] or 1.0
    per_article: dict[str, int] = {}
    for passage, _, _ in hits:
        per_article[passage.article.id] = per_article.get(passage.article.id, 0) + 1
    views: dict[str, ArticleView] = {}
    for passage, _, _ in hits:
        if passage.article.id not in views:
            views[passage.article.id] = ArticleView(question, passage.article)
    # a question that names one candidate's title names its subject; an article whose
    # title it names less specifically, or not at all, is a rival's ("หญ้าคามีสรรพคุณ..."
    # names หญ้าคา, not the province คามีกิน that shares its letters)
    named = max(v.name_weight for v in views.values())
    out: list[Candidate] = []
    # what the question asks with is the answer's own word: "กี่คน" is answered "126 คน",
    # "ทวีปใด" "ทวีปเอเชีย"; not masked as the question's, so it shows what is asked for
    answer_words = asked_nouns(question)
    for rank, (passage, before, score) in enumerate(hits):
        article = passage.article
        view = views[article.id]
        folded = _folded(passage.text)
        found = occurrences(question, folded)
        other = _others(passage.text, folded, [f for f in found if f[1] not in answer_words])
        kinds = [
            float(question.kind is k and has_evidence(view.evidence, other[0]))
            for k in EVIDENCE_KINDS
        ]
        near, at = best_window_weight(question, found, NEAR_CHARS)
        context = _folded(before) + "\n" + folded if before else folded
        in_context = occurrences(question, context) if before else found
        around = slice(max(0, at - 20), at + NEAR_CHARS + 100)
        near_kinds = [
            float(question.kind is k and has_evidence(view.evidence, other[0][around]))
            for k in EVIDENCE_KINDS
        ]
        row = np.array(
            [
                score / top,
                score,
                math.log1p(rank),
                covered_weight(question, found),
                view.cov,
                view.cov_title,
                near,
                gram_share(question, folded),
                view.grams,
                view.grams_title,
                pair_share(question, folded),
                view.pairs,
                covered_weight(question, in_context),
                gram_share(question, context),
                bm25(question, found, len(folded), PASSAGE_NORM),
                view.bm25,
                longest_phrase(question, "".join(folded.split())),
                _asked_share(view.asked, found),
                *_place(passage.position),
                min(len(passage.text), 2 * PASSAGE_NORM) / PASSAGE_NORM,
                per_article[article.id] / len(hits),
                _latin_share(question, found),
                view.title_in_question,
                view.title_named,
                float(named > view.name_weight + 1e-9),
                *kinds,
                *near_kinds,
            ]
        )
        out.append(Candidate(passage, score, row, tuple(found), folded, view, other))
    return out


def _others(display: str, folded: str, found: Sequence[tuple[int, str]]) -> tuple[str, str]:
    other = masked(folded, found)
    return other, masked(display, found) if len(display) == len(folded) else display
