"""The bot's durable state in SQLite; the only module that speaks SQL.

Tables: subscriptions (who gets notifications), known_articles (what has been seen, so
an article is announced once ever), outbox (one row per chat and article, UNIQUE, so a
restart mid fan-out neither loses nor repeats a notification), meta (small facts).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions (
    chat_id INTEGER PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS known_articles (
    article_id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    first_seen REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',  -- pending | sent | dropped
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at REAL NOT NULL,
    sent_at REAL,
    UNIQUE (chat_id, article_id)
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (status, next_attempt_at, id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    polled_ok INTEGER NOT NULL DEFAULT 0,  -- a first poll succeeded: its entries are the baseline
    last_success REAL,
    last_error TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_poll REAL NOT NULL DEFAULT 0,
    entries INTEGER NOT NULL DEFAULT 0,
    added_by_admin INTEGER NOT NULL DEFAULT 0  -- /addfeed (else from FEEDS, or forgotten)
);
"""


# More new articles than this at once (a bulk import) are announced in one message per
# chat, not one each.
DIGEST_OVER = 5
OUTBOX_RETENTION = 30 * 24 * 3600.0  # seconds a sent or given-up notification is kept


class StorageError(RuntimeError):
    """The state file cannot be used; the message says which file and why."""


@dataclass(frozen=True)
class FeedState:
    """What the bot knows of one feed between polls."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    polled_ok: bool = False
    last_success: float | None = None
    last_error: str | None = None
    failures: int = 0
    next_poll: float = 0.0
    entries: int = 0


@dataclass(frozen=True)
class OutboxItem:
    id: int
    chat_id: int
    article_id: str
    text: str
    attempts: int


@dataclass(frozen=True)
class DeliveryProblem:
    """A notification that hit an error: retried (`pending`/`sent`) or given up (`dropped`)."""

    chat_id: int
    article_id: str
    status: str
    attempts: int
    error: str


class Storage:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=5000")
            check = self._db.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check}")
            self._db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StorageError(
                f"state file {path} is not a usable SQLite database ({exc}); move it aside"
                " to start with empty state, or restore it from a backup"
            ) from exc

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # subscriptions
    def subscribe(self, chat_id: int, title: str = "") -> bool:
        """True if newly subscribed."""
        with self._transaction() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO subscriptions (chat_id, title, created_at) VALUES (?, ?, ?)",
                (chat_id, title, time.time()),
            )
            return cur.rowcount == 1

    def unsubscribe(self, chat_id: int) -> bool:
        """True if it was subscribed. Its pending notifications are dropped."""
        with self._transaction() as db:
            cur = db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))
            db.execute(
                "UPDATE outbox SET status = 'dropped', last_error = 'unsubscribed'"
                " WHERE chat_id = ? AND status = 'pending'",
                (chat_id,),
            )
            return cur.rowcount == 1

    def subscribers(self) -> list[int]:
        with self._lock:
            rows = self._db.execute("SELECT chat_id FROM subscriptions ORDER BY chat_id").fetchall()
        return [int(r[0]) for r in rows]

    def migrate_chat(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: move its subscription and pending notifications."""
        with self._transaction() as db:
            db.execute(
                "UPDATE OR IGNORE subscriptions SET chat_id = ? WHERE chat_id = ?", (new_id, old_id)
            )
            db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_id,))
            db.execute(
                "UPDATE OR IGNORE outbox SET chat_id = ? WHERE chat_id = ? AND status = 'pending'",
                (new_id, old_id),
            )
            # what the new chat already has (both ids were subscribed, or a second migration
            # notice) stays behind on the old id: dropped, not retried there forever
            db.execute(
                "UPDATE outbox SET status = 'dropped', last_error = ?"
                " WHERE chat_id = ? AND status = 'pending'",
                (f"chat migrated to {new_id}, which has it already", old_id),
            )

    # known articles and the outbox
    def has_baseline(self) -> bool:
        return self.get_meta("baseline") is not None

    def record_baseline(self, articles: Iterable[tuple[str, str]]) -> None:
        """Articles present at the very first start are known, never announced."""
        now = time.time()
        with self._transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO known_articles (article_id, fingerprint, first_seen)"
                " VALUES (?, ?, ?)",
                [(a, f, now) for a, f in articles],
            )
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('baseline', ?)", (str(now),)
            )

    def record_articles(
        self,
        articles: Iterable[tuple[str, str, str]],
        extra_chats: Iterable[int] = (),
        digest: Callable[[list[str]], str] | None = None,
        digest_over: int = DIGEST_OVER,
    ) -> list[str]:
        """Mark articles (id, fingerprint, notification text) as known and queue, in one
        transaction, a notification per subscribed chat for each that was never seen
        before; when more than `digest_over` are new at once (a bulk import), one
        message per chat instead, `digest(new ids)`. Returns the ids that were new."""
        now = time.time()
        new: list[tuple[str, str]] = []
        with self._transaction() as db:
            chats = {int(r[0]) for r in db.execute("SELECT chat_id FROM subscriptions")}
            chats.update(extra_chats)
            for article_id, fingerprint, text in articles:
                cur = db.execute(
                    "INSERT OR IGNORE INTO known_articles (article_id, fingerprint, first_seen)"
                    " VALUES (?, ?, ?)",
                    (article_id, fingerprint, now),
                )
                if cur.rowcount == 0:
                    db.execute(
                        "UPDATE known_articles SET fingerprint = ? WHERE article_id = ?",
                        (fingerprint, article_id),
                    )
                    continue
                new.append((article_id, text))
            if digest is not None and len(new) > digest_over:
                ids = [article_id for article_id, _ in new]
                # one row per chat and digest: its key names the batch, so it is unique
                messages = [(f"digest:{len(ids)}:{ids[0]}:{ids[-1]}", digest(ids))]
            else:
                messages = new
            db.executemany(
                "INSERT OR IGNORE INTO outbox (chat_id, article_id, text, created_at)"
                " VALUES (?, ?, ?, ?)",
                [(chat, key, text, now) for key, text in messages for chat in sorted(chats)],
            )
        return [article_id for article_id, _ in new]

    def prune_outbox(self, older_than: float = OUTBOX_RETENTION, now: float | None = None) -> int:
        """Forget sent and given-up notifications older than `older_than` seconds (what
        an article was announced to is kept in known_articles, for good). Returns rows
        removed."""
        cutoff = (time.time() if now is None else now) - older_than
        with self._transaction() as db:
            cur = db.execute(
                "DELETE FROM outbox WHERE status != 'pending' AND created_at < ?", (cutoff,)
            )
        return int(cur.rowcount)

    def known_article_ids(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self._db.execute("SELECT article_id FROM known_articles")}

    def due_notifications(self, limit: int = 50, now: float | None = None) -> list[OutboxItem]:
        """Pending rows whose time has come, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, chat_id, article_id, text, attempts FROM outbox"
                " WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
                (time.time() if now is None else now, limit),
            ).fetchall()
        return [OutboxItem(int(r[0]), int(r[1]), str(r[2]), str(r[3]), int(r[4])) for r in rows]

    def pending_count(self) -> int:
        return self._count_status("pending")

    def delivery_problems(self, limit: int = 20, given_up: bool = False) -> list[DeliveryProblem]:
        """Newest first: what failed, what was given up and why (for /status and audits)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT chat_id, article_id, status, attempts, last_error FROM outbox"
                " WHERE last_error IS NOT NULL AND (? = 0 OR status = 'dropped')"
                " ORDER BY id DESC LIMIT ?",
                (int(given_up), limit),
            ).fetchall()
        return [
            DeliveryProblem(int(r[0]), str(r[1]), str(r[2]), int(r[3]), str(r[4])) for r in rows
        ]

    def dropped_count(self) -> int:
        return self._count_status("dropped")

    def _count_status(self, status: str) -> int:
        with self._lock:
            row = self._db.execute(
                "SELECT COUNT(*) FROM outbox WHERE status = ?", (status,)
            ).fetchone()
        return int(row[0])

    def mark_sent(self, item_id: int) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ?",
                (time.time(), item_id),
            )

    def retry_later(self, item_id: int, delay: float, error: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                " WHERE id = ?",
                (time.time() + delay, error, item_id),
            )

    def drop(self, item_id: int, error: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE outbox SET status = 'dropped', last_error = ? WHERE id = ?",
                (error, item_id),
            )

    # feeds
    def feed(self, url: str) -> FeedState:
        with self._lock:
            row = self._db.execute(
                "SELECT url, etag, last_modified, polled_ok, last_success, last_error,"
                " failures, next_poll, entries FROM feeds WHERE url = ?",
                (url,),
            ).fetchone()
        if row is None:
            return FeedState(url)
        return FeedState(
            str(row[0]),
            row[1],
            row[2],
            bool(row[3]),
            row[4],
            row[5],
            int(row[6]),
            float(row[7]),
            int(row[8]),
        )

    def save_feed(self, state: FeedState) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO feeds (url, etag, last_modified, polled_ok,"
                " last_success, last_error, failures, next_poll, entries)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
                " etag = excluded.etag, last_modified = excluded.last_modified,"
                " polled_ok = excluded.polled_ok, last_success = excluded.last_success,"
                " last_error = excluded.last_error, failures = excluded.failures,"
                " next_poll = excluded.next_poll, entries = excluded.entries",
                (
                    state.url,
                    state.etag,
                    state.last_modified,
                    int(state.polled_ok),
                    state.last_success,
                    state.last_error,
                    state.failures,
                    state.next_poll,
                    state.entries,
                ),
            )

    def add_feed(self, url: str) -> bool:
        """Follow a feed added by an admin; False when it is followed already."""
        with self._transaction() as db:
            found = db.execute("SELECT added_by_admin FROM feeds WHERE url = ?", (url,)).fetchone()
            if found is not None and found[0]:
                return False
            db.execute(
                "INSERT INTO feeds (url, added_by_admin) VALUES (?, 1)"
                " ON CONFLICT (url) DO UPDATE SET added_by_admin = 1",
                (url,),
            )
        return True

    def remove_feed(self, url: str) -> bool:
        """Stop following a feed an admin added; False when there was none."""
        with self._transaction() as db:
            cur = db.execute("DELETE FROM feeds WHERE url = ? AND added_by_admin = 1", (url,))
        return cur.rowcount == 1

    def admin_feeds(self) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT url FROM feeds WHERE added_by_admin = 1 ORDER BY url"
            ).fetchall()
        return [str(r[0]) for r in rows]

    def mark_known(self, article_ids: Iterable[str]) -> None:
        """Articles that must never be announced (a feed's entries at its first poll);
        their fingerprint is filled in when they are first published."""
        now = time.time()
        with self._transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO known_articles (article_id, fingerprint, first_seen)"
                " VALUES (?, '', ?)",
                [(a, now) for a in article_ids],
            )

    # meta
    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])
