"""English words in a Thai question, as Thai people type them ("ใครเป็น founder ของ
DeepSeek"), and loanwords in the script the text does not use (platform: the text's
แพลตฟอร์ม; กูเกิล: the text's Google)."""

from __future__ import annotations

import pytest

from bot.engine.answering import ask
from bot.engine.knowledge import KnowledgeIndex
from bot.text.loanwords import english_words, thai_spellings
from tests.conftest import answered_from, news_index


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    return news_index(tmp_path_factory.mktemp("news"))


def test_a_loanword_in_either_script() -> None:
    assert "แพลตฟอร์ม" in thai_spellings("Platform")
    assert "ออนไลน์" in thai_spellings("online")
    assert english_words("กูเกิล") == ("google",)
    assert thai_spellings("nusantara") == () and english_words("ข้าว") == ()


@pytest.mark.parametrize(
    ("question", "file", "answer"),
    [
        # "data center": common English words the knowledge never writes in Latin
        ("บริษัทเทคอะไรบ้างที่จะสร้าง data center ในมาเลเซีย", "my-ai-office.txt", "Google"),
        # platform: the text's แพลตฟอร์ม
        (
            "ค่าปรับสูงสุดถ้า platform ไม่ทำตามกฎหมาย social media ของออสเตรเลีย",
            "au-social-media.txt",
            "๔๙.๕ ล้าน",
        ),
        # กูเกิล, ไมโครซอฟท์: the text writes Google and Microsoft
        ("กูเกิลกับไมโครซอฟท์จะลงทุนสร้างอะไรในมาเลเซีย", "my-ai-office.txt", "ศูนย์ข้อมูล"),
    ],
)
def test_english_words_in_a_thai_question(
    news: KnowledgeIndex, question: str, file: str, answer: str
) -> None:
    assert answer in (answered_from(news, question, file).highlight or "")


def test_an_english_word_of_the_asker_is_no_sign_of_absence(news: KnowledgeIndex) -> None:
    answered_from(news, "ใครเป็น founder ของ DeepSeek", "cn-deepseek.txt")


def test_a_capitalised_english_word_is_a_name_the_knowledge_lacks(news: KnowledgeIndex) -> None:
    """Thai has no capitals: one typed in a Thai question marks a name, common word or
    not, and a name the knowledge never uses is a sign that its subject is absent."""
    assert not ask(news, "ใครเป็น CEO ของ Apple").found
    assert not ask(news, "ใครเป็นผู้ก่อตั้ง Apple").found
