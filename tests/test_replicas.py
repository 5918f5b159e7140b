"""Two replicas of one bot, each `python -m bot run` in webhook mode, on one PostgreSQL:
the black-box check of issue #18. The test plays Telegram's side of the webhook (it
posts updates to the replicas' listeners) and the fake Bot API server takes the
replies."""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import SEED, SEED_URL, postgres_schema, postgres_url, write_markdown
from tests.fake_telegram import FakeTelegram
from tests.test_bot_e2e import bot_message
from tests.test_run import bot_env, start_bot

SECRET = "replica-test-secret-0123456789"
ADMIN = 9001
USER_A, USER_B = 501, 502
HEALTH = Path(__file__).parent / "data" / "news" / "asean-health-ministers.txt"
HEALTH_URL = "https://asean.org/16th-asean-health-ministers-meeting-bali/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Replica:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def post(self, update: dict[str, Any], secret: str | None = SECRET) -> int:
        headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
        response = httpx.post(f"{self.url}/telegram", json=update, headers=headers, timeout=30)
        return response.status_code

    def healthy(self) -> bool:
        with contextlib.suppress(httpx.HTTPError):
            return httpx.get(f"{self.url}/healthz", timeout=5).status_code == 200
        return False


def until(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@contextlib.contextmanager
def replicas(
    tmp_path: Path, fake: FakeTelegram, database_url: str, knowledge: Path, count: int = 2
) -> Iterator[list[Replica]]:
    started: list[Replica] = []
    try:
        for i in range(count):
            name = "ab"[i]
            port = free_port()
            env = bot_env(
                tmp_path,
                TELEGRAM_BOT_TOKEN=fake.token,
                TELEGRAM_API_URL=fake.api_url,
                TELEGRAM_TIMEOUT="5",
                ADMIN_USER_IDS=str(ADMIN),
                KNOWLEDGE_DIR=str(knowledge),
                DATA_DIR=str(tmp_path / f"state-{name}"),
                DATABASE_URL=database_url,  # empty: SQLite in DATA_DIR
                WEBHOOK_URL="https://bot.example.org/telegram",
                WEBHOOK_SECRET=SECRET,
                WEBHOOK_LISTEN=f"127.0.0.1:{port}",
                OUTBOX_LEASE="3",
                ANSWER_PROCESS="off",
                FEED_INTERVAL="0",
            )
            log = tmp_path / f"replica-{name}.log"
            started.append(Replica(name, start_bot(tmp_path, env, log), port, log))
        yield started
    finally:
        for replica in started:
            if replica.process.poll() is None:
                replica.process.send_signal(signal.SIGTERM)
        for replica in started:
            with contextlib.suppress(subprocess.TimeoutExpired):
                replica.process.wait(timeout=30)
            if replica.process.poll() is None:
                replica.process.kill()


def take_update(fake: FakeTelegram, queue: Callable[[], int]) -> dict[str, Any]:
    """An update as Telegram would post it (built by the fake, not polled from it)."""
    update_id = queue()
    with fake._cond:
        (update,) = [u for u in fake.updates if u["update_id"] == update_id]
        fake.updates.remove(update)
    return update


def notifications(fake: FakeTelegram, chat_id: int) -> list[str]:
    return [s.text for s in fake.sent(chat_id=chat_id) if s.text.startswith("🆕")]


@pytest.fixture
def database_url() -> Iterator[str]:
    url = postgres_url()
    if url is None:
        pytest.skip("no TEST_DATABASE_URL (run .ci/postgres)")
    with postgres_schema(url) as target:
        yield target


@pytest.mark.timeout(300)
def test_two_webhook_replicas_on_one_postgres_behave_as_one_bot(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    shutil.copy(SEED, knowledge)
    with replicas(tmp_path, fake, database_url, knowledge) as (a, b):
        # both healthy, the webhook registered with its secret
        assert until(lambda: a.healthy() and b.healthy(), 120), (
            a.log.read_text()[-3000:] + b.log.read_text()[-3000:]
        )
        hooks = fake.sent(method="setWebhook")
        assert hooks and all(h.params.get("secret_token") == SECRET for h in hooks)
        assert hooks[0].params.get("url") == "https://bot.example.org/telegram"

        # without the right secret: 403, and never answered
        stranger = take_update(fake, lambda: fake.private_text(666, "ASCCO คืออะไร"))
        assert a.post(stranger, secret=None) == 403
        assert b.post(stranger, secret="wrong-secret-0123456789") == 403

        # each replica answers what it is given
        assert a.post(take_update(fake, lambda: fake.private_text(USER_A, "ASCCO คืออะไร"))) == 200
        assert b.post(take_update(fake, lambda: fake.private_text(USER_B, "ASCCO คืออะไร"))) == 200
        assert fake.wait_for(lambda: fake.sent(chat_id=USER_A) and fake.sent(chat_id=USER_B), 30)

        # an update delivered to both (Telegram re-delivering) is answered once
        twice = take_update(fake, lambda: fake.private_text(USER_A, "ใครเป็นประธานการประชุม"))
        assert a.post(twice) == 200 and b.post(twice) == 200
        marker = take_update(fake, lambda: fake.private_text(USER_A, "/help"))
        assert b.post(marker) == 200
        assert fake.wait_for(lambda: len(fake.sent(chat_id=USER_A)) >= 3, 30)
        assert len(fake.sent(chat_id=USER_A)) == 3  # first question, the repeated one, /help

        # groups subscribe through either replica
        groups = [-1000 - i for i in range(40)]
        for i, group in enumerate(groups):
            fake.chat_members[(group, ADMIN)] = "administrator"
            replica = (a, b)[i % 2]
            assert (
                replica.post(
                    take_update(fake, lambda g=group: fake.group_text(g, ADMIN, "/subscribe"))
                )
                == 200
            )
        assert fake.wait_for(lambda: all(fake.sent(chat_id=g) for g in groups), 60)

        # a /reload through one replica: answered, and every group notified exactly once
        write_markdown(
            knowledge / "typhoon.md",
            "พายุไต้ฝุ่นโคอินุพัดถล่มเกาะไต้หวัน",
            "https://news.example.org/typhoon-koinu",
            "พายุไต้ฝุ่นโคอินุพัดถล่มเกาะไต้หวัน ทำให้ประชาชนกว่า 3,000 คนต้องอพยพ",
        )
        assert a.post(take_update(fake, lambda: fake.private_text(ADMIN, "/reload"))) == 200
        assert fake.wait_for(
            lambda: any("Knowledge reloaded" in s.text for s in fake.sent(chat_id=ADMIN)), 60
        )
        assert fake.wait_for(lambda: all(notifications(fake, g) for g in groups), 60)

        # the other replica answers from the reloaded knowledge within 30 s
        def b_knows_the_typhoon() -> bool:
            before = len(fake.sent(chat_id=USER_B))
            b.post(take_update(fake, lambda: fake.private_text(USER_B, "พายุไต้ฝุ่นโคอินุ")))
            fake.wait_for(lambda: len(fake.sent(chat_id=USER_B)) > before, 10)
            return "typhoon-koinu" in fake.sent(chat_id=USER_B)[-1].text

        started = time.monotonic()
        assert until(b_knows_the_typhoon, 30), b.log.read_text()[-3000:]
        assert time.monotonic() - started < 30
        assert all(len(notifications(fake, g)) == 1 for g in groups)

        # /metrics: Prometheus text with the questions answered
        text = httpx.get(f"{b.url}/metrics", timeout=10).text
        assert 'bot_questions_total{outcome="answered"}' in text
        answered = [
            float(line.split()[-1])
            for line in text.splitlines()
            if line.startswith('bot_questions_total{outcome="answered"}')
        ]
        assert answered and answered[0] >= 1

        # a replica killed in the middle of a fan-out: the other delivers the rest
        fake.latency = 0.1  # each send takes a while: the fan-out is under way, not done
        write_markdown(
            knowledge / "quake.md",
            "แผ่นดินไหวที่ญี่ปุ่น",
            "https://news.example.org/quake",
            "เกิดแผ่นดินไหวขนาด 6.1 ที่เกาะฮอกไกโด ประเทศญี่ปุ่น",
        )
        assert a.post(take_update(fake, lambda: fake.private_text(ADMIN, "/reload"))) == 200

        def quake_sent() -> int:
            return sum(1 for g in groups for t in notifications(fake, g) if "แผ่นดินไหว" in t)

        assert fake.wait_for(lambda: quake_sent() >= 5, 60)
        a.process.send_signal(signal.SIGKILL)
        a.process.wait(timeout=10)
        assert 5 <= quake_sent() < len(groups), "the fan-out was over before the kill"
        assert fake.wait_for(
            lambda: all(any("แผ่นดินไหว" in t for t in notifications(fake, g)) for g in groups),
            90,
        ), b.log.read_text()[-3000:]
        assert quake_sent() <= len(groups) + 1  # none missing, at most one repeat
        assert fake.sent(chat_id=666) == []  # the update without the secret: never answered
    for replica in (a, b):
        log = replica.log.read_text()
        assert fake.token not in log and SECRET not in log
        assert "maximum number of running instances" not in log  # a long fan-out is no alarm
        password = httpx.URL(database_url).password
        assert password and f":{password}@" not in log


@pytest.mark.timeout(120)
def test_a_replica_stopping_answers_what_it_took_and_takes_nothing_more(
    tmp_path: Path, fake: FakeTelegram
) -> None:
    """SIGTERM (a deploy): updates already taken (Telegram has its 200) are answered
    before the process ends; the listener closes first, so Telegram sends later ones to
    another replica. Webhook mode on SQLite: one replica needs no PostgreSQL."""
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    shutil.copy(SEED, knowledge)
    with replicas(tmp_path, fake, "", knowledge, count=1) as (a,):
        assert until(a.healthy, 120), a.log.read_text()[-3000:]
        fake.latency = 1.0  # each reply takes a second to reach Telegram
        taken = [
            take_update(fake, lambda u=u: fake.private_text(u, "ASCCO คืออะไร"))
            for u in (11, 12, 13)
        ]
        assert all(a.post(update) == 200 for update in taken)
        a.process.send_signal(signal.SIGTERM)
        accepted = [11, 12, 13]
        deadline, user = time.monotonic() + 30, 100
        while True:  # Telegram keeps posting while the replica stops
            assert time.monotonic() < deadline, "the listener stayed open"
            update = take_update(fake, lambda u=user: fake.private_text(u, "ASCCO คืออะไร"))
            try:
                status = a.post(update)
            except httpx.HTTPError:
                break  # the listener is closed: Telegram retries elsewhere
            if status == 200:
                accepted.append(user)
            user += 1
        assert a.process.wait(timeout=60) == 0
        unanswered = [u for u in accepted if not fake.sent(chat_id=u)]
        assert unanswered == []  # every update taken was answered before the end


@pytest.mark.timeout(300)
def test_a_follow_up_and_a_more_answers_press_reach_either_replica(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    """The proxy spreads updates round-robin: the asker's next question, or their press
    of "More answers", usually reaches the other replica, which must know what came
    before."""
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    shutil.copy(SEED, knowledge)
    shutil.copy(HEALTH, knowledge)
    with replicas(tmp_path, fake, database_url, knowledge) as (a, b):
        assert until(lambda: a.healthy() and b.healthy(), 120), (
            a.log.read_text()[-3000:] + b.log.read_text()[-3000:]
        )
        first = take_update(
            fake, lambda: fake.private_text(USER_A, "ใครเป็นประธานการประชุมรัฐมนตรีสาธารณสุขอาเซียน")
        )
        assert a.post(first) == 200
        assert fake.wait_for(lambda: len(fake.sent(chat_id=USER_A)) >= 1, 30)
        (answer,) = fake.sent(chat_id=USER_A)
        assert HEALTH_URL in answer.text
        follow_up = take_update(fake, lambda: fake.private_text(USER_A, "ใครเป็นประธาน"))
        assert b.post(follow_up) == 200
        assert fake.wait_for(lambda: len(fake.sent(chat_id=USER_A)) >= 2, 30)
        assert "Budi Gunadi Sadikin" in fake.sent(chat_id=USER_A)[1].text
        button = answer.params["reply_markup"]["inline_keyboard"][0][0]
        message = bot_message(USER_A)
        press = take_update(fake, lambda: fake.callback(USER_A, message, button["callback_data"]))
        assert b.post(press) == 200
        assert fake.wait_for(lambda: len(fake.sent(chat_id=USER_A)) >= 3, 30)
        more = fake.sent(chat_id=USER_A)[2].text
        assert SEED_URL in more and "Please ask again" not in more
