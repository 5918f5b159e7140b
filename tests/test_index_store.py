from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot import index_store

SMAPS = Path("/proc/self/smaps")


def resident_kb(path: Path) -> int:
    """This process's resident pages of `path`'s memory maps."""
    total, inside = 0, False
    for line in SMAPS.read_text().splitlines():
        fields = line.split(maxsplit=5)
        if fields and not fields[0].endswith(":"):
            inside = len(fields) == 6 and fields[5].strip() == str(path)
        elif inside and fields[:1] == ["Rss:"]:
            total += int(fields[1])
    return total


@pytest.mark.skipif(not SMAPS.exists(), reason="needs Linux's /proc/self/smaps")
def test_a_loaded_file_keeps_its_arrays_mapped_but_not_the_objects_already_read(
    tmp_path: Path,
) -> None:
    # a serving bot should not hold the pages of the pickled articles and passages twice:
    # once as Python objects and once as resident file pages
    texts = [f"ข่าวที่ {i} " * 20 for i in range(20_000)]  # about 9 MB of pickle stream
    weights = np.arange(1_000_000, dtype=np.float32)  # 4 MB, stays a view of the map
    path = tmp_path / "index.bin"
    index_store.dump(path, {"texts": texts, "weights": weights})

    loaded = index_store.load(path)

    assert loaded["texts"] == texts
    assert np.array_equal(loaded["weights"], weights)
    assert not loaded["weights"].flags.writeable  # still the map, not a copy
    assert resident_kb(path) < 5 * 1024  # at most the arrays' 4 MB, not the 9 MB stream


@pytest.mark.parametrize("where", ["array", "pickle"])
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
