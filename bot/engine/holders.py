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

from bot.engine.evidence import NAME_ASKED, TITLES
from bot.engine.question import Kind, Question
from bot.engine.series import one_of_series
from bot.text.offices import offices_in

# longest first: ประธานาธิบดี is not the ประธาน of a parliament, ผู้ว่าการ not ผู้ว่า; a
# chief executive as news writes it, or as people say it (ซีอีโอ)
OFFICE = re.compile(
    "(?:รอง)?(?:ประธานาธิบดี|นายกรัฐมนตรี|นายกเทศมนตรี|นายก|ประธานเจ้าหน้าที่บริหาร|ซีอีโอ|"
    "ประธาน|รัฐมนตรี|ผู้ว่าการ|ผู้ว่าราชการ|ผู้ว่า|เลขาธิการ|โฆษก|ผู้อำนวยการ|ผู้บัญชาการ|"
    "ผู้บังคับการ|อธิบดี|(?:หัวหน้า)?ผู้ฝึกสอน|โค้ช|กุนซือ|(?:สมเด็จ)?พระสันตะปาปา)"
)
# an office as a chat says it short, or news in full, as the other writes it
SAID_SHORT = {
    "นายก": "นายกรัฐมนตรี",
    "รองนายก": "รองนายกรัฐมนตรี",
    "หัวหน้าผู้ฝึกสอน": "ผู้ฝึกสอน",
    "โค้ช": "ผู้ฝึกสอน",
    "กุนซือ": "ผู้ฝึกสอน",
    "สมเด็จพระสันตะปาปา": "พระสันตะปาปา",
    "ซีอีโอ": "ประธานเจ้าหน้าที่บริหาร",
}
# between a minister and the field the question names: "รัฐมนตรีว่าการกระทรวงดิจิทัล"
MINISTRY = ("ว่าการกระทรวง", "กระทรวง", "")
# a name starts as a syllable does, on a consonant or a leading vowel: not the นาย inside
# ดิสสา|นาย|าเก
_STARTS = "[ก-ฮเ-ไa-z0-9]"
# within a line: a name of up to three words, its Latin spelling in brackets (a cardinal
# is named after his rank). Words are taken whole (possessive `++`): a Thai clause runs
# unspaced for a hundred letters, and its cuts into words are not tried one by one.
_NAME = (
    rf"(?:{TITLES}|พระคาร์ดินัล) ?(?P<name>{_STARTS}[^\s()]*+(?: [^\s()]++){{0,2}}?) ?"
    r"(?:\((?P<latin>[^()\n]{2,60})\))?"
)
# then up to six words or asides on who they are ("หัวหน้าพรรคเสรีประชาธิปไตย (LDP) วัย
# 64 ปี"), and เป็น or รับตำแหน่ง, the last word's end, before the office
_BEFORE = re.compile(
    rf"{_NAME}(?: ?(?:(?:[^\s()]++|\([^()\n]{{1,60}}\)) ){{0,6}}"
    r"[^\s()]*?(?:เป็น|รับตำแหน่ง))? ?$"
)
# the office, what office (มาเลเซีย), a space, the name; not "รองประธานาธิบดีในสมัยนางไช่",
# under whom
_AFTER = re.compile(rf"[^\s()]{{0,40}} (?:{TITLES}) ?(?P<name>[^\s()]{{2,}})")
BEFORE_CHARS = 160
NOT_HOLDER = re.compile("(?:โดย|กับ|จาก|แก่|ต่อ)(?:ใคร|ผู้ใด|บุคคลใด)")
FORMER = "อดีต"  # a former holder: อดีตนายกรัฐมนตรี
NEW = "ใหม่"  # the new holder: คนใหม่, องค์ใหม่
# ...and in English: the new one, or who replaced or succeeded another
NEW_EN = re.compile(r"\b(?:new|replaced|replaces|succeeded|succeeds|took over)\b")
BECAME = ("เป็น", "รับตำแหน่ง")


class Office(NamedTuple):
    name: str  # as the text would write it
    rest: str  # the question's words after it: what office (สภาผู้แทนราษฎร, ไต้หวัน)
    question: str  # folded


def office_of(question: Question) -> Office | None:
    """The office a Thai question on who holds it asks of. Not one on the holder before or
    next (`one_of_series`): the text names today's beside the office; nor one on whom
    else ("...ได้รับแต่งตั้งเป็นนายกโดยใคร", by whom)."""
    # who, or the name of someone in office ("ประธานาธิบดีศรีลังกาคนใหม่ชื่ออะไร")
    asked = question.kind is Kind.PERSON or bool(NAME_ASKED.search(question.folded))
    if not asked or one_of_series(question) is not None:
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
    # the office after เป็น is the one asked ("...ตั้งใครเป็นนายก"), else the first; but
    # "ใครชนะเลือกตั้งประธานาธิบดี..." asks who did a deed (`narrowing.subject_first`)
    offices = list(OFFICE.finditer(folded_question))
    m = next((o for o in offices if folded_question[: o.start()].endswith("เป็น")), None)
    if m is None and not folded_question.lstrip().startswith("ใคร"):
        m = next(iter(offices), None)
    if m is None:
        return None
    office = SAID_SHORT.get(m.group(), m.group())
    return Office(office, folded_question[m.end() :].lstrip(), folded_question)


def _same_office(text: str, office: str) -> list[re.Match[str]]:
    """The office's mentions in a text; นายก only as news shortens it (นายกฯ), not the
    นาย of a name that starts with ก (นายกษิต)."""
    return [
        m
        for m in OFFICE.finditer(text)
        if SAID_SHORT.get(m.group(), m.group()) == office
        and (not m.group().endswith("นายก") or text.startswith(("ฯ", " "), m.end()))
    ]


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
    the office's end, or from the office to the name), with the office written as fully
    as the article (`article`, its folded text) writes it beside any holder: the digital
    minister, not the finance minister. Not a
    person the question names: "นายกญี่ปุ่นคนก่อนทาคาอิจิคือใคร" asks of another. A question
    on the new holder (คนใหม่) is on one the text says became it ("...เป็นรองประธานาธิบดี"),
    when it says so of any: one named with the office alone holds it still (the outgoing
    vice president, beside the one elected)."""
    fullest = max((n for _, _, n, _ in _named_beside(article, office)), default=0)
    asked_new = NEW in office.question or bool(NEW_EN.search(office.question))
    new = asked_new and any(
        became for _, _, n, became in _named_beside(article, office) if n >= fullest
    )
    return [
        (start, end)
        for start, end, n, became in _named_beside(text, office)
        if n >= fullest and (became or not new)
    ]


@lru_cache(maxsize=128)
def _named_beside(text: str, office: Office) -> tuple[tuple[int, int, int, bool], ...]:
    """(start, end, how fully the office is written, whether the text says the person
    became it) of each holder `text` names. Kept: each candidate passage asks it of its
    whole article, and the highlight asks again."""
    name, rest = office.name, office.rest
    spans = []
    for m in _same_office(text, name):
        if text.endswith(FORMER, 0, m.start()):
            continue
        before, start = None, max(0, m.start() - BEFORE_CHARS)
        while found := _BEFORE.search(text, start, m.start()):  # the name nearest the office
            before, start = found, found.start() + 1
        after = _AFTER.match(text, m.end()) if before is None else None
        written = _after(text, m.end(), rest)
        if before is not None and not _asked_of(
            f"{before['name']} {before['latin'] or ''}", office.question
        ):
            became = before.group().rstrip().endswith(BECAME)
            spans.append((before.start(), m.end(), written, became))
        elif after is not None and not _asked_of(after["name"], office.question):
            spans.append((m.start(), after.end(), written, False))
    return tuple(spans)


def _asked_of(name: str, question: str) -> bool:
    """Whether the question names the person: a word of the name, or of its Latin
    spelling, which an English question writes ("Who replaced Sri Mulyani as...")."""
    return any(len(word) > 2 and word in question for word in name.lower().split())
