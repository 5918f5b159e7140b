"""`python -m bot bench`: build, start-up, reload, query latency and memory at growing
corpus sizes, beside bm25s and rank_bm25 on the same passages and tokens.

Corpora are recombined from the dev set: each synthetic article joins paragraphs from
several real articles under a new title, so articles and titles are distinct. Each size
runs in its own process so that peak memory is that size's own.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from bot.engine.answering import ask
from bot.engine.cache import IndexCache
from bot.engine.knowledge import MIN_DELTA_PASSAGES, KnowledgeIndex
from bot.text.articles import Article
from bot.text.loader import FileEntry, load_knowledge
from bot.text.passages import split_article
from bot.text.tokenizer import tokenize

DEV = Path(__file__).resolve().parents[2] / "data" / "dev"
SIZES = (2_000, 20_000, 200_000)
QUERIES = 500


def synthesize(articles: Sequence[Article], passages: int, seed: int = 7) -> list[dict[str, str]]:
    """Distinct articles of 2-5 paragraphs drawn from different real articles."""
    rng = random.Random(seed)
    paragraphs = [(a.title, p) for a in articles for p in a.paragraphs if len(p) > 40]
    records: list[dict[str, str]] = []
    total = 0
    while total < passages:
        picks = rng.sample(paragraphs, rng.randint(2, 5))
        number = len(records)
        title = f"{picks[0][0]} และ{picks[-1][0]} ({number})"
        text = "\n\n".join(p for _, p in picks)
        article = Article(str(number), title, f"https://bench.example/{number}", (text,))
        total += len(split_article(article))
        records.append(
            {
                "id": str(number),
                "title": title,
                "url": article.url,
                "published": "2024-01-01",
                "text": text,
            }
        )
    return records


def write_corpus(
    folder: Path, records: list[dict[str, str]], per_file: int = 5000, name: str = "part"
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(records), per_file):
        with (folder / f"{name}-{start // per_file:04d}.jsonl").open("w", encoding="utf-8") as out:
            for record in records[start : start + per_file]:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    ms = np.array(samples) * 1000
    return {f"p{p}": float(np.percentile(ms, p)) for p in (50, 95, 99)} | {
        "qps": len(samples) / float(np.sum(samples))
    }


def threaded_qps(answer: Callable[[str], object], questions: Sequence[str]) -> float:
    """Questions per second with two threads asking at once, as the bot's workers do."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(answer, questions[:50]))  # warm
        started = time.perf_counter()
        list(pool.map(answer, questions))
    return len(questions) / (time.perf_counter() - started)


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def resident_file_mb(index_folder: Path) -> tuple[float, float] | None:
    """Resident file-backed pages, in MB: those of the memory-mapped index files in
    `index_folder`, and all others (shared libraries; numba's LLVM alone is about
    100 MB). Both are shared with the page cache, and the kernel drops them under
    pressure. Linux only; None elsewhere."""
    folder = str(index_folder.resolve())
    index_kb = other_kb = 0
    path = ""
    try:
        with open("/proc/self/smaps", encoding="utf-8", errors="replace") as smaps:
            for line in smaps:
                fields = line.split(maxsplit=5)
                if not fields:
                    continue
                if not fields[0].endswith(":"):  # a mapping's first line
                    path = fields[5].strip() if len(fields) == 6 else ""
                elif fields[0] == "Rss:" and path.startswith("/"):
                    if path.startswith(folder):
                        index_kb += int(fields[1])
                    else:
                        other_kb += int(fields[1])
    except OSError:
        return None
    return index_kb / 1024, other_kb / 1024


class PeakOwnMemory:
    """The peak of the process's own (anonymous) resident memory while the block runs,
    sampled every 20 ms: unlike the peak resident figure, it leaves out file pages
    (the memory-mapped index, shared libraries), which the kernel can drop. Linux only
    (0 elsewhere)."""

    def __enter__(self) -> PeakOwnMemory:
        self.peak_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            try:
                with open("/proc/self/status", encoding="ascii") as status:
                    for line in status:
                        if line.startswith("RssAnon:"):
                            self.peak_mb = max(self.peak_mb, int(line.split()[1]) / 1024)
            except OSError:
                return
            if self._done.wait(0.02):
                return


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_questions() -> list[str]:
    questions = [json.loads(line)["question"] for line in (DEV / "questions.jsonl").open()]
    return random.Random(3).sample(questions, QUERIES)


def phase_corpus(work: Path, target: int) -> dict[str, Any]:
    """Write the corpus (its own process: the dev set it is drawn from is no bot's memory)."""
    write_corpus(work / "knowledge", synthesize(load_knowledge(DEV / "articles").articles, target))
    return {}


def phase_build(work: Path) -> dict[str, Any]:
    """A first full build on an empty DATA_DIR, as a new bot does."""
    knowledge = work / "knowledge"
    started_rss = peak_rss_mb()
    # as the bot does it: the index serves while its files are written in the background
    cache = IndexCache.for_knowledge(work / "data", knowledge, background=True)

    def build() -> KnowledgeIndex:
        loaded = load_knowledge(knowledge)
        return cache.build(loaded.articles, files=loaded.files)[0]

    index, build_s = timed(build)
    _, persist_s = timed(cache.flush)
    chars = sum(len(a.title) + len(a.text) for a in index.articles)
    return {
        "passages": index.passage_count,
        "articles": len(index.articles),
        "build_s": build_s,
        "build_persist_s": persist_s,
        "chars_per_s": chars / build_s,
        "build_peak_mb": peak_rss_mb(),
        "build_base_mb": started_rss,
        "disk_mb": sum(p.stat().st_size for p in cache.folder.iterdir()) / 1e6,
    }


def start_from_disk(
    cache: IndexCache, knowledge: Path
) -> tuple[KnowledgeIndex, dict[str, FileEntry]]:
    """As a restarted bot does: files known to the cache are not read again, and the
    index is memory-mapped."""
    loaded = load_knowledge(knowledge, cache.stored_files())
    serving, stats = cache.build(loaded.articles, files=loaded.files)
    assert stats.index_loaded, stats
    return serving, loaded.files


def phase_serve(work: Path) -> dict[str, Any]:
    """A restarted bot: start-up from disk, one new article, then questions."""
    with PeakOwnMemory() as own:
        out = _serve(work)
    out["serve_own_mb"] = own.peak_mb
    return out


def _serve(work: Path) -> dict[str, Any]:
    questions = load_questions()
    knowledge = work / "knowledge"
    cache = IndexCache.for_knowledge(work / "data", knowledge, background=True)
    out: dict[str, Any] = {}

    def start_up() -> tuple[KnowledgeIndex, dict[str, FileEntry]]:
        serving, files = start_from_disk(cache, knowledge)
        ask(serving, questions[0])
        return serving, files

    (serving, files), out["startup_s"] = timed(start_up)
    (knowledge / "zz-new.md").write_text(
        "---\ntitle: ข่าวใหม่ล่าสุด\nurl: https://bench.example/new\n---\n"
        "รายงานข่าวใหม่เกี่ยวกับดาวเทียมสำรวจอากาศดวงใหม่ของประเทศไทย\n",
        encoding="utf-8",
    )

    def reload() -> KnowledgeIndex:
        # read the changed file only, layer the new article over the base
        loaded = load_knowledge(knowledge, files)
        index, stats = cache.build(loaded.articles, serving, loaded.files)
        assert stats.layered and stats.tokenized == 1, stats
        return index

    # the new index serves while its copy is written to disk
    index, out["reload_s"] = timed(reload)
    _, out["reload_persist_s"] = timed(cache.flush)
    assert ask(index, "ดาวเทียมสำรวจอากาศดวงใหม่").url == "https://bench.example/new"
    latencies = []
    for question in questions:
        _, seconds = timed(lambda q=question: ask(index, q))  # type: ignore[misc]
        latencies.append(seconds)
    out["ours"] = percentiles(latencies)
    follow_ups, about = [], None  # the questions as one chat: each after the answer before
    for question in questions:
        answer, seconds = timed(lambda q=question, a=about: ask(index, q, after=a))  # type: ignore[misc]
        follow_ups.append(seconds)
        about = answer.about
    out["ours_follow_up"] = percentiles(follow_ups)
    out["ours_threads_qps"] = threaded_qps(lambda q: ask(index, q), questions)
    assert index.index is not None
    search_latencies = []
    for question in questions:

        def retrieve(q: str = question) -> None:
            assert index.index is not None
            index.index.search(tokenize(q), 5)

        search_latencies.append(timed(retrieve)[1])
    out["ours_search"] = percentiles(search_latencies)
    out["serve_peak_mb"] = peak_rss_mb()
    out["serve_file_mb"] = resident_file_mb(cache.folder)
    return out


FOLD_SHARE = 0.12  # new articles, as a share of the corpus: past MAX_DELTA_SHARE


def phase_foldback(work: Path) -> dict[str, Any]:
    """A serving bot that gets a big batch of new articles: its reload folds them into
    a new base, a full build beside the index that keeps serving (the cached counts of
    the unchanged articles are reused). Run last: it adds a file to the corpus."""
    questions = load_questions()
    knowledge = work / "knowledge"
    cache = IndexCache.for_knowledge(work / "data", knowledge, background=True)
    serving, files = start_from_disk(cache, knowledge)
    for question in questions:
        ask(serving, question)
    fresh = serving.articles[: int(len(serving.articles) * FOLD_SHARE)]
    if sum(len(split_article(a)) for a in fresh) <= MIN_DELTA_PASSAGES:
        return {}  # too small a corpus: the new articles would be layered, not folded in
    records = [
        {
            "id": f"new-{a.id}",
            "title": f"{a.title} (ฉบับปรับปรุง)",
            "url": f"{a.url}?revised",
            "published": "2024-02-01",
            "text": a.text,
        }
        for a in fresh
    ]
    write_corpus(knowledge, records, name="zz-new")

    def reload() -> KnowledgeIndex:
        again = load_knowledge(knowledge, files)
        index, stats = cache.build(again.articles, serving, again.files)
        assert not stats.layered and stats.tokenized == len(records), stats
        return index

    with PeakOwnMemory() as own:
        index, seconds = timed(reload)
    assert ask(index, questions[0]) is not None
    cache.flush()
    return {
        "fold_s": seconds,
        "fold_articles": len(records),
        "fold_peak_mb": peak_rss_mb(),
        "fold_own_mb": own.peak_mb,
    }


def phase_peers(work: Path) -> dict[str, Any]:
    """bm25s and rank_bm25 over the same passages, tokenized by the same tokenizer."""
    questions = load_questions()
    knowledge = work / "knowledge"
    cache = IndexCache.for_knowledge(work / "data", knowledge)
    loaded = load_knowledge(knowledge, cache.stored_files())
    index, _ = cache.build(loaded.articles, files=loaded.files)
    docs = [tokenize(f"{p.article.title}\n{p.text}") for p in index.passages]
    out: dict[str, Any] = {"bm25s": bench_bm25s(docs, questions)}
    if len(docs) <= 25_000:
        out["rank_bm25"] = bench_rank_bm25(docs, questions[:100])
    return out


def bench_bm25s(docs: list[list[str]], questions: list[str]) -> dict[str, Any]:
    """bm25s as it comes (numpy backend), then the same index with its numba backend:
    compiled, as our search loops are."""
    import bm25s

    retriever = bm25s.BM25()
    _, build_s = timed(lambda: retriever.index(docs, show_progress=False))

    def one(question: str) -> None:
        tokens = tokenize(question)
        if tokens:
            retriever.retrieve([tokens], k=5, show_progress=False)

    def measure() -> dict[str, float]:
        latencies = [timed(lambda q=question: one(q))[1] for question in questions]  # type: ignore[misc]
        return {**percentiles(latencies), "threads_qps": threaded_qps(one, questions)}

    out: dict[str, Any] = {"build_s": build_s, **measure()}
    retriever.backend = "numba"  # one thread (n_threads=0), as ours answers
    one(questions[0])  # compiled before the clock starts, as ours are by the warm-up
    out["numba"] = measure()
    return out


def bench_rank_bm25(docs: list[list[str]], questions: list[str]) -> dict[str, float]:
    from rank_bm25 import BM25Okapi

    model, build_s = timed(lambda: BM25Okapi(docs))
    latencies = []
    for question in questions:

        def one(q: str = question) -> None:
            scores = model.get_scores(tokenize(q))
            np.argpartition(-scores, 5)[:5]

        latencies.append(timed(one)[1])
    return {"build_s": build_s, **percentiles(latencies)}


def format_size(r: dict[str, Any]) -> str:
    ours, bm = r["ours"], r["bm25s"]
    jit = bm["numba"]
    rank = r.get("rank_bm25") or {}

    def theirs(key: str, fmt: str = "{:.1f}") -> str:
        return fmt.format(rank[key]) if key in rank else "not run"

    build = (
        f"{r['build_s']:.1f} ({r['chars_per_s'] / 1e6:.2f} M chars/s, tokenization included;"
        f" then writing the cache: {r['build_persist_s']:.1f})"
    )
    lines = [
        f"### {r['passages']:,} passages ({r['articles']:,} articles)",
        "",
        "| measure | this engine | bm25s | rank_bm25 |",
        "|---|---|---|---|",
        f"| full build, s | {build} | {bm['build_s']:.1f} (index only) | {theirs('build_s')} |",
        f"| start-up from disk to first answer, s | {r['startup_s']:.2f} | | |",
        f"| reload after one new article, s (then writing the cache: {r['reload_persist_s']:.1f})"
        f" | {r['reload_s']:.2f} | | |",
    ]
    for key in ("p50", "p95", "p99"):
        lines.append(
            f"| query {key}, ms (tokenization included) | {ours[key]:.1f} | {bm[key]:.1f}"
            f" | {theirs(key)} |"
        )
    search = r["ours_search"]
    if "ours_follow_up" in r:
        chat = r["ours_follow_up"]
        lines.append(
            f"| query p50 / p95 ms, each asked as a follow-up of the answer before"
            f" | {chat['p50']:.1f} / {chat['p95']:.1f} | | |"
        )
    lines += [
        f"| queries per second (whole answer) | {ours['qps']:.0f} | {bm['qps']:.0f}"
        f" (ours / theirs {ours['qps'] / bm['qps']:.2f}x) | {theirs('qps', '{:.0f}')} |",
        f"| queries per second, two threads asking at once (whole answer)"
        f" | {r['ours_threads_qps']:.0f} | {bm['threads_qps']:.0f}"
        f" (ours / theirs {r['ours_threads_qps'] / bm['threads_qps']:.2f}x) | |",
        f"| retrieval only (tokenize + top 5): p50 / p95 ms, queries per second"
        f" | {search['p50']:.1f} / {search['p95']:.1f}, {search['qps']:.0f}"
        f" (ours / bm25s {search['qps'] / bm['qps']:.2f}x) | | |",
        f"| bm25s with its numba backend (compiled, as ours is): query p50 / p95 ms;"
        f" queries per second; two threads | | {jit['p50']:.1f} / {jit['p95']:.1f};"
        f" {jit['qps']:.0f} (ours / theirs {ours['qps'] / jit['qps']:.2f}x);"
        f" {jit['threads_qps']:.0f}"
        f" (ours / theirs {r['ours_threads_qps'] / jit['threads_qps']:.2f}x) | |",
        f"| peak resident memory while building, MB | {r['build_peak_mb']:.0f} | | |",
        _fold_row(r),
        f"| peak resident memory while serving (start-up, reload, questions), MB"
        f" | {r['serve_peak_mb']:.0f}{_file_part(r.get('serve_file_mb'))};"
        f" the process's own memory peaks at {r['serve_own_mb']:.0f} | | |",
        f"| index on disk, MB | {r['disk_mb']:.0f} | | |",
    ]
    return "\n".join(lines)


def _phase(name: str, work: str, *args: str) -> dict[str, Any]:
    """One phase in its own process, so each peak memory figure is that phase's own."""
    result = subprocess.run(
        [sys.executable, "-m", "bot.tools.bench", name, work, *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{result.stderr[-2000:]}")
    payload: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return payload


def _fold_row(r: dict[str, Any]) -> str:
    measure = (
        "| reload that folds new articles into a new base (a full build beside the serving"
        " index): s; peak resident memory, MB"
    )
    if "fold_s" not in r:
        return f"{measure} | not run (fewer than {MIN_DELTA_PASSAGES:,} new passages) | | |"
    return (
        f"{measure} | {r['fold_s']:.1f} for {r['fold_articles']:,} new articles;"
        f" {r['fold_peak_mb']:.0f} (the process's own memory, without file pages, peaks at"
        f" {r['fold_own_mb']:.0f}) | | |"
    )


def _file_part(file_mb: list[float] | None) -> str:
    if file_mb is None:
        return ""
    index_mb, other_mb = file_mb
    return (
        f" (of which {index_mb:.0f} pages of the memory-mapped index and {other_mb:.0f} of"
        " shared libraries: file pages, shared and reclaimable)"
    )


def main(sizes: Sequence[int] = SIZES) -> int:
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}", flush=True)
    phases = ("build", "serve", "peers", "foldback")
    # a bar on a terminal (a run at 200,000 passages takes minutes); nothing in pipes
    with tqdm(total=len(sizes) * (1 + len(phases)), unit=" phases", disable=None) as bar:
        for size in sizes:
            with tempfile.TemporaryDirectory(prefix="bench-") as work:
                try:
                    bar.set_description(f"{size:,} passages: corpus")
                    _phase("corpus", work, str(size))
                    bar.update()
                    result: dict[str, Any] = {}
                    for phase in phases:
                        bar.set_description(f"{size:,} passages: {phase}")
                        result |= _phase(phase, work)
                        bar.update()
                except RuntimeError as exc:
                    bar.write(f"size {size}: {exc}")
                    continue
                bar.write(format_size(result) + "\n")
    return 0


if __name__ == "__main__":
    import logging

    logging.disable(logging.WARNING)
    phase, folder = sys.argv[1], Path(sys.argv[2])
    if phase == "corpus":
        print(json.dumps(phase_corpus(folder, int(sys.argv[3]))))
    elif phase == "build":
        print(json.dumps(phase_build(folder)))
    elif phase == "serve":
        print(json.dumps(phase_serve(folder)))
    elif phase == "foldback":
        print(json.dumps(phase_foldback(folder)))
    else:
        print(json.dumps(phase_peers(folder)))
