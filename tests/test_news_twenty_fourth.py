"""Six news articles of 2024 and 2025 in the agency's format (Thailand's marriage
equality law in force, Claudia Sheinbaum elected in Mexico, Chelsea's Club World Cup,
the Kunar earthquake in Afghanistan, gold past 4,000 dollars an ounce, India's SpaDeX
docking), with 48 Thai questions, 12 English ones and 8 near their subjects, written by
hand before the engine was run on them. Asked among these and the 155 articles of the
other news tests."""

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

TWENTY_FOURTH = Path(__file__).with_name("data") / "news_twenty_fourth"
GROUPS = groups_through("news_twenty_fourth")


@pytest.fixture(scope="module")
def one_hundred_fifty_five(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 45 right and 41 in bold today (43 and 40 as first run). Declined: the minimum
        # age to marry (ตามกฎหมาย, which the text does not write, and the rival minimum
        # ages of social media), why rescuers could not reach Kunar (เข้าไปช่วยคน for the
        # text's เข้าถึงพื้นที่), where Thais sold their gold (คนไทยแห่เอาทองไปขาย for
        # ประชาชนนำทองมาขาย); in the reply, not in bold: Sheinbaum's predecessor (his
        # name cut after โลเปซ), Jalalabad (the lede's ใกล้ชายแดน), Goldman Sachs's
        # forecast (Thailand's gold price nearer ทอง), where SpaDeX was launched from
        ("questions.jsonl", 48, 45, 41),
        # 4 right and 3 in bold as first run and today. Declined: the names that only
        # Thai letters write (Sheinbaum, Chelsea, Kunar) and the questions that name
        # nothing the articles write in Latin letters
        ("english.jsonl", 12, 4, 3),
    ],
)
def test_questions_written_before_the_engine_met_them(
    one_hundred_fifty_five: KnowledgeIndex,
    questions: str,
    asked: int,
    right_floor: int,
    bold_floor: int,
) -> None:
    assert_news_floors(
        one_hundred_fifty_five, TWENTY_FOURTH / questions, asked, right_floor, bold_floor
    )


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles(one_hundred_fifty_five: KnowledgeIndex) -> None:
    answered = near_subject_answered(one_hundred_fifty_five, TWENTY_FOURTH)
    # 2 of 8 declined as first run and today. Answered: when PSG were champions of
    # Europe (rightly, from the article on their Champions League final); the year
    # Nepal and Taiwan allowed it (the lede names both), Sheinbaum's children (the
    # murdered candidates' count), Herat's toll (Kunar's), the price of silver (gold's)
    assert len(answered) <= 6, answered


@pytest.mark.timeout(300)
def test_who_held_it_before_someone_named(one_hundred_fifty_five: KnowledgeIndex) -> None:
    # ก่อน right before a name: the paragraph that says whom she succeeds (สืบต่อ
    # ตำแหน่งจาก) answers, not the lede that names her and Mexico
    answer = answered_from(
        one_hundred_fifty_five, "ใครเป็นประธานาธิบดีเม็กซิโกก่อนชีนบาวม์", "mx-sheinbaum.txt"
    )
    assert "โลเปซ โอบราดอร์" in (answer.answer or ""), answer.answer
    assert "สืบต่อตำแหน่งจากประธานาธิบดีอันเดรส" in (answer.highlight or ""), answer.highlight


@pytest.mark.timeout(300)
def test_when_she_takes_office(one_hundred_fifty_five: KnowledgeIndex) -> None:
    # รับ of รับตำแหน่ง says which event is asked: the day she takes office, not the
    # lede's election day
    answer = answered_from(
        one_hundred_fifty_five,
        "ประธานาธิบดีหญิงคนแรกของเม็กซิโกจะรับตำแหน่งเมื่อไร",
        "mx-sheinbaum.txt",
    )
    assert "1 ตุลาคม 2567" in (answer.highlight or ""), answer.highlight
