"""Crash recovery: unsaved text goes to the journal within two seconds, and comes back on start.

`JournalKeeper` writes the open post's unsaved text (front matter and body, the base
fingerprint and the cursor) to the `Journal` at most two seconds after a change, even during
non-stop typing, and removes it only after a save or an explicit discard. A large deletion
never replaces the last good entry silently: the journal refuses it and the keeper says so; the
shorter text is recorded only after a save or when the author confirms. A journal that cannot be
written (a full disk) does not stop editing; the author is warned once.

`RecoveryDialog` shows, on start, each post the journal holds, what differs from the file on
disk now, and whether that file changed since the text was typed, with Restore and Discard for
each. Restoring opens the text as unsaved edits; nothing is written to the post by it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
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

from blogdesk.core.diskcheck import cleanup_stale_temps, recovered_post
from blogdesk.core.journal import Journal, JournalEntry
from blogdesk.core.postfile import Fingerprint, PostError, PostFile
from blogdesk.ui.widgets import notice_bar as notices
from blogdesk.ui.widgets.compare_dialog import DiffView
from blogdesk.ui.widgets.notice_bar import Notice

__all__ = [
    "IDLE_MS",
    "MAX_WAIT_MS",
    "JournalKeeper",
    "KeeperView",
    "RecoveryDialog",
    "RecoveryItem",
    "Snapshot",
    "prune_recovered",
    "recovery_items",
    "restore_entry",
]

IDLE_MS = 1000  # record after a second without typing...
MAX_WAIT_MS = 2000  # ...and never later than two seconds after the first unrecorded change


@dataclass(frozen=True)
class Snapshot:
    """The open post as the keeper should record it."""

    path: Path
    content: str  # the whole file as it would be saved (front matter and body)
    base: Fingerprint | None  # what the text was typed against
    cursor: int = 0
    unsaved: bool = True  # False: the text equals the file, nothing to keep

    @classmethod
    def of(cls, doc: PostFile, cursor: int = 0) -> Snapshot:
        """The snapshot of a PostFile (with the editor's text already in it)."""
        return cls(doc.path, doc.to_bytes().decode("utf-8", "replace"), doc.fingerprint, cursor,
                   doc.modified)


class KeeperView(Protocol):
    """Where the keeper's notices go (the NoticeBar, or a fake)."""

    def show_notice(self, notice: Notice) -> None: ...
    def clear_notice(self, key: str) -> None: ...


def _key(path: Path) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except OSError:
        return Path(path).absolute()


class JournalKeeper(QObject):
    """Keeps the journal up to date with the open post; see the module docstring."""

    recorded = Signal(Path, str)  # this text is now safe in the journal
    heldBack = Signal(Path)  # a large deletion: the journal kept the longer text
    discarded = Signal(Path)  # the entry is gone (saved, or discarded by the author)
    failed = Signal(str)  # the journal could not be written (once per failure streak)

    def __init__(self, journal: Journal, snapshot: Callable[[], Snapshot | None],
                 view: KeeperView | None = None, parent: QObject | None = None, *,
                 idle_ms: int = IDLE_MS, max_wait_ms: int = MAX_WAIT_MS,
                 foreign: Iterable[Path] | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.snapshot = snapshot
        self.view = view
        self.idle_ms, self.max_wait_ms = idle_ms, max_wait_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._first_change: float | None = None  # monotonic time of the first unrecorded change
        self._held: set[Path] = set()  # posts whose large deletion was refused
        self._failing = False
        # Entries from an earlier session wait for the author's decision (the recovery
        # dialog); the keeper never writes over them.
        earlier = [e.path for e in journal.entries()] if foreign is None else list(foreign)
        self._foreign: set[Path] = {_key(p) for p in earlier}
        self._foreign_noticed: set[Path] = set()
        cleanup_stale_temps(journal.folder)  # an entry write killed before its rename
        self.on_show_recovery: Callable[[], object] | None = None  # the "Recover…" button

    # -- events from the app ------------------------------------------------------------------
    def edited(self, *_args: object) -> None:
        """The text or a field changed: record soon (within `max_wait_ms` of the first change)."""
        now = time.monotonic()
        if self._first_change is None:
            self._first_change = now
        waited_ms = (now - self._first_change) * 1000
        self._timer.start(int(max(0, min(self.idle_ms, self.max_wait_ms - waited_ms))))

    @property
    def pending(self) -> bool:
        """A change waits to be recorded."""
        return self._first_change is not None

    def flush(self, *, force: bool = False) -> bool:
        """Record the current text now; True when the journal holds it (or nothing is unsaved)."""
        self._timer.stop()
        self._first_change = None
        snap = self.snapshot()
        if snap is None:
            return True
        key = _key(snap.path)
        if key in self._foreign:
            self._notice_foreign(snap.path)
            return False
        if not snap.unsaved:
            self._discard(snap.path)
            return True
        try:
            written = self.journal.record(snap.path, snap.content, snap.base, snap.cursor,
                                          force=force)
        except (PostError, OSError) as exc:
            self._failed(exc)
            self._first_change = self._first_change or time.monotonic()  # try again later
            return False
        self._recovered_from_failure()
        if not written:
            if key not in self._held:
                self._held.add(key)
                self._show(notices.large_deletion_notice(self.confirm_deletion))
                self.heldBack.emit(snap.path)
            return False
        if key in self._held:
            self._held.discard(key)
            self._clear(notices.KEY_JOURNAL)
        self.recorded.emit(snap.path, snap.content)
        return True

    def confirm_deletion(self) -> bool:
        """The author confirmed the large deletion: record the shorter text after all."""
        return self.flush(force=True)

    def saved(self, doc: PostFile | Path) -> None:
        """The post was saved: its journal entry has done its job."""
        path = doc if isinstance(doc, Path) else doc.path
        self._timer.stop()
        self._first_change = None
        if _key(path) not in self._foreign:
            self._discard(path)

    def closed(self, doc: PostFile | Path, discarded: bool = False) -> None:
        """The post was closed; `discarded`: the author threw its unsaved edits away."""
        path = doc if isinstance(doc, Path) else doc.path
        self._timer.stop()
        self._first_change = None
        if discarded and _key(path) not in self._foreign:
            self._discard(path)

    def opened(self, doc: PostFile | Path) -> None:
        """A post was opened: clear the notices that were about another one."""
        self._timer.stop()
        self._first_change = None
        if self.view is not None and not self._failing:
            self.view.clear_notice(notices.KEY_JOURNAL)

    def moved(self, old: Path, new: Path) -> None:
        """The open post was renamed: its entry follows it."""
        if _key(old) not in self._foreign:
            self.journal.discard(old)
        self.flush()

    # -- entries from an earlier session --------------------------------------------------------
    def adopt(self, path: Path) -> None:
        """An earlier session's entry was restored into the editor: keep recording over it."""
        self._foreign.discard(_key(path))
        self._clear(notices.KEY_JOURNAL)

    def forget(self, path: Path) -> None:
        """An earlier session's entry was discarded by the author."""
        self._foreign.discard(_key(path))
        self.journal.discard(path)
        self._clear(notices.KEY_JOURNAL)
        self.discarded.emit(path)

    def foreign(self) -> list[Path]:
        return sorted(self._foreign)

    def _notice_foreign(self, path: Path) -> None:
        key = _key(path)
        if key in self._foreign_noticed:
            return
        self._foreign_noticed.add(key)
        actions: tuple[notices.NoticeAction, ...] = ()
        if self.on_show_recovery is not None:
            actions = (notices.NoticeAction("Recover…", self.on_show_recovery),)
        self._show(Notice(
            notices.KEY_JOURNAL,
            f"Unsaved text of “{path.name}” from an earlier session is in the recovery journal. "
            "Restore or discard it first; until then your new edits here have no recovery copy.",
            notices.WARNING,
            actions,
        ))

    # -- helpers -------------------------------------------------------------------------------
    def _discard(self, path: Path) -> None:
        key = _key(path)
        self._held.discard(key)
        try:
            had = self.journal.get(path) is not None
            self.journal.discard(path)
        except OSError as exc:
            self._failed(exc)
            return
        if had:
            self.discarded.emit(path)
        self._clear(notices.KEY_JOURNAL)

    def _failed(self, exc: BaseException) -> None:
        if self._failing:
            return
        self._failing = True
        cause = exc.message if isinstance(exc, PostError) else (
            getattr(exc, "strerror", None) or str(exc))
        for prefix in ("cannot save: ", "could not save: "):
            if cause.lower().startswith(prefix):
                cause = cause[len(prefix):]
        self._show(notices.journal_failed_notice(cause))
        self.failed.emit(cause)

    def _recovered_from_failure(self) -> None:
        if self._failing:
            self._failing = False
            self._clear(notices.KEY_JOURNAL)

    def _show(self, notice: Notice) -> None:
        if self.view is not None:
            self.view.show_notice(notice)

    def _clear(self, key: str) -> None:
        if self.view is not None and not self._failing:
            self.view.clear_notice(key)


# --------------------------------------------------------------------------------------------
# On start: what the journal holds


UNCHANGED, CHANGED, MISSING, SAME = "unchanged", "changed", "missing", "same"


@dataclass(frozen=True)
class RecoveryItem:
    """A journal entry, and how the file on disk stands against it now."""

    entry: JournalEntry
    disk_text: str | None  # None: no file there now
    state: str  # UNCHANGED (the file is what the text was typed on), CHANGED, MISSING, SAME

    @property
    def path(self) -> Path:
        return self.entry.path

    @property
    def message(self) -> str:
        if self.state == MISSING:
            return ("The file is no longer there (deleted or moved). Restoring opens the text "
                    "unsaved; saving recreates the file.")
        if self.state == CHANGED:
            return ("The file changed on disk after these edits were made. Compare the two "
                    "below; if you restore, saving asks before it replaces the newer file.")
        if self.state == SAME:
            return "The file already holds this text."
        return ("The file is as it was when these edits were made; below is what they change. "
                "Restoring opens them unsaved; nothing is written until you save.")


def _disk_state(entry: JournalEntry) -> tuple[str | None, str]:
    try:
        data = entry.path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None, MISSING
    except OSError as exc:
        return f"(the file cannot be read: {exc.strerror or exc})", CHANGED
    text = data.decode("utf-8", "replace")
    if data == entry.content.encode("utf-8", "replace"):
        return text, SAME
    now = Fingerprint.of_file(entry.path)
    if entry.base is not None and now is not None and now.sha256 == entry.base.sha256:
        return text, UNCHANGED
    return text, CHANGED


def recovery_items(journal: Journal) -> list[RecoveryItem]:
    """Every readable entry, newest first, with the state of its file now."""
    items = []
    for entry in journal.entries():
        text, state = _disk_state(entry)
        items.append(RecoveryItem(entry, text, state))
    return items


def prune_recovered(journal: Journal) -> list[Path]:
    """Discard entries whose text the file already holds (a crash between a save and the
    discard); returns their paths. Nothing else is touched."""
    pruned = []
    for item in recovery_items(journal):
        if item.state == SAME:
            journal.discard(item.path)
            pruned.append(item.path)
    return pruned


def restore_entry(entry: JournalEntry) -> PostFile:
    """The entry's text as an open post with unsaved edits, based on what the text was typed
    against (a file that changed since is a conflict at save time). Writes nothing."""
    return recovered_post(entry.path, entry.content, entry.base)


class RecoveryDialog(QDialog):
    """Lists the unsaved posts of an earlier session, with Restore and Discard for each."""

    restoreRequested = Signal(object)  # a JournalEntry to open as unsaved edits
    discarded = Signal(Path)

    def __init__(self, journal: Journal, parent: QWidget | None = None, *,
                 items: list[RecoveryItem] | None = None,
                 confirm: Callable[[str], bool] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle("Recover Unsaved Posts")
        self.journal = journal
        self._confirm = confirm or self._ask
        self.items = items if items is not None else recovery_items(journal)
        intro = QLabel(
            "blogdesk was closed while these posts had unsaved text. Restore opens a post with "
            "that text as unsaved edits; Discard throws the text away."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("recoveryList")
        self.state_label = QLabel()
        self.state_label.setObjectName("recoveryState")
        self.state_label.setWordWrap(True)
        self.diff = DiffView()
        self.restore_button = QPushButton("Restore")
        self.restore_button.setObjectName("recoveryRestore")
        self.discard_button = QPushButton("Discard…")
        self.discard_button.setObjectName("recoveryDiscard")
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
        later = close.addButton("Decide Later", QDialogButtonBox.ButtonRole.RejectRole)
        later.setObjectName("recoveryLater")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(close)

    def _fill(self) -> None:
        self.list.clear()
        for item in self.items:
            when = datetime.fromtimestamp(item.entry.saved_at).strftime("%Y-%m-%d %H:%M")
            flag = {CHANGED: " · changed on disk", MISSING: " · file missing"}.get(item.state, "")
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
            self.diff.set_texts("On disk", "", "Unsaved", "")
            return
        item = self.items[row]
        self.state_label.setText(item.message)
        disk = item.disk_text if item.disk_text is not None else ""
        self.diff.set_texts("On disk now" if item.disk_text is not None else "On disk: nothing",
                            disk, "Unsaved text", item.entry.content)

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
        if not self._confirm(f"Throw away the unsaved text of “{item.path.name}”? It cannot be "
                             "recovered afterwards."):
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

        answer = QMessageBox.question(self, "Discard Unsaved Text", text)
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
