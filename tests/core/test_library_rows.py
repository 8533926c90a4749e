"""``Library.rows``: the posts as the index stores them, for output such as ``list --json``.

They must say exactly what ``Library.posts`` says (same posts, same order, same values), since
``blogdesk list --json`` prints them in place of the entries.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from blogdesk.core.library import Library, PostEntry, PostRow, Query
from blogdesk.core.post import Status


def write(folder: Path, rel: str, text: str) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    folder = tmp_path / "blog"
    next_year = time.localtime().tm_year + 1
    write(folder, "2024/notes/first.md", "---\ntitle: First steps\ndate: 2024-03-01 09:30\n"
          "updated: 2024-04-02\ntags: [Writing, tools]\ncategories: [Notes, Craft]\n"
          "summary: How blogdesk started.\nauthor: Sam\n---\n" + "word " * 700)  # fmt: skip
    write(folder, "draft.md", "---\ntitle: A draft\ndraft: true\n---\nNot yet.\n")
    write(folder, "later.md", f"---\ntitle: Later\ndate: {next_year}-01-05\n---\nSoon.\n")
    write(folder, "undated.md", "---\ntitle: No date here\n---\n\n")
    write(folder, "broken.md", "---\ntitle: [unclosed\n---\nBody\n")
    return folder


def as_row(entry: PostEntry, posts_dir: Path) -> PostRow:
    return PostRow(
        entry.path.relative_to(posts_dir).as_posix(), entry.title,
        entry.date.isoformat() if entry.date else None,
        entry.updated.isoformat() if entry.updated else None, entry.status.value,
        entry.categories, entry.tags, entry.summary, entry.author, entry.words, entry.minutes,
        entry.error,
    )  # fmt: skip


@pytest.mark.parametrize(
    "query",
    [
        Query(),
        Query(sort="title", descending=False),
        Query(sort="reading"),
        Query(sort="updated"),
        Query(status=Status.SCHEDULED),
        Query(tag="tools"),
        Query(category="Craft"),
        Query(text="blogdesk"),
        Query(text="draft", sort="relevance"),
    ],
)
def test_rows_say_what_the_entries_say(blog: Path, tmp_path: Path, query: Query) -> None:
    with Library.open(blog, tmp_path / "cache", background=False) as library:
        entries = library.posts(query)
        rows = library.rows(query)
    assert entries, "each query finds something"
    assert rows == [as_row(entry, library.posts_dir) for entry in entries]


def test_rows_of_every_kind_of_post(blog: Path, tmp_path: Path) -> None:
    with Library.open(blog, tmp_path / "cache", background=False) as library:
        rows = {row.path: row for row in library.rows()}
    first = rows["2024/notes/first.md"]
    assert first.date is not None and first.date.startswith("2024-03-01T09:30:00")
    assert first.updated is not None and first.updated.startswith("2024-04-02T00:00:00")
    assert first.tags == ("Writing", "tools") and first.categories == ("Notes", "Craft")
    assert (first.words, first.minutes, first.status) == (700, 4, "published")
    assert rows["draft.md"].status == "draft"
    assert rows["later.md"].status == "scheduled"
    assert rows["undated.md"].date is None and rows["undated.md"].minutes == 0
    assert rows["broken.md"].error is not None and rows["broken.md"].error.startswith("line 3")


def test_posts_with_the_same_tags_and_day_share_them(tmp_path: Path) -> None:
    """Tags, categories and dates repeat across a library: the entries share one tuple, one
    string per name and one datetime (10,000 posts: megabytes, in the app and in the copy the
    preview's worker receives), and each still says its own values."""
    folder = tmp_path / "blog"
    for name, tags in (("one", "[Writing, tools]"), ("two", "[Writing, tools]"),
                       ("three", "[tools]")):
        write(folder, f"{name}.md", f"---\ntitle: {name}\ndate: 2024-03-01\ntags: {tags}\n"
              "category: Notes\n---\nBody.\n")
    Library.open(folder, cache_dir=tmp_path / "cache", background=False).close()
    # opened again: the entries are made from the index (as after a big library's indexing)
    with Library.open(folder, cache_dir=tmp_path / "cache", background=False) as library:
        by_title = {e.title: e for e in library.posts()}
        rows = {r.title: r for r in library.rows()}
    one, two, three = by_title["one"], by_title["two"], by_title["three"]
    assert one.tags == ("Writing", "tools") and three.tags == ("tools",)
    assert one.tags is two.tags
    assert three.tags[0] is one.tags[1]
    assert one.categories is two.categories is three.categories
    assert one.date is not None and one.date is two.date is three.date
    assert rows["one"].tags is rows["two"].tags
