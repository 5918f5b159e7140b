"""A question as it is asked in a chat, set back to what it asks.

People in a Telegram group wrap a question: they greet and address the bot or its
admin ("สวัสดีค่ะแอดมิน ..."), say that they ask ("ขอถามหน่อยครับ", "อยากทราบว่า..."),
laugh ("555"), add emoji, and spell the common words as they say them ("เปน",
"ที่ใหน"). None of it is in an article: an unknown word such as แอดมิน weighs as much
as the rarest word of the knowledge, and a question that holds it looks unanswered.
`unwrapped` keeps what is asked. Only the question's two ends are unwrapped, and only
by whole words, so a name that begins with the same letters ("ขอนแก่น") stays.
"""

from __future__ import annotations

import re
from itertools import islice

from bot.text.normalize import thai_normalize
from bot.text.tokenizer import words_of

# Polite particles, as they are said and typed.
_PARTICLES = (
    *("ครับ", "ครับผม", "คร้าบ", "ค้าบ", "คับ", "ค่ะ", "คะ", "ค่า", "จ้า", "จ้ะ", "ฮะ"),
    *("นะ", "นะคะ", "นะครับ"),
)

# The asker, and how they came to hear of it.
_ASKERS = ("ผม", "ฉัน", "หนู", "เรา", "ดิฉัน", "กระผม")
_HEARD = (
    *("อ่านข่าว", "ดูข่าว", "เห็นข่าว", "ฟังข่าว", "ได้ยินข่าว", "อ่านเจอ", "ได้ยินมาว่า"),
    *("เห็นในข่าว", "สงสัยว่า", "อยากรู้ว่า", "อยากทราบว่า"),
)

# What a question is wrapped in at its start, as the segmenter's words run together:
# greetings, whom it is addressed to, the asking, and the polite particles between.
OPENINGS = frozenset(
    {
        *("สวัสดี", "หวัดดี", "ดีจ้า", "ดีค่ะ", "ดีครับ", "ดีคับ"),
        *("แอดมิน", "แอด", "พี่แอด", "พี่แอดมิน", "admin", "บอท", "น้องบอท", "bot"),
        *("ทุกคน", "ทุกท่าน"),
        *("ขอถาม", "ถาม", "สอบถาม", "ขอสอบถาม", "รบกวน", "รบกวนถาม", "รบกวนสอบถาม"),
        *("อยากรู้", "อยากทราบ", "ขอทราบ", "ใครรู้บ้าง", "ช่วยบอก", "บอกหน่อย"),
        *("ช่วยตอบ", "ช่วยหา", "ช่วยหาข้อมูล", "ช่วยด้วย", "ช่วยหน่อย"),
        *("หน่อย", "นิดนึง", "นิดหนึ่ง", "ดิ", "คำถาม"),
        # not ค่า, which opens a fee as often ("ค่าวีซ่า...เท่าไร", "ค่าโดยสาร")
        *(p for p in _PARTICLES if p != "ค่า"),
        # the asking with the ว่า ("that") it leads into: not ว่า on its own, which
        # begins ว่าที่ ("-elect")
        *("อยากรู้ว่า", "อยากทราบว่า", "ไม่ทราบว่า", "ใครรู้บ้างว่า", "ขอถามว่า", "ถามว่า"),
        *("บอกหน่อยว่า", "ช่วยบอกว่า", "ได้ไหมว่า", "ได้มั้ยว่า", "สงสัยว่า"),
        # where the asker heard of it and when ("ได้ยินมาว่า...", "เห็นในข่าวเมื่อวาน ...",
        # "เพื่อนถามมาครับ ..."): no article says it. Whole words only: not ข่าวกรอง.
        *("เห็น", "เห็นว่า", "เห็นข่าว", "เห็นข่าวว่า", "ในข่าว", "จากข่าว", "ตามข่าว"),
        *("ได้ยิน", "ได้ยินมา", "ได้ยินว่า", "ได้ยินมาว่า", "ได้ข่าว", "ได้ข่าวมา"),
        *("ได้ข่าวว่า", "ได้ข่าวมาว่า", "อ่านเจอ", "อ่านเจอว่า", "อ่านข่าว", "อ่านข่าวว่า"),
        *("ข่าว", "ข่าวว่า", "ข่าวบอกว่า", "ข่าวล่าสุด", "เขาว่า", "เขาบอกว่า"),
        *("เพื่อนถาม", "เพื่อนถามมา", "เพื่อนบอก", "เพื่อนบอกว่า", "ช่วยเช็ก", "ช่วยเช็ค"),
        *("เช็กให้", "เช็คให้", "ให้หน่อย", "สงสัย", "สงสัยมานาน", "สงสัยมานานแล้ว"),
        *("ในเฟซบุ๊ก", "ในเฟส", "ในไลน์", "ในทวิตเตอร์", "ในติ๊กต็อก", "ในโซเชียล"),
        *("เมื่อวาน", "เมื่อวานนี้", "วันนี้", "ตอนนี้", "ขณะนี้", "ล่าสุด", "เมื่อเช้า"),
        *("เมื่อคืน", "ดูข่าว", "ฟังข่าว", "ดูทีวี"),
        # asking for the story itself ("สรุปข่าว...ให้หน่อย", "เล่าเรื่อง...ให้ฟังหน่อย"): its
        # subject is what is asked, and the lede tells it
        *("สรุป", "สรุปข่าว", "ช่วยสรุป", "ช่วยสรุปข่าว", "ขอสรุป", "ขอสรุปข่าว"),
        *("เล่า", "เล่าเรื่อง", "ช่วยเล่า", "ช่วยเล่าเรื่อง", "ขอข้อมูล", "ขอรายละเอียด"),
        *("อยากรู้เรื่อง", "อยากทราบเรื่อง", "เกี่ยวกับ"),
        # ...said of oneself ("ผมอ่านข่าวเรื่อง..."): a pronoun only with the hearing, since
        # ผม is hair and หนู a mouse at a question's start too
        *(p + act + about for p in _ASKERS for act in _HEARD for about in ("", "เรื่อง")),
        *(act + "เรื่อง" for act in ("ข่าว", *_HEARD)),
    }
)
# English openings that begin names and titles too ("Hello Kitty", "Question Time"): only
# before punctuation, whom the message is for, or the end.
LATIN_OPENINGS = frozenset(["hi", "hello", "hey", "question", "everyone"])
ADDRESSED = frozenset(["bot", "admin", "everyone", "all", "แอดมิน", "บอท", "ทุกคน"])
# ...and at its end: whom it is addressed to, thanks, laughter, particles.
ENDINGS = frozenset(
    {
        *("แอดมิน", "แอด", "admin", "บอท", "bot", "ทุกคน"),
        *("ขอบคุณ", "ขอบคุณครับ", "ขอบคุณค่ะ", "ขอบคุณมาก", "ขอบใจ", "thanks"),
        *("ฮ่า", "ฮ่าๆ", "ฮาๆ", "ๆ", "lol"),
        # asking again, urging, thanking ahead: "... ขอบคุณล่วงหน้าครับ", "... ใครรู้บ้าง"
        *("อยากรู้", "อยากรู้มาก", "อยากทราบ", "สงสัย", "สงสัยมาก", "งง", "งงมาก", "มาก"),
        *("ใครรู้บ้าง", "ใครรู้ช่วยบอก", "ช่วยบอก", "ช่วยบอกหน่อย", "บอกหน่อย", "หน่อย"),
        *("ช่วยตอบ", "ช่วยตอบที", "ช่วยตอบหน่อย", "ตอบที", "ตอบหน่อย", "ตอบด่วน", "ด่วน"),
        *("ด่วนๆ", "รบกวน", "รบกวนด้วย", "ด้วย", "ล่วงหน้า", "ขอบคุณล่วงหน้า"),
        *("ให้ฟัง", "ให้ฟังหน่อย", "ให้หน่อย", "สรุปให้หน่อย"),
        *_PARTICLES,
    }
)
MAX_PHRASE_WORDS = 5  # the longest opening, in the segmenter's words ("ใคร|รู้|บ้าง|ว่า")

# A letter typed on at the end for emphasis ("ครับบบ"): it would be searched as a word
# of its own. Only at the end and three times running: inside a question "แบบบัญชี" is
# แบบ|บัญชี, and an abbreviation may repeat a letter (สสส.). A vowel typed on ("คะะะ") is
# taken off anywhere by the normalization.
_EMPHASIS = re.compile("([\u0e01-\u0e4e])\\1{2,}(?=[\\s!?.~]*$)")
# Laughter typed as fives (ห้า, "ha"): 555, 5555+.
_LAUGHTER = re.compile(r"5{3,}\+*")
_WORDLIKE = re.compile(r"[^\W_]")

# Chat spellings the segmenter cannot read, fixed in the text: ใหน, ใหร่ and ไคร (without
# the tone mark of ตะไคร้) are no Thai spelling at all (ไหน, ไหร่, ใคร), and "เท่าไร่" and
# "เมื่อไร่" at a question's end are the interrogatives with a stray tone mark (ไร่ is a
# unit of land, "กี่ไร่").
_MISSPELT = (
    (re.compile("ใหน"), "ไหน"),
    (re.compile("ใหร่"), "ไหร่"),
    (re.compile("(?<!ะ)ไคร(?![\u0e48-\u0e4b])"), "ใคร"),
    (re.compile(r"(เท่า|เมื่อ)ไร่(?=[\sครับคะค่ะจ้าอะ?!.]*$)"), r"\1ไร"),
    # กฎ (a law, a rule) and ปฏิ- (ปฏิบัติ, ปฏิเสธ) as they are often misspelt, with the
    # look-alike ฏ and ฎ swapped; ปรากฏ (to appear) is spelled with ฏ
    (re.compile("(?<!รา)กฏ"), "กฎ"),
    (re.compile("ปฎิ"), "ปฏิ"),
    # loanwords as they are often misspelt: ภาพยนตร์ (a film) without its silent ร,
    # อัลบั้ม (an album) with ม for ล. Not ซีรีย์ for ซีรีส์ (a series): texts write it so too
    (re.compile("ภาพยนต์"), "ภาพยนตร์"),
    (re.compile("อัมบั้ม"), "อัลบั้ม"),
    # a Buddhist-era year said short, as the Thai say the years of now ("ปี 67": 2567)
    (re.compile(r"(?<![\d.])(ปี|พ\.ศ\.)\s*([5-7]\d)(?![\d.,:/])"), r"\1 25\2"),
    # the names of the region's countries and of ASEAN as they are often misspelt (a tone
    # mark too many, ต for ด, a letter left off the end)
    (re.compile("อาเซี่ยน"), "อาเซียน"),
    (re.compile("เวียตนาม"), "เวียดนาม"),
    (re.compile("ยี่ปุ่น"), "ญี่ปุ่น"),
    (re.compile("กำพูชา"), "กัมพูชา"),
    (re.compile("สิงคโป(?!ร)"), "สิงคโปร์"),
    (re.compile("ฟิลิปิน(?:ส์)?|ฟิลิปปิน(?!ส)"), "ฟิลิปปินส์"),
    (re.compile("มาเล(?![\u0e01-\u0e4e])"), "มาเลเซีย"),
    # "per cent" as it is often typed: without the silent ต์, without ร์, with น for นต์
    (re.compile("เปอ(?:ร์)?เซ็?น(?:ต์)?(?!ไทล์|ต์)"), "เปอร์เซ็นต์"),
)
# ...and whole words spelled as they are said, which the segmenter keeps as one word.
CHAT_SPELLINGS = {
    "เปน": "เป็น",
    "อัลไล": "อะไร",
    "อะรัย": "อะไร",
    "อารัย": "อะไร",
    "ยังงัย": "ยังไง",
    "งัย": "ไง",
    "มั๊ย": "มั้ย",
    "จิง": "จริง",
    "ช่าย": "ใช่",
    "ม่าย": "ไม่",
    # a body's secretary-general said short ("เลขาอาเซียน"), as a text abbreviates it
    "เลขา": "เลขาฯ",
}


def _is_wrapping(word: str) -> bool:
    """Space, punctuation and emoji: nothing a question asks with."""
    return not _WORDLIKE.search(word)


def _opening_length(words: list[str], at: int) -> int:
    """How many words from `at` make one opening (0: none)."""
    if words[at].lower() in LATIN_OPENINGS:
        after = next((w.strip() for w in islice(words, at + 1, None) if w.strip()), "")
        return 1 if not after or _is_wrapping(after) or after.lower() in ADDRESSED else 0
    joined = ""
    best = 0
    for n in range(1, min(MAX_PHRASE_WORDS, len(words) - at) + 1):
        joined += words[at + n - 1].strip().lower()
        if joined in OPENINGS:
            best = n
    return best


def _ending_length(words: list[str], end: int, start: int) -> int:
    """How many words before `end` make one ending (0: none)."""
    joined = ""
    best = 0
    for n in range(1, min(MAX_PHRASE_WORDS, end - start) + 1):
        joined = words[end - n].strip().lower() + joined
        if joined in ENDINGS or _LAUGHTER.fullmatch(joined):
            best = n
    return best


def unwrapped(question: str) -> str:
    """The question without the greeting, the addressing and the asking at its start and
    the addressing, thanks and laughter at its end, with chat spellings written out;
    the question itself when nothing would be left."""
    text = _EMPHASIS.sub(r"\1", thai_normalize(question))
    for pattern, replacement in _MISSPELT:
        text = pattern.sub(replacement, text)
    words = [CHAT_SPELLINGS.get(w, w) for w in words_of(text, keep_whitespace=True)]
    start = 0
    while start < len(words):
        if _is_wrapping(words[start]):
            start += 1
        elif n := _opening_length(words, start):
            start += n
        else:
            break
    end = at = len(words)
    while at > start:  # the end's punctuation stays unless wrapping before it goes
        if _is_wrapping(words[at - 1]):
            at -= 1
        elif n := _ending_length(words, at, start):
            at = end = at - n
        else:
            break
    kept = "".join(words[start:end]).strip()
    return kept if _WORDLIKE.search(kept) else question.strip()
