"""The open post's session: every decision about the post being edited, with no Qt.

`DocumentSession` holds the open `PostFile` and decides

- opening (a post that is not UTF-8 opens read-only; binary, huge and unreadable ones do not
  open) and switching (Save / Discard / Cancel when there are unsaved changes);
- saving: the disk is checked again first, and a version another program wrote is never
  overwritten unseen; after Keep Mine that version is written beside the post
  (``<stem>.conflict-<time>.md``) before the author's replaces it; a failed save leaves the
  edits unsaved and offers Save As;
- what a change on disk means: nothing unsaved, reload in place (cursor and scroll kept);
  unsaved edits, the author chooses Reload, Keep Mine or Compare (a notice, no modal dialog in
  the middle of typing); deleted or moved, the text stays, marked unsaved;
- autosave after a pause in typing, only when nothing is in doubt: no conflict pending or kept,
  the file was not deleted, the post opened normally, its front matter reads, and the last save
  did not fail;
- the recovery journal's snapshots (`keeper.JournalKeeper`);
- read-only modes and the preview's manual mode for a very large post.

Events come in as method calls (`edited`, `disk_changed`, `save`, `tick`...); everything it
wants shown or asked goes out through one `DocumentView`. Time is the injected ``clock``; the
view's timer calls `tick` when `wake_in` asked it to.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from blogdesk.core import files
from blogdesk.core.diskcheck import (
    DiskProbe,
    OpenKind,
    OpenMode,
    check_before_save,
    cleanup_stale_temps,
    converted_post,
    legacy_view_post,
    mark_unsaved,
    open_mode,
    write_conflict_copy,
)
from blogdesk.core.document import notices
from blogdesk.core.document.keeper import IDLE, MAX_WAIT, JournalKeeper, Snapshot
from blogdesk.core.document.view import (
    COMPARE,
    DISCARD,
    KEEP,
    RELOAD,
    SAVE,
    DocumentView,
    SessionEvent,
)
from blogdesk.core.journal import Journal
from blogdesk.core.library import Library
from blogdesk.core.post import Post
from blogdesk.core.postfile import (
    Fingerprint,
    PostError,
    PostFile,
    atomic_write,
    load_post,
    save_post,
)

AUTOSAVE_DELAY = 5.0  # seconds after the last edit
_MISSING = object()
_POST_NOTICES = (notices.KEY_CONFLICT, notices.KEY_DELETED, notices.KEY_SAVE_FAILED,
                 notices.KEY_KEPT_COPY, notices.KEY_FRONT_MATTER)


class DocumentSession:
    """See the module docstring."""

    def __init__(self, view: DocumentView, journal: Journal | None = None, *,
                 autosave: bool = True, autosave_delay: float = AUTOSAVE_DELAY,
                 clock: Callable[[], float] = time.monotonic, journal_idle: float = IDLE,
                 journal_max_wait: float = MAX_WAIT,
                 foreign: Iterable[Path] | None = None) -> None:
        """``journal``: None keeps no recovery copies; ``foreign``: the posts with entries of an
        earlier session (default: all entries the journal holds now)."""
        self.view = view
        self.clock = clock
        self.library: Library | None = None  # refreshed after saves; set by the controller
        self.doc: PostFile | None = None
        self.mode = OpenMode(OpenKind.NORMAL)
        self.autosave_enabled = autosave
        self.autosave_delay = autosave_delay
        self.autosave_due: float | None = None
        self.keeper = None if journal is None else JournalKeeper(
            journal, self.snapshot, view, clock, idle=journal_idle, max_wait=journal_max_wait,
            foreign=foreign)
        self._probe = DiskProbe()
        self._body_stale = False
        self._fm_notice = False
        self._reset()

    def _reset(self) -> None:
        self.conflict: Fingerprint | None = None  # the disk version the author must decide on
        self.kept: Fingerprint | None = None  # the disk version the author chose to keep beside
        self.deleted = False
        self.last_save_failed = False
        self._clean_bytes_at_delete: bytes | None = None
        self._base_at_delete: Fingerprint | None = None

    # -- state -----------------------------------------------------------------------------------
    def title(self) -> str:
        """The open post's title as the library lists it (``Post`` reads it: any case of the
        key, a scalar as text, else one made from the file name)."""
        doc = self.doc
        if doc is None:
            return ""
        try:
            post = Post.from_metadata(doc.path, doc.metadata, "")
        except Exception:  # a bad value: the list names such a post by its file (library_scan)
            post = Post.from_metadata(doc.path, {}, "")
        return post.title or doc.path.stem

    def current_document(self) -> PostFile | None:
        """The open post, with the editor's text in it."""
        if self.doc is not None and self._body_stale:
            self._body_stale = False
            body = self.view.current_body()
            if body != self.doc.body:
                self.doc.set_body(body)
        return self.doc

    def is_modified(self) -> bool:
        doc = self.current_document()
        return doc is not None and doc.modified

    def current_post(self) -> Post | None:
        doc = self.current_document()
        return Post.from_file(doc) if doc is not None else None

    @property
    def base(self) -> Fingerprint | None:
        """The version on disk the open text is based on (the file watcher compares with it)."""
        return self.doc.fingerprint if self.doc is not None else None

    def snapshot(self) -> Snapshot | None:
        """The open post as the journal records it."""
        doc = self.current_document()
        return Snapshot.of(doc, self.view.cursor_position()) if doc is not None else None

    # -- editing ---------------------------------------------------------------------------------
    def edited(self) -> None:
        """The editor's text changed; it is read back lazily (before saves and checks)."""
        if self.doc is None:
            return
        self._body_stale = True
        self._changed()

    def set_field(self, key: str, value: object) -> None:
        """One front-matter field changed in the post panel (a lossless edit of its lines)."""
        if self.doc is None or self.doc.metadata.get(key, _MISSING) == value:
            return
        self.doc.set(key, value)
        self._metadata_edited()

    def unset_field(self, key: str) -> None:
        if self.doc is None or key not in self.doc.metadata:
            return
        self.doc.unset(key)
        self._metadata_edited()

    def set_raw_front_matter(self, text: str) -> str | None:
        """The raw front matter was edited; returns the parse error to show, or None."""
        if self.doc is None or text == self.doc.raw_front_matter:
            return None
        self.doc.set_raw_front_matter(text)
        self._metadata_edited()
        return str(self.doc.error) if self.doc.error else None

    def _metadata_edited(self) -> None:
        self._changed()
        self.view.document_state_changed()

    def _changed(self) -> None:
        """Autosave after a pause, journal soon; front matter that started or stopped reading
        gets its notice shown or cleared."""
        now = self.clock()
        if self.autosave_enabled:
            self.autosave_due = now + self.autosave_delay
        if self.keeper is not None:
            self.keeper.edited()
        doc = self.doc
        if doc is not None and (doc.error is not None) != self._fm_notice:
            self._front_matter_notice()
        self._wake()

    # -- time ------------------------------------------------------------------------------------
    def tick(self) -> None:
        """The view's timer: record the journal and autosave when they are due."""
        now = self.clock()
        if self.keeper is not None and self.keeper.due is not None and self.keeper.due <= now:
            self.keeper.flush()
        if self.autosave_due is not None and self.autosave_due <= now:
            self.autosave_due = None
            self.autosave_now()
        self._wake()

    def record_now(self) -> None:
        """Put the unsaved text in the journal at once (before a crash report, say)."""
        if self.keeper is not None:
            self.keeper.flush()

    def _wake(self) -> None:
        dues = [d for d in (self.autosave_due, self.keeper.due if self.keeper else None)
                if d is not None]
        self.view.wake_in(max(0.0, min(dues) - self.clock()) if dues else None)

    def _stop_autosave(self) -> None:
        self.autosave_due = None
        self._wake()

    def set_autosave(self, enabled: bool) -> None:
        self.autosave_enabled = enabled
        if not enabled:
            self._stop_autosave()

    def autosave_blocker(self) -> str | None:
        """Why autosave would not save now, or None when it would."""
        checks = (
            (not self.autosave_enabled, "autosave is off"),
            (self.doc is None, "no post is open"),
            (self.conflict is not None, "a change on disk is waiting for a decision"),
            (self.kept is not None, "the version on disk is kept until you save"),
            (self.deleted, "the file was deleted on disk"),
            (not self.mode.can_save_in_place, self.mode.reason or "the post is read-only"),
            (self.doc is not None and self.doc.error is not None,
             "the front matter does not read"),
            (self.last_save_failed, "the last save failed"),
        )
        return next((why for blocked, why in checks if blocked), None)

    def autosave_now(self) -> bool:
        """Save if autosave may (see `autosave_blocker`) and there is something to save."""
        if self.autosave_blocker() is not None or not self.is_modified():
            return False
        assert self.doc is not None
        if self.save():
            self.view.notify(SessionEvent.AUTOSAVED, self.doc.path)
            return True
        return False

    # -- opening and closing ---------------------------------------------------------------------
    def settle(self) -> bool:
        """Ask Save/Discard/Cancel when the open post has unsaved changes; True to go on."""
        self.view.flush_edits()
        if self.doc is None or not self.is_modified():
            return True
        answer = self.view.ask_save_discard_cancel(self.title())
        if answer == SAVE:
            return self.save()
        if answer == DISCARD:
            if self.keeper is not None:
                self.keeper.closed(self.doc.path, discarded=True)
            return True
        return False

    def open(self, path: Path) -> bool:
        """Make ``path`` the open post; False when the user cancelled or it cannot be read."""
        if self.doc is not None and same_file(path, self.doc.path):
            return True
        if not self.settle():
            return False
        try:
            doc: PostFile | None = load_post(path, strict=False)
        except PostError as exc:
            doc = _read_only_view(path, exc)
            if doc is None:
                self.view.show_error(f"Cannot open this post.\n\n{exc}")
                return False
        except OSError as exc:
            self.view.show_error(f"Cannot open this post.\n\n{exc}")
            return False
        self.replace(doc)
        return True

    def replace(self, doc: PostFile | None, *, keep_text: bool = False,
                mode: OpenMode | None = None) -> None:
        """Show another post, or another version of the open one (reloaded, converted to
        UTF-8, recovered from the journal), or none."""
        if self.doc is not None and doc is not self.doc:
            self._closed(self.doc, discarded=False)
        self.doc = doc
        self._body_stale = False
        self.view.show_document(doc, keep_text)
        if doc is not None:
            self._opened(doc, mode)

    def close(self, *, discarded: bool) -> None:
        """No post is open any more (deleted, or the library closed)."""
        if self.doc is not None:
            self._closed(self.doc, discarded)
        self.doc = None
        self.view.show_document(None)

    def _opened(self, doc: PostFile, mode: OpenMode | None = None) -> None:
        self._watch(doc, mode)
        if self.keeper is not None:
            self.keeper.opened()
            self._wake()

    def _watch(self, doc: PostFile, mode: OpenMode | None = None) -> None:
        """Start afresh on ``doc``: watch its file, say how it opened."""
        self._reset()
        self.autosave_due = None
        for key in _POST_NOTICES:
            self.view.clear_notice(key)
        self.view.watch_file(doc.path)
        cleanup_stale_temps(doc.path.parent)  # a save killed before its rename left a temp
        self._apply_mode(doc, mode if mode is not None else open_mode(doc.path))
        self._front_matter_notice()
        self._wake()

    def _closed(self, doc: PostFile, discarded: bool) -> None:
        self.autosave_due = None
        self.view.watch_file(None)
        self._reset()
        for key in (*_POST_NOTICES, notices.KEY_MODE, notices.KEY_PREVIEW):
            self.view.clear_notice(key)
        self.view.set_read_only(False)
        if self.keeper is not None:
            self.keeper.closed(doc.path, discarded)
        self._wake()

    def moved(self, old: Path) -> None:
        """The open post's file was renamed (after its title): watch and journal the new name."""
        assert self.doc is not None
        if self.keeper is not None:
            self.keeper.moved(old)
        self._watch(self.doc)

    # -- saving ----------------------------------------------------------------------------------
    def save(self) -> bool:
        """Save the open post; on failure it stays unsaved and Save As is offered."""
        self.view.flush_edits()
        doc = self.current_document()
        if doc is None or not self._disk_allows_save(doc):
            return False
        try:
            save_post(doc)
        except (PostError, OSError) as exc:
            self._save_failed(exc)
            return False
        self._saved(doc)
        return True

    def save_as(self) -> bool:
        """Write the post (with its edits) to a new file, which becomes the open post."""
        doc = self.doc
        if doc is None:
            return False
        target = self.view.ask_save_path("Save Post As", doc.path, files.FILE_DIALOG_FILTER)
        if target is None:
            return False
        doc = self.current_document()
        assert doc is not None
        try:
            atomic_write(target, doc.to_bytes())
            new = load_post(target, strict=False)
        except (PostError, OSError) as exc:
            self.view.show_error(f"The post could not be saved as {target}.\n\n{exc}")
            return False
        self._closed(doc, discarded=True)
        self.doc, self._body_stale = new, False
        self.view.show_document(new, True)
        self._opened(new)
        self._saved(new)
        return True

    def _disk_allows_save(self, doc: PostFile) -> bool:
        """The last look before writing: never lets a version another program wrote be
        overwritten unseen (the author is asked through a notice)."""
        conflict = check_before_save(doc, self._probe)
        if conflict is None:
            return True
        if self.kept is not None and conflict.disk.sha256 == self.kept.sha256:
            try:
                copy = write_conflict_copy(doc.path, conflict.disk)
            except PostError as exc:
                self._save_failed(exc)
                return False
            if copy is not None:
                self.view.show_notice(notices.conflict_copy_notice(copy))
            return True
        self._raise_conflict(conflict.disk)
        return False

    def _saved(self, doc: PostFile) -> None:
        """Whatever was in doubt is settled; the library and the window hear of it."""
        if self.library is not None:
            self.library.refresh([doc.path])
        self.last_save_failed = False
        self.kept = self.conflict = None
        self.deleted = False
        for key in (notices.KEY_SAVE_FAILED, notices.KEY_DELETED, notices.KEY_CONFLICT):
            self.view.clear_notice(key)
        if self.mode.error_kind in ("read-only-file", "read-only-folder"):
            self._apply_mode(doc, open_mode(doc.path))  # made writable meanwhile
        if self.keeper is not None:
            self.keeper.saved(doc.path)
        self._wake()
        self.view.document_state_changed()
        self.view.library_changed(doc.path, [doc.path])
        self.view.show_message(f"Saved {doc.path.name}")

    def _save_failed(self, error: BaseException) -> None:
        self.last_save_failed = True
        self._stop_autosave()
        self.view.show_notice(notices.save_failed_notice(_cause(error), self.save_as))

    # -- the disk --------------------------------------------------------------------------------
    def _is_open(self, path: Path) -> bool:
        return self.doc is not None and self.doc.path == path

    def disk_changed(self, path: Path) -> None:
        """Another program wrote other content to the open post's file."""
        doc = self.current_document() if self._is_open(path) else None
        if doc is None:
            return
        if doc.modified:
            now = Fingerprint.of_file(path)
            if now is not None:
                self._raise_conflict(now)
            return
        if self.reload():
            self.view.show_message(f"Reloaded “{path.name}”: another program changed it")

    def disk_deleted(self, path: Path) -> None:
        """Nothing is at the open post's path any more: the text stays, all of it unsaved."""
        doc = self.current_document() if self._is_open(path) else None
        if doc is None:
            return
        # Remember how things stood, for a file that comes back (delete-then-write saves).
        self._clean_bytes_at_delete = None if doc.modified else doc.to_bytes()
        self._base_at_delete = doc.fingerprint
        self.deleted = True
        self._stop_autosave()
        mark_unsaved(doc)  # nothing on disk: a save recreates it
        self.view.document_state_changed()
        self.view.show_notice(notices.deleted_notice(self.save, self.save_as))

    def disk_restored(self, path: Path) -> None:
        """A file is at the open post's path again. The same text back is no change; other text
        is (the watcher reports it next as `disk_changed`)."""
        if not self._is_open(path) or not self.deleted:
            return
        doc = self.current_document()
        self.deleted = False
        self.view.clear_notice(notices.KEY_DELETED)
        if doc is None:
            return
        clean = self._clean_bytes_at_delete
        unchanged_since = clean is not None and doc.to_bytes() == clean
        mark_unsaved(doc, clean if unchanged_since and clean is not None else b"",
                     self._base_at_delete)
        self.view.document_state_changed()

    def _raise_conflict(self, disk: Fingerprint) -> None:
        assert self.doc is not None
        self.conflict = disk
        self._stop_autosave()
        self.view.show_notice(notices.conflict_notice(
            self.doc.path.name,
            lambda: self.resolve(RELOAD),
            lambda: self.resolve(KEEP),
            lambda: self.resolve(COMPARE),
        ))
        self.view.notify(SessionEvent.CONFLICT_RAISED, self.doc.path)

    def resolve(self, choice: str) -> None:
        """The answer to a conflict: RELOAD (take the disk version), KEEP (keep mine; the disk
        version is kept beside it on the next save) or COMPARE (look first, then choose)."""
        doc = self.doc
        if doc is None:
            return
        if choice == COMPARE:
            answer = self.view.show_compare(doc.path.name, _disk_text(doc.path), _text_of(doc))
            if answer in (RELOAD, KEEP):
                self.resolve(answer)
        elif choice == RELOAD:
            if self.reload():
                self.view.notify(SessionEvent.CONFLICT_RESOLVED, doc.path)
        elif choice == KEEP:
            self.kept = self.conflict or self.kept
            self.conflict = None
            self._stop_autosave()
            self.view.clear_notice(notices.KEY_CONFLICT)
            self.view.show_message("Your version is kept. Saving keeps the other version "
                                   "beside it.")
            self.view.notify(SessionEvent.CONFLICT_RESOLVED, doc.path)

    def reload(self) -> bool:
        """Load the post from disk again, keeping the cursor and the scroll position."""
        if self.doc is None:
            return False
        try:
            fresh = load_post(self.doc.path, strict=False)
        except PostError as exc:
            self.view.show_notice(notices.Notice(
                notices.KEY_CONFLICT,
                f"The version on disk cannot be opened: {exc.message}. Your text stays as it is.",
                notices.WARNING,
            ))
            return False
        position = self.view.capture_position()
        self.replace(fresh)
        if position is not None:
            self.view.restore_position(position)
        if self.keeper is not None:
            self.keeper.flush()  # the file's text: the entry goes
        self.view.notify(SessionEvent.RELOADED, fresh.path)
        return True

    def convert_to_utf8(self) -> bool:
        """The author asked to convert a non-UTF-8 post: after a confirmation, read it as
        Windows-1252/Latin-1 and open it as unsaved UTF-8 text. Nothing is written until the
        author saves (atomically, like every save)."""
        doc = self.doc
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
        self.replace(converted, mode=OpenMode(OpenKind.NORMAL))
        return True

    # -- the recovery journal --------------------------------------------------------------------
    def restore(self, doc: PostFile) -> bool:
        """Open an earlier session's unsaved text as unsaved edits (nothing is written) and
        journal over its entry from now on; False when the author kept the open post."""
        if not self.settle():
            return False
        if self.keeper is not None:
            self.keeper.adopt(doc.path)
        self.replace(doc)
        return True

    # -- helpers ---------------------------------------------------------------------------------
    def _apply_mode(self, doc: PostFile, mode: OpenMode) -> None:
        self.mode = mode
        self.view.set_read_only(not mode.editable)
        notice = notices.open_mode_notice(doc.path, mode, convert=self.convert_to_utf8,
                                          save_as=self.save_as)
        if notice is not None:
            self.view.show_notice(notice)
        else:
            self.view.clear_notice(notices.KEY_MODE)
        if mode.manual_preview:
            self.view.show_notice(notices.manual_preview_notice(mode.size,
                                                                self.view.refresh_preview))
        else:
            self.view.clear_notice(notices.KEY_PREVIEW)
        self.view.set_preview_manual(mode.manual_preview)

    def _front_matter_notice(self) -> None:
        doc = self.doc
        self._fm_notice = doc is not None and doc.error is not None
        if doc is not None and doc.error is not None:
            self.view.show_notice(notices.front_matter_notice(doc.error,
                                                              self.view.show_raw_front_matter))
        else:
            self.view.clear_notice(notices.KEY_FRONT_MATTER)


def same_file(a: Path, b: Path) -> bool:
    try:
        return a == b or a.resolve() == b.resolve()
    except OSError:
        return a == b


def _read_only_view(path: Path, exc: PostError) -> PostFile | None:
    """A post that is not UTF-8 opens read-only (the session offers to convert it); binary, too
    large and unreadable files do not open."""
    if exc.kind != "encoding":
        return None
    try:
        return legacy_view_post(path)[0]
    except (PostError, OSError):
        return None


def _cause(error: BaseException | str) -> str:
    if isinstance(error, PostError):
        text = error.message
    elif isinstance(error, OSError):
        text = error.strerror or str(error)
    else:
        text = str(error)
    for prefix in ("cannot save: ", "could not save: "):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    return text


def _text_of(doc: PostFile) -> str:
    return doc.to_bytes().decode("utf-8", "replace")


def _disk_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError as exc:
        return f"(the file cannot be read: {exc.strerror or exc})"
