"""`python -m bot run` as a real process: start-up messages and secrets in logs."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import SEED_URL
from tests.fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent


def bot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ADMIN_"))}
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "KNOWLEDGE_DIR": str(ROOT / "knowledge"),
            "DATA_DIR": str(tmp_path / "state"),
            "SCAN_INTERVAL": "0",
        }
    )
    env.update(extra)
    return env


def run_cli(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=bot_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=60,
    )


@contextlib.contextmanager
def bot_process(tmp_path: Path, env: dict[str, str]) -> Iterator[Path]:
    """`python -m bot run` with its log in a file (yielded); stopped with SIGTERM, as a
    supervisor stops it, whatever the test found."""
    log_path = tmp_path / "bot.log"
    process = start_bot(tmp_path, env, log_path)
    try:
        yield log_path
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def start_bot(cwd: Path, env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """`python -m bot run`, its output (standard output and error) to `log_path`."""
    with log_path.open("w") as log_file:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=cwd,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )


def test_run_without_token_explains_how_to_get_one(tmp_path: Path) -> None:
    result = run_cli(tmp_path)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr and "@BotFather" in result.stderr
    assert "python -m bot ask" in result.stderr


def test_invalid_setting_stops_start_up_with_one_line(tmp_path: Path) -> None:
    result = run_cli(tmp_path, TELEGRAM_BOT_TOKEN="1:x", ADMIN_USER_IDS="12,bob")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "configuration error: ADMIN_USER_IDS: 'bob' is not a numeric Telegram id"
        " (use numbers, comma-separated; usernames are not accepted)"
    ]


def test_running_bot_answers_and_never_logs_the_token(tmp_path: Path, fake: FakeTelegram) -> None:
    env = bot_env(
        tmp_path, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.api_url, LOG_LEVEL="DEBUG"
    )
    with bot_process(tmp_path, env) as log_path:
        fake.fail("sendMessage", 500, "Internal Server Error", chat_id=7)
        fake.private_text(7, "ประชุมวันที่ 5 มีนาคม 2019")
        assert fake.wait_for(lambda: len(fake.sent(chat_id=7)) >= 1, timeout=60)
        fake.private_text(7, "/reload")  # refused: logged with the user id
        assert fake.wait_for(lambda: len(fake.sent(chat_id=7)) >= 2, timeout=30)
        assert fake.wait_for(
            lambda: "refused admin action for user 7" in log_path.read_text(), timeout=30
        )
    answer = fake.sent(chat_id=7)[0].text
    assert SEED_URL in answer
    log = log_path.read_text()
    assert "knowledge: 1 articles" in log
    assert "refused admin action for user 7" in log
    assert fake.token not in log
    assert fake.token.split(":")[1] not in log
    assert "<redacted>" in log  # the library did try to log it
    assert "Task was destroyed" not in log  # a clean stop: nothing left running


def test_corrupt_state_file_stops_start_up_with_a_clear_message(
    tmp_path: Path, fake: FakeTelegram
) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "bot.sqlite3").write_bytes(b"not a database" * 1000)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env=bot_env(tmp_path, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.api_url),
    )
    assert result.returncode == 2
    assert "bot.sqlite3 is not a usable SQLite database" in result.stderr
    assert (state / "bot.sqlite3").read_bytes().startswith(b"not a database")  # not reset
    assert fake.token not in result.stderr


def test_a_second_bot_on_the_same_data_dir_exits_with_one_line(tmp_path: Path) -> None:
    """Two bots on one DATA_DIR would delete each other's index files and notify twice:
    while one holds the folder (here: this test process), another exits at once."""
    from bot.telegram_app.app import hold_data_dir

    first = hold_data_dir(tmp_path / "state")
    assert first is not None
    try:
        result = run_cli(tmp_path, TELEGRAM_BOT_TOKEN="123456:TEST-token-never-printed")
    finally:
        first.close()
    assert result.returncode == 1
    assert "another bot is already running" in result.stderr
    assert str(tmp_path / "state") in result.stderr
    assert "Traceback" not in result.stderr and "TEST-token" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    again = hold_data_dir(tmp_path / "state")  # free once the first one stops
    assert again is not None
    again.close()


def test_a_rejected_token_stops_start_up_with_one_line_and_no_token(
    tmp_path: Path, fake: FakeTelegram
) -> None:
    fake.fail("getMe", 401, "Unauthorized", times=100)
    result = run_cli(tmp_path, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.api_url)
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert "rejected TELEGRAM_BOT_TOKEN" in output and "@BotFather" in output
    assert "Traceback" not in output
    assert fake.token not in output and fake.token.split(":")[1] not in output
    assert len(output.strip().splitlines()) == 1


def test_an_unreachable_database_at_start_is_one_line_that_says_why(
    tmp_path: Path, fake: FakeTelegram
) -> None:
    """DATABASE_URL names a server that refuses: one line with the reason and without the
    password, exit 1 (a supervisor starts the bot again), not the connection pool's
    retries over two lines each and then "pool initialization incomplete"."""
    result = run_cli(
        tmp_path,
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_URL=fake.api_url,
        DATABASE_URL="postgresql://bot:s3cret-pass@127.0.0.1:1/bot",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "refused" in output.lower() and "127.0.0.1" in output
    assert "s3cret-pass" not in output and "Traceback" not in output
    assert len(output.strip().splitlines()) == 1, output


def test_an_unreachable_bot_api_at_start_is_retried_with_one_line_each(
    tmp_path: Path, fake: FakeTelegram
) -> None:
    """Telegram down when the bot starts: it says so in one line per try, with no
    traceback and no token, and starts answering once Telegram is back."""
    import socket

    with socket.socket() as probe:  # a port nobody listens on, then the fake server's
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    proxy = _Forwarder(closed, fake.port)
    env = bot_env(
        tmp_path,
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_URL=f"http://127.0.0.1:{proxy.port}/bot",
        TELEGRAM_TIMEOUT="2",
    )
    try:
        with bot_process(tmp_path, env) as log_path:
            assert fake.wait_for(
                lambda: log_path.read_text().count("cannot reach the Bot API") >= 2, timeout=60
            )
            proxy.open()  # Telegram is back
            fake.private_text(7, "ประชุมวันที่ 5 มีนาคม 2019")
            assert fake.wait_for(lambda: len(fake.sent(chat_id=7)) >= 1, timeout=60)
    finally:
        proxy.close()
    log = log_path.read_text()
    assert SEED_URL in fake.sent(chat_id=7)[0].text
    assert "Traceback" not in log
    assert fake.token not in log and fake.token.split(":")[1] not in log
    assert "retrying in" in log


class _Forwarder:
    """A TCP port that refuses connections until `open()`, then forwards them to the
    fake Bot API: Telegram unreachable, then back."""

    def __init__(self, closed_port: int, target_port: int) -> None:
        import socket
        import threading

        self.target = target_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.port = closed_port
        self._open = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def open(self) -> None:
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        self.listener.settimeout(0.2)
        self._thread.start()

    def _serve(self) -> None:
        import socket
        import threading

        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        self.listener.close()


def _pipe(source: object, sink: object) -> None:
    import socket

    assert isinstance(source, socket.socket) and isinstance(sink, socket.socket)
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
