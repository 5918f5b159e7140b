"""The unit a "how many" question counts in, which its answer is written in: a number
followed by it ("๑๒๖ คน", "286 วัน", "700 ล้านยูโร"), where a passage full of other numbers
(the lede's dates, other counts) is not the answer (`evidence.counted`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from bot.engine.terms import HOW_MANY
from bot.text.news_words import COUNTED_IN, PEOPLE_COUNTED

# a Thai word that may be a classifier ("คน" of "กี่คน")
CLASSIFIER = re.compile("[\u0e01-\u0e4e]+$")
_EN_UNIT = re.compile(
    r"how many (?:(?:new|more|other|additional|extra|foreign|local) )?(\w+)|"
    r"(percent)(?:age)?\b|what (share|proportion|fraction)\b|"
    rf"\b({'|'.join(PEOPLE_COUNTED)})\b"
)
# "how much" of money: a sum in a currency answers it, not the year or the head count
# beside it. The unit is then MONEY. งบ is a budget said short (งบประมาณ in full), as a
# syllable of its own: not the ง-บ of a name (แดงบุหงา, ชิงบัลลังก์). A fine is ค่าปรับ, or
# ปรับ after ถูก/โดน ("โดนปรับเท่าไร"): ปรับ alone also adjusts a rate. A fee is ค่า and what
# it is paid for (ค่าวีซ่า, ค่าธรรมเนียม): not any ค่า, which is also a value (ค่าเฉลี่ย).
MONEY = "เงิน"
_MONEY = re.compile(
    r"(?:เงิน|มูลค่า|งบประมาณ|(?<!ส)งบ(?![\u0e30-\u0e3a\u0e47-\u0e4e])|ราคา|ค่าใช้จ่าย|ทุน|"
    r"รายได้|ค่าจ้าง|ค่าปรับ|โทษปรับ|(?:ถูก|โดน)ปรับ|"
    # a fee, a fare, a ticket, a rent, a player's transfer, compensation
    r"ค่า(?:ธรรมเนียม|โดยสาร|เข้าชม|ตั๋ว|เช่า|บริการ|วีซ่า|เทอม|แรง|ตัว|ชดเชย|เสียหาย|ไถ่))"
    r"(?:(?!อันดับ|ลำดับ).){0,40}?(?:เท่าไร|เท่าไหร่|เท่าใด|แค่ไหน)|"
    r"\bcost\b|\bworth\b|\bbudget\b|\bprice\b|\bfined?\b|how much money"
)
# "how fast": a speed in its unit answers it, not the lede's date or the storm's death
# toll. The unit is then SPEED. How strong a wind is, news writes as its speed ("ความเร็ว
# ลมสูงสุด 295 กิโลเมตรต่อชั่วโมง"): not how strong a quake or a storm is (a magnitude,
# a category).
SPEED = "ความเร็ว"
_SPEED = re.compile(
    r"ความเร็ว(?:(?!อันดับ|ลำดับ).){0,30}?(?:เท่าไร|เท่าไหร่|เท่าใด|แค่ไหน)|"
    r"เร็ว(?:สุด|ที่สุด|สูงสุด)?(?:แค่|ขนาด)ไหน|how fast|\bspeed\b|"
    r"ลม(?:แรง)?(?:สุด|ที่สุด|สูงสุด)?(?:เท่าไร|เท่าไหร่|เท่าใด|(?:แค่|ขนาด)ไหน)|"
    r"\bhow strong\b.{0,60}\bwinds?\b"
)
# "how long" of a time: a span in days, months or years answers it ("อยู่ในอวกาศนาน 286
# วัน"), not the lede's dates. The unit is then DURATION. Not นานา (นานาชาติ); in English
# only of a deed ("how long did...", "how long were they stuck"), not of a length.
DURATION = "ระยะเวลา"
_DURATION = re.compile(
    r"(?:นาน(?!า)|ระยะเวลา|ใช้เวลา)(?:(?!อันดับ|ลำดับ).){0,12}?"
    r"(?:เท่าไร|เท่าไหร่|เท่าใด|แค่ไหน|ขนาดไหน)|"
    r"\bhow long (?:did|does|do|will|would|has|have|had|can|could|should|must)\b|"
    r"\bhow long (?:is|are|was|were)\b.{0,60}?\b(?:in|on|at|under|away|stuck|stranded|"
    r"held|detained|jailed|closed|open|missing|there|for)\b|\bfor how long\b"
)
# "how tall" in English: a height in metres answers it ("ยอดแหลมใหม่สูง 96 เมตร"), not the
# lede's dates. Not "how high", said of a price or a rate as often.
HEIGHT = "เมตร"
_HEIGHT = re.compile(r"\bhow tall\b|\bheight\b")
# "how large" of an area: a number of square kilometres or rai answers it, not the lede's
# year of founding. The unit is then AREA.
AREA = "พื้นที่"
# The area of a thing named at length is asked "พื้นที่ของ X มีขนาดเท่าใด": its size, not
# a count of the people in it ("พื้นที่ของ X มีผู้อาศัยจำนวนเท่าไร").
_NOT_AREA = "อันดับ|ลำดับ|สัดส่วน|ร้อยละ|เปอร์เซ็นต์|ประชากร|คน|ผู้|จำนวน"
_AREA = re.compile(
    rf"(?:พื้นที่|เนื้อที่)(?:(?!{_NOT_AREA}).){{0,12}}?(?:เท่าไร|เท่าไหร่|เท่าใด)|"
    rf"(?:พื้นที่|เนื้อที่)(?:ทั้งหมด)?ของ(?:(?!{_NOT_AREA}).){{1,40}}?"
    r"(?:ขนาด|คือ)\s*(?:เท่าไร|เท่าไหร่|เท่าใด)"
)


def counted_unit(tokens: Sequence[str], question: str, cue: str) -> str:
    """The classifier a "how many" question counts in: the word after `กี่` ("กี่คน",
    "กี่ตัน"), or its Thai for a few English ones, or MONEY for a sum, AREA for an area,
    SPEED, DURATION for a span of time, HEIGHT.
    The answer is a number followed by it ("๑๒๖ คน"), which a passage full of other
    numbers (dates, speeds) is not. `cue`: the kind a question of keywords names first
    (`question.keyword_cue`)."""
    for before, after in pairwise(tokens):
        if before == HOW_MANY and CLASSIFIER.match(after):
            return after
    text = question.lower()
    if _MONEY.search(text):
        return MONEY
    if _AREA.search(text):
        return AREA
    if _SPEED.search(text):
        return SPEED
    if _DURATION.search(text):
        return DURATION
    if _HEIGHT.search(text):
        return HEIGHT
    if cue in ("money", "speed"):  # a sum or a speed typed as keywords
        return MONEY if cue == "money" else SPEED
    found = _EN_UNIT.search(text)
    if found is None:
        return ""
    return COUNTED_IN.get(found.group(1) or found.group(2) or found.group(4) or "percent", "")
