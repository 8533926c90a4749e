"""Freed memory goes back to the system: what a finished indexer thread leaves is returned."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from blogdesk.core.memory import release_free_memory

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")


def resident_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@linux
def test_memory_a_finished_thread_freed_is_returned_to_the_system() -> None:
    """A thread fills its allocator arena with 60 MB of medium blocks and frees all but the
    last (so the arena cannot shrink by itself); the release hands the freed pages back."""
    kept: list[bytes] = []

    def work() -> None:
        blocks = [bytes(2000) + bytes([i % 256]) for i in range(30_000)]
        kept.append(blocks[-1])  # the top of the arena stays in use
        del blocks

    before = resident_kib()
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    held = resident_kib()
    assert held - before > 30_000, "the freed blocks are not resident (nothing to measure)"
    assert release_free_memory()
    assert held - resident_kib() > 30_000
    assert kept[0][-1] == 29_999 % 256  # what is still used is intact
