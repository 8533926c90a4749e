"""blogdesk's log: a rotating file in the user's log folder, plus stderr with --verbose/--debug.

Qt-free, so the command line and the app share it. The app also sends ``faulthandler``'s report
of a hard crash (a segmentation fault in Qt, an abort) into the same file, so a window that
vanished when launched from the menu still leaves its trace where the user can find it.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import TextIO

LOG_NAME = "blogdesk.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"

log = logging.getLogger("blogdesk")
_installed: list[logging.Handler] = []


def log_folder() -> Path:
    """The user's log folder for blogdesk (``~/.local/state/blogdesk/log`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_log_dir("blogdesk"))


def log_path() -> Path:
    """The current log file (older ones are ``blogdesk.log.1`` to ``.3``)."""
    return log_folder() / LOG_NAME


class _LogFile(logging.handlers.RotatingFileHandler):
    """A rotating log file that takes faulthandler along to the new file on each rotation."""

    faults = False

    def doRollover(self) -> None:
        super().doRollover()
        if self.faults:
            self.follow_faults()

    def follow_faults(self) -> None:
        if self.stream is None:
            self.stream = self._open()
        self.faults = True
        faulthandler.enable(file=self.stream, all_threads=True)


def setup(
    level: int | None = None, *, faults: bool = False, stderr: TextIO | None = None
) -> Path | None:
    """Log to the rotating file (INFO, or DEBUG with ``level=DEBUG``) and, when ``level`` is
    given (--verbose: INFO, --debug: DEBUG), to stderr too. ``faults``: send faulthandler's
    crash reports into the file. Calling it again replaces the earlier set-up.

    Returns the log file, or None when no log folder can be made (a read-only home): then
    blogdesk runs without a log file rather than not at all.
    """
    teardown()
    log.setLevel(logging.DEBUG if level == logging.DEBUG else logging.INFO)
    log.propagate = False
    formatter = logging.Formatter(FORMAT)
    if level is not None:
        console = logging.StreamHandler(stderr or sys.stderr)
        console.setLevel(level)
        console.setFormatter(logging.Formatter("blogdesk: %(levelname)s: %(message)s"))
        _add(console)
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _LogFile(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=not faults
        )
    except OSError as exc:
        log.warning("no log file (%s)", exc)
        return None
    handler.setFormatter(formatter)
    _add(handler)
    if faults:
        handler.follow_faults()
    return path


def current_log_file() -> Path | None:
    """The file this process logs to (None before :func:`setup`, or with no log folder)."""
    for handler in _installed:
        if isinstance(handler, _LogFile):
            return Path(handler.baseFilename)
    return None


def teardown() -> None:
    """Close what :func:`setup` opened (tests call setup many times in one process)."""
    for handler in _installed:
        log.removeHandler(handler)
        if isinstance(handler, _LogFile) and handler.faults and faulthandler.is_enabled():
            faulthandler.disable()
        handler.close()
    _installed.clear()


def _add(handler: logging.Handler) -> None:
    log.addHandler(handler)
    _installed.append(handler)


def describe_environment() -> str:
    """One line for the top of a session: versions and platform, for a bug report."""
    from blogdesk import __version__

    return (
        f"blogdesk {__version__}, Python {sys.version.split()[0]}, {sys.platform}, "
        f"pid {os.getpid()}"
    )
