""" "More answers" buttons: an old button after a restart, or a button from another
chat, never shows someone else's results."""

from __future__ import annotations

from bot.telegram_app.services import Asked, QuestionCache

ALICE, BOB = 1001, 2002


def test_an_old_button_after_a_restart_finds_nothing() -> None:
    before = QuestionCache()
    old_key = before.put(Asked("คำถามของอลิซ"), ALICE)
    after = QuestionCache()  # the bot restarted: the cache is new and empty
    after.put(Asked("คำถามของบ็อบ"), BOB)
    assert after.get(old_key, ALICE) is None
    assert after.get(old_key, BOB) is None


def test_a_key_is_bound_to_its_chat() -> None:
    cache = QuestionCache()
    key = cache.put(Asked("คำถามของอลิซ", after="https://example.org/a"), ALICE)
    assert cache.get(key, ALICE) == Asked("คำถามของอลิซ", after="https://example.org/a")
    assert cache.get(key, BOB) is None


def test_keys_fit_callback_data_and_do_not_repeat() -> None:
    cache = QuestionCache()
    keys = {cache.put(Asked(f"q{i}"), ALICE) for i in range(1000)}
    assert len(keys) == 1000
    assert all(len("more:" + k) <= 64 for k in keys)
