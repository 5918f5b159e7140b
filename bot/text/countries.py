"""Countries' names in English and in Thai, from the Unicode CLDR data that Babel
bundles: an English question names a country as the English do ("Malaysia", "South
Korea"), a Thai news text as the Thai do (มาเลเซีย, เกาหลีใต้), and the two share no
letter. Thailand's provinces too (pythainlp's list): with the countries, the places a
question may name that an article on another place does not."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale
from pythainlp.corpus import provinces

_ASIDE = re.compile(r"\s*\(([^()]*)\)")


def _names(name: str) -> list[str]:
    """ "Myanmar (Burma)" -> ["Myanmar", "Burma"]."""
    return [n.strip() for n in (_ASIDE.sub("", name), *_ASIDE.findall(name)) if n.strip()]


@cache
def _thai_by_english() -> dict[str, tuple[str, ...]]:
    """Every English name, in lower case, of one word ("japan", "timor-leste") or more
    ("south korea") -> the country's Thai names."""
    english, thai = Locale("en").territories, Locale("th").territories
    out: dict[str, tuple[str, ...]] = {}
    for code, name in english.items():
        if not code.isalpha() or code not in thai:  # regions ("001") are no country
            continue
        spelled = tuple(_names(thai[code]))
        for word in _names(name):
            out.setdefault(word.lower(), spelled)
    return out


@cache
def _phrases() -> re.Pattern[str]:
    """The names of more than one word, longest first (so "United States" does not
    stand for "United Arab Emirates")."""
    names = [*_thai_by_english(), *DEMONYMS]
    phrases = sorted((n for n in names if " " in n), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, phrases)) + r")(?![\w-])")


# An English question names a country by its people's adjective as often as by its name
# ("the Japanese prime minister", "Thai athletes"), which CLDR does not list; a Thai text
# says ญี่ปุ่น, ไทย. A closed list: the region's, and the countries world news names most.
DEMONYMS = {
    "thai": "thailand",
    "vietnamese": "vietnam",
    "malaysian": "malaysia",
    "indonesian": "indonesia",
    "filipino": "philippines",
    "philippine": "philippines",
    "singaporean": "singapore",
    "cambodian": "cambodia",
    "laotian": "laos",
    "burmese": "myanmar",
    "bruneian": "brunei",
    "timorese": "timor-leste",
    "japanese": "japan",
    "chinese": "china",
    "korean": "south korea",
    "south korean": "south korea",
    "north korean": "north korea",
    "taiwanese": "taiwan",
    "indian": "india",
    "bangladeshi": "bangladesh",
    "pakistani": "pakistan",
    "australian": "australia",
    "american": "united states",
    "canadian": "canada",
    "mexican": "mexico",
    "brazilian": "brazil",
    "british": "united kingdom",
    "french": "france",
    "german": "germany",
    "italian": "italy",
    "spanish": "spain",
    "dutch": "netherlands",
    "swiss": "switzerland",
    "swedish": "sweden",
    "norwegian": "norway",
    "russian": "russia",
    "ukrainian": "ukraine",
    "turkish": "türkiye",
    "israeli": "israel",
    "iranian": "iran",
    "egyptian": "egypt",
    "saudi": "saudi arabia",
    # and the short names CLDR does not list, as the English name the country ("the UK",
    # "Britain", "America"; not "US", the pronoun in lower case)
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "usa": "united states",
    "america": "united states",
}


def thai_names(word: str) -> tuple[str, ...]:
    """The Thai names of the country an English word names, or whose people it names
    ("japan", "japanese": ญี่ปุ่น); ()."""
    word = word.lower()
    found = _thai_by_english()
    return found.get(word) or found.get(DEMONYMS.get(word, ""), ())


_JOINED = re.compile(r"\b([A-Za-z]+)-([A-Za-z]+)\b")


# the United States in capitals, with or without its stops, as an English question
# writes it ("the US government"); not "us", the pronoun
_US = re.compile(r"(?<![A-Za-z.])U\.?S\.?(?![A-Za-z])(?:A\b)?")


def countries_apart(text: str) -> str:
    """The text with two countries or peoples joined by a hyphen set apart ("the
    Thai-Cambodian border", "US-China talks"), each a name a Thai text writes alone:
    joined, they were one word no article has, which looked like an absent subject. The
    United States typed in capitals ("the US government", "U.S.") is named as USA."""

    def apart(m: re.Match[str]) -> str:
        return f"{m[1]} {m[2]}" if thai_names(m[1]) and thai_names(m[2]) else m[0]

    if text.upper() != text:  # typed all in capitals, "US" may be the pronoun
        text = _US.sub("USA", text)
    return _JOINED.sub(apart, text)


def named_in(text: str) -> dict[str, tuple[str, ...]]:
    """The countries an English text names in more than one word, by each of the name's
    words ("south korea's rate": south, korea -> เกาหลีใต้; "the south korean president"):
    a question is searched word by word, and each word stands for the whole name where
    the question says it."""
    return {
        word: _thai_by_english()[DEMONYMS.get(m.group(0), m.group(0))]
        for m in _phrases().finditer(text.lower())
        for word in m.group(0).split()
    }


def people_of(word: str) -> tuple[str, ...]:
    """A people as it is said, คน + the country (คนจีน, which the segmenter keeps whole),
    as a news text writes it: ชาว + the country (ชาวจีน); ()."""
    country = word.removeprefix("คน")
    return ("ชาว" + country,) if country != word and country in _names_of_each() else ()


# How a text may name a country for short, beside its Thai names ("สหรัฐ" for
# สหรัฐอเมริกา, "อังกฤษ" for สหราชอาณาจักร, "เกาหลี" for เกาหลีใต้ in a text on the South).
SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "สหรัฐอเมริกา": ("สหรัฐ", "อเมริกา"),
    "สหราชอาณาจักร": ("อังกฤษ", "บริเตน", "สก็อตแลนด์", "สกอตแลนด์", "เวลส์"),
    "เกาหลีใต้": ("เกาหลี",),
    "ติมอร์-เลสเต": ("ติมอร์",),
    "เช็ก": ("เชก", "เชโก"),
    "ซาอุดีอาระเบีย": ("ซาอุ",),
    "อินโดนีเซีย": ("อินโด",),
}
# The short names a question may give a country by: those that name nothing else (not
# อังกฤษ, also the language; not เกาหลี, either Korea).
SAID_SHORT = frozenset(["สหรัฐ", "อเมริกา", "ซาอุ", "อินโด", "ติมอร์"])


@cache
def _names_of_each() -> dict[str, tuple[str, ...]]:
    """A country's Thai name, or a short name a question gives it by (SAID_SHORT) ->
    every name a text may give it."""
    out: dict[str, tuple[str, ...]] = {}
    for names in _thai_by_english().values():
        forms = tuple(dict.fromkeys((*names, *(s for n in names for s in SHORT_NAMES.get(n, ())))))
        for name in (*names, *(f for f in forms if f in SAID_SHORT)):
            out[name] = forms
    return out


def country_named(word: str) -> tuple[str, ...]:
    """The names a text may give the country a Thai word names, by its name (ญี่ปุ่น) or
    its people's (ชาวญี่ปุ่น, คนญี่ปุ่น); () when the word names none."""
    names = _names_of_each()
    for people in ("ชาว", "คน", ""):
        if word.startswith(people) and word[len(people) :] in names:
            return names[word[len(people) :]]
    return ()


# provinces whose names are common words too: เลย (at all), แพร่ (to spread), ตาก (to dry)
_COMMON_WORDS = frozenset({"เลย", "แพร่", "ตาก"})
# the capital as it is said: กรุงเทพ, กทม. (written out before a question is read)
_CAPITAL = ("กรุงเทพมหานคร", "กรุงเทพ", "กทม")


@cache
def _province_names() -> dict[str, tuple[str, ...]]:
    names: dict[str, tuple[str, ...]] = {
        p: (p,)
        for p in provinces()
        if isinstance(p, str) and p not in _COMMON_WORDS and p != _CAPITAL[0]
    }
    for name in _CAPITAL:
        names[name] = _CAPITAL[:2]
    return names


def place_named(word: str) -> tuple[str, ...]:
    """The names a text may give the country (`country_named`) or the Thai province a
    word names; () when it names neither."""
    return country_named(word) or _province_names().get(word, ())
