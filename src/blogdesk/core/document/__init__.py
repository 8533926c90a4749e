"""The open post's session: its text, open and save, conflicts with the disk, autosave, the
recovery journal's snapshots and read-only modes; events in, decisions out through one view."""

from blogdesk.core.document.keeper import JournalKeeper, Snapshot
from blogdesk.core.document.session import DocumentSession, same_file
from blogdesk.core.document.view import (
    CANCEL,
    COMPARE,
    DISCARD,
    KEEP,
    RELOAD,
    SAVE,
    DocumentView,
    EditorPosition,
    SessionEvent,
)

__all__ = [
    "CANCEL",
    "COMPARE",
    "DISCARD",
    "KEEP",
    "RELOAD",
    "SAVE",
    "DocumentSession",
    "DocumentView",
    "EditorPosition",
    "JournalKeeper",
    "SessionEvent",
    "Snapshot",
    "same_file",
]
