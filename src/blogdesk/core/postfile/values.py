"""Front matter values as plain Python: conversion from ruamel.yaml and tomlkit nodes, and a
type-strict comparison (so `True` is not `1` and a date is not a datetime).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from ruamel.yaml.scalarbool import ScalarBoolean

_SURROGATES = re.compile("[\ud800-\udfff]")


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
