"""The highlight: the run of whole clauses, at most HIGHLIGHT_CHARS long, most likely to
hold the answer (scored by the window model of `bot.engine.ranking`), and the answer
around it."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from bot.engine.choice import preferred
from bot.engine.evidence import (
    ERA,
    EVIDENCE_KINDS,
    NAME_ASKED,
    PREFERRED_KINDS,
    THAI_MONTHS,
    TITLES,
    people_named,
)
from bot.engine.narrowing import (
    COUNTED_WINDOW_PREFERENCE,
    DEFINITION,
    KIND_WINDOW_PREFERENCE,
    NEXT_WINDOW_PREFERENCE,
    SUBJECT_ASKED,
    count_of_what_is_asked,
    counts_any,
    first_mention,
    holder_named,
    name_given,
    subject_first,
    within,
)
from bot.engine.ordinals import ordinal_said
from bot.engine.question import Kind, Question, char_grams
from bot.engine.ranking import (
    HIGHLIGHT_CHARS,
    WINDOW_FEATURES,
    Candidate,
    LinearModel,
)
from bot.engine.series import one_of_series, what_followed, year_asked
from bot.text.normalize import fold_for_search
from bot.text.tokenizer import words_of

_UNIT = re.compile(r"\S+")
LONG_UNIT = 60
# A text answers after the words it shares with the question ("X ได้แก่ ...", "...มีเนื้อที่
# 74.61 ตารางกิโลเมตร"): a window that ends on the question's words holds the question,
# not the answer. The room after them counts up to this many characters.
ROOM_CHARS = 80


_DIGIT = "[0-9๐-๙]"
_MONTH = (
    f"{THAI_MONTHS}|"
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_ERA = f"(?:{ERA})"
# Pieces a space does not end: a date ("๕ มีนาคม พ.ศ. ๒๕๖๒"), a title and the name after
# it ("นายชัชวาล แสงทอง", "นาย Hoang Anh Tuan", also close up to the word before it:
# "โดยมีนายอันวาร์ อิบราฮิม"), a run of capitalized Latin words, a
# bracketed aside, a number and the short words around it ("ครั้งที่ ๑๑", "๕๐ คน"; the
# word after it may be a long unit, "74.61 ตารางกิโลเมตร"). In
# Thai a space ends a clause, but not inside these; a highlight cut there holds half an
# answer.
_DATE = re.compile(
    rf"(?:วันที่\s*)?(?:{_DIGIT}{{1,2}}\s*)?(?:{_MONTH})(?:\s*{_ERA}?\s*{_DIGIT}{{4}})?"
)
# not a number of a date, whose year is not counted in the word after it ("15 พฤษภาคม
# 2567 สืบต่อจาก...": a window may end on the date)
_NUMBER = re.compile(rf"(?:(?<!\S)\S{{1,12}}\s+)?{_DIGIT}[0-9๐-๙,.]*(?:\s+\S{{1,20}}(?!\S))?")
# an era's year, a title and the name after it, capitalized Latin words, an aside
_NAMED_PIECES = tuple(
    re.compile(p)
    for p in (
        rf"{_ERA}\s*{_DIGIT}{{1,4}}",
        rf"(?:{TITLES})\S{{1,20}}\s+\S{{1,20}}(?!\S)",
        r"(?:นาย|นางสาว|นาง|ดร\.|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)\s*[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*",
        r"(?<![\w'.-])[A-Z][\w'.-]*(?:\s+(?:[A-Z0-9][\w'.:-]*|of|the|for|and|on|in|de|van|von))*"
        r"\s+[A-Z][\w'.-]*",
        r"\([^()]{1,150}\)",
    )
)


def units(text: str) -> list[tuple[int, int]]:
    """Spans of space-separated units (Thai clauses, English words), a date, a name or a
    bracketed aside kept whole; a unit longer than a highlight would allow is cut at the
    word boundaries of the segmenter."""
    spans: list[tuple[int, int]] = []
    for m in _UNIT.finditer(text):
        start, end = m.span()
        if end - start <= LONG_UNIT:
            spans.append((start, end))
        else:
            spans.extend(_cut_long(text, start, end))
    return _glued(text, spans)


def _glued(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Units that one whole piece (a date, `_NAMED_PIECES`, a number) spans merged into
    one, if a highlight can hold it."""
    if len(spans) < 2:
        return spans
    dates = [m.span() for m in _DATE.finditer(text)]
    found = sorted(
        [
            *(span for span in dates if " " in text[span[0] : span[1]]),
            *(
                m.span()
                for pattern in _NAMED_PIECES
                for m in pattern.finditer(text)
                if " " in m.group()
            ),
            *(
                m.span()
                for m in _NUMBER.finditer(text)
                if " " in m.group() and not any(s <= m.start() < e for s, e in dates)
            ),
        ]
    )
    if not found:
        return spans
    wholes = [found[0]]
    for start, end in found[1:]:  # overlapping pieces are one
        if start < wholes[-1][1]:
            wholes[-1] = (wholes[-1][0], max(end, wholes[-1][1]))
        else:
            wholes.append((start, end))
    out: list[tuple[int, int]] = []
    w = 0
    for start, end in spans:
        while w < len(wholes) and wholes[w][1] <= start:
            w += 1
        if (
            out
            and w < len(wholes)
            and wholes[w][0] < start
            and out[-1][1] > wholes[w][0]
            and end - out[-1][0] <= HIGHLIGHT_CHARS
        ):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    piece = text[start:end]
    words = words_of(piece, keep_whitespace=True)
    if "".join(words) != piece:  # the segmenter changed the text: cut by characters
        return [(s, min(s + LONG_UNIT, end)) for s in range(start, end, LONG_UNIT)]
    spans: list[tuple[int, int]] = []
    at = start
    chunk_start = start
    for word in words:
        if at + len(word) - chunk_start > LONG_UNIT and at > chunk_start:
            spans.append((chunk_start, at))
            chunk_start = at
        at += len(word)
        while at - chunk_start > HIGHLIGHT_CHARS:  # one "word" longer than a highlight
            spans.append((chunk_start, chunk_start + HIGHLIGHT_CHARS))
            chunk_start += HIGHLIGHT_CHARS
    if at > chunk_start:
        spans.append((chunk_start, at))
    return spans


def windows(spans: Sequence[tuple[int, int]], width: int) -> list[tuple[int, int]]:
    """Every run of whole units at most `width` long that cannot grow on both sides:
    each unit's run forward, and each unit's run backward."""
    out: set[tuple[int, int]] = set()
    n = len(spans)
    last = 0
    for first in range(n):
        last = max(last, first)
        while last + 1 < n and spans[last + 1][1] - spans[first][0] <= width:
            last += 1
        out.add((first, last))
    begin = n - 1
    for end in range(n - 1, -1, -1):
        begin = min(begin, end)
        while begin - 1 >= 0 and spans[end][1] - spans[begin - 1][0] <= width:
            begin -= 1
        out.add((begin, end))
    return sorted(out)


def _inside(positions: np.ndarray, starts: np.ndarray, limits: np.ndarray) -> np.ndarray:
    """Per window: whether some position p has start <= p < limit (positions sorted)."""
    if positions.size == 0:
        return np.zeros(starts.size, dtype=bool)
    at = np.searchsorted(positions, starts, side="left")
    found = at < positions.size
    return found & (positions[np.minimum(at, positions.size - 1)] < limits)


def _all_at(text: str, piece: str) -> np.ndarray:
    """Every start of `piece` in `text`, overlapping ones too (as `in` finds them)."""
    out = []
    at = text.find(piece)
    while at >= 0:
        out.append(at)
        at = text.find(piece, at + 1)
    return np.array(out, dtype=np.int64)


def _share_inside(
    folded: str, pieces: Sequence[str], starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """Per window: the share of `pieces` found whole inside it."""
    if not pieces:
        return np.zeros(starts.size)
    hits = np.zeros(starts.size)
    for piece in pieces:
        hits += _inside(_all_at(folded, piece), starts, ends - len(piece) + 1)
    return hits / len(pieces)


def _cover_ends(
    found: Sequence[tuple[int, str]], starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """Per window: where the shortest piece of it that holds each of the question's words
    found in it ends (the first such piece; the window's end when it holds none). The room
    after the question's last word means little where the subject recurs ("ดาวพลูโต" in
    each sentence of its article): after the place the question's words are together,
    the answer follows ("ดาวพลูโตถูกค้นพบ ... โดยไคลด์ ทอมบอ")."""
    at = sorted((p, p + len(t), t) for p, t in found)
    out = ends.copy()
    if not at:
        return out
    firsts = np.array([a[0] for a in at], dtype=np.int64)
    lo_of = np.searchsorted(firsts, starts, side="left")
    hi_of = np.searchsorted(firsts, ends, side="left")
    for w in range(starts.size):
        inside = [a for a in at[lo_of[w] : hi_of[w]] if a[1] <= ends[w]]
        if not inside:
            continue
        wanted = len({t for _, _, t in inside})
        counts: dict[str, int] = {}
        longest: deque[int] = deque()  # of inside[lo : hi + 1], by decreasing end
        best_length, lo = -1, 0
        for hi, (_, end, term) in enumerate(inside):
            counts[term] = counts.get(term, 0) + 1
            while longest and inside[longest[-1]][1] <= end:
                longest.pop()
            longest.append(hi)
            while len(counts) == wanted:
                last = inside[longest[0]][1]
                if best_length < 0 or last - inside[lo][0] < best_length:
                    best_length, out[w] = last - inside[lo][0], last
                gone = inside[lo][2]
                counts[gone] -= 1
                if not counts[gone]:
                    del counts[gone]
                if longest[0] == lo:
                    longest.popleft()
                lo += 1
    return out


def window_rows(
    question: Question,
    candidate: Candidate,
    runs: Sequence[tuple[int, int]],
    spans: Sequence[tuple[int, int]],
    beyond: Mapping[str, float] | None = None,
) -> np.ndarray:
    """WINDOW_FEATURES of each run, computed for all runs at once from the positions of
    the question's words, trigrams and pairs, and of what the question asks for."""
    folded, found = candidate.folded, candidate.found
    other = candidate.other[0]
    total = question.total_weight or 1.0
    span_starts = np.array([s for s, _ in spans], dtype=np.int64)
    span_ends = np.array([e for _, e in spans], dtype=np.int64)
    firsts = np.array([f for f, _ in runs], dtype=np.int64)
    lasts = np.array([la for _, la in runs], dtype=np.int64)
    starts, ends = span_starts[firsts], span_ends[lasts]
    n = len(runs)
    weight = np.zeros(n)
    by_term: dict[str, list[int]] = {}
    for position, term in found:
        by_term.setdefault(term, []).append(position)
    if beyond is None:  # the question's words beyond the article's title
        beyond = candidate.view.beyond_title
    beyond_weight = np.zeros(n)
    for term, positions in by_term.items():
        inside = _inside(np.array(positions, dtype=np.int64), starts, ends)
        weight += question.weights[term] * inside
        if term in beyond:
            beyond_weight += beyond[term] * inside
    beyond_total = sum(beyond.values())
    every = np.array([p for p, _ in found], dtype=np.int64)
    if every.size:
        at = np.searchsorted(every, starts, side="left")
        first_pos = every[np.minimum(at, every.size - 1)]
        has_first = (at < every.size) & (first_pos < ends)
        back = np.searchsorted(every, ends, side="left") - 1
        last_pos = every[np.maximum(back, 0)]
        has_last = (back >= 0) & (last_pos >= starts)
    else:
        first_pos = last_pos = starts
        has_first = has_last = np.zeros(n, dtype=bool)
    room = np.clip(ends - _cover_ends(found, starts, ends), 0, ROOM_CHARS) / ROOM_CHARS
    first_at = np.where(has_first, (first_pos - starts) / HIGHLIGHT_CHARS, 1.0)
    last_at = np.where(has_last, (last_pos - starts) / HIGHLIGHT_CHARS, 1.0)
    kinds = np.zeros((n, len(EVIDENCE_KINDS)))
    afters = np.zeros((n, len(EVIDENCE_KINDS)))
    evidence = candidate.view.evidence
    if question.kind in EVIDENCE_KINDS and evidence is not None:
        column = EVIDENCE_KINDS.index(question.kind)
        matches = [m.span() for m in evidence.finditer(other)]
        if matches:
            match_starts = np.array([m[0] for m in matches], dtype=np.int64)
            match_ends = np.array([m[1] for m in matches], dtype=np.int64)

            def holds(begin: np.ndarray) -> np.ndarray:
                """A match lies whole in [begin, end) (matches do not overlap)."""
                at = np.searchsorted(match_starts, begin, side="left")
                ok = at < match_starts.size
                return ok & (match_ends[np.minimum(at, match_starts.size - 1)] <= ends)

            kinds[:, column] = holds(starts)
            afters[:, column] = has_first & holds(np.where(has_first, first_pos, ends))
    rows = np.column_stack(
        [
            weight / total,
            beyond_weight / beyond_total if beyond_total > 0 else weight / total,
            _share_inside(folded, sorted(question.grams), starts, ends),
            # the trigrams of the words beyond the title; none when the title holds them
            # all, and the column then tells no window from another (filled with all the
            # question's trigrams, the `grams` column already, it made the highlight worse)
            _share_inside(folded, sorted(char_grams(beyond)), starts, ends),
            _share_inside(folded, question.pairs, starts, ends),
            first_at,
            last_at,
            room,
            (firsts == 0).astype(float),
            (lasts == len(spans) - 1).astype(float),
            (ends - starts) / HIGHLIGHT_CHARS,
            kinds,
            afters,
        ]
    )
    return rows.reshape(n, len(WINDOW_FEATURES))


ANSWER_CHARS = 400
LEAD_CHARS = 120  # context kept before the highlight; the rest of the room goes after it


def highlight_span(
    question: Question, candidate: Candidate, model: LinearModel
) -> tuple[Sequence[tuple[int, int]], int, int]:
    """The passage's units and the first and last unit of the best highlight."""
    spans = units(candidate.passage.text)
    if not spans:
        return spans, 0, -1
    runs = windows(spans, HIGHLIGHT_CHARS)
    scored, shown, beyond = _with_shown(question, candidate)
    rows = window_rows(scored, shown, runs, spans, beyond)
    logits = model.logits(rows)
    kept = np.arange(len(runs))
    # only a window on the next one or the one before, or on the year asked of, answers,
    # when one is nearly as likely: one that says it with what is asked after it, else
    # one that says it
    year = year_asked(question, candidate.passage.article.published)
    bounds = [(spans[f][0], spans[la][1]) for f, la in runs]
    series = ordinal_said(question.folded, candidate.view.text)
    for said in (one_of_series(question), year, series, what_followed(question)):
        if said is None:
            continue
        for evidence in (candidate.view.evidence, None):
            speaks = np.array([_speaks_of(said, candidate, evidence, *b) for b in bounds])
            narrowed = within(kept, logits, speaks, NEXT_WINDOW_PREFERENCE)
            if narrowed is not kept:
                kept = narrowed
                break
    kept = holder_named(question, candidate, bounds, kept, logits)
    if NAME_ASKED.search(question.folded):
        kept = name_given(candidate, bounds, kept, logits)
    if SUBJECT_ASKED.match(question.folded):
        kept = subject_first(question, candidate, spans, runs, kept, logits)
    if candidate.view.counted or counts_any(question, candidate):
        kept = count_of_what_is_asked(question, candidate, bounds, kept, logits)
    if DEFINITION.match(question.folded):
        kept = first_mention(question, candidate, bounds, kept, logits)
    best = _preferred(question, rows[kept], logits[kept], candidate.view.counted)
    first, last = runs[int(kept[best])]
    return spans, first, last


def _with_shown(
    question: Question, candidate: Candidate
) -> tuple[Question, Candidate, Mapping[str, float] | None]:
    """The question and candidate as the windows are scored, and which of the scored
    words lie beyond the title (None: the question's own, `ArticleView.beyond_title`).
    An English question's words of what happened (`Question.shown`), where the passage
    holds any, stand in place of the names its article's lede holds. Those names found
    the article and its passage, and stand in the lede, while "died" ("ผู้เสียชีวิต 9
    ราย") or "founded" ("ก่อตั้งขึ้นเมื่อปี 2499") stands where the answer is."""
    if not question.shown:
        return question, candidate, None
    at = [(i, term) for term in question.shown for i in _all_at(candidate.folded, term).tolist()]
    if not at:
        return question, candidate, None
    # its names beyond the lede stay: they tell one paragraph from another (Microsoft's
    # investment from Google's)
    weights = {t: w for t, w in question.weights.items() if t in candidate.view.asked}
    weights |= question.shown
    beyond = {t: w for t, w in weights.items() if t not in candidate.view.title}
    found = [(i, t) for i, t in candidate.found if t in weights]
    widened = replace(question, weights=weights, grams=char_grams(weights), pairs=())
    return widened, replace(candidate, found=tuple(sorted((*found, *at)))), beyond


def _speaks_of(
    said: re.Pattern[str],
    candidate: Candidate,
    evidence: re.Pattern[str] | None,
    start: int,
    end: int,
) -> bool:
    """The window [start, end) says `said` (the next one, the one before, a year), with
    `evidence` of what the question asks for after it unless None: "นับตั้งแต่เดือน
    กุมภาพันธ์ 2550", not the lede's date before its "ในรอบ 17 ปี"."""
    for m in said.finditer(candidate.folded, start, end):
        if evidence is None or evidence.search(candidate.other[0], m.start(), end):
            return True
    return False


def _preferred(question: Question, rows: np.ndarray, logits: np.ndarray, counted: bool) -> int:
    """The likeliest window, unless it lacks the person, date, number, place or reason the
    question asks for and one that holds it is nearly as likely: a news lede names the
    event after its date ("on 5 March ... the 11th ASCCO"), and the window on the event's
    name holds more of the question's words, the one on the date holds the answer."""
    if question.kind not in PREFERRED_KINDS:
        return int(np.argmax(logits))
    holds = rows[:, WINDOW_FEATURES.index(f"kind_{question.kind.value}")] > 0
    gap = COUNTED_WINDOW_PREFERENCE if counted else KIND_WINDOW_PREFERENCE
    return preferred(question, logits, holds, gap)


def answer_and_highlight(
    question: Question, candidate: Candidate, window: LinearModel
) -> tuple[str, str | None]:
    """The answer (the highlight with context, at most ANSWER_CHARS) and the highlight,
    a piece of it of at most HIGHLIGHT_CHARS."""
    text = candidate.passage.text
    spans, first, last = highlight_span(question, candidate, window)
    if last < first:
        return text.strip()[:ANSWER_CHARS], None
    highlight = text[spans[first][0] : spans[last][1]]
    lo, hi = first, last
    while (
        lo > 0
        and spans[hi][1] - spans[lo - 1][0] <= ANSWER_CHARS
        and (spans[first][0] - spans[lo - 1][0] <= LEAD_CHARS)
    ):
        lo -= 1
    while hi + 1 < len(spans) and spans[hi + 1][1] - spans[lo][0] <= ANSWER_CHARS:
        hi += 1
    while lo > 0 and spans[hi][1] - spans[lo - 1][0] <= ANSWER_CHARS:
        lo -= 1
    return text[spans[lo][0] : spans[hi][1]], highlight


def same_person(
    question: Question, window: LinearModel
) -> Callable[[Candidate, Candidate], bool] | None:
    """For a question on who: whether another passage names a person the best passage's
    highlight names after a title ("นายอันวาร์"), so that both give the same answer
    (`choice.choose`: such a passage is no rival). None for other questions."""
    if question.kind is not Kind.PERSON:
        return None
    people: dict[int, frozenset[str]] = {}

    def same(best: Candidate, other: Candidate) -> bool:
        key = id(best)
        if key not in people:
            _, highlight = answer_and_highlight(question, best, window)
            people[key] = people_named(fold_for_search(highlight or ""), question)
        return any(name in other.folded for name in people[key])

    return same
