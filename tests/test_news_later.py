"""Six more news articles in the agency's format (Malaysia's AI office, Cambodia's Funan
Techo canal, Brunei's halal expo, Vietnam's Long Thanh airport, the Philippines' ban on
offshore gaming, ASEAN's help after Myanmar's earthquake), with 84 Thai questions (some
worded as translated from English) and 12 English ones, written by hand after the answer
model's signals were chosen: news the tuning never saw, asked among the seed and the
five news articles of `tests/data/news`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.engine.answering import KnowledgeIndex, ask, build_index
from bot.text.loader import load_knowledge
from bot.tools.train import contains
from tests.conftest import SEED

DATA = Path(__file__).with_name("data")
LATER = DATA / "news_later"


@pytest.fixture(scope="module")
def twelve(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    folder = tmp_path_factory.mktemp("news")
    shutil.copy(SEED, folder / SEED.name)
    for path in [*(DATA / "news").glob("*.txt"), *LATER.glob("*.txt")]:
        shutil.copy(path, folder / path.name)
    return build_index(load_knowledge(folder).articles)


def _scores(kb: KnowledgeIndex, questions: Path) -> tuple[int, int, int]:
    """(asked, answered from the right article with the answer in the reply, with the
    answer in its bold part)."""
    urls = {Path(a.source or "").name: a.url for a in kb.articles}
    asked = right = bold = 0
    for line in questions.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        answer = ask(kb, row["question"])
        asked += 1
        if answer.found and answer.url == urls[row["file"]]:
            right += contains(answer.answer or "", row["answers"])
            bold += contains(answer.highlight or "", row["answers"])
    return asked, right, bold


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 78 right and 78 in bold today (74 before everyday words such as สนามบิน were read
        # as the text's ท่าอากาศยาน). Still missed, from the right article: the company
        # that builds the canal, the digital minister and the airport's main investor (the
        # lede or the cost paragraph instead), the AI office's first-year plan, the
        # passengers once all phases are built (the first phase's figure), and the date of
        # the POGO ban (the date operators must stop by)
        ("questions.jsonl", 84, 74, 73),
        # 10 right, 9 in bold today: "Who is Malaysia's digital minister?" shares no name
        # with the Thai text and is declined, in English, with the advice to ask in Thai
        ("english.jsonl", 12, 8, 7),
    ],
)
def test_questions_on_news_the_tuning_never_saw(
    twelve: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    counted, right, bold = _scores(twelve, LATER / questions)
    assert counted == asked
    assert right >= right_floor, right
    assert bold >= bold_floor, bold
