"""The git feature in the main window: its actions (declared in ui/actions.py, in the Git menu),
the marks and the branch following the open library, and what a publish, a restore or a sync
means for the open post.

- Publish saves the open post first (what is published is what the author sees);
- a past version restored from the history opens as unsaved edits through the session: the
  file is not written until the author saves;
- after a sync the disk is looked at again: the open post reloads when it has no unsaved
  edits, and goes through the usual conflict notice (Reload / Keep Mine / Compare) when it has;
- a Jekyll draft moved into ``_posts/`` by publishing is opened at its new place.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

from blogdesk.core.diskcheck import recovered_post
from blogdesk.core.document import same_file
from blogdesk.core.git import RepoStatus
from blogdesk.ui.git.controller import GitController, install_git
from blogdesk.ui.i18n import translate

if TYPE_CHECKING:
    from blogdesk.ui.main_window import MainWindow

__all__ = ["ACTION_NAMES", "GitWiring", "wire"]

# the controller's keys for the window's actions
ACTION_NAMES = {"publish": "git_publish", "sync": "git_sync", "history": "git_history",
                "changes": "git_changes"}
CLOSE_WAIT_MS = 10_000


def wire(window: MainWindow) -> GitController:
    """Add the git feature to ``window``; returns its controller."""
    return GitWiring(window).git


class GitWiring(QObject):
    """Connects a `GitController` to the window, its session and its library."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._publishing: dict[Path, bytes] = {}  # the open post as it was when publish began
        self.git = install_git(
            window, window.library_panel, window.statusBar(), self._open_path, self._open_text,
            actions={key: window.acts[name] for key, name in ACTION_NAMES.items()},
            prepare=self._before_publish)
        self.menu = window.menus.get("menu_git")
        self._show_menu(None)
        window.libraryOpened.connect(self.git.set_library)
        window.libraryFilesChanged.connect(lambda _paths: self.git.refresh_soon())
        self.git.statusChanged.connect(self._show_menu)
        self.git.restoreRequested.connect(self.restore_version)
        self.git.synced.connect(lambda _result: self.after_sync())
        self.git.postMoved.connect(self.post_moved)
        window.installEventFilter(self)

    # -- what the controller asks -----------------------------------------------------------------
    def _open_path(self) -> Path | None:
        doc = self.window.session.doc
        return doc.path if doc is not None else None

    def _open_text(self) -> str | None:
        doc = self.window.session.current_document()
        return doc.to_bytes().decode("utf-8", errors="replace") if doc is not None else None

    def _before_publish(self) -> bool:
        """Save the open post (publishing commits the file, not the editor); False if that
        failed: the save's own notice says why."""
        session = self.window.session
        if session.doc is not None and session.is_modified() and not session.save():
            return False
        doc = session.doc
        self._publishing = {doc.path: doc.to_bytes()} if doc is not None else {}
        return True

    def _show_menu(self, status: RepoStatus | None) -> None:
        if self.menu is not None:
            self.menu.menuAction().setVisible(status is not None)

    # -- what the controller reports --------------------------------------------------------------
    def restore_version(self, path: Path, text: str) -> bool:
        """Open ``text`` (a past version of ``path``) as unsaved edits; nothing is written. The
        open post's own unsaved edits are asked about first (Save / Discard / Cancel)."""
        window, session = self.window, self.window.session
        doc = session.doc
        if (doc is None or not same_file(doc.path, path)) and not window.open_path(path):
            return False
        base = session.base
        if not session.restore(recovered_post(path, text, base)):
            return False
        window.show_message(translate(
            "GitWiring", "An earlier version of “{0}” is open, not saved: save to keep it, or "
            "reload the file to go back.").format(path.name))
        return True

    def after_sync(self) -> None:
        """Posts may have changed on disk: the index, the list, and the open post."""
        window = self.window
        library = window.library
        if library is not None:
            library.refresh([library.posts_dir])
            window.library_changed()
        window.check_disk()  # reload, or the conflict notice when there are unsaved edits

    def post_moved(self, old: Path, new: Path) -> None:
        """Publishing moved a Jekyll draft into _posts/: show the post at its new place."""
        window, session = self.window, self.window.session
        library = window.library
        if library is not None:
            library.refresh([old, new])
        window.library_changed(None, [old, new])
        doc = session.doc
        if doc is None or not same_file(doc.path, old):
            return
        before = self._publishing.get(old)
        if before is not None and doc.to_bytes() == before:
            # nothing typed since the publish began (it saved first): nothing to lose
            session.close(discarded=False)
        window.open_path(new)  # otherwise the usual Save / Discard / Cancel first

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.git.worker.wait(CLOSE_WAIT_MS)  # no git task outlives the window
        return False
