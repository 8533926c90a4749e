"""Limits on YAML aliases, checked on the composed nodes before any value is built.

A YAML alias (``*a``) repeats the node its anchor (``&a``) names. The loaders share that node
rather than copy it, so loading is cheap, but everything that walks the values afterwards
(converting them to plain Python, comparing, writing JSON) walks each repeat. Nine levels of
nine anchors in 376 bytes expand to 9**9 (387 million) values: a "billion laughs" that took
4 GB and never finished. ``check`` counts the values a document expands to and its depth,
without expanding it (each shared node is counted once and its total reused), and refuses
more than ``MAX_VALUES`` or ``MAX_DEPTH``. It works on PyYAML's and ruamel.yaml's nodes alike
(``value`` is text, a list of nodes, or a list of key/value pairs of nodes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["MAX_DEPTH", "MAX_VALUES", "AliasLimitError", "check", "check_text"]

#: Far above any real front matter (a post has tens of values), far below what hurts: walking
#: 100,000 values takes about 0.1 s.
MAX_VALUES = 100_000
#: Nesting this deep is no metadata; deeper would also risk Python's recursion limit.
MAX_DEPTH = 100


class AliasLimitError(ValueError):
    """The document expands to too many values, nests too deep, or contains itself."""


def check_text(
    text: str, max_depth: int = MAX_DEPTH, error: Callable[[str], Exception] = AliasLimitError
) -> None:
    """Raise ``error(message)`` when the flow brackets of ``text`` (``[`` and ``{``) nest
    deeper than ``max_depth``, before any parser sees it: the YAML parsers take time that grows
    faster than the text on deep nesting (100,000 levels: 38 s), so ``check`` on the composed
    nodes would come too late. Quotes are not followed: a hundred brackets opened inside one
    quoted value count too, and no front matter holds that."""
    if text.count("[") + text.count("{") <= max_depth:  # the usual case, at C speed
        return
    depth = 0
    for char in text:
        if char in "[{":
            depth += 1
            if depth > max_depth:
                raise error(f"it nests deeper than {max_depth} levels")
        elif char in "]}" and depth:
            depth -= 1


def check(
    root: Any,
    max_values: int = MAX_VALUES,
    max_depth: int = MAX_DEPTH,
    error: Callable[[str], Exception] = AliasLimitError,
) -> None:
    """Raise ``error(message)`` (``AliasLimitError`` unless told) when the node tree at
    ``root``, with every alias expanded, holds more than ``max_values`` values or is deeper
    than ``max_depth``, or contains itself."""
    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth), once finished
    open_nodes: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            values, depth = 1, 1
            for child in _children(node):
                child_values, child_depth = sizes[id(child)]
                values += child_values
                depth = max(depth, child_depth + 1)
            if values > max_values:
                raise error(
                    f"it expands to more than {max_values:,} values (aliases repeating "
                    "anchors: a YAML alias bomb?)"
                )
            if depth > max_depth:
                raise error(f"it nests deeper than {max_depth} levels")
            sizes[key] = (values, depth)
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise error("an alias refers to a value that contains it")
        open_nodes.add(key)
        if len(open_nodes) > max_depth:
            raise error(f"it nests deeper than {max_depth} levels")
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    return None


def _children(node: Any) -> list[Any]:
    value = getattr(node, "value", None)
    if not isinstance(value, list):
        return []
    out: list[Any] = []
    for item in value:
        if isinstance(item, tuple):
            out.extend(item)
        else:
            out.append(item)
    return out
