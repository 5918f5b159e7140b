"""Write and read big index objects so that loading them is nearly free.

Pickle protocol 5 hands every numpy array's memory to a callback instead of copying it
into the pickle stream; the callback writes each buffer to the file at once, aligned,
and the pickle stream itself goes to a scratch file and is appended last, so writing
never holds a second copy of anything in memory. Buffers are read back as views of a
read-only memory map. Loading a 1 GB index then costs the
unpickling of its Python objects only; the arrays are paged in as questions touch them
and the page cache is shared between processes.

Only files this process family wrote are read (they live in DATA_DIR): pickle must
never be fed untrusted data.
"""

from __future__ import annotations

import mmap
import os
import pickle
import struct
import tempfile
from pathlib import Path
from typing import Any

MAGIC = b"THQAIDX2"
ALIGN = 64
_HEADER = struct.Struct("<8sQQQ")  # magic, pickle offset, pickle length, number of buffers
COPY_CHUNK = 1 << 20
_LENGTH = struct.Struct("<Q")


class StoreError(ValueError):
    """The file is not a complete index file (truncated, foreign or corrupt)."""


def _padding(offset: int) -> int:
    return (-offset) % ALIGN


def dump(path: Path, payload: object) -> int:
    """Atomically write `payload` to `path`; returns the bytes written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out, tempfile.TemporaryFile(dir=path.parent) as stream:
            out.write(_HEADER.pack(MAGIC, 0, 0, 0))
            count = 0

            def write_buffer(buffer: pickle.PickleBuffer) -> None:
                nonlocal count
                raw = buffer.raw()
                out.write(_LENGTH.pack(raw.nbytes))
                out.write(b"\0" * _padding(out.tell()))
                out.write(raw)
                count += 1

            pickler = pickle.Pickler(stream, protocol=5, buffer_callback=write_buffer)
            # no memo: it would hold an entry for each of a million small objects (a few
            # hundred MB at 200,000 passages); the payloads share no objects and have no
            # cycles, so the only cost is that shared strings are written twice
            pickler.fast = True
            pickler.dump(payload)
            head_offset, head_size = out.tell(), stream.tell()
            stream.seek(0)
            while chunk := stream.read(COPY_CHUNK):
                out.write(chunk)
            size = out.tell()
            out.seek(0)
            out.write(_HEADER.pack(MAGIC, head_offset, head_size, count))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return size


def load(path: Path) -> Any:
    """Read a file written by `dump`; arrays are read-only views of a memory map."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size < _HEADER.size:
            raise StoreError(f"{path.name}: truncated")
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    view = memoryview(mapped)
    magic, head_offset, head_size, count = _HEADER.unpack_from(view, 0)
    if magic != MAGIC:
        raise StoreError(f"{path.name}: not an index file")
    if head_offset < _HEADER.size or head_offset + head_size != size:
        raise StoreError(f"{path.name}: truncated")
    head = view[head_offset:size]
    buffers = []
    offset = _HEADER.size
    for _ in range(count):
        if offset + _LENGTH.size > head_offset:
            raise StoreError(f"{path.name}: truncated")
        (length,) = _LENGTH.unpack_from(view, offset)
        offset += _LENGTH.size
        offset += _padding(offset)
        if offset + length > head_offset:
            raise StoreError(f"{path.name}: truncated")
        buffers.append(view[offset : offset + length])
        offset += length
    if offset != head_offset:
        raise StoreError(f"{path.name}: unexpected data before the pickle")
    payload = pickle.loads(head, buffers=buffers)
    _forget_pages(mapped, head_offset)
    return payload


def _forget_pages(mapped: mmap.mmap, start: int) -> None:
    """Unmap from this process the pages from `start` on: the pickle stream is read once,
    and its objects are copies. Else its pages stay resident in the process for as long
    as the arrays' map lives (273 MB of a 977 MB index file at 200,000 passages). Safe
    whatever still points there: a page read again is read from the file. The pages
    stay in the page cache. Where `MADV_DONTNEED` is missing (Windows), nothing happens."""
    advice = getattr(mmap, "MADV_DONTNEED", None)
    start += (-start) % mmap.PAGESIZE
    if advice is not None and start < len(mapped):
        mapped.madvise(advice, start, len(mapped) - start)
