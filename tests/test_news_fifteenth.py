"""Six news articles of 2025 in the agency's format (Friedrich Merz elected chancellor in
a second vote, Hurricane Melissa in Jamaica, Japan's troops against bears, the
Philippines' flood-control scandal, China's Victory Day parade, Albanese's second
term), with 48 Thai questions, 12 English ones and 8 near their subjects that no article
answers, written by hand before the engine was run on them. Asked among these and the
95 articles of the other news tests."""

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

FIFTEENTH = Path(__file__).with_name("data") / "news_fifteenth"
GROUPS = groups_through("news_fifteenth")


@pytest.fixture(scope="module")
def one_hundred_one(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 44 right and 42 in bold today (34 and 31 as first run). Missed: who resigned
        # as speaker (Ishiba's resignation), three on the parade (declined: the article
        # on Indonesia's protests names it too); in the reply, not in bold: the ICI's
        # chair, the opposition leader who lost his seat
        ("questions.jsonl", 48, 44, 42),
        # 6 right, 5 in bold as first run, 6 in bold today. Declined: the bears and the
        # parade (their articles name neither in Latin letters)
        ("english.jsonl", 12, 6, 6),
    ],
)
def test_questions_written_before_the_engine_met_them(
    one_hundred_one: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    assert_news_floors(one_hundred_one, FIFTEENTH / questions, asked, right_floor, bold_floor)


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles(one_hundred_one: KnowledgeIndex) -> None:
    answered = near_subject_answered(one_hundred_one, FIFTEENTH)
    # 3 of 8 declined as first run. Answered: Merkel's years, Japan's bears, a dam in
    # Manila, China's troops, North Korea's parade: each article holds the question's
    # other words
    assert len(answered) <= 5, answered


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "said"),
    [
        # a strong wind is asked as people say it (ลมแรง); news gives its speed
        ("เฮอริเคนเมลิสซาลมแรงแค่ไหน", "jm-hurricane-melissa.txt", "295 กิโลเมตรต่อชั่วโมง"),
        ("How strong were Hurricane Melissa's winds?", "jm-hurricane-melissa.txt", "295"),
        # what a protest was about: the lede says it, not the paragraph that opens
        # "เรื่องนี้..." (the matter referred back to)
        ("คนฟิลิปปินส์ประท้วงเรื่องอะไร", "ph-flood-control-scandal.txt", "ทุจริต"),
        # a budget asked far from its เท่าไร: the sum, not the lede's date
        (
            "งบป้องกันน้ำท่วมของฟิลิปปินส์ทั้งหมดเท่าไร",
            "ph-flood-control-scandal.txt",
            "545,000 ล้านเปโซ",
        ),
        # the second round, asked without ที่, of a lede that tells of both rounds
        ("รอบสองแมร์ซได้คะแนนเท่าไร", "de-merz-chancellor.txt", "325 เสียง"),
        # who made it, named after โดย (by): "ขบวนรถไฟผลิตโดยบริษัทฮิตาชิ (Hitachi)"
        ("ใครผลิตรถไฟให้รถไฟฟ้าโฮจิมินห์", "vn-hcmc-metro.txt", "ฮิตาชิ"),
        # turned out (ออกมา) to vote: a text's ผู้มาใช้สิทธิ
        ("คนออสเตรเลียออกมาใช้สิทธิกี่เปอร์เซ็นต์", "au-albanese-reelected.txt", "ร้อยละ 90"),
        # how long it lasted, not "the first in 40 years" (ในรอบกว่า 40 ปี)
        ("กฎอัยการศึกในเกาหลีใต้อยู่ได้นานเท่าไร", "kr-martial-law.txt", "6 ชั่วโมง"),
    ],
)
def test_the_answer_is_in_bold(
    one_hundred_one: KnowledgeIndex, question: str, file: str, said: str
) -> None:
    answer = answered_from(one_hundred_one, question, file)
    assert said in (answer.highlight or ""), answer.highlight


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file"),
    [
        # words people say for what news writes otherwise: a parade of troops
        # (สวนสนาม), a show of arms (แสดง), cheating (ทุจริต), Germany (เยอรมนี)
        ("ขบวนพาเหรดทหารจีนจัดที่ไหน", "cn-victory-day-parade.txt"),
        ("จีนโชว์ขีปนาวุธอะไรใหม่", "cn-victory-day-parade.txt"),
        ("ม็อบต้านโกงที่มะนิลาชื่ออะไร", "ph-flood-control-scandal.txt"),
        ("พรรคไหนเป็นฝ่ายค้านใหญ่สุดในสภาเยอรมัน", "de-merz-chancellor.txt"),
        ("นายกเยอรมันคนใหม่ไปเยือนประเทศไหนเป็นที่แรก", "de-merz-chancellor.txt"),
    ],
)
def test_everyday_words_find_the_article(
    one_hundred_one: KnowledgeIndex, question: str, file: str
) -> None:
    answered_from(one_hundred_one, question, file)
