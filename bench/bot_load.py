"""Load benchmark through the real bot: N users ask Q questions each at once, through the
fake Bot API server (real HTTP, real polling). Reports answered, errors and latency from
update to reply. Run from the project folder:

    python bench/bot_load.py --users 50 --questions 4
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.settings import Settings  # noqa: E402
from bot.telegram_app.app import (  # noqa: E402
    build_application,
    start_application,
    stop_application,
)
from tests.fake_telegram import FakeTelegram  # noqa: E402


async def main(users: int, per_user: int, knowledge: Path) -> int:
    questions = [
        json.loads(line)["question"] for line in (ROOT / "data/dev/questions.jsonl").open()
    ]
    rng = random.Random(5)
    fake = FakeTelegram().start()
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(token=fake.token, api_url=fake.api_url, knowledge_dir=knowledge,
                            data_dir=Path(data), scan_interval=0)
        app = build_application(settings, get_updates_timeout=1)
        await start_application(app, poll_timeout=1)
        try:
            asked: dict[int, float] = {}
            started = time.perf_counter()
            for round_ in range(per_user):
                for user in range(1, users + 1):
                    fake.private_text(user, rng.choice(questions))
                    asked.setdefault(user * 1000 + round_, time.time())
            total = users * per_user
            deadline = time.monotonic() + 120
            while len(fake.sent()) < total and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            elapsed = time.perf_counter() - started
            replies = fake.sent()
            latencies = []
            for reply in replies:
                user = reply.chat_id
                sent_at = [r for r in replies if r.chat_id == user].index(reply)
                latencies.append(reply.at - asked[user * 1000 + sent_at])
            ms = np.array(latencies) * 1000
            print(f"users: {users}, questions each: {per_user}, answered: {len(replies)}/{total},"
                  f" errors: {total - len(replies)}, wall: {elapsed:.2f} s")
            print(f"update-to-reply latency: p50 {np.percentile(ms, 50):.0f} ms,"
                  f" p95 {np.percentile(ms, 95):.0f} ms, max {ms.max():.0f} ms")
        finally:
            await stop_application(app)
            fake.stop()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--questions", type=int, default=4)
    parser.add_argument("--knowledge", type=Path, default=ROOT / "data/dev/articles")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.users, args.questions, args.knowledge)))
