"""The notification outbox paces itself below Telegram's bulk limit (replies are not
paced, so a fan-out must leave them room)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, cast

from telegram import Bot

from bot.serving.storage import Storage
from bot.telegram_app.delivery import NOTIFICATIONS_PER_SECOND, deliver_pending


class RecordingBot:
    """Stands in for `telegram.Bot`: Telegram accepts every message at once."""

    def __init__(self) -> None:
        self.sent: list[tuple[float, int]] = []

    async def send_message(self, chat_id: int, text: str, **_: Any) -> None:
        self.sent.append((asyncio.get_running_loop().time(), chat_id))


def test_a_fan_out_is_paced_below_telegrams_bulk_limit(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "bot.sqlite3")
    storage.record_baseline([])
    chats = [-100500 - i for i in range(60)]
    storage.record_articles([("a1", "f1", "🆕 ข่าว")], extra_chats=chats)
    bot = RecordingBot()

    async def fan_out() -> None:
        while await deliver_pending(cast(Bot, bot), storage):
            pass

    asyncio.run(fan_out())
    assert sorted(chat for _, chat in bot.sent) == sorted(chats)  # each chat once
    times = [at for at, _ in bot.sent]
    busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    assert busiest <= NOTIFICATIONS_PER_SECOND + 1  # Telegram allows about 30/s
    assert storage.pending_count() == 0
