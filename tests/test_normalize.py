from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.util import normalize as pythainlp_normalize

from bot.text.normalize import clean_text, normalize_for_matching, thai_normalize
from bot.text.tokenizer import regrouped, tokenize

ROOT = Path(__file__).resolve().parent.parent


def test_thai_digits_become_arabic() -> None:
    assert normalize_for_matching("ครั้งที่ ๑๑ วันที่ ๕") == "ครั้งที่ 11 วันที่ 5"


def test_buddhist_and_common_era_years_meet() -> None:
    assert tokenize("พ.ศ. ๒๕๖๒") == tokenize("พ.ศ. 2019")
    assert "2019" in tokenize("ปี 2562")
    # the era written close up to the year, as it often is
    assert "2024" in tokenize("ปี พ.ศ.2567") and "2024" in tokenize("พ.ศ.๒๕๖๗")
    # not a year: part of a longer number, or a decimal
    assert normalize_for_matching("12562 และ 2562.5 และ 1.2562") == "12562 และ 2562.5 และ 1.2562"


def test_a_verb_with_its_aspect_particle_is_the_verb_a_text_says() -> None:
    """ "ก่อตั้งขึ้น" (was founded) and "ก่อตั้ง": the dictionary holds ตั้งขึ้น, and the
    segmenter's tie-break cut ก่อ|ตั้งขึ้น, which no text's "ก่อตั้งเมื่อ" holds."""
    assert "ก่อตั้ง" in tokenize("สมาคมก่อตั้งขึ้นในปี 2510")
    assert "เกิด" in tokenize("เหตุการณ์นี้เกิดขึ้นที่ไหน")
    # ...but not with a word of grammar: ที่ (that) before it is no ที่เกิด (a birthplace)
    assert "ที่เกิด" not in tokenize("เหตุการณ์ที่เกิดขึ้นเมื่อวาน")
    assert "ลด" in tokenize("ราคาข้าวลดลงเท่าไร")
    # a word that merely ends in the letters of a particle is left whole
    assert "เพลง" in tokenize("เพลงนี้")


def test_a_ministry_is_named_by_its_field() -> None:
    """ "รัฐมนตรีคมนาคม" (the transport minister, said short) and the text's
    "รัฐมนตรีว่าการกระทรวงคมนาคม": the dictionary holds กระทรวงคมนาคม as one word, so the
    text had no word คมนาคม."""
    text = tokenize("นายบูดี รัฐมนตรีว่าการกระทรวงคมนาคมอินโดนีเซีย")
    assert {"รัฐมนตรี", "กระทรวง", "คมนาคม"} <= set(text)
    assert "คมนาคม" in tokenize("ใครเป็นรัฐมนตรีคมนาคม")
    assert "การต่างประเทศ" in tokenize("กระทรวงการต่างประเทศ")
    # a minister's title the dictionary holds whole is cut the same way
    assert "อุตสาหกรรม" in tokenize("รัฐมนตรีว่าการกระทรวงอุตสาหกรรม")


def test_zero_width_characters_and_bom_are_removed() -> None:
    assert clean_text("\ufeffสวัส\u200bดี\u200c") == "สวัสดี"
    assert tokenize("อาเซียน\u200bประชุม") == tokenize("อาเซียนประชุม")


def test_sara_am_survives_and_spelling_variants_meet() -> None:
    decomposed = "\u0e19\u0e4d\u0e32"  # NIKHAHIT + SARA AA, as some keyboards type `นำ`
    assert normalize_for_matching(decomposed) == "นำ"
    assert normalize_for_matching("เเปล") == "แปล"  # two SARA E typed for SARA AE
    assert normalize_for_matching("ผู้แทน ไม่") == "ผู้แทน ไม่"  # vowels and tone marks kept


def test_case_and_punctuation() -> None:
    assert tokenize("ASEAN, (Asean)!") == ["asean", "asean"]
    assert tokenize("   ") == []
    assert tokenize("!!! ???") == []


def test_a_hyphen_that_joins_a_word_to_another_is_no_part_of_it() -> None:
    """A text's "COVID-19" and a question's "COVID" share the word; a hyphen inside a
    name stays."""
    assert tokenize("COVID-19") == ["covid", "19"]
    assert tokenize("อาเซียน-GCC-จีน") == ["อาเซียน", "gcc", "จีน"]
    assert tokenize("one-north") == ["one-north"]
    assert tokenize(" - ") == []


THAI_AND_SPACES = st.lists(
    st.one_of(
        st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F),
        st.sampled_from([" ", "  ", "\n", " \n ", "\u200b", "\u200c", "a", "1"]),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(text=THAI_AND_SPACES)
def test_thai_normalize_gives_exactly_pythainlps_output(text: str) -> None:
    assert thai_normalize(text) == pythainlp_normalize(text)


def test_thai_normalize_matches_pythainlp_on_real_articles() -> None:
    lines = (ROOT / "data" / "dev" / "articles" / "articles.jsonl").read_text().splitlines()
    for line in lines[:300]:
        text = json.loads(line)["text"]
        assert thai_normalize(text) == pythainlp_normalize(text)


@settings(max_examples=1000, deadline=None)
@given(text=st.text(max_size=40))
def test_clean_text_fast_path_changes_nothing_it_should_not(text: str) -> None:
    import re
    import unicodedata

    reference = unicodedata.normalize("NFC", text)
    reference = re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", reference)
    reference = re.sub("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]", " ", reference)
    reference = reference.replace("\r\n", "\n").replace("\r", "\n")
    assert clean_text(text) == reference


def test_a_question_cut_otherwise_than_its_text_is_cut_again() -> None:
    """Maximal matching cuts "โครงการสร้างเมืองหลวง" `โครง|การสร้างเมือง|หลวง` (as many
    words as `โครงการ|สร้าง|เมืองหลวง`); a text that says "โครงการนี้ ... สร้างเมืองหลวง"
    has none of the first cut's words. A name cut into syllables is no dictionary word
    and stays as it is, and words the knowledge uses are kept."""
    text_words = {"โครงการ", "สร้าง", "เมืองหลวง", "ใหม่", "มี", "มูลค่า", "เท่าไร"}

    def known(words: list[str]) -> list[bool]:
        return [w in text_words for w in words]

    question = tokenize("โครงการสร้างเมืองหลวงใหม่มีมูลค่าเท่าไร")
    assert "การสร้างเมือง" in question
    assert regrouped(question, known) == [
        "โครงการ",
        "สร้าง",
        "เมืองหลวง",
        "ใหม่",
        "มี",
        "มูลค่า",
        "เท่าไร",
    ]
    assert regrouped(question, lambda words: [True] * len(words)) == question
    name = tokenize("ริคาร์โด เปเรรา")
    assert regrouped(name, lambda words: [False] * len(words)) == name


def test_a_question_cut_otherwise_beside_a_word_of_grammar_is_cut_again() -> None:
    """`เลือก|ตั้งใหม่|เมื่อไร` is `เลือกตั้ง|ใหม่|เมื่อไร`: เมื่อไร and ใหม่ are words of
    grammar, which no text is searched for, and the cut was refused for them. The cut
    that mends a word may also start at it: `ถึง|แพ|งก|ว่าที่` is `แพง|กว่า|ที่` after ถึง."""
    text_words = {"เนปาล", "จะ", "เลือกตั้ง", "แพง", "คิด", "ถึง"}

    def known(words: list[str]) -> list[bool]:
        return [w in text_words for w in words]

    question = tokenize("เนปาลจะเลือกตั้งใหม่เมื่อไร")
    assert question[2:4] == ["เลือก", "ตั้งใหม่"]
    assert regrouped(question, known) == ["เนปาล", "จะ", "เลือกตั้ง", "ใหม่", "เมื่อไร"]
    question = tokenize("ถึงแพงกว่าที่คิด")
    assert "ว่าที่" in question
    assert regrouped(question, known) == ["ถึง", "แพง", "กว่า", "ที่", "คิด"]


def test_a_name_that_lost_its_last_letter_to_the_next_word_gets_it_back() -> None:
    """`มาร์บูร์กรอบนี้` is cut `มาร์บูร์|กรอบ|นี้` (กรอบ, a frame): the name the knowledge
    writes is `มาร์บูร์ก`, and the letter given back leaves รอบ, a word it uses too. Not
    when the name so mended is not the knowledge's."""
    text_words = {"มาร์บูร์ก", "รอบ", "นี้", "อัตรา", "ตาย"}

    def known(words: list[str]) -> list[bool]:
        return [w in text_words for w in words]

    question = tokenize("มาร์บูร์กรอบนี้อัตราตาย")
    assert question[:2] == ["มาร์บูร์", "กรอบ"]
    assert regrouped(question, known)[:3] == ["มาร์บูร์ก", "รอบ", "นี้"]
    assert regrouped(question, lambda words: [w in {"รอบ"} for w in words])[:2] == question[:2]


def test_a_compound_of_an_everyday_word_is_cut_into_the_two_words_news_writes() -> None:
    """The segmenter keeps `กินข้าว` (eat rice) whole; a news text that says "บริโภคข้าว"
    has neither it nor กิน, and กิน is an everyday word it writes otherwise. A compound
    of no everyday word stays whole when the knowledge never uses it (`กำลังคน`,
    manpower: cut `กำลัง|คน`, it looked asked of any article with people in it), and so
    does one that the knowledge uses, or whose other word it lacks."""
    text_words = {"กิน", "ข้าว", "กำลัง", "คน", "เท่าไร"}
    everyday = {"กิน"}

    def known(words: list[str]) -> list[bool]:
        return [w in text_words for w in words]

    assert regrouped(tokenize("กินข้าวเท่าไร"), known, everyday)[:2] == ["กิน", "ข้าว"]
    assert "กินข้าว" in regrouped(tokenize("กินข้าวเท่าไร"), known)
    assert "กำลังคน" in regrouped(tokenize("กำลังคนเท่าไร"), known, everyday)
    assert "กินข้าว" in regrouped(tokenize("กินข้าว"), lambda w: [True] * len(w), everyday)
    assert "กินข้าว" in regrouped(tokenize("กินข้าว"), lambda w: [x != "ข้าว" for x in w], everyday)
