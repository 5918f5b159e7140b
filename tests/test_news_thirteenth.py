"""Six news articles of 2025 in the agency's format (APEC at Gyeongju and the Trump-Xi
truce, Ishiba's resignation, the Wang Fuk Court fire in Hong Kong, China's K visa, the UK's
votes at 16, Malaysia's targeted RON95 subsidy), with 48 Thai questions, 12 English ones
and 8 near their subjects that no article answers, written by hand before the engine was
run on them. Asked among these and the 83 articles of the other news tests."""

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

THIRTEENTH = Path(__file__).with_name("data") / "news_thirteenth"
GROUPS = groups_through("news_thirteenth")


@pytest.fixture(scope="module")
def eighty_nine(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 36 right and 35 in bold today (32 and 31 as first run). Declined mostly: a
        # paraphrase beside a near article (the rare earths China's truce gave, the
        # tariff on Japan's cars, the young voters, the jobless graduates)
        ("questions.jsonl", 48, 36, 35),
        # 10 right, 9 in bold today (8 and 7 as first run). Declined: Bessent's role
        # (Trump's name written in Thai only); Ishiba's resignation is answered from the
        # report of Takaichi's election, which names it too
        ("english.jsonl", 12, 10, 9),
    ],
)
def test_questions_written_before_the_engine_met_them(
    eighty_nine: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    assert_news_floors(eighty_nine, THIRTEENTH / questions, asked, right_floor, bold_floor)


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles(eighty_nine: KnowledgeIndex) -> None:
    answered = near_subject_answered(eighty_nine, THIRTEENTH)
    # 3 of 8 declined as first run. Answered: Komeito's leader, the H-1B quota, Austria's
    # votes at 16, Hong Kong's towers, Trump and Xi's first meeting: each article holds
    # the question's other words
    assert len(answered) <= 5, answered


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "said"),
    [
        # a verb and what it acts on, which the dictionary keeps as one word the
        # knowledge never uses (ใช้เวลานาน, "takes long"): searched as its words, not
        # weighed as a sign that the subject is absent
        ("ดับไฟใช้เวลานานเท่าไร", "hk-tai-po-fire.txt", "40 ชั่วโมง"),
        ("นั่งรถไฟฟ้าโฮจิมินห์จากต้นสายถึงปลายสายใช้เวลานานแค่ไหน", "vn-hcmc-metro.txt", "๓๐ นาที"),
        # a later report that writes the measure asked (นาน) of something else is no
        # fuller report: Takaichi's election told of Ishiba's going, not of his time
        ("อิชิบะเป็นนายกได้นานแค่ไหน", "jp-ishiba-resigns.txt", "ไม่ถึง 1 ปี"),
        # the UK and Britain, which CLDR does not list, as สหราชอาณาจักร; a deputy prime
        # minister as รองนายกรัฐมนตรี
        ("Who is Britain's deputy prime minister?", "uk-voting-age-16.txt", "แองเจลา เรย์เนอร์"),
        # new voters counted as people (คน), as "how many voters" is
        (
            "How many new voters will the UK gain by lowering the voting age?",
            "uk-voting-age-16.txt",
            "1.5 ล้านคน",
        ),
    ],
)
def test_the_answer_is_in_bold(
    eighty_nine: KnowledgeIndex, question: str, file: str, said: str
) -> None:
    answer = answered_from(eighty_nine, question, file)
    assert said in (answer.highlight or ""), answer.highlight
