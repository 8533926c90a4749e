"""The live preview: the published page of the post, patched in place as the author types.

QtWebEngine shows it when it can be imported, locked down for content that may not be the
author's own: an off-the-record profile; JavaScript off for the page (blogdesk's own code runs in
Qt's isolated ApplicationWorld, which the setting does not affect) and a Content-Security-Policy
with ``script-src 'none'`` on top of the sanitized body; every network request blocked unless the
author allows remote content; the page and the library's files served by a ``blogdesk:`` scheme
handler that never leaves the library folder; a clicked link never navigates the preview (http,
https and mailto are handed to the app, a relative ``.md`` link opens that post).

The only document the view ever loads is the page blogdesk made, from memory, at the address it
chose for that load: a click is never a load, even to a URL that looks like the page's, and the
scheme handler never serves a library file as a page. Library files are served only as images
or media (:func:`library_media`), and every answer carries the same policy as an HTTP header.

Without QtWebEngine, a QTextBrowser shows the same HTML with a simplified stylesheet.

The body of the page is a list of top-level blocks, each preceded by a ``<!--b-->`` marker
comment, so that a change re-renders and replaces only the blocks that changed.
"""

from __future__ import annotations

import atexit
import bisect
import json
import os
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QLabel, QMenu, QTextBrowser, QVBoxLayout, QWidget

from blogdesk.core.files import POST_SUFFIXES

if TYPE_CHECKING:
    from PySide6.QtWebEngineCore import QWebEngineUrlRequestInfo, QWebEngineUrlRequestJob

    from blogdesk.core.sites.config import Site

__all__ = [
    "MEDIA_TYPES",
    "PAGE_NAME",
    "SCHEME",
    "PageUpdate",
    "PreviewPane",
    "accept_navigation",
    "content_security_policy",
    "library_media",
    "preview_media",
    "register_schemes",
    "resolve_library_file",
    "response_headers",
    "webengine_available",
]

SCHEME = "blogdesk"
HOST = "library"
PAGE_NAME = "__blogdesk_preview__.html"
BACK_HREF = "index.html"  # the back link's href in the page (render_post_page's root_url)
MARKER = "<!--b-->"
MAX_FILE_BYTES = 64 * 2**20  # larger "images" are not served
REMOTE_SCHEMES = {"http", "https", "ftp", "ws", "wss"}
EXTERNAL_LINK_SCHEMES = {"http", "https", "mailto"}
# What the scheme handler serves from the library, by suffix: images and media only. Never a
# page (HTML, XHTML), a script, a stylesheet or a plugin's file. An SVG is an image in <img>
# (where it runs nothing); if anything ever opened it as a document, the policy header that
# every answer carries stops its scripts.
MEDIA_TYPES = {
    ".png": "image/png",
    ".apng": "image/apng",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".jpe": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".bmp": "image/bmp",
    ".ico": "image/x-icon",
    ".svg": "image/svg+xml",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".ogv": "video/ogg",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
    ".flac": "audio/flac",
}

_registered = False


# -- QtWebEngine availability and the scheme ------------------------------------------------------


def webengine_available() -> bool:
    """True when QtWebEngine can be imported (and BLOGDESK_NO_WEBENGINE is not set)."""
    if os.environ.get("BLOGDESK_NO_WEBENGINE"):
        return False
    try:
        import PySide6.QtWebEngineCore
        import PySide6.QtWebEngineWidgets  # noqa: F401
    except ImportError:
        return False
    return True


def register_schemes() -> None:
    """Register the ``blogdesk:`` URL scheme with QtWebEngine.

    Qt requires this before the QApplication is created; the app calls it first thing. Calling
    it again, or without QtWebEngine, does nothing.
    """
    global _registered
    if _registered or not webengine_available():
        return
    from PySide6.QtWebEngineCore import QWebEngineUrlScheme

    if QWebEngineUrlScheme.schemeByName(SCHEME.encode()).name():
        _registered = True
        return
    scheme = QWebEngineUrlScheme(SCHEME.encode())
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    # Secure: no mixed-content downgrades. Not "local": a local scheme's page may not load its
    # own images while LocalContentCanAccessFileUrls is off, and that setting must stay off.
    # No CSP bypass flag: the page's policy applies.
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme)
    QWebEngineUrlScheme.registerScheme(scheme)
    _registered = True


def content_security_policy(remote: bool) -> str:
    """The page's policy: no script at all, images and styles only from the page's own scheme."""
    images = f"{SCHEME}: data:" + (" https: http:" if remote else "")
    return (
        "default-src 'none'; "
        f"img-src {images}; "
        f"style-src 'unsafe-inline' {SCHEME}:; "
        f"font-src {SCHEME}: data:; "
        "script-src 'none'; object-src 'none'; frame-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def with_policy(page: str, remote: bool) -> str:
    """The page with the Content-Security-Policy meta tag as the first thing in its head."""
    meta = (
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(remote)}">'
    )
    match = re.search(r"<head[^>]*>", page, re.IGNORECASE)
    if match:
        return page[: match.end()] + meta + page[match.end() :]
    return f"<!DOCTYPE html><html><head>{meta}</head><body>{page}</body></html>"


def response_headers(remote: bool, page: bool = True) -> dict[bytes, bytes]:
    """The headers of every answer of the scheme handler: the page's policy, and no sniffing
    (a file is only ever what its type says). A library file (``page=False``) is also
    sandboxed: were an SVG ever opened as a document, it would have no script and no origin."""
    policy = content_security_policy(remote) + ("" if page else "; sandbox")
    return {
        b"Content-Security-Policy": policy.encode(),
        b"X-Content-Type-Options": b"nosniff",
    }


def library_media(root: Path | None, url_path: str) -> tuple[Path, str] | None:
    """The library file a ``blogdesk:`` URL path names and the type it is served as, or None.

    None for anything outside the library (:func:`resolve_library_file`), a file named like
    the preview page, a type that is not an image or media (:data:`MEDIA_TYPES`), and a file
    larger than :data:`MAX_FILE_BYTES`.
    """
    target = resolve_library_file(root, url_path)
    if target is None or target.name.lower() == PAGE_NAME.lower():
        return None
    media_type = MEDIA_TYPES.get(target.suffix.lower())
    if media_type is None:
        return None
    try:
        if target.stat().st_size > MAX_FILE_BYTES:
            return None
    except OSError:
        return None
    return target, media_type


def preview_media(root: Path | None, url_path: str, site_folders: Sequence[Path] = (),
                  base: str = "") -> tuple[Path, str] | None:
    """What a ``blogdesk:`` URL path of the page serves: the file a site-absolute path names in
    the site's static folders, else a library file (:func:`library_media`).

    ``![x](/images/a.png)`` in a Hugo post is ``static/images/a.png`` (see
    :mod:`blogdesk.core.sites.static`), even when the library (the site's root) has an
    ``images/a.png`` of its own: the site's folders are looked in first, under the same rules
    (inside that folder after resolving symlinks, images and media only, regular files, a size
    limit), then the library. A path relative to a post resolves below the post's folder, which
    a static folder does not mirror. ``base`` is the site's base path ("/blog"), which a path
    may start with.
    """
    paths = [url_path]
    if base and url_path.startswith(base + "/"):
        paths.append(url_path[len(base):])
    for folder in site_folders:
        for path in paths:
            media = library_media(folder, path)
            if media is not None:
                return media
    return library_media(root, url_path)


def resolve_library_file(root: Path | None, url_path: str) -> Path | None:
    """The file inside root that a ``blogdesk:`` URL path names, or None when it is outside.

    ``..`` segments and absolute paths are refused outright; symlinks are resolved and the
    target must still be inside the (resolved) root.
    """
    if root is None or not url_path or "\x00" in url_path:
        return None
    parts = [p for p in url_path.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts) or re.match(r"^[A-Za-z]:$", parts[0]):
        return None
    if url_path.startswith("//"):
        return None  # "//etc/passwd" is an absolute path that lost its host
    try:
        real_root = root.resolve(strict=True)
        target = real_root.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not target.is_relative_to(real_root) or not target.is_file():
        return None
    return target


def address_of(url: QUrl) -> str:
    """The URL without its fragment, fully encoded: what names a document."""
    return url.toString(QUrl.ComponentFormattingOption.FullyEncoded).split("#", 1)[0]


def accept_navigation(load: bool, clicked: bool, main_frame: bool, own_page: bool) -> bool:
    """Whether the view may navigate: only blogdesk's own load of the page it made.

    ``load`` is a navigation the app started (QtWebEngine's "typed"), ``clicked`` one a link in
    the page started, ``own_page`` whether the URL is the one blogdesk loaded last. A click is
    never accepted, even to that URL: jumps to a heading or a footnote on the page are
    same-document navigations, which never ask.
    """
    return load and not clicked and main_frame and own_page


# -- what the pane shows --------------------------------------------------------------------------


@dataclass
class PageUpdate:
    """A rendered state of the page, as the scheduler hands it to the pane.

    ``splice`` replaces ``blocks[start:start + delete]`` of the previous update with new blocks
    (``reset`` means there is no previous update: start from an empty list). ``frame`` is the
    page around the body, ``(before, after)``, or None when it did not change. ``lines`` gives
    each block's first body line (0-based), for scroll sync.
    """

    generation: int
    splice: tuple[int, int, list[str]] | None = None
    frame: tuple[str, str] | None = None
    lines: list[int] | None = None
    total_lines: int = 0
    reset: bool = False
    same_post: bool = True


@dataclass
class _Model:
    before: str = ""
    after: str = ""
    blocks: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    total_lines: int = 0

    def body(self) -> str:
        return "".join(MARKER + block for block in self.blocks)

    def page(self) -> str:
        return self.before + self.body() + self.after


def _split_head(before: str) -> tuple[str, str]:
    """(everything up to and including the <body> tag, the rest)."""
    match = re.search(r"<body\b[^>]*>", before, re.IGNORECASE)
    if not match:
        return before, ""
    return before[: match.end()], before[match.end() :]


_INVISIBLE_HEAD = re.compile(
    r"<title>.*?</title>|<meta\b[^>]*>|<script type=\"application/ld\+json\">.*?</script>"
    r"|<link rel=\"(?:canonical|alternate)\"[^>]*>",
    re.DOTALL,
)


def _visible_head(head: str) -> str:
    """The parts of the head that change what is drawn (styles, html and body attributes)."""
    return _INVISIBLE_HEAD.sub("", head)


def _title_of(head: str) -> str:
    match = re.search(r"<title>(.*?)</title>", head, re.DOTALL)
    if not match:
        return ""
    import html

    return html.unescape(match.group(1))


def _diff(old: Sequence[str], new: Sequence[str]) -> tuple[int, int, list[str]] | None:
    """The one splice turning old into new (common prefix and suffix kept), or None if equal."""
    n_old, n_new = len(old), len(new)
    start = 0
    limit = min(n_old, n_new)
    while start < limit and (old[start] is new[start] or old[start] == new[start]):
        start += 1
    if start == n_old == n_new:
        return None
    end_old, end_new = n_old, n_new
    while (
        end_old > start
        and end_new > start
        and (old[end_old - 1] is new[end_new - 1] or old[end_old - 1] == new[end_new - 1])
    ):
        end_old -= 1
        end_new -= 1
    return start, end_old - start, list(new[start:end_new])


# The helper that patches and scrolls the page; it lives in Qt's ApplicationWorld, so it runs
# even though JavaScript is off for the page, and the page's own (blocked) scripts can't see it.
_HELPER_JS = r"""
var blogdesk = {
  marks: function () {
    var body = document.getElementById('post-body'), out = [];
    if (!body) return out;
    for (var n = body.firstChild; n; n = n.nextSibling)
      if (n.nodeType === 8 && n.data === 'b') out.push(n);
    return out;
  },
  patch: function (start, del, html, expected) {
    var body = document.getElementById('post-body');
    if (!body) return -1;
    var marks = blogdesk.marks();
    if (marks.length !== expected) return -1;
    var from = start < marks.length ? marks[start] : null;
    var to = start + del < marks.length ? marks[start + del] : null;
    if (from) {
      var n = from;
      while (n && n !== to) { var next = n.nextSibling; body.removeChild(n); n = next; }
    }
    var t = document.createElement('template');
    t.innerHTML = html;
    body.insertBefore(t.content, to);
    return blogdesk.marks().length;
  },
  frame: function (bodyHtml, title) {
    // answers are numbers: PySide mishandles the refcount of JavaScript booleans
    var body = document.getElementById('post-body');
    if (!body) return 0;
    var t = document.createElement('template');
    t.innerHTML = bodyHtml;
    var holder = t.content.getElementById('post-body');
    if (!holder) return 0;
    holder.replaceWith(body);
    document.body.replaceChildren(t.content);
    document.title = title;
    return 1;
  },
  scrollToBlock: function (index, fraction, force) {
    var marks = blogdesk.marks();
    if (!marks.length) return;
    index = Math.max(0, Math.min(index, marks.length - 1));
    var top = blogdesk.top(marks[index]);
    var bottom = index + 1 < marks.length ? blogdesk.top(marks[index + 1]) : top;
    var y = top + (bottom - top) * fraction;
    var view = window.innerHeight;
    var seen = y - window.scrollY;
    if (!force && seen > view * 0.2 && seen < view * 0.8) return;
    window.scrollTo(0, Math.max(0, y - view / 3));
  },
  top: function (mark) {
    for (var n = mark.nextSibling; n; n = n.nextSibling)
      if (n.nodeType === 1) return n.getBoundingClientRect().top + window.scrollY;
    var body = document.getElementById('post-body');
    return body.getBoundingClientRect().bottom + window.scrollY;
  },
  theme: function (dark) {
    var c = document.documentElement.classList;
    c.toggle('theme-dark', dark);
    c.toggle('theme-light', !dark);
  }
};
"""


class _Backend(QObject):
    """What draws the page: QtWebEngine or QTextBrowser."""

    loaded = Signal(bool)
    site_folders: tuple[Path, ...] = ()
    site_base = ""

    def widget(self) -> QWidget:
        raise NotImplementedError

    def load(self, page: str, base: QUrl, remote: bool) -> None:
        raise NotImplementedError

    def can_patch(self) -> bool:
        return False

    def run(self, script: str, callback: Any = None) -> None:
        pass

    def set_root(self, root: Path | None) -> None:
        pass

    def set_site(self, folders: tuple[Path, ...], base: str) -> None:
        """The site's static folders and base path: where site-absolute paths are served from."""
        self.site_folders, self.site_base = folders, base

    def set_remote(self, allowed: bool) -> None:
        pass

    def scroll_y(self) -> float:
        return 0.0

    def restore_scroll(self, y: float) -> None:
        pass

    def to_html(self, callback: Any) -> None:
        raise NotImplementedError


class PreviewPane(QWidget):
    """Shows the post's page; see the module docstring."""

    linkClicked = Signal(QUrl)
    postLinkClicked = Signal(Path)
    backClicked = Signal()  # the page's "← Back to blog": the app shows the library
    pageShown = Signal(int)
    renderSettingsChanged = Signal()  # theme or remote content changed: render again

    def __init__(self, parent: QWidget | None = None, *, use_webengine: bool | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPane")
        self._root: Path | None = None
        self._post_dir: Path | None = None
        self._dark = False
        self._remote = False
        self._model = _Model()
        self._dom: _Model | None = None  # what the page shows now (None: nothing loaded)
        self._busy = False  # a load or a patch is on its way
        self._wanted_generation = -1
        self._shown_generation = -1
        self._reload_needed = False
        self._keep_scroll = False
        self._pending_scroll: tuple[int, float, bool] | None = None
        self._load_count = 0
        self._page_address = ""  # the URL of the page blogdesk loaded last (no fragment)
        self.notice = QLabel("", self)
        self.notice.setObjectName("previewNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "#previewNotice { background: #fff4d6; color: #5c4400; padding: 6px 10px;"
            " border-bottom: 1px solid #e8d08a; }"
        )
        self.notice.hide()
        if use_webengine is None:
            use_webengine = webengine_available()
        self._backend: _Backend = (
            _WebEngineBackend(self) if use_webengine else _BrowserBackend(self)
        )
        self._backend.loaded.connect(self._load_finished)
        page = self._backend.widget()
        page.setAccessibleName(self.tr("Post page"))
        page.setAccessibleDescription(self.tr("The post as its readers will see it (read-only)"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.notice)
        layout.addWidget(self._backend.widget(), 1)

    # -- the contract ---------------------------------------------------------------------------
    def uses_webengine(self) -> bool:
        """True when QtWebEngine draws the page (False: the QTextBrowser fallback)."""
        return isinstance(self._backend, _WebEngineBackend)

    def set_library_root(self, root: Path) -> None:
        """Local files (images) are served from inside this folder only."""
        self._root = Path(root) if root else None
        self._backend.set_root(self._root)

    def set_site(self, site: Site | None) -> None:
        """The library's site: a site-absolute image (``/images/a.png``) not in the library is
        served from the site's static folders (Hugo ``static/``, Jekyll's root...)."""
        from blogdesk.core.sites.static import base_path, static_folders

        folders = static_folders(site) if site is not None else ()
        base = base_path(site) if site is not None else ""
        if (folders, base) != (self._backend.site_folders, self._backend.site_base):
            self._backend.set_site(folders, base)
            self._reload_needed = True  # images already refused load on the next page

    def set_post_dir(self, post_dir: Path | None) -> None:
        """The folder of the post shown: relative links and images resolve from here."""
        if post_dir != self._post_dir:
            self._post_dir = post_dir
            self._reload_needed = True

    def set_theme(self, dark: bool) -> None:
        """Dark or light page colours; switched in place, and used by the next renders."""
        if dark == self._dark:
            return
        self._dark = dark
        if self._backend.can_patch() and self._dom is not None:
            self._backend.run(f"blogdesk.theme({'true' if dark else 'false'})")
        self.renderSettingsChanged.emit()

    def is_dark(self) -> bool:
        """Whether the page is drawn with the dark colours."""
        return self._dark

    def set_remote_content(self, allowed: bool) -> None:
        """Allow or block images and other loads from the network (blocked by default)."""
        if allowed == self._remote:
            return
        self._remote = allowed
        self._backend.set_remote(allowed)
        self._reload_needed = True
        self.renderSettingsChanged.emit()

    def remote_content_allowed(self) -> bool:
        """Whether remote loads are allowed."""
        return self._remote

    def scroll_to_source_line(self, line: int) -> None:
        """Bring the part of the page made from this body line (0-based) into view."""
        self._scroll_to(line, force=False)

    def shown_generation(self) -> int:
        """The generation of the text the page shows now (-1: none yet)."""
        return self._shown_generation

    # -- notices --------------------------------------------------------------------------------
    def show_notice(self, text: str) -> None:
        """A one-line message above the page (the page stays as it was)."""
        self.notice.setText(text)
        self.notice.show()

    def clear_notice(self) -> None:
        """Hide the message."""
        self.notice.hide()

    # -- updates from the scheduler ---------------------------------------------------------------
    def apply(self, update: PageUpdate) -> None:
        """Take a rendered state; the page catches up with the newest one as soon as it can."""
        model = self._model
        if update.reset:
            model.blocks = []
        if update.splice is not None:
            start, delete, new = update.splice
            model.blocks = model.blocks[:start] + list(new) + model.blocks[start + delete :]
        if update.frame is not None:
            model.before, model.after = update.frame
        if update.lines is not None:
            model.lines = list(update.lines)
        model.total_lines = update.total_lines or model.total_lines
        if not update.same_post:
            self._reload_needed = True
            self._keep_scroll = False
        self._wanted_generation = update.generation
        self._sync()

    def reload(self) -> None:
        """Load the whole page again (after a theme or policy change, or a failed patch)."""
        self._reload_needed = True
        self._keep_scroll = True
        self._sync()

    def _sync(self) -> None:
        if self._busy or self._wanted_generation < 0 or not self._model.before:
            return
        generation = self._wanted_generation
        if self._dom is None or self._reload_needed or not self._backend.can_patch():
            self._full_load()
            return
        dom, model = self._dom, self._model
        if dom.before != model.before or dom.after != model.after:
            head_old, _rest = _split_head(dom.before)
            head_new, _rest = _split_head(model.before)
            if _visible_head(head_old) != _visible_head(head_new):
                self._keep_scroll = True
                self._full_load()
                return
            self._patch_frame(generation)
            return
        splice = _diff(dom.blocks, model.blocks)
        if splice is None:
            self._shown(generation)
            return
        self._patch_blocks(generation, splice)

    def _snapshot(self) -> _Model:
        m = self._model
        return _Model(m.before, m.after, list(m.blocks), list(m.lines), m.total_lines)

    def _full_load(self) -> None:
        self._busy = True
        self._reload_needed = False
        if not self._keep_scroll:
            self._pending_scroll = None
        self._loading = (self._snapshot(), self._wanted_generation, self._keep_scroll)
        self._scroll_before = self._backend.scroll_y() if self._keep_scroll else 0.0
        self._keep_scroll = True  # later loads of the same post keep the place
        self._load_count += 1
        page = with_policy(self._loading[0].page(), self._remote)
        address = self._page_url()
        self._page_address = address_of(address)
        self._backend.load(page, address, self._remote)

    def _page_url(self) -> QUrl:
        relative = ""
        if self._root is not None and self._post_dir is not None:
            try:
                relative = self._post_dir.resolve().relative_to(self._root.resolve()).as_posix()
            except (OSError, ValueError):
                relative = ""
        path = "/" + (relative + "/" if relative and relative != "." else "") + PAGE_NAME
        url = QUrl()
        url.setScheme(SCHEME)
        url.setHost(HOST)
        url.setPath(path)
        url.setQuery(f"load={self._load_count}")
        return url

    def _load_finished(self, ok: bool) -> None:
        snapshot, generation, keep = self._loading
        self._busy = False
        self._dom = snapshot
        if keep:
            self._backend.restore_scroll(self._scroll_before)
        if self._pending_scroll is not None:
            line, fraction, force = self._pending_scroll
            self._pending_scroll = None
            self._run_scroll(line, fraction, force)
        self._shown(generation)
        self._sync()

    def _patch_blocks(self, generation: int, splice: tuple[int, int, list[str]]) -> None:
        start, delete, new = splice
        html = "".join(MARKER + block for block in new)
        expected = len(self._dom.blocks) if self._dom else 0
        snapshot = self._snapshot()
        script = f"blogdesk.patch({start}, {delete}, {json.dumps(html)}, {expected})"
        self._busy = True
        self._backend.run(script, lambda result: self._patched(result, snapshot, generation))

    def _patch_frame(self, generation: int) -> None:
        head, rest = _split_head(self._model.before)
        body_html = rest + self._model.after.split("</body>")[0]
        snapshot = _Model(
            self._model.before, self._model.after, list(self._dom.blocks) if self._dom else []
        )
        script = f"blogdesk.frame({json.dumps(body_html)}, {json.dumps(_title_of(head))})"
        self._busy = True

        def done(result: object) -> None:
            self._busy = False
            if result != 1:
                self.reload()
                return
            assert self._dom is not None
            self._dom.before, self._dom.after = snapshot.before, snapshot.after
            self._sync()

        self._backend.run(script, done)

    def _patched(self, result: object, snapshot: _Model, generation: int) -> None:
        self._busy = False
        if not isinstance(result, (int, float)) or int(result) != len(snapshot.blocks):
            # the page is not what we think it is (a reload raced the patch): load it whole
            self.reload()
            return
        assert self._dom is not None
        self._dom.blocks = snapshot.blocks
        self._dom.lines = snapshot.lines
        self._shown(generation)
        self._sync()

    def _shown(self, generation: int) -> None:
        if generation > self._shown_generation:
            self._shown_generation = generation
            self.pageShown.emit(generation)

    # -- scrolling ------------------------------------------------------------------------------
    def _scroll_to(self, line: int, *, force: bool) -> None:
        lines = (self._dom or self._model).lines
        if not lines:
            total = max(1, self._model.total_lines)
            index, fraction = 0, min(1.0, max(0.0, line / total))
            if self._backend.can_patch() and self._dom is not None:
                self._backend.run(
                    "window.scrollTo(0, (document.documentElement.scrollHeight"
                    f" - window.innerHeight) * {fraction})"
                )
            return
        index = max(0, bisect.bisect_right(lines, line) - 1)
        if index + 1 < len(lines):
            span = max(1, lines[index + 1] - lines[index])
            fraction = min(1.0, max(0.0, (line - lines[index]) / span))
        else:
            fraction = 0.0
        if self._busy or self._dom is None:
            self._pending_scroll = (index, fraction, force)
            return
        self._run_scroll(index, fraction, force)

    def _run_scroll(self, index: int, fraction: float, force: bool) -> None:
        if self._backend.can_patch():
            flag = "true" if force else "false"
            self._backend.run(f"blogdesk.scrollToBlock({index}, {fraction:.4f}, {flag})")
        elif isinstance(self._backend, _BrowserBackend):
            self._backend.scroll_to_fraction(index / max(1, len(self._model.blocks)))

    # -- links ----------------------------------------------------------------------------------
    def handle_link(self, url: QUrl) -> None:
        """A clicked link: http/https/mailto go to the app, a library post opens, the rest is
        refused. The preview itself never navigates."""
        scheme = url.scheme().lower()
        if scheme in EXTERNAL_LINK_SCHEMES:
            self.linkClicked.emit(url)
            return
        if scheme == SCHEME and url.host() == HOST:
            if self.is_back_link(url):
                self.backClicked.emit()
                return
            path = url.path(QUrl.ComponentFormattingOption.FullyDecoded)
            target = resolve_library_file(self._root, path)
            if target is not None and target.suffix.lower() in POST_SUFFIXES:
                self.postLinkClicked.emit(target)

    def is_back_link(self, url: QUrl) -> bool:
        """True for the page's "← Back to blog" link: the template's ``index.html`` beside the
        page (the exported site's index); an app action here, never a navigation."""
        if not self._page_address:
            return False
        index = QUrl(self._page_address).resolved(QUrl(BACK_HREF))
        return address_of(url) == address_of(index)

    def is_own_page(self, url: QUrl) -> bool:
        """True for the exact URL of the page blogdesk loaded last (with any fragment): not a
        page of that name elsewhere, not an earlier load of it."""
        return bool(self._page_address) and address_of(url) == self._page_address

    def to_html(self, callback: Any) -> None:
        """Calls back with the HTML of the page as shown (for tests)."""
        self._backend.to_html(callback)

    def run_script(self, script: str, callback: Any = None) -> None:
        """Runs JavaScript in blogdesk's isolated world of the page (for tests and the reader)."""
        self._backend.run(script, callback)

    def web_view(self) -> QWidget:
        """The widget that draws the page."""
        return self._backend.widget()


# -- QtWebEngine -------------------------------------------------------------------------------


def _make_webengine_classes() -> dict[str, type]:
    """The QtWebEngine subclasses, defined on first use so that importing this module is cheap."""
    from PySide6.QtCore import QBuffer, QFile, QIODevice
    from PySide6.QtWebEngineCore import (
        QWebEnginePage,
        QWebEngineUrlRequestInterceptor,
        QWebEngineUrlRequestJob,
        QWebEngineUrlSchemeHandler,
    )
    from PySide6.QtWebEngineWidgets import QWebEngineView

    class SchemeHandler(QWebEngineUrlSchemeHandler):
        """Serves the page from memory, and images and media from inside the library only."""

        def __init__(self, parent: QObject) -> None:
            super().__init__(parent)
            self.root: Path | None = None
            self.site_folders: tuple[Path, ...] = ()  # where "/images/a.png" may be too
            self.site_base = ""
            self.page_url = ""  # the address of the page in memory (no fragment)
            self.page = b""
            self.remote = False
            self.served: list[str] = []
            self.refused: list[str] = []

        def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
            url = job.requestUrl()
            path = url.path(QUrl.ComponentFormattingOption.FullyDecoded)
            page = bool(self.page_url) and address_of(url) == self.page_url
            # a QMultiMap: PySide wants a list of values per name (a bare QByteArray is taken
            # for a list of one-letter values; the stubs do not say so)
            headers = {
                QByteArray(k): [QByteArray(v)]
                for k, v in response_headers(self.remote, page).items()
            }
            job.setAdditionalResponseHeaders(headers)  # type: ignore[arg-type]
            if page:
                buffer = QBuffer(job)
                buffer.setData(QByteArray(self.page))
                buffer.open(QIODevice.OpenModeFlag.ReadOnly)
                job.reply(b"text/html;charset=utf-8", buffer)
                return
            media = preview_media(self.root, path, self.site_folders, self.site_base) \
                if url.host() == HOST else None
            if media is None:
                self.refused.append(path)
                job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
                return
            target, mime = media
            file = QFile(str(target), job)
            if not file.open(QIODevice.OpenModeFlag.ReadOnly):
                job.fail(QWebEngineUrlRequestJob.Error.RequestFailed)
                return
            self.served.append(path)
            job.reply(mime.encode(), file)

    class Interceptor(QWebEngineUrlRequestInterceptor):
        """Blocks every request that would leave the machine, unless remote content is on."""

        def __init__(self, parent: QObject) -> None:
            super().__init__(parent)
            self.remote_allowed = False
            self.blocked: list[str] = []
            self.allowed_remote: list[str] = []

        def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
            url = info.requestUrl()
            scheme = url.scheme().lower()
            if scheme in (SCHEME, "data"):
                return
            if scheme in REMOTE_SCHEMES and self.remote_allowed:
                self.allowed_remote.append(url.toString())
                return
            self.blocked.append(url.toString())
            info.block(True)

    class Page(QWebEnginePage):
        """A page that never navigates away and never opens windows."""

        def __init__(self, profile: Any, pane: PreviewPane) -> None:
            super().__init__(profile, pane)
            self._pane = pane
            self.refused_navigations: list[str] = []

        def acceptNavigationRequest(
            self, url: QUrl | str, kind: QWebEnginePage.NavigationType, is_main_frame: bool
        ) -> bool:
            url = QUrl(url)
            kinds = QWebEnginePage.NavigationType
            if accept_navigation(
                kind == kinds.NavigationTypeTyped,
                kind == kinds.NavigationTypeLinkClicked,
                is_main_frame,
                self._pane.is_own_page(url),
            ):
                return True
            if kind == kinds.NavigationTypeLinkClicked and is_main_frame:
                clicked = QUrl(url)
                QTimer.singleShot(0, self._pane, lambda: self._pane.handle_link(clicked))
            self.refused_navigations.append(url.toString())
            return False

        def createWindow(self, _kind: QWebEnginePage.WebWindowType) -> None:  # type: ignore[override]
            return None

    class View(QWebEngineView):
        """The view with a short context menu: no reload, no source, no new windows."""

        def contextMenuEvent(self, event: QContextMenuEvent) -> None:
            self.build_menu().popup(event.globalPos())

        def build_menu(self) -> QMenu:
            """Copy, Copy Link (on a link) and Select All: nothing that navigates or reloads."""
            page = self.page()
            menu = QMenu(self)
            request = self.lastContextMenuRequest()
            actions = [QWebEnginePage.WebAction.Copy]
            if request is not None and not request.linkUrl().isEmpty():
                actions.append(QWebEnginePage.WebAction.CopyLinkToClipboard)
            actions.append(QWebEnginePage.WebAction.SelectAll)
            for action in actions:
                menu.addAction(page.action(action))
            return menu

    return {
        "SchemeHandler": SchemeHandler,
        "Interceptor": Interceptor,
        "Page": Page,
        "View": View,
    }


_classes: dict[str, type] = {}
_live_backends: weakref.WeakSet[_WebEngineBackend] = weakref.WeakSet()
_release_hooked = False


def release_pages(later: bool = False) -> None:
    """Delete every preview page before its profile and before the QApplication goes.

    ``later`` (as the app quits, while the event loop still has a last pass to make): the page
    may still have signals on their way, so it is deleted after them, by that last pass.

    QtWebEngine crashes at exit when a profile is released while a page still uses it, which is
    what happens when the interpreter tears objects down in its own order.
    """
    for backend in list(_live_backends):
        backend.release(later)


def _hook_release() -> None:
    global _release_hooked
    if _release_hooked:
        return
    _release_hooked = True
    atexit.register(release_pages)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(lambda: release_pages(later=True))


class _WebEngineBackend(_Backend):
    def __init__(self, pane: PreviewPane) -> None:
        # Parented to the pane only at the end: Qt deletes children in order, and the page must
        # go before the profile (the backend owns the profile).
        super().__init__(None)
        register_schemes()
        from PySide6.QtWebEngineCore import (
            QWebEngineProfile,
            QWebEngineScript,
            QWebEngineSettings,
        )

        if not _classes:
            _classes.update(_make_webengine_classes())
        self._pane = pane
        self._world = QWebEngineScript.ScriptWorldId.ApplicationWorld
        self.profile = QWebEngineProfile(self)  # no name: off the record, nothing on disk
        self.profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.NoCache)
        self.profile.setPersistentCookiesPolicy(
            QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
        )
        self.handler = _classes["SchemeHandler"](self)
        self.profile.installUrlSchemeHandler(SCHEME.encode(), self.handler)
        self.interceptor = _classes["Interceptor"](self)
        self.profile.setUrlRequestInterceptor(self.interceptor)
        self.page = _classes["Page"](self.profile, pane)
        self.view = _classes["View"](pane)
        self.view.setPage(self.page)
        self.view.setAcceptDrops(False)
        self.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        settings = self.page.settings()
        attr = QWebEngineSettings.WebAttribute
        for name, value in {
            "JavascriptEnabled": False,  # the page's own scripts: never
            "JavascriptCanOpenWindows": False,
            "JavascriptCanAccessClipboard": False,
            "JavascriptCanPaste": False,
            "LocalStorageEnabled": False,
            "PluginsEnabled": False,
            "PdfViewerEnabled": False,
            "NavigateOnDropEnabled": False,
            "WebGLEnabled": False,
            "ScreenCaptureEnabled": False,
            "DnsPrefetchEnabled": False,
            "HyperlinkAuditingEnabled": False,
            "AllowRunningInsecureContent": False,
            "LocalContentCanAccessFileUrls": False,
            "LocalContentCanAccessRemoteUrls": False,
            "FocusOnNavigationEnabled": False,  # a reload must not take the editor's focus
            "ErrorPageEnabled": False,
            "AutoLoadIconsForPage": False,
        }.items():
            if hasattr(attr, name):
                settings.setAttribute(getattr(attr, name), value)
        # A user's click on a mailto: link must reach acceptNavigationRequest (which refuses it
        # and hands it to the app); with "disallow" QtWebEngine drops it before. The page's own
        # navigations to other schemes (none can run: no script, no refresh) stay dropped.
        settings.setUnknownUrlSchemePolicy(
            QWebEngineSettings.UnknownUrlSchemePolicy.AllowUnknownUrlSchemesFromUserInteraction
        )
        script = QWebEngineScript()
        script.setName("blogdesk-helper")
        script.setSourceCode(_HELPER_JS)
        script.setWorldId(self._world)
        script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
        script.setRunsOnSubFrames(False)
        self.page.scripts().insert(script)
        self.page.loadFinished.connect(self.loaded)
        self._scroll = 0.0
        self.page.scrollPositionChanged.connect(self._scrolled)
        self._attr = attr
        self.setParent(pane)
        _live_backends.add(self)
        _hook_release()

    def release(self, later: bool = False) -> None:
        """Delete the page, then the profile (the order QtWebEngine needs)."""
        import shiboken6

        _live_backends.discard(self)
        for obj in (self.page, self.profile):
            if not shiboken6.isValid(obj):
                continue
            if later:  # deferred deletes run in the order they were asked: page, then profile
                obj.deleteLater()
            else:
                shiboken6.delete(obj)

    def widget(self) -> QWidget:
        return self.view

    def can_patch(self) -> bool:
        return True

    def set_root(self, root: Path | None) -> None:
        self.handler.root = root

    def set_site(self, folders: tuple[Path, ...], base: str) -> None:
        super().set_site(folders, base)
        self.handler.site_folders, self.handler.site_base = folders, base
        self.profile.clearHttpCache()  # "/images/a.png" may name another file now

    def set_remote(self, allowed: bool) -> None:
        self.interceptor.remote_allowed = allowed
        self.handler.remote = allowed
        self.page.settings().setAttribute(self._attr.LocalContentCanAccessRemoteUrls, allowed)

    def load(self, page: str, base: QUrl, remote: bool) -> None:
        self.handler.page_url = address_of(base)
        self.handler.page = page.encode("utf-8")
        self.handler.remote = remote
        self.page.load(base)

    def run(self, script: str, callback: Any = None) -> None:
        if callback is None:
            self.page.runJavaScript(script, self._world)
        else:
            self.page.runJavaScript(script, self._world, callback)

    def _scrolled(self, position: Any) -> None:
        self._scroll = position.y()

    def scroll_y(self) -> float:
        return self._scroll

    def restore_scroll(self, y: float) -> None:
        if y > 0:
            self.run(f"window.scrollTo(0, {y:.1f})")

    def to_html(self, callback: Any) -> None:
        self.page.toHtml(callback)


# -- QTextBrowser fallback ----------------------------------------------------------------------

_FALLBACK_CSS = """
body { font-family: Georgia, "DejaVu Serif", serif; font-size: 17px; color: #1f2933; }
h1, h2, h3, h4 { font-family: "DejaVu Sans", sans-serif; color: #102a43; }
.post-meta, .byline-role, .post-tags, .back-link { color: #627d98; font-size: 14px; }
.post-lede { font-size: 19px; color: #334e68; }
pre, code { font-family: "DejaVu Sans Mono", monospace; font-size: 14px; background: #f3efe8; }
blockquote { color: #486581; margin-left: 16px; }
a { color: #1d5fbf; }
.avatar { font-weight: bold; color: #0b5563; }
.bd-tag, .bd-tag-label, .bd-tag-params, .bd-tag-url { font-family: "DejaVu Sans Mono", monospace;
  font-size: 14px; background-color: #f5f2ec; color: #38434f; }
.bd-tag-params, .bd-tag-url { color: #5a626d; }
.bd-tag-error, .bd-tag-missing { background-color: #fdf1e7; color: #9a3f0c; }
"""

_FALLBACK_CSS_DARK = """
body { font-family: Georgia, "DejaVu Serif", serif; font-size: 17px; color: #e6eaee; }
h1, h2, h3, h4 { font-family: "DejaVu Sans", sans-serif; color: #f0f4f8; }
.post-meta, .byline-role, .post-tags, .back-link { color: #9fb3c8; font-size: 14px; }
.post-lede { font-size: 19px; color: #d9e2ec; }
pre, code { font-family: "DejaVu Sans Mono", monospace; font-size: 14px; background: #2a2f36; }
blockquote { color: #bcccdc; margin-left: 16px; }
a { color: #8ab4f8; }
.avatar { font-weight: bold; color: #7fd4e0; }
.bd-tag, .bd-tag-label, .bd-tag-params, .bd-tag-url { font-family: "DejaVu Sans Mono", monospace;
  font-size: 14px; background-color: #252930; color: #d5d9df; }
.bd-tag-params, .bd-tag-url { color: #a7adb6; }
.bd-tag-error, .bd-tag-missing { background-color: #34271d; color: #f2a66f; }
"""


class _Browser(QTextBrowser):
    """QTextBrowser that loads local images from inside the library only, and nothing remote."""

    def __init__(self, backend: _BrowserBackend) -> None:
        super().__init__()
        self._backend = backend
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        url = QUrl(name)
        backend = self._backend
        url_path = url.path(QUrl.ComponentFormattingOption.FullyDecoded)
        if url.isRelative() and url_path.startswith("/"):  # site-absolute: the library, the site
            media = preview_media(backend.root, url_path, backend.site_folders, backend.site_base)
            return QByteArray(media[0].read_bytes()) if media is not None else None
        if url.isRelative() and self._backend.post_dir is not None and self._backend.root:
            path = self._backend.post_dir / url.path(QUrl.ComponentFormattingOption.FullyDecoded)
            try:
                relative = path.resolve().relative_to(self._backend.root.resolve())
            except (OSError, ValueError):
                return None
            media = library_media(self._backend.root, relative.as_posix())
            if media is not None:
                return QByteArray(media[0].read_bytes())
        return None  # nothing from the network, nothing outside the library, images only


class _BrowserBackend(_Backend):
    def __init__(self, pane: PreviewPane) -> None:
        super().__init__(pane)
        self._pane = pane
        self.root: Path | None = None
        self.post_dir: Path | None = None
        self.browser = _Browser(self)
        self.browser.setObjectName("previewBrowser")
        self.browser.anchorClicked.connect(self._clicked)
        self._html = ""

    def widget(self) -> QWidget:
        return self.browser

    def set_root(self, root: Path | None) -> None:
        self.root = root

    def load(self, page: str, base: QUrl, remote: bool) -> None:
        self.post_dir = self._pane._post_dir
        simplified = re.sub(r"<style\b.*?</style>|<script\b.*?</script>", "", page, flags=re.S)
        simplified = re.sub(r"<meta http-equiv[^>]*>", "", simplified)
        css = _FALLBACK_CSS_DARK if self._pane.is_dark() else _FALLBACK_CSS
        self.browser.document().setDefaultStyleSheet(css)
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.setHtml(simplified)
        bar.setValue(position)
        self._html = simplified
        QTimer.singleShot(0, self, lambda: self.loaded.emit(True))

    def scroll_y(self) -> float:
        return float(self.browser.verticalScrollBar().value())

    def restore_scroll(self, y: float) -> None:
        self.browser.verticalScrollBar().setValue(int(y))

    def scroll_to_fraction(self, fraction: float) -> None:
        bar = self.browser.verticalScrollBar()
        bar.setValue(int(bar.maximum() * fraction))

    def _clicked(self, url: QUrl) -> None:
        if url.isRelative() and not url.path() and url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())
            return
        if url.isRelative() and self.root is not None and self.post_dir is not None:
            path = self.post_dir / url.path(QUrl.ComponentFormattingOption.FullyDecoded)
            try:
                relative = path.resolve().relative_to(self.root.resolve()).as_posix()
            except (OSError, ValueError):
                return
            url = QUrl(f"{SCHEME}://{HOST}/{relative}")
        self._pane.handle_link(url)

    def to_html(self, callback: Any) -> None:
        QTimer.singleShot(0, self, lambda: callback(self.browser.toHtml()))
