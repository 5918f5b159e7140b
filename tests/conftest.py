from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from bot.engine.answering import Answer, ask
from bot.engine.knowledge import KnowledgeIndex, build_index
from bot.text.articles import Article
from bot.text.loader import LoadResult, load_knowledge
from bot.tools.train import contains
from tests.fake_telegram import FakeTelegram

# Property tests explore the same examples on every run: deterministic, like every test.
hypothesis_settings.register_profile("deterministic", derandomize=True, database=None)
hypothesis_settings.load_profile("deterministic")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "knowledge" / "asean-ascco-2019.txt"
SEED_URL = "https://asean.org/asean-explores-deeper-cooperation-synergy-within-community/"


def article(key: str, title: str, *paragraphs: str) -> Article:
    """An article for a test's own small knowledge, at https://example.org/<key>."""
    return Article(
        id=key, title=title, url=f"https://example.org/{key}", paragraphs=paragraphs
    ).with_fingerprint()


def write_markdown(
    path: Path,
    title: str,
    url: str,
    body: str,
    published: str = "2024-01-15",
    category: str = "ข่าวต่างประเทศ",
) -> Path:
    path.write_text(
        f"---\ntitle: {title}\nurl: {url}\npublished: {published}\ncategory: {category}\n---\n\n"
        f"{body}\n",
        encoding="utf-8",
    )
    return path


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


# A tiny Thai corpus: three articles on clearly different topics.
TINY = [
    {
        "id": "durian",
        "title": "ทุเรียนหมอนทองจังหวัดจันทบุรี",
        "url": "https://example.org/durian",
        "published": "2024-05-01",
        "text": "ทุเรียนหมอนทองเป็นผลไม้ที่ปลูกมากในจังหวัดจันทบุรี\n\n"
        "ฤดูกาลเก็บเกี่ยวทุเรียนเริ่มในเดือนเมษายนของทุกปี เกษตรกรส่งออกทุเรียนไปยังประเทศจีน",
    },
    {
        "id": "rail",
        "title": "รถไฟความเร็วสูงไทยจีน",
        "url": "https://example.org/rail",
        "published": "2024-06-10",
        "text": "โครงการรถไฟความเร็วสูงเชื่อมกรุงเทพมหานครกับนครราชสีมา มีระยะทาง 253 กิโลเมตร\n\n"
        "รัฐบาลคาดว่าจะเปิดให้บริการในปี พ.ศ. 2571",
    },
    {
        "id": "flood",
        "title": "น้ำท่วมภาคเหนือ",
        "url": "https://example.org/flood",
        "published": "2024-09-02",
        "text": "พายุทำให้เกิดน้ำท่วมฉับพลันในจังหวัดเชียงราย ประชาชนได้รับผลกระทบกว่า 5,000 ครัวเรือน\n\n"
        "หน่วยงานรัฐเร่งช่วยเหลือผู้ประสบภัยและแจกจ่ายถุงยังชีพ",
    },
]


def postgres_url() -> str | None:
    """The PostgreSQL database the tests may use (`.ci/postgres` makes one); without it,
    the PostgreSQL tests are skipped, unless REQUIRE_POSTGRES is set (CI), where they fail."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url and os.environ.get("REQUIRE_POSTGRES"):
        pytest.fail("REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not")
    return url or None


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A URL into a schema of its own, dropped afterwards: each test starts empty."""
    import psycopg

    schema = f"test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def state_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | str]:
    """Where a `Storage` keeps its state: a SQLite file, or an empty PostgreSQL schema.
    Tests taking it run against both engines."""
    if request.param == "sqlite":
        yield tmp_path / "s.sqlite3"
        return
    url = postgres_url()
    if url is None:
        pytest.skip("no TEST_DATABASE_URL (run .ci/postgres)")
    with postgres_schema(url) as target:
        yield target


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands write their cache under DATA_DIR: keep it out of the project folder."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "state"))


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    folder.mkdir()
    write_jsonl(folder / "tiny.jsonl", TINY)
    return folder


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "seed"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    """A fake Bot API server on 127.0.0.1 for the duration of one test."""
    server = FakeTelegram().start()
    yield server
    server.stop()


def load_and_build(knowledge_dir: Path | str) -> tuple[KnowledgeIndex, LoadResult]:
    """Load a folder and build its index, without the cache (as `ask --no-cache`)."""
    loaded = load_knowledge(knowledge_dir)
    return build_index(loaded.articles), loaded


def article_url(kb: KnowledgeIndex, file: str) -> str:
    """The URL of the article read from `file` (a news test's `file` field)."""
    return next(a.url for a in kb.articles if Path(a.source or "").name == file)


def answered_from(kb: KnowledgeIndex, question: str, file: str) -> Answer:
    """The answer, which must come from the article read from `file`."""
    answer = ask(kb, question)
    assert answer.found and answer.url == article_url(kb, file), (answer.confidence, answer.title)
    return answer


NEWS_GROUPS = ("news", "news_later", "news_third")  # folders of tests/data with news articles
# the sets written before the engine met them, in the order they were written
FRESH_SETS = tuple(
    f"news_{n}"
    for n in (
        *("fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh"),
        *("twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth"),
        *("eighteenth", "nineteenth", "twentieth", "twenty_first", "twenty_second"),
        *("twenty_third", "twenty_fourth", "twenty_fifth", "twenty_sixth"),
    )
)


def groups_through(last: str) -> tuple[str, ...]:
    """The news folders a fresh set is asked among: the older news and every fresh set
    up to `last`."""
    return (*NEWS_GROUPS, *FRESH_SETS[: FRESH_SETS.index(last) + 1])


def news_index(folder: Path, groups: Sequence[str] = NEWS_GROUPS) -> KnowledgeIndex:
    """The seed article and the news articles of `groups` (folders of tests/data), copied
    into `folder` and indexed."""
    shutil.copy(SEED, folder / SEED.name)
    for group in groups:
        for path in (ROOT / "tests" / "data" / group).glob("*.txt"):
            shutil.copy(path, folder / path.name)
    return build_index(load_knowledge(folder).articles)


def near_subject_answered(kb: KnowledgeIndex, folder: Path) -> list[str]:
    """The lines of `folder`'s near_subject.jsonl that get an answer (each should be
    declined: no article answers it)."""
    lines = (folder / "near_subject.jsonl").read_text(encoding="utf-8").splitlines()
    return [q for q in (json.loads(line)["question"] for line in lines) if ask(kb, q).found]


def assert_news_floors(
    kb: KnowledgeIndex, questions: Path, asked: int, right_floor: int, bold_floor: int
) -> None:
    """The file's questions are all asked, and at least the floors of them are answered
    from the right article with the answer in the reply, and in its bold part."""
    count, right, bold = news_scores(kb, questions)
    assert count == asked
    assert right >= right_floor, (right, right_floor)
    assert bold >= bold_floor, (bold, bold_floor)


def news_scores(kb: KnowledgeIndex, questions: Path) -> tuple[int, int, int]:
    """(asked, answered from the right article with the answer in the reply, with the
    answer in its bold part)."""
    urls = {Path(a.source or "").name: a.url for a in kb.articles}
    asked = right = bold = 0
    for line in questions.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        answer = ask(kb, row["question"])
        asked += 1
        if answer.found and answer.url == urls[row["file"]]:
            right += contains(answer.answer or "", row["answers"])
            bold += contains(answer.highlight or "", row["answers"])
    return asked, right, bold
