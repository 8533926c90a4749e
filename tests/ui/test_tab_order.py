"""Tab moves through the window in reading order: search, filters, the posts, the text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget


def tab_path(qtbot: Any, start: QWidget, presses: int) -> list[QWidget]:
    """The widgets that have focus after each Tab press from start."""
    start.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    path = []
    for _ in range(presses):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        path.append(QApplication.focusWidget())
    return path


def test_tab_from_the_search_box_reaches_the_post_list_then_the_editor(
    app: Any, qtbot: Any
) -> None:
    window = app.window
    window.activateWindow()
    lib = window.library_panel
    git_filter = window.findChild(QComboBox, "gitStateFilter")  # in a git library only
    filters = [lib.status_combo, lib.sort_combo]
    if git_filter is not None and git_filter.isVisible():
        filters.append(git_filter)
    path = tab_path(qtbot, lib.search, len(filters) + 2)
    assert path == [*filters, lib.view, window.editor]


def test_the_post_panel_tabs_from_top_to_bottom(app: Any, qtbot: Any) -> None:
    window = app.window
    window.activateWindow()
    panel = window.post_panel
    assert tab_path(qtbot, panel.title, 1) == [panel.date.edit]
    # inside a date, Tab steps through day, month, year and time first (Qt's own behaviour)
    now = panel.date.focus_chain[1]
    assert tab_path(qtbot, now, 2) == [panel.date.focus_chain[2], panel.updated.edit]
    path = tab_path(qtbot, panel.summary, 5)
    assert path == [panel.category, panel.tags.input, panel.slug, panel.author, panel.draft]
