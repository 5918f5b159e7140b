"""Write and read big index objects so that loading them is nearly free.

Pickle protocol 5 hands every numpy array's memory to a callback instead of copying it
into the pickle stream; the callback writes each buffer to the file at once, aligned,
and the pickle stream itself goes to a scratch file and is appended last, so writing
never holds a second copy of anything in memory. Buffers are read back as views of a
read-only memory map. Loading a 1 GB index then costs the
unpickling of its Python objects only; the arrays are paged in as questions touch them
and the page cache is shared between processes.

Only files this process family wrote are read (they live in DATA_DIR): pickle must
never be fed untrusted data. A file damaged after it was written (a bad disk, a bit
flipped, a file edited) is caught by two CRC-32s in the header, one of the arrays and
one of the pickle stream: in-bounds nonsense in an array would otherwise be served as
scores, and a flipped byte in a title or URL shown as a source. The stream's is checked
before anything is unpickled; the arrays' is read from the file on another thread while
the stream is unpickled (zlib and `pread` release the GIL), so on two cores it costs
start-up about 0.2 s at 200,000 passages (0.41 s to read and sum its 0.93 GB alone).
"""

from __future__ import annotations

import mmap
import os
import pickle
import struct
import tempfile
import weakref
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

MAGIC = b"THQAIDX3"
ALIGN = 64
# magic, pickle offset, pickle length, number of buffers, CRC-32 of the buffers' part
# (everything between this header and the pickle), CRC-32 of the pickle stream
_HEADER = struct.Struct("<8sQQQII")
COPY_CHUNK = 1 << 20
# read and summed at a time: 2-4 MB loaded 200,000 passages in 1.25-1.61 s, 32-64 MB
# in 1.69-2.03 s (each chunk waits for the GIL, which the unpickling holds)
CHECK_CHUNK = 4 << 20
_LENGTH = struct.Struct("<Q")


# the maps of the files loaded in this process whose arrays are still in use
_loaded_maps: weakref.WeakSet[mmap.mmap] = weakref.WeakSet()


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
            out.write(_HEADER.pack(MAGIC, 0, 0, 0, 0, 0))
            count = 0
            buffers_crc = 0

            def write_buffer(buffer: pickle.PickleBuffer) -> None:
                nonlocal count, buffers_crc
                raw = buffer.raw()
                padding = b"\0" * _padding(out.tell() + _LENGTH.size)
                for part in (_LENGTH.pack(raw.nbytes), padding, raw):
                    out.write(part)
                    buffers_crc = zlib.crc32(part, buffers_crc)
                count += 1

            pickler = pickle.Pickler(stream, protocol=5, buffer_callback=write_buffer)
            # no memo: it would hold an entry for each of a million small objects (a few
            # hundred MB at 200,000 passages); the payloads share no objects and have no
            # cycles, so the only cost is that shared strings are written twice
            pickler.fast = True
            pickler.dump(payload)
            head_offset, head_size = out.tell(), stream.tell()
            stream.seek(0)
            head_crc = 0
            while chunk := stream.read(COPY_CHUNK):
                out.write(chunk)
                head_crc = zlib.crc32(chunk, head_crc)
            size = out.tell()
            out.seek(0)
            out.write(_HEADER.pack(MAGIC, head_offset, head_size, count, buffers_crc, head_crc))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return size


def load(path: Path) -> Any:
    """Read a file written by `dump`; arrays are read-only views of a memory map."""
    with path.open("rb") as handle, ThreadPoolExecutor(1, "index-check") as checker:
        size = os.fstat(handle.fileno()).st_size
        if size < _HEADER.size:
            raise StoreError(f"{path.name}: truncated")
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        view = memoryview(mapped)
        magic, head_offset, head_size, count, buffers_crc, head_crc = _HEADER.unpack_from(view)
        # the header first: a foreign or cut file is not worth reading for its checksum
        if magic != MAGIC:
            raise StoreError(f"{path.name}: not an index file")
        if head_offset < _HEADER.size or head_offset + head_size != size:
            raise StoreError(f"{path.name}: truncated")
        buffers_checked = checker.submit(_crc_of_file, handle.fileno(), _HEADER.size, head_offset)
        try:
            payload = _load(path.name, mapped, view, head_offset, count, head_crc)
        finally:
            checked = buffers_checked.result()  # before the file closes, whatever happened
    if checked != buffers_crc:
        raise StoreError(f"{path.name}: damaged (its arrays changed since written)")
    return payload


def _load(
    name: str,
    mapped: mmap.mmap,
    view: memoryview,
    head_offset: int,
    count: int,
    head_crc: int,
) -> Any:
    """The objects and their arrays, once the header is known to fit the file."""
    head = view[head_offset:]
    if zlib.crc32(head) != head_crc:  # before unpickling: pickle must get what was written
        raise StoreError(f"{name}: damaged (its objects changed since written)")
    buffers = []
    offset = _HEADER.size
    for _ in range(count):
        if offset + _LENGTH.size > head_offset:
            raise StoreError(f"{name}: truncated")
        (length,) = _LENGTH.unpack_from(view, offset)
        offset += _LENGTH.size
        offset += _padding(offset)
        if offset + length > head_offset:
            raise StoreError(f"{name}: truncated")
        buffers.append(view[offset : offset + length])
        offset += length
    if offset != head_offset:
        raise StoreError(f"{name}: unexpected data before the pickle")
    payload = pickle.loads(head, buffers=buffers)
    _forget_pages(mapped, head_offset)
    _loaded_maps.add(mapped)
    return payload


def forget_read_pages() -> None:
    """Unmap from this process every page of the files it has loaded (see
    `_forget_pages`): a start reads every posting index once, to check it, and those
    pages would otherwise stay resident in the process (about 0.5 GB at 200,000
    passages, in the bot and again in its answering process). Questions then map back
    only the pages they read, from the page cache."""
    for mapped in list(_loaded_maps):
        _forget_pages(mapped, 0)


def _crc_of_file(fd: int, start: int, end: int) -> int:
    """CRC-32 of bytes [start, end) of an open file, read with `pread`: through the page
    cache, not this process's map, so its resident memory does not grow."""
    crc, offset = 0, start
    while offset < end and (chunk := os.pread(fd, min(CHECK_CHUNK, end - offset), offset)):
        crc = zlib.crc32(chunk, crc)
        offset += len(chunk)
    return crc


def _forget_pages(mapped: mmap.mmap, start: int) -> None:
    """Unmap from this process the pages from `start` on. The pickle stream is read once,
    and its objects are copies. Else its pages stay resident in the process for as long
    as the arrays' map lives (273 MB of a 977 MB index file at 200,000 passages, when the
    articles' text was still pickled). Safe
    whatever still points there: a page read again is read from the file. The pages
    stay in the page cache. Where `MADV_DONTNEED` is missing (Windows), nothing happens."""
    advice = getattr(mmap, "MADV_DONTNEED", None)
    start += (-start) % mmap.PAGESIZE
    if advice is not None and start < len(mapped):
        mapped.madvise(advice, start, len(mapped) - start)
