"""`python -m bot train` is reproducible: the same data gives the same model file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine.ranking import load_model
from bot.text.articles import Article
from bot.tools.train import main as train_main

PLACES = ["เชียงใหม่", "ขอนแก่น", "ภูเก็ต", "สงขลา", "อุดรธานี", "นครราชสีมา", "ระยอง", "ลำปาง"]
THINGS = ["สะพาน", "โรงพยาบาล", "สนามบิน", "ท่าเรือ", "มหาวิทยาลัย", "ตลาด", "ห้องสมุด", "เขื่อน"]
FILLER = (
    "ประชาชนในพื้นที่ต่างแสดงความยินดีและเดินทางมาร่วมงานเป็นจำนวนมาก"
    " เจ้าหน้าที่ได้จัดเตรียมพื้นที่จอดรถและจุดบริการข้อมูลไว้หลายแห่ง"
)


def corpus() -> tuple[list[Article], list[dict[str, object]]]:
    articles, questions = [], []
    for i, (place, thing) in enumerate(zip(PLACES, THINGS, strict=True)):
        url = f"https://example.org/{i}"
        articles.append(
            Article(
                id=str(i),
                title=f"{thing}แห่งใหม่ที่จังหวัด{place}",
                url=url,
                paragraphs=(
                    f"{thing}แห่งใหม่ที่จังหวัด{place}เปิดให้บริการเมื่อวันที่ {i + 1} มีนาคม 2567"
                    f" หลังก่อสร้างนาน {i + 2} ปี",
                    f"{FILLER} {FILLER}",
                    f"งบประมาณในการก่อสร้าง{thing}ทั้งหมด {100 + i * 7} ล้านบาท",
                ),
            ).with_fingerprint()
        )
        questions.append(
            {
                "question": f"{thing}แห่งใหม่ที่จังหวัด{place}เปิดเมื่อไร",
                "answers": [f"{i + 1} มีนาคม 2567"],
                "url": url,
            }
        )
        questions.append(
            {
                "question": f"งบประมาณก่อสร้าง{thing}ที่{place}เท่าไร",
                "answers": [f"{100 + i * 7} ล้านบาท"],
                "url": url,
            }
        )
    return articles, questions


def test_train_is_deterministic_and_writes_a_loadable_json_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles, questions = corpus()
    outside = [{"question": "ช่วยสั่งข้าวมันไก่ให้หน่อย"}, {"question": "รหัส wifi บ้านฉันคืออะไร"}]
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert train_main(articles, questions, outside, first) == 0
    assert train_main(articles, questions, outside, second) == 0
    assert first.read_bytes() == second.read_bytes()
    model = load_model(first)
    assert 0 < model.threshold < 1
    assert json.loads(first.read_text(encoding="utf-8"))["format"] == 1
    report = capsys.readouterr().out
    assert "cross-validated by article" in report and "spread" in report


def test_the_cut_is_chosen_knowing_the_series_rule() -> None:
    """`train` chooses the cut from what the bot would do: an answer from another one of
    a series the question names (the 11th meeting for the 12th) is a decline however
    sure the model is, so it does not count against the questions whose article is
    missing."""
    from bot.tools.train import Outcome, choose_threshold

    sure_but_barred = Outcome("removed", 0.99, False, False, False, 300, barred=True)
    assert not sure_but_barred.answered(0.05)
    assert Outcome("removed", 0.99, False, False, False, 300).answered(0.05)
    # every question without its article is barred: nothing holds the cut up
    removed = [sure_but_barred] * 10
    outside = [Outcome("outside", 0.0, False, False, False, 0)] * 5
    assert choose_threshold([*removed, *outside]) == pytest.approx(0.05)
