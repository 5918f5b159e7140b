"""What an operator graphs and alerts on, in Prometheus's text format (`GET /metrics`).

Each bot has a registry of its own (not the library's global one), so that several bots
in one process (the tests) do not count into each other. Gauges of state (the outbox,
the index) are read when scraped, not kept up to date by hand.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
)

# an answer takes milliseconds; a slow one (a reload's queue, a long question) seconds
ANSWER_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        ProcessCollector(registry=r)  # CPU, memory, open files of this process
        self.questions = Counter(
            "bot_questions", "Questions asked, by outcome", ["outcome"], registry=r
        )
        self.answer_seconds = Histogram(
            "bot_answer_seconds",
            "Time to find an answer (not to send it)",
            buckets=ANSWER_BUCKETS,
            registry=r,
        )
        self.notifications = Counter(
            "bot_notifications",
            "New-article notifications by outcome: sent, retried, given_up",
            ["outcome"],
            registry=r,
        )
        self.duplicate_updates = Counter(
            "bot_duplicate_updates",
            "Updates already taken by this or another replica, ignored",
            registry=r,
        )
        self.outbox_pending = Gauge(
            "bot_outbox_pending", "Notifications waiting to be sent", registry=r
        )
        self.index_articles = Gauge(
            "bot_index_articles", "Articles the bot answers from", registry=r
        )
        self.index_passages = Gauge("bot_index_passages", "Passages in the index", registry=r)
        for outcome in ("answered", "declined"):
            self.questions.labels(outcome)
        for outcome in ("sent", "retried", "given_up"):
            self.notifications.labels(outcome)

    def watch(
        self,
        pending: Callable[[], float],
        articles: Callable[[], float],
        passages: Callable[[], float],
    ) -> None:
        self.outbox_pending.set_function(pending)
        self.index_articles.set_function(articles)
        self.index_passages.set_function(passages)

    def answered(self, found: bool, seconds: float) -> None:
        self.questions.labels("answered" if found else "declined").inc()
        self.answer_seconds.observe(seconds)

    def render(self) -> tuple[bytes, str]:
        """The text a scrape gets, and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
