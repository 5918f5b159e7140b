"""The bot's durable state; with `database`, the only code that speaks SQL.

Tables: subscriptions (who gets notifications), known_articles (what has been seen, so
an article is announced once ever), outbox (one row per chat and article, UNIQUE, so a
restart mid fan-out neither loses nor repeats a notification; a row being sent is
claimed, for a lease, by the replica sending it), processed_updates (Telegram updates
already taken, so one delivered to two replicas is answered once), feeds, meta (small
facts: the baseline, the knowledge version), recent_answers (the article each asker's
last answer came from, for a follow-up question) and asked_questions (what a "More
answers" button asks again), both for whichever replica takes the next update.

State lives in SQLite in DATA_DIR by default, or in PostgreSQL (`DATABASE_URL`) for
replicas; the same methods and the same SQL run on both.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.serving.database import Connection, StorageError, StorageUnavailable, open_database

__all__ = [
    "DIGEST_OVER",
    "FOLLOW_UP_SECONDS",
    "OUTBOX_LEASE",
    "QUESTION_RETENTION",
    "DeliveryProblem",
    "FeedState",
    "OutboxItem",
    "Storage",
    "StorageError",
    "StorageUnavailable",
]

# More new articles than this at once (a bulk import) are announced in one message per
# chat, not one each.
DIGEST_OVER = 5
OUTBOX_RETENTION = 30 * 24 * 3600.0  # seconds a sent or given-up notification is kept
# Telegram re-delivers an update for up to 24 hours; an update id is remembered as long
UPDATE_RETENTION = 24 * 3600.0
OUTBOX_LEASE = 60.0  # seconds a replica's claim on notifications holds if it dies
# A question within this many seconds of the asker's last answer may follow up on it
FOLLOW_UP_SECONDS = 15 * 60.0
QUESTION_RETENTION = 2 * 24 * 3600.0  # seconds a "More answers" button works
KNOWLEDGE_CHANNEL = "knowledge"  # the signal replicas hear when the knowledge changed


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
    """`target`: a SQLite file, or a `postgresql://` URL. `owner` names this replica in
    its claims on notifications: a claim of its own (from before a restart) is taken
    back at once, another replica's only when its lease has run out."""

    def __init__(self, target: Path | str, owner: str = "local") -> None:
        self._database = open_database(target)
        self.owner = owner
        self._transaction = self._database.transaction
        self._read = self._database.read

    @property
    def schema_version(self) -> int:
        return self._database.version

    def close(self) -> None:
        self._database.close()

    # subscriptions
    def subscribe(self, chat_id: int, title: str = "") -> bool:
        """True if newly subscribed."""
        with self._transaction() as db:
            cur = db.execute(
                "INSERT INTO subscriptions (chat_id, title, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
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
        with self._read() as db:
            rows = db.execute("SELECT chat_id FROM subscriptions ORDER BY chat_id").fetchall()
        return [int(r[0]) for r in rows]

    def migrate_chat(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: move its subscription and pending notifications."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO subscriptions (chat_id, title, created_at)"
                " SELECT ?, title, created_at FROM subscriptions WHERE chat_id = ?"
                " ON CONFLICT DO NOTHING",
                (new_id, old_id),
            )
            db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_id,))
            # what the new chat already has (both ids were subscribed, or a second migration
            # notice) stays behind on the old id: dropped, not retried there forever
            db.execute(
                "UPDATE outbox SET status = 'dropped', last_error = ?"
                " WHERE chat_id = ? AND status = 'pending' AND article_id IN"
                " (SELECT article_id FROM outbox WHERE chat_id = ?)",
                (f"chat migrated to {new_id}, which has it already", old_id, new_id),
            )
            db.execute(
                "UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND status = 'pending'",
                (new_id, old_id),
            )

    # known articles and the outbox
    def has_baseline(self) -> bool:
        return self.get_meta("baseline") is not None

    def record_baseline(self, articles: Iterable[tuple[str, str]]) -> None:
        """Articles present at the very first start are known, never announced."""
        now = time.time()
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO known_articles (article_id, fingerprint, first_seen)"
                " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [(a, f, now) for a, f in articles],
            )
            _set_meta(db, "baseline", str(now))

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
            chats = {int(r[0]) for r in db.execute("SELECT chat_id FROM subscriptions").fetchall()}
            chats.update(extra_chats)
            for article_id, fingerprint, text in articles:
                cur = db.execute(
                    "INSERT INTO known_articles (article_id, fingerprint, first_seen)"
                    " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
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
                "INSERT INTO outbox (chat_id, article_id, text, created_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
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
        with self._read() as db:
            return {r[0] for r in db.execute("SELECT article_id FROM known_articles").fetchall()}

    def claim_notifications(
        self, limit: int = 10, lease: float = OUTBOX_LEASE, now: float | None = None
    ) -> list[OutboxItem]:
        """Pending rows whose time has come, oldest first, claimed for this replica for
        `lease` seconds: no other replica takes them meanwhile (rows another one is
        claiming at this very moment are passed by, not waited for). Claimed rows are
        sent, retried or dropped; a claim left by a replica that died runs out."""
        now = time.time() if now is None else now
        with self._transaction() as db:
            rows = db.execute(
                "UPDATE outbox SET claimed_by = ?, claim_until = ? WHERE id IN ("
                " SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?"
                " AND (claimed_by IS NULL OR claimed_by = ? OR claim_until < ?)"
                f" ORDER BY id LIMIT ?{self._database.skip_locked})"
                " RETURNING id, chat_id, article_id, text, attempts",
                (self.owner, now + lease, now, self.owner, now, limit),
            ).fetchall()
        items = [OutboxItem(int(r[0]), int(r[1]), str(r[2]), str(r[3]), int(r[4])) for r in rows]
        return sorted(items, key=lambda item: item.id)

    def pending_count(self) -> int:
        return self._count_status("pending")

    def delivery_problems(self, limit: int = 20, given_up: bool = False) -> list[DeliveryProblem]:
        """Newest first: what failed, what was given up and why (for /status and audits)."""
        with self._read() as db:
            rows = db.execute(
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
        with self._read() as db:
            row = db.execute("SELECT COUNT(*) FROM outbox WHERE status = ?", (status,)).fetchone()
        return int(row[0])

    def mark_sent(self, item_id: int) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, claimed_by = NULL WHERE id = ?",
                (time.time(), item_id),
            )

    def retry_later(self, item_id: int, delay: float, error: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?,"
                " claimed_by = NULL WHERE id = ?",
                (time.time() + delay, error, item_id),
            )

    def drop(self, item_id: int, error: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE outbox SET status = 'dropped', last_error = ?, claimed_by = NULL"
                " WHERE id = ?",
                (error, item_id),
            )

    # feeds
    def feed(self, url: str) -> FeedState:
        with self._read() as db:
            row = db.execute(
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
        with self._read() as db:
            rows = db.execute(
                "SELECT url FROM feeds WHERE added_by_admin = 1 ORDER BY url"
            ).fetchall()
        return [str(r[0]) for r in rows]

    def mark_known(self, article_ids: Iterable[str]) -> None:
        """Articles that must never be announced (a feed's entries at its first poll);
        their fingerprint is filled in when they are first published."""
        now = time.time()
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO known_articles (article_id, fingerprint, first_seen)"
                " VALUES (?, '', ?) ON CONFLICT DO NOTHING",
                [(a, now) for a in article_ids],
            )

    # meta
    def get_meta(self, key: str) -> str | None:
        with self._read() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # conversations: the article of each asker's last answer, for a follow-up
    def remember_answer(
        self, chat_id: int, user_id: int, url: str | None, now: float | None = None
    ) -> None:
        """The article the asker's next question may follow up on (`Answer.about`); None
        forgets it. Rows past FOLLOW_UP_SECONDS go at each write, so the table only holds
        the askers of the last minutes."""
        now = time.time() if now is None else now
        with self._transaction() as db:
            if url is None:
                db.execute(
                    "DELETE FROM recent_answers WHERE chat_id = ? AND user_id = ?",
                    (chat_id, user_id),
                )
            else:
                db.execute(
                    "INSERT INTO recent_answers (chat_id, user_id, url, answered_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, user_id)"
                    " DO UPDATE SET url = excluded.url, answered_at = excluded.answered_at",
                    (chat_id, user_id, url, now),
                )
            db.execute(
                "DELETE FROM recent_answers WHERE answered_at < ?", (now - FOLLOW_UP_SECONDS,)
            )

    def last_answer(self, chat_id: int, user_id: int, now: float | None = None) -> str | None:
        """The URL of the article the asker's last answer came from, if within
        FOLLOW_UP_SECONDS."""
        now = time.time() if now is None else now
        with self._read() as db:
            row = db.execute(
                "SELECT url FROM recent_answers"
                " WHERE chat_id = ? AND user_id = ? AND answered_at >= ?",
                (chat_id, user_id, now - FOLLOW_UP_SECONDS),
            ).fetchone()
        return None if row is None else str(row[0])

    # "More answers" buttons: a short key for each question (callback data is 64 bytes)
    def remember_question(
        self, chat_id: int, question: str, after: str | None, now: float | None = None
    ) -> str:
        """A key for the question as asked (after which article's answer, if a follow-up).
        Random (96 bits), not a counter, so that no key is ever given twice."""
        now = time.time() if now is None else now
        key = secrets.token_urlsafe(12)
        with self._transaction() as db:
            db.execute(
                "INSERT INTO asked_questions (key, chat_id, question, after_url, asked_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (key, chat_id, question, after, now),
            )
            db.execute(
                "DELETE FROM asked_questions WHERE asked_at < ?", (now - QUESTION_RETENTION,)
            )
        return key

    def asked_question(
        self, key: str, chat_id: int, now: float | None = None
    ) -> tuple[str, str | None] | None:
        """(question, after) of a key given in this chat within QUESTION_RETENTION; a key
        from another chat finds nothing."""
        now = time.time() if now is None else now
        with self._read() as db:
            row = db.execute(
                "SELECT question, after_url FROM asked_questions"
                " WHERE key = ? AND chat_id = ? AND asked_at >= ?",
                (key, chat_id, now - QUESTION_RETENTION),
            ).fetchone()
        return None if row is None else (str(row[0]), None if row[1] is None else str(row[1]))

    # replicas: updates taken once, the knowledge version
    def claim_update(self, update_id: int, now: float | None = None) -> bool:
        """True the first time an update id is seen by any replica; False after."""
        now = time.time() if now is None else now
        with self._transaction() as db:
            cur = db.execute(
                "INSERT INTO processed_updates (update_id, seen_at) VALUES (?, ?)"
                " ON CONFLICT DO NOTHING",
                (update_id, now),
            )
            if update_id % 1000 == 0:  # now and then, forget what Telegram no longer resends
                db.execute(
                    "DELETE FROM processed_updates WHERE seen_at < ?", (now - UPDATE_RETENTION,)
                )
        return bool(cur.rowcount == 1)

    def knowledge_version(self) -> int:
        """Bumped by the replica that loaded a change of the shared knowledge folder."""
        return int(self.get_meta("knowledge_version") or 0)

    def bump_knowledge_version(self) -> int:
        """Count one change of the knowledge and signal it to the other replicas (the
        signal leaves when the transaction commits)."""
        with self._transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'knowledge_version'").fetchone()
            version = int(row[0]) + 1 if row is not None else 1
            _set_meta(db, "knowledge_version", str(version))
            self._database.notify(db, KNOWLEDGE_CHANNEL, str(version))
        return version

    def listen_for_knowledge(self, on_change: Callable[[], None], stop: threading.Event) -> None:
        """Block, calling `on_change()` at each signal of a knowledge change from another
        replica, until `stop` is set (run it in a thread). With SQLite (one process),
        it only waits for `stop`."""
        self._database.listen(KNOWLEDGE_CHANNEL, lambda _payload: on_change(), stop)


def _set_meta(db: Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
