"""What the handlers share: settings, the serving knowledge, the state store, and the
small pieces of glue between them. No handler logic lives here."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from bot.serving.knowledge import KnowledgeService, ReloadReport
from bot.serving.metrics import Metrics
from bot.serving.ratelimit import RateLimiter
from bot.serving.storage import Storage, StorageError
from bot.settings import Settings
from bot.telegram_app.rendering import render_digest, render_notification

log = logging.getLogger(__name__)


@dataclass
class BotServices:
    settings: Settings
    knowledge: KnowledgeService
    storage: Storage
    rate_limiter: RateLimiter = field(default_factory=RateLimiter)
    delivery_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    feeds_lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one round of polls at a time
    metrics: Metrics = field(default_factory=Metrics)
    knowledge_version: int = 0  # the shared version this replica's index reflects
    sync_lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one sync at a time

    def __post_init__(self) -> None:
        self.metrics.watch(
            pending=self.storage.pending_count,
            articles=lambda: len(self.knowledge.index.articles),
            passages=lambda: len(self.knowledge.index.passages),
        )

    def publish(self, report: ReloadReport, bump: bool = True) -> list[str]:
        """Queue notifications for articles never seen before (oldest first); changed and
        already-known articles only update their fingerprint. A change bumps the shared
        knowledge version (unless it came from there: `bump=False`). Returns the new ids."""
        if not report.ok:
            return []
        articles = sorted(
            (*report.added, *report.changed), key=lambda a: (a.published or "", a.source)
        )
        by_id = {a.id: a for a in articles}
        new = self.storage.record_articles(
            ((a.id, a.fingerprint, render_notification(a)) for a in articles),
            extra_chats=self.settings.notify_chat_ids,
            digest=lambda ids: render_digest([by_id[i] for i in ids]),
        )
        self.storage.prune_outbox()
        if bump and (report.added or report.changed or report.removed):
            # replicas sharing the knowledge folder load it too (a signal, or their polls)
            self.knowledge_version = self.storage.bump_knowledge_version()
        return new

    def last_answer(self, chat_id: int, user_id: int) -> str | None:
        """The article of this asker's last answer in this chat, for a follow-up ("ใครเป็น
        ประธาน" after an answer about a meeting); each asker in a group has their own.
        Without the state store, the question is answered alone."""
        try:
            return self.storage.last_answer(chat_id, user_id)
        except StorageError as exc:
            log.warning("no follow-up context for chat %s: %s", chat_id, exc)
            return None

    def remember_answer(self, chat_id: int, user_id: int, url: str | None) -> None:
        try:
            self.storage.remember_answer(chat_id, user_id, url)
        except StorageError as exc:
            log.warning("follow-up context for chat %s not kept: %s", chat_id, exc)

    def remember_question(self, chat_id: int, question: str, after: str | None) -> str | None:
        """The key of a "More answers" button; None (no button) without the state store."""
        try:
            return self.storage.remember_question(chat_id, question, after)
        except StorageError as exc:
            log.warning("no More answers button for chat %s: %s", chat_id, exc)
            return None

    def asked_question(self, key: str, chat_id: int) -> tuple[str, str | None] | None:
        try:
            return self.storage.asked_question(key, chat_id)
        except StorageError as exc:
            log.warning("More answers for chat %s not found: %s", chat_id, exc)
            return None

    def feed_urls(self) -> list[str]:
        """The feeds followed: those of FEEDS, then those admins added."""
        return list(dict.fromkeys([*self.settings.feeds, *self.storage.admin_feeds()]))

    def record_start(self) -> list[str]:
        """First start ever: everything present is the baseline. Later starts: articles
        added while the bot was down are announced like any other new article."""
        index = self.knowledge.index
        self.storage.prune_outbox()
        if not self.storage.has_baseline():
            self.storage.record_baseline((a.id, a.fingerprint) for a in index.articles)
            return []
        known = self.storage.known_article_ids()
        fresh = tuple(a for a in index.articles if a.id not in known)
        return self.publish(ReloadReport(ok=True, added=fresh))
