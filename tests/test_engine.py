from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.engine.answering import ask
from bot.engine.knowledge import KnowledgeIndex, build_index, update_index
from bot.search import kernels
from bot.search.counts import count_article, count_tokenized, gram_columns, token_hash
from bot.search.index import Hit, IndexConfig, LayeredIndex, PassageIndex
from bot.search.models import HashedTerms, TermModel, csr_arrays, distinct_ids, query_table
from bot.text.articles import Article
from bot.text.loader import load_knowledge
from bot.text.smalltalk import asks_for_latest
from tests.conftest import SEED_URL, load_and_build

ROOT = Path(__file__).resolve().parent.parent


def union_query(
    models: Sequence[HashedTerms | None], grams: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """One question vector across segments, as the search builds it: each gram weighted
    once (sublinear tf x IDF), l2-normalized, as (columns, weights) per segment."""
    hashed, tf = np.unique(grams, return_counts=True)
    cols, weights = kernels.question_weights(tuple(query_table(m) for m in models), hashed, tf)
    return [(row[row >= 0], weights[row >= 0]) for row in cols]


def word_scores(model: TermModel, cols: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Every document's score in one word model, by walking the question's rows."""
    scores = np.zeros(model.size, dtype=np.float32)
    kernels.add_postings(scores, *csr_arrays(model), cols, weights)
    return scores


def search(index: PassageIndex, tokens: Sequence[str], k: int = 5) -> list[Hit]:
    return LayeredIndex(index).search(tokens, k)


@pytest.fixture
def tiny(tiny_dir: Path) -> KnowledgeIndex:
    kb, _ = load_and_build(tiny_dir)
    return kb


@pytest.mark.parametrize(
    ("question", "url"),
    [
        ("ทุเรียนหมอนทองปลูกที่จังหวัดไหน", "https://example.org/durian"),
        ("รถไฟความเร็วสูงมีระยะทางกี่กิโลเมตร", "https://example.org/rail"),
        ("น้ำท่วมที่เชียงรายกระทบกี่ครัวเรือน", "https://example.org/flood"),
    ],
)
def test_each_question_finds_its_article(tiny: KnowledgeIndex, question: str, url: str) -> None:
    answer = ask(tiny, question)
    assert answer.found and not answer.small_talk
    assert answer.url == url
    assert answer.results[0].url == url
    assert len({r.url for r in answer.results}) == len(answer.results)  # one row per article


def test_answer_carries_article_metadata(tiny: KnowledgeIndex) -> None:
    answer = ask(tiny, "รถไฟความเร็วสูงจะเปิดให้บริการปีไหน")
    assert answer.title == "รถไฟความเร็วสูงไทยจีน"
    assert answer.published == "2024-06-10"
    assert answer.answer is not None and "2571" in answer.answer


def test_common_era_year_finds_buddhist_era_text(tiny: KnowledgeIndex) -> None:
    answer = ask(tiny, "เปิดให้บริการปี 2028")
    assert answer.url == "https://example.org/rail"


def test_k_is_capped_at_corpus_size(tiny: KnowledgeIndex) -> None:
    answer = ask(tiny, "จังหวัด", k=50)
    assert 1 <= len(answer.results) <= 3


@pytest.mark.parametrize("question", ["", "   ", "?!", "\u200b"])
def test_empty_questions_return_nothing(tiny: KnowledgeIndex, question: str) -> None:
    answer = ask(tiny, question)
    assert not answer.found and answer.results == () and answer.answer is None


@pytest.mark.parametrize("question", ["สวัสดีครับ", "ขอบคุณค่ะ", "hi", "Thank you!", "👍"])
def test_small_talk_is_not_a_question(tiny: KnowledgeIndex, question: str) -> None:
    answer = ask(tiny, question)
    assert answer.small_talk and not answer.found and answer.results == ()


@pytest.mark.parametrize(
    "message",
    [
        "ข่าวล่าสุด",
        "มีข่าวอะไรใหม่บ้างครับ",
        "ขอดูข่าวล่าสุดหน่อยค่ะ",
        "มีอะไรใหม่บ้าง?",
        "latest news",
        "What's new?",
        "any new articles?",
        "สวัสดีครับ มีข่าวอะไรใหม่บ้าง",
        "บทความล่าสุดคืออะไร",
    ],
)
def test_asking_for_the_newest_news_is_recognised(message: str) -> None:
    assert asks_for_latest(message)


@pytest.mark.parametrize(
    "message",
    [
        "ข่าวล่าสุดเรื่องน้ำท่วม",
        "ข่าวน้ำท่วมภาคเหนือ",
        "news about ASEAN",
        "ใหม่",
        "new york",
        "สวัสดีครับ",
        "ใครเป็นประธานการประชุม",
    ],
)
def test_a_question_with_a_topic_is_not_a_request_for_the_newest(message: str) -> None:
    assert not asks_for_latest(message)


def test_greeting_followed_by_a_question_is_answered(tiny: KnowledgeIndex) -> None:
    answer = ask(tiny, "สวัสดีครับ ทุเรียนหมอนทองปลูกที่จังหวัดไหน")
    assert answer.found and answer.url == "https://example.org/durian"


@pytest.mark.parametrize(
    "question", ["ราคาบิตคอยน์วันนี้เท่าไร", "ช่วยสั่งพิซซ่าให้หน่อย", "who won the world cup"]
)
def test_unanswerable_question_is_declined(tiny: KnowledgeIndex, question: str) -> None:
    answer = ask(tiny, question)
    assert not answer.found and not answer.small_talk and answer.answer is None


def test_seed_article_found_with_arabic_digits_and_common_era(seed_dir: Path) -> None:
    kb, _ = load_and_build(seed_dir)
    answer = ask(kb, "ประชุมวันที่ 5 มีนาคม 2019")
    assert answer.found and answer.url == SEED_URL
    assert answer.answer is not None and "๕ มีนาคม พ.ศ. ๒๕๖๒" in answer.answer


def test_answer_is_at_most_600_chars_around_the_matching_words(seed_dir: Path) -> None:
    kb, _ = load_and_build(seed_dir)
    answer = ask(kb, "ศูนย์ปฏิบัติการทุ่นระเบิดแห่งภูมิภาคอาเซียน")
    assert answer.found and answer.answer is not None
    assert len(answer.answer) <= 600
    assert "ศูนย์ปฏิบัติการทุ่นระเบิดแห่งภูมิภาคอาเซียน" in answer.answer
    assert answer.answer in "\n".join(p.text for p in kb.passages)  # a real span, not rewritten


def test_empty_knowledge_base_answers_nothing(tmp_path: Path) -> None:
    kb = build_index(load_knowledge(tmp_path).articles)
    answer = ask(kb, "อะไรก็ได้")
    assert not answer.found and answer.results == ()


def test_index_search_is_pure_and_capped() -> None:
    index = PassageIndex.build(
        [
            count_article(["แมว"], [["แมว", "กิน", "ปลา"]]),
            count_article(["หมา"], [["หมา", "กิน", "กระดูก"]]),
        ]
    )
    hits = search(index, ["หมา", "กระดูก"], k=10)
    assert [h.doc for h in hits] == [1, 0] or [h.doc for h in hits] == [1]
    assert hits[0].score > 0
    assert search(index, [], k=3) == []
    assert search(index, ["ไม่มีคำนี้"], k=3) == []
    assert search(index, ["กิน"], k=0) == []


def test_common_words_rank_as_if_every_term_were_walked() -> None:
    """Terms in many passages are left out of the walk and added for the candidates
    only; a question of such words alone must still find the passages, ranked as a walk
    of every term ranks them."""
    index = PassageIndex.build(
        [
            count_article([f"เรื่อง{i}"], [["ข่าว", "วันนี้", *(["ฝน"] * (i % 4)), f"คำ{i}"]])
            for i in range(40)
        ]
    )
    walk_all = replace(index, config=IndexConfig(common_share=1.0))
    for question in (["ข่าว", "ฝน"], ["ข่าว", "วันนี้"], ["ฝน", "คำ7"]):
        hits = search(index, question, k=5)
        assert hits, question
        assert hits == search(walk_all, question, k=5), question


def test_an_article_counts_the_same_alone_and_in_a_batch() -> None:
    """Counts are cached per article, so a batch neighbour must never change them."""
    articles = [
        (["แมว", "ดำ"], [["แมว", "กิน", "ปลา", "ปลา"], ["ดำ", "นอน"]]),
        ([], []),  # no words at all
        (["หมา"], [["ปลา", "หมา", "กิน", "กระดูก"]]),
        (["ข่าว"], []),  # a title without passages
        (["แมว"], [["กิน", "แมว", "ดำ"]]),
    ]
    batch = count_tokenized(articles)
    for (title, passages), together in zip(articles, batch, strict=True):
        alone = count_article(title, passages)
        assert together.tokens == alone.tokens
        assert together.token_ids.tolist() == alone.token_ids.tolist()
        for field in ("passages", "title", "passage_tokens"):
            for mine, theirs in zip(getattr(together, field), getattr(alone, field), strict=True):
                assert mine.dtype == theirs.dtype and mine.tolist() == theirs.tolist()
    # an article's own tokens, in order of first use; each passage counts title + body
    cat = batch[4]
    assert cat.tokens.split("\x00") == ["แมว", "กิน", "ดำ"]
    assert cat.passage_tokens.values.tolist() == [2, 1, 1]  # แมว (title too), กิน, ดำ
    assert batch[2].passage_tokens.values.tolist() == [2, 1, 1, 1]  # หมา twice


def test_articles_without_words_still_load_and_answer_nothing(tmp_path: Path) -> None:
    from tests.conftest import write_jsonl

    write_jsonl(
        tmp_path / "x.jsonl", [{"title": "!!!", "url": "https://e.org/x", "text": "🎉 ... ---"}]
    )
    kb, loaded = load_and_build(tmp_path)
    assert len(loaded.articles) == 1
    assert not ask(kb, "อะไรก็ได้").found


def test_a_single_short_article_is_searchable(tmp_path: Path) -> None:
    from tests.conftest import write_markdown

    write_markdown(tmp_path / "one.md", "ข่าวเดียว", "https://e.org/one", "ดาวเทียมดวงใหม่ขึ้นสู่วงโคจร")
    kb, _ = load_and_build(tmp_path)
    assert ask(kb, "ดาวเทียมดวงใหม่").url == "https://e.org/one"


def test_token_columns_are_hashing_vectorizers_and_char_grams_match() -> None:
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer

    from bot.search.counts import (
        CHAR_FEATURES,
        CHAR_GRAMS,
        CHAR_HASHER,
        WORD_FEATURES,
        hashed_column,
        token_hash,
        unigram_columns,
    )

    words = ["อาเซียน", "ประชุม", "asean", "2019", "ผู้แทน", "ก"]
    reference = HashingVectorizer(analyzer=lambda d: d, n_features=WORD_FEATURES)
    ids = np.array([token_hash(w) for w in words], dtype=np.int64)
    assert sorted(unigram_columns(ids).tolist()) == sorted(
        reference.transform([words]).indices.tolist()
    )
    text = "ผู้แทน อาเซียน"
    assert sorted({hashed_column(g, CHAR_FEATURES) for g in CHAR_GRAMS(text)}) == sorted(
        CHAR_HASHER.transform([text]).indices.tolist()
    )


def test_word_model_equals_sklearn_tfidf_over_unigrams_and_bigrams() -> None:
    """Hashing in bulk must not change the model: same cosines as TfidfVectorizer over the
    same grams (sublinear tf, smooth idf, l2)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from bot.text.tokenizer import with_bigrams

    articles = [
        (["ข่าว", "อาเซียน"], [["ประชุม", "อาเซียน", "ประชุม"], ["ผู้แทน", "ไทย"]]),
        (["รถไฟ"], [["รถไฟ", "ความเร็วสูง", "กรุงเทพ", "รถไฟ", "ความเร็วสูง"]]),
        (["น้ำท่วม"], [["เชียงราย", "น้ำท่วม", "5,000"], []]),
    ]
    index = PassageIndex.build([count_article(t, p) for t, p in articles])
    texts = [[*t, *body] for t, passages in articles for body in passages]
    reference = TfidfVectorizer(analyzer=with_bigrams, sublinear_tf=True)
    matrix = reference.fit_transform(texts)
    for question in (["ประชุม", "อาเซียน"], ["รถไฟ", "ความเร็วสูง"], ["ไทย"]):
        expected = (matrix @ reference.transform([question]).T).toarray().ravel()
        grams, _ = gram_columns(np.array([token_hash(t) for t in question], dtype=np.int64))
        (query,) = union_query([index.words], grams)
        assert np.allclose(word_scores(index.words, *query), expected, atol=1e-5)


def test_char_model_composed_from_tokens_equals_direct_char_tfidf() -> None:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from bot.search.counts import CHAR_HASHER, char_columns

    articles = [
        (["ข่าว", "อาเซียน"], [["ประชุม", "อาเซียน", "ประชุม"], ["ผู้แทน", "ไทย"]]),
        (["รถไฟ"], [["รถไฟ", "ความเร็วสูง", "กรุงเทพ"]]),
        (["น้ำท่วม"], [["เชียงราย", "น้ำท่วม", "5,000"], []]),
    ]
    index = PassageIndex.build([count_article(t, p) for t, p in articles])
    assert index.chars is not None
    texts = [" ".join([*t, *body]) for t, passages in articles for body in passages]
    reference = TfidfVectorizer(analyzer=CHAR_HASHER.build_analyzer(), sublinear_tf=True)
    matrix = reference.fit_transform(texts)
    query = "ประชุมผู้แทน"
    expected = (matrix @ reference.transform([query]).T).toarray().ravel()
    ((cols, weights),) = union_query([index.chars], char_columns(query))
    got = index.chars.scores(np.arange(len(texts)), cols, weights)
    assert np.allclose(got, expected, atol=1e-5)


def _dev_articles(n: int) -> list[Article]:
    return load_knowledge(ROOT / "data" / "dev" / "articles").articles[:n]


def test_a_layered_reload_answers_like_a_full_rebuild() -> None:
    """Add, change and remove articles over a built base: the layered index finds the
    new and changed text, never the removed or replaced one, and ranks like a full build."""
    articles = _dev_articles(400)
    base = build_index(articles[:300])
    added = [*articles[300:400]]
    changed = replace(
        articles[5], paragraphs=("ดาวเทียมสำรวจทรัพยากรดวงใหม่ของไทยขึ้นสู่วงโคจรแล้ว",)
    ).with_fingerprint()
    removed = articles[7]
    current = [a for a in articles[:300] if a.id not in (removed.id, changed.id)]
    current = [*current, changed, *added]
    layered = update_index(base, current)
    assert layered is not None and layered.index is not None
    assert layered.index.delta is not None and layered.index.dead is not None
    full = build_index(current)
    assert layered.passage_count == full.passage_count
    assert layered.articles == full.articles
    questions = [a.title for a in current[::7]]
    agree = sum(ask(layered, q).url == ask(full, q).url for q in questions)
    assert agree >= 0.95 * len(questions)
    assert ask(layered, "ดาวเทียมสำรวจทรัพยากรดวงใหม่").url == changed.url
    assert removed.url not in [r.url for r in ask(layered, removed.title, k=10).results]
    old_text = articles[5].paragraphs[0][:80]
    shown = [r.passage for r in ask(layered, old_text, k=10).results if r.url == changed.url]
    assert all(passage in changed.text for passage in shown)  # never the replaced text


def test_a_big_change_asks_for_a_full_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.engine.knowledge.MIN_DELTA_PASSAGES", 50)
    articles = _dev_articles(300)
    base = build_index(articles[:100])
    assert update_index(base, articles) is None  # 200 new articles over a base of 100
    assert update_index(build_index([]), articles[:1]) is None  # no base to layer over


def test_one_new_article_layered_over_a_base_is_found_like_in_a_full_build() -> None:
    articles = _dev_articles(300)
    new = Article(
        "sat", "ไทยส่งดาวเทียมสำรวจโลกดวงใหม่", "https://e.org/sat", ("รายละเอียดข่าวใหม่",)
    ).with_fingerprint()
    layered = update_index(build_index(articles), [*articles, new])
    full = build_index([*articles, new])
    assert layered is not None
    for kb in (layered, full):
        answer = ask(kb, "ดาวเทียมสำรวจโลกดวงใหม่")
        assert answer.found and answer.url == new.url
    assert ask(layered, "ดาวเทียมสำรวจโลก").score == pytest.approx(
        ask(full, "ดาวเทียมสำรวจโลก").score, rel=0.1
    )


@pytest.mark.parametrize("size", [0, 1, 7, 5_000])
def test_distinct_ids_match_numpy_unique(size: int) -> None:
    """The build's leaner `np.unique`: the same distinct ids, first positions and inverse."""
    ids = np.random.default_rng(size).integers(0, size // 3 + 2, size=size).astype(np.uint32)
    expected = np.unique(ids, return_index=True, return_inverse=True)
    for got, want in zip(distinct_ids(ids, np.int32), expected, strict=True):
        assert np.array_equal(got, np.ravel(want))


def test_what_an_abbreviation_stands_for_is_asked_by_its_frame_not_its_words() -> None:
    """`X ย่อมาจาก(คำว่า)อะไร` asks what X stands for: the frame is no part of the answer,
    and the knowledge need not use it. `มาจาก` elsewhere ("comes from") still counts."""
    from bot.engine.terms import without_question_words
    from bot.text.tokenizer import tokenize

    assert without_question_words(tokenize("ASCCO ย่อมาจากอะไร")) == ["ascco"]
    assert without_question_words(tokenize("วันมาฆบูชา ย่อมาจากคำว่าอะไร")) == ["วันมาฆบูชา"]
    assert "มาจาก" in without_question_words(tokenize("นักร้องคนนี้มาจากประเทศอะไร"))


def test_at_an_age_is_grammar_and_an_episode_is_a_word() -> None:
    """ตอน before an age or a year is "at", which a text says with เมื่อ ("เมื่ออายุ 17
    ปี"): weighed as a word, it cost "...เสียชีวิตตอนอายุเท่าไร" as much as a missing name.
    An episode (`ตอน 2`) is still searched."""
    from bot.engine.terms import without_question_words
    from bot.text.tokenizer import tokenize

    assert "ตอน" not in without_question_words(tokenize("ไอดิตเสียชีวิตตอนอายุเท่าใด"))
    assert "ตอน" not in without_question_words(tokenize("ครองราชย์ร่วมกับใครตอนปี ค.ศ. 251"))
    assert "ตอน" in without_question_words(tokenize("ไอ้หนุ่มพันมือ ตอน 2 กำกับโดยใคร"))
    assert "ตอน" in without_question_words(tokenize("เกรนไดเซอร์มีกี่ตอน"))


def test_a_word_no_text_uses_is_not_read_as_used_when_its_column_is_taken() -> None:
    """The index hashes words into columns and holds no vocabulary of its own, so a word
    that no text uses shared its column with one that some text does (about one word in
    20 beside the 1,700 dev articles, more as the knowledge grows), weighed as that word
    (no sign that the subject is absent) and found its texts. `ซกบรจอ` (no word) hashes
    to the column of `ข้าว` (rice), and also in a layer over the base."""
    rice = Article("rice", "ราคาข้าว", "https://e.org/rice", ("ราคาข้าวสูงขึ้น",))
    kb = build_index([rice.with_fingerprint()])
    assert kb.index is not None
    assert kb.index.term_weights(["ซกบรจอ", "ข้าว"])[0] is None
    assert kb.index.term_weights(["ข้าว"])[0] is not None
    # nor does the retriever find the text of the word that shares its column
    assert kb.index.search(["ซกบรจอ"]) == []
    assert kb.index.search(["ซกบรจอ", "ข้าว"]) == kb.index.search(["ข้าว"])
    news = Article("news", "ข่าวใหม่", "https://e.org/news", ("ข่าววันนี้",))
    layered = update_index(kb, [rice.with_fingerprint(), news.with_fingerprint()])
    assert layered is not None and layered.index is not None
    assert len(layered.index.segments) == 2
    assert layered.index.term_weights(["ซกบรจอ"]) == [None]
    assert layered.index.term_weights(["ข่าววันนี้", "ข่าว"])[1] is not None
