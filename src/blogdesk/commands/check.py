"""`blogdesk check DIR`: read every post under a folder and report each problem as path:line."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from blogdesk.cli import CommandError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        help="report problems in the posts of a folder",
        description="Read every post under DIR (recursively; hidden folders, _site, public, "
        "node_modules and __pycache__ are skipped) and print each problem as "
        "'path:line: message'. Exit status 0 when every post is fine, 1 otherwise.",
    )
    parser.add_argument("dir", metavar="DIR", type=Path, help="a posts folder (or one post)")
    parser.add_argument(
        "more", metavar="PATH", type=Path, nargs="*", help="more folders or posts (--spelling)"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"posts": N, "problems": [{"path", "line", "message"}, ...]} instead',
    )
    parser.add_argument(
        "--spelling",
        action="store_true",
        help="check the spelling of the posts' text instead, printing "
        "'path:line:col: word (suggestions)' for each unknown word",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from blogdesk.core import files

    if args.spelling:
        return _run_spelling([args.dir, *args.more])
    if args.more:
        raise CommandError("several paths are only for --spelling; check one folder", status=2)
    top: Path = args.dir
    skipped: list[files.Skipped] = []
    if top.is_dir():
        found = files.walk(top)
        paths, base, root = sorted(top / rel for rel in found.found), top, top
        skipped = found.left_out()
    elif os.path.lexists(top):  # a file, or something that is not one: check_post says what
        paths, base, root = [top], top.parent, top.parent
    else:
        raise CommandError(f"no such file or folder: {top}", status=2)
    problems_found = [
        {"path": files.display(item.rel), "line": 1, "message": item.reason} for item in skipped
    ]
    problems_found += [
        {"path": files.display(_relative(path, base)), "line": line, "message": message}
        for path in paths
        for line, message in check_post(path, root)
    ]
    posts = len(paths) + len(skipped)
    if args.json:
        from blogdesk.commands.jsonout import write_json

        write_json({"posts": posts, "problems": problems_found})
    else:
        for problem in problems_found:
            print(f"{problem['path']}:{problem['line']}: {problem['message']}")
    problems = len(problems_found)
    print(
        f"{posts} {'post' if posts == 1 else 'posts'} checked, "
        f"{problems} {'problem' if problems == 1 else 'problems'}",
        file=sys.stderr,
    )
    return 1 if problems else 0


def _run_spelling(paths: list[Path]) -> int:
    """`check --spelling`: each unknown word as path:line:col; exit 1 when there is any."""
    from blogdesk.core import files
    from blogdesk.core.postfile import PostError
    from blogdesk.core.spelling import DictionaryMissing, FileSpeller

    found: list[Path] = []
    for top in paths:
        if top.is_dir():
            found.extend(sorted(top / rel for rel in files.walk(top).found))
        elif os.path.lexists(top):
            found.append(top)
        else:
            raise CommandError(f"no such file or folder: {top}", status=2)
    first = paths[0] if paths[0].is_dir() else paths[0].parent
    speller = FileSpeller(fallback_root=first.resolve())
    findings = errors = 0
    for path in found:
        try:
            found_here = speller.check_file(path)
        except DictionaryMissing as exc:
            raise CommandError(str(exc), status=2) from None
        except (PostError, OSError) as exc:
            print(f"{path}:1: {exc}")
            errors += 1
            continue
        for finding in found_here:
            print(finding)
        findings += len(found_here)
    print(
        f"{len(found)} {'post' if len(found) == 1 else 'posts'} checked, "
        f"{findings} unknown {'word' if findings == 1 else 'words'}",
        file=sys.stderr,
    )
    return 1 if findings or errors else 0


def check_post(path: Path, root: Path | None = None) -> list[tuple[int, str]]:
    """The problems of one post file, as (line, message), in line order; a file that is not a
    regular file inside ``root`` is one problem, and is not opened."""
    from blogdesk.core.postfile import PostError, load_post

    try:
        post = load_post(path, root=root)
    except PostError as exc:
        return [(getattr(exc, "line", None) or 1, getattr(exc, "message", None) or str(exc))]
    except OSError as exc:
        return [(1, f"cannot read: {exc.strerror or exc}")]
    if post.format is None:
        return [(1, "no front matter (so no title, date or tags)")]
    try:
        header = _Header(post)
        return sorted(_field_problems(post.metadata, header), key=lambda problem: problem[0])
    except Exception as exc:  # one odd post must not end the check of the others
        return [(1, f"could not check this post ({type(exc).__name__}: {exc})")]


def _field_problems(meta: dict[str, Any], header: _Header) -> Iterator[tuple[int, str]]:
    from blogdesk.core.post import DATE_KEYS, UPDATED_KEYS, as_bool, parse_date

    title = meta.get("title")
    if "title" not in meta or title is None:
        yield header.line_of("title"), "missing title"
    elif isinstance(title, (dict, list)):
        yield header.line_of("title"), f"title should be text, not {_kind(title)}"
    elif not str(title).strip():
        yield header.line_of("title"), "title is empty"
    for keys in (DATE_KEYS, UPDATED_KEYS):
        for key in keys:
            found = _key_in(meta, key)
            if found is None or (key == "published" and isinstance(meta[found], bool)):
                continue
            value = meta[found]
            if value is not None and parse_date(value) is None:
                yield header.line_of(found), f"{found}: {_show(value)} is not a date (YYYY-MM-DD)"
            break
    for key in ("tags", "categories", "category"):
        if key in meta:
            yield from _term_problems(key, meta[key], header)
    for key in ("draft", "published"):
        value = meta.get(key)
        if key == "published" and parse_date(value) is not None:
            continue
        if key in meta and value is not None and not isinstance(value, bool):
            readable = "" if as_bool(value) is None else " (some generators read any text as true)"
            yield (
                header.line_of(key),
                f"{key} should be true or false, not {_show(value)}{readable}",
            )


def _term_problems(key: str, value: Any, header: _Header) -> Iterator[tuple[int, str]]:
    if value is None or isinstance(value, str):
        return
    if isinstance(value, list):
        for number, item in enumerate(value, start=1):
            if isinstance(item, (dict, list)):
                yield header.line_of(key), f"{key}: item {number} is {_kind(item)}, not a name"
        return
    yield header.line_of(key), f"{key} should be a list or a string, not {_kind(value)}"


class _Header:
    """Finds the line of a key in a post's front matter, for messages that point at it."""

    def __init__(self, post: Any) -> None:
        text = post.to_bytes().decode("utf-8-sig", errors="replace")
        self.lines = text.splitlines()[: max(post.line_of_body_start() - 1, 0)]

    def line_of(self, key: str) -> int:
        name = re.escape(key)
        top = re.compile(rf"[\"']?{name}[\"']?\s*[:=]")
        nested = re.compile(rf"\s+[\"']?{name}[\"']?\s*[:=]")
        for pattern in (top, nested):
            for number, line in enumerate(self.lines, start=1):
                if pattern.match(line):
                    return number
        return 1


def _key_in(meta: dict[str, Any], key: str) -> str | None:
    """The key as spelled in ``meta`` (``publishDate`` for ``publishdate``), or None."""
    if key in meta:
        return key
    for candidate in meta:
        if str(candidate).lower() == key:
            return str(candidate)
    return None


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    return type(value).__name__


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else _kind(value)


def _relative(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
