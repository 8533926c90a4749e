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
from blogdesk.ui.i18n import QT_TRANSLATE_NOOP, translate

__all__ = ["StatisticsPanel", "reading_ease_label"]

DELAY_MS = 400  # after the last keystroke


def reading_ease_label(score: float | None) -> str:
    """"68 · plain English" (Flesch's own bands), or a dash for text that is not English."""
    if score is None:
        return "–"
    bands = ((90, QT_TRANSLATE_NOOP("StatisticsPanel", "very easy")),
             (80, QT_TRANSLATE_NOOP("StatisticsPanel", "easy")),
             (70, QT_TRANSLATE_NOOP("StatisticsPanel", "fairly easy")),
             (60, QT_TRANSLATE_NOOP("StatisticsPanel", "plain English")),
             (50, QT_TRANSLATE_NOOP("StatisticsPanel", "fairly hard")),
             (30, QT_TRANSLATE_NOOP("StatisticsPanel", "hard")))
    words = next((label for floor, label in bands if score >= floor),
                 QT_TRANSLATE_NOOP("StatisticsPanel", "very hard"))
    return f"{score:.0f} · {translate('StatisticsPanel', words)}"


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
        layout.addWidget(self._group(self.tr("Post"), (
            ("words", self.tr("Words")),
            ("characters", self.tr("Characters")),
            ("characters_no_spaces", self.tr("Without spaces")),
            ("sentences", self.tr("Sentences")),
            ("paragraphs", self.tr("Paragraphs")),
            ("average_sentence", self.tr("Average sentence")),
            ("longest_sentence", self.tr("Longest sentence")),
            ("reading", self.tr("Reading time")),
            ("ease", self.tr("Readability")),
        )))
        self.values["ease"].setToolTip(READING_EASE_FORMULA)
        layout.addWidget(self._group(self.tr("This session"), (
            ("written", self.tr("Words written")),
            ("time", self.tr("Time writing")),
        )))
        self.goal_bar = QProgressBar()
        self.goal_bar.setObjectName("wordGoal")
        self.goal_bar.setAccessibleName(self.tr("Progress toward the word goal"))
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
            "average_sentence": self.tr("{0} words").format(f"{stats.average_sentence:.1f}"),
            "longest_sentence": self.tr("{0} words").format(f"{stats.longest_sentence:,}"),
            "reading": self.tr("{0} min").format(stats.reading_minutes),
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
        self.values["time"].setText(self.tr("{0} min").format(int(session.seconds_writing // 60)))
        progress = session.progress
        self.goal_bar.setVisible(progress is not None)
        if progress is not None:
            self.goal_bar.setRange(0, session.goal)
            self.goal_bar.setValue(min(session.goal, max(0, session.words_written)))
            self.goal_bar.setFormat(self.tr("%v of {0} words").format(f"{session.goal:,}"))

    def shutdown(self) -> None:
        self._timer.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)
