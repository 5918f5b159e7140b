"""Which windows a question's own wording prefers, among those the window model scores
nearly as likely: the one that names the doer before the deed (who won), the holder
beside the office (who chairs the parliament), the name after the question's word
(what it is called), the count of what is asked (how many died), a report's first
mention of what a thing is (what X is). Each narrows the kept
windows only when one that holds it is nearly as likely as the likeliest kept."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from bot.engine.evidence import TITLED
from bot.engine.holders import holders, office_of
from bot.engine.question import Kind, Question
from bot.engine.ranking import Candidate
from bot.text.countries import place_named

# How much less likely (in the window model's log-odds) a window may be and still be
# preferred for holding what the question asks for, when the likeliest does not.
KIND_WINDOW_PREFERENCE = 1.0
NEXT_WINDOW_PREFERENCE = 4.0  # for a window on the next one, or on the year, a question asks of
COUNTED_WINDOW_PREFERENCE = 4.0  # for a number in the unit a question counts in

# A question that opens with who ("ใครชนะการเลือกตั้ง...", "ใครเป็นผู้เสนอ...", "Who won
# ...?"; not "Who is ...?", which asks who someone is, nor "ใครได้...", who got a thing,
# whom news names after it: "มอบรางวัล...แก่นางมาเรีย คอรีนา มาชาโด") asks for the one
# who does what it says, and a Thai text names them before the deed: "นายโดนัลด์ ทรัมป์ (Donald Trump)
# ผู้สมัครจากพรรครีพับลิกัน ชนะการเลือกตั้ง...". The window that starts on the deed holds
# the question's words, and whoever the sentence names after them. A window with a
# person before the question's first word in it is preferred when at most
# SUBJECT_PREFERENCE less likely.
SUBJECT_ASKED = re.compile(
    r"\s*(?:(?:ใคร(?!่)|บุคคลใด|ผู้ใด|ท่านใด)(?!ได้)|who\b(?!\s+(?:is|was|are|were|will)\b))"
)
SUBJECT_PREFERENCE = 2.0


def within(kept: np.ndarray, logits: np.ndarray, holds: np.ndarray, gap: float) -> np.ndarray:
    """Of the `kept` windows, those that hold (`holds`, one flag per window), when one of
    them is at most `gap` less likely than the likeliest kept; else all of `kept`."""
    holding = kept[holds[kept]]
    if holding.size and logits[holding].max() >= logits[kept].max() - gap:
        return holding
    return kept


def _holding(spans: Sequence[tuple[int, int]], bounds: Sequence[tuple[int, int]]) -> np.ndarray:
    """Per window (`bounds`): it holds one of the spans whole."""
    return np.array([any(s <= a and b <= e for a, b in spans) for s, e in bounds], dtype=bool)


def subject_first(
    question: Question,
    candidate: Candidate,
    spans: Sequence[tuple[int, int]],
    runs: Sequence[tuple[int, int]],
    kept: np.ndarray,
    logits: np.ndarray,
) -> np.ndarray:
    """Of the `kept` windows, those that name someone before the first of the question's
    words in them (a person after a title, else a name in Latin letters in brackets; a
    name the question does not say), or just after โดย (by) after one of them ("ขบวนรถไฟ
    ผลิตโดยบริษัทฮิตาชิ (Hitachi)", for "ใครผลิตรถไฟ..."), when one is nearly as likely
    (SUBJECT_PREFERENCE)."""
    # the question's words of more than one letter (a one-letter piece of a name is in
    # nearly every word), by position
    at = np.array(sorted(p for p, term in candidate.found if len(term) > 1), dtype=np.int64)
    bounds = []  # per window: where it starts, and where its first question word is
    for first, last in runs:
        start, end = spans[first][0], spans[last][1]
        word = int(np.searchsorted(at, start))
        bounds.append((start, int(at[word]) if word < at.size and at[word] < end else -1))
    ends = [spans[last][1] for _, last in runs]
    for named in (TITLED, _NAMED):
        holds = np.array(
            [
                (w >= 0 and _names_other(named, question, candidate, s, w))
                or done_by(named, question, candidate, s, e)
                for (s, w), e in zip(bounds, ends, strict=True)
            ]
        )
        narrowed = within(kept, logits, holds, SUBJECT_PREFERENCE)
        if narrowed is not kept:
            return narrowed
    return kept


BY = "โดย"
BY_CHARS = 30  # how far after โดย the doer's name starts
NAME_OPENING = 4  # letters of a name that, in the question, make it the question's own


def done_by(
    named: re.Pattern[str], question: Question, candidate: Candidate, start: int, end: int
) -> bool:
    """Whether the text between `start` and `end` names someone (`named`) the question
    does not, just after โดย (by) after one of the question's words: news writes a deed
    in the passive as often ("ขบวนรถไฟผลิตโดยบริษัทฮิตาชิ (Hitachi)")."""
    folded = candidate.folded
    for at, term in candidate.found:
        after = at + len(term) + len(BY)
        if (
            len(term) > 1
            and start <= after < end
            and folded.startswith(BY, at + len(term))
            and _names_other(named, question, candidate, after, min(after + BY_CHARS, end))
        ):
            return True
    return False


def named_doer(question: Question, candidate: Candidate) -> bool:
    """Whether the passage names a doer just after โดย after one of the question's words
    (`done_by`): a person after a title, or a name in Latin letters in brackets."""
    end = len(candidate.folded)
    return any(done_by(named, question, candidate, 0, end) for named in (TITLED, _NAMED))


def _names_other(
    named: re.Pattern[str], question: Question, candidate: Candidate, start: int, end: int
) -> bool:
    """Whether the text names someone between `start` and `end` whom the question does not
    name: not a title before what is left of the question's own name once its words are
    blanked ("นางมา" of นางมาชาโด, whose ชา and โด the question says, in "ใครลงสมัคร...
    แทนมาชาโด")."""
    folded = candidate.folded
    for m in named.finditer(candidate.other[0], start, end):
        at = m.start(1) if m.re.groups else m.start() + 1  # the name, past a bracket
        if folded[at : at + NAME_OPENING] not in question.folded:
            return True
    return False


# a name given in Latin letters in brackets after the Thai one, a person's or a body's
# ("ราชบัณฑิตยสภาสวีเดน (swedish academy) ประกาศ...", on folded text)
_NAMED = re.compile(r"\([a-z][a-z .'&-]{2,}\)")


# A question on what a thing is called ("การซ้อมรบของจีนรอบไต้หวันชื่ออะไร") is answered
# where the text gives the name after the question's word: "จัดการซ้อมรบชื่อ "ดาบร่วม-
# 2024A"", not the next paragraph, which holds the question's words and a count.
NAME_GIVEN = re.compile(r"\s?(?:มี|ที่มี|ใช้)?(?:ชื่อ|เรียกว่า)(?:ว่า)?\s?\S")
# So is a name a news report writes straight after the word, with its Latin spelling in
# brackets: "สถานีอวกาศเทียนกง (Tiangong)" of "สถานีอวกาศของจีนชื่ออะไร". Not of an
# encyclopedia, which brackets a gloss as often as a name (dev: 1 answer and 2
# highlights lost).
NAME_WRITTEN = re.compile(
    f"{NAME_GIVEN.pattern}|" + r"\s?[\u0e01-\u0e4e]{2,30}\s?\([a-z][a-z .'&-]{2,}\)"
)
NAME_PREFERENCE = 1.0


def name_given(
    candidate: Candidate,
    bounds: Sequence[tuple[int, int]],
    kept: np.ndarray,
    logits: np.ndarray,
) -> np.ndarray:
    """Of the `kept` windows, those where a question word is followed by the name it is
    given (NAME_GIVEN; NAME_WRITTEN in news), when one is nearly as likely
    (NAME_PREFERENCE)."""
    text = candidate.folded
    given_as = NAME_WRITTEN if candidate.passage.article.published else NAME_GIVEN
    given = [
        (at, m.end())
        for at, term in candidate.found
        if len(term) > 1 and (m := given_as.match(text, at + len(term)))
    ]
    if not given:
        return kept
    holds = _holding(given, bounds)
    return within(kept, logits, holds, NAME_PREFERENCE)


# "ภูเขาไฟระเบิดที่อินโดนีเซียมีคนตายกี่คน": the word before the interrogative says whose
# count is asked (คนตาย, `Question.counted`), and a text writes it just before the number
# ("ผู้เสียชีวิต 9 ราย"), where the other counts in the unit are others' ("อพยพประชาชน
# กว่า 10,000 คน").
COUNT_AFTER_CHARS = 30  # at most this far from the start of the word to the number
# a question on the whole ("มีทั้งหมดกี่ที่นั่ง") is answered by the number a text writes
# after ทั้งหมด, not by a part's ("ได้ 202 ที่นั่ง จากทั้งหมด 243 ที่นั่ง")
TOTAL = re.compile("ทั้งหมด")
TOTAL_ASKED = re.compile(r"ทั้งหมด\s?(?:กี่|เท่า)")


def counts_asked(question: Question, candidate: Candidate) -> list[int]:
    """Where the candidate's text (folded) writes a number in the unit asked just after
    the question's last word before its interrogative (`Question.counted`)."""
    evidence = candidate.view.evidence
    if not question.counted or evidence is None:
        return []
    at = [i for i, term in candidate.found if term == question.counted]
    if TOTAL_ASKED.search(question.folded):  # "มีทั้งหมดกี่ที่นั่ง": "จากทั้งหมด 243 ที่นั่ง"
        at += [m.start() for m in TOTAL.finditer(candidate.folded)]
    return [
        m.start()
        for m in evidence.finditer(candidate.other[0])
        if any(0 < m.start() - i <= COUNT_AFTER_CHARS for i in at)
    ]


# "X คืออะไร": what X is, which a news report says where it first names X, before the
# name ("กองทุนความมั่งคั่งแห่งชาติ ... หรือดานันตารา", "...ซึ่งเขาเรียกว่า "วันปลดแอก"").
# Not an encyclopedia, undated, whose "X คืออะไร" asks as often for a property of X
# (ชื่อเดิมของ X) and whose first mention is its lede's title (dev: 7 highlights lost).
DEFINITION = re.compile(r"^\s*\S.{0,60}?\s*(?:คือ|หมายถึง)\s*อะไร\s*[?？]*\s*$")


def first_mention(
    question: Question,
    candidate: Candidate,
    bounds: Sequence[tuple[int, int]],
    kept: np.ndarray,
    logits: np.ndarray,
) -> np.ndarray:
    """Of the `kept` windows, for a question on what a thing is (DEFINITION) asked of a
    news report (dated), those that hold the passage's first mention of the question's
    words, when one is nearly as likely (KIND_WINDOW_PREFERENCE)."""
    at = [p for p, term in candidate.found if len(term) > 1]
    if question.kind is not Kind.OTHER or not candidate.passage.article.published or not at:
        return kept
    first = min(at)
    holds = np.array([start <= first < end for start, end in bounds])
    return within(kept, logits, holds, KIND_WINDOW_PREFERENCE)


def counts_any(question: Question, candidate: Candidate) -> bool:
    """Whether a "how much" question that names no unit asks the count of a word any
    number just after which answers it ("ดูเตร์เตได้คะแนนเท่าไร": "ด้วยคะแนนกว่า 662,000
    เสียง"): not of a place, nor of a word of the article's title, which name what the
    question is about ("...ของอาเซียนอยู่ที่เท่าไร" of "อาเซียน ครั้งที่ 42")."""
    counted = question.counted
    return (
        question.kind is Kind.NUMBER
        and not question.unit
        and bool(counted)
        and counted not in candidate.view.title
        and not place_named(counted)
    )


def count_of_what_is_asked(
    question: Question,
    candidate: Candidate,
    bounds: Sequence[tuple[int, int]],
    kept: np.ndarray,
    logits: np.ndarray,
) -> np.ndarray:
    """Of the `kept` windows, those with a number in the unit asked just after the
    question's last word before its interrogative, when one is nearly as likely
    (COUNTED_WINDOW_PREFERENCE)."""
    numbers = counts_asked(question, candidate)
    if not numbers:
        return kept
    holds = np.array([any(start <= n < end for n in numbers) for start, end in bounds])
    return within(kept, logits, holds, COUNTED_WINDOW_PREFERENCE)


def holder_named(
    question: Question,
    candidate: Candidate,
    bounds: Sequence[tuple[int, int]],
    kept: np.ndarray,
    logits: np.ndarray,
) -> np.ndarray:
    """Of the `kept` windows, for a question on who holds an office (`holders.office_of`),
    those that name the holder beside it, when one is nearly as likely
    (SUBJECT_PREFERENCE; any less likely for an English question, whose words say where
    its subject is named, not where the answer is, as `choice.preferred`)."""
    office = office_of(question)
    if office is None:
        return kept
    named = holders(candidate.folded, office, candidate.view.text)
    holds = _holding(named, bounds)
    gap = math.inf if question.language == "en" else SUBJECT_PREFERENCE
    return within(kept, logits, holds, gap)
