"""A question translated from English spells a foreign name by ear, seldom as the
article's title does (`ฟุจิวาระ โนะ นากาโกะ` for `ฟุจิวะระ โนะ นะกะโกะ`, `ริคาร์โด
เปเรรา` for `รีการ์ดู ปึไรรา`): such a question still finds the article, and asked of
the dev articles the hand-translated questions are answered from the right one more
often than before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine.answering import analyse_question, ask
from bot.engine.knowledge import KnowledgeIndex, build_index
from bot.engine.names import bare_name, english_name, names_in_latin, respelled, sounds_of_titles
from bot.text.loader import load_knowledge
from bot.text.sound import consonants, heard_key, latin_keys, skeleton
from bot.text.tokenizer import tokenize
from bot.tools.train import contains

ROOT = Path(__file__).resolve().parents[1]
DEV_ARTICLES = ROOT / "data" / "dev" / "articles"
TRANSLATED = Path(__file__).with_name("data") / "dev_translated.jsonl"


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("เซตินเย", "เซตีเนีย"),
        ("อาร์เบคาซิน", "อาร์บีกาซิน"),
        ("ชาวไวกิ้ง", "ชาวไวกิง"),
        ("ริคาร์โด เปเรรา", "รีการ์ดู ปึไรรา"),
        ("โชทาโร่ อิชิโนโมริ", "โชตาโร อิชิโนโมริ"),
    ],
)
def test_two_spellings_of_one_name_sound_alike(heard: str, written: str) -> None:
    assert skeleton(heard) == skeleton(written)


@pytest.mark.parametrize(
    ("thai", "latin"),
    [
        ("เอ็นวิเดีย", "nvidia"),
        ("ดีพซีค", "deepseek"),
        ("ไมโครซอฟท์", "microsoft"),  # a last consonant silenced
        ("นูซันตารา", "nusantara"),
        ("ซัมซุง", "samsung"),
        ("วิกรัม", "vikram"),
    ],
)
def test_a_latin_name_sounds_as_thai_spells_it(thai: str, latin: str) -> None:
    assert heard_key(consonants(thai)) in latin_keys(latin)


def test_latin_names_that_sound_otherwise() -> None:
    assert heard_key(consonants("เทสลา")) not in latin_keys("toyota")
    assert heard_key(consonants("ซัมซุง")) not in latin_keys("samson")


def test_an_ordinal_in_words_names_a_title_with_digits() -> None:
    assert bare_name("สงครามโลกครั้งที่สอง") == bare_name("สงครามโลกครั้งที่ 2")
    assert bare_name("รัชกาลที่สิบสี่") == "รัชกาลที่14"
    assert bare_name("สงครามโลกครั้งที่หนึ่ง") != bare_name("สงครามโลกครั้งที่ 2")


def test_different_names_do_not_sound_alike() -> None:
    assert skeleton("เชียงใหม่") != skeleton("เชียงราย")
    assert skeleton("ไวกิง") != skeleton("ไวน์")


def test_a_run_of_the_question_finds_the_title_it_sounds_like() -> None:
    table = sounds_of_titles(
        ["ชาวไวกิง", "รีการ์ดู ปึไรรา (นักฟุตบอล)", "ปลาช่อนดำ", "ปลาช่อน", "ปลาจีน", "เซตีเนีย"]
    )
    # ไวกิ้ง: a dictionary word the knowledge never uses
    viking = tokenize("ชาวไวกิ้งได้รับฉายาว่าอะไร")
    assert respelled(viking, table, unknown={"ไวกิ้ง"}) == ("ชาวไวกิง",)
    # a name the segmenter cuts into syllables that are no dictionary words
    pereira = tokenize("ริคาร์โด เปเรรา ประกอบอาชีพอะไร")
    assert respelled(pereira, table) == ("รีการ์ดู ปึไรรา",)
    # four consonant sounds are enough for a name cut into syllables (เซ|ติ|น|เย)
    cetinje = tokenize("ในปี 2003 เซตินเยมีประชากรกี่คน")
    assert respelled(cetinje, table) == ("เซตีเนีย",)
    # spelled as the title is: nothing to add
    assert respelled(tokenize("ชาวไวกิงได้รับฉายาว่าอะไร"), table) == ()
    # ordinary words the knowledge has are not a misheard name: ปลา|ชนิด is not ปลาช่อนดำ,
    # ปลาจีน (p r c n) is not ปลาช่อน (p r c n)
    assert respelled(tokenize("ปลาจีนเป็นชื่อเรียกของปลาชนิดใด"), table) == ()
    assert respelled(tokenize("ปลาจีนมีถิ่นกำเนิดที่ใด"), table) == ()


def test_a_name_spelled_but_for_its_tone_marks_finds_the_title() -> None:
    """The same letters but for tone marks and the maitaikhu: a title's name however
    short (three consonant sounds) and whatever words the question cuts it into."""
    table = sounds_of_titles(["ชาวไวกิง", "เบ็ปปุ", "ปลาจีน"])
    # ไวกิ้ง is a dictionary word the knowledge uses: not by ear, but by its letters
    assert respelled(tokenize("ชาวไวกิ้งได้รับฉายาว่าอะไร"), table) == ("ชาวไวกิง",)
    assert respelled(tokenize("เมืองเบปปุอยู่ในจังหวัดใด"), table) == ("เบ็ปปุ",)
    # three sounds alike in other letters are chance: บ ป ป of บัปปะ is not เบ็ปปุ
    assert respelled(tokenize("บัปปะอยู่ที่ไหน"), table) == ()


@pytest.fixture(scope="module")
def dev_kb() -> KnowledgeIndex:
    return build_index(load_knowledge(DEV_ARTICLES).articles)


@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("ริคาร์โด เปเรรา ประกอบอาชีพอะไร", "รีการ์ดู ปึไรรา"),
        ("ชื่อทางวิทยาศาสตร์ของว่านหางจระเข้คืออะไร", "ว่านหางจรเข้"),
        ("ฟุจิวาระ โนะ นากาโกะ เป็นมเหสีของผู้ใด", "ฟุจิวะระ โนะ นะกะโกะ"),
        ("โชทาโร่ อิชิโนโมริ มีชื่อเสียงจากอาชีพอะไร", "โชตาโร อิชิโนโมริ"),
        ("ชาวไวกิ้งได้รับฉายาว่าอะไร", "ชาวไวกิง"),  # but for a tone mark
        ("เมืองเบปปุอยู่ในจังหวัดใด", "เบ็ปปุ"),  # but for the maitaikhu
        ("ในปี 2003 เซตินเยมีประชากรกี่คน", "เซตีเนีย"),  # four sounds, cut into syllables
    ],
)
def test_a_name_spelled_by_ear_finds_its_article(
    dev_kb: KnowledgeIndex, question: str, title: str
) -> None:
    answer = ask(dev_kb, question)
    assert answer.found, question
    assert answer.title == title, (question, answer.title)


@pytest.mark.timeout(600)
def test_questions_translated_from_english_on_the_dev_articles(dev_kb: KnowledgeIndex) -> None:
    """167 dev questions reworded by hand the way a translation from English reads (the
    interrogative first, other words, names spelled by ear or in Latin letters), asked
    of all 1,705 dev articles."""
    rows = [json.loads(line) for line in TRANSLATED.read_text(encoding="utf-8").splitlines()]
    right_article = right_answer = 0
    for row in rows:
        answer = ask(dev_kb, row["question"])
        if answer.found and answer.url == row["url"]:
            right_article += 1
            right_answer += contains(answer.answer or "", row["answers"])
    # 157 and 142 of 167 today (BM25: 155 and 136); 156 and 140 before the nouns on the
    # stopword list that say what is asked (ด้านใด), the field after ทาง and the frame
    # ชื่อว่า set apart; 155 and 139 before a name of four
    # consonant sounds (เซตีเนีย) was matched by ear; 153 and 133 before the one who does
    # (ผู้ก่อตั้ง) was asked as the verb and "which person" or "which type" as "who" or
    # "what"; 151 and 132 before names spelled but for their tone marks were matched; 149
    # and 130 before a question that names its article's title was answered from a third
    # of the cut; 145 and 126 before names were matched by ear
    assert right_article >= 156, right_article
    assert right_answer >= 140, right_answer


@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("ก๋วยเตี๋ยวมีต้นกำเนิดจากประเทศใด", "ก๋วยเตี๋ยว"),
        ("หนังสือพิมพ์ไทยรัฐนำเสนอเนื้อหาเกี่ยวกับเรื่องใด", "ไทยรัฐ"),
        ("ฝ่ายใดเป็นผู้ชนะในสงครามโลกครั้งที่สอง", "สงครามโลกครั้งที่ 2"),  # ordinal in words
    ],
)
def test_a_question_naming_its_article_in_other_words_is_answered(
    dev_kb: KnowledgeIndex, question: str, title: str
) -> None:
    """It names the article's title in full, in other words than the article's
    (ต้นกำเนิด for its ที่มา): the model is less sure than of a question in the
    article's own words, and a third of the cut is enough."""
    answer = ask(dev_kb, question)
    assert answer.found and answer.title == title, (answer.found, answer.title)


@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("ปลาโนรีครีบยาวมีขนาดโตเต็มที่กี่เซนติเมตร", "ปลาโนรีครีบยาว"),  # not ...ครีบสั้น
        ("ปลาแค้วัวถือว่าเป็นปลาน้ำจืดที่จัดอยู่ในวงศ์อะไร", "ปลาแค้วัว"),  # not ปลาแค้งู
        ("ปลาจิ้มฟันจระเข้ยักษ์มีการถูกค้นพบว่ามีมากที่สุดคือที่ใด", "ปลาจิ้มฟันจระเข้ยักษ์"),
    ],
)
def test_the_article_a_question_names_outranks_its_namesakes(
    dev_kb: KnowledgeIndex, question: str, title: str
) -> None:
    """Dev questions that name their article's title in full, among articles on the
    fish's kin whose passages hold as many of its words: the kin's were answered (or,
    the last, declined) before the article's title named in the question counted
    against another's (`title_rival`)."""
    answer = ask(dev_kb, question)
    assert answer.found and answer.title == title, (answer.found, answer.title)


def test_the_english_name_a_lede_gives() -> None:
    """An encyclopedia lede gives its subject's English name in brackets; a question
    translated from English names the subject so, as whole words."""
    lede = "นิวโรแมนติกส์ (อังกฤษ: new romantics) เป็นเพลงที่บันทึกโดย..."
    assert english_name(lede) == "new romantics"
    assert english_name("ทรูคริปต์ (อังกฤษ: truecrypt) เป็นซอฟต์แวร์") == "truecrypt"
    assert english_name("อาร์บีกาซิน (inn; อังกฤษ: arbekacin) เป็นยา") == "arbekacin"
    assert english_name("ปลาโนรี (ชื่อวิทยาศาสตร์: heniochus) เป็นปลา") == ""
    assert english_name("เอไอ (อังกฤษ: ai) คือ") == ""  # too short to name anything
    assert names_in_latin("new romantics", "ใครเป็นผู้ร้องเพลง new romantics")
    assert not names_in_latin("new romantics", "new romanticsism")
    assert not names_in_latin("", "อะไรก็ได้")


@pytest.mark.timeout(600)
def test_a_question_naming_the_english_name_its_article_gives(dev_kb: KnowledgeIndex) -> None:
    """ "ใครเป็นผู้ร้องเพลง New Romantics" names the article `นิวโรแมนติกส์ (เพลง)`, whose
    lede gives "(อังกฤษ: New Romantics)": it is answered from it, where it was declined
    (confidence 0.13) when only the Thai title counted as named."""
    answer = ask(dev_kb, "ใครเป็นผู้ร้องเพลง New Romantics")
    assert answer.found and answer.title == "นิวโรแมนติกส์ (เพลง)", (answer.found, answer.title)


@pytest.mark.timeout(600)
def test_a_name_typed_in_thai_letters_is_searched_in_latin_ones(dev_kb: KnowledgeIndex) -> None:
    """The anthem's article writes "มาจูละห์ ซีงาปูรา (Majulah Singapura)": a question
    that spells Singapore `สิงค์โปร` was declined."""
    answer = ask(dev_kb, "เพลงชาติของสิงค์โปรมีชื่อว่าอะไร")
    assert answer.found and contains(answer.highlight or "", ["Majulah Singapura"]), answer


@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    "question",
    [
        "ภาพยนตร์เรื่องนี้กำกับดดยใคร",  # โดย mistyped: not "keyboards"
        "ต้นแมงลักมีชื่อทางวิทยาศสตร์ว่าอย่างไร",  # วิทยาศาสตร์: not "steve"
        "ซฟวิ่ง ไพรเวท ไรอัน ฝ่าสมรภูมินรกฉายเมื่ิอไหร่",  # เมื่อ: not "shimura"
        "ใครได้รับลิขสิทธ์ในการแพร่ภาพซีรีส์ 24 ชั่วโมงอันตราย",  # ลิขสิทธิ์
        "นพ. โรเบิร์ค เชส แสดงโดยใคร",  # a Latin word opening with a vowel: not "aerobic"
    ],
)
def test_a_thai_word_mistyped_is_not_heard_as_a_latin_name(
    dev_kb: KnowledgeIndex, question: str
) -> None:
    """Dev questions with a typo: the mistyped word is a syllable the knowledge never
    uses, as a name typed in Thai letters is, and the dev articles hold thousands of
    Latin words to hear in it by chance."""
    q = analyse_question(dev_kb, question)
    latin = {t: s for t, s in q.spellings.items() if any(w.isascii() for w in s)}
    assert not latin, latin
