from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.search import store as index_store


def test_a_loaded_file_keeps_its_arrays_mapped(tmp_path: Path) -> None:
    # the arrays stay views of the map: shared between the bot and its answering process,
    # paged in as questions touch them
    texts = [f"ข่าวที่ {i} " * 20 for i in range(20_000)]  # about 9 MB of JSON
    weights = np.arange(1_000_000, dtype=np.float32)  # 4 MB, stays a view of the map
    path = tmp_path / "index.bin"
    index_store.dump(path, {"texts": texts, "weights": weights})

    loaded = index_store.load(path)

    assert loaded["texts"] == texts
    assert np.array_equal(loaded["weights"], weights)
    assert not loaded["weights"].flags.writeable  # still the map, not a copy


@pytest.mark.parametrize("where", ["array", "json"])
def test_a_byte_changed_anywhere_after_writing_is_refused(tmp_path: Path, where: str) -> None:
    # sizes and offsets all still fit: only the checksums can tell
    weights = np.arange(100_000, dtype=np.float32)
    path = tmp_path / "index.bin"
    index_store.dump(path, {"title": "ข่าวอาเซียน https://example.org/a", "weights": weights})
    data = bytearray(path.read_bytes())
    at = data.index(weights[500:504].tobytes()) if where == "array" else data.index(b"example")
    data[at] ^= 0x01
    path.write_bytes(bytes(data))

    with pytest.raises(index_store.StoreError, match="damaged"):
        index_store.load(path)


@pytest.mark.parametrize("shelved", [False, True])
def test_articles_read_back_are_equal_and_shelved_ones_keep_their_text_in_the_file(
    tmp_path: Path, shelved: bool
) -> None:
    """A restarted bot reads 200,000 passages of articles from its index file: on shelves
    (as a base file holds them) their text stays in the file's (shared, reclaimable)
    pages, one array a shelf, and is read when a question needs it, not decoded into
    each process's own memory at start-up."""
    import pickle

    from bot.engine.cache import STORED
    from bot.text.articles import SHELF_ARTICLES, Article, ArticleShelf, StoredParagraphs

    articles = [
        Article(str(i), f"ข่าว {i}", f"https://e.org/{i}", (f"ย่อหน้าแรก {i} " * 30, "สอง"))
        for i in range(500)
    ]
    odd = [
        Article("a", "ไม่มีเนื้อหา", "https://e.org/a", ()),
        Article("b", "ว่าง", "https://e.org/b", ("", "ต่อ")),
        Article("c", "nul", "https://e.org/c", ("x\x00y",)),
    ]
    everything = [a.with_fingerprint() for a in [*articles, *odd]]
    path = tmp_path / "index.bin"
    index_store.dump(path, ArticleShelf.many(everything) if shelved else everything, STORED)
    _, _, json_bytes, arrays, *_ = index_store._HEADER.unpack_from(path.read_bytes())

    read = index_store.load(path, STORED)
    loaded = [a for shelf in read for a in shelf] if shelved else read

    assert loaded == everything
    assert [a.text for a in loaded] == [a.text for a in everything]
    assert [a.fingerprint for a in loaded] == [a.fingerprint for a in everything]
    assert {hash(a) for a in loaded} == {hash(a) for a in everything}
    if shelved:
        assert arrays == -(-len(everything) // SHELF_ARTICLES)  # one array a shelf
        assert all(isinstance(a.paragraphs, StoredParagraphs) for a in loaded[:500])
        text_bytes = sum(len(a.text.encode()) for a in articles)
        assert json_bytes < text_bytes / 5  # the text is not in the JSON
    # written again from the map (a reload's new file), after the first file is gone
    path.unlink()
    again = tmp_path / "again.bin"
    index_store.dump(again, loaded, STORED)
    assert index_store.load(again, STORED) == everything
    # sent to a tokenizing process: plain paragraphs
    sent = pickle.loads(pickle.dumps(loaded[0]))
    assert sent == everything[0] and isinstance(sent.paragraphs, tuple)


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        (b'{"root":{"$a":0},"arrays":[["|O",[1]]]}', "array of object"),
        (b'{"root":{"$a":3},"arrays":[]}', "outside the file"),
        (b'{"root":{"$o":"Path","args":["/tmp/x"]},"arrays":[]}', "does not accept"),
        (b'{"root":{"x":1},"arrays":[]}', "untagged"),
        (b'{"root":' + b"[" * 100_000 + b"]" * 100_000 + b',"arrays":[]}', "unreadable"),
    ],
    ids=["object-array", "missing-array", "type", "untagged", "deep"],
)
def test_a_crafted_description_is_refused_with_a_store_error(
    tmp_path: Path, head: bytes, reason: str
) -> None:
    """The file's checksums are right (anyone can compute them): only the reader's own
    rules stand between the file and the bot, and each breach is one clear error."""
    import zlib

    header = index_store._HEADER
    path = tmp_path / "x.bin"
    arrays = 1 if b'"|O"' in head else 0
    path.write_bytes(
        header.pack(index_store.MAGIC, header.size, len(head), arrays, 0, zlib.crc32(head)) + head
    )
    with pytest.raises(index_store.StoreError, match=reason):
        index_store.load(path)


def test_big_lists_tuples_and_dicts_come_back_as_they_went_in(tmp_path: Path) -> None:
    """Containers longer than STREAM_ITEMS are described an item at a time; what comes
    back is the same, nested ones and tuple keys included."""
    payload = {
        "list": list(range(3 * index_store.STREAM_ITEMS)),
        "tuples": tuple(("x", i, None, 1.5) for i in range(2 * index_store.STREAM_ITEMS)),
        "by_pair": {(1, i): np.arange(i % 5, dtype=np.int32) for i in range(600)},
        "nested": [[{"k": [i]}] for i in range(300)],
    }
    index_store.dump(tmp_path / "x.bin", payload)
    loaded = index_store.load(tmp_path / "x.bin")
    assert loaded["list"] == payload["list"] and loaded["tuples"] == payload["tuples"]
    assert loaded["nested"] == payload["nested"]
    assert loaded["by_pair"].keys() == payload["by_pair"].keys()
    assert all(np.array_equal(loaded["by_pair"][k], v) for k, v in payload["by_pair"].items())
