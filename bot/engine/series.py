"""Which one of a series, or which time, a question asks of beyond the lede's: the next
one, the one before, what came next, last or next year. The lede tells of the event; the
passage and the window that speak of the one asked answer (`choice.best_index`,
`highlight.highlight_span`)."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.engine.question import Kind, Question

# A question on the next one of a series ("ครั้งหน้า", "the next meeting"): the lede tells
# of this one, and only a passage, a window that speaks of the next one answers
# (`choice.best_index`, `highlight.highlight_span`).
NEXT = re.compile(r"ครั้ง(?:ต่อไป|หน้า|ถัดไป)|คราวหน้า|\bnext\b")
# So too a question on the one before ("นายกคนก่อน", "องค์ก่อนหน้า", "who did he
# succeed", "...ต่อจากใคร", "who did he replace"): the lede names the new king, the
# window that says whom he succeeded (ต่อจาก, สืบต่อ, แทน), since when (นับตั้งแต่, ในรอบ) or
# how it was before (เดิม, เคย, ที่ผ่านมา) answers. Not a representative (ตัวแทน, ผู้แทน),
# nor ก่อน that says "before doing" (ก่อนที่จะ).
PREVIOUS = re.compile(
    r"(?:คน|องค์|ครั้ง|สมัย|รุ่น|ชุด)ก่อน(?!ที่|จะ)|ก่อนหน้า|^\s*ก่อน(?!ที่|จะ)"
    r"|(?:ต่อจาก|แทน)(?:ใคร|ผู้ใด|บุคคลใด)"
    r"|\b(?:previous(?:ly)?|predecessor|succeed(?:ed|s)?)\b|\bwho did\b.{1,60}\breplace\b"
)
# whom one succeeded: ต่อจาก, สืบต่อ(ตำแหน่งจาก), สืบทอด, แทน (not ตัวแทน, ผู้แทน)
_SUCCEEDED = r"ต่อจาก|สืบต่อ|สืบทอด|(?<!ตัว)(?<!ผู้)แทน(?!ที่จะ)"
PREVIOUS_SAID = re.compile(rf"{_SUCCEEDED}|นับตั้งแต่|ในรอบ|ที่ผ่านมา|ก่อน(?!ที่จะ|จะ)|เดิม|เคย")


# A question on who held it before someone it names ("ใครเป็นประธานาธิบดีเม็กซิโก
# ก่อนชีนบาวม์", "who was president before Sheinbaum"): ก่อน right before a name, not
# before a time or a deed ("ก่อนปี 2560", "ก่อนเข้ารับตำแหน่ง"); the window that says
# whom the one named succeeded answers (SUCCEEDED_SAID).
BEFORE_SOMEONE = re.compile(
    r"ก่อน(?!ที่|จะ|หน้า|การ|เกิด|เริ่ม|เข้า|ได้|ปี|พ\.ศ|ค\.ศ|วัน|เดือน|เวลา)[ก-ฮ]"
    r"|ก่อน\s?[A-Z]|\bbefore\s+(?:him|her|[A-Z])"
)
SUCCEEDED_SAID = re.compile(_SUCCEEDED)


def one_of_series(question: Question) -> re.Pattern[str] | None:
    """How a text speaks of the next one, or the one before, when the question asks of
    it (NEXT, PREVIOUS; BEFORE_SOMEONE, of who); None when it asks of neither."""
    if NEXT.search(question.folded):
        return NEXT
    if PREVIOUS.search(question.folded):
        return PREVIOUS_SAID
    if question.kind == Kind.PERSON and BEFORE_SOMEONE.search(question.text):
        return SUCCEEDED_SAID
    return None


# A question on what came next ("หลังจาเมกา พายุไปขึ้นฝั่งที่ไหนต่อ", "...ไปประเทศไหนต่อ"):
# the lede tells of the first landfall or stop, with the question's words, and the window
# that says what followed answers.
THEN = re.compile(r"(?:ไหน|อะไร|ใด)\s*ต่อ\s*[?？]?\s*$")
THEN_SAID = re.compile(r"หลังจากนั้น|จากนั้น|ต่อมา|วันรุ่งขึ้น|ต่อไปยัง")


def what_followed(question: Question) -> re.Pattern[str] | None:
    """How a text says what came next, when the question asks it (THEN)."""
    return THEN_SAID if THEN.search(question.folded) else None


def year_asked(question: Question, published: str | None) -> re.Pattern[str] | None:
    """For a question on last or next year (`Question.from_now`), that year counted from
    the article's date, as folded text writes it (in the Common era; the Buddhist era
    too, where no era word came before it to fold it); None for any other question, or
    an article without a date. Nor for why: a cause is seldom dated ("ทำไมปีที่แล้วโลกถึง
    ร้อนมาก": "สาเหตุหลักคือก๊าซเรือนกระจก", not the lede that names the year)."""
    if question.kind is Kind.REASON:
        return None
    if not question.from_now or not published or not published[:4].isdigit():
        return None
    return _year(int(published[:4]) + question.from_now)


@lru_cache(maxsize=64)
def _year(year: int) -> re.Pattern[str]:
    return re.compile(rf"(?<![\d,.])(?:{year}|{year + 543})(?!\d)")
