"""Six news articles of 2025 in the agency's format (the Thai-Cambodian ceasefire, Pope
Francis's funeral, India and Pakistan's ceasefire after Operation Sindoor, Japan's upper
house election, chikungunya in Foshan, the Fed's rate cut), with 48 Thai questions, 12
English ones and 8 near their subjects that no article answers, written by hand before
the engine was run on them. Asked among these and the 119 articles of the other news
tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.knowledge import KnowledgeIndex
from bot.engine.spellings import news_spellings
from bot.text.countries import countries_apart
from tests.conftest import (
    answered_from,
    assert_news_floors,
    groups_through,
    near_subject_answered,
    news_index,
)

EIGHTEENTH = Path(__file__).with_name("data") / "news_eighteenth"
GROUPS = groups_through("news_eighteenth")


@pytest.fixture(scope="module")
def one_hundred_nineteen(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 42 right and 40 in bold today (32 and 30 as first run). Missed: the upper
        # house's election day (declined beside the article on Ishiba's resignation,
        # which tells of the same election), why the party lost and why Ishiba would not
        # resign (that article), the chamber's seats and the pope's years in office (the
        # lede answers); in the reply, not in bold: the start of Operation Sindoor, the
        # ruling parties' seats, the turnout
        ("questions.jsonl", 48, 42, 40),
        # 4 right and 3 in bold as first run. Declined: the ceasefire's place and the
        # displaced (only Thailand and Cambodia named), Kashmir (written in Thai only),
        # the treaty (only India named), the turnout; not in bold: the Fed's dissenter
        ("english.jsonl", 12, 6, 6),
    ],
)
def test_questions_written_before_the_engine_met_them(
    one_hundred_nineteen: KnowledgeIndex,
    questions: str,
    asked: int,
    right_floor: int,
    bold_floor: int,
) -> None:
    assert_news_floors(one_hundred_nineteen, EIGHTEENTH / questions, asked, right_floor, bold_floor)


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles(one_hundred_nineteen: KnowledgeIndex) -> None:
    answered = near_subject_answered(one_hundred_nineteen, EIGHTEENTH)
    # 4 of 8 declined as first run, 3 today. Answered: the clash at Preah Vihear, the
    # war before, Sanseito's founding, dengue in China, the Fed's last raise: each
    # article holds the question's other words
    assert len(answered) <= 5, answered


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "said"),
    [
        # the Fed as people say it (เฟด), where the text names the Federal Reserve
        ("ใครเป็นประธานเฟด", "us-fed-rate-cut.txt", "เจอโรม พาวเวลล์"),
        ("เฟดลดดอกเบี้ยลงกี่เปอร์เซ็นต์", "us-fed-rate-cut.txt", "ร้อยละ 0.25"),
        # the unemployed as people say them
        ("คนว่างงานในอเมริกากี่เปอร์เซ็นต์", "us-fed-rate-cut.txt", "ร้อยละ 4.3"),
        # a funeral, which news writes of a pope in the royal register (พระศพ)
        ("มีคนไปงานศพโป๊ปฟรานซิสกี่คน", "va-pope-francis-funeral.txt", "250,000 คน"),
        # a pope's death in the royal register, and the pope as people call him: the
        # paragraph that says สิ้นพระชนม์, not the lede's date of the funeral
        ("โป๊ปฟรานซิสเสียชีวิตวันไหน", "va-pope-francis-funeral.txt", "21 เมษายน 2568"),
        # whose people someone is: ชาว before a name, not the lede's places
        ("โป๊ปฟรานซิสเป็นคนประเทศอะไร", "va-pope-francis-funeral.txt", "อาร์เจนตินา"),
        ("What nationality was Pope Francis?", "va-pope-francis-funeral.txt", "อาร์เจนตินา"),
        # the sick as people say them
        ("คนป่วยชิคุนกุนยาต้องนอนโรงพยาบาลกี่วัน", "cn-chikungunya-foshan.txt", "7 วัน"),
        # a death and a burial in English, as news writes a pope's
        ("How old was Pope Francis when he died?", "va-pope-francis-funeral.txt", "88 พรรษา"),
        ("Where was Pope Francis buried?", "va-pope-francis-funeral.txt", "ซานตามาเรียมัจโจเร"),
        # the Fed in English too
        ("Who chairs the Fed?", "us-fed-rate-cut.txt", "เจอโรม พาวเวลล์"),
    ],
)
def test_the_answer_is_in_bold(
    one_hundred_nineteen: KnowledgeIndex, question: str, file: str, said: str
) -> None:
    answer = answered_from(one_hundred_nineteen, question, file)
    assert said in (answer.highlight or ""), answer.highlight


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file"),
    [
        # the upper house as people say it (สภาสูง), where the text says วุฒิสภา
        ("สภาสูงญี่ปุ่นมีกี่ที่นั่ง", "jp-upper-house-election.txt"),
        # a senator said short, where the text writes สมาชิกวุฒิสภา, not วุฒิสมาชิก
        ("คนญี่ปุ่นไปเลือกตั้ง ส.ว. กี่เปอร์เซ็นต์", "jp-upper-house-election.txt"),
        # two peoples joined by a hyphen are each a name a Thai text writes alone
        (
            "Where did Anwar Ibrahim broker the Thai-Cambodian ceasefire?",
            "kh-thai-border-ceasefire.txt",
        ),
    ],
)
def test_the_article_is_found(
    one_hundred_nineteen: KnowledgeIndex, question: str, file: str
) -> None:
    answered_from(one_hundred_nineteen, question, file)


@pytest.mark.timeout(60)
def test_only_two_countries_joined_by_a_hyphen_are_set_apart() -> None:
    assert countries_apart("the Thai-Cambodian border") == "the Thai Cambodian border"
    assert countries_apart("US-China talks") == "USA China talks"
    # a hyphenated name or a word of style stays one: the knowledge may write it so
    assert countries_apart("one-north and Thai-style food") == "one-north and Thai-style food"


@pytest.mark.timeout(60)
def test_one_who_is_said_with_khon_is_written_with_phu() -> None:
    # คน + a word as people say it, ผู้ + the word as news writes it
    assert news_spellings("คนป่วย") == ("ผู้ป่วย",)
    assert news_spellings("คนโดยสาร") == ("ผู้โดยสาร",)
    # a people is ชาว + its country, and คน alone is no one in particular
    assert news_spellings("คนจีน") == ("ชาวจีน",)
    assert news_spellings("คน") == ()
