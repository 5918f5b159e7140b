"""How a spelling sounds, roughly: the consonant skeleton of Thai text.

A foreign name is spelled in Thai by ear, and two writers seldom spell it alike: a
question translated from English writes `ริคาร์โด เปเรรา` where the article has
`รีการ์ดู ปึไรรา`, `เซตินเย` for `เซตีเนีย`, `อาร์เบคาซิน` for `อาร์บีกาซิน`. The
spellings differ in vowels, tone marks, silent letters and in which of the letters
for one sound they use; the consonants heard stay. So the skeleton keeps one letter
per consonant sound (`ก ข ค ฆ` alike, `ซ ศ ษ ส` alike, `ร ล` alike) and drops vowels,
tone marks, a letter silenced by the thanthakhat (`์`) and the `ห` that only sets the
tone of the next consonant. Latin letters and digits stay as they are; spaces and
punctuation go.

pythainlp's soundex engines do the same grouping but cut the code to a few
characters (or into digits shared by many names), which is right for comparing two
words and useless for finding a name inside a longer text."""

from __future__ import annotations

import re
from functools import lru_cache

_GROUPS = (
    ("กขฃคฅฆ", "k"),
    ("ง", "g"),
    ("จฉชฌ", "c"),
    ("ซศษส", "s"),
    ("ญย", "y"),
    ("ฎด", "d"),
    ("ฏตฐฑฒถทธ", "t"),
    ("ณน", "n"),
    ("บ", "b"),
    ("ปผพภ", "p"),
    ("ฝฟ", "f"),
    ("ม", "m"),
    ("รลฬ", "r"),
    ("ว", "w"),
    ("หฮ", "h"),
)
_SOUNDS = str.maketrans({letter: sound for letters, sound in _GROUPS for letter in letters})
# a consonant (with a short vowel written over or under it) silenced by the thanthakhat,
# and a ห that leads a low consonant, only to set its tone (หลี่, หวาน, หญิง)
_UNHEARD = re.compile(r"[ก-ฮ][ิุ]?์|ห(?=[งญนมยรลว])")
# after the consonants are letters: vowels, tone marks, spaces and punctuation go
_NOT_KEPT = re.compile(r"[^0-9A-Za-z]+")

SKELETON_CACHE = 4096  # question and title texts come back while one question is ranked


def consonants(text: str) -> str:
    """The consonant sounds of `text` in order, one letter each; Latin letters and
    digits kept (lower-case them first: the caller folds)."""
    return _NOT_KEPT.sub("", _UNHEARD.sub("", text).translate(_SOUNDS))


skeleton = lru_cache(maxsize=SKELETON_CACHE)(consonants)


# How Thai writes the consonants of a Latin name, by ear: `Nvidia` is เอ็นวิเดีย, `DeepSeek`
# ดีปซีก. Two letters for one sound first; then one letter each. A vowel is heard in Thai
# as a vowel sign, so it leaves nothing.
_LATIN_PAIRS = {
    "ch": "c",  # ช
    "sh": "c",
    "th": "t",  # ท
    "ph": "f",  # ฟ
    "kh": "k",
    "gh": "k",
    "ck": "k",
    "ng": "g",  # ง
    "wh": "w",
    "qu": "kw",
}
_LATIN_ONE = str.maketrans({"c": "k", "g": "k", "j": "c", "l": "r", "q": "k", "v": "w", "z": "s"})
_LATIN_VOWELS = frozenset("aeiou")


def latin_consonants(word: str) -> str:
    """The consonant sounds a Thai spelling of the Latin `word` (lower case) would have, in
    `consonants`' letters: `nvidia` nwd, `deepseek` dpsk. An r before a consonant or at
    the end is not heard (Thai writes ร์: `Marcos` มาร์กอส), nor an h or a y that is no
    consonant; c and x are heard as English says them before e and i and at the start."""
    out: list[str] = []
    at = 0
    while at < len(word):
        letter, pair = word[at], word[at : at + 2]
        if pair in _LATIN_PAIRS:
            out.append(_LATIN_PAIRS[pair])
            at += 2
            continue
        following = word[at + 1 : at + 2]
        before_vowel = following in _LATIN_VOWELS
        if letter in _LATIN_VOWELS or not letter.isalnum():
            pass
        elif letter == "c" and following in ("e", "i", "y"):
            out.append("s")
        elif letter == "x":
            out.append("s" if at == 0 else "ks")
        elif letter in "rhy":
            if before_vowel and (letter != "r" or word[at + 1 :] != "e"):
                out.append(letter)
        else:
            out.append(letter.translate(_LATIN_ONE))
        at += 1
    return "".join(out)


def latin_keys(word: str) -> tuple[str, ...]:
    """`heard_key`s of a Latin word as Thai may spell it: with its last consonant, and,
    after another consonant, without it (Thai writes it silenced: `Microsoft`
    ไมโครซอฟท์, `Philippines` ฟิลิปปินส์)."""
    sounds = latin_consonants(word)
    keys = [heard_key(sounds)]
    head = word[:-2] if word[-2:] in _LATIN_PAIRS else word[:-1]  # before the last sound
    if head and word[-1] not in _LATIN_VOWELS and head[-1] not in _LATIN_VOWELS:
        keys.append(heard_key(sounds[:-1]))
    return tuple(dict.fromkeys(keys))


_REPEATED = re.compile(r"(.)\1+")


def heard_key(sounds: str) -> str:
    """Consonant sounds compared across the scripts: without the h and the y, which Thai
    writes in vowels too (เดีย, ไทย) and English leaves silent, and a sound written twice
    once (ฟิลิปปินส์)."""
    return _REPEATED.sub(r"\1", sounds.replace("h", "").replace("y", ""))
