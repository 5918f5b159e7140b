from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import bot.engine.cache as ic
from bot.engine.answering import ask
from bot.engine.cache import STORED, IndexCache, count_articles
from bot.engine.knowledge import count_article_text
from bot.search import store as index_store
from bot.search.counts import ArticleCounts
from bot.text.loader import load_knowledge
from tests.conftest import write_markdown

QUESTION = "ทุเรียนหมอนทองปลูกที่จังหวัดไหน"


def restart(data: Path, knowledge: Path) -> tuple[IndexCache, object, ic.BuildStats, int]:
    """What the bot does at start-up: stored files first, then the index."""
    cache = IndexCache.for_knowledge(data, knowledge)
    loaded = load_knowledge(knowledge, cache.stored_files())
    index, stats = cache.build(loaded.articles, files=loaded.files)
    return cache, index, stats, loaded.files_parsed


def test_restart_reads_no_file_and_a_reload_tokenizes_only_the_new_article(
    tmp_path: Path, tiny_dir: Path
) -> None:
    _, first, stats, parsed = restart(tmp_path / "data", tiny_dir)
    assert (stats.tokenized, stats.index_loaded, parsed) == (3, False, 1)
    cache, again, stats, parsed = restart(tmp_path / "data", tiny_dir)
    assert (stats.tokenized, stats.index_loaded, parsed) == (0, True, 0)
    assert ask(again, QUESTION) == ask(first, QUESTION)  # type: ignore[arg-type]
    write_markdown(tiny_dir / "new.md", "ข่าวใหม่", "https://example.org/new", "ดาวเทียมดวงใหม่")
    loaded = load_knowledge(tiny_dir, cache.stored_files())
    assert loaded.files_parsed == 1  # only the new file is read
    grown, stats = cache.build(loaded.articles, again, loaded.files)  # type: ignore[arg-type]
    assert (stats.tokenized, stats.layered) == (1, True)
    assert ask(grown, "ดาวเทียมดวงใหม่").url == "https://example.org/new"
    assert ask(grown, QUESTION).url == "https://example.org/durian"


def test_changes_made_while_stopped_are_layered_at_the_next_start(
    tmp_path: Path, tiny_dir: Path
) -> None:
    restart(tmp_path / "data", tiny_dir)
    write_markdown(tiny_dir / "new.md", "ข่าวใหม่", "https://example.org/new", "ดาวเทียมดวงใหม่")
    lines = (tiny_dir / "tiny.jsonl").read_text(encoding="utf-8").splitlines()
    durian = [line for line in lines if "durian" in line]
    (tiny_dir / "tiny.jsonl").write_text(
        "\n".join(line for line in lines if "durian" not in line) + "\n", encoding="utf-8"
    )
    _, index, stats, parsed = restart(tmp_path / "data", tiny_dir)
    assert (stats.tokenized, stats.layered, parsed) == (1, True, 2)
    assert ask(index, "ดาวเทียมดวงใหม่").url == "https://example.org/new"  # type: ignore[arg-type]
    gone = ask(index, QUESTION)  # type: ignore[arg-type]
    assert "https://example.org/durian" not in [r.url for r in gone.results]
    # and the layered state is what the next start serves, still reading nothing
    _, again, stats, parsed = restart(tmp_path / "data", tiny_dir)
    assert (stats.index_loaded, parsed) == (True, 0)
    assert ask(again, "ดาวเทียมดวงใหม่").url == "https://example.org/new"  # type: ignore[arg-type]
    assert durian  # the article really was in the file


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("which", ["state", "base", "tokens"])
@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(b"garbage" * 100),
        _truncated,
        lambda p: index_store.dump(p, {"version": "old", "x": 1}, STORED),
        lambda p: p.unlink(),
    ],
    ids=["empty", "garbage", "truncated", "other-version", "missing"],
)
def test_corrupt_or_stale_cache_is_rebuilt_never_trusted(
    tmp_path: Path,
    tiny_dir: Path,
    which: str,
    damage: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    restart(tmp_path / "data", tiny_dir)
    folder = tmp_path / "data" / "cache"
    (target,) = folder.glob(f"{which}-*.bin")
    damage(target)  # type: ignore[operator]
    if which == "tokens":  # the index is intact; the next full build tokenizes again
        monkeypatch.setattr("bot.engine.knowledge.MIN_DELTA_PASSAGES", 0)
        write_markdown(tiny_dir / "new.md", "ข่าวใหม่", "https://e.org/new", "ดาวเทียมดวงใหม่")
    _, index, stats, _ = restart(tmp_path / "data", tiny_dir)
    assert not stats.index_loaded
    assert stats.tokenized == (4 if which == "tokens" else 0)
    assert ask(index, QUESTION).url == "https://example.org/durian"  # type: ignore[arg-type]
    _, _, stats, _ = restart(tmp_path / "data", tiny_dir)
    assert stats.index_loaded  # and the rebuilt cache is good again


class _Planted:
    """What someone who can write to DATA_DIR would plant: unpickling it runs code."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        import pathlib

        return (pathlib.Path.touch, (pathlib.Path(self.marker),))


@pytest.mark.parametrize("magic", [b"THQAIDX3", index_store.MAGIC])
@pytest.mark.parametrize("which", ["state", "base", "tokens"])
def test_a_planted_pickle_in_data_dir_runs_no_code_and_is_rebuilt(
    tmp_path: Path, tiny_dir: Path, which: str, magic: bytes
) -> None:
    """An index file whose checksums are right but which holds a pickle (the format of
    earlier versions, or this version's header) is refused as data: nothing it names
    is called, and the bot rebuilds. A checksum is not authentication."""
    import pickle
    import struct
    import zlib

    restart(tmp_path / "data", tiny_dir)
    (target,) = (tmp_path / "data" / "cache").glob(f"{which}-*.bin")
    marker = tmp_path / "pwned"
    stream = pickle.dumps({"version": ic.cache_version(), "x": _Planted(str(marker))}, protocol=5)
    header = struct.Struct("<8sQQQII")
    target.write_bytes(
        header.pack(magic, header.size, len(stream), 0, 0, zlib.crc32(stream)) + stream
    )
    _, index, stats, _ = restart(tmp_path / "data", tiny_dir)
    assert not marker.exists()
    assert ask(index, QUESTION).url == "https://example.org/durian"  # type: ignore[arg-type]
    if which != "tokens":
        assert not stats.index_loaded


def test_the_cache_outlives_a_deploy_that_changes_no_tokens_but_not_one_that_does(
    tmp_path: Path, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new release that changes only other code keeps a big index; one whose
    segmenter or normalization gives other tokens rebuilds it."""
    restart(tmp_path / "data", tiny_dir)
    ic.cache_version.cache_clear()
    _, _, stats, _ = restart(tmp_path / "data", tiny_dir)
    assert stats.index_loaded

    import bot.text.tokenizer

    plain = bot.text.tokenizer.tokenize

    def upper(text: str) -> list[str]:
        return [t.upper() for t in plain(text)]

    monkeypatch.setattr(bot.text.tokenizer, "tokenize", upper)
    ic.cache_version.cache_clear()
    try:
        _, _, stats, _ = restart(tmp_path / "data", tiny_dir)
        assert not stats.index_loaded
    finally:
        ic.cache_version.cache_clear()


def test_a_file_naming_a_type_the_reader_does_not_accept_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    index_store.dump(path, {"config": ic.IndexConfig()}, STORED)
    assert index_store.load(path, STORED)["config"] == ic.IndexConfig()
    with pytest.raises(index_store.StoreError, match="does not accept"):
        index_store.load(path)  # plain values only


def _in_place(path: Path, old: bytes, new: bytes) -> None:
    """Overwrite the first `old` in the file with `new` (same length): damage that keeps
    every size and offset as it was."""
    data = path.read_bytes()
    at = data.index(old)
    path.write_bytes(data[:at] + new + data[at + len(old) :])


@pytest.mark.parametrize("what", ["a source link", "a weight"])
def test_a_stored_index_changed_in_place_is_rebuilt_not_served(
    tmp_path: Path, tiny_dir: Path, what: str
) -> None:
    # nothing out of bounds, nothing truncated: only a checksum can tell, and serving it
    # would show a wrong link or rank by a wrong weight
    restart(tmp_path / "data", tiny_dir)
    (path,) = (tmp_path / "data" / "cache").glob("base-*.bin")
    if what == "a source link":
        _in_place(path, b"https://example.org/durian", b"https://example.org/durixn")
    else:  # the first word weight of the first term becomes 1000
        weights = index_store.load(path, STORED)["base"].words.matrix.data
        assert weights[0] != 1000.0
        old = weights[:4].tobytes()  # copied: the file is rewritten under its map next
        del weights
        _in_place(path, old, np.float32(1000.0).tobytes() + old[4:])

    _, index, stats, _ = restart(tmp_path / "data", tiny_dir)

    assert not stats.index_loaded
    assert ask(index, QUESTION).url == "https://example.org/durian"  # type: ignore[arg-type]
    _, _, stats, _ = restart(tmp_path / "data", tiny_dir)
    assert stats.index_loaded


@pytest.mark.parametrize(
    "array",
    [
        "words.matrix.indices",
        "articles.matrix.indices",
        "titles.matrix.indptr",
        "group_row",
        "chars.passage_tokens.indices",
        "chars.token_chars.indices",
        "chars.norms",
        "articles",
    ],
)
def test_an_index_file_with_an_array_pointing_outside_is_rebuilt_not_searched(
    tmp_path: Path, tiny_dir: Path, array: str
) -> None:
    # the compiled search loops do no bounds checks: searching such an index would read
    # or write outside its arrays (a crash, or wrong answers), so it must be refused
    restart(tmp_path / "data", tiny_dir)
    (path,) = (tmp_path / "data" / "cache").glob("base-*.bin")
    payload = index_store.load(path, STORED)
    if array == "articles":  # one article short: passages would cite their neighbours
        payload["articles"] = payload["articles"][:-1]
    else:
        *parents, name = array.split(".")
        owner = payload["base"]
        for attribute in parents:
            owner = getattr(owner, attribute)
        damaged = getattr(owner, name).copy()
        if name == "norms":
            damaged = damaged[:-1]  # one passage short
        else:
            damaged[-1] = 10**6  # far past the end of what it indexes
        object.__setattr__(owner, name, damaged)
        del owner
    index_store.dump(path, payload, STORED)
    del payload

    _, index, stats, _ = restart(tmp_path / "data", tiny_dir)

    assert not stats.index_loaded
    assert ask(index, QUESTION).url == "https://example.org/durian"  # type: ignore[arg-type]
    _, _, stats, _ = restart(tmp_path / "data", tiny_dir)
    assert stats.index_loaded


@pytest.mark.parametrize("array", ["dead", "delta.words.matrix.indices"])
def test_a_layered_state_with_an_array_that_does_not_fit_is_rebuilt(
    tmp_path: Path, tiny_dir: Path, array: str
) -> None:
    restart(tmp_path / "data", tiny_dir)
    write_markdown(tiny_dir / "new.md", "ข่าวใหม่", "https://example.org/new", "ดาวเทียมดวงใหม่")
    (tiny_dir / "tiny.jsonl").write_text(
        "\n".join(
            line
            for line in (tiny_dir / "tiny.jsonl").read_text(encoding="utf-8").splitlines()
            if "durian" not in line
        )
        + "\n",
        encoding="utf-8",
    )
    _, _, stats, _ = restart(tmp_path / "data", tiny_dir)
    assert stats.layered  # the state now holds a delta and a dead mask
    (path,) = (tmp_path / "data" / "cache").glob("state-*.bin")
    payload = index_store.load(path, STORED)
    if array == "dead":
        payload["dead"] = payload["dead"][:-1]  # one base passage short
    else:
        matrix = payload["delta"].words.matrix
        matrix.indices = matrix.indices.copy()
        matrix.indices[0] = -1
    index_store.dump(path, payload, STORED)
    del payload

    _, index, stats, _ = restart(tmp_path / "data", tiny_dir)

    assert not stats.index_loaded
    assert ask(index, "ดาวเทียมดวงใหม่").url == "https://example.org/new"  # type: ignore[arg-type]
    gone = ask(index, QUESTION)  # type: ignore[arg-type]
    assert "https://example.org/durian" not in [r.url for r in gone.results]


def test_counts_that_pass_the_checks_but_break_the_build_are_replaced_not_fatal(
    tmp_path: Path, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a damaged counts file must not keep the bot from starting: the build runs again
    # from the articles alone
    restart(tmp_path / "data", tiny_dir)
    (path,) = (tmp_path / "data" / "cache").glob("tokens-*.bin")
    payload = index_store.load(path, STORED)
    for fingerprint, counts in list(payload["counts"].items()):
        lengths = counts.passages.lengths * 1000  # rows claim far more entries than exist
        payload["counts"][fingerprint] = counts._replace(
            passages=counts.passages._replace(lengths=lengths)
        )
    index_store.dump(path, payload, STORED)
    del payload
    monkeypatch.setattr(
        "bot.engine.knowledge.MIN_DELTA_PASSAGES", 0
    )  # the next build is a full one
    write_markdown(tiny_dir / "new.md", "ข่าวใหม่", "https://e.org/new", "ดาวเทียมดวงใหม่")

    _, index, stats, _ = restart(tmp_path / "data", tiny_dir)

    assert (stats.index_loaded, stats.tokenized) == (False, 4)  # all tokenized again
    assert ask(index, QUESTION).url == "https://example.org/durian"  # type: ignore[arg-type]
    assert ask(index, "ดาวเทียมดวงใหม่").url == "https://e.org/new"  # type: ignore[arg-type]
    _, _, stats, _ = restart(tmp_path / "data", tiny_dir)
    assert stats.index_loaded  # and what it wrote is good


def test_a_build_that_fails_without_the_cache_is_not_run_twice(
    tmp_path: Path, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def broken(*args: object, **kwargs: object) -> None:
        calls.append(1)
        raise RuntimeError("out of disk")

    monkeypatch.setattr(ic, "build_index", broken)
    with pytest.raises(RuntimeError, match="out of disk"):
        restart(tmp_path / "data", tiny_dir)  # an empty DATA_DIR: nothing from a cache
    assert len(calls) == 1


def test_a_delta_that_outgrows_the_base_triggers_a_full_build(
    tmp_path: Path, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.engine.knowledge.MIN_DELTA_PASSAGES", 1)
    cache, index, _, _ = restart(tmp_path / "data", tiny_dir)
    for n in range(3):
        write_markdown(tiny_dir / f"n{n}.md", f"ข่าว {n}", f"https://e.org/{n}", "ดาวเทียมดวงใหม่")
    loaded = load_knowledge(tiny_dir, cache.stored_files())
    grown, stats = cache.build(loaded.articles, index, loaded.files)  # type: ignore[arg-type]
    assert (stats.layered, stats.tokenized) == (False, 3)
    assert grown.index is not None and grown.index.delta is None
    assert len(list((tmp_path / "data" / "cache").glob("base-*.bin"))) == 1  # old one removed


def test_background_writes_land_and_a_restart_loads_them(tmp_path: Path, tiny_dir: Path) -> None:
    cache = IndexCache.for_knowledge(tmp_path / "data", tiny_dir, background=True)
    loaded = load_knowledge(tiny_dir)
    cache.build(loaded.articles, files=loaded.files)
    cache.flush()
    _, _, stats, parsed = restart(tmp_path / "data", tiny_dir)
    assert stats.index_loaded and parsed == 0


def test_parallel_tokenization_gives_the_same_tokens(
    tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = load_knowledge(tiny_dir).articles
    monkeypatch.setattr(ic, "PARALLEL_MIN_ARTICLES", 1)
    parallel = count_articles(articles, workers=2)
    serial = [count_article_text(a) for a in articles]
    for mine, theirs in zip(parallel, serial, strict=True):
        assert mine.tokens == theirs.tokens
        assert np.array_equal(mine.token_ids, theirs.token_ids)
        for field in ("passages", "title", "passage_tokens"):
            for a, b in zip(getattr(mine, field), getattr(theirs, field), strict=True):
                assert np.array_equal(a, b)


def test_the_cache_keeps_text_and_counts_exactly_and_leaves_no_second_copy_of_the_text(
    tmp_path: Path, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pickling a str keeps a UTF-8 copy inside it for good (it shows in its size). The
    articles go to the tokenizing processes and, with the counts, into the cache files;
    neither may leave that copy behind in the serving process (about 250 MB of Thai
    text each at 200,000 passages)."""
    articles = load_knowledge(tiny_dir).articles
    counts = [count_article_text(a) for a in articles]

    def sizes() -> list[int]:
        texts = [s for a in articles for s in (a.title, *a.paragraphs)]
        return [sys.getsizeof(s) for s in texts + [c.tokens for c in counts]]

    before = sizes()
    monkeypatch.setattr(ic, "PARALLEL_MIN_ARTICLES", 1)
    count_articles(articles, workers=2)
    index_store.dump(tmp_path / "articles.bin", {"articles": articles, "counts": counts}, STORED)
    assert sizes() == before
    stored = index_store.load(tmp_path / "articles.bin", STORED)
    assert stored["articles"] == articles
    assert [a.fingerprint for a in stored["articles"]] == [a.fingerprint for a in articles]
    for theirs, mine in zip(stored["counts"], counts, strict=True):
        assert theirs.tokens == mine.tokens
        for a, b in zip(arrays_of(theirs), arrays_of(mine), strict=True):
            assert a.dtype == b.dtype and np.array_equal(a, b)


def arrays_of(counts: ArticleCounts) -> list[np.ndarray]:
    return [*counts.passages, *counts.title, counts.token_ids, *counts.passage_tokens]


def test_an_article_added_by_a_reload_is_read_whole_for_an_english_question(
    tmp_path: Path, tiny_dir: Path
) -> None:
    """An English question re-ranks the best article's other passages too: in a layered
    index (the article in the delta) they are its own, in order."""
    from bot.engine.answering import ENGLISH_PASSAGES, rest_of_article
    from tests.conftest import SEED, SEED_URL

    cache, first, _, _ = restart(tmp_path / "data", tiny_dir)
    (tiny_dir / SEED.name).write_bytes(SEED.read_bytes())
    loaded = load_knowledge(tiny_dir, cache.stored_files())
    grown, stats = cache.build(loaded.articles, first, loaded.files)  # type: ignore[arg-type]
    assert stats.layered
    ids = [i for i, p in enumerate(grown.passages) if p.article.url == SEED_URL]
    rest = rest_of_article(grown, ids[2], {ids[2]})
    assert [grown.passages[i].position for i in rest] == [
        p for p in range(min(ENGLISH_PASSAGES, len(ids))) if p != 2
    ]
    answer = ask(grown, "Who chaired the 11th ASCCO?")
    assert answer.url == SEED_URL and "Hoang Anh Tuan" in (answer.highlight or "")
