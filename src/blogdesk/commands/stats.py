"""`blogdesk stats FILE...`: the reading time and word count of posts, as text or JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "stats",
        help="reading time and word count of posts",
        description="Print the reading time and word count of each post (its body only: front "
        "matter, Markdown syntax, HTML tags and link URLs are not counted).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", type=Path, help="a post file")
    parser.add_argument(
        "--wpm",
        type=_positive_int,
        help="reading speed in words a minute (default: the library's blogdesk.toml, else 200)",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list instead")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from blogdesk.core.config import ConfigError
    from blogdesk.core.postfile import PostError, load_post
    from blogdesk.core.stats import count_text, format_reading, reading_minutes

    speeds = _Speeds(args.wpm)
    results: list[dict[str, object]] = []
    failed = False
    for path in args.files:
        try:
            post = load_post(path, root=path.absolute().parent)  # not a link out of it
            wpm = speeds.for_file(path)
        except (PostError, ConfigError, OSError) as exc:
            # one bad file is reported and the others are still counted
            print(f"blogdesk: {_describe_error(exc, path)}", file=sys.stderr)
            failed = True
            continue
        counts = count_text(post.body)
        if args.json:
            results.append(
                {
                    "path": str(path),
                    "words": counts.words,
                    "characters": counts.characters,
                    "characters_no_spaces": counts.characters_no_spaces,
                    "minutes": reading_minutes(counts.words, wpm),
                    "wpm": wpm,
                }
            )
        else:
            print(f"{path}: {format_reading(counts.words, wpm)}")
    if args.json:
        from blogdesk.commands.jsonout import write_json

        write_json(results, ensure_ascii=False)
    return 1 if failed else 0


class _Speeds:
    """The reading speed for a file: --wpm, else its library's setting, else the default."""

    def __init__(self, wpm: int | None) -> None:
        self.wpm = wpm
        self.by_root: dict[Path, int] = {}

    def for_file(self, path: Path) -> int:
        if self.wpm is not None:
            return self.wpm
        from blogdesk.core.config import find_config_root, load_config
        from blogdesk.core.stats import DEFAULT_WPM

        root = find_config_root(path.absolute())
        if root is None:
            return DEFAULT_WPM
        if root not in self.by_root:
            self.by_root[root] = load_config(root).wpm
        return self.by_root[root]


def _describe_error(exc: Exception, path: Path) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError):
        return f"{path}: {exc.strerror or exc}"
    if isinstance(exc, FileNotFoundError):
        return f"{path}: no such file"
    return str(exc)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {value}")
    return value
