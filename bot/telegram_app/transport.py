"""The HTTP clients the bot talks to the Bot API with.

`StreamRequest` (the default) speaks HTTP/1.1 itself, over asyncio streams, on
connections it keeps open. httpx, python-telegram-bot's own client, costs about 1 ms of
CPU per request in its layers (httpx, httpcore, anyio, h11): with every answer free, a
burst of 200 questions took the bot 0.45 s of CPU with httpx and 0.16 s with this
(`bench/bot_load.py burst --free-answers`). Uploads (multipart) still go through httpx,
and `TELEGRAM_HTTP_CLIENT=httpx` (or a proxy in the environment) puts everything back
on it.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import quote, quote_plus, urlsplit

import httpx
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

# Requests to the Bot API in flight at once; the rest wait their turn here. httpcore
# scans every connection and every queued request each time a request starts or ends,
# and python-telegram-bot's default of 256 connections (of which httpx keeps only 20
# open) makes a burst of replies open and close connections as well. 200 replies at once
# with answering taken out cost the bot 1.3 s of CPU with the default, 0.33 s with 16
# in flight. With each request taking 0.1 s at the server, as a trip to Telegram does,
# 16 in flight was too few (p95 1.3 s for 200 questions at once), 32 or more about the
# same (0.8-0.9 s); without that delay 32 is the quickest. 32 at 0.1 s each is 320
# messages a second, ten times what Telegram lets a bot send in bulk.
MAX_REQUESTS_IN_FLIGHT = 32
IDLE_SECONDS = 30.0  # a connection unused for longer is closed rather than reused
URL_SAFE = "/%:@!$&'()*+,;=-._~"  # left as they are in a path or query (RFC 3986)


class LimitedRequest(HTTPXRequest):
    """`HTTPXRequest` with at most `limit` connections, kept open, and `limit` requests in
    flight: the others wait here, in a queue that costs nothing per waiting request,
    rather than in httpcore's, which is scanned whenever a request starts or ends."""

    def __init__(self, limit: int = MAX_REQUESTS_IN_FLIGHT, *, timeout: float) -> None:
        super().__init__(
            connection_pool_size=limit,
            read_timeout=timeout,
            write_timeout=timeout,
            connect_timeout=timeout,
            # keep every connection open between bursts, not httpx's default of 20
            httpx_kwargs={
                "limits": httpx.Limits(max_connections=limit, max_keepalive_connections=limit)
            },
        )
        self._slots = asyncio.Semaphore(limit)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        async with self._slots:
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )


@dataclass
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    idle_since: float = field(default_factory=time.monotonic)

    def usable(self) -> bool:
        """Not closed by the server meanwhile (its close arrives as end of stream), and
        not idle so long that the server may close it while a request is on its way."""
        return (
            not self.reader.at_eof()
            and not self.writer.is_closing()
            and time.monotonic() - self.idle_since < IDLE_SECONDS
        )

    def close(self) -> None:
        self.writer.close()


def form_body(parameters: Mapping[str, str]) -> bytes:
    """`urlencode(parameters)`, with each non-ASCII value percent-encoded byte by byte in
    C (`bytes.hex`): urllib quotes a byte at a time in Python, about 0.1 ms for a reply
    of Thai text, on the event loop. (Its ASCII characters are encoded too, which
    decodes the same.)"""
    fields = []
    for key, value in parameters.items():
        if value.isascii():
            encoded = quote_plus(value, safe="")
        else:  # never empty: it holds a non-ASCII character
            encoded = "%" + value.encode("utf-8").hex("%").upper()
        fields.append(f"{quote_plus(key, safe='')}={encoded}")
    return "&".join(fields).encode("ascii")


class StreamRequest(BaseRequest):
    """Bot API requests in HTTP/1.1 over asyncio streams, at most `limit` in flight, on
    connections kept open between requests. Bodies are form-encoded as python-telegram-
    bot sends them through httpx; responses may carry a length, come chunked or end with
    the connection. A timeout raises `TimedOut`, any other failure `NetworkError`, as
    with httpx; a connection that failed is closed, never reused."""

    def __init__(
        self,
        limit: int = MAX_REQUESTS_IN_FLIGHT,
        *,
        timeout: float,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._timeout = timeout
        self._slots = asyncio.Semaphore(limit)
        self._idle: dict[tuple[str, int, bool], list[_Connection]] = {}
        self._ssl_context = ssl_context
        self._uploads = LimitedRequest(limit, timeout=timeout)

    @property
    def read_timeout(self) -> float | None:
        return self._timeout

    async def initialize(self) -> None:
        await self._uploads.initialize()

    async def shutdown(self) -> None:
        for connections in self._idle.values():
            for connection in connections:
                connection.close()
        self._idle.clear()
        await self._uploads.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if request_data is not None and request_data.contains_files:
            return await self._uploads.do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        target = urlsplit(url)
        secure = target.scheme == "https"
        host = target.hostname or ""
        key = (host, target.port or (443 if secure else 80), secure)
        path = quote(target.path or "/", safe=URL_SAFE)  # as httpx: file paths may be Thai
        if target.query:
            path += "?" + quote(target.query, safe=URL_SAFE)
        body = b""
        if request_data is not None and request_data.parameters:
            body = form_body(request_data.json_parameters)
        head = f"{method} {path} HTTP/1.1\r\nHost: {target.netloc}\r\n"
        head += f"User-Agent: {self.USER_AGENT}\r\nAccept-Encoding: identity\r\n"
        if body or method == "POST":
            head += "Content-Type: application/x-www-form-urlencoded\r\n"
            head += f"Content-Length: {len(body)}\r\n"
        request = (head + "\r\n").encode("ascii") + body
        async with self._slots:
            connection = self._take(key)
            try:
                if connection is None:
                    async with asyncio.timeout(self._seconds(connect_timeout)):
                        connection = await self._connect(key)
                connection.writer.write(request)
                async with asyncio.timeout(self._seconds(write_timeout)):
                    await connection.writer.drain()
                async with asyncio.timeout(self._seconds(read_timeout)):
                    status, keep_open, payload = await _read_response(connection.reader)
            except BaseException as exc:
                if connection is not None:
                    connection.close()
                if isinstance(exc, TimeoutError):
                    raise TimedOut from exc  # "Timed out", as with httpx
                if isinstance(exc, OSError | EOFError | ValueError):
                    raise NetworkError(f"{type(exc).__name__}: {exc}") from exc
                raise  # cancelled: the connection is in an unknown state, and closed
            if keep_open:
                connection.idle_since = time.monotonic()
                self._idle.setdefault(key, []).append(connection)
            else:
                connection.close()
            return status, payload

    def _take(self, key: tuple[str, int, bool]) -> _Connection | None:
        idle = self._idle.get(key, [])
        while idle:
            connection = idle.pop()
            if connection.usable():
                return connection
            connection.close()
        return None

    async def _connect(self, key: tuple[str, int, bool]) -> _Connection:
        host, port, secure = key
        context = None
        if secure:
            context = self._ssl_context or _default_ssl_context()
        reader, writer = await asyncio.open_connection(
            host, port, ssl=context, server_hostname=host if secure else None
        )
        return _Connection(reader, writer)

    def _seconds(self, value: ODVInput[float]) -> float | None:
        """A timeout as python-telegram-bot passes it: default, none (wait), or seconds."""
        if isinstance(value, DefaultValue):
            return self._timeout
        return value


@cache
def _default_ssl_context() -> ssl.SSLContext:
    """Certificates as httpx checks them (certifi's bundle), else the system's. Made
    once: loading the bundle takes milliseconds, and a burst opens 32 connections."""
    try:
        import certifi
    except ImportError:  # pragma: no cover - certifi comes with httpx
        return ssl.create_default_context()
    return ssl.create_default_context(cafile=certifi.where())


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool, bytes]:
    """Status, whether the connection stays open, and the body of one HTTP/1.x response."""
    status = 100
    while status < 200:  # an interim answer (1xx) comes before the real one
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection without answering")
        version, code, *_ = status_line.split(None, 2)
        status = int(code)
        headers: dict[bytes, bytes] = {}
        while (line := await reader.readline()) not in (b"\r\n", b"\n"):
            name, colon, value = line.partition(b":")
            if not colon:
                raise ValueError(f"malformed header line {line[:80]!r}")
            headers[name.strip().lower()] = value.strip().lower()
    keep_open = version == b"HTTP/1.1" and headers.get(b"connection") != b"close"
    if status in (204, 304):
        body = b""  # no body, whatever the headers say
    elif headers.get(b"transfer-encoding", b"identity") != b"identity":
        body = await _read_chunked(reader)
    elif b"content-length" in headers:
        body = await reader.readexactly(int(headers[b"content-length"]))
    else:  # the body ends with the connection
        body, keep_open = await reader.read(), False
    return status, keep_open, body


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while size := int((await reader.readline()).split(b";")[0], 16):
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)  # the chunk's closing CRLF
    while (await reader.readline()) not in (b"\r\n", b"\n", b""):
        pass  # trailer fields
    return b"".join(parts)
