"""blogdesk's log: a rotating file in the user's log folder, plus stderr with --verbose/--debug.

Qt-free, so the command line and the app share it. The app also sends ``faulthandler``'s report
of a hard crash (a segmentation fault in Qt, an abort) into the same file, so a window that
vanished when launched from the menu still leaves its trace where the user can find it.

The app starts with :func:`setup_early`: faulthandler writes to the log file from the first
moment, while log records wait in memory until :func:`finish_setup` (after the window is shown;
``logging.handlers`` and what it imports cost a few milliseconds of start-up). An error record
finishes the set-up at once, so a failure before the window shows is in the file too.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import logging.handlers

LOG_NAME = "blogdesk.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"

HELD_RECORDS = 1000  # records kept before finish_setup (the oldest go first)

log = logging.getLogger("blogdesk")
_installed: list[logging.Handler] = []
_log_file_class: type[logging.handlers.RotatingFileHandler] | None = None


def log_folder() -> Path:
    """The user's log folder for blogdesk (``~/.local/state/blogdesk/log`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_log_dir("blogdesk"))


def log_path() -> Path:
    """The current log file (older ones are ``blogdesk.log.1`` to ``.3``)."""
    return log_folder() / LOG_NAME


def _log_file_type() -> type[logging.handlers.RotatingFileHandler]:
    """The rotating log file's class, made on first use (``logging.handlers`` imports the
    socket and pickle modules: left out of the app's start-up until the window is shown)."""
    global _log_file_class
    if _log_file_class is None:
        import logging.handlers

        class _LogFile(logging.handlers.RotatingFileHandler):
            """A rotating log file that takes faulthandler along to the new file on each
            rotation."""

            faults = False

            def doRollover(self) -> None:
                super().doRollover()
                if self.faults:
                    _follow_faults(self)

        _log_file_class = _LogFile
    return _log_file_class


def _follow_faults(handler: logging.handlers.RotatingFileHandler) -> None:
    if handler.stream is None:
        handler.stream = handler._open()
    handler.faults = True  # type: ignore[attr-defined]
    faulthandler.enable(file=handler.stream, all_threads=True)


class _Held(logging.Handler):
    """Keeps records until :func:`finish_setup` writes them to the file; an error finishes the
    set-up at once. ``stream``: the log file opened for faulthandler meanwhile."""

    def __init__(self, level: int | None, stream: TextIO | None) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.wanted_level, self.stream = level, stream
        self.finished = False

    def emit(self, record: logging.LogRecord) -> None:
        if self.finished:  # another thread logged while the set-up finished
            for handler in _installed:
                handler.handle(record)
            return
        self.records = [*self.records[-(HELD_RECORDS - 1):], record]
        if record.levelno >= logging.ERROR:
            finish_setup()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        super().close()


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
        handler = _log_file_type()(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=not faults
        )
    except OSError as exc:
        log.warning("no log file (%s)", exc)
        return None
    handler.setFormatter(formatter)
    _add(handler)
    if faults:
        _follow_faults(handler)
    return path


def setup_early(level: int | None = None) -> None:
    """The app's start: faulthandler writes to the log file now; records wait for
    :func:`finish_setup` (with ``level``, --verbose or --debug, the set-up is done now)."""
    if level is not None:
        setup(level, faults=True)
        return
    teardown()
    log.setLevel(logging.INFO)
    log.propagate = False
    stream: TextIO | None = None
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        stream = open(path, "a", encoding="utf-8")  # noqa: SIM115 (closed by _Held.close)
        faulthandler.enable(file=stream, all_threads=True)
    except OSError:
        stream = None  # no log folder: finish_setup says so in the log's usual way
    _add(_Held(level, stream))


def finish_setup() -> None:
    """Set the log up as :func:`setup` does and write the records kept since
    :func:`setup_early` (nothing to do when it was not called or is done)."""
    held = next((h for h in _installed if isinstance(h, _Held)), None)
    if held is None or held.finished:
        return
    log.removeHandler(held)
    _installed.remove(held)  # out of teardown's reach: its file stays open for faulthandler
    setup(held.wanted_level, faults=True)
    held.finished = True
    for record in held.records:
        for handler in _installed:
            if record.levelno >= handler.level:
                handler.handle(record)
    held.records = []
    if current_log_file() is None and faulthandler.is_enabled():
        faulthandler.disable()  # it was writing to the early stream, closed now
    held.close()


def current_log_file() -> Path | None:
    """The file this process logs to (None before :func:`setup`, or with no log folder)."""
    for handler in _installed:
        if _log_file_class is not None and isinstance(handler, _log_file_class):
            return Path(handler.baseFilename)
    return None


def teardown() -> None:
    """Close what :func:`setup` opened (tests call setup many times in one process)."""
    for handler in _installed:
        log.removeHandler(handler)
        if isinstance(handler, _Held):
            faults = handler.stream is not None
        else:
            faults = getattr(handler, "faults", False)  # the log file that follows faults
        if faults and faulthandler.is_enabled():
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
