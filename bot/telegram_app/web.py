"""The bot's HTTP listener: Telegram's webhook (in webhook mode), `/healthz` and `/metrics`.

A small Starlette app served by uvicorn inside the bot's own event loop, as in
python-telegram-bot's `customwebhookbot/starlettebot.py`: updates go onto the
application's queue, and the handlers answer them as they answer polled ones.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.serving.metrics import Metrics
from bot.serving.storage import Storage

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024  # an update is a few KB; anything near this is not Telegram


def build_web_app(
    application: Application,
    ready: Callable[[], bool],
    metrics: Callable[[], Metrics | None],
    storage: Callable[[], Storage | None],
    webhook_path: str | None = None,
    secret: str = "",
) -> Starlette:
    """`ready()`: the index serves (and, with a webhook, updates are handled). An update
    is put on the queue only when its secret header matches and no replica has taken
    it before (`Storage.claim_update`)."""

    async def healthz(_: Request) -> Response:
        if ready():
            return PlainTextResponse("ok\n")
        return PlainTextResponse("starting\n", status_code=503)

    async def metrics_endpoint(_: Request) -> Response:
        found = metrics()
        if found is None:
            return PlainTextResponse("starting\n", status_code=503)
        body, content_type = await asyncio.to_thread(found.render)  # gauges ask the database
        return Response(body, media_type=content_type)

    async def webhook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("webhook request without the right secret from %s: refused", _peer(request))
            return Response(status_code=403)
        store = storage()
        if not ready() or store is None:
            return Response(status_code=503)  # Telegram tries again later
        body = await _body(request)
        if body is None:
            return Response(status_code=413)
        try:
            data = json.loads(body)
            update = Update.de_json(data, application.bot)
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("webhook body is not a Telegram update (%s): ignored", exc)
            return Response(status_code=400)
        if update is None:
            return Response(status_code=400)
        if not await asyncio.to_thread(store.claim_update, update.update_id):
            found = metrics()
            if found is not None:
                found.duplicate_updates.inc()
            return Response()  # answered already, here or by another replica
        await application.update_queue.put(update)
        return Response()

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
    ]
    if webhook_path is not None:
        routes.append(Route(webhook_path, webhook, methods=["POST"]))
    return Starlette(routes=routes)


async def _body(request: Request) -> bytes | None:
    """The body, or None past `MAX_UPDATE_BYTES` (read no further than that)."""
    if int(request.headers.get("content-length") or 0) > MAX_UPDATE_BYTES:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_UPDATE_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _peer(request: Request) -> str:
    return request.client.host if request.client else "?"


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: the bot decides when to stop."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class WebServer:
    """Serves an ASGI app on `host:port` in the running event loop until `stop()`."""

    def __init__(self, app: Starlette, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._app = app
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Binds first, so that a port in use is one clear error here (OSError), not a
        failure inside the server task."""
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError as exc:
            sock.close()
            raise OSError(f"cannot listen on {self.host}:{self.port}: {exc.strerror}") from None
        sock.set_inheritable(True)
        self.port = int(sock.getsockname()[1])  # the port chosen, when 0 was asked for
        config = uvicorn.Config(
            self._app, log_level="warning", access_log=False, lifespan="off", use_colors=False
        )
        self._server = _Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            if self._task.done():
                self._task.result()  # raises what stopped it
                raise OSError(f"cannot listen on {self.host}:{self.port}")
            await asyncio.sleep(0.01)
        log.info("listening on %s:%s", self.host, self.port)

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await asyncio.gather(self._task, return_exceptions=True)
            self._server = self._task = None
