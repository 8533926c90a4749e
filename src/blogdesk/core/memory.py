"""Giving memory that Python has freed back to the system.

glibc's allocator keeps the pages it has freed in each thread's arena for later use; after a
burst of work on a thread (indexing a big library) several megabytes stay resident although
nothing uses them. ``malloc_trim(0)`` returns the free pages of every arena (measured with
bench/bench_startup.py's memory rows). Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from typing import Any

__all__ = ["release_free_memory"]


@functools.cache
def _trim() -> Any:
    """glibc's ``malloc_trim`` from the symbols already loaded, or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Hand the allocator's free pages back to the system; True if it could try."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True
