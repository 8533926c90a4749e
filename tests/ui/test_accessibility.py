"""Every control the keyboard can reach has an accessible name, so a screen reader can say it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QMainWindow, QTabBar, QWidget

from blogdesk.core.document.notices import Notice, NoticeAction


def _qt_part(widget: QWidget) -> bool:
    """Parts Qt builds inside a control and speaks through it: the line edit and popup list of a
    combo box or spin box, and the tab bar Qt adds for tabified docks (its tabs are the docks'
    titles)."""
    if isinstance(widget, QTabBar) and isinstance(widget.parentWidget(), QMainWindow):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            return True
        parent = parent.parentWidget()
    return False


def unnamed_focusable(root: QWidget) -> list[str]:
    """Each widget under root (root included) that takes focus but has no accessible name."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or widget.accessibleName().strip():
            continue
        if not _qt_part(widget):
            parent = widget.parentWidget()
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(parent)}")
    return missing


def test_every_focusable_control_of_the_window_has_a_name(app: Any) -> None:
    window = app.window
    window.editor_pane.find_bar.show_replace()  # the find bar, both rows
    window.show_notice(
        Notice("a11y", "Saved elsewhere.", actions=(NoticeAction("&Reload", print),))
    )
    assert window.post_panel.findChildren(QWidget, "removeTag"), "the tag chips are built"
    assert unnamed_focusable(window) == []


def test_every_focusable_control_of_the_settings_dialog_has_a_name(app: Any, qtbot: Any) -> None:
    from blogdesk.ui.widgets.settings_dialog import SettingsDialog

    dialog = SettingsDialog(app.window.settings, parent=app.window)
    qtbot.addWidget(dialog)
    assert unnamed_focusable(dialog) == []


def test_the_walk_finds_an_unnamed_control(app: Any) -> None:
    """The check itself fails on a focusable control without a name."""
    from PySide6.QtWidgets import QPushButton

    button = QPushButton("Unnamed", app.window.post_panel)
    assert any("QPushButton" in line for line in unnamed_focusable(app.window))
    button.setAccessibleName("Named")
    assert unnamed_focusable(app.window) == []


def test_enter_on_a_tag_filters_the_posts(app: Any, qtbot: Any) -> None:
    """The tags panel works from the keyboard: Enter on a tag is a click."""
    from blogdesk.ui.models import KindRole, NameRole

    view, model = app.window.tags_panel.view, app.window.tags_panel.model
    matches = model.match(model.index(0, 0), NameRole, "drafts", 1, Qt.MatchFlag.MatchRecursive)
    assert matches and matches[0].data(KindRole) == "tag"
    app.window.tags_dock.raise_()
    view.setFocus()
    view.setCurrentIndex(matches[0])
    qtbot.keyClick(view, Qt.Key.Key_Return)
    proxy = app.window.library_panel.proxy
    titles = [proxy.index(row, 0).data() for row in range(proxy.rowCount())]
    assert len(titles) == 1
    assert app.window.library_panel.chip.isVisibleTo(app.window.library_panel)
