"""A follow-up in a chat names no subject ("ประชุมกันวันไหน" after asking who chaired the
11th ASCCO): it is answered from the article of the asker's previous answer, and only
when it names nothing that article lacks, so a question on another subject, or on one the
knowledge does not have, is answered as if asked alone."""

from __future__ import annotations

from pathlib import Path

from bot.engine.answering import ask
from bot.engine.knowledge import KnowledgeIndex, build_index
from bot.tools.train import contains
from tests.conftest import SEED_URL
from tests.test_answers import NEWS_DIR, _jsonl, _news_kb


def _urls(kb: KnowledgeIndex) -> dict[str, str]:
    return {Path(a.source or "").name: a.url for a in kb.articles}


def test_a_follow_up_is_answered_from_the_previous_answers_article(seed_dir: Path) -> None:
    kb = _news_kb(seed_dir)
    first = ask(kb, "ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11")
    assert first.found and first.url == SEED_URL
    alone = ask(kb, "ประชุมกันวันไหน")
    assert not (alone.found and alone.url == SEED_URL)  # which meeting? the question says not
    after = ask(kb, "ประชุมกันวันไหน", after=first.url)
    assert after.found and after.url == SEED_URL
    assert "๕ มีนาคม" in (after.highlight or "")


def test_follow_ups_written_by_hand_on_news_articles(seed_dir: Path) -> None:
    """Each row: a first question, then a follow-up that names no subject, on the seed
    article and the five news articles."""
    kb = _news_kb(seed_dir)
    urls = _urls(kb)
    right = bold = right_alone = 0
    rows = _jsonl(NEWS_DIR / "follow_ups.jsonl")
    for row in rows:
        first = ask(kb, row["first"])
        assert first.found and first.url == urls[row["file"]], row["first"]
        for after in (None, first.url):
            answer = ask(kb, row["question"], after=after)
            ok = answer.found and answer.url == urls[row["file"]]
            ok = ok and contains(answer.answer or "", row["answers"])
            if after is None:
                right_alone += ok
                continue
            right += ok
            bold += ok and contains(answer.highlight or "", row["answers"])
    # 21 and 21 of 23 today, 19 asked alone; the misses use words the article does not
    # (ปีหน้า for the year after the article's) or go to another paragraph
    assert right >= 17, right
    assert bold >= 16, bold
    assert right > right_alone


def test_a_question_on_another_subject_is_answered_as_if_asked_alone(seed_dir: Path) -> None:
    """Every hand-written question that names its subject, asked right after an answer
    from each of the other articles, gets the answer it gets alone."""
    kb = _news_kb(seed_dir)
    urls = _urls(kb)
    for row in _jsonl(NEWS_DIR / "questions.jsonl"):
        alone = ask(kb, row["question"])
        for name, url in urls.items():
            if name == row["file"]:
                continue
            after = ask(kb, row["question"], after=url)
            assert (after.found, after.url) == (alone.found, alone.url), (row["question"], name)


def test_a_question_whose_article_is_missing_is_still_declined(seed_dir: Path) -> None:
    """With the Nusantara article removed, its questions asked after an answer from the
    health ministers' article (which names Indonesia too) are declined as when alone."""
    kb = _news_kb(seed_dir)
    urls = _urls(kb)
    without = build_index([a for a in kb.articles if a.url != urls["id-nusantara.txt"]])
    health = urls["asean-health-ministers.txt"]
    rows = [r for r in _jsonl(NEWS_DIR / "questions.jsonl") if r["file"] == "id-nusantara.txt"]
    assert rows
    for row in rows:
        assert not ask(without, row["question"], after=health).found, row["question"]


def test_an_unknown_previous_article_is_ignored(seed_dir: Path) -> None:
    """The article may be gone since (a reload): the question is answered alone."""
    kb = _news_kb(seed_dir)
    question = "ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11"
    assert ask(kb, question, after="https://example.org/gone") == ask(kb, question)


def test_the_subject_a_next_question_may_follow_up_on(seed_dir: Path) -> None:
    """`about`: the answer's article; for "thank you", the one before; for a question on a
    subject the knowledge does not have, none, so that the next question is not read in
    an article the asker has moved away from."""
    kb = _news_kb(seed_dir)
    urls = _urls(kb)
    without = build_index([a for a in kb.articles if a.url != urls["id-nusantara.txt"]])
    health = urls["asean-health-ministers.txt"]
    first = ask(without, "การประชุมรัฐมนตรีสาธารณสุขอาเซียนครั้งที่ 16 จัดที่ไหน")
    assert first.found and first.about == health
    assert ask(without, "ขอบคุณครับ", after=health).about == health
    moved = ask(without, "อินโดนีเซียย้ายข้าราชการไปเมืองหลวงใหม่กี่คน", after=health)
    assert not moved.found and moved.about is None


def test_the_kind_of_answer_asked_for_need_not_be_in_the_article(seed_dir: Path) -> None:
    """The rice article names the Philippines but never says "country": "which country"
    says what the answer is, not a subject the article lacks."""
    kb = _news_kb(seed_dir)
    rice = _urls(kb)["vn-rice-exports.txt"]
    answer = ask(kb, "ตลาดใหญ่ที่สุดคือประเทศไหน", after=rice)
    assert answer.found and answer.url == rice
    assert "ฟิลิปปินส์" in (answer.highlight or "")


def test_the_noun_a_follow_up_asks_with_need_not_be_in_the_article(seed_dir: Path) -> None:
    """ "หน่วยงานใด" (which agency) after an answer on Singapore's driverless buses: the
    article says องค์การขนส่งทางบก, never หน่วยงาน, which names the kind of answer, not
    another subject (asked alone, the question was declined)."""
    kb = _news_kb(seed_dir)
    bus = _urls(kb)["sg-autonomous-bus.txt"]
    answer = ask(kb, "หน่วยงานใดเป็นผู้ให้บริการ", after=bus)
    assert answer.found and answer.url == bus
    assert "องค์การขนส่งทางบก" in (answer.highlight or "")
