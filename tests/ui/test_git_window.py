"""The git feature in the real window (``app.build()``) on real repositories: the Git menu
publishes the open draft, the marks and the branch show only inside a work tree and follow
saves, a restored past version is unsaved text (the file untouched), and a sync that changed
the open post goes through the disk-conflict flow when it has unsaved edits."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QTextCursor

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from git_repos import FIRST_POST, Clones, git, hermetic_clones, write

from blogdesk.core.document.notices import KEY_CONFLICT
from blogdesk.core.git import PostState
from blogdesk.ui.git.dialogs import HistoryDialog, PublishDialog

DRAFT = "---\ntitle: Quiet mornings\ndraft: true\n---\n\nTea first.\n\n![Tea](../images/tea.png)\n"
GIT_ACTIONS = ("git_publish", "git_sync", "git_history", "git_changes")


@pytest.fixture
def clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Clones:
    return hermetic_clones(tmp_path, monkeypatch)


@pytest.fixture
def start(qtbot: Any, app_settings: Any, app_factory: Any) -> Iterator[Any]:
    """start(root, post): the app on a library, once its git state has been read."""
    start_app, stop_app = app_factory
    running: list[Any] = []

    def go(root: Path, post: Path | None = None) -> Any:
        app = start_app(qtbot, app_settings, root, post)
        running.append(app)
        settle(qtbot, app)
        return app

    yield go
    for app in running:
        stop_app(app)


def settle(qtbot: Any, app: Any) -> None:
    """Wait until the git worker has nothing left to do (and its delayed refresh ran)."""
    git_ = app.window.git
    qtbot.waitUntil(lambda: not git_.worker.busy and not git_._timer.isActive(),
                    timeout=30_000)


def type_at_end(app: Any, text: str) -> None:
    editor = app.window.editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.insertPlainText(text)


def git_menu_visible(app: Any) -> bool:
    return app.window.menus["menu_git"].menuAction().isVisible()


def test_git_menu_publishes_the_open_draft_with_its_unsaved_words(qtbot, clones, start) -> None:
    """Publish from the Git menu saves the post first, then the remote gets exactly one commit
    with the post and its image; the editor then shows the published file (draft: false)."""
    write(clones.laptop / "images" / "tea.png", b"image bytes")
    post = write(clones.laptop / "posts" / "tea.md", DRAFT)
    app = start(clones.laptop / "posts", post)
    menu = app.window.menus["menu_git"]
    assert [a.objectName() for a in menu.actions() if not a.isSeparator()] == list(GIT_ACTIONS)
    assert git_menu_visible(app)
    type_at_end(app, "\nA second pot.\n")

    app.parts.actions.trigger("git_publish")
    dialog = app.window.findChild(PublishDialog)
    assert dialog is not None
    assert not app.window.session.is_modified()  # saved before publishing
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
    assert dialog.message.text() == "Publish: Quiet mornings"
    with qtbot.waitSignal(dialog.published, timeout=30_000):
        dialog.publish_button.click()

    assert clones.remote_log() == ["Publish: Quiet mornings", "Start the blog"]
    assert clones.remote_files() == ["images/tea.png", "posts/tea.md"]
    published = git(clones.remote, "show", "main:posts/tea.md")
    assert "draft: false" in published and "A second pot." in published
    session = app.window.session
    qtbot.waitUntil(lambda: session.doc.metadata.get("draft") is False, timeout=10_000)
    assert not session.is_modified()


def test_marks_branch_and_menu_in_a_work_tree_and_saving_updates_the_mark(
        qtbot, clones, start) -> None:
    new = write(clones.laptop / "posts" / "tea.md", DRAFT)
    first = clones.laptop / "posts" / "first.md"
    app = start(clones.laptop / "posts", first)
    git_ = app.window.git
    assert git_.state_of(new) == PostState.NEW
    assert git_.state_of(first) == PostState.PUBLISHED
    assert git_.branch_label.isVisible() and git_.branch_label.text() == "⎇ main (origin/main)"
    assert git_.filter_combo.isVisible()
    assert git_menu_visible(app)

    type_at_end(app, "\nOne more line.\n")
    app.parts.actions.trigger("save")
    qtbot.waitUntil(lambda: git_.state_of(first) == PostState.MODIFIED, timeout=10_000)


def test_outside_a_work_tree_no_mark_no_branch_no_menu(qtbot, small_library, start) -> None:
    app = start(small_library)
    git_ = app.window.git
    assert git_.status is None
    assert not git_.branch_label.isVisible()
    assert not git_.filter_combo.isVisible()
    assert not git_menu_visible(app)
    assert not any(app.parts.actions[name].isVisible() for name in GIT_ACTIONS)


def test_opening_another_library_follows_it(qtbot, clones, small_library, start) -> None:
    app = start(small_library)
    assert app.window.git.status is None
    app.controller.open_library(clones.laptop / "posts")
    settle(qtbot, app)
    assert app.window.git.status is not None
    assert git_menu_visible(app)


def test_history_restore_leaves_the_file_and_makes_the_editor_unsaved(qtbot, clones,
                                                                       start) -> None:
    post = clones.laptop / "posts" / "first.md"
    write(post, FIRST_POST.replace("The first post of this blog.", "Rewritten since."))
    git(clones.laptop, "commit", "-q", "-am", "Rewrite")
    on_disk = post.read_bytes()
    app = start(clones.laptop / "posts", post)

    dialog = app.window.git.show_history()
    assert isinstance(dialog, HistoryDialog)
    qtbot.waitUntil(lambda: len(dialog.revisions) == 2, timeout=30_000)
    dialog.list.setCurrentRow(1)  # the first commit
    qtbot.waitUntil(lambda: dialog._shown is not None and "The first post" in dialog._shown
                    and dialog.restore_button.isEnabled(), timeout=30_000)
    dialog.restore_button.click()

    assert post.read_bytes() == on_disk  # nothing written
    assert "The first post of this blog." in app.window.editor.body()
    assert app.window.session.is_modified()
    assert app.window.windowTitle().startswith("●")


def _push_from_laptop(clones: Clones, words: str) -> None:
    write(clones.laptop / "posts" / "first.md",
          FIRST_POST.replace("The first post of this blog.", words))
    git(clones.laptop, "commit", "-q", "-am", words)
    git(clones.laptop, "push", "-q")


def test_sync_that_changed_the_open_post_with_unsaved_edits_raises_the_conflict(
        qtbot, clones, start) -> None:
    """Nothing is lost: the editor keeps the author's words, the file has the upstream's, and
    the conflict notice (Reload / Keep Mine / Compare) asks."""
    post = clones.desktop / "posts" / "first.md"
    _push_from_laptop(clones, "Laptop words.")
    app = start(clones.desktop / "posts", post)
    type_at_end(app, "\nDesktop words, not saved.\n")

    with qtbot.waitSignal(app.window.git.synced, timeout=30_000):
        app.parts.actions.trigger("git_sync")
    bar = app.window.notice_bar
    qtbot.waitUntil(lambda: KEY_CONFLICT in bar.notice_keys(), timeout=10_000)
    assert bar.button(KEY_CONFLICT, "Reload") is not None
    assert "Laptop words." in post.read_text()
    assert "Desktop words, not saved." in app.window.editor.body()
    assert app.window.session.is_modified()


def test_sync_reloads_an_open_post_without_unsaved_edits(qtbot, clones, start) -> None:
    post = clones.desktop / "posts" / "first.md"
    _push_from_laptop(clones, "Laptop words.")
    app = start(clones.desktop / "posts", post)

    with qtbot.waitSignal(app.window.git.synced, timeout=30_000):
        app.parts.actions.trigger("git_sync")
    qtbot.waitUntil(lambda: "Laptop words." in app.window.editor.body(), timeout=10_000)
    assert KEY_CONFLICT not in app.window.notice_bar.notice_keys()
    assert not app.window.session.is_modified()


JEKYLL_DRAFT = "---\ntitle: Winter light\nlayout: post\n---\n\nSnow on the roofs.\n"


def test_a_published_jekyll_draft_is_open_at_its_new_place(qtbot, clones, start) -> None:
    site = clones.laptop
    write(site / "_config.yml", "title: Test site\n")
    write(site / "blogdesk.toml", 'posts_dir = "."\n')  # the library lists _drafts too
    write(site / "_posts" / "2026-01-01-old.md", "---\ntitle: Old\n---\n\nBefore.\n")
    draft = write(site / "_drafts" / "winter-light.md", JEKYLL_DRAFT)
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "A Jekyll site")
    git(site, "push", "-q")
    app = start(site, draft)
    assert app.window.session.doc.path.name == "winter-light.md"

    app.parts.actions.trigger("git_publish")
    dialog = app.window.findChild(PublishDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
    with qtbot.waitSignal(dialog.published, timeout=30_000):
        dialog.publish_button.click()

    session = app.window.session
    qtbot.waitUntil(lambda: session.doc.path.parent.name == "_posts", timeout=10_000)
    assert session.doc.path.name.endswith("-winter-light.md")
    assert not draft.exists()
    assert not session.is_modified()
    assert app.window.editor.body().strip() == "Snow on the roofs."
    assert session.doc.path in app.window.library_panel.visible_paths()


def test_restore_over_unsaved_edits_asks_first_and_cancel_keeps_them(qtbot, clones,
                                                                      start) -> None:
    post = clones.laptop / "posts" / "first.md"
    write(post, FIRST_POST.replace("The first post of this blog.", "Rewritten since."))
    git(clones.laptop, "commit", "-q", "-am", "Rewrite")
    app = start(clones.laptop / "posts", post)
    type_at_end(app, "\nWords not saved yet.\n")
    app.answers.save_discard_cancel[:] = ["cancel"]

    app.window.git.restoreRequested.emit(post, FIRST_POST)  # what Restore in the dialog sends
    assert app.answers.asked == [("save_discard_cancel", "First steps")]
    assert "Words not saved yet." in app.window.editor.body()
    assert "Rewritten since." in post.read_text()


def test_changes_since_last_commit_in_the_compare_view(qtbot, clones, start) -> None:
    post = clones.laptop / "posts" / "first.md"
    app = start(clones.laptop / "posts", post)
    type_at_end(app, "\nA line since the last commit.\n")

    app.parts.actions.trigger("git_changes")
    git_ = app.window.git
    qtbot.waitUntil(lambda: getattr(git_, "changes_dialog", None) is not None, timeout=30_000)
    view = git_.changes_dialog.view
    assert "A line since the last commit." not in view.left.toPlainText()
    assert "A line since the last commit." in view.right.toPlainText()
    assert post.read_text() == FIRST_POST  # looking changes nothing


def test_git_wired_after_the_first_paint_shows_the_open_library(qtbot, clones,
                                                                app_settings) -> None:
    """At start-up (``first_paint``) the git feature is wired after the window is shown: until
    then the Git menu is out of sight; once wired, the library already open has its marks, its
    branch and its menu, as when wired at once."""
    from blogdesk.app import StartTarget, build

    post = write(clones.laptop / "posts" / "tea.md", DRAFT)
    parts = build(app_settings, StartTarget(clones.laptop / "posts", post), first_paint=True)
    qtbot.addWidget(parts.window)
    parts.window.show()
    assert not hasattr(parts.window, "git")
    assert not parts.window.menus["menu_git"].menuAction().isVisible()
    assert not any(parts.actions[name].isVisible() for name in GIT_ACTIONS)  # no shortcut yet
    parts.window.wire_git()
    git_ = parts.window.git
    qtbot.waitUntil(lambda: git_.state_of(post) == PostState.NEW, timeout=30_000)
    assert git_.branch_label.text().startswith("⎇ main")
    assert parts.window.menus["menu_git"].menuAction().isVisible()
    assert all(parts.actions[name].isVisible() for name in GIT_ACTIONS)
    parts.window.wire_git()  # a second call changes nothing
    assert parts.window.git is git_
    qtbot.waitUntil(lambda: not git_.worker.busy and not git_._timer.isActive(), timeout=30_000)
    parts.window.close()
    parts.controller.library.close()
