"""Six news articles of 2024 in the agency's format (Sri Lanka's new president, the Noto
earthquake, Spain's Euro 2024, Modi's third term, Indonesia's first electric-car battery
plant, Singapore's Wolbachia mosquitoes), with 48 Thai questions, 12 English ones and 8
near their subjects that no article answers, written by hand before the engine was run
on them. Asked among these and the 65 articles of the other news tests."""

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

TENTH = Path(__file__).with_name("data") / "news_tenth"
GROUPS = groups_through("news_tenth")


@pytest.fixture(scope="module")
def seventy_one(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 41 right, 38 in bold today (38 and 34 as first run). Missed: the stadium of
        # the final (another paragraph), the day
        # Modi was sworn in (the election's dates, one paragraph on); in the reply, not in
        # bold: the plant's owner's name, what was a first in the count, the first to a
        # third term (Nehru, whom a run that ends on the oath's date leaves out);
        # declined: the quake's dead (วันปีใหม่), the recovery money (ให้เงิน), the dead
        # at Haneda, Yamal's age, the next Euro's hosts
        ("questions.jsonl", 48, 40, 37),
        # 7 right, 6 in bold today (3 and 2 as first run). Declined: the battery plant,
        # the nickel ban, the mosquitoes bred (no name in Latin letters the text writes)
        ("english.jsonl", 12, 7, 6),
    ],
)
def test_questions_written_before_the_engine_met_them(
    seventy_one: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    assert_news_floors(seventy_one, TENTH / questions, asked, right_floor, bold_floor)


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles(seventy_one: KnowledgeIndex) -> None:
    answered = near_subject_answered(seventy_one, TENTH)
    # 5 of 8 declined today and as first run. Answered: the seats Sri Lanka's alliance
    # won (the article tells of the vote called, not its result), Rahul Gandhi's birth
    # year, Tesla in Indonesia: each article holds the question's other words.
    assert len(answered) <= 3, answered


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "said"),
    [
        # soldiers are counted in นาย, homes as households: the count asked in คน or
        # บ้าน was shown as the 15,000 evacuated, the house mosquito (ยุงลายบ้าน)
        ("ญี่ปุ่นส่งทหารไปช่วยผู้ประสบภัยแผ่นดินไหวกี่คน", "jp-noto-earthquake.txt", "6,000 นาย"),
        ("โครงการโวลบาเกียจะขยายไปกี่บ้าน", "sg-wolbachia.txt", "480,000 ครัวเรือน"),
        # English: what is counted, in news's classifier; what happened, in news's words
        ("How many teams played at Euro 2024?", "de-euro-2024.txt", "24 ทีม"),
        (
            "When will Sri Lanka hold its parliamentary election?",
            "lk-dissanayake.txt",
            "14 พฤศจิกายน 2567",
        ),
        ("When did Singapore start releasing Wolbachia mosquitoes?", "sg-wolbachia.txt", "2559"),
        # what happened, in news's words: รักษาการ and ถอดถอน, อุบัติเหตุ and รุ่น, ยุติ
        (
            "Who became acting president after Yoon was impeached?",
            "kr-martial-law.txt",
            "Han Duck-soo",
        ),
        ("What type of plane crashed at Muan?", "kr-jeju-air-crash.txt", "โบอิ้ง 737-800"),
        ("What did the BOJ end besides negative rates?", "jp-boj-rate-hike.txt", "Yield Curve"),
        # who did it: the text names the doer before the deed, as for a Thai ใคร...
        (
            "Who won Sri Lanka's 2024 presidential election?",
            "lk-dissanayake.txt",
            "อนุรา กุมารา ดิสสานายาเก",
        ),
    ],
)
def test_the_answer_is_in_bold(
    seventy_one: KnowledgeIndex, question: str, file: str, said: str
) -> None:
    answer = answered_from(seventy_one, question, file)
    assert said in (answer.highlight or ""), answer.highlight


@pytest.mark.timeout(300)
@pytest.mark.parametrize("question", ["Who?", "who", "Who??"])
def test_an_english_question_of_grammar_alone_names_nothing(
    seventy_one: KnowledgeIndex, question: str
) -> None:
    # "who" is also the knowledge's "(WHO)", the World Health Organization: asked alone
    # it names no subject, and is not answered from the article on mpox
    assert not ask(seventy_one, question).found


@pytest.mark.timeout(300)
def test_an_acronym_in_capitals_is_a_name_though_english_uses_the_word(
    seventy_one: KnowledgeIndex,
) -> None:
    # typed in capitals, WHO is the organisation, not the interrogative: the question
    # was declined, having no other name
    answer = answered_from(
        seventy_one, "When did the WHO declare mpox an emergency?", "who-mpox-emergency.txt"
    )
    assert "14 สิงหาคม 2567" in (answer.highlight or ""), answer.highlight
