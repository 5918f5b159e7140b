"""What an English question says happened, as Thai news writes it: "How many people died
in the Lewotobi eruption?" shares only Lewotobi with its article, which finds the
article but not the paragraph; the window on "ผู้เสียชีวิต 9 ราย" is the one that says
"died". A closed list of the words news reports events with (deaths, arrests, votes,
openings, investments...), each with the Thai words a news text writes for it; and the
classifier a Thai text counts in what an English "how many" question names ("how many
seats": "240 ที่นั่ง").

Only the highlight reads the words of what happened (`bot.engine.highlight`): searched,
or counted against an article that lacks them, they would make an English question look
less answered where the text says the same thing in other words, and two such questions
were declined when its loanwords counted so. A Thai word here is found anywhere in a
text, as a question's words are, so each is one a text does not hold inside an unrelated
word (ปิด, "close", is inside เปิด, "open", and is not here; nor สภา, inside สภาพ)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

_EVENTS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("die", "died", "dies", "dead", "death", "deaths", "killed", "kill", "killing"),
        # a pope's or a king's in the royal register
        ("เสียชีวิต", "สิ้นพระชนม์", "สวรรคต"),
    ),
    (("injured", "injuries", "wounded", "hurt"), ("บาดเจ็บ",)),
    (("missing",), ("สูญหาย",)),
    (("evacuated", "evacuate", "evacuation", "evacuees", "displaced"), ("อพยพ",)),
    (("arrested", "arrest", "arrests"), ("จับกุม",)),
    (("detained", "detention", "jailed", "imprisoned"), ("ควบคุมตัว", "คุมขัง", "จำคุก")),
    (("sentenced", "sentence"), ("ตัดสิน", "จำคุก")),
    (("elected", "election", "elections"), ("เลือกตั้ง", "ได้รับเลือก")),
    (("votes", "voted", "vote"), ("คะแนน", "ลงมติ")),
    (("won", "win", "wins", "winner", "winners"), ("ชนะ", "คว้า")),
    (("founded", "established"), ("ก่อตั้ง", "จัดตั้ง")),
    (("opened", "opens", "opening"), ("เปิด",)),
    (("designed", "designer"), ("ออกแบบ",)),
    (("launched", "launch"), ("ปล่อย", "เปิดตัว", "ขึ้นสู่อวกาศ")),
    (("landed", "landing"), ("ลงจอด",)),
    (("sworn", "oath"), ("สาบานตน",)),
    (("signed",), ("ลงนาม",)),
    (("adopted", "approved", "endorsed"), ("รับรอง", "อนุมัติ", "เห็นชอบ")),
    (("chaired", "chair", "chairs"), ("ประธาน",)),
    (("visited", "visit", "visits"), ("เยือน",)),
    (("resigned", "resign", "resignation"), ("ลาออก",)),
    (("appointed",), ("แต่งตั้ง",)),
    (("succeeded", "succeed", "succeeds", "replaced"), ("สืบต่อ", "แทน")),
    (("born",), ("เกิด",)),
    (("married",), ("สมรส", "แต่งงาน")),
    (("invest", "invested", "investing", "investment", "investments"), ("ลงทุน",)),
    (("cost", "costs", "budget", "worth"), ("มูลค่า", "งบประมาณ", "ค่าใช้จ่าย")),
    (("export", "exports", "exported"), ("ส่งออก",)),
    (("import", "imports", "imported"), ("นำเข้า",)),
    (("tariff", "tariffs"), ("ภาษี",)),
    (("banned", "ban", "bans"), ("ห้าม", "ระงับ", "ปิดกั้น")),
    (("suspended", "suspend", "suspends"), ("ระงับ",)),
    (("ceasefire", "truce"), ("หยุดยิง",)),
    (("attack", "attacks", "attacked", "strikes", "struck"), ("โจมตี",)),
    (("bomber", "bombers"), ("เครื่องบินทิ้งระเบิด",)),
    (("published", "publish", "journal"), ("ตีพิมพ์", "วารสาร")),
    (("dissented", "dissent", "opposed"), ("ไม่เห็นด้วย", "คัดค้าน")),
    (("buried", "burial"), ("ฝัง",)),
    (("funeral",), ("พิธีศพ", "พระศพ")),
    (("cases", "infected", "infections"), ("ผู้ติดเชื้อ", "ผู้ป่วย")),
    (("unemployment", "unemployed", "jobless"), ("ว่างงาน",)),
    (("treaty",), ("สนธิสัญญา",)),
    (("warning", "advisory"), ("คำเตือน", "เตือน")),
    (("raised", "raise", "hike"), ("ปรับขึ้น", "ยกระดับ")),
    (("rose", "rise", "increased", "grew"), ("เพิ่มขึ้น", "สูงขึ้น", "ขยายตัว")),
    (("fell", "decreased", "dropped", "declined"), ("ลดลง",)),
    (("erupted", "eruption"), ("ปะทุ",)),
    (("earthquake", "quake"), ("แผ่นดินไหว",)),
    (("flood", "floods", "flooding"), ("น้ำท่วม", "อุทกภัย")),
    (("wildfire", "wildfires"), ("ไฟป่า",)),
    (("wind", "winds"), ("ความเร็วลม", "ลม")),
    (("medal", "medals"), ("เหรียญ",)),
    (("passengers",), ("ผู้โดยสาร",)),
    (("tourists", "visitors"), ("นักท่องเที่ยว", "ผู้เข้าชม")),
    (("students",), ("นักเรียน",)),
    (("wage", "wages", "salary", "salaries"), ("ค่าจ้าง", "ค่าแรง", "เงินเดือน")),
    (("interest",), ("ดอกเบี้ย",)),
    (("percent", "percentage"), ("ร้อยละ",)),
    (("deadline", "deadlines"), ("ภายในวันที่", "เส้นตาย")),
    (("population",), ("ประชากร",)),
    (("named", "called", "name"), ("ชื่อ", "เรียกว่า", "พระนาม")),
    (("length",), ("ยาว", "ระยะทาง")),
    (("plane", "aircraft"), ("เครื่องบิน",)),
    (("capital",), ("เมืองหลวง",)),
    (("declaration",), ("ปฏิญญา",)),
    (("agreement", "deal"), ("ข้อตกลง", "ความตกลง")),
    (("court",), ("ศาล",)),
    (("police",), ("ตำรวจ",)),
    (("troops", "soldiers", "military", "army"), ("ทหาร", "กองทัพ")),
    (("hospital", "hospitals"), ("โรงพยาบาล",)),
    (("airport",), ("ท่าอากาศยาน", "สนามบิน")),
    (("station", "stations"), ("สถานี",)),
    (("started", "start", "starts", "began", "begin", "begins"), ("เริ่ม",)),
    (("released", "release", "releasing"), ("ปล่อย",)),
    (("scored", "score", "scores", "goal", "goals"), ("ประตู",)),
    (("final",), ("นัดชิง",)),
    (("seat", "seats"), ("ที่นั่ง",)),
    (("team", "teams"), ("ทีม",)),
    (("acting",), ("รักษาการ",)),
    (("impeached", "impeachment", "impeach", "recall", "recalled"), ("ถอดถอน",)),
    (("paused", "pause", "postponed", "postpone", "delayed", "delay"), ("ชะลอ", "เลื่อน")),
    (("minister", "ministers"), ("รัฐมนตรี",)),
    (("regulates", "regulate", "regulator", "oversees", "oversee", "enforces"), ("กำกับดูแล",)),
    (("caused", "cause", "causes"), ("สาเหตุ", "ทำให้")),
    (("expect", "expects", "expected", "forecast", "forecasts"), ("คาด", "ประมาณการ")),
    (("crashed", "crash"), ("อุบัติเหตุ", "ประสบเหตุ")),
    (("type", "model"), ("รุ่น",)),
    (("sample", "samples"), ("ตัวอย่าง",)),
    (("ended", "end", "ends", "scrapped", "abolished"), ("ยุติ", "ยกเลิก", "สิ้นสุด")),
    (("hardest", "worst"), ("หนักที่สุด", "มากที่สุด")),
    (("green",), ("สีเขียว",)),
    (("purpose", "aim", "goal"), ("เป้าหมาย", "วัตถุประสงค์")),
    (("turnout",), ("ใช้สิทธิ",)),
    (("warship", "warships", "ship", "ships", "vessels"), ("เรือรบ", "เรือ")),
    (("fertility",), ("อัตราการเจริญพันธุ์", "อัตราการเกิด")),
    (
        ("parliament", "parliamentary", "lawmakers"),
        ("รัฐสภา", "ยุบสภา", "สภาผู้แทน", "สมาชิกสภา", "เลือกตั้งทั่วไป"),
    ),
)
NEWS_WORDS: dict[str, tuple[str, ...]] = {word: thai for words, thai in _EVENTS for word in words}
# "how many X" in English, with X as a Thai text writes it after the number
# people counted by what befell them or what they did: "death toll", "passengers"
PEOPLE_COUNTED = (
    *("death toll", "deaths", "dead", "killed", "casualties", "victims"),
    *("passengers", "visitors", "tourists", "population"),
)
COUNTED_IN: dict[str, str] = {
    "people": "คน",
    "persons": "คน",
    # the people a count is of, counted in คน
    **dict.fromkeys(("voters", "residents", "workers", "students", "migrants", "refugees"), "คน"),
    "years": "ปี",
    "countries": "ประเทศ",
    "times": "ครั้ง",
    "tons": "ตัน",
    "tonnes": "ตัน",
    "kilometres": "กิโลเมตร",
    "kilometers": "กิโลเมตร",
    "metres": "เมตร",
    "meters": "เมตร",
    "percent": "เปอร์เซ็นต์",
    **dict.fromkeys(PEOPLE_COUNTED, "คน"),
    # what news counts in its own classifier: "240 ที่นั่ง", "24 ทีม"; soldiers in นาย,
    # which counts people (`evidence.counted`)
    "seats": "ที่นั่ง",
    "teams": "ทีม",
    "provinces": "จังหวัด",
    "cities": "เมือง",
    "medals": "เหรียญ",
    "goals": "ประตู",
    "matches": "นัด",
    "games": "นัด",
    "soldiers": "คน",
    "troops": "คน",
    "officers": "คน",
    "households": "ครัวเรือน",
    "homes": "บ้าน",
    "houses": "บ้าน",
    "jobs": "ตำแหน่ง",
    "workers": "คน",
    "cars": "คัน",
    "vehicles": "คัน",
    "stations": "สถานี",
    "flights": "เที่ยวบิน",
    "ships": "ลำ",
    "warships": "ลำ",
    "aircraft": "ลำ",
    "planes": "ลำ",
    "floors": "ชั้น",
    "storeys": "ชั้น",
    "stories": "ชั้น",
    "days": "วัน",
    "months": "เดือน",
}
_WORD = re.compile(r"[a-z]+")


def thai_news_words(question: str) -> tuple[str, ...]:
    """The Thai words news writes for what an English question says happened, in the
    question's order, each once."""
    found = (NEWS_WORDS.get(w, ()) for w in _WORD.findall(question.lower()))
    return tuple(dict.fromkeys(t for thai in found for t in thai))


def said_groups(question: str) -> tuple[tuple[str, ...], ...]:
    """Per English word of what happened in the question, the Thai words news writes for
    it, each group once ("paused": ชะลอ, เลื่อน)."""
    return tuple(
        dict.fromkeys(NEWS_WORDS[w] for w in _WORD.findall(question.lower()) if w in NEWS_WORDS)
    )


def shown_words(
    question: str,
    tokenizer: Callable[[str], list[str]],
    weigh: Callable[[Sequence[str]], dict[str, float | None]],
) -> dict[str, float]:
    """`thai_news_words` that the knowledge uses, with their weights (`weigh`, as a
    question's words are weighed): a word's own, or its rarest part's when the segmenter
    cuts it (สาบาน|ตน, ภายใน|วันที่)."""
    out: dict[str, float] = {}
    for word, weight in weigh(thai_news_words(question)).items():
        if weight is None:
            parts = [w for w in weigh(tokenizer(word)).values() if w is not None]
            if not parts:
                continue
            weight = max(parts)
        out[word] = weight
    return out
