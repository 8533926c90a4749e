"""`blogdesk export`: one post as a standalone HTML page, or a folder of posts as a static site."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from blogdesk.cli import CommandError
from blogdesk.commands.progress import ProgressBar


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
        "--json",
        action="store_true",
        help="print what was written as JSON (the report's fields) instead of a summary line",
    )
    parser.set_defaults(func=run)


def _print_json(report: dict[str, Any]) -> None:
    json.dump(report, sys.stdout, indent=2, default=str)  # default=str: paths
    print()


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
            written = export.export_post(source, output, embed_images=args.embed_images)
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
        report = export.export_site(source, output, drafts=args.drafts, progress=bar)
    finally:
        bar.close()
    for message in report.errors:
        print(message, file=sys.stderr)
    if args.json:
        _print_json(dataclasses.asdict(report))
        return 1 if report.errors else 0
    print(
        f"{report.posts} posts exported to {report.outdir} "
        f"({len(report.written)} files written, {report.rendered} posts rendered"
        + (f", {report.left_out} drafts or scheduled left out" if report.left_out else "")
        + f", {report.seconds:.2f} s)"
    )
    return 1 if report.errors else 0
