"""The reading-time counter of the status bar: "6 min read · 933 words", live and never in the way.

Counting runs on a worker thread over a snapshot of the text, a short while after the last
keystroke (longer for long posts), and the newest snapshot wins; a click shows the details.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QGridLayout, QLabel, QToolButton, QWidget

from blogdesk.core.stats import TextStats, count_text, reading_minutes
from blogdesk.ui.i18n import QT_TRANSLATE_NOOP, plural
from blogdesk.ui.widgets.dialogs import props

BASE_DELAY_MS = 120
DELAY_PER_100K_CHARS_MS = 400
MAX_DELAY_MS = 1500


@dataclass(frozen=True)
class Counts:
    """The counts of a post body and of the selection in it."""

    whole: TextStats
    selection: TextStats | None


def count(body: str, selected: str) -> Counts:
    return Counts(count_text(body), count_text(selected) if selected.strip() else None)


class _Relay(QObject):
    """Carries a worker's result to the UI thread (a queued signal)."""

    done = Signal(int, object)


class StatusCounter(QToolButton):
    """Shows the reading time and word count of the post; click for characters."""

    updated = Signal(str)  # the text now shown (tests wait on it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusCounter")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setToolTip(self.tr("Reading time and words of the post; click for characters"))
        self.wpm = 200
        self._source: Callable[[], tuple[str, str] | None] | None = None
        self._counts: Counts | None = None
        self._generation = 0
        self._size = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="counter")
        self._relay = _Relay(self)
        self._relay.done.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._closed = False
        self._timer = QTimer(self, singleShot=True, interval=BASE_DELAY_MS)
        self._timer.timeout.connect(self.count_now)
        self.clicked.connect(self.show_details)
        self.setText("")

    def set_source(self, source: Callable[[], tuple[str, str] | None] | None) -> None:
        """Where the text comes from: a function returning (body, selected text), or None
        when there is no post to count."""
        self._source = source
        self.schedule()

    def set_wpm(self, wpm: int) -> None:
        self.wpm = max(1, wpm)
        if self._counts is not None:
            self._render()

    def schedule(self, size_hint: int | None = None) -> None:
        """Count again after a pause; the pause grows with the size of the text."""
        if self._closed:
            return  # a late re-highlight after the window closed: no pool to count in
        if size_hint is not None:
            self._size = size_hint
        delay = BASE_DELAY_MS + self._size * DELAY_PER_100K_CHARS_MS // 100_000
        self._timer.start(min(MAX_DELAY_MS, delay))

    def count_now(self) -> None:
        self._timer.stop()
        texts = self._source() if self._source is not None else None
        if texts is None:
            self._generation += 1  # a count still running is for a post no longer shown
            self._counts = None
            self.setText("")
            return
        body, selected = texts
        self._size = len(body)
        self._generation += 1
        generation = self._generation
        future = self._pool.submit(count, body, selected)
        future.add_done_callback(lambda f: self._deliver(generation, f))

    def _deliver(self, generation: int, future: Future[Counts]) -> None:
        # runs on the worker thread: only emit (the signal is queued to the UI thread)
        if future.exception() is None:
            self._relay.done.emit(generation, future.result())

    def _show(self, generation: int, counts: Counts) -> None:
        if generation == self._generation:  # an older count finishing late is dropped
            self._counts = counts
            self._render()

    def _render(self) -> None:
        assert self._counts is not None
        text = self.summary_text(self._counts)
        self.setText(text)
        self.updated.emit(text)

    def summary_text(self, counts: Counts) -> str:
        """ "6 min read · 933 words", with "312 of 933 words selected" when there is a
        selection."""
        words = counts.whole.words
        text = plural(words, self.tr("{0} min read · {1} word", "", words),
                      self.tr("{0} min read · {1} words", "", words))
        text = text.format(reading_minutes(words, self.wpm), f"{words:,}")
        if counts.selection is not None:
            selected = plural(words, self.tr("{0} of {1} word selected", "", words),
                              self.tr("{0} of {1} words selected", "", words))
            text += f"  ({selected.format(f'{counts.selection.words:,}', f'{words:,}')})"
        return text

    def counts(self) -> Counts | None:
        return self._counts

    def show_details(self) -> CountsPopup | None:
        """The counts in a popup above the counter, kept inside the screen."""
        if self._counts is None:
            return None
        popup = CountsPopup(self._counts, self.wpm, self)
        screen = (self.screen() or QApplication.primaryScreen()).availableGeometry()
        anchor = QRect(self.mapToGlobal(QPoint(0, 0)), self.size())
        popup.move(popup_position(anchor, popup.sizeHint(), screen))
        popup.show()
        return popup

    def shutdown(self) -> None:
        self._closed = True
        self._timer.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)


def popup_position(anchor: QRect, size: QSize, screen: QRect, gap: int = 4) -> QPoint:
    """Where a popup of ``size`` goes for a widget at ``anchor`` (global): above it, right
    edges aligned, moved left, right or below as needed to stay whole on ``screen``."""
    x = anchor.right() - size.width() + 1
    x = max(screen.left(), min(x, screen.right() - size.width() + 1))
    y = anchor.top() - size.height() - gap
    if y < screen.top():
        y = min(anchor.bottom() + gap, screen.bottom() - size.height() + 1)
    return QPoint(x, y)


class CountsPopup(QFrame):
    """Words, characters with and without spaces, and reading time, for the post and selection."""

    def __init__(self, counts: Counts, wpm: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("countsPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 10, 12, 10)
        grid.setHorizontalSpacing(16)
        columns = [(self.tr("Post"), counts.whole)]
        if counts.selection is not None:
            columns.append((self.tr("Selection"), counts.selection))
        for col, (name, _stats) in enumerate(columns, start=1):
            grid.addWidget(QLabel(f"<b>{name}</b>"), 0, col, Qt.AlignmentFlag.AlignRight)
        rows = (
            (QT_TRANSLATE_NOOP("CountsPopup", "Words"), lambda s: f"{s.words:,}"),
            (QT_TRANSLATE_NOOP("CountsPopup", "Characters"), lambda s: f"{s.characters:,}"),
            (QT_TRANSLATE_NOOP("CountsPopup", "Characters without spaces"),
             lambda s: f"{s.characters_no_spaces:,}"),
            (QT_TRANSLATE_NOOP("CountsPopup", "Reading time"),
             lambda s: self.tr("{0} min").format(reading_minutes(s.words, wpm))),
        )
        for row, (label, fmt) in enumerate(rows, start=1):
            grid.addWidget(QLabel(self.tr(label)), row, 0)
            for col, (_name, stats) in enumerate(columns, start=1):
                value = props(QLabel(fmt(stats)), objectName=f"{label}-{col}")
                grid.addWidget(value, row, col, Qt.AlignmentFlag.AlignRight)
