"""Send queued notifications from the outbox, handling each Telegram fault."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.serving.metrics import Metrics
from bot.serving.storage import OUTBOX_LEASE, OutboxItem, Storage
from bot.telegram_app.rendering import PLAIN_FALLBACK_LIMIT, is_formatting_problem, to_plain_text

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_BACKOFF = 300.0
# Telegram allows about 30 messages/s for bulk notifications; staying below it leaves
# room for replies, which are not paced (see app.build_application)
NOTIFICATIONS_PER_SECOND = 25


def backoff_seconds(attempts: int) -> float:
    return min(MAX_BACKOFF, 2.0 ** max(0, attempts))


def _seconds(retry_after: object) -> float:
    total = getattr(retry_after, "total_seconds", None)
    return float(total()) if callable(total) else float(retry_after)  # type: ignore[arg-type]


OUTCOMES = {"sent": "sent", "retry": "retried", "flood": "retried", "dropped": "given_up"}


async def deliver_pending(
    bot: Bot,
    storage: Storage,
    batch: int = 10,
    lease: float = OUTBOX_LEASE,
    metrics: Metrics | None = None,
) -> int:
    """Send what is due, oldest first, until nothing is; returns how many were sent. Rows
    are claimed `batch` at a time for `lease` seconds (other replicas pass them by; a
    batch takes 0.4 s to send), and each is marked in the database right after its send,
    so a restart, or another replica after a crash, resumes where this stopped."""
    sent = 0
    loop = asyncio.get_running_loop()
    next_at = loop.time()
    while items := storage.claim_notifications(limit=batch, lease=lease):
        for item in items:
            await asyncio.sleep(max(0.0, next_at - loop.time()))
            next_at = max(next_at, loop.time()) + 1.0 / NOTIFICATIONS_PER_SECOND
            outcome = await _deliver_one(bot, storage, item)
            if metrics is not None:
                metrics.notifications.labels(OUTCOMES[outcome]).inc()
            if outcome == "sent":
                sent += 1
            elif outcome == "flood":
                return sent  # Telegram asked us to slow down: everything waits
    return sent


async def _deliver_one(bot: Bot, storage: Storage, item: OutboxItem) -> str:
    try:
        try:
            await bot.send_message(
                item.chat_id, item.text, parse_mode=ParseMode.HTML, disable_web_page_preview=True
            )
        except BadRequest as exc:
            if not is_formatting_problem(exc):
                raise
            log.warning("notification %s refused as HTML (%s); sending plain text", item.id, exc)
            await bot.send_message(
                item.chat_id,
                to_plain_text(item.text)[:PLAIN_FALLBACK_LIMIT],
                disable_web_page_preview=True,
            )
    except RetryAfter as exc:
        delay = _seconds(exc.retry_after)
        log.warning("flood limit on chat %s: retrying in %.1f s", item.chat_id, delay)
        storage.retry_later(item.id, delay, f"retry after {delay:.0f}s")
        return "flood"
    except ChatMigrated as exc:
        log.info("chat %s migrated to %s: moving its subscription", item.chat_id, exc.new_chat_id)
        storage.migrate_chat(item.chat_id, int(exc.new_chat_id))
        return "retry"
    except Forbidden as exc:
        log.warning("chat %s blocked or removed the bot (%s): unsubscribed", item.chat_id, exc)
        storage.unsubscribe(item.chat_id)
        storage.drop(item.id, f"forbidden: {exc}")
        return "dropped"
    except BadRequest as exc:
        if "chat not found" in str(exc).lower():
            log.warning("chat %s not found: unsubscribed", item.chat_id)
            storage.unsubscribe(item.chat_id)
        else:
            log.error("notification %s to chat %s refused: %s", item.id, item.chat_id, exc)
        storage.drop(item.id, f"bad request: {exc}")
        return "dropped"
    except NetworkError as exc:  # timeouts, dropped connections, 5xx
        if item.attempts + 1 >= MAX_ATTEMPTS:
            log.error("giving up on notification %s to chat %s: %s", item.id, item.chat_id, exc)
            storage.drop(item.id, f"gave up after {MAX_ATTEMPTS} attempts: {exc}")
            return "dropped"
        delay = backoff_seconds(item.attempts)
        log.warning(
            "notification %s to chat %s failed (%s): retry in %.0f s",
            item.id,
            item.chat_id,
            exc,
            delay,
        )
        storage.retry_later(item.id, delay, str(exc))
        return "retry"
    storage.mark_sent(item.id)
    return "sent"
