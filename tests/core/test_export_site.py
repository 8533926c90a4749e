"""The static site: its files, its links, its feed, drafts, and re-export of only what changed."""

from __future__ import annotations

import io
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from test_export import CONFIG, make_library, parse_html, write_post

from blogdesk.cli import main as cli_main
from blogdesk.commands.export import ProgressBar
from blogdesk.core import export
from blogdesk.core.export.manifest import record_folder

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def site_files(out: Path) -> dict[str, int]:
    """Every file of the site with its mtime."""
    return {
        p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()
    }


def test_site_layout(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = export.export_site(library, out)
    assert report.ok and report.posts == 5 and report.left_out == 2
    files = set(site_files(out))
    assert {
        "index.html",
        "feed.xml",
        "assets/blogdesk.css",
        "media/images/diagram.png",
        "posts/the-main-post/index.html",
        "posts/second-shares-two-tags/index.html",
        "posts/third-same-category/index.html",
        "posts/fourth-shares-one-tag/index.html",
        "posts/fifth-unrelated/index.html",
        "tags/writing/index.html",
        "tags/tools/index.html",
        "tags/habits/index.html",
        "tags/trains/index.html",
    } == files
    # the record is blogdesk's own cache: in the user's cache folder, nothing of it in the site
    assert not any(p.name.startswith(".blogdesk") for p in out.rglob("*"))
    assert list(record_folder(out).glob("record.json"))


def test_every_relative_link_and_image_resolves_to_a_file(site: Path) -> None:
    checked = 0
    for page in site.rglob("*.html"):
        doc = parse_html(page.read_text("utf-8"))
        for node in doc.iter():
            for attr in ("href", "src"):
                value = node.attrs.get(attr)
                if not value or re.match(r"^[a-z][a-z0-9+.-]*:|^//", value, re.I):
                    continue
                path = unquote(urlsplit(value).path)
                if not path:  # "#fn:1" on the same page
                    continue
                target = (page.parent / path).resolve()
                assert target.is_file(), f"{page.relative_to(site)}: {value}"
                assert target.is_relative_to(site.resolve())
                checked += 1
    assert checked > 50


def test_links_between_posts_point_at_pages(site: Path) -> None:
    doc = parse_html((site / "posts/the-main-post/index.html").read_text("utf-8"))
    link = next(a for a in doc.one(cls="post-body").find_all("a") if "another post" in a.text)
    assert link.attrs["href"] == "../second-shares-two-tags/index.html"
    img = doc.one(cls="post-body").one("img")
    assert img.attrs["src"] == "../../media/images/diagram.png"


def test_index_lists_cards_newest_first(site: Path) -> None:
    doc = parse_html((site / "index.html").read_text("utf-8"))
    assert doc.one("h1").text == "Field Notes"
    cards = doc.find_all("li", "card-post")
    assert [c.one(cls="card-title").text for c in cards] == [
        "The main post",
        "Fifth, unrelated",
        "Third, same category",
        "Second, shares two tags",
        "Fourth, shares one tag",
    ]
    first = cards[0]
    assert first.one(cls="card-category").text == "Craft"
    assert first.one("time").text == "February 14, 2026"
    assert first.one(cls="card-summary").text == "What this post is about, in one sentence."
    assert re.fullmatch(r"\d+ min read", first.one(cls="card-reading").text)
    assert first.one("a").attrs["href"] == "posts/the-main-post/index.html"


def test_tag_page_lists_its_posts(site: Path) -> None:
    doc = parse_html((site / "tags/writing/index.html").read_text("utf-8"))
    assert doc.one("h1").text == "writing"
    titles = [c.one(cls="card-title").text for c in doc.find_all("li", "card-post")]
    assert titles == ["The main post", "Second, shares two tags"]  # no draft, no scheduled


def test_drafts_and_scheduled_posts_only_with_drafts(library: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    export.export_site(library, plain)
    every = "\n".join(
        p.read_text("utf-8") for p in plain.rglob("*.*") if p.suffix in (".html", ".xml")
    )
    assert "A draft on writing" not in every and "Scheduled on writing" not in every

    with_drafts = tmp_path / "drafts"
    report = export.export_site(library, with_drafts, drafts=True)
    assert report.posts == 7 and report.left_out == 0
    assert (with_drafts / "posts/a-draft-on-writing/index.html").is_file()
    index = parse_html((with_drafts / "index.html").read_text("utf-8"))
    badges = {b.text for b in index.find_all(cls="badge")}
    assert badges == {"draft", "scheduled"}
    # never linked as related reading, never in the feed
    main = (with_drafts / "posts/the-main-post/index.html").read_text("utf-8")
    assert "A draft on writing" not in main and "Scheduled on writing" not in main
    feed = (with_drafts / "feed.xml").read_text("utf-8")
    assert "A draft on writing" not in feed and "Scheduled on writing" not in feed


def _feed(out: Path) -> ET.Element:
    return ET.parse(out / "feed.xml").getroot()


def test_feed_follows_the_atom_rules_with_absolute_links(site: Path) -> None:
    feed = _feed(site)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.findtext(f"{ATOM}id") == "https://blog.example.org/"
    assert RFC3339.match(feed.findtext(f"{ATOM}updated") or "")
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "https://blog.example.org/feed.xml"
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Ada Quill"

    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for required in ("id", "title", "updated", "published"):
            assert entry.findtext(f"{ATOM}{required}"), required
        assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
        assert RFC3339.match(entry.findtext(f"{ATOM}published"))
        assert entry.findtext(f"{ATOM}updated") >= entry.findtext(f"{ATOM}published")
        link = entry.find(f"{ATOM}link")
        assert link.get("rel") == "alternate"
        assert link.get("href").startswith("https://blog.example.org/posts/")
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html" and content.text
    main = entries[0]
    assert main.findtext(f"{ATOM}title") == "The main post"
    assert main.findtext(f"{ATOM}summary") == "What this post is about, in one sentence."
    content = main.find(f"{ATOM}content").text
    assert 'src="https://blog.example.org/media/images/diagram.png"' in content
    assert 'href="https://blog.example.org/posts/second-shares-two-tags/index.html"' in content
    assert main.findtext(f"{ATOM}published").startswith("2026-02-14T09:30:00")


def test_feed_without_base_url_uses_urn_ids_and_relative_links(tmp_path: Path) -> None:
    config = CONFIG.replace('base_url = "https://blog.example.org/"\n', "")
    root = make_library(tmp_path / "blog", config=config)
    export.export_site(root, tmp_path / "out")
    feed = _feed(tmp_path / "out")
    assert feed.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert not [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith("posts/") and (tmp_path / "out" / href).is_file()
    html = parse_html((tmp_path / "out/posts/the-main-post/index.html").read_text("utf-8"))
    assert not [n for n in html.find_all("link") if n.attrs.get("rel") == "canonical"]


def test_hostile_metadata_stays_text_in_the_feed(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    root.mkdir()
    write_post(
        root,
        "x.md",
        'title: "</title><script>alert(1)</script> & more"\ndate: 2025-01-01\n'
        'summary: x" onmouseover="alert(1)',
        "<script>alert(2)</script>Body.\n",
    )
    export.export_site(root, tmp_path / "out")
    entry = _feed(tmp_path / "out").find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "</title><script>alert(1)</script> & more"
    assert "script" not in entry.findtext(f"{ATOM}content")


def test_slugs_are_unique_and_stay_inside_posts(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    root.mkdir()
    write_post(root, "a.md", "title: Same title\ndate: 2025-01-01")
    write_post(root, "b.md", "title: Same title\ndate: 2025-02-01")
    write_post(root, "c.md", "title: Escape\nslug: ../../../outside\ndate: 2025-03-01")
    out = tmp_path / "out"
    export.export_site(root, out)
    assert (out / "posts/same-title/index.html").is_file()
    assert (out / "posts/same-title-2/index.html").is_file()
    assert (out / "posts/outside/index.html").is_file()
    assert not (tmp_path / "outside").exists()
    # the older post keeps the plain slug
    assert "2025-01-01" in (out / "posts/same-title/index.html").read_text("utf-8")


def test_second_export_writes_nothing(site: Path, library: Path) -> None:
    before = site_files(site)
    report = export.export_site(library, site)
    assert report.written == [] and report.rendered == 0
    assert site_files(site) == before


def test_touched_but_unchanged_post_is_not_rendered_again(site: Path, library: Path) -> None:
    path = library / "third.md"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    report = export.export_site(library, site)
    assert report.rendered == 0 and report.written == []


def test_body_edit_rewrites_its_page_and_the_feed_only(site: Path, library: Path) -> None:
    """The post has a summary, so its card does not change; its reading time stays."""
    path = library / "third.md"
    path.write_text(path.read_text("utf-8").replace("Body text.", "Body words."), "utf-8")
    before = site_files(site)
    report = export.export_site(library, site)
    assert report.rendered == 1
    assert sorted(report.written) == ["feed.xml", "posts/third-same-category/index.html"]
    after = site_files(site)
    changed = sorted(k for k in after if after[k] != before.get(k))
    assert changed == sorted(report.written)


def test_more_words_in_the_same_minute_rewrite_its_page_and_the_feed_only(
    site: Path, library: Path
) -> None:
    """Cards show the reading time, not the word count: pages listing the post stay as they are."""
    path = library / "third.md"
    path.write_text(path.read_text("utf-8") + "\nA few more words here.\n", "utf-8")
    report = export.export_site(library, site)
    assert report.rendered == 1
    assert sorted(report.written) == ["feed.xml", "posts/third-same-category/index.html"]
    assert "words" in (site / "posts/third-same-category/index.html").read_text("utf-8")


def test_title_edit_rewrites_the_pages_that_show_it(site: Path, library: Path) -> None:
    """Its page, the index, its tag pages, the related pages that list it, and the feed."""
    shows_second = sorted(
        p.relative_to(site).as_posix()
        for p in (site / "posts").glob("*/index.html")
        if "second-shares-two-tags/index.html" in p.read_text("utf-8")
    )
    assert shows_second  # some related section lists it
    path = library / "second.md"
    path.write_text(path.read_text("utf-8").replace("Second, shares two tags", "Second, renamed"))
    report = export.export_site(library, site)
    expected = {
        "posts/second-renamed/index.html",
        "index.html",
        "tags/writing/index.html",
        "tags/tools/index.html",
        "feed.xml",
        *shows_second,
    }
    assert set(report.written) == expected
    assert report.removed == ["posts/second-shares-two-tags/index.html"]
    assert not (site / "posts/second-shares-two-tags").exists()
    main = (site / "posts/the-main-post/index.html").read_text("utf-8")
    assert "Second, renamed" in main and "../second-renamed/index.html" in main


def test_deleted_post_disappears_from_the_site(site: Path, library: Path) -> None:
    (library / "fifth.md").unlink()
    report = export.export_site(library, site)
    assert "posts/fifth-unrelated/index.html" in report.removed
    assert "tags/trains/index.html" in report.removed
    assert "Fifth, unrelated" not in (site / "index.html").read_text("utf-8")


def test_template_change_rewrites_every_page(site: Path, library: Path, monkeypatch) -> None:
    monkeypatch.setattr(export, "_templates_hash", lambda: "a different theme")
    report = export.export_site(library, site)
    assert report.rendered == 7
    assert "index.html" in report.written and "posts/the-main-post/index.html" in report.written


def test_a_new_markdown_version_renders_every_post_again(
    site: Path, library: Path, monkeypatch
) -> None:
    """The output libraries are recognised by their installed files, without importing them."""
    before = export._templates_hash()
    stamp = export._library_stamp
    monkeypatch.setattr(
        export, "_library_stamp", lambda name: stamp(name) + ("-new" if name == "markdown" else "")
    )
    export._templates_hash.cache_clear()
    try:
        assert export._templates_hash() != before
        assert export.export_site(library, site).rendered == 5 + 2  # drafts are rendered too
    finally:
        export._templates_hash.cache_clear()
    assert "markdown:" in stamp("markdown") and stamp("markdown").endswith(tuple("0123456789"))


def test_a_broken_post_is_reported_and_the_others_exported(library: Path, tmp_path: Path) -> None:
    (library / "broken.md").write_text("---\ntitle: [unclosed\ndate: 2025-01-01\n---\nx\n")
    report = export.export_site(library, tmp_path / "out")
    assert report.posts == 5
    assert len(report.errors) == 1
    assert re.match(rf"^{re.escape(str(library / 'broken.md'))}:\d+: ", report.errors[0])


def test_many_posts_in_processes_equal_one_process(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "blog"
    root.mkdir()
    for i in range(export.PARALLEL_MIN + 6):
        write_post(
            root,
            f"p{i:02}.md",
            f"title: Post {i}\ndate: 2025-01-{i % 28 + 1:02}\ntags: [t{i % 4}, common]",
            f"Post {i} has *text* and `code`.\n\n```python\nx = {i}\n```\n",
        )
    pooled = tmp_path / "pooled"
    assert export.export_site(root, pooled).rendered == export.PARALLEL_MIN + 6
    monkeypatch.setattr(export, "PARALLEL_MIN", 10_000)
    serial = tmp_path / "serial"
    export.export_site(root, serial)
    for rel in site_files(serial):
        assert (pooled / rel).read_bytes() == (serial / rel).read_bytes(), rel


def test_scan_skips_hidden_build_and_output_folders(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    for folder in (".git", "_site", "public", "node_modules", "out"):
        write_post(root / folder, "x.md", "title: hidden")
    write_post(root, "kept.md", "title: kept")
    write_post(root / "nested", "deep.md", "title: deep")
    found = export.scan_posts(root, exclude=[root / "out"])
    assert [p.relative_to(root).as_posix() for p in found] == ["kept.md", "nested/deep.md"]


# --- the command ---------------------------------------------------------------------------


def test_command_exports_a_site(library: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "cli-site"
    assert cli_main(["export", str(library), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "5 posts exported" in captured.out
    # no progress bar when stderr is not a terminal: only the posts left out, by name
    assert captured.err.splitlines() == [
        "left out (draft): draft.md",
        "left out (scheduled): later.md",
    ]
    assert (out / "index.html").is_file()


def test_command_exports_one_post(library: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "one.html"
    assert cli_main(["export", str(library / "main.md"), "-o", str(out)]) == 0
    assert out.is_file() and (tmp_path / "images" / "diagram.png").is_file()


def test_command_reports_broken_posts_and_fails(library: Path, tmp_path: Path, capsys) -> None:
    (library / "broken.md").write_text("---\ntitle: [unclosed\n---\nx\n")
    assert cli_main(["export", str(library), "-o", str(tmp_path / "o")]) == 1
    captured = capsys.readouterr()
    assert f"{library / 'broken.md'}:" in captured.err
    assert "5 posts exported" in captured.out


def test_command_refuses_a_missing_source(tmp_path: Path, capsys) -> None:
    assert cli_main(["export", str(tmp_path / "nope"), "-o", str(tmp_path / "o")]) == 1
    assert "no such file or folder" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only() -> None:
    terminal = _Terminal()
    bar = ProgressBar(terminal, width=10)
    bar(512, 1000)
    bar(1000, 1000)
    bar.close()
    assert terminal.getvalue() == "\r[#####     ] 512/1000\r[##########] 1000/1000\n"
    quiet = io.StringIO()
    bar = ProgressBar(quiet)
    bar(1, 2)
    bar.close()
    assert quiet.getvalue() == ""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return make_library(tmp_path / "blog")


@pytest.fixture
def site(library: Path, tmp_path: Path) -> Path:
    out = tmp_path / "site"
    assert export.export_site(library, out).ok
    return out


def test_a_javascript_base_url_never_becomes_a_link(library: Path, tmp_path: Path) -> None:
    toml = library / "blogdesk.toml"
    toml.write_text(
        toml.read_text("utf-8").replace("https://blog.example.org/", "javascript:alert(1)//")
    )
    export.export_site(library, tmp_path / "out")
    for page in (tmp_path / "out").rglob("*.*"):
        if page.suffix in (".html", ".xml"):
            assert "javascript:" not in page.read_text("utf-8"), page


def test_exporting_a_folder_into_itself_is_refused(library: Path) -> None:
    with pytest.raises(ValueError, match="must not be the posts folder"):
        export.export_site(library, library)


def test_site_export_with_threads_running_uses_a_safe_start(tmp_path: Path, monkeypatch) -> None:
    """The app has threads; its export must not fork them (forkserver instead)."""
    import threading

    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    try:
        assert export._mp_context().get_start_method() in ("forkserver", "spawn")
        root = tmp_path / "blog"
        for i in range(export.PARALLEL_MIN + 1):
            write_post(root, f"p{i}.md", f"title: P{i}\ndate: 2025-01-{i % 28 + 1:02}")
        report = export.export_site(root, tmp_path / "out")
        assert report.ok and report.posts == export.PARALLEL_MIN + 1
    finally:
        stop.set()
        helper.join()


def test_a_lost_body_cache_is_rebuilt(site: Path, library: Path) -> None:
    import shutil

    shutil.rmtree(record_folder(site) / "bodies")
    report = export.export_site(library, site)
    assert report.ok and report.rendered == 7 and report.written == []
