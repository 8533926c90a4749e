"""`blogdesk tags DIR`: tags and categories with their counts; rename, merge or remove a tag."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from blogdesk.cli import CommandError
from blogdesk.commands.list import open_library


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "tags",
        help="tags and categories of a library; rename, merge or remove a tag",
        description="Without an action: every tag and category with its number of posts, and "
        "tags that look like the same tag written differently. With --rename, --merge or "
        "--remove: edit the tags of every post concerned (only their tags lines change) and "
        "print each file changed; --dry-run shows the changes without writing.",
    )
    parser.add_argument("folder", metavar="DIR", type=Path, help="the library folder")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="rename a tag")
    action.add_argument("--merge", nargs="+", metavar="TAG", help="merge these tags (see --into)")
    action.add_argument("--remove", metavar="TAG", help="remove a tag from every post")
    parser.add_argument("--into", metavar="TAG", help="the tag that --merge merges into")
    parser.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    parser.add_argument("--json", action="store_true", help="print JSON instead")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.merge and not args.into:
        raise CommandError("--merge needs --into TAG", status=2)
    if args.into and not args.merge:
        raise CommandError("--into goes with --merge", status=2)
    if args.dry_run and not (args.rename or args.merge or args.remove):
        raise CommandError("--dry-run goes with --rename, --merge or --remove", status=2)
    with open_library(args.folder, complete=False) as library:  # tags need no word counts
        if args.rename or args.merge or args.remove:
            status = _change(library, args)
            _report_unread(library, "not changed")
            return status
        _report(library, args.json)
        _report_unread(library, "tags not counted")
    return 0


def _report_unread(library: Any, what: str) -> None:
    """One line on stderr for each post whose front matter could not be read (duplicate keys,
    CR-only line endings, an alias bomb...): its tags were not seen, and it says why."""
    for entry in library.posts():
        if entry.error:
            rel = _relative(entry.path, library.posts_dir)
            print(f"blogdesk: {rel}: {what}: {entry.error}", file=sys.stderr)


def _report(library: Any, as_json: bool) -> None:
    tags, categories = library.tags(), library.categories()
    duplicates = library.near_duplicate_tags()
    if as_json:
        from blogdesk.commands.jsonout import write_json

        write_json(
            {
                "tags": [{"name": name, "count": count} for name, count in tags],
                "categories": [{"name": name, "count": count} for name, count in categories],
                "near_duplicates": duplicates,
            },
            ensure_ascii=False,
        )
        return
    _print_counts("Tags", tags)
    print()
    _print_counts("Categories", categories)
    if duplicates:
        counts = dict(tags)
        print()
        print("Tags that look like the same tag written differently:")
        for group in duplicates:
            print("  " + ", ".join(f"{_shown(tag)} ({counts.get(tag, 0)})" for tag in group))
        print("Merge them with: blogdesk tags DIR --merge A B --into C")


def _shown(name: str) -> str:
    """A tag as a user can tell it apart: quoted when spaces at its ends would hide."""
    return repr(name) if name != name.strip() or not name else name


def _print_counts(heading: str, counts: list[tuple[str, int]]) -> None:
    print(f"{heading} ({len(counts)}):")
    if not counts:
        print("  (none)")
        return
    width = max(len(str(count)) for _, count in counts)
    for name, count in counts:
        print(f"  {count:>{width}}  {_shown(name)}")


def _change(library: Any, args: argparse.Namespace) -> int:
    try:
        if args.rename:
            changes = library.rename_tag(args.rename[0], args.rename[1], dry_run=args.dry_run)
        elif args.merge:
            changes = library.merge_tags(args.merge, args.into, dry_run=args.dry_run)
        else:
            changes = library.remove_tag(args.remove, dry_run=args.dry_run)
    except ValueError as exc:
        raise CommandError(str(exc), status=2) from None
    done = [c for c in changes if c.error is None]
    failed = [c for c in changes if c.error is not None]
    if args.json:
        from blogdesk.commands.jsonout import write_json

        write_json([_change_json(c, library.posts_dir) for c in changes])
    else:
        for change in done:
            before, after = _tag_list(change.before), _tag_list(change.after)
            print(f"{_relative(change.path, library.posts_dir)}: {before} → {after}")
        verb = "would change" if args.dry_run else "changed"
        noun = "file" if len(done) == 1 else "files"
        note = " (dry run: nothing written)" if args.dry_run else ""
        print(f"{verb} {len(done)} {noun}{note}")
    for change in failed:
        print(f"blogdesk: {change.path}: skipped: {change.error}", file=sys.stderr)
    return 1 if failed else 0


def _tag_list(tags: tuple[str, ...]) -> str:
    return "[" + ", ".join(tags) + "]"


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


def _change_json(change: Any, base: Path) -> dict[str, Any]:
    return {
        "path": _relative(change.path, base),
        "before": list(change.before),
        "after": list(change.after),
        "error": change.error,
    }
