"""`blogdesk publish FILE... [--dry-run] [--no-push] [--message M]`: commit a post and push it.

A draft is marked published (in its own convention) and dated if it has no date; the commit holds
exactly the posts and the local images they show, nothing else the tree has; then it is pushed
to the upstream. ``--dry-run`` says what would happen and changes nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from blogdesk.cli import CommandError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "publish",
        help="commit a post and its images, and push",
        description="Publish posts through the blog's git repository: a draft gets draft: false "
        "(or its own convention) and a date if it has none; the post and the local images it "
        "shows are committed, and nothing else; the commit is pushed to the upstream branch.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", type=Path, help="a post file")
    parser.add_argument("--dry-run", "-n", action="store_true",
                        help="say what would happen; change nothing")
    parser.add_argument("--no-push", action="store_true", help="commit only")
    parser.add_argument("--message", "-m", help='the commit message (default "Publish: TITLE")')
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from blogdesk.core.git import GitError
    from blogdesk.core.git.publish import plan_publish, publish

    try:
        plan = plan_publish(args.files, message=args.message, push=not args.no_push)
        if args.dry_run:
            print("Dry run: nothing is changed.")
            for line in plan.describe():
                print(line)
            return 0
        result = publish(plan)
    except GitError as exc:
        raise CommandError(exc.message) from None
    for line in result.lines:
        print(line)
    if not result.lines:
        print("nothing to publish: already committed and pushed")
    return 0
