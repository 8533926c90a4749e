"""``PostEntry``: the one record of a post in a list. The scanner (``library_scan``) makes it,
the index (``library``) stores and rebuilds it, and search, the library panel, ``blogdesk list``,
the tag panel and export's page context read it.

It lives apart from the scanner so the app can show its list from the index without importing
the scanner's YAML reader and word counter (start-up: ``tests/test_startup_imports.py``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from blogdesk.core.post import Post, Status, slugify

__all__ = ["PostEntry", "PostRow", "iso", "moment", "status_of", "timestamp"]


class PostRow(NamedTuple):
    """A post as the index stores it, in plain values: what ``PostEntry`` is made of, and what
    ``blogdesk list --json`` prints as it is (its fields, in this order, are the JSON keys).

    ``path`` is relative to the posts folder with ``/``; dates are ISO 8601 text; ``status``
    is the Status value. Making one costs a tenth of a PostEntry (no Path, no datetime), which
    is most of listing 10,000 posts.
    """

    path: str
    title: str
    date: str | None
    updated: str | None
    status: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    author: str
    words: int
    minutes: int
    error: str | None


@dataclass(frozen=True)
class PostEntry:
    """One post as every list shows it: the scanner makes it, the index stores and rebuilds
    it, and search, the library panel, ``blogdesk list`` and the tag panel read it."""

    path: Path
    title: str
    date: datetime | None
    updated: datetime | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    author: str
    status: Status
    words: int
    minutes: int
    error: str | None

    @classmethod
    def of_post(cls, post: Post, words: int, minutes: int, error: str | None = None, *,
                title: str | None = None, status: Status | None = None) -> PostEntry:
        """The entry of a read post; ``title`` and ``status`` replace the post's own."""
        return cls(
            post.path, post.title if title is None else title, post.date, post.updated,
            tuple(post.categories), tuple(post.tags), post.summary, post.author,
            post.status if status is None else status, words, minutes, error,
        )  # fmt: skip

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # plain values: a scan's pool sends thousands, and a pickled Path, Status and dataclass
        # take several times as long to send and rebuild
        return _entry, (os.fspath(self.path), self.title, iso(self.date), iso(self.updated),
                        self.categories, self.tags, self.summary, self.author, self.status.value,
                        self.words, self.minutes, self.error)  # fmt: skip

    def as_post(self) -> Post:
        """The body-less Post of this entry (what related-post cards need)."""
        return Post(
            path=self.path, title=self.title, date=self.date, updated=self.updated,
            categories=self.categories, tags=self.tags, summary=self.summary,
            author=self.author, slug=slugify(self.title) or self.path.stem, cover="",
            draft=self.status == Status.DRAFT, status=self.status, body="",
        )  # fmt: skip


_FOLDERS: dict[str, Path] = {}  # the folders of the entries unpickled in this process


def _entry(path: str, title: str, date: str | None, updated: str | None,
           categories: tuple[str, ...], tags: tuple[str, ...], summary: str, author: str,
           status: str, words: int, minutes: int, error: str | None) -> PostEntry:
    """A PostEntry from the values its ``__reduce__`` gives."""
    folder, _, name = path.rpartition(os.sep)
    parent = _FOLDERS.get(folder)
    if parent is None:  # joining to a ready Path is three times faster than parsing a path
        if len(_FOLDERS) > 10_000:
            _FOLDERS.clear()
        parent = _FOLDERS[folder] = Path(folder)
    return PostEntry(parent / name, title, moment(date), moment(updated), categories, tags,
                     summary, author, Status(status), words, minutes, error)  # fmt: skip


def iso(value: datetime | None) -> str | None:
    """ISO 8601 text of a datetime (how the index stores it)."""
    return value.isoformat() if value is not None else None


def moment(text: str | None) -> datetime | None:
    """The datetime of ISO 8601 text (the inverse of ``iso``)."""
    return datetime.fromisoformat(text) if text else None


def status_of(draft: int | bool, date_ts: float | None, now: float) -> Status:
    """Draft, scheduled (dated after ``now``) or published."""
    if draft:
        return Status.DRAFT
    if date_ts is not None and date_ts > now:
        return Status.SCHEDULED
    return Status.PUBLISHED


def timestamp(value: datetime | None) -> float | None:
    """POSIX time of a datetime (naive = local time); None if there is none or it overflows."""
    if value is None:
        return None
    try:
        return value.timestamp()
    except (OverflowError, ValueError, OSError):
        return None
