"""Six news articles of world news in the agency's format (the US election of 2024, the
Nobel prizes for literature and for peace, the Paris Olympics, Starship's booster caught
by its tower, COP29), with 48 Thai questions, 12 English ones and 8 near their subjects
that no article answers, written by hand before the engine was run on them. Asked among
these and the 41 articles of the other news tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answering import ask
from bot.engine.knowledge import KnowledgeIndex
from bot.engine.ordinals import numbered_names
from tests.conftest import (
    answered_from,
    assert_news_floors,
    groups_through,
    near_subject_answered,
    news_index,
)

SIXTH = Path(__file__).with_name("data") / "news_sixth"
GROUPS = groups_through("news_sixth")


@pytest.fixture(scope="module")
def forty_seven(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 45 right, 42 in bold today (44 and 38 as first run). Missed: the lede for the
        # paragraph that names the organisation's vice chair, and the whole rocket's
        # height (the booster's is in the lede); declined:
        # "ประเทศร่ำรวย...เรื่องโลกร้อน" for the text's ประเทศพัฒนาแล้ว and สภาพภูมิอากาศ;
        # the highlight after the body it asks for (India)
        ("questions.jsonl", 48, 42, 36),
        # 11 right, 11 in bold today (10 and 9 as first run; "founded" and "won" show
        # where the text says them). Declined: the Norwegian Nobel Committee, which the
        # text names in Thai only
        ("english.jsonl", 12, 10, 10),
    ],
)
def test_questions_written_before_the_engine_met_them(
    forty_seven: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    assert_news_floors(forty_seven, SIXTH / questions, asked, right_floor, bold_floor)


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles_are_mostly_declined(
    forty_seven: KnowledgeIndex,
) -> None:
    answered = near_subject_answered(forty_seven, SIXTH)
    # 6 of 8 declined today (4 as first run): answered, Thailand's Asian Games golds
    # from the Olympics article, and the day Hiroshima was bombed from the article on
    # its survivors (which gives the month)
    assert len(answered) <= 2, answered


def test_a_latin_name_with_its_number_is_one_of_a_series() -> None:
    assert numbered_names("cop28 จัดที่ไหน") == {("cop", 28)}
    assert numbered_names("เที่ยวบิน mh370 หายไปเมื่อไร") == {("mh", 370)}
    assert numbered_names("covid19 ระบาด") == numbered_names("covid-19 ระบาด")
    # a year, a letter and a number, a number alone: no such name
    assert numbered_names("ปี 2567 อาเซียน 2045 อาคาร t5") == frozenset()


@pytest.mark.timeout(300)
def test_another_cop_of_the_series_is_not_answered(forty_seven: KnowledgeIndex) -> None:
    # the COP29 article names COP30 too, and held every word of the question on COP28
    assert not ask(forty_seven, "COP28 จัดที่ประเทศอะไร").found
    answer = answered_from(forty_seven, "COP30 จัดที่เมืองไหน", "az-cop29.txt")
    assert "เบเลง" in (answer.highlight or ""), answer.highlight


@pytest.mark.timeout(300)
def test_a_prize_of_another_field_is_not_answered(forty_seven: KnowledgeIndex) -> None:
    # the article on the prize for literature held every word of the question but ฟิสิกส์
    assert not ask(forty_seven, "ใครได้รางวัลโนเบลสาขาฟิสิกส์ปี 2567").found
    answer = answered_from(
        forty_seven, "ใครได้รางวัลโนเบลสาขาวรรณกรรมปี 2567", "kr-han-kang-nobel.txt"
    )
    assert "ฮัน คัง" in (answer.answer or ""), answer.answer


def test_the_field_a_question_names() -> None:
    from bot.engine.words import fields_named

    assert fields_named(["รางวัล", "โนเบล", "สาขา", "ฟิสิกส์", "ปี", "2567"]) == ("ฟิสิกส์",)
    # what it asks, not a field named
    assert fields_named(["ได้", "รางวัล", "สาขา", "อะไร"]) == ()


@pytest.mark.timeout(300)
def test_who_did_it_is_highlighted_with_the_one_named_before_the_deed(
    forty_seven: KnowledgeIndex,
) -> None:
    # the window from ชนะการเลือกตั้ง on held the question's words and Kamala Harris
    answer = answered_from(
        forty_seven, "ใครชนะการเลือกตั้งประธานาธิบดีสหรัฐฯ ปี 2567", "us-election-2024.txt"
    )
    assert "โดนัลด์ ทรัมป์" in (answer.highlight or ""), answer.highlight
    # a body, named in Latin letters in brackets before the deed, when no person is
    answer = answered_from(
        forty_seven, "ใครเป็นผู้ประกาศรางวัลโนเบลสาขาวรรณกรรม", "kr-han-kang-nobel.txt"
    )
    assert "ราชบัณฑิตยสภาสวีเดน" in (answer.highlight or ""), answer.highlight


def test_a_one_letter_piece_of_a_name_blanks_no_other_name() -> None:
    from bot.engine.evidence import TITLED, masked

    # ยุน cut as ยุ|น: the น of every other word was blanked, and นายคิม with it
    text = "นายยุน ประกาศ ส่วนนายคิม ยง-ฮยอน เป็นผู้เสนอ"
    found = [(3, "ยุ"), (5, "น"), (22, "น")]
    other = masked(text, found)
    assert "นายคิม" in other
    assert [m.group(1) for m in TITLED.finditer(other)] == ["คิม"]


@pytest.mark.timeout(300)
def test_an_english_plural_is_found_by_its_thai_loanword(forty_seven: KnowledgeIndex) -> None:
    # Thai has no plural: "Olympics" is the text's โอลิมปิก, which the dictionary lists
    # by the singular; the question was declined
    answer = answered_from(
        forty_seven, "Where were the 2024 Olympics held?", "fr-paris-olympics.txt"
    )
    assert answer.language == "en"
    assert "ปารีส" in (answer.answer or ""), answer.answer


def test_plurals_of_loanwords() -> None:
    from bot.text.loanwords import thai_spellings

    assert thai_spellings("Olympics") == thai_spellings("olympic") != ()
    # a word listed as it is keeps its own spelling; one listed in neither form has none
    assert thai_spellings("news") == ("นิวส์",)
    assert thai_spellings("qwertys") == ()


def test_a_people_names_its_country() -> None:
    from bot.text.countries import named_in, thai_names

    assert thai_names("Japanese") == thai_names("Japan") == ("ญี่ปุ่น",)
    assert thai_names("thai") == ("ไทย",)
    assert named_in("who is the south korean president?") == {
        "south": ("เกาหลีใต้",),
        "korean": ("เกาหลีใต้",),
    }
    assert thai_names("athletes") == ()


@pytest.mark.timeout(300)
def test_an_english_question_that_names_a_people(forty_seven: KnowledgeIndex) -> None:
    from bot.engine.knowledge import build_index

    question = "How many Thai athletes won gold in Paris?"
    # "Thai" was a name the knowledge never writes, and the question was declined
    answer = answered_from(forty_seven, question, "fr-paris-olympics.txt")
    assert "1 เหรียญทอง" in (answer.answer or ""), answer.answer
    # without its article, no other one answers it
    rest = [a for a in forty_seven.articles if a.url != answer.url]
    assert not ask(build_index(rest), question).found
