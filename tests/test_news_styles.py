"""Questions written for a weakness, on the 29 news articles (`tests/data/news_styles/`):
why and what for, who said or reported, what was done, lists, misspellings, later
paragraphs in the reader's own words, keywords, yes-or-no, "what happened", everyday
words, offices said short, and questions near an article's subject that no article
answers. Floors just under today's figures (docs/answers.md, *Figures*), so that a
change that helps one kind of question and quietly costs another shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine.answering import ask
from bot.engine.knowledge import KnowledgeIndex
from tests.conftest import article_url, news_index, news_scores

STYLES = Path(__file__).with_name("data") / "news_styles"


@pytest.fixture(scope="module")
def twenty_nine(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"))


def _rows(name: str) -> list[dict[str, object]]:
    lines = (STYLES / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # today 15 right, 12 in bold: the lede chosen over the paragraph that gives the
        # cause, a cause given without a cause's words
        ("why.jsonl", 20, 14, 11),
        ("purpose.jsonl", 12, 9, 9),  # 10, 10
        ("said.jsonl", 16, 12, 11),  # 13, 12
        ("done.jsonl", 14, 11, 11),  # 12, 12
        ("lists.jsonl", 15, 13, 11),  # 14, 12
        ("misspelt.jsonl", 20, 17, 17),  # 18, 18
        ("paraphrased.jsonl", 30, 24, 23),  # 25, 24
        ("keywords.jsonl", 20, 17, 16),  # 18, 17
        ("keywords_en.jsonl", 20, 16, 15),  # 17, 16
    ],
)
def test_questions_written_for_a_weakness(
    twenty_nine: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    counted, right, bold = news_scores(twenty_nine, STYLES / questions)
    assert counted == asked
    assert right >= right_floor, right
    assert bold >= bold_floor, bold


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "floor"),
    [
        ("yes_no.jsonl", 30, 28),  # 29 today
        ("happened.jsonl", 50, 48),  # 49
        # 40: the rest are declined, in words the text does not use (กระสอบละ, กี่ขวบ,
        # เจ้าของ for the founder, ขาย for exports); 38 before names typed in Thai
        # letters (เอ็นวิเดีย for Nvidia) and marked otherwise (หวูช for วูช) were read
        ("everyday.jsonl", 46, 39),
        # 17: ผวจ. and กม. declined, นายกมาเลเซีย from another article; 15 before
        ("short_names.jsonl", 20, 16),
        ("plain.jsonl", 20, 19),  # 20
        ("english_plain.jsonl", 26, 20),  # 21
    ],
)
def test_questions_that_name_only_their_article(
    twenty_nine: KnowledgeIndex, questions: str, asked: int, floor: int
) -> None:
    rows = _rows(questions)
    assert len(rows) == asked
    right = 0
    for row in rows:
        answer = ask(twenty_nine, str(row["question"]))
        right += answer.found and answer.url == article_url(twenty_nine, str(row["file"]))
    assert right >= floor, right


@pytest.mark.timeout(300)
def test_questions_near_a_subject_that_no_article_answers(twenty_nine: KnowledgeIndex) -> None:
    """12 of 20 declined today ("เวียดนามส่งออกกาแฟได้กี่ตัน" beside the rice article is
    not: the article holds the question's other words)."""
    rows = _rows("near_subject.jsonl")
    declined = sum(not ask(twenty_nine, str(row["question"])).found for row in rows)
    assert len(rows) == 20 and declined >= 11, declined
