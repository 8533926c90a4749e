"""Editing YAML front matter one key at a time: only that key's lines change, in the file's own
style (indentation, quotes, list style, comments, date format); every edit is re-parsed and
checked.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    ScalarString,
    SingleQuotedScalarString,
)

from blogdesk.core.postfile.dates import _date_expectation, _date_style, _format_date
from blogdesk.core.postfile.errors import _EditRefused
from blogdesk.core.postfile.newlines import _lf, _split_nl, _strip_cr, _with_newline
from blogdesk.core.postfile.values import _normalize_value, _plain, _same
from blogdesk.core.postfile.yaml_io import _yaml11_not_str, _yaml_dump, _yaml_load

_DATE_PLACEHOLDER = "blogdesk0date0placeholder"


def _key_lines(doc: Any) -> list[tuple[int, int, Any]]:
    """(line, column, key) of every top-level key written in the front matter, in file order."""
    if not isinstance(doc, CommentedMap):
        return []
    found = [(pos[0], pos[1], key) for key, pos in doc.lc.data.items()]
    return sorted(found, key=lambda item: (item[0], item[1]))  # keys may not be comparable


def _regions(doc: Any, lines: list[str]) -> dict[Any, tuple[int, int]]:
    """Each top-level key's lines [start, end): from its key line to the next key's line,
    minus trailing blank lines and comments that are not indented under the key."""
    keys = _key_lines(doc)
    out: dict[Any, tuple[int, int]] = {}
    for i, (line, col, key) in enumerate(keys):
        end = keys[i + 1][0] if i + 1 < len(keys) else len(lines)
        while end > line + 1:
            text = lines[end - 1]
            stripped = text.strip()
            indent = len(text) - len(text.lstrip(" \t"))
            if stripped and not (stripped.startswith("#") and indent <= col):
                break
            end -= 1
        out[key] = (line, end)
    return out


_PURE_KEY_LINE = re.compile(r"[^\s#\-][^#]*:[ \t]*(?:#.*)?")
_MAPPING_ENTRY = re.compile(r"[^\s#:\-][^:]*:(?:\s|$)")


def _sniff_indent(lines: list[str]) -> tuple[int, int, int]:
    """(mapping, sequence, offset) indentation as used in these lines; defaults 2, 4, 2.

    Only the first child of a `key:` line with nothing after it is looked at: a `- ` item
    there gives the dash offset, a `name:` entry the mapping indent.
    """
    mapping: int | None = None
    offset: int | None = None
    parent: int | None = None
    for raw in lines:
        text = raw.rstrip("\r\n")
        stripped = text.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(text) - len(stripped)
        if parent is not None:
            if (stripped.startswith("- ") or stripped == "-") and indent >= parent:
                offset = indent - parent if offset is None else offset
            elif indent > parent and _MAPPING_ENTRY.match(stripped):
                mapping = indent - parent if mapping is None else mapping
        parent = indent if _PURE_KEY_LINE.fullmatch(stripped) else None
    off = 2 if offset is None else offset
    return (mapping or 2, off + 2, off)


def _flow_seq_style(doc: Any) -> bool | None:
    """Whether the file writes its lists inline (`[a, b]`); None when it has no lists."""
    if isinstance(doc, CommentedMap):
        for value in doc.values():
            if isinstance(value, CommentedSeq) and value.fa.flow_style() is not None:
                return bool(value.fa.flow_style())
    return None


def _to_yaml(value: Any, flow: bool | None = None) -> Any:
    """A plain Python value as a ruamel.yaml node value, quoting what YAML 1.1 would misread."""
    if isinstance(value, str):
        if _yaml11_not_str(value) and "\n" not in value:
            return DoubleQuotedScalarString(value)
        return value
    if isinstance(value, Mapping):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = _to_yaml(v, flow)
        return m
    if isinstance(value, (list, tuple)):
        s = CommentedSeq(_to_yaml(v, flow) for v in value)
        if flow:
            s.fa.set_flow_style()
        return s
    return value


def _merge_yaml(old: Any, new: Any, flow: bool | None) -> Any:
    """Turn `old` (a parsed node) into `new` keeping its style: quotes, list style, comments."""
    if isinstance(old, CommentedMap) and isinstance(new, Mapping):
        return _merge_map(old, new, flow)
    if isinstance(old, CommentedSeq) and isinstance(new, (list, tuple)):
        return _merge_seq(old, new)
    return _merge_scalar(old, new, flow)


def _merge_map(old: CommentedMap, new: Mapping[Any, Any], flow: bool | None) -> CommentedMap:
    """Drop the keys `new` lacks, merge the changed ones in place, append the new ones."""
    for k in [k for k in old if k not in new]:
        del old[k]
    for k, v in new.items():
        if k not in old:
            old[k] = _to_yaml(v, flow)
        elif not _same(_plain(old[k]), _normalize_value(v)):
            old[k] = _merge_yaml(old[k], v, flow)
    return old


def _merge_seq(old: CommentedSeq, new: list[Any] | tuple[Any, ...]) -> CommentedSeq:
    """Edit the list item by item (a diff), so untouched items keep their comments."""
    if not old and old.fa.flow_style() is None:
        old.fa.set_flow_style()  # `tags: []` is a flow list: `[a]` after adding one
    keys_old = [json.dumps(_plain(x), default=str, sort_keys=True) for x in old]
    keys_new = [json.dumps(_normalize_value(x), default=str, sort_keys=True) for x in new]
    import difflib  # here: only list edits need it, not the app's start

    ops = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(ops):
        if tag == "equal":
            continue
        flow = bool(old.fa.flow_style())
        if tag == "replace" and i2 - i1 == j2 - j1:
            # item for item, in place: a comment after an item (`- a  # keep`) stays
            for offset, item in enumerate(new[j1:j2]):
                old[i1 + offset] = _to_yaml(item, flow)
            continue
        del old[i1:i2]
        for offset, item in enumerate(new[j1:j2]):
            old.insert(i1 + offset, _to_yaml(item, flow))
    return old


def _merge_scalar(old: Any, new: Any, flow: bool | None) -> Any:
    """Keep quotes, and keep `|` / `>` blocks while the text still has several lines."""
    quoted = isinstance(old, (DoubleQuotedScalarString, SingleQuotedScalarString))
    block = isinstance(old, ScalarString) and type(old) is not ScalarString and "\n" in str(new)
    if isinstance(new, str) and (quoted or block):
        return type(old)(new)
    return _to_yaml(new, flow if not isinstance(old, CommentedSeq) else None)


def _raw_scalar(lines: list[str], doc: CommentedMap, key: Any) -> str | None:
    """The text of a single-line scalar value as written (without an inline comment)."""
    pos = doc.lc.data.get(key)
    if pos is None or pos[2] >= len(lines):
        return None
    text = lines[pos[2]].rstrip("\r\n")[pos[3]:]
    return re.split(r"\s#", text, maxsplit=1)[0].strip()


@dataclass(frozen=True)
class _Place:
    """Where a key's lines are (or go, for a new key) and how the file writes them."""

    start: int
    end: int
    old_region: list[str]
    newline: str
    sniff: tuple[int, int, int]
    style: re.Match[str] | None  # the key's date style, if it holds a date now
    old_value: Any
    key_col: int


def _place(lines: list[str], norm: list[str], doc: Any, key: str, newline: str) -> _Place:
    regions = _regions(doc, norm)
    # New lines are indented like the key's own line (or the first key's, for a new key).
    first_key = min(regions.values(), default=None)
    anchor_line = regions[key][0] if key in regions else first_key[0] if first_key else None
    key_col = 0 if anchor_line is None else len(norm[anchor_line]) - len(
        norm[anchor_line].lstrip(" "))
    if key not in regions:
        return _Place(len(lines), len(lines), [], newline, _sniff_indent(norm), None, None,
                      key_col)  # fmt: skip
    start, end = regions[key]
    old_region = norm[start:end]
    # Replaced lines keep the ending the field's own lines had (matters in mixed files).
    newline = "\r\n" if lines[end - 1].endswith("\r\n") else "\n"
    sniff = _sniff_indent(old_region) if len(old_region) > 1 else _sniff_indent(norm)
    style = _date_style(_raw_scalar(norm, doc, key))
    return _Place(start, end, old_region, newline, sniff, style, doc[key], key_col)


def _value_node(value: Any, place: _Place) -> tuple[Any, str | None, Any]:
    """What to dump for ``value``: the node (None: the value itself), the text that replaces
    the date placeholder, and what should read back."""
    if not isinstance(value, dt.date):
        return None, None, _normalize_value(value)
    old_value = place.old_value
    if isinstance(old_value, (DoubleQuotedScalarString, SingleQuotedScalarString)) and (
        place.style is not None
    ):
        # A quoted date ("2024-01-02") stays a quoted string in the same format.
        node = type(old_value)(_format_date(value, place.style))
        return node, None, str(node)
    # Written as plain text in the key's own style; ruamel would pick its own format.
    text = _format_date(value, place.style)
    return _DATE_PLACEHOLDER, text, _date_expectation(value, text)


def _yaml_set(fm: str, doc: Any, key: str, value: Any, newline: str) -> tuple[str, Any]:
    """Return new raw front matter with `key` set to `value`, and what should read back."""
    lines = _split_nl(fm)
    norm = [_strip_cr(line) for line in lines]
    flow = _flow_seq_style(doc)
    place = _place(lines, norm, doc, key, newline)
    node, placeholder_text, expected = _value_node(value, place)
    old_region, sniff = place.old_region, place.sniff

    attempts: list[Callable[[], str]] = []
    if old_region:
        attempts.append(lambda: _dump_region(old_region, key, node, value, flow, sniff, True))
    attempts.append(lambda: _dump_region([], key, node, value, flow, sniff, True))
    attempts.append(lambda: _dump_region([], key, node, value, flow, sniff, False))
    for attempt in attempts:
        try:
            text = attempt()
        except Exception:  # ruamel.yaml's emitter trips on some comment
            continue  # placements (a comment after `|`); the next attempt starts afresh
        if placeholder_text is not None:
            text = text.replace(_DATE_PLACEHOLDER, placeholder_text, 1)
        new_lines = _indent_lines(text, place.key_col)
        new_lines = [_with_newline(line, place.newline) for line in new_lines]
        candidate = "".join(lines[: place.start] + new_lines + lines[place.end :])
        try:
            new_doc = _check_yaml_edit(fm, doc, candidate, key, expected, present=True)
        except _EditRefused:
            continue
        return candidate, new_doc
    raise _EditRefused(key)


def _indent_lines(text: str, col: int) -> list[str]:
    lines = _split_nl(text)
    if col:
        lines = [(" " * col + line) if line.strip() else line for line in lines]
    return lines


def _dump_region(old_region: list[str], key: str, node: Any, value: Any, flow: bool | None,
                 sniff: tuple[int, int, int], keep_style: bool) -> str:
    """Dump one `key: value` entry, starting from the key's own lines when there are some."""
    mini: Any = None
    if old_region:
        mini = _yaml_load(_dedent("".join(old_region)))
        if not isinstance(mini, CommentedMap) or key not in mini or len(mini) != 1:
            raise _EditRefused(key)
    if mini is None:
        mini = CommentedMap()
    if node is not None:
        mini[key] = node
    elif keep_style and key in mini:
        mini[key] = _merge_yaml(mini[key], value, flow)
    elif keep_style:
        mini[key] = _to_yaml(value, flow)
    else:
        mini[key] = _normalize_value(value)
    return _yaml_dump(mini, *sniff)


def _dedent(text: str) -> str:
    lines = _split_nl(text)
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "".join(line[cut:] if line.strip() else line for line in lines)


def _yaml_unset(fm: str, doc: Any, key: str) -> tuple[str, Any]:
    lines = _split_nl(fm)
    regions = _regions(doc, [_strip_cr(line) for line in lines])
    if key not in regions:  # a key that comes from a `<<:` merge has no lines of its own
        raise _EditRefused(key)
    start, end = regions[key]
    candidate = "".join(lines[:start] + lines[end:])
    return candidate, _check_yaml_edit(fm, doc, candidate, key, None, present=False)


def _check_yaml_edit(old_fm: str, old_doc: Any, new_fm: str, key: str, expected: Any,
                     present: bool) -> Any:
    """Re-parse an edited block: the mapping must be the intended one, every other key's lines
    (and the lines before the first key) byte-identical. Raises _EditRefused otherwise."""
    try:
        new_doc = _yaml_load(_lf(new_fm))
    except Exception as exc:  # unreadable: refuse (ruamel may raise more than YAMLError)
        raise _EditRefused(key) from exc
    if new_doc is None:
        new_doc = CommentedMap()
    if not isinstance(new_doc, CommentedMap):
        raise _EditRefused(key)
    intended = dict(_plain(old_doc)) if isinstance(old_doc, CommentedMap) else {}
    if present:
        intended[key] = expected
    else:
        intended.pop(key, None)
    got = _plain(new_doc)
    if not _same(got, intended):
        raise _EditRefused(key)
    old_lines = [_strip_cr(x) for x in _split_nl(old_fm)]
    new_lines = _split_nl(new_fm)
    old_regions = _regions(old_doc, old_lines)
    new_regions = _regions(new_doc, [_strip_cr(x) for x in new_lines])
    raw_old = _split_nl(old_fm)
    for k, (s, e) in old_regions.items():
        if k == key:
            continue
        ns, ne = new_regions.get(k, (0, 0))
        if raw_old[s:e] != new_lines[ns:ne]:
            raise _EditRefused(key)
    first_old = min((s for s, _ in old_regions.values()), default=len(raw_old))
    if new_lines[:first_old] != raw_old[:first_old] and old_regions:
        raise _EditRefused(key)
    return new_doc
