"""Questions as they are typed in a Telegram chat: wrapped in a greeting, addressed to the
admin, ended with laughter or emoji, with chat spellings. The bot answers them as it
answers the question inside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine.answering import analyse_question, ask
from bot.engine.evidence import EVIDENCE
from bot.engine.knowledge import KnowledgeIndex
from bot.engine.question import Kind, question_kind, tidy
from bot.text.articles import link_key
from bot.text.chat import unwrapped
from bot.text.countries import place_named
from bot.text.smalltalk import is_small_talk
from bot.text.tokenizer import tokenize
from bot.tools.train import contains
from tests.conftest import NEWS_GROUPS, SEED_URL, answered_from, news_index

DATA = Path(__file__).with_name("data")


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"))


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("สวัสดีครับ อยากทราบว่าไต้ฝุ่นตรามีขึ้นฝั่งวันไหน", "ไต้ฝุ่นตรามีขึ้นฝั่งวันไหน"),
        ("แอดมินคะ ใครเป็นเลขาธิการอาเซียน", "ใครเป็นเลขาธิการอาเซียน"),
        ("หวัดดีค่ะแอดมิน ขอสอบถามนิดนึงค่ะ ใครคือผู้ก่อตั้ง", "ใครคือผู้ก่อตั้ง"),
        ("ไม่ทราบว่าใครเป็นประธาน", "ใครเป็นประธาน"),
        ("ได้ยินมาว่าลาวจะเชื่อมทางรถไฟกับไทย", "ลาวจะเชื่อมทางรถไฟกับไทย"),
        ("ผมอ่านข่าวเรื่องคลองฟูนัน อยากรู้ว่าใช้เงินเท่าไหร่", "คลองฟูนัน อยากรู้ว่าใช้เงินเท่าไหร่"),
        ("เมื่อเช้าดูทีวีเห็นข่าวน้ำท่วม มีคนอพยพกี่คนครับ", "น้ำท่วม มีคนอพยพกี่คน"),
        # a pronoun goes only with the hearing: ผม is hair, หนู a mouse
        ("ผมร่วงเกิดจากอะไร", "ผมร่วงเกิดจากอะไร"),
        ("หนูนาเป็นสัตว์อะไร", "หนูนาเป็นสัตว์อะไร"),
        ("เห็นในข่าวเมื่อวาน บริษัทไหนเป็นผู้ให้บริการ", "บริษัทไหนเป็นผู้ให้บริการ"),
        ("เพื่อนถามมาครับ สงสัยมานานแล้ว ใครคือผู้ก่อตั้ง", "ใครคือผู้ก่อตั้ง"),
        ("ข่าวกรองของใคร", "ข่าวกรองของใคร"),
        ("ใครเป็นเลขาธิการอาเซียนคะแอดมิน 555+", "ใครเป็นเลขาธิการอาเซียน"),
        ("ใครเป็นประธาน ขอบคุณครับ🙏", "ใครเป็นประธาน"),
        ("ใครเป็นประธาน?", "ใครเป็นประธาน?"),  # its own punctuation stays
        ("ผู้ว่าฯ จาการ์ตาชื่ออะไร ช่วยตอบที", "ผู้ว่าฯ จาการ์ตาชื่ออะไร"),
        ("ใครเป็นผู้ก่อตั้ง ขอบคุณล่วงหน้าครับ", "ใครเป็นผู้ก่อตั้ง"),
        # asking for help first: "help me answer", "help me find out"
        ("รบกวนช่วยตอบหน่อยครับ ใครเป็นประธาน", "ใครเป็นประธาน"),
        ("ช่วยหาข้อมูลหน่อย ใครเป็นประธาน", "ใครเป็นประธาน"),
        ("ช่วยด้วยค่ะ ใครเป็นประธาน", "ใครเป็นประธาน"),
        ("ช่วยเหลือผู้ประสบภัยกี่คน", "ช่วยเหลือผู้ประสบภัยกี่คน"),
        ("สะพานทำด้วยอะไร", "สะพานทำด้วยอะไร"),
        ("Hi bot, who chaired the 11th ASCCO?", "who chaired the 11th ASCCO?"),
        ("Who chaired the 11th ASCCO คะ🙏", "Who chaired the 11th ASCCO"),
        ("ไครเปนประธาน", "ใครเป็นประธาน"),
        ("จัดที่ใหนคะ", "จัดที่ไหน"),
        ("ราคาเท่าไร่คะ", "ราคาเท่าไร"),
        ("ใครคร้าบบบ", "ใคร"),
        ("ใครเป็นเลขาธิการอาเซี่ยน", "ใครเป็นเลขาธิการอาเซียน"),
        ("ลงทุนในมาเล", "ลงทุนในมาเลเซีย"),
        ("มาเลือกกัน", "มาเลือกกัน"),
        ("ในปี66 POGO ทำรายได้เท่าไร", "ในปี 2566 POGO ทำรายได้เท่าไร"),
        ("อายุ 67 ปี", "อายุ 67 ปี"),
        ("หุ้นร่วงกี่เปอร์เซ็นครับ", "หุ้นร่วงกี่เปอร์เซ็นต์"),
        ("เพิ่มขึ้นกี่เปอเซนต์", "เพิ่มขึ้นกี่เปอร์เซ็นต์"),
        ("เปอร์เซ็นไทล์ที่ 90", "เปอร์เซ็นไทล์ที่ 90"),
        ("กฏหมาย AI ของยุโรป", "กฎหมาย AI ของยุโรป"),
        ("ปฎิบัติการนี้ชื่ออะไร", "ปฏิบัติการนี้ชื่ออะไร"),
        ("ปรากฏว่าใครชนะ", "ปรากฏว่าใครชนะ"),
        # asking for the story itself: its subject is what is asked
        ("สรุปข่าวแผ่นดินไหวเมียนมาให้หน่อย", "แผ่นดินไหวเมียนมา"),
        ("เล่าเรื่องรถไฟวูชให้ฟังหน่อย", "รถไฟวูช"),
        ("อยากรู้เรื่องกฎหมาย AI ของอียู", "กฎหมาย AI ของอียู"),
        # what only begins or ends like a wrapping stays
        ("เรื่องนี้ใครเป็นคนตัดสิน", "เรื่องนี้ใครเป็นคนตัดสิน"),
        ("ต้องกดปุ่มกี่ที", "ต้องกดปุ่มกี่ที"),
        ("ขอนแก่นอยู่ที่ไหน", "ขอนแก่นอยู่ที่ไหน"),
        ("ว่าที่ประธานาธิบดีคือใคร", "ว่าที่ประธานาธิบดีคือใคร"),
        ("พื้นที่ทั้งหมดกี่ไร่", "พื้นที่ทั้งหมดกี่ไร่"),
        ("ตะไคร้คืออะไร", "ตะไคร้คืออะไร"),
        ("Hello Kitty was created by whom?", "Hello Kitty was created by whom?"),
        ("hey everyone, who chaired the 11th ASCCO", "who chaired the 11th ASCCO"),
        ("Question: who chaired the 11th ASCCO", "who chaired the 11th ASCCO"),
        ("ทางหลวงหมายเลข 2555 อยู่ที่ไหน", "ทางหลวงหมายเลข 2555 อยู่ที่ไหน"),
        # nothing but the wrapping: the message itself
        ("แอดมินคะ", "แอดมินคะ"),
    ],
)
def test_the_question_inside_a_chat_message(typed: str, asked: str) -> None:
    assert unwrapped(typed) == asked


def test_an_emoji_typed_onto_a_word_is_no_part_of_it() -> None:
    assert tokenize("รถไฟวูช🤔🤔") == tokenize("รถไฟวูช")
    assert tokenize("ข่าว❤️ไทย👍🏻") == ["ข่าว", "ไทย"]


def test_a_greeting_to_the_admin_is_small_talk() -> None:
    assert is_small_talk("สวัสดีค่ะแอดมิน")
    assert is_small_talk("ขอบคุณครับแอดมิน")
    assert not is_small_talk("แอดมินคะ ใครเป็นเลขาธิการอาเซียน")


# What a question is wrapped in, cycled over the questions: each question gets one of
# each, and chat spellings of the words it has.
OPENINGS = (
    "สวัสดีครับ อยากทราบว่า",
    "แอดมินคะ ",
    "ขอถามหน่อยครับ ",
    "รบกวนสอบถามค่ะ ",
    "หวัดดีค่ะแอดมิน ขอถามนิดนึงค่ะ ",
    "อยากรู้ว่า",
    "ได้ยินมาว่า",
    "เห็นในข่าวเมื่อวาน ",
    "เพื่อนถามมาครับ ",
    "สงสัยมานานแล้ว ",
    "ตอนนี้",
)
ENDINGS = (" ครับ 555", "คะะะ🤔", "🙏", " ขอบคุณครับ", "?? 5555+", "จ้าแอดมิน", "ครับบบ")
ENDINGS += (" ขอบคุณล่วงหน้าครับ", " ใครรู้บ้าง", " ตอบด่วน", " อยากรู้มาก", " รบกวนด้วยนะคะ")
SPELLED = (("เป็น", "เปน"), ("ไหน", "ใหน"), ("เท่าไหร่", "เท่าใหร่"), ("ใคร", "ไคร"))


def _typed(question: str, i: int) -> str:
    for word, typed in SPELLED:
        question = question.replace(word, typed)
    return OPENINGS[i % len(OPENINGS)] + question.rstrip("?") + ENDINGS[i % len(ENDINGS)]


def _right(kb: KnowledgeIndex, question: str, row: dict[str, object]) -> bool:
    urls = {Path(a.source or "").name: a.url for a in kb.articles}
    answer = ask(kb, question)
    url = urls[str(row.get("file", "asean-ascco-2019.txt"))]
    return answer.found and answer.url == url and contains(answer.answer or "", row["answers"])


@pytest.mark.timeout(300)
def test_news_questions_typed_as_in_a_chat_are_answered_as_asked(news: KnowledgeIndex) -> None:
    # Before: 216 of 236 with an opening, 219 with all of it. Now the same as asked.
    paths = [DATA / "seed_questions.jsonl", DATA / "news" / "chat.jsonl"]
    paths += [DATA / group / "questions.jsonl" for group in NEWS_GROUPS]
    rows = [json.loads(line) for path in paths for line in path.read_text("utf-8").splitlines()]
    plain = [_right(news, str(row["question"]), row) for row in rows]
    typed = [_right(news, _typed(str(row["question"]), i), row) for i, row in enumerate(rows)]
    pairs = zip(rows, plain, typed, strict=True)
    lost = [str(row["question"]) for row, was, now in pairs if was and not now]
    assert len(rows) == 266 and sum(plain) >= 230
    assert len(lost) <= 2, lost


def test_an_english_question_ending_in_a_thai_particle_is_answered_in_english(
    news: KnowledgeIndex,
) -> None:
    answer = answered_from(news, "Who chaired the 11th ASCCO คะ🙏", "asean-ascco-2019.txt")
    assert answer.language == "en" and "Hoang Anh Tuan" in (answer.highlight or "")


@pytest.mark.parametrize(
    ("question", "file", "answer"),
    [
        # "when" said as "ตอนไหน" (which time): a date, not the lede's meeting name
        ("ไต้ฝุ่นตรามีขึ้นฝั่งตอนไหน", "ph-typhoon.txt", "๒๔ ตุลาคม"),
        ("การประชุม ASCCO ครั้งที่ 11 จัดขึ้นตอนไหน", "asean-ascco-2019.txt", "๕ มีนาคม"),
        ("บรูไนจะจัดงานฮาลาลครั้งต่อไปตอนไหน", "bn-halal-expo.txt", "๒๕๖๙"),
        # "why" as the segmenter keeps it whole (เพราะอะไร), and as it is said (เพราะไร)
        ("ข้าวญี่ปุ่นแพงเพราะอะไร", "jp-rice-stockpile.txt", "คลื่นความร้อน"),
        ("ข้าวญี่ปุ่นแพงเพราะไร", "jp-rice-stockpile.txt", "คลื่นความร้อน"),
        # "how fast" as "เร็วแค่ไหน": a speed
        ("รถไฟวูชวิ่งได้เร็วแค่ไหน", "id-whoosh-rail.txt", "๓๕๐"),
        # the region's names misspelt, said short, or by their older names
        ("ใครเป็นเลขาธิการอาเซี่ยน", "mm-earthquake.txt", "เกา คิม ฮวน"),
        ("บริษัทใดบ้างที่ประกาศลงทุนศูนย์ข้อมูลในมาเล", "my-ai-office.txt", "Google"),
        # a Buddhist-era year said short: ปี 62 is 2562 (2019)
        ("ประเทศใดเป็นประธานอาเซียนในปี 62", "asean-ascco-2019.txt", "ประเทศไทย"),
        # "now" as it is said: no article says ตอนนี้
        ("ใครเป็นเลขาธิการอาเซียนตอนนี้", "mm-earthquake.txt", "เกา คิม ฮวน"),
    ],
)
def test_interrogatives_as_they_are_said(
    news: KnowledgeIndex, question: str, file: str, answer: str
) -> None:
    assert answer in (answered_from(news, question, file).highlight or "")


def test_a_link_is_found_as_people_paste_it(news: KnowledgeIndex) -> None:
    article = next(a for a in news.articles if a.url == SEED_URL)
    for pasted in (
        SEED_URL,
        SEED_URL.rstrip("/"),
        SEED_URL.replace("https://", "http://www.") + "?utm_source=line&fbclid=x#top",
    ):
        assert news.article_linked(pasted) == article
    assert news.article_linked("https://asean.org/another-page/") is None
    assert link_key("https://th.wikipedia.org/wiki/%E0%B8%82%E0%B8%AD") == link_key(
        "https://th.wikipedia.org/wiki/ขอ/"
    )


def test_a_pasted_link_is_answered_with_its_article(news: KnowledgeIndex) -> None:
    pasted = SEED_URL.replace("https://", "http://www.").rstrip("/")
    for message in (pasted, f"สรุปข่าวนี้หน่อยครับ {pasted}", f"{pasted} what is this article about?"):
        answer = ask(news, message)
        assert answer.found and answer.url == SEED_URL, message
        assert (answer.answer or "").startswith("เมื่อวันที่ ๕ มีนาคม")  # the lede
    # a question with the link is asked of its article: alone, which meeting is meant?
    assert ask(news, "ประชุมกันวันไหน").url != SEED_URL
    answer = ask(news, f"{pasted} ประชุมกันวันไหน")
    assert answer.url == SEED_URL and "๕ มีนาคม" in (answer.highlight or "")
    # a link the knowledge does not hold: not found, said in Thai
    unknown = ask(news, "https://example.org/not-in-the-knowledge")
    assert not unknown.found and unknown.language == "th"


def test_a_country_by_its_everyday_or_older_name_is_searched_as_news_names_it(
    news: KnowledgeIndex,
) -> None:
    for question, named, written in (
        ("แผ่นดินไหวที่พม่ามีคนตายกี่คน", "พม่า", "เมียนมา"),
        ("เมืองหลวงใหม่อินโดใช้เงินเท่าไร", "อินโด", "อินโดนีเซีย"),
    ):
        assert written in analyse_question(news, question).spellings[named]
    answer = answered_from(news, "แผ่นดินไหวที่พม่ามีคนตายกี่คน", "mm-earthquake.txt")
    assert "๒,๗๑๙" in (answer.highlight or "")


@pytest.mark.parametrize(
    ("question", "file", "answer"),
    [
        # แพง (dear): the text gives the price ("ราคาข้าวพุ่งสูง")
        ("ทำไมข้าวที่ญี่ปุ่นแพง", "jp-rice-stockpile.txt", "คลื่นความร้อน"),
        # ให้เงิน (gave money) for the text's "สนับสนุนงบประมาณ": declined (0.01)
        ("ญี่ปุ่นให้เงินเท่าไหร่", "asean-health-ministers.txt", "๕๐ ล้านดอลลาร์"),
        # a translation's cost and funds, for the text's value and budget: declined
        ("ค่าใช้จ่ายทั้งหมดของโครงการเมืองหลวงใหม่คือเท่าใด", "id-nusantara.txt", "๓๒,๐๐๐ ล้าน"),
        (
            "ญี่ปุ่นได้ให้เงินทุนจำนวนเท่าใดสำหรับศูนย์ ACPHEED",
            "asean-health-ministers.txt",
            "๕๐ ล้านดอลลาร์",
        ),
        # คุย (talk) is said for หารือ, which is no search word
        ("การประชุม ASCCO ครั้งที่ 11 คุยเรื่องอะไร", "asean-ascco-2019.txt", "หารือ"),
        # ...nor is "spoke of" (กล่าวถึง, พูดถึง), which no news article says: searched as
        # a word the knowledge never uses, it declined these (0.06, 0.10)
        (
            "ใครคือรัฐมนตรีคมนาคมของสิงคโปร์ที่กล่าวถึงแผนขยายบริการ",
            "sg-autonomous-bus.txt",
            "Chee Hong Tat",
        ),
        ("รัฐมนตรีลาวที่พูดถึงการเชื่อมรถไฟกับไทยคือใคร", "la-china-railway.txt", "บุนจัน สินทะวง"),
        # เกาหลี for เกาหลีใต้, and เปอร์เซ็นต์ for the text's ร้อยละ
        ("ปีที่แล้วคนเกาหลีแต่งงานเพิ่มขึ้นกี่เปอร์เซ็นต์", "kr-birth-rate.txt", "14.8"),
        # a people as it is said (คนญี่ปุ่น: ชาวญี่ปุ่น), eating as news says it (บริโภค)
        ("คนญี่ปุ่นกินข้าวปีละกี่ตัน", "jp-rice-stockpile.txt", "7 ล้านตัน"),
        # the asker's own lead-in ("I read the news on ..."): อ่าน is no word of the text
        ("ผมอ่านข่าวเรื่องคลองฟูนัน อยากรู้ว่าใช้เงินเท่าไหร่", "kh-funan-canal.txt", "๑.๗ พันล้าน"),
        # a secretary-general said short: not the deputy (รองเลขาธิการ) of the seed
        ("เลขาอาเซียนคือใคร", "mm-earthquake.txt", "เกา คิม ฮวน"),
        ("ใครเป็นเลขาฯ อาเซียน", "mm-earthquake.txt", "เกา คิม ฮวน"),
        # the verb for the noun: the text writes การประชุม, a word of its own
        ("ประชุม ASCCO ครั้งที่ 11 ใครเป็นประธาน", "asean-ascco-2019.txt", "Hoang Anh Tuan"),
        ("ขอถามหน่อยครับ ประชุม ascco ครั้งที่11 ใครเป็นประธาน", "asean-ascco-2019.txt", "Hoang"),
    ],
)
def test_words_as_they_are_said(
    news: KnowledgeIndex, question: str, file: str, answer: str
) -> None:
    assert answer in (answered_from(news, question, file).highlight or "")


@pytest.mark.parametrize(
    ("question", "file"),
    [
        # the tag typed onto the count's unit: cut `คนจริง` ("a sincere person"), a word
        # no text has, it was declined (0.06)
        ("แผ่นดินไหวในเมียนมามีคนตายเกินสองพันคนจริงไหม", "mm-earthquake.txt"),
        ("อินโดนีเซียย้ายเมืองหลวงไปนูซันตาราแล้วใช่มั้ย", "id-nusantara.txt"),
        ("ยูทูบโดนแบนในออสเตรเลียด้วยหรือเปล่า", "au-social-media.txt"),
        ("ญี่ปุ่นเอาข้าวในคลังสำรองออกมาขายแล้วหรือยัง", "jp-rice-stockpile.txt"),
    ],
)
def test_a_yes_or_no_question_gets_the_article_that_settles_it(
    news: KnowledgeIndex, question: str, file: str
) -> None:
    answered_from(news, question, file)
    q = analyse_question(news, question)
    assert not q.unknown, q.weights
    # only a tag of two words is set apart: ไหม alone also ends ผ้าไหม (silk)
    assert tidy("ชุดนี้ทำจากผ้าไหม") == "ชุดนี้ทำจากผ้าไหม"


def test_an_everyday_word_news_writes_only_inside_a_noun_is_no_sign_of_absence(
    news: KnowledgeIndex,
) -> None:
    """ตาย (died) is searched as the text's เสียชีวิต, which these articles write only as
    ผู้เสียชีวิต (the dead), a word the segmenter keeps whole: so the knowledge has no
    เสียชีวิต of its own, and the question's word weighed as the rarest word does, as
    if the earthquake were not there."""
    q = analyse_question(news, "แผ่นดินไหวเมียนมามีคนตายกี่คน")
    assert q.weights and not q.unknown, q.weights
    answer = answered_from(news, "แผ่นดินไหวเมียนมามีคนตายกี่คน", "mm-earthquake.txt")
    assert "๒,๗๑๙" in (answer.highlight or "")


@pytest.mark.parametrize(
    ("question", "file", "answer"),
    [
        (
            "Where will the next ASEAN Health Ministers Meeting be held?",
            "asean-health-ministers.txt",
            "มาเลเซีย",
        ),
        ("งานฮาลาลบรูไนครั้งหน้าจะจัดปีไหน", "bn-halal-expo.txt", "๒๕๖๙"),
    ],
)
def test_a_question_on_the_next_one_gets_the_passage_on_the_next_one(
    news: KnowledgeIndex, question: str, file: str, answer: str
) -> None:
    """The lede, on this year's meeting and fair, holds more of the question's words: it
    was answered (the fair), or its centre's host country was in bold (Thailand)."""
    assert answer in (answered_from(news, question, file).highlight or "")


def test_a_question_on_a_purpose_gets_the_purpose(news: KnowledgeIndex) -> None:
    """ "เพื่ออะไร", "ไปทำไม" and "มีเป้าหมายอะไร" ask what something is for, which a text
    gives with เพื่อ: the question was read as asking nothing of a kind, and the lede
    on the railway's passengers answered what the link to Thailand is for (the port of
    Laem Chabang, in the minister's paragraph)."""
    for question in ("สร้างขึ้นเพื่ออะไร", "พรรคนี้มีเป้าหมายอะไร", "What is the purpose of the office?"):
        assert question_kind(question.lower()) is Kind.REASON, question
    assert question_kind("เป้าหมายมีกี่คน") is Kind.NUMBER
    assert question_kind("แผนงานมีเป้าหมายในปีใด") is Kind.DATE
    question = "ลาวจะเชื่อมทางรถไฟลาว-จีนกับรถไฟไทยไปทำไม"
    assert "แหลมฉบัง" in (answered_from(news, question, "la-china-railway.txt").highlight or "")


def test_a_why_question_on_an_article_that_gives_no_cause_gets_the_purpose(
    news: KnowledgeIndex,
) -> None:
    """ "ทำไม" (why) is answered by what a thing is done for when the article gives no
    cause (no เนื่องจาก, เพราะ, สาเหตุ): the minister's paragraph says the buses are to
    be expanded "เพื่อช่วยแก้ปัญหาการขาดแคลนพนักงานขับรถ", and the bold part stopped at
    the plan before it."""
    question = "ทำไมสิงคโปร์ถึงอยากขยายรถโดยสารไร้คนขับ"
    answer = answered_from(news, question, "sg-autonomous-bus.txt")
    assert "การขาดแคลนพนักงานขับรถ" in (answer.highlight or "")


def test_a_minister_asked_by_the_field_of_the_ministry(news: KnowledgeIndex) -> None:
    """ "รัฐมนตรีคมนาคม" is how news and people say "รัฐมนตรีว่าการกระทรวงคมนาคม": the
    text held คมนาคม only inside the ministry's name, a word no question says, and the
    question was declined (0.07) as if Indonesia's transport minister were absent."""
    answer = answered_from(news, "ใครเป็นรัฐมนตรีคมนาคมอินโดนีเซีย", "id-whoosh-rail.txt")
    assert "บูดี การ์ยา สุมาดี" in (answer.highlight or "")


def test_which_company_gets_the_paragraph_that_names_a_company(news: KnowledgeIndex) -> None:
    """ "บริษัทใด" (which company) asks for an organisation as "ใคร" asks for a person: the
    paragraph that names a company is preferred, as one that names a person is. The lede,
    on the ceremony and its prime minister, answered it."""
    question = "บริษัทใดจะก่อสร้างคลองฟูนันเตโช"
    answer = answered_from(news, question, "kh-funan-canal.txt")
    assert "China Road and Bridge Corporation" in (answer.highlight or "")


@pytest.mark.parametrize(
    ("question", "file", "answer"),
    [
        ("ออสเตรเลียปรับแพลตฟอร์มที่ฝ่าฝืนได้สูงสุดเท่าไหร่", "au-social-media.txt", "๔๙.๕ ล้าน"),
        ("ที่เบอกาซีมีอะไรต้องปิดบ้าง", "id-jakarta-flood.txt", "ศูนย์การค้า"),
        ("รัฐบาลญี่ปุ่นเก็บข้าวสำรองไว้เท่าไร", "jp-rice-stockpile.txt", "910,000 ตัน"),
    ],
)
def test_the_act_a_question_names_says_which_fact_it_asks(
    news: KnowledgeIndex, question: str, file: str, answer: str
) -> None:
    """A fine (ปรับ), a closure (ปิด) and a store (เก็บ) are in pythainlp's stop words, and
    the question was asked without them: the lede, on the platforms, the flood and the
    rice released, answered."""
    assert answer in (answered_from(news, question, file).highlight or "")


@pytest.mark.parametrize(
    ("question", "file", "answer"),
    [
        (
            "ใครบอกว่าเป็นครั้งแรกที่รัฐบาลญี่ปุ่นนำข้าวสำรองออกมาแก้ปัญหาการกระจายสินค้า",
            "jp-rice-stockpile.txt",
            "ทาคุ เอโตะ",
        ),
        ("นายกจีนคนไหนไปประชุมอาเซียน-GCC-จีน", "asean-summit-46.txt", "หลี่ เฉียง"),
    ],
)
def test_a_person_whose_name_begins_like_a_role_is_a_person(
    news: KnowledgeIndex, question: str, file: str, answer: str
) -> None:
    """นาย (Mr) before a name that begins with ก, ห or ท was not read as a title, for fear
    of นายก, นายหน้า and นายทหาร: "นายทาคุ เอโตะ" and "นายหลี่ เฉียง" held no person, and
    the bold part went to the words quoted or to the lede."""
    assert answer in (answered_from(news, question, file).highlight or "")
    person = EVIDENCE[Kind.PERSON]
    assert all(person.search(t) for t in ("นายทักษิณ ชินวัตร", "นายกษิต ภิรมย์", "นายหลง โกศล"))
    assert not any(person.search(t) for t in ("นายจ้างต้องเสนอ", "นายหน้า", "ทำนายว่า"))


def test_asking_for_a_story_gets_its_article(news: KnowledgeIndex) -> None:
    """ "Sum up the news on ...", "tell me about ...": declined before (0.05, 0.02)."""
    for question, file in (
        ("สรุปข่าวแผ่นดินไหวเมียนมาให้หน่อย", "mm-earthquake.txt"),
        ("เล่าเรื่องรถไฟวูชให้ฟังหน่อย", "id-whoosh-rail.txt"),
    ):
        answered_from(news, question, file)


@pytest.mark.parametrize(
    ("question", "file", "answer"),
    [
        # a role names a person; the lede names the company, not its founder
        ("ผู้ก่อตั้ง DeepSeek", "cn-deepseek.txt", "เหลียง เหวินเฟิง"),
        ("ประธานการประชุม ASCCO ครั้งที่ 11", "asean-ascco-2019.txt", "Hoang Anh Tuan"),
        # a sum, a fine, a value: the paragraph with the money, in bold
        ("งบประมาณจันทรายาน 3", "in-chandrayaan.txt", "๖,๑๕๐ ล้านรูปี"),
        ("ค่าปรับแพลตฟอร์มโซเชียลออสเตรเลีย", "au-social-media.txt", "๔๙.๕ ล้าน"),
        ("มูลค่าโครงการเมืองหลวงใหม่อินโดนีเซีย", "id-nusantara.txt", "๓๒,๐๐๐ ล้านดอลลาร์"),
        # a speed
        ("ความเร็วสูงสุดรถไฟวูช", "id-whoosh-rail.txt", "๓๕๐"),
    ],
)
def test_a_question_typed_as_keywords_gets_what_its_first_noun_asks_for(
    news: KnowledgeIndex, question: str, file: str, answer: str
) -> None:
    assert answer in (answered_from(news, question, file).highlight or "")


@pytest.mark.parametrize(
    ("question", "file", "answer"),
    [
        # English typed as into a search box: its first noun of a kind says what is asked
        ("deepseek founder", "cn-deepseek.txt", "เหลียง เหวินเฟิง"),
        ("myanmar earthquake death toll", "mm-earthquake.txt", "๒,๗๑๙"),
        ("typhoon trami deaths", "ph-typhoon.txt", "๑๒๖"),
        ("eu ai act maximum fine", "eu-ai-act.txt", "๓๕ ล้านยูโร"),
        ("pogo ban deadline", "ph-pogo-ban.txt", "๓๑ ธันวาคม"),
        ("nusantara project cost", "id-nusantara.txt", "๓๒,๐๐๐"),
    ],
)
def test_an_english_question_typed_as_keywords_gets_what_its_first_noun_asks_for(
    news: KnowledgeIndex, question: str, file: str, answer: str
) -> None:
    """The lede or the landing's window was in bold, without the answer, for each."""
    reply = answered_from(news, question, file)
    assert reply.language == "en"
    assert answer in (reply.highlight or "")


def test_only_a_question_without_an_interrogative_is_read_by_its_nouns() -> None:
    assert question_kind("ราคาตั๋วนครวัด") is Kind.NUMBER
    assert question_kind("วันเกิดของจิมมี คิมเมล") is Kind.DATE
    assert question_kind("ข่าวน้ำท่วมจาการ์ตา") is Kind.OTHER
    # an interrogative says what is asked: the office is what the question is about
    assert question_kind("ประธานาธิบดีฟิลิปปินส์ชื่ออะไร") is Kind.OTHER
    assert question_kind("รัฐมนตรีคลังประกาศเรื่องไหน") is Kind.OTHER
    assert question_kind("Who is the president?") is Kind.PERSON
    assert question_kind("deepseek founder") is Kind.PERSON
    assert question_kind("what is the deepseek founder's fund?") is Kind.OTHER


def test_the_readme_question_is_answered_among_many_news_articles(news: KnowledgeIndex) -> None:
    """The chair is in the paragraph after the lede, which alone names the meeting; the
    confidence is the article's, read on its strongest passage, not on the paragraph the
    answer is taken from (among the 29 news articles it was declined, 0.07)."""
    for question in ("ใครเป็นประธาน ASCCO ครั้งที่ 11", "ใครเป็นประธาน ASCCO ครั้งที่ 11?"):
        answer = answered_from(news, question, "asean-ascco-2019.txt")
        assert "Hoang Anh Tuan" in (answer.highlight or "")


def test_articles_that_name_the_same_person_are_no_rivals(news: KnowledgeIndex) -> None:
    """Three news articles say "นายอันวาร์ อิบราฮิม นายกรัฐมนตรีมาเลเซีย": each was the
    others' rival, nearly as likely, and the question was declined (0.13). They give the
    same answer; a rival that names someone else still counts, and a minister no article
    names is not found in the articles that name Malaysia's prime minister."""
    answer = ask(news, "นายกรัฐมนตรีมาเลเซียคือใคร")
    assert answer.found and "อันวาร์ อิบราฮิม" in (answer.highlight or "")
    assert not ask(news, "ใครเป็นรัฐมนตรีคมนาคมมาเลเซีย").found


@pytest.mark.parametrize(
    "question",
    [
        # the earthquake article is on Myanmar
        "แผ่นดินไหวที่ตุรกีมีคนตายกี่คน",
        # the high-speed railway article is on Jakarta-Bandung
        "รถไฟความเร็วสูงไทย-จีนจะเปิดเมื่อไร",
        # the rice article gives the exports of 2024 (พ.ศ. ๒๕๖๗)
        "ปี 2563 เวียดนามส่งออกข้าวได้เท่าไร",
        # Thai provinces: the earthquake in Myanmar, the railway of Jakarta
        "แผ่นดินไหวที่เชียงรายมีขนาดเท่าไร",
        "รถไฟความเร็วสูงกรุงเทพ-หนองคายยาวกี่กิโลเมตร",
    ],
)
def test_a_question_on_a_place_or_year_no_article_names_is_declined(
    news: KnowledgeIndex, question: str
) -> None:
    assert not ask(news, question).found


def test_the_year_an_article_names_is_answered(news: KnowledgeIndex) -> None:
    for question in ("ปี 2567 เวียดนามส่งออกข้าวได้เท่าไร", "ปีพ.ศ.2567 เวียดนามส่งออกข้าวกี่ล้านตัน"):
        assert "๙.๑๘ ล้านตัน" in (
            answered_from(news, question, "vn-rice-exports.txt").highlight or ""
        )


def test_a_place_is_named_by_any_of_its_names(news: KnowledgeIndex) -> None:
    assert "พม่า" in place_named("เมียนมา") and "สหรัฐ" in place_named("สหรัฐอเมริกา")
    assert place_named("ชาวญี่ปุ่น") == place_named("ญี่ปุ่น") == ("ญี่ปุ่น",)
    assert "กรุงเทพ" in place_named("กรุงเทพมหานคร") and place_named("หนองคาย") == ("หนองคาย",)
    # not a word that is also a province's name: เลย (at all)
    assert place_named("ข้าว") == place_named("เลย") == ()
    answer = answered_from(
        news, "รถไฟลาวจีนจะเชื่อมกับรถไฟไทยที่หนองคายเพื่อขนสินค้าไปท่าเรือไหน", "la-china-railway.txt"
    )
    assert "แหลมฉบัง" in (answer.highlight or "")
