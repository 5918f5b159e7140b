"""The answer's order: which candidate passage to answer from, and the confidence
model's row for it. The passage model's likeliest, unless the article the question
names is nearly as likely (`named_first`), or a passage of the best article holds what
the question asks for and is nearly as likely (`best_index`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from bot.engine.evidence import NATIONALITY, PREFERRED_KINDS, has_evidence
from bot.engine.holders import holders, office_of
from bot.engine.narrowing import counts_asked, named_doer
from bot.engine.ordinals import names_a_series, ordinal_said, other_of_series
from bot.engine.question import Kind, Question
from bot.engine.ranking import PASSAGE_FEATURES, ArticleView, Candidate
from bot.engine.series import one_of_series, what_followed, year_asked
from bot.engine.terms import MEASURES
from bot.text.news_words import said_groups

# How much of its lede's lead a news article keeps against other articles. The passage
# model likes an article's first passage, as it learned from encyclopedia questions,
# most of them answered by an article's opening; a news report spreads what is asked
# over its paragraphs (the lede says who, what and when; a later one who chaired, what
# followed, who came before), and an article whose lede holds the question's topic
# words outranked the one whose later paragraph answers. Between articles the lede
# counts half; within the article answered from, in full, since there the lede is still
# where an answer most often is (`docs/answers.md`, step 4).
NEWS_LEDE_SHARE = 0.5
# How much less likely (in the passage model's log-odds) a passage of the same article
# may be and still be preferred for holding what the question asks for.
KIND_PREFERENCE = 4.0
STRONG_PREFERENCE = 8.0  # with stronger evidence (`best_index`)
# ...and for holding the question's rarest words that lie beyond the lede (`beyond_lede`)
BEYOND_LEDE_PREFERENCE = 2.0
ASKED = PASSAGE_FEATURES.index("asked_passage")
# The nouns a question asks for an organisation with ("บริษัทใด", which company): a
# text names one after its noun ("บริษัท China Road and Bridge Corporation"), as it names
# a person after a title, and the paragraph that does is preferred as for a person.
ORGANISATIONS = frozenset(
    ["บริษัท", "หน่วยงาน", "องค์กร", "องค์การ", "พรรค", "สโมสร", "ทีม", "ค่าย", "มหาวิทยาลัย", "ธนาคาร"]
)


def choose(
    question: Question,
    found: Sequence[Candidate],
    logits: np.ndarray,
    same_answer: Callable[[Candidate, Candidate], bool] | None = None,
    lag: np.ndarray | None = None,
) -> tuple[list[int], np.ndarray]:
    """The candidates in answer order (the passage model's, the one to answer from moved
    first: `best_index`) and the confidence model's row for that one. Its rival is the
    likeliest passage of another article; its strength is the article's best logit, and
    its passage signals the likeliest passage's, whichever passage answers: the
    paragraph that names the chair need not name the meeting its lede does. A passage of
    another article that gives the same answer (`same_answer`) is no rival: news repeats
    who holds an office in every article on them. Only an article of the series asked of
    (`of_the_series`) that names its places, years and fields (`naming_all`) answers, if
    any does, and one that does not name them is a lesser rival (`_as_rivals`).

    `lag` is how far behind its article's first passage each candidate is for where it
    sits in a news article alone (`ranking.lede_lag`): between articles only
    NEWS_LEDE_SHARE of it counts, within the answer's article all of it. Not for an
    English question, whose names find an article and say nothing of which paragraph
    answers: a later paragraph that names Microsoft is no better for it than a lede."""
    within = named_first(found, logits)
    if lag is not None and question.language != "en":
        logits = named_first(found, logits + (1.0 - NEWS_LEDE_SHARE) * lag)
    else:
        logits = within
    series = of_the_series(question, found)
    naming = naming_all(question, found)
    eligible = series & naming if (series & naming).any() else series
    ordered = np.where(eligible, held_first(question, found, logits), -math.inf)
    order = sorted(range(len(found)), key=lambda i: (-ordered[i], i))
    superseded = later_report(question, found, ordered, order[0])
    if superseded is not None:  # the later report answers, and the earlier is no rival
        ordered = np.where([c.passage.article.id == superseded for c in found], -math.inf, ordered)
        order = sorted(range(len(found)), key=lambda i: (-ordered[i], i))
    strongest = order[0]
    top = found[strongest].passage.article.id
    in_article = np.array([c.passage.article.id == top for c in found]) & eligible
    best = best_index(
        question, found, np.where(in_article, held_first(question, found, within), -math.inf)
    )
    order.remove(best)
    order.insert(0, best)
    article = found[best].passage.article.id
    if found[strongest].passage.article.id != article:
        strongest = best
    rivals = _as_rivals(question, found, logits, naming, found[best].view)
    runner_up = next(
        (
            float(rivals[i])
            for i in sorted(range(len(found)), key=lambda i: (-rivals[i], i))
            if found[i].passage.article.id not in (article, superseded)
            and series[i]
            and not (same_answer is not None and same_answer(found[best], found[i]))
        ),
        None,
    )
    row = confidence_row(
        question, found[best], float(logits[eligible].max()), runner_up, found[strongest]
    )
    return order, row


# How much less likely (in the passage model's log-odds) a later report of the same story
# may be and still be answered from (`later_report`).
LATER_PREFERENCE = 3.0


def later_report(
    question: Question, found: Sequence[Candidate], logits: np.ndarray, best: int
) -> str | None:
    """The likeliest candidate's article when a later report of its story should answer
    instead: news reports a story again as it unfolds ("the toll a week on"), and the
    earlier report's shorter lede may outrank the later one, which holds the latest
    figures. A later report (a later date) of the same story (its title holds every word
    of the question that the earlier title holds) that holds every word of the question
    the earlier article holds, within LATER_PREFERENCE, answers; the earlier one is then
    no rival to it. So does a report of the same story, of any date, that holds more of
    the question's words: the report of the election that followed an impeachment
    outranked the report of the impeachment on a question on the acting president
    (รักษาการ), which only the earlier one tells. None when there is none (and for
    undated articles)."""
    first = found[best]
    published = first.passage.article.published
    if not published:
        return None
    story = {t for t in question.weights if t in first.view.title}
    if not story:
        return None
    # the story's words for a fuller report: not a piece of a name (ยุ of ยุน, ดี|พ|ซี|ค
    # of ดีพซีค), which the segmenter cuts otherwise elsewhere, and which is inside any title
    words = {t for t in story if len(t) > 2}
    weight = sum(question.weights[t] for t in words)
    later = [
        i
        for i, c in enumerate(found)
        if c.passage.article.published
        and c.passage.article.id != first.passage.article.id
        and logits[i] >= logits[best] - LATER_PREFERENCE
        and (
            (
                c.passage.article.published > published
                and c.view.missing <= first.view.missing
                and all(t in c.view.title for t in story)
            )
            # the fuller report: its title holds most of the story, and it holds more of
            # what is asked of it than the measure asked for (นาน of "นานแค่ไหน", which
            # any report may write of something else)
            or (
                c.view.missing - MEASURES < first.view.missing - MEASURES
                and weight > 0
                and sum(question.weights[t] for t in words if t in c.view.title) >= weight / 2
            )
        )
    ]
    return first.passage.article.id if later else None


def of_the_series(question: Question, found: Sequence[Candidate]) -> np.ndarray:
    """Per candidate: not from an article on another one of a series the question names
    by its ordinal (`bot.engine.ordinals`), which never answers it and is no rival: the
    article on the 46th summit holds every word of "การประชุมสุดยอดอาเซียนครั้งที่ 47
    จัดที่ไหน" but the number, and when it came first the question was declined although
    the article on the 47th came next. Read only for a question that names an ordinal;
    the others stay in the order, as the closest articles a "not found" lists. All of
    them when none is eligible: the likeliest then says "not found" (`answering`)."""
    every = np.ones(len(found), dtype=bool)
    if not names_a_series(question.folded):
        return every
    other: dict[str, bool] = {}
    for c in found:
        article = c.passage.article
        if article.id not in other:
            other[article.id] = other_of_series(question.folded, article)
    eligible = np.array([not other[c.passage.article.id] for c in found], dtype=bool)
    return eligible if eligible.any() else every


def naming_all(question: Question, found: Sequence[Candidate]) -> np.ndarray:
    """Per candidate: its article names every place, year and field the question names
    (`ArticleView.names_all`). One that does not never answers (`barred`), and the
    likeliest of those that do answers instead: the article on Singapore's election
    outranked the one on Nepal's for "เนปาลจะเลือกตั้งใหม่เมื่อไร" on เลือกตั้ง alone."""
    return np.array([c.view.names_all for c in found], dtype=bool)


# How much less likely (in the passage model's log-odds) an article that never names the
# place, year or field asked of counts as a rival than the passage model puts it.
OTHER_PLACE_DISCOUNT = 3.0


def _as_rivals(
    question: Question,
    found: Sequence[Candidate],
    logits: np.ndarray,
    naming: np.ndarray,
    answer: ArticleView,
) -> np.ndarray:
    """The logits as rivals of the answer (from `answer`'s article) in the confidence's
    margin. An article that never names the place asked of (`naming_all`) still says that
    the question's other words fit it, and may fit it far better ("รถไฟความเร็วสูงไทย-
    จีน..." fits the article on the Jakarta railway 3 log-odds above the one on the
    Laos-China railway, which names ไทย but tells of another line): it is a rival
    OTHER_PLACE_DISCOUNT less likely than the passage model puts it. When the answer's
    title names every place the question names, the answer's article is on that place:
    an article that never names it is no rival (the Australian ban on social media, for
    "รัฐบาลเนปาลแบนโซเชียลมีเดีย..."), and one that names it but not in its title is the
    discounted rival (the Philippines' rice tariff, which names Vietnam as its seller, for
    "ใครซื้อข้าวเวียดนามเยอะสุด"). Any article counts in full when it holds a word of the
    question the answer's article lacks: the question may be on what the knowledge tells
    only of another place ("ใครเป็นรัฐมนตรีคมนาคมมาเลเซีย", of articles on Malaysia that
    never say คมนาคม)."""
    titled_places = _places_in_title(question, answer)
    about = bool(titled_places) and all(titled_places)
    if not about and naming.all():  # most questions: every candidate names what they ask
        return logits
    lacking = answer.missing
    holds_more = np.array([bool(lacking - c.view.missing) for c in found], dtype=bool)
    if not about:
        return np.where(naming | holds_more, logits, logits - OTHER_PLACE_DISCOUNT)
    titled = np.array([any(_places_in_title(question, c.view)) for c in found], dtype=bool)
    return np.where(
        holds_more | (naming & titled),
        logits,
        np.where(naming, logits - OTHER_PLACE_DISCOUNT, -math.inf),
    )


def barred(question: Question, best: Candidate) -> bool:
    """The best candidate never answers the question, however likely: its article is on
    another one of a series the question names (the 11th meeting for "the 12th"), or
    never names a place (a country, a Thai province) or a year the question names
    ("แผ่นดินไหวที่ตุรกี..." of the earthquake in Myanmar, "ปี 2563 เวียดนามส่งออกข้าว..." of
    the exports of 2024; in the dev set, 1 of the 540 questions that name a country, and
    none of the 59 that name a province or the 164 that name a year, is on an article
    that does not name it)."""
    return other_of_series(question.folded, best.passage.article) or not best.view.names_all


HELD_FIRST = 100.0  # far beyond any gap between two logits


def held_first(question: Question, found: Sequence[Candidate], logits: np.ndarray) -> np.ndarray:
    """For an English question, the logits with the articles that hold more of its names
    first: the passage model learned from Thai questions, whose every word is evidence,
    how much a title that holds a word counts against the rest of the article; an English
    question shares only its names with Thai text, and "Typhoon Yagi ... in Vietnam" is
    on the article that says Yagi and เวียดนาม, not on another whose title says เวียดนาม.
    The model still orders articles that hold as much."""
    if question.language != "en":
        return logits
    held = np.array([round(c.view.cov, 6) for c in found])
    return logits + HELD_FIRST * held + SHOWN_PREFERENCE * _shown_share(question, found)


# How much likelier (in log-odds) an article is for an English question when it says all
# of what happened that the question says ("sentenced": ตัดสิน), beside another that holds
# its names as fully
SHOWN_PREFERENCE = 2.0


def _shown_share(question: Question, found: Sequence[Candidate]) -> np.ndarray:
    """Per candidate: the weighted share of the question's words of what happened
    (`Question.shown`) that its article holds, each English word held by any of its Thai
    words ("paused": ชะลอ or เลื่อน). "What sentence did Sheikh Hasina receive?" names
    Hasina as the article on the interim government does, and only the article on her
    sentence says ตัดสิน."""
    groups = [
        (forms, max(question.shown[t] for t in forms))
        for group in said_groups(question.text)
        if (forms := [t for t in group if t in question.shown])
    ]
    total = sum(weight for _, weight in groups)
    if not total:
        return np.zeros(len(found))
    share: dict[str, float] = {}
    for c in found:
        key = c.passage.article.id
        if key not in share:
            held = (w for forms, w in groups if any(t in c.view.text for t in forms))
            share[key] = sum(held) / total
    return np.array([share[c.passage.article.id] for c in found])


# How much less likely (in the passage model's log-odds) the article a question names may
# be and still come before a likelier one that it names less specifically, or not at all.
NAMED_PREFERENCE = 0.5
RIVAL = PASSAGE_FEATURES.index("title_rival")


def named_first(found: Sequence[Candidate], logits: np.ndarray) -> np.ndarray:
    """The logits, with the article the question names raised just above a likelier
    rival when it is nearly as likely. "ปลาแค้วัว...อยู่ในวงศ์อะไร" names the article
    ปลาแค้วัว in full; a namesake's article (ปลาแค้งู) that speaks of it holds as many of
    the question's words, and which of the two the model put first changed with each
    retraining (0.01 apart): the name is the better tie-break."""
    best = int(np.argmax(logits))
    if not found[best].features[RIVAL]:
        return logits
    named = [i for i, c in enumerate(found) if c.view.title_named and not c.features[RIVAL]]
    if not named:
        return logits
    other = max(named, key=lambda i: (logits[i], -i))
    gap = float(logits[best] - logits[other])
    if gap > NAMED_PREFERENCE:
        return logits
    article = found[other].passage.article.id
    same = np.array([c.passage.article.id == article for c in found])
    return np.where(same, logits + gap + 1e-6, logits)


def _places_in_title(question: Question, view: ArticleView) -> list[bool]:
    """Per place the question names: the article's title names it."""
    return [any(name in view.title for name in names) for names in question.places]


def best_index(question: Question, found: Sequence[Candidate], logits: np.ndarray) -> int:
    """The candidate to answer from: the likeliest, unless the question asks for a person,
    a date, a number, a place, a reason or an organisation that it does not hold and a
    passage of the same article that holds one is nearly as likely. A news article's lede
    names the event ("the 11th ASCCO"); who chaired it is in a later paragraph, which the
    lede outranks on the question's topic words alone. An English question shares only
    names and numbers with Thai text, which find the article but say nothing of which
    paragraph answers: there, what it asks for decides within the article.

    "Nearly" is wider (STRONG_PREFERENCE) when the evidence is stronger: a number in the
    unit the question counts in, or a passage that also holds more of the words the
    question asks beyond its article's lede ("ประธาน" of "who chaired the 11th ASCCO").

    A question on the next one of a series or the one before, on last or next year, or on
    one of a series the article tells of more than one of ("รอบสอง"), is answered first
    from a passage that speaks of it (`one_of_series`, `year_asked`, `ordinal_said`),
    within KIND_PREFERENCE; one on what came next ("...ไปขึ้นฝั่งที่ไหนต่อ"), from a
    passage that says what followed (`what_followed`), within STRONG_PREFERENCE: the
    question itself says the answer is beyond the lede's event;
    then from one that holds its rarest words when they lie beyond the lede
    (`beyond_lede`), within BEYOND_LEDE_PREFERENCE; an English question from one that
    says what happened (`Question.shown`) where the lede does not ("When will Nepal hold
    its next election?": the paragraph on the election, not the lede on the new prime
    minister), within KIND_PREFERENCE."""
    best = int(np.argmax(logits))
    article = found[best].passage.article.id
    # the next one of a series or the one before; last year's figure, not the lede's of
    # this year; the second round, not the first; what came after the lede's event
    year = year_asked(question, found[best].passage.article.published)
    series = ordinal_said(question.folded, found[best].view.text)
    for said, gap in (
        (one_of_series(question), KIND_PREFERENCE),
        (year, KIND_PREFERENCE),
        (series, KIND_PREFERENCE),
        (what_followed(question), STRONG_PREFERENCE),
    ):
        if said is not None:
            speaks = np.array(
                [c.passage.article.id == article and bool(said.search(c.folded)) for c in found]
            )
            moved = preferred(question, logits, speaks, gap)
            if moved != best:
                return moved
    office = office_of(question)
    if office is not None:  # who holds it: where a person is named beside it
        named = np.array(
            [
                c.passage.article.id == article and bool(holders(c.folded, office, c.view.text))
                for c in found
            ]
        )
        moved = preferred(question, logits, named, KIND_PREFERENCE)
        if moved != best:
            return moved
    moved = preferred(question, logits, beyond_lede(question, found, best), BEYOND_LEDE_PREFERENCE)
    if moved != best:
        return moved
    if question.shown:  # an English question: the passage that says what happened
        beyond = [t for t in question.shown if t not in found[best].view.lede]
        says = np.array(
            [c.passage.article.id == article and any(t in c.folded for t in beyond) for c in found]
        )
        moved = preferred(question, logits, says, KIND_PREFERENCE)
        if moved != best:
            return moved
    if question.kind not in PREFERRED_KINDS and not (
        question.kind is Kind.OTHER and question.noun in ORGANISATIONS
    ):
        return best
    column = PASSAGE_FEATURES.index(f"kind_{question.kind.value}")
    holds = np.array(
        [
            c.passage.article.id == article
            and (
                c.features[column] > 0 or (question.kind is Kind.PERSON and named_doer(question, c))
            )
            for c in found
        ]
    )
    if found[best].view.evidence is NATIONALITY:
        # a people before a name ("ชาวอาร์เจนตินา") says whose someone is; any place does not
        return preferred(question, logits, holds, STRONG_PREFERENCE)
    if found[best].view.counted:
        # the count of what is asked: the passage that writes it just before a number
        # in the unit ("รวมผู้เสียชีวิตทั่วประเทศอย่างน้อย 10 คน"), where the lede's
        # counts in the unit are others' (the hostel's guests, the planned 8 days)
        of_what = np.array(
            [c.passage.article.id == article and bool(counts_asked(question, c)) for c in found]
        )
        moved = preferred(question, logits, of_what, STRONG_PREFERENCE)
        if moved != best:
            return moved
        return preferred(question, logits, holds, STRONG_PREFERENCE)
    asked = np.array([c.features[ASKED] for c in found])
    gaps = np.where(asked > asked[best], STRONG_PREFERENCE, KIND_PREFERENCE)
    return preferred(question, logits, holds, gaps)


def beyond_lede(question: Question, found: Sequence[Candidate], best: int) -> np.ndarray:
    """Per candidate: of the best one's article, and holding each of the question's
    rarest words (of the highest weight among those the article holds) that lie beyond
    its title and lede; none, when the lede holds them all. A news lede names the event,
    and the passage model, fitted on encyclopedia articles that answer in their first
    paragraph, prefers it; the paragraph with the rarest of what the question asks
    beyond the event answers ("ทำไมนักเศรษฐศาสตร์ถึงห่วงโครงการอาหารฟรี..." of the
    article whose fourth paragraph is the economists'). Only the rarest: a common word
    beyond the lede (จำนวน, ปี) is as often in a paragraph that does not answer."""
    view = found[best].view
    weights = question.weights
    rarest = max((weights[t] for t in weights if t not in view.missing), default=0.0)
    asked = {t for t in view.asked if t not in view.missing and weights[t] >= rarest}
    article = found[best].passage.article.id
    return np.array(
        [
            bool(asked) and c.passage.article.id == article and asked <= {t for _, t in c.found}
            for c in found
        ]
    )


def preferred(
    question: Question, logits: np.ndarray, holds: np.ndarray, gap: float | np.ndarray
) -> int:
    """The likeliest (first on a tie), unless it does not hold what the question asks for
    and the likeliest of those that do (`holds`) is at most `gap` (its own, when one per
    candidate) less likely, or any less likely for an English question, whose words say
    where its subject is named, not where the answer is."""
    best = int(np.argmax(logits))
    if holds[best] or not holds.any():
        return best
    holding = np.flatnonzero(holds)
    other = int(holding[np.argmax(logits[holding])])
    allowed = (
        math.inf if question.language == "en" else float(np.broadcast_to(gap, logits.shape)[other])
    )
    return other if logits[other] >= logits[best] - allowed else best


def confidence_row(
    question: Question,
    best: Candidate,
    best_logit: float,
    runner_up: float | None,
    strongest: Candidate | None = None,
) -> np.ndarray:
    view = best.view
    lead = strongest or best
    f = dict(zip(PASSAGE_FEATURES, lead.features.tolist(), strict=True))
    kind_found = (
        float(has_evidence(view.evidence, best.other[0]))
        if question.kind is not Kind.OTHER
        else 1.0
    )
    return np.array(
        [
            best_logit,
            # no passage of another article came up: no rival to measure against
            min(best_logit - runner_up, 10.0) if runner_up is not None else math.nan,
            lead.score,
            f["cov_passage"],
            view.cov,
            view.cov_title,
            f["near_passage"],
            f["grams_passage"],
            view.grams,
            view.pairs,
            view.missing_max,
            view.unknown,
            math.log1p(len(question.weights)),
            float(question.language == "en"),
            kind_found,
        ]
    )
