"""`python -m bot ask|check|eval|run`: the engine from a terminal, and the bot itself."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from bot.engine.answering import DEFAULT_K, Answer, ask
from bot.engine.cache import IndexCache
from bot.engine.knowledge import KnowledgeIndex, build_index
from bot.engine.ranking import MODEL_FILE
from bot.settings import SettingsError, load_settings
from bot.text.loader import LoadResult, load_knowledge
from bot.tools import QuestionFileError

log = logging.getLogger("bot")


def format_answer(answer: Answer) -> str:
    """A readable terminal answer, in the question's language (the bot renders its own
    HTML): the highlight first, then the answer around it and the source."""
    english = answer.language == "en"
    if answer.small_talk:
        if english:
            return "Hello! Ask me about the news articles (they are in Thai)."
        return "สวัสดีครับ ถามคำถามเกี่ยวกับข่าวในฐานความรู้ได้เลย"
    if not answer.found:
        lines = [
            "No answer found in the articles. They are in Thai: try asking in Thai, or use a"
            " name, acronym or number as the articles write it."
            if english
            else "ขออภัย ไม่พบคำตอบในฐานความรู้"
        ]
        if answer.results:
            lines.append("Closest articles:" if english else "บทความที่ใกล้เคียง:")
            lines.extend(f"  - {r.title} <{r.url}>" for r in answer.results[:3])
        return "\n".join(lines)
    date = f" ({answer.published})" if answer.published else ""
    source = "Source (in Thai)" if english else "ที่มา"
    lines = []
    if answer.news:  # the news on a topic: every article found on it
        lines.append("News on it:" if english else "ข่าวในเรื่องนี้:")
        lines.extend(
            f"  - {r.title}{f' ({r.published})' if r.published else ''} <{r.url}>"
            for r in answer.results
        )
        lines.append("")
    if answer.highlight:
        lines.append(f">> {' '.join(answer.highlight.split())}")
        lines.append("")
    lines.append(answer.answer or "")
    lines.append("")
    lines.append(f"{source}: {answer.title}{date}")
    lines.append(answer.url or "")
    return "\n".join(lines)


def _load(knowledge: Path, use_cache: bool = True) -> tuple[KnowledgeIndex, LoadResult]:
    """Load and index, reusing DATA_DIR's cache (tokens and index) when it matches."""
    if not use_cache:
        loaded = load_knowledge(knowledge)
        return build_index(loaded.articles), loaded
    data_dir = load_settings(require_knowledge=False).data_dir
    cache = IndexCache.for_knowledge(data_dir, knowledge)
    loaded = load_knowledge(knowledge, cache.stored_files())
    index, _ = cache.build(loaded.articles, files=loaded.files)
    return index, loaded


def _default_knowledge() -> Path:
    return load_settings(require_knowledge=False).knowledge_dir


def cmd_ask(args: argparse.Namespace) -> int:
    kb, loaded = _load(args.knowledge or _default_knowledge(), use_cache=not args.no_cache)
    for skipped in loaded.skipped:  # else a skipped export reads as "not found" to everything
        print(f"skipped {skipped}", file=sys.stderr)
    questions: Iterable[str] = (
        [" ".join(args.question)] if args.question else (line.rstrip("\n") for line in sys.stdin)
    )
    after = args.after
    for question in questions:
        if not args.question and not question.strip():
            continue
        answer = ask(kb, question, k=args.k, after=after)
        if args.chat:  # the next line may follow up on this answer, as in the bot
            after = answer.about
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            print(format_answer(answer), end="\n\n" if not args.question else "\n", flush=True)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    knowledge = args.knowledge or _default_knowledge()
    started = time.perf_counter()
    kb, loaded = _load(knowledge, use_cache=False)
    print(f"knowledge folder: {knowledge}")
    print(f"files read: {loaded.files_read}")
    print(f"articles: {len(kb.articles)}")
    print(f"passages: {kb.passage_count}")
    print(f"newest article: {kb.newest_published or '-'}")
    for warning in loaded.warnings:
        print(f"warning: {warning}")
    for skipped in loaded.skipped:
        print(f"skipped: {skipped}")
    print(f"skipped files: {len(loaded.skipped)}")
    print(f"time: {time.perf_counter() - started:.1f} s")
    return 1 if loaded.skipped else 0


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.tools.evaluate import (
        evaluate,
        follow_up_scores,
        format_follow_ups,
        format_table,
        plot_cut,
        read_jsonl,
        with_gold_urls,
        without_folds,
    )

    if len(args.knowledge) == 1:
        kb, _ = _load(args.knowledge[0])
    else:  # folders side by side (the seed and the news sets): one index, no cache
        articles = {a.url: a for f in args.knowledge for a in load_knowledge(f).articles}
        kb = build_index(list(articles.values()))
    questions = [
        row
        for path in args.questions
        for row in with_gold_urls(read_jsonl(path), kb.articles, str(path))
    ]
    out_of_scope = [row for path in args.ood for row in read_jsonl(path)]
    print(
        f"knowledge: {len(kb.articles)} articles, {kb.passage_count} passages;"
        f" questions: {len(questions)} in scope, {len(out_of_scope)} out of scope",
        flush=True,
    )
    folds = without_folds(kb.articles) if not args.no_removed or args.plot else []
    rows = evaluate(
        kb,
        questions,
        out_of_scope,
        baselines=not args.no_baselines,
        folds=[] if args.no_removed else folds,
    )
    print(format_table(rows))
    if args.follow_ups:
        print()
        print(format_follow_ups(follow_up_scores(kb, questions, [] if args.no_removed else folds)))
    if args.plot:
        plot_cut(kb, questions, out_of_scope, args.plot, folds)
        print(f"plot: {args.plot}")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from bot.tools.evaluate import read_jsonl
    from bot.tools.train import main as train_main

    loaded = load_knowledge(args.knowledge)
    questions = read_jsonl(args.questions)
    out_of_scope = read_jsonl(args.ood) if args.ood else []
    return train_main(loaded.articles, questions, out_of_scope, args.out)


def cmd_bench(args: argparse.Namespace) -> int:
    from bot.tools.bench import SIZES
    from bot.tools.bench import main as bench_main

    return bench_main(args.sizes or SIZES)


def cmd_run(args: argparse.Namespace) -> int:
    from bot.telegram_app.app import run_bot

    return run_bot()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p_ask = sub.add_parser("ask", help="answer a question (or each line of standard input)")
    p_ask.add_argument("question", nargs="*", help="the question; omit to read lines from stdin")
    p_ask.add_argument("--knowledge", type=Path, help="knowledge folder (default KNOWLEDGE_DIR)")
    p_ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    p_ask.add_argument("-k", type=int, default=DEFAULT_K, help="ranked results to list")
    p_ask.add_argument("--no-cache", action="store_true", help="ignore DATA_DIR's index cache")
    p_ask.add_argument(
        "--after",
        metavar="URL",
        help="a follow-up: the URL of the article the previous answer came from",
    )
    p_ask.add_argument(
        "--chat",
        action="store_true",
        help="each line of standard input may follow up on the answer before, as in the bot",
    )
    p_ask.set_defaults(func=cmd_ask)

    p_check = sub.add_parser("check", help="load the knowledge folder and report problems")
    p_check.add_argument("--knowledge", type=Path)
    p_check.set_defaults(func=cmd_check)

    p_eval = sub.add_parser("eval", help="measure answer quality against baselines")
    p_eval.add_argument(
        "--knowledge", type=Path, nargs="+", required=True, help="one or more knowledge folders"
    )
    p_eval.add_argument(
        "--questions",
        type=Path,
        nargs="+",
        required=True,
        help='question files (JSON Lines: "question", "answers", and the article\'s "url" or'
        ' the name of the "file" it is read from)',
    )
    p_eval.add_argument(
        "--ood", type=Path, nargs="*", default=[], help="out-of-scope questions (JSON Lines)"
    )
    p_eval.add_argument("--no-baselines", action="store_true", help="only this engine")
    p_eval.add_argument(
        "--no-removed", action="store_true", help="skip asking without each question's article"
    )
    p_eval.add_argument(
        "--follow-ups",
        action="store_true",
        help="also ask each question as a follow-up (after an answer from its own article,"
        " and from another)",
    )
    p_eval.add_argument(
        "--plot", type=Path, help="draw answers and declines against the confidence cut (PNG)"
    )
    p_eval.set_defaults(func=cmd_eval)

    p_train = sub.add_parser("train", help="fit the answer model on a question set")
    p_train.add_argument("--knowledge", type=Path, default=Path("data/dev/articles"))
    p_train.add_argument("--questions", type=Path, default=Path("data/dev/questions.jsonl"))
    p_train.add_argument("--ood", type=Path, default=Path("data/dev/ood.jsonl"))
    p_train.add_argument("--out", type=Path, default=MODEL_FILE, help="the model file to write")
    p_train.set_defaults(func=cmd_train)

    p_bench = sub.add_parser("bench", help="speed and memory at growing corpus sizes")
    p_bench.add_argument("sizes", nargs="*", type=int, help="passages (default 2000 20000 200000)")
    p_bench.set_defaults(func=cmd_bench)

    p_run = sub.add_parser("run", help="start the Telegram bot (long polling)")
    p_run.set_defaults(func=cmd_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.ERROR if args.command in ("ask", "eval", "check") else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, QuestionFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
