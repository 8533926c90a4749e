"""The blogdesk command line: the app by default, plus one subcommand per task.

``blogdesk [PATH]`` opens the app; ``blogdesk stats|new|meta|check|list|tags|export ...`` runs a
command and exits. Each subcommand lives in ``blogdesk.commands.<name>`` (``-`` becomes ``_``)
and exposes ``register(subparsers)``. Errors are printed as one line on stderr, never as a
traceback; the traceback of an unexpected one goes to the log (``blogdesk.logs``).

A first word that is neither a command nor an existing file or folder is an error, with "did
you mean" when it is close to a command, decided before Qt is imported: ``blogdesk stat post.md``
must not start the app.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Mapping, Sequence

from blogdesk import __version__

COMMANDS = (
    "stats", "new", "meta", "check", "list", "tags", "export", "render", "site",
    "install-desktop", "completion", "manpage", "publish", "sync", "status",
)  # fmt: skip
#: Accepted anywhere before ``--``, for the app and every command: stderr shows the log.
#: The levels are logging's INFO and DEBUG; ``logging`` itself is imported only when a log is
#: set up (a command that runs well never needs it).
LOG_FLAGS = {"--verbose": 20, "--debug": 10}
_QUIET = 50  # logging.CRITICAL


class CommandError(Exception):
    """A failure a command reports to the user as one line, with an exit status."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that subcommand's module is imported (a faster start)."""
    parser = argparse.ArgumentParser(
        prog="blogdesk",
        allow_abbrev=False,  # --verbos is a typo, not --verbose (which main() takes out first)
        description="Read, draft and export Markdown blog posts. "
        "With no command, opens the app on PATH (a posts folder or a post).",
        epilog="Every --json output is the same JSON at a terminal and in a pipe: indented for "
        "reading at a terminal, one compact line when piped (faster for big libraries).",
    )
    parser.add_argument("--version", action="version", version=f"blogdesk {__version__}")
    parser.add_argument(
        "--verbose", action="store_true", help="also show the log's messages on stderr"
    )
    parser.add_argument(
        "--debug", action="store_true", help="show and log debugging detail (implies --verbose)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (only,) if only else COMMANDS:
        importlib.import_module(f"blogdesk.commands.{name.replace('-', '_')}").register(sub)
    return parser


def take_log_flags(argv: Sequence[str]) -> tuple[int | None, list[str]]:
    """The stderr log level asked for (None: quiet) and the arguments without those flags."""
    level: int | None = None
    rest: list[str] = []
    for index, arg in enumerate(argv):
        if arg == "--":
            rest.extend(argv[index:])
            break
        if arg in LOG_FLAGS:
            level = min(level if level is not None else _QUIET, LOG_FLAGS[arg])
        else:
            rest.append(arg)
    return level, rest


def unknown_word(word: str) -> str | None:
    """Why ``blogdesk WORD`` is an error (None: WORD is a file or folder to open).

    A mistyped command and a mistyped path look alike, so the suggestion is the closest of the
    command names and the names beside WORD (``blogdesk pots`` finds the ``posts`` folder)."""
    if os.path.lexists(os.path.expanduser(word)):  # "~/blog" quoted: the app expands it too
        return None
    folder = os.path.dirname(word)
    names = list(COMMANDS) if not folder else []
    names += [os.path.join(folder, entry) for entry in _names_in(folder or ".")]
    import difflib

    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if close:
        return f"{word!r} is not a command, a file or a folder; did you mean {close[0]!r}?"
    return f"{word!r} is not a command, a file or a folder (see blogdesk --help)"


def _names_in(folder: str, limit: int = 1000) -> list[str]:
    """Up to ``limit`` names in a folder (a huge or unreadable one gives what it gives)."""
    names: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if len(names) >= limit:
                    break
                if not entry.name.startswith("."):
                    names.append(entry.name)
    except OSError:
        pass
    return names


def display_problem(qt_args: Sequence[str], env: Mapping[str, str] = os.environ) -> str | None:
    """Why the window cannot open here (None: it can). Over SSH with no display, Qt would abort
    the process (status 134) with a message about plugins; say what is wrong instead."""
    if not sys.platform.startswith("linux") or "-platform" in qt_args:
        return None
    if any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    return (
        "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); "
        "the commands work without one: see blogdesk --help"
    )


def _run_app(argv: Sequence[str], level: int | None) -> int:
    parser = argparse.ArgumentParser(prog="blogdesk", add_help=False)
    parser.add_argument("path", nargs="?")
    args, qt_args = parser.parse_known_args(argv)
    problem = display_problem(qt_args)
    if problem:
        print(f"blogdesk: {problem}", file=sys.stderr)
        return 2
    from blogdesk import logs

    logs.setup_early(level)  # faulthandler now; the log's handlers once the window shows
    logs.log.info("app starting: %s", logs.describe_environment())
    from blogdesk.app import run_app  # Qt is imported only when the app starts

    try:
        status = run_app(args.path, qt_args)
    except Exception:
        logs.log.exception("the app stopped on an error")
        raise
    logs.finish_setup()  # the app may have ended before its window was shown
    logs.log.info("app finished with status %s", status)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    level, argv = take_log_flags(sys.argv[1:] if argv is None else argv)
    first = argv[0] if argv else None
    if first is None or (first not in COMMANDS and not first.startswith("-")):
        problem = unknown_word(first) if first is not None else None
        if problem:
            print(f"blogdesk: {problem}", file=sys.stderr)
            return 2
        return _run_app(argv, level)
    parser = build_parser(first if first in COMMANDS else None)
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):  # options only, and none that starts the app
        parser.error("no command given (blogdesk PATH opens the app)")
    if level is not None:  # otherwise the log is set up only if something goes wrong (faster)
        from blogdesk import logs

        logs.setup(level)
        logs.log.debug("command: %s", " ".join(argv))
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"blogdesk: {exc}", file=sys.stderr)
        return exc.status
    except BrokenPipeError:
        # the reader went away (`blogdesk list DIR | head`): stop quietly, as cat does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("blogdesk: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a readable line, never a traceback
        return _report(exc)


def _report(exc: Exception) -> int:
    """Print an error as one line; known failures exit 1, unexpected ones 2."""
    from blogdesk.core.config import ConfigError
    from blogdesk.core.postfile import PostError
    from blogdesk.core.render import RenderError

    if isinstance(exc, (PostError, ConfigError, RenderError, OSError)):
        print(f"blogdesk: {exc}", file=sys.stderr)
        return 1
    from blogdesk import logs

    if logs.current_log_file() is None:
        logs.setup()
    logs.log.error("internal error", exc_info=exc)
    if os.environ.get("BLOGDESK_DEBUG"):
        raise exc
    print(
        f"blogdesk: internal error: {type(exc).__name__}: {exc} "
        f"(the traceback is in {logs.log_path()}; BLOGDESK_DEBUG=1 shows it here)",
        file=sys.stderr,
    )
    return 2
