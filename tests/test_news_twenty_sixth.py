"""Six news articles of 2024 and 2025 in the agency's format (Srettha Thavisin removed
by the Constitutional Court, Jannik Sinner's Wimbledon, the 2024 Nobel Prize in
Chemistry, the Texas floods, Nvidia worth 5 trillion dollars, the Trump-Putin summit in
Alaska), with 48 Thai questions, 12 English ones and 8 near their subjects, written by
hand before the engine was run on them. Asked among these and the 167 articles of the
other news tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answering import ask
from bot.engine.knowledge import KnowledgeIndex
from tests.conftest import (
    answered_from,
    article_url,
    assert_news_floors,
    groups_through,
    near_subject_answered,
    news_index,
)

TWENTY_SIXTH = Path(__file__).with_name("data") / "news_twenty_sixth"
GROUPS = groups_through("news_twenty_sixth")


@pytest.fixture(scope="module")
def one_hundred_sixty_seven(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 39 right and 36 in bold today (37 and 34 as first run). Declined: what
        # analysts worry about in AI shares (เอไอ and กังวล for the text's ปัญญาประดิษฐ์
        # and เตือนถึงความเสี่ยง); answered wrongly: Paetongtarn's rank as prime minister
        # (from the later article on Anutin, whose lede names her); in the reply, not in
        # bold: who petitioned the court, whether Alaska brought a ceasefire, what Trump
        # said; not in the reply: who acted as prime minister, who came next, whom Sinner
        # beat, the women's champion, the chemistry laureates, Texas's rain, Putin's last
        # visit (each in a later paragraph than the lede the passage model prefers)
        ("questions.jsonl", 48, 39, 36),
        # 2 right and 1 in bold as first run and today. Declined: what only Thai letters
        # write (Srettha, Sinner, Wimbledon, Texas, Guadalupe, Alaska, Putin)
        ("english.jsonl", 12, 2, 1),
    ],
)
def test_questions_written_before_the_engine_met_them(
    one_hundred_sixty_seven: KnowledgeIndex,
    questions: str,
    asked: int,
    right_floor: int,
    bold_floor: int,
) -> None:
    assert_news_floors(
        one_hundred_sixty_seven, TWENTY_SIXTH / questions, asked, right_floor, bold_floor
    )


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles(one_hundred_sixty_seven: KnowledgeIndex) -> None:
    answered = near_subject_answered(one_hundred_sixty_seven, TWENTY_SIXTH)
    # 3 of 8 declined as first run and today. Answered: Srettha's birth year, Alcaraz's
    # titles, when Putin and Zelensky met, when Camp Mystic was founded, the price of a
    # Blackwell chip (each article holds the question's other words)
    assert len(answered) <= 5, answered


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "said"),
    [
        # a sum in Swedish kronor (โครนา) is money: the paragraph on the prize money,
        # not the lede that names the prize
        ("เงินรางวัลโนเบลเคมีปี 2024 เท่าไร", "se-nobel-chemistry-2024.txt", "11 ล้านโครนา"),
        # "มาจากประเทศอะไร" of a person asks whose people he is: ชาวอิตาลี, not the
        # countries the women's final was between
        ("ซินเนอร์มาจากประเทศอะไร", "gb-sinner-wimbledon.txt", "ชาวอิตาลี"),
    ],
    ids=["kronor", "nationality"],
)
def test_what_is_asked_for_is_in_bold(
    one_hundred_sixty_seven: KnowledgeIndex, question: str, file: str, said: str
) -> None:
    answer = answered_from(one_hundred_sixty_seven, question, file)
    assert said in (answer.highlight or ""), answer.highlight


@pytest.mark.timeout(300)
def test_an_english_question_names_the_prize_s_field(
    one_hundred_sixty_seven: KnowledgeIndex,
) -> None:
    # "in Chemistry" names the field (เคมี): the article on the prize for literature of
    # the same year, which holds Nobel and 2024, answered it
    answer = ask(one_hundred_sixty_seven, "Who won the 2024 Nobel Prize in Chemistry?")
    chemistry = article_url(one_hundred_sixty_seven, "se-nobel-chemistry-2024.txt")
    assert not answer.found or answer.url == chemistry, answer.title
