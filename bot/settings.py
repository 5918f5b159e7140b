"""Configuration, read once from the environment (and a `.env` file) into a frozen object.

This is the only module that reads the environment. Invalid values raise `SettingsError`
with one line naming the setting and the reason.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_API_URL = "https://api.telegram.org/bot"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(ValueError):
    """A setting is missing or invalid; the message names it."""


@dataclass(frozen=True)
class Settings:
    token: str = field(default="", repr=False)  # never printed
    api_url: str = DEFAULT_API_URL
    admin_user_ids: frozenset[int] = frozenset()
    knowledge_dir: Path = Path("knowledge")
    data_dir: Path = Path("state")
    scan_interval: float = 300.0
    feeds: tuple[str, ...] = ()  # RSS/Atom feed URLs the bot follows
    feed_interval: float = 600.0  # seconds between polls of each feed; 0: off
    telegram_timeout: float = 10.0  # seconds to wait for Telegram to answer one request
    answer_process: str = "off"  # auto, on or off: a second process answers (`answer_process`)
    notify_chat_ids: tuple[int, ...] = ()
    log_level: str = "INFO"
    # replicas: webhooks, shared state in PostgreSQL, health and metrics
    webhook_url: str = ""  # set: webhook mode (Telegram posts updates here)
    webhook_secret: str = field(default="", repr=False)
    webhook_listen: tuple[str, int] = ("0.0.0.0", 8080)
    health_listen: tuple[str, int] | None = None  # polling mode: /healthz and /metrics
    database_url: str = field(default="", repr=False)  # empty: SQLite in DATA_DIR
    outbox_lease: float = 60.0  # seconds before another replica takes over a dead one's sends
    replica_id: str = "local"  # names this replica in its claims (host and DATA_DIR)

    @property
    def secrets(self) -> list[str]:
        """What must never reach a log line: the token, the webhook secret, the
        database password."""
        password = _url_password(self.database_url)
        return [s for s in (self.token, self.webhook_secret, password) if s]

    @property
    def api_file_url(self) -> str:
        """Where files are downloaded from: `.../bot` -> `.../file/bot`."""
        base = self.api_url.rstrip("/")
        head, _, tail = base.rpartition("/")
        return f"{head}/file/{tail}" if tail.startswith("bot") else f"{base}/file/bot"


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; `#` comments and blank lines ignored; quotes around values removed."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key] = value
    return values


def _seconds(name: str, raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise SettingsError(f"{name}: {raw!r} is not a number of seconds") from None


MAX_INTERVAL = 7 * 24 * 3600.0  # a week: "nan" and "inf" parse as numbers, too


def _interval(name: str, raw: str) -> float:
    seconds = _seconds(name, raw)
    if not 0 <= seconds <= MAX_INTERVAL:  # False for nan
        raise SettingsError(
            f"{name}: must be 0 (off) or a number of seconds up to {MAX_INTERVAL:.0f}"
        )
    return seconds


def web_url(url: str) -> bool:
    """An http(s) URL with a host (and a valid port, if any), no spaces, at most 2,048
    characters of text: `http://` alone or `http://a b` is no address to fetch."""
    if len(url) > 2048 or any(ch.isspace() for ch in url):
        return False
    try:
        url.encode("utf-8")  # UnicodeEncodeError (a ValueError) for half a surrogate pair
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port out of range
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _url_password(url: str) -> str:
    try:
        return urlsplit(url).password or ""
    except ValueError:
        return ""


def _listen(name: str, raw: str) -> tuple[str, int]:
    host, _, port = raw.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise SettingsError(f"{name}: {raw!r} is not host:port (e.g. 0.0.0.0:8080)")
    return host.strip("[]"), int(port)


WEBHOOK_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,256}")


def _int_list(name: str, raw: str) -> list[int]:
    out: list[int] = []
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            out.append(int(part))
        except ValueError:
            raise SettingsError(
                f"{name}: {part!r} is not a numeric Telegram id (use numbers, comma-separated;"
                " usernames are not accepted)"
            ) from None
    return out


def load_settings(
    environ: Mapping[str, str] | None = None,
    dotenv: Path | None = Path(".env"),
    require_knowledge: bool = True,
) -> Settings:
    """Environment variables win over `.env`; both are optional."""
    from_file = read_dotenv(dotenv) if dotenv else {}
    env = {**from_file, **(environ if environ is not None else os.environ)}

    def get(name: str, default: str = "") -> str:
        return env.get(name, default).strip()

    knowledge_dir = Path(get("KNOWLEDGE_DIR") or "knowledge")
    if require_knowledge and not knowledge_dir.is_dir():
        raise SettingsError(f"KNOWLEDGE_DIR: folder {str(knowledge_dir)!r} does not exist")
    scan_interval = _interval("SCAN_INTERVAL", get("SCAN_INTERVAL") or "300")
    feeds = tuple(u.strip() for u in get("FEEDS").replace(";", ",").split(",") if u.strip())
    for url in feeds:
        if not web_url(url):
            raise SettingsError(f"FEEDS: {url[:80]!r} is not an http(s) URL")
    feed_interval = _interval("FEED_INTERVAL", get("FEED_INTERVAL") or "600")
    telegram_timeout = _seconds("TELEGRAM_TIMEOUT", get("TELEGRAM_TIMEOUT") or "10")
    if not 0 < telegram_timeout <= 300:
        raise SettingsError("TELEGRAM_TIMEOUT: must be more than 0 and at most 300 seconds")
    log_level = (get("LOG_LEVEL") or "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL: {log_level!r} is not one of {', '.join(LOG_LEVELS)}")
    answer_process = (get("ANSWER_PROCESS") or "auto").lower()
    if answer_process not in ("auto", "on", "off"):
        raise SettingsError(f"ANSWER_PROCESS: {answer_process!r} is not auto, on or off")
    api_url = get("TELEGRAM_API_URL") or DEFAULT_API_URL
    if not web_url(api_url):
        raise SettingsError(f"TELEGRAM_API_URL: {api_url!r} is not an http(s) URL")
    webhook_url = get("WEBHOOK_URL")
    webhook_secret = get("WEBHOOK_SECRET")
    if webhook_url:
        if not webhook_url.startswith("https://"):
            raise SettingsError(f"WEBHOOK_URL: {webhook_url[:80]!r} is not an https URL")
        if not WEBHOOK_SECRET_SHAPE.fullmatch(webhook_secret):
            raise SettingsError(
                "WEBHOOK_SECRET: required with WEBHOOK_URL; 16 to 256 characters of A-Z, a-z,"
                " 0-9, _ and - (e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
    database_url = get("DATABASE_URL")
    if database_url and not database_url.startswith(("postgresql://", "postgres://")):
        raise SettingsError(
            "DATABASE_URL: only postgresql://user:password@host/database URLs (leave it empty"
            " for SQLite in DATA_DIR)"
        )
    outbox_lease = _seconds("OUTBOX_LEASE", get("OUTBOX_LEASE") or "60")
    if not 1 <= outbox_lease <= 3600:
        raise SettingsError("OUTBOX_LEASE: must be between 1 and 3600 seconds")
    data_dir = Path(get("DATA_DIR") or "state")
    return Settings(
        token=get("TELEGRAM_BOT_TOKEN"),
        api_url=api_url,
        admin_user_ids=frozenset(_int_list("ADMIN_USER_IDS", get("ADMIN_USER_IDS"))),
        knowledge_dir=knowledge_dir,
        data_dir=data_dir,
        scan_interval=scan_interval,
        feeds=feeds,
        feed_interval=feed_interval,
        telegram_timeout=telegram_timeout,
        answer_process=answer_process,
        notify_chat_ids=tuple(_int_list("NOTIFY_CHAT_IDS", get("NOTIFY_CHAT_IDS"))),
        log_level=log_level,
        webhook_url=webhook_url,
        webhook_secret=webhook_secret if webhook_url else "",
        webhook_listen=_listen("WEBHOOK_LISTEN", get("WEBHOOK_LISTEN") or "0.0.0.0:8080"),
        health_listen=_listen("HEALTH_LISTEN", get("HEALTH_LISTEN"))
        if get("HEALTH_LISTEN")
        else None,
        database_url=database_url,
        outbox_lease=outbox_lease,
        replica_id=get("REPLICA_ID") or f"{socket.gethostname()}:{data_dir.resolve()}",
    )
