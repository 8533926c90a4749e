"""Dates and times in front matter, written in the style a file already uses for them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from blogdesk.core.postfile.values import _plain

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
    return f"{value.date().isoformat()}{sep}{_clock_text(value, style)}{_zone_text(value, style)}"


def _clock_text(value: dt.datetime, style: re.Match[str] | None) -> str:
    """`HH:MM`, with seconds where the style has them (or the value needs them)."""
    text = f"{value.hour:02d}:{value.minute:02d}"
    want_seconds = style is None or style["sep"] is None or style["s"] is not None
    if want_seconds or value.second or value.microsecond:
        text += f":{value.second:02d}"
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    return text


def _zone_text(value: dt.datetime, style: re.Match[str] | None) -> str:
    """The UTC offset as the style writes it (`Z`, `+0100`, ` +01:00`), or nothing if naive."""
    offset = value.utcoffset()
    if offset is None:
        return ""
    tz = style["tz"] if style is not None else None
    tzsp = style["tzsp"] if style is not None and style["tzsp"] else ""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0 and (tz is None or tz in "Zz"):
        return tzsp + (tz or "Z")
    sign = "-" if minutes < 0 else "+"
    hh, mm = divmod(abs(minutes), 60)
    colon = "" if tz is not None and tz not in "Zz" and ":" not in tz else ":"
    return f"{tzsp}{sign}{hh:02d}{colon}{mm:02d}"


def _date_expectation(value: dt.date, text: str) -> Any:
    """What ruamel.yaml will read back from the date text we wrote."""
    if not _YAML_TIMESTAMP.fullmatch(text):
        return text
    if isinstance(value, dt.datetime) and "T" not in text and ":" not in text:
        return value.date()
    return _plain(value)
