"""Word tokens for matching, from pythainlp's dictionary segmenter (offline).

`nlpo3` (a Rust port of `newmm`, same dictionary, same tokens) is used when it is
installed because it is several times faster; `newmm` is the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence
from functools import lru_cache
from itertools import pairwise

from pythainlp.corpus import thai_stopwords, thai_words
from pythainlp.tokenize import word_tokenize

from bot.text.normalize import normalize_for_matching

Tokenizer = Callable[[str], list[str]]

# A token counts if it holds a letter or digit of any script (drops spaces, punctuation,
# emoji and lone combining marks).
_WORDLIKE = re.compile(r"[^\W_]", re.UNICODE)
_THAI_MARK_ONLY = re.compile(r"^[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+$")
# Marks that enclose a word and are never part of one, and emoji and other pictographs,
# which a chat types right after a word ("วูช🤔"). The segmenter leaves them on a word it
# does not know (`"วูช"`, `(Whoosh)`): a name a text puts in quotes or brackets, or a word
# with an emoji, would otherwise match no question or text that has it plainly.
_APART = re.compile(
    "[\"'“”‘’«»()\\[\\]{}<>"
    "\u2190-\u21ff\u2300-\u23ff\u25a0-\u27bf\u2b00-\u2bff\u3030\u303d"
    "\ufe0e\ufe0f\U0001f000-\U0001faff\U000e0020-\U000e007f]+"
)
# ...and a hyphen at a word's edge, where the segmenter leaves the one that joins a Latin
# word to a number or a Thai word (`COVID-19`: `covid-`, `อาเซียน-GCC-จีน`: `-gcc-`), so
# that a text's "COVID-19" and a question's "COVID" share no word; inside a word it stays
# (`one-north`, `Timor-Leste`).


@lru_cache(maxsize=1)
def segmenter_engine() -> str:
    """Pick the fastest engine that works here, once."""
    try:
        word_tokenize("ทดสอบ", engine="nlpo3")
    except Exception:  # nlpo3 missing or broken: newmm gives the same tokens, slower
        return "newmm"
    return "nlpo3"


# pythainlp rejoins numbers its segmenter split ("1,234.5") with a pattern that takes
# time quadratic in the length of a run of digits (20,000 digits: 2.7 s with the GIL
# held). No number a question asks for is this long, so a longer run is given as
# numbers of this many digits, without the segmenter.
MAX_DIGITS = 32
_LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")
_NUMBER_PIECE = re.compile(rf"\d{{1,{MAX_DIGITS}}}")


def words_of(text: str, keep_whitespace: bool = False) -> list[str]:
    """The segmenter's words (with the spaces between them if asked: then they join back
    into `text`), a long run of digits cut into numbers of MAX_DIGITS."""
    engine = segmenter_engine()
    out: list[str] = []
    at = 0
    for number in _LONG_NUMBER.finditer(text):
        if number.start() > at:
            piece = text[at : number.start()]
            out.extend(word_tokenize(piece, engine=engine, keep_whitespace=keep_whitespace))
        out.extend(_NUMBER_PIECE.findall(number.group()))
        at = number.end()
    if at < len(text):
        out.extend(word_tokenize(text[at:], engine=engine, keep_whitespace=keep_whitespace))
    return out


def segment(text: str) -> list[str]:
    """Split already-normalized text into word tokens, dropping non-word tokens."""
    if not text.strip():
        return []
    raw = words_of(text)
    memo = _KEPT
    if len(memo) > KEPT_MEMO_LIMIT:
        memo.clear()
    words: list[str] = []
    for token in raw:
        kept = memo.get(token)
        if kept is None:
            kept = memo[token] = tuple(
                word
                for part in _APART.split(token.strip())
                if _is_wordlike(word := part.strip("-"))
            )
        words.extend(kept)
    return _ministries_apart(_aspects_apart(words))


# A verb with the particle of its aspect (ขึ้น, ลง: "came to", "went down"), which the
# dictionary holds as one word, is the verb and the particle: a question's "สิ้นสุดลง"
# (came to an end) is a text's "การสิ้นสุด", and "เกิดขึ้น" (took place) its "เกิด".
ASPECTS = {
    w: (w[: -len(p)], p)
    for p, ws in (
        ("ขึ้น", ("เกิดขึ้น", "ตั้งขึ้น", "จัดตั้งขึ้น", "เพิ่มขึ้น", "มากขึ้น", "ดีขึ้น")),
        ("ลง", ("สิ้นสุดลง", "ลดลง", "น้อยลง")),
    )
    for w in ws
}


def _aspects_apart(words: list[str]) -> list[str]:
    if not any(w in ASPECTS for w in words):
        return words
    lexicon = thai_words()
    stop = thai_stopwords()
    out: list[str] = []
    for word in words:
        parts = ASPECTS.get(word)
        if parts is None:
            out.append(word)
            continue
        verb, particle = parts
        # the segmenter's tie-break may have cut the verb's compound before it: ก่อ|ตั้งขึ้น;
        # not a word of grammar before it: ที่|เกิดขึ้น is "that took place", not ที่เกิด
        # (a birthplace)
        if out and not out[-1].isascii() and out[-1] not in stop and out[-1] + verb in lexicon:
            out[-1] += verb
        else:
            out.append(verb)
        out.append(particle)
    return out


# A ministry is named by its field, and the dictionary holds the full names as one word
# (กระทรวงคมนาคม, กระทรวงการต่างประเทศ): a question's "รัฐมนตรีคมนาคม" (the transport
# minister, as news and people say it short) shares no word with a text's
# "รัฐมนตรีว่าการกระทรวงคมนาคม". The name is the word กระทรวง and the field's words.
MINISTRY = "กระทรวง"


@lru_cache(maxsize=1)
def _ministries() -> dict[str, tuple[str, ...]]:
    """Each dictionary word that names a ministry's field after กระทรวง (with its
    minister before it: รัฐมนตรีว่าการกระทรวงอุตสาหกรรม) -> its words."""
    out = {}
    for w in thai_words():
        head, _, field = w.partition(MINISTRY)
        if field:
            out[w] = tuple(
                t.strip()
                for t in (*words_of(head), MINISTRY, *words_of(field))
                if _is_wordlike(t.strip())
            )
    return out


def _ministries_apart(words: list[str]) -> list[str]:
    names = _ministries()
    if not any(w in names for w in words):
        return words
    return [part for w in words for part in names.get(w, (w,))]


# token -> the words kept of it (none when dropped): a text repeats a small vocabulary
_KEPT: dict[str, tuple[str, ...]] = {}
KEPT_MEMO_LIMIT = 500_000


def _is_wordlike(token: str) -> bool:
    return bool(token) and bool(_WORDLIKE.search(token)) and not _THAI_MARK_ONLY.match(token)


def tokenize(text: str) -> list[str]:
    """Normalize then segment: the one tokenizer that passages and questions share."""
    return segment(normalize_for_matching(text))


def with_bigrams(tokens: Sequence[str]) -> list[str]:
    """Unigrams plus adjacent pairs; pairs keep compound names (`ประชาคม อาเซียน`) together."""
    grams = list(tokens)
    grams.extend(f"{a} {b}" for a, b in pairwise(tokens))
    return grams


def other_cut(text: str) -> list[str]:
    """The words of longest match first (pythainlp's `longest` engine, whose dictionary
    trie is built on its first use: `warm_up` calls it once)."""
    return [w for w in word_tokenize(text, engine="longest") if w.strip()]


MAX_REGROUPS = 48  # a pasted page is no question: its first such words only


def regrouped(
    words: Sequence[str],
    known: Callable[[Sequence[str]], list[bool]],
    everyday: Container[str] = frozenset(),
) -> list[str]:
    """The words with a dictionary word the knowledge never uses cut otherwise, with its
    Thai neighbours (`_spans`), when the other cut (longest match first) gives no more
    words, all of them dictionary words the knowledge uses or words of grammar, which
    no text is searched for (`เลือก|ตั้งใหม่|เมื่อไร` is `เลือกตั้ง|ใหม่|เมื่อไร`).
    Maximal matching breaks a tie between two cuts of as many words by chance, and
    the cut of a question need not be its text's: `โครง|การสร้างเมือง|หลวง` for the
    text's `โครงการ ... สร้างเมืองหลวง`, `ก่อ|ตั้งปี` for `ก่อตั้ง ... ปี`. A name the
    segmenter cut into syllables is no dictionary word, and is left as it is, but for
    the letters it lost to the next word (`_moved_edge`). A compound with no such cut
    may be cut into its two words when one is `everyday` (`two_words`)."""
    words = list(words)
    words_known = known(words)
    lexicon = thai_words()  # the segmenter's own word list, a frozenset read once
    grammar = thai_stopwords()
    at = tries = edges = 0
    while at < len(words) and tries < MAX_REGROUPS:
        word = words[at]
        if (
            not words_known[at]
            and not word.isascii()
            and word not in lexicon
            and edges < MAX_REGROUPS
        ):
            edges += 1  # each tried costs two lookups: a pasted page of names, 48
            if moved := _moved_edge(words, at, known):
                words[at : at + 2] = moved
                words_known[at : at + 2] = [True] * len(moved)
                at += len(moved)
                continue
        if words_known[at] or word.isascii() or word not in lexicon or word in grammar:
            at += 1
            continue
        tries += 1
        for lo, hi in _spans(words, at):
            span = words[lo:hi]
            other = other_cut("".join(span))
            if (
                other != span
                and len(other) <= len(span)
                and all(w in lexicon for w in other)
                and all(k or w in grammar for w, k in zip(other, known(other), strict=True))
            ):
                words[lo:hi] = other
                words_known[lo:hi] = [True] * len(other)
                at = lo + len(other)
                break
        else:
            if parts := two_words(word, lexicon, known, everyday):
                words[at : at + 1] = parts
                words_known[at : at + 1] = [True] * len(parts)
                at += len(parts)
            else:
                at += 1
    return words


MAX_MOVED = 2  # letters a name's last syllable may have lost to the word after it


def _moved_edge(
    words: Sequence[str], at: int, known: Callable[[Sequence[str]], list[bool]]
) -> list[str]:
    """A name the segmenter cut before its last letters, which it joined to the next
    word, with the letters given back: `มาร์บูร์|กรอบ|นี้` is `มาร์บูร์ก|รอบ|นี้` when the
    knowledge uses both words so mended. [] when there is no such cut."""
    if at + 1 >= len(words):
        return []
    word, after = words[at], words[at + 1]
    if after.isascii() or not word.strip() or not after.strip():
        return []
    for k in range(1, MAX_MOVED + 1):
        head, rest = word + after[:k], after[k:]
        if len(rest) < 2 or not _is_wordlike(rest):
            break
        if all(known([head, rest])):
            return [head, rest]
    return []


def _spans(words: Sequence[str], at: int) -> list[tuple[int, int]]:
    """The runs of three Thai words (fewer at an edge or beside a Latin word) that hold
    the word at `at`: with a neighbour on each side first, then the two after it, then
    the two before it (`แพ|งก|ว่าที่` is `แพง|กว่า|ที่`)."""
    thai = [not w.isascii() for w in words]
    out: list[tuple[int, int]] = []
    for lo, hi in ((at - 1, at + 2), (at, at + 3), (at - 2, at + 1)):
        lo, hi = max(lo, 0), min(hi, len(words))
        while lo < at and not all(thai[lo:at]):
            lo += 1
        while hi > at + 1 and not all(thai[at + 1 : hi]):
            hi -= 1
        if (lo, hi) not in out:
            out.append((lo, hi))
    return out


def two_words(
    word: str,
    lexicon: Container[str],
    known: Callable[[Sequence[str]], list[bool]],
    everyday: Container[str],
) -> list[str]:
    """A dictionary compound the knowledge never uses, as the two words it is made of,
    when one of them is an `everyday` word that a news text writes otherwise and the
    knowledge uses both: the segmenter keeps `กินข้าว` (eat rice) whole, and a news text
    says `บริโภค|ข้าว`. Only then: a compound the knowledge never uses is the sign that
    its subject is absent, and cut into ordinary words (`กำลังคน`, manpower, as
    `กำลัง|คน`) it was answered from an article on something else. [] when there is no
    such cut."""
    for cut in range(len(word) - 1, 0, -1):
        head, tail = word[:cut], word[cut:]
        if (
            (head in everyday or tail in everyday)
            and head in lexicon
            and tail in lexicon
            and all(known([head, tail]))
        ):
            return [head, tail]
    # a verb and what it acts on, which the dictionary keeps as one word: "ขึ้นราคา",
    # "เก็บภาษี", "ใช้เวลานาน"; a text says the verb apart ("ลดภาษี", "ใช้เวลาฟื้นฟู")
    for head in ACTS_FIRST:
        if word.startswith(head) and len(word) > len(head):
            rest = other_cut(word[len(head) :])
            parts = [head, *rest]
            if len(rest) <= 2 and all(p in lexicon for p in rest) and all(known(parts)):
                return parts
    return []


# Verbs that open a dictionary compound of a verb and its object or manner (not ทำ of
# ทำลาย, nor เข้า of เข้าใจ: their compounds are words of their own)
ACTS_FIRST = ("ใช้", "ขึ้น", "ลด", "เก็บ", "ดับ", "จ่าย", "ซื้อ", "ขาย", "กลับ")
