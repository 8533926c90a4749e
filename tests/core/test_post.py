"""Front matter of every common generator reads into the same Post: keys, dates, status, slug."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from blogdesk.core.post import Post, Status, parse_date, slugify, split_terms, title_from_path

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
PATH = Path("/blog/posts/reading-time.md")


def post(metadata: dict[str, Any], path: Path = PATH, now: datetime = NOW) -> Post:
    return Post.from_metadata(path, metadata, "Body text.", now=now)


# --- slugify and titles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Hello, World!", "hello-world"),
        ("  Spaces   everywhere  ", "spaces-everywhere"),
        ("Don't panic", "dont-panic"),
        ("Café au lait", "café-au-lait"),
        ("日本語のブログ", "日本語のブログ"),
        ("snake_case and CamelCase", "snake-case-and-camelcase"),
        ("C++ & Rust: 2024 edition", "c-rust-2024-edition"),
        ("ﬁne ligature", "fine-ligature"),
        ("!!!", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("2024-01-05-my-first-post.md", "My first post"),
        ("my-first-post.md", "My first post"),
        ("notes_on_tables.markdown", "Notes on tables"),
        ("weekly/index.md", "Weekly"),
    ],
)
def test_a_post_without_title_is_named_after_its_file(name: str, title: str) -> None:
    assert title_from_path(Path(name)) == title
    assert post({}, path=Path("/blog") / name).title == title


def test_explicit_title_wins() -> None:
    assert post({"title": "  Reading time  "}).title == "Reading time"
    assert post({"title": ""}).title == "Reading time"  # empty: from the file name
    assert post({"Title": "Pelican style"}).title == "Pelican style"


# --- slug ---------------------------------------------------------------------------------


def test_slug_comes_from_slug_then_title_then_file_name() -> None:
    assert post({"slug": "my_own-slug", "title": "Other"}).slug == "my_own-slug"
    assert post({"title": "Reading Time, Again!"}).slug == "reading-time-again"
    assert post({}, path=Path("/b/2024-02-03-from-the-file.md")).slug == "from-the-file"


# --- dates --------------------------------------------------------------------------------


def test_dates_of_every_kind_are_timezone_aware() -> None:
    local_midnight = datetime(2024, 5, 1).astimezone()
    assert parse_date(date(2024, 5, 1)) == local_midnight
    assert parse_date("2024-05-01") == local_midnight
    assert parse_date(datetime(2024, 5, 1)) == local_midnight
    assert parse_date("2024-05-01T10:30:00Z") == datetime(2024, 5, 1, 10, 30, tzinfo=timezone.utc)
    jekyll = parse_date("2024-05-01 10:30:00 -0500")
    assert jekyll == datetime(2024, 5, 1, 15, 30, tzinfo=timezone.utc)
    assert parse_date("2024-05-01T10:30:00.250+02:00") == datetime(
        2024, 5, 1, 8, 30, 0, 250_000, tzinfo=timezone.utc
    )
    for value in ("next tuesday", "2024-13-01", "", None, 20240501, True):
        assert parse_date(value) is None


def test_aware_and_naive_dates_compare_and_sort() -> None:
    posts = [
        post({"date": datetime(2024, 5, 1, 9, 0)}),
        post({"date": "2024-05-01T09:00:00+09:00"}),
        post({"date": date(2024, 4, 30)}),
    ]
    ordered = sorted(posts, key=lambda p: p.date)  # type: ignore[arg-type, return-value]
    assert all(p.date is not None and p.date.tzinfo is not None for p in ordered)
    assert ordered[0].date == datetime(2024, 4, 30).astimezone()  # first in every time zone


def test_date_aliases_in_lookup_order() -> None:
    assert post({"publishDate": "2024-01-02", "pubDate": "2024-01-03"}).date == parse_date(
        "2024-01-02"
    )
    assert post({"pubDate": "2024-01-03"}).date == parse_date("2024-01-03")
    assert post({"published": date(2024, 1, 4)}).date == parse_date("2024-01-04")
    assert post({"date": "not a date", "pubdate": "2024-01-05"}).date == parse_date("2024-01-05")
    jekyll_file = Path("/b/2023-07-08-summer.md")
    assert post({}, path=jekyll_file).date == parse_date("2023-07-08")
    assert post({"date": "2024-01-01"}, path=jekyll_file).date == parse_date("2024-01-01")
    assert post({}).date is None


@pytest.mark.parametrize("key", ["updated", "lastmod", "last_modified_at", "modified"])
def test_updated_aliases(key: str) -> None:
    assert post({key: "2025-02-03 04:05"}).updated == datetime(2025, 2, 3, 4, 5).astimezone()


# --- status -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("metadata", "status"),
    [
        ({"date": "2026-02-27"}, Status.PUBLISHED),
        ({}, Status.PUBLISHED),
        ({"date": "2026-03-03"}, Status.SCHEDULED),
        ({"date": "2026-03-01T12:30:00Z"}, Status.SCHEDULED),
        ({"date": "2026-03-01T11:30:00Z"}, Status.PUBLISHED),
        ({"date": "2026-03-02", "draft": True}, Status.DRAFT),
        ({"draft": True}, Status.DRAFT),
        ({"draft": "true"}, Status.DRAFT),
        ({"draft": "false"}, Status.PUBLISHED),
        ({"draft": False}, Status.PUBLISHED),
        ({"published": False}, Status.DRAFT),
        ({"published": "false"}, Status.DRAFT),
        ({"published": True}, Status.PUBLISHED),
        ({"published": "2026-05-01"}, Status.SCHEDULED),
        ({"Status": "draft"}, Status.DRAFT),
    ],
)
def test_status(metadata: dict[str, Any], status: Status) -> None:
    result = post(metadata)
    assert result.status is status
    assert result.draft is (status is Status.DRAFT)


def test_status_with_a_naive_now_and_an_aware_date() -> None:
    """A naive ``now`` is local time; comparing it with an aware date does not raise."""
    tomorrow = datetime.now(timezone.utc) + timedelta(days=1)
    assert post({"date": tomorrow}, now=datetime.now()).status is Status.SCHEDULED
    assert post({"date": tomorrow.isoformat()}, now=datetime.now()).status is Status.SCHEDULED
    assert Post.from_metadata(PATH, {"date": "2000-01-01"}, "").status is Status.PUBLISHED


# --- tags, categories, summary, author, cover ----------------------------------------------


@pytest.mark.parametrize(
    ("value", "terms"),
    [
        (["python", "Qt", "python"], ("python", "Qt")),
        ("python, qt,  static sites", ("python", "qt", "static sites")),
        ("python qt", ("python", "qt")),
        ("a;b", ("a", "b")),
        ([2024, None, "x", ["nested"]], ("2024", "x")),
        (None, ()),
        ({"not": "a list"}, ()),
        ("", ()),
    ],
)
def test_split_terms(value: Any, terms: tuple[str, ...]) -> None:
    assert split_terms(value) == terms


def test_tags_and_categories() -> None:
    result = post({"tags": "writing, editing", "categories": "tools craft"})
    assert result.tags == ("writing", "editing")
    assert result.categories == ("tools", "craft")
    assert result.category == "tools"
    single = post({"category": "Web Design"})
    assert single.categories == ("Web Design",)
    assert post({}).category == ""


@pytest.mark.parametrize("key", ["summary", "description", "excerpt"])
def test_summary_aliases(key: str) -> None:
    assert post({key: "The gist."}).summary == "The gist."


@pytest.mark.parametrize(
    ("value", "author"),
    [
        ("Hanna Vos", "Hanna Vos"),
        ({"name": "Hanna Vos", "url": "https://example.org"}, "Hanna Vos"),
        (["Ann", {"name": "Bo"}], "Ann, Bo"),
        (None, ""),
    ],
)
def test_author(value: Any, author: str) -> None:
    assert post({"author": value}).author == author


@pytest.mark.parametrize(
    ("metadata", "cover"),
    [
        ({"image": "img/a.png"}, "img/a.png"),
        ({"cover": {"image": "b.jpg", "alt": "B"}}, "b.jpg"),
        ({"cover_image": "c.webp"}, "c.webp"),
        ({"image": {"src": "d.png"}}, "d.png"),
        ({"images": ["ignored.png"]}, ""),
        ({}, ""),
    ],
)
def test_cover(metadata: dict[str, Any], cover: str) -> None:
    assert post(metadata).cover == cover


def test_body_and_path_are_kept_and_the_post_is_frozen() -> None:
    result = Post.from_metadata(PATH, {"title": "T"}, "# Hello\n", now=NOW)
    assert result.body == "# Hello\n"
    assert result.path == PATH
    with pytest.raises(AttributeError):
        result.title = "changed"  # type: ignore[misc]


def test_a_long_title_gives_a_slug_that_can_name_a_file() -> None:
    """A slug names a file or a folder; a title of any length must give a usable name."""
    from blogdesk.core.post import MAX_SLUG_BYTES, slugify

    assert slugify("9" * 300) == "9" * MAX_SLUG_BYTES
    words = slugify("a long title " * 40)
    whole = "-".join(["a-long-title"] * 40)
    assert len(words.encode()) <= MAX_SLUG_BYTES
    assert whole.startswith(words + "-")  # cut between words
    kanji = slugify("日本語" * 100)
    assert len(kanji.encode()) <= MAX_SLUG_BYTES and kanji.startswith("日本語")
