""" "More answers" buttons: the key is kept in the state store, so a press reaches
whichever replica takes it, and survives a restart; a key from another chat never shows
someone else's results."""

from __future__ import annotations

from pathlib import Path

from bot.serving.storage import QUESTION_RETENTION, Storage

ALICE, BOB = 1001, 2002


def test_a_button_works_on_another_replica_and_after_a_restart(state_target: Path | str) -> None:
    first = Storage(state_target, owner="a")
    key = first.remember_question(ALICE, "ใครเป็นประธาน", "https://example.org/a", now=1000.0)
    first.close()
    other = Storage(state_target, owner="b")
    assert other.asked_question(key, ALICE, now=1001.0) == ("ใครเป็นประธาน", "https://example.org/a")


def test_a_key_is_bound_to_its_chat(state_target: Path | str) -> None:
    store = Storage(state_target)
    key = store.remember_question(ALICE, "คำถามของอลิซ", None, now=1000.0)
    assert store.asked_question(key, ALICE, now=1000.0) == ("คำถามของอลิซ", None)
    assert store.asked_question(key, BOB, now=1000.0) is None


def test_an_old_button_finds_nothing(state_target: Path | str) -> None:
    store = Storage(state_target)
    key = store.remember_question(ALICE, "คำถามเก่า", None, now=1000.0)
    later = 1000.0 + QUESTION_RETENTION + 1
    assert store.asked_question(key, ALICE, now=later) is None
    store.remember_question(BOB, "คำถามใหม่", None, now=later)
    assert store.asked_question(key, ALICE, now=1000.0) is None  # deleted, not only hidden


def test_keys_fit_callback_data_and_do_not_repeat(tmp_path: Path) -> None:
    store = Storage(tmp_path / "s.sqlite3")
    keys = {store.remember_question(ALICE, f"q{i}", None) for i in range(1000)}
    assert len(keys) == 1000
    assert all(len("more:" + k) <= 64 for k in keys)
