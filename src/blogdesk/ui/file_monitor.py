"""Watches the open post on disk and says when another program changed, deleted or restored it.

QFileSystemWatcher is only a hint (see the reliability notes, section 3): it stops watching a
file that was replaced by a rename (how editors, git and Dropbox save), it reports blogdesk's own
saves, and it sees nothing on many network drives. So the monitor

- watches the post *and* its folder, and re-adds the post's path whenever it reappears (with
  a few timed retries for a file that is recreated a moment after it vanished);
- asks core/document/watch.py's `DiskWatch` what a look at the disk means (by content, never
  by time; each distinct version once) and emits that as signals;
- can be asked to look again at any time (`recheck()`: on window focus, before a save), which
  works with the watcher switched off.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from blogdesk.core.diskcheck import DiskCheck
from blogdesk.core.document.watch import DiskEvent, DiskWatch
from blogdesk.core.postfile import Fingerprint

__all__ = ["BaseSource", "FileMonitor"]

BaseSource = Callable[[], "Fingerprint | None"]
SETTLE_MS = 30  # events come in bursts (temp file, rename, folder); look once after them
REARM_MS = 200
REARM_TRIES = 25  # 5 s of retries; the folder watch covers anything later


def _source(base: Fingerprint | BaseSource | None) -> BaseSource:
    if callable(base):
        return base

    def fixed() -> Fingerprint | None:
        return base

    return fixed


class FileMonitor(QObject):
    """Reports changes by other programs to one file; see the module docstring."""

    changedOnDisk = Signal(Path)  # other content than the document's base
    deletedOnDisk = Signal(Path)  # nothing at the path any more (deleted or moved away)
    restoredOnDisk = Signal(Path)  # a file is at the path again after it was missing
    checked = Signal(object)  # every look at the disk: a DiskCheck (for tests and the soak)

    def __init__(self, parent: QObject | None = None, *, watcher_enabled: bool = True,
                 settle_ms: int = SETTLE_MS, rearm_ms: int = REARM_MS,
                 rearm_tries: int = REARM_TRIES) -> None:
        super().__init__(parent)
        self._disk = DiskWatch()
        self._watcher: QFileSystemWatcher | None = None
        self._settle = QTimer(self, singleShot=True, interval=settle_ms)
        self._settle.timeout.connect(self.recheck)
        self._rearm = QTimer(self, interval=rearm_ms)
        self._rearm.timeout.connect(self._rearm_tick)
        self._rearm_tries = rearm_tries
        self._rearm_left = 0
        self.set_watcher_enabled(watcher_enabled)

    # -- what to watch -----------------------------------------------------------------------
    @property
    def _path(self) -> Path | None:
        return self._disk.path

    @property
    def path(self) -> Path | None:
        return self._disk.path

    def watch(self, path: Path, base: Fingerprint | BaseSource | None) -> None:
        """Watch `path`; `base` is the fingerprint the document holds, or a function giving it
        (preferred: then a save anywhere in the app updates it, and its echo stays silent)."""
        self.stop()
        self._disk.watch(Path(path), _source(base))
        self._add_watches()

    def stop(self) -> None:
        """Stop watching (no post open)."""
        self._settle.stop()
        self._rearm.stop()
        if self._watcher is not None:
            watched = self._watcher.files() + self._watcher.directories()
            if watched:
                self._watcher.removePaths(watched)
        self._disk.stop()

    def set_watcher_enabled(self, enabled: bool) -> None:
        """Use the file system watcher, or rely on `recheck()` alone (tests, network drives)."""
        if enabled and self._watcher is None:
            self._watcher = QFileSystemWatcher(self)
            self._watcher.fileChanged.connect(self._on_event)
            self._watcher.directoryChanged.connect(self._on_event)
            self._add_watches()
        elif not enabled and self._watcher is not None:
            self._watcher.deleteLater()
            self._watcher = None

    @property
    def watcher_enabled(self) -> bool:
        return self._watcher is not None

    def watched_paths(self) -> list[str]:
        """What the file system watcher watches now (files and folders)."""
        if self._watcher is None:
            return []
        return self._watcher.files() + self._watcher.directories()

    # -- looking -----------------------------------------------------------------------------
    def recheck(self) -> DiskCheck | None:
        """Look at the file now and report what changed; also re-arms the watch."""
        self._settle.stop()
        path = self._disk.path
        if path is None:
            return None
        for event in self._disk.look():  # one by one: a listener may re-base the document
            if event is DiskEvent.DELETED:
                self._start_rearm()
                self.deletedOnDisk.emit(path)
            elif event is DiskEvent.RESTORED:
                self._rearm.stop()
                self.restoredOnDisk.emit(path)
            else:
                self.changedOnDisk.emit(path)
        self._add_watches()
        check = self._disk.last
        assert check is not None
        self.checked.emit(check)
        return check

    # -- the watcher -------------------------------------------------------------------------
    def _on_event(self, _changed: str) -> None:
        self._settle.start()

    def _add_watches(self) -> None:
        if self._watcher is None or self._path is None:
            return
        files, folders = set(self._watcher.files()), set(self._watcher.directories())
        folder = str(self._path.parent)
        if folder not in folders and self._path.parent.is_dir():
            self._watcher.addPath(folder)
        if str(self._path) not in files and self._path.is_file():
            # addPath fails (returns False) when the file is not back yet; the retries and the
            # folder watch cover that.
            self._watcher.addPath(str(self._path))
        if str(self._path) not in self._watcher.files():
            self._start_rearm()

    def _start_rearm(self) -> None:
        if self._watcher is not None and not self._rearm.isActive():
            self._rearm_left = self._rearm_tries
            self._rearm.start()

    def _rearm_tick(self) -> None:
        self._rearm_left -= 1
        if self._path is None or self._watcher is None or self._rearm_left <= 0:
            self._rearm.stop()
            return
        if self._path.is_file():
            self.recheck()
            if str(self._path) in self._watcher.files():
                self._rearm.stop()
