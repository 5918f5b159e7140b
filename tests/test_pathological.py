"""One message must never freeze the bot: inputs that made the small-talk check or the
loader take time exponential or quadratic in their length. Each example has a deadline,
so slowness fails the test."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.answering import analyse_question, ask
from bot.engine.knowledge import KnowledgeIndex, build_index
from bot.engine.words import MAX_TERMS
from bot.text.chat import unwrapped
from bot.text.english import is_ordinary_english
from bot.text.loader import ArticleFormatError, load_knowledge, parse_agency_text
from bot.text.passages import PASSAGE_CHARS, split_article
from bot.text.smalltalk import asks_for_latest, is_small_talk
from bot.text.tokenizer import MAX_DIGITS, tokenize
from tests.conftest import SEED, article

WORDS = st.sampled_from(["ok", "ขอบคุณ", "thanks", "ครับ", "hi", "นะ", "สวัสดี", "k"])


@settings(max_examples=60, deadline=timedelta(milliseconds=250))
@given(words=st.lists(WORDS, min_size=20, max_size=60), tail=st.sampled_from(["zz", "อะไร", "?x"]))
def test_many_small_talk_words_then_a_question_word(words: list[str], tail: str) -> None:
    assert not is_small_talk(" ".join(words) + " " + tail)
    assert not asks_for_latest(" ".join(words) + " ข่าวน้ำท่วม " + tail)  # names a topic


@settings(max_examples=30, deadline=timedelta(milliseconds=250))
@given(words=st.lists(WORDS, min_size=1, max_size=12))
def test_small_talk_made_of_pieces_is_small_talk(words: list[str]) -> None:
    assert is_small_talk(" ".join(words))
    assert is_small_talk("".join(words))  # Thai writes them without spaces


@settings(max_examples=10, deadline=timedelta(milliseconds=500))
@given(length=st.integers(min_value=5_000, max_value=40_000), char=st.sampled_from(["ก", " ", "1"]))
def test_a_long_second_line_is_refused_quickly(length: int, char: str) -> None:
    text = f"หัวข้อข่าว\n{char * length}x\nเนื้อข่าว"
    with pytest.raises(ArticleFormatError):
        parse_agency_text(text, "long.txt")


def test_the_agency_date_line_still_parses() -> None:
    article = parse_agency_text(
        "หัวข้อข่าว\n ข่าวต่างประเทศ      06 Mar 2019\nเนื้อข่าวที่ยาวพอสมควรสำหรับบทความ\n"
        "แปลและสรุปความจาก: https://example.org/a",
        "a.txt",
    )
    assert article.published == "2019-03-06" and article.category == "ข่าวต่างประเทศ"


def test_an_overlong_source_url_skips_that_article_only(tmp_path: Path) -> None:
    """A 5,000-character URL would break every answer that cites it."""
    long_url = "https://example.org/" + "a" * 5000
    lines = [
        {"title": "ข่าวหนึ่ง", "url": long_url, "text": "เนื้อข่าวที่หนึ่งเกี่ยวกับการประชุม"},
        {"title": "ข่าวสอง", "url": "https://example.org/b", "text": "เนื้อข่าวที่สองเกี่ยวกับเศรษฐกิจ"},
    ]
    (tmp_path / "a.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8"
    )
    loaded = load_knowledge(tmp_path)
    assert [a.url for a in loaded.articles] == ["https://example.org/b"]
    assert any("5,020 characters" in str(w) for w in [*loaded.warnings, *loaded.skipped])


@settings(max_examples=10, deadline=timedelta(milliseconds=50))
@given(
    length=st.integers(min_value=1_800, max_value=2_048),
    particle=st.sampled_from(["คะ", "ครับ", "จ้า"]),
    tail=st.sampled_from(["x", "ก", "?"]),
)
def test_a_run_of_particles_is_set_apart_quickly(length: int, particle: str, tail: str) -> None:
    """A question made of thousands of particles must not be searched from each one."""
    from bot.engine.question import tidy

    assert len(tidy(particle * length + tail)) >= length


@settings(max_examples=10, deadline=timedelta(milliseconds=250))
@given(
    length=st.integers(min_value=2_000, max_value=6_000),
    digit=st.sampled_from(["1", "1,", "๑"]),
    unit=st.sampled_from(["คน", "เปอร์เซ็นต์", "เงิน"]),
)
def test_a_long_number_is_searched_for_a_unit_quickly(length: int, digit: str, unit: str) -> None:
    """An article's long run of digits: the count of a "how many" question is looked for
    from the start of each number, not from each digit."""
    from bot.engine.evidence import counted
    from bot.text.normalize import fold_for_search

    assert counted(unit).search(fold_for_search(digit * length + "x")) is None


@settings(max_examples=5, deadline=timedelta(milliseconds=250))
@given(
    length=st.integers(min_value=30_000, max_value=50_000),
    char=st.sampled_from(["(", " (", "(ก"]),
)
def test_a_title_of_open_brackets_is_heard_quickly(length: int, char: str) -> None:
    """A file whose first line is thousands of "(": its title's name (the title without
    its bracketed part) is read in one pass when the index is made, not once from each
    bracket."""
    from bot.engine.names import sounds_of_titles

    sounds_of_titles([char * (length // len(char))])


@pytest.fixture(scope="module")
def one_article() -> KnowledgeIndex:
    kb = build_index([article("a", "ข่าว", "ข่าว WWE ASCCO")])
    # what is loaded or memoised once per process (the English word list, the letter
    # names) is not the per-question work the deadline bounds: run alone, the first
    # example took 0.4 s, and on a slower machine 3 times the later ones
    is_ordinary_english("chair")
    analyse_question(kb, "WXS HLQ ZZW")
    return kb


@settings(max_examples=5, deadline=timedelta(milliseconds=250))
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_a_page_of_capitals_is_read_quickly(one_article: KnowledgeIndex, seed: int) -> None:
    """A pasted page of words in capitals, none of them in the knowledge: each would be
    an acronym to look for in Thai letter names, at a segmentation each. At most as many
    as a question has words are."""
    rng = random.Random(seed)
    words = ("".join(rng.choice("WXSZHLQ") for _ in range(rng.randint(2, 6))) for _ in range(800))
    question = analyse_question(one_article, " ".join(words)[:4096])
    assert len(question.weights) <= MAX_TERMS


@pytest.mark.parametrize("script", ["latin", "thai"])
def test_a_page_of_loanwords_is_looked_up_in_the_other_script_at_most_so_often(
    one_article: KnowledgeIndex, script: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pasted page of English loanwords (or Thai ones), none of them in the knowledge:
    each would be looked up in the other script, at a segmentation each. At most as many
    as a question has words are."""
    import bot.engine.words as words
    from bot.text.loanwords import _both_ways

    by_english, by_thai = _both_ways()
    page = " ".join(sorted(by_english if script == "latin" else by_thai))[:4096]
    calls = 0
    real = words.known_spellings

    def counted(*args: object, **kwargs: object) -> tuple[tuple[str, ...], float]:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(words, "known_spellings", counted)
    analyse_question(one_article, page)
    assert calls <= 3 * MAX_TERMS  # in the other script, as a noun, as news writes it


@settings(max_examples=6, deadline=timedelta(milliseconds=500))
@given(
    length=st.integers(min_value=20_000, max_value=40_000),
    run=st.sampled_from(["1", "๑", "\u0e48\u0e49", "\u0e4c", "1."]),
)
def test_a_long_run_of_digits_or_marks_is_tokenized_quickly(length: int, run: str) -> None:
    """An article (a feed's entry, a pasted table) with a run of thousands of digits or
    tone marks: pythainlp's number rejoining and vowel reordering tried each run from
    each of its characters (20,000 took 2.5 s, with the GIL held while a reload made
    its index). Numbers of ordinary length are kept whole."""
    tokens = tokenize(f"ราคา 1,234.5 บาท {run * (length // len(run))} บาท")
    assert tokens[:3] == ["ราคา", "1,234.5", "บาท"] and tokens[-1] == "บาท"
    if run.isdigit():  # found as numbers a question could type, not one of 40,000 digits
        assert all(len(t) <= MAX_DIGITS for t in tokens)


@pytest.fixture(scope="module")
def long_number() -> KnowledgeIndex:
    kb = build_index([article("a", "ราคาข้าว", "ราคาข้าวในตลาดโลก " + "1" * 40_000 + " บาท")])
    ask(kb, "ข้าว")  # the model and word lists, loaded once per process, are not bounded here
    return kb


@settings(max_examples=3, deadline=timedelta(milliseconds=1500))
@given(question=st.sampled_from(["ราคาข้าวในตลาดโลกเท่าไร", "ราคาข้าว", "ตลาดโลกราคาข้าวกี่บาท"]))
def test_an_answer_from_a_long_number_is_highlighted_quickly(
    long_number: KnowledgeIndex, question: str
) -> None:
    """The highlight cuts an answer into words with the segmenter too: a question that
    reached an article with a 20,000-digit number waited 8.6 s."""
    answer = ask(long_number, question)
    assert answer.found and answer.highlight


@settings(max_examples=4, deadline=timedelta(milliseconds=2000))
@given(
    run=st.sampled_from(["ก", "ประชุม", "ก่", "ก1a๑"]),
    length=st.integers(min_value=50_000, max_value=100_000),
)
def test_a_paragraph_without_spaces_is_answered_from_short_passages(run: str, length: int) -> None:
    """A scraped page that lost its spaces is one "word" of 100,000 characters: it was one
    passage, so an answer from it was that long, and a question that reached it searched
    all of it for each piece of its words (18 s)."""
    body = run * (length // len(run))
    kb = build_index([article("a", "ข่าว", "ข่าวประชุม " + body), article("b", "อื่น", "การประชุม")])
    assert all(len(p.text) <= PASSAGE_CHARS for p in kb.passages)
    answer = ask(kb, "ข่าวประชุม" + body[:3000])
    assert answer.answer is None or len(answer.answer) <= PASSAGE_CHARS


@settings(max_examples=30, deadline=timedelta(milliseconds=500))
@given(
    text=st.lists(
        st.sampled_from(["ก", "กา", "ขิ", "คี่", "ก้", "กั", "ข์", "คี้", "เก", "โข่", "1"]),
        min_size=500,
        max_size=1_500,
    ).map("".join),
    at=st.integers(min_value=0, max_value=10_000),
)
def test_text_without_spaces_is_cut_into_overlapping_passages(text: str, at: int) -> None:
    """Each piece of it short enough to be an answer is whole in some passage, and no
    cut between passages splits a syllable's letters."""
    passages = [p.text for p in split_article(article("a", "ข่าว", text))]
    assert all(len(p) <= PASSAGE_CHARS for p in passages)
    assert all(p[0] not in "าิี่้์ั" and p[-1] not in "เโ" for p in passages)
    start = at % len(text)
    piece = text[start : start + 150]
    assert any(piece in p for p in passages)


@cache
def seed_kb() -> KnowledgeIndex:
    return build_index(load_knowledge(SEED.parent).articles)


@settings(max_examples=40, deadline=timedelta(milliseconds=1500))
@given(
    at=st.integers(min_value=0, max_value=40), half=st.sampled_from(["\ud800", "\udfff", "\udc80"])
)
def test_half_a_surrogate_pair_in_a_question_is_no_error(at: int, half: str) -> None:
    """JSON's `\\ud800` escapes and surrogate-escaped bytes (`ask` reading a pipe of
    Latin-1) leave half a UTF-16 pair in a string, which the segmenter cannot encode."""
    question = "ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11"
    answer = ask(seed_kb(), question[:at] + half + question[at:])
    assert answer.language in ("th", "en")
    if at >= len(question):  # after the question: the same answer
        assert answer.found and "Hoang Anh Tuan" in (answer.answer or "")


def test_half_a_surrogate_pair_in_a_knowledge_file_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "k.jsonl").write_text(
        '{"title": "ข่าวทดสอบ \\ud800", "url": "https://e.org/\\udc00", '
        '"text": "รายงานข่าวทดสอบระบบ \\udfff ดาวเทียม"}\n',
        encoding="utf-8",
    )
    loaded = load_knowledge(tmp_path)
    (article,) = loaded.articles
    assert article.title == "ข่าวทดสอบ \ufffd" and not loaded.skipped
    assert ask(build_index(loaded.articles), "ข่าวทดสอบระบบดาวเทียม").found


CHAT_OPENING = st.sampled_from(["แอดมิน", "ขอถาม", "หน่อย", "ครับ", "🤔", "สวัสดี", ","])
CHAT_ENDING = st.sampled_from(["แอดมิน", "ครับ", "555", "🤔", "ขอบคุณ", ",", "บอท"])


@settings(max_examples=30, deadline=timedelta(milliseconds=500))
@given(
    opening=st.lists(CHAT_OPENING, min_size=50, max_size=600),
    ending=st.lists(CHAT_ENDING, min_size=50, max_size=600),
)
def test_a_question_wrapped_in_a_long_run_of_chat_is_unwrapped_in_time(
    opening: list[str], ending: list[str]
) -> None:
    question = f"{' '.join(opening)} ใครเป็นประธาน {' '.join(ending)}"
    assert tokenize(unwrapped(question)) == ["ใคร", "เป็น", "ประธาน"]  # an emoji alone may stay


@pytest.fixture(scope="module")
def latin_names() -> KnowledgeIndex:
    kb = build_index(
        [article("a", "ข่าว", "ข่าว Nvidia DeepSeek Vikram Pragyan Nusantara Samsung วูช")]
    )
    analyse_question(kb, "หุ้นเอ็นวิเดีย")  # the romanizer's tables, read once
    return kb


NAMES_IN_THAI = ["เอ็นวิเดีย", "ดีพซีค", "วิกรัม", "ปรากยาน", "นูซันตารา", "ซัมซุง", "วู้ช", "หวูช"]


@settings(max_examples=5, deadline=timedelta(milliseconds=500))
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_a_page_of_names_in_thai_letters_is_romanized_at_most_so_often(
    latin_names: KnowledgeIndex, seed: int
) -> None:
    """A pasted page of names typed in Thai letters, run together as Thai is written:
    each run of its words that sounds like a Latin name of the knowledge is romanized
    (about 0.5 ms; a page had 370 such runs). At most MAX_HEARD runs are."""
    import bot.engine.names as names

    calls = 0
    real = names.romanize

    def counted(text: str, engine: str) -> str:
        nonlocal calls
        calls += 1
        return real(text, engine=engine)

    rng = random.Random(seed)
    page = "".join(rng.choice(NAMES_IN_THAI) for _ in range(600))[:4096]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(names, "romanize", counted)
        question = analyse_question(latin_names, page)
    assert len(question.weights) <= MAX_TERMS
    assert calls <= names.MAX_HEARD * names.MAX_LATIN_WORDS, calls
