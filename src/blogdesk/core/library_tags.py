"""Tag hygiene for the library: near-duplicate tags, and the new tag lists of rename, merge, remove.

Pure functions; ``Library`` applies them to files. A new tags value keeps the post's style: a
list stays a list (untouched items keep their original values), a string stays a string with
the same separator.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

# Characters that do not make two tags different: spaces, dashes, underscores and light
# punctuation ("leader-ship", "Leader Ship", "leader_ship", "node.js" / "nodejs"). Symbols that
# carry meaning ("c++", "c#", "f#") stay.
_IGNORED_PUNCTUATION = frozenset(".,;:!?'\"’‘“”/\\·")


def tag_key(tag: str) -> str:
    """What two near-duplicate tags have in common: casefolded, no accents, no spacing or
    punctuation."""
    folded = unicodedata.normalize("NFKD", tag.casefold())
    kept = []
    for ch in folded:
        if ch.isspace() or ch in _IGNORED_PUNCTUATION or unicodedata.combining(ch):
            continue
        if unicodedata.category(ch) in ("Pd", "Pc"):  # dashes and connectors such as _
            continue
        kept.append(ch)
    return "".join(kept) or folded.strip()


def near_duplicates(counts: Iterable[tuple[str, int]]) -> list[list[str]]:
    """Groups of two or more tags with the same ``tag_key``; most used tag first in a group,
    and the most used groups first."""
    groups: dict[str, list[tuple[str, int]]] = {}
    for tag, count in counts:
        groups.setdefault(tag_key(tag), []).append((tag, count))
    found = [sorted(g, key=lambda tc: (-tc[1], tc[0])) for g in groups.values() if len(g) > 1]
    found.sort(key=lambda g: (-sum(c for _, c in g), g[0][0]))
    return [[tag for tag, _ in group] for group in found]


def _unique(tags: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tags))


def renamer(old: str, new: str) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """A function from a post's tags to its tags with ``old`` renamed to ``new``."""
    return merger([old], new)


def merger(sources: Sequence[str], into: str) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """A function from a post's tags to its tags with each of ``sources`` replaced by ``into``
    (in the place of the first one found; duplicates dropped)."""
    wanted = set(sources)

    def change(tags: Sequence[str]) -> tuple[str, ...]:
        if not wanted.intersection(tags):
            return tuple(tags)
        return _unique(into if tag in wanted else tag for tag in tags)

    return change


def remover(tag: str) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """A function from a post's tags to its tags without ``tag``."""

    def change(tags: Sequence[str]) -> tuple[str, ...]:
        return tuple(t for t in tags if t != tag)

    return change


def styled_value(original: Any, after: Sequence[str]) -> Any:
    """The value to write for ``after`` in the style of the ``original`` front matter value."""
    if isinstance(original, str):
        if "," in original:
            return (", " if ", " in original else ",").join(after)
        if any(any(ch.isspace() for ch in tag) for tag in after):
            return list(after)  # a space-separated string cannot hold "two words"
        return " ".join(after)
    if isinstance(original, list):
        # Keep the items that stay as they were written (e.g. a number stays a number).
        written: dict[str, Any] = {}
        for item in original:
            written.setdefault(str(item).strip(), item)
        return [written.get(tag, tag) for tag in after]
    return list(after)
