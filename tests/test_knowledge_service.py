from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import bot.serving.knowledge as ks
from bot.engine.cache import IndexCache
from bot.serving.knowledge import KnowledgeService, safe_upload_name
from bot.text.tokenizer import segmenter_engine
from tests.conftest import write_markdown


def test_reload_reports_added_changed_removed(tiny_dir: Path) -> None:
    service = KnowledgeService(tiny_dir)
    assert service.load_initial().articles == 3
    write_markdown(tiny_dir / "new.md", "ข่าวใหม่", "https://example.org/new", "เนื้อหา")
    (tiny_dir / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    assert service.folder_changed()
    report = asyncio.run(service.reload())
    assert report.ok and [a.id for a in report.added] == ["https://example.org/new"]
    assert report.changed == () and report.removed == ()
    assert [s.path for s in report.skipped] == ["bad.jsonl"]
    write_markdown(tiny_dir / "new.md", "ข่าวใหม่", "https://example.org/new", "แก้ไขแล้ว")
    (tiny_dir / "tiny.jsonl").unlink()
    report = asyncio.run(service.reload())
    assert [a.id for a in report.changed] == ["https://example.org/new"]
    assert len(report.removed) == 3 and report.articles == 1


def test_failed_reload_keeps_the_old_index_serving(
    tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = KnowledgeService(tiny_dir)
    service.load_initial()
    before = service.index

    def broken(*args: object, **kwargs: object) -> None:
        raise MemoryError("simulated")

    monkeypatch.setattr(ks, "build_index", broken)
    report = asyncio.run(service.reload())
    assert not report.ok and "simulated" in (report.error or "")
    assert service.index is before
    assert service.ask("ทุเรียนหมอนทองปลูกที่จังหวัดไหน").url == "https://example.org/durian"


def test_restart_from_the_stored_index_loads_the_segmenter_before_any_question(
    tiny_dir: Path, tmp_path: Path
) -> None:
    """A start from disk tokenizes nothing, so without the warm-up the first user's
    question would pay for loading the segmenter's dictionary."""
    first = KnowledgeService(tiny_dir, IndexCache.for_knowledge(tmp_path, tiny_dir))
    first.load_initial()
    segmenter_engine.cache_clear()
    restarted = KnowledgeService(tiny_dir, IndexCache.for_knowledge(tmp_path, tiny_dir))
    restarted.load_initial()
    assert segmenter_engine.cache_info().currsize == 1
    assert restarted.ask("ทุเรียนหมอนทองปลูกที่จังหวัดไหน").url == "https://example.org/durian"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("news.md", "news.md"),
        ("../escape.md", None),
        ("/etc/passwd", None),
        ("a/../../b.md", None),
        ("..\\..\\win.md", None),
        (".hidden.md", None),
        ("", None),
        ("dir/inner.md", "inner.md"),
        ("ข่าว\ud800.jsonl", "ข่าว\ufffd.jsonl"),  # half a surrogate pair: no file takes it
    ],
)
def test_upload_names_cannot_leave_the_folder(name: str, expected: str | None) -> None:
    assert safe_upload_name(name) == expected


def test_when_the_answering_process_falls_behind_the_bot_answers_too(
    tiny_dir: Path, tmp_path: Path
) -> None:
    """A burst over a big corpus outruns the answering process alone; questions beyond
    what it can soon answer go to the bot's own thread instead of queueing behind it."""
    service = KnowledgeService(tiny_dir, IndexCache.for_knowledge(tmp_path, tiny_dir))
    service.load_initial()

    class Behind:
        """Holds every question it is given until released."""

        running = True

        def __init__(self, key: str | None) -> None:
            self.key = key
            self.held: list[asyncio.Future[None]] = []

        @property
        def waiting(self) -> int:
            return sum(not f.done() for f in self.held)

        async def ask(self, question: str, k: int, after: str | None = None) -> None:
            future = asyncio.get_running_loop().create_future()
            self.held.append(future)
            await future  # then None: the bot answers it itself

    behind = Behind(service.key)
    service.helper = behind  # type: ignore[assignment]

    async def burst() -> tuple[int, int]:
        asking = [
            asyncio.ensure_future(service.ask_async("ทุเรียนหมอนทองปลูกที่จังหวัดไหน")) for _ in range(40)
        ]
        while sum(a.done() for a in asking) < 40 - len(behind.held):
            await asyncio.sleep(0.01)
        answered_meanwhile = sum(a.done() for a in asking)
        for future in behind.held:
            future.set_result(None)
        answers = await asyncio.gather(*asking)
        assert all(a.url == "https://example.org/durian" for a in answers)
        return answered_meanwhile, len(behind.held)

    answered_meanwhile, given = asyncio.run(burst())
    assert service.helper_ready
    assert 0 < given < 40  # the process got its share, not every question
    assert answered_meanwhile == 40 - given  # the rest did not wait for it
    service.helper = None
    service.close()


def _settled(service: KnowledgeService) -> None:
    async def settle() -> None:
        service.settle()
        await asyncio.gather(*service._refreshing)

    asyncio.run(settle())


def test_after_a_full_build_the_bot_serves_its_index_from_the_files(
    tiny_dir: Path, tmp_path: Path
) -> None:
    """A full build in the bot's process (a fold-back at a reload, or a first build where
    the building process failed) holds the index and the articles' text in the bot's
    own memory (1.25 GB at 200,000 passages); once written, it is read back from the
    files as a restart would, and answers exactly the same."""
    from bot.text.articles import StoredParagraphs

    question = "ทุเรียนหมอนทองปลูกที่จังหวัดไหน"
    cache = IndexCache.for_knowledge(tmp_path, tiny_dir, background=True)
    service = KnowledgeService(tiny_dir, cache, build_apart=False)
    service.load_initial()
    built, before = service.index, service.ask(question)
    assert built.index is not None and built.index.base.words.matrix.data.flags.writeable

    _settled(service)

    after = service.index
    assert after is not built and after.index is not None
    assert not after.index.base.words.matrix.data.flags.writeable  # the file's map
    assert all(isinstance(a.paragraphs, StoredParagraphs) for a in after.articles)
    assert service.ask(question) == before
    assert service.last_reload is not None
    assert {id(a) for a in service.last_reload.added} <= {id(a) for a in after.articles}
    # later reloads build on it as usual
    write_markdown(tiny_dir / "new.md", "ข่าวใหม่", "https://example.org/new", "ดาวเทียมดวงใหม่")
    assert asyncio.run(service.reload()).ok
    assert service.ask("ดาวเทียมดวงใหม่").url == "https://example.org/new"
    assert service.ask(question) == before
    service.close()


def test_a_build_is_not_swapped_for_files_of_a_folder_that_changed_meanwhile(
    tiny_dir: Path, tmp_path: Path
) -> None:
    cache = IndexCache.for_knowledge(tmp_path, tiny_dir, background=True)
    service = KnowledgeService(tiny_dir, cache, build_apart=False)
    service.load_initial()
    built = service.index
    (tiny_dir / "tiny.jsonl").write_text("", encoding="utf-8")  # every article gone
    _settled(service)
    assert service.index is built
    assert service.ask("ทุเรียนหมอนทองปลูกที่จังหวัดไหน").url == "https://example.org/durian"
    service.close()


def test_a_first_build_runs_in_a_process_of_its_own_and_the_bot_loads_its_files(
    tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With nothing stored, the bot itself never builds: the building process takes the
    build's memory away with it, and the bot starts as from a restart."""
    import bot.engine.knowledge

    def not_here(*args: object, **kwargs: object) -> None:
        raise AssertionError("built in the bot's own process")

    monkeypatch.setattr(bot.engine.knowledge.PassageIndex, "build", not_here)
    service = KnowledgeService(tiny_dir, IndexCache.for_knowledge(tmp_path, tiny_dir))
    report = service.load_initial()
    assert report.ok and report.articles == 3
    assert service.ask("ทุเรียนหมอนทองปลูกที่จังหวัดไหน").url == "https://example.org/durian"
    index = service.index.index
    assert index is not None and not index.base.words.matrix.data.flags.writeable
    service.close()


def test_if_the_building_process_fails_the_bot_builds_by_itself(
    tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.engine.cache as ic

    class Failing:
        exitcode = 1

        def __init__(self, **kwargs: object) -> None:
            pass

        def start(self) -> None:
            pass

        def join(self) -> None:
            pass

    class Context:
        Process = Failing

    monkeypatch.setattr(ic.multiprocessing, "get_context", lambda method: Context())
    service = KnowledgeService(tiny_dir, IndexCache.for_knowledge(tmp_path, tiny_dir))
    assert service.load_initial().ok
    assert service.ask("ทุเรียนหมอนทองปลูกที่จังหวัดไหน").url == "https://example.org/durian"
    service.close()
