"""`blogdesk render FILE...`: each post's body as the sanitized HTML the preview shows.

The body only (front matter read and left out), without the page template, rendered by the
generator's Markdown family: ``--generator NAME`` chooses it, else the site's flavour
(:func:`blogdesk.core.render.contract.flavour_for`). One file goes to stdout; with
``--out-dir DIR`` each FILE goes to ``DIR/<stem>.html``. ``-`` reads a post from stdin.

A file's site is found from its folder (and its parents), stdin's from the current folder, as
the app finds a library's; ``--site ROOT`` names it. With ``--generator NAME`` and no site
found, that generator's defaults apply, its template pass included (Hugo shortcodes, Liquid).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from blogdesk.cli import CommandError

MAX_BYTES = 50 * 2**20  # the same limit as opening a post


class _Generators:
    """The generator names for ``--generator``, looked up only when argparse checks a value or
    shows this command's help: ``blogdesk --help`` imports no config or renderer."""

    @staticmethod
    def _names() -> tuple[str, ...]:
        from blogdesk.core.config import GENERATOR_NAMES

        return GENERATOR_NAMES

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "render",
        help="a post's body as sanitized HTML, as the preview shows it",
        description="Write each post's body as the sanitized HTML the preview shows, without "
        "the page template: to stdout for one FILE, or DIR/<stem>.html each with --out-dir.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="a post file, or - for stdin")
    parser.add_argument(
        "--generator",
        choices=_Generators(),
        metavar="NAME",
        help="render as this generator does: %(choices)s (default: the site's, else blogdesk)",
    )
    parser.add_argument("--site", type=Path, metavar="ROOT", help="the site's root folder")
    parser.add_argument("--out-dir", type=Path, metavar="DIR", help="write DIR/<stem>.html each")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from blogdesk.core.postfile import PostError, atomic_write
    from blogdesk.core.render import RenderError

    files: list[str] = args.files
    if args.out_dir is None and len(files) > 1:
        raise CommandError("more than one FILE: give --out-dir DIR to write DIR/<stem>.html each")
    if files.count("-") > 1:
        raise CommandError("stdin (-) can be read only once")
    if args.site is not None and not args.site.is_dir():
        raise CommandError(f"--site {args.site}: no such folder")
    targets = _targets(files, args.out_dir) if args.out_dir is not None else {}
    if args.out_dir is not None:
        _make_dir(args.out_dir)
    failed = False
    for name in files:
        try:
            html = _render_one(name, args.generator, args.site)
            if args.out_dir is None:  # a final newline for the terminal; files get the HTML as is
                sys.stdout.write(html if html.endswith("\n") or not html else html + "\n")
            else:
                atomic_write(targets[name], html.encode("utf-8"))
        except (PostError, RenderError) as exc:
            print(f"blogdesk: {exc}", file=sys.stderr)
            failed = True
        except OSError as exc:
            print(f"blogdesk: {name}: {exc.strerror or exc}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


def _render_one(name: str, generator: str | None, site: Path | None) -> str:
    from blogdesk.core.postfile import load_post, parse_post
    from blogdesk.core.render.contract import flavour_for, render_site_body
    from blogdesk.core.sites.detect import detect_site

    if name == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise CommandError(f"stdin: more than {MAX_BYTES // 2**20} MB; not rendered")
        post = parse_post(data, Path("<stdin>"))
        folder = site or Path.cwd()
    else:
        path = Path(name)
        post = load_post(path, max_bytes=MAX_BYTES)
        folder = site or path.absolute().parent
    detected = detect_site(folder, override=generator or "")
    for warning in () if generator else detected.warnings:  # --generator: asked for
        print(f"blogdesk: {name}: {warning}", file=sys.stderr)  # e.g. an unreadable config
    return render_site_body(flavour_for(detected), post.body, page=post.metadata).html


def _targets(files: list[str], out_dir: Path) -> dict[str, Path]:
    """Where each FILE's HTML goes; two files with the same stem are refused, not overwritten."""
    targets: dict[str, Path] = {}
    seen: dict[str, str] = {}
    for name in files:
        stem = "stdin" if name == "-" else Path(name).stem
        if stem in seen:
            raise CommandError(f"{seen[stem]} and {name} would both be written to {stem}.html")
        seen[stem] = name
        targets[name] = out_dir / f"{stem}.html"
    return targets


def _make_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise CommandError(f"{out_dir} is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"cannot make {out_dir}: {exc.strerror or exc}") from None
