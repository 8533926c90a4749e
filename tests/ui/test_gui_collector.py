"""Cyclic garbage made on another thread is collected on the GUI thread (ui/gui_collector.py):
a Qt object in a reference cycle must be destroyed where it lives."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
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


def _run_alone(script: str) -> str:
    """``script`` in a fresh Python (no test's widgets about, no QtWebEngine threads): what it
    prints. Collecting on another thread, or forking, is not done in the suite's own process."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True,
                          text=True, timeout=60, check=True)
    return done.stdout.strip()


def test_without_it_the_other_thread_collects() -> None:
    """What the collector prevents (so the test above can fail): Python's own collector runs on
    the thread that allocates."""
    printed = _run_alone("""
        import gc, threading
        freed_on = []

        class Marked:
            def __init__(self):
                self.me = self

            def __del__(self):
                freed_on.append(threading.get_ident())

        def busy():
            for _ in range(5000):
                Marked()

        gc.collect()
        worker = threading.Thread(target=busy)
        worker.start()
        worker.join()
        print(worker.ident in freed_on)
    """)
    assert printed == "True"


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


def test_a_forked_child_collects_as_python_does() -> None:
    """An indexer or export worker forked from the app has no GUI-thread timer."""
    printed = _run_alone("""
        import gc, os
        from PySide6.QtCore import QCoreApplication
        from blogdesk.ui.gui_collector import GuiCollector

        app = QCoreApplication([])
        collector = GuiCollector()
        collector.install()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: say whether Python's collector runs, and go
            os.write(write, b"1" if gc.isenabled() else b"0")
            os._exit(0)
        os.close(write)
        answer = os.read(read, 1)
        os.waitpid(pid, 0)
        print(answer.decode(), gc.isenabled())  # (the app itself: still the GUI thread's)
    """)
    assert printed == "1 False"
