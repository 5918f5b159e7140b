"""Property-based tests: any text a user can type is answered without raising, and the
reply always fits Telegram's limits and is well-formed HTML."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine.answering import ask
from bot.engine.knowledge import KnowledgeIndex, build_index
from bot.telegram_app.rendering import MESSAGE_LIMIT, render_answer, split_message
from bot.text.loader import load_knowledge
from tests.conftest import SEED_URL, load_and_build
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
    ask(kb, "ทดสอบ ASCCO 2562")  # the segmenter and the model load once, before any deadline
    return kb


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Costly resources load before the first example, so each example's deadline
    measures the work for its own input."""
    ask(seed_index(), "what is asean?")  # the English word list of one-case questions
    build_index(load_knowledge(ROOT / "knowledge").articles)


# Per example: far above what any input takes here (a few ms to a few hundred), far
# below a hang or a regular expression gone quadratic on some input.
DEADLINE_MS = 3000


@settings(max_examples=300, deadline=DEADLINE_MS, suppress_health_check=[HealthCheck.too_slow])
@given(question=TEXT, after=st.sampled_from([None, SEED_URL, "https://example.org/gone"]))
def test_any_question_gets_a_reply_that_fits_and_parses(question: str, after: str | None) -> None:
    """Asked alone or as a follow-up (of the seed article, or of one that is gone)."""
    answer = ask(seed_index(), question, after=after)
    assert answer.found in (True, False)
    if answer.answer is not None:
        assert len(answer.answer) <= 600
    for part in split_message(render_answer(answer)):
        assert 0 < len(part) <= MESSAGE_LIMIT
        check_html(part)


@settings(max_examples=20, deadline=DEADLINE_MS)
@given(filler=st.sampled_from(["", " ", "?", "ก", "๕"]))
def test_a_4096_character_question(filler: str) -> None:
    question = ("อาเซียน" + filler) * (4096 // (7 + len(filler)))
    answer = ask(seed_index(), question, after=SEED_URL)
    for part in split_message(render_answer(answer)):
        check_html(part)


@settings(
    max_examples=100,
    deadline=DEADLINE_MS,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
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


FIELD = st.lists(st.one_of(THAI, st.characters(), ODD), min_size=0, max_size=80).map("".join)


def _as_markdown(title: str, body: str, url: str = "https://e.org/md") -> str:
    return f"---\ntitle: {title}\nurl: {url}\n---\n{body}\n"


def _as_jsonl(title: str, body: str) -> str:
    record = {"id": "j", "title": title, "url": "https://e.org/j", "text": body}
    return json.dumps(record, ensure_ascii=False) + "\n"


def _as_agency(title: str, body: str) -> str:
    return f"{title}\n\n{body}\n\nแปลและสรุปความจาก:\nhttps://e.org/t\n"


@settings(
    max_examples=150,
    deadline=DEADLINE_MS,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    title=FIELD,
    body=FIELD,
    form=st.sampled_from([(".md", _as_markdown), (".jsonl", _as_jsonl), (".txt", _as_agency)]),
)
def test_articles_of_any_unicode_load_or_are_skipped_with_a_reason_and_stay_searchable(
    tmp_path_factory, title: str, body: str, form
) -> None:  # type: ignore[no-untyped-def]
    """Combining marks alone, RTL, emoji, zero-width and control characters in a title or
    body: the file loads or is skipped with a reason, the good file beside it always
    loads, and questions over the result never raise and render as valid HTML."""
    suffix, render = form
    folder = tmp_path_factory.mktemp("kb")
    (folder / f"odd{suffix}").write_text(render(title, body), encoding="utf-8")
    (folder / "good.md").write_text(
        _as_markdown("ข่าวดี", "เนื้อหาข่าวดี", "https://e.org/good"), encoding="utf-8"
    )
    result = load_knowledge(folder)
    assert "https://e.org/good" in [a.url for a in result.articles]  # the good file
    loaded = any(a.source.startswith("odd") for a in result.articles)
    skipped = [s for s in result.skipped if s.path.startswith("odd")]
    assert loaded != bool(skipped)  # the odd file is either loaded or skipped, not lost
    assert all(s.reason for s in result.skipped)
    for article in result.articles:
        assert article.title.strip() and "\x00" not in article.title + article.text
    kb = build_index(result.articles)
    for question in (title, body, "ข่าวดี"):
        for part in split_message(render_answer(ask(kb, question))):
            assert 0 < len(part) <= MESSAGE_LIMIT
            check_html(part)


LATIN_AND_THAI = st.lists(
    st.one_of(
        THAI,
        st.sampled_from(
            [" ", "  ", "(", ")", ".", ",", "A", "Ab", "of", "นาย", "มีนาคม", "พ.ศ.", "๕"]
        ),
        st.characters(),
    ),
    max_size=1500,
).map("".join)


@settings(max_examples=300, deadline=DEADLINE_MS)
@given(text=LATIN_AND_THAI)
def test_highlight_units_cover_the_text_in_order_and_fit_a_highlight(text: str) -> None:
    """However a passage is written, the highlight's units are in order, do not overlap,
    hold every non-space character, and each fits in a highlight."""
    from bot.engine.highlight import units
    from bot.engine.ranking import HIGHLIGHT_CHARS

    spans = units(text)
    at = 0
    for start, end in spans:
        assert at <= start < end <= len(text)
        assert end - start <= HIGHLIGHT_CHARS
        assert not text[at:start].strip()  # only spaces between units
        at = end
    assert not text[at:].strip()


@pytest.mark.parametrize(
    "question",
    ["", " ", "\n\t \u3000", "?!?!...", "!!!", "1234567890", "๑๒๓๔", "\u0e48\u0e49", "\u200b"],
)
def test_empty_punctuation_and_digit_questions_get_a_polite_not_found(question: str) -> None:
    answer = ask(seed_index(), question)
    assert not answer.found
    reply = render_answer(answer)
    check_html(reply)
    assert reply.strip()
