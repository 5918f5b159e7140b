"""Six news articles of 2025 in the agency's format (the longest US government shutdown,
France's prime minister voted out, Vietnam's death penalty cut back, the Bihar election,
the Nobel Prize in Physics, PSG's Champions League final), with 48 Thai questions, 12
English ones and 8 near their subjects that no article answers, written by hand before
the engine was run on them. Asked among these and the 131 articles of the other news
tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.knowledge import KnowledgeIndex
from bot.text.countries import countries_apart
from tests.conftest import (
    answered_from,
    assert_news_floors,
    groups_through,
    near_subject_answered,
    news_index,
)

TWENTIETH = Path(__file__).with_name("data") / "news_twentieth"
GROUPS = groups_through("news_twentieth")


@pytest.fixture(scope="module")
def one_hundred_thirty_one(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 38 right and 36 in bold today (34 and 32 as first run). Missed: the prize
        # money and the ceremony (answered from the other Nobel articles, which say the
        # same), the budget cut (ตัดงบ), the lawmakers' vote (ส.ส., เห็นด้วย), Doué's age
        # (ดูเอ cut into two common words); in the reply, not in bold: the budget's end,
        # France's new prime minister, the alliance's seats, Martinis's company, the
        # score, the prize's subject, the two-goal scorer
        ("questions.jsonl", 48, 38, 36),
        # 2 right and in bold as first run. Declined: the shutdown's length and what the
        # Democrats wanted (no name the knowledge has but the US), the crimes left, the
        # physics prize (Prize, Physics: no article writes them); not in bold: Bihar's
        # chief minister
        ("english.jsonl", 12, 4, 3),
    ],
)
def test_questions_written_before_the_engine_met_them(
    one_hundred_thirty_one: KnowledgeIndex,
    questions: str,
    asked: int,
    right_floor: int,
    bold_floor: int,
) -> None:
    assert_news_floors(
        one_hundred_thirty_one, TWENTIETH / questions, asked, right_floor, bold_floor
    )


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles(one_hundred_thirty_one: KnowledgeIndex) -> None:
    answered = near_subject_answered(one_hundred_thirty_one, TWENTIETH)
    # 4 of 8 declined as first run, 3 today. Answered: Vietnam's executions a year,
    # another state's election, PSG's league titles, Marseille's score: each article
    # holds the question's other words; when Trump signed a tax law (the shutdown
    # article's lede, on the funding bill he signed, since a news lede's lead counts
    # half between articles)
    assert len(answered) <= 5, answered


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "said"),
    [
        # an organisation in its other spelling (องค์กร, องค์การ)
        (
            "องค์กรไหนบอกว่าเวียดนามประหารชีวิตคนมากที่สุด",
            "vn-death-penalty.txt",
            "องค์การนิรโทษกรรมสากล",
        ),
        # GDP, which the text writes out: an acronym the article lacked ruled it out
        (
            "หนี้สาธารณะของฝรั่งเศสกี่เปอร์เซ็นต์ของ GDP",
            "fr-bayrou-confidence.txt",
            "ร้อยละ 114",
        ),
        # the whole (ทั้งหมด), not a part's count
        ("สภารัฐพิหารมีทั้งหมดกี่ที่นั่ง", "in-bihar-election.txt", "243 ที่นั่ง"),
        # a coach, whom news calls a football club's manager, in Thai and in English
        ("โค้ชเปแอสเชชื่ออะไร", "eu-champions-league-final.txt", "หลุยส์ เอ็นริเก"),
        ("Who coaches PSG?", "eu-champions-league-final.txt", "หลุยส์ เอ็นริเก"),
    ],
)
def test_the_answer_is_in_bold(
    one_hundred_thirty_one: KnowledgeIndex, question: str, file: str, said: str
) -> None:
    answer = answered_from(one_hundred_thirty_one, question, file)
    assert said in (answer.highlight or ""), answer.highlight


@pytest.mark.timeout(300)
def test_a_chief_minister_is_found(one_hundred_thirty_one: KnowledgeIndex) -> None:
    # the head of an Indian state's government, as news writes it (มุขมนตรี)
    answer = answered_from(
        one_hundred_thirty_one, "Who is Bihar's chief minister?", "in-bihar-election.txt"
    )
    assert "นิตีศ กุมาร" in answer.answer


@pytest.mark.timeout(60)
def test_the_united_states_in_capitals_is_the_country() -> None:
    assert countries_apart("How long did the US shutdown last?") == (
        "How long did the USA shutdown last?"
    )
    assert countries_apart("the U.S. economy") == "the USA economy"
    # the pronoun, and a question typed all in capitals, are left
    assert countries_apart("tell us more") == "tell us more"
    assert countries_apart("WHAT DID US DO") == "WHAT DID US DO"
