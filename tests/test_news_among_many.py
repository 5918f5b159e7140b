"""Questions written by hand on the news articles and the seed, asked of a knowledge in
which those articles sit among the 1,705 dev articles (a knowledge that has grown):
most are still answered from the right article, and with their own article removed
most are declined. A small knowledge hides what a large one shows: words the question
spells another way draw many articles' words instead of its own."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.engine.answering import ask
from bot.engine.knowledge import KnowledgeIndex, build_index
from bot.text.articles import Article
from bot.text.loader import load_knowledge
from bot.tools.train import contains
from tests.conftest import SEED

ROOT = Path(__file__).resolve().parents[1]
DEV_ARTICLES = ROOT / "data" / "dev" / "articles"
NEWS_DIR = Path(__file__).with_name("data") / "news"
SETS = (
    Path(__file__).with_name("data") / "seed_questions.jsonl",
    NEWS_DIR / "questions.jsonl",
    NEWS_DIR / "translated.jsonl",
    NEWS_DIR / "chat.jsonl",
)
ENGLISH = NEWS_DIR / "english.jsonl"


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    folder = tmp_path_factory.mktemp("news")
    shutil.copy(SEED, folder / SEED.name)
    for path in NEWS_DIR.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return list(load_knowledge(folder).articles)


@pytest.fixture(scope="module")
def dev() -> list[Article]:
    return list(load_knowledge(DEV_ARTICLES).articles)


@pytest.fixture(scope="module")
def grown(news: list[Article], dev: list[Article]) -> KnowledgeIndex:
    """The six articles among the 1,705 dev articles."""
    return build_index(dev + news)


def _questions(
    news: list[Article], sets: tuple[Path, ...] = SETS
) -> Iterator[tuple[str, list[str], str]]:
    """(question, its answers, its article's URL) of the hand-written sets."""
    urls = {Path(a.source or "").name: a.url for a in news}
    for path in sets:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            yield row["question"], row["answers"], urls[row.get("file", SEED.name)]


@pytest.mark.timeout(600)
def test_news_questions_among_many_articles(news: list[Article], grown: KnowledgeIndex) -> None:
    kb = grown
    right = total = 0
    for question, answers, url in _questions(news):
        answer = ask(kb, question)
        total += 1
        right += answer.found and answer.url == url and contains(answer.answer or "", answers)
    # 72 of 80 today (77 of them in the six articles alone); 56 when a Latin acronym the
    # text has (ASCCO) was also searched by its Thai letter names (เอ|เอส|ซี|ซี|โอ),
    # which drew other articles' syllables
    assert total == 80
    assert right >= 60, right


@pytest.fixture(scope="module")
def found_without_their_article(news: list[Article], dev: list[Article]) -> dict[str, bool]:
    """Whether each hand-written question (Thai and English) is answered by the knowledge
    with its own article removed: one knowledge per removed article, asked all of its
    questions."""
    found: dict[str, bool] = {}
    for removed in news:
        kb = build_index(dev + [a for a in news if a.url != removed.url])
        for question, _, url in _questions(news, (*SETS, ENGLISH)):
            if url == removed.url:
                found[question] = ask(kb, question).found
    return found


@pytest.mark.timeout(600)
def test_news_questions_without_their_article_are_declined(
    news: list[Article], found_without_their_article: dict[str, bool]
) -> None:
    questions = [question for question, _, _ in _questions(news)]
    total = len(questions)
    declined = sum(not found_without_their_article[q] for q in questions)
    assert total == 80
    assert declined >= 68, declined  # 75 of 80 today


@pytest.mark.timeout(600)
def test_english_questions_among_many_articles(news: list[Article], grown: KnowledgeIndex) -> None:
    """English questions name what they ask about in Latin letters, as the articles give
    it in brackets ("Typhoon Trami", "the LTA"); their other English words ("did",
    "people", "heads") are in some dev article's English text, and must not make the
    news article look as if it lacked them."""
    kb = grown
    right = bold = 0
    for question, answers, url in _questions(news, (ENGLISH,)):
        answer = ask(kb, question)
        if answer.found and answer.url == url:
            right += contains(answer.answer or "", answers)
            bold += contains(answer.highlight or "", answers)
    assert right >= 15, right  # 19 of 20 today; 7 when every English word had to be found
    assert bold >= 12, bold  # 18 today, 6 before


@pytest.mark.timeout(600)
def test_english_questions_without_their_article_are_declined(
    news: list[Article], found_without_their_article: dict[str, bool]
) -> None:
    questions = [question for question, _, _ in _questions(news, (ENGLISH,))]
    assert len(questions) == 20
    declined = sum(not found_without_their_article[q] for q in questions)
    # 18 of 20 today: "How many civil servants moved to Nusantara first?" and "what
    # percentage of nusantara will stay green" go to the article on Dipa Nusantara
    # Aidit, which has the name too
    assert declined >= 17, declined


@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    "question", ["ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11", "Who chaired the 11th ASCCO?"]
)
def test_the_readme_examples_name_the_chair_among_many_articles(
    grown: KnowledgeIndex, question: str
) -> None:
    """The English one names only the lede's meeting (11, ASCCO), and beside many articles
    the retriever's places went to other articles' "11": the chair's paragraph was not
    among them. The best article's other passages are re-ranked too."""
    answer = ask(grown, question)
    assert answer.found and "Hoang Anh Tuan" in (answer.highlight or "")


@pytest.mark.timeout(600)
def test_an_english_question_with_its_name_in_lower_case(grown: KnowledgeIndex) -> None:
    """Its only capitalized name is a number: every word it shares with the knowledge
    counts, as in a question typed in one case (with "11" alone, a king "the 11th" was
    the answer)."""
    answer = ask(grown, "When was the 11th ascco held?")
    assert answer.found and "ASCCO" in (answer.answer or "")
    assert "๕ มีนาคม" in (answer.highlight or "")


@pytest.mark.timeout(600)
def test_an_english_line_that_shares_only_its_wording_is_declined(grown: KnowledgeIndex) -> None:
    """`time` is in an article's "(1 time)": the question's own English, not a name."""
    answer = ask(grown, "what time is it now?")
    assert not answer.found and answer.language == "en"


@pytest.mark.timeout(600)
def test_who_is_answered_with_the_president_before_his_name(grown: KnowledgeIndex) -> None:
    """A president or prime minister named after the office is a person the question may
    ask for ("ประธานาธิบดี Ferdinand Marcos Jr."). Beside many articles the lede, which
    names no one but outranks the next paragraph on the article's topic words, was the
    answer: the office did not count as a person, so nothing told the two apart."""
    answer = ask(grown, "ใครคือผู้ที่ประกาศภาวะภัยพิบัติในฟิลิปปินส์")
    assert answer.found and "Ferdinand Marcos Jr." in (answer.highlight or "")


@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    ("question", "file", "gold"),
    [
        ("ใครเป็นผู้ส่งออกข้าวรายใหญ่ที่สุด", "vn-rice-exports.txt", "เวียดนาม"),
        ("ประเทศใดเป็นผู้นำเข้าข้าวเวียดนามรายใหญ่ที่สุด", "vn-rice-exports.txt", "ฟิลิปปินส์"),
        ("ผู้สนับสนุนงบประมาณ 50 ล้านดอลลาร์คือประเทศใด", "asean-health-ministers.txt", "ญี่ปุ่น"),
    ],
)
def test_the_one_who_does_is_asked_as_what_the_text_says_is_done(
    news: list[Article], grown: KnowledgeIndex, question: str, file: str, gold: str
) -> None:
    """ "Who exported..." translated reads "ใครเป็นผู้ส่งออก..." (the exporter), a word the
    segmenter keeps whole, where the text says "เวียดนามส่งออก": beside many articles these
    were declined (confidence 0.03, 0.07, 0.004)."""
    url = next(a.url for a in news if Path(a.source or "").name == file)
    answer = ask(grown, question)
    assert answer.found and answer.url == url, (answer.confidence, answer.title)
    assert contains(answer.answer or "", [gold]), answer.answer


@pytest.mark.timeout(600)
def test_a_name_the_segmenter_does_not_know_is_cut_apart_from_the_price_asked(
    dev: list[Article],
) -> None:
    """ "รถไฟวูชราคาเท่าไหร่": the unknown name วูช before ราคา was cut `วู|ชรา|คา`, so the
    train's name and the price were both lost, and beside the dev articles one on a
    footballer named กุสตาวู came first. Set apart, the fare is answered; and asked of
    the ticket (ตั๋ว, which a news text writes ค่าโดยสาร for a fare, บัตร for an
    admission), too: it was declined."""
    later = load_knowledge(ROOT / "tests" / "data" / "news_later").articles
    whoosh = next(a for a in later if Path(a.source or "").name == "id-whoosh-rail.txt")
    kb = build_index([*dev, whoosh])
    answer = ask(kb, "ค่าโดยสารรถไฟวูชราคาเท่าไหร่")
    assert answer.found and answer.url == whoosh.url, (answer.confidence, answer.title)
    assert "๒๐๐,๐๐๐ ถึง ๖๐๐,๐๐๐ รูเปียห์" in (answer.highlight or "")
    ticket = ask(kb, "ตั๋วรถไฟวูชราคาเท่าไหร่")
    assert ticket.found and ticket.url == whoosh.url, (ticket.confidence, ticket.title)
    assert "๒๐๐,๐๐๐ ถึง ๖๐๐,๐๐๐ รูเปียห์" in (ticket.highlight or "")


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    "question",
    ["อัมบั้ม มินิจำหน่ายกี่แผ่น", "นาส ออกอัมบั้มที่สองปีอะไร", "ปลาการ์ตูนส้มขาว ถูกนำไปสร้างเป็นภาพยนต์ใด"],
)
def test_a_loanword_as_it_is_often_misspelt(grown: KnowledgeIndex, question: str) -> None:
    """อัมบั้ม for อัลบั้ม (an album) and ภาพยนต์ for ภาพยนตร์ (a film), as dev questions
    write them: misspelt, the word is in no article, and among many articles the
    question went to another one or to a paragraph without the answer."""
    rows = [json.loads(line) for line in (ROOT / "data/dev/questions.jsonl").open(encoding="utf-8")]
    (row,) = [r for r in rows if r["question"] == question]
    answer = ask(grown, question)
    assert answer.found and answer.url == row["url"], answer.title
    assert contains(answer.answer or "", row["answers"]), answer.answer
