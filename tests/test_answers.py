"""What a user notices about an answer: it holds the answer in a short highlight, it
comes from the right article, it says "not found" when the article is missing, and it
speaks the question's language."""

from __future__ import annotations

import json
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from bot.cli import format_answer
from bot.engine.answering import Answer, analyse_question, ask
from bot.engine.knowledge import KnowledgeIndex, build_index
from bot.engine.question import Kind, language_of, question_kind
from bot.engine.ranking import HIGHLIGHT_CHARS, MODEL_FILE, load_model
from bot.telegram_app.rendering import render_answer
from bot.text.articles import Article
from bot.text.tokenizer import tokenize
from bot.tools.train import contains
from tests.conftest import SEED_URL, article

ROOT = Path(__file__).resolve().parent.parent


# A small Thai news corpus, one article per kind of question and a few around them.
NEWS = [
    article(
        "governor",
        "ผู้ว่าฯ เชียงรายสั่งเปิดศูนย์พักพิงชั่วคราว",
        "เกิดฝนตกหนักต่อเนื่องในหลายอำเภอของจังหวัดเชียงราย ทำให้ระดับน้ำในแม่น้ำกกเพิ่มสูงขึ้นอย่างรวดเร็ว",
        "นายชัชวาล แสงทอง ผู้ว่าราชการจังหวัดเชียงราย สั่งการให้เปิดศูนย์พักพิงชั่วคราว 12 แห่ง"
        " เพื่อรองรับผู้ประสบภัยที่ต้องอพยพออกจากบ้านเรือน",
    ),
    article(
        "bridge",
        "สะพานข้ามแม่น้ำโขงแห่งใหม่เปิดใช้งาน",
        "สะพานมิตรภาพข้ามแม่น้ำโขงแห่งที่ห้าเปิดให้ประชาชนใช้งานอย่างเป็นทางการเมื่อวันที่ 14 กุมภาพันธ์ 2568"
        " หลังจากการก่อสร้างใช้เวลานานกว่าสามปี",
        "สะพานแห่งนี้มีความยาวทั้งหมด 1,350 เมตร เชื่อมอำเภอบึงกาฬกับแขวงบอลิคำไซของลาว"
        " คาดว่าจะช่วยเพิ่มมูลค่าการค้าชายแดนได้มาก",
    ),
    article(
        "festival",
        "เทศกาลดนตรีนานาชาติประจำปี",
        "เทศกาลดนตรีนานาชาติปีนี้จัดขึ้นที่สวนสาธารณะริมทะเลสาบในจังหวัดขอนแก่น มีศิลปินจากสิบประเทศร่วมแสดง",
        "ผู้จัดงานระบุว่ามีผู้เข้าชมงานตลอดสามวันรวม 45,000 คน มากกว่าปีที่แล้วเกือบเท่าตัว",
    ),
    article(
        "rice",
        "ราคาข้าวหอมมะลิปรับตัวสูงขึ้น",
        "สมาคมผู้ส่งออกข้าวไทยรายงานว่าราคาข้าวหอมมะลิส่งออกเพิ่มขึ้นเป็นตันละ 1,200 ดอลลาร์สหรัฐ"
        " เนื่องจากผลผลิตลดลงจากภัยแล้ง",
        "ตลาดส่งออกหลักของข้าวหอมมะลิไทยยังคงเป็นสหรัฐอเมริกาและฮ่องกง",
    ),
]

QUESTIONS = [
    ("ใครสั่งให้เปิดศูnย์พักพิงชั่วคราวในเชียงราย", "governor", "ชัชวาล แสงทอง", Kind.PERSON),
    ("สะพานข้ามแม่น้ำโขงแห่งที่ห้าเปิดใช้งานเมื่อใด", "bridge", "14 กุมภาพันธ์ 2568", Kind.DATE),
    ("เทศกาลดนตรีนานาชาติมีผู้เข้าชมกี่คน", "festival", "45,000", Kind.NUMBER),
    ("เทศกาลดนตรีนานาชาติปีนี้จัดที่ไหน", "festival", "จังหวัดขอนแก่น", Kind.PLACE),
]


@pytest.fixture(scope="module")
def news() -> KnowledgeIndex:
    return build_index(NEWS)


@pytest.mark.parametrize(("question", "key", "gold", "kind"), QUESTIONS)
def test_highlight_lies_in_the_answer_and_holds_it(
    news: KnowledgeIndex, question: str, key: str, gold: str, kind: Kind
) -> None:
    question = question.replace("ศูnย์", "ศูนย์")
    assert question_kind(question) is kind
    answer = ask(news, question)
    assert answer.found and answer.url == f"https://example.org/{key}"
    assert answer.answer is not None and answer.highlight is not None
    assert answer.highlight in answer.answer
    assert len(answer.highlight) <= HIGHLIGHT_CHARS
    assert contains(answer.highlight, [gold])


def test_a_question_whose_article_was_removed_is_declined() -> None:
    without = build_index([a for a in NEWS if a.id != "bridge"])
    answer = ask(without, "สะพานข้ามแม่น้ำโขงแห่งที่ห้าเปิดใช้งานเมื่อใด")
    assert not answer.found and answer.answer is None and answer.highlight is None
    assert ask(build_index(NEWS), "สะพานข้ามแม่น้ำโขงแห่งที่ห้าเปิดใช้งานเมื่อใด").found


def test_out_of_scope_lines_are_declined(news: KnowledgeIndex) -> None:
    for line in ["วันนี้อากาศที่เชียงใหม่เป็นยังไง", "ช่วยสั่งข้าวมันไก่ให้หน่อย", "รหัส wifi บ้านฉันคืออะไร"]:
        assert not ask(news, line).found, line


def test_language_of_a_question() -> None:
    assert language_of("ใครเป็นประธาน") == "th"
    assert language_of("Who chaired the 11th ASCCO?") == "en"
    assert language_of("ASCCO คืออะไร") == "th"
    assert language_of("2019") == "th"


def test_a_copula_next_to_an_interrogative_is_searched_one_way(news: KnowledgeIndex) -> None:
    """ "ใครคือ X" and "ใครเป็น X" are one question (a translation of "who is X" reads the
    first way, a text says the second): they are searched with the same words. "คือ"
    elsewhere stays as it is."""
    from bot.engine.answering import analyse_question

    def tokens(text: str) -> tuple[str, ...]:
        return analyse_question(news, text).tokens

    assert tokens("ใครคือประธานการประชุม") == tokens("ใครเป็นประธานการประชุม")
    assert tokens("ประธานการประชุมคือใคร") == tokens("ประธานการประชุมเป็นใคร")
    assert "คือ" in tokens("ข้อตกลงคือการลดภาษีใช่ไหม")


def _seed_kb(directory: Path) -> KnowledgeIndex:
    """The knowledge of the articles in a folder (the seed's, unless others were added)."""
    from bot.text.loader import load_knowledge

    return build_index(load_knowledge(directory).articles)


def test_an_english_question_gets_an_english_reply(seed_dir: Path) -> None:
    kb = _seed_kb(seed_dir)
    answer = ask(kb, "When was the 11th ASCCO held?")
    assert answer.language == "en" and answer.found and answer.url == SEED_URL
    shown = render_answer(answer)
    assert "Source" in shown and "ที่มา" not in shown
    assert "Source" in format_answer(answer)

    missing = ask(kb, "What did the minister say about the weather?")
    assert missing.language == "en" and not missing.found
    for text in (render_answer(missing), format_answer(missing)):
        assert "Thai" in text and "ขออภัย" not in text


def test_a_thai_question_gets_a_thai_reply(news: KnowledgeIndex) -> None:
    answer = ask(news, "เทศกาลดนตรีนานาชาติมีผู้เข้าชมกี่คน")
    shown = render_answer(answer)
    assert "ที่มา" in shown and "Source" not in shown
    assert "ไม่พบ" in render_answer(ask(news, "ราคาทองคำวันนี้เท่าไร"))


def test_telegram_shows_the_highlight_in_bold(news: KnowledgeIndex) -> None:
    answer = ask(news, "เทศกาลดนตรีนานาชาติมีผู้เข้าชมกี่คน")
    assert answer.highlight is not None
    assert f"<b>{answer.highlight}</b>" in render_answer(answer)


def test_ask_without_json_prints_the_highlight_first(news: KnowledgeIndex) -> None:
    answer = ask(news, "เทศกาลดนตรีนานาชาติมีผู้เข้าชมกี่คน")
    assert answer.highlight is not None
    assert format_answer(answer).splitlines()[0].endswith(" ".join(answer.highlight.split()))


def test_json_has_the_highlight_and_null_when_not_found(news: KnowledgeIndex) -> None:
    found = ask(news, "เทศกาลดนตรีนานาชาติมีผู้เข้าชมกี่คน").to_json()
    assert found["highlight"] and found["highlight"] in found["answer"]
    missing = ask(news, "ราคาทองคำวันนี้เท่าไร").to_json()
    assert missing["highlight"] is None and missing["found"] is False


def test_the_model_file_is_json_and_loads_without_pickle(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("pickle used to load the model")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    model = load_model(MODEL_FILE)
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert data["format"] == 1 and 0 < model.threshold < 1


def test_a_model_file_with_other_features_is_refused(tmp_path: Path) -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    data["passage"]["features"] = data["passage"]["features"][:-1]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="features"):
        load_model(path)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _seed_answers(seed_dir: Path) -> list[tuple[Answer, list[str]]]:
    """Each hand-written seed question's answer, with its gold answers."""
    kb = _seed_kb(seed_dir)
    rows = _jsonl(ROOT / "tests" / "data" / "seed_questions.jsonl")
    return [(ask(kb, str(row["question"])), [str(g) for g in row["answers"]]) for row in rows]


def test_hand_written_questions_on_the_seed_article(seed_dir: Path) -> None:
    """News-style questions written by hand on the seed article (not from the dev set)."""
    answers = _seed_answers(seed_dir)
    right = sum(
        answer.found and answer.url == SEED_URL and contains(answer.answer or "", golds)
        for answer, golds in answers
    )
    assert right >= len(answers) - 1  # 12 of 13 today; the bar asks 11 of 12 (see docs/answers.md)


def test_seed_highlights_hold_the_answer(seed_dir: Path) -> None:
    """The bold part is what a reader reads first: on the seed article it holds the answer
    itself for most of the hand-written questions (a date, a name or an acronym's long
    form cut in half at a space does not)."""
    right = sum(
        answer.found and contains(answer.highlight or "", golds)
        for answer, golds in _seed_answers(seed_dir)
    )
    assert right >= 10  # 11 of 13 today; 8 when units ended at every space


NEWS_DIR = ROOT / "tests" / "data" / "news"
NEWS_LATER = ROOT / "tests" / "data" / "news_later"


def _news_kb(seed_dir: Path) -> KnowledgeIndex:
    """The seed article and the five news articles."""
    for path in NEWS_DIR.glob("*.txt"):
        (seed_dir / path.name).write_bytes(path.read_bytes())
    return _seed_kb(seed_dir)


def _news_scores(seed_dir: Path, questions: str, lower: bool = False) -> tuple[int, int]:
    """Questions written by hand on the news articles and the seed: how many are answered
    from the right article with the answer in the reply, and how many in its bold part
    (each typed in lower case, with `lower`)."""
    kb = _news_kb(seed_dir)
    urls = {Path(a.source or "").name: a.url for a in kb.articles}
    right = bold = 0
    for row in _jsonl(NEWS_DIR / questions):
        answer = ask(kb, row["question"].lower() if lower else row["question"])
        if not (answer.found and answer.url == urls[row["file"]]):
            continue
        right += contains(answer.answer or "", row["answers"])
        bold += contains(answer.highlight or "", row["answers"])
    return right, bold


def test_hand_written_questions_on_news_articles(seed_dir: Path) -> None:
    """Five more news articles in the agency's format, with questions written by hand on
    every paragraph (not only the lede, where the dev set's encyclopedia questions sit):
    answered from the right article, with the answer in the bold part."""
    right, bold = _news_scores(seed_dir, "questions.jsonl")
    assert right >= 21, right  # 23 of 25 today
    # 19 of 25 today; 12 when the highlight did not tell the question's subject from what
    # it asks, 15 when it also preferred a passage's first lines (the dev set's habit)
    assert bold >= 16, bold


def test_a_question_the_segmenter_cuts_otherwise_than_its_text(seed_dir: Path) -> None:
    """ "โครงการสร้างเมืองหลวงใหม่..." is cut `โครง|การสร้างเมือง|หลวง` by the segmenter,
    and the article says "โครงการนี้มีมูลค่า..." and "สร้างเมืองหลวงใหม่": cut again, the
    question is answered where it was declined (confidence 0.11)."""
    answer = ask(_news_kb(seed_dir), "โครงการสร้างเมืองหลวงใหม่มีมูลค่าเท่าไร")
    assert answer.found, answer.confidence
    assert "๓๒,๐๐๐ ล้านดอลลาร์สหรัฐ" in (answer.highlight or ""), answer.highlight


def test_questions_worded_as_translated_from_english(seed_dir: Path) -> None:
    """The same articles asked the way a question translated from English reads: the
    interrogative first ("ใครคือ...", "ในวันใดที่..."), the passive ("ถูกจัดขึ้น"), other
    words for the article's (รถบัส for รถโดยสาร) and Common-era years."""
    right, bold = _news_scores(seed_dir, "translated.jsonl")
    # 18 of 18 today; 15 when "ใครคือ" was not "ใครเป็น", 17 when "ครั้งถัดไป" was not
    # "ครั้งต่อไป"
    assert right >= 17, right
    # 17 of 18 today; 10 before "ใครคือ", 12 before a window that holds what is asked for
    # was preferred to a nearly as likely one that does not, 14 before a count in the
    # asked unit was told from any number and "ครั้งถัดไป"
    assert bold >= 14, bold


def test_questions_asked_in_english(seed_dir: Path) -> None:
    """English questions on the six articles, naming what they ask about in Latin
    letters as the articles give it in brackets: answered from the right article."""
    right, bold = _news_scores(seed_dir, "english.jsonl")
    assert right >= 15, right  # 18 of 20 today; 14 when every English word had to be found
    assert bold >= 12, bold  # 16 today, 11 before


def test_english_questions_typed_in_lower_case(seed_dir: Path) -> None:
    """The same English questions as people type them in a chat, all in lower case: the
    words English does not use commonly are the names ("nusantara", "chee"), not every
    word the knowledge happens to hold ("civil", "plan": in the seed article's English
    names)."""
    right, bold = _news_scores(seed_dir, "english.jsonl", lower=True)
    assert right >= 16, right  # 18 of 20 today; 15 when every word the knowledge used counted
    assert bold >= 14, bold  # 16 today, 13 before


def test_an_english_question_in_lower_case_whose_article_is_missing_is_declined(
    seed_dir: Path,
) -> None:
    """Asked without the new-capital article, "nusantara" is a name no article has: the
    question is declined, not answered from the seed article's "Civil Service"."""
    kb = _news_kb(seed_dir)
    question = "how many civil servants moved to nusantara first?"
    answer = ask(kb, question)
    assert answer.found and "๑,๗๐๐" in (answer.answer or ""), answer
    (seed_dir / "id-nusantara.txt").unlink()
    assert not ask(_seed_kb(seed_dir), question).found


def test_names_an_english_question_writes() -> None:
    from bot.engine.words import names_in_english

    def names(question: str) -> frozenset[str] | None:
        return names_in_english(question, tokenize(question))

    assert names("When did Typhoon Trami make landfall?") == {"typhoon", "trami"}
    assert names("Who chaired the 11th ASCCO?") == {"11", "ascco"}
    assert names("Which station does the one-north bus serve?") == {"one-north"}
    assert names("Nusantara is where?") == {"nusantara"}
    assert names("According to the NDRRMC, how many died?") == {"ndrrmc"}
    assert names("What did Chee Hong Tat’s ministry say?") == {"chee", "hong", "tat"}
    # typed in one case: the words English does not use commonly
    assert names("who is hoang anh tuan") == {"hoang", "anh", "tuan"}
    assert names("who heads the nusantara capital authority?") == {"nusantara"}
    assert names("WHEN DID TYPHOON TRAMI HIT?") == {"trami"}
    # none: then every word the knowledge uses counts
    assert names("what time is it now?") is None


def test_questions_typed_as_in_a_chat(seed_dir: Path) -> None:
    """The same articles asked the way people type in Telegram: polite particles and
    openers ("ขอถามหน่อยครับ", "...อะ"), clipped words (อินโด, เซน, ปธน.), short years,
    no spaces, everyday words for the article's (คนตาย, รถเมล์, ใช้เงิน), lower case."""
    right, bold = _news_scores(seed_dir, "chat.jsonl")
    # 21 of 24 today; 17 before chat particles were dropped, a count in the asked unit
    # was told from any number, and "ครั้งหน้า" and "ปธน." were read as the text spells
    # them. "who is the chair of asean health ministers meeting", in lower case, names
    # only "asean" (its other words are ordinary English) and goes to the seed article.
    assert right >= 20, right
    # 19 of 24 today; 11 before the same
    assert bold >= 17, bold


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("รถเมล์ไร้คนขับสิงคโปร์นั่งได้กี่คนอะ", "๑๖ คน"),
        ("พายุตรามีมีคนตายกี่คน", "๑๒๖ คน"),
        ("คนพอใจรถไร้คนขับกี่เปอร์เซ็นต์", "ร้อยละ ๗๘"),
        ("เมืองหลวงใหม่อินโดใช้เงินเท่าไร", "๓๒,๐๐๐ ล้านดอลลาร์"),
    ],
)
def test_a_how_many_question_gets_a_count_in_its_unit(
    seed_dir: Path, question: str, gold: str
) -> None:
    """ "กี่คน" is answered by a number of people, "ใช้เงินเท่าไร" by a sum of money: a lede
    full of other numbers (a date, a speed, a head count) must not hold the bold part
    when a later paragraph has the number in the unit asked for."""
    answer = ask(_news_kb(seed_dir), question)
    assert answer.found, question
    assert contains(answer.highlight or "", [gold]), answer.highlight


ISLAND = article(
    "island",
    "เกาะกูด",
    "เกาะกูดเป็นเกาะในจังหวัดตราด ตั้งเป็นอำเภอเมื่อปี พ.ศ. 2533 มีประชากรราว 2,500 คน"
    " อยู่ห่างจากฝั่ง 80 กิโลเมตร นักท่องเที่ยวนิยมมาพักผ่อนในช่วงเดือนพฤศจิกายนถึงเมษายน"
    " มีน้ำตกหลายแห่งและหาดทรายขาว ชาวเกาะส่วนใหญ่ทำประมงและสวนยางพารา"
    " ปัจจุบันมีรีสอร์ตกว่า 60 แห่ง เกาะนี้มีเนื้อที่ 105 ตารางกิโลเมตร",
)


def _assert_bold(asked: Article, question: str, gold: str, *beside: Article) -> None:
    """Asked among the small news corpus (and `beside`), the question is answered from
    `asked` with `gold` in the bold part."""
    answer = ask(build_index([*NEWS, *beside, asked]), question)
    assert answer.found and answer.url == asked.url, answer.confidence
    assert contains(answer.highlight or "", [gold]), answer.highlight


def test_an_area_asked_for_is_a_number_of_square_kilometres() -> None:
    """ "มีพื้นที่เท่าใด" (how large) is answered by an area, not by the lede's year, head
    count or distance, although the text says เนื้อที่ where the question says พื้นที่."""
    _assert_bold(ISLAND, "เกาะกูดมีพื้นที่เท่าใด", "105 ตารางกิโลเมตร")


def test_the_area_of_a_place_named_at_length_is_asked_for() -> None:
    """ "พื้นที่ของ X มีขนาดเท่าใด" (the area of X: how large?), as a question translated
    from English puts it, names the place between พื้นที่ and เท่าใด; the lede holds a
    number ("หนึ่งใน", one of) and the place's name, the answer is the area in its unit.
    (Dev: the lede's window was bold, cut after "74.61".)"""
    place = article(
        "nottingham",
        "นอตทิงแฮม",
        "นอตทิงแฮม (อังกฤษ: Nottingham นอตทิงเงิม) เป็นนครและเมืองหลวงของมณฑลนอตทิงแฮมเชอร์"
        "ในภาคการปกครองมิดแลนด์สตะวันออกของอังกฤษ และเป็นหนึ่งในกลุ่มเมืองใหญ่หลักของอังกฤษ"
        " นอตทิงแฮมมีเนื้อที่ 74.61 ตารางกิโลเมตร และมีประชากรทั้งหมดประมาณ 288,700 คน"
        "และ 667,000 คนถ้ารวมทั้งในบริเวณปริมณฑลที่อยู่ในมณฑลดาร์บีเชอร์"
        " บริเวณปริมณฑลของนอตทิงแฮมใหญ่เป็นที่เจ็ดในสหราชอาณาจักรใกล้เคียงกับลิเวอร์พูลและเชฟฟีลด์",
    )
    _assert_bold(place, "พื้นที่ของนอตทิงแฮมมีขนาดเท่าใด", "74.61 ตารางกิโลเมตร")


CANAL = article(
    "canal",
    "กัมพูชาวางศิลาฤกษ์โครงการคลองฟูนันเตโช",
    "เมื่อวันที่ ๕ สิงหาคม พ.ศ. ๒๕๖๗ สมเด็จมหาบวรธิบดี ฮุน มาแณต (Hun Manet) นายกรัฐมนตรีกัมพูชา"
    " เป็นประธานในพิธีวางศิลาฤกษ์โครงการคลองฟูนันเตโช (Funan Techo Canal) ที่จังหวัดกันดาล"
    " ซึ่งตรงกับวันเกิดของสมเด็จฮุน เซน อดีตนายกรัฐมนตรี",
    "คลองดังกล่าวมีความยาว ๑๘๐ กิโลเมตร เชื่อมแม่น้ำโขงจากกรุงพนมเปญไปยังจังหวัดแกบซึ่งอยู่ติดกับอ่าวไทย"
    " มีความกว้าง ๑๐๐ เมตร และลึก ๕.๔ เมตร โดยมีมูลค่าการก่อสร้างประมาณ ๑.๗ พันล้านดอลลาร์สหรัฐ"
    " และคาดว่าจะแล้วเสร็จภายใน ๔ ปี",
)


@pytest.mark.parametrize(
    ("question", "gold"),
    [("คลองฟูนันเตโชกว้างเท่าไหร่", "๑๐๐ เมตร"), ("คลองฟูนันเตโชยาวเท่าไร", "๑๘๐ กิโลเมตร")],
)
def test_a_measure_is_asked_with_its_adjective(question: str, gold: str) -> None:
    """ "กว้างเท่าไหร่" (how wide) asks for the width: pythainlp's stop words hold กว้าง, ยาว
    and สูง, and without them the question was "คลองฟูนันเตโช เท่าไหร่", which the
    lede's date answered."""
    _assert_bold(CANAL, question, gold)


# The dev set's article (iapp-wiki-qa, MIT): its subject recurs in every sentence, and so
# does "ค้นพบ" (discovered)
PLUTO = article(
    "pluto",
    "ดาวพลูโต",
    "ดาวพลูโตถูกค้นพบในปี พ.ศ. 2473 โดยไคลด์ ทอมบอ และถูกจัดให้เป็นดาวเคราะห์ดวงที่ 9"
    " ที่โคจรรอบดวงอาทิตย์ สถานะการเป็นดาวเคราะห์ของมันเริ่มเป็นที่สงสัยเมื่อมีการค้นพบ"
    "วัตถุประเภทเดียวกันจำนวนมากซึ่งถูกค้นพบในภายหลังในบริเวณแถบไคเปอร์"
    " ความรู้ที่ว่าดาวพลูโตเป็นดาวเคราะห์หินขนาดใหญ่ที่เป็นน้ำแข็งเริ่มถูกคัดค้านจากนักดาราศาสตร์"
    "หลายคนที่เรียกร้องให้มีการจัดสถานะของดาวพลูโตใหม่ ในปี พ.ศ. 2548 มีการค้นพบอีริส"
    " วัตถุในแถบหินกระจาย ซึ่งมีขนาดใหญ่กว่าดาวพลูโต 27% ซึ่งทำให้สหพันธ์ดาราศาสตร์สากล (IAU)"
    ' จัดการประชุมซึ่งเกี่ยวกับการตั้ง "นิยาม" ของดาวเคราะห์ขึ้นมาครั้งแรก ในปีเดียวกัน'
    ' หลังสิ้นสุดการประชุม ดาวพลูโตถูกลดสถานะให้เป็นกลุ่ม "ดาวเคราะห์แคระ"',
)


@pytest.mark.parametrize("question", ["ผู้ใดค้นพบดาวพลูโต", "ใครเป็นผู้ค้นพบดาวพลูโต"])
def test_the_answer_follows_where_the_questions_words_are_together(question: str) -> None:
    """The bold part is where the question's words stand together with room after them
    ("ดาวพลูโตถูกค้นพบ ... โดยไคลด์ ทอมบอ"), not a later sentence that ends further from
    its last "ดาวพลูโต": the subject recurs, so the room after its last mention said
    nothing, and the later sentence on another discovery was in bold."""
    _assert_bold(PLUTO, question, "ไคลด์ ทอมบอ")


WRITER = article(
    "writer",
    "ศรีบูรพา นักเขียนผู้ล่วงลับ",
    "ศรีบูรพา เป็นนักเขียนและนักหนังสือพิมพ์ชาวไทย เสียชีวิตที่กรุงปักกิ่ง ประเทศจีน เมื่อวันที่ 16 มิถุนายน 2517"
    " ระหว่างลี้ภัยการเมือง ผลงานของเขาได้รับการแปลเป็นหลายภาษา",
    "ศรีบูรพาเกิดเมื่อวันที่ 31 มีนาคม 2448 ที่จังหวัดพระนคร และเริ่มเขียนหนังสือตั้งแต่ยังเป็นนักเรียน"
    " ผลงานที่มีชื่อเสียงที่สุดของเขาคือ ข้างหลังภาพ ซึ่งพิมพ์ครั้งแรกในปี 2480",
)


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("ศรีบูรพาเกิดที่ไหน", "จังหวัดพระนคร"),
        ("ศรีบูรพาเกิดเมื่อไร", "31 มีนาคม 2448"),
    ],
)
def test_the_event_a_question_asks_about_is_searched(question: str, gold: str) -> None:
    """ "เกิด" (born), "แรก" (first) and other words that say which event or time a
    question asks about are pythainlp stop words: "ศรีบูรพาเกิดที่ไหน" was asked as
    "ศรีบูรพา ที่ไหน", and the lede's place and date of death answered it."""
    _assert_bold(WRITER, question, gold)


def test_the_unit_a_question_counts_in() -> None:
    from bot.engine.evidence import counted
    from bot.engine.question import analyse
    from bot.engine.units import AREA, MONEY, SPEED
    from bot.text.tokenizer import tokenize

    def unit(question: str) -> str:
        return analyse(question, tokenize, lambda terms: dict.fromkeys(terms), 1.0).unit

    assert unit("พายุตรามีมีคนตายกี่คน") == "คน"
    # the segmenter joins the unit to the word after it when they make a word (คนใน)
    assert unit("รถไฟมีผู้โดยสารกี่คนในปีแรก") == "คน"
    assert unit("ใช้เวลากี่นาที") == "นาที"
    assert unit("เวียดนามส่งออกข้าวได้กี่ตัน") == "ตัน"
    assert unit("How many people died?") == "คน"
    # a share is a percentage, which a Thai text writes ร้อยละ
    assert unit("What share of passengers were satisfied?") == "เปอร์เซ็นต์"
    assert question_kind("What proportion of the city stays green?") is Kind.NUMBER
    assert unit("โครงการนี้มีมูลค่าเท่าไร") == MONEY
    # a budget said short, a fine; not the ง-บ of a name
    assert unit("ภารกิจนี้ใช้งบเท่าไหร่") == MONEY
    assert unit("บริษัทที่ฝ่าฝืนจะโดนปรับเท่าไร") == MONEY
    assert unit("What is the maximum fine?") == MONEY
    assert unit("นาถยา แดงบุหงา เป็นลูกคนที่เท่าไร") == ""
    assert unit("เกาะกูดมีเนื้อที่ทั้งหมดเท่าไร") == AREA
    assert unit("พื้นที่ของนอตทิงแฮมมีขนาดเท่าใด") == AREA
    assert unit("พื้นที่ลุ่มน้ำของเทือกเขา มีผู้อาศัยจำนวนเท่าไร") == ""
    # a share of an area, and the people in it, are no area
    assert unit("พื้นที่สีเขียวของเมืองนูซันตาราจะมีสัดส่วนเท่าใด") == ""
    assert unit("พื้นที่นี้มีประชากรเท่าไร") == ""
    assert unit("ได้อันดับเท่าไร") == ""
    assert counted("คน").search("มีผู้เสียชีวิต 5 ล้านคน")
    assert counted("เปอร์เซ็นต์").search("ร้อยละ 78 พอใจ")
    assert counted("เซน").search("ทรุดตัวปีละ 25 ซม.")
    assert counted(AREA).search("มีเนื้อที่ 380 ตร.กม.")
    assert counted(AREA).search("เผาผลาญป่าไป 3,000 ไร่")
    assert not counted("คน").search("ความเร็ว 95 กิโลเมตรต่อชั่วโมง")
    # the dead counted as cases; not a list's items
    assert counted("คน").search("มีผู้เสียชีวิตกว่า 300 ราย")
    assert not counted("คน").search("มีทั้งหมด 5 รายการ")
    # soldiers and officials counted in นาย, not a title's นายก; homes as households
    assert counted("คน").search("ส่งทหารกว่า 6,000 นายไปช่วย")
    assert not counted("คน").search("ผู้นำ 3 นายกรัฐมนตรี")
    assert counted("บ้าน").search("ให้ครอบคลุม 480,000 ครัวเรือน")
    # English counts in news's own classifiers
    assert unit("How many seats did the BJP win?") == "ที่นั่ง"
    assert unit("How many teams played at Euro 2024?") == "ทีม"
    # multipliers run together
    assert counted(MONEY).search("ราว 40 ล้านล้านด่ง หรือ 1.6 พันล้านดอลลาร์")
    assert unit("ไต้ฝุ่นมีความเร็วลมเท่าไร") == SPEED == unit("How fast was the wind?")
    assert counted(SPEED).search("ลมแรง 149 กม./ชม.")


@pytest.mark.parametrize(
    "question",
    [
        "ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11 อ่ะ",
        "ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11 ครับผม",
        "รบกวนสอบถามครับ ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11",
        "อยากรู้ว่าใครเป็นประธานการประชุม ASCCO ครั้งที่ 11",
        "ขอถามหน่อยครับ ประชุม ASCCO ครั้งที่ 11 ใครเป็นประธาน",
        "ประธานASCCOครั้งที่11คือใคร",
        "ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11 ครับ ขอบคุณครับ",
        "ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11 คร้าบบบ",
        "ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11 https://asean.org/asean-explores",
    ],
)
def test_a_question_wrapped_as_in_a_chat_names_the_chair(seed_dir: Path, question: str) -> None:
    """Particles, the words of asking, thanks, a last letter typed on for emphasis and a pasted
    link are no part of what is asked: the chair, as for the plain question, and about as
    sure."""
    kb = _seed_kb(seed_dir)
    plain = ask(kb, "ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11")
    answer = ask(kb, question)
    assert answer.found and answer.url == SEED_URL
    assert "Hoang Anh Tuan" in (answer.highlight or "")
    assert answer.confidence >= plain.confidence - 0.25


def test_a_particle_typed_onto_the_last_word_is_set_apart(seed_dir: Path) -> None:
    """ "วันไหนคะ" is segmented `วัน|ไห|นคะ`: "which day" is lost and `นคะ`, a word no
    article has, makes the question look like one about something absent. With the
    particle or without, the question is the same."""
    kb = _seed_kb(seed_dir)
    for plain in ("ascco 11 จัดวันไหน", "ประชุม ASCCO ครั้งที่ 11 ไปไหน"):
        for particle in ("คะ", "ครับ", "ค่ะ?"):
            question = plain + particle
            assert analyse_question(kb, question).weights == analyse_question(kb, plain).weights
    answer = ask(kb, "ascco 11 จัดวันไหนคะ")
    assert answer.found and contains(answer.answer or "", ["๕ มีนาคม พ.ศ. ๒๕๖๒"])
    assert analyse_question(kb, "ใครเป็นเจ้าของ").weights  # เจ้า ends in จ้า, no particle


def test_a_verb_finds_the_text_that_says_its_noun(seed_dir: Path) -> None:
    """ "ประชุม ASCCO" (to meet) of a text that says only "การประชุม" (a meeting): the
    segmenter keeps each whole, so without the other form searched too the chair's
    paragraph scores a fifth lower, which beside many articles is a decline."""
    from bot.engine.answering import retrieve

    kb = _news_kb(seed_dir)

    def scores(question: str) -> dict[str, float]:
        found = retrieve(kb, analyse_question(kb, question))
        return {c.passage.text[:40]: c.score for c in found if c.passage.article.url == SEED_URL}

    noun = scores("ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11")
    verb = scores("ใครเป็นประธานประชุม ASCCO ครั้งที่ 11")
    chair = next(text for text in noun if "Hoang" in text)
    assert verb.get(chair, 0.0) >= 0.9 * noun[chair]


def test_the_noun_is_searched_only_where_the_knowledge_prefers_it() -> None:
    from bot.engine.terms import other_forms

    idf = {"การประชุม": 2.0, "ประชุม": 6.0, "เมือง": 1.5, "การเมือง": 3.0, "ความเร็ว": 2.5}

    def weigh(words: Sequence[str]) -> list[float | None]:
        return [idf.get(w) for w in words]

    assert other_forms(["ประชุม", "ascco"], weigh) == ["การประชุม"]
    assert other_forms(["เมือง", "หลวง"], weigh) == []  # การเมือง is politics
    assert other_forms(["เร็ว"], weigh) == ["ความเร็ว"]  # a word the knowledge never uses
    assert other_forms(["การประชุม"], weigh) == []
    assert other_forms(["ความเร็ว"], weigh) == []  # a text's เร็ว (fast) is no speed


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("ประชุมสาธารณสุขอาเซียนครั้งหน้าจัดที่ประเทศอะไร", "มาเลเซีย"),
        ("การประชุมครั้งถัดไปของรัฐมนตรีสาธารณสุขอาเซียนจะถูกจัดขึ้นที่ใด", "มาเลเซีย"),
        ("ปธน.ฟิลิปปินส์ชื่ออะไร", "Ferdinand Marcos Jr."),
        ("รมว.คมนาคมสิงคโปร์ชื่ออะไร", "Chee Hong Tat"),
    ],
)
def test_a_word_the_text_spells_otherwise(seed_dir: Path, question: str, gold: str) -> None:
    """ "The next meeting" is ครั้งหน้า or ครั้งถัดไป in a question and ครั้งต่อไป in the
    text; a question abbreviates an office (ปธน., รมว.) that the text writes out."""
    answer = ask(_news_kb(seed_dir), question)
    assert answer.found, question
    assert gold in (answer.highlight or ""), answer.highlight


AIRPORT = article(
    "airport",
    "เวียดนามเร่งก่อสร้างท่าอากาศยานนานาชาติลองแถ่ง",
    "นายกรัฐมนตรีเวียดนามตรวจเยี่ยมการก่อสร้างท่าอากาศยานนานาชาติลองแถ่งในจังหวัดด่งนาย"
    " ซึ่งอยู่ห่างจากนครโฮจิมินห์ประมาณ ๔๐ กิโลเมตร โครงการระยะแรกประกอบด้วยทางวิ่งยาว ๔,๐๐๐ เมตร",
    "เมื่อแล้วเสร็จ ท่าอากาศยานแห่งนี้จะช่วยลดความแออัดของท่าอากาศยานเตินเซินเญิ้ต"
    " ซึ่งปัจจุบันรองรับผู้โดยสารเกินขีดความสามารถ",
)


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("สนามบินแห่งใหม่จะช่วยลดความแออัดของสนามบินไหน", "เตินเซินเญิ้ต"),
        ("สนามบินแห่งใหม่อยู่ห่างจากโฮจิมินห์กี่กิโลเมตร", "๔๐ กิโลเมตร"),
        ("รันเวย์ของสนามบินใหม่ยาวเท่าไร", "๔,๐๐๐ เมตร"),
    ],
)
def test_an_everyday_word_finds_the_word_news_writes(question: str, gold: str) -> None:
    """A person asks about a สนามบิน (airport) and its รันเวย์ (runway); a news text
    writes ท่าอากาศยาน and ทางวิ่ง. A word the knowledge never uses weighs as a sign the
    subject is absent, and these questions were declined."""
    _assert_bold(AIRPORT, question, gold, CANAL)


def test_killed_as_a_translation_puts_it_is_asked_as_news_counts_the_dead() -> None:
    """ "คร่าชีวิต" (claimed the lives of), as "killed" is translated, is news's
    "ผู้เสียชีวิต" (the dead): asked so, the toll is answered about as surely as asked in
    the text's words (0.26 against 0.98 before; beside the 1,705 dev articles that was a
    decline)."""
    toll = article(
        "toll",
        "แผ่นดินไหวในเมียนมา",
        "เมื่อวันที่ ๒๘ มีนาคม พ.ศ. ๒๕๖๘ เกิดแผ่นดินไหวขนาด ๗.๗ ในภาคกลางของเมียนมา"
        " ข้อมูล ณ วันที่ ๑ เมษายน ระบุว่ามีผู้เสียชีวิตแล้ว ๒,๗๑๙ คน ผู้บาดเจ็บ ๔,๕๒๑ คน",
    )
    kb = build_index([*NEWS, AIRPORT, CANAL, ISLAND, toll])
    plain = ask(kb, "แผ่นดินไหวมีผู้เสียชีวิตกี่ราย")
    answer = ask(kb, "แผ่นดินไหวคร่าชีวิตผู้คนไปกี่ราย")
    assert answer.found and answer.url == toll.url
    assert contains(answer.highlight or "", ["๒,๗๑๙ คน"]), answer.highlight
    assert answer.confidence >= plain.confidence - 0.25, (answer.confidence, plain.confidence)


QUAKE = article(
    "quake",
    "อาเซียนส่งทีมช่วยเหลือผู้ประสบภัยแผ่นดินไหวในเมียนมา",
    "เมื่อวันที่ ๒๘ มีนาคม พ.ศ. ๒๕๖๘ เกิดแผ่นดินไหวขนาด ๗.๗ ในภาคกลางของเมียนมา"
    " ศูนย์ประสานงานอาเซียนเพื่อการให้ความช่วยเหลือด้านมนุษยธรรมได้ส่งทีมประเมินสถานการณ์ไปยังเมืองมัณฑะเลย์",
    "นายเกา คิม ฮวน (Kao Kim Hourn) เลขาธิการอาเซียน แสดงความเสียใจต่อประชาชนเมียนมา"
    " และยืนยันว่าอาเซียนพร้อมให้ความช่วยเหลืออย่างต่อเนื่อง",
)


def test_an_office_is_not_found_inside_its_deputys(seed_dir: Path) -> None:
    """The seed names the ASEAN deputy secretary-general (รองเลขาธิการอาเซียน), whose
    office's name holds the secretary-general's (เลขาธิการอาเซียน): asked who the
    secretary-general is, the bot answered with the deputy's name. It may decline; it
    must not name the deputy."""
    kb = build_index([*_seed_kb(seed_dir).articles, *NEWS, QUAKE])
    answer = ask(kb, "ใครเป็นเลขาธิการอาเซียน")
    assert not answer.found or answer.url == "https://example.org/quake", answer.highlight
    answer = ask(kb, "ใครเป็นรองเลขาธิการอาเซียน")
    assert answer.found and "Hoang Anh Tuan" in (answer.highlight or "")


def test_a_particle_inside_a_name_is_kept() -> None:
    """`อะ` ends a chat question, but it is also a syllable of transliterated names
    (สปิริเต็ดอะเวย์) and `ค่า` a word ("value"): only a question's last words are dropped."""
    from bot.engine.terms import without_question_words

    assert "อะ" in without_question_words(["สปิ", "ริ", "เต็ด", "อะ", "เวย์", "ผลิต", "โดย", "ใคร"])
    assert without_question_words(["ใคร", "เป็น", "ประธาน", "อ่ะ", "ครับ"]) == ["เป็น", "ประธาน"]


def test_what_is_the_name_of_asks_for_a_name(seed_dir: Path) -> None:
    """ "X ชื่ออะไร" asks for X's name; a news text gives the name without the word ชื่อ,
    which must not count as a word the article lacks."""
    answer = ask(_news_kb(seed_dir), "ประธานาธิบดีฟิลิปปินส์ชื่ออะไร")
    assert answer.found and "ndrrmc" in (answer.url or "")
    assert "Ferdinand Marcos Jr." in (answer.highlight or "")


def test_a_word_inside_the_articles_words_is_not_missing(seed_dir: Path) -> None:
    """The seed article says `การประชุม` and `ที่ประชุม`, never `ประชุม` alone, so no index
    of it knows the word `ประชุม`; the article holds it all the same, and a short question
    using it is answered, not declined as if it asked about something absent."""
    kb = _seed_kb(seed_dir)
    answer = ask(kb, "ใครเป็นประธานประชุม")
    assert answer.found and answer.url == SEED_URL
    assert "Hoang Anh Tuan" in (answer.highlight or "")


RAIL = article(
    "rail",
    "รถไฟความเร็วสูงจาการ์ตา-บันดุงครบรอบหนึ่งปี",
    "เมื่อวันที่ ๑๗ ตุลาคม พ.ศ. ๒๕๖๗ บริษัทรถไฟความเร็วสูงอินโดนีเซีย-จีน (PT Kereta Cepat Indonesia"
    ' China: KCIC) ผู้ให้บริการรถไฟความเร็วสูงจาการ์ตา-บันดุง หรือ "วูช" (Whoosh) เปิดเผยว่า'
    " ตลอดหนึ่งปีแรกของการให้บริการ มีผู้โดยสารใช้บริการแล้วกว่า ๕.๘ ล้านคน หรือเฉลี่ยวันละประมาณ"
    " ๑๖,๐๐๐ คน",
    "รถไฟสายนี้มีระยะทาง ๑๔๒ กิโลเมตร และวิ่งด้วยความเร็วสูงสุด ๓๕๐ กิโลเมตรต่อชั่วโมง",
)


def test_a_name_a_text_puts_in_quotes_is_a_word_it_uses() -> None:
    """A news text gives a name in quotes ("วูช"), and the segmenter kept the quotes on
    a word it does not know: the index held `"วูช"`, so a question that names วูช plainly
    asked about a word the knowledge never uses, a sign that its subject is absent."""
    kb = build_index([*NEWS, CANAL, RAIL])
    question = analyse_question(kb, "รถไฟวูชวิ่งได้เร็วสุดกี่กิโลเมตรต่อชั่วโมง")
    assert "วูช" in question.weights and "วูช" not in question.unknown
    _assert_bold(RAIL, "รถไฟวูชวิ่งได้เร็วสุดกี่กิโลเมตรต่อชั่วโมง", "๓๕๐ กิโลเมตร", CANAL)


def test_a_why_question_gets_the_cause_in_bold(tmp_path: Path) -> None:
    """ "ทำไม" (why) asks for a cause, which a news text gives with สาเหตุ, เนื่องจาก,
    เพราะ: the lede on Japan's rice stockpile, which holds more of the question's words,
    answered it, and not with the cause (a heat wave)."""
    from bot.text.loader import load_knowledge

    assert question_kind("ทำไมข้าวในญี่ปุ่นถึงแพงขึ้น") is Kind.REASON
    assert question_kind("Why did rice prices rise in Japan?") is Kind.REASON
    assert question_kind("สาเหตุที่ทำให้มีผู้เสียชีวิตกี่คน") is Kind.NUMBER
    (tmp_path / "rice.txt").write_bytes((NEWS_LATER / "jp-rice-stockpile.txt").read_bytes())
    (stockpile,) = load_knowledge(tmp_path).articles
    _assert_bold(stockpile, "ทำไมราคาข้าวในญี่ปุ่นถึงสูงขึ้น", "คลื่นความร้อน", CANAL)


def test_a_when_question_gets_the_date_in_bold(seed_dir: Path) -> None:
    """The seed's lede gives the date, then the meeting's long name: 200 characters hold
    one or the other, and for "when" the bold part must be the date, in Thai and in
    English (whose words name only the meeting)."""
    kb = _seed_kb(seed_dir)
    for question in (
        "การประชุม ASCCO ครั้งที่ 11 จัดขึ้นเมื่อใด",
        "การประชุม ASCCO ครั้งที่ 11 ถูกจัดขึ้นในวันใด",
        "When was the 11th ASCCO held?",
    ):
        answer = ask(kb, question)
        assert answer.found and answer.url == SEED_URL, question
        assert contains(answer.highlight or "", ["๕ มีนาคม พ.ศ. ๒๕๖๒"]), answer.highlight


@pytest.mark.parametrize(
    "question",
    ["ราคาส่งออกข้าวหักร้อยละ 5 ของเวียดนามเฉลี่ยเท่าไร", "ราคาเฉลี่ยของข้าวหัก 5% ของเวียดนามคือเท่าใด"],
)
def test_the_bold_part_is_where_the_words_beyond_the_title_are(
    seed_dir: Path, question: str
) -> None:
    """The headline names the subject (Vietnam, rice exports) and the paragraph repeats it
    first; the words beyond it (ราคา, ข้าวหัก, เฉลี่ย) say where the answer sits, and the
    text answers after them ("...เฉลี่ยอยู่ที่ตันละ ๖๒๖ ดอลลาร์สหรัฐ"). The bold part was the
    paragraph's opening on the largest market."""
    kb = _news_kb(seed_dir)
    rice = next(a.url for a in kb.articles if Path(a.source or "").name == "vn-rice-exports.txt")
    answer = ask(kb, question)
    assert answer.found and answer.url == rice
    assert contains(answer.highlight or "", ["ตันละ ๖๒๖ ดอลลาร์สหรัฐ"]), answer.highlight


@pytest.mark.parametrize(
    "piece",
    [
        "เมื่อวันที่ 14 กุมภาพันธ์ พ.ศ. 2568",
        "๕ มีนาคม ๒๕๖๒",
        "นาย Hoang Anh Tuan",
        "นายชัชวาล แสงทอง",
        "(11th Coordinating Conference for the ASEAN Political-Security Community: 11th ASCCO)",
        "Enabling Master Plan",
        "ครั้งที่ ๑๑",
        "45,000 คน",
        "74.61 ตารางกิโลเมตร",  # a unit of measure is often a long word
    ],
)
def test_a_highlight_never_ends_inside_a_date_a_name_or_an_aside(piece: str) -> None:
    """A space ends a Thai clause, but not a date, a title and its name, a capitalized
    name, a bracketed aside or a number and its unit: the highlight's units keep them."""
    from bot.engine.highlight import units

    text = f"ผู้แทนประเทศสมาชิกเข้าร่วมการประชุม {piece} โดยที่ประชุมได้หารือเกี่ยวกับแนวทาง"
    start = text.index(piece)
    spans = units(text)
    assert any(s <= start and start + len(piece) <= e for s, e in spans), [
        text[s:e] for s, e in spans
    ]


@pytest.mark.parametrize(
    ("written", "name"),
    [("โดยมีนายอันวาร์ อิบราฮิม", "นายอันวาร์ อิบราฮิม"), ("และพระนางมารี เดอ", "นางมารี เดอ")],
)
def test_a_name_after_a_title_written_close_up_is_kept_whole(written: str, name: str) -> None:
    """Thai writes a title close up to the word before it ("โดยมีนายอันวาร์ อิบราฮิม
    เป็นประธาน", with Mr Anwar Ibrahim as chair): the name is kept whole there too, and a
    highlight that began after "โดยมีนายอันวาร์" held the surname alone."""
    from bot.engine.highlight import units

    text = f"การประชุมจัดขึ้นที่กัวลาลัมเปอร์ {written} เป็นประธานการประชุม"
    start = text.index(name)
    spans = units(text)
    assert any(s <= start and start + len(name) <= e for s, e in spans), [
        text[s:e] for s, e in spans
    ]


@pytest.mark.parametrize(
    "question",
    [
        "ใครเป็นประธานการประชุม ASCCO ครั้งที่ 11",
        "ใครคือประธานของการประชุม ASCCO ครั้งที่ 11",
        "Who chaired the 11th ASCCO?",
    ],
)
def test_the_readme_examples_name_the_chair(seed_dir: Path, question: str) -> None:
    """The lede names the meeting; the chair is in the next paragraph, and that is the
    paragraph the answer must come from, in Thai and in English."""
    kb = _seed_kb(seed_dir)
    answer = ask(kb, question)
    assert answer.found and answer.url == SEED_URL
    assert "Hoang Anh Tuan" in (answer.highlight or "")


def test_an_era_is_not_a_person() -> None:
    """`พ.ศ.` holds `ศ.` (professor): a date must not pass for a person's title."""
    from bot.engine.evidence import EVIDENCE, has_evidence

    person = EVIDENCE[Kind.PERSON]
    assert not has_evidence(person, "เมื่อวันที่ 5 มีนาคม พ.ศ. 2562 และ ค.ศ. 2019")
    assert has_evidence(person, "ศ.ดร. สมชาย ใจดี และ รศ. สมหญิง")


# The dev set's article (iapp-wiki-qa, MIT), shortened: the lede dates the beginning,
# a later paragraph the end, worded as a noun (การสิ้นสุด)
EGYPT = article(
    "egypt",
    "อียิปต์โบราณ",
    "อียิปต์โบราณ หรือ ไอยคุปต์ เป็นหนึ่งในอารยธรรมที่เก่าแก่ที่สุดในโลก ตั้งอยู่ทางตอนตะวันออกเฉียงเหนือ"
    "ของทวีปแอฟริกา มีพื้นที่ตั้งแต่ตอนกลางจนถึงปากแม่น้ำไนล์ ปัจจุบันเป็นที่ตั้งของประเทศอียิปต์"
    " อารยธรรมอียิปต์โบราณเริ่มขึ้นประมาณ 3,150 ปีก่อนคริสต์ศักราช โดยการรวมอำนาจทางการเมือง"
    "ของอียิปต์ตอนเหนือและตอนใต้ ภายใต้ฟาโรห์องค์แรกแห่งอียิปต์",
    "อียิปต์โบราณเป็นราชอาณาจักร ส่วนมากแบ่งตามราชวงศ์ที่ขึ้นมาปกครอง อารยธรรมอียิปต์เสื่อมลง"
    "ในช่วงเวลาเดียวกับที่อียิปต์พ่ายต่อการทำสงครามจากชาติอื่น ดังเช่นชาวอัสซีเรียและเปอร์เซีย"
    " จนกระทั่งเมื่อ 332 ปีก่อนคริสต์ศักราช ก็เป็นการสิ้นสุดอารยธรรมอียิปต์โบราณ",
)


def test_a_verb_asked_with_its_aspect_is_the_verb_a_text_says() -> None:
    """ "สิ้นสุดลง" (came to an end) is one word to pythainlp, and its text's "การสิ้นสุด"
    another: the question shared no word with the paragraph on the end, and the lede's
    beginning was in bold."""
    _assert_bold(EGYPT, "อารยธรรมอียิปต์โบราณสิ้นสุดลงในปีใด", "332 ปีก่อนคริสต์ศักราช")


def test_a_year_before_the_common_era_is_a_date() -> None:
    """ "3,150 ปีก่อนคริสต์ศักราช" (3,150 BCE) names its era in full, not as ค.ศ.: the
    passage held no date to a "when" question, and the lede's first sentence, with none,
    was in bold."""
    _assert_bold(EGYPT, "อารยธรรมอียิปต์โบราณเริ่มต้นเมื่อไหร่", "3,150 ปีก่อนคริสต์ศักราช")


BIRTHS = article(
    "births",
    "อัตราการเกิดของเกาหลีใต้เพิ่มขึ้นเป็นครั้งแรกในรอบเก้าปี",
    "สำนักงานสถิติแห่งชาติเกาหลีใต้รายงานเมื่อวันที่ 26 กุมภาพันธ์ 2568 ว่าอัตราการเกิดของเกาหลีใต้ในปี 2567"
    " เพิ่มขึ้นเป็น 0.75 จาก 0.72 ในปีก่อนหน้า ซึ่งเป็นการเพิ่มขึ้นครั้งแรกในรอบเก้าปี"
    " จำนวนเด็กเกิดใหม่อยู่ที่ 238,300 คน เพิ่มขึ้นร้อยละ 3.6",
    "นายอิม ยองอิล ผู้อำนวยการฝ่ายสถิติประชากรของสำนักงานสถิติ อธิบายว่า การเพิ่มขึ้นดังกล่าวเป็นผลจาก"
    "จำนวนคนที่เกิดในช่วงต้นทศวรรษ 2533 ซึ่งมีจำนวนมาก เข้าสู่ช่วงอายุต้นสามสิบ และจากทัศนคติต่อการแต่งงาน"
    "ที่ดีขึ้นหลังการระบาดของโควิด-19 ทำให้จำนวนการแต่งงานเพิ่มขึ้นร้อยละ 14.9",
)


def test_who_explained_why_asks_who() -> None:
    """ "ใครอธิบายว่าทำไม..." (who explained why...) asks a person: the ทำไม is what the
    person explained. Read as a why-question, the cause was in bold without the one who
    gave it."""
    assert question_kind("ทำไมรัฐบาลถึงบอกว่าราคาข้าวจะลดลง") is Kind.REASON
    assert question_kind("ทำไมราคาข้าวปีนี้สูงกว่าปีก่อน") is Kind.REASON  # กว่า: more than
    _assert_bold(BIRTHS, "ใครอธิบายว่าทำไมอัตราการเกิดของเกาหลีใต้จึงเพิ่มขึ้น", "นายอิม ยองอิล")
