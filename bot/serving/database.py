"""The two database engines the state store runs on: SQLite (one process, the default) and
PostgreSQL (replicas of one bot sharing their state). Only `storage` uses this module.

Both take the same SQL, written once with `?` placeholders and the syntax both engines
share (`INSERT ... ON CONFLICT`, `RETURNING`); each engine adds only what it alone has:
PostgreSQL's row locks that skip rows another replica holds, and its change signals
(`NOTIFY`). Schema changes are numbered migrations, applied once each, in order, in one
transaction with the record that they ran.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

log = logging.getLogger(__name__)


class StorageError(RuntimeError):
    """The state cannot be used; the message says which file or database and why (no
    password)."""


class StorageUnavailable(StorageError):
    """The database server cannot be reached now (it may be starting): worth a retry."""


class Connection(Protocol):
    """What the store needs of a connection inside a transaction."""

    def execute(self, sql: str, params: Any = (), /) -> Any: ...

    def executemany(self, sql: str, rows: Any, /) -> Any: ...


# Migrations: version -> statements, in types both engines know (SQLite reads BIGINT as
# INTEGER and DOUBLE PRECISION as REAL); `{serial}` is each engine's own row counter. The
# first is the schema from before migrations were numbered (IF NOT EXISTS: a state file
# of that time adopts it as is).
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE IF NOT EXISTS subscriptions (
            chat_id BIGINT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            created_at DOUBLE PRECISION NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS known_articles (
            article_id TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            first_seen DOUBLE PRECISION NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS outbox (
            id {serial},
            chat_id BIGINT NOT NULL,
            article_id TEXT NOT NULL,
            text TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at DOUBLE PRECISION NOT NULL DEFAULT 0,
            last_error TEXT,
            created_at DOUBLE PRECISION NOT NULL,
            sent_at DOUBLE PRECISION,
            UNIQUE (chat_id, article_id))""",
        "CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (status, next_attempt_at, id)",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE IF NOT EXISTS feeds (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            polled_ok INTEGER NOT NULL DEFAULT 0,
            last_success DOUBLE PRECISION,
            last_error TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            next_poll DOUBLE PRECISION NOT NULL DEFAULT 0,
            entries INTEGER NOT NULL DEFAULT 0,
            added_by_admin INTEGER NOT NULL DEFAULT 0)""",
    ),
    2: (
        "ALTER TABLE outbox ADD COLUMN claimed_by TEXT",
        "ALTER TABLE outbox ADD COLUMN claim_until DOUBLE PRECISION",
        """CREATE TABLE processed_updates (
            update_id BIGINT PRIMARY KEY,
            seen_at DOUBLE PRECISION NOT NULL)""",
    ),
    3: (
        """CREATE TABLE recent_answers (
            chat_id BIGINT NOT NULL,
            user_id BIGINT NOT NULL,
            url TEXT NOT NULL,
            answered_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (chat_id, user_id))""",
        """CREATE TABLE asked_questions (
            key TEXT PRIMARY KEY,
            chat_id BIGINT NOT NULL,
            question TEXT NOT NULL,
            after_url TEXT,
            asked_at DOUBLE PRECISION NOT NULL)""",
        "CREATE INDEX asked_questions_at ON asked_questions (asked_at)",
    ),
}

MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
    " applied_at DOUBLE PRECISION NOT NULL)"
)


def _apply_migrations(
    db: Connection, serial: str, migrations: dict[int, tuple[str, ...]] = MIGRATIONS
) -> int:
    """Run the migrations this database has not had yet (inside the caller's transaction),
    with `serial` the engine's row counter; returns the schema version it is at."""
    db.execute(MIGRATIONS_TABLE)
    migrations = MIGRATIONS
    done = {int(r[0]) for r in db.execute("SELECT version FROM schema_migrations").fetchall()}
    newest = max(done, default=0)
    if newest > max(migrations):
        raise StorageError(
            f"the database's schema is version {newest}, newer than this bot knows"
            f" ({max(migrations)}): upgrade the bot, or restore the state from a backup"
        )
    for version in sorted(migrations):
        if version in done:
            continue
        for statement in migrations[version]:
            db.execute(statement.replace("{serial}", serial))
        db.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
            (version, time.time()),
        )
        newest = version
    return newest


class SqliteDatabase:
    """One file, one connection behind a lock: the bot's threads take turns."""

    skip_locked = ""  # one writer at a time anyway (BEGIN IMMEDIATE)

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
            with self.transaction() as db:
                self.version = _apply_migrations(db, "INTEGER PRIMARY KEY AUTOINCREMENT")
        except sqlite3.DatabaseError as exc:
            raise StorageError(
                f"state file {path} is not a usable SQLite database ({exc}); move it aside"
                " to start with empty state, or restore it from a backup"
            ) from exc

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._lock:
            yield self._db

    def notify(self, db: Connection, channel: str, payload: str) -> None:
        """One process: nobody else to tell."""

    def listen(self, channel: str, on_signal: Callable[[str], None], stop: threading.Event) -> None:
        """One process: nothing to hear; returns when told to stop."""
        stop.wait()

    def close(self) -> None:
        with self._lock:
            self._db.close()


POOL_SIZE = 8  # connections: the event loop's thread and the worker threads
CONNECT_TIMEOUT = 10.0
LISTEN_RETRY_MAX = 30.0


def redacted_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


class _PostgresConnection:
    """psycopg's connection with the store's `?` placeholders."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Any = (), /) -> Any:
        return self._conn.execute(_placeholders(sql), params)

    def executemany(self, sql: str, rows: Any, /) -> None:
        rows = list(rows)
        if rows:
            with self._conn.cursor() as cur:
                cur.executemany(_placeholders(sql), rows)


_QUESTION_MARK = re.compile(r"\?")


def _placeholders(sql: str) -> str:
    return _QUESTION_MARK.sub("%s", sql.replace("%", "%%"))


class PostgresDatabase:
    """A pool of connections to one PostgreSQL database, shared by every replica."""

    skip_locked = " FOR UPDATE SKIP LOCKED"  # a row another replica has claimed is passed by

    def __init__(self, url: str) -> None:
        import psycopg
        from psycopg_pool import ConnectionPool, PoolTimeout

        self.url = url
        self._psycopg = psycopg
        try:
            # one connection first: a server that refuses says why at once (the pool
            # would retry for CONNECT_TIMEOUT, logging each try over two lines, and then
            # say only that it timed out); a supervisor restarts the bot to try again
            psycopg.connect(url, connect_timeout=int(CONNECT_TIMEOUT)).close()
            self._pool = ConnectionPool(
                url,
                min_size=1,
                max_size=POOL_SIZE,
                timeout=CONNECT_TIMEOUT,
                open=False,
                kwargs={"connect_timeout": int(CONNECT_TIMEOUT)},
            )
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT)
            with self.transaction() as db:
                # replicas starting together: one migrates, the others wait for it
                db.execute("SELECT pg_advisory_xact_lock(7210453)")
                self.version = _apply_migrations(
                    db, "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
                )
        except (psycopg.Error, PoolTimeout) as exc:
            self.close()
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            unreachable = isinstance(exc, PoolTimeout | psycopg.OperationalError)
            raise (StorageUnavailable if unreachable else StorageError)(
                f"cannot use the database at {redacted_url(url)}: {detail.replace(url, '')}"
            ) from None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self._pool.connection() as conn:  # commits at the end, rolls back on error
            yield _PostgresConnection(conn)

    read = transaction

    def notify(self, db: Connection, channel: str, payload: str) -> None:
        """Sent when the transaction commits, to every replica listening."""
        db.execute("SELECT pg_notify(?, ?)", (channel, payload))

    def listen(self, channel: str, on_signal: Callable[[str], None], stop: threading.Event) -> None:
        """Call `on_signal(payload)` for each signal on `channel` until `stop` is set
        (run it in a thread of its own). A lost connection is opened again, with
        backoff; the caller's polling covers what is missed meanwhile."""
        delay = 1.0
        while not stop.is_set():
            try:
                with self._psycopg.connect(
                    self.url, autocommit=True, connect_timeout=int(CONNECT_TIMEOUT)
                ) as conn:
                    conn.execute(f"LISTEN {channel}")
                    delay = 1.0
                    while not stop.is_set():
                        for notice in conn.notifies(timeout=1.0):
                            on_signal(notice.payload)
            except self._psycopg.Error as exc:
                log.warning("listening for %s signals: %s; again in %.0f s", channel, exc, delay)
                stop.wait(delay)
                delay = min(delay * 2, LISTEN_RETRY_MAX)

    def close(self) -> None:
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.close()


Database = SqliteDatabase | PostgresDatabase


def open_database(target: Path | str) -> Database:
    """A `postgresql://` URL opens PostgreSQL; anything else is a SQLite file."""
    if isinstance(target, str) and target.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(target)
    return SqliteDatabase(Path(target))
