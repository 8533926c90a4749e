"""`blogdesk export`: one post as a standalone HTML page, or a folder of posts as a static site."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blogdesk.cli import CommandError
from blogdesk.commands.progress import ProgressBar

if TYPE_CHECKING:
    from blogdesk.core.export import ExportReport

#: Seconds per post; the same as ``core.export.DEFAULT_TIME_LIMIT`` (not imported here: the
#: command line starts without loading the export).
DEFAULT_TIME_LIMIT = 10.0
#: How a left-out post is shown, by its reason.
_REASONS = {
    "draft": "draft",
    "scheduled": "scheduled",
    "unreadable": "could not be read",
    "too large": "too long",
    "timed out": "took too long to render",
    "skipped": "not a post file",
}


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export",
        help="export a post as an HTML page, or a posts folder as a static site",
        description="FILE -o OUT.html writes one standalone page (CSS inlined, images copied "
        "beside it). DIR -o OUTDIR writes a static site: index, post and tag pages, feed.xml.",
    )
    parser.add_argument("source", metavar="FILE|DIR", help="a post file or a posts folder")
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="output file or folder"
    )
    parser.add_argument(
        "--embed-images",
        action="store_true",
        help="one post: put local images in the page as data: URIs instead of copying them",
    )
    parser.add_argument(
        "--drafts", action="store_true", help="site: include drafts and scheduled posts"
    )
    parser.add_argument(
        "--time-limit",
        type=_seconds,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"the seconds one post may take to render (default {DEFAULT_TIME_LIMIT:g}; "
        "0 for none); in a site, a post that takes longer is left out and named",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print what was written as JSON (the report's fields) instead of a summary line",
    )
    parser.set_defaults(func=run)


def _print_json(report: dict[str, Any]) -> None:
    from blogdesk.commands.jsonout import write_json

    write_json(report, default=str)  # default=str: paths


def run(args: argparse.Namespace) -> int:
    from blogdesk.core.config import ConfigError

    try:
        return _run(args)
    except (ConfigError, ValueError) as exc:  # a bad blogdesk.toml, an output over the input
        raise CommandError(str(exc)) from exc


def _run(args: argparse.Namespace) -> int:
    from blogdesk.core import export

    source, output = Path(args.source), Path(args.output)
    if not source.exists():
        raise CommandError(f"{source}: no such file or folder")
    if source.is_file():
        if args.drafts:
            raise CommandError("--drafts is for a folder of posts")
        if output.is_dir():
            output = output / (source.stem + ".html")
        from blogdesk.core.render import RenderError

        try:
            written = export.export_post(
                source, output, embed_images=args.embed_images, time_limit=args.time_limit or None
            )
        except RenderError as exc:
            raise CommandError(f"{source}: {exc}") from exc
        if args.json:
            _print_json({"source": source, "written": written})
        else:
            print(written)
        return 0
    if args.embed_images:
        raise CommandError("--embed-images is for a single post")
    if output.exists() and not output.is_dir():
        raise CommandError(f"{output}: exists and is not a folder")
    bar = ProgressBar(sys.stderr)
    try:
        report = export.export_site(
            source,
            output,
            drafts=args.drafts,
            progress=bar,
            time_limit=args.time_limit or None,
        )
    finally:
        bar.close()
    for message in report.errors:
        print(message, file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    for omitted in report.omitted:
        reason = omitted.detail or _REASONS.get(omitted.reason, omitted.reason)
        print(f"left out ({reason}): {omitted.path}", file=sys.stderr)
    if args.json:
        _print_json(dataclasses.asdict(report))
        return 1 if report.errors else 0
    print(
        f"{report.posts} posts exported to {report.outdir} "
        f"({len(report.written)} files written, {report.rendered} posts rendered"
        + _left_out(report)
        + f", {report.seconds:.2f} s)"
    )
    return 1 if report.errors else 0


def _left_out(report: ExportReport) -> str:
    """``, 3 left out: 2 drafts, 1 took too long to render``, or nothing."""
    from collections import Counter

    counts = Counter(_REASONS.get(o.reason, o.reason) for o in report.omitted)
    if not counts:
        return ""
    named = [
        f"{n} {reason}{'s' if n > 1 and reason == 'draft' else ''}" for reason, n in counts.items()
    ]
    return f", {sum(counts.values())} left out: {', '.join(named)}"
