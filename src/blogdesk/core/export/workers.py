"""Worker processes for an export: one per core, each of them killable.

A worker gets a batch of items, runs a function on each and sends back each result as soon as
it has it. The parent waits on every worker's pipe with a deadline: a worker that gives no
result within the time limit is killed, its current item is reported as :data:`TIMED_OUT`, the
rest of its batch goes to a new worker, and the other workers go on. A thread could not do this:
a render cannot be stopped from another thread, and Python-Markdown holds the GIL.
"""

from __future__ import annotations

import contextlib
import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["TIMED_OUT", "Failed", "Pool", "Shelf"]


class _TimedOut:
    def __repr__(self) -> str:
        return "TIMED_OUT"


#: The result of an item whose worker ran past the time limit (and was killed).
TIMED_OUT: Any = _TimedOut()


@dataclass(frozen=True)
class Failed:
    """The result of an item whose function raised, or whose worker died (out of memory)."""

    message: str


#: Seconds a new worker may take to start and load what it needs (not counted in the limit).
START_TIMEOUT = 120.0
_READY = "ready"


def _worker_main(conn: Any, initializer: tuple[Callable[..., Any], tuple[Any, ...]] | None) -> None:
    """A worker's loop: (function, args, items) in, one result per item out; None ends it.

    The initializer runs first (loading libraries is no part of any item's time limit). Ctrl+C
    is the parent's to handle: it ends the workers."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer[0](*initializer[1])
    conn.send(_READY)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        fn, args, items = task
        for item in items:
            try:
                result = fn(*args, item)
            except Exception as exc:  # reported as this item's result; the worker goes on
                result = Failed(f"{type(exc).__name__}: {exc}")
            conn.send(result)


@dataclass
class _Slot:
    process: Any
    conn: Any
    items: deque[Any] = field(default_factory=deque)
    deadline: float | None = None


class Pool:
    """Up to ``count`` worker processes, started when first needed (``context`` is a
    multiprocessing context); ``prepare`` runs in the parent before the first start, and
    ``initializer`` (a function and its arguments) in each worker as it starts."""

    def __init__(
        self,
        count: int,
        context: Any,
        prepare: Callable[[], None] | None = None,
        initializer: tuple[Callable[..., Any], tuple[Any, ...]] | None = None,
    ) -> None:
        self.count = max(1, count)
        self.context = context
        self.prepare = prepare
        self.initializer = initializer
        self.slots: list[_Slot] = []
        self.starting: list[_Slot] = []  # started early, not yet known to be ready

    def _spawn(self) -> _Slot:
        if self.prepare is not None:
            self.prepare()
            self.prepare = None
        parent, child = self.context.Pipe(duplex=True)
        process = self.context.Process(
            target=_worker_main, args=(child, self.initializer), daemon=True
        )
        process.start()
        child.close()
        return _Slot(process, parent)

    def _started(self, slots: list[_Slot]) -> list[_Slot]:
        """Wait until each new worker says it is ready; OSError for one that does not."""
        for slot in slots:
            try:
                ready = slot.conn.poll(START_TIMEOUT) and slot.conn.recv() == _READY
            except (EOFError, OSError):
                ready = False
            if not ready:
                for other in slots:
                    self._kill(other)
                raise OSError("a worker process did not start")
        return slots

    def _start(self) -> _Slot:
        return self._started([self._spawn()])[0]

    def start_early(self) -> None:
        """Start one worker without waiting for it: it loads its libraries while the caller
        goes on; the next ``run`` waits until it is ready (OSError if it does not start)."""
        if not self.slots and not self.starting:
            self.starting.append(self._spawn())

    def run(
        self,
        fn: Callable[..., Any],
        args: Sequence[Any],
        batches: Sequence[Sequence[Any]],
        limit: float | None = None,
    ) -> Iterator[tuple[Any, Any]]:
        """Yield ``(item, fn(*args, item))`` for every item of every batch, in the order they
        finish; ``(item, TIMED_OUT)`` for one that ran past ``limit`` seconds, ``(item,
        Failed(...))`` for one that raised or whose worker died."""
        pending = deque(list(batch) for batch in batches if batch)
        waiter = _Waiter()
        if self.starting:
            starting, self.starting = self.starting, []
            self.slots.extend(self._started(starting))
        wanted = min(self.count, len(pending)) - len(self.slots)
        if wanted > 0:  # started together, so they load their libraries at the same time
            self.slots.extend(self._started([self._spawn() for _ in range(wanted)]))
        busy: dict[Any, _Slot] = {}
        for index, slot in enumerate(self.slots):
            if not slot.process.is_alive():  # ended while the pool was kept between exports
                self._kill(slot)
                self.slots[index] = self._start()
        while pending or busy:
            for slot in self.slots:
                if not slot.items and pending:
                    slot.items.extend(pending.popleft())
                    slot.conn.send((fn, tuple(args), list(slot.items)))
                    slot.deadline = time.monotonic() + limit if limit is not None else None
                    busy[slot.conn] = slot
            deadlines = [s.deadline for s in busy.values() if s.deadline is not None]
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            for ready in waiter.wait(busy, timeout):
                slot = busy[ready]
                conn = slot.conn
                try:
                    result = conn.recv()
                except (EOFError, OSError):  # the worker died: its item fails, the rest go on
                    yield slot.items.popleft(), Failed("the worker process stopped")
                    yield from self._replace(slot, pending, busy)
                    continue
                yield slot.items.popleft(), result
                if slot.items:
                    slot.deadline = time.monotonic() + limit if limit is not None else None
                else:
                    del busy[conn]
            now = time.monotonic()
            for slot in list(busy.values()):
                if slot.deadline is not None and slot.deadline <= now:
                    yield slot.items.popleft(), TIMED_OUT
                    yield from self._replace(slot, pending, busy)

    def _replace(
        self, slot: _Slot, pending: deque[list[Any]], busy: dict[Any, _Slot]
    ) -> Iterator[tuple[Any, Any]]:
        """Kill a worker, hand the rest of its batch back, and start another in its place."""
        busy.pop(slot.conn, None)
        self._kill(slot)
        if slot.items:
            pending.appendleft(list(slot.items))
        index = self.slots.index(slot)
        try:
            self.slots[index] = self._start()
        except Exception:
            del self.slots[index]
            if not self.slots:  # no worker can start any more: the rest fails, reported
                for batch in pending:
                    for item in batch:
                        yield item, Failed("no worker process could be started")
                pending.clear()

    @staticmethod
    def _kill(slot: _Slot) -> None:
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()

    @property
    def idle(self) -> bool:
        """No worker has an item in hand (a run went to its end)."""
        return not any(slot.items for slot in self.slots)

    def close(self) -> None:
        """End every worker: asked first, killed if it does not end at once."""
        for slot in self.starting:  # still loading its libraries, never given work: no wait
            self._kill(slot)
        slots, self.slots, self.starting = self.slots, [], []
        for slot in slots:
            with contextlib.suppress(OSError):
                slot.conn.send(None)
        for slot in slots:
            slot.process.join(2)
            self._kill(slot)


class _Waiter:
    """Waits for the busy workers' pipes with one ``poll`` object kept for a whole run:
    ``multiprocessing.connection.wait`` builds and fills a selector on every call, about a tenth
    of a millisecond of the parent's time per result. Where there is no ``poll``, it is used."""

    def __init__(self) -> None:
        import select

        self.poller = select.poll() if hasattr(select, "poll") else None
        self.registered: dict[int, Any] = {}  # file descriptor -> connection

    def wait(self, busy: dict[Any, Any], timeout: float | None) -> list[Any]:
        """The busy connections with something to read (or closed), waiting up to ``timeout``."""
        if self.poller is None:
            from multiprocessing.connection import wait

            return list(wait(list(busy), timeout))
        self._sync(busy)
        ms = None if timeout is None else max(0, math.ceil(timeout * 1000))
        # POLLHUP and POLLERR come whatever is asked: a dead worker's pipe is ready to fail
        return [self.registered[fd] for fd, _event in self.poller.poll(ms)
                if fd in self.registered]  # fmt: skip

    def _sync(self, busy: dict[Any, Any]) -> None:
        """Poll exactly the busy connections (a replaced worker's descriptor may be reused)."""
        import select

        assert self.poller is not None
        for fd, conn in list(self.registered.items()):
            if conn not in busy:
                self.poller.unregister(fd)
                del self.registered[fd]
        for conn in busy:
            fd = conn.fileno()
            if self.registered.get(fd) is not conn:
                if fd in self.registered:
                    self.poller.unregister(fd)
                self.poller.register(fd, select.POLLIN)
                self.registered[fd] = conn


def cpu_count() -> int:
    return min(os.cpu_count() or 1, 8)


class Shelf:
    """Idle pools kept between exports, one per key. A worker started from a forkserver (the
    app has threads, so it cannot fork) loads its libraries for a good part of a second; the
    app's re-export after one change should not pay that every time. A pool taken is lent to
    one export alone; one given back busy (an export cut short) is closed instead."""

    def __init__(self) -> None:
        self._pools: dict[Any, Pool] = {}
        self._lock = threading.Lock()

    def take(self, key: Any) -> Pool | None:
        with self._lock:
            return self._pools.pop(key, None)

    def give_back(self, key: Any, pool: Pool) -> None:
        with self._lock:
            if pool.idle and key not in self._pools:
                self._pools[key] = pool
                return
        pool.close()
