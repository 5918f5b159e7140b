"""Write and read big index objects so that loading them is nearly free.

Pickle protocol 5 hands every numpy array's memory to a callback instead of copying it
into the pickle stream; those buffers are written after the (small) pickle, aligned,
and read back as views of a read-only memory map. Loading a 1 GB index then costs the
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

MAGIC = b"THQAIDX1"
ALIGN = 64
_HEADER = struct.Struct("<8sQQ")  # magic, pickle length, number of buffers
_LENGTH = struct.Struct("<Q")


class StoreError(ValueError):
    """The file is not a complete index file (truncated, foreign or corrupt)."""


def _padding(offset: int) -> int:
    return (-offset) % ALIGN


def dump(path: Path, payload: object) -> int:
    """Atomically write `payload` to `path`; returns the bytes written."""
    buffers: list[pickle.PickleBuffer] = []
    head = pickle.dumps(payload, protocol=5, buffer_callback=buffers.append)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_HEADER.pack(MAGIC, len(head), len(buffers)))
            out.write(head)
            for buffer in buffers:
                raw = buffer.raw()
                out.write(_LENGTH.pack(raw.nbytes))
                out.write(b"\0" * _padding(out.tell()))
                out.write(raw)
            size = out.tell()
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
    magic, head_size, count = _HEADER.unpack_from(view, 0)
    if magic != MAGIC:
        raise StoreError(f"{path.name}: not an index file")
    offset = _HEADER.size + head_size
    if offset > size:
        raise StoreError(f"{path.name}: truncated")
    head = view[_HEADER.size : offset]
    buffers = []
    for _ in range(count):
        if offset + _LENGTH.size > size:
            raise StoreError(f"{path.name}: truncated")
        (length,) = _LENGTH.unpack_from(view, offset)
        offset += _LENGTH.size
        offset += _padding(offset)
        if offset + length > size:
            raise StoreError(f"{path.name}: truncated")
        buffers.append(view[offset : offset + length])
        offset += length
    if offset != size:
        raise StoreError(f"{path.name}: unexpected trailing data")
    return pickle.loads(head, buffers=buffers)
