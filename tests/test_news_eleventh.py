"""Six news articles of 2024 and 2025 in the agency's format (South Korea's snap election,
the Air India crash at Ahmedabad, Vietnam's end of the two-child limit, Malaysia's wider
sales and service tax, Lai Ching-te's inauguration, the twice-yearly HIV injection),
with 48 Thai questions, 12 English ones and 8 near their subjects that no article
answers, written by hand before the engine was run on them. Asked among these and the
71 articles of the other news tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.knowledge import KnowledgeIndex
from tests.conftest import (
    answered_from,
    assert_news_floors,
    groups_through,
    near_subject_answered,
    news_index,
)

ELEVENTH = Path(__file__).with_name("data") / "news_eleventh"
GROUPS = groups_through("news_eleventh")


@pytest.fixture(scope="module")
def seventy_seven(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"), GROUPS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("questions", "asked", "right_floor", "bold_floor"),
    [
        # 43 right and 42 in bold today (37 and 36 as first run). Missed: the turnout
        # (the lede's share of the vote), the plane's type (a paragraph on, รุ่น 787),
        # how often the injection is given (บ่อยแค่ไหน); declined: the rival (คู่แข่ง
        # for ผู้สมัคร), the side effects (no subject named)
        ("questions.jsonl", 48, 43, 42),
        # 8 right, 6 in bold today (8 and 4 as first run). Declined: the snap election
        # and its turnout (five articles on South Korea hold its names as fully), the
        # two-child limit (Vietnam alone), Ho Chi Minh City (written in Thai only)
        ("english.jsonl", 12, 8, 6),
    ],
)
def test_questions_written_before_the_engine_met_them(
    seventy_seven: KnowledgeIndex, questions: str, asked: int, right_floor: int, bold_floor: int
) -> None:
    assert_news_floors(seventy_seven, ELEVENTH / questions, asked, right_floor, bold_floor)


@pytest.mark.timeout(300)
def test_questions_near_the_new_articles(seventy_seven: KnowledgeIndex) -> None:
    answered = near_subject_answered(seventy_seven, ELEVENTH)
    # 5 of 8 declined today and as first run. Answered: Lee's birthplace, the 2022
    # election's share, Tsai's first win: each article holds the question's other words
    assert len(answered) <= 3, answered


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "said"),
    [
        # who holds an office: the person the text names beside it, not the lede's (the
        # Philippine speaker was shown as the impeached vice president's lede), nor the
        # president whose inauguration names his deputy after him
        ("ใครเป็นประธานสภาผู้แทนราษฎรฟิลิปปินส์", "ph-impeachment.txt", "มาร์ติน โรมูอัลเดซ"),
        ("รองประธานาธิบดีไต้หวันคนใหม่คือใคร", "tw-lai-inauguration.txt", "เซียว เหม่ยฉิน"),
        (
            "ประธานาธิบดีคนใหม่ของศรีลังกาตั้งใครเป็นนายก",
            "lk-dissanayake.txt",
            "หรินี อมรสุริยา",
        ),
        # ...in the many ways news names them: after the cardinal's rank, with words on
        # who they are between, the coach as the text's หัวหน้าผู้ฝึกสอน; and asked for
        # by name ("...ชื่ออะไร") as by who
        ("ใครได้รับเลือกเป็นพระสันตะปาปาองค์ใหม่", "va-pope-leo.txt", "โรเบิร์ต ฟรานซิส พรีโวสต์"),
        ("นายกรัฐมนตรีหญิงคนแรกของญี่ปุ่นชื่ออะไร", "jp-takaichi.txt", "ทาคาอิจิ ซานาเอะ"),
        ("ใครเป็นโค้ชทีมชาติเวียดนาม", "vn-asean-cup.txt", "คิม ซัง-ซิก"),
        ("ประธานาธิบดีศรีลังกาคนใหม่ชื่ออะไร", "lk-dissanayake.txt", "อนุรา กุมารา ดิสสานายาเก"),
        # the new holder is the one the text says became it; the outgoing vice president
        # is named with the office alone
        ("รองประธานาธิบดีคนใหม่ของอเมริกาคือใคร", "us-election-2024.txt", "เจดี แวนซ์"),
        # who did the deed is not who holds the office it names
        ("ใครชนะเลือกตั้งประธานาธิบดีเกาหลีใต้ปี 2568", "kr-lee-jae-myung.txt", "อี แจ-มยอง"),
        # in English, the office as news writes it (the lede named the prime minister)
        ("Who is Malaysia's digital minister?", "my-ai-office.txt", "Gobind Singh Deo"),
        (
            "Who is Taiwan's vice president under Lai Ching-te?",
            "tw-lai-inauguration.txt",
            "เซียว เหม่ยฉิน",
        ),
        # ships counted in ลำ, as news counts them (the 111 aircraft were shown)
        (
            "How many warships did China send during Joint Sword-2024A?",
            "tw-lai-inauguration.txt",
            "46 ลำ",
        ),
        # what a thing is called: where the text gives the name after the question's word
        # (the next paragraph, on the aircraft counted, held the question's words)
        ("การซ้อมรบของจีนรอบไต้หวันชื่ออะไร", "tw-lai-inauguration.txt", "ดาบร่วม-2024A"),
        # the holder before is not today's holder, whom the text names beside the office
        ("นายกญี่ปุ่นคนก่อนทาคาอิจิคือใคร", "jp-takaichi.txt", "อิชิบะ ชิเงรุ"),
        # ขึ้นเงินเดือน, a word no article uses, weighed as an absent subject; news writes
        # ขึ้นค่าจ้าง
        ("บริษัทใหญ่ในญี่ปุ่นขึ้นเงินเดือนให้พนักงานกี่เปอร์เซ็นต์", "jp-boj-rate-hike.txt", "5.28"),
        # paying tax (เสียภาษี), where news tells of the tax levied
        ("บริการทางการเงินต้องเสียภาษีบริการเท่าไร", "my-sst-expansion.txt", "ร้อยละ 8"),
        # the money a state gets (ได้เงิน) is its revenue (รายได้)
        (
            "รัฐบาลมาเลเซียคาดว่าจะได้เงินภาษีเพิ่มปีนี้เท่าไร",
            "my-sst-expansion.txt",
            "5,000 ล้านริงกิต",
        ),
        # a country buys what news says it imports (นำเข้า)
        ("ฟิลิปปินส์ซื้อข้าวจากประเทศไหนมากที่สุด", "ph-rice-tariff.txt", "เวียดนาม"),
    ],
)
def test_the_answer_is_in_bold(
    seventy_seven: KnowledgeIndex, question: str, file: str, said: str
) -> None:
    answer = answered_from(seventy_seven, question, file)
    assert said in (answer.highlight or ""), answer.highlight


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("question", "file", "said"),
    [
        # an acronym the question names is on the article that writes it: the article on
        # India's election (ที่นั่ง, สภา, พรรค) left no margin to the one on Taiwan's
        ("พรรค DPP ได้ที่นั่งในสภากี่ที่นั่ง", "tw-lai-inauguration.txt", "51 ที่นั่ง"),
        ("พันธมิตร NDA ได้ ส.ส. รวมกี่คน", "in-modi-third-term.txt", "293 ที่นั่ง"),
        # one no article writes says nothing of which: MoU is บันทึกความเข้าใจ in the text
        ("งานฮาลาลบรูไนมีการเซ็น MOU กี่ฉบับ", "bn-halal-expo.txt", "๑๕ ฉบับ"),
        # the report of the election that followed Yoon's impeachment outranked the report
        # of the impeachment, which alone tells of the acting president and the court
        ("หลังยุนโดนถอดถอน ใครรักษาการประธานาธิบดีเกาหลีใต้", "kr-martial-law.txt", "ฮัน ด็อก-ซู"),
        ("ศาลรัฐธรรมนูญเกาหลีมีเวลาตัดสินคดียุนกี่วัน", "kr-martial-law.txt", "180 วัน"),
        # the report on Vietnam's ageing society (ผู้สูงอายุ), not the one on its rice
        ("เวียดนามจะเป็นสังคมผู้สูงอายุในปีใด", "vn-two-child-policy.txt", "2579"),
    ],
)
def test_the_answer_is_from_the_right_article(
    seventy_seven: KnowledgeIndex, question: str, file: str, said: str
) -> None:
    answer = answered_from(seventy_seven, question, file)
    assert said in (answer.answer or ""), answer.answer
