from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.text.loader import load_knowledge, parse_agency_text
from tests.conftest import SEED, SEED_URL, TINY, write_jsonl, write_markdown


def test_seed_file_is_parsed_field_by_field() -> None:
    article = parse_agency_text(SEED.read_text(encoding="utf-8"), "seed.txt")
    assert article.title == "อาเซียนแสวงหาความร่วมมือที่ลึกซึ้งยิ่งขึ้นเพื่อการประสานงานกับประชาคม"
    assert article.category == "ข่าวต่างประเทศ"
    assert article.published == "2019-03-06"
    assert article.url == SEED_URL  # the non-breaking space after the colon is gone
    assert len(article.paragraphs) == 5
    assert article.paragraphs[0].startswith("เมื่อวันที่ ๕ มีนาคม พ.ศ. ๒๕๖๒")  # display text kept
    assert article.paragraphs[-1].endswith("(ASEAN Disabilities Forum)")
    body = article.text
    assert "BANNER" not in body
    assert "ภาพจาก" not in body
    assert "©" not in body and "Office of the Council of State" not in body
    assert "แปลและสรุปความจาก" not in body


def test_markdown_with_front_matter(tmp_path: Path) -> None:
    write_markdown(
        tmp_path / "a.md",
        "ข่าวทดสอบ",
        "https://example.org/a",
        "ย่อหน้าแรก\n\nย่อหน้าสอง",
        published="15 Jan 2024",
        category="เศรษฐกิจ",
    )
    result = load_knowledge(tmp_path)
    assert result.skipped == []
    (article,) = result.articles
    assert (article.title, article.url, article.published, article.category) == (
        "ข่าวทดสอบ",
        "https://example.org/a",
        "2024-01-15",
        "เศรษฐกิจ",
    )
    assert article.paragraphs == ("ย่อหน้าแรก", "ย่อหน้าสอง")


def test_jsonl_articles_load_with_optional_fields(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "a.jsonl",
        [*TINY, {"title": "ไม่มีวันที่", "url": "https://example.org/x", "text": "เนื้อหา"}],
    )
    result = load_knowledge(tmp_path)
    assert [a.id for a in result.articles] == ["durian", "rail", "flood", "https://example.org/x"]
    assert result.articles[0].paragraphs[1].startswith("ฤดูกาลเก็บเกี่ยว")
    assert result.articles[-1].published is None


def test_bad_files_are_skipped_with_reasons_and_others_still_load(tmp_path: Path) -> None:
    (tmp_path / "good").mkdir()
    write_markdown(tmp_path / "good" / "ok.md", "ข่าวดี", "https://example.org/ok", "เนื้อหาข่าว")
    (tmp_path / "latin1.txt").write_bytes("BANNER\nข่าว".encode()[:5] + b"\xff\xfe bad")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    (tmp_path / "blob.jsonl").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "nofront.md").write_text("# just markdown\n", encoding="utf-8")
    (tmp_path / "nosource.txt").write_text(
        "BANNER\nหัวข้อ\nข่าวต่างประเทศ      06 Mar 2019\nเนื้อหา\n", encoding="utf-8"
    )
    (tmp_path / "data.csv").write_text("a,b\n", encoding="utf-8")
    os.symlink(tmp_path / "missing-target.md", tmp_path / "dangling.md")
    result = load_knowledge(tmp_path)
    assert [a.title for a in result.articles] == ["ข่าวดี"]
    reasons = {s.path: s.reason for s in result.skipped}
    assert "not UTF-8" in reasons["latin1.txt"]
    assert "empty" in reasons["empty.md"]
    assert "binary" in reasons["blob.jsonl"]
    assert "front matter" in reasons["nofront.md"]
    assert "source" in reasons["nosource.txt"]
    assert "unsupported" in reasons["data.csv"]
    assert "cannot read" in reasons["dangling.md"]


def test_a_malformed_jsonl_line_loses_only_that_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    write_jsonl(path, TINY[:1])
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"title": "ตัดขาด", "url": "https://e\n')  # truncated record
        handle.write('{"title": "ไม่มีลิงก์", "text": "เนื้อหา"}\n')
        handle.write('["not", "an", "object"]\n')
    write_jsonl(tmp_path / "more.jsonl", TINY[1:])
    result = load_knowledge(tmp_path)
    assert [a.id for a in result.articles] == ["durian", "rail", "flood"]
    assert [s.path for s in result.skipped] == ["mixed.jsonl:2", "mixed.jsonl:3", "mixed.jsonl:4"]
    assert "JSON" in result.skipped[0].reason
    assert "url" in result.skipped[1].reason


def test_duplicates_are_kept_once_with_a_warning(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", TINY)
    write_markdown(tmp_path / "b.md", "อีกฉบับ", TINY[0]["url"], "ข้อความซ้ำ")  # type: ignore[arg-type]
    result = load_knowledge(tmp_path)
    assert len(result.articles) == 3
    assert result.articles[0].title == TINY[0]["title"]
    assert len(result.warnings) == 1 and "duplicate" in result.warnings[0]


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", TINY[:1])
    os.symlink(tmp_path, tmp_path / "loop")
    result = load_knowledge(tmp_path)
    assert [a.id for a in result.articles] == ["durian"]


def test_invisible_characters_are_removed_but_text_is_kept(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "z.jsonl",
        [{"title": "\ufeffข่าว\u200bทดสอบ", "url": "https://e.org/z", "text": "ราคา\u200b ๑๐๐ บาท"}],
    )
    (article,) = load_knowledge(tmp_path).articles
    assert article.title == "ข่าวทดสอบ"
    assert article.paragraphs == ("ราคา ๑๐๐ บาท",)  # Thai digits are shown as written


def test_a_50_mb_binary_file_and_a_file_removed_mid_load_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.text.loader as loader

    write_jsonl(tmp_path / "a.jsonl", TINY)
    (tmp_path / "huge.txt").write_bytes(b"\x00\xff" * (25 * 1024 * 1024))
    write_markdown(tmp_path / "vanishing.md", "หายไป", "https://example.org/gone", "เนื้อหา")
    real_read = loader.read_text_file

    def read_then_vanish(path: Path) -> str:
        if path.name == "vanishing.md":
            path.unlink()  # removed between listing and reading
        return real_read(path)

    monkeypatch.setattr(loader, "read_text_file", read_then_vanish)
    result = load_knowledge(tmp_path)
    assert [a.id for a in result.articles] == ["durian", "rail", "flood"]
    reasons = {s.path: s.reason for s in result.skipped}
    assert "binary" in reasons["huge.txt"]
    assert "cannot read" in reasons["vanishing.md"]


def test_a_jsonl_export_of_any_size_loads_and_an_over_long_line_loses_only_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSON Lines export is read a line at a time: its size is no limit (here over the
    per-file limit, made small), and a line over the per-line limit is skipped with its
    number while the lines around it load."""
    import bot.text.loader

    monkeypatch.setattr(bot.text.loader, "MAX_FILE_BYTES", 2_000)
    monkeypatch.setattr(bot.text.loader, "MAX_LINE_BYTES", 20_000)
    records = [
        {"id": f"a{i}", "title": f"ข่าวที่ {i}", "url": f"https://e.org/{i}", "text": "เนื้อหา " * 20}
        for i in range(60)
    ]
    records[30]["text"] = "ยาวมาก " * 5_000  # about 100 KB: over the line limit
    write_jsonl(tmp_path / "export.jsonl", records)
    assert (tmp_path / "export.jsonl").stat().st_size > 20 * 2_000

    result = load_knowledge(tmp_path)
    assert len(result.articles) == 59
    assert [(s.path, "over" in s.reason) for s in result.skipped] == [("export.jsonl:31", True)]
