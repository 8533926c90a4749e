"""Cutting a post's text into fences, front matter and body, and parsing the front matter
(YAML, TOML, JSON or Pelican's header); decoding the bytes (UTF-8 only).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from blogdesk.core import yaml_limits
from blogdesk.core.postfile import pelican
from blogdesk.core.postfile.errors import PostError
from blogdesk.core.postfile.newlines import _lf
from blogdesk.core.postfile.values import _plain
from blogdesk.core.postfile.yaml_io import _yaml_load

BOM = b"\xef\xbb\xbf"
BINARY_SNIFF_BYTES = 8192
#: Deepest nesting of lists and mappings front matter may have (YAML's is ``yaml_limits``').
MAX_DEPTH = yaml_limits.MAX_DEPTH

# Fence lines. The opening fence must be the very first line (after an optional BOM).
_YAML_OPEN = re.compile(r"-{3,}[ \t]*(?:\r?\n|\Z)")
_CR_ONLY_FENCE = re.compile(r"(-{3,}|\+{3,})[ \t]*\r(?!\n)")
_YAML_CLOSE = re.compile(r"(?:-{3,}|\.\.\.)[ \t]*(?:\r?\n)?")
_TOML_OPEN = re.compile(r"\+{3,}[ \t]*(?:\r?\n|\Z)")
_TOML_CLOSE = re.compile(r"\+{3,}[ \t]*(?:\r?\n)?")

# A line that starts a YAML mapping entry or sequence item: used only to decide whether a block
# between two `---` lines that YAML cannot parse was meant as front matter or is prose.
_YAML_KEY_LINE = re.compile(
    r"[ \t]*(?:-[ \t]|-$|\"[^\"\n]*\"[ \t]*:(?:[ \t]|$)|'[^'\n]*'[ \t]*:(?:[ \t]|$)"
    r"|[^\s#:\"'*&!|>%@`\[\]{}-][^\n:]*:(?:[ \t]|$)|[\[{])"
)


# Where front matter starts: the fences python-frontmatter's handlers detect (its YAMLHandler and
# JSONHandler, and a TOML handler of the same form), matched at the start of the text as their
# ``detect`` does. Written out here so that opening a post imports neither python-frontmatter nor
# the PyYAML it pulls in (about 10 ms of start-up); tests/core/test_postfile_detect.py holds them
# equal to python-frontmatter's.
_YAML_START = re.compile(r"^-{3,}\s*$", re.MULTILINE)
_TOML_START = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
_JSON_START = re.compile(r"^(?:{|})$", re.MULTILINE)


@dataclass
class _Parts:
    """The exact text of a post, cut into pieces whose concatenation is the whole file."""

    open: str = ""
    fm: str = ""
    close: str = ""
    body: str = ""
    format: str | None = None

    def text(self) -> str:
        return self.open + self.fm + self.close + self.body

    def fm_start_line(self) -> int:
        """1-based file line where the front matter text starts."""
        return self.open.count("\n") + 1


@dataclass
class _Parsed:
    parts: _Parts
    doc: Any = None  # CommentedMap / TOMLDocument / dict, or None
    meta: dict[str, Any] | None = None
    error: PostError | None = None


def _find_close(text: str, start: int, close: re.Pattern[str]) -> re.Match[str] | None:
    pos = start
    while pos < len(text):
        m = close.match(text, pos)
        if m and (m.end() == len(text) or text[m.end() - 1] == "\n"):
            return m
        nl = text.find("\n", pos)
        if nl < 0:
            return None
        pos = nl + 1
    return None


def _split_fenced(text: str, fmt: str, opening: re.Pattern[str],
                  closing: re.Pattern[str]) -> _Parts | None:
    m = opening.match(text)
    if not m:
        return None
    c = _find_close(text, m.end(), closing)
    if c is None:
        return None
    return _Parts(text[:m.end()], text[m.end():c.start()], text[c.start():c.end()],
                  text[c.end():], fmt)


def _split_json(text: str) -> tuple[_Parts | None, json.JSONDecodeError | None]:
    try:
        _, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        return None, exc
    nl = text.find("\n", end)
    rest = text[end:] if nl < 0 else text[end:nl + 1]
    if rest.strip():
        return None, None  # `{...} more words` on one line: a paragraph, not front matter
    close_end = end + len(rest)
    return _Parts("", text[:end], text[end:close_end], text[close_end:], "json"), None


def _looks_like_yaml(fm: str) -> bool:
    for line in fm.split("\n"):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return bool(_YAML_KEY_LINE.match(line.rstrip("\r")))
    return False


def _analyze(text: str, path: Path) -> _Parsed:
    """Find and parse the front matter of `text` (no BOM). Never raises for bad front matter."""
    cr_fence = _CR_ONLY_FENCE.match(text)
    if cr_fence:
        # No reader sees a fence there (Jekyll and Hugo split lines at LF): say so instead of
        # showing the front matter as text, and never rewrite it.
        fmt = "yaml" if cr_fence.group(1)[0] == "-" else "toml"
        return _Parsed(_Parts(body=text), error=PostError(
            path, "the front matter has old Mac line endings (CR only), which blogdesk and site "
            "generators do not read; convert the file's line endings to LF", 1, fmt))
    if _YAML_START.match(text):
        parts = _split_fenced(text, "yaml", _YAML_OPEN, _YAML_CLOSE)
        if parts is not None:
            return _analyze_yaml(parts, path)
    elif _TOML_START.match(text):
        parts = _split_fenced(text, "toml", _TOML_OPEN, _TOML_CLOSE)
        if parts is not None:
            return _analyze_toml(parts, path)
    elif text.startswith("{"):
        try:
            parts, exc = _split_json(text)
        except RecursionError:  # `{"a": [[[[...` nested past Python's limit
            return _Parsed(_Parts(body=text), error=PostError(
                path, f"invalid JSON front matter: nested deeper than {MAX_DEPTH} levels",
                1, "json"))
        if parts is not None:
            return _analyze_json(parts, path)
        if exc is not None and _JSON_START.match(text):
            # `{` alone on the first line is python-frontmatter's JSON marker: report the error.
            return _Parsed(_Parts(body=text), error=PostError(
                path, f"invalid JSON front matter: {exc.msg}", exc.lineno, "json"))
    header = pelican.split(text)  # Pelican's native `Title: ...` lines, where they are read
    if header is not None and pelican.applies(header[0], path):
        return _Parsed(_Parts("", header[0], header[1], header[2], "pelican"),
                       meta=pelican.read(header[0]))
    return _Parsed(_Parts(body=text), meta={})


def _analyze_yaml(parts: _Parts, path: Path) -> _Parsed:
    first = parts.fm_start_line()
    try:
        doc = _yaml_load(_lf(parts.fm))
    except Exception as exc:  # any failure to read the block (YAMLError, RecursionError, ...)
        if not _looks_like_yaml(parts.fm):
            # `---` rule, a paragraph YAML cannot read, `---` rule: prose, not front matter.
            return _Parsed(_Parts(body=parts.text()), meta={})
        line = None
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if isinstance(exc, MarkedYAMLError) and mark is not None:
            line = first + mark.line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if not isinstance(exc, YAMLError):  # a value the constructor refused (a bad date)
            found = _bad_timestamp(parts.fm)
            if found is not None:
                line, problem = first + found[0], found[1]
        return _Parsed(parts, error=PostError(
            path, f"invalid YAML front matter: {problem}", line, "yaml"))
    if doc is None:
        return _Parsed(parts, doc=None, meta={})  # empty or comments only: no fields yet
    if isinstance(doc, CommentedMap):
        return _Parsed(parts, doc=doc, meta=_plain(doc))
    if isinstance(doc, CommentedSeq):
        # A list between real fences is YAML structure that is not a mapping (as Hugo and Jekyll
        # also refuse it); a bare scalar is most likely a paragraph between two `---` rules.
        return _Parsed(parts, error=PostError(
            path, "front matter is a list, not a mapping of keys to values", first,
            "not-mapping"))
    return _Parsed(_Parts(body=parts.text()), meta={})


_TIMESTAMP_IN_LINE = re.compile(
    r"(?<![\w.:-])(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})"
    r"(?:\.\d*)?(?:[ \t]*(Z|([-+])(\d{1,2})(?::?(\d{2}))?))?)?(?![\w:-])"
)


def _bad_timestamp(fm: str) -> tuple[int, str] | None:
    """(line offset, words) of the first date in ``fm`` that cannot be a date: a day, an hour
    or a time-zone offset out of range (ruamel.yaml raises Python's own message for those)."""
    for number, text in enumerate(fm.split("\n")):
        for m in _TIMESTAMP_IN_LINE.finditer(text):
            year, month, day = int(m[1]), int(m[2]), int(m[3])
            try:
                dt.date(year, month, day)
                if m[4] is not None:
                    dt.time(int(m[4]), int(m[5]), int(m[6]))
            except ValueError as exc:
                return number, f"{m[0]!r} is not a real date or time ({exc})"
            if m[8] is not None:
                hours, minutes = int(m[9]), int(m[10] or 0)
                if hours > 23 or minutes > 59:
                    offset = f"{m[8]}{m[9]}" + (f":{m[10]}" if m[10] else "")
                    return number, (f"{m[0]!r} has the time-zone offset {offset}, out of range "
                                    "(offsets run from -23:59 to +23:59)")
    return None


def _analyze_toml(parts: _Parts, path: Path) -> _Parsed:
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        doc = tomlkit.parse(_lf(parts.fm))
    except Exception as exc:  # ParseError, and tomlkit's other errors (duplicate keys, ...)
        line = None
        if isinstance(exc, ParseError):
            line = parts.fm_start_line() + exc.line - 1
        message = str(exc).split(" at line ")[0]
        return _Parsed(parts, error=PostError(
            path, f"invalid TOML front matter: {message}", line, "toml"))
    meta = doc.unwrap()
    if _depth(meta) > MAX_DEPTH:
        return _Parsed(parts, error=PostError(
            path, f"invalid TOML front matter: nested deeper than {MAX_DEPTH} levels",
            parts.fm_start_line(), "toml"))
    return _Parsed(parts, doc=doc, meta=_plain(meta))


def _analyze_json(parts: _Parts, path: Path) -> _Parsed:
    try:
        doc = json.loads(parts.fm)
    except json.JSONDecodeError as exc:  # pragma: no cover - raw_decode already accepted it
        return _Parsed(parts, error=PostError(
            path, f"invalid JSON front matter: {exc.msg}", exc.lineno, "json"))
    if _depth(doc) > MAX_DEPTH:
        return _Parsed(parts, error=PostError(
            path, f"invalid JSON front matter: nested deeper than {MAX_DEPTH} levels", 1,
            "json"))
    return _Parsed(parts, doc=doc, meta=_plain(doc))


def _depth(value: Any) -> int:
    """How deep lists and mappings nest in ``value`` (counted without recursion)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, Mapping):
            children: Any = item.values()
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest


def _decode(data: bytes, path: Path) -> tuple[str, bool]:
    """Strictly decode UTF-8 (with an optional BOM), refusing binary and UTF-16 files."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PostError(path, "UTF-16 text is not supported; save the file as UTF-8",
                        None, "encoding")
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise PostError(path, "this looks like a binary file (it contains NUL bytes), "
                        "not a Markdown post", None, "binary")
    bom = data.startswith(BOM)
    raw = data[len(BOM):] if bom else data
    try:
        return raw.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(BOM) if bom else 0)
        line = data.count(b"\n", 0, offset) + 1
        raise PostError(
            path, f"not valid UTF-8 text (byte 0x{data[offset]:02X} at offset {offset}); "
            "blogdesk opens UTF-8 files only", line, "encoding") from None
