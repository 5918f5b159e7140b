"""How a spelling sounds, roughly: the consonant skeleton of Thai text.

A foreign name is spelled in Thai by ear, and two writers seldom spell it alike: a
question translated from English writes `ลิซา เอเดลสไตน์` where the article has
`ลีซา เอเดลสตีน`, `เซตินเย` for `เซตีเนีย`, `อาร์เบคาซิน` for `อาร์บีกาซิน`. The
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
_SOUND = {letter: sound for letters, sound in _GROUPS for letter in letters}
# a consonant (with a short vowel written over or under it) silenced by the thanthakhat
_SILENT = re.compile(r"[ก-ฮ][ิุ]?์")
# ห leading a low consonant only sets its tone (หลี่, หวาน, หญิง)
_LEADING_H = re.compile(r"ห(?=[งญนมยรลว])")

SKELETON_CACHE = 4096  # question and title texts come back while one question is ranked


@lru_cache(maxsize=SKELETON_CACHE)
def skeleton(text: str) -> str:
    """The consonant sounds of `text` in order, one letter each; Latin letters and
    digits kept (lower-case them first: the caller folds)."""
    text = _LEADING_H.sub("", _SILENT.sub("", text))
    out = []
    for ch in text:
        sound = _SOUND.get(ch)
        if sound is not None:
            out.append(sound)
        elif ch.isascii() and ch.isalnum():
            out.append(ch)
    return "".join(out)
