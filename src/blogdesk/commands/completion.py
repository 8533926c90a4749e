"""`blogdesk completion bash|zsh|fish`: print a shell completion script (made by shtab).

Generated from the same parser the command line uses, so it always matches the installed
version. Install it with, for example, ``blogdesk completion bash > ~/.local/share/bash-completion/
completions/blogdesk`` or ``blogdesk completion fish > ~/.config/fish/completions/blogdesk.fish``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

SHELLS = ("bash", "zsh", "fish")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "completion",
        help="print a shell completion script",
        description="Print the completion script for SHELL on stdout. For bash: "
        "blogdesk completion bash > ~/.local/share/bash-completion/completions/blogdesk",
    )
    parser.add_argument("shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print(script(args.shell), end="")
    return 0


def script(shell: str) -> str:
    """The completion script for ``shell``; files and folders complete where a path goes (files
    everywhere: a command that takes a folder often takes one post too)."""
    import shtab

    from blogdesk.cli import build_parser

    parser = build_parser()
    for action in _all_actions(parser):
        metavar = str(action.metavar or "")
        if action.type is Path or metavar.startswith(("FILE", "DIR", "OUT")):
            action.complete = shtab.FILE  # type: ignore[attr-defined]
    return str(shtab.complete(parser, shell=shell))


def _all_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    actions = []
    for action in parser._actions:
        actions.append(action)
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                actions.extend(_all_actions(child))
    return actions
