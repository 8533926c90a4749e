"""What the recovery journal holds on start: each entry, and how the file on disk stands against
it now (unchanged since the text was typed, changed, missing, or already holding the text)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from blogdesk.core.diskcheck import recovered_post
from blogdesk.core.journal import Journal, JournalEntry
from blogdesk.core.postfile import Fingerprint, PostFile

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
