"""`blogdesk meta FILE`: print a post's front matter, or edit fields without touching the rest."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from blogdesk.cli import CommandError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "meta",
        help="print or edit a post's front matter",
        description="Print the front matter of a post, one 'key: value' line per field in file "
        "order, or as JSON. With --set or --unset, change those fields and nothing else in the "
        "file; a field set to the value it already has is not written.",
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="a post file")
    parser.add_argument("--json", action="store_true", help="print the front matter as JSON")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a field; VALUE is read as YAML (tags=[a, b], draft=true, "
        "date=2024-05-01), and as plain text when that fails or reads as a mapping",
    )
    parser.add_argument(
        "--unset", action="append", default=[], metavar="KEY", help="remove a field"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from blogdesk.core.postfile import load_post

    edits = [_parse_assignment(text) for text in args.set]
    _check_keys([key for key, _ in edits], args.unset)
    post = load_post(args.file, root=args.file.absolute().parent)  # not a link out of it
    if edits or args.unset:
        return _edit(post, edits, args.unset)
    metadata = post.metadata
    if post.format is None and not args.json:
        print(f"blogdesk: {args.file}: no front matter", file=sys.stderr)
    if args.json:
        from blogdesk.commands.jsonout import write_json

        write_json(metadata, ensure_ascii=False, default=_json_default)
    else:
        for key, value in metadata.items():
            print(f"{key}: {format_value(value)}")
    return 0


def _edit(post: Any, edits: list[tuple[str, Any]], removals: list[str]) -> int:
    from blogdesk.core.postfile import save_post

    before = post.metadata
    report: list[str] = []
    for key, value in edits:
        if key in before and _same(before[key], value):
            continue
        post.set(key, value)
        report.append(f"{key}: {'changed' if key in before else 'added'}")
    for key in removals:
        if key in before:
            post.unset(key)
            report.append(f"{key}: removed")
    if report and save_post(post):
        print("\n".join(report))
    else:
        print("no change")
    return 0


def _parse_assignment(text: str) -> tuple[str, Any]:
    key, equals, raw = text.partition("=")
    key = key.strip()
    if not equals or not key:
        raise CommandError(f"--set needs KEY=VALUE, not {text!r}", status=2)
    return key, parse_value(raw)


def parse_value(raw: str) -> Any:
    """A command-line value read as YAML, falling back to the text as typed.

    ``true`` is a boolean, ``3`` a number, ``2024-05-01`` a date, ``[a, b]`` a list and
    ``"quoted"`` a string; but ``Hello: world`` stays that text rather than becoming a mapping,
    ``a # b`` keeps its ``#``, and text YAML cannot read is taken as typed.
    """
    text = raw.strip()
    if not text:
        return ""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from blogdesk.core import yaml_limits

    try:  # aliases limited as in front matter: `--set 'tags=...'` can be an alias bomb too
        yaml_limits.check_text(text, error=YAMLError)
        yaml_limits.check(YAML(typ="safe", pure=True).compose(text), error=YAMLError)
        value = YAML(typ="safe", pure=True).load(text)
    except (YAMLError, ValueError, OverflowError):  # a bad date (`+25:00`) is also text
        return text
    if isinstance(value, str):
        # YAML stripped quotes, comments or folded lines: keep the user's text unless they quoted
        return value if text[0] in "'\"" else text
    if isinstance(value, dict) and text[0] != "{":
        return text
    if value is None and text not in ("null", "Null", "NULL", "~"):
        return text  # `---` or `...` read as an empty document
    return value


def format_value(value: Any) -> str:
    """A front-matter value on one line, YAML-like: ``[a, b]``, ``true``, ``2024-05-01``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")  # as front matter usually writes it
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, str):
        plain = "\n" not in value and value == value.strip()
        import json

        return value if plain else json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {format_value(v)}" for k, v in value.items()) + "}"
    return str(value)


def _same(old: Any, new: Any) -> bool:
    """Equal in value and in kind: ``1`` is not ``true``, ``"3"`` is not ``3``."""
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)):
        return len(old) == len(new) and all(map(_same, old, new))
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(_same(old[k], new[k]) for k in old)
    if isinstance(old, datetime) or isinstance(new, datetime):
        return type(old) is type(new) and old == new
    if isinstance(old, str) or isinstance(new, str):
        return isinstance(old, str) and isinstance(new, str) and old == new
    return bool(old == new)


def _check_keys(set_keys: list[str], unset_keys: list[str]) -> None:
    for key in set_keys:
        if key in unset_keys:
            raise CommandError(f"{key!r} is both set and unset", status=2)
    duplicates = {key for key in set_keys if set_keys.count(key) > 1}
    if duplicates:
        raise CommandError(f"{sorted(duplicates)[0]!r} is set twice", status=2)


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (set, tuple)):
        return list(value)
    return str(value)
