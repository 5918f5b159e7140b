"""Six news articles of 2024 and 2025 in the agency's format (a new pope, Singapore's
election, Expo 2025 in Osaka, Indonesia in BRICS, the Jeju Air crash at Muan, Nepal's
interim prime minister), with 48 Thai questions, 12 English ones and 8 near their
subjects that no article answers, written by hand before the engine was run on them.
Asked among these and the 47 articles of the other news tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answering import ask
from bot.engine.knowledge import KnowledgeIndex, build_index
from tests.conftest import (
    answered_from,
    assert_news_floors,
    groups_through,
    near_subject_answered,
    news_index,
)

SEVENTH = Path(__file__).with_name("data") / "news_seventh"
GROUPS = groups_through("news_seventh")


@pytest.fixture(scope="module")
def fifty_three(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 47 right, 45 in bold today (41 and 40 as first run). Missed: the window on
        # ประเทศญี่ปุ่น for the island
        # in Osaka Bay, the lede for why Nepal's young protested; declined: the ruling
        # party's share of the vote (พรรครัฐบาล is in the article on Japan's)
        ("questions.jsonl", 48, 44, 42),
        # 11 right, 8 in bold today (10 and 5 as first run; designed and died show where
        # the text says them, Nepal's election the paragraph on it). Declined: "Who was
        # elected pope in May 2025?", which shares no name with the text. Not in bold:
        # Expo's closing (close is no news word: ปิด is inside เปิด)
        ("english.jsonl", 12, 10, 7),
    ],
)
def test_questions_written_before_the_engine_met_them(
    fifty_three: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    assert_news_floors(fifty_three, SEVENTH / questions, asked, right_floor, bold_floor)


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles(fifty_three: KnowledgeIndex) -> None:
    answered = near_subject_answered(fifty_three, SEVENTH)
    # 3 of 8 declined today and as first run. Answered: who was pope before Francis,
    # the seats of 2020 (the article gives that year's share of the vote), the next Expo
    # and Singapore's next election (neither article speaks of a next one), Thailand as
    # a full member of BRICS (it is a partner)
    assert len(answered) <= 6, answered


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "shown", "also"),
    [
        # the royal register: the text says สมเด็จพระสันตะปาปาฟรานซิสสิ้นพระชนม์
        (
            "โป๊ปฟรานซิสเสียชีวิตเมื่อไร",
            "va-pope-leo.txt",
            "21 เมษายน 2568",
            "โป๊ปคนใหม่มาจากประเทศอะไร",
        ),
        # everyday words: the text says ปิดกั้นสื่อสังคมออนไลน์ and คนรุ่นใหม่
        (
            "รัฐบาลเนปาลแบนโซเชียลมีเดียกี่แพลตฟอร์ม",
            "np-interim-pm.txt",
            "26 แพลตฟอร์ม",
            "ทำไมคนหนุ่มสาวเนปาลออกมาประท้วง",
        ),
    ],
)
def test_questions_in_everyday_words_of_a_text_that_writes_otherwise(
    fifty_three: KnowledgeIndex, question: str, file: str, shown: str, also: str
) -> None:
    # each of these was declined
    answer = answered_from(fifty_three, question, file)
    assert shown in (answer.highlight or ""), answer.highlight
    answered_from(fifty_three, also, file)


@pytest.mark.timeout(300)
def test_an_article_that_never_names_the_country_asked_of_is_passed_over(
    fifty_three: KnowledgeIndex,
) -> None:
    question = "เนปาลจะเลือกตั้งใหม่เมื่อไร"
    # the article on Singapore's election outranked Nepal's on เลือกตั้ง alone, and the
    # question was declined for it
    answer = answered_from(fifty_three, question, "np-interim-pm.txt")
    assert "5 มีนาคม 2569" in (answer.highlight or ""), answer.highlight
    # without Nepal's article, no other one answers it
    rest = [a for a in fifty_three.articles if a.url != answer.url]
    assert not ask(build_index(rest), question).found


@pytest.mark.timeout(300)
def test_an_article_that_names_the_country_in_passing_is_a_weaker_rival(
    fifty_three: KnowledgeIndex,
) -> None:
    # the article on the Philippines' rice tariff names Vietnam as its seller, and as a
    # full rival of the article on Vietnam's exports it left the question declined (the
    # passage that answers is not yet the one chosen: ใคร asks for a buyer, a country)
    answered_from(fifty_three, "ใครซื้อข้าวเวียดนามเยอะสุด", "vn-rice-exports.txt")
