"""Nine more news articles in the agency's format (Malaysia's AI office, Cambodia's
Funan Techo canal, Brunei's halal expo, Vietnam's Long Thanh airport, the Philippines'
ban on offshore gaming, ASEAN's help after Myanmar's earthquake, Indonesia's
Jakarta-Bandung high-speed rail, Japan's rice stockpile, Singapore's retirement age),
with 120 Thai questions (some worded as translated from English) and 18 English ones,
written by hand after the answer model's signals were chosen (the last three articles'
before the changes of the session that added them): news the tuning never saw, asked
among the seed and the five news articles of `tests/data/news`."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.knowledge import KnowledgeIndex
from bot.tools.train import contains
from tests.conftest import answered_from, news_index, news_scores

DATA = Path(__file__).with_name("data")
LATER = DATA / "news_later"


@pytest.fixture(scope="module")
def fifteen(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), ("news", "news_later"))


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 108 right and 105 in bold today. From the right article without the answer:
        # the company that builds the canal, the digital minister and the airport's main
        # investor (the lede or the cost paragraph instead), the AI office's first-year
        # plan, the passengers once all phases are built, the date of the POGO ban (the
        # date operators must stop by), the first line's length (ความยาว; the text says
        # ระยะทาง),
        # when rice was released before (ปล่อย; the text says ระบาย). Declined: Whoosh's
        # ticket price (ตั๋วรถไฟ, a compound the text never uses), Indonesia's transport
        # minister (คมนาคม, which the text has only inside กระทรวงคมนาคม), how much rice
        # the Japanese eat (คนญี่ปุ่นกินข้าว for ชาวญี่ปุ่นบริโภคข้าว), the employers' subsidy
        # (เงินช่วยเหลือ for เงินอุดหนุน)
        ("questions.jsonl", 120, 103, 100),
        # 15 right, 12 in bold today (13 and 11 before a country named in English was
        # searched by its Thai name). Wrong: the company building the canal (the lede).
        # Declined: Malaysia's digital minister (was the prime minister's paragraph) and
        # Indonesia's transport minister (right before): a country is their only name,
        # and more than one other article names it too
        ("english.jsonl", 18, 15, 11),
    ],
)
def test_questions_on_news_the_tuning_never_saw(
    fifteen: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    counted, right, bold = news_scores(fifteen, LATER / questions)
    assert counted == asked
    assert right >= right_floor, right
    assert bold >= bold_floor, bold


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "gold"),
    [
        (
            "When does Singapore's new retirement age take effect?",
            "sg-retirement-age.txt",
            "๑ กรกฎาคม",
        ),
        ("How much is a 5 kg bag of rice in Japan?", "jp-rice-stockpile.txt", "4,000 เยน"),
        ("who is japan's agriculture minister", "jp-rice-stockpile.txt", "ทาคุ เอโตะ"),
    ],
)
def test_a_country_named_in_english_is_found_where_the_text_names_it_in_thai(
    fifteen: KnowledgeIndex, question: str, file: str, gold: str
) -> None:
    """An English question names the country as the English do, a Thai text as the Thai
    do (สิงคโปร์, ญี่ปุ่น): with no other name shared, these were declined. Typed in one
    case, the possessive's `s` is no word of the question."""
    answer = answered_from(fifteen, question, file)
    assert contains(answer.answer or "", [gold]), answer.answer
    assert answer.language == "en"


def test_the_thai_names_of_a_country_named_in_english() -> None:
    from bot.text.countries import thai_names

    assert thai_names("Japan") == ("ญี่ปุ่น",)
    assert set(thai_names("myanmar")) == {"เมียนมา", "พม่า"} == set(thai_names("Burma"))
    assert thai_names("minister") == ()


@pytest.mark.timeout(300)
def test_an_english_question_on_which_company_gets_the_company(fifteen: KnowledgeIndex) -> None:
    """ "Which company" asks for an organisation as "บริษัทใด" does, and a Thai text names
    one after its noun ("บริษัท China Road and Bridge Corporation"): the paragraph that
    does is preferred over the lede, which named the canal's ceremony."""
    from bot.engine.question import english_noun

    assert english_noun("Which company will build it?") == "บริษัท"
    assert english_noun("what Team won") == "ทีม" and english_noun("Who built it?") == ""
    answer = answered_from(
        fifteen, "Which company will build the Funan Techo Canal?", "kh-funan-canal.txt"
    )
    assert "China Road and Bridge Corporation" in (answer.highlight or ""), answer.highlight


def test_a_mistyped_tone_mark_is_not_read_as_another_word() -> None:
    """Only a word the knowledge uses counts, and a short one must be no dictionary word:
    `รว่ม` (ร่วม mistyped) is not รวม, a word of its own."""
    from bot.engine.names import unmarked
    from bot.text.tokenizer import tokenize

    known = {"วูช", "รวม", "อินเดีย", "แข่งขัน"}.__contains__
    words = tokenize("ประเทศอินเดียเข้ารว่มการแข่งขันอะไร")
    assert unmarked(words, [w == "รว่ม" for w in words], known) == []
    words = tokenize("รถไฟวู้ชมีคนใช้กี่ล้านคน")
    assert unmarked(words, [w in ("วู้", "ช") for w in words], known) == [(1, 3, "วูช")]
