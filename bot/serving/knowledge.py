"""The serving index and its reloads (no Telegram).

A reload builds a new `KnowledgeIndex` off the event loop while the old one keeps
answering, then swaps the reference in one assignment. A failed reload leaves the old
index serving and says why.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.engine.answering import DEFAULT_K, Answer, ask, warm_up
from bot.engine.cache import IndexCache
from bot.engine.knowledge import KnowledgeIndex, build_index
from bot.search.memory import release_free_memory
from bot.serving.answer_process import AnswerProcess
from bot.text.articles import Article
from bot.text.loader import (
    ArticleFormatError,
    FileEntry,
    SkippedFile,
    iter_knowledge_files,
    load_knowledge,
    parse_file,
)
from bot.text.normalize import whole_characters

log = logging.getLogger(__name__)

# The bot's own answering thread takes a question when the answering process has more
# than this many times as many waiting: where the process alone sets the pace (a big
# corpus), sharing trims the tail of a burst; 2 was the best of 1, 2 and 3 (see
# docs/performance.md).
SHARE_RATIO = 2


@dataclass(frozen=True)
class ReloadReport:
    ok: bool
    added: tuple[Article, ...] = ()
    changed: tuple[Article, ...] = ()
    removed: tuple[Article, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()
    articles: int = 0
    passages: int = 0
    seconds: float = 0.0
    error: str | None = None


@dataclass(frozen=True)
class ArticleChanges:
    added: tuple[Article, ...]
    changed: tuple[Article, ...]
    removed: tuple[Article, ...]


def diff_articles(old: tuple[Article, ...], new: tuple[Article, ...]) -> ArticleChanges:
    before = {a.id: a for a in old}
    after = {a.id: a for a in new}
    return ArticleChanges(
        added=tuple(a for a in new if a.id not in before),
        changed=tuple(
            a for a in new if a.id in before and before[a.id].fingerprint != a.fingerprint
        ),
        removed=tuple(a for a in old if a.id not in after),
    )


def folder_signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Cheap fingerprint of the folder (names, sizes, mtimes) for the periodic scan."""
    entries = []
    for path in iter_knowledge_files(root):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


@dataclass(frozen=True)
class Built:
    """One build's outcome; only a successful one (index not None) is served."""

    report: ReloadReport
    index: KnowledgeIndex | None
    signature: tuple[tuple[str, int, int], ...]
    files: dict[str, FileEntry]
    key: str | None = None  # the index's content key, where it is stored on disk
    built_here: bool = False  # a full build in this process (not read from disk, not layered)


@dataclass
class KnowledgeService:
    knowledge_dir: Path
    cache: IndexCache | None = None
    current: KnowledgeIndex | None = None
    last_reload: ReloadReport | None = None
    signature: tuple[tuple[str, int, int], ...] = ()
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _files: dict[str, FileEntry] = field(default_factory=dict)  # as of the serving index
    _answering: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="answer")
    )
    helper: AnswerProcess | None = None  # answers on another core while it holds `key`
    key: str | None = None  # content key of the serving index (with a cache only)
    _refreshing: set[asyncio.Task[None]] = field(default_factory=set)
    _waiting_here: int = 0  # questions given to the answering thread, not yet answered
    _built_here: bool = False  # the serving index is a full build held in this process
    build_apart: bool = True  # a first full build in a process of its own (see `load_initial`)

    def load_initial(self) -> ReloadReport:
        """Synchronous first load at start-up (nothing to serve before it). The costly
        resources load before any user's question (`warm_up`).

        With nothing usable stored, the full build runs in a process of its own
        (`IndexCache.build_apart`), and this one loads what it wrote."""
        if self.cache is not None and self.build_apart:
            self.cache.build_apart(self.knowledge_dir)
        built = self._build(None)
        self._serve(built)
        if self.current is not None:
            warm_up(self.current)
        return built.report

    @property
    def index(self) -> KnowledgeIndex:
        if self.current is None:
            raise RuntimeError("knowledge not loaded yet")
        return self.current

    def ask(self, question: str, k: int = DEFAULT_K, after: str | None = None) -> Answer:
        return ask(self.index, question, k, after=after)

    async def ask_async(
        self, question: str, k: int = DEFAULT_K, after: str | None = None
    ) -> Answer:
        """Answer off the event loop, so chats are served while it runs: in the answering
        process while it holds the serving index (`answer_process`), else on one thread,
        in turn (the Python around the compiled search loops holds the GIL, so a second
        thread adds little: 705 against 681 questions/s at 200,000 passages). When the
        process falls behind (`SHARE_RATIO`), that thread takes questions too. Reloads use
        other threads."""
        helper = self.helper
        if (
            helper is not None
            and self.helper_ready
            and (helper.waiting <= SHARE_RATIO * (self._waiting_here + 1))
        ):
            answer = await helper.ask(question, k, after)
            if answer is not None:
                return answer
        index = self.index  # the index serving now, even if a reload swaps it meanwhile
        loop = asyncio.get_running_loop()
        self._waiting_here += 1
        try:
            return await loop.run_in_executor(
                self._answering, _answer_then_yield, index, question, k, after
            )
        finally:
            self._waiting_here -= 1

    async def start_helper(self, helper: AnswerProcess) -> None:
        """Start the answering process; it takes questions once it has loaded the
        serving index from the cache's files (`settle`)."""
        self.helper = helper
        await helper.start()

    def settle(self) -> None:
        """Once the serving index's files are on disk: after a full build, serve it from
        them (`_adopt_stored`); then have the helper load them. Until it has, questions
        are answered here. Call after start-up; reloads call it themselves."""
        helper, cache = self.helper, self.cache
        if cache is None or (not self._built_here and (helper is None or not helper.running)):
            return

        async def settle() -> None:
            await asyncio.to_thread(cache.flush)
            if self._built_here:
                await self._adopt_stored()
            if helper is not None and helper.running:
                helper.load()

        task = asyncio.get_running_loop().create_task(settle())
        self._refreshing.add(task)
        task.add_done_callback(self._refreshing.discard)

    async def _adopt_stored(self) -> None:
        """Serve the index just built here (a fold-back at a reload, or a first build
        when the building process failed) from the files it was written to, as a restart
        would: the arrays then live in the file's pages (shared with the answering
        process, reclaimable) and the articles' text too, not in this process. At
        200,000 passages a build leaves the bot 1.25 GB of its own memory, and 0.46 GB
        once its index is read back. Skipped if anything changed meanwhile."""
        async with self._lock:  # no reload swaps the index under this
            cache, current, key = self.cache, self.current, self.key
            self._built_here = False
            if cache is None or current is None or key is None:
                return
            try:
                found = await asyncio.to_thread(cache.reread, self.knowledge_dir)
            except Exception:  # the built index keeps serving: it is the same index
                log.exception("could not read the index back from %s", cache.folder)
                return
            if found is None or found[0] != key:
                return
            _, stored, loaded = found
            self.current, self._files = stored, loaded.files
            if self.last_reload is not None:
                self.last_reload = _with_articles_of(self.last_reload, stored)
            del current, found, stored, loaded
            gc.collect()  # the built index's cycles, before the heap is trimmed
            release_free_memory()

    @property
    def helper_ready(self) -> bool:
        """Whether the answering process holds the serving index."""
        return self.helper is not None and self.key is not None and self.helper.key == self.key

    @property
    def helper_state(self) -> str:
        """For /status: whether the answering process is taking questions."""
        if self.helper is None:
            return "off"
        if not self.helper.running:
            return "stopped (the bot answers by itself)"
        if self.helper_ready:
            return "ready"
        return "loading the current index (the bot answers by itself meanwhile)"

    def close(self) -> None:
        """Stop answering; tasks still pending are cancelled (from the event loop, let it
        run once more so that they end: `await asyncio.sleep(0)`)."""
        self._answering.shutdown(wait=False, cancel_futures=True)
        for task in self._refreshing:
            task.cancel()
        if self.helper is not None:
            self.helper.close()

    def folder_changed(self) -> bool:
        return folder_signature(self.knowledge_dir) != self.signature

    async def reload(self) -> ReloadReport:
        """Rebuild in a thread, swap atomically; one reload at a time."""
        async with self._lock:
            built = await asyncio.to_thread(self._build, self.current)
            self._serve(built)
            if built.index is not None:
                self.settle()
            return built.report

    def _serve(self, built: Built) -> None:
        """Swap a successful build in (one assignment each); a failed one changes nothing."""
        if built.index is not None:
            self.current, self.signature, self._files = built.index, built.signature, built.files
            self.key = built.key
            self._built_here = built.built_here
        self.last_reload = built.report

    def _build(self, previous: KnowledgeIndex | None) -> Built:
        started = time.perf_counter()
        old = previous.articles if previous is not None else ()
        try:
            signature = folder_signature(self.knowledge_dir)
            known = self._files
            if previous is None and self.cache is not None:
                known = self.cache.stored_files()
            loaded = load_knowledge(self.knowledge_dir, known)
            key, stats = None, None
            if self.cache is not None:
                index, stats = self.cache.build(loaded.articles, previous, loaded.files)
                key = stats.key
                log.info(
                    "index: %d articles, %d files read, %d articles tokenized;"
                    " loaded from disk: %s, changes layered over the base: %s",
                    stats.articles,
                    loaded.files_parsed,
                    stats.tokenized,
                    stats.index_loaded,
                    stats.layered,
                )
            else:
                index = build_index(loaded.articles)
        except Exception as exc:  # any failure: keep the old index serving
            log.exception("reload failed; the previous index keeps serving")
            reason = f"{type(exc).__name__}: {exc}"
            report = ReloadReport(ok=False, error=reason, seconds=time.perf_counter() - started)
            return Built(report, None, (), {})
        changes = diff_articles(old, index.articles)
        report = ReloadReport(
            ok=True,
            added=changes.added,
            changed=changes.changed,
            removed=changes.removed,
            skipped=tuple(loaded.skipped),
            articles=len(index.articles),
            passages=index.passage_count,
            seconds=time.perf_counter() - started,
        )
        built_here = stats is not None and not (stats.index_loaded or stats.layered)
        return Built(report, index, signature, loaded.files, key, built_here)


def _with_articles_of(report: ReloadReport, index: KnowledgeIndex) -> ReloadReport:
    """The report with its articles replaced by the index's equal ones, so that it holds
    no second copy of their text."""
    same = {(a.id, a.fingerprint): a for a in index.articles}

    def mapped(articles: tuple[Article, ...]) -> tuple[Article, ...]:
        return tuple(same.get((a.id, a.fingerprint), a) for a in articles)

    return replace(report, added=mapped(report.added), changed=mapped(report.changed))


MAX_NAME_BYTES = 200  # an uploaded file's name, with room for a "-2" suffix


def safe_upload_name(name: str) -> str | None:
    """A plain file name for an uploaded article, or None if it tries to leave the folder.
    Half a surrogate pair (JSON may carry one) becomes U+FFFD: no file system takes it."""
    name = whole_characters(name)
    if (
        not name
        or "\x00" in name
        or name.startswith(("/", "\\"))
        or ".." in name.replace("\\", "/").split("/")
    ):
        return None
    base = os.path.basename(name.replace("\\", "/"))
    if base in ("", ".", "..") or base.startswith("."):
        return None
    stem, suffix = os.path.splitext(base)
    if len(base.encode("utf-8")) > MAX_NAME_BYTES:  # most file systems allow 255 bytes
        stem = stem.encode("utf-8")[: MAX_NAME_BYTES - 16].decode("utf-8", "ignore").rstrip()
        if not stem or len(suffix) > 12:
            return None
    return stem + suffix


def save_article_file(folder: Path, name: str, data: bytes) -> Path:
    """Validate, then write atomically into the knowledge folder (never elsewhere).
    Raises ArticleFormatError with the reason; nothing is written then."""
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory() as scratch:
        probe = Path(scratch) / f"upload{suffix}"
        probe.write_bytes(data)
        articles, bad_lines = parse_file(probe, name)
    if bad_lines:
        raise ArticleFormatError(
            f"line {bad_lines[0].path.rsplit(':', 1)[-1]}: {bad_lines[0].reason}"
        )
    if not articles:
        raise ArticleFormatError("no article in the file")
    folder = folder.resolve()
    stem, target = Path(name).stem, folder / name
    counter = 2
    while target.exists():
        target = folder / f"{stem}-{counter}{suffix}"
        counter += 1
    if target.parent != folder:
        raise ArticleFormatError("invalid file name")
    fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=folder)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)
    return target


def _answer_then_yield(
    index: KnowledgeIndex, question: str, k: int, after: str | None = None
) -> Answer:
    """`ask`, then a moment without the GIL. With questions queued, the answering
    thread would otherwise go from one answer straight into the next, and the event
    loop thread, which sends the replies through httpx, waits for the GIL each time
    (a burst's replies then go out later: see docs/performance.md)."""
    try:
        return ask(index, question, k, after=after)
    finally:
        time.sleep(0)  # releases the GIL: a waiting event loop thread takes it
