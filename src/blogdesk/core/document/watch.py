"""Which changes to the open post's file are worth telling the session about.

A file watcher is only a hint (it reports blogdesk's own saves, and sees nothing on many network
drives), so every look compares the file with the fingerprint the document holds *now*: after
blogdesk's own save that is the new file, so the echo is silent, and a new timestamp on the same
bytes is no change at all. Each distinct version is reported once; a file that disappears is
reported once as deleted, and once as restored when something is at the path again.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from pathlib import Path

from blogdesk.core.diskcheck import DiskCheck, DiskProbe, DiskState
from blogdesk.core.postfile import Fingerprint

BaseSource = Callable[[], "Fingerprint | None"]


class DiskEvent(enum.Enum):
    CHANGED = "changed"  # other content than the document's base
    DELETED = "deleted"  # nothing at the path any more (deleted or moved away)
    RESTORED = "restored"  # a file is at the path again after it was missing


class DiskWatch:
    """Looks at one file on request and says what changed; see the module docstring."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self._base: BaseSource = lambda: None
        self._probe = DiskProbe()
        self._reported: str | None = None  # sha256 of the last version reported (or the base)
        self.missing = False
        self.last: DiskCheck | None = None  # the outcome of the last look

    def watch(self, path: Path, base: BaseSource) -> None:
        """Watch ``path``; ``base`` gives the fingerprint the document holds (after a save
        anywhere in the app, the new one)."""
        self.path, self._base = Path(path), base
        self._probe = DiskProbe()
        self._probe.remember_inode(self.path)
        current = base()
        self._reported = current.sha256 if current is not None else None
        self.missing = not self.path.exists()

    def stop(self) -> None:
        self.path = None
        self._base = lambda: None

    def look(self) -> Iterator[DiskEvent]:
        """Look at the file now; yields what to report, in order. A listener of RESTORED may
        re-base the document (on what it held before the file went) before the content is
        compared, so consume the events one by one."""
        path = self.path
        if path is None:
            return
        check = self.last = self._probe.check(path, self._base())
        if check.state is DiskState.DELETED:
            if not self.missing:
                self.missing, self._reported = True, None
                yield DiskEvent.DELETED
            return
        now = check.now
        assert now is not None
        differs = check.state.differs
        if self.missing:
            self.missing = False
            yield DiskEvent.RESTORED
            base = self._base()
            differs = base is None or base.sha256 != now.sha256
        if not differs:
            self._reported = now.sha256
        elif now.sha256 != self._reported:
            self._reported = now.sha256
            yield DiskEvent.CHANGED
