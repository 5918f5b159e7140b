"""Build the Telegram application: every handler registered here, in a deliberate order."""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeDefault, Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.engine.cache import IndexCache
from bot.logs import configure_logging
from bot.serving.answer_process import AnswerProcess, worth_starting
from bot.serving.knowledge import KnowledgeService
from bot.serving.storage import Storage, StorageError, StorageUnavailable
from bot.settings import Settings, SettingsError, load_settings
from bot.telegram_app import handlers as h
from bot.telegram_app.addressing import AddressedToBot
from bot.telegram_app.replicas import start_knowledge_sync
from bot.telegram_app.services import BotServices
from bot.telegram_app.web import WebServer, build_web_app

log = logging.getLogger(__name__)

DELIVERY_INTERVAL = 2.0
FEED_CHECK_SECONDS = 30.0  # how often the feeds due for a poll are looked for
# Bot API requests in flight at once (httpx connections kept open); the rest wait for a
# connection. 32 requests of 0.1 s each is 320 messages a second, ten times what
# Telegram lets a bot send in bulk.
MAX_REQUESTS_IN_FLIGHT = 32
STATE_FILE = "bot.sqlite3"

USER_COMMANDS = [
    BotCommand("ask", "ถามคำถาม / ask a question"),
    BotCommand("latest", "บทความล่าสุด / newest articles"),
    BotCommand("subscribe", "รับแจ้งเตือนบทความใหม่ / get new-article notifications"),
    BotCommand("unsubscribe", "ยกเลิกการแจ้งเตือน / stop notifications"),
    BotCommand("help", "วิธีใช้ / how to use"),
]
NO_TOKEN_HELP = """TELEGRAM_BOT_TOKEN is not set.
1. In Telegram, talk to @BotFather, send /newbot and copy the token it gives you.
2. cp .env.example .env and put it there: TELEGRAM_BOT_TOKEN=123456:ABC...
   (or export TELEGRAM_BOT_TOKEN=... in your shell), then run: python -m bot run
To try the answers without Telegram: python -m bot ask "your question" """


def build_application(settings: Settings, get_updates_timeout: float = 10.0) -> Application:
    """The application with all handlers; services start in post_init, stop in post_shutdown.

    Replies go out at once: Telegram's 30 messages/s is a limit on bulk notifications,
    which the outbox paces itself (`delivery.NOTIFICATIONS_PER_SECOND`), and a burst of
    questions should not wait in a queue for it. The limiter still keeps each group to 20
    messages a minute and, should Telegram answer 429, waits as told and retries. At most
    `MAX_REQUESTS_IN_FLIGHT` requests are in flight at once."""
    admins = filters.User(user_id=settings.admin_user_ids, allow_empty=False)
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    # new messages only: an edited question is not answered twice, an edited upload not
    # saved twice, an edited /reload not run again (send it anew instead)
    new = filters.UpdateType.MESSAGE
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_url)
        .base_file_url(settings.api_file_url)
        .concurrent_updates(True)
        .get_updates_read_timeout(get_updates_timeout + 5)  # before .request(): PTB's rule
        .request(bot_api_client(settings))
        .post_init(_on_start)
        .post_shutdown(_on_stop)
    )
    if settings.webhook_url:
        builder = builder.updater(None)  # Telegram posts updates to the web listener
    app: Application = builder.rate_limiter(
        AIORateLimiter(overall_max_rate=0, max_retries=3)
    ).build()
    app.bot_data["settings"] = settings
    # admin commands first, in private chats only (/status names other chats): admins
    # pass the filters, an admin in a group is sent to a private chat, everyone else
    # falls through to the refusal
    app.add_handler(CommandHandler(["reload"], h.reload_cb, filters=admins & private & new))
    app.add_handler(CommandHandler(["status"], h.status_cb, filters=admins & private & new))
    app.add_handler(MessageHandler(private & admins & filters.Document.ALL & new, h.upload_cb))
    app.add_handler(CommandHandler("feeds", h.feeds_cb, filters=admins & private & new))
    app.add_handler(CommandHandler("addfeed", h.addfeed_cb, filters=admins & private & new))
    app.add_handler(CommandHandler("removefeed", h.removefeed_cb, filters=admins & private & new))
    admin_commands = ["reload", "status", "feeds", "addfeed", "removefeed"]
    app.add_handler(
        CommandHandler(admin_commands, h.private_only_cb, filters=admins & groups & new)
    )
    app.add_handler(CommandHandler(admin_commands, h.refuse_cb, filters=new))
    app.add_handler(MessageHandler(private & filters.Document.ALL & new, h.refuse_cb))
    # everyone
    app.add_handler(CommandHandler(["start", "help"], h.help_cb, filters=new))
    app.add_handler(CommandHandler("latest", h.latest_cb, filters=new))
    app.add_handler(CommandHandler("ask", h.ask_cb, filters=new))
    app.add_handler(CommandHandler("subscribe", h.subscribe_cb, filters=new))
    app.add_handler(CommandHandler("unsubscribe", h.unsubscribe_cb, filters=new))
    app.add_handler(CallbackQueryHandler(h.more_cb, pattern=f"^{h.MORE_PREFIX}"))
    app.add_handler(
        MessageHandler(private & new & filters.TEXT & ~filters.COMMAND, h.private_text_cb)
    )
    app.add_handler(
        MessageHandler(
            groups & new & filters.TEXT & ~filters.COMMAND & AddressedToBot(), h.addressed_cb
        )
    )
    app.add_error_handler(h.error_cb)
    return app


def bot_api_client(settings: Settings) -> BaseRequest:
    """python-telegram-bot's httpx client for every Bot API request but getUpdates (it
    honours HTTPS_PROXY and friends). A request waits for a free connection for as long
    as a burst of replies takes to drain, not httpx's default second."""
    timeout = settings.telegram_timeout
    return HTTPXRequest(
        connection_pool_size=MAX_REQUESTS_IN_FLIGHT,
        read_timeout=timeout,
        write_timeout=timeout,
        connect_timeout=timeout,
        pool_timeout=POOL_WAIT_FACTOR * timeout,
    )


POOL_WAIT_FACTOR = 6


def state_target(settings: Settings) -> Path | str:
    """PostgreSQL when DATABASE_URL is set (replicas), else SQLite in DATA_DIR."""
    return settings.database_url or settings.data_dir / STATE_FILE


async def _start_web(app: Application, settings: Settings) -> None:
    """The listener: the webhook with /healthz and /metrics, or (polling) those two on
    HEALTH_LISTEN. It starts before the knowledge loads, so health says 503 until then."""
    if settings.webhook_url:
        (host, port), path = settings.webhook_listen, urlsplit(settings.webhook_url).path or "/"
    elif settings.health_listen is not None:
        (host, port), path = settings.health_listen, None
    else:
        return

    def found() -> BotServices | None:
        svc = app.bot_data.get("services")
        return svc if isinstance(svc, BotServices) else None

    web = build_web_app(
        app,
        ready=lambda: found() is not None,
        metrics=lambda: svc.metrics if (svc := found()) else None,
        storage=lambda: svc.storage if (svc := found()) else None,
        webhook_path=path,
        secret=settings.webhook_secret,
    )
    server = WebServer(web, host, port)
    await server.start()
    app.bot_data["web"] = server


async def _on_start(app: Application) -> None:
    settings: Settings = app.bot_data["settings"]
    await _start_web(app, settings)
    storage = Storage(state_target(settings), owner=settings.replica_id)
    cache = IndexCache.for_knowledge(settings.data_dir, settings.knowledge_dir, background=True)
    knowledge = KnowledgeService(settings.knowledge_dir, cache)
    report = knowledge.load_initial()
    if not report.ok:
        raise RuntimeError(f"cannot load the knowledge folder: {report.error}")
    for skipped in report.skipped:
        log.warning("skipped %s", skipped)
    if worth_starting(settings.answer_process, os.cpu_count()):
        await knowledge.start_helper(AnswerProcess(settings.data_dir, settings.knowledge_dir))
    knowledge.settle()  # the helper loads the stored index; a fresh build is read back
    svc = BotServices(settings=settings, knowledge=knowledge, storage=storage)
    new = svc.record_start()
    log.info(
        "knowledge: %d articles, %d passages; %d new since last run",
        report.articles,
        report.passages,
        len(new),
    )
    await app.bot.set_my_commands(USER_COMMANDS, scope=BotCommandScopeDefault())
    await app.bot.set_my_commands(USER_COMMANDS, scope=BotCommandScopeAllPrivateChats())
    app.bot_data["services"] = svc  # ready: health says so, the webhook takes updates
    if settings.database_url:  # replicas may share the knowledge folder
        app.bot_data["sync_stop"] = start_knowledge_sync(app, svc)
    if app.job_queue is not None:
        # a long fan-out outlasts the interval: the next run finds the round's lock and
        # returns (one instance more is allowed, so the scheduler does not warn each time)
        app.job_queue.run_repeating(
            h.delivery_job,
            DELIVERY_INTERVAL,
            first=0,
            name="delivery",
            job_kwargs={"max_instances": 2},
        )
        if settings.feed_interval > 0:  # each feed keeps its own schedule (none: no work)
            app.job_queue.run_repeating(
                h.feeds_job, min(settings.feed_interval, FEED_CHECK_SECONDS), first=1, name="feeds"
            )
        if settings.scan_interval > 0:
            app.job_queue.run_repeating(
                h.scan_job, settings.scan_interval, first=settings.scan_interval, name="scan"
            )


async def _on_stop(app: Application) -> None:
    sync_stop = app.bot_data.pop("sync_stop", None)
    if isinstance(sync_stop, threading.Event):
        sync_stop.set()
    web = app.bot_data.pop("web", None)
    if isinstance(web, WebServer):
        await web.stop()
    svc = app.bot_data.get("services")
    if isinstance(svc, BotServices):
        svc.knowledge.close()
        await asyncio.sleep(0)  # its cancelled tasks end before the loop does
        if svc.knowledge.cache is not None:
            svc.knowledge.cache.flush()
        svc.storage.close()


async def start_application(app: Application, poll_timeout: float = 10.0) -> None:
    """What run_polling does, for callers that own the event loop (tests, benchmarks)."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(
        poll_interval=0, timeout=int(poll_timeout), allowed_updates=Update.ALL_TYPES
    )
    await app.start()


async def stop_application(app: Application) -> None:
    assert app.updater is not None
    if app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


LOCK_FILE = "bot.lock"


def hold_data_dir(data_dir: Path) -> IO[bytes] | None:
    """An exclusive lock on DATA_DIR for as long as the returned file stays open (the
    process's life): two bots on one DATA_DIR would delete each other's index files and
    send every notification twice. None when another process holds it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = (data_dir / LOCK_FILE).open("ab")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def run_bot() -> int:
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    if not settings.token:
        print(NO_TOKEN_HELP, file=sys.stderr)
        return 2
    lock = hold_data_dir(settings.data_dir)
    if lock is None:
        print(
            f"another bot is already running on DATA_DIR {settings.data_dir}"
            f" (it holds {settings.data_dir / LOCK_FILE}): stop it, or give this bot a"
            " DATA_DIR of its own",
            file=sys.stderr,
        )
        return 1
    configure_logging(settings.log_level, secrets=settings.secrets)
    try:
        if not asyncio.run(reach_telegram(settings)):
            return 2
        if settings.webhook_url:
            asyncio.run(serve_webhook(settings))
        else:
            app = build_application(settings)
            app.run_polling(allowed_updates=Update.ALL_TYPES, timeout=30)
    except (StorageUnavailable, OSError) as exc:  # a database starting, a port in use
        log.error("%s", exc)
        return 1
    except StorageError as exc:
        log.error("%s", exc)
        return 2
    except (InvalidToken, NetworkError) as exc:  # lost again between the check and start
        log.error("could not start: %s", _redacted(str(exc), settings.token))
        return 1
    except KeyboardInterrupt:
        pass
    return 0


async def serve_webhook(settings: Settings) -> None:
    """Webhook mode: the listener takes Telegram's posts; SIGTERM or SIGINT stops it. The
    webhook stays registered when a replica stops: the others still serve it."""
    app = build_application(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await app.initialize()
    try:
        await _on_start(app)
        await app.start()
        await app.bot.set_webhook(
            settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
            max_connections=MAX_REQUESTS_IN_FLIGHT,
        )
        log.info("webhook set: Telegram posts updates to %s", settings.webhook_url)
        await stop.wait()
    finally:
        # take no more updates first (Telegram retries them, on another replica), then
        # finish those already taken
        web = app.bot_data.pop("web", None)
        if isinstance(web, WebServer):
            await web.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        await _on_stop(app)


START_RETRY_FIRST = 1.0  # seconds before the first retry when Telegram cannot be reached
START_RETRY_MAX = 60.0


async def reach_telegram(settings: Settings) -> bool:
    """Ask Telegram who the bot is before anything starts: a rejected token stops the
    bot with one line (False); Telegram unreachable is retried with backoff, one line
    each time, until it answers (True)."""
    delay = START_RETRY_FIRST
    while True:
        bot = Bot(
            settings.token,
            base_url=settings.api_url,
            base_file_url=settings.api_file_url,
            request=HTTPXRequest(
                connect_timeout=settings.telegram_timeout,
                read_timeout=settings.telegram_timeout,
            ),
        )
        try:
            async with bot:  # initialize() asks getMe
                return True
        except InvalidToken:
            log.error(
                "Telegram rejected TELEGRAM_BOT_TOKEN: copy the token again from @BotFather"
                " (it may have been revoked)"
            )
            return False
        except NetworkError as exc:  # TimedOut too
            log.warning(
                "cannot reach the Bot API at %s (%s); retrying in %.0f s",
                settings.api_url,
                _redacted(str(exc) or type(exc).__name__, settings.token),
                delay,
            )
        await asyncio.sleep(delay)
        delay = min(delay * 2, START_RETRY_MAX)


def _redacted(text: str, token: str) -> str:
    return text.replace(token, "<token>") if token else text
