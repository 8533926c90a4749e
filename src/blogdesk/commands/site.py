"""`blogdesk site [ROOT]`: which generator publishes a library, and what its config says."""

from __future__ import annotations

import argparse
from pathlib import Path

from blogdesk.cli import CommandError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "site",
        help="the site generator of a library and its settings",
        description="Detect the site generator (Hugo, Jekyll, Eleventy, Zola, Pelican, MkDocs, "
        "or none: blogdesk's own style) from ROOT and its parents, read its config without "
        "running anything, and print what was found: one line per setting, or JSON.",
    )
    parser.add_argument(
        "root", nargs="?", default=".", metavar="ROOT", type=Path,
        help="the library folder (default: the current folder)",
    )
    parser.add_argument("--generator", metavar="NAME", default="",
                        help="take this generator instead of detecting it")
    parser.add_argument("--json", action="store_true", help="print JSON instead")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from blogdesk.core.sites import GENERATORS, detect_site

    if not args.root.is_dir():
        raise CommandError(f"{args.root}: not a folder")
    if args.generator and args.generator.lower() not in GENERATORS:
        raise CommandError(
            f"unknown generator {args.generator!r} (known: {', '.join(GENERATORS)})", status=2
        )
    site = detect_site(args.root, override=args.generator)
    if args.json:
        from blogdesk.commands.jsonout import write_json

        write_json(site.to_json(), ensure_ascii=False)
        return 0
    print(site.describe())
    info = site.to_json()
    rows = [
        ("config", info["config"]),
        ("title", info["title"]),
        ("url", info["url"] + info["baseurl"]),
        ("templates", info["template_language"]),
        ("markdown", ", ".join(info["markdown"]["extensions"])),
        ("typographer", "on" if site.markdown.typographer else "off"),
        ("raw HTML", "published" if site.markdown.unsafe_html else "omitted"),
        ("permalink", info["permalink"]),
        ("taxonomies", ", ".join(info["taxonomies"])),
        ("data", ", ".join(info["data"])),
    ]
    for label, value in rows:
        if value:
            print(f"  {label}: {value}")
    for warning in site.warnings:
        print(f"  warning: {warning}")
    return 0
