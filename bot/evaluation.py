"""`eval`: answer quality and latency of the engine beside two baselines, on the same
passages and the same tokens, in one run."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.engine import KnowledgeIndex, ask
from bot.normalize import normalize_for_matching, thai_digits_to_arabic
from bot.tokenizer import segment, tokenize

log = logging.getLogger(__name__)

BASELINE_ANSWER_CHARS = 600


@dataclass(frozen=True)
class Prediction:
    found: bool
    answer: str
    url: str | None
    urls: tuple[str, ...]  # ranked, distinct articles


@dataclass(frozen=True)
class Scores:
    name: str
    answer_at_1: float
    source_at_1: float
    source_at_5: float
    answered: float
    declined: float | None
    latency_p50_ms: float
    latency_p95_ms: float


System = Callable[[str], Prediction]


def read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def engine_system(kb: KnowledgeIndex) -> System:
    def predict(question: str) -> Prediction:
        answer = ask(kb, question, k=5)
        return Prediction(
            answer.found, answer.answer or "", answer.url, tuple(r.url for r in answer.results)
        )

    return predict


def _ranked_prediction(kb: KnowledgeIndex, order: Sequence[int]) -> Prediction:
    """Baselines always answer with their top passage's first characters (plain window)."""
    urls: list[str] = []
    for doc in order:
        url = kb.passages[doc].article.url
        if url not in urls:
            urls.append(url)
    if not urls:
        return Prediction(False, "", None, ())
    top = kb.passages[order[0]]
    return Prediction(True, top.text[:BASELINE_ANSWER_CHARS], top.article.url, tuple(urls[:5]))


def bm25_system(kb: KnowledgeIndex) -> System:
    import bm25s  # optional: only the evaluation needs it

    logging.getLogger("bm25s").setLevel(logging.WARNING)

    docs = [tokenize(f"{p.article.title}\n{p.text}") for p in kb.passages]
    retriever = bm25s.BM25()
    retriever.index(docs, show_progress=False)
    k = min(20, len(docs))

    def predict(question: str) -> Prediction:
        tokens = tokenize(question)
        if not tokens:
            return Prediction(False, "", None, ())
        found, scores = retriever.retrieve([tokens], k=k, show_progress=False)
        order = [int(d) for d, s in zip(found[0], scores[0], strict=True) if s > 0]
        return _ranked_prediction(kb, order)

    return predict


def plain_tfidf_system(kb: KnowledgeIndex) -> System:
    """scikit-learn's TfidfVectorizer with defaults, over the same pythainlp tokens."""
    vectorizer = TfidfVectorizer(tokenizer=segment, token_pattern=None, lowercase=False)
    matrix = vectorizer.fit_transform(
        [normalize_for_matching(f"{p.article.title}\n{p.text}") for p in kb.passages]
    )

    def predict(question: str) -> Prediction:
        query = vectorizer.transform([normalize_for_matching(question)])
        scores = np.asarray((matrix @ query.T).toarray()).ravel()
        order = [int(i) for i in np.argsort(-scores)[:20] if scores[i] > 0]
        return _ranked_prediction(kb, order)

    return predict


def _contains_answer(answer: str, golds: Sequence[str]) -> bool:
    from bot.training import contains

    return contains(answer, golds)


def score_system(
    name: str,
    predict: System,
    questions: Sequence[dict[str, object]],
    out_of_scope: Sequence[dict[str, object]],
) -> Scores:
    latencies: list[float] = []
    hits1 = src1 = src5 = answered = 0
    for row in questions:
        started = time.perf_counter()
        prediction = predict(str(row["question"]))
        latencies.append(time.perf_counter() - started)
        golds = [str(a) for a in row.get("answers", []) or []]  # type: ignore[attr-defined]
        if prediction.found:
            answered += 1
            hits1 += _contains_answer(prediction.answer, golds)
            src1 += prediction.url == row.get("url")
        src5 += row.get("url") in prediction.urls[:5]
    declined = None
    if out_of_scope:
        declined = sum(not predict(str(r["question"])).found for r in out_of_scope) / len(
            out_of_scope
        )
    n = max(1, len(questions))
    ms = np.array(latencies or [0.0]) * 1000
    return Scores(
        name,
        hits1 / n,
        src1 / n,
        src5 / n,
        answered / n,
        declined,
        float(np.percentile(ms, 50)),
        float(np.percentile(ms, 95)),
    )


def format_table(rows: Sequence[Scores]) -> str:
    header = (
        "| system | answer@1 | source@1 | source@5 | in-scope answered | out-of-scope declined"
        " | p50 ms | p95 ms |"
    )
    lines = [header, "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        declined = "n/a" if r.declined is None else f"{r.declined:.3f}"
        lines.append(
            f"| {r.name} | {r.answer_at_1:.3f} | {r.source_at_1:.3f} | {r.source_at_5:.3f} |"
            f" {r.answered:.3f} | {declined} | {r.latency_p50_ms:.1f} | {r.latency_p95_ms:.1f} |"
        )
    return "\n".join(lines)


def evaluate(
    kb: KnowledgeIndex,
    questions: Sequence[dict[str, object]],
    out_of_scope: Sequence[dict[str, object]],
    baselines: bool = True,
) -> list[Scores]:
    systems: list[tuple[str, System]] = [("this engine", engine_system(kb))]
    if baselines:
        try:
            systems.append(("BM25 (bm25s)", bm25_system(kb)))
        except ImportError:
            log.warning("bm25s is not installed (pip install -e '.[eval]'): BM25 column skipped")
        systems.append(("plain scikit-learn TF-IDF", plain_tfidf_system(kb)))
    return [score_system(name, predict, questions, out_of_scope) for name, predict in systems]
