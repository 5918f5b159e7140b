"""Long work shows a progress bar on a terminal, and nothing in logs and pipes."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.conftest import write_jsonl
from tests.test_run import bot_env


def many_articles(folder: Path, count: int = 450) -> Path:
    """Enough articles that a first build reads them on both cores (the bar's path)."""
    folder.mkdir()
    write_jsonl(
        folder / "many.jsonl",
        [
            {
                "title": f"ข่าวที่ {i}",
                "url": f"https://news.example.org/{i}",
                "text": f"การประชุมครั้งที่ {i} จัดขึ้นที่กรุงเทพ มีผู้เข้าร่วม {i * 7} คน",
            }
            for i in range(count)
        ],
    )
    return folder


def ask_first_time(tmp_path: Path, knowledge: Path, stderr: int) -> subprocess.Popen[bytes]:
    env = bot_env(tmp_path, KNOWLEDGE_DIR=str(knowledge), DATA_DIR=str(tmp_path / "state"))
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "การประชุมครั้งที่ 12"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,
    )


@pytest.mark.timeout(180)
def test_a_first_build_shows_a_bar_on_a_terminal(tmp_path: Path) -> None:
    knowledge = many_articles(tmp_path / "kb")
    primary, secondary = pty.openpty()
    # a terminal 80 columns wide (a new pseudo-terminal has no size: nothing fits)
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = ask_first_time(tmp_path, knowledge, secondary)
    os.close(secondary)
    shown = b""
    while True:  # read the terminal until the process closes it
        ready, _, _ = select.select([primary], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "news.example.org/12" in out.decode()
    text = shown.decode(errors="replace")
    assert "reading articles" in text and "450/450" in text


@pytest.mark.timeout(180)
def test_a_first_build_is_quiet_in_a_pipe(tmp_path: Path) -> None:
    knowledge = many_articles(tmp_path / "kb")
    process = ask_first_time(tmp_path, knowledge, subprocess.PIPE)
    out, err = process.communicate(timeout=150)
    assert process.returncode == 0
    assert "news.example.org/12" in out.decode()
    assert "reading articles" not in err.decode() and "%|" not in err.decode()
