"""Schedules preview renders: off the UI thread, newest text first, with a time limit.

Each :meth:`PreviewScheduler.update` numbers the text (its generation) and hands a snapshot to
the render worker process (``render_worker.py``) after a wait that grows with the document's
size. Only one request is in flight: text typed meanwhile waits, and only its newest version is
sent next. Answers are applied to the :class:`~blogdesk.ui.widgets.preview.PreviewPane` in
order; the pane shows the newest. A render that takes longer than the limit gets the worker
killed and restarted: the last good page stays, with a notice, and typing never waits.
Each answer with a body also carries the page's headings with their body lines, passed on by
:attr:`PreviewScheduler.outlineChanged` (the outline view shows what the page shows).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from blogdesk.core.markdown_lines import LineHeading
from blogdesk.ui.i18n import QT_TRANSLATE_NOOP
from blogdesk.ui.render_process import RenderWorkerProcess as _WorkerProcess
from blogdesk.ui.widgets.preview import PageUpdate, PreviewPane

if TYPE_CHECKING:
    from blogdesk.core.config import Config
    from blogdesk.core.post import Post
    from blogdesk.core.render.contract import Flavour

__all__ = ["PreviewScheduler", "debounce_ms"]

RENDER_TIME_LIMIT_S = 3.0
TIMEOUT_MESSAGE = QT_TRANSLATE_NOOP(
    "PreviewScheduler", "Preview paused: this text takes too long to render.")
SMALL_DOCUMENT_CHARS = 12_000  # about 2,000 words: rendered at once
DEBOUNCE_CAP_MS = 20
SECONDS_PER_CHAR = 100_000  # characters per extra second of render time limit
# The limit counts the worker's own CPU time where it can be read: a worker the machine kept
# waiting (starting Python and importing the renderer on a busy or cold machine) is not killed
# for it, up to this many seconds of waiting for one render.
STARVED_WAIT_CAP_S = 60.0


def debounce_ms(chars: int) -> int:
    """The wait after a change before rendering: none for short posts, then growing, capped."""
    if chars < SMALL_DOCUMENT_CHARS:
        return 0
    return min(DEBOUNCE_CAP_MS, (chars - SMALL_DOCUMENT_CHARS) // 30_000 + 1)


class PreviewScheduler(QObject):
    """Renders the current post's page off the UI thread and shows it in a PreviewPane."""

    rendered = Signal(int, float)  # generation, seconds from text change to shown
    outlineChanged = Signal(list)  # list[LineHeading]: the rendered page's headings
    timedOut = Signal(str)

    def __init__(
        self,
        pane: PreviewPane,
        parent: QObject | None = None,
        *,
        time_limit_s: float = RENDER_TIME_LIMIT_S,
        worker: _WorkerProcess | None = None,
    ) -> None:
        super().__init__(parent)
        self.pane = pane
        self.time_limit_s = time_limit_s
        self._generation = 0
        self._changed_at: dict[int, float] = {}
        self._config: Config | None = None
        self._library_posts: tuple[Post, ...] = ()
        self._flavour: Flavour | None = None  # the site's; None: blogdesk's own style
        self._sent_context: tuple[object, ...] | None = None  # what the worker has now
        self._pending: tuple[int, Post, str] | None = None
        self._in_flight: int | None = None
        self._in_flight_text: str | None = None
        self._in_flight_context: tuple[object, ...] | None = None  # the context it renders in
        self._timed_out_text: str | None = None
        self._last: tuple[Post, str] | None = None
        self._last_post_path: Path | None = None
        self._flight_same_post = True
        self._flight_cpu: tuple[float, float] | None = None  # the worker's CPU time, when sent
        self.restarts = 0
        self.last_render_s: float | None = None  # the worker's time for the last body it sent
        self._debounce = QTimer(self, singleShot=True)
        self._debounce.timeout.connect(self._send_pending)
        self._watchdog = QTimer(self, singleShot=True)
        self._watchdog.timeout.connect(self._timed_out)
        self._worker: _WorkerProcess | None = self._start_worker(worker)
        pane.pageShown.connect(self._page_shown)
        pane.renderSettingsChanged.connect(self._settings_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- the contract ---------------------------------------------------------------------------
    def set_context(
        self, config: Config, library_posts: Sequence[Post], post_dir: Path | None,
        flavour: Flavour | None = None,
    ) -> None:
        """The library's settings and posts (for related posts), the post's folder, and the
        site's flavour (None: blogdesk's own style)."""
        self._config = config
        self._flavour = flavour
        self._library_posts = tuple(library_posts)
        self.pane.set_post_dir(post_dir)
        if config.root and self.pane is not None:
            self.pane.set_library_root(config.root)
        self._send_context()
        if self._pending is not None and self._in_flight is None:
            self._send_pending()  # text that arrived before the context

    def update(self, post: Post, body: str) -> int:
        """Schedule a render of this text; returns its generation number (newest wins).

        The same post and text again while it is still on its way (waiting, or rendering with
        the context the worker has now) is not rendered twice: its generation is returned.
        The editor sends it again when the spelling pass re-highlights a line.
        """
        on_its_way = self._pending is not None or (
            self._in_flight is not None and self._in_flight_context == self._sent_context)
        if on_its_way and self._last is not None and self._last == (post, body):
            return self._generation
        self._generation += 1
        generation = self._generation
        self._changed_at[generation] = time.perf_counter()
        self._pending = (generation, post, body)
        self._last = (post, body)
        if self._in_flight is None:
            delay = debounce_ms(len(body))
            if delay == 0:
                self._debounce.stop()
                self._send_pending()
            else:
                self._debounce.start(delay)
        return generation

    def render_now(self) -> None:
        """Send the newest text to the worker without waiting (if none is in flight)."""
        self._debounce.stop()
        if self._in_flight is None:
            self._send_pending()

    def limit_for(self, body: str) -> float:
        """The time a render of this text may take: the base limit, plus one second per
        100,000 characters (long posts take long honestly; pathological ones are short)."""
        return self.time_limit_s + len(body) / SECONDS_PER_CHAR

    def generation(self) -> int:
        """The newest generation handed out."""
        return self._generation

    def shutdown(self) -> None:
        """Stop the worker process."""
        self._watchdog.stop()
        self._debounce.stop()
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    # -- the worker -----------------------------------------------------------------------------
    def _start_worker(self, started: _WorkerProcess | None = None) -> _WorkerProcess:
        """A new worker, or ``started`` (by app.py, after the first paint) if it still runs."""
        if started is not None and not started.running():
            started.stop()  # it ended before it was adopted: a fresh one
            started = None
        worker = started or _WorkerProcess(self)
        worker.setParent(self)
        worker.answered.connect(self._answer)
        worker.died.connect(self._worker_died)
        self._sent_context = None
        return worker

    def _context_message(self) -> dict[str, Any]:
        from blogdesk.core.render import RenderOptions
        from blogdesk.core.render.contract import tuned

        assert self._config is not None
        options = RenderOptions(
            smart_quotes=self._config.smart_quotes,
            allow_remote_images=self.pane.remote_content_allowed(),
        )
        return {
            "op": "context",
            "config": self._config,
            "library_posts": self._library_posts,
            "options": options,
            "theme": "dark" if self.pane.is_dark() else "light",
            "flavour": None if self._flavour is None else tuned(
                self._flavour, allow_remote_images=options.allow_remote_images),
        }

    def _send_context(self) -> None:
        if self._config is None or self._worker is None:
            return
        message = self._context_message()
        key = (message["config"], message["library_posts"], message["options"], message["theme"],
               message["flavour"])
        if key == self._sent_context:
            return
        self._sent_context = key
        self._worker.send(message)

    def _send_pending(self) -> None:
        if self._pending is None or self._in_flight is not None or self._config is None:
            return
        if self._worker is None:
            self._worker = self._start_worker()
        generation, post, body = self._pending
        if body == self._timed_out_text and post.path == self._last_post_path:
            return  # this exact text just ran out of time: wait for the next edit
        self._pending = None
        self._send_context()
        same_post = post.path == self._last_post_path
        self._last_post_path = post.path
        self._worker.send({"op": "render", "generation": generation, "post": post, "body": body})
        self._in_flight = generation
        self._in_flight_text = body
        self._in_flight_context = self._sent_context
        self._flight_same_post = same_post
        cpu = self._worker.cpu_seconds()
        self._flight_cpu = None if cpu is None else (cpu, time.monotonic())
        self._watchdog.start(int(self.limit_for(body) * 1000))

    def _answer(self, message: dict[str, Any]) -> None:
        generation = int(message.get("generation", -1))
        current = generation == self._in_flight
        if "error" in message:
            self.pane.show_notice(
                self.tr("The preview could not be updated: {0}").format(message["error"]))
            if current:
                self._finish_request()
            return
        same_post = self._flight_same_post if current else True
        if current:
            self._flight_same_post = True  # only the first answer for a new post reloads
        update = PageUpdate(
            generation=generation,
            splice=message.get("splice"),
            frame=message.get("frame"),
            lines=message.get("lines"),
            total_lines=int(message.get("total_lines") or 0),
            reset=bool(message.get("reset")),
            same_post=same_post,
        )
        self._timed_out_text = None
        if "splice" in message and "seconds" in message:
            self.last_render_s = float(message["seconds"])
        self.pane.clear_notice()
        self.pane.apply(update)
        outline = message.get("outline")
        if outline is not None:
            self.outlineChanged.emit(
                [LineHeading(level, text, line) for line, level, text, _id in outline])
        # Once the body is back the next text may go: the worker brings the page header up to
        # date only while no newer text waits.
        if current and ("splice" in message or message.get("final")):
            self._finish_request()

    def _finish_request(self) -> None:
        self._watchdog.stop()
        self._in_flight = None
        self._in_flight_text = None
        self._in_flight_context = None  # else an old context (its posts) stays alive
        if self._pending is not None:
            delay = debounce_ms(len(self._pending[2]))
            if delay:
                self._debounce.start(delay)
            else:
                self._send_pending()

    def _timed_out(self) -> None:
        """The render ran past the limit: kill the worker, keep the page, say so. (A worker
        that has not yet used its time, the machine keeping it waiting, gets the rest.)"""
        left = self._cpu_time_left()
        if left is not None and left > 0:
            self._watchdog.start(max(50, int(left * 1000)))
            return
        self._timed_out_text = self._in_flight_text
        self._restart_worker()
        self.pane.show_notice(self.tr(TIMEOUT_MESSAGE))
        self.timedOut.emit(self.tr(TIMEOUT_MESSAGE))
        self._finish_request()

    def _cpu_time_left(self) -> float | None:
        """The in-flight render's limit less the worker's CPU time since it was sent; None
        where that time cannot be read or the render has waited `STARVED_WAIT_CAP_S`."""
        sent, worker, text = self._flight_cpu, self._worker, self._in_flight_text
        if sent is None or worker is None or text is None:
            return None
        now = worker.cpu_seconds()
        if now is None or time.monotonic() - sent[1] > STARVED_WAIT_CAP_S:
            return None
        return self.limit_for(text) - (now - sent[0])

    def _worker_died(self) -> None:
        self._restart_worker()
        self._finish_request()

    def _restart_worker(self) -> None:
        self.restarts += 1
        if self._worker is not None:
            self._worker.stop()
        self._worker = self._start_worker()
        self._send_context()

    # -- showing ----------------------------------------------------------------------------------
    def _page_shown(self, generation: int) -> None:
        changed = self._changed_at.get(generation)
        for old in [g for g in self._changed_at if g <= generation]:
            del self._changed_at[old]
        if changed is not None:
            self.rendered.emit(generation, time.perf_counter() - changed)

    def _settings_changed(self) -> None:
        self._send_context()
        if self._last is not None:
            post, body = self._last
            self.update(post, body)
