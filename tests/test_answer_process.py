"""The answering process, without Telegram: it answers from the stored index exactly as
the bot would, only while it holds the index that is serving, and its loss costs no
question."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.engine.answering import ask
from bot.engine.cache import IndexCache, content_key
from bot.engine.knowledge import KnowledgeIndex
from bot.serving import answer_process
from bot.serving.answer_process import AnswerProcess, worth_starting
from bot.text.loader import load_knowledge
from tests.conftest import SEED, write_markdown

NEWS = Path(__file__).parent / "data" / "news"
QUESTIONS = ["ทุเรียนหมอนทองปลูกที่จังหวัดไหน", "น้ำท่วมเชียงรายกี่ครัวเรือน", "สวัสดีครับ"]


def stored(data: Path, knowledge: Path) -> KnowledgeIndex:
    """What the bot does before it starts the process: build, and write the cache."""
    cache = IndexCache.for_knowledge(data, knowledge)
    loaded = load_knowledge(knowledge, cache.stored_files())
    return cache.build(loaded.articles, files=loaded.files)[0]


async def loaded(helper: AnswerProcess, timeout: float = 60.0) -> None:
    """Ask it to load the stored index and wait until it says it is done."""
    helper.load()
    deadline = time.monotonic() + timeout
    while helper.loading and time.monotonic() < deadline:
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def serving(data: Path, knowledge: Path) -> AsyncIterator[AnswerProcess]:
    """An answering process that has loaded the stored index; closed (and woken, if a
    test stopped it) at the end."""
    helper = AnswerProcess(data, knowledge)
    await helper.start()
    try:
        await loaded(helper)
        yield helper
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(helper._process.pid, signal.SIGCONT)
        helper.close()


def test_it_answers_as_the_bot_would_from_the_stored_index(tmp_path: Path, tiny_dir: Path) -> None:
    index = stored(tmp_path / "data", tiny_dir)

    async def scenario() -> None:
        async with serving(tmp_path / "data", tiny_dir) as helper:
            assert helper.key == content_key(index.articles)
            answers = await asyncio.gather(*(helper.ask(q, 5) for q in QUESTIONS * 10))
            assert answers == [ask(index, q, 5) for q in QUESTIONS * 10]

    asyncio.run(scenario())


def test_it_holds_no_index_when_the_folder_changed_since_the_cache_was_written(
    tmp_path: Path, tiny_dir: Path
) -> None:
    # the bot has not reloaded the new file yet: the process must not answer from an
    # index that is not the one serving, nor build one of its own
    stored(tmp_path / "data", tiny_dir)
    cache_files = sorted((p.name, p.stat().st_mtime_ns) for p in (tmp_path / "data").rglob("*"))
    write_markdown(tiny_dir / "new.md", "ข่าวใหม่", "https://e.org/new", "ดาวเทียมดวงใหม่")

    async def scenario() -> None:
        async with serving(tmp_path / "data", tiny_dir) as helper:
            assert not helper.loading  # it answered the load: with no index
            assert helper.running and helper.key is None
            assert await helper.ask(QUESTIONS[0], 5) is None  # the bot answers itself

    asyncio.run(scenario())
    now = sorted((p.name, p.stat().st_mtime_ns) for p in (tmp_path / "data").rglob("*"))
    assert now == cache_files  # it built and wrote nothing


def test_questions_waiting_when_the_process_dies_come_back_unanswered_to_the_bot(
    tmp_path: Path, tiny_dir: Path
) -> None:
    stored(tmp_path / "data", tiny_dir)

    async def scenario() -> None:
        async with serving(tmp_path / "data", tiny_dir) as helper:
            waiting = [asyncio.ensure_future(helper.ask(q, 5)) for q in QUESTIONS * 20]
            helper._process.kill()  # as the kernel's OOM killer would
            helper._process.join()
            answers = await asyncio.wait_for(asyncio.gather(*waiting), 30)
            assert answers == [None] * len(waiting)  # none lost: the bot answers them itself
            assert not helper.running and helper.key is None
            assert await helper.ask(QUESTIONS[0], 5) is None

    asyncio.run(scenario())


def test_closing_ends_the_process_cleanly(tmp_path: Path, tiny_dir: Path) -> None:
    stored(tmp_path / "data", tiny_dir)

    async def scenario() -> AnswerProcess:
        helper = AnswerProcess(tmp_path / "data", tiny_dir)
        await helper.start()
        await loaded(helper)
        assert await helper.ask(QUESTIONS[0], 5) is not None
        helper.close()
        return helper

    helper = asyncio.run(scenario())
    assert helper._process.exitcode == 0  # it left on its own, not killed after a wait
    assert not helper.running


def test_a_stuck_process_holds_up_one_round_of_questions_for_the_timeout_only(
    tmp_path: Path, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored(tmp_path / "data", tiny_dir)
    monkeypatch.setattr(answer_process, "ANSWER_TIMEOUT", 0.5)

    async def scenario() -> None:
        async with serving(tmp_path / "data", tiny_dir) as helper:
            os.kill(helper._process.pid, signal.SIGSTOP)  # alive, but answering nothing
            started = time.monotonic()
            waiting = [helper.ask(q, 5) for q in QUESTIONS * 10]
            assert await asyncio.gather(*waiting) == [None] * len(waiting)  # the bot answers
            assert time.monotonic() - started < 5
            assert not helper.running  # given up: later questions do not wait at all
            assert await helper.ask(QUESTIONS[0], 5) is None

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("setting", "cores", "expected"),
    [
        ("on", 1, True),  # asked for: always
        ("off", 8, False),
        ("auto", 2, True),  # a core of its own
        ("auto", 1, False),  # no core of its own: it would only compete
        ("auto", None, False),  # unknown: as one
    ],
)
def test_auto_starts_it_only_where_it_has_a_core_of_its_own(
    setting: str, cores: int | None, expected: bool
) -> None:
    assert worth_starting(setting, cores) is expected


def test_a_process_that_died_is_started_again_and_answers(
    tmp_path: Path, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One crash must not leave the bot answering alone until its next restart."""
    stored(tmp_path / "data", tiny_dir)
    monkeypatch.setattr(answer_process, "RESTART_FIRST", 0.2)

    async def scenario() -> None:
        async with serving(tmp_path / "data", tiny_dir) as helper:
            first = helper._process
            first.kill()
            first.join()
            deadline = time.monotonic() + 60
            while (helper.key is None or helper._process is first) and (
                time.monotonic() < deadline
            ):
                await asyncio.sleep(0.05)
            assert helper.running and helper.key is not None and helper.restarts == 1
            answer = await helper.ask(QUESTIONS[0], 5)
            assert answer is not None and answer.url == "https://example.org/durian"

    asyncio.run(scenario())


def test_questions_queued_behind_a_load_are_not_taken_for_a_stall(
    tmp_path: Path, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A load (after every reload; seconds at 200,000 passages) holds the questions sent
    meanwhile: they wait for it and are answered, and the process is not killed."""
    stored(tmp_path / "data", tiny_dir)
    monkeypatch.setattr(answer_process, "ANSWER_TIMEOUT", 0.5)

    async def scenario() -> None:
        async with serving(tmp_path / "data", tiny_dir) as helper:
            os.kill(helper._process.pid, signal.SIGSTOP)  # a load that takes a while
            helper.load()
            waiting = asyncio.ensure_future(helper.ask(QUESTIONS[0], 5))
            started = time.monotonic()
            # the load takes three times the timeout; the question waits, nothing is killed
            while time.monotonic() - started < 3 * answer_process.ANSWER_TIMEOUT:
                assert not waiting.done() and helper.running
                await asyncio.sleep(0.05)
            os.kill(helper._process.pid, signal.SIGCONT)
            answer = await asyncio.wait_for(waiting, 30)
            assert answer is not None and answer.url == "https://example.org/durian"
            assert helper.running and helper.restarts == 0

    asyncio.run(scenario())


def test_a_follow_up_is_answered_there_from_the_article_it_follows(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    for source in (SEED, NEWS / "asean-health-ministers.txt"):
        shutil.copy(source, knowledge / source.name)
    index = stored(tmp_path / "data", knowledge)
    health = "https://asean.org/16th-asean-health-ministers-meeting-bali/"

    async def scenario() -> None:
        async with serving(tmp_path / "data", knowledge) as helper:
            alone = await helper.ask("ใครเป็นประธาน", 5)
            follow_up = await helper.ask("ใครเป็นประธาน", 5, after=health)
            assert follow_up == ask(index, "ใครเป็นประธาน", 5, after=health)
            assert follow_up is not None and follow_up.url == health
            assert alone is not None and alone.url != health

    asyncio.run(scenario())
