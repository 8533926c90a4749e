"""`blogdesk check`: being built."""

from __future__ import annotations

import argparse

from blogdesk.cli import CommandError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="(being built)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise CommandError("'check' is not built yet", status=2)
