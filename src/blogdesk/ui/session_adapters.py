"""The Qt side of a `DocumentSession`: thin adapters, no decisions.

- the file monitor (QFileSystemWatcher) reports changes, deletions and returns of the open post
  to the session's ``disk_*`` events;
- a timer calls the session's `tick` when it asked to be woken (autosave, journal);
- activating the window looks at the disk again (another program may have changed the post
  while the author was away; network drives report nothing);
- the session's events come out as one Qt signal, for the soak and for tests to wait on;
- the editor's cursor and scroll are captured and given back across a reload.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from blogdesk.core.document import DocumentSession, EditorPosition, SessionEvent
from blogdesk.ui.file_monitor import FileMonitor

__all__ = ["SessionAdapters", "capture_position", "restore_position"]


class SessionAdapters(QObject):
    """See the module docstring; the window's view methods `watch_file`, `check_disk`,
    `wake_in` and `notify` land here."""

    happened = Signal(object, Path)  # a SessionEvent and the post it is about

    def __init__(self, parent: QObject | None = None, *,
                 monitor: FileMonitor | None = None) -> None:
        super().__init__(parent)
        self.monitor = monitor if monitor is not None else FileMonitor(self)
        self.timer = QTimer(self, singleShot=True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.session: DocumentSession | None = None
        self._stopped = False

    def attach(self, session: DocumentSession) -> None:
        """Feed `session` what the monitor and the timer see."""
        self.session = session
        self.monitor.changedOnDisk.connect(session.disk_changed)
        self.monitor.deletedOnDisk.connect(session.disk_deleted)
        self.monitor.restoredOnDisk.connect(session.disk_restored)
        self.timer.timeout.connect(session.tick)

    def watch_file(self, path: Path | None) -> None:
        session = self.session
        if path is None or session is None or self._stopped:
            self.monitor.stop()
        else:
            self.monitor.watch(path, lambda: session.base)

    def check_disk(self) -> None:
        self.monitor.recheck()

    def wake_in(self, seconds: float | None) -> None:
        if seconds is None or self._stopped:
            self.timer.stop()
        else:
            self.timer.start(max(0, math.ceil(seconds * 1000)))

    def shutdown(self) -> None:
        """The window has closed: no more ticks or disk checks reach the session."""
        self._stopped = True
        self.timer.stop()
        self.monitor.stop()

    def notify(self, event: SessionEvent, path: Path) -> None:
        self.happened.emit(event, path)

    def check_on_activation(self, window: QObject) -> None:
        """Look at the disk each time ``window`` becomes active."""
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate and self.monitor.path is not None:
            self.monitor.recheck()
        return False


def capture_position(editor: QPlainTextEdit) -> EditorPosition:
    """The editor's cursor (line and column), selection anchor and scroll offsets."""
    cursor = editor.textCursor()
    anchor_block = editor.document().findBlock(cursor.anchor())
    return EditorPosition(
        cursor.blockNumber(), cursor.positionInBlock(),
        anchor_block.blockNumber(), cursor.anchor() - anchor_block.position(),
        editor.verticalScrollBar().value(), editor.horizontalScrollBar().value(),
    )


def restore_position(editor: QPlainTextEdit, state: EditorPosition) -> None:
    """The same line and column (clamped to the new text) and the same scroll offsets."""

    def position(line: int, column: int) -> int:
        doc = editor.document()
        block = doc.findBlockByNumber(min(line, doc.blockCount() - 1))
        return block.position() + min(column, max(0, block.length() - 1))

    cursor = QTextCursor(editor.document())
    cursor.setPosition(position(state.anchor_line, state.anchor_column))
    cursor.setPosition(position(state.line, state.column), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.verticalScrollBar().setValue(state.vscroll)
    editor.horizontalScrollBar().setValue(state.hscroll)
