"""Offices and ministries' fields in English and as a Thai news text writes them: an
English question asks for "Japan's agriculture minister", the text names "รัฐมนตรีว่าการ
กระทรวงเกษตรฯ", and the two share no letter. Like the countries (`countries.py`), a
closed class that news names over and over, so a short table covers it; the other words
of an English question stay its wording, since a Thai text does not translate them
word for word."""

from __future__ import annotations

import re
from functools import cache

# English word or phrase -> how Thai news writes it (a word counts wherever it occurs in a
# text: รัฐมนตรี in รัฐมนตรีว่าการ, ผู้ว่า in ผู้ว่าราชการ)
OFFICES: dict[str, tuple[str, ...]] = {
    "prime minister": ("นายกรัฐมนตรี",),
    "premier": ("นายกรัฐมนตรี",),
    "minister": ("รัฐมนตรี",),
    "ministers": ("รัฐมนตรี",),
    "ministry": ("กระทรวง",),
    "president": ("ประธานาธิบดี",),
    "vice president": ("รองประธานาธิบดี",),
    "deputy prime minister": ("รองนายกรัฐมนตรี",),
    # the head of a state's government (India's, Malaysia's states)
    "chief minister": ("มุขมนตรี",),
    "deputy premier": ("รองนายกรัฐมนตรี",),
    "governor": ("ผู้ว่า",),
    "secretary-general": ("เลขาธิการ",),
    "secretary general": ("เลขาธิการ",),
    "founder": ("ผู้ก่อตั้ง", "ก่อตั้ง"),
    "spokesperson": ("โฆษก",),
    "spokesman": ("โฆษก",),
    "spokeswoman": ("โฆษก",),
    # roles news names as often: a team's coach (a football club's manager), a city's
    # mayor, the head of a UN agency
    "coach": ("ผู้ฝึกสอน", "ผู้จัดการทีม"),
    "coaches": ("ผู้ฝึกสอน", "ผู้จัดการทีม"),
    "mayor": ("นายกเทศมนตรี",),
    "ceo": ("ประธานเจ้าหน้าที่บริหาร",),
    # who commands a mission, a unit: ผู้บังคับการ; a force: ผู้บัญชาการ
    "commander": ("ผู้บังคับการ", "ผู้บัญชาการ"),
    "commanded": ("ผู้บังคับการ", "ผู้บัญชาการ"),
    "chief executive": ("ประธานเจ้าหน้าที่บริหาร",),
    "director-general": ("ผู้อำนวยการใหญ่",),
    "director general": ("ผู้อำนวยการใหญ่",),
}
# A ministry's field, as the name of its ministry has it (`tokenizer.MINISTRY`): only
# beside minister or ministry ("the agriculture minister", "ministry of health"), since
# alone these are ordinary words ("foreign tourists": นักท่องเที่ยวต่างชาติ)
FIELDS: dict[str, tuple[str, ...]] = {
    "transport": ("คมนาคม",),
    "agriculture": ("เกษตร",),
    "health": ("สาธารณสุข",),
    "digital": ("ดิจิทัล",),
    "foreign": ("ต่างประเทศ",),
    "finance": ("การคลัง",),
    "defence": ("กลาโหม",),
    "defense": ("กลาโหม",),
    "interior": ("มหาดไทย",),
    "commerce": ("พาณิชย์",),
    "energy": ("พลังงาน",),
    "labour": ("แรงงาน",),
    "labor": ("แรงงาน",),
    "justice": ("ยุติธรรม",),
    "tourism": ("ท่องเที่ยว",),
    "education": ("ศึกษาธิการ", "การศึกษา"),
    "human resources": ("ทรัพยากรมนุษย์",),
    "manpower": ("แรงงาน",),
    "trade": ("พาณิชย์",),
    "industry": ("อุตสาหกรรม",),
    "environment": ("สิ่งแวดล้อม",),
    "home": ("มหาดไทย",),
    "communications": ("สื่อสาร",),
    "culture": ("วัฒนธรรม",),
    "public works": ("โยธาธิการ",),
}


@cache
def _pattern() -> re.Pattern[str]:
    """Longest first, so "prime minister" is not read as "minister"."""
    words = sorted(OFFICES, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])")


@cache
def _fields() -> re.Pattern[str]:
    names = "|".join(map(re.escape, sorted(FIELDS, key=len, reverse=True)))
    return re.compile(
        rf"(?<![\w-])({names})(?:\s+affairs)?\s+minist(?:er|ers|ry)\b|"
        rf"\bminist(?:er|ry)\s+(?:of|for)\s+(?:the\s+)?({names})(?:\s+affairs)?(?![\w-])"
    )


def offices_in(text: str) -> dict[str, tuple[str, ...]]:
    """The offices and fields an English text names, by each of their words ("Japan's
    agriculture minister": agriculture -> เกษตร, minister -> รัฐมนตรี; "prime minister":
    prime, minister -> นายกรัฐมนตรี): a question is searched word by word, and each word
    stands for the whole office where the question says it."""
    lower = text.lower()
    out: dict[str, tuple[str, ...]] = {}
    for field in _fields().finditer(lower):
        name = field.group(1) or field.group(2)
        for word in name.split():  # "human resources": each word searched as the field
            out[word] = FIELDS[name]
        if "affairs" in field.group(0):  # "minister of foreign affairs"
            out["affairs"] = FIELDS[name]
    for found in _pattern().finditer(lower):
        spellings = OFFICES[found.group(0)]
        for word in re.findall(r"[a-z]+(?:-[a-z]+)*", found.group(0)):
            out.setdefault(word, spellings)
    return out
