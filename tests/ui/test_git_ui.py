"""The git feature's windows on real clones: the publish dialog and its dry run, the conflict
dialog with both versions, library marks and the state filter, the branch in the status bar,
and a post's history restored as text (never written to the file)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QStatusBar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from git_repos import FIRST_POST, Clones, git, hermetic_clones, write

from blogdesk.core.git import PostState
from blogdesk.core.git.sync import Conflict
from blogdesk.core.library import Library
from blogdesk.ui.git import GitController, install_git
from blogdesk.ui.git.dialogs import MINE, ConflictDialog, HistoryDialog, PublishDialog
from blogdesk.ui.git.worker import GitWorker
from blogdesk.ui.widgets.library_panel import LibraryPanel

DRAFT = "---\ntitle: Quiet mornings\ndraft: true\n---\n\nTea first.\n\n![Tea](../images/tea.png)\n"


@pytest.fixture
def clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Clones:
    return hermetic_clones(tmp_path, monkeypatch)


def _dry_run_ready(dialog: PublishDialog) -> bool:
    return dialog.plan is not None


def test_publish_dialog_shows_the_dry_run_then_publishes(qtbot, clones: Clones) -> None:
    write(clones.laptop / "images" / "tea.png", b"image bytes")
    post = write(clones.laptop / "posts" / "tea.md", DRAFT)
    worker = GitWorker()
    dialog = PublishDialog([post], worker)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: _dry_run_ready(dialog), timeout=20_000)

    text = dialog.dry_run.toPlainText()
    assert "set draft: false in posts/tea.md" in text
    assert "commit 2 files: posts/tea.md, images/tea.png" in text
    assert dialog.message.text() == "Publish: Quiet mornings"
    assert post.read_text() == DRAFT  # the dry run changed nothing

    with qtbot.waitSignal(dialog.published, timeout=30_000):
        dialog.publish_button.click()
    assert "pushed to origin/main" in dialog.dry_run.toPlainText()
    assert clones.remote_log()[0] == "Publish: Quiet mornings"
    assert clones.remote_files() == ["images/tea.png", "posts/tea.md"]


def test_publish_dialog_says_what_to_do_when_it_cannot(qtbot, clones: Clones) -> None:
    git(clones.laptop, "checkout", "-q", "--detach")
    post = write(clones.laptop / "posts" / "tea.md", DRAFT)
    worker = GitWorker()
    dialog = PublishDialog([post], worker)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "git switch" in dialog.notice.text(), timeout=20_000)
    assert not dialog.publish_button.isEnabled()


def test_conflict_dialog_shows_both_versions_and_returns_the_choice(qtbot) -> None:
    mine = FIRST_POST.replace("The first post", "My words on the")
    theirs = FIRST_POST.replace("The first post", "Their words on the")
    dialog = ConflictDialog([Conflict("posts/first.md", mine, theirs, FIRST_POST)])
    qtbot.addWidget(dialog)
    view = dialog.views[0]
    assert "My words on the" in view.left.toPlainText()
    assert "Their words on the" in view.right.toPlainText()
    assert dialog.tabs.tabText(0) == "posts/first.md"
    dialog.mine_button.click()
    assert dialog.choice == MINE


def _window(qtbot, folder: Path) -> tuple[QMainWindow, LibraryPanel, GitController]:
    window = QMainWindow()
    qtbot.addWidget(window)
    panel = LibraryPanel()
    window.setCentralWidget(panel)
    status_bar = QStatusBar()
    window.setStatusBar(status_bar)
    library = Library.open(folder, background=False)
    panel.set_library(library)
    controller = install_git(window, panel, status_bar, lambda: None)
    controller.set_library(library)
    assert controller.worker.wait()
    qtbot.waitUntil(lambda: not controller.worker.busy, timeout=20_000)
    return window, panel, controller


def test_library_marks_filter_and_branch(qtbot, clones: Clones) -> None:
    new = write(clones.laptop / "posts" / "tea.md", DRAFT)
    window, panel, controller = _window(qtbot, clones.laptop / "posts")
    folder = clones.laptop / "posts"

    assert controller.branch_label.text() == "⎇ main (origin/main)"
    assert controller.state_of(new) == PostState.NEW
    assert controller.state_of(folder / "first.md") == PostState.PUBLISHED
    window.show()  # Tab: sort, then the git state filter, then the posts
    window.activateWindow()
    steps = ((panel.sort_combo, controller.filter_combo), (controller.filter_combo, panel.view))
    for widget, after in steps:
        widget.setFocus()
        qtbot.waitUntil(lambda w=widget: QApplication.focusWidget() is w)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is after
    assert len(panel.visible_paths()) == 2
    controller.filter_combo.setCurrentIndex(controller.filter_combo.findData(PostState.NEW))
    assert panel.visible_paths() == [new]
    controller.set_state_filter(None)
    assert len(panel.visible_paths()) == 2
    assert all(action.isVisible() for action in controller.actions)
    window.close()
    panel.stop_watching()


def test_outside_a_repository_the_feature_stays_hidden(qtbot, tmp_path: Path) -> None:
    write(tmp_path / "loose" / "post.md", DRAFT)
    window, panel, controller = _window(qtbot, tmp_path / "loose")
    assert controller.status is None
    assert not controller.branch_label.isVisibleTo(window)
    assert not controller.filter_combo.isVisibleTo(window)
    assert not any(action.isVisible() for action in controller.actions)
    panel.stop_watching()


def test_sync_conflict_opens_the_dialog_and_keep_mine_pushes(qtbot, clones: Clones) -> None:
    for clone, words in ((clones.laptop, "Laptop words."), (clones.desktop, "Desktop words.")):
        write(clone / "posts" / "first.md",
              FIRST_POST.replace("The first post of this blog.", words))
        git(clone, "commit", "-q", "-am", words)
    git(clones.laptop, "push", "-q")
    _win, panel, controller = _window(qtbot, clones.desktop / "posts")

    controller.sync()
    qtbot.waitUntil(lambda: getattr(controller, "conflict_dialog", None) is not None,
                    timeout=30_000)
    dialog = controller.conflict_dialog
    assert "Desktop words." in dialog.views[0].left.toPlainText()
    assert "<<<<<<<" not in (clones.desktop / "posts" / "first.md").read_text()
    with qtbot.waitSignal(controller.synced, timeout=30_000):
        dialog.mine_button.click()
    assert "Desktop words." in git(clones.remote, "show", "main:posts/first.md")
    panel.stop_watching()


def test_history_shows_past_versions_and_restores_as_text(qtbot, clones: Clones) -> None:
    post = clones.laptop / "posts" / "first.md"
    write(post, FIRST_POST + "\nMore.\n")
    git(clones.laptop, "commit", "-q", "-am", "More")
    worker = GitWorker()
    dialog = HistoryDialog(post, post.read_text(), worker)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.list.count() == 2, timeout=20_000)
    dialog.list.setCurrentRow(1)
    qtbot.waitUntil(lambda: "Start the blog" in dialog.list.item(1).text()
                    and dialog.restore_button.isEnabled()
                    and "More." not in dialog.view.left.toPlainText(), timeout=20_000)
    with qtbot.waitSignal(dialog.restoreRequested) as restored:
        dialog.restore_button.click()
    assert restored.args == [FIRST_POST]
    assert post.read_text() == FIRST_POST + "\nMore.\n"  # the file is untouched


def test_changes_since_the_last_commit_open_in_the_compare_view(qtbot, clones: Clones) -> None:
    post = clones.laptop / "posts" / "first.md"
    write(post, FIRST_POST.replace("The first post", "The opening post"))
    _win, panel, controller = _window(qtbot, clones.laptop / "posts")
    assert controller.state_of(post) == PostState.MODIFIED
    controller.show_changes(post)
    qtbot.waitUntil(lambda: getattr(controller, "changes_dialog", None) is not None,
                    timeout=20_000)
    view = controller.changes_dialog.view
    assert "The first post" in view.left.toPlainText()
    assert "The opening post" in view.right.toPlainText()
    panel.stop_watching()
