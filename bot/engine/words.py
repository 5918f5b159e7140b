"""Which of a question's words count, and how the knowledge may write them: an English
question's names, the English words a Thai question mixes in, the years it names, and
the other spellings of a word the knowledge never uses as the question writes it (in the
other script, as news says it, as a noun)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise

from pythainlp.corpus import thai_stopwords
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from bot.engine.names import apart, in_latin_letters, unmarked
from bot.engine.ordinals import in_digits
from bot.engine.spellings import news_spellings
from bot.engine.terms import QUESTION_WORDS
from bot.text.countries import named_in, thai_names
from bot.text.english import is_ordinary_english
from bot.text.letters import acronym_in_latin, spelled_in_thai
from bot.text.loanwords import english_words, thai_spellings
from bot.text.offices import offices_in

# The words a question is matched by, at most: the work per candidate passage grows with
# them, and no message may take long (a 4,096-character paste has hundreds).
MAX_TERMS = 48
LATIN = re.compile("[A-Za-z]")  # a Latin letter
THAI = re.compile("[\u0e00-\u0e7f]")  # a character of the Thai block


# content words -> their IDF in the knowledge, None for a word it never uses
WeightFn = Callable[[Sequence[str]], dict[str, float | None]]


_LATIN_WORD = re.compile(r"[A-Za-z0-9]+")  # as the segmenter cuts Latin text, but for hyphens
NAME_LIKE = re.compile(r"\d|\w-\w")
# the first words of English questions, beside the stop words (who, when, is, ...)
_OPENERS = ENGLISH_STOP_WORDS | {
    "did",
    "does",
    "tell",
    "list",
    "name",
    "give",
    "describe",
    "explain",
    "show",
    "according",
    "approximately",
    "roughly",
}


def names_in_english(question: str, tokens: Sequence[str]) -> frozenset[str] | None:
    """Of an English question's tokens, those it writes as names: capitalized past its
    first word, or with a digit or a hyphen inside (`11th`, `one-north`). Typed in one
    case, its capitals say nothing: then the words English does not use commonly
    (`bot.text.english`: "nusantara", "vfa"). None when it names nothing but numbers. A
    Thai text shares names with an English question, not its wording: the question's
    other English words ("did", "heads", "people") are in some other article of a large
    knowledge, in a film's title or an English quotation, and would weigh as much as the
    names."""
    if question.upper() == question or question.lower() == question:
        named = frozenset(
            t
            for t in tokens
            if NAME_LIKE.search(t)
            or (t.isalpha() and t not in _OPENERS and not is_ordinary_english(t))
        )
        return named if any(not t.isdigit() for t in named) else None
    capitalized = {
        word.lower()
        for i, word in enumerate(_LATIN_WORD.findall(question))
        # a sentence's first word is capitalized anyway: a name only if not a question's
        if word[0].isupper() and (i > 0 or word.isupper() or word.lower() not in _OPENERS)
    }
    named = frozenset(t for t in tokens if t in capitalized or NAME_LIKE.search(t))
    # numbers alone name nothing ("When was the 11th ascco held?": its name is typed
    # in lower case): then every word counts, as in a question typed in one case
    return named if any(not t.isdigit() for t in named) else None


# a year as a question names one: after ปี, an era, or "in"/"year" ("ปี 2563" is folded to
# "ปี 2020"); not any four digits ("2000 ชิป", "1500 คน")
_YEAR = re.compile(r"(?:ปี|พ\.ศ\.|ค\.ศ\.|\bin|\byear|\bsince)\s*((?:1\d|20)\d\d)(?!\d)")


def years_named(folded: str) -> tuple[str, ...]:
    """The years a folded question names, in the Common era."""
    return tuple(dict.fromkeys(_YEAR.findall(folded)))


# a year said from now ("ปีที่แล้ว", "next year"), not a count of years back ("สามปีก่อน",
# "หลายปีที่ผ่านมา") nor the text's "the year before" (ปีก่อนหน้า)
_NOT_COUNTED = "".join(
    f"(?<!{w})" for w in ("หลาย", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า", "สิบ")
)
_RELATIVE_YEARS = (
    (re.compile(rf"(?<!\d)(?<!\d\s){_NOT_COUNTED}ปี(?:ที่แล้ว|ที่ผ่านมา|ก่อน(?!หน้า))|\blast year\b"), -1),
    (re.compile(r"ปี(?:หน้า|ถัดไป)|\bnext year\b"), 1),
)


# the words the segmenter makes of a year said from now (ปีหน้า, ปีก่อน; ปี|ที่แล้ว), which
# no text writes: it names the year by its number. Searched, ปีหน้า weighed as a word the
# knowledge never uses, a sign that the subject is absent.
RELATIVE_YEAR_WORDS = frozenset({"ปีหน้า", "ปีก่อน", "ที่แล้ว", "ที่ผ่านมา", "ถัดไป"})


def year_from_now(folded: str) -> int:
    """-1 for a folded question on last year, 1 for one on next year, else 0. A news
    reader asks so of the news: the year before or after the article's own, which the
    text names by its number ("ในปี 2567")."""
    for pattern, offset in _RELATIVE_YEARS:
        if pattern.search(folded):
            return offset
    return 0


def english_wording(question: str, found: Mapping[str, float | None]) -> frozenset[str]:
    """The English words a Thai question says in passing, as Thai people mix them into
    what they type ("ใครเป็น founder ของ DeepSeek", "ปิดภายใน deadline วันไหน"): words
    the knowledge never uses, typed in lower case, that English uses commonly
    (`bot.text.english`). A Thai text writes Latin letters for names only, so such a
    word is no sign that the subject is absent, as an unknown Thai word is. A word typed
    with a capital (Apple) is taken for a name, whatever its count."""
    lower = {w for w in _LATIN_WORD.findall(question) if w.islower()}
    return frozenset(
        t
        for t, w in found.items()
        if w is None and t in lower and t.isalpha() and is_ordinary_english(t)
    )


def in_other_script(
    found: Mapping[str, float | None],
    question: str,
    tokenizer: Callable[[str], list[str]],
    weigh: WeightFn,
) -> dict[str, tuple[tuple[str, ...], float]]:
    """Acronyms the knowledge writes in the other script (`bot.text.letters`), countries
    an English word names (`bot.text.countries`), loanwords it writes in the other
    script (`bot.text.loanwords`: platform, แพลตฟอร์ม) and ordinals in number words it
    writes in digits: word -> (its spellings there, the IDF of the rarest part of one). A
    Thai text may say `เอฟบีไอ` where the question says FBI, or the other way round. A
    loanword is looked up only when the knowledge never uses it. Only a Latin word
    typed in capitals is taken for an acronym ("WWE"; not "held", nor the "Fish" of a
    name), and only when the knowledge never writes it in Latin letters: its Thai
    letter names are common syllables (`เอ|เอส|ซี|ซี|โอ`), and searching them for an
    acronym the text has (ASCCO) drew a thousand articles' syllables instead."""
    other: dict[str, tuple[tuple[str, ...], float]] = {}
    digits = in_digits(question, tokenizer)
    capitals = {w.lower() for w in _LATIN_WORD.findall(question) if w.isupper()}
    spelled = 0
    countries = named_in(question) if LATIN.search(question) else {}
    # an office or a ministry's field, in an English question (`bot.text.offices`)
    offices = offices_in(question) if not THAI.search(question) else {}
    for term, known in found.items():
        if term.isascii():
            # a country or an office, in any case and known or not; a loanword the text
            # writes in Thai
            spellings = thai_names(term) or countries.get(term, ()) or offices.get(term, ())
            if not spellings:
                if known is not None or spelled == MAX_TERMS:
                    continue
                spellings = thai_spellings(term) or (
                    spelled_in_thai(term) if term in capitals else ()
                )
                # each costs a segmentation: a pasted page of loanwords costs 48
                spelled += bool(spellings)
        elif term in digits:  # an ordinal in words (`bot.engine.ordinals`)
            spellings = (digits[term],)
        else:
            if spelled == MAX_TERMS:
                continue
            latin = acronym_in_latin(term)
            spellings = (latin,) if latin else english_words(term) if known is None else ()
            spelled += bool(spellings)
        if not spellings:
            continue
        kept, weight = known_spellings(spellings, tokenizer, weigh)
        if kept:
            other[term] = (kept, weight)
    return other


def names_joined(
    words: Sequence[str], latin_sounds: Mapping[str, tuple[str, ...]], weigh: WeightFn
) -> tuple[list[str], dict[str, tuple[str, ...]]]:
    """The words with each run that names something as the knowledge does not write it
    joined into one word, and those joined words -> how the knowledge writes them: a
    Latin word it spells in Thai letters (`names.in_latin_letters`: `เอ็น|วิ|เดีย` for
    Nvidia), or a word it marks otherwise (`names.unmarked`: `วู้|ช` for วูช)."""
    thai = list(dict.fromkeys(w for w in words if w.strip() and not w.isascii()))
    if not thai:
        return list(words), {}
    weights = weigh(thai)
    unknown = [weights.get(w, 0.0) is None for w in words]
    if not any(unknown):
        return list(words), {}
    runs = in_latin_letters(words, latin_sounds, unknown)
    for start, end, bare in unmarked(words, unknown, lambda w: weigh([w]).get(w) is not None):
        if apart(runs, start, end):
            runs.append((start, end, (bare,)))
    joined, spelled = list(words), {}
    for start, end, spellings in sorted(runs, reverse=True):
        run = "".join(words[start:end])
        joined[start:end] = [run]
        spelled[run] = spellings
    return joined, spelled


NOMINALIZERS = ("การ", "ความ")
AGENT = "ผู้"  # the one who does: ผู้เสียชีวิต, one who died


def nominal_forms(
    found: Mapping[str, float | None],
    tokenizer: Callable[[str], list[str]],
    weigh: WeightFn,
) -> dict[str, tuple[tuple[str, ...], float]]:
    """A Thai verb or adjective the knowledge uses only as a noun, or the other way
    round: a question's ประชุม is the text's การประชุม (the segmenter keeps it whole), its
    การส่งออก the text's ส่งออก. การ and ความ make a noun of any verb or adjective, so
    the word is no sign that the subject is absent. Only for words the knowledge never
    uses: word -> (its known forms, the IDF of the rarest)."""
    out: dict[str, tuple[tuple[str, ...], float]] = {}
    tried = 0  # each costs a segmentation: a pasted page of unknown words costs MAX_TERMS
    for term, known in found.items():
        if known is not None or term.isascii() or tried == MAX_TERMS:
            continue
        tried += 1
        bare = next((term[len(n) :] for n in NOMINALIZERS if term.startswith(n)), "")
        forms = (bare,) if len(bare) > 1 else tuple(n + term for n in NOMINALIZERS)
        kept, weight = known_spellings(forms, tokenizer, weigh)
        if kept:
            out[term] = (kept, weight)
    return out


def known_spellings(
    spellings: Sequence[str], tokenizer: Callable[[str], list[str]], weigh: WeightFn
) -> tuple[tuple[str, ...], float]:
    """The spellings whose every part the knowledge uses, and the IDF of the rarest part
    of one (0.0 when none is known)."""
    kept, weight = [], 0.0
    for spelling in spellings:
        parts = tokenizer(spelling)
        weights = list(weigh(parts).values()) if parts else [None]
        if all(w is not None for w in weights):
            kept.append(spelling)
            weight = max(weight, *(w for w in weights if w is not None))
    return tuple(kept), weight


def respelled_weight(
    term: str,
    other_script: Mapping[str, tuple[tuple[str, ...], float]],
    tokenizer: Callable[[str], list[str]],
    weigh: WeightFn,
) -> float | None:
    """The weight of a word the knowledge never uses but writes otherwise: in the other
    script (`in_other_script`), or as a news text says it (`SPELLINGS`: a question's
    สนามบิน is the text's ท่าอากาศยาน), so the word is no sign that the subject is absent.
    None when the knowledge has no spelling of it either."""
    if term in other_script:
        return other_script[term][1]
    spellings = news_spellings(term)
    if not spellings:
        return None
    kept, weight = known_spellings(spellings, tokenizer, weigh)
    if not kept:
        # the news word may be used only inside the noun a text makes of it: the
        # segmenter keeps ผู้เสียชีวิต (the dead) whole, so a knowledge that says only that
        # has no เสียชีวิต of its own, yet each of its texts holds it, where it is found
        nouns = [n + s for s in spellings for n in (*NOMINALIZERS, AGENT)]
        kept, weight = known_spellings(nouns, tokenizer, weigh)
    return weight if kept else None


def known_terms(
    terms: Sequence[str], tokenizer: Callable[[str], list[str]], weigh: WeightFn
) -> list[bool]:
    """Whether the knowledge uses each word, as it is or as a news text writes it (กิน:
    บริโภค)."""
    found = weigh(list(dict.fromkeys(terms)))
    return [
        found[t] is not None or respelled_weight(t, {}, tokenizer, weigh) is not None for t in terms
    ]


FIELD = "สาขา"


# The fields of a prize an English question names ("the 2024 Nobel Prize in Chemistry",
# "the Nobel Peace Prize"), as Thai writes them after สาขา: ordinary English words, they
# were dropped, and the article on the prize for literature of the same year answered.
ENGLISH_FIELDS = {
    "chemistry": "เคมี",
    "physics": "ฟิสิกส์",
    "literature": "วรรณกรรม",
    "peace": "สันติภาพ",
    "medicine": "การแพทย์",
    "economics": "เศรษฐศาสตร์",
}
_PRIZE = re.compile(r"\b(?:nobel|prize)\b", re.IGNORECASE)
_ENGLISH_FIELD = re.compile(rf"\b({'|'.join(ENGLISH_FIELDS)})\b", re.IGNORECASE)


def english_fields(question: str) -> tuple[str, ...]:
    """The Thai fields of a prize an English question names (ENGLISH_FIELDS)."""
    if not _PRIZE.search(question):
        return ()
    return tuple(dict.fromkeys(ENGLISH_FIELDS[m.lower()] for m in _ENGLISH_FIELD.findall(question)))


def fields_named(words: Sequence[str]) -> tuple[str, ...]:
    """The words a question names a field with, after สาขา: a prize, a degree or a
    ministry of one field is not another's ("ใครได้รางวัลโนเบลสาขาฟิสิกส์" of the article
    on the prize for literature, which holds every other word of it)."""
    stop = thai_stopwords()
    return tuple(
        dict.fromkeys(
            after
            for word, after in pairwise(words)
            if word == FIELD and after.strip() and after not in stop and after not in QUESTION_WORDS
        )
    )
