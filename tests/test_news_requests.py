"""A message that asks for the news on a topic ("ขอข่าวเรื่อง DeepSeek หน่อย", "มีข่าวอะไร
เกี่ยวกับเวียดนามบ้าง", "news about Myanmar") gets the articles on that topic, not a "not
found": no sentence of an article answers it, the articles do."""

from __future__ import annotations

import pytest

from bot.cli import format_answer
from bot.engine.answering import ask
from bot.engine.knowledge import KnowledgeIndex
from bot.telegram_app.rendering import render_answer
from bot.text.requests import news_request
from tests.conftest import article_url, news_index
from tests.test_rendering import check_html


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"))


@pytest.mark.parametrize(
    ("message", "topic", "latest"),
    [
        ("ขอข่าวเรื่อง DeepSeek หน่อย", "DeepSeek", False),
        ("มีข่าวอะไรเกี่ยวกับเวียดนามบ้าง", "เวียดนาม", False),
        ("เวียดนามมีข่าวอะไรบ้าง", "เวียดนาม", False),  # the topic first
        ("ข่าวล่าสุดเรื่องน้ำท่วม", "น้ำท่วม", True),
        ("มีข่าวเกี่ยวกับน้ำท่วมไหมครับ", "น้ำท่วม", False),
        ("ข่าวเวียดนามล่าสุด", "เวียดนาม", True),
        ("ข่าวเมื่อวานเรื่องน้ำท่วม", "น้ำท่วม", True),
        ("สรุปข่าวคลองฟูนันเตโช", "คลองฟูนันเตโช", False),
        ("news about Myanmar", "Myanmar", False),
        ("any latest news on typhoon yagi?", "typhoon yagi", True),
        ("deepseek news", "deepseek", False),
        ("latest myanmar earthquake news", "myanmar earthquake", True),
    ],
)
def test_a_request_for_the_news_names_its_topic(message: str, topic: str, latest: bool) -> None:
    request = news_request(message)
    assert request is not None and (request.topic, request.latest) == (topic, latest)


@pytest.mark.parametrize(
    "message",
    [
        "ข่าวน้ำท่วมมีคนตายกี่คน",  # asks something of the topic: a question
        "ข่าวปลอมคืออะไร",
        "ข่าวว่าราคาข้าวขึ้นจริงไหม",  # "the news says that...": a question
        "หน่วยข่าวกรองกลางของสหรัฐ",  # ข่าวกรอง (intelligence) is no news
        "มีข่าวอะไรใหม่บ้าง",  # the newest, on no topic: /latest's list
        "ข่าวนี้จริงไหม",  # whether it is true: a question
        "ข่าวนี้",  # no topic: words of grammar only
        "ขอบคุณสำหรับข่าว",
        "ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11",
        "What is the news?",
        "What is the latest news?",
        "who reported the news",
        "good news",
    ],
)
def test_a_question_is_no_request_for_the_news(message: str) -> None:
    assert news_request(message) is None


def test_the_news_on_a_topic_lists_the_articles_on_it(news: KnowledgeIndex) -> None:
    """Asked as a question, "มีข่าวอะไรเกี่ยวกับเวียดนามบ้าง" and "ข่าวล่าสุดเรื่องน้ำท่วม"
    were declined (confidence 0.00 and 0.07) though the knowledge has those articles."""
    answer = ask(news, "มีข่าวอะไรเกี่ยวกับเวียดนามบ้าง")
    assert answer.found and answer.news
    urls = [r.url for r in answer.results]
    assert article_url(news, "vn-rice-exports.txt") in urls
    assert article_url(news, "vn-long-thanh.txt") in urls
    assert answer.url == urls[0] and len(urls) == len(set(urls)) <= 5
    texts = {a.url: a.title + a.text for a in news.articles}
    assert all("เวียดนาม" in texts[url] for url in urls)  # each one is on the topic
    first = next(a for a in news.articles if a.url == answer.url)
    assert (answer.answer or "")[:40] in first.text  # its lede

    flood = ask(news, "ข่าวล่าสุดเรื่องน้ำท่วม")
    assert flood.found and flood.news and flood.url == article_url(news, "id-jakarta-flood.txt")
    dates = [r.published or "" for r in flood.results]
    assert len(dates) > 1 and dates == sorted(dates, reverse=True)  # newest first

    deepseek = ask(news, "ขอข่าวเรื่อง DeepSeek หน่อย")
    assert deepseek.news and deepseek.url == article_url(news, "cn-deepseek.txt")
    english = ask(news, "any news on typhoon yagi?")
    assert english.news and english.language == "en"
    assert english.url == article_url(news, "vn-typhoon-yagi.txt")


def test_a_question_on_a_topic_is_still_answered_as_a_question(news: KnowledgeIndex) -> None:
    answer = ask(news, "ข่าวน้ำท่วมจาการ์ตามีประชาชนต้องอพยพกี่คน")
    assert answer.found and not answer.news and "๑๒,๐๐๐" in (answer.highlight or "")


def test_the_news_on_a_topic_the_knowledge_lacks_is_not_found(news: KnowledgeIndex) -> None:
    """...and the reply says so, not "ask more specifically", the advice for a question."""
    answer = ask(news, "ขอข่าวเรื่องไดโนเสาร์หน่อย")
    assert not answer.found and answer.news and answer.to_json()["news"] is True
    reply = render_answer(answer)
    assert "ไม่พบข่าว" in reply and "เจาะจง" not in reply
    assert "none of the articles" in render_answer(ask(news, "news about dinosaurs"))
    assert not ask(news, "ไดโนเสาร์สูญพันธุ์เมื่อไร").news  # a question


def test_the_news_on_a_topic_renders_every_article_with_its_link(news: KnowledgeIndex) -> None:
    answer = ask(news, "ข่าวล่าสุดเรื่องน้ำท่วม")
    html = render_answer(answer)
    check_html(html)
    assert all(r.url in html for r in answer.results)
    assert "ไม่พบ" not in html and "ข่าวอื่น" in html
    printed = format_answer(answer)  # `python -m bot ask` lists them too
    assert all(r.url in printed for r in answer.results)
    assert answer.to_json()["news"] is True
    english = render_answer(ask(news, "news about typhoon yagi"))
    check_html(english)
    assert "Source (in Thai)" in english
