"""The one view a `DocumentSession` talks to: what it shows, what it asks, and the adapters it
drives (the file watcher and the timer). The main window implements it; tests use a fake.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from blogdesk.core.document.notices import Notice
from blogdesk.core.postfile import PostFile

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"  # answers to "save your changes?"
RELOAD, KEEP, COMPARE = "reload", "keep", "compare"  # answers to a conflict with the disk


class SessionEvent(enum.Enum):
    """Things that happened to the open post, for listeners that are not decisions (the soak's
    report, tests that wait for them)."""

    RELOADED = "reloaded"  # reloaded in place after another program changed it
    CONFLICT_RAISED = "conflict-raised"  # unsaved edits and a change on disk: the author chooses
    CONFLICT_RESOLVED = "conflict-resolved"
    AUTOSAVED = "autosaved"
    JOURNALED = "journaled"  # the unsaved text is safe in the recovery journal
    JOURNAL_HELD = "journal-held"  # a large deletion: the journal kept the longer text
    JOURNAL_DISCARDED = "journal-discarded"  # the entry is gone (saved, or discarded)
    JOURNAL_FAILED = "journal-failed"  # the journal could not be written


@dataclass(frozen=True)
class EditorPosition:
    """Cursor (line, column), selection anchor and scroll offsets of the editor, kept across a
    reload."""

    line: int
    column: int
    anchor_line: int
    anchor_column: int
    vscroll: int
    hscroll: int


class DocumentView(Protocol):
    """Everything the session needs from the window."""

    # -- showing ----------------------------------------------------------------------------
    def show_document(self, doc: PostFile | None, keep_text: bool = False) -> None:
        """Show a post (or none); ``keep_text``: the editor already holds its body."""
        ...

    def document_state_changed(self) -> None:
        """The post's metadata, path or saved state changed (the title's dot)."""
        ...

    def library_changed(
        self, select: Path | None = None, changed: Sequence[Path] | None = None
    ) -> None: ...
    def set_read_only(self, read_only: bool) -> None: ...
    def set_preview_manual(self, manual: bool) -> None:
        """True: a very large post, the preview renders only when asked."""
        ...

    def show_notice(self, notice: Notice) -> None: ...
    def clear_notice(self, key: str) -> None: ...
    def show_message(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def notify(self, event: SessionEvent, path: Path) -> None: ...

    # -- asking -----------------------------------------------------------------------------
    def ask_save_discard_cancel(self, title: str) -> str:
        """SAVE, DISCARD or CANCEL."""
        ...

    def confirm(self, text: str, ok_label: str = "OK", details: str = "") -> bool: ...
    def ask_save_path(self, title: str, start: Path, filter: str = "") -> Path | None: ...
    def show_compare(self, name: str, disk_text: str, mine_text: str) -> str | None:
        """Compare the two versions; RELOAD, KEEP, or None (closed without choosing)."""
        ...

    # -- the editor -------------------------------------------------------------------------
    def current_body(self) -> str: ...
    def flush_edits(self) -> None:
        """Hand over an edit a widget still holds (the post panel's field being typed)."""
        ...

    def cursor_position(self) -> int: ...
    def capture_position(self) -> EditorPosition | None: ...
    def restore_position(self, position: EditorPosition) -> None: ...

    # -- the buttons of notices ---------------------------------------------------------------
    def refresh_preview(self) -> None: ...
    def show_raw_front_matter(self) -> None: ...
    def show_recovery(self) -> None: ...

    # -- the adapters -------------------------------------------------------------------------
    def watch_file(self, path: Path | None) -> None:
        """Watch ``path`` on disk (None: stop); report with the session's disk_* events."""
        ...

    def check_disk(self) -> None:
        """Look at the watched file now (reported as disk_* events)."""
        ...

    def wake_in(self, seconds: float | None) -> None:
        """Call the session's `tick` in ``seconds`` (None: no need)."""
        ...
