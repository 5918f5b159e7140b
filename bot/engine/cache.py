"""Tokenize once: per-article term counts and the built index, kept on disk.

Three files per knowledge folder, in DATA_DIR/cache:
- `base-*.bin`: the base segment of the index and its articles (written by a full build);
- `state-*.bin`: what serves now on top of that base (the delta segment, the hidden base
  passages, the counts of the delta's articles, each file's size, time and articles) and
  the key of that content: a restart with an unchanged folder serves it without reading
  a single article file or tokenizing anything;
- `tokens-*.bin`: per-article counts (normalized, segmented, hashed) by content
  fingerprint, for the next full build.
A reload tokenizes only new or changed articles and layers them over the base (see
`engine.update_index`); when the delta outgrows a tenth of the base, a full build folds
everything into a new base. Files are written atomically (in the background in the bot)
and read as memory maps (`index_store`). A cache that is corrupt, truncated, written by
other code, or for other content is detected and rebuilt, never trusted. The files are
data (arrays and JSON, `index_store`): reading one runs no code from it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from bot.engine.knowledge import (
    KnowledgeIndex,
    build_index,
    count_article_batch,
    count_article_texts,
    delta_articles,
    update_index,
)
from bot.search import store as index_store
from bot.search.counts import ArticleCounts, Counts
from bot.search.index import IndexConfig, LayeredIndex, PassageIndex
from bot.search.memory import release_free_memory
from bot.search.models import CharModel, TermModel
from bot.text.articles import Article, ArticleShelf, StoredParagraphs
from bot.text.loader import FileEntry, LoadResult, SkippedFile, load_knowledge
from bot.text.passages import PassageTable

log = logging.getLogger(__name__)


# Bump when what a cache file holds changes meaning: how the index is fitted, or the
# file layout. How text is normalized and segmented is checked by behaviour (`PROBE`).
# A deploy that changes only other code (or a comment) keeps the cache, so it does not
# rebuild a big index for nothing. 5: a run of text with no space longer than a passage
# is cut into passages of at most its length (`bot.text.passages`).
INDEX_FORMAT = 6
# Text whose tokens change whenever normalization or segmentation does (Thai digits,
# dates, compounds, a verb with its aspect, a ministry's name, Latin words with numbers, repeated
# characters, spacing, numbers too long to segment, quotes around an unknown word).
PROBE = (
    "เมื่อวันที่ ๕ มีนาคม พ.ศ. ๒๕๖๒ (พ.ศ.๒๕๖๒) ผู้แทนประเทศสมาชิกอาเซียนเข้าร่วมการประชุมประสานงาน "
    "ครั้งที่ ๑๑ (11th ASCCO) ก่อตั้งขึ้นที่เกิดขึ้น กระทรวงคมนาคม "
    "นายกรัฐมนตรีกล่าวว่า ดีมากกกก ๆ COVID-19 ราคา 1,200.50 บาท "
    'รหัส 1234567890123456789012345678901234567890 หรือ "วูช" ข่าว👍ดี'
)


@functools.cache
def cache_version() -> str:
    """The libraries' versions, `INDEX_FORMAT`, and the tokens of `PROBE`: a cache written
    under any other is rebuilt, never trusted."""
    import numpy
    import pythainlp
    import scipy
    import sklearn

    from bot.text.tokenizer import tokenize

    libraries = ":".join(str(m.__version__) for m in (pythainlp, sklearn, scipy, numpy))
    tokens = hashlib.sha256("\n".join(tokenize(PROBE)).encode()).hexdigest()[:12]
    return f"{INDEX_FORMAT}:{libraries}:{tokens}"


# What the cache files may hold: reading one builds instances of these types only.
STORED = index_store.types_of(
    Article,
    ArticleShelf,
    StoredParagraphs,
    ArticleCounts,
    Counts,
    IndexConfig,
    TermModel,
    CharModel,
    PassageIndex,
    LayeredIndex,
    SkippedFile,
)
PARALLEL_MIN_ARTICLES = 400


@dataclass(frozen=True)
class BuildStats:
    articles: int
    tokenized: int  # articles whose text had to be tokenized (not in the cache)
    index_loaded: bool  # the whole index came from disk
    layered: bool = False  # only the changes were fitted, over the existing base
    key: str = ""  # the index's content key (`content_key`), as stored on disk


def content_key(articles: Sequence[Article]) -> str:
    """What an index is for: every article's id, content and source, and the code."""
    digest = hashlib.sha256(cache_version().encode())
    for article in articles:
        digest.update(article.id.encode("utf-8", "replace"))
        digest.update(article.fingerprint.encode())
        digest.update(article.source.encode("utf-8", "replace"))
    return digest.hexdigest()


def _read(path: Path) -> dict[str, Any] | None:
    """The stored payload if it is complete and of this code version, else None."""
    if not path.is_file():
        return None
    try:
        payload = index_store.load(path, STORED)
    except Exception as exc:  # truncated, corrupt, or from incompatible code
        log.warning("ignoring unreadable cache %s (%s); rebuilding", path.name, exc)
        return None
    if not isinstance(payload, dict) or payload.get("version") != cache_version():
        log.info("cache %s is from another version; rebuilding", path.name)
        return None
    return payload


def count_articles(articles: Sequence[Article], workers: int | None = None) -> list[ArticleCounts]:
    """Both cores for a big batch (processes: the segmenter holds the GIL)."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(articles) < PARALLEL_MIN_ARTICLES:
        return count_article_texts(articles)
    size = max(16, len(articles) // (workers * 32))  # small: no core idles at the end
    batches = [articles[i : i + size] for i in range(0, len(articles), size)]
    # forkserver: the bot calls this from a worker thread, and fork() with threads is unsafe
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["bot.engine.knowledge"])  # workers start with it imported
    counted: list[ArticleCounts] = []
    with (
        ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=exit_with, initargs=(os.getpid(),)
        ) as pool,
        # a first build over a large folder takes minutes: a bar on a terminal, else silence
        tqdm(total=len(articles), desc="reading articles", unit=" articles", disable=None) as bar,
    ):
        for batch in pool.map(count_article_batch, batches):
            counted.extend(batch.split())
            bar.update(len(counted) - bar.n)
    return counted


def _unshelved(shelves: Sequence[tuple[Article, ...]]) -> tuple[Article, ...]:
    """The articles of the shelves a base file holds (`ArticleShelf`), in order."""
    return tuple(a for shelf in shelves for a in shelf)


def build_into(folder: Path, name: str, knowledge_dir: Path, parent: int) -> None:
    """A full build of the knowledge folder, written to the cache, in a process of its own
    (`IndexCache.build_apart`); it ends with the process that started it."""
    exit_with(parent)
    cache = IndexCache(folder, name)
    loaded = load_knowledge(knowledge_dir, cache.stored_files())
    cache.build(loaded.articles, files=loaded.files)
    cache.flush()


def exit_with(parent: int) -> None:
    """Pool worker set-up: end the worker once `parent` is gone. A bot killed mid-build
    (SIGKILL, out of memory) otherwise leaves its workers blocked for good on a full
    result pipe, about 150 MB each, and its fork server with them."""

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(parent, 0)
            except (ProcessLookupError, PermissionError):  # gone (or the pid reused)
                os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _pack_files(
    files: Mapping[str, FileEntry], segments: Sequence[Sequence[Article]]
) -> dict[str, tuple[int, int, list[Article | tuple[int, int]], tuple[Any, ...]]]:
    """Files' articles as references into the segments (stored once, in the segments)."""
    where = {id(a): (s, i) for s, segment in enumerate(segments) for i, a in enumerate(segment)}
    return {
        label: (e.size, e.mtime_ns, [where.get(id(a), a) for a in e.articles], e.skipped)
        for label, e in files.items()
    }


def _unpack_files(
    packed: Mapping[str, Any], segments: Sequence[Sequence[Article]]
) -> dict[str, FileEntry]:
    def article(ref: Article | tuple[int, int]) -> Article:
        return ref if isinstance(ref, Article) else segments[ref[0]][ref[1]]

    return {
        label: FileEntry(size, mtime, tuple(article(r) for r in refs), tuple(skipped))
        for label, (size, mtime, refs, skipped) in packed.items()
    }


@dataclass
class IndexCache:
    """One cache per knowledge folder. With `background`, files are written after the
    new index is returned (it serves before its copy reaches the disk)."""

    folder: Path  # DATA_DIR/cache
    name: str = "knowledge"
    background: bool = False
    _stored: dict[str, Any] | None = field(default=None, repr=False)
    _stored_read: bool = field(default=False, repr=False)
    _delta_counts: dict[str, ArticleCounts] = field(default_factory=dict, repr=False)
    _base: tuple[str, str] | None = field(default=None, repr=False)  # (key, file) on disk
    _writer: threading.Thread | None = field(default=None, repr=False)
    _write_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _read_tokens: bool = field(default=True, repr=False)  # False: counts file distrusted
    _used_cache: bool = field(default=False, repr=False)  # by the build under way

    @classmethod
    def for_knowledge(
        cls, data_dir: Path, knowledge_dir: Path, background: bool = False
    ) -> IndexCache:
        label = hashlib.sha256(str(knowledge_dir.resolve()).encode()).hexdigest()[:12]
        return cls(data_dir / "cache", label, background)

    @property
    def state_path(self) -> Path:
        return self.folder / f"state-{self.name}.bin"

    @property
    def tokens_path(self) -> Path:
        return self.folder / f"tokens-{self.name}.bin"

    def base_path(self, key: str) -> Path:
        return self.folder / f"base-{self.name}-{key[:16]}.bin"

    # reading what a previous run left
    def _stored_index(self) -> dict[str, Any] | None:
        """The stored state and its base, once per process (None if unusable)."""
        if self._stored_read:
            return self._stored
        self._stored_read = True
        state = _read(self.state_path)
        if state is None:
            return None
        base = _read(self.folder / str(state.get("base_file", "")))
        try:
            assert base is not None and base.get("key") == state["base_key"]
            # the search's compiled loops trust these arrays: a damaged file stops here
            LayeredIndex(base["base"], state["delta"], state["dead"]).check()
            segments: list[tuple[Article, ...]] = [_unshelved(base["articles"])]
            if state["delta"] is not None:
                segments.append(tuple(state["delta_articles"]))
            self._stored = {
                "key": state["key"],
                "base": base["base"],
                "delta": state["delta"],
                "dead": state["dead"],
                "segments": tuple(segments),
                "files": _unpack_files(state["files"], segments),
            }
            self._delta_counts = dict(state["delta_counts"])
            self._base = (str(state["base_key"]), str(state["base_file"]))
        except Exception as exc:  # missing base, or parts that do not fit together
            log.warning("ignoring inconsistent cache %s (%s); rebuilding", self.folder, exc)
            self._stored = None
        return self._stored

    def stored_index(self, articles: Sequence[Article]) -> tuple[str, KnowledgeIndex] | None:
        """The stored index and its content key, if it was built for exactly these
        articles; else None. Nothing is built: this is for a second process answering
        from the same files (`answer_process`)."""
        stored = self._stored_index()
        if stored is None or stored["key"] != content_key(articles):
            return None
        return stored["key"], self._assemble(articles, stored)

    def reread(self, knowledge_dir: Path) -> tuple[str, KnowledgeIndex, LoadResult] | None:
        """The stored index read afresh from its files (memory-mapped, as at a restart),
        with the folder's articles as those files hold them, and its content key; None
        unless it is the index for the folder as it is now."""
        fresh = IndexCache(self.folder, self.name)
        loaded = load_knowledge(knowledge_dir, fresh.stored_files())
        stored = fresh.stored_index(loaded.articles)
        return None if stored is None else (stored[0], stored[1], loaded)

    def build_apart(self, knowledge_dir: Path) -> bool:
        """When nothing usable is stored (a first start, or an upgrade's new code), build
        in a process of its own and write the files, so that this process then loads
        them as a restart does. A build leaves the process that ran it about 0.2 GB of
        freed but fragmented memory at 200,000 passages (0.46 GB of its own against 0.28
        GB after a restart); the building process takes it away when it ends. Returns
        whether it wrote the files; if not (something stored, or the build failed), the
        caller builds as usual."""
        if self.stored_files():
            return False  # loaded as stored, or the changes layered over it: cheap here
        context = multiprocessing.get_context("forkserver")  # no fork() of a threaded bot
        process = context.Process(
            target=build_into,
            args=(self.folder, self.name, knowledge_dir, os.getpid()),
            name="index-build",
        )
        process.start()
        process.join()
        self._stored, self._stored_read = None, False  # read what it wrote
        if process.exitcode != 0:
            log.warning("the build process failed (exit %s); building here", process.exitcode)
            return False
        return True

    def stored_files(self) -> dict[str, FileEntry]:
        """Each file's size, time and articles as last indexed: the loader reads only
        files that changed since (empty when nothing usable is stored)."""
        stored = self._stored_index()
        return dict(stored["files"]) if stored else {}

    def _assemble(self, articles: Sequence[Article], stored: dict[str, Any]) -> KnowledgeIndex:
        segments = stored["segments"]
        counts = [stored["base"].passage_counts]
        if stored["delta"] is not None:
            counts.append(stored["delta"].passage_counts)
        assembled = KnowledgeIndex(
            articles=tuple(articles),
            passages=PassageTable(
                [a for segment in segments for a in segment], np.concatenate(counts)
            ),
            index=LayeredIndex(stored["base"], stored["delta"], stored["dead"]),
            segments=segments,
        )
        return assembled

    # building
    def build(
        self,
        articles: Sequence[Article],
        previous: KnowledgeIndex | None = None,
        files: Mapping[str, FileEntry] | None = None,
    ) -> tuple[KnowledgeIndex, BuildStats]:
        """The index for `articles`: the stored one if it is for exactly these, else the
        changes layered over `previous` (or over the stored one), else a full build.

        Should the build fail on something read from the cache (a file that passed every
        check on reading but holds damaged counts), it runs once more from the articles
        alone, tokenizing them all: a damaged cache must not keep the bot from starting."""
        try:
            return self._build(articles, previous, files)
        except MemoryError:
            raise
        except Exception as exc:
            if not self._used_cache:
                raise  # nothing from the cache in it: building again would fail again
            log.warning(
                "building from the cache in %s failed (%s: %s); building from the articles",
                self.folder,
                type(exc).__name__,
                exc,
            )
            self._stored, self._stored_read, self._delta_counts = None, True, {}
            self._read_tokens = False
            try:
                return self._build(articles, previous, files)
            finally:
                self._read_tokens = True  # the next full build writes a fresh file

    def _build(
        self,
        articles: Sequence[Article],
        previous: KnowledgeIndex | None,
        files: Mapping[str, FileEntry] | None,
    ) -> tuple[KnowledgeIndex, BuildStats]:
        key = content_key(articles)
        stored = self._stored_index() if previous is None else None
        self._used_cache = stored is not None or bool(self._delta_counts)
        if stored is not None:
            if stored["key"] == key:
                index = self._assemble(articles, stored)
                return index, BuildStats(len(articles), 0, index_loaded=True, key=key)
            previous = self._assemble(stored["segments"][0], stored)  # layer over it
        files = dict(files or {})
        if previous is not None and previous.index is not None:
            fresh = delta_articles(previous, articles)
            counts = self._counts_for(fresh, self._delta_counts)
            layered = update_index(previous, articles, counts)
            if layered is not None:
                tokenized = sum(a.fingerprint not in self._delta_counts for a in fresh)
                self._delta_counts = {a.fingerprint: counts[a.fingerprint] for a in fresh}
                self._persist(key, layered, files, new_base=False)
                return layered, BuildStats(len(articles), tokenized, False, layered=True, key=key)
        known = self._read_counts()
        known.update(self._delta_counts)
        self._used_cache |= bool(known)
        counts = self._counts_for(articles, known)
        tokenized = sum(a.fingerprint not in known for a in articles)
        del known
        self._delta_counts = {}
        release_free_memory()  # what counting left in the heap, before the fits
        # the counts go to disk while the fits' inputs are stacked from them, and out of
        # memory before any fit runs (see `PassageIndex.build`)
        tokens_written = self._in_order(lambda: self._write_tokens(counts))

        def release_counts() -> None:
            tokens_written()
            counts.clear()
            release_free_memory()

        index = build_index(articles, counts=counts, release=release_counts)
        release_free_memory()
        self._persist(key, index, files, new_base=True)
        return index, BuildStats(len(articles), tokenized, index_loaded=False, key=key)

    def _counts_for(
        self, articles: Sequence[Article], known: Mapping[str, ArticleCounts]
    ) -> dict[str, ArticleCounts]:
        missing = [a for a in articles if a.fingerprint not in known]
        counted = dict(zip((a.fingerprint for a in missing), count_articles(missing), strict=True))
        return {a.fingerprint: known.get(a.fingerprint) or counted[a.fingerprint] for a in articles}

    def _read_counts(self) -> dict[str, ArticleCounts]:
        if not self._read_tokens:
            return {}
        stored = _read(self.tokens_path)
        if stored is None or not isinstance(stored.get("counts"), dict):
            return {}
        return {k: v for k, v in stored["counts"].items() if isinstance(v, ArticleCounts)}

    def flush(self) -> None:
        """Wait for a background write (before exit, or to measure)."""
        writer = self._writer
        if writer is not None:
            writer.join()

    def _in_order(self, write: Callable[[], None]) -> Callable[[], None]:
        """Run `write` after the writes started before it: at once, or in a background
        thread with `background`. Returns a wait for it."""
        earlier = self._writer

        def run() -> None:
            if earlier is not None:
                earlier.join()  # writes land in the order they were started
            with self._write_lock:
                try:
                    write()
                except OSError as exc:  # a full disk must not stop the bot from answering
                    log.warning("could not write the index cache in %s: %s", self.folder, exc)

        if not self.background:
            run()
            return lambda: None
        thread = threading.Thread(target=run, name="index-cache-writer", daemon=False)
        self._writer = thread
        thread.start()
        return thread.join

    def _write_tokens(self, counts: Mapping[str, ArticleCounts]) -> None:
        index_store.dump(self.tokens_path, {"version": cache_version(), "counts": counts}, STORED)

    def _persist(
        self, key: str, index: KnowledgeIndex, files: Mapping[str, FileEntry], new_base: bool
    ) -> None:
        if index.index is None:
            return  # nothing searchable: nothing worth keeping
        layered = index.index
        segments = index.segments
        base_key = key if new_base else None
        delta_counts = dict(self._delta_counts)
        previous_state = self._base
        if base_key is None and previous_state is None:
            return  # a layer over a base that was never written: wait for a full build
        if base_key is not None:
            self._base = (base_key, self.base_path(base_key).name)

        def write() -> None:
            if base_key is not None:
                index_store.dump(
                    self.base_path(base_key),
                    {
                        "version": cache_version(),
                        "key": base_key,
                        "base": layered.base,
                        "articles": ArticleShelf.many(segments[0]),
                    },
                    STORED,
                )
                base_file = self.base_path(base_key).name
                state_key = base_key
            else:
                assert previous_state is not None
                state_key, base_file = previous_state
            index_store.dump(
                self.state_path,
                {
                    "version": cache_version(),
                    "key": key,
                    "base_key": state_key,
                    "base_file": base_file,
                    "delta": layered.delta,
                    "delta_articles": segments[1] if len(segments) > 1 else (),
                    "dead": layered.dead,
                    "delta_counts": delta_counts,
                    "files": _pack_files(files, segments),
                },
                STORED,
            )
            self._remove_old_bases(keep=base_file)

        self._in_order(write)

    def _remove_old_bases(self, keep: str) -> None:
        for path in self.folder.glob(f"base-{self.name}-*.bin"):
            if path.name != keep:
                path.unlink(missing_ok=True)
