"""Replicas of one bot keep to one knowledge: a replica that loads a change of the shared
knowledge folder bumps the knowledge version in the database (`BotServices.publish`);
the others hear PostgreSQL's signal at once, or find the new version at their next poll
(the fallback when a signal is lost), and load the folder too. Each builds its own index,
in its own DATA_DIR."""

from __future__ import annotations

import asyncio
import logging
import threading

from telegram.ext import Application, ContextTypes

from bot.telegram_app.services import BotServices

log = logging.getLogger(__name__)

SYNC_POLL_SECONDS = 15.0  # the fallback: how often the version is read when no signal came


async def knowledge_sync_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    svc: BotServices = context.bot_data["services"]
    version = await asyncio.to_thread(svc.storage.knowledge_version)
    if version == svc.knowledge_version:
        return
    async with svc.sync_lock:
        if version == svc.knowledge_version:
            return
        svc.knowledge_version = version
        if not svc.knowledge.folder_changed():
            return  # this replica has loaded it already (its own reload, or its scan)
        report = await svc.knowledge.reload()
        log.info(
            "knowledge version %d from another replica: %d added, %d changed, %d removed",
            version,
            len(report.added),
            len(report.changed),
            len(report.removed),
        )
        # known already to the replica that loaded it first, so nothing is queued twice;
        # the version is not bumped again (publish sees the same version)
        svc.publish(report, bump=False)


def start_knowledge_sync(app: Application, svc: BotServices) -> threading.Event:
    """Poll the version every `SYNC_POLL_SECONDS`, and listen for signals on a thread of
    its own; returns the event that stops the listener."""
    assert app.job_queue is not None
    job_queue = app.job_queue
    svc.knowledge_version = svc.storage.knowledge_version()
    job_queue.run_repeating(
        knowledge_sync_job, SYNC_POLL_SECONDS, first=SYNC_POLL_SECONDS, name="knowledge-sync"
    )
    loop = asyncio.get_running_loop()
    stop = threading.Event()

    def heard() -> None:
        loop.call_soon_threadsafe(lambda: job_queue.run_once(knowledge_sync_job, 0))

    threading.Thread(
        target=svc.storage.listen_for_knowledge,
        args=(heard, stop),
        name="knowledge-signals",
        daemon=True,
    ).start()
    return stop
