"""Running git work off the UI thread: one task at a time (two git commands in one repository
would fight over its index lock), results delivered back on the UI thread by signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(str, int, object)  # task name, ticket, result
    failed = Signal(str, int, object)  # task name, ticket, the exception


class _Task(QRunnable):
    def __init__(self, relay: _Relay, name: str, ticket: int, func: Callable[[], Any]) -> None:
        super().__init__()
        self.relay, self.name, self.ticket, self.func = relay, name, ticket, func

    def run(self) -> None:
        try:
            result = self.func()
        except Exception as exc:  # delivered to the UI as a message, never lost in a thread
            self.relay.failed.emit(self.name, self.ticket, exc)
        else:
            self.relay.done.emit(self.name, self.ticket, result)


class GitWorker(QObject):
    """Queues calls to the core's git functions on one background thread.

    ``finished(name, result)`` and ``failed(name, error)`` arrive on the UI thread; a task
    submitted again under the same name makes the older one's result stale (it is dropped), so
    the newest status always wins. ``busyChanged`` tells a progress indicator when to show.
    """

    finished = Signal(str, object)
    failed = Signal(str, object)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)
        self._relay.failed.connect(self._failed)
        self._latest: dict[str, int] = {}
        self._ticket = 0
        self._pending = 0

    def submit(self, name: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Run ``func(*args, **kwargs)`` in the background under ``name``."""
        self._ticket += 1
        self._latest[name] = self._ticket
        self._pending += 1
        if self._pending == 1:
            self.busyChanged.emit(True)
        self.pool.start(_Task(self._relay, name, self._ticket, lambda: func(*args, **kwargs)))

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every queued task ran (tests, and closing the window)."""
        return self.pool.waitForDone(msecs)

    def _settle(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busyChanged.emit(False)

    def _done(self, name: str, ticket: int, result: object) -> None:
        self._settle()
        if self._latest.get(name) == ticket:
            self.finished.emit(name, result)

    def _failed(self, name: str, ticket: int, error: object) -> None:
        self._settle()
        if self._latest.get(name) == ticket:
            self.failed.emit(name, error)
