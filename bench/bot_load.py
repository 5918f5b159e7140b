"""Load benchmarks through the real bot and the fake Bot API server (real HTTP, real
polling). Run from the project folder. The bot runs as its own process (`python -m bot
run`, as in production) unless `--in-process` puts it in this script's interpreter,
where it shares one GIL with the fake server.

Burst: N users each queue Q questions at once; reports answered, errors and the latency
from update to reply:

    python bench/bot_load.py burst --users 50 --questions 4

Soak: N users ask, wait for the answer, pause 3-6 s and ask again, for S seconds (each
first asks after 0-6 s: a steady rate of about N/4.5 questions a second, 150 users
about Telegram's 30 messages a second), while an admin reloads the knowledge R times;
reports answered, errors and latency:

    python bench/bot_load.py soak --users 100 --seconds 60 --reloads 2

Over a big corpus, started once from nothing and then again from its stored index (a
restart), ten bursts each:

    python bench/bot_load.py burst --passages 200000 --data /tmp/bench-200k --bursts 10
    python bench/bot_load.py burst --passages 200000 --data /tmp/bench-200k --bursts 10

`--passages N` writes a corpus of about N passages recombined from the dev set, as
`python -m bot bench` does, into the `--data` folder (once), and `--data` keeps the
bot's DATA_DIR there.

`--latency 0.1` makes every Bot API request (but getUpdates) take 0.1 s at the fake
server, as a trip to Telegram's servers does. `--free-answers` gives every question one
answer worked out at start-up, so that what is left is the cost of python-telegram-bot
and the bot's handlers alone: the floor for any engine.

The bot gets its token, URL, folders and admins from this script; other settings come
from the environment, e.g. `ANSWER_PROCESS=off`.

`--without malloc-trim` turns that mechanism off in the bot's processes, to measure what
it buys: a `sitecustomize` module on the bot's `PYTHONPATH` makes the call do nothing.
Each run reports the resident memory of the bot and its processes (a build, the
answering process), sampled every 0.2 s: the peak from start-up to stop, and at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
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

ADMIN = 1_000_000
WARM_UP = 1_000_001


def load_questions() -> list[str]:
    with (ROOT / "data/dev/questions.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line)["question"] for line in handle]


def report(label: str, latencies: list[float], asked: int, wall: float) -> None:
    ms = np.array(latencies or [0.0]) * 1000
    print(
        f"{label}: asked {asked}, answered {len(latencies)}, errors {asked - len(latencies)},"
        f" wall {wall:.1f} s"
    )
    print(
        f"update-to-reply latency: p50 {np.percentile(ms, 50):.0f} ms,"
        f" p95 {np.percentile(ms, 95):.0f} ms, max {ms.max():.0f} ms"
    )


async def burst(fake: FakeTelegram, users: int, per_user: int, bursts: int = 1) -> None:
    """`bursts` bursts, one second apart, each from users of its own (the flood limit
    allows a user 8 questions in 20 s)."""
    questions = load_questions()
    every: list[float] = []
    for number in range(bursts):
        rng = random.Random(5 + number)
        ids = range(1 + 1000 * number, users + 1 + 1000 * number)
        started = time.time()
        for _ in range(per_user):
            for user in ids:
                fake.private_text(user, rng.choice(questions))
        total = users * per_user
        deadline = time.monotonic() + 120
        while sum(len(fake.delivered.get(u, [])) for u in ids) < total:
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.02)
        latencies = [t - started for u in ids for t in fake.delivered.get(u, [])]
        report("burst", latencies, total, time.time() - started)
        every.extend(latencies)
        if number + 1 < bursts:
            await asyncio.sleep(1.0)
    if bursts > 1:
        report(f"all {bursts} bursts", every, total * bursts, 0.0)


async def soak(fake: FakeTelegram, users: int, seconds: float, reloads: int) -> None:
    questions = load_questions()
    latencies: list[float] = []
    asked = 0
    stop_at = time.monotonic() + seconds

    async def user_loop(user: int) -> None:
        nonlocal asked
        rng = random.Random(user)
        # users arrive spread over a pause, not all at once: a steady rate, not a burst
        await asyncio.sleep(rng.uniform(0.0, 6.0))
        while time.monotonic() < stop_at:
            before = len(fake.delivered.get(user, []))
            sent_at = time.time()
            fake.private_text(user, rng.choice(questions))
            asked += 1
            deadline = time.monotonic() + 30
            while len(fake.delivered.get(user, [])) == before and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            if len(fake.delivered.get(user, [])) > before:
                latencies.append(fake.delivered[user][before] - sent_at)
            await asyncio.sleep(rng.uniform(3.0, 6.0))  # under the 8-per-20-s flood limit

    async def admin_loop() -> None:
        for i in range(reloads):
            await asyncio.sleep(seconds / (reloads + 1))
            fake.private_text(ADMIN, "/reload")
            print(f"reload {i + 1} requested at {time.monotonic() - (stop_at - seconds):.0f} s")

    started = time.time()
    await asyncio.gather(admin_loop(), *(user_loop(u) for u in range(1, users + 1)))
    report("soak", latencies, asked, time.time() - started)
    print(f"admin replies: {len(fake.delivered.get(ADMIN, []))} (of {reloads} reloads)")


@asynccontextmanager
async def bot_in_process(fake: FakeTelegram, knowledge: Path, data: Path) -> AsyncIterator[None]:
    settings = Settings(
        token=fake.token,
        api_url=fake.api_url,
        knowledge_dir=knowledge,
        data_dir=data,
        scan_interval=0,
        admin_user_ids=frozenset({ADMIN}),
    )
    app = build_application(settings, get_updates_timeout=1)
    await start_application(app, poll_timeout=1)
    try:
        yield
    finally:
        await stop_application(app)


FREE_ANSWERS = "serve-with-free-answers"
# what `--without` puts in the bot's sitecustomize, run before the bot imports anything
DISABLE = {
    "malloc-trim": (
        "import ctypes.util\n_find = ctypes.util.find_library\n"
        "ctypes.util.find_library = lambda name: None if name == 'c' else _find(name)\n"
    ),
}  # how this script runs the bot for --free-answers


def serve_with_free_answers() -> int:
    """`python -m bot run`, but every question gets the same answer, worked out once."""
    from bot.engine.answering import Answer
    from bot.serving import knowledge as knowledge_service
    from bot.telegram_app.app import run_bot

    answers: dict[str, Answer] = {}

    async def ask_async(
        self: knowledge_service.KnowledgeService,
        question: str,
        k: int = knowledge_service.DEFAULT_K,
    ) -> Answer:
        if "one" not in answers:
            answers["one"] = knowledge_service.ask(self.index, "อาเซียนคืออะไร", k)
        return answers["one"]

    knowledge_service.KnowledgeService.ask_async = ask_async  # type: ignore[method-assign]
    return run_bot()


@asynccontextmanager
async def bot_process(
    fake: FakeTelegram,
    knowledge: Path,
    data: Path,
    free_answers: bool = False,
    without: tuple[str, ...] = (),
) -> AsyncIterator[None]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "ADMIN_")) or k == "TELEGRAM_HTTP_CLIENT"
    }
    env |= {
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_URL": fake.api_url,
        "ADMIN_USER_IDS": f"{ADMIN},{WARM_UP}",
        "KNOWLEDGE_DIR": str(knowledge),
        "DATA_DIR": str(data),
        "SCAN_INTERVAL": "0",
        "LOG_LEVEL": "WARNING",
    }
    if without:
        site = data / "without"
        site.mkdir(exist_ok=True)
        (site / "sitecustomize.py").write_text("".join(DISABLE[name] for name in without))
        env["PYTHONPATH"] = f"{site}{os.pathsep}{ROOT}"
    with (data / "bot.log").open("w") as log:
        command = [__file__, FREE_ANSWERS] if free_answers else ["-m", "bot", "run"]
        process = subprocess.Popen(
            [sys.executable, *command], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    started = time.monotonic()
    sampler = asyncio.create_task(sample_memory(process.pid))  # from start-up on
    try:
        deadline = time.monotonic() + 120
        # ready once it answers, and /status says its answering process is ready (or off)
        fake.private_text(WARM_UP, "สวัสดี")
        asked = 1
        while True:
            replies = fake.sent(chat_id=WARM_UP)
            if len(replies) >= asked:
                state = replies[-1].text.partition("answering process: ")[2]
                if state.startswith(("ready", "off")):
                    break
                fake.private_text(WARM_UP, "/status")
                asked += 1
            if process.poll() is not None or time.monotonic() > deadline:
                log_text = (data / "bot.log").read_text()[-2000:]
                raise RuntimeError(f"the bot did not start (exit {process.poll()}):\n{log_text}")
            await asyncio.sleep(0.1)
        print(f"ready in {time.monotonic() - started:.1f} s")
        yield
    finally:
        sampler.cancel()
        await asyncio.gather(sampler, return_exceptions=True)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def _tree_rss_mb(root: int) -> tuple[float, float]:
    """Resident and anonymous (the process's own, not file pages) MB of `root` and its
    descendants (the forkserver and the processes it starts), read from /proc."""
    parent: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError):
            fields = stat.read_text().rpartition(")")[2].split()
            parent[int(stat.parent.name)] = int(fields[1])
    pids, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parent.items() if ppid in frontier]
        pids.extend(frontier)
    rss = anon = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1])
                elif line.startswith("RssAnon:"):
                    anon += int(line.split()[1])
    return rss / 1024, anon / 1024


async def sample_memory(pid: int) -> None:
    peak_rss = peak_anon = rss = anon = 0.0
    try:
        while True:
            rss, anon = _tree_rss_mb(pid)
            peak_rss, peak_anon = max(peak_rss, rss), max(peak_anon, anon)
            await asyncio.sleep(0.2)
    finally:
        print(
            f"bot and answering process, resident: peak {peak_rss:.0f} MB (anonymous"
            f" {peak_anon:.0f} MB); at the end {rss:.0f} MB (anonymous {anon:.0f} MB)"
        )


def bench_corpus(data: Path, passages: int) -> Path:
    """A knowledge folder of about `passages` passages recombined from the dev set, as
    `python -m bot bench` makes them, written once into `data`."""
    from bot.text.loader import load_knowledge
    from bot.tools.bench import DEV, synthesize, write_corpus

    folder = data / f"knowledge-{passages}"
    if not folder.is_dir():
        records = synthesize(load_knowledge(DEV / "articles").articles, passages)
        write_corpus(folder.with_suffix(".tmp"), records)
        folder.with_suffix(".tmp").rename(folder)
    return folder


async def main(args: argparse.Namespace) -> int:
    if args.in_process and args.free_answers:
        raise SystemExit("--free-answers runs the bot as its own process only")
    fake = FakeTelegram(latency=args.latency).start()
    with contextlib.ExitStack() as stack:
        if args.data is not None:
            args.data.mkdir(parents=True, exist_ok=True)
            data = args.data
        else:
            data = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        knowledge = bench_corpus(data, args.passages) if args.passages else args.knowledge
        if args.in_process:
            bot = bot_in_process(fake, knowledge, data)
        else:
            bot = bot_process(fake, knowledge, data, args.free_answers, tuple(args.without))
        try:
            async with bot:
                if args.mode == "burst":
                    await burst(fake, args.users, args.questions, args.bursts)
                else:
                    await soak(fake, args.users, args.seconds, args.reloads)
        finally:
            fake.stop()
    return 0


if __name__ == "__main__":
    import logging

    if sys.argv[1:] == [FREE_ANSWERS]:
        sys.exit(serve_with_free_answers())

    logging.disable(logging.WARNING)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("mode", choices=["burst", "soak"])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--questions", type=int, default=4, help="burst: questions per user")
    parser.add_argument("--seconds", type=float, default=60, help="soak: duration")
    parser.add_argument("--reloads", type=int, default=2, help="soak: admin reloads")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds each Bot API request takes"
    )
    parser.add_argument("--knowledge", type=Path, default=ROOT / "data/dev/articles")
    parser.add_argument(
        "--passages",
        type=int,
        help="instead of --knowledge: a bench corpus of about this many passages (in DATA)",
    )
    parser.add_argument("--bursts", type=int, default=1, help="burst: how many, 1 s apart")
    parser.add_argument(
        "--data",
        type=Path,
        help="the bot's DATA_DIR, kept (a second run starts from its stored index, as a"
        " restart does); default: a temporary folder",
    )
    parser.add_argument(
        "--in-process", action="store_true", help="run the bot inside this script instead"
    )
    parser.add_argument(
        "--free-answers",
        action="store_true",
        help="every question gets one answer worked out at start: python-telegram-bot alone",
    )
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        choices=sorted(DISABLE),
        help="turn this memory mechanism off in the bot's processes (repeatable)",
    )
    sys.exit(asyncio.run(main(parser.parse_args())))
