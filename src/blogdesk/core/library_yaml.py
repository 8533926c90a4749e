"""Reading the YAML front matter of many posts fast, for the library index (never for editing).

``load`` returns what ``postfile`` (ruamel.yaml, YAML 1.2) would read, or raises ``Unusual`` when
it cannot be sure, and the caller then asks ``postfile``. Two readers:

- a line reader for the front matter most posts have: ``key: value`` lines with plain or simply
  quoted scalars, flow lists ``[a, b]`` and block lists of such scalars, and comment lines.
  About ten times faster than PyYAML; anything else it hands on.
- PyYAML's C loader for the rest, with YAML 1.2 core-schema scalars.

Both resolve scalars the same way (one table below). YAML 1.1 spellings that YAML 1.2 reads
differently (``yes``/``on``, ``012``, ``1_000``, ``1:30``, ``1e3``) and duplicate keys (which
ruamel rejects) raise ``Unusual``. A test checks the line reader against PyYAML.

PyYAML is imported on its first use (the rest, above): the line reader builds the table's
numbers and dates the way PyYAML's constructor does, so a worker that reads ordinary posts never
loads it (its import is some 15 ms of CPU). A test holds those builders to PyYAML's.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any

from blogdesk.core import yaml_limits


class Unusual(Exception):
    """This front matter is not for the fast path: read it with postfile instead."""


_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_UNUSUAL = "tag:blogdesk,2026:unusual"

# (tag, pattern, first characters), tried in order, as PyYAML's implicit resolvers are.
_SCALARS = (
    (_NULL, r"^(?:~|null|Null|NULL)$", "~nN"),
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (_UNUSUAL, r"^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$", "yYnNoO"),
    (_INT, r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    (
        _FLOAT,
        r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    # Octal, hex, binary, underscores, sexagesimal, exponents without a dot.
    (
        _UNUSUAL,
        r"^[-+]?(?:0[0-9_]+|0[xob][0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
        r"|[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?|[0-9]+[eE][-+]?[0-9]+|[0-9._]*_[0-9._]*)$",
        "-+0123456789.",
    ),
    (
        _TIMESTAMP,
        r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
        r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
        r"(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
        "0123456789",
    ),
)


def _reject(loader: Any, node: Any) -> Any:
    raise Unusual(node.value)


def _resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {"": [(_NULL, re.compile("^$"))]}
    for tag, pattern, first in _SCALARS:
        compiled = re.compile(pattern)
        for ch in first:
            table.setdefault(ch, []).append((tag, compiled))
    return table


#: The implicit resolvers of the table, by first character (PyYAML's shape, shared with it).
_RESOLVERS = _resolvers()


@functools.cache
def _fast_loader() -> Any:
    """PyYAML's C loader with the scalar table above; duplicate keys raise ``Unusual``, and so
    does a document whose aliases expand too far (``yaml_limits``): postfile reports it.
    Made (and PyYAML imported) on first use."""
    import yaml

    class _FastLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
        def construct_document(self, node: Any) -> Any:
            yaml_limits.check(node, error=Unusual)
            return super().construct_document(node)

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
            if len(keys) != len(set(keys)):
                raise Unusual("duplicate key")
            return super().construct_mapping(node, deep=deep)

    _FastLoader.yaml_implicit_resolvers = _RESOLVERS
    _FastLoader.add_constructor(_UNUSUAL, _reject)
    return _FastLoader


# The values of the table's numbers and dates, as PyYAML's SafeConstructor makes them for the
# shapes the table lets through (its construct_yaml_int, _float and _timestamp, without the
# branches for underscores, other bases and sexagesimal, which the table marks unusual).
_INF = float("inf")
_NAN = -_INF / _INF  # PyYAML's own NaN, made the same way
_TIMESTAMP_PARTS = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9][0-9]?)-(?P<day>[0-9][0-9]?)"
    r"(?:(?:[Tt]|[ \t]+)(?P<hour>[0-9][0-9]?):(?P<minute>[0-9][0-9]):(?P<second>[0-9][0-9])"
    r"(?:\.(?P<fraction>[0-9]*))?"
    r"(?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9][0-9]?)"
    r"(?::(?P<tz_minute>[0-9][0-9]))?))?)?"
)


def _float(text: str) -> float:
    special = text.lstrip("+-").lower()
    if special == ".inf":
        return -_INF if text[0] == "-" else _INF
    if special == ".nan":
        return _NAN
    return float(text)


def _timestamp(text: str) -> dt.date | dt.datetime:
    """A date, or a date and time (with its offset when it has one); ``ValueError`` when out of
    range (2024-02-30)."""
    parts = _TIMESTAMP_PARTS.fullmatch(text)
    if parts is None:  # not reached: the table matched it
        raise ValueError(text)
    year, month, day = int(parts["year"]), int(parts["month"]), int(parts["day"])
    if not parts["hour"]:
        return dt.date(year, month, day)
    fraction = int((parts["fraction"] or "")[:6].ljust(6, "0"))
    tzinfo: dt.tzinfo | None = None
    if parts["tz_sign"]:
        delta = dt.timedelta(hours=int(parts["tz_hour"]), minutes=int(parts["tz_minute"] or 0))
        tzinfo = dt.timezone(-delta if parts["tz_sign"] == "-" else delta)
    elif parts["tz"]:
        tzinfo = dt.timezone.utc
    return dt.datetime(year, month, day, int(parts["hour"]), int(parts["minute"]),
                       int(parts["second"]), fraction, tzinfo=tzinfo)


_BUILD: dict[str, Callable[[str], Any]] = {_INT: int, _FLOAT: _float, _TIMESTAMP: _timestamp}


def _scalar(text: str) -> Any:
    """A plain scalar's value, resolved by the table."""
    if not text:
        return None
    for tag, pattern in _RESOLVERS.get(text[0], ()):
        if pattern.match(text):
            if tag == _NULL:
                return None
            if tag == _BOOL:
                return text[0] in "tT"
            build = _BUILD.get(tag)
            if build is None:
                raise Unusual(text)
            try:
                return build(text)
            except (ValueError, OverflowError) as exc:  # e.g. 2024-02-30
                raise Unusual(text) from exc
    return text


# What PyYAML refuses to read (it and ruamel then report an error).
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# First letters of keys that could mean something else than their text (`true`, `null`, `no`).
_SPECIAL_KEY = frozenset("tTfFnNyYoO")
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
_ITEM_LINE = re.compile(r" *- +(.*)")
# A plain scalar that means the same in any context: no indicator first, no ": " or " #".
_PLAIN = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s](?:[^:#\t]|:(?=\S)|(?<=\S)#)*")
_FLOW_ITEM = re.compile(
    r"[^-?:,\[\]{}#&*!|>'\"%@`\s](?:[^:#,\[\]{}\t]|:(?=[^\s,\[\]{}])|(?<=\S)#)*"
)
# Where PyYAML reads what ruamel.yaml refuses or reads otherwise (found by the property test):
# tags (`!`, `!!str`), a block scalar header with a comment glued on (`>#`), merge keys (`<<`).
_PYYAML_ONLY = re.compile(r"(?m)(?:^|[:\-\[,{?] *)!|[|>][-+0-9]*#|<<")
_SINGLE = re.compile(r"'([^'\n]*)'")
_DOUBLE = re.compile(r'"([^"\\\n]*)"')


def _value(text: str, plain: re.Pattern[str] = _PLAIN) -> Any:
    """The value of one scalar as written on a line (no spaces around), or ``Unusual``."""
    if plain.fullmatch(text) and not text.endswith(":"):
        return _scalar(text)
    quoted = _SINGLE.fullmatch(text) or _DOUBLE.fullmatch(text)
    if quoted:
        return quoted.group(1)
    raise Unusual(text)


def _flow_list(text: str) -> list[Any]:
    inner = text[1:-1].strip(" ")
    if not inner:
        return []
    return [_value(item.strip(" "), _FLOW_ITEM) for item in inner.split(",")]


# Lines already read: front matter repeats itself across a library (`draft: true`, a category,
# a tag list); the values are immutable (lists are kept as tuples). Bounded by clearing.
_LINE_CACHE: dict[str, tuple[str, Any]] = {}
_ITEM_CACHE: dict[str, Any] = {}
_CACHE_LIMIT = 10_000
_OPEN = object()  # `key:` with the value on the lines below


def _key_line(line: str) -> tuple[str, Any]:
    """The key and value of a ``key: value`` line (a tuple for a flow list, ``_OPEN`` for
    none), or ``Unusual``."""
    found = _LINE_CACHE.get(line)
    if found is not None:
        return found
    match = _KEY_LINE.fullmatch(line)
    if match is None:
        raise Unusual(line)
    key, text = match.group(1), (match.group(2) or "").rstrip(" ")
    if key[0] in _SPECIAL_KEY and _scalar(key) is not key:
        raise Unusual(key)  # a key like `true:` or `null:`
    if not text:
        value: Any = _OPEN
    elif text[0] == "[" and text[-1] == "]":
        value = tuple(_flow_list(text))
    else:
        value = _value(text)
    if len(_LINE_CACHE) >= _CACHE_LIMIT:
        _LINE_CACHE.clear()
    _LINE_CACHE[line] = (key, value)
    return key, value


def _item(text: str) -> Any:
    """The value of a block list item's text, cached like lines."""
    found = _ITEM_CACHE.get(text, _OPEN)
    if found is _OPEN:
        found = _value(text)
        if len(_ITEM_CACHE) >= _CACHE_LIMIT:
            _ITEM_CACHE.clear()
        _ITEM_CACHE[text] = found
    return found


def _read_lines(front: str) -> dict[str, Any] | None:
    """The line reader: a mapping of simple values (None for no keys), or ``Unusual``."""
    if _NON_PRINTABLE.search(front):
        raise Unusual("control character")
    result: dict[str, Any] = {}
    items: list[Any] | None = None  # the block list of the last key, while it may grow
    indent = -1  # of that list's items
    last_key = ""
    for line in front.split("\n"):
        if not line or line[0] == "#":
            continue
        if line[0] == " " or line[0] == "-":
            stripped = line.lstrip(" ")
            if not stripped or stripped[0] == "#":
                continue
            item = _ITEM_LINE.fullmatch(line)
            if items is None or item is None:
                raise Unusual("nested")
            if indent != len(line) - len(stripped):
                if items:
                    raise Unusual("uneven list")
                indent = len(line) - len(stripped)
            items.append(_item(item.group(1).rstrip(" ")))
            continue
        key, value = _key_line(line)
        if key in result:
            raise Unusual(key)  # a repeated key
        if items is not None and not items:
            result[last_key] = None  # `key:` with nothing under it is null
        items, last_key = None, key
        if value is _OPEN:
            result[key] = items = []
            indent = -1
        elif type(value) is tuple:
            result[key] = list(value)
        else:
            result[key] = value
    if items is not None and not items:
        result[last_key] = None
    return result or None  # only comments, as in YAML, is no document


def load(front: str) -> Any:
    """The value of a YAML front matter text (between the fences), or ``Unusual``."""
    if "\t" in front:  # ruamel.yaml refuses tabs in places PyYAML takes them
        raise Unusual("tab")
    try:
        return _read_lines(front)
    except Unusual:
        pass
    if _PYYAML_ONLY.search(front):
        raise Unusual("PyYAML and ruamel.yaml differ")
    import yaml

    try:
        yaml_limits.check_text(front, error=Unusual)
        return yaml.load(front, Loader=_fast_loader())
    except yaml.YAMLError as exc:
        raise Unusual("yaml") from exc
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date like 2024-02-30
        raise Unusual("value") from exc


_BINARY_PROBE = 8192
_SURROGATE = re.compile("[\ud800-\udfff]")


def split_plain(data: bytes) -> tuple[dict[str, Any], str]:
    """Metadata and body of an ordinary post (``---`` fences, plain YAML), as
    ``postfile.load_post`` gives them; ``Unusual`` for anything else (TOML, JSON, odd fences or
    line ends, values postfile would give differently), which the caller leaves to postfile.

    Readers that only read (the library scan, export) use this: about 0.05 ms a post against
    1-2 ms for the round-trip reader, and no import of ruamel.yaml or frontmatter.
    """
    if b"\x00" in data[:_BINARY_PROBE]:
        raise Unusual("binary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unusual("encoding") from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        # postfile cuts the fences before folding CRLF; runs of CR or a lone CR could be cut
        # differently, so only plain CRLF files are folded here
        if "\r\r" in text or text.count("\r") != text.count("\r\n"):
            raise Unusual("carriage return")
        text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        if text.startswith(("-", "+", "{")):
            raise Unusual("other fences, TOML or JSON")
        if ":" in text[: text.find("\n")] and _pelican_header(text):
            raise Unusual("Pelican's `Title:` header")
        return {}, text  # no front matter: the whole file is the body
    end = text.find("\n---\n", 3)
    if end >= 0:
        front, body = text[4 : end + 1], text[end + 5 :]
    elif text.endswith("\n---"):
        front, body = text[4 : len(text) - 3], ""
    else:
        raise Unusual("no closing fence")
    # postfile closes at the first `---`, `----`, `--- ` or `...` line: leave those to it
    if "\n---" in front or "\n..." in front or front.startswith(("---", "...")):
        raise Unusual("another fence-like line")
    if not front.strip():
        return {}, body
    metadata = load(front)
    if metadata is None:
        return {}, body
    if not isinstance(metadata, dict) or not _plain_values(metadata):
        raise Unusual("not a mapping of names to plain values")
    return metadata, body


def _pelican_header(text: str) -> bool:
    from blogdesk.core.postfile import pelican  # imported here: it loads ruamel.yaml

    return pelican.split(text) is not None


def _plain_values(value: Any) -> bool:
    """True for the values postfile would return unchanged (string keys, no surrogates)."""
    if isinstance(value, str):
        return value.isascii() or _SURROGATE.search(value) is None
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain_values(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain_values(v) for v in value)
    return True
