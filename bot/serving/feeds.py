"""RSS and Atom feeds the bot follows. Each entry becomes an article file in the knowledge
folder (`KNOWLEDGE_DIR/feeds/<feed>/<entry>.jsonl`, one JSON Lines record), so reloads,
the cache, `/latest`, `check` and notifications treat it like any other article.

Fetching uses httpx with a timeout, a size limit and a User-Agent, and a conditional GET
(the feed's last `ETag` and `Last-Modified`; a 304 costs nothing). Parsing is
feedparser's (RSS 2.0, RSS 1.0, Atom). An entry that carries only a teaser and a link is
completed from its page by trafilatura, within the same limits; an entry whose page
cannot be had keeps its teaser. No Telegram here, and no state: the caller keeps each
feed's validators and schedule (`bot.serving.storage`)."""

from __future__ import annotations

import calendar
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import httpx
import trafilatura

from bot.serving.storage import FeedState, Storage
from bot.text.normalize import clean_text

log = logging.getLogger(__name__)

FEEDS_FOLDER = "feeds"  # inside the knowledge folder
TIMEOUT = 15.0  # seconds for one request
MAX_FEED_BYTES = 5 * 1024 * 1024
MAX_PAGE_BYTES = 5 * 1024 * 1024
TEASER_CHARS = 400  # an entry with less text than this, and a link, is completed from its page
USER_AGENT = "thai-news-qa-bot/1.0 (feed reader)"
MAX_BACKOFF = 24 * 3600.0  # a failing feed is polled less often, down to once a day
FAILURES_REPORTED = 5  # failures in a row before a feed's error is logged as an error


class FeedError(Exception):
    """A feed that cannot be read now; the message says why, in one line."""


@dataclass(frozen=True)
class Entry:
    id: str  # the entry's guid/id, else its link
    title: str
    link: str
    published: str | None  # YYYY-MM-DD
    text: str


@dataclass(frozen=True)
class Fetched:
    """One poll of one feed: `entries` is None when the feed had not changed (304)."""

    entries: list[Entry] | None
    etag: str | None
    last_modified: str | None


def client() -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT})


@dataclass(frozen=True)
class _Got:
    status: int
    headers: httpx.Headers
    body: bytes


def _get(http: httpx.Client, url: str, limit: int, headers: dict[str, str]) -> _Got:
    """The response and its body, at most `limit` bytes (else FeedError)."""
    try:
        with http.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return _Got(304, response.headers, b"")
            if response.status_code >= 400:
                raise FeedError(f"HTTP {response.status_code}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise FeedError(f"larger than {limit:,} bytes")
            return _Got(response.status_code, response.headers, bytes(body))
    except httpx.HTTPError as exc:
        raise FeedError(
            f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        ) from None


def fetch(http: httpx.Client, url: str, etag: str | None, last_modified: str | None) -> Fetched:
    """Poll a feed with a conditional GET; parse it when it changed."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    got = _get(http, url, MAX_FEED_BYTES, headers)
    if got.status == 304:
        return Fetched(None, etag, last_modified)
    entries = parse(got.body)
    return Fetched(
        [complete(http, e) for e in entries],
        got.headers.get("ETag"),
        got.headers.get("Last-Modified"),
    )


def parse(body: bytes) -> list[Entry]:
    """The feed's entries; FeedError when it is not a feed at all. Every field is
    cleaned text (`clean_text`): a character reference to half a UTF-16 pair
    (`&#xD800;`) is no character, and no file or hash takes it."""
    try:
        parsed = feedparser.parse(body)
    except Exception as exc:  # feedparser flags most flaws (bozo) but not every one
        raise FeedError(f"not a valid feed ({_one_line(exc)})") from exc
    entries = []
    for item in parsed.entries:
        link = clean_text(str(item.get("link") or "")).strip()
        ident = clean_text(str(item.get("id") or link)).strip()
        title = " ".join(clean_text(str(item.get("title") or "")).split())
        if not ident or not title or not link.startswith(("http://", "https://")):
            continue  # nothing to cite or to name it by
        html = item["content"][0].get("value", "") if item.get("content") else ""
        html = html or str(item.get("summary") or "")
        # a fragment (or plain text) becomes a document first: trafilatura reads documents
        html = clean_text(html)
        text = trafilatura.html2txt(f"<html><body>{html}</body></html>") if html.strip() else ""
        published = None
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        if stamp:
            published = time.strftime("%Y-%m-%d", time.gmtime(calendar.timegm(stamp)))
        entries.append(Entry(ident, title, link, published, text.strip()))
    # feedparser reads what it can of a broken document: a feed with a flaw but usable
    # entries is read; one with nothing usable is an error, named in /status
    if parsed.bozo and not entries:
        reason = _one_line(parsed.get("bozo_exception", ""))
        raise FeedError(f"not a valid feed ({reason or 'unreadable'})")
    if not entries and not parsed.get("version"):  # an empty feed still has a format
        raise FeedError("not an RSS or Atom feed")
    return entries


def complete(http: httpx.Client, entry: Entry) -> Entry:
    """A teaser completed with its page's main text (when that is longer)."""
    if len(entry.text) >= TEASER_CHARS:
        return entry
    try:
        page = _get(http, entry.link, MAX_PAGE_BYTES, {})
    except FeedError:
        return entry
    main = clean_text(trafilatura.extract(page.body, url=entry.link) or "")
    if len(main.strip()) > len(entry.text):
        return Entry(entry.id, entry.title, entry.link, entry.published, main.strip())
    return entry


def feed_folder(knowledge_dir: Path, url: str) -> Path:
    """One folder per feed, named by its host and a hash of its URL."""
    host = (urlsplit(url).hostname or "feed").replace(":", "-")
    digest = hashlib.sha256(url.encode()).hexdigest()[:10]
    return knowledge_dir / FEEDS_FOLDER / f"{host}-{digest}"


def write_entries(knowledge_dir: Path, url: str, entries: Sequence[Entry]) -> list[str]:
    """Write each entry with text as an article file (atomically, only when its content
    changed); returns the ids of the entries written."""
    folder = feed_folder(knowledge_dir, url)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in entries:
        if not entry.text:
            continue
        record = {
            "id": entry.id,
            "title": entry.title,
            "url": entry.link,
            "published": entry.published,
            "text": entry.text,
        }
        data = json.dumps(record, ensure_ascii=False) + "\n"
        path = folder / f"{hashlib.sha256(entry.id.encode()).hexdigest()[:16]}.jsonl"
        if path.is_file() and path.read_text(encoding="utf-8") == data:
            continue
        fd, tmp = tempfile.mkstemp(prefix=".entry-", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(tmp, path)
        written.append(entry.id)
    return written


def poll_due(
    storage: Storage,
    knowledge_dir: Path,
    urls: Sequence[str],
    interval: float,
    now: float | None = None,
) -> list[str]:
    """Poll every feed whose time has come, write its entries, and keep its state;
    returns the ids of the entries written. The entries of a feed's first successful
    poll are its baseline: answerable, never announced. A failing feed is polled less
    often (the interval doubled per failure in a row, up to a day) and never stops the
    others; after FAILURES_REPORTED in a row its error is logged as an error and shown
    by /status."""
    now = time.time() if now is None else now
    written: list[str] = []
    with client() as http:
        for url in urls:
            state = storage.feed(url)
            if state.next_poll > now:
                continue
            try:
                got = fetch(http, url, state.etag, state.last_modified)
                ids = write_entries(knowledge_dir, url, got.entries or [])
            except FeedError as exc:
                storage.save_feed(_failed(state, str(exc), interval, now))
                continue
            except Exception as exc:  # one feed's surprise never stops the others
                error = f"unexpected {type(exc).__name__}: {_one_line(exc)}"
                storage.save_feed(_failed(state, error, interval, now))
                continue
            if got.entries is not None:
                if not state.polled_ok:
                    storage.mark_known(e.id for e in got.entries)
                written.extend(ids)
            storage.save_feed(
                replace(
                    state,
                    etag=got.etag,
                    last_modified=got.last_modified,
                    polled_ok=state.polled_ok or got.entries is not None,
                    last_success=now,
                    last_error=None,
                    failures=0,
                    next_poll=now + interval,
                    entries=state.entries if got.entries is None else len(got.entries),
                )
            )
    return written


def _one_line(exc: object) -> str:
    return " ".join(str(exc).split())[:200]


def _failed(state: FeedState, error: str, interval: float, now: float) -> FeedState:
    failures = state.failures + 1
    delay = min(interval * 2**failures, MAX_BACKOFF)
    level = logging.ERROR if failures >= FAILURES_REPORTED else logging.WARNING
    log.log(
        level, "feed %s: %s (%d in a row); next try in %.0f s", state.url, error, failures, delay
    )
    return replace(state, last_error=error[:300], failures=failures, next_poll=now + delay)
