"""Update callbacks: each parses the update, calls the core, renders the reply."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import UTC, datetime
from pathlib import Path

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import ContextTypes

from bot.serving.feeds import FAILURES_REPORTED, poll_due
from bot.serving.knowledge import ReloadReport, safe_upload_name, save_article_file
from bot.serving.ratelimit import Verdict
from bot.serving.storage import FeedState
from bot.settings import web_url
from bot.telegram_app.addressing import linked_article, strip_mention
from bot.telegram_app.delivery import deliver_pending
from bot.telegram_app.rendering import (
    PLAIN_FALLBACK_LIMIT,
    esc,
    is_formatting_problem,
    render_answer,
    render_help,
    render_latest,
    render_more,
    shown_title,
    split_message,
    to_plain_text,
)
from bot.telegram_app.services import BotServices
from bot.text.loader import SUPPORTED_SUFFIXES, ArticleFormatError
from bot.text.normalize import whole_characters
from bot.text.smalltalk import asks_for_latest

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
REPLY_ATTEMPTS = 3
MORE_PREFIX = "more:"


def services(context: ContextTypes.DEFAULT_TYPE) -> BotServices:
    found = context.bot_data["services"]
    assert isinstance(found, BotServices)
    return found


async def reply_html(
    message: Message, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Reply in as many parts as Telegram's limit needs; the button goes under the last.
    If Telegram refuses the HTML, or finds a part too long, the reply is sent again as
    plain text in smaller parts rather than lost."""
    parts = split_message(text)
    for i, part in enumerate(parts):
        markup_here = markup if i == len(parts) - 1 else None
        try:
            await _send_with_retry(message, part, markup_here, html=True)
        except BadRequest as exc:
            if not is_formatting_problem(exc):
                raise
            log.warning("reply to chat %s refused (%s); sending plain text", message.chat_id, exc)
            plain = split_message(to_plain_text(part), PLAIN_FALLBACK_LIMIT)
            for j, piece in enumerate(plain):
                await _send_with_retry(
                    message, piece, markup_here if j == len(plain) - 1 else None, html=False
                )


async def _send_with_retry(
    message: Message, text: str, markup: InlineKeyboardMarkup | None, html: bool
) -> None:
    for attempt in range(REPLY_ATTEMPTS):
        try:
            await message.reply_text(
                text,
                parse_mode=ParseMode.HTML if html else None,
                disable_web_page_preview=True,
                reply_markup=markup,
                do_quote=message.chat.type != ChatType.PRIVATE,
            )
            return
        except BadRequest:
            raise  # retrying the same request cannot help
        except NetworkError as exc:  # 5xx, timeouts, dropped connections
            if attempt + 1 == REPLY_ATTEMPTS:
                raise
            log.warning("reply to chat %s failed (%s); retrying", message.chat_id, exc)
            await asyncio.sleep(0.5 * 2**attempt)


# questions
async def answer_question(
    message: Message, question: str, context: ContextTypes.DEFAULT_TYPE
) -> None:
    svc = services(context)
    user = message.from_user.id if message.from_user else message.chat_id
    verdict = svc.rate_limiter.check(user)
    if verdict is Verdict.NOTIFY:
        log.info("rate limit: user %s is asking too fast", user)
        await message.reply_text(
            "ถามเร็วเกินไป กรุณารอสักครู่แล้วถามใหม่ / You're asking too fast; please wait a moment."
        )
    if verdict is not Verdict.ALLOW:
        return
    if asks_for_latest(question):  # "ข่าวล่าสุด": no article's text answers that, the list does
        await reply_html(message, render_latest(svc.knowledge.index.articles))
        return
    started = time.perf_counter()
    linked = linked_article(message, svc.knowledge.index)
    if linked is not None and linked not in question:  # asked of it, as if pasted (first:
        question = f"{linked}\n{question}"  # a long question is cut at its end)
    after = svc.last_answer(message.chat_id, user)
    answer = await svc.knowledge.ask_async(question, after=after)
    svc.metrics.answered(answer.found, time.perf_counter() - started)
    # before the reply: the asker's next question may come as soon as they have read it
    svc.remember_answer(message.chat_id, user, answer.about)  # None: a new subject
    markup = None
    more = answer.results[1:] if answer.found and not answer.news else ()  # news: all listed
    key = svc.remember_question(message.chat_id, answer.question, after) if more else None
    if key is not None:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton("คำตอบอื่น ๆ / More answers", callback_data=MORE_PREFIX + key)]]
        )
    await reply_html(message, render_answer(answer), markup)


async def private_text_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message and message.text:
        await answer_question(message, message.text, context)


async def addressed_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message and message.text:
        await answer_question(message, strip_mention(message.text, context.bot.username), context)


async def ask_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    question = " ".join(context.args or [])
    if not question:
        await message.reply_html(
            "พิมพ์คำถามต่อท้าย เช่น <code>/ask อาเซียนประชุมเมื่อไร</code>\n"
            "Add your question, e.g. <code>/ask When did ASEAN meet?</code>"
        )
        return
    await answer_question(message, question, context)


async def more_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    svc = services(context)
    chat_id = query.message.chat.id if query.message is not None else None
    asked = (
        svc.asked_question(query.data.removeprefix(MORE_PREFIX), chat_id)
        if chat_id is not None
        else None
    )
    if asked is None:
        await query.answer("คำถามนี้หมดอายุแล้ว กรุณาถามใหม่ / Please ask again.", show_alert=True)
        return
    if svc.rate_limiter.check(query.from_user.id) is not Verdict.ALLOW:  # costs an answer
        await query.answer(
            "ถามเร็วเกินไป กรุณารอสักครู่ / You're asking too fast; please wait a moment.",
            show_alert=True,
        )
        return
    await query.answer()
    question, after = asked
    answer = await svc.knowledge.ask_async(question, after=after)
    if isinstance(query.message, Message):
        await reply_html(query.message, render_more(answer))


# information
async def help_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    index = services(context).knowledge.index
    await reply_html(
        message,
        render_help(len(index.articles), index.newest_published, chat.type != ChatType.PRIVATE),
    )


async def latest_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message:
        await reply_html(
            update.effective_message, render_latest(services(context).knowledge.index.articles)
        )


# subscriptions
async def is_group_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Asks Telegram; an anonymous admin posts as the group itself."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None:
        return False
    if message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True
    if user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def subscribe_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _set_subscription(update, context, subscribe=True)


async def unsubscribe_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _set_subscription(update, context, subscribe=False)


async def _set_subscription(
    update: Update, context: ContextTypes.DEFAULT_TYPE, subscribe: bool
) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    if chat.type != ChatType.PRIVATE and not await is_group_admin(update, context):
        user_id = update.effective_user.id if update.effective_user else None
        log.info(
            "refused /%ssubscribe in chat %s for user %s (not an admin)",
            "" if subscribe else "un",
            chat.id,
            user_id,
        )
        await message.reply_text("เฉพาะผู้ดูแลกลุ่มเท่านั้น / Only this group's admins can do that.")
        return
    storage = services(context).storage
    if subscribe:
        new = storage.subscribe(chat.id, chat.title or chat.full_name or "")
        text = (
            "รับแจ้งเตือนบทความใหม่แล้ว / Subscribed: new articles will be posted here."
            if new
            else "ห้องนี้รับแจ้งเตือนอยู่แล้ว / Already subscribed."
        )
    else:
        was = storage.unsubscribe(chat.id)
        text = (
            "ยกเลิกการแจ้งเตือนแล้ว / Unsubscribed."
            if was
            else "ห้องนี้ไม่ได้รับแจ้งเตือนอยู่ / This chat was not subscribed."
        )
    await message.reply_text(text)


# admin
def format_reload(report: ReloadReport) -> str:
    if not report.ok:
        return (
            f"❌ โหลดใหม่ไม่สำเร็จ ดัชนีเดิมยังใช้งานอยู่ / Reload failed; the previous index keeps"
            f" serving.\n{esc(report.error or '')}"
        )
    lines = [
        "✅ โหลดฐานความรู้ใหม่แล้ว / Knowledge reloaded",
        f"added: {len(report.added)} · changed: {len(report.changed)}"
        f" · removed: {len(report.removed)}",
        f"articles: {report.articles} · passages: {report.passages} · time: {report.seconds:.1f} s",
        f"skipped files: {len(report.skipped)}",
    ]
    lines.extend(f"• {esc(str(s))}" for s in report.skipped[:20])
    lines.extend(f"+ {shown_title(a.title)}" for a in report.added[:20])
    return "\n".join(lines)


async def publish_and_deliver(context: ContextTypes.DEFAULT_TYPE, report: ReloadReport) -> None:
    svc = services(context)
    if svc.publish(report) and context.job_queue is not None:
        context.job_queue.run_once(delivery_job, 0, name="deliver-now")


async def reload_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    log.info(
        "reload requested by admin %s", update.effective_user.id if update.effective_user else None
    )
    report = await services(context).knowledge.reload()
    await publish_and_deliver(context, report)
    await reply_html(message, format_reload(report))


async def status_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    svc = services(context)
    index, last = svc.knowledge.index, svc.knowledge.last_reload
    built = datetime.fromtimestamp(index.built_at, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    when = built if last is None else f"{built}, took {last.seconds:.1f} s"
    problems = svc.storage.delivery_problems(limit=1, given_up=True)
    last_problem = (
        f"\nlast given up: chat {problems[0].chat_id}, article {problems[0].article_id}"
        f" after {problems[0].attempts + 1} attempt(s): {problems[0].error[:200]}"
        if problems
        else ""
    )
    await message.reply_text(
        f"articles: {len(index.articles)}\npassages: {index.passage_count}\n"
        f"newest article: {index.newest_published or '-'}\nlast reload: {when}\n"
        f"answering process: {svc.knowledge.helper_state}\n"
        f"subscribed chats: {len(svc.storage.subscribers())}\n"
        f"pending notifications: {svc.storage.pending_count()}\n"
        f"notifications given up: {svc.storage.dropped_count()}{last_problem}"
        + "".join(_feed_line(svc.storage.feed(url)) for url in svc.feed_urls())
    )


def _feed_line(state: FeedState) -> str:
    def when(stamp: float | None) -> str:
        return "-" if stamp is None else datetime.fromtimestamp(stamp, UTC).strftime("%m-%d %H:%M")

    error = (
        f", error ({state.failures} in a row): {state.last_error[:150]}" if state.last_error else ""
    )
    return (
        f"\nfeed {state.url}: last success {when(state.last_success)}, entries {state.entries},"
        f" next poll {when(state.next_poll or None)}{error}"
    )


async def refuse_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    log.warning("refused admin action for user %s", user.id if user else None)
    if update.effective_message:
        await update.effective_message.reply_text(
            "ขออภัย คำสั่งนี้สำหรับผู้ดูแลระบบเท่านั้น / Sorry, only the bot's admins can do that."
        )


async def private_only_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin command sent in a group: its reply would show the group other chats."""
    if update.effective_message:
        await update.effective_message.reply_text(
            "คำสั่งนี้ใช้ในแชทส่วนตัวกับบอทเท่านั้น / Use this command in a private chat with me."
        )


async def upload_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or message.document is None:
        return
    document = message.document
    name = safe_upload_name(document.file_name or "")
    problem = None
    if name is None:
        problem = "ชื่อไฟล์ไม่ถูกต้อง / invalid file name"
    elif Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        problem = f"unsupported file type (use {', '.join(SUPPORTED_SUFFIXES)})"
    elif (document.file_size or 0) > MAX_UPLOAD_BYTES:
        problem = f"file too large (limit {MAX_UPLOAD_BYTES // (1024 * 1024)} MB)"
    if problem is not None or name is None:
        await message.reply_text(f"❌ ไม่รับไฟล์นี้ / File refused: {problem}")
        return
    data = bytes(await (await document.get_file()).download_as_bytearray())
    if len(data) > MAX_UPLOAD_BYTES:
        await message.reply_text("❌ ไม่รับไฟล์นี้ / File refused: file too large")
        return
    svc = services(context)
    try:  # parsing a 5 MB file takes a while: off the event loop, so chats carry on
        target = await asyncio.to_thread(save_article_file, svc.settings.knowledge_dir, name, data)
    except ArticleFormatError as exc:
        await message.reply_text(f"❌ ไฟล์ไม่ถูกต้อง ไม่ได้บันทึก / Not saved: {exc}")
        return
    log.info(
        "admin %s uploaded %s",
        update.effective_user.id if update.effective_user else None,
        target.name,
    )
    report = await svc.knowledge.reload()
    await publish_and_deliver(context, report)
    await reply_html(message, f"📥 saved as {esc(target.name)}\n" + format_reload(report))


# jobs
async def delivery_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    svc.rate_limiter.forget_idle()
    if svc.delivery_lock.locked():
        return  # a delivery round is running; it will pick these up
    async with svc.delivery_lock:
        lease = svc.settings.outbox_lease
        await deliver_pending(context.bot, svc.storage, lease=lease, metrics=svc.metrics)


async def scan_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    if not svc.knowledge.folder_changed():
        return
    report = await svc.knowledge.reload()
    log.info(
        "knowledge folder changed: %d added, %d changed, %d removed",
        len(report.added),
        len(report.changed),
        len(report.removed),
    )
    await publish_and_deliver(context, report)


async def feeds_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Poll the feeds that are due (off the event loop); new or edited entries are
    loaded like any other article and announced through the outbox."""
    svc = services(context)
    settings = svc.settings
    urls = svc.feed_urls()
    if not urls or svc.feeds_lock.locked():
        return  # nothing to follow, or the last round is still polling (a slow feed)
    before = {url: svc.storage.feed(url).failures for url in urls}
    async with svc.feeds_lock:
        written = await asyncio.to_thread(
            poll_due, svc.storage, settings.knowledge_dir, urls, settings.feed_interval
        )
    await _load_feed_entries(context, written)
    for url in urls:  # a feed failing for a while is told to the admins, once
        state = svc.storage.feed(url)
        if before[url] < FAILURES_REPORTED <= state.failures and state.last_error:
            for admin in sorted(settings.admin_user_ids):
                with contextlib.suppress(TelegramError):
                    await context.bot.send_message(
                        admin,
                        f"⚠️ feed failing {state.failures} times in a row: {url}\n"
                        f"{state.last_error[:300]}\nstill polled, less often; /feeds shows it",
                    )


async def _load_feed_entries(context: ContextTypes.DEFAULT_TYPE, written: list[str]) -> None:
    if written:
        report = await services(context).knowledge.reload()
        log.info("feeds: %d entries written, %d articles added", len(written), len(report.added))
        await publish_and_deliver(context, report)


async def feeds_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/feeds: every feed followed, with its state."""
    if update.effective_message is None:
        return
    svc = services(context)
    urls = svc.feed_urls()
    lines = "".join(_feed_line(svc.storage.feed(url)) for url in urls)
    await update.effective_message.reply_text(
        f"feeds: {len(urls)}{lines}" if urls else "feeds: none (/addfeed URL, or FEEDS)"
    )


async def addfeed_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/addfeed URL: polled once; followed (and kept in the bot's state) if that poll
    read a feed. Its entries now are the baseline: answerable, not announced."""
    message = update.effective_message
    if message is None:
        return
    url = " ".join(context.args or []).strip()
    if not web_url(url):
        await message.reply_text("ใช้ /addfeed URL / Usage: /addfeed https://example.org/rss")
        return
    svc = services(context)
    if url in svc.feed_urls():
        await message.reply_text(f"already followed: {url}")
        return
    async with svc.feeds_lock:
        svc.storage.add_feed(url)
        written = await asyncio.to_thread(
            poll_due, svc.storage, svc.settings.knowledge_dir, [url], svc.settings.feed_interval
        )
        state = svc.storage.feed(url)
        if not state.polled_ok:  # its first poll failed: not a feed (now)
            svc.storage.remove_feed(url)
            await message.reply_text(f"❌ not added: {url}: {state.last_error}")
            return
    log.info(
        "admin %s added feed %s", update.effective_user.id if update.effective_user else None, url
    )
    await _load_feed_entries(context, written)
    await message.reply_text(f"✅ following {url}: {state.entries} entries (not announced)")


async def removefeed_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/removefeed URL: stop following a feed an admin added. Its articles stay."""
    message = update.effective_message
    if message is None:
        return
    url = whole_characters(" ".join(context.args or []).strip())
    svc = services(context)
    if svc.storage.remove_feed(url):
        await message.reply_text(f"stopped following {url} (its articles stay)")
    elif url in svc.settings.feeds:
        await message.reply_text(f"{url} is set in FEEDS: remove it there")
    else:
        await message.reply_text(f"not followed: {url or '(no URL)'}")


async def error_cb(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("error while handling an update: %s", context.error, exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text(
                "ขออภัย เกิดข้อผิดพลาด ลองใหม่อีกครั้ง / Sorry, something went wrong. Please try again."
            )
        except Exception:  # the reply itself failed: already logged above
            log.debug("could not send the error notice", exc_info=True)
