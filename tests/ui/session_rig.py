"""A document session with its real Qt adapters (file monitor, timer) around a real editor, and
a fake view for the rest: what the session and journal tests drive."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from blogdesk.core.document import DocumentSession, EditorPosition, SessionEvent
from blogdesk.core.journal import Journal
from blogdesk.core.postfile import PostFile
from blogdesk.ui.file_monitor import FileMonitor
from blogdesk.ui.session_adapters import SessionAdapters, capture_position, restore_position
from document_fakes import FakeView


class EditorView(FakeView):
    """The fake view around a real editor, with the real adapters (file monitor, timer)."""

    def __init__(self, editor: QPlainTextEdit, adapters: SessionAdapters) -> None:
        super().__init__()
        self.editor, self.adapters = editor, adapters
        self.loading = False
        self.saves_as = 0

    def show_document(self, doc: PostFile | None, keep_text: bool = False) -> None:
        if doc is not None and not keep_text:
            self.loading = True
            try:
                self.editor.setPlainText(doc.body)
            finally:
                self.loading = False

    def current_body(self) -> str:
        return self.editor.toPlainText()

    def cursor_position(self) -> int:
        return self.editor.textCursor().position()

    def capture_position(self) -> EditorPosition | None:
        return capture_position(self.editor)

    def restore_position(self, position: EditorPosition) -> None:
        restore_position(self.editor, position)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.editor.setReadOnly(read_only)

    def ask_save_path(self, title: str, start: Path, filter: str = "") -> Path | None:
        self.saves_as += 1
        return None

    def watch_file(self, path: Path | None) -> None:
        self.adapters.watch_file(path)

    def check_disk(self) -> None:
        self.adapters.check_disk()

    def wake_in(self, seconds: float | None) -> None:
        self.adapters.wake_in(seconds)

    def notify(self, event: SessionEvent, path: Path) -> None:
        super().notify(event, path)
        self.adapters.notify(event, path)


@dataclass
class Rig:
    session: DocumentSession
    view: EditorView
    adapters: SessionAdapters
    editor: QPlainTextEdit
    path: Path

    def type(self, text: str) -> None:
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        self.editor.setTextCursor(cursor)

    @property
    def modified(self) -> bool:
        return self.session.is_modified()

    def save(self) -> bool:
        return self.session.save()


def make_rig(qtbot: Any, path: Path, *, watcher: bool = True, autosave: bool = True,
             autosave_ms: int = 60000, journal: Journal | None = None,
             **session_args: Any) -> Rig:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.resize(500, 300)
    editor.show()
    adapters = SessionAdapters(monitor=FileMonitor(watcher_enabled=watcher))
    view = EditorView(editor, adapters)
    session = DocumentSession(view, journal, autosave=autosave,
                              autosave_delay=autosave_ms / 1000, **session_args)
    adapters.attach(session)
    editor.textChanged.connect(lambda: None if view.loading else session.edited())
    assert session.open(path)
    return Rig(session, view, adapters, editor, path)


def event_is(kind: SessionEvent) -> Any:
    """For qtbot.waitSignal(adapters.happened, check_params_cb=...)."""
    return lambda event, _path: event is kind
