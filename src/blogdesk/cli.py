"""The blogdesk command line: the app by default, plus one subcommand per task.

``blogdesk [PATH]`` opens the app; ``blogdesk stats|new|meta|check|list|tags|export ...`` runs a
command and exits. Each subcommand lives in ``blogdesk.commands.<name>`` and exposes
``register(subparsers)``. Errors are printed as one line on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from blogdesk import __version__

COMMANDS = (
    "stats", "new", "meta", "check", "list", "tags", "export", "render", "site",
    "publish", "sync", "status",
)


class CommandError(Exception):
    """A failure a command reports to the user as one line, with an exit status."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that subcommand's module is imported (a faster start)."""
    parser = argparse.ArgumentParser(
        prog="blogdesk",
        description="Read, draft and export Markdown blog posts. "
        "With no command, opens the app on PATH (a posts folder or a post).",
    )
    parser.add_argument("--version", action="version", version=f"blogdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (only,) if only else COMMANDS:
        importlib.import_module(f"blogdesk.commands.{name}").register(sub)
    return parser


def _run_app(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="blogdesk", add_help=False)
    parser.add_argument("path", nargs="?")
    args, qt_args = parser.parse_known_args(argv)
    from blogdesk.app import run_app  # Qt is imported only when the app starts

    return run_app(args.path, qt_args)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        return _run_app(argv)
    parser = build_parser(argv[0] if argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
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
    if os.environ.get("BLOGDESK_DEBUG"):
        raise exc
    print(
        f"blogdesk: internal error: {type(exc).__name__}: {exc} "
        "(set BLOGDESK_DEBUG=1 for the traceback)",
        file=sys.stderr,
    )
    return 2
