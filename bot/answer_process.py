"""Answers in a second process, on the other core, while the bot's event loop sends the
replies. No Telegram here.

Why: in one process the answers and python-telegram-bot share one GIL. In a burst of 200
questions each answer then cost the bot about 1.5 ms of CPU (0.6-0.8 ms alone), and the
replies waited for them.

The process answers from the index files the bot's cache wrote. They are memory-mapped,
so their pages, the articles' text among them, are shared with the bot: the process
needs about 0.25 GB of its own memory, whatever the corpus. It never builds: after every
reload the bot asks it to load what is stored, and it is used only while it holds the
index that is serving (the same content key). Questions go over a socket pair in small batches, two
batches at a time, so the process always has the next batch while replies go out as
answers come back. If the process dies, gets stuck, or holds another index, `ask`
returns None and the caller answers itself.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import logging
import multiprocessing
import pickle
import socket
import struct
from pathlib import Path
from typing import Any

from bot.engine import Answer, KnowledgeIndex, ask
from bot.index_cache import IndexCache

log = logging.getLogger(__name__)

# questions per batch and batches in flight: on a burst of 200 questions
# (bench/bot_load.py burst), everything in one batch gave reply p95 0.31 s (the first
# replies wait for the whole batch), 32 per batch 0.29 s, 4 to 16 per batch with two in
# flight 0.23-0.33 s, no size clearly better than another
BATCH = 8
IN_FLIGHT = 2
ANSWER_TIMEOUT = 10.0  # seconds; then the process is taken as stuck and stopped
WARM_UP_QUESTION = "ประชาคมอาเซียนคืออะไร"


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
        self._outbox: list[tuple[int, str, int]] = []
        self._in_flight = 0
        self._ids = itertools.count()

    @property
    def waiting(self) -> int:
        """Questions sent or about to be, not yet answered."""
        return len(self._pending)

    @property
    def running(self) -> bool:
        return self._writer is not None

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
        self._reading = asyncio.get_running_loop().create_task(self._read(reader))

    def load(self) -> None:
        """Have the process load the index stored now; `key` names it once it has."""
        self._send(("load", None))

    async def ask(self, question: str, k: int) -> Answer | None:
        """The answer, or None: then the caller answers (the process is gone, or a
        question failed there)."""
        if self._writer is None:
            return None
        ident = next(self._ids)
        future = self._pending[ident] = asyncio.get_running_loop().create_future()
        self._outbox.append((ident, question, k))
        self._pump()
        try:
            async with asyncio.timeout(ANSWER_TIMEOUT):
                return await future
        except TimeoutError:  # stuck (or stopped): the bot answers, from now on by itself
            log.warning(
                "no answer from the answering process in %s s; stopping it, the bot"
                " answers by itself from now on",
                ANSWER_TIMEOUT,
            )
            self._stop()
            if self._process is not None and self._process.is_alive():
                self._process.kill()
            return None

    def close(self) -> None:
        """Stop the process; the task reading its answers is cancelled (the caller's loop
        should run once more, so that it ends before the loop does)."""
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
            self._in_flight += 1
            self._send(("ask", batch))

    def _send(self, message: tuple[str, Any]) -> None:
        if self._writer is not None:
            self._writer.write(_frame(message))  # buffered: never blocks

    async def _read(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                (size,) = _HEADER.unpack(await reader.readexactly(_HEADER.size))
                self._receive(pickle.loads(await reader.readexactly(size)))
        except (asyncio.IncompleteReadError, ConnectionError):
            if self._writer is not None:  # not closed on purpose
                log.warning("the answering process stopped; the bot answers by itself now")
                self._stop()

    def _receive(self, message: tuple[str, Any]) -> None:
        kind, payload = message
        if kind == "loaded":
            self.key = payload
        elif kind == "answers":
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
                gc.freeze()  # as the bot does (see `KnowledgeService.load_initial`)
                connection.sendall(_frame(("loaded", key)))
            elif kind == "ask":
                answers = [(i, _answer(index, q, k)) for i, q, k in payload]
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
        ask(index, WARM_UP_QUESTION)  # the segmenter's dictionary, before any user's
    except Exception:  # anything wrong here only means the bot answers by itself
        log.exception("the answering process could not load the stored index")
        return None, None
    return key, index


def _answer(index: KnowledgeIndex | None, question: str, k: int) -> Answer | None:
    if index is None:
        return None
    try:
        return ask(index, question, k)
    except Exception:  # the bot asks again itself, and reports what goes wrong there
        log.exception("answering failed in the answering process")
        return None
