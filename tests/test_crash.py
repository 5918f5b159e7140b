"""Kill the bot process (SIGKILL) mid fan-out and mid /reload, start it again: every
subscribed group gets every new article exactly once, and nothing else is lost."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from tests.conftest import write_markdown
from tests.fake_telegram import FakeTelegram
from tests.test_run import bot_env

ROOT = Path(__file__).resolve().parent.parent
ADMIN = 42
GROUPS = [-100100 - i for i in range(20)]
WIKI_ARTICLES = 600  # the dev set's first 600, all distinct


class BotProcess:
    """`python -m bot run` against the fake server, its log in a file."""

    def __init__(self, tmp_path: Path, fake: FakeTelegram, knowledge: Path, run: int) -> None:
        self.log_path = tmp_path / f"bot-{run}.log"
        env = bot_env(
            tmp_path,
            TELEGRAM_BOT_TOKEN=fake.token,
            TELEGRAM_API_URL=fake.api_url,
            ADMIN_USER_IDS=str(ADMIN),
            KNOWLEDGE_DIR=str(knowledge),
        )
        with self.log_path.open("w") as log_file:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                cwd=tmp_path,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_log(self, text: str, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log():
            assert self.process.poll() is None, f"the bot exited:\n{self.log()[-3000:]}"
            assert time.monotonic() < deadline, f"no {text!r} in the log:\n{self.log()[-3000:]}"
            time.sleep(0.02)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)


def subscribe_groups(fake: FakeTelegram) -> None:
    for group in GROUPS:
        fake.chat_members[(group, ADMIN)] = "administrator"
        fake.group_text(group, ADMIN, "/subscribe")
    assert fake.wait_for(lambda: all(fake.sent(chat_id=g) for g in GROUPS), timeout=60)


def announcements(fake: FakeTelegram, url: str) -> dict[int, int]:
    """How many times each group was told about the article at `url`."""
    return {g: sum(url in m.text for m in fake.sent(chat_id=g)) for g in GROUPS}


def add_article(knowledge: Path, name: str, title: str) -> str:
    url = f"https://example.org/{name}"
    write_markdown(knowledge / f"{name}.md", title, url, f"{title} รายละเอียดข่าวใหม่", "2025-02-01")
    return url


def processes_mentioning(text: str) -> list[str]:
    """Command lines of live processes that mention `text` (Linux's /proc; else none)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in command:
            found.append(command[:200])
    return found


def is_notification(method: str, params: dict[str, Any]) -> bool:
    return method == "sendMessage" and "🆕" in str(params.get("text", ""))


def test_kill_during_fan_out_then_restart_tells_each_group_exactly_once(
    tmp_path: Path, fake: FakeTelegram, seed_dir: Path
) -> None:
    knowledge = seed_dir
    first = BotProcess(tmp_path, fake, knowledge, 1)
    try:
        first.wait_log("knowledge: 1 articles")
        subscribe_groups(fake)
        urls = [
            add_article(knowledge, "satellite", "ไทยส่งดาวเทียมสำรวจโลกดวงใหม่"),
            add_article(knowledge, "rice", "ราคาข้าวหอมมะลิส่งออกสูงขึ้น"),
        ]
        # Telegram handles 27 of the 40 notifications; the 28th is in flight at the kill
        fake.hold(
            lambda method, params: (
                is_notification(method, params)
                and len([m for m in fake.sent() if "🆕" in m.text]) >= 27
            )
        )
        fake.private_text(ADMIN, "/reload")
        assert fake.wait_for(lambda: fake.held > 0, timeout=60), first.log()[-3000:]
        first.kill()
    finally:
        first.stop()
    before = [announcements(fake, url) for url in urls]
    assert sum(sum(counts.values()) for counts in before) == 27
    fake.release()

    second = BotProcess(tmp_path, fake, knowledge, 2)
    try:
        assert fake.wait_for(
            lambda: all(set(announcements(fake, url).values()) == {1} for url in urls), timeout=90
        ), [announcements(fake, url) for url in urls]
        # every notification is marked sent: nothing is left that could be sent again
        assert fake.wait_for(lambda: outbox_settled(tmp_path), timeout=30)
        for url in urls:
            assert announcements(fake, url) == dict.fromkeys(GROUPS, 1)
        assert "0 new since last run" in second.log()  # queued before the kill, not again
    finally:
        second.stop()


def outbox_settled(tmp_path: Path) -> bool:
    """No notification is pending in the bot's outbox (read-only, beside the bot)."""
    uri = f"file:{tmp_path / 'state' / 'bot.sqlite3'}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=5)) as db:
        (pending,) = db.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()
    return int(pending) == 0


def test_kill_during_reload_then_restart_tells_each_group_exactly_once(
    tmp_path: Path, fake: FakeTelegram, seed_dir: Path
) -> None:
    knowledge = seed_dir
    # a knowledge folder big enough that a reload takes a moment (about 1,200 passages)
    lines = (ROOT / "data" / "dev" / "articles" / "articles.jsonl").read_text(encoding="utf-8")
    (knowledge / "wiki.jsonl").write_text(
        "".join(lines.splitlines(keepends=True)[:WIKI_ARTICLES]), encoding="utf-8"
    )
    first = BotProcess(tmp_path, fake, knowledge, 1)
    try:
        first.wait_log(f"knowledge: {WIKI_ARTICLES + 1} articles")
        subscribe_groups(fake)
        url = add_article(knowledge, "satellite", "ไทยส่งดาวเทียมสำรวจโลกดวงใหม่")
        # every wiki article edited too: the reload re-tokenizes all of them (seconds),
        # so the kill below lands inside it
        wiki = knowledge / "wiki.jsonl"
        records = [json.loads(line) for line in wiki.read_text(encoding="utf-8").splitlines()]
        wiki.write_text(
            "".join(
                json.dumps({**r, "text": r["text"] + " (แก้ไข)"}, ensure_ascii=False) + "\n"
                for r in records
            ),
            encoding="utf-8",
        )
        fake.private_text(ADMIN, "/reload")
        first.wait_log("reload requested by admin 42")  # the reload runs from here, seconds
        first.kill()
    finally:
        first.stop()
    assert not [m for m in fake.sent(chat_id=ADMIN) if "Knowledge reloaded" in m.text], "finished"
    # nothing it started lives on (its tokenizing workers were mid-batch)
    deadline = time.monotonic() + 15
    while leftovers := processes_mentioning(str(tmp_path)):
        assert time.monotonic() < deadline, leftovers
        time.sleep(0.2)

    second = BotProcess(tmp_path, fake, knowledge, 2)
    try:
        second.wait_log(f"knowledge: {WIKI_ARTICLES + 2} articles")
        assert fake.wait_for(lambda: set(announcements(fake, url).values()) == {1}, timeout=60)
        assert fake.wait_for(lambda: outbox_settled(tmp_path), timeout=30)
        assert announcements(fake, url) == dict.fromkeys(GROUPS, 1)
        # and the bot answers from the article it was reloading when it died
        fake.private_text(7, "ดาวเทียมสำรวจโลกดวงใหม่")
        assert fake.wait_for(lambda: any(url in m.text for m in fake.sent(chat_id=7)), timeout=30)
    finally:
        second.stop()
    assert os.path.getsize(tmp_path / "state" / "bot.sqlite3") > 0
