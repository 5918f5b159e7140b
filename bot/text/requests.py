"""A message that asks for the news on a topic rather than asks a question of it.

"ขอข่าวเรื่อง DeepSeek หน่อย", "มีข่าวอะไรเกี่ยวกับเวียดนามบ้าง", "เวียดนามมีข่าวอะไรบ้าง",
"ข่าวล่าสุดเรื่องน้ำท่วม", "news about Myanmar": no sentence of an article answers such a
message, the articles on its topic do. Read as a question, its topic alone ("น้ำท่วม")
asks nothing a passage could be sure to answer, and it was declined with "not found"
while the knowledge held the article. A message that asks something of the topic
("ข่าวน้ำท่วมมีคนตายกี่คน") is a question, and stays one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pythainlp.corpus import thai_stopwords

from bot.text.normalize import thai_normalize
from bot.text.tokenizer import words_of


@dataclass(frozen=True)
class NewsRequest:
    topic: str  # what the news asked for is about, as the asker wrote it
    latest: bool  # newest first ("ข่าวล่าสุด", "latest news")


# The word for the news, and what a Thai request says before it ("ขอ", "มี", "อยากอ่าน"),
# between it and the topic ("ล่าสุด", "อะไร", "เรื่อง", "เกี่ยวกับ"), and after the topic
# ("บ้าง", "หน่อย", "ไหม", the particles).
_NEWS = frozenset(["ข่าว", "บทความ", "ข่าวสาร"])
_ASKING = frozenset(
    [
        *("ขอ", "หา", "มี", "อยาก", "อยากได้", "อยากอ่าน", "อยากดู", "อยากรู้", "ส่ง", "เอา"),
        *("ดู", "อ่าน", "ช่วย", "ช่วยหา", "สรุป", "ขอดู", "ค้นหา", "ค้น", "ขออ่าน", "ติดตาม"),
        *("ทุกคน", "แอดมิน", "บอท", "สวัสดี", "ครับ", "ค่ะ", "คะ", "หน่อย"),
    ]
)
_BETWEEN = frozenset(
    [
        *("ล่าสุด", "ใหม่", "ใหม่ๆ", "ๆ", "ด่วน", "อะไร", "บ้าง", "เรื่อง", "เกี่ยวกับ", "เกี่ยว"),
        *("กับ", "ของ", "ด้าน", "ประเด็น", "เกี่ยวข้อง", "ทั้งหมด", "วันนี้", "ตอนนี้", "ที่"),
        *("เมื่อวาน", "เมื่อวานนี้"),
    ]
)
_CLOSING = frozenset(
    [
        *("บ้าง", "ไหม", "มั้ย", "หน่อย", "ด้วย", "หรือเปล่า", "หรือยัง", "ล่าสุด", "ให้"),
        *("ให้หน่อย", "ที", "ครับ", "ครับผม", "ค่ะ", "คะ", "คับ", "จ้า", "นะ", "ใหม่", "ใหม่ๆ"),
        *("ๆ", "วันนี้", "ตอนนี้", "ทั้งหมด", "อยู่", "เมื่อวาน", "เมื่อวานนี้"),
    ]
)
# ...and after the word for the news when it comes last ("เวียดนามมีข่าวอะไรบ้าง")
_AFTER_NEWS = _CLOSING | {"อะไร", "มี"}
_LATEST_WORDS = frozenset(["ล่าสุด", "ใหม่", "ใหม่ๆ", "วันนี้", "ตอนนี้", "เมื่อวาน", "เมื่อวานนี้"])
# Only a message that names the news is read further: the rest, nearly every question,
# costs one search of the text, not a segmentation.
_MENTIONS_NEWS = re.compile(r"ข่าว|บทความ|\b(?:news|articles?|stories|updates?)\b", re.IGNORECASE)
# A message that asks whether the news is true is a question on it ("ข่าวนี้จริงไหม"), and
# one that thanks for it is none.
_TRUE = re.compile(r"(?:จริง|ใช่)\s*(?:ไหม|มั้ย|หรือเปล่า|หรือไม่|ป่าว|เปล่า)|ขอบคุณ")
# A topic that asks something is a question on it: "ข่าวน้ำท่วมมีคนตายกี่คน".
_ASKS = re.compile(
    r"ใคร|อะไร|ที่ไหน|ไหน|เมื่อไร|เมื่อไหร่|(?<![เแ])กี่|เท่าไร|เท่าไหร่|เท่าใด|ทำไม|อย่างไร|"
    r"ยังไง|(?<!ใ)ใด|หรือไม่|จริงไหม|ใช่ไหม|\?"
)
_EN_ASKS = re.compile(
    r"\b(?:who|whom|whose|what|when|where|which|why|how|is|are|was|were|did|does|do)\b",
    re.IGNORECASE,
)
# English words that name no topic: "the news", "good news", "today's news"
_EN_EMPTY = frozenset(
    [
        *("the", "a", "an", "good", "bad", "big", "latest", "new", "any", "some", "this"),
        *("that", "it", "today", "todays", "today's", "my", "your", "fake", "breaking"),
        "world",
    ]
)
MAX_TOPIC_CHARS = 80  # a request names its topic in a few words; more is a question

_EN = re.compile(
    r"^(?:(?:please|pls|can you|could you|show me|give me|send me|find|search|any|some|the"
    r"|(?P<latest>latest|newest|recent|new)|all)\s+)*"
    r"(?:news|articles?|stories|updates?)\s+(?:about|on|of|regarding|concerning|for)\s+"
    r"(?P<topic>[^?]+?)\s*[?.!]*$",
    re.IGNORECASE,
)


# ...and the topic first: "deepseek news", "latest myanmar earthquake news"
_EN_AFTER = re.compile(
    r"^(?:(?:any|the|some|(?P<latest>latest|newest|recent))\s+)*(?P<topic>[^?]+?)\s+"
    r"(?:news|articles|stories|updates)(?:\s+today)?\s*[?.!]*$",
    re.IGNORECASE,
)


def news_request(message: str) -> NewsRequest | None:
    """The topic a message asks the news on, or None when it is no such request."""
    text = " ".join(thai_normalize(message).split())
    if len(text) > 2 * MAX_TOPIC_CHARS or not _MENTIONS_NEWS.search(text) or _TRUE.search(text):
        return None
    found = _EN.match(text) or _EN_AFTER.match(text)
    if found is not None:
        return _request(found.group("topic"), bool(found.group("latest")))
    words = words_of(text, keep_whitespace=True)
    content = [i for i, w in enumerate(words) if w.strip()]
    if not content:
        return None
    at = 0
    while at < len(content) and words[content[at]] in _ASKING:
        at += 1
    latest = False
    if at < len(content) and words[content[at]] in _NEWS:  # "ขอข่าวเรื่อง X หน่อย"
        at += 1
        while at < len(content) and words[content[at]] in _BETWEEN:
            latest |= words[content[at]] in _LATEST_WORDS
            at += 1
        end = len(content)
    else:  # "เวียดนามมีข่าวอะไรบ้าง": the news asked for after the topic
        news = [j for j in range(at, len(content)) if words[content[j]] in _NEWS]
        if not news or any(
            words[content[j]] not in _AFTER_NEWS for j in range(news[-1] + 1, len(content))
        ):
            return None
        end = news[-1]
        if end > at and words[content[end - 1]] == "มี":  # "เวียดนามมีข่าว...": its มี
            end -= 1
        latest = any(words[content[j]] in _LATEST_WORDS for j in range(end, len(content)))
    while end > at and words[content[end - 1]] in _CLOSING:
        latest |= words[content[end - 1]] in _LATEST_WORDS
        end -= 1
    if end <= at:
        return None
    return _request("".join(words[content[at] : content[end - 1] + 1]), latest)


def _request(topic: str, latest: bool) -> NewsRequest | None:
    """The request, when its topic names something: not only words of grammar ("ข่าวนี้",
    this news), nothing that asks, nothing the news says ("ข่าวว่า...")."""
    topic = topic.strip()
    if (
        len(topic) > MAX_TOPIC_CHARS
        or _ASKS.search(topic)
        or _EN_ASKS.search(topic)
        or topic.startswith("ว่า")
        or all(w in _EN_EMPTY for w in topic.lower().split())
        or all(w.strip() in thai_stopwords() for w in words_of(topic))
    ):
        return None
    return NewsRequest(topic, latest)
