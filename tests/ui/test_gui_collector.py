"""Cyclic garbage made on another thread is collected on the GUI thread (ui/gui_collector.py):
a Qt object in a reference cycle must be destroyed where it lives."""

from __future__ import annotations

import gc
import os
import threading
from typing import Any

from blogdesk.ui.gui_collector import GuiCollector

CYCLES = 5_000


class _Marked:
    """Part of a cycle; says on which thread it was freed."""

    def __init__(self, freed_on: list[int]) -> None:
        self.freed_on = freed_on
        self.me = self  # the cycle: only the collector frees it

    def __del__(self) -> None:
        self.freed_on.append(threading.get_ident())


def _busy_thread(freed_on: list[int]) -> None:
    """Cycles enough on another thread to pass the first collection threshold many times."""
    for _ in range(CYCLES):
        _Marked(freed_on)


def test_garbage_made_on_another_thread_is_collected_on_the_gui_thread(qtbot: Any) -> None:
    collector = GuiCollector(interval_ms=20)
    gc.collect()
    collector.install()
    try:
        assert not gc.isenabled()
        freed_on: list[int] = []
        worker = threading.Thread(target=_busy_thread, args=(freed_on,))
        worker.start()
        worker.join()
        assert freed_on == []  # nothing was collected on the busy thread
        qtbot.waitUntil(lambda: len(freed_on) == CYCLES, timeout=5000)
        assert set(freed_on) == {threading.get_ident()}
    finally:
        collector.uninstall()
    assert gc.isenabled()


def test_without_it_the_other_thread_collects(qtbot: Any) -> None:
    """What the collector prevents (so the test above can fail): Python's own collector runs on
    the thread that allocates."""
    assert gc.isenabled()
    gc.collect()
    freed_on: list[int] = []
    worker = threading.Thread(target=_busy_thread, args=(freed_on,))
    worker.start()
    worker.join()
    assert worker.ident in freed_on
    gc.collect()


def _garbage_cycles(count: int) -> None:
    for _ in range(count):
        cycle: list[Any] = []
        cycle.append(cycle)


def test_a_full_collection_waits_for_the_oldest_generation_to_grow(qtbot: Any) -> None:
    collector = GuiCollector(interval_ms=10_000)  # checked by hand here
    collector.install()
    try:
        first, second, third = gc.get_threshold()
        rounds = (second + 2) * (third + 2) * 2
        full_before = gc.get_stats()[2]["collections"]
        for _ in range(rounds):
            _garbage_cycles(first + 10)
            collector.check()
        # many middle collections, no growth of the oldest generation worth a full one
        assert gc.get_stats()[2]["collections"] == full_before
        kept = [[n] for n in range(len(gc.get_objects(2)))]  # the oldest generation doubles
        for _ in range(rounds):
            _garbage_cycles(first + 10)
            collector.check()
        assert gc.get_stats()[2]["collections"] > full_before
        del kept
    finally:
        collector.uninstall()


def test_a_forked_child_collects_as_python_does(qtbot: Any) -> None:
    """An indexer or export worker forked from the app has no GUI-thread timer."""
    collector = GuiCollector()
    collector.install()
    try:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: say whether Python's collector runs, and go
            os.write(write, b"1" if gc.isenabled() else b"0")
            os._exit(0)
        os.close(write)
        answer = os.read(read, 1)
        os.close(read)
        os.waitpid(pid, 0)
        assert answer == b"1"
        assert not gc.isenabled()  # (the app itself: still the GUI thread's)
    finally:
        collector.uninstall()
