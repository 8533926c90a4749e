"""`blogdesk list DIR`: the posts of a library, filtered, searched and sorted; a table or JSON."""

from __future__ import annotations

import argparse
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

from blogdesk.cli import CommandError

SORTS = ("date", "updated", "title", "reading", "relevance")
# The natural order of each sort; --reverse turns it round.
_DESCENDING = {"date": True, "updated": True, "title": False, "reading": False, "relevance": True}
STATUSES = ("draft", "scheduled", "published")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "list",
        help="list the posts of a library",
        description="List the posts of a library (a posts folder or a Jekyll, Hugo or Eleventy "
        "site): date, status, reading time, title and tags. Filters combine.",
    )
    parser.add_argument("folder", metavar="DIR", type=Path, help="the library folder")
    parser.add_argument("--tag", help="only posts with this tag (exact)")
    parser.add_argument("--category", help="only posts in this category (exact)")
    parser.add_argument("--status", choices=STATUSES, help="only posts with this status")
    parser.add_argument(
        "--search",
        metavar="TEXT",
        help='full-text search of title, summary, tags and body: words, "a phrase", '
        "prefix*, -excluded",
    )
    parser.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="dated on or after")
    parser.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="dated on or before")
    parser.add_argument(
        "--sort",
        choices=SORTS,
        help="order: date (newest first; the default), updated, title (A to Z), reading "
        "(shortest first), relevance (best match first; the default with --search)",
    )
    parser.add_argument("--reverse", action="store_true", help="reverse the order")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list instead (indented at a terminal, compact when piped)",
    )
    parser.set_defaults(func=run)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def run(args: argparse.Namespace) -> int:
    from blogdesk.core.library import Query
    from blogdesk.core.post import Status

    sort = args.sort or ("relevance" if args.search else "date")
    query = Query(
        text=args.search or "",
        tag=args.tag,
        category=args.category,
        status=Status(args.status) if args.status else None,
        date_from=args.since,
        date_to=args.until,
        sort=sort,
        descending=_DESCENDING[sort] != args.reverse,
    )
    with open_library(args.folder) as library:
        if args.json:
            from blogdesk.commands.jsonout import indents, write_json

            if indents(sys.stdout):
                from blogdesk.core.post_entry import PostRow

                # from the index's values (a PostRow's fields are the keys): no Path or
                # datetime made for each post
                keys = PostRow._fields
                write_json([dict(zip(keys, row, strict=True)) for row in library.rows(query)])
            else:  # the same JSON, compact, written from the index's values in one go
                sys.stdout.write(library.rows_json(query) + "\n")
        else:
            _print_table(library.posts(query), library.posts_dir)
    return 0


def open_library(folder: Path, *, complete: bool = True) -> Any:
    """Open the library at ``folder`` for a command. ``complete``: with exact reading times and
    every body searchable (the app instead lists first and indexes after); without, background
    indexing stops at close and goes on at the next open."""
    from blogdesk.core.config import ConfigError
    from blogdesk.core.library import Library

    if not folder.is_dir():
        raise CommandError(f"{folder}: not a folder", status=1)
    from blogdesk.commands.progress import ProgressBar

    bar = ProgressBar(sys.stderr)
    try:
        library = Library.open(folder, background=not complete, progress=bar)
    except ConfigError as exc:
        raise CommandError(str(exc), status=1) from None
    finally:
        bar.close()
    report_skipped(library)
    return library


def report_skipped(library: Any) -> None:
    """One line on stderr for each post-named file the library left out, and why (a FIFO, a
    link out of the library, a name that is not UTF-8): nothing is left out silently."""
    from blogdesk.core.files import display

    for item in library.skipped:
        print(f"blogdesk: {display(item.rel)}: left out: {item.reason}", file=sys.stderr)


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _print_table(entries: list[Any], base: Path) -> None:
    width = shutil.get_terminal_size((120, 24)).columns
    rows = []
    for entry in entries:
        title = entry.title
        if entry.error:
            title = f"{title}  [{_relative(entry.path, base)}: {entry.error}]"
        rows.append(
            (
                entry.date.strftime("%Y-%m-%d") if entry.date else "—",
                "error" if entry.error else entry.status.value,
                f"{entry.minutes} min",
                title,
                ", ".join(entry.tags),
            )
        )
    fixed = 10 + 2 + 9 + 2 + 7 + 2
    title_width = max(20, min(60, width - fixed - 24))
    print(f"{'DATE':<10}  {'STATUS':<9}  {'READ':>7}  {'TITLE':<{title_width}}  TAGS")
    for day, status, minutes, title, tags in rows:
        line = f"{day:<10}  {status:<9}  {minutes:>7}  {_clip(title, title_width):<{title_width}}"
        print(f"{line}  {tags}".rstrip() if tags else line.rstrip())
    errors = sum(1 for entry in entries if entry.error)
    noun = "post" if len(entries) == 1 else "posts"
    summary = f"{len(entries)} {noun}"
    if errors:
        summary += f", {errors} could not be read"
    print(summary)
