"""`blogdesk sync [DIR] [--take mine|theirs]`: fetch, rebase or merge as configured, push.

On a conflict nothing is changed: both versions of each conflicted file are printed (or saved
with ``--save-conflicts``), and the author runs sync again choosing a side.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from blogdesk.cli import CommandError

CONFLICT_STATUS = 3


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "sync",
        help="fetch, rebase or merge, and push",
        description="Bring in the upstream's new commits (a rebase or a merge, as the "
        "repository's pull.rebase says) and push yours. A conflict changes nothing: both "
        "versions are shown, and you run sync again with --take. Exit status 3 on a conflict.",
    )
    parser.add_argument("folder", nargs="?", default=Path("."), type=Path, metavar="DIR",
                        help="a folder in the repository (default: the current folder)")
    parser.add_argument("--take", choices=("mine", "theirs"),
                        help="on a conflict, keep this side's version of each conflicted file "
                        "(the other stays in the history)")
    parser.add_argument("--no-push", action="store_true", help="do not push")
    parser.add_argument("--save-conflicts", type=Path, metavar="FOLDER",
                        help="on a conflict, write both versions of each file to FOLDER")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from blogdesk.core.git import GitError
    from blogdesk.core.git.sync import sync

    if not args.folder.is_dir():
        raise CommandError(f"{args.folder}: not a folder")
    try:
        result = sync(args.folder, push=not args.no_push, take=args.take)
    except GitError as exc:
        raise CommandError(exc.message) from None
    for line in result.lines:
        print(line)
    if not result.conflicts:
        return 0
    for conflict in result.conflicts:
        print(f"\nconflict in {conflict.path}: both sides changed it", file=sys.stderr)
        for side, text in (("mine (this copy)", conflict.mine),
                           ("theirs (the upstream)", conflict.theirs)):
            print(f"----- {side} -----", file=sys.stderr)
            print(text if text is not None else "(deleted)", file=sys.stderr, end="" if
                  text and text.endswith("\n") else "\n")
        if args.save_conflicts:
            _save(args.save_conflicts, conflict.path, conflict.mine, conflict.theirs)
    print("\nNothing was changed. Run `blogdesk sync --take mine` or `--take theirs` (the other "
          "version stays in the history). To combine both, edit the post, publish it with "
          "--no-push, then run `blogdesk sync --take mine`.", file=sys.stderr)
    return CONFLICT_STATUS


def _save(folder: Path, path: str, mine: str | None, theirs: str | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stem = path.replace("/", "__")
    for side, text in (("mine", mine), ("theirs", theirs)):
        if text is not None:
            (folder / f"{stem}.{side}").write_text(text, encoding="utf-8")
