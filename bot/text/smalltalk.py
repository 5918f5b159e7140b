"""Recognise greetings, thanks and acknowledgements, which are not questions."""

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
MAX_SMALL_TALK_CHARS = 200  # longer messages are never small talk
_HAS_LETTER = re.compile(r"[^\W\d_]")


def _is_word_char(ch: str) -> bool:
    """Letters, digits and combining marks (Thai vowels and tone marks are marks)."""
    return unicodedata.category(ch)[0] in "LMN"


def is_small_talk(question: str) -> bool:
    """True for greetings/thanks (`สวัสดีครับ`, `thank you!`) and for messages with no
    letters at all (`👍`, `555`, `!!!`); a greeting followed by a question is a question."""
    text = clean_text(question).lower()
    text = "".join(ch if _is_word_char(ch) else " " for ch in text)  # punctuation, emoji
    text = re.sub(r"5{3,}", " ", text)  # Thai laughter
    stripped = " ".join(text.split())
    if not stripped:
        return bool(question.strip())
    if not _HAS_LETTER.search(stripped):
        return False  # digits only: treat as a (weak) question, not small talk
    return _made_of_pieces(stripped)


def _made_of_pieces(text: str) -> bool:
    """Whether the text is nothing but small-talk phrases and fillers (spaces between
    them optional). Dynamic programming over positions, linear in the text's length: a
    backtracking regex took time exponential in the number of words."""
    if len(text) > MAX_SMALL_TALK_CHARS:
        return False
    reachable = [False] * (len(text) + 1)
    reachable[0] = True
    for start in range(len(text)):
        if not reachable[start]:
            continue
        if text[start] == " ":
            reachable[start + 1] = True
            continue
        for piece in _PIECES:
            if text.startswith(piece, start):
                reachable[start + len(piece)] = True
    return reachable[len(text)]
