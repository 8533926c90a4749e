"""The recovery journal's snapshot policy: when the open post's unsaved text is recorded, and
when its entry goes.

The text (front matter and body, the base fingerprint and the cursor) is recorded at most
`max_wait` seconds after the first unrecorded change, even during non-stop typing, and after
`idle` seconds without typing. It is removed only after a save or an explicit discard. A large
deletion never replaces the last good entry silently: the journal refuses it and the keeper says
so; the shorter text is recorded only after a save or when the author confirms. A journal that
cannot be written (a full disk) does not stop editing; the author is warned once. Entries of an
earlier session wait for the author's decision (the recovery dialog): the keeper never writes
over them.

Time is the session's clock; `due` says when the next record is wanted (no timers here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from blogdesk.core.diskcheck import cleanup_stale_temps
from blogdesk.core.document import notices
from blogdesk.core.document.notices import Notice
from blogdesk.core.document.view import SessionEvent
from blogdesk.core.journal import Journal
from blogdesk.core.postfile import Fingerprint, PostError, PostFile

IDLE = 1.0  # record after a second without typing...
MAX_WAIT = 2.0  # ...and never later than two seconds after the first unrecorded change


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
    """The part of the session's view the keeper uses."""

    def show_notice(self, notice: Notice) -> None: ...
    def clear_notice(self, key: str) -> None: ...
    def notify(self, event: SessionEvent, path: Path) -> None: ...
    def show_recovery(self) -> None: ...


def _key(path: Path) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except OSError:
        return Path(path).absolute()


class JournalKeeper:
    """Keeps the journal up to date with the open post; see the module docstring."""

    def __init__(self, journal: Journal, snapshot: Callable[[], Snapshot | None],
                 view: KeeperView, clock: Callable[[], float], *, idle: float = IDLE,
                 max_wait: float = MAX_WAIT, foreign: Iterable[Path] | None = None) -> None:
        self.journal = journal
        self.clock = clock
        self.snapshot = snapshot
        self.view = view
        self.idle, self.max_wait = idle, max_wait
        self.due: float | None = None  # when to record next (the session's clock)
        self._first_change: float | None = None  # time of the first unrecorded change
        self.held: set[Path] = set()  # posts whose large deletion was refused
        self._failing = False
        earlier = [e.path for e in journal.entries()] if foreign is None else list(foreign)
        self._foreign: set[Path] = {_key(p) for p in earlier}
        self._foreign_noticed: set[Path] = set()
        cleanup_stale_temps(journal.folder)  # an entry write killed before its rename

    # -- events ---------------------------------------------------------------------------------
    def edited(self) -> None:
        """The text or a field changed: record soon (within `max_wait` of the first change)."""
        now = self.clock()
        if self._first_change is None:
            self._first_change = now
        self.due = min(now + self.idle, self._first_change + self.max_wait)

    @property
    def pending(self) -> bool:
        """A change waits to be recorded."""
        return self._first_change is not None

    def _settle(self) -> None:
        self.due = None
        self._first_change = None

    def flush(self, *, force: bool = False) -> bool:
        """Record the current text now; True when the journal holds it (or nothing is unsaved).
        After a failed write the next edit tries again at once."""
        self._settle()
        snap = self.snapshot()
        if snap is None:
            return True
        # the resolved path only when a set holds any (a resolve is 0.1 ms of every record)
        key = _key(snap.path) if self._foreign or self.held else None
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
            self._failed(snap.path, exc)
            self._first_change = self.clock()  # the next edit records at once
            return False
        self._recovered_from_failure()
        if not written:
            key = _key(snap.path)
            if key not in self.held:
                self.held.add(key)
                self.view.show_notice(notices.large_deletion_notice(self.confirm_deletion))
                self.view.notify(SessionEvent.JOURNAL_HELD, snap.path)
            return False
        if key is not None and key in self.held:
            self.held.discard(key)
            self._clear(notices.KEY_JOURNAL)
        self.view.notify(SessionEvent.JOURNALED, snap.path)
        return True

    def confirm_deletion(self) -> bool:
        """The author confirmed the large deletion: record the shorter text after all."""
        return self.flush(force=True)

    def saved(self, path: Path) -> None:
        """The post was saved: its journal entry has done its job."""
        self._settle()
        if _key(path) not in self._foreign:
            self._discard(path)

    def closed(self, path: Path, discarded: bool = False) -> None:
        """The post was closed; ``discarded``: the author threw its unsaved edits away."""
        self._settle()
        if discarded and _key(path) not in self._foreign:
            self._discard(path)

    def opened(self) -> None:
        """A post was opened: clear the notices that were about another one."""
        self._settle()
        self._clear(notices.KEY_JOURNAL)

    def moved(self, old: Path) -> None:
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
        self.view.notify(SessionEvent.JOURNAL_DISCARDED, path)

    def foreign(self) -> list[Path]:
        return sorted(self._foreign)

    def _notice_foreign(self, path: Path) -> None:
        key = _key(path)
        if key in self._foreign_noticed:
            return
        self._foreign_noticed.add(key)
        self.view.show_notice(Notice(
            notices.KEY_JOURNAL,
            f"Unsaved text of “{path.name}” from an earlier session is in the recovery journal. "
            "Restore or discard it first; until then your new edits here have no recovery copy.",
            notices.WARNING,
            (notices.NoticeAction("Recover…", self.view.show_recovery),),
        ))

    # -- helpers -------------------------------------------------------------------------------
    def _discard(self, path: Path) -> None:
        self.held.discard(_key(path))
        try:
            had = self.journal.get(path) is not None
            self.journal.discard(path)
        except OSError as exc:
            self._failed(path, exc)
            return
        if had:
            self.view.notify(SessionEvent.JOURNAL_DISCARDED, path)
        self._clear(notices.KEY_JOURNAL)

    def _failed(self, path: Path, exc: BaseException) -> None:
        if self._failing:
            return
        self._failing = True
        cause = exc.message if isinstance(exc, PostError) else (
            getattr(exc, "strerror", None) or str(exc))
        for prefix in ("cannot save: ", "could not save: "):
            if cause.lower().startswith(prefix):
                cause = cause[len(prefix):]
        self.view.show_notice(notices.journal_failed_notice(cause))
        self.view.notify(SessionEvent.JOURNAL_FAILED, path)

    def _recovered_from_failure(self) -> None:
        if self._failing:
            self._failing = False
            self._clear(notices.KEY_JOURNAL)

    def _clear(self, key: str) -> None:
        if not self._failing:
            self.view.clear_notice(key)
