"""Six more news articles in the agency's format (Bangladesh's interim government,
South Korea's martial law, the Myanmar earthquake's toll a week on, Vietnam's merged
provinces, Japan's first woman prime minister, Malaysia's new king), with 48 Thai
questions, 12 English ones and 8 near their subjects that no article answers, written
by hand before the engine was run on them. The earthquake article follows an earlier
one on the same quake: news reports a story again as it unfolds. Asked among these and
the 35 articles of the other news tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.knowledge import KnowledgeIndex
from bot.engine.question import Kind, question_kind
from tests.conftest import (
    answered_from,
    assert_news_floors,
    groups_through,
    near_subject_answered,
    news_index,
)

FIFTH = Path(__file__).with_name("data") / "news_fifth"


@pytest.fixture(scope="module")
def forty_one(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), groups_through("news_fifth"))


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 41 right, 39 in bold today (35 and 28 as first run). Missed: two on the
        # earthquake answered from the earlier report on it (its lede outranks the later
        # one's, whose title does not hold ส่ง and ทีม, or which misses จุดศูนย์กลาง);
        # declined, asked in words the articles do not use (ตัดสินคดี, ลดตำแหน่ง lost to
        # ข้าราชการ in another article); the lede in bold for an office it gives before
        # the question's words, or the lede for the paragraph that answers
        # (how long martial law lasted; how many communes are left is answered since
        # the twelfth set's time, from where the text counts them after the word asked).
        ("questions.jsonl", 48, 38, 35),
        # 7 right, 6 in bold today (7 and 4 as first run; the one before is shown where
        # the text says whom the king succeeded). Declined: Myanmar's two articles on the
        # quake are too close to tell apart; "the term of Malaysia's king" names no word
        # the Thai text writes in Latin letters.
        ("english.jsonl", 12, 6, 5),
    ],
)
def test_questions_written_before_the_engine_met_them(
    forty_one: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    assert_news_floors(forty_one, FIFTH / questions, asked, right_floor, bold_floor)


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles_are_mostly_declined(
    forty_one: KnowledgeIndex,
) -> None:
    answered = near_subject_answered(forty_one, FIFTH)
    # 5 of 8 declined today: answered, Korea's president after Yoon (the acting one),
    # Bangladesh's president after an election (the one who swore Yunus in), and the
    # tallest building in Myanmar (the 30 storeys of the one that fell in Bangkok)
    assert len(answered) <= 3, answered


def test_a_time_of_day_is_asked_as_a_date_is() -> None:
    assert question_kind("แผ่นดินไหวเกิดขึ้นตอนกี่โมง") is Kind.DATE
    assert question_kind("ประกาศกฎอัยการศึกเวลาใด") is Kind.DATE
    assert question_kind("What time did the lander touch down?") is Kind.DATE
    # how many hours is a count
    assert question_kind("กฎอัยการศึกมีผลกี่ชั่วโมง") is Kind.NUMBER


@pytest.mark.timeout(300)
def test_the_time_of_day_is_in_the_highlight(forty_one: KnowledgeIndex) -> None:
    # "กี่โมง" was a count of โมง, a word no text writes beside a time ("๑๘.๐๔ น.")
    answer = answered_from(forty_one, "ยานจันทรายานลงจอดบนดวงจันทร์ตอนกี่โมง", "in-chandrayaan.txt")
    assert "๑๘.๐๔ น." in (answer.highlight or ""), answer.highlight


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "gold"),
    [
        # ตึก and กรุงเทพ, as people say them, for the text's อาคาร and กรุงเทพมหานคร
        (
            "ตึกอะไรในกรุงเทพถล่มเพราะแผ่นดินไหวเมียนมา",
            "mm-quake-toll.txt",
            "สำนักงานการตรวจเงินแผ่นดิน",
        ),
        # the ID card said short
        (
            "คนเวียดนามต้องเปลี่ยนบัตรประชาชนใหม่หรือไม่",
            "vn-province-merger.txt",
            "ไม่ต้องเปลี่ยนบัตรประจำตัวประชาชนทันที",
        ),
    ],
)
def test_everyday_words_for_what_news_writes_formally(
    forty_one: KnowledgeIndex, question: str, file: str, gold: str
) -> None:
    answer = answered_from(forty_one, question, file)
    assert gold in (answer.answer or ""), answer.answer


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "gold"),
    [
        # the toll of 9 April, not the earlier report's of 1 April (๒,๗๑๙ คน)
        ("แผ่นดินไหวพม่ามีคนตายกี่คน", "๓,๗๐๙ ราย"),
        # the earlier report names no time of day
        ("แผ่นดินไหวที่เมียนมาเกิดขึ้นตอนกี่โมง", "๑๒.๕๐ น."),
    ],
)
def test_a_later_report_of_a_story_answers(
    forty_one: KnowledgeIndex, question: str, gold: str
) -> None:
    answer = answered_from(forty_one, question, "mm-quake-toll.txt")
    assert gold in (answer.answer or ""), answer.answer


@pytest.mark.timeout(300)
def test_a_day_asked_for_is_highlighted_not_a_year(forty_one: KnowledgeIndex) -> None:
    # the lede's Nobel prize of 2006 stood for a date; the day he was sworn in comes after
    answer = answered_from(forty_one, "ยูนุสสาบานตนรับตำแหน่งวันไหน", "bd-interim-government.txt")
    assert "8 สิงหาคม 2567" in (answer.highlight or ""), answer.highlight


def test_which_day_and_what_time_want_a_day_and_a_time() -> None:
    from bot.engine.answering import analyse_question
    from bot.engine.evidence import DAY, TIME_OF_DAY, evidence_for
    from bot.engine.knowledge import build_index
    from bot.text.articles import Article

    text = "ยูนุสได้รับรางวัลโนเบลปี 2549 และสาบานตนเมื่อวันที่ 8 สิงหาคม 2567 เวลา 21.00 น."
    kb = build_index([Article("1", "ยูนุส", "https://x.example/1", (text,))])
    assert evidence_for(analyse_question(kb, "ยูนุสสาบานตนวันไหน"), text) is DAY
    assert evidence_for(analyse_question(kb, "ยูนุสสาบานตนกี่โมง"), text) is TIME_OF_DAY
    # a year asked: any date will do
    assert evidence_for(analyse_question(kb, "ยูนุสสาบานตนปีไหน"), text) not in (DAY, TIME_OF_DAY)


def test_ranks_and_academic_titles_name_a_person() -> None:
    from bot.engine.evidence import TITLED

    # news gives a general or a professor their rank, not นาย
    assert TITLED.findall("พลเอกวาเกอร์-อุซ-ซามาน ผู้บัญชาการทหารบก") == ["วาเกอร์-อุซ-ซามาน"]
    assert TITLED.findall("พลเอกอาวุโสมิน อ่อง หล่าย") == ["มิน"]
    assert TITLED.findall("ศาสตราจารย์มูฮัมหมัด ยูนุส") == ["มูฮัมหมัด"]
    # a general (นายพล) is no title before a name
    assert TITLED.findall("นายพลหลายคน") == []
