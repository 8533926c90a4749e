"""Editing TOML front matter one key at a time with tomlkit, checked so no other key's text
changes.
"""

from __future__ import annotations

from typing import Any

from blogdesk.core.postfile.errors import _EditRefused
from blogdesk.core.postfile.newlines import _lf, _reapply_newlines
from blogdesk.core.postfile.values import _normalize_value, _plain, _same


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
