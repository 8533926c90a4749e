"""The git feature in a window: marks in the library rows, a filter by git state, the branch
and ahead/behind in the status bar, and the Publish, Sync and History actions.

``install_git`` takes the parts it needs (the library panel, the status bar, a way to ask for
the open post) and returns a ``GitController``; the window only calls ``set_library`` when a
library opens and ``refresh`` after a save. Outside a git work tree, or without git, the
feature stays out of sight: no mark, no filter, no label, actions hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QProgressBar,
    QStatusBar,
    QStyle,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from blogdesk.core.git import GitError, PostState, RepoStatus, read_status
from blogdesk.core.git.history import committed_text
from blogdesk.core.git.publish import PublishResult
from blogdesk.core.git.sync import SyncResult, sync
from blogdesk.core.library import Library, PostEntry
from blogdesk.ui.git.dialogs import MINE, THEIRS, ConflictDialog, HistoryDialog, PublishDialog
from blogdesk.ui.git.dialogs import error_text as _error_text
from blogdesk.ui.git.worker import GitWorker
from blogdesk.ui.i18n import QT_TRANSLATE_NOOP, translate
from blogdesk.ui.models import EntryRole
from blogdesk.ui.widgets.compare_dialog import CompareDialog
from blogdesk.ui.widgets.dialogs import props, tab_order
from blogdesk.ui.widgets.library_panel import LibraryPanel, PostDelegate

__all__ = ["GitController", "GitStateDelegate", "install_git"]

REFRESH_DELAY_MS = 400
BUSY_DELAY_MS = 300
MARKS: dict[PostState, tuple[str, str]] = {  # state: (short label, colour)
    PostState.NEW: (QT_TRANSLATE_NOOP("GitController", "new"), "#2f855a"),
    PostState.MODIFIED: (QT_TRANSLATE_NOOP("GitController", "modified"), "#b7791f"),
    PostState.UNPUSHED: (QT_TRANSLATE_NOOP("GitController", "not pushed"), "#3182ce"),
    PostState.CONFLICT: (QT_TRANSLATE_NOOP("GitController", "conflict"), "#c53030"),
    PostState.IGNORED: (QT_TRANSLATE_NOOP("GitController", "ignored"), "#718096"),
}
FILTER_CHOICES: tuple[tuple[str, PostState | None], ...] = (
    (QT_TRANSLATE_NOOP("GitController", "Any git state"), None),
    (QT_TRANSLATE_NOOP("GitController", "New"), PostState.NEW),
    (QT_TRANSLATE_NOOP("GitController", "Modified"), PostState.MODIFIED),
    (QT_TRANSLATE_NOOP("GitController", "Committed, not pushed"), PostState.UNPUSHED),
    (QT_TRANSLATE_NOOP("GitController", "Published"), PostState.PUBLISHED),
    (QT_TRANSLATE_NOOP("GitController", "Conflict"), PostState.CONFLICT),
)


class GitStateDelegate(PostDelegate):
    """The library's row, plus a small mark of the post's git state at its top right
    (published posts, the normal case, have none)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.states: dict[Path, PostState] = {}

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        entry: PostEntry | None = index.data(EntryRole)
        state = self.states.get(entry.path) if entry is not None else None
        if state is None or state not in MARKS:
            return
        label, colour = MARKS[state]
        label = translate("GitController", label)
        painter.save()
        font = QFont(option.font)  # type: ignore[attr-defined]
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        width = metrics.horizontalAdvance(label) + 10
        rect: QRect = option.rect  # type: ignore[attr-defined]
        box = QRect(rect.right() - width - self.PAD, rect.top() + self.PAD - 2, width,
                    metrics.height() + 2)
        color = QColor(colour)
        fill = QColor(color)
        fill.setAlpha(40)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # an opaque ground first: a long title runs under the mark, not through it
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        ground = palette.highlight() if selected else palette.base()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ground)
        painter.drawRoundedRect(box.adjusted(-4, 0, 0, 0), 4, 4)
        # on the selection's colour a tint does not read: the selected row's mark is solid
        painter.setBrush(color if selected else fill)
        painter.setPen(color)
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(QColor("white") if selected else color)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()


class GitController(QObject):
    """Keeps the git state of the open library and answers the git actions."""

    statusChanged = Signal(object)  # RepoStatus, or None outside a repository
    restoreRequested = Signal(Path, str)  # a past version, to open as unsaved edits
    postMoved = Signal(Path, Path)  # a Jekyll draft published into _posts/: (old, new)
    message = Signal(str)  # one line for the status bar: what happened or what to do
    synced = Signal(object)  # SyncResult: files on disk may have changed

    def __init__(self, panel: LibraryPanel, status_bar: QStatusBar,
                 current_post: Callable[[], Path | None], parent: QWidget | None = None,
                 *, current_text: Callable[[], str | None] | None = None,
                 actions: Mapping[str, QAction] | None = None,
                 prepare: Callable[[], bool] | None = None) -> None:
        """``actions``: the window's own "publish", "sync", "history" and "changes" actions
        (made here when missing); ``prepare`` runs before Publish (the window saves the post)
        and stops it by returning False."""
        super().__init__(parent)
        self._given = dict(actions or {})
        self.prepare = prepare or (lambda: True)
        self.panel = panel
        self.status_bar = status_bar
        self.current_post = current_post
        self.current_text = current_text or (lambda: None)
        self.parent_widget = parent
        self.worker = GitWorker(self)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.folder: Path | None = None
        self.status: RepoStatus | None = None
        self.state_filter: PostState | None = None
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._build()
        self._show(None)

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.delegate = GitStateDelegate(self.panel.view)
        self.panel.view.setItemDelegate(self.delegate)
        self.filter_combo = props(QComboBox(), objectName="gitStateFilter",
                                  toolTip=self.tr("Show posts in one git state"))
        self.filter_combo.setAccessibleName(self.tr("Show posts in git state"))
        for label, state in FILTER_CHOICES:
            self.filter_combo.addItem(self.tr(label), state)
        self.filter_combo.currentIndexChanged.connect(
            lambda i: self.set_state_filter(self.filter_combo.itemData(i)))
        layout = self.panel.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(2, self.filter_combo)  # under the status and sort filters
        tab_order(self.panel.sort_combo, self.filter_combo, self.panel.view)
        self.branch_label = props(QLabel(), objectName="gitBranch")
        self.status_bar.addPermanentWidget(self.branch_label)
        self.message.connect(lambda text: self.status_bar.showMessage(text, 10_000))
        self.publish_action = self._action("publish", self.tr("Publish…"), "gitPublish",
                                           self.tr("Commit the post and its images, and push"))
        self.publish_action.triggered.connect(self._publish_triggered)
        self.sync_action = self._action("sync", self.tr("Sync"), "gitSync",
                                        self.tr("Fetch, rebase or merge, and push"))
        self.sync_action.triggered.connect(lambda: self.sync())
        self.history_action = self._action("history", self.tr("Post History…"), "gitHistory")
        self.history_action.triggered.connect(lambda: self.show_history())
        self.changes_action = self._action("changes", self.tr("Changes Since Last Commit…"),
                                           "gitChanges")
        self.changes_action.triggered.connect(lambda: self.show_changes())
        self.busy_bar = props(QProgressBar(), objectName="gitBusy", textVisible=False,
                              maximumWidth=80, maximumHeight=12)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.hide()
        self.status_bar.addPermanentWidget(self.busy_bar)
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(self.busy_bar.show)
        self.worker.busyChanged.connect(self._busy)
        self.panel.watcher.changed.connect(lambda _paths: self._timer.start())

    def _action(self, key: str, text: str, name: str, tip: str = "") -> QAction:
        given = self._given.get(key)
        return given if given is not None else props(QAction(text, self), objectName=name,
                                                     toolTip=tip)

    def _publish_triggered(self) -> None:
        if self.prepare():
            self.publish()

    @property
    def actions(self) -> list[QAction]:
        return [self.publish_action, self.sync_action, self.history_action, self.changes_action]

    def _busy(self, busy: bool) -> None:
        """Show progress only for calls that take a while (a push, a fetch): quick ones flash."""
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy_bar.hide()

    # -- state ------------------------------------------------------------------------------------
    def set_folder(self, folder: Path | None) -> None:
        """The library opened (or closed): read its git state in the background."""
        self.folder = Path(folder) if folder is not None else None
        self.status = None
        self._show(None)
        if self.folder is not None:
            self.refresh()

    def set_library(self, library: Library | None) -> None:
        """A library opened (or None): its posts folder is the one whose state is shown."""
        self.set_folder(library.posts_dir if library is not None else None)

    def refresh(self) -> None:
        """Read the state again (after a save, a publish, a sync, a change on disk)."""
        if self.folder is None:
            return
        posts = None
        library = self.panel.library
        if library is not None and Path(library.posts_dir) == self.folder:
            # the library's own list: no second walk of the folder (a third of the time)
            posts = [e.path.relative_to(self.folder).as_posix()
                     for e in self.panel.model.entries() if e.path.is_relative_to(self.folder)]
        self.worker.submit("status", read_status, self.folder, posts=posts)

    def refresh_soon(self) -> None:
        """Read the state again in a moment (saves come in bursts: one read after them)."""
        if self.folder is not None:
            self._timer.start()

    def _show(self, status: RepoStatus | None) -> None:
        self.status = status
        inside = status is not None
        # keyed as the library names its posts: the folder as given, not resolved
        base = self.folder or (status.folder if status else Path())
        self.delegate.states = (
            {base / rel: state for rel, state in status.posts.items()} if status else {}
        )
        self.branch_label.setVisible(inside)
        self.filter_combo.setVisible(inside)
        for action in self.actions:
            action.setVisible(inside)
        if status is None:
            if self.state_filter is not None:
                self.filter_combo.setCurrentIndex(0)
            self.branch_label.clear()
        else:
            self.branch_label.setText(f"⎇ {status.branch.summary}")
            counts = ", ".join(f"{n} {state}" for state, n in status.counts().items() if n)
            self.branch_label.setToolTip(f"{status.root}\n{counts}")
        self._refilter()
        self.panel.view.viewport().update()
        self.statusChanged.emit(status)

    def state_of(self, path: Path) -> PostState | None:
        return self.delegate.states.get(Path(path))

    def set_state_filter(self, state: PostState | None) -> None:
        self.state_filter = state
        index = self.filter_combo.findData(state)
        if index != self.filter_combo.currentIndex():
            self.filter_combo.setCurrentIndex(max(0, index))
        self._refilter()

    def _accepts(self, entry: PostEntry) -> bool:
        return self.delegate.states.get(entry.path) == self.state_filter

    def _refilter(self) -> None:
        """The list shows the chosen state's posts (their states may have changed too)."""
        test = None if self.state_filter is None else self._accepts
        self.panel.proxy.set_extra_filter("git", test)

    # -- actions ----------------------------------------------------------------------------------
    def publish(self, paths: list[Path] | None = None) -> PublishDialog | None:
        """Open the publish dialog for these posts (default: the open post)."""
        if paths is None:
            current = self.current_post()
            paths = [current] if current is not None else []
        if not paths:
            self.message.emit(self.tr("Open a post to publish it."))
            return None
        dialog = PublishDialog(paths, self.worker, self.parent_widget)
        dialog.published.connect(self._published)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _published(self, result: PublishResult) -> None:
        for old, new in result.moves:
            self.postMoved.emit(old, new)
        self._after_change()

    def sync(self, *, take: str | None = None) -> None:
        """Fetch, rebase or merge, push, in the background; a conflict opens the dialog."""
        if self.folder is None:
            return
        self.sync_action.setEnabled(False)
        self.message.emit(self.tr("Syncing…"))
        self.worker.submit("sync", sync, self.folder, take=take)

    def show_history(self, path: Path | None = None) -> HistoryDialog | None:
        path = path or self.current_post()
        if path is None:
            return None
        text = self.current_text()
        if text is None:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        dialog = HistoryDialog(Path(path), text, self.worker, self.parent_widget)
        dialog.restoreRequested.connect(lambda old: self.restoreRequested.emit(Path(path), old))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_changes(self, path: Path | None = None) -> None:
        """The post against its last commit, in the compare view (read-only)."""
        path = path or self.current_post()
        if path is not None:
            self.worker.submit("changes", lambda: (Path(path), committed_text(Path(path))))

    def _open_changes(self, path: Path, committed: str | None) -> CompareDialog:
        now = self.current_text()
        if now is None:
            now = path.read_text(encoding="utf-8", errors="replace")
        dialog = CompareDialog(path.name, committed or "", now, self.parent_widget, ask=False,
                               disk_title=self.tr("Last commit") if committed is not None
                               else self.tr("Last commit (none yet)"), mine_title=self.tr("Now"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.changes_dialog = dialog
        return dialog

    def _finished(self, name: str, result: object) -> None:
        if name == "status" and isinstance(result, RepoStatus):
            self._show(result)
        elif name == "changes" and isinstance(result, tuple):
            self._open_changes(*result)
        elif name == "sync" and isinstance(result, SyncResult):
            self.sync_action.setEnabled(True)
            if result.conflicts:
                self.message.emit(self.tr("Sync stopped: both sides changed the same posts. "
                                          "Nothing was changed."))
                self._ask_conflict(result)
            else:
                self.message.emit("; ".join(result.lines))
                self.synced.emit(result)
                self._after_change()

    def _failed(self, name: str, error: object) -> None:
        if name == "status":
            quiet = isinstance(error, GitError) and error.kind in ("not-repo", "no-git")
            self._show(None)
            if not quiet:
                self.message.emit(self.tr("git: {0}").format(_error_text(error)))
        elif name == "changes":
            self.message.emit(_error_text(error))
        elif name == "sync":
            self.sync_action.setEnabled(True)
            self.message.emit(self.tr("Sync: {0}").format(_error_text(error)))
            self.refresh()

    def _ask_conflict(self, result: SyncResult) -> ConflictDialog:
        dialog = ConflictDialog(list(result.conflicts), self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: self._conflict_answered(dialog.choice))
        dialog.open()
        self.conflict_dialog = dialog
        return dialog

    def _conflict_answered(self, choice: str | None) -> None:
        if choice in (MINE, THEIRS):
            self.sync(take=choice)
        else:
            self.message.emit(self.tr("Sync cancelled; nothing was changed."))

    def _after_change(self) -> None:
        self.panel.reload()
        self.refresh()


def install_git(
    window: QWidget,
    library_panel: LibraryPanel,
    status_bar: QStatusBar,
    current_post: Callable[[], Path | None],
    current_text: Callable[[], str | None] | None = None,
    *,
    actions: Mapping[str, QAction] | None = None,
    prepare: Callable[[], bool] | None = None,
) -> GitController:
    """Add the git feature to a window: marks and a state filter in ``library_panel``, the
    branch in ``status_bar``, and the controller's ``actions`` (Publish, Sync, Post History) for
    the window to place in its menus. Call ``set_library`` when a library opens."""
    return GitController(library_panel, status_bar, current_post, window,
                         current_text=current_text, actions=actions, prepare=prepare)
