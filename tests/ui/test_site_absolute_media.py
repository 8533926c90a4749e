"""Site-absolute images (``![x](/images/a.png)``) show in the preview from the site's static
folder, under the library's confinement rules; the reader view renders with the site's flavour.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from blogdesk.core.sites.detect import detect_site
from blogdesk.core.sites.static import static_folders
from blogdesk.ui.widgets.preview import (
    MAX_FILE_BYTES,
    preview_media,
    register_schemes,
    webengine_available,
)

register_schemes()

needs_webengine = pytest.mark.skipif(not webengine_available(),
                                     reason="QtWebEngine is not installed")
PAGE_TIMEOUT_MS = 30_000


def png(path: Path, width: int = 12, height: int = 7) -> Path:
    from PySide6.QtGui import QColor, QImage

    path.parent.mkdir(parents=True, exist_ok=True)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7d44"))
    assert image.save(str(path))
    return path


def hugo_site(root: Path, body: str) -> tuple[Path, Path]:
    """A Hugo site: its posts in content/posts (the library), its images in static/."""
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Desk"\n',
                                    encoding="utf-8")
    post = posts / "garden.md"
    post.write_text(f"---\ntitle: The garden\ndate: 2024-05-01\n---\n\n{body}",
                    encoding="utf-8")
    return root, post


# -- where a path is served from (no view needed) -----------------------------------------------


def test_a_site_absolute_path_is_found_in_hugo_static(tmp_path: Path) -> None:
    root, _post = hugo_site(tmp_path / "site", "")
    image = png(root / "static" / "images" / "a.png")
    folders = static_folders(detect_site(root))
    library = root / "content" / "posts"
    assert preview_media(library, "/images/a.png", folders) == (image.resolve(), "image/png")
    assert preview_media(library, "/images/a.png") is None  # the library alone has no such file


def test_the_static_folder_wins_for_a_site_path_and_the_library_serves_the_rest(
        tmp_path: Path) -> None:
    """Hugo publishes static/a.png at /a.png, not the site root's own a.png; a file only the
    library has (a post's own image) still comes from the library."""
    root, _post = hugo_site(tmp_path / "site", "")
    published = png(root / "static" / "a.png")
    png(root / "a.png")
    own = png(root / "content" / "posts" / "own.png")
    folders = static_folders(detect_site(root))
    assert preview_media(root, "/a.png", folders) == (published.resolve(), "image/png")
    assert preview_media(root, "/content/posts/own.png", folders) == (own.resolve(), "image/png")


def test_the_base_path_of_the_site_is_taken_off(tmp_path: Path) -> None:
    root = tmp_path / "site"
    image = png(root / "assets" / "a.png")
    (root / "_config.yml").write_text("baseurl: /blog\n", encoding="utf-8")
    site = detect_site(root)
    folders = static_folders(site)
    assert preview_media(root / "_posts", "/blog/assets/a.png", folders, "/blog") == \
        (image.resolve(), "image/png")


def test_hostile_paths_are_refused_in_the_static_folder(tmp_path: Path) -> None:
    """Outside the static folder, through a symlink, a page, a script, a folder, a huge file:
    none of them is served, whatever the site-absolute path says."""
    root, _post = hugo_site(tmp_path / "site", "")
    static = root / "static"
    outside = png(tmp_path / "outside" / "private.png")
    (static / "images").mkdir(parents=True)
    (static / "images" / "escape.png").symlink_to(outside)
    (static / "linked").symlink_to(outside.parent, target_is_directory=True)
    (static / "page.html").write_text("<h1>not an image</h1>", encoding="utf-8")
    (static / "run.js").write_text("alert(1)", encoding="utf-8")
    png(static / "folder.png" / "inner.png")
    with (static / "huge.png").open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    folders = static_folders(detect_site(root))
    library = root / "content" / "posts"
    for path in ("/images/escape.png", "/linked/private.png", "/../../outside/private.png",
                 "/%2e%2e/outside/private.png", "//outside/private.png", "/page.html",
                 "/run.js", "/folder.png", "/huge.png", "/", ""):
        assert preview_media(library, path, folders) is None, path
    assert preview_media(library, "/folder.png/inner.png", folders) is not None  # a real one


# -- what the user sees -------------------------------------------------------------------------


def image_widths(qtbot: Any, pane: Any, count: int) -> list[int]:
    """The drawn width of each of the page's ``count`` images (0: not loaded), once all have
    settled."""
    script = ("(function(){var i=[].slice.call(document.images);"
              f"return i.length == {count} && i.every(function(x){{return x.complete;}})"
              "?JSON.stringify(i.map(function(x){return x.naturalWidth;})):'';})()")
    box: list[Any] = []

    def settled() -> bool:
        box.clear()
        pane.run_script(script, box.append)
        qtbot.waitUntil(lambda: bool(box), timeout=5000)
        return isinstance(box[0], str) and bool(box[0])

    qtbot.waitUntil(settled, timeout=PAGE_TIMEOUT_MS)
    return list(json.loads(box[0]))


@needs_webengine
def test_the_preview_shows_a_static_image_and_refuses_an_escape(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    start_app, stop_app = app_factory
    root, post = hugo_site(tmp_path / "site", "Beans:\n\n![beans](/images/beans.png)\n\n"
                           "Secret:\n\n![secret](/images/secret.png)\n")
    png(root / "static" / "images" / "beans.png", 30, 20)
    (root / "static" / "images" / "secret.png").symlink_to(png(tmp_path / "private.png"))
    running = start_app(qtbot, app_settings, root, post, preview=True)
    try:
        pane = running.parts.window.preview.pane
        qtbot.waitUntil(lambda: "beans.png" in str(pane._snapshot().body()),
                        timeout=PAGE_TIMEOUT_MS)
        assert image_widths(qtbot, pane, 2) == [30, 0]
        handler = pane._backend.handler
        assert "/images/beans.png" in handler.served
        assert "/images/secret.png" in handler.refused
    finally:
        stop_app(running)


@needs_webengine
def test_the_reader_renders_a_hugo_post_as_hugo_publishes_it(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    """Strike-through, a two-space nested list and a figure shortcode: Python-Markdown shows
    none of them; the reader shows what Hugo makes of them, and the static image."""
    start_app, stop_app = app_factory
    root, post = hugo_site(tmp_path / "site", (
        "~~old plan~~ new plan\n\n- rows\n  - beans\n\n"
        '{{< figure src="/images/beans.png" caption="Beans in June" >}}\n'))
    png(root / "static" / "images" / "beans.png", 30, 20)
    running = start_app(qtbot, app_settings, root, post)
    try:
        window = running.parts.window
        window.reading.show()
        reader = window.reading.reader
        assert reader is not None
        qtbot.waitUntil(lambda: "Beans in June" in str(reader.pane._snapshot().body()),
                        timeout=PAGE_TIMEOUT_MS)
        body = str(reader.pane._snapshot().body())
        assert "<s>old plan</s>" in body
        assert "<li>rows\n<ul>\n<li>beans</li>" in body
        assert "<figcaption>" in body and "{{&lt;" not in body
        assert image_widths(qtbot, reader.pane, 1) == [30]
    finally:
        if window.reading.reader is not None:
            window.reading.reader.close()
        stop_app(running)


def test_the_text_browser_fallback_loads_the_static_image_too(qtbot: Any, tmp_path: Path) -> None:
    """Without QtWebEngine the same rules apply: the static image loads, the escape does not."""
    from PySide6.QtCore import QUrl

    from blogdesk.ui.widgets.preview import PreviewPane

    root, _post = hugo_site(tmp_path / "site", "")
    image = png(root / "static" / "images" / "beans.png")
    (root / "static" / "images" / "secret.png").symlink_to(png(tmp_path / "private.png"))
    pane = PreviewPane(use_webengine=False)
    qtbot.addWidget(pane)
    pane.set_library_root(root / "content" / "posts")
    pane.set_site(detect_site(root))
    browser = pane.web_view()
    loaded = browser.loadResource(2, QUrl("/images/beans.png"))
    assert bytes(loaded.data()) == image.read_bytes()
    assert browser.loadResource(2, QUrl("/images/secret.png")) is None
    pane.set_site(None)
    assert browser.loadResource(2, QUrl("/images/beans.png")) is None


@needs_webengine
def test_another_generator_serves_site_paths_from_its_own_folder(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    """Hugo finds /images/beans.png in static/; once Settings says Jekyll, the site root is
    where it would be, and the page shows what Jekyll would: no image (none is cached)."""
    start_app, stop_app = app_factory
    root, post = hugo_site(tmp_path / "site", "![b](/images/beans.png)\n\n~~x~~\n")
    (root / ".git").mkdir()
    png(root / "static" / "images" / "beans.png", 30, 20)
    running = start_app(qtbot, app_settings, root, post, preview=True)
    try:
        preview = running.parts.window.preview
        pane = preview.pane
        qtbot.waitUntil(lambda: "<s>" in str(pane._snapshot().body()), timeout=PAGE_TIMEOUT_MS)
        assert image_widths(qtbot, pane, 1) == [30]
        loads = pane._load_count
        preview.set_generator("jekyll")
        qtbot.waitUntil(lambda: pane._load_count > loads and pane.shown_generation()
                        >= preview.scheduler.generation(), timeout=PAGE_TIMEOUT_MS)
        qtbot.waitUntil(lambda: "/images/beans.png" in pane._backend.handler.refused,
                        timeout=PAGE_TIMEOUT_MS)
        assert image_widths(qtbot, pane, 1) == [0]
        png(root / "images" / "beans.png", 16, 9)  # where Jekyll serves it from
        preview.set_generator("")  # back to Hugo: its static/ wins over the site root
        qtbot.waitUntil(lambda: image_widths(qtbot, pane, 1) == [30], timeout=PAGE_TIMEOUT_MS)
        preview.set_generator("jekyll")
        qtbot.waitUntil(lambda: image_widths(qtbot, pane, 1) == [16], timeout=PAGE_TIMEOUT_MS)
    finally:
        stop_app(running)
