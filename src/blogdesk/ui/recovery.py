"""Crash recovery on start: the posts an earlier session left unsaved, with Restore and Discard.

`RecoveryDialog` shows each post the journal holds, what differs from the file on disk now, and
whether that file changed since the text was typed (core/document/recovery.py decides that).
Restoring opens the text as unsaved edits; nothing is written to the post by it. While the
app runs, the session's `JournalKeeper` (core/document/keeper.py) keeps the journal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from blogdesk.core.document.recovery import (
    CHANGED,
    MISSING,
    RecoveryItem,
    prune_recovered,
    recovery_items,
)
from blogdesk.core.journal import Journal, JournalEntry
from blogdesk.ui.widgets.compare_dialog import DiffView
from blogdesk.ui.widgets.dialogs import name_buttons

if TYPE_CHECKING:
    from blogdesk.ui.main_window import MainWindow

__all__ = ["RecoveryDialog", "offer_recovery", "open_recovery"]


class RecoveryDialog(QDialog):
    """Lists the unsaved posts of an earlier session, with Restore and Discard for each."""

    restoreRequested = Signal(object)  # a JournalEntry to open as unsaved edits
    discarded = Signal(Path)

    def __init__(self, journal: Journal, parent: QWidget | None = None, *,
                 items: list[RecoveryItem] | None = None,
                 confirm: Callable[[str], bool] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(self.tr("Recover Unsaved Posts"))
        self.journal = journal
        self._confirm = confirm or self._ask
        self.items = items if items is not None else recovery_items(journal)
        intro = QLabel(
            self.tr("blogdesk was closed while these posts had unsaved text. Restore opens a post "
                    "with that text as unsaved edits; Discard throws the text away.")
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("recoveryList")
        self.list.setAccessibleName(self.tr("Unsaved posts"))
        self.list.setAccessibleDescription(self.tr("The posts with text from an earlier session"))
        self.state_label = QLabel()
        self.state_label.setObjectName("recoveryState")
        self.state_label.setWordWrap(True)
        self.diff = DiffView()
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setObjectName("recoveryRestore")
        self.discard_button = QPushButton(self.tr("Discard…"))
        self.discard_button.setObjectName("recoveryDiscard")
        self.restore_button.setAccessibleName(self.tr("Restore"))
        self.restore_button.setAccessibleDescription(
            self.tr("Open the post with this text, unsaved"))
        self.discard_button.setAccessibleName(self.tr("Discard"))
        self.discard_button.setAccessibleDescription(self.tr("Throw this unsaved text away"))
        self.restore_button.clicked.connect(self.restore_current)
        self.discard_button.clicked.connect(self.discard_current)
        self._layout(intro)
        self.list.currentRowChanged.connect(self._show_item)
        self._fill()
        self.resize(1100, 700)

    def _layout(self, intro: QLabel) -> None:
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.state_label)
        column.addWidget(self.diff, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.discard_button)
        row.addWidget(self.restore_button)
        column.addLayout(row)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        close = QDialogButtonBox()
        later = close.addButton(self.tr("Decide Later"), QDialogButtonBox.ButtonRole.RejectRole)
        later.setObjectName("recoveryLater")
        name_buttons(close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(close)

    def _fill(self) -> None:
        self.list.clear()
        for item in self.items:
            when = datetime.fromtimestamp(item.entry.saved_at).strftime("%Y-%m-%d %H:%M")
            flag = {CHANGED: self.tr(" · changed on disk"),
                    MISSING: self.tr(" · file missing")}.get(item.state, "")
            row = QListWidgetItem(f"{item.path.name}\n{when}{flag}")
            row.setToolTip(str(item.path))
            row.setData(Qt.ItemDataRole.UserRole, str(item.path))
            self.list.addItem(row)
        if self.items:
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _show_item(self, row: int) -> None:
        self._update_buttons()
        if not 0 <= row < len(self.items):
            self.state_label.setText("")
            self.diff.set_texts(self.tr("On disk"), "", self.tr("Unsaved"), "")
            return
        item = self.items[row]
        self.state_label.setText(item.message)
        disk = item.disk_text if item.disk_text is not None else ""
        self.diff.set_texts(
            self.tr("On disk now") if item.disk_text is not None else self.tr("On disk: nothing"),
            disk, self.tr("Unsaved text"), item.entry.content)

    def _update_buttons(self) -> None:
        has = 0 <= self.list.currentRow() < len(self.items)
        self.restore_button.setEnabled(has)
        self.discard_button.setEnabled(has)

    def current(self) -> RecoveryItem | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def restore_current(self) -> None:
        """Hand the entry to the app to open (the journal keeps it until the post is saved)."""
        item = self.current()
        if item is None:
            return
        self._remove_current()
        self.restoreRequested.emit(item.entry)
        if not self.items:
            self.accept()

    def discard_current(self) -> None:
        item = self.current()
        if item is None:
            return
        if not self._confirm(self.tr("Throw away the unsaved text of “{0}”? It cannot be "
                                     "recovered afterwards.").format(item.path.name)):
            return
        self.journal.discard(item.path)
        self._remove_current()
        self.discarded.emit(item.path)
        if not self.items:
            self.accept()

    def _remove_current(self) -> None:
        row = self.list.currentRow()
        del self.items[row]
        self.list.takeItem(row)
        self._show_item(self.list.currentRow())

    def _ask(self, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self, self.tr("Discard Unsaved Text"), text)
        return answer == QMessageBox.StandardButton.Yes

    def paths(self) -> list[Path]:
        return [item.path for item in self.items]


def open_recovery(journal: Journal, parent: QWidget | None,
                  restore: Callable[[JournalEntry], Any],
                  discarded: Callable[[Path], Any] | None = None) -> RecoveryDialog | None:
    """On start: prune entries the files already hold, then show the dialog if any are left
    (non-modal, so the window is usable while the author decides). None when nothing is left."""
    prune_recovered(journal)
    items = recovery_items(journal)
    if not items:
        return None
    dialog = RecoveryDialog(journal, parent, items=items)
    dialog.restoreRequested.connect(restore)
    if discarded is not None:
        dialog.discarded.connect(discarded)
    dialog.setModal(False)
    dialog.show()
    dialog.raise_()  # above the main window, which is still coming up when this opens
    dialog.activateWindow()
    return dialog


def offer_recovery(window: MainWindow) -> RecoveryDialog | None:
    """After the first paint: the posts an earlier session left unsaved, with Restore and
    Discard (None when there are none, or the app keeps no journal)."""
    from blogdesk.core.document.recovery import restore_entry

    keeper = window.session.keeper
    if keeper is None:
        return None

    def restore(entry: JournalEntry) -> None:
        if window.session.restore(restore_entry(entry)):  # unsaved edits; nothing written
            cursor = window.editor.textCursor()
            cursor.setPosition(min(entry.cursor, window.editor.document().characterCount() - 1))
            window.editor.setTextCursor(cursor)

    return open_recovery(keeper.journal, window, restore, keeper.forget)
