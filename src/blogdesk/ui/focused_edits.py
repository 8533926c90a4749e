"""Cut, Copy, Paste and Select All act on the focused widget: a field, the editor, or a page.

A page (the preview or the reader, drawn by QtWebEngine) has no ``copy()`` of its own: Copy and
Select All go through its page actions, and Cut and Paste are disabled while it has focus, as
they are in any read-only text.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from blogdesk.ui.actions import ActionCollection

# action name -> the method of a focused field that does it
FOCUSED_EDITS = {"cut": "cut", "copy": "copy", "paste": "paste", "select_all": "selectAll"}
# action name -> the QWebEnginePage.WebAction that does it in a page (Cut and Paste: none)
PAGE_EDITS = {"copy": "Copy", "select_all": "SelectAll"}
CHANGING_EDITS = ("cut", "paste")


def page_view_of(widget: QWidget | None) -> Any:
    """The QWebEngineView that ``widget`` is (or is inside), or None.

    QtWebEngine gives focus to a child that draws the page, so the view is found among the
    parents. No view exists unless QtWebEngine was imported, so that import is never forced here.
    """
    module = sys.modules.get("PySide6.QtWebEngineWidgets")
    if module is None:
        return None
    while widget is not None:
        if isinstance(widget, module.QWebEngineView):
            return widget
        widget = widget.parentWidget()
    return None


def is_read_only(widget: QWidget | None) -> bool:
    """True when the focused widget shows text that cannot be changed (a page, a read-only box)."""
    if page_view_of(widget) is not None:
        return True
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        return widget.isReadOnly()
    return False


def on_focused(name: str) -> Callable[[], None]:
    """The handler of the Edit action ``name``: it acts on the widget that has focus."""

    def run() -> None:
        focused = QApplication.focusWidget()
        view = page_view_of(focused)
        if view is not None:
            if name in PAGE_EDITS:
                from PySide6.QtWebEngineCore import QWebEnginePage

                view.triggerPageAction(getattr(QWebEnginePage.WebAction, PAGE_EDITS[name]))
            return
        call = getattr(focused, FOCUSED_EDITS[name], None)
        if callable(call):
            call()

    return run


class EditActionsFollowFocus(QObject):
    """Disables Cut and Paste while the focus is on text that cannot change."""

    def __init__(self, actions: ActionCollection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions = actions
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self.focus_changed)
        self.focus_changed(None, QApplication.focusWidget())

    def focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if now is None:  # focus left the app (another window): keep the state it had
            return
        self._actions.set_enabled(CHANGING_EDITS, not is_read_only(now))
