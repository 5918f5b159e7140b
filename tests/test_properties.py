"""Property-based tests: any text a user can type is answered without raising, and the
reply always fits Telegram's limits and is well-formed HTML."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import KnowledgeIndex, ask, load_and_build
from bot.loader import load_knowledge
from bot.telegram_app.rendering import MESSAGE_LIMIT, render_answer, split_message
from tests.test_rendering import check_html

ROOT = Path(__file__).resolve().parent.parent

THAI = st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F)
ODD = st.sampled_from(
    [
        "\u200b",
        "\u200c",
        "\ufeff",
        "\u202e",
        "\u0e31",
        "\u0e48",
        "<",
        ">",
        "&",
        "*",
        "_",
        "`",
        "\n",
        "\t",
        "\x00",
        "\x07",
        "🎉",
        "👍🏽",
        "٣",
        "מ",
        "ع",
        "๕",
        "2562",
        "https://x.y/<a>",
    ]
)
TEXT = st.lists(st.one_of(THAI, st.characters(), ODD), max_size=300).map("".join)


@lru_cache(maxsize=1)
def seed_index() -> KnowledgeIndex:
    kb, _ = load_and_build(ROOT / "knowledge")
    return kb


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=TEXT)
def test_any_question_gets_a_reply_that_fits_and_parses(question: str) -> None:
    answer = ask(seed_index(), question)
    assert answer.found in (True, False)
    if answer.answer is not None:
        assert len(answer.answer) <= 600
    for part in split_message(render_answer(answer)):
        assert 0 < len(part) <= MESSAGE_LIMIT
        check_html(part)


@settings(max_examples=20, deadline=None)
@given(filler=st.sampled_from(["", " ", "?", "ก", "๕"]))
def test_a_4096_character_question(filler: str) -> None:
    question = ("อาเซียน" + filler) * (4096 // (7 + len(filler)))
    answer = ask(seed_index(), question)
    for part in split_message(render_answer(answer)):
        check_html(part)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".jsonl"]))
def test_loader_never_raises_on_arbitrary_bytes(
    tmp_path_factory, content: bytes, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("kb")
    (folder / f"x{suffix}").write_bytes(content)
    (folder / "good.md").write_text(
        "---\ntitle: ข่าวดี\nurl: https://e.org/ok\n---\nเนื้อหา\n", encoding="utf-8"
    )
    result = load_knowledge(folder)
    assert "https://e.org/ok" in [a.url for a in result.articles]
    assert all(s.reason for s in result.skipped)
