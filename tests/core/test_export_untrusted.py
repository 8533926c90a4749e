"""A site export against a hostile folder: a poisoned record, planted links, a tampered body,
posts that render for ever, and text that is not allowed in XML.

Each reproducer of issue 12 (export part) is here: nothing outside the output folder changes,
no script reaches a page, a slow post is left out by name while the others are exported, and
the feed parses.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_export import write_post

from blogdesk.cli import main as cli_main
from blogdesk.core import export
from blogdesk.core.export import output
from blogdesk.core.export.feed import _xml_text
from blogdesk.core.export.manifest import record_folder
from blogdesk.core.export.workers import TIMED_OUT, Failed, Pool
from blogdesk.core.render import RenderError

ATOM = "{http://www.w3.org/2005/Atom}"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """Two published posts (one with an image), a draft and a scheduled post."""
    root = tmp_path / "blog"
    write_post(root, "hello.md", "title: Hello\ndate: 2025-01-02\ntags: [notes]",
               "Hello ![a picture](pic.png) there.\n")  # fmt: skip
    (root / "pic.png").write_bytes(PNG)
    write_post(root, "later.md", "title: Later\ndate: 2025-01-05", "Some more words.\n")
    write_post(root, "idea.md", "title: Idea\ndate: 2025-01-03\ndraft: true", "Not yet.\n")
    write_post(root, "soon.md", "title: Soon\ndate: 2999-01-01", "In the future.\n")
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files that are neither in the library nor in the output folder."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "x").write_text("keep me\n")
    (folder / "secret.txt").write_text("a private note\n")
    return folder


def snapshot(tmp_path: Path, *, skip: str = "site") -> dict[str, bytes]:
    """Every file under tmp_path except the output folder, with its bytes."""
    return {
        p.relative_to(tmp_path).as_posix(): p.read_bytes()
        for p in tmp_path.rglob("*")
        if p.is_file() and not p.is_symlink() and p.relative_to(tmp_path).parts[0] != skip
    }


def site_html(out: Path) -> str:
    """Every page of the site (their only script is our JSON-LD, so look for the payload)."""
    return "\n".join(p.read_text("utf-8") for p in sorted(out.rglob("*.html")))


def record_of(out: Path) -> dict:
    return json.loads((record_folder(out) / "record.json").read_text("utf-8"))


def save_record(out: Path, record: dict) -> None:
    (record_folder(out) / "record.json").write_text(json.dumps(record), "utf-8")


# --- item 1: the export record -------------------------------------------------------------


def test_an_old_poisoned_record_in_the_output_folder_is_ignored_and_kept(
    blog: Path, outside: Path, tmp_path: Path
) -> None:
    """The reproducer of the issue: a record as earlier versions kept it in the output folder,
    edited by someone else, deletes nothing, copies nothing from outside, publishes nothing."""
    site = tmp_path / "site"
    site.mkdir()
    key_sha = hashlib.sha256(b"hello.md").hexdigest()[:32]
    poisoned = {
        "version": 1,
        "render_key": "anything",
        "posts": {
            "hello.md": {
                "entry": {"title": "Hello"},
                "media": [[str(outside / "secret.txt"), "media/secret.txt"],
                          [str(outside / "secret.txt"), "../outside/written.txt"]],
            }
        },
        "outputs": {"../outside/x": "h", str(outside / "x"): "h", "../../x": "h"},
    }  # fmt: skip
    (site / ".blogdesk-export.json").write_text(json.dumps(poisoned))
    bodies = site / ".blogdesk-export" / "bodies"
    bodies.mkdir(parents=True)
    (bodies / f"{key_sha}.fragment").write_text("<p>hi</p><script>alert(1)</script>")
    before = snapshot(tmp_path)

    report = export.export_site(blog, site)

    assert report.ok, report.errors
    assert snapshot(tmp_path) == before
    assert not (site / "media" / "secret.txt").exists()
    assert "alert(" not in site_html(site) and "private note" not in site_html(site)
    assert (site / ".blogdesk-export.json").read_text() == json.dumps(poisoned)  # left alone
    assert report.notes == [
        f".blogdesk-export.json and .blogdesk-export in {site} are from an earlier version of "
        "blogdesk: no longer read or written, and published with the site unless you delete them"
    ]


def test_a_poisoned_record_in_the_cache_changes_nothing_outside(
    blog: Path, outside: Path, tmp_path: Path
) -> None:
    """Even blogdesk's own record is checked: the paths it names stay in the output folder,
    images come from the library only."""
    site = tmp_path / "site"
    assert export.export_site(blog, site).ok
    record = record_of(site)
    record["outputs"].update({"../outside/x": "h", str(outside / "x"): "h", "../../x": "h"})
    record["posts"]["hello.md"]["media"] = [
        [str(outside / "secret.txt"), "media/secret.txt"],
        [str(blog / "pic.png"), "../outside/written.png"],
    ]
    save_record(site, record)
    before = snapshot(tmp_path)

    report = export.export_site(blog, site)

    assert report.ok, report.errors
    assert snapshot(tmp_path) == before
    assert not (outside / "written.png").exists() and not (tmp_path / "x").exists()
    assert not (site / "media" / "secret.txt").exists()
    assert (site / "media" / "pic.png").read_bytes() == PNG
    assert report.rendered == 1  # the post whose record was wrong was read again


def test_links_planted_in_the_output_folder_are_not_written_through(
    blog: Path, outside: Path, tmp_path: Path
) -> None:
    """A page that is a link to a file outside is replaced, not written through; a folder that
    is a link leading outside is refused, by name, and the rest is exported."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").symlink_to(outside / "x")
    (site / "feed.xml").symlink_to(outside / "secret.txt")
    (site / "tags").symlink_to(outside, target_is_directory=True)
    before = snapshot(tmp_path)

    report = export.export_site(blog, site)

    assert snapshot(tmp_path) == before
    assert set(os.listdir(outside)) == {"x", "secret.txt"}
    assert not (site / "index.html").is_symlink() and "Hello" in (site / "index.html").read_text()
    ET.parse(site / "feed.xml")
    assert report.errors == [f"{site}/tags/notes/index.html: not written: the path leads "
                             "outside the output folder"]  # fmt: skip
    assert (site / "posts" / "hello" / "index.html").is_file()


def test_stale_outputs_named_by_the_record_are_removed_only_inside(
    blog: Path, outside: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert export.export_site(blog, site).ok
    (blog / "later.md").unlink()
    report = export.export_site(blog, site)
    assert "posts/later/index.html" in report.removed
    assert not (site / "posts" / "later").exists()
    assert snapshot(tmp_path, skip="site")["outside/x"] == b"keep me\n"


def test_a_tampered_cached_body_is_never_published(blog: Path, tmp_path: Path) -> None:
    """A body in the cache whose text was changed no longer has the hash it is named by: the
    post is rendered again from its source."""
    site = tmp_path / "site"
    assert export.export_site(blog, site).ok
    sha = record_of(site)["posts"]["hello.md"]["body_sha"]
    body = record_folder(site) / "bodies" / f"{sha}.fragment"
    body.write_text("<p>Hello</p><script>alert(1)</script><img src=x onerror=alert(2)>")
    (site / "posts" / "hello" / "index.html").unlink()

    report = export.export_site(blog, site)

    assert report.ok and report.rendered == 1
    page = (site / "posts" / "hello" / "index.html").read_text("utf-8")
    assert "alert(" not in page and "onerror" not in page and "Hello" in page
    assert "alert(" not in (site / "feed.xml").read_text("utf-8")


def test_a_body_changed_during_the_export_is_refused(tmp_path: Path) -> None:
    bodies = tmp_path / "bodies"
    bodies.mkdir()
    sha = "0" * 64
    (bodies / f"{sha}.fragment").write_text("<script>alert(1)</script>")
    job = ("posts/x/index.html", "post.html.j2", {}, (str(bodies), sha, {}, None))
    error = export._write_page(str(tmp_path / "site"), job)
    assert error is not None and "changed" in error
    assert not (tmp_path / "site").exists()


def test_the_record_lives_in_the_user_cache_folder(blog: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert export.export_site(blog, site).ok
    folder = record_folder(site)
    assert folder.is_relative_to(Path(os.environ["XDG_CACHE_HOME"]))
    assert not [p for p in site.rglob("*") if p.name.startswith(".")]
    with pytest.raises(ValueError, match="inside the output folder"):
        export.export_site(blog, site, cache_dir=site / "cache")


def test_confined_refuses_every_way_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "inner").mkdir(parents=True)
    (out / "away").symlink_to(tmp_path, target_is_directory=True)
    (out / "inside").symlink_to(out / "inner", target_is_directory=True)
    for rel in ("../x", "a/../../x", "/etc/passwd", str(tmp_path / "x"), "", "a\\..\\x",
                "away/x", "away/deeper/x", None, 3):  # fmt: skip
        assert output.confined(out, rel) is None, rel
    assert output.confined(out, "inner/x.html") == out / "inner" / "x.html"
    assert output.confined(out, "inside/x.html") == out / "inside" / "x.html"
    assert output.confined(out, "new/deeper/x.html") == out / "new" / "deeper" / "x.html"


def test_a_copy_comes_only_from_inside_the_library(tmp_path: Path, outside: Path) -> None:
    root, out = tmp_path / "lib", tmp_path / "out"
    root.mkdir()
    out.mkdir()
    (root / "leak.png").symlink_to(outside / "secret.txt")
    with pytest.raises(output.OutsideOutput):
        output.copy_into(out, "media/leak.png", root / "leak.png", root)
    with pytest.raises(output.OutsideOutput):
        output.copy_into(out, "media/s.txt", outside / "secret.txt", root)
    assert not (out / "media").exists()


# --- item 7: a time limit on every render ------------------------------------------------


def test_a_post_past_the_time_limit_is_left_out_by_name(tmp_path: Path) -> None:
    """Nested brackets and ``a<b`` render in quadratic time (seconds to minutes); with a 1 s
    limit both are stopped and named, and the ordinary post is exported."""
    root = tmp_path / "blog"
    write_post(root, "brackets.md", "title: Brackets\ndate: 2025-01-01", "[" * 8000 + "\n")
    write_post(root, "angles.md", "title: Angles\ndate: 2025-01-02", "a<b " * 40000 + "\n")
    write_post(root, "fine.md", "title: Fine\ndate: 2025-01-03", "An *ordinary* post.\n")
    out = tmp_path / "site"
    started = time.monotonic()

    report = export.export_site(root, out, time_limit=1.0)

    assert time.monotonic() - started < 30  # the slow posts alone take minutes
    assert sorted(report.timed_out) == ["angles.md", "brackets.md"]
    assert sorted(report.errors) == [
        f"{root / name}: not exported: rendering took longer than 1 s"
        for name in ("angles.md", "brackets.md")
    ]
    assert report.posts == 1 and (out / "posts" / "fine" / "index.html").is_file()
    assert not (out / "posts" / "brackets").exists()
    # the next export tries them again (nothing about them was recorded)
    again = export.export_site(root, out, time_limit=1.0)
    assert sorted(again.timed_out) == ["angles.md", "brackets.md"] and again.rendered == 2


def test_the_command_names_a_slow_post_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "blog"
    write_post(root, "brackets.md", "title: Brackets\ndate: 2025-01-01", "[" * 8000 + "\n")
    write_post(root, "fine.md", "title: Fine\ndate: 2025-01-03", "An ordinary post.\n")
    status = cli_main(["export", str(root), "-o", str(tmp_path / "site"), "--time-limit", "1"])
    captured = capsys.readouterr()
    assert status == 1
    assert f"{root / 'brackets.md'}: not exported: rendering took longer than 1 s" in captured.err
    assert "left out (took too long to render): brackets.md" in captured.err
    assert "1 posts exported" in captured.out and "1 left out" in captured.out


def test_a_text_too_long_to_render_is_left_out(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(export, "MAX_RENDER_CHARS", 1000)
    root = tmp_path / "blog"
    write_post(root, "huge.md", "title: Huge\ndate: 2025-01-01", "- item\n" * 500)
    write_post(root, "fine.md", "title: Fine\ndate: 2025-01-03", "An ordinary post.\n")
    report = export.export_site(root, tmp_path / "site", time_limit=None)  # in this process
    assert report.omitted_for("too large") == ["huge.md"]
    assert report.errors == [
        f"{root / 'huge.md'}: not exported: the text is too long to render (0.0 MB; the limit "
        "is 0 MB)"
    ]
    assert report.posts == 1


def test_the_pool_kills_a_worker_past_the_limit_and_goes_on() -> None:
    import multiprocessing

    pool = Pool(1, multiprocessing.get_context())
    try:
        results = list(pool.run(time.sleep, (), [[0.01, 60, 0.02], [0.03]], limit=1.0))
        results += list(pool.run(os._exit, (), [[3]], limit=5.0))
    finally:
        pool.close()
    assert results[:4] == [(0.01, None), (60, TIMED_OUT), (0.02, None), (0.03, None)]
    assert results[4] == (3, Failed("the worker process stopped"))


# --- item 10: the feed is XML --------------------------------------------------------------


def test_the_feed_parses_with_control_characters_in_the_text(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    write_post(root, "bell.md", 'title: "Ring\\a the bell"\ndate: 2025-01-01\n'
               'summary: "tab\\tand\\x0bvertical"\ntags: ["t\\x01g"]',
               "A page\fbreak and a \x1b escape.\n")  # fmt: skip
    (root / "blogdesk.toml").write_text('site_title = "Bells\\u0007"\n')
    assert export.export_site(root, tmp_path / "site").ok
    feed = ET.parse(tmp_path / "site" / "feed.xml").getroot()
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == "Ring the bell"
    assert entry.findtext(f"{ATOM}summary") == "tab\tandvertical"
    assert "pagebreak" in (entry.findtext(f"{ATOM}content") or "")
    assert feed.findtext(f"{ATOM}title") == "Bells"


def test_xml_text_removes_only_what_xml_forbids() -> None:
    text = "a\x00b\x08c\td\ne\rf\x0bg\x0ch\x1fi\ud800j\ufffek\uffffl\u00e9\U0001f600"
    assert _xml_text(text) == "abc\td\ne\rfghij" + "kl\u00e9\U0001f600"
    assert _xml_text({"a": ["\x07x", ("\x07",)], "n": 3}) == {"a": ["x", [""]], "n": 3}


# --- item 13: what was left out, and why ---------------------------------------------------


def test_the_report_names_every_post_left_out_and_why(blog: Path, tmp_path: Path) -> None:
    (blog / "broken.md").write_text("---\ntitle: [unclosed\n---\nx\n")
    report = export.export_site(blog, tmp_path / "site")
    assert sorted((o.path, o.reason) for o in report.omitted) == [
        ("broken.md", "unreadable"),
        ("idea.md", "draft"),
        ("soon.md", "scheduled"),
    ]
    assert report.left_out == 2 and report.posts == 2
    assert report.omitted_for("draft", "scheduled") == ["idea.md", "soon.md"]


def test_the_command_lists_what_it_left_out(
    blog: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli_main(["export", str(blog), "-o", str(tmp_path / "site")])
    captured = capsys.readouterr()
    assert status == 0
    assert "left out (draft): idea.md" in captured.err
    assert "left out (scheduled): soon.md" in captured.err
    assert "2 left out: 1 draft, 1 scheduled" in captured.out


def test_a_page_swapped_for_a_link_after_an_export_is_written_again(
    blog: Path, outside: Path, tmp_path: Path
) -> None:
    """A page whose inputs did not change, but which is now a link, is replaced by the page."""
    site = tmp_path / "site"
    assert export.export_site(blog, site).ok
    (site / "index.html").unlink()
    (site / "index.html").symlink_to(outside / "x")
    report = export.export_site(blog, site)
    assert report.written == ["index.html"]
    assert not (site / "index.html").is_symlink() and "Hello" in (site / "index.html").read_text()
    assert (outside / "x").read_text() == "keep me\n"


def test_a_body_tampered_with_its_size_and_time_kept_is_refused_then_rendered_again(
    blog: Path, tmp_path: Path
) -> None:
    """A re-export checks cached bodies by size and time; the text itself is checked against its
    hash where it is used: the page is not written, the error names it, and the next export
    renders the post again."""
    site = tmp_path / "site"
    assert export.export_site(blog, site).ok
    sha = record_of(site)["posts"]["hello.md"]["body_sha"]
    body = record_folder(site) / "bodies" / f"{sha}.fragment"
    st = body.stat()
    payload = "<script>alert(1)</script>"
    body.write_text(payload.ljust(st.st_size))
    os.utime(body, ns=(st.st_atime_ns, st.st_mtime_ns))
    (site / "posts" / "hello" / "index.html").unlink()

    report = export.export_site(blog, site)

    assert report.rendered == 0
    assert f"{site}/posts/hello/index.html: its cached body was changed" in report.errors[0]
    assert not (site / "posts" / "hello" / "index.html").exists()
    assert "alert(" not in site_html(site)
    again = export.export_site(blog, site)
    assert again.ok and again.rendered == 1
    assert "alert(" not in site_html(site) and "Hello" in site_html(site)


def test_posts_with_the_same_body_are_not_rendered_again(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    for name in ("a", "b", "c"):
        write_post(root, f"{name}.md", f"title: {name}\ndate: 2025-01-01", "Same words.\n")
    assert export.export_site(root, tmp_path / "site").rendered == 3
    assert export.export_site(root, tmp_path / "site").rendered == 0


def test_one_post_past_the_time_limit_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = write_post(tmp_path, "brackets.md", "title: B\ndate: 2025-01-01", "[" * 8000 + "\n")
    out = tmp_path / "one.html"
    with pytest.raises(RenderError, match="rendering took longer than 1 s"):
        export.export_post(post, out, time_limit=1.0)
    assert not out.exists()
    fine = write_post(tmp_path, "fine.md", "title: Fine\ndate: 2025-01-01", "Plain *words*.\n")
    assert "<em>words</em>" in export.export_post(fine, out, time_limit=1.0).read_text("utf-8")
    status = cli_main(["export", str(post), "-o", str(out), "--time-limit", "1"])
    assert status == 1
    assert f"{post}: rendering took longer than 1 s" in capsys.readouterr().err


def test_in_a_process_with_threads_workers_are_kept_between_exports(tmp_path: Path) -> None:
    """The app cannot fork (it has threads): its workers come from a forkserver, slow to
    start, so they are kept for the next export; the time limit holds there too."""
    import threading

    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    root = tmp_path / "blog"
    write_post(root, "brackets.md", "title: Brackets\ndate: 2025-01-01", "[" * 8000 + "\n")
    fine = write_post(root, "fine.md", "title: Fine\ndate: 2025-01-03", "An ordinary post.\n")
    try:
        report = export.export_site(root, tmp_path / "site", time_limit=1.0)
        assert report.timed_out == ["brackets.md"] and report.posts == 1
        key = ("forkserver", export.cpu_count())
        kept = export._SHELF.take(key)
        assert kept is not None and kept.idle
        pids = {slot.process.pid for slot in kept.slots}
        export._SHELF.give_back(key, kept)
        (root / "brackets.md").unlink()
        fine.write_text(fine.read_text() + "\nOne more line.\n")
        again = export.export_site(root, tmp_path / "site", time_limit=1.0)
        assert again.ok and again.rendered == 1
        kept = export._SHELF.take(key)
        assert kept is not None and {slot.process.pid for slot in kept.slots} == pids
        kept.close()
    finally:
        stop.set()
        helper.join()


def test_one_page_exported_beside_its_post_leaves_its_image_as_it_was(blog: Path) -> None:
    page = export.export_post(blog / "hello.md", blog / "hello.html")
    assert 'src="pic.png"' in page.read_text("utf-8")
    assert (blog / "pic.png").read_bytes() == PNG


def test_the_command_and_the_core_agree_on_the_default_limit() -> None:
    from blogdesk.commands import export as command

    assert command.DEFAULT_TIME_LIMIT == export.DEFAULT_TIME_LIMIT


def test_a_body_and_record_rewritten_together_still_publish_no_script(
    blog: Path, tmp_path: Path
) -> None:
    """Whoever rewrites the cache can give a script its own hash and stamp: a body of an earlier
    export is sanitized again before it goes in a page or the feed."""
    from blogdesk.core.export.manifest import body_stamp, write_body

    site = tmp_path / "site"
    assert export.export_site(blog, site).ok
    evil = '<p>Hello</p><script>alert(1)</script><img src="x" onerror="alert(2)">'
    evil += '<a href="javascript:alert(3)">x</a>'
    bodies = record_folder(site) / "bodies"
    sha, stamp = write_body(str(bodies), evil)
    assert stamp == body_stamp(str(bodies / f"{sha}.fragment"))
    record = record_of(site)
    record["posts"]["hello.md"]["body_sha"] = sha
    record["posts"]["hello.md"]["body_stamp"] = stamp
    save_record(site, record)

    report = export.export_site(blog, site)

    assert report.ok and report.rendered == 0
    assert "posts/hello/index.html" in report.written and "feed.xml" in report.written
    page = (site / "posts" / "hello" / "index.html").read_text("utf-8")
    assert "<p>Hello</p>" in page
    assert "alert(" not in page and "onerror" not in page
    assert "alert(" not in (site / "feed.xml").read_text("utf-8")


def test_bodies_rendered_by_this_export_are_not_sanitized_twice(
    blog: Path, tmp_path: Path, monkeypatch
) -> None:
    from blogdesk.core import render

    calls: list[str] = []
    real = render.sanitize
    monkeypatch.setattr(render, "sanitize", lambda html, *a: calls.append(html) or real(html, *a))
    report = export.export_site(blog, tmp_path / "site", time_limit=None)  # in this process
    assert report.ok and len(calls) == report.rendered == 4


def test_removing_a_link_removes_the_link_not_its_target(tmp_path: Path, outside: Path) -> None:
    out = tmp_path / "out"
    (out / "posts").mkdir(parents=True)
    (out / "posts" / "old.html").symlink_to(outside / "x")
    assert output.remove(out, "posts/old.html")
    assert (outside / "x").read_text() == "keep me\n" and not (out / "posts").exists()
    assert not output.remove(out, "../outside/x") and (outside / "x").exists()


def test_one_record_per_output_folder_by_its_resolved_path(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)
    assert record_folder(tmp_path / "link") == record_folder(tmp_path / "a")
    assert record_folder(tmp_path / "b") != record_folder(tmp_path / "a")


def test_sanitizing_a_sanitized_body_again_changes_nothing(sample_posts: Path) -> None:
    """A body of an earlier export is sanitized again before it is published: that must leave
    an honest body exactly as it was (classes, ids, links, highlighted code, footnotes)."""
    from blogdesk.core.postfile import load_post
    from blogdesk.core.render import RenderOptions, render, sanitize

    checked = 0
    for path in sorted(sample_posts.rglob("*.md")):
        for options in (RenderOptions(), RenderOptions(smart_quotes=False)):
            html = render(load_post(path).body, options).html
            assert sanitize(html, options) == html, path
            checked += 1
    assert checked >= 10


def test_files_that_are_not_posts_are_named_and_odd_names_exported(
    tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FIFO and a link out of the library are never opened: the report names them and says
    why. A post whose file name is not UTF-8 is exported, and its record is reused."""
    root = tmp_path / "blog"
    write_post(root, "fine.md", "title: Fine\ndate: 2025-01-03", "An ordinary post.\n")
    odd = os.fsdecode(b"caf\xe9.md")
    write_post(root, odd, "title: Cafe\ndate: 2025-01-04", "Coffee.\n")
    os.mkfifo(root / "pipe.md")
    (root / "leak.md").symlink_to(outside / "secret.txt")
    site = tmp_path / "site"

    report = export.export_site(root, site)

    assert report.ok and report.posts == 2
    assert sorted((o.path, o.reason, o.detail) for o in report.omitted) == [
        ("leak.md", "skipped", "a symbolic link to a file outside the library; not read"),
        ("pipe.md", "skipped", "a named pipe (FIFO), not a post file; not read"),
    ]
    assert "private note" not in site_html(site)
    assert export.export_site(root, site).rendered == 0
    assert cli_main(["export", str(root), "-o", str(site)]) == 0
    err = capsys.readouterr().err
    assert "left out (a named pipe (FIFO), not a post file; not read): pipe.md" in err
