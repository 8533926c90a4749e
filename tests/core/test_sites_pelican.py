"""Pelican's native `Key: value` header is read, and edited in its own format: `meta --set`
changes those lines in place and never adds a YAML block (after which Pelican would lose the
post's title, date, slug and tags)."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from blogdesk.cli import main
from blogdesk.core import library_yaml
from blogdesk.core.post import Post, Status
from blogdesk.core.postfile import PostError, load_post, parse_post, save_post

POST = (
    "Title: Notes on a quiet week\n"
    "Date: 2024-03-02 10:20\n"
    "Modified: 2024-03-05 19:30\n"
    "Category: Diary\n"
    "Tags: walking, reading; slow days\n"
    "Slug: quiet-week\n"
    "Authors: Ann Example, Bo Example\n"
    "Summary: A week with little news\n"
    "    and a long summary line.\n"
    "Status: draft\n"
    "\n"
    "The body starts here.\n\nTitle: not metadata, this is the body.\n"
)


def pelican_reads(text: str) -> tuple[dict[str, list[str]], str]:
    """What Pelican's Markdown reader (Python-Markdown's meta extension) sees."""
    md = markdown.Markdown(extensions=["meta"])
    html = md.convert(text)
    return md.Meta, html  # type: ignore[attr-defined]


def test_the_header_is_read_as_metadata_and_not_body(tmp_path: Path) -> None:
    path = tmp_path / "quiet.md"
    path.write_text(POST)
    post = load_post(path)
    assert post.format == "pelican"
    assert post.metadata == {
        "title": "Notes on a quiet week",
        "date": "2024-03-02 10:20",
        "modified": "2024-03-05 19:30",
        "category": "Diary",
        "tags": ["walking, reading", "slow days"],  # a semicolon wins, as in Pelican
        "slug": "quiet-week",
        "authors": ["Ann Example", "Bo Example"],
        "summary": "A week with little news\nand a long summary line.",
        "status": "draft",
    }
    assert post.body == "The body starts here.\n\nTitle: not metadata, this is the body.\n"
    meaning = Post.from_file(post)
    assert meaning.title == "Notes on a quiet week"
    assert meaning.status == Status.DRAFT
    assert meaning.slug == "quiet-week"


def test_meta_set_edits_the_lines_in_place(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "quiet.md"
    path.write_text(POST)
    status = main(["meta", str(path), "--set", "title=A calm week: notes",
                   "--set", "tags=[walking, tea, \"one, two\"]", "--set", "lang=en"])
    assert status == 0
    text = path.read_text()
    assert not text.startswith("---")
    lines = text.splitlines()
    assert lines[0] == "Title: A calm week: notes"
    assert lines[4] == "Tags: walking; tea; one, two"
    assert lines[1:4] == POST.splitlines()[1:4]
    assert lines[5:10] == POST.splitlines()[5:10]
    assert lines[10] == "Lang: en"  # a new field, spelled as the file spells its keys
    assert text.endswith("\n\nThe body starts here.\n\nTitle: not metadata, this is the body.\n")
    meta, html = pelican_reads(text)
    assert meta["title"] == ["A calm week: notes"]
    assert meta["date"] == ["2024-03-02 10:20"]
    assert meta["slug"] == ["quiet-week"]
    assert meta["tags"] == ["walking; tea; one, two"]
    assert meta["category"] == ["Diary"] and meta["status"] == ["draft"]
    assert meta["lang"] == ["en"]
    assert html.startswith("<p>The body starts here.</p>")
    assert load_post(path).metadata["tags"] == ["walking", "tea", "one, two"]


def test_unset_and_dates_and_a_single_tag_with_a_comma(tmp_path: Path) -> None:
    import datetime as dt

    path = tmp_path / "quiet.md"
    path.write_text(POST)
    post = load_post(path)
    post.unset("summary")
    post.set("date", dt.datetime(2024, 4, 1, 8, 5))
    post.set("tags", ["cats, dogs"])
    assert save_post(post)
    again = load_post(path)
    assert "summary" not in again.metadata
    assert again.metadata["date"] == "2024-04-01 08:05"
    assert again.metadata["tags"] == ["cats, dogs"]
    assert "and a long summary line" not in path.read_text()


def test_crlf_lower_case_keys_and_no_final_newline_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(b"title: Windows post\r\ntags: a, b\r\ndate: 2024-01-01")
    post = load_post(path)
    assert post.metadata["tags"] == ["a", "b"] and post.body == ""
    post.set("title", "Still Windows")
    post.set("category", "Misc")
    assert save_post(post)
    assert path.read_bytes() == (b"title: Still Windows\r\ntags: a, b\r\ndate: 2024-01-01\r\n"
                                 b"category: Misc\r\n")


def test_values_pelican_cannot_hold_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "quiet.md"
    path.write_text(POST)
    post = load_post(path)
    with pytest.raises(PostError, match="mapping"):
        post.set("extra", {"a": 1})
    with pytest.raises(PostError, match="empty line"):
        post.set("summary", "one\n\ntwo")
    with pytest.raises(PostError, match="unreadable"):
        post.unset("title")  # without its Title line the file is no longer a Pelican post
    assert path.read_text() == POST


def test_a_file_starting_with_a_colon_line_is_not_pelican() -> None:
    post = parse_post(b"Note: this post has no front matter.\n\nText.\n", Path("n.md"))
    assert post.format is None and post.metadata == {}
    post.set("title", "Given")
    assert post.to_bytes().startswith(b"---\ntitle: Given\n---\nNote:")


def test_the_library_fast_path_defers_pelican_posts_to_postfile() -> None:
    with pytest.raises(library_yaml.Unusual):
        library_yaml.split_plain(POST.encode())
    assert library_yaml.split_plain(b"Note: no header here\n") == ({}, "Note: no header here\n")


def test_pelican_itself_reads_every_field_after_meta_set(tmp_path: Path) -> None:
    """Pelican's own Markdown reader (when installed: the bench extras) agrees."""
    import copy

    pytest.importorskip("pelican", reason="pelican is not installed (pip install -e '.[bench]')")
    from pelican.readers import MarkdownReader
    from pelican.settings import DEFAULT_CONFIG

    path = tmp_path / "quiet.md"
    path.write_text(POST)
    assert main(["meta", str(path), "--set", "title=A calm week: notes",
                 "--set", 'tags=[walking, "one, two"]', "--set", "date=2024-04-01"]) == 0
    content, meta = MarkdownReader(copy.deepcopy(DEFAULT_CONFIG)).read(str(path))
    assert meta["title"] == "A calm week: notes"
    assert [str(tag) for tag in meta["tags"]] == ["walking", "one, two"]
    assert meta["date"].date().isoformat() == "2024-04-01"
    assert str(meta["category"]) == "Diary" and meta["slug"] == "quiet-week"
    assert [str(a) for a in meta["authors"]] == ["Ann Example", "Bo Example"]
    assert meta["status"] == "draft" and "long summary line" in meta["summary"]
    assert content.startswith("<p>The body starts here.</p>")


# --- where the header is read: only where Pelican (or MkDocs) would read it ----------------------

PLAN = "Title: my plan\nDate: 2024-05-02\n\nFirst we write, then we publish.\n"


def site(tmp_path: Path, config: str, text: str, folder: str = "") -> Path:
    """A site with ``config`` at its root (name, text), holding one post with ``text``."""
    name, _, content = config.partition("=")
    root = tmp_path / "site"
    (root / ".git").mkdir(parents=True)  # the top of the search for a site's config
    (root / name).write_text(content, encoding="utf-8")
    post = root / folder / "2024-05-02-plan.md"
    post.parent.mkdir(parents=True, exist_ok=True)
    post.write_text(text, encoding="utf-8")
    return post


@pytest.mark.parametrize("config,folder", [
    ("_config.yml=title: Desk\n", "_posts"),
    ("hugo.toml=title = 'Desk'\n", "content/posts"),
    (".eleventy.js=module.exports = {};\n", "posts"),
    ("config.toml=base_url = 'https://example.org'\ncompile_sass = false\n", "content"),
])
def test_a_title_line_in_another_generator_s_post_is_its_text(
        tmp_path: Path, config: str, folder: str) -> None:
    post = load_post(site(tmp_path, config, PLAN, folder))
    assert post.format is None and post.metadata == {}
    assert post.body == PLAN  # nothing eaten: Hugo, Jekyll, Eleventy and Zola show these lines


def test_meta_set_in_a_hugo_site_leaves_the_title_line_as_text(tmp_path: Path) -> None:
    path = site(tmp_path, "hugo.toml=title = 'Desk'\n", PLAN, "content/posts")
    assert main(["meta", str(path), "--set", "title=The plan"]) == 0
    assert path.read_text(encoding="utf-8") == "---\ntitle: The plan\n---\n" + PLAN
    again = load_post(path)
    assert again.metadata == {"title": "The plan"} and again.body == PLAN


def test_the_library_of_a_jekyll_site_shows_the_lines_and_the_file_name_s_title(
        tmp_path: Path) -> None:
    from blogdesk.core.library import Library

    path = site(tmp_path, "_config.yml=title: Desk\n", PLAN, "_posts")
    with Library.open(path.parent.parent, cache_dir=tmp_path / "cache", background=False) as lib:
        (entry,) = lib.posts()
    assert entry.title == "Plan"  # from the file name, as Jekyll titles it
    assert entry.date is not None and entry.date.day == 2


def test_a_pelican_site_reads_even_a_title_only_header(tmp_path: Path) -> None:
    text = "Title: Only a title\n\nBody.\n"
    post = load_post(site(tmp_path, "pelicanconf.py=SITENAME = 'Desk'\n", text, "content"))
    assert post.format == "pelican" and post.metadata == {"title": "Only a title"}
    assert post.body == "Body.\n"


def test_blogdesk_toml_can_say_pelican(tmp_path: Path) -> None:
    text = "Title: Only a title\n\nBody.\n"
    post = load_post(site(tmp_path, 'blogdesk.toml=generator = "pelican"\n', text))
    assert post.format == "pelican"


def test_outside_any_site_one_title_line_is_text_and_a_pelican_header_is_read(
        tmp_path: Path) -> None:
    plain = tmp_path / "plain.md"
    plain.write_text("Title: my plan\nis here\n\nMore.\n", encoding="utf-8")
    post = load_post(plain)
    assert post.format is None and post.body.startswith("Title: my plan\nis here")
    assert Post.from_file(post).title == "Plain"
    header = tmp_path / "copied.md"
    header.write_text(PLAN, encoding="utf-8")
    assert load_post(header).metadata == {"title": "my plan", "date": "2024-05-02"}
