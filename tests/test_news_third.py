"""Fourteen more news articles in the agency's format: eleven further from ASEAN's own
business (South Korea's birth rate, the EU's AI Act, the Laos-China railway, India's
Moon landing, Timor-Leste joining ASEAN, Australia's social media ban for children,
Typhoon Yagi in Vietnam, China's DeepSeek, visitors to Angkor, the impeachment of the
Philippines' vice president, floods in Jakarta) and three of its meetings (the 46th
summit, the digital and the energy ministers), with 84 Thai questions (plain, chatty, in
everyday words) and 28 English ones, written by hand before any change they led to:
asked among these and the fifteen news articles of the other news tests, and with these
fourteen removed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine.answering import ask
from bot.engine.knowledge import KnowledgeIndex
from bot.tools.train import contains
from tests.conftest import answered_from, news_index, news_scores

DATA = Path(__file__).with_name("data")
THIRD = DATA / "news_third"


@pytest.fixture(scope="module")
def twenty_nine(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"))


@pytest.fixture(scope="module")
def without_them(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), ("news", "news_later"))


def _rows(questions: str) -> list[dict[str, object]]:
    lines = (THIRD / questions).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 78 right, 74 in bold today (69 and 64 before the changes they led to). Wrong:
        # the OECD's average and until when the rain goes on (the lede's figure and date
        # instead: it outranks the last paragraph on the question's topic words), where
        # the rocket was launched from (ปล่อยขึ้น; the text says ส่งขึ้น), the rover's name
        # (ที่อยู่, "inside", read as one word, "address"), Sara Duterte's father (the text
        # says she is his daughter). Declined: the Chinese premier at the ASEAN-GCC-China
        # summit (นายกจีน, the premier said short).
        ("questions.jsonl", 84, 75, 71),
        # 21 right, 18 in bold today (13 and 11 before). Declined: Angkor's visitors and
        # pass (the text writes Angkor in Thai only), the Philippine House's speaker
        # ("Philippine" is no country's name), ASEAN's renewable energy target (ASEAN is
        # its only name, and many articles have it). Wrong: the rover's name and who
        # regulates the ban (the lede and the prime minister's paragraph instead), the
        # 46th summit's declaration (the lede).
        ("english.jsonl", 28, 19, 16),
    ],
)
def test_questions_on_fourteen_more_news_articles(
    twenty_nine: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    counted, right, bold = news_scores(twenty_nine, THIRD / questions)
    assert counted == asked
    assert right >= right_floor, right
    assert bold >= bold_floor, bold


@pytest.mark.timeout(300)
@pytest.mark.parametrize(("questions", "floor"), [("questions.jsonl", 79), ("english.jsonl", 25)])
def test_questions_on_them_are_declined_when_they_are_not_known(
    without_them: KnowledgeIndex, questions: str, floor: int
) -> None:
    """81 of 84 and 27 of 28 today: the words that find them (อียู, AI, South Korea) must
    not answer from another article when theirs is missing."""
    declined = sum(not ask(without_them, str(r["question"])).found for r in _rows(questions))
    assert declined >= floor, declined


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "gold"),
    [
        # the text writes "บริษัท Nvidia": declined (0.03)
        ("หุ้นเอ็นวิเดียร่วงกี่เปอร์เซ็นต์", "cn-deepseek.txt", "ร้อยละ ๑๗"),
        # the text writes "ดีปซีก (DeepSeek)": declined (0.03)
        ("ดีพซีคตั้งอยู่เมืองไหน", "cn-deepseek.txt", "นครหางโจว"),
        # the text writes "ปรัชญาน (Pragyan)": declined (0.11)
        ("ยานปรากยานทำอะไร", "in-chandrayaan.txt", "ตรวจวัดองค์ประกอบทางเคมี"),
    ],
)
def test_a_name_typed_in_thai_letters_is_found_as_the_text_writes_it_in_latin(
    twenty_nine: KnowledgeIndex, question: str, file: str, gold: str
) -> None:
    """An asker spells a firm's or a craft's name in Thai letters by ear, where the
    agency's text writes it in Latin ones, alone or after its own Thai spelling."""
    answer = answered_from(twenty_nine, question, file)
    assert contains(answer.highlight or "", [gold]), answer.highlight


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "gold"),
    [
        # a budget said short (งบ): the lede's date and time were bold
        ("ภารกิจจันทรายาน 3 ใช้งบเท่าไหร่", "in-chandrayaan.txt", "๖,๑๕๐ ล้านรูปี"),
        # a fine (ถูกปรับ): the list of platforms before it was bold
        (
            "แพลตฟอร์มที่ฝ่าฝืนกฎหมายห้ามเด็กใช้โซเชียลของออสเตรเลียจะถูกปรับเท่าไร",
            "au-social-media.txt",
            "๔๙.๕ ล้านดอลลาร์ออสเตรเลีย",
        ),
        # a sum in multipliers run together (ล้านล้าน, พันล้าน) in a currency written ด่ง
        ("ความเสียหายจากพายุยางิเป็นเงินกี่ด่ง", "vn-typhoon-yagi.txt", "๔๐ ล้านล้านด่ง"),
        # the dead counted in ราย: the lede's "in 30 years" was bold
        ("พายุยางิทำให้คนตายกี่คน", "vn-typhoon-yagi.txt", "๓๐๐ ราย"),
        # a speed: the lede's date was bold
        ("ไต้ฝุ่นยางิมีความเร็วลมเท่าไร", "vn-typhoon-yagi.txt", "๑๔๙ กิโลเมตรต่อชั่วโมง"),
        # a governor said short (ผู้ว่าฯ): declined
        ("ผู้ว่าฯ จาการ์ตาชื่ออะไร", "id-jakarta-flood.txt", "ปราโมโน อานุง"),
        # the 47th summit, where the article on the 46th holds every other word and came
        # first: declined, since that article never answers a question on the 47th
        ("การประชุมสุดยอดอาเซียนครั้งที่ 47 จัดที่ไหน", "tl-asean-member.txt", "กรุงกัวลาลัมเปอร์"),
        # a cause given as "เป็นผลจาก": the lede's figures were bold
        (
            "ทำไมอัตราการเกิดของเกาหลีถึงเพิ่มขึ้น",
            "kr-birth-rate.txt",
            "จำนวนคนที่เกิดในช่วงต้นทศวรรษ 2533",
        ),
        # อียู and AI as a news text writes them out (สหภาพยุโรป, ปัญญาประดิษฐ์): declined
        ("กฎหมาย AI ของอียูเริ่มบังคับใช้วันไหน", "eu-ai-act.txt", "๑ สิงหาคม พ.ศ. ๒๕๖๗"),
    ],
)
def test_what_a_thai_question_asks_for_in_everyday_words(
    twenty_nine: KnowledgeIndex, question: str, file: str, gold: str
) -> None:
    answer = answered_from(twenty_nine, question, file)
    assert contains(answer.highlight or "", [gold]), answer.highlight


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "gold"),
    [
        # a country named in two words, or hyphenated: declined
        ("How many babies were born in South Korea in 2024?", "kr-birth-rate.txt", "238,300"),
        ("Who is the prime minister of Timor-Leste?", "tl-asean-member.txt", "Xanana Gusmão"),
        # ASEAN, which Thai writes as it is said (อาเซียน): declined
        ("When did Timor-Leste join ASEAN?", "tl-asean-member.txt", "๒๖ ตุลาคม พ.ศ. ๒๕๖๘"),
        # a measure asked with "what" is a number: the lede was the answer
        ("What is the maximum fine under the EU AI Act?", "eu-ai-act.txt", "๓๕ ล้านยูโร"),
        ("What was South Korea's fertility rate in 2024?", "kr-birth-rate.txt", "0.75"),
        # a name a hyphen joins to a number (Chandrayaan-3) was read with the hyphen, and
        # was no name of the question: declined
        ("When did Chandrayaan-3 land on the Moon?", "in-chandrayaan.txt", "๒๓ สิงหาคม พ.ศ. ๒๕๖๖"),
        # the article that holds both names, not one whose title holds one: declined
        (
            "When did Typhoon Yagi make landfall in Vietnam?",
            "vn-typhoon-yagi.txt",
            "๗ กันยายน พ.ศ. ๒๕๖๗",
        ),
    ],
)
def test_an_english_question_on_a_country_or_a_body_named_as_english_names_it(
    twenty_nine: KnowledgeIndex, question: str, file: str, gold: str
) -> None:
    answer = answered_from(twenty_nine, question, file)
    assert contains(answer.answer or "", [gold]), answer.answer
    assert answer.language == "en"


def test_countries_named_in_more_than_one_word() -> None:
    from bot.text.countries import named_in, thai_names

    assert named_in("What was South Korea's fertility rate?") == {
        "south": ("เกาหลีใต้",),
        "korea": ("เกาหลีใต้",),
    }
    # the longest name: the United Arab Emirates are not the United States
    assert named_in("the united arab emirates")["united"] == ("สหรัฐอาหรับเอมิเรตส์",)
    assert named_in("the South of France") == {}
    assert thai_names("Timor-Leste") == ("ติมอร์-เลสเต",)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    "question",
    [
        # ASEAN is its only name, and a dozen articles say อาเซียน: answered from ASCCO's
        "What is ASEAN's renewable energy target?",
        # "Who is Malaysia's digital minister?" was here: with its office read (ดิจิทัล,
        # รัฐมนตรี) it now finds its article, but the lede, whose prime minister is in
        # bold, as the Thai question's (docs/answers.md, Not yet good enough)
    ],
)
def test_an_english_question_whose_names_many_articles_share_is_declined(
    twenty_nine: KnowledgeIndex, question: str
) -> None:
    """Its names say what it is about, not which article answers it: the bot says the
    articles are in Thai rather than answer from whichever article came first."""
    answer = ask(twenty_nine, question)
    assert not answer.found, (answer.title, answer.answer)
    assert answer.language == "en"


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "gold"),
    [
        # declined: a ministry's field and the office are ordinary English, no name
        ("Who is Indonesia's transport minister?", "id-whoosh-rail.txt", "บูดี การ์ยา สุมาดี"),
        ("Who is Japan's agriculture minister?", "jp-rice-stockpile.txt", "ทาคุ เอโตะ"),
        (
            "who is the chair of asean health ministers meeting",
            "asean-health-ministers.txt",
            "Budi",
        ),
        # the lede, which names the country and not its prime minister
        ("Who is the prime minister of Timor-Leste?", "tl-asean-member.txt", "Xanana Gusmão"),
    ],
)
def test_an_office_named_in_english_is_found_as_thai_news_names_it(
    twenty_nine: KnowledgeIndex, question: str, file: str, gold: str
) -> None:
    answer = answered_from(twenty_nine, question, file)
    assert gold in (answer.highlight or ""), answer.highlight
    assert answer.language == "en"


def test_the_thai_words_of_an_office_named_in_english() -> None:
    from bot.text.offices import offices_in

    assert offices_in("Who is Japan's agriculture minister?") == {
        "agriculture": ("เกษตร",),
        "minister": ("รัฐมนตรี",),
    }
    assert set(offices_in("the prime minister").values()) == {("นายกรัฐมนตรี",)}
    assert offices_in("the Minister of Foreign Affairs")["affairs"] == ("ต่างประเทศ",)
    # a field is a field only beside minister or ministry
    assert offices_in("How many foreign tourists came?") == {}


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("รถไฟวู้ชมีคนใช้กี่ล้านคน", "๕.๘ ล้านคน"),  # a tone mark added: declined (0.03)
        ("หวูชมีผู้โดยสารกี่คน", "๕.๘ ล้านคน"),  # a ห that sets a tone: declined
    ],
)
def test_a_name_marked_otherwise_than_the_text_marks_it(
    twenty_nine: KnowledgeIndex, question: str, gold: str
) -> None:
    """The text writes the train "วูช" (Whoosh); an asker marks its tone as they hear it."""
    answer = answered_from(twenty_nine, question, "id-whoosh-rail.txt")
    assert contains(answer.highlight or "", [gold]), answer.highlight
