"""`eval`: answer quality as users feel it, for the engine beside two baselines, on the
same passages and the same tokens, in one run.

Besides answer@1 and source@1: highlight@1 (the gold answer lies in the highlight; a
baseline's highlight is its passage's first 200 characters), the answers' median length,
and the "article removed" rate: each question asked again of the knowledge without its
own article (one fold of articles left out at a time) must be declined, or be right all
the same. A decline of an in-scope question counts as a miss."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from tqdm import tqdm

from bot.engine.answering import analyse_question, ask, rank
from bot.engine.knowledge import KnowledgeIndex, build_index
from bot.engine.ranking import HIGHLIGHT_CHARS, NAMED_SHARE, shipped_model
from bot.text.articles import Article
from bot.text.normalize import normalize_for_matching
from bot.text.tokenizer import segment, tokenize
from bot.tools import QuestionFileError
from bot.tools.train import FOLDS, contains, fold_of

log = logging.getLogger(__name__)

BASELINE_ANSWER_CHARS = 600


@dataclass(frozen=True)
class Prediction:
    found: bool
    answer: str
    highlight: str
    url: str | None
    urls: tuple[str, ...]  # ranked, distinct articles
    confidence: float = 1.0


@dataclass(frozen=True)
class Scores:
    name: str
    answer_at_1: float
    highlight_at_1: float
    source_at_1: float
    source_at_5: float
    answered: float
    answer_chars: float
    removed_ok: float | None
    declined: float | None
    latency_p50_ms: float
    latency_p95_ms: float


System = Callable[[str], Prediction]
Systems = Callable[[KnowledgeIndex], list[tuple[str, System]]]


def read_jsonl(path: Path) -> list[dict[str, object]]:
    """A question file: one JSON object with a "question" per line (blank lines aside)."""
    rows: list[dict[str, object]] = []
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise QuestionFileError(f"{path} line {number}: not JSON ({exc.msg})") from None
                if not isinstance(row, dict) or not isinstance(row.get("question"), str):
                    raise QuestionFileError(
                        f'{path} line {number}: not an object with a "question" text'
                    )
                rows.append(row)
    except UnicodeDecodeError:
        raise QuestionFileError(f"{path}: not UTF-8 text") from None
    return rows


def with_gold_urls(
    rows: Sequence[dict[str, object]], articles: Sequence[Article], label: str
) -> list[dict[str, object]]:
    """The rows, each naming its article by URL: a row that names it by the file it was
    read from instead ("file": "vn-rice-exports.txt", as the hand-written news sets do,
    whose made-up articles carry no URL a writer would know) gets that article's URL."""
    by_file: dict[str, list[str]] = {}
    for article in articles:
        by_file.setdefault(Path(article.source).name, []).append(article.url)
    out: list[dict[str, object]] = []
    for number, row in enumerate(rows, start=1):
        file = row.get("file")
        if row.get("url") is not None:
            out.append(row)
            continue
        if file is None:
            raise QuestionFileError(
                f'{label} question {number}: no "url" or "file" names its article'
                " (a question no article answers goes with --ood)"
            )
        urls = by_file.get(str(file), [])
        if len(urls) != 1:
            held = "no article" if not urls else "more than one article"
            raise QuestionFileError(
                f'{label} question {number}: its "file" {file} holds {held} of the knowledge'
            )
        out.append({**row, "url": urls[0]})
    return out


def engine_system(kb: KnowledgeIndex, cut: float | None = None) -> System:
    """The engine; `cut` overrides the shipped model's confidence cut (0 answers all)."""
    model = shipped_model()
    if cut is not None:
        model = replace(model, threshold=cut)

    def predict(question: str) -> Prediction:
        answer = ask(kb, question, k=5, model=model)
        return Prediction(
            answer.found,
            answer.answer or "",
            answer.highlight or "",
            answer.url,
            tuple(r.url for r in answer.results),
            answer.confidence,
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
        return Prediction(False, "", "", None, ())
    top = kb.passages[order[0]]
    return Prediction(
        True,
        top.text[:BASELINE_ANSWER_CHARS],
        top.text[:HIGHLIGHT_CHARS],
        top.article.url,
        tuple(urls[:5]),
    )


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
            return Prediction(False, "", "", None, ())
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


def _declines(question: str) -> Prediction:
    return Prediction(False, "", "", None, ())


def all_systems(baselines: bool) -> Systems:
    def make(kb: KnowledgeIndex) -> list[tuple[str, System]]:
        systems: list[tuple[str, System]] = [("this engine", engine_system(kb))]
        if baselines and len(kb.passages) == 0:  # a fold that left nothing to search
            systems += [("BM25 (bm25s)", _declines), ("plain scikit-learn TF-IDF", _declines)]
        elif baselines:
            try:
                systems.append(("BM25 (bm25s)", bm25_system(kb)))
            except ImportError:
                log.warning("bm25s is not installed (pip install -e '.[eval]'): no BM25 column")
            systems.append(("plain scikit-learn TF-IDF", plain_tfidf_system(kb)))
        return systems

    return make


@dataclass
class _Tally:
    right: int = 0
    highlighted: int = 0
    source: int = 0
    source5: int = 0
    answered: int = 0
    removed_ok: int = 0
    removed: int = 0
    declined: int = 0
    outside: int = 0

    def __post_init__(self) -> None:
        self.lengths: list[int] = []
        self.latencies: list[float] = []


def _golds(row: dict[str, object]) -> list[str]:
    return [str(a) for a in row.get("answers", []) or []]  # type: ignore[attr-defined]


def evaluate(
    kb: KnowledgeIndex,
    questions: Sequence[dict[str, object]],
    out_of_scope: Sequence[dict[str, object]],
    baselines: bool = True,
    folds: Sequence[tuple[int, KnowledgeIndex]] = (),
) -> list[Scores]:
    """Every system on every question; with `folds` (`without_folds`), also each question
    asked of the knowledge without its article's fold."""
    systems = all_systems(baselines)(kb)
    tallies = {name: _Tally() for name, _ in systems}
    for name, predict in systems:
        tally = tallies[name]
        for row in _bar(questions, name):
            started = time.perf_counter()
            p = predict(str(row["question"]))
            tally.latencies.append(time.perf_counter() - started)
            golds = _golds(row)
            if p.found:
                tally.answered += 1
                tally.lengths.append(len(p.answer))
                right_source = p.url == row.get("url")
                tally.source += right_source
                tally.right += right_source and contains(p.answer, golds)
                tally.highlighted += right_source and contains(p.highlight, golds)
            tally.source5 += row.get("url") in p.urls[:5]
        for row in out_of_scope:
            tally.outside += 1
            tally.declined += not predict(str(row["question"])).found
    if folds:
        for fold, fold_kb in folds:
            for name, predict in all_systems(baselines)(fold_kb):
                tally = tallies[name]
                for row in _bar(questions, f"{name}, fold {fold + 1} removed"):
                    if fold_of(str(row.get("url")), FOLDS) != fold:
                        continue
                    p = predict(str(row["question"]))
                    tally.removed += 1
                    tally.removed_ok += (not p.found) or p.url == row.get("url")
    return [_scores(name, tallies[name], len(questions)) for name, _ in systems]


def _bar(rows: Sequence[dict[str, object]], label: str) -> Iterable[dict[str, object]]:
    """A progress bar on a terminal; nothing in logs and pipes."""
    return tqdm(rows, desc=label, unit=" questions", disable=None, leave=False)


def without_folds(articles: Sequence[Article]) -> list[tuple[int, KnowledgeIndex]]:
    """The knowledge without each fold of articles in turn (`training.fold_of`)."""
    out = []
    for fold in range(FOLDS):
        kept = [a for a in articles if fold_of(a.url, FOLDS) != fold]
        out.append((fold, build_index(kept)))
    return out


def _scores(name: str, t: _Tally, questions: int) -> Scores:
    n = max(1, questions)
    ms = np.array(t.latencies or [0.0]) * 1000
    return Scores(
        name,
        t.right / n,
        t.highlighted / n,
        t.source / n,
        t.source5 / n,
        t.answered / n,
        float(np.median(t.lengths)) if t.lengths else 0.0,
        t.removed_ok / t.removed if t.removed else None,
        t.declined / t.outside if t.outside else None,
        float(np.percentile(ms, 50)),
        float(np.percentile(ms, 95)),
    )


def format_table(rows: Sequence[Scores]) -> str:
    header = (
        "| system | answer@1 | highlight@1 | source@1 | source@5 | in-scope answered"
        " | answer chars (median) | article removed: declined or right"
        " | out-of-scope declined | p50 ms | p95 ms |"
    )
    lines = [header, "|---" * 11 + "|"]

    def rate(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    for r in rows:
        lines.append(
            f"| {r.name} | {r.answer_at_1:.3f} | {r.highlight_at_1:.3f} | {r.source_at_1:.3f}"
            f" | {r.source_at_5:.3f} | {r.answered:.3f} | {r.answer_chars:.0f}"
            f" | {rate(r.removed_ok)} | {rate(r.declined)}"
            f" | {r.latency_p50_ms:.1f} | {r.latency_p95_ms:.1f} |"
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class FollowUpScores:
    asked: str
    answer_at_1: float
    source_at_1: float
    removed_ok: float | None  # asked without its article: declined (none is right then)


def follow_up_scores(
    kb: KnowledgeIndex,
    questions: Sequence[dict[str, object]],
    folds: Sequence[tuple[int, KnowledgeIndex]] = (),
) -> list[FollowUpScores]:
    """The engine on each question asked alone, as a follow-up of an answer from its own
    article (the dev set's questions come in runs on one article, as in a chat), and
    right after an answer from another article (the next question's in the file that is
    on another one: a change of subject), and in file order as one chat, each after the
    answer the one before got (its `about`, as the bot keeps it). Without its article,
    asked after an answer from another article, a question must still be declined."""
    urls = [str(row.get("url")) for row in questions]

    def other(i: int, allowed: Callable[[str], bool]) -> str | None:
        for step in range(1, len(urls)):
            url = urls[(i + step) % len(urls)]
            if url != urls[i] and allowed(url):
                return url
        return None

    declined = asked = 0
    for fold, fold_kb in folds:
        kept = {a.url for a in fold_kb.articles}
        for i, row in enumerate(questions):
            if fold_of(urls[i], FOLDS) != fold:
                continue
            answer = ask(fold_kb, str(row["question"]), after=other(i, kept.__contains__))
            asked += 1
            declined += not answer.found
    # each way: the `after` of question i, given the `about` of the answer before it
    ways: tuple[tuple[str, Callable[[int, str | None], str | None]], ...] = (
        ("alone", lambda i, before: None),
        ("in file order, each after the answer before", lambda i, before: before),
        ("after an answer from its own article", lambda i, before: urls[i]),
        ("after an answer from another article", lambda i, before: other(i, lambda u: True)),
    )
    rows: list[FollowUpScores] = []
    for label, after_of in ways:
        right = source = 0
        before: str | None = None
        for i, row in enumerate(_bar(questions, f"follow-ups, {label}")):
            answer = ask(kb, str(row["question"]), after=after_of(i, before))
            before = answer.about
            good = answer.found and answer.url == row.get("url")
            source += good
            right += good and contains(answer.answer or "", _golds(row))
        n = max(1, len(questions))
        rows.append(FollowUpScores(label, right / n, source / n, None))
    if asked:  # asked after another article's answer, without their own article
        rows[-1] = replace(rows[-1], removed_ok=declined / asked)
    return rows


def format_follow_ups(rows: Sequence[FollowUpScores]) -> str:
    lines = [
        "| this engine, asked | answer@1 | source@1 | article removed: declined |",
        "|---|---|---|---|",
    ]
    for r in rows:
        removed = "" if r.removed_ok is None else f"{r.removed_ok:.3f}"
        lines.append(f"| {r.asked} | {r.answer_at_1:.3f} | {r.source_at_1:.3f} | {removed} |")
    return "\n".join(lines)


def _at_cut(kb: KnowledgeIndex, question: str, p: Prediction) -> float:
    """The highest cut at which the answer is still given (-1: never)."""
    if not p.found:
        return -1.0
    ranked = rank(kb, analyse_question(kb, question), shipped_model())
    if ranked.candidates and ranked.candidates[0].view.title_named:
        return min(1.0, p.confidence / NAMED_SHARE)
    return p.confidence


def plot_cut(
    kb: KnowledgeIndex,
    questions: Sequence[dict[str, object]],
    out_of_scope: Sequence[dict[str, object]],
    path: Path,
    folds: Sequence[tuple[int, KnowledgeIndex]],
) -> None:
    """Right answers, wrong answers and declines as the confidence cut moves, for the
    questions, the same questions without their article, and the out-of-scope lines,
    with the shipped cut marked: what an operator needs to choose the cut. An answer to
    a question that names its article's title is given from a third of the cut
    (`ranking.answers`), so it counts as answered up to three times its confidence."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    predict = engine_system(kb, cut=0.0)
    inside: list[tuple[float, bool]] = []
    for row in questions:
        p = predict(str(row["question"]))
        good = p.found and p.url == row.get("url") and contains(p.answer, _golds(row))
        inside.append((_at_cut(kb, str(row["question"]), p), good))
    removed: list[float] = []
    for fold, fold_kb in folds:
        fold_predict = engine_system(fold_kb, cut=0.0)
        for row in questions:
            if fold_of(str(row.get("url")), FOLDS) == fold:
                p = fold_predict(str(row["question"]))
                wrong = p.found and p.url != row.get("url")
                removed.append(_at_cut(fold_kb, str(row["question"]), p) if wrong else -1.0)
    outside = [_at_cut(kb, str(r["question"]), predict(str(r["question"]))) for r in out_of_scope]
    cuts = np.linspace(0, 1, 101)
    conf = np.array([c for c, _ in inside])
    right = np.array([r for _, r in inside], dtype=bool)
    n = max(1, len(inside))
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.plot(cuts, [((conf >= c) & right).sum() / n for c in cuts], label="questions: right answer")
    ax.plot(cuts, [((conf >= c) & ~right).sum() / n for c in cuts], label="questions: wrong answer")
    ax.plot(cuts, [(conf < c).sum() / n for c in cuts], label="questions: declined")
    for confidences, label, style in (
        (removed, "article removed: wrong answer", "--"),
        (outside, "out of scope: answered", ":"),
    ):
        if confidences:
            values = np.array(confidences)
            shares = [(values >= c).sum() / values.size for c in cuts]
            ax.plot(cuts, shares, label=label, linestyle=style)
    shipped = shipped_model().threshold
    ax.axvline(shipped, color="grey", linewidth=1)
    ax.annotate(
        f"shipped cut {shipped:.2f}", (shipped, 0.95), xytext=(5, 0), textcoords="offset points"
    )
    ax.set_xlabel("confidence cut")
    ax.set_ylabel("share of questions")
    ax.set_ylim(0, 1)
    ax.legend(loc="center right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
