"""`blogdesk new "TITLE"`: start a draft post named by the file pattern; never overwrite."""

from __future__ import annotations

import argparse
import contextlib
import os
from datetime import date, datetime
from pathlib import Path

from blogdesk.cli import CommandError
from blogdesk.core.config import Config, ConfigError, find_config_root, load_config
from blogdesk.core.post import slugify


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "new",
        help="start a new draft post",
        description="Create a draft post with title, date, tags and draft front matter, written "
        "as the library's own posts are (front matter, date format, tag list, spacing). The file "
        "is named by blogdesk.toml's file_pattern when it sets one, else as most of the library's "
        "posts are named; in a Jekyll site with _drafts/ it starts there. An existing file is "
        "never overwritten.",
    )
    parser.add_argument("title", metavar="TITLE", help="the post's title")
    parser.add_argument(
        "--dir",
        type=Path,
        help="the folder to create it in (default: the current folder, or the posts_dir of the "
        "library whose root it is)",
    )
    parser.add_argument(
        "--date", type=_iso_date, help="the post's date, YYYY-MM-DD (default: today)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from blogdesk.core.sites.conventions import new_post
    from blogdesk.core.sites.detect import detect_site

    title = " ".join(args.title.split())
    if not title:
        raise CommandError("the title is empty", status=2)
    if not slugify(title):
        raise CommandError(f"cannot make a file name from the title {title!r}", status=2)
    day = args.date or date.today()
    folder, config = _folder_and_config(args.dir)
    site = detect_site(folder, override=config.generator)
    when = datetime.combine(day, datetime.now().time().replace(microsecond=0))
    try:  # in the library's own style and file-name pattern (a Jekyll site: in _drafts/)
        made = new_post(site, folder, title, when, pattern=config.file_pattern)
    except ValueError as exc:
        raise CommandError(str(exc), status=2) from None
    _create(made.path, made.text.encode("utf-8"))
    print(made.path)
    return 0


def _folder_and_config(requested: Path | None) -> tuple[Path, Config]:
    folder = requested if requested is not None else Path()  # printed relative to here
    if not folder.is_dir():
        raise CommandError(f"no such folder: {folder}", status=2)
    root = find_config_root(folder)
    try:
        config = load_config(root) if root is not None else Config(root=folder)
    except ConfigError as exc:
        raise CommandError(str(exc)) from exc
    if requested is None and root == folder.resolve() and config.posts_dir:
        # run from a site's root: the post goes where the site keeps its posts
        folder = folder / config.posts_dir
    elif requested is None and not config.posts_dir:
        from blogdesk.core.library import find_posts_dir

        folder = find_posts_dir(folder)  # a site's root: _posts, content/posts... as listed
    return folder, config


def _create(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file at ``path``, atomically, failing if the file exists."""
    from blogdesk.core.postfile import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)  # a pattern may hold folders: {year}/{slug}.md
    try:
        # Claiming the name with O_EXCL is what makes this safe against a file appearing at the
        # same moment; the atomic write then replaces our own empty placeholder.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except FileExistsError:
        raise CommandError(f"{path} already exists; not overwritten") from None
    try:
        atomic_write(path, data)
    except BaseException:
        with contextlib.suppress(OSError):
            if path.stat().st_size == 0:
                path.unlink()
        raise


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from None
