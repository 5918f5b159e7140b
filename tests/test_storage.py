from __future__ import annotations

from pathlib import Path

import pytest

from bot.serving.storage import Storage, StorageError


def test_each_article_is_queued_once_per_chat_ever(tmp_path: Path) -> None:
    store = Storage(tmp_path / "s.sqlite3")
    store.subscribe(-1)
    store.subscribe(-2)
    assert store.record_articles([("a", "f1", "A"), ("b", "f1", "B")]) == ["a", "b"]
    assert store.record_articles([("a", "f2", "A changed")]) == []  # changed, not new
    items = store.due_notifications()
    assert [(i.chat_id, i.article_id) for i in items] == [
        (-2, "a"),
        (-1, "a"),
        (-2, "b"),
        (-1, "b"),
    ]
    for item in items:
        store.mark_sent(item.id)
    store.close()
    reopened = Storage(tmp_path / "s.sqlite3")  # survives restarts
    assert reopened.record_articles([("a", "f3", "A")]) == []
    assert reopened.due_notifications() == []
    assert reopened.subscribers() == [-2, -1]


def test_unsubscribe_drops_pending_and_migration_moves_them(tmp_path: Path) -> None:
    store = Storage(tmp_path / "s.sqlite3")
    store.subscribe(-1)
    store.subscribe(-2)
    store.record_articles([("a", "f", "A")])
    assert store.unsubscribe(-1)
    store.migrate_chat(-2, -100)
    assert store.subscribers() == [-100]
    assert [(i.chat_id, i.article_id) for i in store.due_notifications()] == [(-100, "a")]


def test_a_migration_to_a_chat_that_already_has_the_notification_leaves_nothing_pending(
    tmp_path: Path,
) -> None:
    """The new supergroup id was subscribed too: its notification is sent once, and the
    old id's copy is not retried against a chat that no longer exists."""
    store = Storage(tmp_path / "s.sqlite3")
    store.subscribe(-2)
    store.subscribe(-100)
    store.record_articles([("a", "f", "A")])
    store.migrate_chat(-2, -100)
    assert store.subscribers() == [-100]
    assert [(i.chat_id, i.article_id) for i in store.due_notifications()] == [(-100, "a")]
    assert store.pending_count() == 1


def test_retry_later_hides_a_row_until_its_time(tmp_path: Path) -> None:
    store = Storage(tmp_path / "s.sqlite3")
    store.subscribe(5)
    store.record_articles([("a", "f", "A")])
    (item,) = store.due_notifications()
    store.retry_later(item.id, 60, "429")
    assert store.due_notifications() == []
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


def test_a_bulk_import_is_announced_in_one_digest_per_chat(tmp_path: Path) -> None:
    """Twelve new articles at once would be twelve messages in every group: each chat
    gets one message listing them; a handful still gets one message each."""
    from bot.telegram_app.rendering import render_digest
    from bot.text.articles import Article

    store = Storage(tmp_path / "s.sqlite3")
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
    items = store.due_notifications()
    assert sorted(i.chat_id for i in items) == [-2, -1]
    for item in items:
        assert "12" in item.text and all(f"https://e.org/b{i}" in item.text for i in range(12))
    for item in items:
        store.mark_sent(item.id)
    few = store.record_articles(
        ((f"n{i}", "f", f"one n{i}") for i in range(3)), digest=lambda ids: "digest"
    )
    assert len(few) == 3 and len(store.due_notifications()) == 6  # one each, per chat


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


def test_sent_notifications_are_pruned_after_the_retention_period(tmp_path: Path) -> None:
    import time

    store = Storage(tmp_path / "s.sqlite3")
    store.subscribe(1)
    store.record_articles([("a", "f", "A"), ("b", "f", "B")])
    first, _ = store.due_notifications()
    store.mark_sent(first.id)
    later = time.time() + 31 * 24 * 3600
    assert store.prune_outbox(now=later) == 1  # the sent row; the pending one stays
    assert [i.article_id for i in store.due_notifications(now=later)] == ["b"]
    assert store.record_articles([("a", "f", "A")]) == []  # still known: never re-announced
