"""The preview holds against a hostile library: no page but blogdesk's own is ever shown, library
files are served only as images and media with the policy on every answer, and a clicked mailto
link reaches the mail client the way web links reach the browser (issue 12, items 3 and 14)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from blogdesk.ui.widgets.preview import (
    MAX_FILE_BYTES,
    PAGE_NAME,
    PageUpdate,
    PreviewPane,
    accept_navigation,
    content_security_policy,
    library_media,
    register_schemes,
    webengine_available,
)

register_schemes()  # before the QApplication exists, as the app does

needs_webengine = pytest.mark.skipif(
    not webengine_available(), reason="QtWebEngine is not installed"
)

FRAME = ("<html><head></head><body><div id='post-body'>", "</div></body></html>")
SPOOF = "<h1>Your session expired</h1><p>Type your password here.</p>"


@pytest.fixture
def hostile_library(tmp_path: Path) -> Path:
    """A library with a page named like the preview's, where a link can reach it."""
    root = tmp_path / "blog"
    (root / "posts" / "sub").mkdir(parents=True)
    for folder in (root, root / "posts", root / "posts" / "sub"):
        (folder / PAGE_NAME).write_text(SPOOF, encoding="utf-8")
    (root / "posts" / "dot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
        "<script>document.title='owned'</script><rect width='4' height='4'/></svg>",
        encoding="utf-8",
    )
    return root


@pytest.fixture
def pane(qtbot: Any, hostile_library: Path) -> Iterator[PreviewPane]:
    widget = PreviewPane()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    widget.set_library_root(hostile_library)
    widget.set_post_dir(hostile_library / "posts")
    yield widget


def js(qtbot: Any, pane: PreviewPane, script: str) -> Any:
    box: list[Any] = []
    pane.run_script(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return box[0]


def show_blocks(qtbot: Any, pane: PreviewPane, blocks: list[str]) -> None:
    with qtbot.waitSignal(pane.pageShown, timeout=20_000):
        pane.apply(PageUpdate(1, splice=(0, 0, blocks), frame=FRAME, reset=True))


def click(qtbot: Any, pane: PreviewPane, selector: str) -> None:
    """A real mouse click (a user's gesture, unlike a click() from script) on an element."""
    element = f"document.querySelector({json.dumps(selector)})"
    js(qtbot, pane, f"{element}.scrollIntoView()")
    # the first box of the element: a link that wraps has one per line
    rect = json.loads(js(qtbot, pane, f"JSON.stringify({element}.getClientRects()[0])"))
    view = pane.web_view()
    target = view.focusProxy() or view
    point = QPoint(int(rect["x"] + 3), int(rect["y"] + rect["height"] / 2))
    # two clicks closer than this are a double click, which follows no link
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    QTest.mouseMove(target, point)
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


# -- the navigation decision and the files served (no page needed) ------------------------------


def test_only_blogdesk_own_load_of_its_page_is_accepted():
    """A click is never accepted, not even to the page's own address."""
    assert accept_navigation(load=True, clicked=False, main_frame=True, own_page=True)
    for load, clicked, main_frame, own_page in [
        (False, True, True, True),  # the exploit: a click to a URL ending in the page's name
        (False, True, True, False),
        (True, False, True, False),  # a load of another address
        (True, False, False, True),  # inside a frame
        (False, False, True, True),  # back/forward, reload, a form, a redirect
    ]:
        assert not accept_navigation(load, clicked, main_frame, own_page)


def test_the_library_serves_images_and_media_only(hostile_library: Path):
    posts = hostile_library / "posts"
    for name, data in {
        "a.png": b"\x89PNG",
        "b.JPG": b"\xff\xd8",
        "c.webm": b"x",
        "page.html": b"<h1>x</h1>",
        "page.htm": b"x",
        "page.xhtml": b"x",
        "page.shtml": b"x",
        "run.js": b"x",
        "style.css": b"x",
        "note.md": b"x",
        "data.json": b"x",
        "nosuffix": b"x",
    }.items():
        (posts / name).write_bytes(data)
    assert library_media(hostile_library, "/posts/a.png") == ((posts / "a.png"), "image/png")
    assert library_media(hostile_library, "/posts/b.JPG") == ((posts / "b.JPG"), "image/jpeg")
    assert library_media(hostile_library, "/posts/c.webm") == ((posts / "c.webm"), "video/webm")
    assert library_media(hostile_library, "/posts/dot.svg") == (
        posts / "dot.svg",
        "image/svg+xml",
    )
    for path in (
        f"/{PAGE_NAME}",
        f"/posts/{PAGE_NAME}",
        f"/posts/sub/{PAGE_NAME}",
        "/posts/page.html",
        "/posts/page.htm",
        "/posts/page.xhtml",
        "/posts/page.shtml",
        "/posts/run.js",
        "/posts/style.css",
        "/posts/note.md",
        "/posts/data.json",
        "/posts/nosuffix",
        "/../etc/passwd.png",
    ):
        assert library_media(hostile_library, path) is None, path
    # a page in disguise: named like an image, it is still only ever sent as an image
    (posts / f"{PAGE_NAME}.png").write_bytes(b"<h1>x</h1>")
    assert library_media(hostile_library, f"/posts/{PAGE_NAME}.png")[1] == "image/png"
    big = posts / "big.png"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    assert library_media(hostile_library, "/posts/big.png") is None


@needs_webengine
def test_every_answer_of_the_scheme_handler_carries_the_policy(qtbot, pane, hostile_library):
    """The page from memory, a served image and a refusal: each sets the policy header."""
    from PySide6.QtWebEngineCore import QWebEngineUrlRequestJob

    handler = pane._backend.handler  # type: ignore[attr-defined]

    class Job(QObject):
        """What the handler uses of a QWebEngineUrlRequestJob."""

        def __init__(self, url: str) -> None:
            super().__init__()
            self.url = QUrl(url)
            self.headers: dict[bytes, bytes] = {}
            self.answer: Any = None

        def requestUrl(self) -> QUrl:
            return self.url

        def setAdditionalResponseHeaders(self, headers: dict[Any, Any]) -> None:
            # a QMultiMap: each name has a list of values
            self.headers = {
                bytes(k.data()): b"".join(bytes(v.data()) for v in values)
                for k, values in headers.items()
            }

        def reply(self, mime: bytes, device: Any) -> None:
            self.answer = (mime, bytes(device.readAll().data()))

        def fail(self, error: Any) -> None:
            self.answer = error

    show_blocks(qtbot, pane, ["<p>hello</p>"])
    page_url = pane._backend.page.url()  # type: ignore[attr-defined]
    jobs = {
        "page": Job(page_url.toString()),
        "svg": Job("blogdesk://library/posts/dot.svg"),
        "spoof": Job(f"blogdesk://library/posts/sub/{PAGE_NAME}"),
        "old": Job(page_url.toString().replace("load=1", "load=0")),
    }
    for name, job in jobs.items():
        handler.requestStarted(job)
        policy = job.headers[b"Content-Security-Policy"].decode()
        assert policy.startswith(content_security_policy(False))
        assert "script-src 'none'" in policy
        assert policy.endswith("; sandbox") == (name != "page")  # a file is never a document
        assert job.headers[b"X-Content-Type-Options"] == b"nosniff"
    assert jobs["page"].answer[0] == b"text/html;charset=utf-8"
    assert b"hello" in jobs["page"].answer[1]
    assert jobs["svg"].answer[0] == b"image/svg+xml"
    assert jobs["spoof"].answer == QWebEngineUrlRequestJob.Error.UrlNotFound
    assert jobs["old"].answer == QWebEngineUrlRequestJob.Error.UrlNotFound


@needs_webengine
def test_the_policy_header_alone_stops_a_script(qtbot, pane, monkeypatch):
    """A page in memory with no policy of its own and JavaScript on: the header still stops its
    script. Without the header the same script runs (so the test can tell)."""
    from PySide6.QtWebEngineCore import QWebEngineSettings

    from blogdesk.ui.widgets import preview

    show_blocks(qtbot, pane, ["<p>first</p>"])
    page = pane._backend.page  # type: ignore[attr-defined]
    handler = pane._backend.handler  # type: ignore[attr-defined]
    page.settings().setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, True)
    handler.page = (
        b"<html><head></head><body><p id='m'>quiet</p>"
        b"<script>document.getElementById('m').textContent = 'ran'</script></body></html>"
    )
    url = page.url()
    for headers, expected in ((preview.response_headers, "quiet"), (lambda *_: {}, "ran")):
        monkeypatch.setattr(preview, "response_headers", headers)
        with qtbot.waitSignal(page.loadFinished, timeout=20_000):
            page.load(url)
        assert js(qtbot, pane, "document.getElementById('m').textContent") == expected


# -- a real page ----------------------------------------------------------------------------------


@needs_webengine
def test_a_link_to_a_library_page_named_like_the_preview_shows_nothing_of_it(qtbot, pane):
    """Issue 12, item 3: a click on `sub/__blogdesk_preview__.html#x` used to load that library
    file as a page, raw and without a policy. The preview stays on blogdesk's page."""
    links = [
        f'<p><a id="sub" href="sub/{PAGE_NAME}#top">a</a></p>',
        f'<p><a id="here" href="{PAGE_NAME}#top">b</a></p>',
        f'<p><a id="root" href="/{PAGE_NAME}?load=1#top">c</a></p>',
        f'<p><a id="abs" href="blogdesk://library/posts/{PAGE_NAME}#x">d</a></p>',
    ]
    show_blocks(qtbot, pane, [*links, '<p id="mark">blogdesk page</p>'])
    page = pane._backend.page  # type: ignore[attr-defined]
    handler = pane._backend.handler  # type: ignore[attr-defined]
    url_before = page.url().toString()
    for link_id in ("sub", "here", "root", "abs"):
        click(qtbot, pane, f"#{link_id}")
        js(qtbot, pane, f"document.getElementById('{link_id}').click()")
    qtbot.waitUntil(lambda: len(page.refused_navigations) >= 8, timeout=10_000)
    qtbot.wait(300)  # a navigation that got through would be loading by now
    assert page.url().toString() == url_before
    assert js(qtbot, pane, "document.getElementById('mark').textContent") == "blogdesk page"
    assert "password" not in js(qtbot, pane, "document.body.innerText")
    assert not any(path.endswith(PAGE_NAME) for path in handler.served)


@needs_webengine
def test_jumps_to_headings_and_footnotes_still_work(qtbot, pane):
    """Same-page links (contents, footnotes) scroll the page and are not navigations."""
    show_blocks(
        qtbot,
        pane,
        [
            '<p><a id="jump" href="#far">to the end</a></p>',
            '<div style="height: 3000px">space</div>',
            '<h2 id="far">Far away</h2>',
        ],
    )
    page = pane._backend.page  # type: ignore[attr-defined]
    click(qtbot, pane, "#jump")
    qtbot.waitUntil(lambda: js(qtbot, pane, "window.scrollY") > 1000, timeout=10_000)
    assert page.url().fragment() == "far"
    assert page.refused_navigations == []


class _Recorder(QObject):
    """Stands in for the system's mail client and browser (QDesktopServices URL handlers)."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


@pytest.fixture
def system_handlers() -> Iterator[_Recorder]:
    recorder = _Recorder()
    for scheme in ("mailto", "http", "https"):
        QDesktopServices.setUrlHandler(scheme, recorder, "open")
    yield recorder
    for scheme in ("mailto", "http", "https"):
        QDesktopServices.unsetUrlHandler(scheme)


@needs_webengine
def test_a_clicked_mailto_link_is_handed_to_the_app_and_nothing_else(qtbot, pane, system_handlers):
    """Issue 12, item 14: a mailto click used to be dropped by QtWebEngine. It is now handed to
    the app like a web link; QtWebEngine itself opens nothing."""
    emitted: list[str] = []
    pane.linkClicked.connect(lambda url: emitted.append(url.toString()))
    show_blocks(qtbot, pane, ['<p><a id="mail" href="mailto:ada@example.org?subject=Hi">m</a></p>'])
    page = pane._backend.page  # type: ignore[attr-defined]
    url_before = page.url().toString()
    click(qtbot, pane, "#mail")
    qtbot.waitUntil(lambda: bool(emitted), timeout=10_000)
    qtbot.wait(300)
    assert emitted == ["mailto:ada@example.org?subject=Hi"]
    assert system_handlers.opened == []  # the pane alone opens nothing; the app decides
    assert page.url().toString() == url_before


@needs_webengine
def test_the_app_opens_a_clicked_mailto_link_in_the_mail_client(
    qtbot, small_library, app_settings, app_factory, system_handlers
):
    """End to end: a post's mailto link, clicked in the app's preview, reaches the system mail
    client once, the same way an https link reaches the browser."""
    start_app, stop_app = app_factory
    post = small_library / "write-to-me.md"
    post.write_text(
        "---\ntitle: Write to me\n---\n"
        "[Mail me](mailto:ada@example.org) or [read more](https://example.org/about)\n",
        encoding="utf-8",
    )
    running = start_app(qtbot, app_settings, small_library, preview=True)
    try:
        pane = running.parts.window.preview.pane
        scheduler = running.parts.window.preview.scheduler
        assert running.window.open_path(post)
        qtbot.waitUntil(lambda: pane.shown_generation() >= scheduler.generation(), timeout=30_000)
        qtbot.waitUntil(lambda: "Mail me" in pane._snapshot().page(), timeout=30_000)
        click(qtbot, pane, "#post-body a[href^='mailto:']")
        qtbot.waitUntil(lambda: bool(system_handlers.opened), timeout=10_000)
        click(qtbot, pane, "#post-body a[href^='https:']")
        qtbot.waitUntil(lambda: len(system_handlers.opened) >= 2, timeout=10_000)
        qtbot.wait(300)
        assert system_handlers.opened == ["mailto:ada@example.org", "https://example.org/about"]
    finally:
        stop_app(running)


def test_the_text_browser_fallback_loads_images_only_and_hands_mailto_to_the_app(
    qtbot, hostile_library
):
    """Without QtWebEngine the same rules hold: a library page is no resource, mailto goes out."""
    widget = PreviewPane(use_webengine=False)
    qtbot.addWidget(widget)
    widget.set_library_root(hostile_library)
    widget.set_post_dir(hostile_library / "posts")
    show_blocks(qtbot, widget, ["<p>fallback</p>"])
    browser = widget.web_view()
    (hostile_library / "posts" / "a.png").write_bytes(b"\x89PNG")
    assert bytes(browser.loadResource(2, QUrl("a.png")).data()) == b"\x89PNG"
    assert browser.loadResource(2, QUrl(PAGE_NAME)) is None
    assert browser.loadResource(2, QUrl(f"sub/{PAGE_NAME}")) is None
    with qtbot.waitSignal(widget.linkClicked, timeout=5000) as blocker:
        browser.anchorClicked.emit(QUrl("mailto:ada@example.org"))
    assert blocker.args[0] == QUrl("mailto:ada@example.org")


@needs_webengine
def test_a_post_cannot_lay_an_invisible_link_over_the_page(qtbot, hostile_library):
    """Issue 12, item 8, as a reader meets it: the theme's `.card-title a::after` once stretched
    a one-dot link over the whole first screen. Now the dot is just a dot: a click elsewhere on
    the page hits the page, not the link."""
    from test_preview import make_post

    from blogdesk.core.config import Config
    from blogdesk.ui.preview_scheduler import PreviewScheduler

    widget = PreviewPane()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    widget.set_library_root(hostile_library)
    scheduler = PreviewScheduler(widget, time_limit_s=5)
    try:
        scheduler.set_context(Config(root=hostile_library), [], hostile_library / "posts")
        post = make_post(
            hostile_library,
            '<p class="card-title"><a href="http://attacker.example/">.</a></p>\n\nMore text.\n',
        )
        with qtbot.waitSignal(widget.pageShown, timeout=20_000):
            scheduler.update(post, post.body)
        selector = "a[href^='http://attacker']"
        link = f'document.querySelector("#post-body {selector}")'
        assert js(qtbot, widget, f"{link}.parentElement.className") == ""
        width = js(qtbot, widget, f"{link}.getBoundingClientRect().width")
        assert 0 < width < 40
        for x, y in ((400, 300), (100, 100), (700, 500)):
            at = f"(document.elementFromPoint({x}, {y}) || document.body)"
            hit = js(qtbot, widget, f'{at}.closest("{selector}") === null ? 0 : 1')
            assert hit == 0, (x, y)
    finally:
        scheduler.shutdown()
