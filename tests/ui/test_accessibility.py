"""Every control the keyboard can reach has an accessible name, so a screen reader can say it."""

from __future__ import annotations

from pathlib import Path
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


def test_the_statistics_dock_and_the_find_bar_are_in_the_walk(app: Any) -> None:
    """The main window's walk reaches the statistics dock and find/replace even while hidden."""
    window = app.window
    panel = window.docks.statistics_panel
    bar = window.editor_pane.find_bar
    walked = set(window.findChildren(QWidget))
    assert panel in walked and bar in walked
    assert unnamed_focusable(panel) == [] and unnamed_focusable(bar) == []


def test_every_focusable_control_of_the_reader_has_a_name(qtbot: Any) -> None:
    from blogdesk.ui.widgets.reader import ReaderWindow

    reader = ReaderWindow(None)
    qtbot.addWidget(reader)
    assert unnamed_focusable(reader) == []


def test_every_focusable_control_of_the_compare_dialog_has_a_name(qtbot: Any) -> None:
    from blogdesk.ui.widgets.compare_dialog import CompareDialog

    dialog = CompareDialog("tea.md", "a\nb\n", "a\nB\n")
    qtbot.addWidget(dialog)
    assert unnamed_focusable(dialog) == []


def test_every_focusable_control_of_the_recovery_dialog_has_a_name(
    qtbot: Any, tmp_path: Path
) -> None:
    from blogdesk.core.journal import Journal
    from blogdesk.core.postfile import load_post
    from blogdesk.ui.recovery import RecoveryDialog

    post = tmp_path / "tea.md"
    post.write_text("---\ntitle: Tea\n---\n\nA cup.\n", encoding="utf-8")
    journal = Journal(tmp_path / "journal")
    journal.record(post, "---\ntitle: Tea\n---\n\nA cup, unsaved.\n", load_post(post).fingerprint)
    dialog = RecoveryDialog(journal, confirm=lambda _text: False)
    qtbot.addWidget(dialog)
    assert dialog.paths() == [post]
    assert unnamed_focusable(dialog) == []


def test_every_focusable_control_of_the_crash_dialog_has_a_name(
    qtbot: Any, tmp_path: Path
) -> None:
    from blogdesk.ui.widgets.crash_dialog import CrashDialog

    dialog = CrashDialog("Traceback: details", tmp_path / "blogdesk.log")
    qtbot.addWidget(dialog)
    assert unnamed_focusable(dialog) == []


def test_every_focusable_control_of_the_git_dialogs_has_a_name(
    qtbot: Any, tmp_path: Path
) -> None:
    from blogdesk.core.git.sync import Conflict
    from blogdesk.ui.git.dialogs import ConflictDialog, HistoryDialog, PublishDialog
    from blogdesk.ui.git.worker import GitWorker

    post = tmp_path / "tea.md"
    post.write_text("---\ntitle: Tea\n---\n\nA cup.\n", encoding="utf-8")
    worker = GitWorker()
    publish = PublishDialog([post], worker)
    qtbot.addWidget(publish)
    history = HistoryDialog(post, post.read_text(encoding="utf-8"), worker)
    qtbot.addWidget(history)
    conflict = ConflictDialog([Conflict("tea.md", "mine\n", "theirs\n", "base\n")])
    qtbot.addWidget(conflict)
    qtbot.waitUntil(lambda: bool(publish.notice.text()) and bool(history.notice.text()),
                    timeout=20_000)  # the worker is done with the folder (not a repository)
    for dialog in (publish, history, conflict):
        assert unnamed_focusable(dialog) == [], type(dialog).__name__


def test_the_preview_page_has_a_name(
    qtbot: Any, small_library: Path, app_settings: Any, app_factory: Any
) -> None:
    """With the preview built, the page it draws in is named too."""
    start_app, stop_app = app_factory
    running = start_app(qtbot, app_settings, small_library, preview=True)
    try:
        assert running.window.preview.pane.web_view().accessibleName() == "Post page"
        assert unnamed_focusable(running.window) == []
    finally:
        stop_app(running)
