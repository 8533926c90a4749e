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

This module holds `PostFile` and loading and saving; the rest lives beside it, one concern each:
`parse` (fences, decoding, reading the front matter), `yaml_edit`, `toml_edit`, `json_edit`
(one field at a time), `atomic` (`atomic_write`, `Fingerprint`), `errors` (`PostError`),
`values`, `newlines`, `dates` and `yaml_io` (helpers they share) and `pelican` (Pelican's
header). Everything other modules use is imported from here.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from blogdesk.core import files
from blogdesk.core.postfile import pelican
from blogdesk.core.postfile.atomic import Fingerprint, _errno_text, atomic_write
from blogdesk.core.postfile.errors import KINDS as KINDS
from blogdesk.core.postfile.errors import PostError, _EditRefused
from blogdesk.core.postfile.json_edit import _json_set
from blogdesk.core.postfile.newlines import (
    _dominant_newline,
    _lf,
    _reapply_newlines,
    _reapply_newlines_fast,
)
from blogdesk.core.postfile.parse import BINARY_SNIFF_BYTES as BINARY_SNIFF_BYTES
from blogdesk.core.postfile.parse import BOM, _analyze, _decode, _Parsed, _Parts
from blogdesk.core.postfile.parse import MAX_DEPTH as MAX_DEPTH
from blogdesk.core.postfile.toml_edit import _toml_set
from blogdesk.core.postfile.values import _normalize_value, _same
from blogdesk.core.postfile.yaml_edit import _yaml_set, _yaml_unset

__all__ = [
    "Fingerprint",
    "PostError",
    "PostFile",
    "atomic_write",
    "load_post",
    "parse_post",
    "save_post",
]

# Line breaks that YAML knows and `str.split("\n")` does not; front matter holding them is
# readable but not edited field by field (line numbers would not agree).
_ODD_BREAKS = re.compile(r"\r(?!\n)|[\x85\u2028\u2029]")


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
        self._set_saved_body(self._parts.body)

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
        self._set_saved_body(self._parts.body)

    def _set_saved_body(self, raw: str | None) -> None:
        """The body as the file on disk holds it (its own line endings), for `set_body`."""
        self._saved_body = raw
        self._saved_body_lf: str | None = None

    def rebase_to(self, data: bytes, fingerprint: Fingerprint | None) -> None:
        """Compare this post with `data` from now on (the bytes on disk, or b"" for none).

        For text that did not come from the file as it is now: recovered journal text, a
        post whose file was deleted or moved. `modified` is then True unless the text equals
        `data`, and `fingerprint` is what the next save is checked against.
        """
        self._baseline = bytes(data)
        self.fingerprint = fingerprint
        self._set_saved_body(None)

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
        saved = self._saved_body if self._is_saved_body(text) else None
        # an edit undone gets the saved lines back with their own endings, not the usual one
        body = saved if saved is not None else _reapply_newlines_fast(self._parts.body, text,
                                                                      self.newline)
        parts = _Parts(self._parts.open, self._parts.fm, self._parts.close, body,
                       self._parts.format)
        self._replace_parts(parts, self._doc, self._meta, self.error)

    def _is_saved_body(self, text: str) -> bool:
        """True when ``text`` ("\\n" newlines) is the body of the file as loaded or saved."""
        saved = self._saved_body
        if saved is None or len(text) > len(saved):  # "\r\n" -> "\n" only makes it shorter
            return False
        if self._saved_body_lf is None:
            self._saved_body_lf = _lf(saved)
        return len(text) == len(self._saved_body_lf) and text == self._saved_body_lf

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
