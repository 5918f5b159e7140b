"""Recognise messages that are not questions for the articles: greetings, thanks and
acknowledgements, and asking for the newest news ("ข่าวล่าสุด", "มีอะไรใหม่บ้าง"), which no
article's text answers but the list of newest articles does."""

from __future__ import annotations

import re
import unicodedata

from bot.text.normalize import clean_text

# Whole-message small talk once polite particles are removed. Longest first so that
# `สวัสดีตอนเช้า` is removed whole before `สวัสดี`.
_PHRASES = sorted(
    {
        # Thai greetings
        "สวัสดี",
        "หวัดดี",
        "ดีจ้า",
        "ดีค่า",
        "ดีครับ",
        "ดีคับ",
        "สวัสดีตอนเช้า",
        "อรุณสวัสดิ์",
        "ราตรีสวัสดิ์",
        "ยินดีที่ได้รู้จัก",
        "ลาก่อน",
        "บาย",
        "ไปก่อนนะ",
        # Thai thanks and acknowledgements
        "ขอบคุณ",
        "ขอบคุณมาก",
        "ขอบคุณมากๆ",
        "ขอบใจ",
        "ขอบใจมาก",
        "แต๊งกิ้ว",
        "โอเค",
        "เค",
        "ได้เลย",
        "รับทราบ",
        "เข้าใจแล้ว",
        "ดีมาก",
        "เยี่ยม",
        "สุดยอด",
        "ตกลง",
        # English
        "hi",
        "hello",
        "hey",
        "hiya",
        "yo",
        "good morning",
        "good afternoon",
        "good evening",
        "good night",
        "thanks",
        "thank you",
        "thx",
        "ty",
        "ok",
        "okay",
        "k",
        "cool",
        "great",
        "nice",
        "bye",
        "goodbye",
        "see you",
        "got it",
        "sure",
        "yes",
        "no",
    },
    key=len,
    reverse=True,
)
_FILLERS = set(
    [
        "ครับ",
        "คับ",
        "ค่ะ",
        "คะ",
        "ค่า",
        "จ้า",
        "จ้ะ",
        "จ๊ะ",
        "นะ",
        "น้า",
        "นะคะ",
        "นะครับ",
        "ทุกคน",
        "บอท",
        "แอดมิน",
        "แอด",
        "admin",
        "มาก",
        "มากๆ",
        "ๆ",
        "there",
        "bot",
        "all",
        "everyone",
        "so",
        "much",
        "very",
        "a",
        "lot",
        "again",
        "you",
        "too",
        "na",
        "krub",
        "ka",
        "kha",
    ]
)
_PIECES = tuple(sorted(set(_PHRASES) | _FILLERS, key=len, reverse=True))
_ANY_PIECE = frozenset(_PIECES)
MAX_SMALL_TALK_CHARS = 200  # longer messages are never small talk
_HAS_LETTER = re.compile(r"[^\W\d_]")


def _is_word_char(ch: str) -> bool:
    """Letters, digits and combining marks (Thai vowels and tone marks are marks)."""
    return unicodedata.category(ch)[0] in "LMN"


# Asking for the newest news as a whole message: at least one of these, with the
# openers, question tails and particles below. "ข่าวล่าสุดเรื่องน้ำท่วม" names a topic and
# is a question for the articles.
_LATEST = frozenset(
    {
        "ข่าว",
        "ข่าวล่าสุด",
        "ข่าวใหม่",
        "ข่าวใหม่ล่าสุด",
        "ข่าววันนี้",
        "ข่าวเด่น",
        "ข่าวเด่นวันนี้",
        "ข่าวอัปเดต",
        "อัปเดตข่าว",
        "อัพเดทข่าว",
        "อัพเดตข่าว",
        "บทความ",
        "บทความล่าสุด",
        "บทความใหม่",
        "อะไรใหม่",
        "news",
        "latest",
        "newest",
        "recent",
        "updates",
        "what s new",
        "whats new",
        "what is new",
        "articles",
    }
)
_LATEST_AROUND = frozenset(
    {
        "ขอ",
        "ขอดู",
        "ดู",
        "อยากรู้",
        "อยากดู",
        "ช่วย",
        "บอก",
        "มี",
        "มีอะไร",
        "อะไร",
        "คือ",
        "บ้าง",
        "new",
        "ไหม",
        "มั้ย",
        "หรือยัง",
        "หน่อย",
        "ล่าสุด",
        "ใหม่",
        "ๆ",
        "วันนี้",
        "ตอนนี้",
        "what",
        "whats",
        "s",
        "is",
        "are",
        "there",
        "any",
        "the",
        "show",
        "me",
        "give",
        "tell",
        "please",
        "today",
        "todays",
        "of",
    }
)
# a greeting may open it: "สวัสดีครับ มีข่าวอะไรใหม่บ้าง"
_LATEST_PIECES = tuple(sorted(_LATEST | _LATEST_AROUND | set(_PIECES), key=len, reverse=True))


def _words_only(question: str) -> str:
    """Lower case, punctuation and emoji as spaces, Thai laughter dropped."""
    text = clean_text(question).lower()
    text = "".join(ch if _is_word_char(ch) else " " for ch in text)
    text = re.sub(r"5{3,}", " ", text)
    return " ".join(text.split())


def is_small_talk(question: str) -> bool:
    """True for greetings/thanks (`สวัสดีครับ`, `thank you!`) and for messages with no
    letters at all (`👍`, `555`, `!!!`); a greeting followed by a question is a question."""
    stripped = _words_only(question)
    if not stripped:
        return bool(question.strip())
    if not _HAS_LETTER.search(stripped):
        return False  # digits only: treat as a (weak) question, not small talk
    return _made_of(stripped, _PIECES, _ANY_PIECE)


def asks_for_latest(question: str) -> bool:
    """True when the whole message asks for the newest news ("มีข่าวอะไรใหม่บ้างครับ",
    "latest news?"); not when it names what about ("ข่าวล่าสุดเรื่องน้ำท่วม")."""
    text = _words_only(question)
    return bool(text) and _made_of(text, _LATEST_PIECES, _LATEST)


def _made_of(text: str, pieces: tuple[str, ...], needed: frozenset[str]) -> bool:
    """Whether the text is nothing but `pieces` (spaces between them optional), one of
    them from `needed`. Dynamic programming over positions, linear in the text's
    length: a backtracking regex took time exponential in the number of words."""
    if len(text) > MAX_SMALL_TALK_CHARS:
        return False
    # reachable[i]: 0 not reached, 1 reached, 2 reached with a needed piece on the way
    reachable = [0] * (len(text) + 1)
    reachable[0] = 1
    for start in range(len(text)):
        state = reachable[start]
        if not state:
            continue
        if text[start] == " ":
            reachable[start + 1] = max(reachable[start + 1], state)
            continue
        for piece in pieces:
            if text.startswith(piece, start):
                end = start + len(piece)
                reachable[end] = max(reachable[end], 2 if piece in needed else state)
    return reachable[len(text)] == 2
