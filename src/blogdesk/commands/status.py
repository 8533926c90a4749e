"""`blogdesk status [DIR] [--json]`: each post's git state and the branch, for scripts too."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from blogdesk.cli import CommandError

if TYPE_CHECKING:
    from blogdesk.core.git import RepoStatus


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "status",
        help="each post's git state (new, modified, unpushed, published)",
        description="Show the branch, its commits ahead of and behind the upstream, and each "
        "post's git state: new (never committed), modified (changed since its last commit), "
        "unpushed (committed, not on the upstream yet), published (as on the upstream), "
        "conflict, ignored.",
    )
    parser.add_argument("folder", nargs="?", default=Path("."), type=Path, metavar="DIR",
                        help="the library (a posts folder or a site root, as for `blogdesk "
                        "list`; default: the current folder)")
    parser.add_argument("--json", action="store_true", help="print a JSON object instead")
    parser.add_argument("--state", help="only posts in this state (e.g. new, modified)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from blogdesk.core.git import GitError, PostState, read_status

    if not args.folder.is_dir():
        raise CommandError(f"{args.folder}: not a folder")
    if args.state and args.state not in {s.value for s in PostState}:
        raise CommandError(f"--state: one of {', '.join(s.value for s in PostState)}")
    try:
        folder = _posts_folder(args.folder)
        status = _site_posts(read_status(folder), folder)
    except GitError as exc:
        raise CommandError(exc.message) from None
    posts = {rel: state for rel, state in status.posts.items()
             if not args.state or state.value == args.state}
    branch = status.branch
    if args.json:
        # one write of the whole text: json.dump's many small writes cost more than the status
        text = json.dumps({
            "root": str(status.root),
            "folder": str(status.folder),
            "branch": branch.name,
            "commit": branch.commit,
            "upstream": branch.upstream,
            "ahead": branch.ahead,
            "behind": branch.behind,
            "operation": branch.operation,
            "counts": status.counts(),
            "posts": [{"path": rel, "state": state.value} for rel, state in posts.items()],
        }, indent=2)
        sys.stdout.write(text + "\n")
        return 0
    print(f"branch: {branch.summary}")
    for rel, state in posts.items():
        if state.value != "published" or args.state:
            print(f"{state.value:<10} {rel}")
    counts = {k: v for k, v in status.counts().items() if v}
    print(", ".join(f"{v} {k}" for k, v in counts.items()) or "no posts")
    return 0


def _site_posts(status: RepoStatus, folder: Path) -> RepoStatus:
    """The status of the files the site publishes as posts, as the library lists them (at a
    Jekyll site's root: ``_posts/`` and ``_drafts/``, not ``index.md`` or the README)."""
    from dataclasses import replace

    from blogdesk.core.sites.conventions import post_filter
    from blogdesk.core.sites.detect import detect_site

    keep = post_filter(detect_site(folder), folder)
    return replace(status, posts={rel: state for rel, state in status.posts.items() if keep(rel)})


def _posts_folder(folder: Path) -> Path:
    """The posts folder of a library, found as ``Library.open`` finds it (blogdesk.toml's
    ``posts_dir``, else ``_posts``, ``content/posts`` or ``content``), without indexing it."""
    from blogdesk.core.config import ConfigError, load_config
    from blogdesk.core.library import find_posts_dir

    try:
        config = load_config(folder)
    except ConfigError as exc:
        raise CommandError(str(exc)) from None
    return folder / config.posts_dir if config.posts_dir else find_posts_dir(folder)
