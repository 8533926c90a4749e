"""What the pages know of one post (:class:`Entry`, kept in the export record), and the small
conversions its fields need: ISO dates, hashes, a slug that stays inside ``posts/``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime, timezone
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from blogdesk.core.library_scan import PostEntry
    from blogdesk.core.post import Post


def _sha(data: str | bytes) -> str:
    # "surrogatepass": a file name that is not UTF-8 is in the text as lone surrogates
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.astimezone()


@dataclass(frozen=True)
class Entry:
    """What the pages need to know of one post, without its body; kept in the export manifest."""

    key: str  # the source path relative to the library root (posix), or absolute
    path: str
    title: str
    date: str | None  # ISO 8601 with offset
    updated: str | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    excerpt: str
    author: str
    slug: str
    cover: str
    status: str
    words: int

    @property
    def category(self) -> str:
        return self.categories[0] if self.categories else ""

    @cached_property
    def when(self) -> datetime | None:
        return _parse_iso(self.date)

    @classmethod
    def from_post(cls, post: Post, words: int, excerpt: str = "", key: str = "") -> Entry:
        from blogdesk.core.library_scan import PostEntry

        # minutes 0: the pages work them out from the words and the site's reading speed
        return cls.from_summary(PostEntry.of_post(post, words, 0), post.slug, post.cover,
                                excerpt, key)  # fmt: skip

    @classmethod
    def from_summary(cls, entry: PostEntry, slug: str, cover: str, excerpt: str = "",
                     key: str = "") -> Entry:
        """The page context of a listed post (the library's record) and what pages add."""
        return cls(
            key=key or str(entry.path),
            path=str(entry.path),
            title=entry.title,
            date=_iso(entry.date),
            updated=_iso(entry.updated),
            categories=entry.categories,
            tags=entry.tags,
            summary=entry.summary,
            excerpt=excerpt,
            author=entry.author,
            slug=slug,
            cover=cover,
            status=str(getattr(entry.status, "value", entry.status)),
            words=entry.words,
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Entry:
        values = dict(data)
        values["categories"] = tuple(values.get("categories", ()))
        values["tags"] = tuple(values.get("tags", ()))
        return cls(**values)

    def refreshed(self, now: datetime) -> Entry:
        """A scheduled post whose date has come is published now."""
        when = self.when
        if self.status == "scheduled" and when is not None and when <= now:
            return replace(self, status="published")
        return self


_ENTRY_FIELDS = tuple(f.name for f in fields(Entry))


def _newest_first(entries: Iterable[Entry]) -> list[Entry]:
    oldest = datetime.min.replace(tzinfo=timezone.utc)

    def key(entry: Entry) -> tuple[datetime, str]:
        return (entry.when or oldest, entry.key)

    return sorted(entries, key=key, reverse=True)


def _safe_slug(slug: str) -> str:
    from blogdesk.core.post import slugify

    # a front-matter slug such as "../../x" must not leave posts/
    return slugify(slug) or "post"


def _entry_json(entry: Entry) -> dict[str, Any]:
    # by hand: dataclasses.asdict deep-copies every value (0.3 ms a post in the parent)
    data = {name: getattr(entry, name) for name in _ENTRY_FIELDS}
    data["categories"] = list(entry.categories)
    data["tags"] = list(entry.tags)
    return data
