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
