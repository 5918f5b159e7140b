"""End to end: the real python-telegram-bot application, real long polling over HTTP,
against the fake Bot API server."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.settings import Settings, load_settings
from bot.telegram_app.app import (
    MAX_REQUESTS_IN_FLIGHT,
    build_application,
    start_application,
    stop_application,
)
from tests.conftest import SEED, SEED_URL, TINY, write_jsonl, write_markdown
from tests.fake_telegram import BOT_ID, BOT_USERNAME, FakeTelegram, Sent, marked_entities

ADMIN = 42
USER = 7
GROUP_A, GROUP_B, GROUP_C = -1001, -1002, -1003


@pytest.fixture
def settings(tmp_path: Path, fake: FakeTelegram) -> Settings:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    shutil.copy(SEED, knowledge / SEED.name)
    write_jsonl(knowledge / "tiny.jsonl", TINY)
    environment = {
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_URL": fake.api_url,  # the real client, pointed at the fake server
        "ADMIN_USER_IDS": str(ADMIN),
        "KNOWLEDGE_DIR": str(knowledge),
        "DATA_DIR": str(tmp_path / "state"),
        "SCAN_INTERVAL": "0",
        "ANSWER_PROCESS": "off",  # on in the tests of it below
    }
    return load_settings(environment, dotenv=None)


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    app = build_application(settings, get_updates_timeout=1)
    await start_application(app, poll_timeout=1)
    try:
        yield app
    finally:
        await stop_application(app)


async def until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the bot")
        await asyncio.sleep(0.05)


def bot_message(chat_id: int) -> dict[str, object]:
    """The bot's own message in a private chat, as a button press carries it."""
    return {
        "message_id": 5,
        "date": 0,
        "chat": {"id": chat_id, "type": "private"},
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "News"},
        "text": "x",
    }


async def wait_sent(fake: FakeTelegram, count: int, chat_id: int) -> list[Sent]:
    """Wait (without blocking the bot's event loop) until chat_id got `count` messages."""
    await until(lambda: len(fake.sent(chat_id=chat_id)) >= count)
    return fake.sent(chat_id=chat_id)


async def settle(fake: FakeTelegram, seconds: float = 1.5) -> None:
    """Let the bot consume what is queued and then some, to catch unwanted replies."""
    await until(fake.all_updates_consumed)
    await asyncio.sleep(seconds)


def new_article(folder: Path, name: str, title: str, published: str) -> Path:
    return write_markdown(
        folder / name,
        title,
        f"https://example.org/{name}",
        f"{title} เนื้อหาข่าวใหม่ <b>&</b> 🎉",
        published=published,
    )


def test_private_question_gets_the_seed_answer_and_source_link(
    fake: FakeTelegram, settings: Settings
) -> None:
    async def scenario() -> None:
        async with running(settings):
            fake.private_text(USER, "ประชุมวันที่ 5 มีนาคม 2019")
            (reply,) = await wait_sent(fake, 1, chat_id=USER)
            assert "๕ มีนาคม พ.ศ. ๒๕๖๒" in reply.text
            assert f'<a href="{SEED_URL}">' in reply.text
            assert "2019-03-06" in reply.text
            assert reply.params["parse_mode"] == "HTML"
            commands = fake.sent("setMyCommands")
            assert commands and {c["command"] for c in commands[0].params["commands"]} >= {
                "ask",
                "latest",
                "subscribe",
                "help",
            }

    asyncio.run(scenario())


def test_a_slow_answer_does_not_hold_up_other_chats(
    fake: FakeTelegram, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.serving.knowledge as service

    real_ask = service.ask
    answering, release = threading.Event(), threading.Event()

    def slow_ask(*args: Any, **kwargs: Any) -> Any:
        answering.set()
        release.wait(timeout=30)  # in the answering thread, off the event loop
        return real_ask(*args, **kwargs)

    async def scenario() -> None:
        async with running(settings):
            monkeypatch.setattr(service, "ask", slow_ask)
            fake.private_text(USER, "ประชุมวันที่ 5 มีนาคม 2019")
            await until(answering.is_set)  # the slow answer is under way
            fake.private_text(USER + 1, "/help")
            await wait_sent(fake, 1, chat_id=USER + 1)
            assert fake.sent(chat_id=USER) == []  # /help came back while the answer ran
            release.set()
            (reply,) = await wait_sent(fake, 1, chat_id=USER)
            assert SEED_URL in reply.text

    asyncio.run(scenario())


def test_a_burst_of_questions_is_all_answered_over_a_bounded_number_of_connections(
    fake: FakeTelegram, settings: Settings
) -> None:
    """Three times more replies at once than requests allowed in flight: the bot never
    has more than that many open at Telegram, and every reply goes out, once."""
    users = range(100, 100 + 3 * MAX_REQUESTS_IN_FLIGHT)

    async def scenario() -> None:
        async with running(settings):
            fake.latency = 0.4  # each request takes as long as a slow trip to Telegram
            for user in users:
                fake.private_text(user, "ทุเรียนหมอนทองส่งออกไปประเทศจีน")
            await until(lambda: all(fake.sent(chat_id=u) for u in users), timeout=30)
            await settle(fake)
            assert all(len(fake.sent(chat_id=u)) == 1 for u in users)
            assert all("https://example.org/durian" in fake.sent(chat_id=u)[0].text for u in users)
            # never above the bound; well above one, so replies do go out side by side
            # (how close to the bound a burst gets depends on the scheduler)
            assert MAX_REQUESTS_IN_FLIGHT // 2 <= fake.max_in_flight <= MAX_REQUESTS_IN_FLIGHT

    asyncio.run(scenario())


@pytest.mark.parametrize(
    "question",
    [
        "ทุเรียนหมอนทองส่งออกไปประเทศจีน",
        # JSON may escape half a UTF-16 pair (`\\ud800`); the decoded text then holds a
        # character that no encoder, the segmenter's included, accepts
        "ทุเรียนหมอนทอง\ud800ส่งออกไปประเทศจีน\udfff",
    ],
)
def test_more_answers_button_shows_next_best(
    fake: FakeTelegram, settings: Settings, question: str
) -> None:
    async def scenario() -> None:
        async with running(settings):
            fake.private_text(USER, question)
            (reply,) = await wait_sent(fake, 1, chat_id=USER)
            assert "https://example.org/durian" in reply.text
            button = reply.params["reply_markup"]["inline_keyboard"][0][0]
            message = bot_message(USER)
            fake.callback(USER, message, button["callback_data"])
            replies = await wait_sent(fake, 2, chat_id=USER)
            assert "https://example.org/durian" not in replies[1].text
            assert "2." in replies[1].text
            assert fake.sent("answerCallbackQuery")

    asyncio.run(scenario())


def test_more_answers_presses_count_towards_the_rate_limit(
    fake: FakeTelegram, settings: Settings
) -> None:
    async def scenario() -> None:
        async with running(settings):
            fake.private_text(USER, "ทุเรียนหมอนทองส่งออกไปประเทศจีน")
            (reply,) = await wait_sent(fake, 1, chat_id=USER)
            data = reply.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
            message = bot_message(USER)
            for _ in range(12):  # one question and 12 presses, against 8 per 20 s
                fake.callback(USER, message, data)
            await until(lambda: len(fake.sent("answerCallbackQuery")) >= 12)
            alerts = [s for s in fake.sent("answerCallbackQuery") if "too fast" in str(s.params)]
            assert len(alerts) == 5
            await wait_sent(fake, 8, chat_id=USER)  # the answer and 7 lists
            await settle(fake)
            assert len(fake.sent(chat_id=USER)) == 8

    asyncio.run(scenario())


def test_not_found_and_small_talk_replies(fake: FakeTelegram, settings: Settings) -> None:
    async def scenario() -> None:
        async with running(settings):
            fake.private_text(USER, "ราคาบิตคอยน์วันนี้เท่าไร")
            await wait_sent(fake, 1, chat_id=USER)
            fake.private_text(USER, "สวัสดีครับ")
            await wait_sent(fake, 2, chat_id=USER)
            fake.private_text(USER, "What is the price of gold today?")
            await wait_sent(fake, 3, chat_id=USER)
            fake.private_text(USER, "hello")
            replies = await wait_sent(fake, 4, chat_id=USER)
            # each reply in the language of its question
            assert "ไม่พบคำตอบ" in replies[0].text and "found no answer" not in replies[0].text
            assert "สวัสดี" in replies[1].text and "Hello" not in replies[1].text
            assert "found no answer" in replies[2].text and "Thai" in replies[2].text
            assert "ไม่พบ" not in replies[2].text
            assert "Hello" in replies[3].text and "สวัสดี" not in replies[3].text

    asyncio.run(scenario())


def test_asking_for_the_newest_news_gets_the_newest_articles(
    fake: FakeTelegram, settings: Settings
) -> None:
    async def scenario() -> None:
        async with running(settings):
            fake.private_text(USER, "มีข่าวอะไรใหม่บ้างครับ")
            await wait_sent(fake, 1, chat_id=USER)
            fake.private_text(USER, "ข่าวล่าสุดเรื่องน้ำท่วมมีกี่ครัวเรือน")  # a question
            await wait_sent(fake, 2, chat_id=USER)
            fake.group_text(GROUP_A, USER, "/ask latest news?")
            newest, flood = (s.text for s in fake.sent(chat_id=USER))
            (group,) = await wait_sent(fake, 1, chat_id=GROUP_A)
            for reply in (newest, group.text):  # newest first, with links, not "not found"
                assert reply.index("น้ำท่วมภาคเหนือ") < reply.index("ทุเรียนหมอนทอง")
                assert "https://example.org/" in reply and "ไม่พบ" not in reply
            assert "ทุเรียนหมอนทอง" not in flood and "ไม่พบ" not in flood

    asyncio.run(scenario())


def test_asking_for_the_news_on_a_topic_gets_the_articles_on_it(
    fake: FakeTelegram, settings: Settings
) -> None:
    """ "ขอข่าวเรื่องน้ำท่วมหน่อย" is answered with the flood article's lede and link, not
    "not found", and without a "more answers" button: every article on it is listed."""

    async def scenario() -> None:
        async with running(settings):
            fake.private_text(USER, "ขอข่าวเรื่องน้ำท่วมหน่อยครับ")
            (reply,) = await wait_sent(fake, 1, chat_id=USER)
            assert "https://example.org/flood" in reply.text and "ไม่พบ" not in reply.text
            assert "เชียงราย" in reply.text  # its lede
            assert "ทุเรียน" not in reply.text
            assert "reply_markup" not in reply.params

    asyncio.run(scenario())


def test_groups_answer_only_ask_mentions_and_replies(
    fake: FakeTelegram, settings: Settings
) -> None:
    async def scenario() -> None:
        async with running(settings):
            fake.group_text(GROUP_A, USER, "ประชุมวันที่ 5 มีนาคม 2019")  # chatter
            fake.group_text(GROUP_A, USER, "ใครไปกินข้าวบ้าง")
            await settle(fake)
            assert fake.sent(chat_id=GROUP_A) == []
            fake.group_text(GROUP_A, USER, "/ask ประชุมวันที่ 5 มีนาคม 2019")
            await wait_sent(fake, 1, chat_id=GROUP_A)
            fake.group_text(GROUP_A, USER, f"@{BOT_USERNAME} รถไฟความเร็วสูงมีระยะทางกี่กิโลเมตร")
            replies = await wait_sent(fake, 2, chat_id=GROUP_A)
            bot_message = {
                "message_id": 77,
                "date": 0,
                "chat": {"id": GROUP_A, "type": "group"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "News"},
                "text": "x",
            }
            fake.group_text(GROUP_A, USER, "น้ำท่วมเชียงรายกระทบกี่ครัวเรือน", reply_to=bot_message)
            replies = await wait_sent(fake, 3, chat_id=GROUP_A)
            assert SEED_URL in replies[0].text
            assert "https://example.org/rail" in replies[1].text
            assert "https://example.org/flood" in replies[2].text
            await settle(fake, 0.5)
            assert len(fake.sent(chat_id=GROUP_A)) == 3

    asyncio.run(scenario())


def test_a_group_question_mentioning_the_bot_in_another_case_is_answered(
    fake: FakeTelegram, settings: Settings
) -> None:
    # Telegram usernames are case-insensitive, and so is a mention typed by hand
    async def scenario() -> None:
        async with running(settings):
            typed = f"👋 @{BOT_USERNAME.title()} who chaired the 11th ASCCO?"
            fake.group_text(GROUP_A, USER, typed)
            (reply,) = await wait_sent(fake, 1, chat_id=GROUP_A)
            assert SEED_URL in reply.text and "Hoang Anh Tuan" in reply.text

    asyncio.run(scenario())


# Another meeting: "ประชุมกันวันไหน" alone is answered from it.
AGRICULTURE = {
    "id": "agri",
    "title": "รัฐมนตรีเกษตรอาเซียนประชุมที่เชียงใหม่",
    "url": "https://example.org/agri",
    "published": "2024-10-10",
    "text": "รัฐมนตรีเกษตรอาเซียนประชุมกันที่จังหวัดเชียงใหม่เมื่อวันที่ 10 ตุลาคม 2567 "
    "เพื่อหารือเรื่องความมั่นคงทางอาหารของภูมิภาค",
}


def test_a_question_about_a_pasted_or_shared_link_is_answered_from_that_article(
    fake: FakeTelegram, settings: Settings
) -> None:
    write_jsonl(settings.knowledge_dir / "agri.jsonl", [AGRICULTURE])
    # the seed's link as people paste it: http, www., no trailing slash, a tracking tag
    pasted = SEED_URL.replace("https://", "http://www.").rstrip("/") + "?utm_source=line"
    shared_text = f"ข่าวนี้น่าสนใจ {pasted}"
    shared = {
        "message_id": 78,
        "date": 0,
        "chat": {"id": GROUP_A, "type": "group"},
        "from": {"id": USER + 1, "is_bot": False, "first_name": "A"},
        "text": shared_text,
        "entities": marked_entities(shared_text),
    }

    async def scenario() -> None:
        async with running(settings):
            fake.private_text(USER, "ประชุมกันวันไหน")  # alone: the other meeting
            (alone,) = await wait_sent(fake, 1, chat_id=USER)
            assert "10 ตุลาคม" in alone.text
            fake.private_text(USER, f"{pasted} ประชุมกันวันไหน")
            linked = (await wait_sent(fake, 2, chat_id=USER))[1]
            assert "๕ มีนาคม" in linked.text and SEED_URL in linked.text
            fake.group_text(GROUP_A, USER, f"@{BOT_USERNAME} ประชุมกันวันไหน", reply_to=shared)
            (reply,) = await wait_sent(fake, 1, chat_id=GROUP_A)
            assert "๕ มีนาคม" in reply.text and SEED_URL in reply.text

    asyncio.run(scenario())


def test_non_admin_reload_is_refused_and_changes_nothing(
    fake: FakeTelegram, settings: Settings
) -> None:
    async def scenario() -> None:
        async with running(settings) as app:
            before = app.bot_data["services"].knowledge.index
            new_article(settings.knowledge_dir, "later.md", "ข่าวมาใหม่เรื่องดาวเทียม", "2024-10-01")
            fake.private_text(USER, "/reload")
            (reply,) = await wait_sent(fake, 1, chat_id=USER)
            assert "only the bot's admins" in reply.text
            assert app.bot_data["services"].knowledge.index is before
            fake.private_text(USER, "/status")
            replies = await wait_sent(fake, 2, chat_id=USER)
            assert "only the bot's admins" in replies[1].text

    asyncio.run(scenario())


def test_the_answering_process_answers_and_follows_a_reload(
    fake: FakeTelegram, settings: Settings
) -> None:
    async def scenario() -> None:
        async with running(replace(settings, answer_process="on")) as app:
            knowledge = app.bot_data["services"].knowledge
            await until(lambda: knowledge.helper_state == "ready", timeout=60)
            fake.private_text(USER, "ประชุมวันที่ 5 มีนาคม 2019")
            (reply,) = await wait_sent(fake, 1, chat_id=USER)
            assert f'<a href="{SEED_URL}">' in reply.text
            assert knowledge.helper.answered == 1  # the process answered it

            new_article(settings.knowledge_dir, "later.md", "ข่าวมาใหม่เรื่องดาวเทียม", "2024-10-01")
            fake.private_text(ADMIN, "/reload")
            await wait_sent(fake, 1, chat_id=ADMIN)
            # at once, whoever answers: the new article is known
            fake.private_text(USER, "ข่าวมาใหม่เรื่องดาวเทียม")
            replies = await wait_sent(fake, 2, chat_id=USER)
            assert "https://example.org/later.md" in replies[1].text
            # and once the process has loaded the new index, it answers again
            await until(lambda: knowledge.helper_state == "ready", timeout=60)
            answered = knowledge.helper.answered
            fake.private_text(USER, "ดาวเทียมข่าวมาใหม่")
            replies = await wait_sent(fake, 3, chat_id=USER)
            assert "https://example.org/later.md" in replies[2].text
            assert knowledge.helper.answered == answered + 1
            fake.private_text(ADMIN, "/status")
            status = (await wait_sent(fake, 2, chat_id=ADMIN))[1]
            assert "answering process: ready" in status.text

    asyncio.run(scenario())


def test_a_lost_answering_process_costs_no_question(fake: FakeTelegram, settings: Settings) -> None:
    async def scenario() -> None:
        async with running(replace(settings, answer_process="on")) as app:
            knowledge = app.bot_data["services"].knowledge
            await until(lambda: knowledge.helper_state == "ready", timeout=60)
            knowledge.helper._process.kill()
            for i in range(5):
                fake.private_text(USER + i, "ประชุมวันที่ 5 มีนาคม 2019")
            for i in range(5):
                (reply,) = await wait_sent(fake, 1, chat_id=USER + i)
                assert f'<a href="{SEED_URL}">' in reply.text
            fake.private_text(ADMIN, "/status")
            (status,) = await wait_sent(fake, 1, chat_id=ADMIN)
            assert "answering process: stopped" in status.text

    asyncio.run(scenario())


async def subscribe_groups(fake: FakeTelegram, groups: list[int]) -> None:
    for group in groups:
        fake.chat_members[(group, ADMIN)] = "administrator"
        fake.group_text(group, ADMIN, "/subscribe")
    await until(lambda: all(fake.sent(chat_id=g) for g in groups))


def notifications(fake: FakeTelegram, chat_id: int) -> list[str]:
    return [s.text for s in fake.sent(chat_id=chat_id) if s.text.startswith("🆕")]


def each_notified(fake: FakeTelegram, count: int, *chats: int) -> bool:
    """Every one of these chats has had exactly `count` notifications."""
    return all(len(notifications(fake, chat)) == count for chat in chats)


def test_reload_notifies_every_subscribed_group_once_also_across_restarts(
    fake: FakeTelegram, settings: Settings
) -> None:
    async def scenario() -> None:
        async with running(settings):
            await subscribe_groups(fake, [GROUP_A, GROUP_B])
            fake.group_text(GROUP_C, USER, "/subscribe")  # not an admin there: refused
            (refusal,) = await wait_sent(fake, 1, chat_id=GROUP_C)
            assert "admins" in refusal.text
            new_article(settings.knowledge_dir, "b.md", "ข่าวที่สอง", "2024-10-02")
            new_article(settings.knowledge_dir, "a.md", "ข่าวที่หนึ่ง", "2024-10-01")
            fake.private_text(ADMIN, "/reload")
            (report,) = await wait_sent(fake, 1, chat_id=ADMIN)
            assert "added: 2" in report.text
            await until(lambda: each_notified(fake, 2, GROUP_A, GROUP_B))
            first = notifications(fake, GROUP_A)
            assert "ข่าวที่หนึ่ง" in first[0] and "ข่าวที่สอง" in first[1]  # oldest first
            assert "&lt;b&gt;&amp;&lt;/b&gt;" in first[0]  # article text cannot inject HTML
            assert "https://example.org/a.md" in first[0]
            fake.private_text(ADMIN, "/reload")  # nothing new: nothing announced
            await wait_sent(fake, 2, chat_id=ADMIN)
            await settle(fake, 1.0)
        assert notifications(fake, GROUP_C) == []
        # changed while stopped: one article edited, one added
        new_article(settings.knowledge_dir, "a.md", "ข่าวที่หนึ่ง (แก้ไข)", "2024-10-01")
        new_article(settings.knowledge_dir, "c.md", "ข่าวที่สาม", "2024-10-03")
        async with running(settings):
            await until(lambda: each_notified(fake, 3, GROUP_A, GROUP_B))
            await settle(fake, 2.5)
        for group in (GROUP_A, GROUP_B):
            texts = notifications(fake, group)
            assert len(texts) == 3 and "ข่าวที่สาม" in texts[2]

    asyncio.run(scenario())


def test_first_start_is_the_baseline(fake: FakeTelegram, settings: Settings) -> None:
    settings = replace(settings, notify_chat_ids=(GROUP_C,))

    async def scenario() -> None:
        async with running(settings):
            await settle(fake, 2.5)
        assert notifications(fake, GROUP_C) == []

    asyncio.run(scenario())


def test_429_delays_but_loses_nothing_and_403_unsubscribes_only_that_group(
    fake: FakeTelegram, settings: Settings
) -> None:
    async def scenario() -> None:
        async with running(settings) as app:
            await subscribe_groups(fake, [GROUP_A, GROUP_B, GROUP_C])
            fake.fail(
                "sendMessage",
                429,
                "Too Many Requests: retry after 1",
                {"retry_after": 1},
                chat_id=GROUP_A,
                times=4,
            )
            fake.fail(
                "sendMessage",
                403,
                "Forbidden: bot was kicked from the group chat",
                chat_id=GROUP_B,
                times=1,
            )
            new_article(settings.knowledge_dir, "n.md", "ข่าวด่วน", "2024-11-01")
            fake.private_text(ADMIN, "/reload")
            await until(lambda: each_notified(fake, 1, GROUP_A, GROUP_C))
            refused = fake.sent(chat_id=GROUP_A, failed=True)
            assert len(refused) == 4  # every 429 was retried ...
            delivered = [s for s in fake.sent(chat_id=GROUP_A) if s.text.startswith("🆕")]
            assert delivered[0].at - refused[0].at >= 1.0  # ... after waiting as told
            await settle(fake, 2.0)
            storage = app.bot_data["services"].storage
            assert sorted(storage.subscribers()) == sorted([GROUP_A, GROUP_C])
            assert storage.pending_count() == 0
            fake.private_text(ADMIN, "/status")  # what was given up, and why
            status = (await wait_sent(fake, 2, chat_id=ADMIN))[-1]
            assert "notifications given up: 1" in status.text
            assert f"last given up: chat {GROUP_B}, article https://example.org/n.md" in status.text
            assert "kicked" in status.text
        assert len(notifications(fake, GROUP_A)) == 1
        assert notifications(fake, GROUP_B) == []

    asyncio.run(scenario())


def test_migrated_group_keeps_its_subscription(fake: FakeTelegram, settings: Settings) -> None:
    new_id = -1009999

    async def scenario() -> None:
        async with running(settings) as app:
            await subscribe_groups(fake, [GROUP_A])
            fake.fail(
                "sendMessage",
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": new_id},
                chat_id=GROUP_A,
            )
            new_article(settings.knowledge_dir, "m.md", "ข่าวย้ายกลุ่ม", "2024-11-02")
            fake.private_text(ADMIN, "/reload")
            await until(lambda: len(notifications(fake, new_id)) == 1)
            assert app.bot_data["services"].storage.subscribers() == [new_id]

    asyncio.run(scenario())


def test_admin_uploads_an_article_file(fake: FakeTelegram, settings: Settings) -> None:
    async def scenario() -> None:
        async with running(settings):
            await subscribe_groups(fake, [GROUP_A])
            good = (
                "---\ntitle: ข่าวอัปโหลด\nurl: https://example.org/up\npublished: 2024-12-01\n---\n"
                "สำนักข่าวเผยแพร่รายงานเรื่องพลังงานแสงอาทิตย์\n"
            ).encode()
            fake.private_document(ADMIN, "upload.md", good)
            (reply,) = await wait_sent(fake, 1, chat_id=ADMIN)
            assert "saved as upload.md" in reply.text and "added: 1" in reply.text
            assert (settings.knowledge_dir / "upload.md").read_bytes() == good
            await until(lambda: len(notifications(fake, GROUP_A)) == 1)
            fake.private_text(USER, "พลังงานแสงอาทิตย์")
            (answer,) = await wait_sent(fake, 1, chat_id=USER)
            assert "https://example.org/up" in answer.text
            # refused: bad content, path tricks, wrong type; nothing written
            before = sorted(p.name for p in settings.knowledge_dir.iterdir())
            fake.private_document(ADMIN, "bad.md", b"no front matter")
            fake.private_document(ADMIN, "../escape.md", good)
            fake.private_document(ADMIN, "run.sh", b"echo hi")
            fake.private_document(ADMIN, "huge.md", good + b"x" * (6 * 1024 * 1024))
            replies = " | ".join(r.text for r in (await wait_sent(fake, 5, chat_id=ADMIN))[1:])
            assert "front matter" in replies  # replies may come in any order (concurrent updates)
            assert "invalid file name" in replies
            assert "unsupported file type" in replies
            assert "file too large" in replies
            assert sorted(p.name for p in settings.knowledge_dir.iterdir()) == before
            assert not (settings.knowledge_dir.parent / "escape.md").exists()
            fake.private_document(USER, "user.md", good)  # not an admin
            (refusal,) = (await wait_sent(fake, 2, chat_id=USER))[1:]
            assert "only the bot's admins" in refusal.text

    asyncio.run(scenario())


def test_help_latest_and_status(fake: FakeTelegram, settings: Settings) -> None:
    async def scenario() -> None:
        async with running(settings):
            fake.private_text(USER, "/start")
            await wait_sent(fake, 1, chat_id=USER)
            fake.private_text(USER, "/latest")
            await wait_sent(fake, 2, chat_id=USER)
            fake.private_text(ADMIN, "/status")
            help_text, latest = (s.text for s in fake.sent(chat_id=USER))
            (status,) = await wait_sent(fake, 1, chat_id=ADMIN)
            assert "4 บทความ" in help_text and "4 news articles" in help_text
            assert "2024-09-02" in help_text  # newest article date
            assert latest.index("น้ำท่วมภาคเหนือ") < latest.index("ทุเรียนหมอนทอง")  # newest first
            assert "articles: 4" in status.text and "pending notifications: 0" in status.text

    asyncio.run(scenario())


def test_periodic_scan_announces_new_files(fake: FakeTelegram, settings: Settings) -> None:
    settings = replace(settings, scan_interval=0.5)

    async def scenario() -> None:
        async with running(settings):
            await subscribe_groups(fake, [GROUP_A])
            new_article(settings.knowledge_dir, "scan.md", "ข่าวจากการสแกน", "2024-11-05")
            await until(lambda: len(notifications(fake, GROUP_A)) == 1)
            fake.private_text(USER, "ข่าวจากการสแกน")
            (reply,) = await wait_sent(fake, 1, chat_id=USER)
            assert "https://example.org/scan.md" in reply.text

    asyncio.run(scenario())


def test_5xx_is_retried_and_chat_not_found_unsubscribes(
    fake: FakeTelegram, settings: Settings
) -> None:
    async def scenario() -> None:
        async with running(settings) as app:
            await subscribe_groups(fake, [GROUP_A, GROUP_B])
            fake.fail("sendMessage", 502, "Bad Gateway", chat_id=GROUP_A, times=2)
            fake.fail("sendMessage", 400, "Bad Request: chat not found", chat_id=GROUP_B)
            new_article(settings.knowledge_dir, "x.md", "ข่าวทดสอบเครือข่าย", "2024-11-06")
            fake.private_text(ADMIN, "/reload")
            await until(lambda: len(notifications(fake, GROUP_A)) == 1)
            assert len(fake.sent(chat_id=GROUP_A, failed=True)) == 2
            assert app.bot_data["services"].storage.subscribers() == [GROUP_A]
        assert notifications(fake, GROUP_B) == []

    asyncio.run(scenario())


def test_a_flooding_user_is_limited_and_others_still_answered(
    fake: FakeTelegram, settings: Settings
) -> None:
    async def scenario() -> None:
        async with running(settings):
            for _ in range(100):  # a flood of 100 messages
                fake.private_text(USER, "ประชุมวันที่ 5 มีนาคม 2019")
            fake.private_text(ADMIN, "รถไฟความเร็วสูงมีระยะทางกี่กิโลเมตร")
            (other,) = await wait_sent(fake, 1, chat_id=ADMIN)
            assert "https://example.org/rail" in other.text
            await settle(fake, 1.5)
            texts = [s.text for s in fake.sent(chat_id=USER)]
            notices = [t for t in texts if "too fast" in t]
            assert len(notices) == 1
            assert len(texts) == 8 + 1  # the limit, and one polite notice

    asyncio.run(scenario())


def test_refused_html_is_resent_as_plain_text(fake: FakeTelegram, settings: Settings) -> None:
    async def scenario() -> None:
        async with running(settings):
            fake.fail(
                "sendMessage", 400, "Bad Request: can't parse entities: unclosed tag", chat_id=USER
            )
            fake.private_text(USER, "ประชุมวันที่ 5 มีนาคม 2019")
            (reply,) = await wait_sent(fake, 1, chat_id=USER)
            assert "parse_mode" not in reply.params
            assert "<a href" not in reply.text and SEED_URL in reply.text
            await subscribe_groups(fake, [GROUP_A])
            fake.fail("sendMessage", 400, "Bad Request: message is too long", chat_id=GROUP_A)
            new_article(settings.knowledge_dir, "p.md", "ข่าวข้อความธรรมดา", "2024-11-07")
            fake.private_text(ADMIN, "/reload")
            await until(
                lambda: any("ข่าวข้อความธรรมดา" in s.text for s in fake.sent(chat_id=GROUP_A))
            )

    asyncio.run(scenario())


def test_dropped_connection_during_fan_out_is_retried(
    fake: FakeTelegram, settings: Settings
) -> None:
    async def scenario() -> None:
        async with running(settings):
            await subscribe_groups(fake, [GROUP_A, GROUP_B])
            fake.fail("sendMessage", 0, "drop the connection", chat_id=GROUP_A)
            new_article(settings.knowledge_dir, "d.md", "ข่าวเครือข่ายหลุด", "2024-11-08")
            fake.private_text(ADMIN, "/reload")
            await until(lambda: each_notified(fake, 1, GROUP_A, GROUP_B))
            await settle(fake, 1.5)
        assert each_notified(fake, 1, GROUP_A, GROUP_B)

    asyncio.run(scenario())


def test_timeouts_are_retried_without_repeating_anything(
    fake: FakeTelegram, settings: Settings
) -> None:
    """Telegram does not answer in time (the request is never processed): the reply and
    the notification are sent again, once, and the timeout is recorded."""
    held: list[int] = []

    def first_to_each_chat(method: str, params: dict[str, object]) -> bool:
        chat = int(str(params.get("chat_id", 0)))
        text = str(params.get("text", ""))
        wanted = (chat == USER) or (chat == GROUP_A and text.startswith("🆕"))
        if method == "sendMessage" and wanted and chat not in held:
            held.append(chat)
            return True
        return False

    async def scenario() -> None:
        async with running(replace(settings, telegram_timeout=1.0)) as app:
            await subscribe_groups(fake, [GROUP_A, GROUP_B])
            fake.hold(first_to_each_chat, seconds=3.0)
            fake.private_text(USER, "ประชุมวันที่ 5 มีนาคม 2019")
            new_article(settings.knowledge_dir, "t.md", "ข่าวการหมดเวลา", "2024-11-09")
            fake.private_text(ADMIN, "/reload")
            await until(
                lambda: (
                    each_notified(fake, 1, GROUP_A, GROUP_B) and len(fake.sent(chat_id=USER)) == 1
                )
            )
            await settle(fake, 3.0)
            problems = app.bot_data["services"].storage.delivery_problems()
        assert held == [USER, GROUP_A] or held == [GROUP_A, USER]
        assert SEED_URL in fake.sent(chat_id=USER)[0].text
        assert len(fake.sent(chat_id=USER)) == 1
        assert each_notified(fake, 1, GROUP_A, GROUP_B)
        (problem,) = problems
        assert (problem.chat_id, problem.status, problem.attempts) == (GROUP_A, "sent", 1)
        assert "timed out" in problem.error.lower()

    asyncio.run(scenario())


def test_edits_are_ignored_and_admin_commands_stay_in_private_chats(
    fake: FakeTelegram, settings: Settings
) -> None:
    """An edited question is not answered twice and an edited upload not saved twice; an
    admin's /status in a group (it names other chats) points to a private chat; an
    upload with a 300-character name is saved under a shortened one."""

    async def scenario() -> None:
        async with running(settings):
            fake.private_text(USER, "ทุเรียนหมอนทองส่งออกไปประเทศจีน")
            (answer,) = await wait_sent(fake, 1, chat_id=USER)
            assert "durian" in answer.text
            user = {"id": USER, "is_bot": False, "first_name": "User"}
            chat = {"id": USER, "type": "private", "first_name": "User"}
            edited = fake._message(chat, user, "ทุเรียน") | {"edit_date": 1}
            fake.queue({"edited_message": edited})
            good = (
                "---\ntitle: ข่าวอัปโหลด\nurl: https://example.org/up\n---\nเนื้อหาข่าวอัปโหลด\n"
            ).encode()
            long_name = "ข่าว" * 75 + ".md"  # 300 characters, 900 bytes
            fake.private_document(ADMIN, long_name, good)
            (saved,) = await wait_sent(fake, 1, chat_id=ADMIN)
            assert "saved as" in saved.text and "added: 1" in saved.text
            admin = {"id": ADMIN, "is_bot": False, "first_name": "Admin"}
            upload = fake._message({"id": ADMIN, "type": "private"}, admin, None) | {
                "edit_date": 1,
                "document": {
                    "file_id": "file1",
                    "file_unique_id": "file1",
                    "file_name": long_name,
                    "file_size": len(good),
                },
            }
            fake.queue({"edited_message": upload})
            fake.group_text(GROUP_A, ADMIN, "/status")
            (pointed,) = await wait_sent(fake, 1, chat_id=GROUP_A)
            assert "private chat" in pointed.text and "articles:" not in pointed.text
            await settle(fake)
            assert len(fake.sent(chat_id=USER)) == 1  # the edit got no second answer
            assert len(fake.sent(chat_id=ADMIN)) == 1  # the edited upload was not saved again
            names = [p.name for p in settings.knowledge_dir.iterdir() if p.suffix == ".md"]
            assert len([n for n in names if n.startswith("ข่าว")]) == 1
            assert all(len(n.encode()) <= 255 for n in names)

    asyncio.run(scenario())


def test_pathological_messages_do_not_hold_up_other_users(
    fake: FakeTelegram, settings: Settings
) -> None:
    """Messages built to make a regex backtrack or the ranking work hard: each gets a
    reply, and another user's question asked meanwhile is answered within 10 s."""
    nasty = [
        "ok " * 40 + "zz",
        "ขอบคุณ " * 40 + "อะไร",
        "ทุเรียน" * 580,  # one 4,060-character word
        " ".join(f"คำ{i} ทุเรียน" for i in range(300))[:4096],
        "(" * 2000 + "ใคร" + ")" * 2000,
    ]

    async def scenario() -> None:
        async with running(settings):
            for i, text in enumerate(nasty):
                fake.private_text(200 + i, text)
            started = time.monotonic()
            fake.private_text(USER, "ทุเรียนหมอนทองส่งออกไปประเทศจีน")
            (answer,) = await wait_sent(fake, 1, chat_id=USER)
            assert time.monotonic() - started < 10
            assert "https://example.org/durian" in answer.text
            await until(lambda: all(fake.sent(chat_id=200 + i) for i in range(len(nasty))))

    asyncio.run(scenario())


def test_feed_items_are_answered_and_a_new_one_is_announced_once(
    fake: FakeTelegram, settings: Settings
) -> None:
    """Feeds on loopback beside the fake Bot API: the items of the first poll are
    answered with their links and not announced; a later item, a teaser, is announced
    once to a subscribed group and answered from its linked page; polls are
    conditional; /status names a broken feed; after a restart nothing is announced
    again and the items are still answered."""
    from tests.feed_server import FeedServer, Route, rss

    text = "เขื่อนแห่งใหม่บนแม่น้ำโขงสร้างเสร็จแล้ว ผลิตไฟฟ้าได้ 1,200 เมกะวัตต์ ส่งขายให้ประเทศไทย " * 6
    later = "นักวิทยาศาสตร์ค้นพบกล้วยไม้สายพันธุ์ใหม่ในอุทยานแห่งชาติดอยอินทนนท์ จังหวัดเชียงใหม่ "
    page = (
        "<html><body><nav>หน้าแรก ข่าว กีฬา</nav><article>"
        + "".join(f"<p>{later}ย่อหน้าที่ {i} รายงานรายละเอียดการสำรวจของคณะนักวิจัย</p>" for i in range(6))
        + "</article></body></html>"
    ).encode()
    server = FeedServer().start()
    server.routes["/feed"] = Route(rss(("f1", "เขื่อนแม่น้ำโขง", "https://e.org/f1", text)), etag='"1"')
    server.routes["/broken"] = Route(b"<rss><channel><item><title>cut")
    server.routes["/orchid"] = Route(page, content_type="text/html; charset=utf-8")
    orchid = server.url("/orchid")
    settings = replace(
        settings, feeds=(server.url("/feed"), server.url("/broken")), feed_interval=0.5
    )

    async def scenario() -> None:
        async with running(settings) as app:
            await subscribe_groups(fake, [GROUP_A])
            svc = app.bot_data["services"]

            def holds(article_id: str) -> bool:
                return any(a.id == article_id for a in svc.knowledge.index.articles)

            await until(lambda: holds("f1"))
            fake.private_text(USER, "เขื่อนบนแม่น้ำโขงผลิตไฟฟ้าได้กี่เมกะวัตต์")
            (answer,) = await wait_sent(fake, 1, chat_id=USER)
            assert "https://e.org/f1" in answer.text
            server.routes["/feed"] = Route(
                rss(
                    ("f1", "เขื่อนแม่น้ำโขง", "https://e.org/f1", text),
                    ("f2", "กล้วยไม้พันธุ์ใหม่", orchid, "อ่านต่อ..."),  # a teaser
                ),
                etag='"2"',
            )
            await until(lambda: len(notifications(fake, GROUP_A)) == 1)
            assert orchid in notifications(fake, GROUP_A)[0]
            fake.private_text(USER, "กล้วยไม้สายพันธุ์ใหม่ถูกค้นพบที่อุทยานใด")
            (_, second) = await wait_sent(fake, 2, chat_id=USER)
            assert orchid in second.text and "อินทนนท์" in second.text
            await until(lambda: len(server.asked("/feed")) >= 4)  # polled on, unchanged
            fake.private_text(ADMIN, "/status")
            await until(lambda: any("articles:" in m.text for m in fake.sent(chat_id=ADMIN)))
            status = next(m.text for m in fake.sent(chat_id=ADMIN) if "articles:" in m.text)
            assert "/broken" in status and "not a valid feed" in status
            await settle(fake)
            assert len(notifications(fake, GROUP_A)) == 1  # f1 (the baseline) never
        assert any(h.get("if-none-match") == '"2"' for h in server.asked("/feed"))
        polls = len(server.asked("/feed"))
        async with running(settings):  # a restart
            await until(lambda: len(server.asked("/feed")) > polls)
            fake.private_text(USER, "เขื่อนบนแม่น้ำโขงผลิตไฟฟ้าได้กี่เมกะวัตต์")
            (*_, again) = await wait_sent(fake, 3, chat_id=USER)
            assert "https://e.org/f1" in again.text
            await settle(fake)
            assert len(notifications(fake, GROUP_A)) == 1  # nothing announced again

    try:
        asyncio.run(scenario())
    finally:
        server.stop()


def test_admins_add_list_and_remove_feeds_and_they_survive_a_restart(
    fake: FakeTelegram, settings: Settings
) -> None:
    """/addfeed validates by fetching (a page that is not a feed is refused); an added
    feed's items are answered; /feeds lists it, also after a restart; /removefeed stops
    it; users cannot add feeds."""
    from tests.feed_server import FeedServer, Route, rss

    text = "ทีมนักวิจัยไทยพัฒนาวัคซีนไข้เลือดออกชนิดใหม่ ทดลองในอาสาสมัคร 500 คนที่จังหวัดขอนแก่น " * 6
    server = FeedServer().start()
    server.routes["/rss"] = Route(rss(("v1", "วัคซีนไข้เลือดออก", "https://e.org/v1", text)))
    server.routes["/page"] = Route(
        b"<html><body>not a feed</body></html>", content_type="text/html"
    )
    settings = replace(settings, feed_interval=600)
    feed = server.url("/rss")

    async def scenario() -> None:
        async with running(settings):
            fake.private_text(ADMIN, f"/addfeed {server.url('/page')}")
            (refused,) = await wait_sent(fake, 1, chat_id=ADMIN)
            assert "not added" in refused.text
            fake.private_text(ADMIN, f"/addfeed {feed}")
            (_, added) = await wait_sent(fake, 2, chat_id=ADMIN)
            assert "following" in added.text and "1 entries" in added.text
            fake.private_text(USER, "วัคซีนไข้เลือดออกชนิดใหม่ทดลองในอาสาสมัครกี่คน")
            (answer,) = await wait_sent(fake, 1, chat_id=USER)
            assert "https://e.org/v1" in answer.text
            fake.private_text(USER, f"/addfeed {feed}")
            (_, refusal) = await wait_sent(fake, 2, chat_id=USER)
            assert "only the bot's admins" in refusal.text
        async with running(settings):  # a restart: the feed is kept in the bot's state
            fake.private_text(ADMIN, "/feeds")
            (*_, listed) = await wait_sent(fake, 3, chat_id=ADMIN)
            assert "feeds: 1" in listed.text and feed in listed.text
            fake.private_text(ADMIN, f"/removefeed {feed}")
            (*_, removed) = await wait_sent(fake, 4, chat_id=ADMIN)
            assert "stopped following" in removed.text
            fake.private_text(ADMIN, "/feeds")
            (*_, empty) = await wait_sent(fake, 5, chat_id=ADMIN)
            assert "feeds: none" in empty.text

    try:
        asyncio.run(scenario())
    finally:
        server.stop()


def test_a_feed_failing_for_a_while_is_reported_to_the_admins_once(
    fake: FakeTelegram, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.telegram_app.handlers as handlers
    from tests.feed_server import FeedServer, Route

    monkeypatch.setattr(handlers, "FAILURES_REPORTED", 3)
    server = FeedServer().start()
    server.routes["/broken"] = Route(b"<rss><channel><item><title>cut")
    settings = replace(settings, feeds=(server.url("/broken"),), feed_interval=0.05)

    async def scenario() -> None:
        async with running(settings):
            (report,) = await wait_sent(fake, 1, chat_id=ADMIN)
            assert "feed failing 3 times" in report.text and "/broken" in report.text
            await until(lambda: len(server.asked("/broken")) >= 5)  # polled on, less often
            await settle(fake)
            assert len(fake.sent(chat_id=ADMIN)) == 1

    try:
        asyncio.run(scenario())
    finally:
        server.stop()
