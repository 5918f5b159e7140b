from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from bot.serving.storage import FOLLOW_UP_SECONDS, Storage, StorageError
from tests.conftest import postgres_schema, postgres_url


def test_each_article_is_queued_once_per_chat_ever(state_target: Path | str) -> None:
    store = Storage(state_target)
    store.subscribe(-1)
    store.subscribe(-2)
    assert store.record_articles([("a", "f1", "A"), ("b", "f1", "B")]) == ["a", "b"]
    assert store.record_articles([("a", "f2", "A changed")]) == []  # changed, not new
    items = store.claim_notifications(limit=50)
    assert [(i.chat_id, i.article_id) for i in items] == [
        (-2, "a"),
        (-1, "a"),
        (-2, "b"),
        (-1, "b"),
    ]
    for item in items:
        store.mark_sent(item.id)
    store.close()
    reopened = Storage(state_target)  # survives restarts
    assert reopened.record_articles([("a", "f3", "A")]) == []
    assert reopened.claim_notifications(limit=50) == []
    assert reopened.subscribers() == [-2, -1]


def test_unsubscribe_drops_pending_and_migration_moves_them(state_target: Path | str) -> None:
    store = Storage(state_target)
    store.subscribe(-1)
    store.subscribe(-2)
    store.record_articles([("a", "f", "A")])
    assert store.unsubscribe(-1)
    store.migrate_chat(-2, -100)
    assert store.subscribers() == [-100]
    assert [(i.chat_id, i.article_id) for i in store.claim_notifications(limit=50)] == [(-100, "a")]


def test_a_migration_to_a_chat_that_already_has_the_notification_leaves_nothing_pending(
    state_target: Path | str,
) -> None:
    """The new supergroup id was subscribed too: its notification is sent once, and the
    old id's copy is not retried against a chat that no longer exists."""
    store = Storage(state_target)
    store.subscribe(-2)
    store.subscribe(-100)
    store.record_articles([("a", "f", "A")])
    store.migrate_chat(-2, -100)
    assert store.subscribers() == [-100]
    assert [(i.chat_id, i.article_id) for i in store.claim_notifications(limit=50)] == [(-100, "a")]
    assert store.pending_count() == 1


def test_retry_later_hides_a_row_until_its_time(state_target: Path | str) -> None:
    store = Storage(state_target)
    store.subscribe(5)
    store.record_articles([("a", "f", "A")])
    (item,) = store.claim_notifications(limit=50)
    store.retry_later(item.id, 60, "429")
    assert store.claim_notifications(limit=50) == []
    assert store.pending_count() == 1


def test_corrupt_state_file_is_a_clear_error_not_a_reset(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError) as error:
        Storage(path)
    assert str(path) in str(error.value) and "move it aside" in str(error.value)
    assert path.read_bytes().startswith(b"this is not a database")  # nothing overwritten


def test_missing_state_file_is_created(tmp_path: Path) -> None:
    store = Storage(tmp_path / "new" / "s.sqlite3")
    assert store.subscribers() == [] and (tmp_path / "new" / "s.sqlite3").exists()


def test_a_bulk_import_is_announced_in_one_digest_per_chat(state_target: Path | str) -> None:
    """Twelve new articles at once would be twelve messages in every group: each chat
    gets one message listing them; a handful still gets one message each."""
    from bot.telegram_app.rendering import render_digest
    from bot.text.articles import Article

    store = Storage(state_target)
    store.subscribe(-1)
    store.subscribe(-2)
    bulk = {
        f"b{i}": Article(f"b{i}", f"ข่าวนำเข้า {i}", f"https://e.org/b{i}", ("x",)) for i in range(12)
    }
    new = store.record_articles(
        ((a.id, "f", f"one {a.id}") for a in bulk.values()),
        digest=lambda ids: render_digest([bulk[i] for i in ids]),
    )
    assert new == list(bulk)
    items = store.claim_notifications(limit=50)
    assert sorted(i.chat_id for i in items) == [-2, -1]
    for item in items:
        assert "12" in item.text and all(f"https://e.org/b{i}" in item.text for i in range(12))
    for item in items:
        store.mark_sent(item.id)
    few = store.record_articles(
        ((f"n{i}", "f", f"one n{i}") for i in range(3)), digest=lambda ids: "digest"
    )
    assert len(few) == 3 and len(store.claim_notifications(limit=50)) == 6  # one each, per chat


def test_a_digest_of_many_long_links_fits_one_telegram_message() -> None:
    from bot.telegram_app.rendering import render_digest
    from bot.text.articles import Article

    many = [
        Article(str(i), "หัวข้อยาว " * 40, f"https://e.org/{'x' * 1500}/{i}", ("x",))
        for i in range(500)
    ]
    text = render_digest(many)
    assert len(text) <= 4096
    assert "500" in text and "/latest" in text


def test_sent_notifications_are_pruned_after_the_retention_period(state_target: Path | str) -> None:
    import time

    store = Storage(state_target)
    store.subscribe(1)
    store.record_articles([("a", "f", "A"), ("b", "f", "B")])
    first, _ = store.claim_notifications(limit=50)
    store.mark_sent(first.id)
    later = time.time() + 31 * 24 * 3600
    assert store.prune_outbox(now=later) == 1  # the sent row; the pending one stays
    assert [i.article_id for i in store.claim_notifications(limit=50, now=later)] == ["b"]
    assert store.record_articles([("a", "f", "A")]) == []  # still known: never re-announced


def test_replicas_claim_notifications_apart_and_take_over_a_dead_ones_after_its_lease(
    state_target: Path | str,
) -> None:
    """Two replicas sending at once never take the same row; rows claimed by a replica
    that died are sent by the other once the lease runs out, and a restarted replica
    takes its own claims back at once."""
    a, b = Storage(state_target, owner="a"), Storage(state_target, owner="b")
    for chat in range(1, 7):
        a.subscribe(chat)
    a.record_articles([("x", "f", "X")])
    first = a.claim_notifications(limit=4, lease=60, now=1000.0)
    second = b.claim_notifications(limit=4, lease=60, now=1000.0)
    assert len(first) == 4 and len(second) == 2
    assert not {i.id for i in first} & {i.id for i in second}
    for item in second:
        b.mark_sent(item.id)
    assert b.claim_notifications(limit=10, lease=60, now=1030.0) == []  # a's lease holds
    a_again = Storage(state_target, owner="a")  # a, restarted
    assert {i.id for i in a_again.claim_notifications(limit=10, now=1030.0)} == {
        i.id for i in first
    }
    taken = b.claim_notifications(limit=10, lease=60, now=2000.0)  # a died: lease over
    assert {i.id for i in taken} == {i.id for i in first}
    for item in taken:
        b.mark_sent(item.id)
    assert a.pending_count() == 0


def test_an_update_is_taken_once_whichever_replica_sees_it(state_target: Path | str) -> None:
    a, b = Storage(state_target, owner="a"), Storage(state_target, owner="b")
    assert a.claim_update(41) is True
    assert b.claim_update(41) is False
    assert a.claim_update(41) is False
    assert b.claim_update(42) is True


def test_the_knowledge_version_is_shared(state_target: Path | str) -> None:
    a, b = Storage(state_target, owner="a"), Storage(state_target, owner="b")
    assert b.knowledge_version() == 0
    assert a.bump_knowledge_version() == 1
    assert b.knowledge_version() == 1
    assert b.bump_knowledge_version() == 2 and a.knowledge_version() == 2


def test_a_follow_up_finds_the_askers_last_answer_on_any_replica(
    state_target: Path | str,
) -> None:
    """Each asker of a chat has their own last answer, which another replica sees, for
    FOLLOW_UP_SECONDS; an older one is forgotten."""
    a, b = Storage(state_target, owner="a"), Storage(state_target, owner="b")
    a.remember_answer(-5, 7, "https://example.org/first", now=1000.0)
    a.remember_answer(-5, 8, "https://example.org/other", now=1000.0)
    assert b.last_answer(-5, 7, now=1001.0) == "https://example.org/first"
    assert b.last_answer(-5, 8, now=1001.0) == "https://example.org/other"
    assert b.last_answer(-6, 7, now=1001.0) is None  # another chat
    b.remember_answer(-5, 7, "https://example.org/second", now=1100.0)
    assert a.last_answer(-5, 7, now=1101.0) == "https://example.org/second"
    assert a.last_answer(-5, 7, now=1100.0 + FOLLOW_UP_SECONDS + 1) is None
    a.remember_answer(-9, 9, "https://example.org/late", now=1100.0 + FOLLOW_UP_SECONDS + 200)
    assert b.last_answer(-5, 7, now=1100.0) is None  # the stale row is gone, not only hidden
    a.remember_answer(-9, 9, None, now=1100.0 + FOLLOW_UP_SECONDS + 201)  # a new subject
    assert b.last_answer(-9, 9, now=1100.0 + FOLLOW_UP_SECONDS + 202) is None


def test_concurrent_records_of_one_article_queue_each_notification_once(
    state_target: Path | str,
) -> None:
    """Replicas loading the same new file at once (a reload on one, a scan on the other)
    announce it once."""
    stores = [Storage(state_target, owner=str(i)) for i in range(4)]
    for chat in range(1, 21):
        stores[0].subscribe(chat)
    new: list[list[str]] = []
    start = threading.Barrier(len(stores))

    def record(store: Storage) -> None:
        start.wait(timeout=10)
        new.append(store.record_articles([("a", "f", "A"), ("b", "f", "B")]))

    threads = [threading.Thread(target=record, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(map(tuple, new)) == [(), (), (), ("a", "b")]
    assert stores[1].pending_count() == 40


OLD_SCHEMA = """
CREATE TABLE subscriptions (chat_id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL);
CREATE TABLE known_articles (article_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,
    first_seen REAL NOT NULL);
CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id INTEGER NOT NULL,
    article_id TEXT NOT NULL, text TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at REAL NOT NULL DEFAULT 0,
    last_error TEXT, created_at REAL NOT NULL, sent_at REAL, UNIQUE (chat_id, article_id));
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO subscriptions VALUES (-5, 'group', 1.0);
INSERT INTO outbox (chat_id, article_id, text, created_at) VALUES (-5, 'a', 'A', 1.0);
INSERT INTO meta VALUES ('baseline', '1.0');
"""


def test_a_state_file_from_before_numbered_migrations_is_upgraded_in_place(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as old:
        old.executescript(OLD_SCHEMA)
    store = Storage(path)
    assert store.schema_version == 3
    assert store.subscribers() == [-5] and store.has_baseline()
    (item,) = store.claim_notifications()
    assert (item.chat_id, item.article_id, item.text) == (-5, "a", "A")
    assert store.claim_update(1)
    store.remember_answer(-5, 7, "https://example.org/a")
    store.close()
    assert Storage(path).schema_version == 3  # applied once


def test_a_database_from_a_newer_bot_is_refused_with_one_line(state_target: Path | str) -> None:
    Storage(state_target).close()
    if isinstance(state_target, Path):
        with sqlite3.connect(state_target) as db:
            db.execute("INSERT INTO schema_migrations VALUES (99, 0)")
    else:
        import psycopg

        with psycopg.connect(state_target, autocommit=True) as db:
            db.execute("INSERT INTO schema_migrations VALUES (99, 0)")
    with pytest.raises(StorageError) as error:
        Storage(state_target)
    assert "newer than this bot knows" in str(error.value)
    assert "\n" not in str(error.value)


def test_an_unreachable_database_is_one_line_without_its_password() -> None:
    """It says why (the server refused), not that a pool of connections timed out."""
    with pytest.raises(StorageError) as error:
        Storage("postgresql://bot:s3cret-pass@127.0.0.1:1/bot?connect_timeout=1")
    message = str(error.value)
    assert "s3cret-pass" not in message and "127.0.0.1" in message
    assert "refused" in message.lower()
    assert "\n" not in message


@pytest.mark.timeout(60)
def test_a_knowledge_change_is_signalled_to_the_other_replicas() -> None:
    url = postgres_url()
    if url is None:
        pytest.skip("no TEST_DATABASE_URL (run .ci/postgres)")
    with postgres_schema(url) as target:
        a, b = Storage(target, owner="a"), Storage(target, owner="b")
        heard = threading.Event()
        stop = threading.Event()
        listener = threading.Thread(target=b.listen_for_knowledge, args=(heard.set, stop))
        listener.start()
        try:
            # the listener may not be listening yet: bump until it hears one
            for _ in range(50):
                a.bump_knowledge_version()
                if heard.wait(timeout=0.5):
                    break
            assert heard.is_set()
        finally:
            stop.set()
            listener.join(timeout=10)
        assert not listener.is_alive()
