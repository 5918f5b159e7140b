"""Write and read big index objects so that loading them is nearly free, as data: a
file from DATA_DIR never runs code.

A file holds numpy arrays, each 64-aligned, then a JSON description of the objects made
of them. Reading calls no function the file names: JSON gives plain values, arrays come
back as read-only views of a memory map (`np.frombuffer`, number dtypes only, never
object arrays), and an object comes back only as an instance of one of the types the
reader names, built from those values (`__restore__` when the type has one, else its
constructor). Writing streams each array to the file as it is met, so it never holds a
second copy of one; a load costs the JSON's objects only, the arrays are paged in as
questions touch them, and the page cache is shared between processes.

A file damaged after it was written (a bad disk, a bit flipped, a file edited) is
caught by two CRC-32s in the header, one of the arrays and one of the JSON: in-bounds
nonsense in an array would otherwise be served as scores, and a flipped byte in a title
or URL shown as a source. The arrays' is computed on another thread while the JSON is
decoded (zlib and `pread` release the GIL).
"""

from __future__ import annotations

import dataclasses
import json
import mmap
import os
import struct
import tempfile
import zlib
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

MAGIC = b"THQAIDX4"
ALIGN = 64
# magic, JSON offset, JSON length, number of arrays, CRC-32 of the arrays' part
# (everything between this header and the JSON), CRC-32 of the JSON
_HEADER = struct.Struct("<8sQQQII")
COPY_CHUNK = 1 << 20
CHECK_CHUNK = 4 << 20  # read and summed at a time, between waits for the GIL
_LENGTH = struct.Struct("<Q")
STREAM_ITEMS = 256  # a list or dict longer than this is described an item at a time
_DTYPE_KINDS = frozenset("biuf")  # bool, signed, unsigned, float: never object arrays


Types = Mapping[str, type]
_PLAIN: Types = {}  # no object types: plain values and arrays only


class StoreError(ValueError):
    """The file is not a complete index file (truncated, foreign, corrupt, or naming a
    type or value the reader does not accept)."""


def _padding(offset: int) -> int:
    return (-offset) % ALIGN


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def types_of(*classes: type) -> dict[str, type]:
    """The types a file may hold, by name."""
    return {c.__qualname__: c for c in classes}


class _Encoder:
    """Objects to JSON values; arrays written to `out` as they are met. Every JSON object
    in the output is a tagged node, so plain values and nodes never mix up:
    `$t` tuple, `$d` dict (any keys), `$a` array, `$s` sparse matrix, `$o` object."""

    def __init__(self, out: Any, types: Types) -> None:
        self.out = out
        self.types = types
        self.arrays: list[tuple[str, list[int]]] = []
        self.crc = 0

    def array(self, value: np.ndarray) -> dict[str, Any]:
        if value.dtype.kind not in _DTYPE_KINDS:
            raise TypeError(f"cannot store an array of {value.dtype}")
        value = np.ascontiguousarray(value)
        raw = value.reshape(-1).view(np.uint8).data
        padding = b"\0" * _padding(self.out.tell() + _LENGTH.size)
        for part in (_LENGTH.pack(raw.nbytes), padding, raw):
            self.out.write(part)
            self.crc = zlib.crc32(part, self.crc)
        self.arrays.append((value.dtype.str, list(value.shape)))
        return {"$a": len(self.arrays) - 1}

    def stream(self, value: Any, write: Callable[[str], None]) -> None:
        """`value`'s description, written in pieces: an item at a time for a big list,
        tuple or dict, whole for anything else."""
        kind = type(value)
        if kind not in (list, tuple, dict) or len(value) <= STREAM_ITEMS:
            write(_json(self(value)))
            return
        write("[" if kind is list else '{"$t":[' if kind is tuple else '{"$d":[')
        items = value.items() if kind is dict else value
        for i, item in enumerate(items):
            if i:
                write(",")
            if kind is dict:
                write("[" + _json(self(item[0])) + ",")
                self.stream(item[1], write)
                write("]")
            else:
                self.stream(item, write)
        write("]" if kind is list else "]}")

    def __call__(self, value: Any) -> Any:
        if value is None or isinstance(value, bool | int | float | str):
            return value
        if isinstance(value, np.ndarray):
            return self.array(value)
        if isinstance(value, np.generic):
            return value.item()
        if type(value) is list:
            return [self(v) for v in value]
        if type(value) is tuple:
            return {"$t": [self(v) for v in value]}
        if type(value) is dict:
            return {"$d": [[self(k), self(v)] for k, v in value.items()]}
        if sparse.issparse(value) and value.format in ("csr", "csc"):
            return {
                "$s": value.format,
                "shape": list(value.shape),
                "parts": [self(value.data), self(value.indices), self(value.indptr)],
            }
        name = type(value).__qualname__
        if self.types.get(name) is not type(value):
            raise TypeError(f"cannot store a {name}")
        store = getattr(value, "__store__", None)
        if store is not None:
            return {"$o": name, "args": [self(v) for v in store()]}
        if isinstance(value, tuple):  # a NamedTuple
            return {"$o": name, "args": [self(v) for v in value]}
        if dataclasses.is_dataclass(value):
            return {
                "$o": name,
                "kw": [
                    [f.name, self(getattr(value, f.name))]
                    for f in dataclasses.fields(value)
                    if f.init
                ],
            }
        raise TypeError(f"cannot store a {name}")


class _Decoder:
    """Tagged JSON objects back to objects (see `_Encoder`), as `json.loads`'s
    `object_hook`: the C decoder builds the plain values and calls this for each JSON
    object, innermost first. Anything it does not know is refused."""

    def __init__(self, arrays: list[np.ndarray], types: Types) -> None:
        self.arrays = arrays
        self.types = types

    def __call__(self, node: dict[str, Any]) -> Any:
        if "$t" in node:
            return tuple(node["$t"])
        if "$d" in node:
            return {_key(k): v for k, v in node["$d"]}
        if "$a" in node:
            index = node["$a"]
            if not isinstance(index, int) or not 0 <= index < len(self.arrays):
                raise StoreError("an array reference outside the file")
            return self.arrays[index]
        if "$s" in node:
            kinds: dict[str, Callable[..., Any]] = {
                "csr": sparse.csr_matrix,
                "csc": sparse.csc_matrix,
            }
            make = kinds.get(node["$s"])
            if make is None:
                raise StoreError(f"unknown matrix format {node['$s']!r}")
            data, indices, indptr = node["parts"]
            return make((data, indices, indptr), shape=tuple(node["shape"]), copy=False)
        if "$o" in node:
            cls = self.types.get(node["$o"])
            if cls is None:
                raise StoreError(f"a {node['$o']!r}, which this reader does not accept")
            if "kw" in node:
                return cls(**{str(k): v for k, v in node["kw"]})
            restore = getattr(cls, "__restore__", None)
            return restore(*node["args"]) if restore is not None else cls(*node["args"])
        if "arrays" in node and "root" in node:  # the file's outermost object
            return node
        raise StoreError("an untagged object")


def _key(key: Any) -> Any:
    """A dict key as stored: lists (JSON has no tuples) are never keys."""
    if isinstance(key, list | dict | np.ndarray):
        raise StoreError("a dict key that cannot be one")
    return key


def dump(path: Path, payload: object, types: Types = _PLAIN) -> int:
    """Atomically write `payload` to `path`; returns the bytes written. It may hold
    None, bool, int, float, str, lists, tuples, dicts, numpy number arrays, CSR/CSC
    matrices and instances of `types` (dataclasses, NamedTuples, or types with
    `__store__`/`__restore__`). Big lists and dicts are described an item at a time, to
    a scratch file appended at the end, so writing holds one item's description, not
    the whole file's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out, tempfile.TemporaryFile(dir=path.parent) as scratch:
            out.write(_HEADER.pack(MAGIC, 0, 0, 0, 0, 0))
            encoder = _Encoder(out, types)

            def write(text: str) -> None:
                scratch.write(text.encode("utf-8"))

            write('{"root":')
            encoder.stream(payload, write)
            # the array table last, so a reader finds it before decoding the rest
            write(',"arrays":' + _json(encoder.arrays) + "}")
            head_offset = out.tell()
            scratch.seek(0)
            head_crc = 0
            while chunk := scratch.read(COPY_CHUNK):
                out.write(chunk)
                head_crc = zlib.crc32(chunk, head_crc)
            size = out.tell()
            out.seek(0)
            out.write(
                _HEADER.pack(
                    MAGIC,
                    head_offset,
                    size - head_offset,
                    len(encoder.arrays),
                    encoder.crc,
                    head_crc,
                )
            )
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return size


def load(path: Path, types: Types = _PLAIN) -> Any:
    """Read a file written by `dump`; arrays are read-only views of a memory map."""
    with path.open("rb") as handle, ThreadPoolExecutor(1, "index-check") as checker:
        size = os.fstat(handle.fileno()).st_size
        if size < _HEADER.size:
            raise StoreError(f"{path.name}: truncated")
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        view = memoryview(mapped)
        magic, head_offset, head_size, count, arrays_crc, head_crc = _HEADER.unpack_from(view)
        # the header first: a foreign or cut file is not worth reading for its checksum
        if magic != MAGIC:
            raise StoreError(f"{path.name}: not an index file of this version")
        if head_offset < _HEADER.size or head_offset + head_size != size:
            raise StoreError(f"{path.name}: truncated")
        arrays_checked = checker.submit(_crc_of_file, handle.fileno(), _HEADER.size, head_offset)
        try:
            payload = _load(path.name, mapped, view, head_offset, count, head_crc, types)
        finally:
            checked = arrays_checked.result()  # before the file closes, whatever happened
    if checked != arrays_crc:
        raise StoreError(f"{path.name}: damaged (its arrays changed since written)")
    return payload


def _load(
    name: str,
    mapped: mmap.mmap,
    view: memoryview,
    head_offset: int,
    count: int,
    head_crc: int,
    types: Types,
) -> Any:
    """The objects and their arrays, once the header is known to fit the file."""
    head = bytes(view[head_offset:])
    if zlib.crc32(head) != head_crc:
        raise StoreError(f"{name}: damaged (its objects changed since written)")
    try:
        layouts = _layouts(head)
        if not isinstance(layouts, list) or len(layouts) != count:
            raise StoreError(f"{name}: its arrays do not match its header")
        arrays = []
        offset = _HEADER.size
        for dtype_name, shape in layouts:
            dtype = np.dtype(dtype_name)
            if dtype.kind not in _DTYPE_KINDS:
                raise StoreError(f"{name}: an array of {dtype}")
            if offset + _LENGTH.size > head_offset:
                raise StoreError(f"{name}: truncated")
            (length,) = _LENGTH.unpack_from(view, offset)
            offset += _LENGTH.size
            offset += _padding(offset)
            if offset + length > head_offset or length != dtype.itemsize * int(np.prod(shape)):
                raise StoreError(f"{name}: truncated")
            arrays.append(np.frombuffer(view[offset : offset + length], dtype).reshape(shape))
            offset += length
        if offset != head_offset:
            raise StoreError(f"{name}: unexpected data before its description")
        payload = json.loads(head, object_hook=_Decoder(arrays, types))["root"]
    except StoreError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
        raise StoreError(f"{name}: unreadable ({exc})") from exc
    return payload


def _layouts(head: bytes) -> Any:
    """The arrays' dtypes and shapes, which the head holds at its end (written last)."""
    at = head.rfind(b',"arrays":')
    if at < 0 or not head.endswith(b"}"):
        raise StoreError("no array table")
    return json.loads(head[at + len(b',"arrays":') : -1])


def _crc_of_file(fd: int, start: int, end: int) -> int:
    """CRC-32 of bytes [start, end) of an open file, read with `pread`: through the page
    cache, not this process's map, so its resident memory does not grow."""
    crc, offset = 0, start
    while offset < end and (chunk := os.pread(fd, min(CHECK_CHUNK, end - offset), offset)):
        crc = zlib.crc32(chunk, crc)
        offset += len(chunk)
    return crc
