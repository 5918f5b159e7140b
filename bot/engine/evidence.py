"""Where a question's words occur in a text, and whether a text holds the kind of thing a
question asks for (a person, a date, a number, a place): the signals that rank passages
and pick the highlight. Plain string search over the folded display text, so positions
are the reader's positions."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from bot.engine.question import TIME_OF_DAY_ASKED, Kind, Question
from bot.engine.units import AREA, DURATION, MONEY, SPEED

THAI_MONTHS = (
    "มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|"
    "พฤศจิกายน|ธันวาคม|ม\\.ค\\.|ก\\.พ\\.|มี\\.ค\\.|เม\\.ย\\.|พ\\.ค\\.|มิ\\.ย\\.|ก\\.ค\\.|ส\\.ค\\.|"
    "ก\\.ย\\.|ต\\.ค\\.|พ\\.ย\\.|ธ\\.ค\\."
)
ERA = "พ\\.ศ\\.|ค\\.ศ\\."  # the Buddhist and the Common era
_EN_MONTHS = (
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
# นาย (Mr) as a title before a name ("นายทาคุ เอโตะ", "นายกษิต", "นายหลี่ เฉียง"), not as
# the start of a word for someone by role (นายจ้าง an employer, นายหน้า a broker, นายทหาร
# an officer, นายกเทศมนตรี a mayor) nor inside ทำนาย (to predict)
MR = (
    "(?<!ทำ)นาย(?!ก(?:ฯ|รัฐมนตรี|เทศมนตรี|สมาคม|แห่ง|องค์การ|ประจำ|สภา)|หน้า|หญิง|ทาส|ทหาร|ท่าน|"
    "ทุน|ทะเบียน|จ้าง|ประกัน|ตำรวจ|ช่าง|ด่าน|ห้าง|งาน|สถานี|อำเภอ|พล|ร้อย|สิบ|เรือ|ท้าย|ภัณฑ์)"
)
# the titles before a Thai name: นาย, นางสาว, นาง (not นางฟ้า, a fairy), ดร., and the
# ranks and academic titles written out (พลเอก, พลเรือโท, พลตำรวจตรี, ศาสตราจารย์), which
# news gives instead of นาย ("พลเอกวาเกอร์-อุซ-ซามาน", "ศาสตราจารย์มูฮัมหมัด ยูนุส")
RANKS = "พล(?:เรือ|อากาศ|ตำรวจ)?(?:เอก|โท|ตรี)(?:อาวุโส)?|(?:รอง|ผู้ช่วย)?ศาสตราจารย์"
TITLES = f"{MR}|นางสาว|นาง(?!ฟ)|ดร\\.|{RANKS}"
# a question on what someone or something is called: "...ชื่ออะไร", "...เรียกว่าอะไร"
NAME_ASKED = re.compile(r"(?:ชื่อ|เรียก)(?:ว่า)?\s?(?:อะไร|ใด)")
_TIME_OF_DAY = r"(?<![\d.])[012]?\d[.:][0-5]\d\s*(?:น\.|นาฬิกา)"  # "12.50 น.", "22.30 นาฬิกา"
# the words that say a cause outright (`EVIDENCE`, `evidence_for`)
_CAUSE_WORDS = (
    r"เนื่องจาก|เพราะ|สาเหตุ|เหตุผล|ด้วยเหตุ|เกิดจาก|มาจาก|เริ่มจาก|เป็นผลจาก|ส่งผลให้|"
    r"\bbecause\b|\bdue to\b"
)
# Patterns run on folded text (Arabic digits, Common-era years, lower case). A person is
# known by a title or office, not by capitals: capitalized Latin words are as often a
# meeting's or an agency's name ("Coordinating Conference").
EVIDENCE: dict[Kind, re.Pattern[str]] = {
    Kind.DATE: re.compile(
        f"{THAI_MONTHS}|{_EN_MONTHS}|{ERA}|ศักราช|คริสตกาล|ศตวรรษ|ทศวรรษ|(?<!\\d)1\\d{{3}}(?!\\d)|"
        r"(?<!\d)20\d\d(?!\d)|วันที่\s*\d|" + _TIME_OF_DAY
    ),
    Kind.NUMBER: re.compile(
        r"\d|หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ร้อย|พัน|หมื่น|แสน|ล้าน|\bone\b|\btwo\b|"
        r"\bthree\b|hundred|thousand|million|billion"
    ),
    # titles that stand before a person's name, and the offices only a person holds (a
    # president, a prime minister; not "ประธาน", which is also a chair; not the ศ. of the
    # eras พ.ศ. and ค.ศ.; รศ. and ผศ. hold ศ. already)
    Kind.PERSON: re.compile(
        f"{TITLES}|"
        r"(?<![พค]\.)ศ\.|พล\.[อทตร]|พ\.[ตอ]\.|ร\.[ตอ]\.|"
        r"ม\.ร\.ว\.|ม\.ล\.|หม่อม|เจ้าชาย|เจ้าหญิง|สมเด็จ|"
        r"ประธานาธิบดี|นายกรัฐมนตรี|"
        r"\bmr\.?\s|\bmrs\.?\s|\bms\.?\s|\bdr\.?\s|\bsir\s"
    ),
    Kind.PLACE: re.compile(
        r"จังหวัด|อำเภอ|ตำบล|ประเทศ|เมือง|กรุง|เขต|รัฐ|ภาค|เกาะ|แม่น้ำ|ทวีป|หมู่บ้าน|ถนน|"
        r"ตั้งอยู่|ณ\s"
    ),
    # the words a cause is given with ("เนื่องจาก", "สาเหตุ...มาจาก", "เป็นผลจาก"), and
    # จึง (therefore), after its cause ("ตั้งอยู่บนวงแหวนแห่งไฟ...จึงเกิดแผ่นดินไหวบ่อย");
    # not a purpose's เพื่อ nor ทำให้ (makes), which nearly every news paragraph holds;
    # not ผลจาก alone, which is also a result's "from" ("ผลจากการเลือกตั้ง")
    Kind.REASON: re.compile(rf"{_CAUSE_WORDS}|จึง"),
}
# A question on a purpose ("สร้างขึ้นเพื่ออะไร", "ไปทำไม", "what for") is answered by the
# words a purpose is given with: เพื่อ (in order to), which a cause's words do not hold.
# Not for a bare ทำไม (why), answered by a cause as often ("ทำไมราคาข้าวถึงแพงขึ้น": the
# text's "สาเหตุ...มาจาก", and a purpose's เพื่อ in the paragraph before).
PURPOSE_ASKED = re.compile(
    r"เพื่อ|(?:ไป|มา|ขึ้นมา)ทำไม|เป้าหมาย|วัตถุประสงค์|จุดประสงค์|มุ่งหมาย|"
    r"what for\b|\bpurpose\b|\baim\b|\bgoal\b|\bobjective\b"
)
PURPOSE = re.compile(
    r"เพื่อ|เป้าหมาย|วัตถุประสงค์|จุดประสงค์|มุ่งหมาย|มุ่งหวัง|\bin order to\b|\bso that\b|"
    r"\baim(?:s|ed)? to\b|\bpurpose\b|\bgoal\b"
)
CAUSE = re.compile(_CAUSE_WORDS)
CAUSE_OR_PURPOSE = re.compile(f"{PURPOSE.pattern}|จึง")
# a person named after a title ("นายอันวาร์", "นาง X"): the title and the name's first word
TITLED = re.compile(
    f"(?:{TITLES}|"
    r"พล\.[อทตร]\.?|สมเด็จ|\bmr\.?\s|\bmrs\.?\s|\bms\.?\s)"
    r"\s?([^\s()\d]{2,})"
)


def people_named(folded: str, question: Question) -> frozenset[str]:
    """The first words of the people a folded text names after a title, but for those the
    question names itself."""
    return frozenset(name for name in TITLED.findall(folded) if name not in question.folded)


# The kinds whose evidence may make a passage or a window preferred to a likelier one
# (`choice.best_index`, `highlight`).
PREFERRED_KINDS = (Kind.PERSON, Kind.DATE, Kind.NUMBER, Kind.PLACE, Kind.REASON)
# An "other" question asked with a noun ("บริษัทใด", "วงศ์ไหน") is shown by that noun before
# a name (`evidence_for`). A signal only, not a preferred kind: nouns such as อาชีพ or ชนิด
# stand beside the answer in few texts. But for an organisation (`choice.ORGANISATIONS`).
EVIDENCE_KINDS = (*PREFERRED_KINDS, Kind.OTHER)


# How a text writes the units a question may count in other than as the question does:
# colloquial clips ("กี่เซน"), abbreviations (ซม., กม.) and the percent sign.
UNIT_FORMS: dict[str, tuple[str, ...]] = {
    "เปอร์เซ็นต์": ("เปอร์เซ็นต์", "%"),
    "เซน": ("เซนติเมตร", "ซม."),
    "เซนติเมตร": ("เซนติเมตร", "ซม."),
    "กิโล": ("กิโลเมตร", "กิโลกรัม", "กม.", "กก."),
    "กิโลเมตร": ("กิโลเมตร", "กม."),
    "กิโลกรัม": ("กิโลกรัม", "กก."),
    "ขวบ": ("ขวบ", "ปี"),
    # homes are counted as households: "480,000 ครัวเรือน" (not as หลัง, which is also
    # "after": "ปี 2565 หลังการประท้วง")
    **dict.fromkeys(("บ้าน", "ครัวเรือน"), ("บ้าน", "ครัวเรือน", "หลังคาเรือน")),
    "ตารางกิโลเมตร": ("ตารางกิโลเมตร", "ตร.กม."),
    AREA: (
        "ตารางกิโลเมตร",
        "ตร.กม.",
        "ตารางเมตร",
        "ตร.ม.",
        "ตารางไมล์",
        "ตร.ไมล์",
        "ไร่",
        "ตารางวา",
        "เฮกตาร์",
        "เอเคอร์",
        "km2",
        "km²",
        "square kilomet",
        "square mile",
        "hectare",
        "acre",
    ),
    # a span of time (not a date: "วันที่ 15", "ปี 2567" write the unit first)
    DURATION: (
        "วัน",
        "สัปดาห์",
        "เดือน",
        "ปี",
        "ชั่วโมง",
        "ชม.",
        "นาที",
        "วินาที",
        "ทศวรรษ",
        "ศตวรรษ",
        "day",
        "week",
        "month",
        "year",
        "hour",
        "minute",
    ),
    SPEED: (
        "กิโลเมตรต่อชั่วโมง",
        "กิโลเมตร/ชั่วโมง",
        "กม./ชม.",
        "กม./ชั่วโมง",
        "ไมล์ต่อชั่วโมง",
        "นอต",
        "น็อต",
        "km/h",
        "kph",
        "mph",
        "knots",
    ),
    MONEY: (
        "บาท",
        "ดอลลาร์",
        "ยูโร",
        "เยน",
        "หยวน",
        "ปอนด์",
        "วอน",
        "ริงกิต",
        "รูเปียห์",
        "รูปี",
        "ดอง",
        "ด่ง",
        "ด่อง",
        "กีบ",
        "จ๊าด",
        "จ๊าต",
        "เรียล",
        "เปโซ",
        "ฟรังก์",
        "โครนา",
        "โครเนอร์",
        "รูเบิล",
        "ลีรา",
        "ดีนาร์",
        "usd",
        "dollar",
        "euro",
        "baht",
    ),
}
_MULTIPLIER = "(?:ล้าน|แสน|หมื่น|พัน|ร้อย)"
PEOPLE = ("คน", "ราย")  # units that count people
GOALS = "ประตู"


@lru_cache(maxsize=256)
def counted(unit: str) -> re.Pattern[str]:
    """A number followed by the unit, on folded text: "126 คน", "5 ล้านคน", "ร้อยละ 78",
    "1.6 พันล้านดอลลาร์" (multipliers run together)."""
    forms = "|".join(re.escape(f) for f in UNIT_FORMS.get(unit, (unit,)))
    if unit in PEOPLE:
        # news counts the dead, the hurt and the sick in ราย (cases) as often as in คน;
        # not a รายการ (an item), a รายได้ (an income); soldiers, police and officials in
        # นาย ("ทหาร 6,000 นาย"), not a title's นายก
        forms += "|คน|ราย(?!การ|ได้|งาน|ชื่อ)|นาย(?!ก|จ้าง|หน้า)"
    # a number is tried from its first digit only: from each, a long run of digits would
    # cost a scan of the rest of it
    pattern = rf"(?<![\d,.])\d[\d,.]*\s*(?:{_MULTIPLIER}\s*){{0,3}}(?:{forms})"
    if unit == DURATION:
        # not "ในรอบ 40 ปี" ("the first in 40 years"): how long since, not how long it lasted
        pattern = "(?<!รอบ)(?<!รอบ )(?<!รอบกว่า)(?<!รอบกว่า )" + pattern
    if unit == "เปอร์เซ็นต์":
        pattern += r"|ร้อยละ\s*\d"
    if unit == MONEY:
        pattern += r"|[$€£¥฿]\s*\d"
    if unit == GOALS:  # a score: "ชนะอินเตอร์ 5-0"
        pattern += r"|(?<![\d,.])\d{1,2}\s?[-–]\s?\d{1,2}(?![\d,.:])"
    return re.compile(pattern)


# A question that asks for a day ("วันไหน", which day) is answered by a day and month, not
# by a year alone: a lede that gives the Nobel prize of 2006 before the day someone was
# sworn in does not say when they were; and one that asks for a time of day by a time.
DAY_ASKED = re.compile(
    r"วันไหน|วันใด|วันอะไร|วันที่\s*(?:เท่า|ใด|ไหน)|\bwhat date\b|\bwhich day\b|\bwhat day\b"
)
DAY = re.compile(f"{THAI_MONTHS}|{_EN_MONTHS}|วันที่\\s*\\d")
TIME_ASKED = re.compile(TIME_OF_DAY_ASKED)
TIME_OF_DAY = re.compile(_TIME_OF_DAY)
# A question on whose people someone is ("เป็นคนประเทศอะไร", "ชาวชาติใด", "มาจากประเทศ
# อะไร") is answered by a people, ชาว or สัญชาติ before a name ("ชาวอาร์เจนตินา"), when the
# article names one: not by the lede that names where an event took place.
NATIONALITY_ASKED = re.compile(
    r"(?:คน|ชาว|มาจาก)\s?(?:ประเทศ|ชาติ)\s?(?:ใด|ไหน|อะไร)|\bwhat nationality\b"
)
NATIONALITY = re.compile(r"(?:ชาว|สัญชาติ)\s?[^\W\d_]")


def evidence_for(question: Question, article: str, dated: bool = False) -> re.Pattern[str] | None:
    """What shows the kind of thing the question asks for, in an article's passages: for a
    "how many" question, a number in its unit when the article (folded) has one anywhere,
    else any number, since an article may count in other words than the question; for a
    "why" question, the words a cause is given with, or when the article gives none, a
    purpose's (ห้าม...เพราะอะไร: "มีเป้าหมายเพื่อปกป้อง..."); for a
    thing asked with its noun ("บริษัทใด"), that noun before a name ("ผลิตโดยบริษัท X");
    for whose people someone is, of a news report (`dated`), a people (NATIONALITY): an
    encyclopedia writes it as often without ชาว ("ศิลปินอเมริกัน"). Not for a place: news
    names a country without ประเทศ ("เวียดนามส่งออก...")."""
    if question.kind is Kind.NUMBER and question.unit:
        pattern = counted(question.unit)
        if pattern.search(article):
            return pattern
    if (
        dated
        and question.kind is Kind.PLACE
        and NATIONALITY_ASKED.search(question.folded)
        and NATIONALITY.search(article)
    ):
        return NATIONALITY
    if question.kind is Kind.DATE:
        for asked, pattern in ((TIME_ASKED, TIME_OF_DAY), (DAY_ASKED, DAY)):
            if asked.search(question.folded) and pattern.search(article):
                return pattern
    if question.kind is Kind.OTHER and question.noun:
        return named(question.noun)
    if question.kind is Kind.REASON:
        if PURPOSE_ASKED.search(question.folded):
            return PURPOSE
        if not CAUSE.search(article):
            # no cause said outright: what a thing is done for, or what follows a cause
            # (จึง), which may be of something else ("...องค์การฯ จึงจะติดตั้งทางลาด")
            return CAUSE_OR_PURPOSE
    return EVIDENCE.get(question.kind)


@lru_cache(maxsize=256)
def named(noun: str) -> re.Pattern[str]:
    """The noun followed by a word: the question's other words are blanked in the text
    searched (`masked`), so this is the noun before what the question does not say."""
    return re.compile(re.escape(noun) + r"\s?[^\W\d_]")


def has_evidence(pattern: re.Pattern[str] | None, folded: str) -> bool:
    return pattern is not None and pattern.search(folded) is not None


# An office whose name lies inside another's: a deputy (รองประธาน), an assistant, a
# secretariat (สำนักเลขาธิการ, the staff of a secretary-general), the prime minister's
# นายกรัฐมนตรี holding รัฐมนตรี (a minister), the president's ประธานาธิบดี holding ประธาน
# (a chair) and อธิบดี (a director-general). A question on the minister is not answered
# by the prime minister, unless it names that office too.
_OFFICES = (
    "นายกรัฐมนตรี", "รัฐมนตรี", "ประธานาธิบดี", "ประธาน", "เลขาธิการ", "ผู้ว่าราชการ",
    "ผู้ว่าการ", "อธิบดี", "ผู้อำนวยการ", "ปลัด", "ผู้บัญชาการ", "นายกเทศมนตรี",
    "ผู้จัดการ", "หัวหน้า",
)  # fmt: skip
_BEFORE = ("รอง", "ผู้ช่วย", "สำนัก", "สำนักงาน")  # a deputy, an assistant, an office's staff
_INSIDE = {"รัฐมนตรี": ("นายกรัฐมนตรี",), "ประธาน": ("ประธานาธิบดี",), "อธิบดี": ("ประธานาธิบดี",)}
OTHER_OFFICES = {
    office: tuple(f"{before}{office}" for before in _BEFORE) + _INSIDE.get(office, ())
    for office in _OFFICES
}


_OFFICE_STARTS = tuple({office[:2] for office in _OFFICES})


def other_offices(word: str, question: Question) -> tuple[str, ...]:
    """The longer words that hold this word, an office or a pair of words that begins
    with one, as part of another office's name, less those the question says."""
    return _other_offices(word, question.folded) if word.startswith(_OFFICE_STARTS) else ()


@lru_cache(maxsize=4096)
def _other_offices(word: str, asked: str) -> tuple[str, ...]:
    found: dict[str, None] = {}  # ordered, once each: a word may begin with two offices
    for office, others in OTHER_OFFICES.items():
        if word == office:
            found.update(dict.fromkeys(others))
        elif word.startswith(office):  # a pair: รองประธาน + การประชุม, not ประธานาธิบดี's
            found.update(
                dict.fromkeys(o[: -len(office)] + word for o in others if o.endswith(office))
            )
    return tuple(longer for longer in found if longer not in asked)


def occurrences(question: Question, folded: str) -> list[tuple[int, str]]:
    """(position, word) of every occurrence of the question's words, by position. A Thai
    word counts wherever it occurs (the segmenter may cut a compound differently in
    question and text), except inside the name of another office (`OTHER_OFFICES`); a
    Latin word or number only as a whole word."""
    found = [
        (start, term)
        for term in question.weights
        for spelling in (term, *question.spellings.get(term, ()))
        for start in _starts(spelling, folded, other_offices(spelling, question))
    ]
    found.sort()
    return found


def _starts(word: str, folded: str, inside: Sequence[str] = ()) -> Iterator[int]:
    """Where `word` occurs in the text, not overlapping and not inside one of the longer
    words `inside`; a Latin word only as a whole word."""
    start = folded.find(word)
    while start >= 0:
        end = start + len(word)
        if not _latin_edge(word, folded, start, end) and not _within(word, folded, start, inside):
            yield start
        start = folded.find(word, end)


def _within(word: str, folded: str, start: int, longer: Sequence[str]) -> bool:
    """The occurrence at `start` is part of one of the longer words."""
    for whole in longer:
        at = start - whole.find(word)
        if at >= 0 and folded.startswith(whole, at):
            return True
    return False


def count(word: str, folded: str, question: Question) -> int:
    """How often a word (or a pair of words) occurs anywhere in the text, as Thai words
    are counted, except inside the names of other offices (`occurrences`)."""
    n = folded.count(word)
    if n and (others := other_offices(word, question)) and any(o in folded for o in others):
        n = sum(1 for _ in _starts(word, folded, others))
    return n


def _latin_edge(term: str, folded: str, start: int, end: int) -> bool:
    """True when an ASCII word's occurrence is part of a longer ASCII word or number.
    Letters next to digits are separate words, as the segmenter cuts them (`11th`)."""
    if not term.isascii():
        return False
    before = folded[start - 1] if start > 0 else " "
    after = folded[end] if end < len(folded) else " "
    return _same_run(before, term[0]) or _same_run(after, term[-1])


def _same_run(neighbour: str, edge: str) -> bool:
    if not neighbour.isascii():
        return False
    return (neighbour.isdigit() and edge.isdigit()) or (neighbour.isalpha() and edge.isalpha())


def masked(text: str, found: Sequence[tuple[int, str]]) -> str:
    """The text with the question's own words blanked out: evidence of a person or a
    date must come from what the question does not already say. Not a word of one
    letter: the piece of a name the segmenter cut off (`ยุ|น` for ยุน) occurs in nearly
    every word of a text, and blanking it hid every other name."""
    if not found:
        return text
    pieces = []
    at = 0
    for start, term in found:  # by position; occurrences may overlap
        if len(term) == 1:
            continue
        end = start + len(term)
        if end <= at:
            continue
        start = max(start, at)
        pieces.append(text[at:start])
        pieces.append(" " * (end - start))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def covered_weight(question: Question, found: Sequence[tuple[int, str]]) -> float:
    """Share of the question's weight whose words occur at least once."""
    return covered_by_counts(question, {t: 1 for _, t in found})


def best_window_weight(
    question: Question, found: Sequence[tuple[int, str]], width: int
) -> tuple[float, int]:
    """The largest share of the question's weight found within `width` characters (the
    question's words near each other), and where that window starts."""
    total = question.total_weight
    if total <= 0 or not found:
        return 0.0, 0
    counts: dict[str, int] = {}
    weight = best = 0.0
    left = at = 0
    for position, term in found:
        if counts.get(term, 0) == 0:
            weight += question.weights[term]
        counts[term] = counts.get(term, 0) + 1
        while position - found[left][0] > width:
            gone = found[left][1]
            counts[gone] -= 1
            if counts[gone] == 0:
                weight -= question.weights[gone]
            left += 1
        if weight > best:
            best, at = weight, found[left][0]
    return best / total, at


def gram_share(question: Question, folded: str) -> float:
    """Share of the question's character trigrams found in the text: still counts when a
    paraphrase or another segmentation splits words differently."""
    if not question.grams:
        return 0.0
    return sum(g in folded for g in question.grams) / len(question.grams)


def pair_share(question: Question, folded: str) -> float:
    """Share of the question's adjacent word pairs found together in the text."""
    if not question.pairs:
        return 0.0
    return sum(count(p, folded, question) > 0 for p in question.pairs) / len(question.pairs)


BM25_K1 = 1.2
BM25_B = 0.75


def bm25(
    question: Question, found: Sequence[tuple[int, str]], length: int, typical: float
) -> float:
    """Okapi BM25 of a text from its occurrences of the question's words (`bm25_by_counts`)."""
    tallies: dict[str, int] = {}
    for _, term in found:
        tallies[term] = tallies.get(term, 0) + 1
    return bm25_by_counts(question, tallies, length, typical)


def longest_phrase(question: Question, squeezed: str) -> float:
    """The longest run of the question's consecutive words (small words included) found
    verbatim in the text, as a share of the question's length: a passage that repeats a
    phrase of the question ("เป็นประธานการประชุม") is about what it asks. `squeezed` is
    the folded text without spaces."""
    words = question.phrase_words
    total = sum(len(w) for w in words)
    if total == 0:
        return 0.0
    best = 0
    start = 0
    while start < len(words):
        end = start
        phrase = ""
        while end < len(words) and (phrase + words[end]) in squeezed:
            phrase += words[end]
            end += 1
        best = max(best, len(phrase))
        start = max(end, start + 1)
    return best / total


def counts(question: Question, folded: str) -> dict[str, int]:
    """How often each of the question's words occurs (as `occurrences` counts them),
    for long texts: a Thai word is counted in C (`str.count`), with no position kept."""
    out: dict[str, int] = {}
    for term in question.weights:
        n = sum(
            sum(1 for _ in _starts(spelling, folded))
            if spelling.isascii()
            else count(spelling, folded, question)
            for spelling in (term, *question.spellings.get(term, ()))
        )
        if n:
            out[term] = n
    return out


def covered_by_counts(question: Question, found: dict[str, int]) -> float:
    total = question.total_weight
    if total <= 0:
        return 0.0
    return sum(question.weights[t] for t in found) / total


def bm25_by_counts(question: Question, found: dict[str, int], length: int, typical: float) -> float:
    """Okapi BM25 from each word's count, with the knowledge's IDF: saturating in repeats
    and normalized for length, so a long text that mentions a word many times does not
    outweigh a short one that names it."""
    norm = BM25_K1 * (1 - BM25_B + BM25_B * length / typical)
    return sum(
        question.weights[t] * tf * (BM25_K1 + 1) / (tf + norm) for t, tf in found.items()
    ) / max(question.total_weight, 1e-9)
