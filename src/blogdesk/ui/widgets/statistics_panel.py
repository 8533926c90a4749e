"""The statistics panel: the post's words, characters, sentences, paragraphs and readability, and
the writing session (words written, the word goal, time spent writing).

The counting is the core's (``document_statistics``, ``WritingSession``). Counting a long post
takes tens of milliseconds, so it runs on a worker thread, only while the panel is visible,
and a newer count always wins.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QProgressBar, QVBoxLayout, QWidget

from blogdesk.core.stats import READING_EASE_FORMULA, DocumentStatistics, document_statistics
from blogdesk.core.writing_session import WritingSession

__all__ = ["StatisticsPanel", "reading_ease_label"]

DELAY_MS = 400  # after the last keystroke


def reading_ease_label(score: float | None) -> str:
    """"68 · plain English" (Flesch's own bands), or a dash for text that is not English."""
    if score is None:
        return "–"
    bands = ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "plain English"),
             (50, "fairly hard"), (30, "hard"))
    words = next((label for floor, label in bands if score >= floor), "very hard")
    return f"{score:.0f} · {words}"


class _Relay(QObject):
    done = Signal(int, object)


class StatisticsPanel(QWidget):
    """Document and session statistics; give it a text source and a session."""

    updated = Signal()  # new figures are shown (tests wait on it)

    def __init__(self, session: WritingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsPanel")
        self.session = session
        self.wpm = 200
        self.english = True
        self._source: Callable[[], str | None] | None = None
        self._generation = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="statistics")
        self._relay = _Relay(self)
        self._relay.done.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self.count_now)
        self.values: dict[str, QLabel] = {}
        self.statistics: DocumentStatistics | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._group("Post", (
            ("words", "Words"),
            ("characters", "Characters"),
            ("characters_no_spaces", "Without spaces"),
            ("sentences", "Sentences"),
            ("paragraphs", "Paragraphs"),
            ("average_sentence", "Average sentence"),
            ("longest_sentence", "Longest sentence"),
            ("reading", "Reading time"),
            ("ease", "Readability"),
        )))
        self.values["ease"].setToolTip(READING_EASE_FORMULA)
        layout.addWidget(self._group("This session", (
            ("written", "Words written"),
            ("time", "Time writing"),
        )))
        self.goal_bar = QProgressBar()
        self.goal_bar.setObjectName("wordGoal")
        self.goal_bar.setAccessibleName("Progress toward the word goal")
        layout.addWidget(self.goal_bar)
        layout.addStretch(1)
        self.show_session()

    def _group(self, title: str, rows: tuple[tuple[str, str], ...]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for key, label in rows:
            value = QLabel("–")
            value.setObjectName(f"stat-{key}")
            value.setAccessibleName(label)
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            form.addRow(label, value)
        return box

    # -- the post -----------------------------------------------------------------------------
    def set_source(self, source: Callable[[], str | None] | None) -> None:
        """Where the post's body comes from (None: no post)."""
        self._source = source
        self.schedule()

    def schedule(self) -> None:
        """Count again after a pause in typing (only while the panel is shown)."""
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.count_now()

    def count_now(self) -> None:
        self._timer.stop()
        body = self._source() if self._source is not None else None
        self._generation += 1
        if body is None:
            self._show(self._generation, None)
            return
        generation, wpm, english = self._generation, self.wpm, self.english
        future = self._pool.submit(document_statistics, body, wpm, english=english)
        future.add_done_callback(lambda f: self._deliver(generation, f))

    def _deliver(self, generation: int, future: Future[DocumentStatistics]) -> None:
        if future.exception() is None:  # on the worker: only emit
            self._relay.done.emit(generation, future.result())

    def _show(self, generation: int, stats: DocumentStatistics | None) -> None:
        if generation != self._generation:
            return
        self.statistics = stats
        if stats is None:
            for label in self.values.values():
                label.setText("–")
            self.show_session()
            return
        figures = {
            "words": f"{stats.words:,}",
            "characters": f"{stats.characters:,}",
            "characters_no_spaces": f"{stats.characters_no_spaces:,}",
            "sentences": f"{stats.sentences:,}",
            "paragraphs": f"{stats.paragraphs:,}",
            "average_sentence": f"{stats.average_sentence:.1f} words",
            "longest_sentence": f"{stats.longest_sentence:,} words",
            "reading": f"{stats.reading_minutes} min",
            "ease": reading_ease_label(stats.reading_ease),
        }
        for key, text in figures.items():
            self.values[key].setText(text)
        self.show_session()
        self.updated.emit()

    # -- the session --------------------------------------------------------------------------
    def show_session(self) -> None:
        """Refresh the session figures and the goal bar."""
        session = self.session
        self.values["written"].setText(f"{max(0, session.words_written):,}")
        self.values["time"].setText(f"{int(session.seconds_writing // 60)} min")
        progress = session.progress
        self.goal_bar.setVisible(progress is not None)
        if progress is not None:
            self.goal_bar.setRange(0, session.goal)
            self.goal_bar.setValue(min(session.goal, max(0, session.words_written)))
            self.goal_bar.setFormat(f"%v of {session.goal:,} words")

    def shutdown(self) -> None:
        self._timer.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)
