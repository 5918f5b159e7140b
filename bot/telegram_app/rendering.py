"""Telegram HTML for answers and notices, and splitting to Telegram's 4,096 limit.

Everything from users or articles goes through `html.escape`, so no text can open a
tag, inject a link or break the message. Pure functions, no Telegram import.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence

from bot.engine.answering import Answer, RankedArticle
from bot.text.articles import Article

MESSAGE_LIMIT = 4096
PLAIN_FALLBACK_LIMIT = 3000  # leaves room however Telegram counts the characters
SUMMARY_CHARS = 300
# A title is shown at most this long: a feed or a JSONL line may give a whole page as
# its title, and every answer, notice and list that names it would run to many messages.
TITLE_CHARS = 200
_TOKEN = re.compile(r"(<[^>]*>|&[#\w]+;)")
_TAG = re.compile(r"<(/?)(\w+)[^>]*>")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def to_plain_text(message: str) -> str:
    """What the reader would have seen, without markup (for a fallback send)."""
    return html.unescape(re.sub(r"<[^>]*>", "", message))


def is_formatting_problem(error: Exception) -> bool:
    """Telegram's refusals that a plain-text, smaller resend can fix."""
    text = str(error).lower()
    return "can't parse entities" in text or "message is too long" in text


def link(url: str, label: str) -> str:
    return f'<a href="{esc(url)}">{esc(label)}</a>'


def clipped(text: str, limit: int) -> str:
    """At most `limit` characters and an ellipsis: cut at a space in the second half if
    there is one, never between a Thai consonant and its vowel or tone mark."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else _before_marks(text, limit)] + "…"


def shown_title(text: str) -> str:
    """An article's title as shown, escaped."""
    return esc(clipped(text, TITLE_CHARS))


def _date(published: str | None) -> str:
    return f" · {esc(published)}" if published else ""


def _with_highlight(answer: str, highlight: str | None) -> str:
    """The answer escaped, its highlight in bold (a piece of it, or nothing bold)."""
    at = answer.find(highlight) if highlight else -1
    if not highlight or at < 0:
        return esc(answer)
    end = at + len(highlight)
    return f"{esc(answer[:at])}<b>{esc(highlight)}</b>{esc(answer[end:])}"


def render_answer(answer: Answer) -> str:
    if answer.small_talk:
        return render_small_talk(answer.language)
    if not answer.found or answer.answer is None or answer.url is None:
        return render_not_found(answer.results, answer.language, answer.news)
    source = "Source (in Thai)" if answer.language == "en" else "ที่มา"
    if answer.news:
        return render_news(answer, source)
    return (
        f"{_with_highlight(answer.answer, answer.highlight)}\n\n"
        f"📰 <b>{shown_title(answer.title or '')}</b>{_date(answer.published)}\n"
        f"{source}: {link(answer.url, answer.url)}"
    )


MORE_ON_IT = {"th": "ข่าวอื่นในเรื่องนี้:", "en": "More on it:"}


def render_news(answer: Answer, source: str) -> str:
    """A request for the news on a topic: the first article, its lede and its link, then
    the other articles found on the topic."""
    lines = [
        f"📰 <b>{shown_title(answer.title or '')}</b>{_date(answer.published)}",
        esc(clipped(" ".join((answer.answer or "").split()), SUMMARY_CHARS)),
        f"{source}: {link(answer.url or '', answer.url or '')}",
    ]
    others = answer.results[1:]
    if others:
        lines.append(f"\n{MORE_ON_IT['en' if answer.language == 'en' else 'th']}")
        lines.extend(
            f"• {link(r.url, clipped(r.title, TITLE_CHARS))}{_date(r.published)}" for r in others
        )
    return "\n".join(lines)


def render_small_talk(language: str = "th") -> str:
    if language == "en":
        return (
            "Hello! 🙂 I answer questions from the news articles I know; they are in Thai."
            " Ask in Thai, or in English with a name, acronym or number from them. /help for more."
        )
    return (
        "สวัสดีครับ 🙂 ผมตอบคำถามจากบทความข่าวในฐานความรู้ พิมพ์คำถามมาได้เลย เช่น"
        " <i>อาเซียนประชุมเรื่องอะไร</i> /help ดูวิธีใช้"
    )


NOT_FOUND = {
    "th": "ขออภัย ไม่พบคำตอบในบทความที่มีอยู่ ลองถามให้เจาะจงขึ้น เช่น ระบุชื่อบุคคล สถานที่ หรือเหตุการณ์",
    "en": (
        "Sorry, I found no answer in the articles I have. They are in Thai: try asking in"
        " Thai, or use a name, acronym or number as the articles write it."
    ),
}
# ...for a request for the news on a topic, which no article names
NO_NEWS = {
    "th": "ขออภัย ไม่พบข่าวในเรื่องนี้ในบทความที่มีอยู่ /latest ดูบทความล่าสุด",
    "en": "Sorry, none of the articles I have is on that. /latest lists the newest.",
}
CLOSEST = {"th": "บทความที่ใกล้เคียง:", "en": "Closest articles:"}


def render_not_found(
    closest: Sequence[RankedArticle], language: str = "th", news: bool = False
) -> str:
    language = language if language in NOT_FOUND else "th"
    lines = [(NO_NEWS if news else NOT_FOUND)[language]]
    if closest:
        lines.append(f"\n{CLOSEST[language]}")
        lines.extend(f"• {link(r.url, clipped(r.title, TITLE_CHARS))}" for r in closest[:3])
    return "\n".join(lines)


def render_more(answer: Answer) -> str:
    """The next-best answers, shown under a first answer that may be wrong."""
    english = answer.language == "en"
    others = answer.results[1:] if answer.found else answer.results
    if not others:
        return "No other answers." if english else "ไม่มีคำตอบอื่นเพิ่มเติม"
    parts = ["Other answers:" if english else "คำตอบอื่น ๆ:"]
    for i, r in enumerate(others, start=2):
        snippet = r.passage[:SUMMARY_CHARS] + ("…" if len(r.passage) > SUMMARY_CHARS else "")
        heading = f"<b>{i}. {shown_title(r.title)}</b>{_date(r.published)}"
        parts.append(f"\n{heading}\n{esc(snippet)}\n{link(r.url, r.url)}")
    return "\n".join(parts)


def summarize(article: Article, limit: int = SUMMARY_CHARS) -> str:
    return clipped(" ".join(article.text.split()), limit)


def render_notification(article: Article) -> str:
    return (
        f"🆕 <b>{shown_title(article.title)}</b>{_date(article.published)}\n\n"
        f"{esc(summarize(article))}\n\n"
        f"ที่มา / Source: {link(article.url, article.url)}"
    )


DIGEST_CHARS = 3500  # room for the list; the whole message stays under Telegram's 4,096
DIGEST_TITLE_CHARS = 120


def render_digest(articles: Sequence[Article]) -> str:
    """One message for a batch of new articles (a bulk import), oldest first: as many
    titles with links as fit, then how many more and where to see them."""
    lines = [f"🆕 บทความใหม่ {len(articles):,} บทความ / {len(articles):,} new articles:"]
    size = len(lines[0])
    shown = 0
    for article in articles:
        line = f"• {link(article.url, clipped(article.title, DIGEST_TITLE_CHARS))}"
        line += _date(article.published)
        if size + len(line) + 1 > DIGEST_CHARS:
            break
        lines.append(line)
        size += len(line) + 1
        shown += 1
    if shown < len(articles):
        more = len(articles) - shown
        lines.append(f"…และอีก {more:,} บทความ / and {more:,} more: /latest")
    return "\n".join(lines)


def render_help(articles: int, newest: str | None, group: bool) -> str:
    newest_th = f" ล่าสุดวันที่ {esc(newest)}" if newest else ""
    newest_en = f", newest from {esc(newest)}" if newest else ""
    how_th = "ในกลุ่ม ใช้ /ask คำถาม หรือแท็กชื่อบอท" if group else "พิมพ์คำถามมาได้เลย"
    how_en = (
        f"In groups, use /ask {esc('<question>')} or mention me."
        if group
        else "Just type a question."
    )
    return (
        f"ผมตอบคำถามจากบทความข่าว {articles:,} บทความ{newest_th} พร้อมลิงก์ที่มา\n"
        f"{how_th} ถามภาษาอังกฤษได้เมื่อมีชื่อ ตัวย่อ หรือตัวเลขที่บทความเขียนไว้\n"
        "ถามต่อจากคำตอบได้เลย (เช่น แล้วใครเป็นประธาน) หรือตอบกลับข้อความของผมเพื่อถามถึงบทความนั้น\n"
        "/latest บทความล่าสุด · /subscribe รับแจ้งเตือนบทความใหม่ · /unsubscribe ยกเลิก\n\n"
        f"I answer questions from {articles:,} news articles{newest_en}, with the source link."
        f" {how_en} The articles are in Thai: ask in Thai, or in English with a name, acronym"
        " or number as they write it; I reply in the language you ask in. Ask a follow-up"
        " right after an answer, or reply to one of my messages to ask about its article.\n"
        "/latest newest articles · /subscribe get new-article notifications · /unsubscribe stop"
    )


def render_latest(articles: Sequence[Article], limit: int = 10) -> str:
    if not articles:
        return "ยังไม่มีบทความ / No articles yet."
    newest = sorted(articles, key=lambda a: (a.published or "", a.title), reverse=True)[:limit]
    lines = ["บทความล่าสุด / Newest articles:"]
    lines.extend(
        f"• {link(a.url, clipped(a.title, TITLE_CHARS))}{_date(a.published)}" for a in newest
    )
    return "\n".join(lines)


def _safe_cut(text: str, limit: int) -> int:
    """Last whitespace before limit; else a cut that does not split a character cluster."""
    cut = max(text.rfind(" ", 0, limit + 1), text.rfind("\n", 0, limit + 1))
    return cut if cut > 0 else _before_marks(text, limit)


def _before_marks(text: str, cut: int) -> int:
    """`cut`, moved back past marks: never separate a Thai vowel or tone mark from its
    consonant."""
    while cut > 1 and unicodedata.category(text[cut])[0] == "M":
        cut -= 1
    return cut


def split_message(message: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split HTML into parts of at most `limit` characters, on whitespace, never inside a
    tag or entity; tags open at a cut are closed and reopened in the next part."""
    if len(message) <= limit:
        return [message]
    pieces = [p for p in _TOKEN.split(message) if p]
    parts: list[str] = []
    open_tags: list[tuple[str, str]] = []  # (name, full opening tag)
    current = ""

    def closing() -> str:
        return "".join(f"</{name}>" for name, _ in reversed(open_tags))

    def visible(text: str) -> bool:
        return bool(_TOKEN.sub("", text).strip())

    def flush() -> None:
        nonlocal current
        if visible(current):
            parts.append(current.rstrip() + closing())
        current = "".join(tag for _, tag in open_tags)

    for piece in pieces:
        room = limit - len(current) - len(closing())
        if piece.startswith(("<", "&")):
            tag = _TAG.match(piece)
            closing_tag = bool(tag and tag.group(1))
            # an opening tag needs room for itself, its closing tag and some text
            need = 0 if closing_tag else len(piece) + (len(tag.group(2)) + 4 if tag else 0)
            if need > room:
                flush()
            current += piece
            if tag and closing_tag:
                if open_tags and open_tags[-1][0] == tag.group(2):
                    open_tags.pop()
            elif tag:
                open_tags.append((tag.group(2), piece))
            continue
        while piece:
            room = limit - len(current) - len(closing())
            if len(piece) <= room:
                current += piece
                break
            cut = _safe_cut(piece, room) if room > 0 else 0
            if cut <= 0:
                flush()
                if limit - len(current) - len(closing()) <= 0:
                    raise ValueError("message limit too small for its tags")
                continue
            current += piece[:cut]
            piece = piece[cut:].lstrip(" ")
            flush()
    if visible(current):
        parts.append(current.rstrip() + closing())
    return parts
