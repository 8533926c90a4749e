"""Pelican's native metadata: ``Key: value`` lines at the top of a Markdown post.

Pelican reads them with Python-Markdown's ``meta`` extension: the header is the run of
``Key: value`` lines at the very top, a line indented by four spaces continues the previous
value, and the first blank line ends it. Keys are case-insensitive. Pelican splits ``Tags`` and
``Authors`` on semicolons when there is one, else on commas.

A file is taken as a Pelican post when its header has a ``Title`` line (Pelican needs one), and
only where such a header is read (:func:`applies`): in a Pelican or MkDocs site (MkDocs reads the
same MultiMarkdown-style lines), never in a Hugo, Jekyll, Eleventy or Zola site (their post
whose text starts with "Title: my plan" keeps those lines as text), and in a folder that no
generator publishes only when the header looks like Pelican's: ``Title`` and at least one more
field Pelican defines (a post copied out of a Pelican site has its ``Date`` at least; one
``Title:`` line is as likely the start of the text). A post that merely starts with "Note: ..."
stays a post without front matter. Edits change only the
lines of the field concerned, keep the file's own spelling of the key (``Title``/``title``), and
add a new field as a last header line in the same spelling style; nothing else is rewritten.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

__all__ = ["LIST_KEYS", "applies", "edit", "read", "split"]

# Python-Markdown's meta extension, exactly: a key line, and a continuation line.
_KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_MORE_LINE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
#: Keys whose value is a list (Pelican's ``ensure_metadata_list``).
LIST_KEYS = frozenset({"tags", "authors", "keywords"})
MAX_HEADER_LINES = 200


def split(text: str) -> tuple[str, str, str] | None:
    """``(header, blank line, body)`` when ``text`` opens with a Pelican header, else None.

    The three pieces joined give ``text`` back exactly.
    """
    if not _KEY_LINE.match(text[: text.find("\n")] if "\n" in text else text):
        return None  # the common case, decided on the first line
    lines: list[str] = []
    pos = 0
    while pos < len(text) and len(lines) <= MAX_HEADER_LINES:
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl + 1
        lines.append(text[pos:end])
        pos = end
    count = 0
    keys: list[str] = []
    for line in lines:
        bare = line.rstrip("\r\n")
        if not bare.strip():
            break
        match = _KEY_LINE.match(bare)
        if match:
            keys.append(match.group("key").lower())
        elif not (keys and _MORE_LINE.match(bare)):
            break
        count += 1
    if "title" not in keys or count > MAX_HEADER_LINES:
        return None
    header = "".join(lines[:count])
    close = lines[count] if count < len(lines) and not lines[count].strip() else ""
    return header, close, text[len(header) + len(close):]


#: The fields Pelican itself defines (besides ``Title``), for a header outside any site.
PELICAN_KEYS = frozenset({"date", "modified", "tags", "category", "slug", "author", "authors",
                          "summary", "status", "lang", "translation", "save_as", "url",
                          "template", "keywords"})
#: The generators that read a ``Key: value`` header at the top of a Markdown file.
HEADER_GENERATORS = frozenset({"pelican", "mkdocs"})


def applies(header: str, path: Path) -> bool:
    """True when the post at ``path`` is read with ``header`` (from :func:`split`) as its
    metadata: by the generator that publishes its folder (see the module's docstring)."""
    from blogdesk.core.sites.detect import publishing_generator  # sites reads post files too

    generator = publishing_generator(path.absolute().parent)
    if generator in HEADER_GENERATORS:
        return True
    if generator != "blogdesk":
        return False
    return any(entry[1] in PELICAN_KEYS for entry in _entries(header))


def _entries(header: str) -> list[tuple[str, str, list[str], int, int]]:
    """``(key as written, lower key, values, first line, last line + 1)`` for each field."""
    entries: list[tuple[str, str, list[str], int, int]] = []
    for number, line in enumerate(header.splitlines()):
        match = _KEY_LINE.match(line)
        if match:
            key = match.group("key")
            entries.append((key, key.lower(), [match.group("value").strip()], number, number + 1))
            continue
        more = _MORE_LINE.match(line)
        if more and entries:
            key, lower, values, first, _ = entries[-1]
            entries[-1] = (key, lower, [*values, more.group("value").strip()], first, number + 1)
    return entries


def read(header: str) -> dict[str, Any]:
    """The header's fields as Pelican means them: lower-case keys, lists for tags and authors.

    A key given twice keeps its first value (as Pelican does for single-valued keys); a value
    continued over several lines is joined with newlines.
    """
    meta: dict[str, Any] = {}
    for _, key, values, _, _ in _entries(header):
        if key in meta:
            continue
        text = "\n".join(values)
        meta[key] = _split_list(text) if key in LIST_KEYS else text
    return meta


def _split_list(text: str) -> list[str]:
    separator = ";" if ";" in text else ","
    return [item.strip() for item in text.replace("\n", separator).split(separator)
            if item.strip()]


def edit(header: str, key: str, value: Any, delete: bool, newline: str) -> str:
    """The header with ``key`` set to ``value`` (or removed), other lines untouched.

    Raises ValueError for a value the header cannot hold (a mapping, a list item with a
    semicolon, an empty line) or a key written twice.
    """
    lower = key.lower()
    if not re.fullmatch(r"[A-Za-z0-9_-]+", key):
        raise ValueError("a Pelican key is letters, digits, '-' and '_' only")
    lines = header.splitlines(keepends=True)
    found = [entry for entry in _entries(header) if entry[1] == lower]
    if len(found) > 1:
        raise ValueError(f"{key!r} is written {len(found)} times in the header")
    if delete:
        if not found:
            return header
        _, _, _, first, last = found[0]
        return "".join(lines[:first] + lines[last:])
    if found:
        written, _, _, first, last = found[0]
        ending = _ending(lines[last - 1], newline)
        new_lines = _field_lines(written, lower, value, ending, newline)
        return "".join(lines[:first] + new_lines + lines[last:])
    spelled = _spelling(header, lower)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    return "".join(lines + _field_lines(spelled, lower, value, newline, newline))


def _ending(line: str, newline: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    if line.endswith(("\n", "\r")):
        return line[-1]
    return ""  # the last line of a file without a final newline


def _field_lines(key: str, lower: str, value: Any, ending: str, newline: str) -> list[str]:
    text = format_value(value, lower)
    first, *more = text.split("\n")
    out = [f"{key}: {first}"]
    out.extend(f"    {line}" for line in more)
    return [line + newline for line in out[:-1]] + [out[-1] + ending]


def _spelling(header: str, lower: str) -> str:
    """A new key spelled as the file spells its keys: ``Summary`` or ``summary``."""
    keys = [entry[0] for entry in _entries(header)]
    if keys and all(k[:1].islower() for k in keys):
        return lower
    return lower[:1].upper() + lower[1:]


def format_value(value: Any, key: str = "") -> str:
    """A metadata value as Pelican reads it back: lists joined, dates in ISO form."""
    if isinstance(value, dict):
        raise ValueError("Pelican metadata cannot hold a mapping")
    if isinstance(value, (list, tuple)):
        items = [format_value(item) for item in value]
        if any(";" in item for item in items):
            raise ValueError("a list item cannot hold ';' (Pelican splits the list there)")
        if any("\n" in item for item in items):
            raise ValueError("a list item holds a line break")
        if not any("," in item for item in items):
            return ", ".join(items)
        # Pelican splits on ';' when there is one, so a comma inside an item is safe with ';'
        return "; ".join(items) + (";" if len(items) == 1 else "")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        stamp = value.strftime("%Y-%m-%d %H:%M" + (":%S" if value.second else ""))
        offset = value.strftime("%z")
        return stamp + (f"{offset[:3]}:{offset[3:]}" if offset else "")
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return ""
    text = str(value).strip()
    if any(not line.strip() for line in text.split("\n")[1:]):
        raise ValueError("a value cannot hold an empty line (it would end the header)")
    return text
