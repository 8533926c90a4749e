"""Read, parse and write post files (front matter plus a Markdown body) losslessly and atomically.

A post file is kept as the exact text it was read from, cut into four pieces: the opening fence
line, the raw front matter, the closing fence line and the raw body. Writing joins the pieces
again, so a file nobody edited comes back byte for byte. An edit replaces only the piece, and
inside the front matter only the lines, that it has to; every edit is re-parsed and checked
before it is accepted, and every write goes through `atomic_write`.

python-frontmatter's handlers decide which kind of front matter a file opens with (YAML `---`,
TOML `+++`, JSON `{`); its `loads`/`dumps` are never used, because they strip whitespace, sort
keys, drop comments, choke on a key named `content` and can delete text (see the research notes).
YAML is parsed and edited with ruamel.yaml in round-trip mode, TOML with tomlkit, JSON with json.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import difflib
import errno
import functools
import hashlib
import io
import json
import os
import re
import stat
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarbool import ScalarBoolean
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    ScalarString,
    SingleQuotedScalarString,
)

from blogdesk.core import files, yaml_limits
from blogdesk.core.postfile import pelican

__all__ = [
    "Fingerprint",
    "PostError",
    "PostFile",
    "atomic_write",
    "load_post",
    "new_post_bytes",
    "parse_post",
    "save_post",
]

BOM = b"\xef\xbb\xbf"
BINARY_SNIFF_BYTES = 8192
#: Deepest nesting of lists and mappings front matter may have (YAML's is ``yaml_limits``').
MAX_DEPTH = yaml_limits.MAX_DEPTH
KINDS = frozenset(
    {"yaml", "toml", "json", "not-mapping", "encoding", "binary", "too-large", "io", "write"}
)

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
# Line breaks that YAML knows and `str.split("\n")` does not; front matter holding them is
# readable but not edited field by field (line numbers would not agree).
_ODD_BREAKS = re.compile(r"\r(?!\n)|[\x85\u2028\u2029]")
_DATE_TEXT = re.compile(
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:(?P<sep>[Tt]|[ \t]+)(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?P<frac>\.\d+)?)?"
    r"(?:(?P<tzsp>[ \t]*)(?P<tz>[Zz]|[-+]\d{1,2}(?::?\d{2})?))?)?"
)
# YAML 1.2 timestamps (what ruamel.yaml reads as a date or datetime).
_YAML_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"|\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?"
    r"(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?"
)
_DATE_PLACEHOLDER = "blogdesk0date0placeholder"
_SURROGATES = re.compile("[\ud800-\udfff]")
_CR_RUN = re.compile(r"\r+\n")


class PostError(Exception):
    """A post file that cannot be read, understood or written; names the file and the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None,
                 kind: str = "io") -> None:
        self.path = Path(path)
        self.message = message
        self.line = line
        self.kind = kind
        super().__init__(path, message, line, kind)

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (PostError, (self.path, self.message, self.line, self.kind))


@dataclass(frozen=True)
class Fingerprint:
    """What a file looked like: its size, modification time and content hash."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of_file(cls, path: Path) -> Fingerprint | None:
        """Fingerprint the file at `path` (following links), or None when it does not exist."""
        try:
            with open(path, "rb") as f:
                st = os.fstat(f.fileno())
                digest = hashlib.sha256()
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    digest.update(chunk)
        except (FileNotFoundError, NotADirectoryError):
            return None
        return cls(st.st_size, st.st_mtime_ns, digest.hexdigest())

    @classmethod
    def of_bytes(cls, data: bytes, mtime_ns: int) -> Fingerprint:
        return cls(len(data), mtime_ns, hashlib.sha256(data).hexdigest())


# --------------------------------------------------------------------------------------------
# Small helpers


@functools.cache
def _handlers() -> tuple[Any, Any, Any]:
    """python-frontmatter's detectors: YAML and JSON as shipped, TOML with our own boundary.

    python-frontmatter only defines its TOML handler when the unmaintained `toml` package is
    installed, so the `+++` detector is built here on its BaseHandler. Imported lazily: the
    package pulls in PyYAML, which start-up does not need.
    """
    from frontmatter import default_handlers as h

    class TomlFence(h.BaseHandler):  # type: ignore[misc, name-defined]
        FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)

    return h.YAMLHandler(), TomlFence(), h.JSONHandler()


class _LimitedConstructor(RoundTripConstructor):
    """ruamel.yaml's round-trip constructor that refuses a document whose aliases expand to
    too many values or nest too deep (``yaml_limits``: the billion laughs), before building it."""

    def construct_document(self, node: Any) -> Any:
        yaml_limits.check(node, error=YAMLError)
        return super().construct_document(node)


def _new_yaml(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    # One instance per operation: ruamel.yaml instances are not thread-safe.
    y = YAML(typ="rt")
    y.Constructor = _LimitedConstructor
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


_LOCAL = threading.local()


def _loader() -> YAML:
    # Building a YAML instance costs about as much as reading a small block: keep one per
    # thread (instances are not thread-safe), made on first use rather than at import.
    y: YAML | None = getattr(_LOCAL, "loader", None)
    if y is None:
        y = _LOCAL.loader = _new_yaml()
    return y


def _yaml_load(text: str) -> Any:
    yaml_limits.check_text(text, error=YAMLError)
    try:
        return _loader().load(text)
    except YAMLError:
        # ruamel.yaml 0.19 rejects a trailing tab after a plain scalar ("title: Hi\t") that other
        # YAML readers accept; retry with just those tabs removed (line numbers are unchanged).
        fixed = re.sub(r"(?m)(?<=\S)[ \t]*\t[ \t]*$", "", text)
        if fixed == text:
            raise
        try:
            return _loader().load(fixed)
        except YAMLError:
            pass
        raise


def _yaml_dump(data: Any, mapping: int = 2, sequence: int = 4, offset: int = 2) -> str:
    buf = io.StringIO()
    _new_yaml(mapping, sequence, offset).dump(data, buf)
    return buf.getvalue()


@functools.cache
def _yaml11_resolver() -> Any:
    import yaml as pyyaml

    return pyyaml.resolver.Resolver(), pyyaml.nodes.ScalarNode


def _yaml11_not_str(text: str) -> bool:
    """True when a YAML 1.1 reader (Jekyll, PyYAML) would not read `text` unquoted as a string."""
    resolver, node = _yaml11_resolver()
    return bool(resolver.resolve(node, text, (True, False)) != "tag:yaml.org,2002:str")


def _plain(value: Any) -> Any:
    """Convert parsed front matter (ruamel, tomlkit) into plain Python values."""
    if isinstance(value, (ScalarBoolean, bool)):
        return bool(value)
    if isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day, value.hour, value.minute,
                           value.second, value.microsecond, tzinfo=value.tzinfo)
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, dt.time):
        return dt.time(value.hour, value.minute, value.second, value.microsecond, value.tzinfo)
    if isinstance(value, str):
        text = str(value)
        if _SURROGATES.search(text):
            # YAML "\\ud83d\\ude00" escapes give surrogate halves: join pairs, mark lone ones.
            text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        return text
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, Mapping):
        return {_plain_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None:
        return None
    tagged = getattr(value, "value", None)  # ruamel TaggedScalar (`!tag text`)
    if isinstance(tagged, str):
        return str(tagged)
    return value


def _plain_key(key: Any) -> Any:
    plain = _plain(key)
    try:
        hash(plain)
    except TypeError:  # a complex YAML key (`? [a, b]`): keep it readable as text
        return str(plain)
    return plain


def _same(a: Any, b: Any, ordered: bool = True) -> bool:
    """Equality that also compares types, so `True` is not `1` and a date is not a datetime."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        if (list(a) != list(b)) if ordered else (a.keys() != b.keys()):
            return False
        return all(_same(a[k], b[k], ordered) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y, ordered) for x, y in zip(a, b, strict=True))
    if isinstance(a, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return bool(a == b)


def _normalize_value(value: Any) -> Any:
    """What `set(key, value)` should read back as: tuples become lists, subclasses plain."""
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, (str, int, float, dt.date, dt.time)) or value is None:
        return _plain(value)
    if isinstance(value, Mapping):
        return {k: _normalize_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_normalize_value(v) for v in value]
    raise TypeError(f"cannot store a {type(value).__name__} in front matter")


def _split_nl(text: str) -> list[str]:
    """Split on "\\n", keeping each line's own ending ("\\n", "\\r\\n" or none for the last)."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def _lf(text: str) -> str:
    """CRLF (and any run of CRs before a LF, which no editor shows) as "\\n"."""
    return _CR_RUN.sub("\n", text) if "\r" in text else text


def _strip_cr(line: str) -> str:
    return _lf(line)


def _dominant_newline(text: str) -> str:
    """The more common of CRLF and LF; on a tie, the one that comes first."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    if crlf != lf:
        return "\r\n" if crlf > lf else "\n"
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _reapply_newlines(old_raw: str, new_text: str, newline: str) -> str:
    """Give `new_text` ("\\n" newlines) the line endings of `old_raw` wherever lines are unchanged.

    Unchanged lines keep their own ending (so a mixed LF/CRLF file stays mixed outside the edit);
    new or changed lines get `newline`.
    """
    old = _split_nl(old_raw)
    new = _split_nl(new_text)
    old_norm = [_strip_cr(line) for line in old]
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_norm, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(old[i1:i2])
        else:
            out.extend(_with_newline(line, newline) for line in new[j1:j2])
    return "".join(out)


def _reapply_newlines_fast(old_raw: str, new_text: str, newline: str) -> str:
    """Like `_reapply_newlines`, linear time: keeps the common leading and trailing lines."""
    old = _split_nl(old_raw)
    new = _split_nl(new_text)
    n = min(len(old), len(new))
    head = 0
    while head < n and _strip_cr(old[head]) == new[head]:
        head += 1
    tail = 0
    while tail < n - head and _strip_cr(old[-1 - tail]) == new[-1 - tail]:
        tail += 1
    middle = [_with_newline(line, newline) for line in new[head:len(new) - tail]]
    return "".join(old[:head] + middle + old[len(old) - tail:])


def _with_newline(line: str, newline: str) -> str:
    return line[:-1] + newline if line.endswith("\n") else line


def _errno_text(exc: OSError) -> str:
    name = errno.errorcode.get(exc.errno or 0)
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{reason} ({name})" if name else reason


# --------------------------------------------------------------------------------------------
# Splitting a file into fences, front matter and body


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
    yaml_h, toml_h, json_h = _handlers()
    cr_fence = _CR_ONLY_FENCE.match(text)
    if cr_fence:
        # No reader sees a fence there (Jekyll and Hugo split lines at LF): say so instead of
        # showing the front matter as text, and never rewrite it.
        fmt = "yaml" if cr_fence.group(1)[0] == "-" else "toml"
        return _Parsed(_Parts(body=text), error=PostError(
            path, "the front matter has old Mac line endings (CR only), which blogdesk and site "
            "generators do not read; convert the file's line endings to LF", 1, fmt))
    if yaml_h.detect(text):
        parts = _split_fenced(text, "yaml", _YAML_OPEN, _YAML_CLOSE)
        if parts is not None:
            return _analyze_yaml(parts, path)
    elif toml_h.detect(text):
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
        if exc is not None and json_h.detect(text):
            # `{` alone on the first line is python-frontmatter's JSON marker: report the error.
            return _Parsed(_Parts(body=text), error=PostError(
                path, f"invalid JSON front matter: {exc.msg}", exc.lineno, "json"))
    header = pelican.split(text)  # Pelican's native `Title: ...` lines
    if header is not None:
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


# --------------------------------------------------------------------------------------------
# Editing YAML front matter one key at a time


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
        for k in [k for k in old if k not in new]:
            del old[k]
        for k, v in new.items():
            if k in old:
                if not _same(_plain(old[k]), _normalize_value(v)):
                    old[k] = _merge_yaml(old[k], v, flow)
            else:
                old[k] = _to_yaml(v, flow)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, (list, tuple)):
        if not old and old.fa.flow_style() is None:
            old.fa.set_flow_style()  # `tags: []` is a flow list: `[a]` after adding one
        old_plain = [_plain(x) for x in old]
        new_plain = [_normalize_value(x) for x in new]
        keys_old = [json.dumps(x, default=str, sort_keys=True) for x in old_plain]
        keys_new = [json.dumps(x, default=str, sort_keys=True) for x in new_plain]
        ops = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in reversed(ops):
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:
                # item for item, in place: a comment after an item (`- a  # keep`) stays
                for offset, item in enumerate(new[j1:j2]):
                    old[i1 + offset] = _to_yaml(item, bool(old.fa.flow_style()))
                continue
            del old[i1:i2]
            for offset, item in enumerate(new[j1:j2]):
                old.insert(i1 + offset, _to_yaml(item, bool(old.fa.flow_style())))
        return old
    # Keep quotes, and keep `|` / `>` blocks while the text still has several lines.
    quoted = isinstance(old, (DoubleQuotedScalarString, SingleQuotedScalarString))
    block = isinstance(old, ScalarString) and type(old) is not ScalarString and "\n" in str(new)
    if isinstance(new, str) and (quoted or block):
        return type(old)(new)
    return _to_yaml(new, flow if not isinstance(old, CommentedSeq) else None)


def _date_style(raw: str | None) -> re.Match[str] | None:
    if raw is None:
        return None
    raw = raw.strip()
    if len(raw) > 1 and raw[0] == raw[-1] and raw[0] in "'\"":
        raw = raw[1:-1]
    return _DATE_TEXT.fullmatch(raw)


def _format_date(value: dt.date, style: re.Match[str] | None) -> str:
    """Write a date or datetime the way the file already writes that key, where it can."""
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    midnight = value.time() == dt.time(0) and value.tzinfo is None
    if style is not None and style["sep"] is None and midnight:
        return value.date().isoformat()
    sep = style["sep"] if style is not None and style["sep"] else "T"
    text = f"{value.date().isoformat()}{sep}{value.hour:02d}:{value.minute:02d}"
    want_seconds = style is None or style["sep"] is None or style["s"] is not None
    if want_seconds or value.second or value.microsecond:
        text += f":{value.second:02d}"
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    offset = value.utcoffset()
    if offset is not None:
        tz = style["tz"] if style is not None else None
        tzsp = style["tzsp"] if style is not None and style["tzsp"] else ""
        minutes = int(offset.total_seconds() // 60)
        if minutes == 0 and (tz is None or tz in "Zz"):
            text += tzsp + (tz or "Z")
        else:
            sign = "-" if minutes < 0 else "+"
            hh, mm = divmod(abs(minutes), 60)
            colon = "" if tz is not None and tz not in "Zz" and ":" not in tz else ":"
            text += f"{tzsp}{sign}{hh:02d}{colon}{mm:02d}"
    return text


def _date_expectation(value: dt.date, text: str) -> Any:
    """What ruamel.yaml will read back from the date text we wrote."""
    if not _YAML_TIMESTAMP.fullmatch(text):
        return text
    if isinstance(value, dt.datetime) and "T" not in text and ":" not in text:
        return value.date()
    return _plain(value)


def _raw_scalar(lines: list[str], doc: CommentedMap, key: Any) -> str | None:
    """The text of a single-line scalar value as written (without an inline comment)."""
    pos = doc.lc.data.get(key)
    if pos is None or pos[2] >= len(lines):
        return None
    text = lines[pos[2]].rstrip("\r\n")[pos[3]:]
    return re.split(r"\s#", text, maxsplit=1)[0].strip()


class _EditRefused(Exception):
    pass


def _yaml_set(fm: str, doc: Any, key: str, value: Any, newline: str) -> tuple[str, Any]:
    """Return new raw front matter with `key` set to `value`, and what should read back."""
    lines = _split_nl(fm)
    norm = [_strip_cr(line) for line in lines]
    expected = _normalize_value(value)
    regions = _regions(doc, norm)
    flow = _flow_seq_style(doc)

    placeholder_text: str | None = None
    old_region: list[str] = []
    # New lines are indented like the key's own line (or the first key's, for a new key).
    first_key = min(regions.values(), default=None)
    anchor_line = regions[key][0] if key in regions else first_key[0] if first_key else None
    key_col = 0 if anchor_line is None else len(norm[anchor_line]) - len(
        norm[anchor_line].lstrip(" "))
    if key in regions:
        start, end = regions[key]
        old_region = norm[start:end]
        # Replaced lines keep the ending the field's own lines had (matters in mixed files).
        newline = "\r\n" if lines[end - 1].endswith("\r\n") else "\n"
        sniff = _sniff_indent(old_region) if len(old_region) > 1 else _sniff_indent(norm)
        style = _date_style(_raw_scalar(norm, doc, key))
        old_value = doc[key]
    else:
        start = end = len(lines)
        sniff = _sniff_indent(norm)
        style = None
        old_value = None

    node: Any = None
    quoted = isinstance(old_value, (DoubleQuotedScalarString, SingleQuotedScalarString))
    if isinstance(value, dt.date) and quoted and style is not None:
        # A quoted date ("2024-01-02") stays a quoted string in the same format.
        node = type(old_value)(_format_date(value, style))
        expected = str(node)
    elif isinstance(value, dt.date):
        # Written as plain text in the key's own style; ruamel would pick its own format.
        placeholder_text = _format_date(value, style)
        expected = _date_expectation(value, placeholder_text)
        node = _DATE_PLACEHOLDER

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
        new_lines = _indent_lines(text, key_col)
        new_lines = [_with_newline(line, newline) for line in new_lines]
        candidate = "".join(lines[:start] + new_lines + lines[end:])
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


# --------------------------------------------------------------------------------------------
# TOML and JSON edits


def _toml_set(fm: str, key: str, value: Any, delete: bool, newline: str) -> tuple[str, Any]:
    import tomlkit

    old_doc = tomlkit.parse(_lf(fm))
    doc = tomlkit.parse(_lf(fm))
    expected = _normalize_value(value) if not delete else None
    if delete:
        del doc[key]
    elif key in doc and isinstance(doc[key], str) and isinstance(value, str):
        old_type = getattr(doc.item(key), "type", None)
        literal = bool(old_type is not None and old_type.is_literal())
        can_literal = "'" not in value and "\n" not in value
        doc[key] = tomlkit.string(value, literal=literal and can_literal)
    else:
        doc[key] = value
    text = _reapply_newlines(fm, tomlkit.dumps(doc), newline)
    check = tomlkit.parse(_lf(text))
    intended = _plain(old_doc.unwrap())
    if delete:
        intended.pop(key, None)
    else:
        intended[key] = expected
    if not _same(_plain(check.unwrap()), intended, ordered=False):
        raise _EditRefused(key)
    for k in old_doc:
        if k != key and _toml_text(old_doc, k) != _toml_text(check, k):
            raise _EditRefused(key)
    return text, check


def _toml_text(doc: Any, key: str) -> str:
    item = doc.item(key)
    return str(item.as_string()) if hasattr(item, "as_string") else repr(item)


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


# --------------------------------------------------------------------------------------------
# The post


class PostFile:
    """One post file: its exact text, its parsed front matter, and lossless edits of both."""

    def __init__(self, path: Path, data: bytes, text: str, bom: bool, parsed: _Parsed,
                 fingerprint: Fingerprint | None) -> None:
        self.path = path
        self.bom = bom
        self.newline = _dominant_newline(text)
        self.fingerprint = fingerprint
        self._baseline = data
        self._adopt(parsed)

    # -- state ---------------------------------------------------------------------------

    def _adopt(self, parsed: _Parsed) -> None:
        self._parts = parsed.parts
        self._doc = parsed.doc
        self._meta = parsed.meta if parsed.meta is not None else {}
        self.error = parsed.error
        self.format = parsed.parts.format
        self._bytes: bytes | None = None
        self._body_cache: str | None = None

    def _rebase(self, data: bytes, fingerprint: Fingerprint) -> None:
        self._baseline = data
        self._bytes = data
        self.fingerprint = fingerprint

    def rebase_to(self, data: bytes, fingerprint: Fingerprint | None) -> None:
        """Compare this post with `data` from now on (the bytes on disk, or b"" for none).

        For text that did not come from the file as it is now: recovered journal text, a
        post whose file was deleted or moved. `modified` is then True unless the text equals
        `data`, and `fingerprint` is what the next save is checked against.
        """
        self._baseline = bytes(data)
        self.fingerprint = fingerprint

    # -- reading -------------------------------------------------------------------------

    @property
    def metadata(self) -> dict[str, Any]:
        """The front matter as plain Python values (a copy); {} when there is none or an error."""
        return copy.deepcopy(self._meta)

    @property
    def body(self) -> str:
        """The Markdown body with "\\n" newlines, leading and trailing whitespace included."""
        if self._body_cache is None:
            self._body_cache = _lf(self._parts.body)
        return self._body_cache

    @property
    def raw_front_matter(self) -> str:
        """The text between the fences (the whole object for JSON), with "\\n" newlines."""
        return _lf(self._parts.fm)

    @property
    def modified(self) -> bool:
        """True when `to_bytes()` differs from what was loaded or last saved."""
        return self.to_bytes() != self._baseline

    def to_bytes(self) -> bytes:
        """The file as it would be written now."""
        if self._bytes is None:
            self._bytes = (BOM if self.bom else b"") + self._parts.text().encode("utf-8")
        return self._bytes

    def line_of_body_start(self) -> int:
        """1-based line in the file where the body begins."""
        p = self._parts
        return (p.open + p.fm + p.close).count("\n") + 1

    # -- editing -------------------------------------------------------------------------

    def set_body(self, text: str) -> None:
        """Replace the body; unchanged leading and trailing lines keep their own line endings."""
        text = _lf(text)
        if text == self.body:
            return
        _check_encodable(self.path, text)
        body = _reapply_newlines_fast(self._parts.body, text, self.newline)
        parts = _Parts(self._parts.open, self._parts.fm, self._parts.close, body,
                       self._parts.format)
        self._replace_parts(parts, self._doc, self._meta, self.error)

    def set(self, key: str, value: Any) -> None:
        """Set one front-matter field, changing only that field's lines (appended if new).

        Accepts str, int, float, bool, None, date, datetime, lists and dicts of those. Dates are
        written in the style the file already uses for that key. Setting the value a field
        already has changes nothing. Raises PostError when the front matter is not understood or
        the edit cannot be made without touching other lines.

        YAML: the key's lines are re-written with ruamel.yaml from the key's own lines (quotes,
        list style, comments kept) and spliced in; strings a YAML 1.1 reader would take for
        something else (`yes`, `NO`, `12:30`) are quoted. A post without front matter gets a
        new `---` block. TOML: tomlkit edits the document in place; a new key goes before the
        first `[table]` (after it, it would belong to that table). JSON: the member's value
        text is replaced in place and a new member is appended; if that is not possible the
        object is written again with json, keeping key order and indentation but not other
        spacing. Dates in JSON are ISO strings.
        """
        expected = _normalize_value(value)
        self._refuse_if_broken()
        if key in self._meta and _same(self._meta[key], expected):
            return
        if self.format is None:
            self._create_yaml_block(key, value)
            return
        self._edit(key, value, delete=False)

    def unset(self, key: str) -> None:
        """Remove one front-matter field (nothing happens when it is not there)."""
        self._refuse_if_broken()
        if key not in self._meta:
            return
        self._edit(key, None, delete=True)

    def set_raw_front_matter(self, text: str) -> None:
        """Replace the front matter text (the raw editor); re-parses, and may set `.error`.

        Raises PostError when the text would move the end of the front matter (a fence line in
        the middle), so that the body can never be swallowed or cut.
        """
        text = _lf(text)
        if text == self.raw_front_matter:
            return
        _check_encodable(self.path, text)
        p = self._parts
        if self.format is None:
            if not text.strip():
                return
            nl = self.newline
            parts = _Parts("---" + nl, "", "---" + nl, p.body, "yaml")
        else:
            parts = _Parts(p.open, p.fm, p.close, p.body, p.format)
        if self.format != "json" and text and not text.endswith("\n"):
            text += "\n"
        fm_newline = _dominant_newline(parts.fm) if "\n" in parts.fm else self.newline
        parts.fm = _reapply_newlines(parts.fm, text, fm_newline)
        parsed = _analyze(parts.text(), self.path)
        if parsed.parts.format is None:
            raise PostError(self.path, "this text is not front matter (it needs `key: value` "
                            "lines)", None, "not-mapping")
        if parsed.parts.body != parts.body or parsed.parts.format != parts.format:
            raise PostError(self.path, "this front matter text would change where the front "
                            "matter ends (a fence line inside it?)", None, parts.format or "yaml")
        self._replace_parts(parsed.parts, parsed.doc, parsed.meta or {}, parsed.error)

    # -- internals -----------------------------------------------------------------------

    def _refuse_if_broken(self) -> None:
        if self.error is not None:
            raise PostError(self.path, "the front matter has an error; fix it as text first: "
                            + self.error.message, self.error.line, self.error.kind)

    def _fm_newline(self) -> str:
        """The newline for new front matter lines: the block's own, else its fence's."""
        fm, fence = self._parts.fm, self._parts.open
        if "\n" in fm:
            return _dominant_newline(fm)
        if fence.endswith("\n"):
            return "\r\n" if fence.endswith("\r\n") else "\n"
        return self.newline

    def _edit(self, key: str, value: Any, delete: bool) -> None:
        p = self._parts
        if p.format == "yaml" and _ODD_BREAKS.search(p.fm):
            raise PostError(self.path, "the front matter contains unusual line breaks (a lone "
                            "CR or U+2028); edit it as text", p.fm_start_line(), "yaml")
        try:
            if p.format == "yaml":
                if delete:
                    fm, _ = _yaml_unset(p.fm, self._doc, key)
                else:
                    fm, _ = _yaml_set(p.fm, self._doc, key, value, self._fm_newline())
            elif p.format == "toml":
                fm, _ = _toml_set(p.fm, key, value, delete, self._fm_newline())
            elif p.format == "pelican":
                fm = pelican.edit(p.fm, key, value, delete, self._fm_newline())
            else:
                fm, _ = _json_set(p.fm, self._doc, key, value, delete, self._fm_newline())
        except _EditRefused:
            raise PostError(self.path, f"cannot change {key!r} without rewriting other lines "
                            "of the front matter; edit it as text", p.fm_start_line(),
                            p.format or "yaml") from None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # The TOML/JSON libraries refuse some keys or values in their own ways.
            raise PostError(self.path, f"cannot change {key!r}: {exc}", p.fm_start_line(),
                            p.format or "yaml") from None
        parsed = _analyze(_Parts(p.open, fm, p.close, p.body, p.format).text(), self.path)
        if parsed.error is not None or parsed.parts.body != p.body:
            raise PostError(self.path, f"changing {key!r} would make the front matter unreadable",
                            p.fm_start_line(), p.format or "yaml")
        self._replace_parts(parsed.parts, parsed.doc, parsed.meta or {}, None)

    def _create_yaml_block(self, key: str, value: Any) -> None:
        nl = self.newline
        p = self._parts
        fm, _ = _yaml_set("", None, key, value, nl)
        parts = _Parts("---" + nl, fm, "---" + nl, p.body, "yaml")
        parsed = _analyze(parts.text(), self.path)
        if parsed.error is not None or parsed.parts.body != p.body:
            raise PostError(self.path, f"could not add {key!r} as front matter", None, "yaml")
        self._replace_parts(parsed.parts, parsed.doc, parsed.meta or {}, None)

    def _replace_parts(self, parts: _Parts, doc: Any, meta: dict[str, Any],
                       error: PostError | None) -> None:
        self._adopt(_Parsed(parts, doc, meta, error))


def _check_encodable(path: Path, text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise PostError(path, f"the text holds a character that cannot be saved as UTF-8 "
                        f"(U+{ord(text[exc.start]):04X})", None, "encoding") from None


# --------------------------------------------------------------------------------------------
# Loading and saving


def parse_post(data: bytes, path: Path, *, strict: bool = True) -> PostFile:
    """Parse the bytes of a post file. Bad front matter raises PostError when `strict`, and is
    otherwise kept as raw text with `.error` set; bad encoding or binary data always raises.

    Front matter starts at byte 0 (after an optional BOM) and needs a closing fence line
    (`---` or `...` for YAML, `+++` for TOML; a JSON object ends at its closing brace). A
    YAML block is front matter when it reads as a mapping or is empty. A list is an error
    ("not-mapping"): it is YAML structure, and site generators refuse it too. A plain
    paragraph between two `---` rules (it reads as a string, or YAML cannot read it and it
    has no `key:` or `- ` line) is no front matter at all: the whole file is the body.
    """
    path = Path(path)
    text, bom = _decode(data, path)
    parsed = _analyze(text, path)
    if parsed.error is not None and strict:
        raise parsed.error
    return PostFile(path, data, text, bom, parsed, None)


def load_post(path: Path, *, strict: bool = True, max_bytes: int = 50 * 2**20,
              root: Path | None = None) -> PostFile:
    """Read and parse the post at `path` (see `parse_post`), fingerprinting what was read.

    What is not a regular file (a FIFO, a device, a folder, a dangling link, a link loop) is
    refused before it is opened, and so is a file whose resolved path is outside `root` when
    one is given (`files.check_file`).
    """
    path = Path(path)
    try:
        data, st = files.read_file(path, root, max_bytes)
    except files.NotAPostFile as exc:
        raise PostError(path, exc.reason, None, "io") from None
    except OSError as exc:
        raise PostError(path, f"cannot read the file: {_errno_text(exc)}", None, "io") from None
    if st.st_size > max_bytes or len(data) > max_bytes:
        raise _too_large(path, max(st.st_size, len(data)), max_bytes)
    post = parse_post(data, path, strict=strict)
    post.fingerprint = Fingerprint.of_bytes(data, st.st_mtime_ns)
    return post


def _too_large(path: Path, size: int, limit: int) -> PostError:
    return PostError(path, f"the file is too large to open ({size / 2**20:.1f} MB; the limit "
                     f"is {limit / 2**20:.0f} MB)", None, "too-large")


def save_post(post: PostFile) -> bool:
    """Write the post atomically when it was modified; True if it was written.

    Before writing, the bytes are parsed again and must give the same front matter and body,
    so an edit that went wrong is refused instead of written.
    """
    if not post.modified:
        return False
    data = post.to_bytes()
    again = parse_post(data, post.path, strict=False)
    if post.format is not None and (
        again.body != post.body
        or again.raw_front_matter != post.raw_front_matter
        or not _same(again._meta, post._meta)
    ):
        raise PostError(post.path, "the edited post did not read back the same; not saved",
                        None, "write")
    fingerprint = atomic_write(post.path, data)
    post._rebase(data, fingerprint)
    return True


def new_post_bytes(metadata: dict[str, Any], body: str = "") -> bytes:
    """A fresh post: the metadata as a YAML block between `---` lines, then `body` verbatim."""
    post = parse_post(b"---\n---\n", Path("new.md"))
    for key, value in metadata.items():
        post.set(key, value)
    post.set_body(body)
    return post.to_bytes()


# --------------------------------------------------------------------------------------------
# Atomic writes


def _resolve_links(path: Path) -> Path:
    """Follow symbolic links to the file that should be written (it need not exist yet)."""
    current = os.path.abspath(path)
    for _ in range(40):
        folder, name = os.path.split(current)
        current = os.path.join(os.path.realpath(folder), name)
        if not os.path.islink(current):
            return Path(current)
        current = os.path.join(os.path.dirname(current), os.readlink(current))
    raise PostError(path, "cannot save: too many levels of symbolic links (a link loop)",
                    None, "write")


def _umask() -> int:
    # Reading the umask with os.umask() would briefly change it for every thread.
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _fsync_folder(folder: str) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some file systems cannot sync a folder (EINVAL); the data itself was synced already.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> Fingerprint:
    """Replace the file at `path` with `data` so that it is either old or new, never partial.

    Writes a temporary file in the same folder, syncs it, gives it the original's permissions,
    renames it over the target (following symbolic links, so a link stays a link) and syncs
    the folder, then reads the result back to check it. On any failure the original is left
    byte for byte as it was, the temporary file is removed, and PostError(kind="write") names
    the file and the cause.
    """
    path = Path(path)
    target = _resolve_links(path)
    folder = str(target.parent)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _write_error(path, exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise PostError(path, "cannot save: the path is a folder", None, "write")
    if st is not None and (not os.access(target, os.W_OK) or not st.st_mode & 0o222):
        # A rename would replace a read-only file without complaint: refuse, as QSaveFile does.
        raise PostError(path, "cannot save: the file is read-only", None, "write")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PostError(path, f"cannot save: the folder {folder} is read-only "
                        "(a safe save needs to create a file beside the post)", None, "write")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~blogdesk-", suffix=".tmp", dir=folder)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            # mkstemp makes the file 0600: give it the original's mode (or the usual one).
            mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
            os.fchmod(fd, mode)
            if st is not None and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(fd, st.st_uid, st.st_gid)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        tmp = None
        _fsync_folder(folder)
    except OSError as exc:
        raise _write_error(path, exc) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    written_fp = Fingerprint.of_file(target)
    if written_fp is None or written_fp.sha256 != hashlib.sha256(data).hexdigest():
        raise PostError(path, "the saved file does not read back as written (check the disk)",
                        None, "write")
    return written_fp


def _write_error(path: Path, exc: OSError) -> PostError:
    return PostError(path, f"cannot save: {_errno_text(exc)}", None, "write")
