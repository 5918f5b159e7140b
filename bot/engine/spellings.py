"""How a news text may write a question's word instead: an everyday word as news writes
it (สนามบิน: ท่าอากาศยาน), an abbreviation written out, an acronym the Thai read as a
word, the next one of a series as a text schedules it. One way unless said: the text's
word is searched for the question's."""

from __future__ import annotations

import re

from bot.text.countries import people_of

# Words a question and a news text spell differently for the same thing: "next" (ครั้งหน้า,
# ครั้งถัดไป for a text's ครั้งต่อไป), and the standard abbreviations of offices, which a
# text writes out (and a headline may not). Each is matched as any of its spellings; an
# abbreviation in a question is searched written out (`ABBREVIATIONS`). Synonyms in
# general are not here: a list of them would answer questions the articles do not.
ABBREVIATIONS = {
    "ปธน.": "ประธานาธิบดี",
    "นายกฯ": "นายกรัฐมนตรี",
    "นรม.": "นายกรัฐมนตรี",
    "เลขาฯ": "เลขาธิการ",
    "ผอ.": "ผู้อำนวยการ",
    "รมต.": "รัฐมนตรี",
    "รมว.": "รัฐมนตรีว่าการ",
    "กทม.": "กรุงเทพมหานคร",
    # commanders (of the police, the army), a senator, a helicopter
    "ผบ.ตร.": "ผู้บัญชาการตำรวจ",
    "ผบ.ทบ.": "ผู้บัญชาการทหารบก",
    "ส.ว.": "วุฒิสมาชิก",
    "ฮ.": "เฮลิคอปเตอร์",
}
# longest first; written out in the question's text before it is cut into words, since
# the segmenter cuts some apart (ผบ.|ตร.; and ตร. alone is as often of ตร.กม., square
# kilometres)
_LONGEST_FIRST = sorted(ABBREVIATIONS, key=len, reverse=True)


def written_out(text: str) -> str:
    """The text with its abbreviations written out, each as a word of its own."""
    for short in _LONGEST_FIRST:
        if short in text:
            text = text.replace(short, f" {ABBREVIATIONS[short]} ")
    return text


_SAME = (
    ("ต่อไป", "ถัดไป"),
    ("ครั้งต่อไป", "ครั้งถัดไป", "ครั้งหน้า"),
    ("องค์กร", "องค์การ"),  # an organisation, in its two spellings
)
# a senator, in the two ways news writes it (ส.ว. is written out as the first)
SENATOR = ("วุฒิสมาชิก", "สมาชิกวุฒิสภา")
# How news writes a king's, a prince's or a pope's death. Not a statesman's
# (ถึงแก่อสัญกรรม) nor anyone's in the formal register (ถึงแก่กรรม): every biography of
# an encyclopedia says them, and searched for เสียชีวิต they drew biographies to a
# question on the dead of a war.
PASSED_AWAY = ("สวรรคต", "สิ้นพระชนม์")
# The everyday word a person asks with -> the word a news text writes for the same
# thing (สนามบิน, "airport", is ท่าอากาศยาน in news). One way only: the text's word is
# searched for the question's, not the other way, since some everyday words also sit
# inside other words (ลูก in ลูกค้า, "customer"). Only words with one meaning in a
# question: not หนัง (a film, or leather); แบน (to ban) is flat only in compounds the
# segmenter keeps whole (จอแบน).
EVERYDAY = {
    "สนามบิน": ("ท่าอากาศยาน",),
    "รันเวย์": ("ทางวิ่ง",),
    "มหาลัย": ("มหาวิทยาลัย",),
    "โรงบาล": ("โรงพยาบาล",),
    "ทีวี": ("โทรทัศน์",),
    "รถเมล์": ("รถโดยสาร",),
    # a metro and a terminal as people borrow them from English
    "เมโทร": ("รถไฟฟ้า", "รถไฟใต้ดิน"),
    "เทอร์มินอล": ("อาคารผู้โดยสาร",),
    "คนไข้": ("ผู้ป่วย",),
    "หมอ": ("แพทย์",),
    "ไฟไหม้": ("เพลิงไหม้",),
    "น้ำท่วม": ("อุทกภัย",),
    "ตกงาน": ("ว่างงาน",),
    **dict.fromkeys(("คนว่างงาน", "คนตกงาน"), ("ผู้ว่างงาน", "ว่างงาน")),
    # the young and protesters as news writes them
    "วัยรุ่น": ("เยาวชน", "คนหนุ่มสาว"),
    "ม็อบ": ("ผู้ประท้วง", "ผู้ชุมนุม", "การชุมนุม"),
    "คนงาน": ("แรงงาน",),
    "ค่าแรง": ("ค่าจ้าง",),
    "ขึ้นเงินเดือน": ("ขึ้นค่าจ้าง", "ขึ้นค่าแรง"),  # a raise, as news writes a wage's
    "แพง": ("ราคา",),  # dear: a news text gives the price ("ราคาพุ่งสูง")
    "ตั๋ว": ("บัตร", "ค่าโดยสาร"),  # a ticket: an admission, a fare
    "ให้เงิน": ("สนับสนุน",),  # funding: "สนับสนุนงบประมาณ"
    # a translation's cost and funds, where a news text gives a project's value or budget
    "ค่าใช้จ่าย": ("มูลค่า", "งบประมาณ"),
    "เงินทุน": ("งบประมาณ", "เงินสนับสนุน"),
    "บ่อน": ("คาสิโน", "การพนัน"),
    "เปอร์เซ็นต์": ("ร้อยละ",),
    "คนแก่": ("ผู้สูงอายุ",),
    "ขาย": ("จำหน่าย",),
    "ซื้อ": ("นำเข้า",),  # a country buys what it imports
    "เสียภาษี": ("ภาษี",),  # paying tax, where news tells of the tax levied (เก็บภาษี)
    "ได้เงิน": ("รายได้",),  # money a state gets is its revenue
    "กิน": ("บริโภค", "รับประทาน"),
    "ตาย": ("เสียชีวิต", *PASSED_AWAY),
    "คนตาย": ("เสียชีวิต",),
    "คร่าชีวิต": ("เสียชีวิต",),
    "แบน": ("ห้าม", "ปิดกั้น", "ระงับ"),
    "แต่งงาน": ("สมรส",),
    "ลูก": ("บุตร",),
    "มีลูก": ("มีบุตร",),
    "ลูกชาย": ("บุตรชาย",),
    "ลูกสาว": ("บุตรสาว",),
    "พ่อ": ("บิดา",),
    "แม่": ("มารดา",),
    "เมีย": ("ภรรยา",),
    "ผัว": ("สามี",),
    # corruption in its everyday spellings, as news writes it
    **dict.fromkeys(("คอร์รัปชัน", "คอร์รัปชั่น", "คอรัปชั่น", "คอรัปชัน"), ("ทุจริต",)),
    # what a news text writes out in full: the EU, AI (either script), social media
    "อียู": ("สหภาพยุโรป",),
    "ai": ("ปัญญาประดิษฐ์",),
    "เอไอ": ("ปัญญาประดิษฐ์",),
    "โซเชียล": ("สื่อสังคมออนไลน์", "โซเชียลมีเดีย"),
    "มีเดีย": ("สื่อ",),
    # countries by their everyday or older names, as news names them now
    "อินโด": ("อินโดนีเซีย",),
    "พม่า": ("เมียนมา",),
    "เกาหลี": ("เกาหลีใต้",),
    "อเมริกา": ("สหรัฐอเมริกา", "สหรัฐฯ", "สหรัฐ"),
    "เยอรมัน": ("เยอรมนี",),
    "ซาอุ": ("ซาอุดีอาระเบีย",),
    # a building, the capital, the ID card, a vote, as people say them
    "ตึก": ("อาคาร",),
    "กรุงเทพ": ("กรุงเทพมหานคร", "กรุงเทพฯ"),
    "กรุงเทพฯ": ("กรุงเทพมหานคร",),
    "บัตรประชาชน": ("บัตรประจำตัวประชาชน",),
    "โหวต": ("ลงมติ", "ลงคะแนน"),
    "เห็นด้วย": ("เห็นชอบ",),  # a vote for, as news writes it
    # a court's ruling, as news writes a high court's (คำวินิจฉัย) or a trial's (คำพิพากษา)
    "ตัดสิน": ("วินิจฉัย", "พิพากษา"),
    "คำตัดสิน": ("คำวินิจฉัย", "คำพิพากษา"),
    # a coach, whom news calls a football club's manager as often
    "โค้ช": ("ผู้ฝึกสอน", "ผู้จัดการทีม"),
    # a country's output, in either script, as news writes it out
    **dict.fromkeys(("gdp", "จีดีพี"), ("ผลิตภัณฑ์มวลรวมในประเทศ",)),
    # signing, fleeing a disaster, and going to a fair, as people say them
    "เซ็น": ("ลงนาม",),
    "เซ็นสัญญา": ("ลงนาม",),  # the segmenter keeps it whole
    "บุก": ("รุกราน",),  # a country invaded, as news writes it
    "หนี": ("อพยพ", "หลบหนี"),
    "เที่ยวงาน": ("เข้าชม", "ร่วมงาน"),
    # the two houses of a parliament as people say them
    "สภาสูง": ("วุฒิสภา", "สมาชิกวุฒิสภา"),
    "สภาล่าง": ("สภาผู้แทนราษฎร",),
    # a central bank as people say it short: the US's Fed, in either script, and
    # Thailand's own
    **dict.fromkeys(("เฟด", "fed"), ("ธนาคารกลางสหรัฐ", "Federal Reserve")),
    "แบงก์ชาติ": ("ธนาคารแห่งประเทศไทย",),
    # a parade of troops, a show of arms and cheating, as people say them
    "พาเหรด": ("สวนสนาม",),
    "ลมแรง": ("ความเร็วลม",),  # a strong wind: news gives its speed
    "โชว์": ("แสดง", "จัดแสดง"),
    "โกง": ("ทุจริต",),
    # a chief executive, and putting a thing off, as people say them
    "ซีอีโอ": ("ประธานเจ้าหน้าที่บริหาร",),
    "เลื่อน": ("ชะลอ",),
    # a pope's or a royal's death and age, which news writes in the royal register
    # (ราชาศัพท์), an age as วัย too ("ด้วยวัย 80 ปี"), and the pope as people call him;
    # not เกิด (born) as ประสูติ: a question's เกิด is as often "took place"
    "เสียชีวิต": PASSED_AWAY,
    "อายุ": ("พระชนมายุ", "วัย"),
    "โป๊ป": ("สันตะปาปา",),
    # a funeral as people say it, where news writes a royal's or a pope's in the royal
    # register (พิธีปลงพระศพ) and anyone else's as a rite (พิธีศพ)
    "งานศพ": ("พิธีศพ", "พระศพ", "พระบรมศพ"),
    # the young, who news calls the new generation
    "คนหนุ่มสาว": ("คนรุ่นใหม่", "เยาวชน"),
    # a city as people say it
    "แอลเอ": ("ลอสแอนเจลิส",),
    # an interim government, as news writes it
    "ชั่วคราว": ("รักษาการ",),
    # a governor said short: of a city or a bank (ผู้ว่าการ), of a Thai province
    # the prime minister said short, as people say it (นายก of a city or a club is said
    # in full: นายกเทศมนตรี, นายกสมาคม)
    "นายก": ("นายกรัฐมนตรี",),
    "ผู้ว่า": ("ผู้ว่าการ", "ผู้ว่าราชการ"),
    "ผู้ว่าฯ": ("ผู้ว่าการ", "ผู้ว่าราชการ"),
}
# Acronyms the Thai read as a word and write as they say it: อาเซียน, not the letter names
# (เอเอสอีเอเอ็น) that `bot.text.letters` spells an acronym with. One way, as EVERYDAY: a
# Thai question that says อาเซียน is asked as Thai news writes it already, and searching
# the Latin too drew the articles that name ASEAN's bodies in English (ASEAN-ERAT).
READ_AS_WORDS = {
    "asean": ("อาเซียน",),
    "nato": ("นาโต",),
    "unesco": ("ยูเนสโก",),
    "unicef": ("ยูนิเซฟ",),
    "opec": ("โอเปก",),
    "apec": ("เอเปก",),
    "fifa": ("ฟีฟ่า",),
    "nasa": ("นาซา",),
    "covid": ("โควิด",),
}
# ...and a text tells of the next one as scheduled, one way ("การเลือกตั้งทั่วไปที่กำหนดจัดใน
# เดือนกุมภาพันธ์ 2569" of "บังกลาเทศจะเลือกตั้งครั้งหน้าเมื่อไร")
SCHEDULED = ("กำหนดจัด",)
SPELLINGS: dict[str, tuple[str, ...]] = (
    {word: tuple(w for w in group if w != word) for group in _SAME for word in group}
    | {word: (*(w for w in _SAME[1] if w != word), *SCHEDULED) for word in _SAME[1]}
    | {  # an office a question names in full is matched by a text's abbreviations too
        full: tuple(short for short, long in ABBREVIATIONS.items() if long == full)
        for full in ABBREVIATIONS.values()
    }
    | {word: (*(w for w in SENATOR if w != word), "ส.ว.") for word in SENATOR}
    | EVERYDAY
    | READ_AS_WORDS
)


# Who is in a state or does a thing, as people say it (คน + a word: คนป่วย, คนโดยสาร, which
# the segmenter keeps whole) and as news writes it (ผู้ + the word: ผู้ป่วย, ผู้โดยสาร)
PERSON_SAID = "คน"
PERSON_WRITTEN = "ผู้"


# A word said with ไม่ before it, as news writes the opposite deed: who did not agree
# (ไม่เห็นด้วย) opposed it (คัดค้าน, ต่อต้าน), as often as the text says ไม่เห็นด้วย.
NEGATED: dict[str, tuple[str, ...]] = {"เห็นด้วย": ("คัดค้าน", "ต่อต้าน")}
_NOT = "ไม่"


def negated_spellings(term: str, folded: str) -> tuple[str, ...]:
    """NEGATED's spellings of a word the question says with ไม่ before it; ()."""
    if term not in NEGATED or not re.search(rf"{_NOT}\s*{re.escape(term)}", folded):
        return ()
    return NEGATED[term]


# A sum said by its round number alone, which news writes in digits ("แจกเงินหมื่น":
# "เงินสดคนละ 10,000 บาท"): not after a count ("สองหมื่น") nor before ล้าน ("หมื่นล้าน").
ROUND_SUMS = {"หมื่น": "10,000", "แสน": "100,000"}
_COUNT_BEFORE = re.compile(r"(?:[0-9๐-๙]|หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ร้อย|พัน|ยี่)\s*$")


def round_sum_spellings(term: str, folded: str) -> tuple[str, ...]:
    """The digits of a round sum the question says alone (ROUND_SUMS); () otherwise."""
    if term not in ROUND_SUMS:
        return ()
    for m in re.finditer(term, folded):
        if not _COUNT_BEFORE.search(folded, 0, m.start()) and not folded.startswith("ล้าน", m.end()):
            return (ROUND_SUMS[term],)
    return ()


def news_spellings(term: str) -> tuple[str, ...]:
    """How a news text may write a question's word instead (SPELLINGS; a people said
    คนจีน is ชาวจีน there; คนป่วย is ผู้ป่วย); () when only as it is."""
    spelled = SPELLINGS.get(term) or people_of(term)
    rest = term.removeprefix(PERSON_SAID)
    if rest != term and len(rest) > 1 and not spelled:
        return (PERSON_WRITTEN + rest,)
    return spelled
