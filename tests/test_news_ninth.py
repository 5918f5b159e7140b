"""Six news articles of 2024 and 2025 in the agency's format (Duterte handed to the
International Criminal Court, To Lam at the head of Vietnam's Communist Party, Japan's
SLIM on the Moon, the Lewotobi eruption, data centres in Johor, the Asian Winter Games in
Harbin), with 48 Thai questions, 12 English ones and 7 near their subjects that no
article answers, written by hand before the engine was run on them. Asked among these
and the 59 articles of the other news tests."""

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

NINTH = Path(__file__).with_name("data") / "news_ninth"
GROUPS = groups_through("news_ninth")


@pytest.fixture(scope="module")
def sixty_five(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 41 right, 39 in bold today (38 and 35 as first run). Missed: the country To
        # Lam visited first, the party congress (ครั้งที่ 14) and the Thai athletes (the
        # lede), the mascot, why firms build in Johor; in the reply, not in bold: the
        # city of the court (เฮก, asked as เมือง, written กรุง), China's golds (a window
        # over the next paragraph); declined: the former leader's age (ผู้นำ, ตอน), the
        # villagers evacuated (ชาวบ้าน)
        ("questions.jsonl", 48, 41, 39),
        # 10 right, 10 in bold today (8 and 6 as first run). Declined: To Lam (Communist
        # Party is written in Thai only) and Johor's chief minister (Johor too)
        ("english.jsonl", 12, 9, 9),
    ],
)
def test_questions_written_before_the_engine_met_them(
    sixty_five: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    assert_news_floors(sixty_five, NINTH / questions, asked, right_floor, bold_floor)


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles(sixty_five: KnowledgeIndex) -> None:
    answered = near_subject_answered(sixty_five, NINTH)
    # 3 of 7 declined today and as first run. Answered: the ICC's warrant for Putin,
    # Merapi's eruption, Singapore's data centres, the figure skating gold: each article
    # holds the question's other words. (An eighth line, Vietnam's prime minister, was
    # answered rightly: two older articles name him, so it is no longer here.)
    assert len(answered) <= 4, answered


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "said"),
    [
        # the lede names the new one; the one before is where the text says whom he
        # succeeded (สืบต่อจาก), or since when (นับตั้งแต่)
        ("กษัตริย์มาเลเซียองค์ก่อนหน้าคือใคร", "my-new-king.txt", "สุลต่านอับดุลเลาะห์"),
        ("Who did Sultan Ibrahim succeed as king?", "my-new-king.txt", "สุลต่านอับดุลเลาะห์"),
        ("นายกญี่ปุ่นคนก่อนทาคาอิจิคือใคร", "jp-takaichi.txt", "อิชิบะ ชิเงรุ"),
        ("ญี่ปุ่นขึ้นดอกเบี้ยครั้งก่อนหน้านี้เมื่อไหร่", "jp-boj-rate-hike.txt", "กุมภาพันธ์ 2550"),
        # a count: the number right after the word the question asks the count of (the
        # dead, not the 10,000 evacuated of the next sentence; the fine, not the new
        # wage the lede gives in ringgit too)
        ("ภูเขาไฟระเบิดที่อินโดนีเซียมีคนตายกี่คน", "id-lewotobi-eruption.txt", "9 ราย"),
        ("นายจ้างมาเลเซียที่ไม่จ่ายค่าแรงขั้นต่ำโดนปรับเท่าไร", "my-minimum-wage.txt", "10,000 ริงกิต"),
        # an age news gives as วัย ("ด้วยวัย 80 ปี"): the article never says อายุ, and the
        # question was declined
        ("เลขาธิการใหญ่คนก่อนของเวียดนามเสียชีวิตอายุเท่าไร", "vn-to-lam.txt", "80 ปี"),
        # corruption as people spell it; the text says การทุจริต, and คอร์รัปชัน weighed as
        # a word no article uses: the question was declined
        ("แคมเปญปราบคอร์รัปชันของเวียดนามเรียกว่าอะไร", "vn-to-lam.txt", "เตาเผา"),
        # a metro, as people borrow the word, is a รถไฟฟ้า in news: it was declined
        ("เมโทรโฮจิมินห์มีทั้งหมดกี่สถานี", "vn-hcmc-metro.txt", "๑๔ สถานี"),
        # English: the names stand in the lede, the answer where the text says what
        # happened
        ("How many people died in the Lewotobi eruption?", "id-lewotobi-eruption.txt", "9 ราย"),
        ("When was Nihon Hidankyo founded?", "jp-hidankyo-nobel.txt", "2499"),
        (
            "What declaration was adopted at the 46th ASEAN Summit?",
            "asean-summit-46.txt",
            "ปฏิญญากัวลาลัมเปอร์",
        ),
        # the paragraph that says it, not the lede on the new prime minister
        ("When will Nepal hold its next election?", "np-interim-pm.txt", "5 มีนาคม 2569"),
        # a name beyond the lede still tells one paragraph's figure from another's
        ("How much is Microsoft investing in Malaysia?", "my-johor-data-centres.txt", "2,200"),
    ],
)
def test_the_answer_is_in_bold(
    sixty_five: KnowledgeIndex, question: str, file: str, said: str
) -> None:
    answer = answered_from(sixty_five, question, file)
    assert said in (answer.highlight or ""), answer.highlight
