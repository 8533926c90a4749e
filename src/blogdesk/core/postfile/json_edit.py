"""Editing JSON front matter one member at a time: the member's text is replaced in place, or
the object is written again with json in its own key order and indentation.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from blogdesk.core.postfile.dates import _format_date
from blogdesk.core.postfile.errors import _EditRefused
from blogdesk.core.postfile.newlines import _lf, _reapply_newlines


def _json_members(fm: str) -> list[tuple[str, int, int, int]]:
    """(key, key start, value start, value end) of each top-level member, from the text."""
    from json.decoder import scanstring  # type: ignore[attr-defined]

    decoder = json.JSONDecoder()
    members: list[tuple[str, int, int, int]] = []
    pos = _skip_ws(fm, 1)  # just after the opening brace
    while pos < len(fm) and fm[pos] != "}":
        if fm[pos] == ",":
            pos = _skip_ws(fm, pos + 1)
        key_start = pos
        key, pos = scanstring(fm, pos + 1)
        pos = _skip_ws(fm, pos)
        if fm[pos] != ":":
            raise ValueError("expected a colon")
        value_start = _skip_ws(fm, pos + 1)
        _, value_end = decoder.raw_decode(fm, value_start)
        members.append((key, key_start, value_start, value_end))
        pos = _skip_ws(fm, value_end)
    return members


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _json_set(fm: str, doc: dict[str, Any], key: str, value: Any, delete: bool,
              newline: str) -> tuple[str, Any]:
    """Edit one member of JSON front matter in place: its value text is replaced, a new member
    goes after the last one with the same indentation, a removed one takes its comma along.
    If the text cannot be edited in place, the object is written again with json in the
    original key order and indentation (spacing that json would not produce is then lost)."""
    new = copy.deepcopy(doc)
    if delete:
        new.pop(key, None)
    else:
        new[key] = _json_value(value)
    text = _lf(fm)
    indent, ensure_ascii = _json_sniff(text)
    try:
        text = _json_splice(text, key, new.get(key), delete, indent, ensure_ascii)
        if json.loads(text) != new:
            raise ValueError(key)
    except ValueError:
        text = json.dumps(new, indent=indent, ensure_ascii=ensure_ascii)
    text = _reapply_newlines(fm, text, newline)
    if json.loads(text) != new:
        raise _EditRefused(key)
    return text, new


def _json_splice(text: str, key: str, value: Any, delete: bool, indent: int | str | None,
                 ensure_ascii: bool) -> str:
    members = _json_members(text)
    index = next((i for i, m in enumerate(members) if m[0] == key), None)
    if delete:
        if index is None:
            return text
        _, k_start, _, v_end = members[index]
        if index > 0:
            return text[:members[index - 1][3]] + text[v_end:]
        if len(members) > 1:
            return text[:k_start] + text[members[1][1]:]
        return "{" + text[text.rindex("}"):]
    if index is not None:
        _, k_start, v_start, v_end = members[index]
        line_start = text.rfind("\n", 0, k_start) + 1
        lead = text[line_start:k_start] if not text[line_start:k_start].strip() else ""
        dumped = json.dumps(value, ensure_ascii=ensure_ascii)
        if "\n" in text[v_start:v_end] and isinstance(value, (list, dict)) and indent:
            dumped = json.dumps(value, indent=indent, ensure_ascii=ensure_ascii)
            dumped = dumped.replace("\n", "\n" + lead)
        return text[:v_start] + dumped + text[v_end:]
    member = json.dumps(key, ensure_ascii=ensure_ascii) + ": "
    dumped = json.dumps(value, ensure_ascii=ensure_ascii)
    if not members:
        close = text.rindex("}")
        if indent is None:
            return "{" + member + dumped + text[close:]
        pad = (indent if isinstance(indent, str) else " " * indent) or "  "
        return "{\n" + pad + member + dumped + "\n" + text[close:]
    _, k_start, _, v_end = members[-1]
    line_start = text.rfind("\n", 0, k_start) + 1
    lead = text[line_start:k_start]
    if lead.strip() or line_start == 0:
        return text[:v_end] + ", " + member + dumped + text[v_end:]
    return text[:v_end] + ",\n" + lead + member + dumped + text[v_end:]


def _json_sniff(fm: str) -> tuple[int | str | None, bool]:
    lines = fm.split("\n")
    indent: int | str | None = None
    for line in lines[1:]:
        if line.strip():
            ws = line[:len(line) - len(line.lstrip())]
            indent = ws if ws.startswith("\t") else len(ws)
            break
    if len(lines) == 1:
        indent = None
    ensure_ascii = "\\u" in fm and not any(ord(c) > 127 for c in fm)
    return indent, ensure_ascii


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.time)):
        return _format_date(value, None) if isinstance(value, dt.date) else value.isoformat()
    if isinstance(value, Mapping):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value
