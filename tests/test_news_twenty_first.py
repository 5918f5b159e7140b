"""Six news articles of 2025 in the agency's format (Bali's floods, Malaysia's social
media ban for children, Japan's fewest births, the fire at South Korea's government data
centre, the $100,000 H-1B fee, the lake that burst in Hualien), with 48 Thai questions,
12 English ones and 8 near their subjects that no article answers, written by hand
before the engine was run on them. Asked among these and the 137 articles of the other
news tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answering import analyse_question
from bot.engine.knowledge import KnowledgeIndex
from tests.conftest import (
    answered_from,
    assert_news_floors,
    groups_through,
    near_subject_answered,
    news_index,
)

TWENTY_FIRST = Path(__file__).with_name("data") / "news_twenty_first"
GROUPS = groups_through("news_twenty_first")


@pytest.fixture(scope="module")
def one_hundred_thirty_seven(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 42 right and 40 in bold today (41 and 39 as first run). Missed: marriages
        # (declined), South Korea's fertility rate (answered from the article on it),
        # Taiwan's premier (the article on Lai's inauguration); in the reply, not in
        # bold: why Bali flooded and why people were trapped (the lede answers), the
        # fire's cause, the new fee, whether it is paid each year
        ("questions.jsonl", 48, 42, 40),
        # 4 right and 3 in bold as first run. Declined: Bali, its governor, Malaysia's
        # age and Tokyo's rate (names written in Thai only), Australia's ban, Japan's
        # births, the H-1B fee and its company (beside the article on China's K visa)
        ("english.jsonl", 12, 4, 3),
    ],
)
def test_questions_written_before_the_engine_met_them(
    one_hundred_thirty_seven: KnowledgeIndex,
    questions: str,
    asked: int,
    right_floor: int,
    bold_floor: int,
) -> None:
    assert_news_floors(
        one_hundred_thirty_seven, TWENTY_FIRST / questions, asked, right_floor, bold_floor
    )


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles(one_hundred_thirty_seven: KnowledgeIndex) -> None:
    answered = near_subject_answered(one_hundred_thirty_seven, TWENTY_FIRST)
    # 3 of 8 declined as first run and today. Answered: Japan's population, another
    # visa's fee, Ragasa in Hong Kong, Bali's temples, Taiwan's dams: each article holds
    # the question's other words
    assert len(answered) <= 5, answered


@pytest.mark.timeout(300)
def test_a_rate_per_year_counts_what_is_before_it(
    one_hundred_thirty_seven: KnowledgeIndex,
) -> None:
    # "ปีละ" (per year) is the rate, the dead are what is counted: the paragraph on the
    # deaths, not the lede's births
    answer = answered_from(one_hundred_thirty_seven, "ญี่ปุ่นมีคนตายปีละกี่คน", "jp-births-record-low.txt")
    assert "1,605,298 คน" in (answer.highlight or ""), answer.highlight


@pytest.mark.timeout(300)
def test_a_fee_opens_the_question_and_is_a_sum(
    one_hundred_thirty_seven: KnowledgeIndex,
) -> None:
    # ค่า opening a question is a fee (ค่าวีซ่า), not a chat's polite particle, and a fee
    # asked is a sum of money
    question = analyse_question(one_hundred_thirty_seven, "ค่าวีซ่า H-1B ใหม่เท่าไร")
    assert question.text.startswith("ค่าวีซ่า")
    assert question.unit == "เงิน"
    # ...while a particle at the end still comes off
    assert analyse_question(one_hundred_thirty_seven, "ค่าวีซ่า H-1B ใหม่เท่าไรคะ").text == (
        "ค่าวีซ่า H-1B ใหม่เท่าไร"
    )
