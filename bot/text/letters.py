"""Latin letters as Thai spells them: an acronym in one script and in the other.

A Thai text writes a foreign acronym either in Latin letters (`FBI`) or letter by letter
in Thai (`เอฟบีไอ`, `ดับเบิลยูดับเบิลยูอี` for WWE), and a question may use the other
form: the two then share no word, and an English question, which is matched only by
what it shares with the Thai text, finds nothing. Each letter has one name, with a few
spellings in use (`เอส`/`เอ็ส`, `เอ็กซ์`/`เอกซ์`, `แซด`/`เซด`).

Only letter-by-letter acronyms: one read as a word (NASA `นาซา`, ASEAN `อาเซียน`) is
spelled by ear, which this table cannot give."""

from __future__ import annotations

# letter -> its Thai names, the commonest first
LETTER_NAMES: dict[str, tuple[str, ...]] = {
    "a": ("เอ",),
    "b": ("บี",),
    "c": ("ซี",),
    "d": ("ดี",),
    "e": ("อี",),
    "f": ("เอฟ",),
    "g": ("จี",),
    "h": ("เอช", "เอ็ช"),
    "i": ("ไอ",),
    "j": ("เจ",),
    "k": ("เค",),
    "l": ("แอล", "แอ็ล"),
    "m": ("เอ็ม",),
    "n": ("เอ็น",),
    "o": ("โอ",),
    "p": ("พี",),
    "q": ("คิว",),
    "r": ("อาร์",),
    "s": ("เอส", "เอ็ส"),
    "t": ("ที",),
    "u": ("ยู",),
    "v": ("วี",),
    "w": ("ดับเบิลยู", "ดับบลิว", "ดับเบิ้ลยู"),
    "x": ("เอ็กซ์", "เอกซ์"),
    "y": ("วาย",),
    "z": ("แซด", "เซด"),
}
MIN_LETTERS = 2  # one letter's name is a word too (ดี "good", ที "at")
MAX_LETTERS = 6  # longer runs of capitals are words or shouting, not acronyms

_BY_NAME = sorted(
    ((name, letter) for letter, names in LETTER_NAMES.items() for name in names),
    key=lambda pair: -len(pair[0]),
)


def spelled_in_thai(acronym: str) -> tuple[str, ...]:
    """The Thai spellings of a Latin acronym ("fbi": `เอฟบีไอ`), the commonest first;
    () when it is no acronym of MIN_LETTERS to MAX_LETTERS Latin letters."""
    letters = acronym.lower()
    if not (MIN_LETTERS <= len(letters) <= MAX_LETTERS) or not all(
        c in LETTER_NAMES for c in letters
    ):
        return ()
    # a writer keeps to one spelling of a letter's name: the first names of every letter,
    # then the second ones (the first where a letter has only one), and so on
    most = max(len(LETTER_NAMES[c]) for c in letters)
    return tuple(
        dict.fromkeys(
            "".join(LETTER_NAMES[c][min(i, len(LETTER_NAMES[c]) - 1)] for c in letters)
            for i in range(most)
        )
    )


def acronym_in_latin(word: str) -> str:
    """The Latin acronym a Thai word spells letter by letter (`ซีไอเอ`: "cia"), in lower
    case; "" when the word is not wholly letter names, or is only one."""
    letters: list[str] = []
    at = 0
    while at < len(word):
        found = next(((n, c) for n, c in _BY_NAME if word.startswith(n, at)), None)
        if found is None or len(letters) == MAX_LETTERS:  # no letter, or too long a run
            return ""
        letters.append(found[1])
        at += len(found[0])
    return "".join(letters) if len(letters) >= MIN_LETTERS else ""
