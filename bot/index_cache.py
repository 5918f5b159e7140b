"""Tokenize once: per-article term counts and the built index, cached on disk.

Counts (normalized, segmented, hashed) are kept by article content fingerprint, so a
reload re-tokenizes only new or changed articles; the whole index is kept under a key of
every fingerprint (plus the code's cache version), so a restart with an unchanged folder
loads it instead of rebuilding. A cache that is corrupt, written by other code, or for
other content is detected and rebuilt, never trusted. The cache lives in DATA_DIR, which only the
operator writes (it is loaded with pickle).
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import pickle
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.articles import Article
from bot.engine import KnowledgeIndex, build_index, count_article_text
from bot.index import ArticleCounts

log = logging.getLogger(__name__)


def _code_version() -> str:
    """Changes whenever the code or libraries that shape tokens or the index change, so a
    cache written by other code is never trusted (no version number to forget to bump)."""
    import pythainlp
    import sklearn

    import bot.articles
    import bot.engine
    import bot.index
    import bot.normalize
    import bot.passages
    import bot.tokenizer

    digest = hashlib.sha256(f"{pythainlp.__version__}:{sklearn.__version__}".encode())
    for module in (bot.articles, bot.engine, bot.index, bot.normalize, bot.passages, bot.tokenizer):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


CACHE_VERSION = _code_version()
PARALLEL_MIN_ARTICLES = 400


@dataclass(frozen=True)
class BuildStats:
    articles: int
    tokenized: int  # articles whose text had to be tokenized (not in the cache)
    index_loaded: bool  # the whole index came from disk


def _atomic_pickle(path: Path, payload: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _load(path: Path) -> dict[str, Any] | None:
    """The cached payload if it is readable and of this version, else None."""
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            payload = pickle.load(handle)
    except Exception as exc:  # truncated, corrupt, or from incompatible code
        log.warning("ignoring unreadable cache %s (%s); rebuilding", path, exc)
        return None
    if not isinstance(payload, dict) or payload.get("version") != CACHE_VERSION:
        log.info("cache %s is from another version; rebuilding", path)
        return None
    return payload


def _content_key(articles: Sequence[Article]) -> str:
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for article in articles:
        digest.update(article.id.encode("utf-8", "replace"))
        digest.update(article.fingerprint.encode())
        digest.update(article.source.encode("utf-8", "replace"))
    return digest.hexdigest()


def count_articles(articles: Sequence[Article], workers: int | None = None) -> list[ArticleCounts]:
    """Both cores for a big batch (processes: the segmenter holds the GIL)."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(articles) < PARALLEL_MIN_ARTICLES:
        return [count_article_text(a) for a in articles]
    chunk = max(16, len(articles) // (workers * 8))
    # forkserver: the bot calls this from a worker thread, and fork() with threads is unsafe
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(count_article_text, articles, chunksize=chunk))


@dataclass
class IndexCache:
    """One cache per knowledge folder. Counts stay in memory between reloads; with
    `background`, files are written after the new index is returned (the new index can
    serve before its copy reaches the disk)."""

    folder: Path  # DATA_DIR/cache
    name: str = "knowledge"
    background: bool = False
    _counts: dict[str, ArticleCounts] | None = field(default=None, repr=False)
    _writer: threading.Thread | None = field(default=None, repr=False)
    _write_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def for_knowledge(
        cls, data_dir: Path, knowledge_dir: Path, background: bool = False
    ) -> IndexCache:
        label = hashlib.sha256(str(knowledge_dir.resolve()).encode()).hexdigest()[:12]
        return cls(data_dir / "cache", label, background)

    @property
    def tokens_path(self) -> Path:
        return self.folder / f"tokens-{self.name}.pkl"

    @property
    def index_path(self) -> Path:
        return self.folder / f"index-{self.name}.pkl"

    def build(self, articles: Sequence[Article]) -> tuple[KnowledgeIndex, BuildStats]:
        key = _content_key(articles)
        if self._counts is None:  # first build in this process: try the whole index
            cached = _load(self.index_path)
            if cached is not None and cached.get("key") == key:
                index = cached.get("index")
                if isinstance(index, KnowledgeIndex) and len(index.articles) == len(articles):
                    return index, BuildStats(len(articles), 0, index_loaded=True)
                log.warning("cache %s does not hold a usable index; rebuilding", self.index_path)
        known = self._counts if self._counts is not None else self._read_counts()
        missing = [a for a in articles if a.fingerprint not in known]
        for article, counted in zip(missing, count_articles(missing), strict=True):
            known[article.fingerprint] = counted
        current = {a.fingerprint: known[a.fingerprint] for a in articles}
        index = build_index(articles, counts=current)
        rewrite_counts = bool(missing) or len(current) != len(known) or self._counts is None
        self._counts = current
        self._persist(key, index, current if rewrite_counts else None)
        return index, BuildStats(len(articles), len(missing), index_loaded=False)

    def flush(self) -> None:
        """Wait for a background write (before exit, or to measure)."""
        writer = self._writer
        if writer is not None:
            writer.join()

    def _read_counts(self) -> dict[str, ArticleCounts]:
        stored = _load(self.tokens_path)
        if stored is None or not isinstance(stored.get("counts"), dict):
            return {}
        return {k: v for k, v in stored["counts"].items() if isinstance(v, ArticleCounts)}

    def _persist(
        self, key: str, index: KnowledgeIndex, counts: dict[str, ArticleCounts] | None
    ) -> None:
        def write() -> None:
            with self._write_lock:  # one writer at a time; the newest write lands last
                try:
                    if counts is not None:
                        _atomic_pickle(
                            self.tokens_path, {"version": CACHE_VERSION, "counts": counts}
                        )
                    _atomic_pickle(
                        self.index_path, {"version": CACHE_VERSION, "key": key, "index": index}
                    )
                except OSError as exc:  # a full disk must not stop the bot from answering
                    log.warning("could not write the index cache in %s: %s", self.folder, exc)

        if not self.background:
            write()
            return
        self._writer = threading.Thread(target=write, name="index-cache-writer", daemon=False)
        self._writer.start()
