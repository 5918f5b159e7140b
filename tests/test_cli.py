from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import SEED_URL, write_jsonl

ROOT = Path(__file__).resolve().parent.parent


def run_cli(
    args: list[str], capsys: pytest.CaptureFixture[str], stdin: str = ""
) -> tuple[int, str]:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(args)
    finally:
        sys.stdin = old
    return code, capsys.readouterr().out


def test_ask_json_contract(seed_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_cli(
        ["ask", "--knowledge", str(seed_dir), "--json", "-k", "3", "ใครเป็นประธานการประชุม ASCCO"],
        capsys,
    )
    assert code == 0
    (line,) = out.strip().splitlines()
    data = json.loads(line)
    assert set(data) == {
        "question",
        "found",
        "small_talk",
        "answer",
        "highlight",
        "language",
        "confidence",
        "about",
        "news",
        "title",
        "url",
        "published",
        "score",
        "results",
    }
    assert data["found"] is True and data["small_talk"] is False and data["news"] is False
    assert data["url"] == SEED_URL and data["published"] == "2019-03-06"
    assert "Hoang Anh Tuan" in data["answer"]
    assert 1 <= len(data["results"]) <= 3
    assert set(data["results"][0]) == {"title", "url", "score", "passage"}


def test_ask_reads_each_stdin_line_in_turn(
    seed_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out = run_cli(
        ["ask", "--knowledge", str(seed_dir), "--json"],
        capsys,
        stdin="สวัสดี\nประชุมวันที่ 5 มีนาคม 2019\n\nราคาทองคำวันนี้\n",
    )
    rows = [json.loads(line) for line in out.strip().splitlines()]
    assert [r["question"] for r in rows] == ["สวัสดี", "ประชุมวันที่ 5 มีนาคม 2019", "ราคาทองคำวันนี้"]
    assert [r["small_talk"] for r in rows] == [True, False, False]
    assert [r["found"] for r in rows] == [False, True, False]
    assert rows[2]["answer"] is None and rows[2]["url"] is None


def test_ask_as_a_chat_reads_a_follow_up_in_the_answer_before(
    seed_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "ใครเป็นประธาน" alone is the seed article's meeting; after an answer about the
    health ministers' meeting, with --chat, it is that meeting's chair."""
    health = Path(__file__).parent / "data" / "news" / "asean-health-ministers.txt"
    (seed_dir / health.name).write_bytes(health.read_bytes())
    lines = "ใครเป็นประธานการประชุมรัฐมนตรีสาธารณสุขอาเซียน\nใครเป็นประธาน\n"
    for chat, chair in ((False, "Hoang Anh Tuan"), (True, "Budi Gunadi Sadikin")):
        args = ["ask", "--knowledge", str(seed_dir), "--json", "--no-cache"]
        _code, out = run_cli([*args, "--chat"] if chat else args, capsys, stdin=lines)
        first, second = (json.loads(line) for line in out.strip().splitlines())
        assert "Budi Gunadi Sadikin" in first["answer"]
        assert chair in second["answer"], (chat, second["answer"])


def test_ask_plain_output_shows_answer_and_source(
    seed_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_cli(["ask", "--knowledge", str(seed_dir), "ประชุมวันที่ 5 มีนาคม 2019"], capsys)
    assert code == 0
    assert "๕ มีนาคม" in out and SEED_URL in out and "2019-03-06" in out


def test_ask_names_skipped_files_on_standard_error(
    seed_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A skipped export would otherwise read as "not found" to every question about it."""
    (seed_dir / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    code = main(["ask", "--no-cache", "--knowledge", str(seed_dir), "ประชุมวันที่ 5 มีนาคม 2019"])
    captured = capsys.readouterr()
    assert code == 0 and SEED_URL in captured.out
    assert "skipped broken.jsonl" in captured.err and "broken" not in captured.out


def test_check_reports_skipped_files_and_fails(
    tmp_path: Path, seed_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_cli(["check", "--knowledge", str(seed_dir)], capsys)
    assert code == 0 and "articles: 1" in out
    (seed_dir / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    code, out = run_cli(["check", "--knowledge", str(seed_dir)], capsys)
    assert code == 1
    assert "articles: 1" in out
    assert "skipped: broken.jsonl" in out


def test_missing_knowledge_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["ask", "--knowledge", str(tmp_path / "nope"), "x"])
    assert code == 2
    assert "knowledge folder not found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"question": "x"\n', "line 1: not JSON"),
        (b'{"question": "x"}\n\n[1, 2]\n', 'line 3: not an object with a "question"'),
        (b'{"q": "x"}\n', 'line 1: not an object with a "question"'),
        (b"\xff\xfe\n", "not UTF-8"),
    ],
)
@pytest.mark.parametrize("command", ["eval", "train"])
def test_a_bad_question_file_is_one_clear_line(
    tmp_path: Path,
    tiny_dir: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    content: bytes,
    reason: str,
) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_bytes(content)
    args = [command, "--knowledge", str(tiny_dir), "--questions", str(questions)]
    code = main([*args, "--out", str(tmp_path / "m.json")] if command == "train" else args)
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith("error: ") and reason in err and "Traceback" not in err
    assert not (tmp_path / "m.json").exists()


def test_a_question_read_from_a_pipe_with_undecodable_bytes_is_answered(
    seed_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pipe of Latin-1 read as UTF-8 leaves surrogate escapes in the line."""
    broken = b"\xe9t\xe9 ASCCO ".decode("utf-8", "surrogateescape")
    code, out = run_cli(
        ["ask", "--knowledge", str(seed_dir), "--json"],
        capsys,
        stdin=broken + "ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11\n",
    )
    assert code == 0 and "Hoang Anh Tuan" in json.loads(out)["answer"]


def test_eval_prints_all_three_systems(
    tmp_path: Path, tiny_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = write_jsonl(
        tmp_path / "q.jsonl",
        [
            {
                "question": "ทุเรียนหมอนทองปลูกที่จังหวัดไหน",
                "answers": ["จันทบุรี"],
                "url": "https://example.org/durian",
            }
        ],
    )
    ood = tmp_path / "ood.jsonl"
    ood.write_text('{"question": "สวัสดีค่ะ"}\n', encoding="utf-8")
    code, out = run_cli(
        ["eval", "--knowledge", str(tiny_dir), "--questions", str(questions), "--ood", str(ood)],
        capsys,
    )
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("| ") and "system" not in line]
    assert [r.split("|")[1].strip() for r in rows] == [
        "this engine",
        "BM25 (bm25s)",
        "plain scikit-learn TF-IDF",
    ]
    engine = rows[0].split("|")
    assert engine[2].strip() == "1.000" and engine[3].strip() == "1.000"  # answer@1, source@1
    assert engine[6].strip() == "1.000"  # small talk declined


def test_eval_scores_news_questions_that_name_their_article_by_file(
    seed_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The hand-written news sets name their article by its file, and their articles
    lie in several folders: one run scores them beside the baselines."""
    news = ROOT / "tests" / "data" / "news"
    questions = write_jsonl(
        tmp_path / "q.jsonl",
        [
            {
                "question": "ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11",
                "answers": ["Hoang Anh Tuan"],
                "file": "asean-ascco-2019.txt",
            },
            {
                "question": "รถโดยสารไร้คนขับของสิงคโปร์แต่ละคันรับผู้โดยสารได้กี่คน",
                "answers": ["๑๖ คน"],
                "file": "sg-autonomous-bus.txt",
            },
        ],
    )
    near = write_jsonl(tmp_path / "near.jsonl", [{"question": "ใครเป็นรัฐมนตรีคมนาคมของมาเลเซีย"}])
    args = ["--questions", str(questions), "--ood", str(near), "--no-removed"]
    code, out = run_cli(["eval", "--knowledge", str(seed_dir), str(news), *args], capsys)
    assert code == 0 and "knowledge: 6 articles" in out
    rows = {line.split("|")[1].strip(): line.split("|") for line in out.splitlines() if "|" in line}
    assert rows["this engine"][2].strip() == "1.000"  # answer@1: both articles found by file
    assert rows["this engine"][9].strip() == "1.000"  # the minister no article names: declined
    assert rows["BM25 (bm25s)"][4].strip() == "1.000"  # source@1, the baseline beside it


@pytest.mark.parametrize(
    ("names", "reason"),
    [({"file": "missing.txt"}, "missing.txt holds no article"), ({}, 'no "url" or "file"')],
)
def test_a_question_whose_article_is_not_named_or_not_there_is_one_clear_line(
    seed_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    names: dict[str, object],
    reason: str,
) -> None:
    """Else it counts as a wrong answer, and the figures mislead without a word."""
    questions = write_jsonl(tmp_path / "q.jsonl", [{"question": "x", "answers": ["y"], **names}])
    code = main(["eval", "--knowledge", str(seed_dir), "--questions", str(questions)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "question 1" in err and reason in err, err


def test_eval_of_a_one_article_knowledge_asks_it_empty_too(
    seed_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without its one article the knowledge is empty: the baselines decline, not crash."""
    questions = write_jsonl(
        tmp_path / "q.jsonl",
        [
            {
                "question": "ใครเป็นประธานการประชุม ASCCO",
                "answers": ["Hoang Anh Tuan"],
                "url": SEED_URL,
            }
        ],
    )
    code, out = run_cli(
        ["eval", "--knowledge", str(seed_dir), "--questions", str(questions)], capsys
    )
    assert code == 0
    engine = next(line for line in out.splitlines() if line.startswith("| this engine"))
    cells = [c.strip() for c in engine.split("|")]
    assert cells[2] == "1.000"  # answer@1
    assert cells[8] == "1.000"  # without its article: declined
