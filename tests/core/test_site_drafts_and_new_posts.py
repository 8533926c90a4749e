"""Jekyll's `_drafts/` are listed and exported as drafts, and new posts are written as the
library's own posts are: its front matter, date format, tag list, file-name pattern and folder."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from blogdesk.cli import main
from blogdesk.core.export import export_site
from blogdesk.core.library import Library
from blogdesk.core.post import Post, Status
from blogdesk.core.postfile import load_post
from blogdesk.core.sites.conventions import new_post
from blogdesk.core.sites.detect import detect_site

WHEN = dt.datetime(2026, 2, 14, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def jekyll_site(tmp_path: Path, drafts: bool = True) -> Path:
    root = tmp_path / "site"
    (root / ".git").mkdir(parents=True)
    write(root / "_config.yml", "title: Desk notes\n")
    write(root / "index.md", "---\nlayout: home\n---\nThe home page.\n")
    write(root / "README.md", "How to build this site.\n")
    write(root / "_posts" / "2024-05-01-spring.md",
          "---\ntitle: Spring\ndate: 2024-05-01 10:00:00 +0200\ntags:\n  - garden\n---\n\nBuds.\n")
    write(root / "_posts" / "2024-06-01-held.md",
          "---\ntitle: Held back\ndate: 2024-06-01 10:00:00 +0200\ndraft: true\n---\n\nLater.\n")
    if drafts:
        idea = write(root / "_drafts" / "an-idea.md", "---\ntitle: An idea\n---\n\nSomeday.\n")
        stamp = dt.datetime(2025, 3, 9, 12, 0).timestamp()
        os.utime(idea, (stamp, stamp))
    return root


def listed(root: Path, cache: Path) -> dict[str, Post]:
    with Library.open(root, cache_dir=cache, background=False) as library:
        return {p.path.relative_to(root).as_posix(): p for p in library.posts()}


def test_drafts_beside_posts_are_listed_as_drafts_dated_by_their_file(tmp_path: Path) -> None:
    posts = listed(jekyll_site(tmp_path), tmp_path / "cache")
    assert sorted(posts) == ["_drafts/an-idea.md", "_posts/2024-05-01-spring.md",
                             "_posts/2024-06-01-held.md"]  # no index.md, no README.md
    idea = posts["_drafts/an-idea.md"]
    assert idea.status == Status.DRAFT and idea.title == "An idea"
    assert idea.date is not None and idea.date.date() == dt.date(2025, 3, 9)  # its mtime
    assert posts["_posts/2024-05-01-spring.md"].status == Status.PUBLISHED


def test_blogdesk_list_shows_the_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = jekyll_site(tmp_path)
    assert main(["list", str(root), "--status", "draft", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(row["title"] for row in rows) == ["An idea", "Held back"]


def test_a_site_without_drafts_still_lists_its_posts_folder(tmp_path: Path) -> None:
    root = jekyll_site(tmp_path, drafts=False)
    with Library.open(root, cache_dir=tmp_path / "cache", background=False) as library:
        assert library.posts_dir == root / "_posts"
        assert len(library.posts()) == 2


def test_export_leaves_drafts_out_unless_asked(tmp_path: Path) -> None:
    root = jekyll_site(tmp_path)
    export_site(root, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out" / "posts").iterdir()) == ["spring"]
    export_site(root, tmp_path / "all", drafts=True)
    assert sorted(p.name for p in (tmp_path / "all" / "posts").iterdir()) == [
        "an-idea", "held-back", "spring"]


def test_a_new_draft_starts_in_drafts_as_jekyll_keeps_them(tmp_path: Path) -> None:
    root = jekyll_site(tmp_path)
    made = new_post(detect_site(root), root, "Winter light", WHEN)
    assert made.path == root / "_drafts" / "winter-light.md"
    # the library's style: a date like its posts', tags one a line, a blank line after
    assert made.text == ("---\ntitle: Winter light\ndate: 2026-02-14 09:30:00 +0100\ntags: []\n"
                         "---\n\n")
    write(made.path, made.text)
    posts = listed(root, tmp_path / "cache")
    assert posts["_drafts/winter-light.md"].status == Status.DRAFT


def test_blogdesk_new_in_a_jekyll_site_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = jekyll_site(tmp_path)
    monkeypatch.chdir(root)
    assert main(["new", "Snow day", "--date", "2026-01-05"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.resolve() == (root / "_drafts" / "snow-day.md").resolve()
    assert load_post(path).metadata["title"] == "Snow day"


def test_without_drafts_a_jekyll_post_is_dated_and_unpublished(tmp_path: Path) -> None:
    root = jekyll_site(tmp_path, drafts=False)
    made = new_post(detect_site(root), root / "_posts", "Winter light", WHEN)
    assert made.path == root / "_posts" / "2026-02-14-winter-light.md"
    assert "published: false\n" in made.text and "draft:" not in made.text
    assert Post.from_metadata(made.path, load_post(write(made.path, made.text)).metadata,
                              "").status == Status.DRAFT


def test_a_hugo_library_of_toml_bundles_gets_a_toml_bundle(tmp_path: Path) -> None:
    root = tmp_path / "hugo"
    (root / ".git").mkdir(parents=True)
    write(root / "hugo.toml", "title = 'Desk'\n")
    for n in (1, 2):
        write(root / "content" / "posts" / f"p{n}" / "index.md",
              f'+++\ntitle = "P{n}"\ndate = 2024-01-0{n}T10:00:00+01:00\ntags = ["a"]\n+++\nText\n')
    folder = root / "content" / "posts"
    made = new_post(detect_site(folder), folder, "Third one", WHEN)
    assert made.path == folder / "third-one" / "index.md"
    assert made.text == ('+++\ntitle = "Third one"\ndate = 2026-02-14T09:30:00+01:00\n'
                         'tags = []\ndraft = true\n+++\n')
    post = load_post(write(made.path, made.text))
    assert post.metadata["draft"] is True and post.metadata["title"] == "Third one"


def test_a_pelican_library_gets_a_pelican_header(tmp_path: Path) -> None:
    root = tmp_path / "pelican"
    (root / ".git").mkdir(parents=True)
    write(root / "pelicanconf.py", "SITENAME = 'Desk'\n")
    write(root / "content" / "tea.md", "Title: Tea\nDate: 2023-04-02 10:00\n\nBrewed.\n")
    folder = root / "content"
    made = new_post(detect_site(folder), folder, "Coffee", WHEN)
    assert made.text == "Title: Coffee\nDate: 2026-02-14 09:30\nTags: \nStatus: draft\n\n"
    post = load_post(write(made.path, made.text))
    assert post.format == "pelican" and Post.from_file(post).status == Status.DRAFT


def test_an_explicit_file_pattern_wins(tmp_path: Path) -> None:
    root = jekyll_site(tmp_path, drafts=False)
    made = new_post(detect_site(root), root / "_posts", "Winter", WHEN,
                    pattern="{year}/{date}-{slug}.md")
    assert made.path == root / "_posts" / "2026" / "2026-02-14-winter.md"


def test_zola_bundle_folders_give_the_date(tmp_path: Path) -> None:
    root = tmp_path / "zola"
    (root / ".git").mkdir(parents=True)
    write(root / "config.toml", "base_url = 'https://example.org'\ncompile_sass = false\n")
    write(root / "content" / "2021-07-08_summer" / "index.md", '+++\ntitle = "Summer"\n+++\nW.\n')
    write(root / "content" / "_index.md", '+++\ntitle = "Home"\n+++\n')
    posts = listed(root, tmp_path / "cache")
    assert list(posts) == ["content/2021-07-08_summer/index.md"]
    assert posts["content/2021-07-08_summer/index.md"].date.date() == dt.date(2021, 7, 8)  # type: ignore[union-attr]


@pytest.mark.parametrize("name,day", [
    ("2024-05-01-notes.md", dt.date(2024, 5, 1)),
    ("2024-02-30-not-a-day.md", None),
    ("2024-05-01.md", None),
    ("notes-2024-05-01.md", None),
])
def test_the_post_and_jekyll_s_convention_read_a_dated_name_alike(name: str,
                                                                  day: dt.date | None) -> None:
    from blogdesk.core.sites.config import Site
    from blogdesk.core.sites.conventions import path_date, path_slug

    jekyll = Site(generator="jekyll")
    post = Post.from_metadata(Path("_posts") / name, {}, "")
    assert path_date(jekyll, f"_posts/{name}") == day
    assert (post.date.date() if post.date else None) == day
    assert post.slug == path_slug(jekyll, f"_posts/{name}")
