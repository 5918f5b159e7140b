"""The words of a question that say what it is about, without its interrogatives."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

from pythainlp.corpus import thai_stopwords, thai_words
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Thai interrogatives and polite particles: they say "this is a question", not what
# it is about, so they neither rank passages nor count towards coverage.
QUESTION_WORDS = frozenset(
    [
        "อะไร",
        "ใคร",
        "ที่ไหน",
        "ไหน",
        "ตรงไหน",
        "แบบไหน",
        "เมื่อไร",
        "เมื่อไหร่",
        "เท่าไร",
        "เท่าไหร่",
        "เท่าใด",
        "อย่างไร",
        "ยังไง",
        "ใด",
        "อันใด",
        "คนใด",
        "กี่",
        "ทำไม",
        # ...and as the segmenter keeps some of them whole with the word before or after
        *("เพราะอะไร", "เพราะเหตุใด", "เพราะเหตุไร", "เพราะเหตุอะไร", "เหตุใด"),
        *("ที่ไหนบ้าง", "อย่างไรบ้าง"),
        "หรือไม่",
        "หรือเปล่า",
        "รึเปล่า",
        "ป่าว",
        "หรือยัง",
        "ไหม",
        "มั้ย",
        "บ้าง",
        "ไร",
        "หรอ",
        "เหรอ",
        "ครับ",
        "คับ",
        "ค่ะ",
        "คะ",
        "นะ",
        "จ๊ะ",
        # chat: the particles and the words of asking a Telegram question comes wrapped
        # in ("รบกวนสอบถามครับ ...", "อยากรู้ว่า ...", "... เนี่ย"), which no text answers
        "ครับผม",
        "คร้าบ",
        "ค้าบ",
        "เนี่ย",
        "ล่ะ",
        "ถาม",
        "สอบถาม",
        "รบกวน",
        "ทราบ",
        "อยากรู้",
        "สงสัย",
        # words that frame what is asked rather than what it is about
        "ย่อ",
        "หมายถึง",
        "ความหมาย",
        "please",
        "tell",
    ]
)


# Chat particles that are words or parts of names elsewhere (`ค่า` "value", `อะ` of
# `สปิริเต็ดอะเวย์`), and the thanks a question may end with (not วันขอบคุณพระเจ้า):
# dropped only at the question's end.
FINAL_PARTICLES = frozenset(["อะ", "อ่ะ", "อ่า", "ค่า", "จ้า", "จ้ะ", "ฮะ", "ป่ะ", "ขอบคุณ", "ขอบใจ"])


# pythainlp's stop words hold the adjectives a measure is asked with: "คลองกว้างเท่าไหร่"
# (how wide) and "คลองยาวเท่าไหร่" (how long) ask for different numbers of one text, and
# with กว้าง and ยาว dropped both are "คลอง เท่าไหร่". Their weight stays the index's (they
# are common), as with any word.
MEASURES = frozenset(["กว้าง", "ยาว", "สูง", "สั้น", "ใหญ่", "เล็ก", "ไกล", "เร็ว", "ช้า", "นาน"])

# ...and the verbs that say which event a question asks about: "เกิด" (born) of "X
# เกิดที่ไหน" against a text that says where X died too, "จัดตั้ง" (set up; ก่อตั้ง is no
# stop word), "เขียน" (written), "รับ" of "รับตำแหน่ง" (took office, against the lede's
# day of the election). Not the words of time (ใหม่, ล่าสุด, แรก, ปัจจุบัน): "ข่าว
# ล่าสุด..." asks for the newest news, not for a text that says ล่าสุด, and "ใหม่" of
# "เมืองหลวงใหม่" is in too many texts that are about something else.
EVENTS = frozenset(
    [
        *("เกิด", "จัด", "จัดตั้ง", "เรียก", "เริ่ม", "เปิด", "เขียน"),
        *("ตั้ง", "แสดง", "เปลี่ยน", "ส่ง", "พบ", "กำหนด", "ได้รับ", "รับ"),
    ]
)


# ...and the acts a news text reports, which say what a question asks about: a fine
# (ปรับ, "ถูกปรับสูงสุดเท่าไร"), a closure (ปิด), help (ช่วย), a shortage (ขาด), a rise
# (เพิ่ม), cooperation (ร่วมมือ), what was confirmed or disclosed (ยืนยัน, เปิดเผย), amended
# (แก้ไข), adopted (รับรอง, ยอมรับ, ผ่าน) or stored (เก็บ), what befell (ประสบ), the
# highest (สูงสุด) and most of them (ส่วนใหญ่: "ผู้ติดเชื้อส่วนใหญ่เป็นใคร" asks who
# most were, which a text says after its own ส่วนใหญ่). With them dropped,
# "ออสเตรเลียปรับแพลตฟอร์ม...สูงสุดเท่าไหร่" was asked as "ออสเตรเลีย แพลตฟอร์ม เท่าไหร่",
# and the lede's platforms answered it.
ACTIONS = frozenset(
    [
        *("ปรับ", "ปิด", "ช่วย", "ขาด", "เพิ่ม", "ร่วมมือ", "ยืนยัน", "เปิดเผย"),
        *("แก้ไข", "รับรอง", "ยอมรับ", "ผ่าน", "เก็บ", "สูงสุด", "ประสบ", "ส่วนใหญ่"),
    ]
)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    stop = frozenset(thai_stopwords()) - MEASURES - EVENTS - ACTIONS
    # Words as they are said, of words pythainlp lists as written: โดน, the passive's ถูก
    # ("โดนปรับเท่าไร"); "now" (ตอนนี้, เดี๋ยวนี้, ทุกวันนี้) beside ขณะนี้, as a news text
    # dates what it says instead; คุย (talk) beside หารือ and พูด ("ประชุม...คุยเรื่องอะไร"),
    # and พูดถึง, กล่าวถึง (spoke of, mentioned): "รัฐมนตรีที่พูดถึงการเชื่อมรถไฟ..." names
    # what was said, which a text gives after its own ระบุว่า or กล่าวว่า; and ออกมา, ออกไป
    # before a deed, as it is said ("ออกมาเลือกตั้ง", turned out to vote: a text's "ผู้มา
    # ใช้สิทธิ")
    spoken = {"โดน", "ตอนนี้", "เดี๋ยวนี้", "ทุกวันนี้", "คุย", "พูดคุย", "พูดถึง", "กล่าวถึง"}
    spoken |= {"ออกมา", "ออกไป"}
    return stop | ENGLISH_STOP_WORDS | QUESTION_WORDS | {"ว่า"} | spoken


# Phrases that frame the question, as the segmenter cuts them: "X ย่อมาจาก(คำว่า)อะไร"
# asks what X stands for, and มาจาก ("comes from") is no part of the answer's text;
# "X ชื่อ(ว่า)อะไร" asks for X's name, which a news text gives without the word ชื่อ;
# "X ดำรงตำแหน่งอะไร" for X's office, which it gives as "X รองเลขาธิการ...".
FRAMING_PHRASES = (
    # a time of day asked ("ตอนกี่โมง", at what time): the kind of answer, no word of it
    ("ตอน", "กี่", "โมง"),
    ("กี่", "โมง"),
    ("กี่", "นาฬิกา"),
    ("ย่อ", "มาจาก", "คำ", "ว่า"),
    ("ย่อ", "มาจาก"),
    ("ชื่อ", "ว่า", "อะไร"),
    ("ชื่อ", "อะไร"),
    ("ดำรงตำแหน่ง", "อะไร"),
    ("ดำรงตำแหน่ง", "ใด"),
)


# Next to an interrogative, the copulas are one: "ใครคือประธาน" asks what "ใครเป็นประธาน"
# asks ("who is the chair", as a question translated from English puts it), and a text
# says "X เป็นประธาน" far more often than "X คือประธาน".
COPULA = ("คือ", "เป็น")


def _copula(tokens: Sequence[str], i: int) -> str:
    if tokens[i] != COPULA[0]:
        return tokens[i]
    around = (tokens[i - 1] if i > 0 else "", tokens[i + 1] if i + 1 < len(tokens) else "")
    return COPULA[1] if any(t in QUESTION_WORDS for t in around) else tokens[i]


# "Which person" is "who", and "which type" is "what": the noun of such an interrogative
# (บุคคลใด, ท่านใด, พระองค์ใด, คนไหน; ประเภทใด, แบบใด, แนวอะไร, as a question translated from
# English asks "which king founded...", "what type of station is...") is no word a text
# writes beside the answer ("เป็นสถานีโทรทัศน์ข่าว"). The nouns of other interrogatives
# (ประเทศใด) stay: a text says "ประเทศฟิลิปปินส์".
WHICH = frozenset(["ใด", "ไหน", "อะไร"])  # the interrogatives that follow a noun
WHICH_NOUNS = {
    noun: which
    for nouns, which in (
        (("บุคคล", "ท่าน", "พระองค์", "คน"), frozenset(["ใด", "ไหน"])),
        (("ประเภท", "แบบ", "รูปแบบ", "แนว"), WHICH),
        (("ตอน",), frozenset(["ใด", "ไหน"])),  # "ตอนไหน" is "when", as it is said
    )
    for noun in nouns
}


# Nouns on the stopword list that still say what kind of thing an answer is, and that a
# text writes just before it: "ในด้านใด" (ในด้านความเป็นอยู่...), "ยาในกลุ่มใด"
# (ในกลุ่มอะมิโนไกลโคไซด์), "ภาคอะไร" (ภาคเหนือ), "ชาวอะไร" (ชาวรัสเซีย), "ฝ่ายไหน",
# "จำพวกอะไร", "ทรงใด" (ทรงไทย), "คำใด" (คำว่า...). Not ทาง or ส่วน: "ทางใด" asks "by what
# means" as often as "which side".
ASKED_STOPWORD_NOUNS = frozenset(["ด้าน", "กลุ่ม", "ภาค", "ชาว", "ฝ่าย", "จำพวก", "พวก", "ทรง", "คำ"])


# "เรื่องอะไร" after a deed asks what it was about ("ประท้วงเรื่องอะไร"): a text says the
# matter outright ("ประท้วง...ต่อต้านการทุจริต"), and its เรื่อง is the one that refers back
# ("เรื่องนี้เริ่มจาก..."). After a work, เรื่อง is the work's classifier, which a text
# writes before its title ("ภาพยนตร์เรื่อง X"), and stays.
ABOUT = "เรื่อง"
WORKS = frozenset(
    (
        *("ภาพยนตร์", "หนัง", "ละคร", "ละครเพลง", "การ์ตูน", "วรรณกรรม", "วรรณคดี", "นิยาย"),
        *("นวนิยาย", "หนังสือ", "ซีรีส์", "อนิเมะ", "มังงะ", "นิทาน", "ผลงาน", "บทละคร", "เพลง"),
    )
)


def _asks_which(tokens: Sequence[str], i: int) -> bool:
    if i + 1 >= len(tokens):
        return False
    if tokens[i] == ABOUT:
        return tokens[i + 1] in WHICH and i > 0 and tokens[i - 1] not in WORKS
    which = WHICH_NOUNS.get(tokens[i])
    return which is not None and tokens[i + 1] in which


# After กี่ (how many) comes the unit counted in, and the segmenter may join it to the
# word that follows when the two make a dictionary word: "กี่คนในปีแรก" is cut
# `กี่|คนใน|ปี|แรก` (คนใน: an insider), so the unit is lost and the question holds a word
# no text answering it has. The words a unit is so joined with.
HOW_MANY = "กี่"
AFTER_UNIT = ("ใน", "ที่", "ต่อ", "จาก", "ของ", "แล้ว", "ก่อน")


# "How many" and "how much", as the segmenter cuts them
HOW_MANY_WORDS = frozenset([HOW_MANY, "เท่าไร", "เท่าไหร่", "เท่าใด"])


# "นาน" of "อยู่ในอวกาศนานเท่าไร" is how long, not whose: a text says นาน of other spans
# too ("นานที่สุด รวม 62 ชั่วโมง"); the word before it is (`whose_count`)
_HOW_LONG = frozenset(["นาน"])


PER = "ละ"  # ปีละ, วันละ: a rate's "per", after the unit it counts by


def whose_count(tokens: Sequence[str], weights: Mapping[str, float]) -> str:
    """The question's last content word before its "how many" (คนตาย of "มีคนตายกี่คน",
    ปรับ of "โดนปรับเท่าไร"; not ปี of "ปีละ", per year): whose count is asked, which a text
    writes just before the number ("ผู้เสียชีวิต 9 ราย"); "" if none."""
    for i, token in enumerate(tokens):
        if token in HOW_MANY_WORDS:
            return next(
                (
                    t
                    for j, t in reversed(list(enumerate(tokens[:i])))
                    if t in weights and t not in _HOW_LONG and tokens[j + 1] != PER
                ),
                "",
            )
    return ""


def units_apart(tokens: Sequence[str]) -> list[str]:
    """The tokens with a unit after กี่ cut from the word the segmenter joined it to."""
    out: list[str] = []
    for token in tokens:
        if out and out[-1] == HOW_MANY:
            tail = next((t for t in AFTER_UNIT if token.endswith(t) and token != t), None)
            if tail is not None and token[: -len(tail)] in thai_words():
                out.extend([token[: -len(tail)], tail])
                continue
        out.append(token)
    return out


# Words of a question's frame that the segmenter joins: "ชื่อว่าอะไร" is cut `ชื่อว่า|อะไร`,
# "มีชื่อเต็มว่าอะไร" `มีชื่อ|เต็ม|ว่า|อะไร`, "เรียกอีกอย่างว่าอะไร" `...|อีก|อย่างว่า|อะไร`, so
# the frame "ชื่อ ว่า อะไร" is not seen, and a word that no text writes before the name it
# gives is searched (ชื่อว่า, มีชื่อ; อย่างว่า, "as they say"). Set apart, they are read as
# the frame, or as the noun ชื่อ a text writes ("ชื่อเต็ม", "ชื่อวิทยาศาสตร์").
JOINED_FRAMES = {"ชื่อว่า": ("ชื่อ", "ว่า"), "มีชื่อ": ("มี", "ชื่อ"), "อย่างว่า": ("อย่าง", "ว่า")}


def frames_apart(tokens: Sequence[str]) -> list[str]:
    return [part for token in tokens for part in JOINED_FRAMES.get(token, (token,))]


# ตอน before an age or a year is "at" ("เสียชีวิตตอนอายุเท่าไร", "ตอนปี ค.ศ. 251"), which
# a text says with เมื่อ ("เมื่ออายุ 17 ปี"), a word of grammar; elsewhere ตอน is as
# often an episode ("ตอน 2", "กี่ตอน") and stays.
AGE_OR_YEAR = frozenset(["อายุ", "ปี"])


def _at_the_time(tokens: Sequence[str], i: int) -> bool:
    return tokens[i] == "ตอน" and i + 1 < len(tokens) and tokens[i + 1] in AGE_OR_YEAR


def without_question_words(tokens: Sequence[str]) -> list[str]:
    end = len(tokens)
    while end > 0 and (tokens[end - 1] in FINAL_PARTICLES or tokens[end - 1] in QUESTION_WORDS):
        end -= 1
    kept: list[str] = []
    i = 0
    while i < end:
        phrase = next((p for p in FRAMING_PHRASES if tuple(tokens[i : i + len(p)]) == p), None)
        if phrase is not None:
            i += len(phrase)
            continue
        if (
            tokens[i] not in QUESTION_WORDS
            and not _asks_which(tokens, i)
            and not _at_the_time(tokens, i)
        ):
            kept.append(_copula(tokens, i))
        i += 1
    return kept or list(tokens)


def content_terms(tokens: Sequence[str]) -> list[str]:
    """Distinct question words that carry meaning (question words and particles removed);
    all words when nothing else is left, so `เกิดที่ไหน` still has something to match."""
    distinct = list(dict.fromkeys(tokens))
    stop = _stopwords()
    content = [t for t in distinct if t not in stop]
    return content or distinct


# Thai makes nouns of verbs and adjectives with การ and ความ ("ประชุม" meet, "การประชุม" a
# meeting), and the segmenter keeps each form whole: a question that says the verb where
# the text says the noun ("ประชุม ASCCO" of a text on "การประชุม ASCCO") shares no word
# with it.
NOMINALIZERS = ("การ", "ความ")


def other_forms(
    tokens: Sequence[str], weigh: Callable[[Sequence[str]], list[float | None]]
) -> list[str]:
    """The noun of each Thai word (with การ/ความ) that the knowledge uses more than the
    question's own word (a lower IDF; any, when it never uses the question's): searched
    too. Only then: "เมือง" (city) is common, and `การเมือง` is politics. Not the other
    way: a text's `เร็ว` (fast) is no answer to a question's `ความเร็ว` (speed), and the
    question's verb is found inside the text's noun by every signal but the retriever's."""
    pairs: dict[str, str] = {}
    for token in tokens:
        if token.isascii() or token.startswith(NOMINALIZERS):
            continue
        for prefix in NOMINALIZERS:
            if prefix + token not in tokens:
                pairs.setdefault(prefix + token, token)
    if not pairs:
        return []
    words = list(dict.fromkeys([*pairs, *pairs.values()]))
    weight = dict(zip(words, weigh(words), strict=True))
    kept = []
    for other, own in pairs.items():
        found, asked = weight[other], weight[own]
        if found is not None and (asked is None or found < asked):
            kept.append(other)
    return kept


# Thai names the one who does a thing with ผู้ ("ก่อตั้ง" found, "ผู้ก่อตั้ง" founder), and the
# segmenter keeps the noun whole: "ใครเป็นผู้ก่อตั้ง X" (who founded X, as a question
# translated from English puts it) shares no word with a text's "X ก่อตั้งโดย Y". Not the
# nouns whose verb means another thing: ผู้ใหญ่ (an adult; ใหญ่ big), ผู้ดี, ผู้น้อย.
AGENT = "ผู้"
NOT_AGENTS = frozenset(["ผู้ใหญ่", "ผู้ดี", "ผู้น้อย"])


def agent_verbs(
    tokens: Sequence[str], weigh: Callable[[Sequence[str]], dict[str, float | None]]
) -> dict[str, str]:
    """noun -> verb, for each agent noun (ผู้ก่อตั้ง) whose verb the knowledge uses: the
    question is asked with the verb, which string search finds in a text that says
    either. Not with both: the noun searched beside the verb weighs the one idea twice,
    and beside many articles an award's "ผู้ชนะ" outranked the war a question on "the
    winner of World War II" names."""
    stop = _stopwords()
    pairs = {
        t: t[len(AGENT) :]
        for t in tokens
        if t.startswith(AGENT)
        and len(t) > len(AGENT) + 1
        and t not in NOT_AGENTS
        and t[len(AGENT) :] not in stop
    }
    return _where_known(pairs, weigh)


def _where_known(
    pairs: dict[str, str], weigh: Callable[[Sequence[str]], dict[str, float | None]]
) -> dict[str, str]:
    """The question's word -> the word it is asked as, where the knowledge uses that one."""
    if not pairs:
        return {}
    known = weigh(list(pairs.values()))
    return {word: asked for word, asked in pairs.items() if known.get(asked) is not None}


# "ทาง" before a field says "in terms of" ("ชื่อทางวิทยาศาสตร์", "ทางการแพทย์"), and the
# segmenter keeps the pair whole, where a text as often writes the field alone ("ชื่อ
# วิทยาศาสตร์"). Only fields: a study (-ศาสตร์, -วิทยา) or an activity named with การ;
# ทางหลวง (a highway) or ทางเดิน (a path) are ways, not "in terms of หลวง".
IN_TERMS_OF = "ทาง"
FIELD_ENDS = ("ศาสตร์", "วิทยา")


def fields_alone(
    tokens: Sequence[str], weigh: Callable[[Sequence[str]], dict[str, float | None]]
) -> dict[str, str]:
    """Each word of ทาง and a field -> the field, when the knowledge uses the field: the
    question is asked with the field, which string search finds in a text that says
    either (as `agent_verbs`)."""
    stop = _stopwords()
    pairs = {
        t: field
        for t in tokens
        if t.startswith(IN_TERMS_OF)
        and (field := t[len(IN_TERMS_OF) :]) not in stop
        and (field.endswith(FIELD_ENDS) or (field.startswith("การ") and len(field) > 4))
    }
    return _where_known(pairs, weigh)
