"""What a question is about and what it asks for: its language, the kind of answer it
wants (a person, a date, a number, a place), and its weighted content words.

Plain rules over the raw text, the same for every knowledge base: the interrogative
words of Thai and English are a closed class, so a short list covers them, and nothing
here is fitted to a data set."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from bot.engine.spellings import (
    EVERYDAY,
    negated_spellings,
    news_spellings,
    round_sum_spellings,
    written_out,
)
from bot.engine.terms import (
    ASKED_STOPWORD_NOUNS,
    WHICH,
    agent_verbs,
    content_terms,
    fields_alone,
    frames_apart,
    units_apart,
    whose_count,
    without_question_words,
)
from bot.engine.units import CLASSIFIER, counted_unit
from bot.engine.words import (
    LATIN,
    MAX_TERMS,
    RELATIVE_YEAR_WORDS,
    THAI,
    WeightFn,
    english_fields,
    english_wording,
    fields_named,
    in_other_script,
    known_spellings,
    known_terms,
    names_in_english,
    names_joined,
    nominal_forms,
    respelled_weight,
    year_from_now,
    years_named,
)
from bot.text.chat import unwrapped
from bot.text.countries import countries_apart, place_named
from bot.text.news_words import PEOPLE_COUNTED, shown_words
from bot.text.normalize import fold_for_search
from bot.text.offices import offices_in
from bot.text.tokenizer import regrouped


class Kind(StrEnum):
    """The kind of answer a question wants."""

    PERSON = "person"
    DATE = "date"
    NUMBER = "number"
    PLACE = "place"
    REASON = "reason"
    OTHER = "other"


TIME_OF_DAY_ASKED = r"กี่โมง|กี่นาฬิกา|เวลา(?:ใด|ไหน|อะไร|เท่าไ)|\bwhat time\b"
# Checked in this order: `กี่ปี` / `how many years` ask for a number, `เกิดวันที่เท่าไร`
# for a date although a bare `เท่าไร` asks for a number. Thai has no spaces between
# words, so a few guards keep words that contain an interrogative from matching:
# `เกี่ยว` holds `กี่`, `ใคร่` holds `ใคร`.
_KIND_PATTERNS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    # a time of day ("ตอนกี่โมง", what time) is asked as a date is, not as a count
    (Kind.DATE, re.compile(TIME_OF_DAY_ASKED)),
    (
        Kind.REASON,
        re.compile(
            r"ทำไม|เพราะ(?:อะ)?ไร|เพราะเหตุ(?:ใด|ไร|อะไร)|ด้วยเหตุ(?:ใด|อะไร)|(?<!ส)เหตุใด|"
            # what a thing came of: "ไฟไหม้เกิดจากอะไร" (the text's "อาจเกิดจากบุหรี่")
            r"เกิดจาก(?:อะไร|สิ่งใด|สาเหตุใด)|"
            r"(?:สาเหตุ|เหตุผล)(?:(?!กี่|เท่า|เมื่อ|ที่ไหน|ใคร).){0,40}?(?:อะไร|ใด|ไหน)|"
            # a purpose: "สร้างขึ้นเพื่ออะไร" (`evidence.PURPOSE`)
            r"เพื่ออะไร|เพื่อการใด|"
            r"\bwhy\b|what caused|what led to|for what reason|what for\b|for what purpose"
        ),
    ),
    (
        Kind.NUMBER,
        re.compile(
            r"(?<![เแ])กี่|how many|how much|how old|how long|how far|how tall|how big|how fast|"
            r"how strong|"
            r"percentage|what percent|what share|what proportion|what fraction|"
            # a measure asked as it is said: "ยาวแค่ไหน" (how long), "ลมแรงขนาดไหน"
            r"(?:ยาว|นาน|ไกล|เร็ว|สูง|กว้าง|ลึก|แรง|หนัก|ใหญ่|เยอะ|มาก|แพง)(?:แค่|ขนาด)ไหน|"
            # a measure asked with "what": "What was South Korea's fertility rate?"
            r"\bwhat (?:is|was|are|were|will be)\b(?:(?!\b(?:who|when|where)\b).){0,40}?"
            r"\b(?:cost|price|fine|budget|worth|value|population|rate|length|distance|"
            r"area|speed|size|height|temperature)\b"
        ),
    ),
    (
        Kind.DATE,
        re.compile(
            r"เมื่อไร|เมื่อไหร่|เมื่อใด|วันที่\s*(?:เท่า|ใด|ไหน)|วันใด|วันไหน|วันอะไร|ปีใด|ปีไหน|"
            r"ปีอะไร|ปีที่เท่า|ปี\s*(?:พ\.ศ\.|ค\.ศ\.)\s*(?:ใด|อะไร|เท่า|ไหน)|"
            r"(?:พ\.ศ\.|ค\.ศ\.)\s*(?:ใด|อะไร|เท่า|ไหน)|เดือนใด|เดือนไหน|เดือนอะไร|"
            r"ช่วงใด|ช่วงไหน|ตอนไหน|ตอนใด|สมัยใด|ยุคใด|ศตวรรษใด|ศตวรรษที่เท่า|"
            r"\bwhen\b|what year|which year|what date|which month|what month|what day"
        ),
    ),
    (
        Kind.PERSON,
        re.compile(r"ใคร(?!่)|บุคคลใด|ผู้ใด|ท่านใด|คนใด|คนไหน|พระองค์ใด|\bwho\b|\bwhom\b|\bwhose\b"),
    ),
    (
        Kind.PLACE,
        re.compile(
            r"ที่ไหน|ที่ใด|แห่งใด|แห่งไหน|ตรงไหน|ประเทศใด|ประเทศไหน|ประเทศอะไร|จังหวัดใด|"
            r"จังหวัดไหน|จังหวัดอะไร|เมืองใด|เมืองไหน|เมืองอะไร|ทวีปใด|ทวีปไหน|อำเภอใด|"
            r"อำเภออะไร|รัฐใด|รัฐไหน|\bwhere\b|which country|what country|which city|"
            r"(?:what|which) nationality|"
            r"what city|which province"
        ),
    ),
    (Kind.NUMBER, re.compile(r"เท่าไร|เท่าไหร่|เท่าใด|จำนวนเท่า|จำนวนกี่")),
    # a purpose asked with its noun, "มีเป้าหมายอะไร", unless the kinds above ask what it
    # is set in: "มีเป้าหมายในปีใด" (a year), "เป้าหมายอยู่ที่ประเทศใด" (a place)
    (
        Kind.REASON,
        re.compile(
            r"(?:เป้าหมาย|วัตถุประสงค์|จุดประสงค์|มุ่งหมาย).{0,40}?(?:อะไร|อย่างไร)|"
            r"\bwhat (?:is|was|are|were) the (?:main )?(?:aim|goal|purpose|objective)"
        ),
    ),
)

# The noun of an interrogative ("ประเทศ" of "ประเทศไหน", "ปี" of "ปีใด") names what the
# answer is, not what the question is about.
_ASKED_NOUN = re.compile(
    r"(ประเทศ|จังหวัด|เมือง|ทวีป|อำเภอ|รัฐ|ปี|วัน|เดือน|ช่วง|สมัย|ยุค|ศตวรรษ|บุคคล|คน|ท่าน|แห่ง)"
    r"\s*(?:ใด|ไหน|อะไร)"
)

CHAR_GRAM = 3


def char_grams(terms: Iterable[str]) -> frozenset[str]:
    """The character trigrams of the words (a word shorter than three is its own): a
    question in other words than the text's, or cut otherwise by the segmenter (ข้าวหัก,
    ข้าว|หัก), still shares them."""
    return frozenset(
        t[i : i + CHAR_GRAM] for t in terms for i in range(max(1, len(t) - CHAR_GRAM + 1))
    )


# A polite particle typed onto a question's last word can make the segmenter misread it:
# "วันไหนคะ" is cut `วัน|ไห|นคะ` (ไห, "jar"), so "which day" is lost and a word no text
# has is searched. Set apart (not after a leading vowel: เจ้า ends in จ้า), it is cut right.
_END_PARTICLE = re.compile(r"(?<=[\u0e01-\u0e3a\u0e45-\u0e4e])((?:ครับ|คับ|ค่ะ|คะ|จ้า|จ้ะ|ฮะ)+)(\W*)$")
# So can the tag that makes a statement a yes-or-no question: "...เกินสองพันคนจริงไหม" is
# cut `คนจริง|ไหม` (คนจริง, "a sincere person"), a word no text has, so the count's
# unit is lost and the question looks unanswered. Only tags of two words: ไหม alone
# ends ผ้าไหม (silk).
_END_TAG = re.compile(
    r"(?<=[\u0e01-\u0e3a\u0e45-\u0e4e])((?:จริง|ใช่)(?:ไหม|มั้ย|หรือเปล่า|หรือไม่|หรือ|เหรอ|หรอ)|"
    r"หรือเปล่า|หรือไม่|หรือยัง)((?:\s*(?:ครับ|คับ|ค่ะ|คะ|จ้า|จ้ะ|ฮะ)+)?\W*)$"
)


# A link pasted with the question would be searched as words.
_URL = re.compile(r"(?:https?://|www\.|t\.me/)\S*", re.IGNORECASE)
END_CHARS = 48  # how much of a question's end is looked at for its particles
# What a "how much" question asks the measure of, typed onto a name the segmenter does
# not know: "ตั๋วรถไฟวูชราคาเท่าไหร่" is cut `วู|ชรา|คา` (ชรา, "old"), and the train's
# name and ราคา (price) are both lost. Set apart, the name is cut whole (`วูช`, as the
# text has it) and so is the measure.
_MEASURED = re.compile(
    "(?<=[\u0e01-\u0e4e])((?:มี)?(?:ราคา|จำนวน|อายุ|ขนาด|ความยาว|ความสูง|ระยะทาง|มูลค่า|"
    "พื้นที่|น้ำหนัก|ความเร็ว|ความกว้าง|ความลึก|ประชากร)(?:ประมาณ|ทั้งหมด|รวม)?"
    "(?:เท่าไร|เท่าไหร่|เท่าใด|กี่))"
)

# An English possessive: "japan's" is cut `japan|s`, and a question typed in one case,
# where every word the knowledge uses counts, brought the `s` of some article's English.
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])['’]s\b")


def links_in(text: str) -> list[str]:
    """The links pasted in a text, without the punctuation a sentence puts after them."""
    return [link.rstrip(".,;:!?)]}\"'") for link in _URL.findall(text)]


def without_links(text: str) -> str:
    return _URL.sub(" ", text)


# an acronym in capitals that English also uses as a word of grammar: "the WHO", "the US"
_CAPITALS = re.compile(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])")


def _shouted(
    question: str, tokens: Sequence[str], found: Mapping[str, float | None], weigh: WeightFn
) -> dict[str, float | None]:
    """The question's acronyms that read as words of grammar in lower case ("When did the
    WHO declare...?": who), where the knowledge uses them and the rest of the question is
    not in capitals too: a name, not the interrogative."""
    if question.upper() == question:
        return {}
    words = {w.lower() for w in _CAPITALS.findall(question)} & set(tokens)
    return {t: w for t, w in weigh(sorted(words - found.keys())).items() if w is not None}


def tidy(question: str) -> str:
    """The question as the segmenter should read it: a polite particle, a yes-or-no tag
    and the measure a "how much" question asks for set apart from the words before them.
    Only the end is looked at: a pasted run of particles must not cost a search from
    each."""
    text = question.rstrip()
    cut = max(0, len(text) - END_CHARS)
    end = _END_PARTICLE.sub(r" \1\2", text[cut:])
    end = _END_TAG.sub(r" \1\2", end)
    end = _MEASURED.sub(r" \1", end)
    return text[:cut] + end


def asked_nouns(question: Question) -> frozenset[str]:
    """The words that say what kind of thing the answer is: an interrogative's noun
    ("ประเทศไหน", "บริษัทใด") and the unit a "how many" question counts in ("กี่ตำแหน่ง")."""
    nouns = {m.group(1) for m in _ASKED_NOUN.finditer(question.folded)}
    return frozenset(nouns | {w for w in (question.unit, question.noun) if w})


def which_noun(tokens: Sequence[str], weights: Mapping[str, float]) -> str:
    """The content word an interrogative asks with ("บริษัท" of "บริษัทใดผลิต..."), Thai;
    "" if none (not คือ of "X คืออะไร": no content word). It names what the answer is,
    and a text mostly writes it just before the answer ("ผลิตโดยบริษัท X", "วงศ์ปลาสวาย")."""
    words = [t for t in tokens if t.strip()]
    for before, after in pairwise(words):
        if (
            after in WHICH
            and (before in weights or before in ASKED_STOPWORD_NOUNS)
            and CLASSIFIER.match(before)
        ):
            return before
    return ""


# The nouns an English question asks for an organisation with ("which company"), as
# Thai writes them before its name (`choice.ORGANISATIONS`, `evidence.named`).
_EN_NOUNS = {
    "company": "บริษัท",
    "firm": "บริษัท",
    "agency": "หน่วยงาน",
    "organisation": "องค์กร",
    "organization": "องค์กร",
    "party": "พรรค",
    "club": "สโมสร",
    "team": "ทีม",
    "university": "มหาวิทยาลัย",
    "bank": "ธนาคาร",
}
_EN_NOUN = re.compile(rf"\b(?:which|what) ({'|'.join(_EN_NOUNS)})\b", re.IGNORECASE)


def english_noun(question: str) -> str:
    """The Thai noun of an English "which company" ("บริษัท"); "" if none."""
    found = _EN_NOUN.search(question)
    return _EN_NOUNS[found.group(1).lower()] if found else ""


# A Thai question typed as keywords, with no interrogative ("ราคาตั๋วนครวัด", "ผู้ก่อตั้ง
# DeepSeek", "วันเกิดของจิมมี คิมเมล"), asks for what its first noun of a kind names: a
# person by an office or a role, a sum, a speed, a count or a measure, a date.
_INTERROGATIVE = re.compile(
    r"อะไร|ไร(?![\u0e48-\u0e4b])|ไหน|ใด|ยังไง|ไง|ไหม|มั้ย|หรือเปล่า|หรือยัง|หรือไม่|บ้าง|\?"
)
_CUES = re.compile(
    r"(?P<person>ผู้ก่อตั้ง|ผู้นำ|ผู้ว่า|ประธาน|นายกรัฐมนตรี|รัฐมนตรี|เลขาธิการ|โฆษก|"
    r"ผู้อำนวยการ|ผู้บริหาร|ผู้ค้นพบ|ผู้คิดค้น|ผู้ประพันธ์|ผู้แต่ง|ผู้กำกับ)|"
    r"(?P<money>มูลค่า|ราคา|งบประมาณ|ค่าใช้จ่าย|ค่าปรับ|ค่าโดยสาร)|"
    r"(?P<speed>ความเร็ว)|"
    r"(?P<number>จำนวน|ความยาว|ระยะทาง|ความสูง|ความลึก|ร้อยละ|อัตรา|ยอด)|"
    r"(?P<date>วันที่\s*$|วันเกิด|ปีเกิด|วันเดือนปี)"
)
_CUE_KINDS = {
    "person": Kind.PERSON,
    "money": Kind.NUMBER,
    "speed": Kind.NUMBER,
    "number": Kind.NUMBER,
    "date": Kind.DATE,
}


# ...and an English one, as it is typed into a chat or a search box ("deepseek founder",
# "myanmar earthquake death toll", "pogo ban deadline"): its first noun of a kind too.
_EN_INTERROGATIVE = re.compile(r"\b(?:who|whom|whose|what|when|where|which|why|how)\b|\?")
_EN_CUES = re.compile(
    r"\b(?:(?P<person>founders?|chair(?:man|woman|person)?|president|prime minister|"
    r"ministers?|secretary[- ]general|leaders?|ceo|governor|speaker|spokes(?:man|woman|person))|"
    rf"(?P<number>cost|price|fine|budget|worth|speed|{'|'.join(PEOPLE_COUNTED)}|rate|length|"
    r"distance|size|height|number of|total)|"
    r"(?P<date>dates?|deadline|launch date|opening date))\b"
)


def keyword_cue(text: str) -> str:
    """The kind of answer a question of keywords (in lower case) names first (`_CUES`,
    `_EN_CUES`: "person", "money", "speed", "number", "date"); "" for a question with
    an interrogative."""
    if THAI.search(text):
        if _INTERROGATIVE.search(text):
            return ""
        cue = _CUES.search(text)
    elif LATIN.search(text) and not _EN_INTERROGATIVE.search(text):
        cue = _EN_CUES.search(text)
    else:
        return ""
    return cue.lastgroup or "" if cue is not None else ""


# ว่า (that) opening what someone said, not the ว่า inside กว่า (more than)
_REPORTED = re.compile(r"(?<!ก)ว่า")


def question_kind(question: str) -> Kind:
    """The kind of answer asked for. A question on what someone said asks with the
    interrogative before the ว่า that opens it: "ใครอธิบายว่าทำไม..." (who explained why)
    asks a person, and the ทำไม is what the person explained."""
    text = question.lower()
    said = _REPORTED.search(text)
    if said is not None and (kind := _interrogative_kind(text[: said.start()])) is not None:
        return kind
    kind = _interrogative_kind(text)
    return kind if kind is not None else _CUE_KINDS.get(keyword_cue(text), Kind.OTHER)


def _interrogative_kind(text: str) -> Kind | None:
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return None


def language_of(text: str) -> str:
    """'th' when the text has Thai letters, 'en' when it has Latin letters and no Thai,
    else 'th' (digits and emoji alone say nothing; the articles are Thai)."""
    if THAI.search(text):
        return "th"
    return "en" if LATIN.search(text) else "th"


@dataclass(frozen=True)
class Question:
    text: str
    language: str
    kind: Kind
    tokens: tuple[str, ...]  # the search tokens (interrogatives and particles removed)
    weights: dict[str, float]  # content word -> IDF weight
    pairs: tuple[str, ...]  # adjacent content words, joined as they appear in Thai text
    grams: frozenset[str]  # character trigrams of the content words (folded)
    folded: str  # the whole question, folded like display text
    phrase_words: tuple[str, ...] = ()  # its words in order, interrogatives removed
    unknown: frozenset[str] = frozenset()  # content words the knowledge never uses
    unit: str = ""  # what a "how many" question counts in (กี่คน: คน), Thai; "" if none
    counted: str = ""  # whose count it asks (มีคนตายกี่คน: คนตาย), `terms.whose_count`
    noun: str = ""  # what an interrogative asks with (บริษัทใด: บริษัท), Thai; "" if none
    # other spellings of its words (ครั้งหน้า: ครั้งต่อไป), matched as the word
    spellings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # the knowledge's titles it names in another spelling, by ear (`bot.engine.names`)
    heard: tuple[str, ...] = ()
    # the countries and Thai provinces a Thai question names, each by the names a text
    # may give it
    places: tuple[tuple[str, ...], ...] = ()
    years: tuple[str, ...] = ()  # the years it names ("ปี 2563": 2020), Common era
    # the fields it names after สาขา ("รางวัลโนเบลสาขาฟิสิกส์": ฟิสิกส์), `words.fields_named`
    fields: tuple[str, ...] = ()
    from_now: int = 0  # -1 when it asks of last year, 1 of next year (`words.year_from_now`)
    # an English question's words of what happened, as Thai news writes them, with their
    # weights: they place its highlight only (`bot.text.news_words`)
    shown: Mapping[str, float] = field(default_factory=dict)

    @property
    def total_weight(self) -> float:
        return sum(self.weights.values())


def _written_otherwise(
    term: str, other_script: Mapping[str, tuple[tuple[str, ...], float]], folded: str
) -> tuple[str, ...]:
    """Both ways a word may be written otherwise, each once: as news writes it (the
    opposite deed when the question says ไม่ before it) and in the other script (โป๊ป is
    a text's สันตะปาปา and its "Pope"; either alone missed the paragraph that writes the
    other)."""
    other = other_script[term][0] if term in other_script else ()
    news = (
        *news_spellings(term),
        *negated_spellings(term, folded),
        *round_sum_spellings(term, folded),
    )
    return tuple(dict.fromkeys((*news, *other)))


def analyse(
    question: str,
    tokenizer: Callable[[str], list[str]],
    weigh: WeightFn,
    unknown_weight: float,
    latin_sounds: Mapping[str, tuple[str, ...]] | None = None,
) -> Question:
    """`latin_sounds`: the knowledge's Latin words by their sound
    (`names.sounds_of_latin_words`), for the names a Thai question spells in Thai letters.
    A word the knowledge never uses weighs `unknown_weight` (its rarest word's) in a Thai
    question: a question about something absent should not look answered. An English
    question is matched by what Thai articles can share with it (names, acronyms,
    numbers): its names (`names_in_english`) weigh as a Thai question's words do, and
    its other words ("chaired", "founded") are its own English wording, not a sign of
    absence, so they are dropped."""
    question = unwrapped(without_links(question))  # a link says which article, not what
    language = language_of(question)
    text = tidy(question)
    if language == "en":
        text = countries_apart(_POSSESSIVE.sub("", text))
    words = list(tokenizer(written_out(text)))
    if language == "th":
        words = regrouped(
            units_apart(frames_apart(words)),
            lambda terms: known_terms(terms, tokenizer, weigh),
            EVERYDAY,
        )
    words, written = (
        names_joined(words, latin_sounds or {}, weigh) if language == "th" else (words, {})
    )
    agents = agent_verbs(words, weigh) | fields_alone(words, weigh) if language == "th" else {}
    words = [agents.get(word, word) for word in words]
    tokens = without_question_words(words)
    folded = fold_for_search(question)
    from_now = year_from_now(folded)
    if from_now:  # the year is asked by its number (`evidence.year_asked`), not these words
        tokens = [t for t in tokens if t not in RELATIVE_YEAR_WORDS]
    phrase_words = tuple(tokens)
    found = weigh(content_terms(tokens))
    found |= _shouted(question, tokens, found, weigh)
    other_script = in_other_script(found, question, tokenizer, weigh)
    if language == "th":
        other_script = nominal_forms(found, tokenizer, weigh) | other_script
        for run, spellings in written.items():  # a name as the knowledge writes it
            known = known_spellings(spellings, tokenizer, weigh)
            if known[0] and run in found:
                other_script[run] = known
    found = {
        t: w if w is not None else respelled_weight(t, other_script, tokenizer, weigh)
        for t, w in found.items()
    }
    weights: dict[str, float]
    if language == "en":
        # its names weigh as a Thai question's words do (one the knowledge never uses: a
        # sign the subject is absent); its other words only when it has no names told
        named = names_in_english(question, words)
        if named is not None:  # an office names who is asked, as a country names where
            named = named | (offices_in(question).keys() & found.keys())
        # nor its words of grammar, which are left only when it has no others: "Who?"
        # names nothing, and the knowledge's "(WHO)" is the organisation
        weights = {
            t: w if w is not None else unknown_weight
            for t, w in found.items()
            if (t in named if named is not None else w is not None and t not in ENGLISH_STOP_WORDS)
        }
        tokens = [t for t in tokens if t in weights]
    else:
        # an English word a Thai question mixes in ("founder", "deadline") is its
        # wording; typed in lower case and common in English, it names nothing
        mixed = english_wording(question, found)
        weights = {
            t: (w if w is not None else unknown_weight) for t, w in found.items() if t not in mixed
        }
        tokens = [t for t in tokens if t not in mixed]
    if len(weights) > MAX_TERMS:  # a pasted page, not a question: its rarest words
        kept = sorted(weights, key=lambda t: (-weights[t], t))[:MAX_TERMS]
        weights = {t: weights[t] for t in kept}
    pairs = tuple(
        a + (" " if a.isascii() and b.isascii() else "") + b
        for a, b in pairwise([t for t in tokens if t in weights])
    )
    grams = char_grams(weights)
    return Question(
        text=question,
        language=language,
        kind=question_kind(question),
        tokens=tuple(tokens),
        weights=weights,
        pairs=pairs,
        grams=grams,
        folded=folded,
        phrase_words=phrase_words,
        unknown=frozenset(t for t in weights if found.get(t) is None),
        unit=counted_unit(words, question, keyword_cue(question.lower())),
        counted=whose_count(words, weights) if language == "th" else "",
        noun=which_noun(words, weights) if language == "th" else english_noun(question),
        spellings={
            t: spelled for t in weights if (spelled := _written_otherwise(t, other_script, folded))
        },
        places=tuple(dict.fromkeys(c for w in words if (c := place_named(w))))
        if language == "th"
        else (),
        years=years_named(folded),
        from_now=from_now,
        fields=fields_named(words) if language == "th" else english_fields(question),
        shown=shown_words(question, tokenizer, weigh) if language == "en" else {},
    )
