"""Who holds an office, as a news text says it. A question on the holder ("ใครเป็นประธาน
สภาผู้แทนราษฎรฟิลิปปินส์", "รองประธานาธิบดีไต้หวันคนใหม่คือใคร") is answered where the text
names a person beside the office, and news writes it in three ways: the name, its Latin
spelling in brackets, then the office ("นายมาร์ติน โรมูอัลเดซ (Martin Romualdez)
ประธานสภาผู้แทนราษฎร"); the name, a word on who they are, then เป็น and the office
("โดยมีนางเซียว เหม่ยฉิน (Hsiao Bi-khim) อดีตผู้แทน... เป็นรองประธานาธิบดี"); or the office,
its country, then the name ("นายกรัฐมนตรีมาเลเซีย นายอันวาร์"). The lede that names the
event, and a person with another office, outranks that paragraph on the question's other
words. Patterns run on folded text."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from bot.engine.evidence import TITLES, one_of_series
from bot.engine.question import Kind, Question
from bot.text.offices import offices_in

# longest first: ประธานาธิบดี is not the ประธาน of a parliament, ผู้ว่าการ not ผู้ว่า
OFFICE = re.compile(
    "(?:รอง)?(?:ประธานาธิบดี|นายกรัฐมนตรี|นายกเทศมนตรี|นายก|ประธาน|รัฐมนตรี|ผู้ว่าการ|"
    "ผู้ว่าราชการ|ผู้ว่า|เลขาธิการ|โฆษก|ผู้อำนวยการ|ผู้บัญชาการ|อธิบดี|ผู้ฝึกสอน)"
)
SAID_SHORT = {"นายก": "นายกรัฐมนตรี", "รองนายก": "รองนายกรัฐมนตรี"}  # a chat's short office
# between a minister and the field the question names: "รัฐมนตรีว่าการกระทรวงดิจิทัล"
MINISTRY = ("ว่าการกระทรวง", "กระทรวง", "")
# within a line: a name of up to three words, its Latin spelling in brackets
_NAME = rf"(?:{TITLES}) ?(?P<name>[^\s()]{{2,}}(?: [^\s()]+){{0,2}}?) ?(?:\([^()\n]{{2,60}}\))?"
# then up to two words on who they are, เป็น, and the office
_BEFORE = re.compile(rf"{_NAME}(?: ?(?:[^\s()]+ ?){{0,2}}เป็น)? ?$")
# the office, what office (มาเลเซีย), a space, the name; not "รองประธานาธิบดีในสมัยนางไช่",
# under whom
_AFTER = re.compile(rf"[^\s()]{{0,40}} (?:{TITLES}) ?(?P<name>[^\s()]{{2,}})")
BEFORE_CHARS = 160
NOT_HOLDER = re.compile("(?:โดย|กับ|จาก|แก่|ต่อ)(?:ใคร|ผู้ใด|บุคคลใด)")
FORMER = "อดีต"  # a former holder: อดีตนายกรัฐมนตรี


class Office(NamedTuple):
    name: str  # as the text would write it
    rest: str  # the question's words after it: what office (สภาผู้แทนราษฎร, ไต้หวัน)
    question: str  # folded


def office_of(question: Question) -> Office | None:
    """The office a Thai question on who holds it asks of. Not one on the holder before or
    next (`one_of_series`): the text names today's beside the office; nor one on whom
    else ("...ได้รับแต่งตั้งเป็นนายกโดยใคร", by whom)."""
    if question.kind is not Kind.PERSON or one_of_series(question) is not None:
        return None
    if question.language == "en":
        return _english_office(question.text)
    return None if NOT_HOLDER.search(question.folded) else office_asked(question.folded)


@lru_cache(maxsize=256)
def _english_office(question: str) -> Office | None:
    """ "Who is Malaysia's digital minister?": รัฐมนตรี, then ดิจิทัล (`offices_in`)."""
    said = [s for forms in dict.fromkeys(offices_in(question).values()) for s in forms]
    office = next((m for s in said if (m := OFFICE.match(s))), None)
    if office is None:
        return None
    fields = [s for s in said if not OFFICE.match(s)]
    rest = office.string[office.end() :] + (fields[0] if fields else "")
    return Office(SAID_SHORT.get(office.group(), office.group()), rest, question.lower())


@lru_cache(maxsize=256)
def office_asked(folded_question: str) -> Office | None:
    """The office a question on who asks of; None when it names none."""
    # the office after เป็น is the one asked ("...ตั้งใครเป็นนายก"), else the first
    offices = list(OFFICE.finditer(folded_question))
    m = next((o for o in offices if folded_question[: o.start()].endswith("เป็น")), None)
    m = m or next(iter(offices), None)
    if m is None:
        return None
    office = SAID_SHORT.get(m.group(), m.group())
    return Office(office, folded_question[m.end() :].lstrip(), folded_question)


def _same_office(text: str, office: str) -> list[re.Match[str]]:
    return [m for m in OFFICE.finditer(text) if SAID_SHORT.get(m.group(), m.group()) == office]


def _after(text: str, end: int, rest: str) -> int:
    """How much of the question's words after the office the text writes after it."""
    best = 0
    for between in MINISTRY:
        if not text.startswith(between, end):
            continue
        at, n = end + len(between), 0
        while n < len(rest) and at + n < len(text) and text[at + n] == rest[n]:
            n += 1
        best = max(best, n)
    return best


def holders(text: str, office: Office, article: str) -> list[tuple[int, int]]:
    """Where `text` names a person beside the office asked of (from the person's name to
    the office's end, or from the office to the name), of the office as fully as the
    article (`article`, its folded text) writes the question's words after it anywhere:
    the chair of a parliament, not the president that the same ประธาน begins. Not a
    person the question names: "นายกญี่ปุ่นคนก่อนทาคาอิจิคือใคร" asks of another."""
    name, rest = office.name, office.rest
    fullest = max((_after(article, m.end(), rest) for m in _same_office(article, name)), default=0)
    spans = []
    for m in _same_office(text, name):
        if _after(text, m.end(), rest) < fullest or text.endswith(FORMER, 0, m.start()):
            continue
        before, start = None, max(0, m.start() - BEFORE_CHARS)
        while found := _BEFORE.search(text, start, m.start()):  # the name nearest the office
            before, start = found, found.start() + 1
        after = _AFTER.match(text, m.end()) if before is None else None
        if before is not None and not _asked_of(before["name"], office.question):
            spans.append((before.start(), m.end()))
        elif after is not None and not _asked_of(after["name"], office.question):
            spans.append((m.start(), after.end()))
    return spans


def _asked_of(name: str, question: str) -> bool:
    return any(len(word) > 2 and word in question for word in name.split())
