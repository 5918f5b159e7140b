from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import pytest

from bot.engine.answering import Answer, RankedArticle
from bot.telegram_app.rendering import (
    MESSAGE_LIMIT,
    TITLE_CHARS,
    render_answer,
    render_digest,
    render_help,
    render_latest,
    render_more,
    render_notification,
    shown_title,
    split_message,
)
from bot.text.articles import Article

ALLOWED_TAGS = {"b", "i", "a", "code"}


class TagChecker(HTMLParser):
    """Fails on any tag Telegram would not accept or that is left unbalanced."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED_TAGS, tag
        self.stack.append(tag)
        if tag == "a":
            self.links.append(dict(attrs)["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()


def check_html(message: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(message)
    checker.close()
    assert checker.stack == []
    return checker


def hostile_answer(text: str) -> Answer:
    result = RankedArticle(
        "หัวข้อ <script>", "https://e.org/?a=1&b=<2>", 0.9, text, "2024-01-01", None
    )
    return Answer("q", True, False, text, result.title, result.url, "2024-01-01", 0.9, (result,))


def test_user_and_article_text_cannot_inject_markup() -> None:
    text = 'ราคา <b>ลด</b> & *ด่วน* <a href="http://evil">คลิก</a> 🎉'
    message = render_answer(hostile_answer(text))
    checker = check_html(message)
    assert checker.links == ["https://e.org/?a=1&b=<2>"]  # only the source link, intact
    assert "&lt;b&gt;ลด&lt;/b&gt; &amp; *ด่วน*" in message
    assert "&lt;script&gt;" in message and "🎉" in message


def test_notification_is_escaped_and_short() -> None:
    article = Article("x", "<i>ข่าว</i>", "https://e.org/x", ("ก" * 2000 + " & <b>",), "2024-02-02")
    message = render_notification(article)
    check_html(message)
    assert "&lt;i&gt;ข่าว&lt;/i&gt;" in message and "2024-02-02" in message
    assert len(message) < 600


@pytest.mark.parametrize("limit", [50, 200, MESSAGE_LIMIT])
def test_split_keeps_parts_within_limit_and_tags_balanced(limit: int) -> None:
    body = " ".join(["ผู้แทนประเทศสมาชิก &amp; <b>อาเซียน</b>"] * 400)
    message = f'<b>หัวข้อ {body}</b>\n<a href="https://e.org">ลิงก์</a>'
    parts = split_message(message, limit)
    assert len(parts) > 1
    for part in parts:
        assert len(part) <= limit
        check_html(part)
        assert not re.search(r"&[#\w]*$", part)  # no entity cut in half
    joined = re.sub(r"<[^>]+>", "", "".join(parts))
    assert joined.count("อาเซียน") == 400


def test_split_without_spaces_never_separates_a_mark_from_its_consonant() -> None:
    message = "ผู้" * 3000  # no whitespace at all, combining marks everywhere
    parts = split_message(message, 100)
    assert "".join(parts) == message
    for part in parts:
        assert len(part) <= 100
        assert unicodedata.category(part[0])[0] != "M"


def test_short_message_is_untouched() -> None:
    assert split_message("สวัสดี <b>x</b>") == ["สวัสดี <b>x</b>"]


def test_a_page_long_title_is_shown_cut_and_every_reply_stays_one_message() -> None:
    """A feed entry or a JSONL line may give a whole page as its title: every answer,
    notice and list that named it ran to dozens of messages (a 200,000-character title,
    about 50). It is shown cut, with an ellipsis, never inside a syllable."""
    # no space, so cut by characters; a tone mark falls where a plain cut would be
    long_title = "ข่าวก" + "ก่" * 100_000
    article = Article("x", long_title, "https://e.org/x", ("เนื้อข่าวสั้น ๆ",), "2024-02-02")
    found = RankedArticle(long_title, article.url, 0.9, "เนื้อข่าวสั้น ๆ", None, None)
    answer = Answer(
        "q", True, False, "เนื้อข่าวสั้น ๆ", long_title, article.url, None, 0.9, (found, found)
    )
    not_found = Answer("q", False, False, None, None, None, None, 0.0, (found,) * 3)
    messages = [
        render_answer(answer),
        render_answer(not_found),
        render_more(answer),
        render_notification(article),
        render_latest([article] * 10),
        render_digest([article] * 5),
    ]
    for message in messages:
        check_html(message)
        assert len(split_message(message)) == 1
        assert "…" in message
    shown = shown_title(long_title)
    assert shown.endswith("…") and len(shown) <= TITLE_CHARS + 1
    assert long_title.startswith(shown[:-1])
    assert unicodedata.category(long_title[len(shown) - 1])[0] != "M"  # the first cut off
    assert shown_title("หัวข้อสั้น & <b>") == "หัวข้อสั้น &amp; &lt;b&gt;"


def test_help_says_how_to_follow_up_in_both_languages() -> None:
    text = render_help(3, "2024-01-01", group=True)
    assert "ถามต่อจากคำตอบ" in text and "follow-up" in text
    check_html(text)
