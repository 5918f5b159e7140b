"""Six more news articles in the agency's format (Ho Chi Minh City's first metro line,
Indonesia's free school meals, Japan's first Nankai Trough megaquake advisory,
Malaysia's minimum wage, Changi Airport's Terminal 5, the Philippines' rice tariff cut),
with 48 Thai questions, 13 English ones and 8 near their subjects that no article
answers, written by hand before the engine was run on them: a measure of questions it
was never tuned on. Asked among these and the 29 articles of the other news tests."""

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

FOURTH = Path(__file__).with_name("data") / "news_fourth"


@pytest.fixture(scope="module")
def thirty_five(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), groups_through("news_fourth"))


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 44 right, 40 in bold today (34 and 31 as first run). Declined: asked in words
        # the articles do not use (ได้ประโยชน์, เทอร์มินอล, แพงกว่าที่คิด; ขึ้นเงินเดือน and
        # ซื้อข้าว are read as news's ขึ้นค่าจ้าง and นำเข้า since the eleventh set's time,
        # the metro ride's ใช้เวลานาน as its words since the thirteenth's). Wrong passage:
        # a firm is no answer to ใคร (Hitachi). The fine is right since the count of what
        # is asked is shown (the number after ปรับ, not the lede's new wage).
        ("questions.jsonl", 48, 38, 36),
        # 7 right, 6 in bold today (6 and 5 as first run). Declined: Ho Chi Minh City,
        # Hyuganada and the nutrition agency, which the text writes in Thai only;
        # Malaysia's minimum wage (Malaysia is its only name, and three articles have it).
        ("english.jsonl", 13, 6, 5),
    ],
)
def test_questions_written_before_the_engine_met_them(
    thirty_five: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    assert_news_floors(thirty_five, FOURTH / questions, asked, right_floor, bold_floor)


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles_are_mostly_declined(
    thirty_five: KnowledgeIndex,
) -> None:
    answered = near_subject_answered(thirty_five, FOURTH)
    # 7 of 8 declined today; answered: Thailand's corn tariff, from the Philippine rice
    # tariff article (no place in the question that the article lacks: ไทย is in it)
    assert len(answered) <= 2, answered


@pytest.mark.timeout(300)
def test_a_fare_in_dong_is_a_sum_of_money(thirty_five: KnowledgeIndex) -> None:
    # the lede's cost in ดอลลาร์ was taken for the fare, which the text gives in ด่อง
    answer = answered_from(thirty_five, "นั่งรถไฟฟ้าโฮจิมินห์ค่าโดยสารเท่าไหร่", "vn-hcmc-metro.txt")
    assert "๗,๐๐๐ - ๒๐,๐๐๐ ด่อง" in (answer.highlight or ""), answer.highlight


def test_the_currencies_of_southeast_asia_count_as_money() -> None:
    from bot.engine.evidence import counted
    from bot.engine.units import MONEY

    for text in ("๗,๐๐๐ ด่อง", "20,000 ดอง", "1,500 ล้านกีบ", "500 จ๊าด", "4,000 เรียล"):
        assert counted(MONEY).search(text), text


@pytest.mark.timeout(300)
def test_a_minister_of_human_resources_named_in_english(thirty_five: KnowledgeIndex) -> None:
    answer = answered_from(
        thirty_five, "Who is Malaysia's human resources minister?", "my-minimum-wage.txt"
    )
    assert "Steven Sim" in (answer.highlight or ""), answer.highlight
    assert answer.language == "en"


def test_fields_of_more_than_one_word() -> None:
    from bot.text.offices import offices_in

    assert offices_in("the human resources minister") == {
        "human": ("ทรัพยากรมนุษย์",),
        "resources": ("ทรัพยากรมนุษย์",),
        "minister": ("รัฐมนตรี",),
    }
    assert offices_in("Minister of Home Affairs")["home"] == ("มหาดไทย",)
    # alone, they are ordinary words
    assert offices_in("How many human resources does it need?") == {}


@pytest.mark.timeout(300)
def test_last_year_is_the_year_before_the_articles_own(thirty_five: KnowledgeIndex) -> None:
    # the article of May 2025 gives 2024's passengers ("ในปี 2567"); the lede's capacity
    # figures were answered instead
    answer = answered_from(thirty_five, "ปีที่แล้วสนามบินชางงีมีผู้โดยสารกี่คน", "sg-changi-t5.txt")
    assert "67.7 ล้านคน" in (answer.highlight or ""), answer.highlight


def test_a_year_said_from_now() -> None:
    from bot.engine.words import year_from_now
    from bot.text.normalize import fold_for_search

    def said(question: str) -> int:
        return year_from_now(fold_for_search(question))

    assert said("ปีที่แล้วเกาหลีใต้มีเด็กเกิดใหม่กี่คน") == -1
    assert said("เกาหลีมีเด็กเกิดกี่คน ปีที่แล้ว") == -1
    assert said("ราคาข้าวในญี่ปุ่นเมื่อหนึ่งปีก่อนอยู่ที่เท่าใด") == -1
    assert said("How many people visited last year?") == -1
    assert said("ปีหน้าเวียดนามจะส่งออกข้าวเท่าไร") == 1
    # a count of years back, the text's "the year before", this year: none
    assert said("สามปีก่อนราคาข้าวเท่าไร") == 0
    assert said("3 ปีก่อนราคาข้าวเท่าไร") == 0
    assert said("หลายปีที่ผ่านมามีอะไรเปลี่ยนไป") == 0
    assert said("เพิ่มขึ้นจากปีก่อนหน้าเท่าไร") == 0
    assert said("ปีนี้ตั้งเป้าไว้กี่คน") == 0


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "gold"),
    [
        (
            "ทำไมนักเศรษฐศาสตร์ถึงห่วงโครงการอาหารฟรีของอินโดนีเซีย",
            "id-free-meals.txt",
            "การขาดดุลงบประมาณเกินเพดานร้อยละ 3",
        ),
        ("คาดว่าจะมีผู้เข้าชมงานฮาลาลบรูไนกี่คน", "bn-halal-expo.txt", "๒๕,๐๐๐ คน"),
        ("ตอนมีคำเตือนแผ่นดินไหว ชินคันเซ็นทำยังไง", "jp-megaquake-advisory.txt", "ลดความเร็ว"),
        (
            "ทำไมบางคนกังวลเรื่องกฎหมายห้ามเด็กใช้สื่อสังคมออนไลน์ของออสเตรเลีย",
            "au-social-media.txt",
            "ความเป็นส่วนตัว",
        ),
    ],
)
def test_the_paragraph_with_what_is_asked_beyond_the_lede(
    thirty_five: KnowledgeIndex, question: str, file: str, gold: str
) -> None:
    # the lede, which names the event, was answered instead: the question's rarest word
    # that the article holds is in a later paragraph
    answer = answered_from(thirty_five, question, file)
    assert gold in (answer.highlight or ""), answer.highlight
