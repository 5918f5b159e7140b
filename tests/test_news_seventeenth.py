"""Six news articles of 2025 in the agency's format (Cambodia's Techo airport, the first
Indian on the ISS, Duterte elected mayor from his cell, China's dam on the Yarlung
Tsangpo, Singapore's sixtieth National Day, Myanmar's election), with 48 Thai questions,
12 English ones and 8 near their subjects that no article answers, written by hand
before the engine was run on them. Asked among these and the 107 articles of the other
news tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answering import ask
from bot.engine.knowledge import KnowledgeIndex
from tests.conftest import (
    answered_from,
    assert_news_floors,
    groups_through,
    near_subject_answered,
    news_index,
)

SEVENTEENTH = Path(__file__).with_name("data") / "news_seventeenth"
GROUPS = groups_through("news_seventeenth")


@pytest.fixture(scope="module")
def one_hundred_thirteen(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 45 right and 40 in bold today (40 and 34 as first run). Missed:
        # independence (declined: Lawrence Wong's article says it too), the first prime
        # minister (Wong, "the first born after independence"), the first round's date
        # (ระยะแรก, declined); in the reply, not in bold: the first Indian on the ISS,
        # Duterte's office and his cell, the vouchers' end, the army's party
        ("questions.jsonl", 48, 45, 40),
        # 7 right and in bold as first run. Declined: the Senate's top vote, Lee Kuan
        # Yew, the turnout; not in the reply: the Brahmaputra
        ("english.jsonl", 12, 8, 8),
    ],
)
def test_questions_written_before_the_engine_met_them(
    one_hundred_thirteen: KnowledgeIndex,
    questions: str,
    asked: int,
    right_floor: int,
    bold_floor: int,
) -> None:
    assert_news_floors(
        one_hundred_thirteen, SEVENTEENTH / questions, asked, right_floor, bold_floor
    )


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles(one_hundred_thirteen: KnowledgeIndex) -> None:
    answered = near_subject_answered(one_hundred_thirteen, SEVENTEENTH)
    # 2 of 8 declined as first run, 3 today (the 50th anniversary is not the 60th).
    # Answered: Sharma's days in space, Duterte's terms as mayor, the Three Gorges Dam's
    # completion, Cambodia's tourists, India's own space station: each article holds
    # the question's other words
    assert len(answered) <= 5, answered


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "said"),
    [
        # a senator said short (ส.ว.), as the article writes it out
        ("ฝ่ายมาร์กอสได้ ส.ว. กี่คน", "ph-duterte-mayor.txt", "6 ที่นั่ง"),
        # who commands a mission, named before the office (เป็นผู้บังคับการ)
        ("ใครเป็นผู้บังคับการภารกิจแอ็กเซียม-4", "in-shukla-iss.txt", "เพ็กกี วิทสัน"),
        ("Who commanded the Axiom Mission 4?", "in-shukla-iss.txt", "เพ็กกี วิทสัน"),
        # how much, with no unit named: the number just after what is asked
        ("ดูเตร์เตได้คะแนนเท่าไร", "ph-duterte-mayor.txt", "662,000 เสียง"),
        ("สิงคโปร์ฉลองวันชาติครบ 60 ปีจัดที่ไหน", "sg-sg60-national-day.txt", "ลานพาดัง"),
    ],
)
def test_the_answer_is_in_bold(
    one_hundred_thirteen: KnowledgeIndex, question: str, file: str, said: str
) -> None:
    answer = answered_from(one_hundred_thirteen, question, file)
    assert said in (answer.highlight or ""), answer.highlight


@pytest.mark.timeout(300)
def test_another_anniversary_is_not_answered(one_hundred_thirteen: KnowledgeIndex) -> None:
    # an anniversary is one of a series: the 50th is not the article's 60th
    assert not ask(one_hundred_thirteen, "สิงคโปร์ฉลองวันชาติครบ 50 ปีจัดที่ไหน").found
