from __future__ import annotations

from pathlib import Path

import pytest

from bot.storage import Storage, StorageError


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
