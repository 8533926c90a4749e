"""Python's cyclic garbage collector, run on the GUI thread only.

Python collects cyclic garbage on whichever thread happens to allocate when a generation's
threshold is passed. The app runs Python code on other threads too (the word counter and the
statistics in a thread pool, git, long tasks), and a Qt object that sits in a reference cycle
is destroyed by the thread that collects it: a widget destroyed off the GUI thread corrupts
Qt's state (the heap corruption that took the journal's writer thread out again, issue 16).

So the automatic collector is switched off and a timer on the GUI thread does its work with
the same thresholds, as often as the event loop turns (the pattern pyqtgraph uses). A full
collection waits, as CPython's own does, until the oldest generation has grown by a quarter
since the last one: walking every long-lived object costs 10-20 ms with the sample blog, a
stall while typing. Reference counting frees everything else at once, as before.
"""

from __future__ import annotations

import gc
import os

from PySide6.QtCore import QObject, QTimer

__all__ = ["GuiCollector"]

INTERVAL_MS = 500
_installed = False  # whether a collector switched Python's own off in this process


def _after_fork_in_child() -> None:
    """A forked child (an indexer, an export worker) runs no Qt and no timer of ours: Python's
    own collector again, or its cyclic garbage would never be freed."""
    if _installed:
        gc.enable()


os.register_at_fork(after_in_child=_after_fork_in_child)
#: the oldest generation's growth since the last full collection that makes the next one
GROWTH = 1.25


class GuiCollector(QObject):
    """While installed, cyclic garbage is collected by a GUI-thread timer, never elsewhere."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        self._long_lived: int | None = None  # the oldest generation's size after a full one
        self._since_asked = 0  # middle collections since the oldest generation was measured
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    @property
    def installed(self) -> bool:
        return self._timer.isActive()

    def install(self) -> None:
        """Switch the automatic collector off and start collecting on this (the GUI) thread."""
        global _installed
        self._was_enabled = gc.isenabled()
        gc.disable()
        _installed = True
        self._timer.start()

    def uninstall(self) -> None:
        """The automatic collector as it was before ``install``."""
        global _installed
        self._timer.stop()
        _installed = False
        if self._was_enabled:
            gc.enable()

    def check(self) -> int:
        """Collect the generation the automatic collector would have collected by now, if any;
        returns how many objects were found unreachable."""
        first, second, third = self._thresholds
        count0, count1, count2 = gc.get_count()
        if count0 <= first:
            return 0
        if count1 <= second:
            return gc.collect(0)
        self._since_asked += 1
        if count2 <= third or self._since_asked <= third or not self._grown():
            return gc.collect(1)
        found = gc.collect(2)
        self._long_lived = len(gc.get_objects(2))
        return found

    def _grown(self) -> bool:
        """Whether the oldest generation grew enough for a full collection (listing it costs a
        third of collecting it: asked once every ``third`` middle collections at most)."""
        self._since_asked = 0
        size = len(gc.get_objects(2))
        if self._long_lived is None:  # the first time: that size is the base
            self._long_lived = size
            return False
        return size > self._long_lived * GROWTH
