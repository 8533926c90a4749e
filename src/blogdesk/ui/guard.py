"""The policy that keeps the open post safe from other programs, failed saves and bad input.

`DocumentGuard` listens to a `FileMonitor` and to the app's document events, and decides:

- the file changed on disk and nothing is unsaved: reload in place, cursor and scroll kept;
- the file changed and there are unsaved edits: the author chooses Reload, Keep Mine or
  Compare (a notice with three buttons: no modal dialog pops up in the middle of typing);
- the file was deleted or moved: the text stays, marked unsaved, with a notice;
- before every save the disk is checked again; after Keep Mine the other version is written
  beside the post (``<stem>.conflict-<time>.md``) before the author's replaces it, so neither
  is lost; a conflict the author has not seen yet stops the save and asks;
- a failed save leaves the edits unsaved and offers Save As;
- autosave (a setting, on by default) saves after a pause in typing, but only when nothing is
  in doubt: no conflict pending or kept, the file was not deleted, the post opened normally,
  its front matter reads, and the last save did not fail.

It talks to the app through two narrow protocols (`GuardHost` for the document, `GuardView` for
what the author sees) and to the editor through `EditorState`, so tests use fakes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from blogdesk.core.diskcheck import (
    DiskProbe,
    OpenKind,
    OpenMode,
    check_before_save,
    cleanup_stale_temps,
    converted_post,
    mark_unsaved,
    open_mode,
    write_conflict_copy,
)
from blogdesk.core.postfile import Fingerprint, PostError, PostFile, load_post
from blogdesk.ui.file_monitor import FileMonitor
from blogdesk.ui.widgets import notice_bar as notices
from blogdesk.ui.widgets.notice_bar import Notice

__all__ = [
    "AUTOSAVE_MS",
    "ControllerHost",
    "DocumentGuard",
    "EditorPosition",
    "EditorState",
    "GuardHost",
    "GuardView",
    "PlainTextEditorState",
    "WindowGuardView",
]

AUTOSAVE_MS = 5000
RELOAD, KEEP, COMPARE = "reload", "keep", "compare"


# --------------------------------------------------------------------------------------------
# The protocols


class GuardHost(Protocol):
    """The document side of the app (the controller)."""

    def current_document(self) -> PostFile | None:
        """The open post, with the editor's text already in it."""
        ...

    def replace_document(self, doc: PostFile) -> None:
        """Show another PostFile for the open post (reloaded, converted); its own `modified`
        says whether it is unsaved."""
        ...

    def save_document(self) -> bool: ...
    def save_document_as(self) -> bool: ...
    def document_state_changed(self) -> None:
        """The saved/unsaved state changed without a new document (the title's dot)."""
        ...


class GuardView(Protocol):
    """What the guard shows; the window (or a fake in tests)."""

    def show_notice(self, notice: Notice) -> None: ...
    def clear_notice(self, key: str) -> None: ...
    def show_compare(self, name: str, disk_text: str, mine_text: str) -> str | None:
        """Compare the two versions; RELOAD, KEEP, or None (closed without choosing)."""
        ...

    def confirm(self, text: str, ok_label: str = "OK", details: str = "") -> bool: ...
    def show_message(self, text: str) -> None: ...
    def set_read_only(self, read_only: bool) -> None: ...


class EditorState(Protocol):
    """Takes and gives back the editor's cursor and scroll position across a reload."""

    def capture(self) -> Any: ...
    def restore(self, state: Any) -> None: ...


# --------------------------------------------------------------------------------------------
# The guard


class DocumentGuard(QObject):
    """See the module docstring."""

    reloaded = Signal(Path)  # reloaded in place after another program changed it
    conflictRaised = Signal(Path)  # unsaved edits and a change on disk: the author must choose
    conflictResolved = Signal(str)  # RELOAD or KEEP
    autosaved = Signal(Path)
    previewModeChanged = Signal(bool)  # True: render only on request (a very large post)

    def __init__(self, host: GuardHost, view: GuardView, editor: EditorState | None = None,
                 monitor: FileMonitor | None = None, parent: QObject | None = None, *,
                 autosave: bool = True, autosave_ms: int = AUTOSAVE_MS) -> None:
        super().__init__(parent)
        self.host, self.view, self.editor = host, view, editor
        self.monitor = monitor if monitor is not None else FileMonitor(self)
        self.monitor.changedOnDisk.connect(self._changed_on_disk)
        self.monitor.deletedOnDisk.connect(self._deleted_on_disk)
        self.monitor.restoredOnDisk.connect(self._restored_on_disk)
        self._autosave_timer = QTimer(self, singleShot=True, interval=autosave_ms)
        self._autosave_timer.timeout.connect(self.autosave_now)
        self.autosave_enabled = autosave
        self._doc: PostFile | None = None
        self._probe = DiskProbe()
        self.mode = OpenMode(OpenKind.NORMAL)
        # Optional buttons on the notices: the window's "refresh the preview now" and "show the
        # Raw tab of the post panel".
        self.on_refresh_preview: Callable[[], object] | None = None
        self.on_show_raw: Callable[[], object] | None = None
        self._fm_notice = False
        self._reset()

    def _reset(self) -> None:
        self.conflict: Fingerprint | None = None  # the disk version the author must decide on
        self.kept: Fingerprint | None = None  # the disk version the author chose to keep beside
        self.deleted = False
        self.last_save_failed = False
        self._clean_bytes_at_delete: bytes | None = None
        self._base_at_delete: Fingerprint | None = None

    # -- document events (wire these to the controller's hooks) -------------------------------
    def document_opened(self, doc: PostFile, mode: OpenMode | None = None) -> None:
        """A post was opened or replaced: watch it and say how it opened."""
        self._doc = doc
        self._reset()
        self._autosave_timer.stop()
        for key in (notices.KEY_CONFLICT, notices.KEY_DELETED, notices.KEY_SAVE_FAILED,
                    notices.KEY_KEPT_COPY, notices.KEY_FRONT_MATTER):
            self.view.clear_notice(key)
        self.monitor.watch(doc.path, self._base)
        # a save killed between its temp write and its rename left a temp file here
        cleanup_stale_temps(doc.path.parent)
        self._apply_mode(doc, mode if mode is not None else open_mode(doc.path))
        self.front_matter_changed(doc)

    def document_closed(self, doc: PostFile | None = None, discarded: bool = False) -> None:
        """No post is open any more (or another one is about to be)."""
        if doc is not None and self._doc is not None and doc is not self._doc:
            return
        self._doc = None
        self._autosave_timer.stop()
        self.monitor.stop()
        self._reset()
        for key in (notices.KEY_CONFLICT, notices.KEY_DELETED, notices.KEY_SAVE_FAILED,
                    notices.KEY_KEPT_COPY, notices.KEY_FRONT_MATTER, notices.KEY_MODE,
                    notices.KEY_PREVIEW):
            self.view.clear_notice(key)
        self.view.set_read_only(False)

    def edited(self, doc: PostFile | None = None) -> None:
        """The text or a field changed: autosave after a pause; front matter that started or
        stopped reading gets its notice shown or cleared."""
        if self.autosave_enabled and self._doc is not None:
            self._autosave_timer.start()
        if doc is not None and (doc.error is not None) != self._fm_notice:
            self.front_matter_changed(doc)

    def front_matter_changed(self, doc: PostFile | None = None) -> None:
        """Show or clear the notice about front matter that does not read."""
        doc = doc or self._doc
        self._fm_notice = doc is not None and doc.error is not None
        if doc is not None and doc.error is not None:
            self.view.show_notice(notices.front_matter_notice(doc.error, self.on_show_raw))
        else:
            self.view.clear_notice(notices.KEY_FRONT_MATTER)

    def saved(self, doc: PostFile | None = None) -> None:
        """A save succeeded: whatever was in doubt is settled."""
        self.last_save_failed = False
        self.kept = None
        self.conflict = None
        self.deleted = False
        for key in (notices.KEY_SAVE_FAILED, notices.KEY_DELETED, notices.KEY_CONFLICT):
            self.view.clear_notice(key)
        if self.mode.error_kind in ("read-only-file", "read-only-folder") and self._doc:
            # saved after all (the file or folder was made writable meanwhile)
            self._apply_mode(self._doc, open_mode(self._doc.path))

    def save_failed(self, error: BaseException | str) -> None:
        """A save failed: the edits stay, the cause is shown, Save As is offered."""
        self.last_save_failed = True
        self._autosave_timer.stop()
        self.view.show_notice(notices.save_failed_notice(_cause(error), self._save_as))

    def before_save(self, doc: PostFile) -> bool:
        """The last look before writing `doc`: True to go on, False to stop (the author is asked
        through a notice). Never lets a version another program wrote be overwritten unseen."""
        conflict = check_before_save(doc, self._probe)
        if conflict is None:
            return True
        if self.kept is not None and conflict.disk.sha256 == self.kept.sha256:
            try:
                copy = write_conflict_copy(doc.path, conflict.disk)
            except PostError as exc:
                self.save_failed(exc)
                return False
            if copy is not None:
                self.view.show_notice(notices.conflict_copy_notice(copy))
            return True
        self._raise_conflict(conflict.disk)
        return False

    def recheck(self) -> None:
        """Look at the disk now (the window was activated, the app came back to the front)."""
        self.monitor.recheck()

    def check_on_activation(self, window: QObject) -> None:
        """Look at the disk each time `window` becomes active (another program may have
        changed the post while the author was away; network drives report nothing)."""
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate and self._doc is not None:
            self.recheck()
        return False

    # -- autosave ------------------------------------------------------------------------------
    def set_autosave(self, enabled: bool) -> None:
        self.autosave_enabled = enabled
        if not enabled:
            self._autosave_timer.stop()

    def autosave_blocker(self) -> str | None:
        """Why autosave would not save now, or None when it would."""
        doc = self._doc
        if not self.autosave_enabled:
            return "autosave is off"
        if doc is None:
            return "no post is open"
        if self.conflict is not None:
            return "a change on disk is waiting for a decision"
        if self.kept is not None:
            return "the version on disk is kept until you save"
        if self.deleted:
            return "the file was deleted on disk"
        if not self.mode.can_save_in_place:
            return self.mode.reason or "the post is read-only"
        if doc.error is not None:
            return "the front matter does not read"
        if self.last_save_failed:
            return "the last save failed"
        return None

    def autosave_now(self) -> bool:
        """Save if autosave may (see `autosave_blocker`) and there is something to save."""
        if self.autosave_blocker() is not None:
            return False
        doc = self.host.current_document()
        if doc is None or doc is not self._doc or not doc.modified:
            return False
        if self.host.save_document():
            self.autosaved.emit(doc.path)
            return True
        return False

    # -- the author's answers ------------------------------------------------------------------
    def resolve(self, choice: str) -> None:
        """The answer to a conflict: RELOAD (take the disk version), KEEP (keep mine; the disk
        version is kept beside it on the next save) or COMPARE (look first, then choose)."""
        doc = self._doc
        if doc is None:
            return
        if choice == COMPARE:
            answer = self.view.show_compare(doc.path.name, _disk_text(doc.path), _text_of(doc))
            if answer in (RELOAD, KEEP):
                self.resolve(answer)
            return
        if choice == RELOAD:
            if self.reload():
                self.conflictResolved.emit(RELOAD)
            return
        if choice == KEEP:
            self.kept = self.conflict or self.kept
            self.conflict = None
            self._autosave_timer.stop()
            self.view.clear_notice(notices.KEY_CONFLICT)
            self.view.show_message("Your version is kept. Saving keeps the other version "
                                   "beside it.")
            self.conflictResolved.emit(KEEP)

    def reload(self) -> bool:
        """Load the post from disk again, keeping the cursor and the scroll position."""
        doc = self._doc
        if doc is None:
            return False
        try:
            fresh = load_post(doc.path, strict=False)
        except PostError as exc:
            self.view.show_notice(notices.Notice(
                notices.KEY_CONFLICT,
                f"The version on disk cannot be opened: {exc.message}. Your text stays as it is.",
                notices.WARNING,
            ))
            return False
        state = self.editor.capture() if self.editor is not None else None
        self.host.replace_document(fresh)  # → document_opened(fresh) through the app's hooks
        if self._doc is not fresh:
            self.document_opened(fresh)
        if state is not None and self.editor is not None:
            self.editor.restore(state)
        self.reloaded.emit(fresh.path)
        return True

    def convert_to_utf8(self) -> bool:
        """The author asked to convert a non-UTF-8 post: after a confirmation, read it as
        Windows-1252/Latin-1 and open it as unsaved UTF-8 text. Nothing is written until the
        author saves (atomically, like every save)."""
        doc = self._doc
        if doc is None or not self.mode.can_convert:
            return False
        try:
            converted, encoding = converted_post(doc.path)
        except PostError as exc:
            self.view.show_notice(notices.refused_notice(doc.path, exc.message))
            return False
        if not self.view.confirm(
            f"Convert “{doc.path.name}” to UTF-8?",
            "Convert",
            f"It will be read as {encoding}. Check the text: accented letters and quotes "
            "should look right. The file is written as UTF-8 only when you save.",
        ):
            return False
        self.host.replace_document(converted)
        if self._doc is not converted:
            self.document_opened(converted, OpenMode(OpenKind.NORMAL))
        else:
            self._apply_mode(converted, OpenMode(OpenKind.NORMAL))
        return True

    # -- reacting to the monitor ----------------------------------------------------------------
    def _base(self) -> Fingerprint | None:
        return self._doc.fingerprint if self._doc is not None else None

    def _is_open(self, path: Path) -> bool:
        return self._doc is not None and self._doc.path == path

    def _changed_on_disk(self, path: Path) -> None:
        if not self._is_open(path):
            return
        doc = self.host.current_document()
        if doc is None:
            return
        if doc.modified:
            now = Fingerprint.of_file(path)
            if now is not None:
                self._raise_conflict(now)
            return
        if self.reload():
            self.view.show_message(f"Reloaded “{path.name}”: another program changed it")

    def _raise_conflict(self, disk: Fingerprint) -> None:
        assert self._doc is not None
        self.conflict = disk
        self._autosave_timer.stop()
        self.view.show_notice(notices.conflict_notice(
            self._doc.path.name,
            lambda: self.resolve(RELOAD),
            lambda: self.resolve(KEEP),
            lambda: self.resolve(COMPARE),
        ))
        self.conflictRaised.emit(self._doc.path)

    def _deleted_on_disk(self, path: Path) -> None:
        if not self._is_open(path):
            return
        doc = self.host.current_document()
        if doc is None:
            return
        # Remember how things stood, for a file that comes back (delete-then-write saves).
        self._clean_bytes_at_delete = None if doc.modified else doc.to_bytes()
        self._base_at_delete = doc.fingerprint
        self.deleted = True
        self._autosave_timer.stop()
        mark_unsaved(doc)  # nothing on disk: all of the text is unsaved, a save recreates it
        self.host.document_state_changed()
        self.view.show_notice(notices.deleted_notice(self._save, self._save_as))

    def _restored_on_disk(self, path: Path) -> None:
        if not self._is_open(path) or not self.deleted:
            return
        doc = self.host.current_document()
        self.deleted = False
        self.view.clear_notice(notices.KEY_DELETED)
        if doc is None:
            return
        # Compare with what the document was based on before the file vanished: the same text
        # back is no change; other text is a change (reloaded, or a conflict when unsaved).
        clean = self._clean_bytes_at_delete
        unchanged_since = clean is not None and doc.to_bytes() == clean
        mark_unsaved(doc, clean if unchanged_since and clean is not None else b"",
                     self._base_at_delete)
        self.host.document_state_changed()

    # -- helpers -------------------------------------------------------------------------------
    def _apply_mode(self, doc: PostFile, mode: OpenMode) -> None:
        self.mode = mode
        self.view.set_read_only(not mode.editable)
        notice = notices.open_mode_notice(doc.path, mode, convert=self.convert_to_utf8,
                                          save_as=self._save_as)
        if notice is not None:
            self.view.show_notice(notice)
        else:
            self.view.clear_notice(notices.KEY_MODE)
        if mode.manual_preview:
            self.view.show_notice(notices.manual_preview_notice(mode.size,
                                                                self.on_refresh_preview))
        else:
            self.view.clear_notice(notices.KEY_PREVIEW)
        self.previewModeChanged.emit(mode.manual_preview)

    def _save(self) -> None:
        self.host.save_document()

    def _save_as(self) -> None:
        self.host.save_document_as()


def _cause(error: BaseException | str) -> str:
    if isinstance(error, PostError):
        text = error.message
    elif isinstance(error, OSError):
        text = error.strerror or str(error)
    else:
        text = str(error)
    lowered = text.lower()
    for prefix in ("cannot save: ", "could not save: "):
        if lowered.startswith(prefix):
            text = text[len(prefix):]
    return text


def _text_of(doc: PostFile) -> str:
    return doc.to_bytes().decode("utf-8", "replace")


def _disk_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError as exc:
        return f"(the file cannot be read: {exc.strerror or exc})"


# --------------------------------------------------------------------------------------------
# Adapters for the real app


@dataclass(frozen=True)
class EditorPosition:
    """Cursor (line, column), selection anchor and scroll offsets of a text editor."""

    line: int
    column: int
    anchor_line: int
    anchor_column: int
    vscroll: int
    hscroll: int


class PlainTextEditorState:
    """`EditorState` for a QPlainTextEdit (the MarkdownEditor is one): keeps the cursor on the
    same line and column, clamped to the new text, and the same scroll offsets."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        self.editor = editor

    def capture(self) -> EditorPosition:
        cursor = self.editor.textCursor()
        doc = self.editor.document()
        anchor_block = doc.findBlock(cursor.anchor())
        return EditorPosition(
            cursor.blockNumber(), cursor.positionInBlock(),
            anchor_block.blockNumber(), cursor.anchor() - anchor_block.position(),
            self.editor.verticalScrollBar().value(), self.editor.horizontalScrollBar().value(),
        )

    def _position(self, line: int, column: int) -> int:
        doc = self.editor.document()
        block = doc.findBlockByNumber(min(line, doc.blockCount() - 1))
        return block.position() + min(column, max(0, block.length() - 1))

    def restore(self, state: Any) -> None:
        if not isinstance(state, EditorPosition):
            return
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(self._position(state.anchor_line, state.anchor_column))
        cursor.setPosition(self._position(state.line, state.column),
                           QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.verticalScrollBar().setValue(state.vscroll)
        self.editor.horizontalScrollBar().setValue(state.hscroll)


class ControllerHost:
    """`GuardHost` over the app's Controller (and optionally the window's save, which commits
    the post panel first)."""

    def __init__(self, controller: Any, save: Callable[[], bool] | None = None) -> None:
        self.controller = controller
        self._save = save

    def current_document(self) -> PostFile | None:
        if self.controller.doc is None:
            return None
        self.controller.is_modified()  # reads the editor's text into the document
        doc: PostFile = self.controller.doc
        return doc

    def replace_document(self, doc: PostFile) -> None:
        replace = getattr(self.controller, "replace_document", None)
        if callable(replace):
            replace(doc)
        else:
            self.controller._set_doc(doc)

    def save_document(self) -> bool:
        return bool(self._save() if self._save is not None else self.controller.save())

    def save_document_as(self) -> bool:
        return bool(self.controller.save_as())

    def document_state_changed(self) -> None:
        self.controller.view.document_state_changed()


class WindowGuardView:
    """`GuardView` over the main window and its notice bar."""

    def __init__(self, window: Any, bar: notices.NoticeBar, editor: QWidget | None = None,
                 locked_widgets: tuple[QWidget, ...] = ()) -> None:
        self.window, self.bar = window, bar
        self.editor = editor if editor is not None else getattr(window, "editor", None)
        self.locked_widgets = locked_widgets

    def show_notice(self, notice: Notice) -> None:
        self.bar.show_notice(notice)

    def clear_notice(self, key: str) -> None:
        self.bar.clear_notice(key)

    def show_compare(self, name: str, disk_text: str, mine_text: str) -> str | None:
        from blogdesk.ui.widgets.compare_dialog import compare

        return compare(self.window, name, disk_text, mine_text)

    def confirm(self, text: str, ok_label: str = "OK", details: str = "") -> bool:
        return bool(self.window.confirm(text, ok_label, details))

    def show_message(self, text: str) -> None:
        self.window.show_message(text)

    def set_read_only(self, read_only: bool) -> None:
        if self.editor is not None and hasattr(self.editor, "setReadOnly"):
            self.editor.setReadOnly(read_only)
        for widget in self.locked_widgets:
            widget.setEnabled(not read_only)
