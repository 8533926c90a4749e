"""The Post value: what a post's front matter means, whichever generator's keys it uses.

``Post.from_metadata`` reads the keys of Jekyll, Hugo, Eleventy, Pelican and Astro into one
shape: aliases (``lastmod`` is ``updated``, ``description`` is ``summary``...), strings or lists
for tags and categories, dates as datetimes, a derived slug and a derived status (draft,
scheduled or published). Every date it returns is timezone-aware, so any two compare safely: a
naive datetime is taken as local time, a date without a time as local midnight.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from blogdesk.core.postfile import PostFile

__all__ = [
    "Post",
    "Status",
    "as_bool",
    "dated_name",
    "parse_date",
    "slugify",
    "split_terms",
    "title_from_path",
]


class Status(str, Enum):
    """Where a post stands: not to be published, due later, or out."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"


# Keys in the order they are looked up; the first present (and usable) one wins.
DATE_KEYS = ("date", "publishdate", "pubdate", "published")
UPDATED_KEYS = ("updated", "lastmod", "last_modified_at", "modified")
SUMMARY_KEYS = ("summary", "description", "excerpt")
COVER_KEYS = ("image", "cover", "cover_image")

# A name that starts with a date: Jekyll's `2024-05-01-slug`, Zola's `2024-05-01_slug` too.
_DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})([-_])(.+)$")
_APOSTROPHES = re.compile(r"['’ʼ]")
_NOT_SLUG = re.compile(r"[\W_]+")
# ISO 8601 and the forms static site generators write: `2024-05-01`, `2024-05-01T10:00`,
# `2024-05-01 10:00:00 +0200` (Jekyll), `2024-05-01T10:00:00.123Z`.
_DATE_TEXT = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(?:([Zz]|UTC|GMT)|([+-])(\d{2}):?(\d{2})?)?"
)
_TRUE_WORDS = frozenset({"true", "yes", "on", "1", "y"})
_FALSE_WORDS = frozenset({"false", "no", "off", "0", "n"})


#: The longest slug in UTF-8 bytes: slugs name files and folders, and a file name may have 255.
MAX_SLUG_BYTES = 120


def slugify(text: str) -> str:
    """A URL-friendly form of ``text``: ``"Hello, World!"`` gives ``"hello-world"``.

    Letters and digits of any script are kept (``"Café 日本"`` gives ``"café-日本"``);
    apostrophes vanish (``"don't"`` gives ``"dont"``); everything else becomes one dash. A slug
    longer than MAX_SLUG_BYTES is cut, at a dash when there is one in its second half.
    """
    text = unicodedata.normalize("NFKC", text[: MAX_SLUG_BYTES * 8]).casefold()
    text = _APOSTROPHES.sub("", text)
    slug = _NOT_SLUG.sub("-", text).strip("-")
    if len(slug.encode("utf-8")) <= MAX_SLUG_BYTES:
        return slug
    cut = slug.encode("utf-8")[:MAX_SLUG_BYTES].decode("utf-8", errors="ignore")
    dash = cut.rfind("-")
    return (cut[:dash] if dash > len(cut) // 2 else cut).strip("-")


def title_from_path(path: Path) -> str:
    """A title for a post that has none: ``2024-01-05-my-first-post.md`` gives "My first post"."""
    words = _stem(path).replace("-", " ").replace("_", " ").strip()
    words = " ".join(words.split())
    return words[:1].upper() + words[1:]


def parse_date(value: Any) -> datetime | None:
    """A timezone-aware datetime from a front-matter value, or None when it is not a date.

    Accepts datetimes, dates (local midnight) and ISO-like strings; naive values are local time.
    """
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        return _aware(datetime(value.year, value.month, value.day))
    if isinstance(value, str):
        return _parse_date_text(value.strip())
    return None


def as_bool(value: Any) -> bool | None:
    """True or False for a boolean-ish front-matter value (``true``, ``"false"``, ``1``)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return None


def split_terms(value: Any, *, single: bool = False) -> tuple[str, ...]:
    """Tags or categories from a list, or from a string separated by commas (or spaces).

    A string with a comma or semicolon splits on those; one without splits on spaces (Jekyll's
    ``tags: a b``) unless ``single`` (Jekyll's ``category: Web Design`` names one category).
    Duplicates and empty entries go; order is kept.
    """
    if value is None or isinstance(value, bool):
        return ()
    if isinstance(value, str):
        if "," in value or ";" in value:
            items: Iterable[Any] = re.split(r"[,;]", value)
        elif single:
            items = [value]
        else:
            items = value.split()
    elif isinstance(value, (list, tuple)):
        items = value
    elif isinstance(value, (int, float)):
        items = [value]
    else:
        return ()
    seen: dict[str, None] = {}
    for item in items:
        if item is None or isinstance(item, (dict, list, tuple)):
            continue
        term = " ".join(str(item).split())
        if term:
            seen.setdefault(term, None)
    return tuple(seen)


@dataclass(frozen=True)
class Post:
    """One post: the meaning of its front matter, and its Markdown body."""

    path: Path
    title: str
    date: datetime | None
    updated: datetime | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    author: str
    slug: str
    cover: str
    draft: bool
    status: Status
    body: str

    @property
    def category(self) -> str:
        """The first category, or "" when there is none."""
        return self.categories[0] if self.categories else ""

    @classmethod
    def from_metadata(
        cls,
        path: Path,
        metadata: Mapping[str, Any],
        body: str,
        now: datetime | None = None,
    ) -> Post:
        """Read ``metadata`` (front matter as plain values) into a Post; ``now`` decides status."""
        meta = _Keys(metadata)
        raw_title = meta.get("title")
        title = _text(raw_title)
        published_date = _first_date(meta, DATE_KEYS) or _date_from_file_name(path)
        categories = _merge(
            split_terms(meta.get("categories")), split_terms(meta.get("category"), single=True)
        )
        draft = _is_draft(meta)
        # An explicit slug is the author's URL and stays as written.
        slug = _text(meta.get("slug")) or slugify(title) or slugify(_stem(path))
        return cls(
            path=path,
            title=title or title_from_path(path),
            date=published_date,
            updated=_first_date(meta, UPDATED_KEYS),
            categories=categories,
            tags=split_terms(meta.get("tags")),
            summary=_first_text(meta, SUMMARY_KEYS),
            author=_author(meta.get("author")),
            slug=slug,
            cover=_cover(meta),
            draft=draft,
            status=_status(draft, published_date, now),
            body=body,
        )

    @classmethod
    def from_file(cls, pf: PostFile, now: datetime | None = None) -> Post:
        """The Post of a loaded post file."""
        return cls.from_metadata(pf.path, pf.metadata, pf.body, now)


class _Keys:
    """Front-matter lookup by exact key, else in any capitalisation (Pelican's ``Title``)."""

    def __init__(self, metadata: Mapping[str, Any]) -> None:
        self._exact = metadata
        self._folded: dict[str, Any] = {}
        for key, value in metadata.items():
            self._folded.setdefault(str(key).lower(), value)

    def get(self, key: str) -> Any:
        if key in self._exact:
            return self._exact[key]
        return self._folded.get(key)


def _status(draft: bool, published: datetime | None, now: datetime | None) -> Status:
    if draft:
        return Status.DRAFT
    if published is not None:
        current = _aware(now) if now is not None else datetime.now(timezone.utc)
        if published > current:
            return Status.SCHEDULED
    return Status.PUBLISHED


def _is_draft(meta: _Keys) -> bool:
    if as_bool(meta.get("draft")):
        return True
    published = meta.get("published")
    # `published: false` (Jekyll) hides a post; `published: 2024-05-01` is a date, not a flag.
    if parse_date(published) is None and as_bool(published) is False and published is not None:
        return True
    status = meta.get("status")  # Pelican
    return isinstance(status, str) and status.strip().lower() in ("draft", "hidden")


def _first_date(meta: _Keys, keys: tuple[str, ...]) -> datetime | None:
    for key in keys:
        parsed = parse_date(meta.get(key))
        if parsed is not None:
            return parsed
    return None


def _first_text(meta: _Keys, keys: tuple[str, ...]) -> str:
    for key in keys:
        text = _text(meta.get(key))
        if text:
            return text
    return ""


def _text(value: Any) -> str:
    """A scalar as stripped text; "" for None, collections and mappings."""
    if value is None or isinstance(value, (dict, list, tuple, set)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


def _author(value: Any) -> str:
    if isinstance(value, Mapping):
        return _text(value.get("name"))
    if isinstance(value, (list, tuple)):
        names = (_author(item) for item in value)
        return ", ".join(name for name in names if name)
    return _text(value)


def _cover(meta: _Keys) -> str:
    for key in COVER_KEYS:
        value = meta.get(key)
        if isinstance(value, Mapping):  # Hugo themes: `cover: {image: ...}`; others `{src: ...}`
            value = value.get("src") or value.get("image")
        elif isinstance(value, (list, tuple)):
            value = value[0] if value else None
        text = _text(value)
        if text:
            return text
    return ""


def _merge(*groups: tuple[str, ...]) -> tuple[str, ...]:
    merged: dict[str, None] = {}
    for group in groups:
        for item in group:
            merged.setdefault(item, None)
    return tuple(merged)


def dated_name(name: str, separators: str = "-") -> tuple[date, str] | None:
    """``(date, rest)`` of a name that starts with a real date and one of ``separators``
    (``2024-05-01-notes`` gives May 1st and ``notes``), else None. The one reader of a date in a
    file or folder name: :mod:`blogdesk.core.sites.conventions` says where each generator
    takes one from."""
    match = _DATED_NAME.match(name)
    if match is None or match.group(4) not in separators:
        return None
    try:
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return day, match.group(5)


def _stem(path: Path) -> str:
    """The file name without extension and Jekyll date; a page bundle's folder name."""
    stem = path.stem
    if stem in ("index", "_index") and path.parent.name:  # Hugo page bundle: post/index.md
        stem = path.parent.name
    found = dated_name(stem)
    return found[1] if found else stem


def _date_from_file_name(path: Path) -> datetime | None:
    """Jekyll's date from a ``YYYY-MM-DD-title.md`` name, used when the front matter has none."""
    found = dated_name(path.stem)
    return _aware(datetime(found[0].year, found[0].month, found[0].day)) if found else None


def _parse_date_text(text: str) -> datetime | None:
    match = _DATE_TEXT.fullmatch(text)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, utc, sign, off_h, off_m = match.groups()
    try:
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        value = datetime(
            int(year), int(month), int(day),
            int(hour or 0), int(minute or 0), int(second or 0), micro,
        )  # fmt: skip
        if utc:
            return value.replace(tzinfo=timezone.utc)
        if sign:
            offset = timedelta(hours=int(off_h), minutes=int(off_m or 0))
            return value.replace(tzinfo=timezone(-offset if sign == "-" else offset))
    except ValueError:
        return None
    return _aware(value)


def _aware(value: datetime) -> datetime:
    """``value`` with a timezone; a naive one is read as local time."""
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value
    try:
        return value.astimezone()  # local time, with the offset in force on that day
    except (OverflowError, OSError, ValueError):  # outside what the platform's clock knows
        return value.replace(tzinfo=timezone.utc)
