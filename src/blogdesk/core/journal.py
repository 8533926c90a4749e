"""The crash-recovery journal: unsaved text of open posts, kept outside the posts folder.

One small file per post (named by the SHA-256 of the post's resolved path) holds the latest
unsaved text, the cursor position and the fingerprint of the file the text was based on, so
that a restart can offer the text back and tell whether the file changed meanwhile. Every entry
is written with `atomic_replace` (`atomic_write` less the content hash): a crash leaves the
previous entry or the new one.

An entry file is one line of JSON (the version, the post's path, the base fingerprint, the time,
the cursor and the text's length in bytes), then the text itself as UTF-8, exactly as typed:
encoding a 100,000-word post takes about 0.03 ms, where escaping it into a JSON string (the
first version of the format, still read) took 6 ms of the UI thread at every record. The
files keep the ".json" name of the first version, so an entry of either version is found.

The previous entry of each post is kept in memory (with the identity of its file) for the
shrink guard and the "already recorded" check, and read again only when the file changed
underneath (another window, a discard, a recovery).

Records are written on the caller's thread (the UI thread): 2 to 4 ms of its CPU time at
100,000 words, most of it the read-back check and the two fsyncs. A Python writer thread was
tried and taken out: any thread that allocates may run the garbage collector, and a collection
frees whatever cyclic garbage exists, Qt widgets among them, whose C++ destructors then run on
that thread while the GUI thread works (PySide6 6.11: a QObject in a cycle, collected on a
worker thread, is destroyed there).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogdesk.core.postfile import Fingerprint
from blogdesk.core.postfile.atomic import atomic_replace

__all__ = ["Journal", "JournalEntry", "read_entry"]

FORMAT_VERSION = 2  # 1: the text inside the JSON object (still read)
# The Emacs rule: a non-trivial entry is not replaced by text less than half its size
# (an accidental "select all, delete" must not wipe the only copy) unless forced.
SHRINK_GUARD_CHARS = 2000


@dataclass(frozen=True)
class JournalEntry:
    """One post's unsaved text as last recorded."""

    path: Path
    content: str
    base: Fingerprint | None
    saved_at: float
    cursor: int


# What identifies one version of an entry file: atomic_write gives every version a new inode
# (the temporary file exists before the old one goes), so a file another writer replaced or
# removed never matches the one remembered.
_Identity = tuple[int, int, int, int, int]


def _identity(file: Path) -> _Identity | None:
    try:
        st = os.stat(file)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class Journal:
    """Records, lists and discards the unsaved text of posts; corrupt entries are skipped."""

    def __init__(self, folder: Path | None = None) -> None:
        if folder is None:
            from platformdirs import user_data_dir

            folder = Path(user_data_dir("blogdesk")) / "journal"
        self.folder = Path(folder)
        self._known: dict[Path, tuple[_Identity, JournalEntry]] = {}

    def _entry_file(self, path: Path) -> Path:
        key = str(Path(path).expanduser().resolve())
        return self.folder / (hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
                              + ".json")

    def record(self, path: Path, content: str, base: Fingerprint | None, cursor: int = 0,
               *, force: bool = False) -> bool:
        """Store `content` as the unsaved text of `path` now; True when it was written.

        Returns False, keeping the previous entry, when the text would shrink an entry of
        more than 2,000 characters to less than half, unless `force`. A failed write raises
        PostError (kind "write"); the previous entry is then still intact.
        """
        file = self._entry_file(path)
        previous = self._previous(file)
        if previous is not None and not force and _shrinks_too_much(previous.content,
                                                                    content):
            return False
        if previous is not None and (previous.content, previous.base, previous.cursor) == (
            content, base, cursor
        ):
            return True  # already recorded
        entry = JournalEntry(Path(os.path.abspath(path)), content, base, time.time(),
                             int(cursor))
        data = _encode({
            "version": FORMAT_VERSION,
            "path": str(entry.path),
            "content": content,
            "base": None if base is None else {
                "size": base.size, "mtime_ns": base.mtime_ns, "sha256": base.sha256
            },
            "saved_at": entry.saved_at,
            "cursor": entry.cursor,
        })
        # Unsaved drafts are private: the journal folder is for this user only.
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._known.pop(file, None)
        atomic_replace(file, data)
        identity = _identity(file)
        if identity is not None and identity[2] == len(data):  # not already replaced
            self._known[file] = (identity, entry)
        return True

    def _previous(self, file: Path) -> JournalEntry | None:
        """The entry in `file`: the one remembered while the file is the one written, else
        read again (another writer replaced it) or None (it is gone)."""
        identity = _identity(file)
        if identity is None:
            self._known.pop(file, None)
            return None
        known = self._known.get(file)
        if known is not None and known[0] == identity:
            return known[1]
        entry = read_entry(file)
        if entry is None:
            self._known.pop(file, None)
        else:
            self._known[file] = (identity, entry)
        return entry

    # -- reading and discarding -----------------------------------------------------------------
    def discard(self, path: Path) -> bool:
        """Forget the unsaved text of `path` (after a save, or when the user declines it); True
        when an entry file was removed."""
        file = self._entry_file(path)
        self._known.pop(file, None)
        try:
            os.unlink(file)
        except FileNotFoundError:
            return False
        return True

    def get(self, path: Path) -> JournalEntry | None:
        """The entry for `path`, or None when there is none or it cannot be read."""
        # Entries are named by the resolved path, so a link and its target share one.
        return self._previous(self._entry_file(path))

    def entries(self) -> list[JournalEntry]:
        """Every readable entry, newest first; unreadable or corrupt files are skipped."""
        try:
            files = [p for p in self.folder.iterdir() if p.suffix == ".json"]
        except (FileNotFoundError, NotADirectoryError):
            return []
        found = [e for e in (read_entry(p) for p in files) if e is not None]
        return sorted(found, key=lambda e: e.saved_at, reverse=True)


def _shrinks_too_much(old: str, new: str) -> bool:
    return len(old) > SHRINK_GUARD_CHARS and len(new) < len(old) / 2


def _encode(payload: dict[str, Any]) -> bytes:
    """The entry file: a line of JSON with every field but the text, then the text.

    The header is ASCII (a path that is not valid UTF-8 is escaped), so it never holds a line
    break; the text is UTF-8, with "surrogatepass" for a lone surrogate the editor may hold, and
    its length in bytes is in the header, so that a damaged file is told from a whole one."""
    text = payload["content"].encode("utf-8", "surrogatepass")
    fields = {key: value for key, value in payload.items() if key != "content"}
    fields["length"] = len(text)
    return json.dumps(fields, ensure_ascii=True).encode("ascii") + b"\n" + text


def read_entry(file: Path) -> JournalEntry | None:
    """The entry in one journal file (either version), or None when it is unreadable, damaged
    or not an entry."""
    try:
        raw, content = _decode(file.read_bytes())
        base = raw["base"]
        entry = JournalEntry(
            path=Path(raw["path"]),
            content=content,
            base=None if base is None else Fingerprint(
                int(base["size"]), int(base["mtime_ns"]), str(base["sha256"])
            ),
            saved_at=float(raw["saved_at"]),
            cursor=int(raw["cursor"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not isinstance(entry.content, str):
        return None
    return entry


def _decode(data: bytes) -> tuple[dict[str, Any], Any]:
    """The fields and the text of an entry file of either version; ValueError when it is
    damaged or of an unknown version."""
    head, newline, text = data.partition(b"\n")
    if not newline:  # version 1: one JSON object on one line, the text inside it
        fields = json.loads(data.decode("utf-8"))
        if not isinstance(fields, dict) or fields.get("version") != 1:
            raise ValueError("not a journal entry")
        return fields, fields["content"]
    fields = json.loads(head.decode("ascii"))
    if not isinstance(fields, dict) or fields.get("version") != FORMAT_VERSION:
        raise ValueError("not a journal entry")
    if fields.get("length") != len(text):
        raise ValueError("a damaged journal entry (the text is not as long as recorded)")
    return fields, text.decode("utf-8", "surrogatepass")
