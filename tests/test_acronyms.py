"""A Thai news text writes a foreign acronym in Latin letters (FBI) or letter by letter in
Thai (`เอฟบีไอ`), and a question may use the other form: it still finds the article, and
an English question about a text that spells the acronym in Thai is answered."""

from __future__ import annotations

import pytest

from bot.engine.answering import ask
from bot.engine.knowledge import KnowledgeIndex, build_index
from bot.text.letters import acronym_in_latin, spelled_in_thai
from tests.conftest import article

KNOWLEDGE = [
    article(
        "hackers",
        "สหรัฐจับกุมแฮกเกอร์เจาะระบบโรงพยาบาล",
        "สำนักงานสอบสวนกลางของสหรัฐ หรือเอฟบีไอ แถลงเมื่อวันที่ 3 มีนาคม 2568"
        " ว่าได้จับกุมนายมาร์ก เดวิส ผู้ต้องสงสัยเจาะระบบคอมพิวเตอร์ของโรงพยาบาล 40 แห่ง",
        "ผู้ต้องสงสัยเรียกค่าไถ่ข้อมูลผู้ป่วยเป็นเงินดิจิทัลมูลค่ารวม 12 ล้านดอลลาร์",
    ),
    article(
        "league",
        "ลีกบาสเกตบอลสหรัฐเปิดฤดูกาลใหม่ที่กรุงโตเกียว",
        "NBA เปิดฤดูกาลใหม่ด้วยการแข่งขันสองนัดที่กรุงโตเกียว ประเทศญี่ปุ่น เมื่อวันที่ 18 ตุลาคม 2568"
        " มีผู้ชมในสนามรวม 36,000 คน",
    ),
    article(
        "police",
        "ตำรวจจับกุมแก๊งคอลเซ็นเตอร์",
        "ตำรวจสอบสวนกลางจับกุมนายสมชาย ใจดี หัวหน้าแก๊งคอลเซ็นเตอร์ เมื่อวันที่ 5 เมษายน 2568"
        " พร้อมของกลางเป็นโทรศัพท์มือถือ 300 เครื่อง",
    ),
    article(
        "volleyball",
        "ลีกวอลเลย์บอลญี่ปุ่นเปิดฤดูกาลใหม่",
        "ลีกวอลเลย์บอลญี่ปุ่นเปิดฤดูกาลใหม่ที่เมืองโอซากา เมื่อวันที่ 11 ตุลาคม 2568 มีผู้ชมในสนาม 8,000 คน",
    ),
    article(
        "storm",
        "พายุโซนร้อนพัดถล่มภาคเหนือของเวียดนาม",
        "พายุโซนร้อนพัดขึ้นฝั่งภาคเหนือของเวียดนามเมื่อวันที่ 9 กันยายน 2568"
        " ทำให้มีผู้เสียชีวิต 14 คน และบ้านเรือนเสียหายกว่า 2,000 หลัง",
    ),
    article(
        "rice",
        "ราคาข้าวหอมมะลิปรับตัวสูงขึ้น",
        "สมาคมผู้ส่งออกข้าวไทยรายงานว่าราคาข้าวหอมมะลิส่งออกเพิ่มขึ้นเป็นตันละ 1,200 ดอลลาร์สหรัฐ",
    ),
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeIndex:
    return build_index(KNOWLEDGE)


def test_an_acronym_spelled_letter_by_letter_in_thai() -> None:
    assert spelled_in_thai("FBI")[0] == "เอฟบีไอ"
    assert spelled_in_thai("wwe")[0] == "ดับเบิลยูดับเบิลยูอี"
    assert acronym_in_latin("ซีไอเอ") == "cia"
    assert acronym_in_latin("เอ็นบีเอ") == "nba"
    # one letter's name is a word too, and a word that is not letters is no acronym
    assert acronym_in_latin("ดี") == ""
    assert acronym_in_latin("อาเซียน") == ""
    assert spelled_in_thai("television") == ()


@pytest.mark.timeout(60)
def test_an_english_question_finds_the_acronym_the_text_spells_in_thai(
    kb: KnowledgeIndex,
) -> None:
    answer = ask(kb, "Who did the FBI arrest?")
    assert answer.found and answer.language == "en"
    assert answer.url == "https://example.org/hackers"
    assert "มาร์ก เดวิส" in answer.answer


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("question", "url", "gold"),
    [
        ("FBI จับกุมใคร", "https://example.org/hackers", "มาร์ก เดวิส"),
        ("เอ็นบีเอเปิดฤดูกาลใหม่ที่ไหน", "https://example.org/league", "โตเกียว"),
    ],
)
def test_a_question_in_the_other_script_finds_the_article(
    kb: KnowledgeIndex, question: str, url: str, gold: str
) -> None:
    answer = ask(kb, question)
    assert answer.found and answer.url == url
    assert gold in answer.highlight


@pytest.mark.timeout(60)
def test_a_capitalised_word_that_is_no_acronym_of_the_text_is_not_answered(
    kb: KnowledgeIndex,
) -> None:
    # ไอเอ็มเอฟ is in no text: its letters' names do not make the question look answered
    assert not ask(kb, "What did the IMF say?").found
