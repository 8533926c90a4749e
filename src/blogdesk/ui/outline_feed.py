"""What feeds the outline dock: the rendered page's headings once the preview is built (the
render worker sends them with each body, so the outline names what the page shows), else a scan
of the text's lines after a pause (no post, no preview yet, QtWebEngine missing, or a large post
rendered only on request). A click on a heading puts the editor's cursor on its line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from blogdesk.ui.main_window import MainWindow

__all__ = ["OUTLINE_DELAY_MS", "OutlineFeed"]

OUTLINE_DELAY_MS = 300  # the line scan waits for a pause in typing


class OutlineFeed(QObject):
    """The outline's wiring in ``window`` (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self, singleShot=True, interval=OUTLINE_DELAY_MS)
        self.timer.timeout.connect(self._scan)
        window.editor.cursorLineChanged.connect(window.outline.set_current_line)
        window.outline.headingActivated.connect(self._go_to_line)
        window.preview.ready.connect(self._from_preview)

    def text_changed(self) -> None:
        """The text changed: when no render will bring the headings, scan the lines soon."""
        preview = self.window.preview
        if self.window.post_meta is None or preview.scheduler is None or preview.manual:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _scan(self) -> None:
        window = self.window
        window.outline.set_markdown(window.current_body() if window.post_meta else "")

    def _from_preview(self) -> None:
        scheduler = self.window.preview.scheduler
        if scheduler is not None:
            scheduler.outlineChanged.connect(self.window.outline.show_headings)

    def _go_to_line(self, line: int) -> None:
        editor = self.window.editor
        editor.goto_line(line)
        editor.setFocus()
