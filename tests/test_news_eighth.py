"""Six news articles of 2024 and 2025 in the agency's format, on science, health,
economy, industry, a disaster and sport (Chang'e 6, mpox as an emergency, the Bank of
Japan's first rate rise in 17 years, TSMC in Kumamoto, the Los Angeles wildfires, the
ASEAN football championship), with 48 Thai questions, 12 English ones and 8 near their
subjects that no article answers, written by hand before the engine was run on them.
Asked among these and the 53 articles of the other news tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.knowledge import KnowledgeIndex
from tests.conftest import (
    answered_from,
    assert_news_floors,
    groups_through,
    near_subject_answered,
    news_index,
)

EIGHTH = Path(__file__).with_name("data") / "news_eighth"
GROUPS = groups_through("news_eighth")


@pytest.fixture(scope="module")
def fifty_nine(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 42 right, 39 in bold today (41 and 36 as first run). Missed: the launch date
        # for the day the capsule came back, the date of this rise for the one before
        # (ครั้งก่อนหน้า), the lede for why the bank dared (แบงก์ชาติ), the champion (a
        # team, asked with ใคร) beside the top scorer, the scores of
        # the final; answered from another article: the Chinese lander's site (the
        # article on India's names China), the people evacuated (the floods in
        # Jakarta, on อพยพ and ออกจาก); declined: the far side as ด้านหลัง, the dead of
        # ไฟไหม้ป่า ที่แอลเอ (ไฟไหม้|ป่า for the text's ไฟป่า)
        ("questions.jsonl", 48, 40, 35),
        # 8 right, 7 in bold today (7 and 6 as first run). Declined: JASM and CAL FIRE,
        # whose questions share no name the text writes in Latin letters beside them
        ("english.jsonl", 12, 6, 5),
    ],
)
def test_questions_written_before_the_engine_met_them(
    fifty_nine: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    assert_news_floors(fifty_nine, EIGHTH / questions, asked, right_floor, bold_floor)


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles(fifty_nine: KnowledgeIndex) -> None:
    answered = near_subject_answered(fifty_nine, EIGHTH)
    # 2 of 8 declined today and as first run. Answered: Chang'e 5's samples (a Thai
    # name with a number after a space is not read as one of a series), covid-19 as an
    # emergency, the US Federal Reserve's rate, TSMC in Arizona, the SEA Games final,
    # Thailand's coach: each article holds the question's other words
    assert len(answered) <= 6, answered


@pytest.mark.timeout(300)
def test_los_angeles_as_people_say_it(fifty_nine: KnowledgeIndex) -> None:
    # the text says ลอสแอนเจลิส; แอลเอ weighed as a word no article uses, and the
    # question was declined
    answer = answered_from(
        fifty_nine, "ไฟป่าแอลเอสร้างความเสียหายทางเศรษฐกิจมูลค่าเท่าไร", "us-la-wildfires.txt"
    )
    assert "275,000 ล้านดอลลาร์" in (answer.answer or ""), answer.answer


@pytest.mark.timeout(300)
def test_an_english_question_that_names_a_coach(fifty_nine: KnowledgeIndex) -> None:
    # Vietnam was its only name, which several articles hold, and it was declined; the
    # coach is a role news names as it names offices (หัวหน้าผู้ฝึกสอน)
    answer = answered_from(
        fifty_nine, "Who coaches Vietnam's national football team?", "vn-asean-cup.txt"
    )
    assert answer.language == "en"
    assert "คิม ซัง-ซิก" in (answer.highlight or ""), answer.highlight
