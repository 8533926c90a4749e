"""The git dialogs: publish (with its dry run), a sync conflict (both versions side by side),
and a post's history (past versions read-only, one restorable as unsaved edits).

They only show and ask; the work runs in a ``GitWorker`` and the decisions are the core's.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from blogdesk.core.git import GitError
from blogdesk.core.git.history import Revision, post_history, version_text
from blogdesk.core.git.publish import PublishPlan, PublishResult, plan_publish, publish
from blogdesk.core.git.sync import Conflict
from blogdesk.core.postfile import PostError
from blogdesk.core.render import RenderError
from blogdesk.ui.git.worker import GitWorker
from blogdesk.ui.i18n import plural
from blogdesk.ui.widgets.compare_dialog import DiffView, _mono, choice_button
from blogdesk.ui.widgets.dialogs import HintLabel, name_buttons, props

MINE, THEIRS = "mine", "theirs"


def error_text(error: object) -> str:
    """What to show for a failure from the worker: the GitError's own words, else its type."""
    if isinstance(error, GitError):
        return error.message
    if isinstance(error, (PostError, RenderError, OSError)):
        return str(error)  # these already name the file and say what is wrong
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _say(label: HintLabel, text: str, level: str = "") -> None:
    label.setText(text)
    label.set_level(level or "muted")


def _plan_and_publish(paths: list[Path], message: str, push: bool) -> PublishResult:
    # planned again at the moment of publishing: the post may have changed since the dry run
    return publish(plan_publish(paths, message=message, push=push))


class PublishDialog(QDialog):
    """Publish posts: the dry run first, the message prefilled "Publish: <title>", a push
    switch, then the result or one message saying what to do."""

    published = Signal(object)  # PublishResult

    def __init__(self, paths: list[Path], worker: GitWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishDialog")
        self.setWindowTitle(self.tr("Publish"))
        self.paths = [Path(p) for p in paths]
        self.worker = worker
        self.plan: PublishPlan | None = None
        self.outcome: PublishResult | None = None
        self._message_edited = False
        self._build()
        worker.finished.connect(self._finished)
        worker.failed.connect(self._failed)
        self.replan()

    def _build(self) -> None:
        self.heading = props(QLabel(", ".join(p.name for p in self.paths)),
                             objectName="publishHeading")
        self.dry_run = props(QPlainTextEdit(), objectName="publishDryRun", readOnly=True,
                             accessibleName=self.tr("What will happen"))
        self.dry_run.setFont(_mono())
        self.message = props(QLineEdit(), objectName="publishMessage",
                             accessibleName=self.tr("Commit message"))
        self.message.textEdited.connect(self._edited)
        self.push = props(QCheckBox(self.tr("Push to the upstream branch")),
                          objectName="publishPush", checked=True,
                          accessibleName=self.tr("Push to the upstream branch"))
        self.push.toggled.connect(lambda _on: self.replan())
        self.progress = props(QProgressBar(), objectName="publishProgress", textVisible=False)
        self.progress.setRange(0, 0)  # busy: git gives no percentage we can trust
        self.progress.hide()
        self.notice = HintLabel("publishNotice")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.publish_button = self.buttons.addButton(self.tr("Publish"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.publish_button.setObjectName("publishButton")
        self.publish_button.setEnabled(False)
        self.publish_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        name_buttons(self.buttons)
        form = QFormLayout()
        form.addRow(self.tr("Commit message:"), self.message)
        form.addRow("", self.push)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(
            QLabel(self.tr("What will happen (nothing is changed until you publish):")))
        layout.addWidget(self.dry_run, 1)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)
        self.resize(640, 420)

    def _edited(self, _text: str) -> None:
        self._message_edited = True
        self.publish_button.setEnabled(self.plan is not None and bool(self.message.text().strip()))

    def replan(self) -> None:
        """Ask for the dry run again (at open, and when the push switch changes)."""
        self.plan = None
        self.publish_button.setEnabled(False)
        self.notice.setText("")
        self.dry_run.setPlainText(self.tr("Checking…"))
        self._busy(True)
        self.worker.submit("publish-plan", plan_publish, self.paths, push=self.push.isChecked())

    def start(self) -> None:
        """Publish (the button): runs in the background; the dialog shows the outcome."""
        if self.plan is None:
            return
        self._busy(True)
        self.publish_button.setEnabled(False)
        self.worker.submit("publish", _plan_and_publish, self.paths,
                           self.message.text().strip(), self.push.isChecked())

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.push.setEnabled(not busy)
        self.message.setEnabled(not busy)

    def _finished(self, name: str, result: object) -> None:
        if name == "publish-plan" and isinstance(result, PublishPlan):
            self._busy(False)
            self.plan = result
            self.dry_run.setPlainText("\n".join(result.describe()))
            if not self._message_edited:
                self.message.setText(result.message)
            self.publish_button.setEnabled(bool(self.message.text().strip()))
        elif name == "publish" and isinstance(result, PublishResult):
            self._busy(False)
            self.outcome = result
            self.dry_run.setPlainText("\n".join(result.lines) or self.tr("Nothing to publish."))
            _say(self.notice, self.tr("Published.") if result.pushed else self.tr("Committed."), "")
            self.publish_button.hide()
            self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
            name_buttons(self.buttons)
            self.published.emit(result)

    def _failed(self, name: str, error: object) -> None:
        if name not in ("publish-plan", "publish"):
            return
        self._busy(False)
        if name == "publish-plan":
            self.dry_run.setPlainText(self.tr("This cannot be published as it is."))
        _say(self.notice, error_text(error), "error")
        self.publish_button.setEnabled(name == "publish" and self.plan is not None)


class ConflictDialog(QDialog):
    """Both sides changed the same posts: each shown side by side (mine, theirs). Nothing has
    been changed; the answer is ``choice``: MINE, THEIRS or None (leave it all as it is)."""

    def __init__(self, conflicts: list[Conflict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Sync: both sides changed the same posts"))
        self.conflicts = conflicts
        self.choice: str | None = None
        n = len(conflicts)
        changed = plural(n, self.tr("You and the upstream both changed %n file.", "", n),
                         self.tr("You and the upstream both changed %n files.", "", n))
        summary = props(QLabel(self.tr(
            "{0} Nothing has been changed yet. Choose whose version to keep; the other one stays "
            "in the history. To combine them: cancel, edit the post to hold both, publish it, "
            "then sync again and keep yours."
        ).format(changed)), objectName="conflictSummary", wordWrap=True)
        self.tabs = props(QTabWidget(), objectName="conflictTabs",
                          accessibleName=self.tr("Posts changed on both sides"))
        self.tabs.tabBar().setAccessibleName(self.tr("Post"))
        self.views: list[DiffView] = []
        for conflict in conflicts:
            view = DiffView()
            view.set_texts(self.tr("Mine (this computer)"), conflict.mine or "",
                           self.tr("Theirs (the upstream)"),
                           conflict.theirs or "")
            self.views.append(view)
            self.tabs.addTab(view, conflict.path)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.mine_button = self._button(buttons, self.tr("Keep Mine"), MINE)
        self.theirs_button = self._button(buttons, self.tr("Take Theirs"), THEIRS)
        buttons.rejected.connect(self.reject)
        name_buttons(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(1100, 700)

    def _button(self, box: QDialogButtonBox, label: str, choice: str) -> QPushButton:
        return choice_button(self, box, label, choice, f"conflict-{choice}")


class HistoryDialog(QDialog):
    """The commits that touched a post, newest first; the selected version read-only beside
    the current text. "Restore" hands that text back as unsaved edits (``restoreRequested``):
    the file itself is never written here."""

    restoreRequested = Signal(str)

    def __init__(self, path: Path, current_text: str, worker: GitWorker,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("History of “{0}”").format(path.name))
        self.path = path
        self.current_text = current_text
        self.worker = worker
        self.revisions: list[Revision] = []
        self.list = props(QListWidget(), objectName="historyList",
                          accessibleName=self.tr("Versions of the post, newest first"))
        self.list.currentRowChanged.connect(self._pick)
        self.view = DiffView()
        self.notice = HintLabel("historyNotice")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton(self.tr("Restore This Version"),
                                                QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setObjectName("historyRestore")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._restore)
        self.restore_button.setAccessibleDescription(
            self.tr("Open this version as unsaved edits"))
        buttons.rejected.connect(self.reject)
        name_buttons(buttons)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addWidget(self.view, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self.resize(1200, 700)
        self._shown: str | None = None
        worker.finished.connect(self._finished)
        worker.failed.connect(self._failed)
        worker.submit("history", post_history, path)

    def _finished(self, name: str, result: object) -> None:
        if name == "history" and isinstance(result, list):
            self.revisions = result
            for rev in result:
                item = QListWidgetItem(f"{rev.date[:10]}  {rev.subject}\n{rev.author} · "
                                       f"{rev.commit[:7]}")
                item.setData(Qt.ItemDataRole.UserRole, rev.commit)
                self.list.addItem(item)
            if not result:
                _say(self.notice, self.tr("This post has no commits yet."), "")
            else:
                self.list.setCurrentRow(0)
        elif name == "history-version" and isinstance(result, tuple):
            revision, text = result
            self._shown = text
            self.view.set_texts(f"{revision.commit[:7]} ({revision.date[:10]})", text,
                                self.tr("Now"), self.current_text)
            self.restore_button.setEnabled(True)

    def _failed(self, name: str, error: object) -> None:
        if name in ("history", "history-version"):
            _say(self.notice, error_text(error), "error")

    def _pick(self, row: int) -> None:
        if 0 <= row < len(self.revisions):
            revision = self.revisions[row]
            self.restore_button.setEnabled(False)
            self.worker.submit("history-version",
                               lambda: (revision, version_text(self.path, revision)))

    def _restore(self) -> None:
        if self._shown is not None:
            self.restoreRequested.emit(self._shown)
            self.accept()
