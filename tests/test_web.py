"""The HTTP listener: health, metrics and the webhook's checks, through Starlette's test
client; the same listener in polling mode, through a running bot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient
from telegram.ext import ApplicationBuilder

from bot.serving.metrics import Metrics
from bot.serving.storage import Storage
from bot.telegram_app.web import SECRET_HEADER, build_web_app
from tests.fake_telegram import FakeTelegram
from tests.test_replicas import free_port, until
from tests.test_run import bot_env, bot_process

SECRET = "web-test-secret-0123456789"


def update(update_id: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 7, "type": "private"},
            "from": {"id": 7, "is_bot": False, "first_name": "U"},
            "text": "hello",
        },
    }


@pytest.mark.timeout(60)
def test_the_webhook_takes_an_update_once_only_with_the_secret_and_only_when_ready(
    tmp_path: Path,
) -> None:
    application = ApplicationBuilder().token("1:x").updater(None).build()
    storage = Storage(tmp_path / "s.sqlite3")
    metrics = Metrics()
    ready = [False]
    web = build_web_app(
        application,
        ready=lambda: ready[0],
        metrics=lambda: metrics,
        storage=lambda: storage,
        webhook_path="/hook",
        secret=SECRET,
    )
    with TestClient(web) as client:
        assert client.get("/healthz").status_code == 503
        assert (
            client.post("/hook", json=update(1), headers={SECRET_HEADER: SECRET}).status_code == 503
        )
        ready[0] = True
        assert client.get("/healthz").status_code == 200
        assert client.post("/hook", json=update(1)).status_code == 403
        assert (
            client.post("/hook", json=update(1), headers={SECRET_HEADER: "x" * 26}).status_code
            == 403
        )
        assert application.update_queue.qsize() == 0
        good = {SECRET_HEADER: SECRET}
        assert client.post("/hook", content=b"not json", headers=good).status_code == 400
        huge = b'{"update_id": 3, "x": "' + b"a" * 2_000_000 + b'"}'
        assert client.post("/hook", content=huge, headers=good).status_code == 413

        def chunks() -> Iterator[bytes]:  # no content-length: read no further than the limit
            yield b'{"update_id": 4, "x": "'
            for _ in range(300):
                yield b"a" * 10_000
            yield b'"}'

        assert client.post("/hook", content=chunks(), headers=good).status_code == 413
        assert client.post("/hook", json=update(2), headers=good).status_code == 200
        assert client.post("/hook", json=update(2), headers=good).status_code == 200  # again
        assert application.update_queue.qsize() == 1  # taken once
        assert client.get("/telegram").status_code == 404  # only the webhook's own path
        text = client.get("/metrics").text
        assert "bot_duplicate_updates_total 1.0" in text


@pytest.mark.timeout(120)
def test_polling_mode_serves_health_and_metrics_on_health_listen(
    tmp_path: Path, fake: FakeTelegram
) -> None:
    port = free_port()
    env = bot_env(
        tmp_path,
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_URL=fake.api_url,
        HEALTH_LISTEN=f"127.0.0.1:{port}",
    )

    def get(path: str) -> httpx.Response | None:
        try:
            return httpx.get(f"http://127.0.0.1:{port}{path}", timeout=5)
        except httpx.HTTPError:
            return None

    with bot_process(tmp_path, env) as log_path:
        assert until(lambda: (r := get("/healthz")) is not None and r.status_code == 200, 90), (
            log_path.read_text()[-3000:]
        )
        fake.private_text(7, "ASCCO คืออะไร")
        fake.private_text(7, "ฟุตบอลโลกปีหน้าใครจะชนะ")
        assert fake.wait_for(lambda: len(fake.sent(chat_id=7)) >= 2, 60)
        metrics = get("/metrics")
        assert metrics is not None and metrics.status_code == 200
        assert metrics.headers["content-type"].startswith("text/plain")
        lines = metrics.text.splitlines()
        assert 'bot_questions_total{outcome="answered"} 1.0' in lines
        assert 'bot_questions_total{outcome="declined"} 1.0' in lines
        assert "bot_index_articles 1.0" in lines
        assert any(line.startswith("bot_answer_seconds_count 2.0") for line in lines)


@pytest.mark.timeout(60)
def test_a_port_in_use_stops_start_up_with_one_line(tmp_path: Path, fake: FakeTelegram) -> None:
    import socket
    import subprocess
    import sys

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = bot_env(
            tmp_path,
            TELEGRAM_BOT_TOKEN=fake.token,
            TELEGRAM_API_URL=fake.api_url,
            HEALTH_LISTEN=f"127.0.0.1:{port}",
        )
        result = subprocess.run(
            [sys.executable, "-m", "bot", "run"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=50,
        )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and f"cannot listen on 127.0.0.1:{port}" in errors[0]
    assert "Traceback" not in result.stderr
