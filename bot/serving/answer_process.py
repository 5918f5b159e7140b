"""Answers in a second process, on the other core, while the bot's event loop sends the
replies. No Telegram here.

Why: in one process the answers and python-telegram-bot share one GIL, and in a burst
the replies wait for the answers; with the process, a burst's reply tail is about half
(docs/performance.md, *Through the bot*).

The process answers from the index files the bot's cache wrote. They are memory-mapped,
so their pages, the articles' text among them, are shared with the bot: the process
needs about 0.3 GB of its own memory, whatever the corpus. It never builds: after every
reload the bot asks it to load what is stored, and it is used only while it holds the
index that is serving (the same content key). Questions go over a socket pair in small batches, two
batches at a time, so the process always has the next batch while replies go out as
answers come back. If the process dies, gets stuck, or holds another index, `ask`
returns None and the caller answers itself; a process that died or got stuck is started
again after a backoff (5 s, doubling up to 5 minutes).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
import pickle
import socket
import struct
from pathlib import Path
from typing import Any

from bot.engine.answering import Answer, ask, warm_up
from bot.engine.cache import IndexCache
from bot.engine.knowledge import KnowledgeIndex

log = logging.getLogger(__name__)

# questions per batch and batches in flight: small batches, two at a time, so the first
# replies do not wait for a whole burst's answers and the process always has the next
# batch (in a burst of 200, sizes 4 to 16 did about the same)
BATCH = 8
IN_FLIGHT = 2
# seconds without progress (an answer back) while questions are out and no load is
# running: then the process is taken as stuck, stopped, and started again later
ANSWER_TIMEOUT = 10.0
LOAD_TIMEOUT = 300.0  # seconds a load may take (a first read of a big index from disk)
WATCH_EVERY = 0.25  # seconds between checks of a waiting question
RESTART_FIRST = 5.0  # seconds before the first restart; doubled each time, up to:
RESTART_MAX = 300.0


def worth_starting(setting: str, cores: int | None) -> bool:
    """`on`; or `auto` where the process gets a core of its own. Decided at start-up.
    (Until the articles' text moved into the index files' shared pages, each process
    held its own copy, and `auto` stopped at 100,000 passages.)"""
    if setting == "on":
        return True
    return setting == "auto" and (cores or 1) >= 2


class AnswerProcess:
    """The bot's side of the answering process. Use it from the event loop."""

    def __init__(self, data_dir: Path, knowledge_dir: Path) -> None:
        self.data_dir = data_dir
        self.knowledge_dir = knowledge_dir
        self.key: str | None = None  # content key of the index the process holds
        self.answered = 0  # questions it answered
        self._writer: asyncio.StreamWriter | None = None
        self._reading: asyncio.Task[None] | None = None
        self._process: Any = None
        self._pending: dict[int, asyncio.Future[Answer | None]] = {}
        self._outbox: list[tuple[int, str, int, str | None]] = []
        self._in_flight = 0
        self._ids = itertools.count()
        self._loading_since: float | None = None  # a load asked for and not yet done
        self._last_progress = 0.0  # when it last answered, or got work while idle
        self._closed = False
        self._restart_delay = RESTART_FIRST
        self._restarting: asyncio.Task[None] | None = None
        self.restarts = 0

    @property
    def waiting(self) -> int:
        """Questions sent or about to be, not yet answered."""
        return len(self._pending)

    @property
    def running(self) -> bool:
        return self._writer is not None

    @property
    def loading(self) -> bool:
        """A load was asked for and the process has not said it is done."""
        return self._loading_since is not None

    async def start(self) -> None:
        """Start the process; it holds no index until `load`."""
        ours, theirs = socket.socketpair()
        context = multiprocessing.get_context("forkserver")  # no fork() of a threaded bot
        self._process = context.Process(
            target=serve,
            args=(theirs, self.data_dir, self.knowledge_dir),
            name="answers",
            daemon=True,
        )
        self._process.start()
        theirs.close()
        # read and written as asyncio streams: the event loop never waits on the process
        reader, self._writer = await asyncio.open_connection(sock=ours)
        self._reading = asyncio.get_running_loop().create_task(self._read(reader, self._writer))

    def load(self) -> None:
        """Have the process load the index stored now; `key` names it once it has."""
        if self._writer is not None:
            self._loading_since = asyncio.get_running_loop().time()
        self._send(("load", None))

    async def ask(self, question: str, k: int, after: str | None = None) -> Answer | None:
        """The answer, or None: then the caller answers (the process is gone, or a
        question failed there)."""
        if self._writer is None:
            return None
        ident = next(self._ids)
        future = self._pending[ident] = asyncio.get_running_loop().create_future()
        self._outbox.append((ident, question, k, after))
        self._pump()
        while not future.done():
            await asyncio.wait({future}, timeout=WATCH_EVERY)
            if not future.done() and self._stuck():
                log.warning(
                    "the answering process made no progress in %s s; stopping it (the bot"
                    " answers meanwhile)",
                    ANSWER_TIMEOUT,
                )
                if self._process is not None and self._process.is_alive():
                    self._process.kill()
                self._lost()
        return future.result()

    def _stuck(self) -> bool:
        """Questions are out and nothing came back for ANSWER_TIMEOUT, not counting a
        load the process is busy with (questions queue behind it), unless that load
        itself takes longer than LOAD_TIMEOUT."""
        now = asyncio.get_running_loop().time()
        if self._loading_since is not None:
            return now - self._loading_since > LOAD_TIMEOUT
        return self._in_flight > 0 and now - self._last_progress > ANSWER_TIMEOUT

    def _lost(self) -> None:
        """It died or got stuck: waiting questions come back to the bot, and it is started
        again after a backoff (it is worth its core; a bot without it still answers)."""
        self._stop()
        if self._closed or self._restarting is not None:
            return
        delay = self._restart_delay
        self._restart_delay = min(delay * 2, RESTART_MAX)
        log.warning("starting the answering process again in %.0f s", delay)
        self._restarting = asyncio.get_running_loop().create_task(self._restart(delay))

    async def _restart(self, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            if self._closed:
                return
            if self._process is not None and self._process.is_alive():
                self._process.kill()
            await self.start()
            self.restarts += 1
            self.load()
        except Exception:  # cannot start it: the bot goes on answering by itself
            log.exception("could not start the answering process again")
        finally:
            self._restarting = None

    def close(self) -> None:
        """Stop the process; the task reading its answers is cancelled (the caller's loop
        should run once more, so that it ends before the loop does)."""
        self._closed = True
        if self._restarting is not None:
            self._restarting.cancel()
        self._send(("stop", None))
        self._stop()
        if self._reading is not None:
            self._reading.cancel()
        if self._process is not None:
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()

    def _pump(self) -> None:
        while self._outbox and self._in_flight < IN_FLIGHT and self._writer is not None:
            batch, self._outbox = self._outbox[:BATCH], self._outbox[BATCH:]
            if self._in_flight == 0:  # idle until now: the wait for progress starts here
                self._last_progress = asyncio.get_running_loop().time()
            self._in_flight += 1
            self._send(("ask", batch))

    def _send(self, message: tuple[str, Any]) -> None:
        if self._writer is not None:
            self._writer.write(_frame(message))  # buffered: never blocks

    async def _read(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Messages from the process started with `writer` (not a later one)."""
        try:
            while True:
                (size,) = _HEADER.unpack(await reader.readexactly(_HEADER.size))
                message = pickle.loads(await reader.readexactly(size))
                if self._writer is writer:
                    self._receive(message)
        except (asyncio.IncompleteReadError, ConnectionError):
            if self._writer is writer:  # not closed on purpose, and still the current one
                log.warning("the answering process stopped; the bot answers meanwhile")
                self._lost()

    def _receive(self, message: tuple[str, Any]) -> None:
        kind, payload = message
        self._last_progress = asyncio.get_running_loop().time()
        if kind == "loaded":
            self.key = payload
            self._loading_since = None
        elif kind == "answers":
            self._restart_delay = RESTART_FIRST  # it works again
            self._in_flight -= 1
            for ident, answer in payload:
                future = self._pending.pop(ident, None)
                if future is not None and not future.done():
                    future.set_result(answer)
                    self.answered += answer is not None
            self._pump()

    def _stop(self) -> None:
        """No more questions go out; each waiting one gets None (its caller answers)."""
        if self._writer is not None:
            self._writer.close()
        self._writer, self.key = None, None
        self._in_flight, self._loading_since = 0, None
        pending, self._pending, self._outbox = self._pending, {}, []
        for future in pending.values():
            if not future.done():
                future.set_result(None)


_HEADER = struct.Struct("!Q")  # the length of the pickle that follows


def _frame(message: object) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _receive_blocking(connection: socket.socket) -> Any:
    """One message, in the answering process (a plain blocking socket)."""
    header = _read_exactly(connection, _HEADER.size)
    return pickle.loads(_read_exactly(connection, _HEADER.unpack(header)[0]))


def _read_exactly(connection: socket.socket, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = connection.recv(min(size - len(data), 1 << 20))
        if not chunk:
            raise EOFError("the bot closed the connection")
        data += chunk
    return bytes(data)


def serve(connection: socket.socket, data_dir: Path, knowledge_dir: Path) -> None:
    """The process: load on request, answer batches, until the bot stops it or is gone."""
    index: KnowledgeIndex | None = None
    try:
        while True:
            kind, payload = _receive_blocking(connection)
            if kind == "load":
                index = None  # the old one's memory first: questions meanwhile go unanswered
                key, index = load_stored(data_dir, knowledge_dir)
                connection.sendall(_frame(("loaded", key)))
            elif kind == "ask":
                answers = [(i, _answer(index, q, k, after)) for i, q, k, after in payload]
                connection.sendall(_frame(("answers", answers)))
            elif kind == "stop":
                return
    except (EOFError, OSError, KeyboardInterrupt):
        return  # the bot is gone


def load_stored(data_dir: Path, knowledge_dir: Path) -> tuple[str | None, KnowledgeIndex | None]:
    """The stored index and its content key, if it is the one for the knowledge folder
    as it is now (else None, None: the bot is about to reload, and asks again then)."""
    try:
        found = IndexCache.for_knowledge(data_dir, knowledge_dir).reread(knowledge_dir)
        if found is None:
            return None, None
        key, index, _ = found
        warm_up(index)  # before any user's question
    except Exception:  # anything wrong here only means the bot answers by itself
        log.exception("the answering process could not load the stored index")
        return None, None
    return key, index


def _answer(
    index: KnowledgeIndex | None, question: str, k: int, after: str | None = None
) -> Answer | None:
    if index is None:
        return None
    try:
        return ask(index, question, k, after=after)
    except Exception:  # the bot asks again itself, and reports what goes wrong there
        log.exception("answering failed in the answering process")
        return None
