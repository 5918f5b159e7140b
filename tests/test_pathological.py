"""One message must never freeze the bot: inputs that made the small-talk check or the
loader take time exponential or quadratic in their length. Each example has a deadline,
so slowness fails the test."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.answering import KnowledgeIndex, analyse_question, build_index
from bot.engine.question import MAX_TERMS
from bot.text.loader import ArticleFormatError, load_knowledge, parse_agency_text
from bot.text.smalltalk import is_small_talk
from tests.conftest import article

WORDS = st.sampled_from(["ok", "ขอบคุณ", "thanks", "ครับ", "hi", "นะ", "สวัสดี", "k"])


@settings(max_examples=60, deadline=timedelta(milliseconds=250))
@given(words=st.lists(WORDS, min_size=20, max_size=60), tail=st.sampled_from(["zz", "อะไร", "?x"]))
def test_many_small_talk_words_then_a_question_word(words: list[str], tail: str) -> None:
    assert not is_small_talk(" ".join(words) + " " + tail)


@settings(max_examples=30, deadline=timedelta(milliseconds=250))
@given(words=st.lists(WORDS, min_size=1, max_size=12))
def test_small_talk_made_of_pieces_is_small_talk(words: list[str]) -> None:
    assert is_small_talk(" ".join(words))
    assert is_small_talk("".join(words))  # Thai writes them without spaces


@settings(max_examples=10, deadline=timedelta(milliseconds=500))
@given(length=st.integers(min_value=5_000, max_value=40_000), char=st.sampled_from(["ก", " ", "1"]))
def test_a_long_second_line_is_refused_quickly(length: int, char: str) -> None:
    text = f"หัวข้อข่าว\n{char * length}x\nเนื้อข่าว"
    with pytest.raises(ArticleFormatError):
        parse_agency_text(text, "long.txt")


def test_the_agency_date_line_still_parses() -> None:
    article = parse_agency_text(
        "หัวข้อข่าว\n ข่าวต่างประเทศ      06 Mar 2019\nเนื้อข่าวที่ยาวพอสมควรสำหรับบทความ\n"
        "แปลและสรุปความจาก: https://example.org/a",
        "a.txt",
    )
    assert article.published == "2019-03-06" and article.category == "ข่าวต่างประเทศ"


def test_an_overlong_source_url_skips_that_article_only(tmp_path: Path) -> None:
    """A 5,000-character URL would break every answer that cites it."""
    long_url = "https://example.org/" + "a" * 5000
    lines = [
        {"title": "ข่าวหนึ่ง", "url": long_url, "text": "เนื้อข่าวที่หนึ่งเกี่ยวกับการประชุม"},
        {"title": "ข่าวสอง", "url": "https://example.org/b", "text": "เนื้อข่าวที่สองเกี่ยวกับเศรษฐกิจ"},
    ]
    (tmp_path / "a.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8"
    )
    loaded = load_knowledge(tmp_path)
    assert [a.url for a in loaded.articles] == ["https://example.org/b"]
    assert any("5,020 characters" in str(w) for w in [*loaded.warnings, *loaded.skipped])


@settings(max_examples=10, deadline=timedelta(milliseconds=50))
@given(
    length=st.integers(min_value=1_800, max_value=2_048),
    particle=st.sampled_from(["คะ", "ครับ", "จ้า"]),
    tail=st.sampled_from(["x", "ก", "?"]),
)
def test_a_run_of_particles_is_set_apart_quickly(length: int, particle: str, tail: str) -> None:
    """A question made of thousands of particles must not be searched from each one."""
    from bot.engine.question import tidy

    assert len(tidy(particle * length + tail)) >= length


@settings(max_examples=10, deadline=timedelta(milliseconds=250))
@given(
    length=st.integers(min_value=2_000, max_value=6_000),
    digit=st.sampled_from(["1", "1,", "๑"]),
    unit=st.sampled_from(["คน", "เปอร์เซ็นต์", "เงิน"]),
)
def test_a_long_number_is_searched_for_a_unit_quickly(length: int, digit: str, unit: str) -> None:
    """An article's long run of digits: the count of a "how many" question is looked for
    from the start of each number, not from each digit."""
    from bot.engine.evidence import counted
    from bot.text.normalize import fold_for_search

    assert counted(unit).search(fold_for_search(digit * length + "x")) is None


@settings(max_examples=5, deadline=timedelta(milliseconds=250))
@given(
    length=st.integers(min_value=30_000, max_value=50_000),
    char=st.sampled_from(["(", " (", "(ก"]),
)
def test_a_title_of_open_brackets_is_heard_quickly(length: int, char: str) -> None:
    """A file whose first line is thousands of "(": its title's name (the title without
    its bracketed part) is read in one pass when the index is made, not once from each
    bracket."""
    from bot.engine.names import sounds_of_titles

    sounds_of_titles([char * (length // len(char))])


@pytest.fixture(scope="module")
def one_article() -> KnowledgeIndex:
    return build_index([article("a", "ข่าว", "ข่าว WWE ASCCO")])


@settings(max_examples=5, deadline=timedelta(milliseconds=80))
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_a_page_of_capitals_is_read_quickly(one_article: KnowledgeIndex, seed: int) -> None:
    """A pasted page of words in capitals, none of them in the knowledge: each would be
    an acronym to look for in Thai letter names, at a segmentation each. At most as many
    as a question has words are."""
    rng = random.Random(seed)
    words = ("".join(rng.choice("WXSZHLQ") for _ in range(rng.randint(2, 6))) for _ in range(800))
    question = analyse_question(one_article, " ".join(words)[:4096])
    assert len(question.weights) <= MAX_TERMS
