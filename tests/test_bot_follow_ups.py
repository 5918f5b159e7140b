"""Follow-ups in Telegram: "ใครเป็นประธาน" right after an answer about the health
ministers' meeting is about that meeting, for the one who asked; anyone else in the group,
or the same person in another chat, is answered as if they had asked alone."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from bot.serving.storage import Storage, StorageUnavailable
from bot.settings import Settings
from tests.conftest import SEED_URL
from tests.fake_telegram import BOT_ID, FakeTelegram
from tests.test_bot_e2e import GROUP_A, USER, running, settings, wait_sent

__all__ = ["settings"]  # the fixture, shared with the other end-to-end tests

HEALTH = Path(__file__).parent / "data" / "news" / "asean-health-ministers.txt"
HEALTH_URL = "https://asean.org/16th-asean-health-ministers-meeting-bali/"
OTHER_USER = USER + 1


def test_a_follow_up_is_answered_from_the_askers_last_article(
    fake: FakeTelegram, settings: Settings
) -> None:
    shutil.copy(HEALTH, settings.knowledge_dir / HEALTH.name)

    async def scenario() -> None:
        async with running(settings):
            fake.group_text(GROUP_A, USER, "/ask ใครเป็นประธานการประชุมรัฐมนตรีสาธารณสุขอาเซียน")
            (first,) = await wait_sent(fake, 1, chat_id=GROUP_A)
            assert HEALTH_URL in first.text and "Budi Gunadi Sadikin" in first.text
            # asked alone, "who chaired?" is the seed article's meeting
            fake.group_text(GROUP_A, OTHER_USER, "/ask ใครเป็นประธาน")
            _, other = await wait_sent(fake, 2, chat_id=GROUP_A)
            assert SEED_URL in other.text and "Hoang Anh Tuan" in other.text
            fake.group_text(GROUP_A, USER, "/ask ใครเป็นประธาน")
            *_, follow_up = await wait_sent(fake, 3, chat_id=GROUP_A)
            assert HEALTH_URL in follow_up.text and "Budi Gunadi Sadikin" in follow_up.text
            fake.private_text(USER, "ใครเป็นประธาน")  # another chat: no earlier answer there
            (private,) = await wait_sent(fake, 1, chat_id=USER)
            assert SEED_URL in private.text

    asyncio.run(scenario())


def test_a_question_is_answered_when_the_state_store_is_down(
    fake: FakeTelegram, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The follow-up context lives in the state store (shared by replicas); without it,
    the question is answered alone rather than lost."""

    def down(*args: object, **kwargs: object) -> None:
        raise StorageUnavailable("the database is unreachable")

    monkeypatch.setattr(Storage, "last_answer", down)
    monkeypatch.setattr(Storage, "remember_answer", down)

    async def scenario() -> None:
        async with running(settings):
            fake.private_text(USER, "ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11")
            (reply,) = await wait_sent(fake, 1, chat_id=USER)
            assert SEED_URL in reply.text and "Hoang Anh Tuan" in reply.text

    asyncio.run(scenario())


def test_a_question_on_another_subject_ends_the_follow_up(
    fake: FakeTelegram, settings: Settings
) -> None:
    """After a question on a subject the knowledge does not have, "who chaired?" is not
    read in the article of the answer before it; after "thank you", it still is."""
    shutil.copy(HEALTH, settings.knowledge_dir / HEALTH.name)

    async def scenario() -> None:
        async with running(settings):
            fake.private_text(USER, "ใครเป็นประธานการประชุมรัฐมนตรีสาธารณสุขอาเซียน")
            await wait_sent(fake, 1, chat_id=USER)
            fake.private_text(USER, "ขอบคุณครับ")
            await wait_sent(fake, 2, chat_id=USER)
            fake.private_text(USER, "ใครเป็นประธาน")
            *_, kept = await wait_sent(fake, 3, chat_id=USER)
            assert HEALTH_URL in kept.text
            fake.private_text(USER, "อินโดนีเซียย้ายข้าราชการไปเมืองหลวงใหม่กี่คน")
            await wait_sent(fake, 4, chat_id=USER)
            fake.private_text(USER, "ใครเป็นประธาน")
            *_, alone = await wait_sent(fake, 5, chat_id=USER)
            assert SEED_URL in alone.text and HEALTH_URL not in alone.text

    asyncio.run(scenario())


def _bots_message(chat_id: int, *urls: str) -> dict[str, object]:
    """A message of the bot's that links `urls` (as Telegram gives it back in a reply)."""
    text = "🆕 ข่าวใหม่\n" + "\n".join(urls)
    entities = [
        {"type": "text_link", "offset": text.index(url), "length": len(url), "url": url}
        for url in urls
    ]
    return {
        "message_id": 91,
        "date": 0,
        "chat": {"id": chat_id, "type": "group", "title": "Group"},
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "News"},
        "text": text,
        "entities": entities,
    }


def test_a_reply_to_a_message_that_links_one_article_follows_up_on_it(
    fake: FakeTelegram, settings: Settings
) -> None:
    """Anyone replying to a new-article notification (or an answer) asks about that
    article; a message that links several is no guide."""
    shutil.copy(HEALTH, settings.knowledge_dir / HEALTH.name)

    async def scenario() -> None:
        async with running(settings):
            notification = _bots_message(GROUP_A, HEALTH_URL)
            fake.group_text(GROUP_A, OTHER_USER, "ใครเป็นประธาน", reply_to=notification)
            (reply,) = await wait_sent(fake, 1, chat_id=GROUP_A)
            assert HEALTH_URL in reply.text and "Budi Gunadi Sadikin" in reply.text
            several = _bots_message(GROUP_A, HEALTH_URL, "https://example.org/durian")
            fake.group_text(GROUP_A, OTHER_USER + 1, "ใครเป็นประธาน", reply_to=several)
            _, alone = await wait_sent(fake, 2, chat_id=GROUP_A)
            assert SEED_URL in alone.text

    asyncio.run(scenario())
