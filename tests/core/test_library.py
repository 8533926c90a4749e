"""The library index: what each post shows, filters, sorts, status, layouts, errors and threads."""

from __future__ import annotations

import os
import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from blogdesk.core import library as library_module
from blogdesk.core.library import Library, PostEntry, Query, find_posts_dir
from blogdesk.core.post import Status
from blogdesk.core.stats import count_text


def write(folder: Path, rel: str, text: str) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def post(title: str | None = None, *, body: str = "Some words here.\n", **fields: str) -> str:
    lines = [f"title: {title}"] if title is not None else []
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """A small blog with dates, tags, categories, drafts and a scheduled post."""
    folder = tmp_path / "blog"
    write(folder, "alpha.md", post(
        "Alpha release notes", date="2024-01-10", updated="2024-03-01",
        tags="[release, python]", category="Engineering",
        summary="What changed in alpha.", author="Ann",
        body="The alpha is out. " * 30 + "\n",
    ))  # fmt: skip
    write(folder, "beta.md", post(
        "beta thoughts", date="2024-02-20", tags="[python, writing]",
        categories="[Notes, Engineering]",
        body="Short note about delegation.\n",
    ))  # fmt: skip
    write(folder, "2023/gamma.md", post(
        "Gamma", date="2023-06-05 08:30:00", tags="[writing]", category="Notes", draft="true",
        body="word " * 500 + "\n",
    ))  # fmt: skip
    write(folder, "future.md", post("Future plans", date="2999-01-01", tags="[plans]"))
    write(folder, "undated.md", post("Undated musings", tags="[writing]"))
    return folder


def open_library(root: Path, cache: Path, **kwargs: object) -> Library:
    library = Library.open(root, cache_dir=cache, **kwargs)  # type: ignore[arg-type]
    return library


def titles(entries: list[PostEntry]) -> list[str]:
    return [entry.title for entry in entries]


# -- what a post shows -------------------------------------------------------------------------


def test_entry_fields(blog: Path, cache: Path) -> None:
    """Each field of a listed post comes from its front matter, words from the body."""
    with open_library(blog, cache) as library:
        entry = library.get(blog / "alpha.md")
    assert entry is not None
    assert entry.path == blog / "alpha.md"
    assert entry.title == "Alpha release notes"
    assert entry.date is not None and entry.date.date() == date(2024, 1, 10)
    assert entry.updated is not None and entry.updated.date() == date(2024, 3, 1)
    assert entry.tags == ("release", "python")
    assert entry.categories == ("Engineering",)
    assert entry.summary == "What changed in alpha."
    assert entry.author == "Ann"
    assert entry.status is Status.PUBLISHED
    assert entry.words == count_text("The alpha is out. " * 30 + "\n").words == 120
    assert entry.minutes == 1
    assert entry.error is None


def test_title_falls_back_to_the_file_name(tmp_path: Path, cache: Path) -> None:
    write(tmp_path / "b", "no-title-here.md", "Just a body, no front matter.\n")
    with open_library(tmp_path / "b", cache) as library:
        (entry,) = library.posts()
    assert entry.title == "No title here"
    assert entry.words == 6


def test_reading_time_uses_the_library_wpm(tmp_path: Path, cache: Path) -> None:
    """``wpm`` in blogdesk.toml sets the minutes of every post."""
    folder = tmp_path / "b"
    write(folder, "long.md", post("Long", body="word " * 1000))
    with open_library(folder, cache) as library:
        assert library.posts()[0].minutes == 5  # 1000 words at 200 a minute
    write(folder, "blogdesk.toml", "wpm = 100\n")
    with open_library(folder, cache) as library:
        assert library.posts()[0].minutes == 10


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"draft": "true"}, Status.DRAFT),
        ({"published": "false"}, Status.DRAFT),
        ({"date": "2999-05-01"}, Status.SCHEDULED),
        ({"date": "2020-05-01"}, Status.PUBLISHED),
        ({"date": "2999-05-01", "draft": "true"}, Status.DRAFT),
        ({}, Status.PUBLISHED),
    ],
)
def test_status_rules(tmp_path: Path, cache: Path, fields: dict[str, str], status: Status) -> None:
    """Hugo's draft and Jekyll's published: false mean draft; a future date means scheduled."""
    write(tmp_path / "b", "p.md", post("P", **fields))
    with open_library(tmp_path / "b", cache) as library:
        assert library.posts()[0].status is status


def test_a_scheduled_post_becomes_published_when_its_time_comes(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Status is worked out when asked, not when the file was read."""
    soon = datetime.now(timezone.utc) + timedelta(hours=1)
    write(tmp_path / "b", "p.md", post("P", date=soon.strftime("%Y-%m-%dT%H:%M:%SZ")))
    with open_library(tmp_path / "b", cache) as library:
        assert library.posts()[0].status is Status.SCHEDULED
        later = soon.timestamp() + 60
        monkeypatch.setattr(library_module.time, "time", lambda: later)
        assert library.posts()[0].status is Status.PUBLISHED
        assert titles(library.posts(Query(status=Status.PUBLISHED))) == ["P"]


# -- filters and sorts -------------------------------------------------------------------------


def test_default_order_is_newest_first_undated_last(blog: Path, cache: Path) -> None:
    with open_library(blog, cache) as library:
        assert titles(library.posts()) == [
            "Future plans", "beta thoughts", "Alpha release notes", "Gamma", "Undated musings",
        ]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (Query(tag="python"), {"Alpha release notes", "beta thoughts"}),
        (Query(tag="Python"), set()),  # tags are exact
        (Query(category="Engineering"), {"Alpha release notes", "beta thoughts"}),
        (Query(category="Notes"), {"beta thoughts", "Gamma"}),
        (Query(status=Status.DRAFT), {"Gamma"}),
        (Query(status=Status.SCHEDULED), {"Future plans"}),
        (
            Query(status=Status.PUBLISHED),
            {"Alpha release notes", "beta thoughts", "Undated musings"},
        ),
        (
            Query(date_from=date(2024, 1, 1)),
            {"Alpha release notes", "beta thoughts", "Future plans"},
        ),
        (Query(date_to=date(2024, 1, 10)), {"Alpha release notes", "Gamma"}),
        (Query(date_from=date(2024, 1, 11), date_to=date(2024, 12, 31)), {"beta thoughts"}),
        (
            Query(date_from=datetime(2024, 1, 10, 23, 0)),
            {"Alpha release notes", "beta thoughts", "Future plans"},
        ),  # by calendar day
        (Query(text="delegation"), {"beta thoughts"}),
        (Query(tag="writing", status=Status.PUBLISHED), {"beta thoughts", "Undated musings"}),
        (Query(tag="python", category="Notes", date_from=date(2024, 2, 1)), {"beta thoughts"}),
        (Query(tag="writing", text="word"), {"Gamma", "Undated musings"}),  # word* as typed
        (Query(tag="writing", text="word "), {"Gamma"}),  # a finished word
    ],
)
def test_filters_combine(blog: Path, cache: Path, query: Query, expected: set[str]) -> None:
    with open_library(blog, cache) as library:
        assert set(titles(library.posts(query))) == expected


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        ("date", False, ["Gamma", "Alpha release notes", "beta thoughts", "Future plans"]),
        # updated falls back to the date when a post has none
        ("updated", True, ["Future plans", "Alpha release notes", "beta thoughts", "Gamma"]),
        ("title", False, ["Alpha release notes", "beta thoughts", "Future plans", "Gamma"]),
        ("title", True, ["Gamma", "Future plans", "beta thoughts", "Alpha release notes"]),
        ("reading", True, ["Gamma", "Alpha release notes", "beta thoughts", "Future plans"]),
        ("reading", False, ["Future plans", "beta thoughts", "Alpha release notes", "Gamma"]),
    ],
)
def test_sorts(blog: Path, cache: Path, sort: str, descending: bool, expected: list[str]) -> None:
    """Sorts by date, updated, title (ignoring case) and reading time, both ways."""
    (blog / "undated.md").unlink()
    with open_library(blog, cache) as library:
        assert titles(library.posts(Query(sort=sort, descending=descending))) == expected


def test_undated_posts_sort_last_both_ways(blog: Path, cache: Path) -> None:
    with open_library(blog, cache) as library:
        for descending in (True, False):
            found = library.posts(Query(sort="date", descending=descending))
            assert found[-1].title == "Undated musings"


def test_unknown_sort_is_refused(blog: Path, cache: Path) -> None:
    with open_library(blog, cache) as library, pytest.raises(ValueError, match="sort"):
        library.posts(Query(sort="size"))


# -- tags and categories -----------------------------------------------------------------------


def test_tags_and_categories_with_counts(blog: Path, cache: Path) -> None:
    """Most used first, then by name; exact values (no case folding)."""
    write(blog, "extra.md", post("Extra", tags="[Writing]"))
    with open_library(blog, cache) as library:
        assert library.tags() == [
            ("writing", 3), ("python", 2), ("plans", 1), ("release", 1), ("Writing", 1),
        ]  # fmt: skip
        assert library.categories() == [("Engineering", 2), ("Notes", 2)]


def test_near_duplicate_tags(tmp_path: Path, cache: Path) -> None:
    """Tags that differ by case, spacing or punctuation are grouped, most used first."""
    folder = tmp_path / "b"
    write(folder, "a.md", post("A", tags="[Leadership, c++, node.js]"))
    write(folder, "b.md", post("B", tags="['leadership ', c#, nodejs]"))
    write(folder, "c.md", post("C", tags="[leader-ship, Leadership, Team work]"))
    write(folder, "d.md", post("D", tags="[team_work, teamwork]"))
    with open_library(folder, cache) as library:
        groups = library.near_duplicate_tags()
    as_sets = [set(group) for group in groups]
    assert {"Leadership", "leader-ship"} <= as_sets[0]
    assert groups[0][0] == "Leadership"  # the most used spelling leads
    assert {"Team work", "team_work", "teamwork"} in as_sets
    assert {"node.js", "nodejs"} in as_sets
    assert not any("c++" in group for group in as_sets)  # c++ and c# are different tags


# -- layouts -----------------------------------------------------------------------------------


def test_jekyll_site_root(tmp_path: Path, cache: Path) -> None:
    """A Jekyll site: posts from _posts, the built _site ignored, config from the root."""
    site = tmp_path / "site"
    write(site, "_posts/2024-03-04-hello.md", post("Hello", body="word " * 300))
    write(site, "_site/2024/03/04/hello.md", post("Built copy"))
    write(site, "index.md", post("Home page"))
    write(site, "blogdesk.toml", "wpm = 100\n")
    assert find_posts_dir(site) == site / "_posts"
    with open_library(site, cache) as library:
        (entry,) = library.posts()
        assert library.root == site
        assert library.posts_dir == site / "_posts"
    assert entry.title == "Hello"
    assert entry.minutes == 3  # the root's wpm
    assert entry.date is not None and entry.date.date() == date(2024, 3, 4)  # from the name


@pytest.mark.parametrize("posts", ["content/posts", "content"])
def test_hugo_site_root(tmp_path: Path, cache: Path, posts: str) -> None:
    site = tmp_path / "site"
    write(site, f"{posts}/first.md", post("First"))
    write(site, f"{posts}/bundle/index.md", post("In a bundle"))
    write(site, "public/first/index.md", post("Built"))
    write(site, "themes/x/README.md", "# Theme readme\n")
    assert find_posts_dir(site) == site / posts
    with open_library(site, cache) as library:
        assert sorted(titles(library.posts())) == ["First", "In a bundle"]


def test_eleventy_site_skips_build_and_dependencies(tmp_path: Path, cache: Path) -> None:
    site = tmp_path / "site"
    write(site, "posts/one.md", post("One"))
    write(site, "node_modules/pkg/README.md", "# A package\n")
    write(site, "_site/posts/one/index.md", post("Built"))
    write(site, ".git/notes.md", "# not a post\n")
    write(site, ".hidden/secret.md", post("Hidden"))
    write(site, "posts/.draft-swap.md", post("Swap file"))
    assert find_posts_dir(site) == site
    with open_library(site, cache) as library:
        assert titles(library.posts()) == ["One"]


def test_config_posts_dir_wins(tmp_path: Path, cache: Path) -> None:
    site = tmp_path / "site"
    write(site, "_posts/jekyll.md", post("Jekyll"))
    write(site, "writing/mine.md", post("Mine"))
    write(site, "blogdesk.toml", 'posts_dir = "writing"\n')
    with open_library(site, cache) as library:
        assert titles(library.posts()) == ["Mine"]


def test_nested_folders_and_every_markdown_extension(tmp_path: Path, cache: Path) -> None:
    folder = tmp_path / "b"
    for i, ext in enumerate(("md", "markdown", "mdown", "mkd", "mkdn", "MD")):
        write(folder, f"y{i}/deeper/p{i}.{ext}", post(f"P{i}"))
    write(folder, "notes.txt", "not a post\n")
    write(folder, "image.png", "not a post\n")
    with open_library(folder, cache) as library:
        assert sorted(titles(library.posts())) == [f"P{i}" for i in range(6)]


def test_symlinked_folders_stay_inside_and_do_not_loop(tmp_path: Path, cache: Path) -> None:
    """A link to a folder outside the library is not followed (anyone's blog could point it at
    a home folder); links inside are, once; links back up the tree do not loop."""
    folder = tmp_path / "b"
    elsewhere = tmp_path / "elsewhere"
    write(folder, "sub/inside.md", post("Inside"))
    write(elsewhere, "outside.md", post("Outside"))
    os.symlink(elsewhere, folder / "linked")
    os.symlink(folder, folder / "sub" / "loop")  # a cycle
    os.symlink(folder / "sub", folder / "again")  # the same folder twice
    with open_library(folder, cache) as library:
        assert sorted(titles(library.posts())) == ["Inside"]


def test_open_refuses_a_missing_folder(tmp_path: Path, cache: Path) -> None:
    with pytest.raises(OSError):
        Library.open(tmp_path / "nope", cache_dir=cache)


# -- errors of single posts --------------------------------------------------------------------


def test_bad_posts_are_listed_with_their_error(tmp_path: Path, cache: Path) -> None:
    """A post that cannot be read stays in the list with the reason; the others are read."""
    folder = tmp_path / "b"
    write(folder, "good.md", post("Good"))
    write(folder, "bad-yaml.md", "---\ntitle: Fine\ntags: [unclosed\n---\nBody\n")
    (folder / "latin1.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    (folder / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with open(folder / "huge.md", "wb") as handle:
        handle.truncate(11 * 2**20)  # sparse: 11 MB without writing them
    with open_library(folder, cache) as library:
        entries = {entry.path.name: entry for entry in library.posts()}
    assert entries["good.md"].error is None
    bad = entries["bad-yaml.md"]
    assert bad.error is not None and bad.error.startswith("line ")
    assert bad.title  # falls back to the file name
    assert "UTF-8" in (entries["latin1.md"].error or "")
    assert "binary" in (entries["binary.md"].error or "")
    assert "too large" in (entries["huge.md"].error or "")
    assert len(entries) == 5


def test_unusual_front_matter_goes_through_postfile(tmp_path: Path, cache: Path) -> None:
    """TOML, JSON and YAML that the fast reader leaves alone read as postfile reads them."""
    folder = tmp_path / "b"
    write(folder, "toml.md", '+++\ntitle = "Toml"\ntags = ["t"]\n+++\nBody\n')
    write(folder, "json.md", '{\n  "title": "Json",\n  "tags": ["j"]\n}\nBody\n')
    write(folder, "yes.md", "---\ntitle: Yes\ndraft: yes\n---\nBody\n")  # a string in YAML 1.2
    write(folder, "anchors.md", "---\ntitle: &t Anchored\nsummary: *t\n---\nBody\n")
    write(folder, "crlf.md", "---\r\ntitle: Windows\r\n---\r\nBody words\r\n")
    with open_library(folder, cache) as library:
        entries = {entry.title: entry for entry in library.posts()}
    assert entries["Toml"].tags == ("t",)
    assert entries["Json"].tags == ("j",)
    assert entries["Yes"].error is None
    assert entries["Anchored"].summary == "Anchored"
    assert entries["Windows"].words == 2


# -- threads -----------------------------------------------------------------------------------


def test_usable_from_other_threads(blog: Path, cache: Path) -> None:
    """Queries and refreshes work from any thread (each gets its own connection)."""
    found: list[int] = []
    errors: list[BaseException] = []
    with open_library(blog, cache) as library:

        def work() -> None:
            try:
                found.append(len(library.posts(Query(text="alpha"))))
                library.refresh([blog / "beta.md"])
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        assert found == [1, 1, 1, 1]
        assert len(library.posts()) == 5


def test_closed_library_refuses_new_threads(blog: Path, cache: Path) -> None:
    library = open_library(blog, cache)
    library.close()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            library.posts()
        except RuntimeError as exc:
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert errors
