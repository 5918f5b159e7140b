"""Feeds, offline against a local HTTP server: RSS, Atom and a broken feed, conditional
GET, a teaser completed from its page, a page too large or too slow, a feed that
disappears and comes back, an edited entry, and the baseline across restarts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.engine.answering import ask
from bot.engine.knowledge import build_index
from bot.serving import feeds
from bot.serving.feeds import FeedError, fetch, parse, poll_due
from bot.serving.storage import Storage
from bot.text.loader import load_knowledge
from tests.feed_server import FeedServer, Route, atom, rss

LONG = "การประชุมสุดยอดอาเซียนครั้งที่ 44 จัดขึ้นที่นครเวียงจันทน์ ประเทศลาว ผู้นำได้หารือเรื่องความร่วมมือ " * 8
PAGE = (
    "<html><head><title>ข่าวเต็ม</title></head><body><nav>เมนู หน้าแรก</nav><article>"
    + "".join(
        f"<p>ย่อหน้าที่ {i}: สำนักข่าวรายงานว่าโครงการรถไฟความเร็วสูงเชื่อมกรุงเทพกับหนองคายคืบหน้าไปมาก"
        f" โดยช่วงที่ {i} จะเปิดให้บริการในอีกสองปีข้างหน้าตามแผนของกระทรวงคมนาคม</p>"
        for i in range(1, 8)
    )
    + "</article><footer>ลิขสิทธิ์</footer></body></html>"
).encode()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    running = FeedServer().start()
    yield running
    running.stop()


def test_rss_2_rss_1_atom_and_a_broken_feed() -> None:
    entries = parse(rss(("g1", "ข่าวหนึ่ง", "https://e.org/1", f"<p>{LONG}</p>")))
    assert [(e.id, e.title, e.link, e.published) for e in entries] == [
        ("g1", "ข่าวหนึ่ง", "https://e.org/1", "2024-09-02")
    ]
    assert "เวียงจันทน์" in entries[0].text and "<p>" not in entries[0].text
    (entry,) = parse(atom(("urn:a1", "Atom ข่าว", "https://e.org/a1", "&lt;b&gt;ข้อความ&lt;/b&gt;")))
    assert (entry.id, entry.published, entry.text) == ("urn:a1", "2024-09-03", "ข้อความ")
    rdf = (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://e.org/"><title>RSS 1.0</title><link>https://e.org/</link>'
        "<description>d</description></channel>"
        '<item rdf:about="https://e.org/r1"><title>ข่าว RSS 1.0</title><link>https://e.org/r1</link>'
        "<description>เนื้อหาข่าว</description><dc:date>2024-09-04T08:00:00Z</dc:date></item>"
        "</rdf:RDF>"
    ).encode()
    (item,) = parse(rdf)
    assert (item.id, item.title, item.published, item.text) == (
        "https://e.org/r1",
        "ข่าว RSS 1.0",
        "2024-09-04",
        "เนื้อหาข่าว",
    )
    with pytest.raises(FeedError, match="not a valid feed"):
        parse(b"<rss><channel><item><title>cut")


def test_conditional_get_is_sent_and_a_304_costs_nothing(server: FeedServer) -> None:
    server.routes["/feed"] = Route(rss(("g1", "ข่าวหนึ่ง", "https://e.org/1", LONG)), etag='"v1"')
    with feeds.client() as http:
        first = fetch(http, server.url("/feed"), None, None)
        again = fetch(http, server.url("/feed"), first.etag, first.last_modified)
    assert first.entries is not None and first.etag == '"v1"'
    assert again.entries is None  # not modified
    assert server.asked("/feed")[1]["if-none-match"] == '"v1"'
    assert "thai-news-qa-bot" in server.asked("/feed")[0]["user-agent"]


def test_a_teaser_is_completed_from_its_page(server: FeedServer) -> None:
    server.routes["/page"] = Route(PAGE, content_type="text/html; charset=utf-8")
    server.routes["/feed"] = Route(rss(("g1", "รถไฟ", server.url("/page"), "อ่านต่อ...")))
    with feeds.client() as http:
        (entry,) = fetch(http, server.url("/feed"), None, None).entries or []
    assert "หนองคาย" in entry.text and "ย่อหน้าที่ 7" in entry.text
    assert "เมนู" not in entry.text  # the page's main text, not its navigation


@pytest.mark.parametrize("problem", ["large", "slow", "missing"])
def test_a_page_too_large_too_slow_or_gone_leaves_the_teaser(
    server: FeedServer, problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feeds, "MAX_PAGE_BYTES", 50_000)
    monkeypatch.setattr(feeds, "TIMEOUT", 0.5)
    if problem == "large":
        server.routes["/page"] = Route(PAGE * 60, content_type="text/html")
    elif problem == "slow":
        server.routes["/page"] = Route(PAGE, content_type="text/html", delay=3)
    server.routes["/feed"] = Route(rss(("g1", "รถไฟ", server.url("/page"), "ข่าวสั้นรถไฟ")))
    with feeds.client() as http:
        (entry,) = fetch(http, server.url("/feed"), None, None).entries or []
    assert entry.text == "ข่าวสั้นรถไฟ"


def test_a_feed_that_disappears_backs_off_and_comes_back(
    server: FeedServer, tmp_path: Path
) -> None:
    store = Storage(tmp_path / "s.sqlite3")
    url = server.url("/feed")
    server.routes["/feed"] = Route(rss(("g1", "ข่าวหนึ่ง", "https://e.org/1", LONG)))
    poll_due(store, tmp_path / "kb", [url], interval=100, now=1000)
    del server.routes["/feed"]
    poll_due(store, tmp_path / "kb", [url], interval=100, now=1100)
    poll_due(store, tmp_path / "kb", [url], interval=100, now=1100 + 200)  # waits 200 s
    state = store.feed(url)
    assert state.failures == 2 and "404" in (state.last_error or "")
    assert state.next_poll == 1300 + 400  # the interval doubled per failure in a row
    assert len(server.asked("/feed")) == 3
    poll_due(store, tmp_path / "kb", [url], interval=100, now=1500)  # not due: not asked
    assert len(server.asked("/feed")) == 3
    server.routes["/feed"] = Route(rss(("g1", "ข่าวหนึ่ง", "https://e.org/1", LONG)))
    poll_due(store, tmp_path / "kb", [url], interval=100, now=1700)
    state = store.feed(url)
    assert (state.failures, state.last_error, state.entries) == (0, None, 1)


def test_entries_become_articles_an_edit_updates_one_and_the_baseline_is_not_announced(
    server: FeedServer, tmp_path: Path
) -> None:
    kb_dir = tmp_path / "kb"
    url = server.url("/feed")
    server.routes["/feed"] = Route(rss(("g1", "ประชุมอาเซียน", "https://e.org/1", LONG)))
    store = Storage(tmp_path / "s.sqlite3")
    store.subscribe(-1)
    assert poll_due(store, kb_dir, [url], interval=10, now=0) == ["g1"]
    kb = build_index(load_knowledge(kb_dir).articles)
    answer = ask(kb, "การประชุมสุดยอดอาเซียนครั้งที่ 44 จัดขึ้นที่ไหน")
    assert answer.found and answer.url == "https://e.org/1"
    # the baseline: known, never announced, across a restart of the state
    store.close()
    store = Storage(tmp_path / "s.sqlite3")
    assert store.record_articles([("g1", "f", "text")]) == []
    # a new entry is announced once; an edited one is rewritten, not duplicated
    server.routes["/feed"] = Route(
        rss(
            ("g1", "ประชุมอาเซียน", "https://e.org/1", LONG + " แก้ไขแล้ว"),
            ("g2", "ข่าวใหม่", "https://e.org/2", LONG.replace("44", "45")),
        )
    )
    assert sorted(poll_due(store, kb_dir, [url], interval=10, now=20)) == ["g1", "g2"]
    assert store.record_articles([("g2", "f", "text")]) == ["g2"]
    assert store.record_articles([("g2", "f", "text")]) == []
    loaded = load_knowledge(kb_dir)
    assert sorted(a.id for a in loaded.articles) == ["g1", "g2"]
    assert "แก้ไขแล้ว" in next(a.text for a in loaded.articles if a.id == "g1")
    assert poll_due(store, kb_dir, [url], interval=10, now=40) == []  # nothing changed


def test_a_feed_feedparser_cannot_read_fails_alone(server: FeedServer, tmp_path: Path) -> None:
    """A character reference to half a UTF-16 pair (`&#xD800;`) makes feedparser give up
    on the document with an exception of its own: that feed fails, and the feeds polled
    after it are read all the same."""
    store = Storage(tmp_path / "s.sqlite3")
    server.routes["/broken"] = Route(rss(("g1", "ข่าว&#xD800;", "https://e.org/1", LONG)))
    server.routes["/good"] = Route(rss(("g2", "ข่าวสอง", "https://e.org/2", LONG)))
    urls = [server.url("/broken"), server.url("/good")]
    assert poll_due(store, tmp_path / "kb", urls, interval=100, now=1000) == ["g2"]
    broken = store.feed(urls[0])
    assert broken.failures == 1 and "not a valid feed" in (broken.last_error or "")
    assert store.feed(urls[1]).failures == 0
    kb = build_index(load_knowledge(tmp_path / "kb").articles)
    assert ask(kb, "ประชุมสุดยอดอาเซียนครั้งที่ 44 จัดที่ไหน").found


def test_a_knowledge_folder_that_cannot_be_written_is_each_feeds_failure(
    server: FeedServer, tmp_path: Path
) -> None:
    store = Storage(tmp_path / "s.sqlite3")
    (tmp_path / "kb").write_text("a file where the folder should be", encoding="utf-8")
    server.routes["/a"] = Route(rss(("g1", "ข่าวหนึ่ง", "https://e.org/1", LONG)))
    server.routes["/b"] = Route(rss(("g2", "ข่าวสอง", "https://e.org/2", LONG)))
    urls = [server.url("/a"), server.url("/b")]
    assert poll_due(store, tmp_path / "kb", urls, interval=100, now=1000) == []
    for url in urls:  # both polled, both failed with the reason, neither stopped the other
        state = store.feed(url)
        assert state.failures == 1 and "unexpected" in (state.last_error or ""), state
    assert [len(server.asked(p)) for p in ("/a", "/b")] == [1, 1]
