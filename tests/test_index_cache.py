from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

import bot.index_cache as ic
from bot.engine import ask, count_article_text
from bot.index_cache import IndexCache, count_articles
from bot.loader import load_knowledge
from tests.conftest import write_markdown

QUESTION = "ทุเรียนหมอนทองปลูกที่จังหวัดไหน"


def test_restart_loads_the_index_and_reload_tokenizes_only_new_articles(
    tmp_path: Path, tiny_dir: Path
) -> None:
    cache = IndexCache.for_knowledge(tmp_path / "data", tiny_dir)
    articles = load_knowledge(tiny_dir).articles
    first, stats = cache.build(articles)
    assert (stats.tokenized, stats.index_loaded) == (3, False)
    restarted = IndexCache.for_knowledge(tmp_path / "data", tiny_dir)
    again, stats = restarted.build(load_knowledge(tiny_dir).articles)
    assert (stats.tokenized, stats.index_loaded) == (0, True)
    assert ask(again, QUESTION) == ask(first, QUESTION)
    write_markdown(tiny_dir / "new.md", "ข่าวใหม่", "https://example.org/new", "ดาวเทียมดวงใหม่")
    grown, stats = restarted.build(load_knowledge(tiny_dir).articles)
    assert (stats.tokenized, stats.index_loaded) == (1, False)
    assert ask(grown, "ดาวเทียมดวงใหม่").url == "https://example.org/new"


@pytest.mark.parametrize("damage", [b"", b"garbage", pickle.dumps({"version": "old", "x": 1})])
def test_corrupt_or_stale_cache_is_rebuilt(tmp_path: Path, tiny_dir: Path, damage: bytes) -> None:
    cache = IndexCache.for_knowledge(tmp_path / "data", tiny_dir)
    articles = load_knowledge(tiny_dir).articles
    cache.build(articles)
    cache.index_path.write_bytes(damage)
    cache.tokens_path.write_bytes(damage)
    index, stats = IndexCache.for_knowledge(tmp_path / "data", tiny_dir).build(articles)
    assert (stats.tokenized, stats.index_loaded) == (3, False)
    assert ask(index, QUESTION).url == "https://example.org/durian"


def test_background_writes_land_and_a_restart_loads_them(tmp_path: Path, tiny_dir: Path) -> None:
    cache = IndexCache.for_knowledge(tmp_path / "data", tiny_dir, background=True)
    cache.build(load_knowledge(tiny_dir).articles)
    cache.flush()
    _, stats = IndexCache.for_knowledge(tmp_path / "data", tiny_dir).build(
        load_knowledge(tiny_dir).articles
    )
    assert stats.index_loaded


def test_parallel_tokenization_gives_the_same_tokens(
    tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = load_knowledge(tiny_dir).articles
    monkeypatch.setattr(ic, "PARALLEL_MIN_ARTICLES", 1)
    parallel = count_articles(articles, workers=2)
    serial = [count_article_text(a) for a in articles]
    for mine, theirs in zip(parallel, serial, strict=True):
        for field_mine, field_theirs in zip(mine, theirs, strict=True):
            for array_mine, array_theirs in zip(field_mine, field_theirs, strict=True):
                assert np.array_equal(array_mine, array_theirs)
