"""Re-export as the command does it: one post changed, and every page that shows the change is
written again, with nothing else; tags spelled two ways share one page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_export import write_post

from blogdesk.cli import main as cli_main
from blogdesk.core import export


def _blog(root: Path) -> Path:
    root.mkdir()
    (root / "blogdesk.toml").write_text('site_title = "Tag notes"\n', encoding="utf-8")
    write_post(root, "a.md", "title: Alpha\ndate: 2026-01-02\ntags: [Web Dev, notes]\n")
    write_post(root, "b.md", "title: Beta\ndate: 2026-01-03\ntags: [web-dev]\n")
    write_post(root, "c.md", "title: Gamma\ndate: 2026-01-04\ntags: [Web Dev]\n")
    return root


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_tags_spelled_two_ways_share_a_page_named_by_the_most_used(tmp_path: Path) -> None:
    out = tmp_path / "site"
    export.export_site(_blog(tmp_path / "blog"), out)
    page = (out / "tags" / "web-dev" / "index.html").read_text("utf-8")
    assert "Web Dev" in page
    assert all(title in page for title in ("Alpha", "Beta", "Gamma"))


def test_a_tag_moved_to_another_rewrites_both_tag_pages(tmp_path: Path) -> None:
    blog, out = _blog(tmp_path / "blog"), tmp_path / "site"
    export.export_site(blog, out)
    write_post(blog, "b.md", "title: Beta\ndate: 2026-01-03\ntags: [cooking]\n")
    report = export.export_site(blog, out)
    assert report.rendered == 1
    assert {"tags/web-dev/index.html", "tags/cooking/index.html"} <= set(report.written)
    assert "Beta" not in (out / "tags" / "web-dev" / "index.html").read_text("utf-8")
    assert "Beta" in (out / "tags" / "cooking" / "index.html").read_text("utf-8")


def test_the_command_after_a_title_change_updates_the_index_and_removes_the_old_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blog, out = _blog(tmp_path / "blog"), tmp_path / "site"
    assert cli_main(["export", str(blog), "-o", str(out)]) == 0
    write_post(blog, "c.md", "title: Gamma renamed\ndate: 2026-01-04\ntags: [Web Dev]\n")
    capsys.readouterr()
    assert cli_main(["export", str(blog), "-o", str(out)]) == 0
    assert "1 posts rendered" in capsys.readouterr().out
    index = (out / "index.html").read_text("utf-8")
    assert "Gamma renamed" in index
    assert (out / "posts" / "gamma-renamed" / "index.html").is_file()
    assert not (out / "posts" / "gamma").exists()


def test_the_command_after_a_post_is_deleted_removes_its_page(tmp_path: Path) -> None:
    blog, out = _blog(tmp_path / "blog"), tmp_path / "site"
    assert cli_main(["export", str(blog), "-o", str(out)]) == 0
    assert (out / "posts" / "alpha" / "index.html").is_file()
    (blog / "a.md").unlink()
    assert cli_main(["export", str(blog), "-o", str(out)]) == 0
    assert not (out / "posts" / "alpha").exists()
    assert not (out / "tags" / "notes").exists()  # its only post is gone
    assert "Alpha" not in (out / "index.html").read_text("utf-8")


def test_an_edit_that_keeps_the_size_renders_the_post_again(tmp_path: Path) -> None:
    """The reuse check compares the size and time the walk saw with the record's: an edit
    of the same length with a new time is read and rendered again."""
    blog, out = _blog(tmp_path / "blog"), tmp_path / "site"
    path = write_post(blog, "b.md", "title: Beta\ndate: 2026-01-03\ntags: [web-dev]\n",
                      "The kettle is cold.\n")
    export.export_site(blog, out)
    before = path.stat()
    path.write_text(path.read_text("utf-8").replace("cold", "warm"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 2_000_000_000))
    assert path.stat().st_size == before.st_size
    report = export.export_site(blog, out)
    assert report.rendered == 1
    assert "posts/beta/index.html" in report.written  # and the cards of its new excerpt
    assert "The kettle is warm." in (out / "posts" / "beta" / "index.html").read_text("utf-8")


def test_posts_in_folders_keep_their_paths_from_the_library_root(tmp_path: Path) -> None:
    """Posts under ``content/posts/`` of a Hugo site, one level down too: the report names
    them from the site's root, drafts are left out by that name, and a folder ``a`` sorts
    before a file ``a-b.md`` (part by part, as paths do)."""
    root = tmp_path / "site"
    posts = root / "content" / "posts"
    (root / "hugo.toml").parent.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\n', encoding="utf-8")
    write_post(posts, "a-b.md", "title: Dash\ndate: 2026-01-02\ndraft: true\n")
    write_post(posts, "a/b.md", "title: Nested\ndate: 2026-01-03\ndraft: true\n")
    write_post(posts, "c.md", "title: Plain\ndate: 2026-01-04\n")
    out = tmp_path / "out"
    first = export.export_site(root, out)
    assert first.omitted_for("draft") == ["content/posts/a-b.md", "content/posts/a/b.md"]
    assert first.posts == 1 and (out / "posts" / "plain" / "index.html").is_file()
    write_post(posts, "a/b.md", "title: Nested\ndate: 2026-01-03\n")  # published now
    again = export.export_site(root, out)
    assert again.rendered == 1 and again.omitted_for("draft") == ["content/posts/a-b.md"]
    assert "Nested" in (out / "index.html").read_text("utf-8")


def test_the_stylesheet_is_written_again_when_the_code_that_makes_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stylesheet's inputs are the theme, Pygments and the code that puts them together,
    not the stylesheet itself: a change to that code rewrites it, and nothing else."""
    blog, out = _blog(tmp_path / "blog"), tmp_path / "site"
    export.export_site(blog, out)
    assert export.export_site(blog, out).written == []
    stamp = export._library_stamp
    edited = {"blogdesk.core.render": "-edited"}
    monkeypatch.setattr(export, "_library_stamp", lambda name: stamp(name) + edited.get(name, ""))
    (out / "assets" / "blogdesk.css").write_text("stale", encoding="utf-8")
    report = export.export_site(blog, out)
    assert report.written == ["assets/blogdesk.css"] and report.rendered == 0
    assert (out / "assets" / "blogdesk.css").read_text("utf-8") == export.theme_css()


_MODULES_AFTER = """
import sys
from pathlib import Path
from blogdesk.core import export

blog, out = Path(sys.argv[1]), Path(sys.argv[2])
post = blog / "b.md"
post.write_text(post.read_text("utf-8") + "A sentence more.\\n", encoding="utf-8")
report = export.export_site(blog, out)
names = ("jinja2", "markdown", "pygments.formatters", "nh3", "cmarkgfm", "yaml")
print(report.rendered, sorted(report.written), [n for n in names if n in sys.modules])
"""


def test_a_re_export_after_one_change_loads_no_renderer_in_the_command(tmp_path: Path) -> None:
    """In a fresh process (pytest has loaded everything): the changed post renders in the
    worker; the command's own process loads Jinja for the page (while the worker warms up)
    and no Markdown, no C engine, no Pygments formatter, no sanitizer and no YAML reader;
    the page has the new sentence. The post is older than the feed's newest (the feed, made
    here, sanitizes its bodies)."""
    blog, out = _blog(tmp_path / "blog"), tmp_path / "site"
    write_post(blog, "b.md", "title: Beta\ndate: 2020-01-03\ntags: [web-dev]\nsummary: Kept.\n")
    for n in range(export.feed.FEED_LIMIT):
        write_post(blog, f"new-{n}.md", f"title: New {n}\ndate: 2026-02-{n + 1:02}\n")
    export.export_site(blog, out)
    result = subprocess.run([sys.executable, "-c", _MODULES_AFTER, str(blog), str(out)],
                            capture_output=True, text=True, check=True, timeout=120)
    assert result.stdout.strip() == "1 ['posts/beta/index.html'] ['jinja2']"
    assert "A sentence more." in (out / "posts" / "beta" / "index.html").read_text("utf-8")


def test_with_no_cache_folder_to_be_had_the_export_works_and_reuses_nothing(
    tmp_path: Path,
) -> None:
    """A cache folder that cannot be made (here: under a file): a temporary one stands in
    for each export and is removed after it; the site is whole, and nothing is reused."""
    blog, out = _blog(tmp_path / "blog"), tmp_path / "site"
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    cache = tmp_path / "a-file" / "cache"
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob("blogdesk-export-*"))
    first = export.export_site(blog, out, cache_dir=cache)
    again = export.export_site(blog, out, cache_dir=cache)
    assert first.ok and again.ok and first.rendered == again.rendered == 3
    assert (out / "posts" / "alpha" / "index.html").is_file()
    assert set(Path(tempfile.gettempdir()).glob("blogdesk-export-*")) == before
