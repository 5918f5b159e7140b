"""The answer engine: articles in, answers out. Plain Python; the CLI, the bot and the
tests all call this, and nothing here knows about Telegram."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bot.engine.choice import barred, choose
from bot.engine.highlight import answer_and_highlight, same_person
from bot.engine.knowledge import KnowledgeIndex
from bot.engine.names import load_romanizer, respelled
from bot.engine.question import (
    Question,
    analyse,
    asked_nouns,
    language_of,
    links_in,
)
from bot.engine.ranking import (
    CANDIDATES,
    AnswerModel,
    ArticleView,
    Candidate,
    answers,
    candidates,
    lede_lag,
    shipped_model,
)
from bot.engine.terms import other_forms
from bot.engine.words import NAME_LIKE
from bot.text.articles import Article
from bot.text.normalize import whole_characters
from bot.text.passages import split_article
from bot.text.requests import NewsRequest, news_request
from bot.text.smalltalk import is_small_talk
from bot.text.tokenizer import other_cut

DEFAULT_K = 5
MAX_K = 50
MAX_QUESTION_CHARS = 4096
# An English question is answered when the best article holds every name of it the
# knowledge has, and names that carry at least this share of its weight (a name no
# article has may be a capitalized word, "Typhoon", or the subject that is missing)
ENGLISH_NAMES_HELD = 0.5
# ...and when at most this many other articles among the candidates hold them as fully:
# names that many articles share ("ASEAN", "Malaysia") say what the question is about,
# not which article answers it
ENGLISH_ALIKE = 1
ENGLISH_PASSAGES = 8  # of the best article, re-ranked with the retriever's for an English question


@dataclass(frozen=True)
class RankedArticle:
    title: str
    url: str
    score: float
    passage: str
    published: str | None
    category: str | None


@dataclass(frozen=True)
class Answer:
    question: str
    found: bool
    small_talk: bool
    answer: str | None
    title: str | None
    url: str | None
    published: str | None
    score: float
    results: tuple[RankedArticle, ...] = ()
    highlight: str | None = None  # a piece of `answer` that holds the answer itself
    language: str = "th"  # of the question: the language to reply in
    confidence: float = 0.0  # the model's probability that `answer` is right
    # the article a next question may follow up on (`ask`'s `after`): this answer's; when
    # there is none, the one this question followed, if it stayed on its subject
    about: str | None = None
    # a request for the news on a topic (`news_on`): `answer` is the first article's
    # lede, `results` every article found on the topic; not found, no article holds it
    news: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "found": self.found,
            "small_talk": self.small_talk,
            "answer": self.answer,
            "highlight": self.highlight,
            "language": self.language,
            "confidence": round(self.confidence, 4),
            "about": self.about,
            "news": self.news,
            "title": self.title,
            "url": self.url,
            "published": self.published,
            "score": round(self.score, 4),
            "results": [
                {"title": r.title, "url": r.url, "score": round(r.score, 4), "passage": r.passage}
                for r in self.results
            ],
        }


def _not_found(
    question: str,
    small_talk: bool,
    results: tuple[RankedArticle, ...] = (),
    score: float = 0.0,
    language: str = "th",
    confidence: float = 0.0,
    about: str | None = None,
    news: bool = False,
) -> Answer:
    return Answer(
        question,
        False,
        small_talk,
        None,
        None,
        None,
        None,
        score,
        results,
        language=language,
        confidence=confidence,
        about=about,
        news=news,
    )


@dataclass(frozen=True)
class Ranked:
    """A question's candidates after re-ranking, best first, and how sure the best is."""

    question: Question
    candidates: tuple[Candidate, ...]
    logits: tuple[float, ...]
    confidence: float


def analyse_question(kb: KnowledgeIndex, question: str) -> Question:
    if kb.index is None:
        return analyse(question, kb.tokenizer, lambda terms: dict.fromkeys(terms), 1.0)
    index = kb.index
    q = analyse(
        question,
        kb.tokenizer,
        lambda terms: dict(zip(terms, index.term_weights(terms), strict=True)),
        index.max_term_weight,
        kb.latin_sounds,
    )
    heard = respelled(kb.tokenizer(q.folded), kb.title_sounds, q.unknown)
    return replace(q, heard=heard) if heard else q


def retrieve(kb: KnowledgeIndex, q: Question, n: int = CANDIDATES) -> list[Candidate]:
    """The retriever's best n passages with their features (retriever order)."""
    docs = _search(kb, q, n)
    if q.language == "en" and docs:
        docs += [(doc, 0.0) for doc in rest_of_article(kb, docs[0][0], {d for d, _ in docs})]
    return _candidates(kb, q, docs)


def _search(kb: KnowledgeIndex, q: Question, n: int) -> list[tuple[int, float]]:
    """(passage id, retriever score) of the best n passages for the question's words."""
    if kb.index is None or not q.tokens:
        return []
    tokens = list(q.tokens)
    spelled = [w for t in tokens for s in q.spellings.get(t, ()) for w in kb.tokenizer(s)]
    spelled += [w for name in q.heard for w in kb.tokenizer(name)]
    hits = kb.index.search(tokens + other_forms(tokens, kb.index.term_weights) + spelled, n)
    return [(hit.doc, hit.score) for hit in hits]


def _candidates(kb: KnowledgeIndex, q: Question, docs: list[tuple[int, float]]) -> list[Candidate]:
    found = []
    for doc, score in docs:
        passage = kb.passages[doc]
        before = kb.passages[doc - 1].text if passage.position > 0 else ""
        found.append((passage, before, score))
    return candidates(q, found)


def rest_of_article(kb: KnowledgeIndex, doc: int, taken: set[int]) -> list[int]:
    """The best article's other passages, up to ENGLISH_PASSAGES in all, for an English
    question: its words are the names the lede gives (the 11th ASCCO), and the paragraph
    that answers (who chaired it) holds none of them, so beside many articles the
    retriever fills its places with other articles' passages that have an "11"."""
    article = kb.passages[doc].article.id
    first = doc - kb.passages[doc].position
    rest = []
    for other in range(first, min(len(kb.passages), first + ENGLISH_PASSAGES)):
        if kb.passages[other].article.id != article:
            break
        if other not in taken:
            rest.append(other)
    return rest


def rank(kb: KnowledgeIndex, q: Question, model: AnswerModel) -> Ranked:
    return _judged(q, retrieve(kb, q), model)


def _judged(q: Question, found: list[Candidate], model: AnswerModel) -> Ranked:
    """The candidates in the passage model's order, with the confidence in the best."""
    if not found:
        return Ranked(q, (), (), 0.0)
    logits = model.passage.logits(np.stack([c.features for c in found]))
    order, row = choose(
        q, found, logits, same_person(q, model.window), lede_lag(model.passage, found)
    )
    confidence = float(_sigmoid(model.confidence.logits(row[None, :])[0]))
    return Ranked(
        q,
        tuple(found[i] for i in order),
        tuple(float(logits[i]) for i in order),
        confidence,
    )


# A follow-up ("แล้วจัดขึ้นที่ไหน" after a question on the 11th ASCCO) names no subject:
# its asker means the article their last answer came from. It is searched for with that
# article's title beside its words, and only that article's passages are kept (from the
# retriever's best FOLLOW_UP_SEARCH).
FOLLOW_UP_SEARCH = 64


def on_subject_of(kb: KnowledgeIndex, q: Question, url: str) -> Article | None:
    """The article of the asker's last answer, if the question may follow up on it: the
    article is still there, and the question names nothing it lacks. A word it does not
    hold, or one the knowledge never uses, names another subject, or one the knowledge
    does not have; but not a word that says what kind of thing the answer is
    ("ตลาดใหญ่ที่สุดคือประเทศไหน" of an article that names the country only)."""
    article = kb.article_at(url)
    if article is None or not q.tokens:
        return article
    view = ArticleView(q, article)
    return None if view.missing - asked_nouns(q) or view.unknown > 0 else article


def rank_in_article(
    kb: KnowledgeIndex, q: Question, article: Article, model: AnswerModel
) -> Ranked | None:
    """The question asked of one article, judged on its own words: the title only finds
    the passages, so that the confidence says what the question alone finds there. No
    other article competes, so the confidence has no rival to measure against."""
    titled = analyse_question(kb, f"{q.text} {article.title}")
    docs = [
        (doc, score)
        for doc, score in _search(kb, titled, FOLLOW_UP_SEARCH)
        if kb.passages[doc].article.id == article.id
    ][:CANDIDATES]
    found = _candidates(kb, q, docs)
    return _judged(q, found, model) if found else None


def follows(ranked: Ranked, within: Ranked, model: AnswerModel, pointed: bool = False) -> bool:
    """Whether to answer from the previous answer's article (`within`, `rank_in_article`)
    rather than from the question alone (`ranked`): when that article answers it, more
    surely than any other article does; or at all, when the asker `pointed` to it (a
    link)."""
    if not within.candidates or not _confident(within, model):
        return False
    if pointed or not ranked.candidates or not _confident(ranked, model):
        return True
    same = ranked.candidates[0].passage.article.id == within.candidates[0].passage.article.id
    return not same and within.confidence > ranked.confidence


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))


def _confident(ranked: Ranked, model: AnswerModel) -> bool:
    """The learned confidence, for Thai questions (a lower cut when the question names
    the article's title: `ranking.answers`). The model has never seen an English
    question (the training questions are Thai), so an English one is answered by the
    rule the bot promises: when the best article holds every name, acronym or number
    the question shares with the knowledge, names that weigh at least half of them all
    (`ENGLISH_NAMES_HELD`), and one of its passages found writes one as a name. In
    either language, never from an article the question rules out (`choice.barred`: on
    another one of a series it names, or without a place or a year it names)."""
    best = ranked.candidates[0]
    article = best.passage.article
    if barred(ranked.question, best):
        return False
    if ranked.question.language != "en":
        return answers(ranked.confidence, model.threshold, bool(best.view.title_named))
    view = best.view
    alike = {
        c.passage.article.id
        for c in ranked.candidates
        if c.passage.article.id != article.id and c.view.cov >= view.cov - 1e-9
    }
    return (
        view.cov >= ENGLISH_NAMES_HELD
        and view.cov + view.unknown >= 1.0 - 1e-9
        and len(alike) <= ENGLISH_ALIKE
        and any(
            _written_as_a_name(c.passage.text, at, term)
            for c in ranked.candidates
            if c.passage.article.id == article.id
            for at, term in c.found
        )
    )


def _written_as_a_name(text: str, at: int, term: str) -> bool:
    """The text writes the question's word at `at` as a name: capitalized, with a digit
    or a hyphen inside (`one-north`), or in Thai letters (an acronym's letter names;
    folding keeps positions). "what time is it now?" shares `time` with an article's
    "(1 time)", which is the question's English, not a name the two share."""
    first = text[at : at + 1]
    return first.isupper() or not first.isascii() or NAME_LIKE.search(term) is not None


def ask(
    kb: KnowledgeIndex,
    question: str,
    k: int = DEFAULT_K,
    model: AnswerModel | None = None,
    after: str | None = None,
) -> Answer:
    """Answer one question. Never raises on any text; `found` says whether to trust it.
    `after`: the `about` of the asker's previous answer, for a follow-up that names no
    subject (`on_subject_of`, `follows`). A link in the question to an article of the
    knowledge says which article it is about more surely: it is answered from there
    whenever that article answers it (`linked_in`)."""
    question = whole_characters(question[:MAX_QUESTION_CHARS])  # echoed in the answer
    if is_small_talk(question):  # "ขอบคุณครับ" does not change the subject
        return _not_found(question, True, language=language_of(question), about=after)
    q = analyse_question(kb, question)
    linked = linked_in(kb, question)
    if linked is not None:  # a question on a pasted link is about its article
        if not set(q.weights) - ON_THE_LINK:
            return _the_article(question, linked, q.language)
        after = linked.url
    model = model or shipped_model()
    request = news_request(question) if linked is None else None
    if request is not None and (news := news_on(kb, question, request, k, model)) is not None:
        return news
    ranked = rank(kb, q, model)
    answered_there = bool(ranked.candidates) and (
        ranked.candidates[0].passage.article.url == after and _confident(ranked, model)
    )
    # not needed when the question alone is answered from that article already
    subject = on_subject_of(kb, q, after) if after is not None and not answered_there else None
    stays = subject.url if subject is not None else None
    if not ranked.candidates:
        return _not_found(
            question, False, language=q.language, about=stays, news=request is not None
        )
    listed = ranked.candidates
    if subject is not None:
        within = rank_in_article(kb, q, subject, model)
        if within is not None and follows(ranked, within, model, pointed=linked is not None):
            ranked, listed = within, within.candidates + listed
    k = max(1, min(k, MAX_K))
    results: list[RankedArticle] = []
    seen: set[str] = set()
    for candidate in listed:
        passage = candidate.passage
        if passage.article.id in seen:
            continue
        seen.add(passage.article.id)
        results.append(_ranked_article(candidate))
        if len(results) == k:
            break
    best = ranked.candidates[0]
    if not _confident(ranked, model):
        return _not_found(
            question,
            False,
            tuple(results),
            best.score,
            q.language,
            ranked.confidence,
            stays,
            news=request is not None,
        )
    answer, highlight = answer_and_highlight(q, best, model.window)
    return Answer(
        question=question,
        found=True,
        small_talk=False,
        answer=answer,
        title=best.passage.article.title,
        url=best.passage.article.url,
        published=best.passage.article.published,
        score=best.score,
        results=tuple(results),
        highlight=highlight,
        language=q.language,
        confidence=ranked.confidence,
        about=best.passage.article.url,
    )


NEWS_PASSAGES = 48  # searched for a request for the news on a topic: room for MAX_K articles


def news_on(
    kb: KnowledgeIndex, question: str, request: NewsRequest, k: int, model: AnswerModel
) -> Answer | None:
    """A request for the news on a topic (`bot.text.requests`): the articles that hold
    every word of the topic, likeliest first by the passage model (newest first when the
    newest were asked for), the first with its lede. None when no article holds them
    all: the message is then asked as a question, and "not found" lists the closest."""
    q = analyse_question(kb, request.topic)
    found = retrieve(kb, q, NEWS_PASSAGES) if q.weights else []
    if not found:
        return None
    logits = model.passage.logits(np.stack([c.features for c in found]))
    best: dict[str, tuple[float, Candidate]] = {}
    for candidate, logit in zip(found, logits.tolist(), strict=True):
        article = candidate.passage.article.id
        if candidate.view.cov < 1.0 - 1e-9 or not candidate.view.names_all:
            continue
        if article not in best or logit > best[article][0]:
            best[article] = (logit, candidate)
    if not best:
        return None
    on_topic = [c for _, c in sorted(best.values(), key=lambda pair: -pair[0])]
    if request.latest:  # stable: the likelier first among those of one day
        on_topic.sort(key=lambda c: c.passage.article.published or "", reverse=True)
    on_topic = on_topic[: max(1, min(k, MAX_K))]
    first = on_topic[0].passage.article
    return Answer(
        question=question,
        found=True,
        small_talk=False,
        answer=split_article(first)[0].text if first.paragraphs else "",
        title=first.title,
        url=first.url,
        published=first.published,
        score=on_topic[0].score,
        results=tuple(_ranked_article(c) for c in on_topic),
        language=language_of(question),
        confidence=1.0,
        about=first.url,
        news=True,
    )


def _ranked_article(candidate: Candidate) -> RankedArticle:
    article = candidate.passage.article
    return RankedArticle(
        article.title,
        article.url,
        candidate.score,
        candidate.passage.text,
        article.published,
        article.category,
    )


# The words of asking what a pasted link is ("สรุปข่าวนี้หน่อย", "แปลเป็นไทย", "what is
# this article about"): no question on its article, but for the article itself.
ON_THE_LINK = frozenset(
    {
        *("ข่าว", "บทความ", "ลิงก์", "ลิงค์", "ลิ้ง", "ลิ้งค์", "เรื่อง", "เนื้อหา", "ใจความ"),
        *("สรุป", "อ่าน", "แปล", "ไทย", "ภาษาไทย", "นี้", "นี่"),
        *("news", "article", "link", "story", "summary", "summarize", "summarise", "tldr"),
        *("translate", "thai", "about"),
    }
)


def linked_in(kb: KnowledgeIndex, question: str) -> Article | None:
    """The one article of the knowledge that a question's pasted links point to."""
    found = {a.url: a for link in links_in(question) if (a := kb.article_linked(link))}
    return next(iter(found.values())) if len(found) == 1 else None


def _the_article(question: str, article: Article, language: str) -> Answer:
    """A link pasted with no question ("what is this?"): the article's first passage, its
    lede, which says what it is about (the agency's article is a Thai summary of the
    foreign news the link may point to)."""
    lede = split_article(article)[0].text if article.paragraphs else ""
    return Answer(
        question=question,
        found=True,
        small_talk=False,
        answer=lede,
        title=article.title,
        url=article.url,
        published=article.published,
        score=1.0,
        language=language,
        confidence=1.0,
        about=article.url,
    )


# Questions answered once before any user's: they load the segmenter's dictionary (about
# 0.1 s) and the English word list of a question typed in one case (about 0.4 s), which
# would otherwise hold up the first questions asked after a start; so does the romanizer
# of a name in Thai letters (`names.load_romanizer`).
WARM_UP_QUESTIONS = ("ประชาคมอาเซียนคืออะไร What is ASEAN 2019?", "what is asean?")


def warm_up(kb: KnowledgeIndex) -> None:
    other_cut("ทดสอบ")
    load_romanizer()
    for question in WARM_UP_QUESTIONS:
        ask(kb, question)
