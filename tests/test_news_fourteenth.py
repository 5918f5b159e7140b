"""Six news articles of 2025 in the agency's format (the Cebu earthquake, the Louvre
jewel theft, María Corina Machado's Nobel Peace Prize, India's two-rate GST, South
Korea's fourth Nuri launch, Pope Leo XIV in Turkey and Lebanon), with 48 Thai questions,
12 English ones and 8 near their subjects that no article answers, written by hand
before the engine was run on them. Asked among these and the 89 articles of the other
news tests."""

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

FOURTEENTH = Path(__file__).with_name("data") / "news_fourteenth"
GROUPS = groups_through("news_fourteenth")


@pytest.fixture(scope="module")
def ninety_five(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 42 right and 39 in bold today (41 and 36 as first run). Missed: the epicentre
        # (another earthquake's article), the homes (no subject named), how the thieves
        # got in (ยังไง), the small cars' tax (รถเล็ก); in the reply, not in bold: the
        # pope's host, the GST's rates
        ("questions.jsonl", 48, 42, 38),
        # 4 right, 2 in bold as first run. Declined: Cebu (written in Thai only), the
        # Nobel Peace Prize (the article says โนเบลสาขาสันติภาพ, another article the
        # English), the Council of Nicaea
        ("english.jsonl", 12, 4, 2),
    ],
)
def test_questions_written_before_the_engine_met_them(
    ninety_five: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    assert_news_floors(ninety_five, FOURTEENTH / questions, asked, right_floor, bold_floor)


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles(ninety_five: KnowledgeIndex) -> None:
    answered = near_subject_answered(ninety_five, FOURTEENTH)
    # 3 of 8 declined as first run. Answered: the Mona Lisa's theft, the 2024 peace
    # prize, India's gold duty, the Nuri's price, Lebanon's president: each article holds
    # the question's other words
    assert len(answered) <= 5, answered


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "said"),
    [
        # a cause given before จึง (therefore): the paragraph that says why, not the lede
        ("ทำไมฟิลิปปินส์ถึงมีแผ่นดินไหวบ่อย", "ph-cebu-earthquake.txt", "วงแหวนแห่งไฟ"),
        ("ยานญี่ปุ่นลงจอดหัวทิ่มเพราะอะไร", "jp-slim-moon.txt", "เครื่องยนต์หลักเครื่องหนึ่งขัดข้อง"),
        # who got a thing is named after it ("มอบรางวัล...แก่นางมาเรีย คอรีนา มาชาโด"), not
        # before the question's words as a doer is (the committee's chair was shown)
        ("ใครได้โนเบลสันติภาพปี 2568", "no-nobel-peace-machado.txt", "มาเรีย คอรีนา มาชาโด"),
        ("ใครได้แชมป์ฟุตบอลอาเซียนคัพ 2024", "vn-asean-cup.txt", "เวียดนาม"),
        # the doer named before the deed is not the one the question names: "นางมา" is
        # what is left of นางมาชาโด once the question's ชา and โด are blanked
        (
            "ใครลงสมัครประธานาธิบดีเวเนซุเอลาแทนมาชาโด",
            "no-nobel-peace-machado.txt",
            "เอ็ดมุนโด กอนซาเลซ",
        ),
    ],
)
def test_the_answer_is_in_bold(
    ninety_five: KnowledgeIndex, question: str, file: str, said: str
) -> None:
    answer = answered_from(ninety_five, question, file)
    assert said in (answer.highlight or ""), answer.highlight


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "said"),
    [
        ("ทำไมยุงที่สิงคโปร์ปล่อยออกมาถึงไม่แพร่เชื้อ", "sg-wolbachia.txt", "ไม่กัดคน"),
    ],
)
def test_the_answer_is_from_the_right_article(
    ninety_five: KnowledgeIndex, question: str, file: str, said: str
) -> None:
    answer = answered_from(ninety_five, question, file)
    assert said in (answer.answer or ""), answer.answer
