"""Hand freed memory back to the operating system.

A build allocates and frees many mid-sized arrays; glibc keeps such freed blocks in the
process heap (its mmap threshold rises as large blocks are freed), so after counting
200,000 passages the process holds a few hundred MB it no longer uses. `malloc_trim`
returns them. Elsewhere (macOS, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def release_free_memory() -> None:
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
