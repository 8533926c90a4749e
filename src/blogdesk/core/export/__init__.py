"""The published page and the static site: one template set shared by the preview and the export.

- :func:`render_post_page` builds the ten-part post page (the preview shows exactly this page);
- :func:`export_post` writes one standalone page with the CSS inlined and its images beside it;
- :func:`export_site` writes the whole blog: index, one page per post and per tag, an Atom feed,
  the stylesheet and the local images, with relative links so it opens from the disk.

Safety: every template is autoescaped (``autoescape=True``, whatever the file name); the only
value marked safe is the body, which ``core/render.py`` sanitized; URLs from front matter pass
:func:`safe_url` (http, https, mailto or relative) or are dropped; JSON-LD goes through
``|tojson``.

Re-export: a record in the user's cache folder (``manifest.py``, never in the output folder)
keeps each post's source fingerprint and metadata, the hash of the inputs of every page written,
the related-post choices and each post's rendered body. An unchanged source is neither read nor
rendered again, and a page whose inputs did not change is not rewritten: after one post changed,
only its page, the index, the tag pages and related pages that show it, and the feed are written.

Untrusted folders: nothing is written, copied over or removed outside the output folder
(``output.py``); the record is checked, never trusted for content. Each post renders in a worker
process under a time limit (``workers.py``); a post that runs past it, is too long, or cannot be
read is left out and named in the :class:`ExportReport`, with the drafts and scheduled posts.

Beside this module: ``page.py`` (templates, theme CSS, the post page's values), ``entry.py``
(:class:`Entry`, what a page knows of a post), ``related.py`` (related posts), ``feed.py`` (the
Atom feed), ``manifest.py``, ``output.py`` and ``workers.py``.
"""

from __future__ import annotations

import contextlib
import hashlib
import html as html_lib
import json
import os
import re
import stat
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.parse import quote, unquote, urlsplit

from blogdesk.core import files
from blogdesk.core.export import output
from blogdesk.core.export.entry import (
    _ENTRY_FIELDS,
    Entry,
    _entry_json,
    _newest_first,
    _parse_iso,
    _safe_slug,
    _sha,
)
from blogdesk.core.export.feed import _write_feed
from blogdesk.core.export.manifest import (
    LEGACY_CACHE_DIR_NAME,
    LEGACY_RECORD_NAME,
    ExportRecord,
    body_stamp,
    read_body,
    write_body,
)
from blogdesk.core.export.page import (
    _URL_ATTR,
    _absolute,
    _card,
    _checked,
    _css,
    _entry_context,
    _env,
    _excerpt,
    _is_relative,
    _join_base,
    _Links,
    _site,
    page_context,
    render_post_page,
    resources_dir,
    safe_url,
    theme_css,
)
from blogdesk.core.export.related import _related_all, related_posts
from blogdesk.core.export.workers import TIMED_OUT, Failed, Pool, Shelf, cpu_count
from blogdesk.core.render import RenderOptions, render

if TYPE_CHECKING:
    import jinja2

    from blogdesk.core.config import Config
    from blogdesk.core.post import Post
    from blogdesk.core.render.contract import Flavour
    from blogdesk.core.sites.config import Site

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "ExportReport",
    "Omitted",
    "export_post",
    "export_site",
    "page_context",
    "read_post",
    "related_posts",
    "render_post_page",
    "resources_dir",
    "safe_url",
    "theme_css",
]

#: Seconds one post may take to read and render in a site export before it is left out.
DEFAULT_TIME_LIMIT = 10.0
#: A body longer than this (in characters, about 700k words) is not rendered: left out, named.
MAX_RENDER_CHARS = 4 * 2**20
#: Bump when render.py's output changes, so cached bodies are rendered again.
RENDER_VERSION = 2  # 2: excerpts with template tags done, drafts by folder
#: Below this many posts to render, a process pool costs more than it saves.
PARALLEL_MIN = 24
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')

Progress = Callable[[int, int, str], None]


# --- what a re-export must notice: templates, theme and libraries ------------------------------


#: The libraries that shape the output; an upgrade of any of them renders every post again.
_OUTPUT_LIBRARIES = ("markdown", "pygments", "jinja2", "nh3", "markupsafe")


@lru_cache(maxsize=1)
def _templates_hash() -> str:
    """Changes whenever a template, the theme or a library that shapes the output changes."""
    from blogdesk import __version__

    digest = hashlib.sha256()
    base = resources_dir()
    for folder in ("templates", "theme"):
        for path in sorted((base / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(base).as_posix().encode())
                digest.update(path.read_bytes())
    digest.update(str(__version__).encode())
    for name in _OUTPUT_LIBRARIES:
        digest.update(_library_stamp(name).encode())
    return digest.hexdigest()


def _library_stamp(name: str) -> str:
    """Where a library is installed and its entry file's size and time, found without importing
    it: a re-export with nothing to render never loads Markdown, Pygments or Jinja (about 30 ms
    of a command); installing another version rewrites the file, and so changes the stamp."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if not origin:
            return f"{name}:?"
        st = os.stat(origin)
    except (ImportError, ValueError, OSError):
        return f"{name}:?"
    return f"{name}:{origin}:{st.st_size}:{st.st_mtime_ns}"


def _css_inputs() -> str:
    """What the stylesheet is made of, as a hash, without making it (the code colours load
    Pygments' formatters and styles: about 20 ms of a re-export that writes no stylesheet):
    the theme and the Pygments installed (``_templates_hash``), and the code that puts them
    together (``theme_css`` in page.py, ``pygments_css`` in render)."""
    code = ("blogdesk.core.export.page", "blogdesk.core.render")
    return _sha("css|" + "|".join([_templates_hash(), *map(_library_stamp, code)]))


# --- local files a page refers to --------------------------------------------------------------


#: The site's static folders inside the library and its base path (:func:`_static_of`).
Static: TypeAlias = "tuple[tuple[Path, ...], str]"


def _local_target(src: str, post_dir: Path, root: Path, static: Static = ((), "")) -> Path | None:
    """The file a relative image URL points to, if it exists inside the library root.

    A site-absolute path (``/images/a.png``) is looked up as the preview does
    (``preview_media``): in the site's static folders first (``static``, from
    :func:`_static_of`; the site's base path may lead it), each look-up confined to its
    folder, then in the library.
    """
    if not src or not _is_relative(src):
        return None
    path_part = unquote(urlsplit(src).path)
    if not path_part:
        return None
    root_real = root.resolve()
    if not path_part.startswith("/"):
        return _file_inside(post_dir, path_part, root_real)
    folders, base = static
    paths = [path_part]
    if base and path_part.startswith(base + "/"):
        paths.append(path_part[len(base):])
    for folder in folders:
        for path in paths:
            found = _file_inside(folder, path.lstrip("/"), folder)
            if found is not None:
                return found
    return _file_inside(root_real, path_part.lstrip("/"), root_real)


def _file_inside(base: Path, path: str, inside: Path) -> Path | None:
    """``base/path`` resolved, if it is a file inside ``inside`` (after symlinks)."""
    try:  # a name too long for the file system is no image, not a failed export
        candidate = (base / path).resolve()
        # confined: "../../../etc/passwd" or a symlink out is not copied
        if candidate.is_file() and candidate.is_relative_to(inside):
            return candidate
    except (OSError, RuntimeError):
        pass
    return None


def _static_of(root: Path, config: Config, site: Site | None = None) -> Static:
    """The site's static folders inside the library (what the preview serves ``/...`` from:
    ``sites.static``) and its base path. A folder outside the library (the site's root above
    it) is not read by an export. ``site``: the one detected for ``root``, if at hand."""
    from blogdesk.core.sites.detect import detect_site
    from blogdesk.core.sites.static import base_path, static_folders

    root_real = root.resolve()
    if site is None:
        site = detect_site(root_real, override=config.generator)
    folders = tuple(f for f in static_folders(site) if f.is_relative_to(root_real))
    return folders, base_path(site)


def _data_uri(path: Path) -> str:
    import base64
    import mimetypes

    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _library_root(path: Path) -> Path:
    """The folder holding ``blogdesk.toml`` above a post, else the post's own folder."""
    from blogdesk.core.config import find_config_root

    return find_config_root(path.resolve().parent) or path.resolve().parent


def _load_config(root: Path) -> Config:
    from blogdesk.core.config import load_config

    return load_config(root)


# --- one post ----------------------------------------------------------------------------------


def export_post(
    path: Path,
    out: Path,
    *,
    embed_images: bool = False,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> Path:
    """Write one post as a standalone page (CSS inlined); its local images go beside it.

    Images keep their path relative to the post when that stays inside the output's folder;
    others go to ``<name>_files/``. ``embed_images`` puts them in the page as data: URIs.
    The body renders in a worker process stopped after ``time_limit`` seconds (None: no
    limit, in this process); a body that takes longer, or is too long, is a ``RenderError``.
    """
    from blogdesk.core.post import Post
    from blogdesk.core.postfile import load_post
    from blogdesk.core.stats import count_text

    path, out = Path(path), Path(out)
    if out.resolve() == path.resolve():
        raise ValueError(f"{out}: the output would overwrite the post")
    pf = load_post(path)
    post = Post.from_file(pf)
    root = _library_root(path)
    config = _checked(_load_config(root))
    style = _site_style(root, config)
    html = _render_limited(pf.body, style, time_limit)
    out_dir = out.parent if str(out.parent) else Path(".")
    post_dir = path.resolve().parent
    images = _SinglePageImages(out, out_dir, post_dir, root, embed_images,
                               _static_of(root, config))
    body = _rewrite_links(images.rewrite(html),
                          _single_post_links(html, post_dir, root, out_dir, config.base_url))
    cover = safe_url(post.cover)
    if cover and _is_relative(cover):
        cover = images.place(cover)
    entry = Entry.from_post(post, count_text(pf.body).words, _excerpt_of(pf.body, style))
    canonical = (
        _join_base(config.base_url, f"posts/{quote(_safe_slug(post.slug))}/")
        if config.base_url
        else None
    )
    links = _Links(
        back=safe_url(config.base_url) if config.base_url else None,
        canonical=canonical,
        absolute=lambda url: _absolute(config.base_url, canonical, url),
    )
    context = _entry_context(entry, config, body, [], links, cover_src=cover or "")
    if not cover:
        context["cover"] = None
    page = _env().get_template("post.html.j2").render(context)
    out_dir.mkdir(parents=True, exist_ok=True)
    from blogdesk.core.postfile.atomic import atomic_replace

    # all or nothing: a browser showing the page never reads half of it, and a failed write
    # leaves the page exported before as it was
    atomic_replace(out, page.encode("utf-8", "replace"))
    return out


class _SinglePageImages:
    """Where a standalone page's local images go: beside it, keeping their path relative to
    the post when that stays inside the output's folder, else under ``<name>_files/``; or in
    the page as data: URIs."""

    def __init__(self, out: Path, out_dir: Path, post_dir: Path, root: Path, embed: bool,
                 static: Static = ((), "")) -> None:
        self.out, self.out_dir, self.post_dir, self.root = out, out_dir, post_dir, root
        self.embed, self.static = embed, static

    def place(self, src: str) -> str | None:
        """The new src of an image (copied as needed), or None to leave it as it is."""
        root = self.root
        target = _local_target(html_lib.unescape(src), self.post_dir, root, self.static)
        if target is None:
            return None
        if self.embed:
            return _data_uri(target)
        relative = Path(os.path.relpath(target, self.post_dir))
        if relative.parts and relative.parts[0] != ".." and not relative.is_absolute():
            dest_rel = relative
        else:
            dest_rel = Path(f"{self.out.stem}_files") / target.relative_to(root.resolve())
        output.copy_into(self.out_dir.resolve(), dest_rel.as_posix(), target, root.resolve())
        return quote(dest_rel.as_posix())

    def rewrite(self, html: str) -> str:
        def replace_src(match: re.Match[str]) -> str:
            placed = self.place(match.group(2))
            return match.group(0) if placed is None else f"{match.group(1)}{placed}{match.group(3)}"

        return _IMG_SRC.sub(replace_src, html)


#: the most links to other posts one exported page has resolved (each one reads a file)
MAX_POST_LINKS = 200


def _single_post_links(html: str, post_dir: Path, root: Path, out_dir: Path,
                       base_url: str) -> dict[str, str]:
    """Where a single exported page's links to other posts' source files go: the other post's
    page exported beside it (``<slug>.html``, relative) when it is there, else its published
    URL (the base URL + the site export's ``posts/<slug>/``); a link left as it is otherwise."""
    link_map: dict[str, str] = {}
    for href, target in _post_links(html, post_dir, root)[:MAX_POST_LINKS]:
        try:
            slug = _safe_slug(read_post(root / target)[0].slug)
        except Exception:  # a link to a missing or unreadable post stays as it is
            continue
        if (out_dir / f"{slug}.html").is_file():
            link_map[href] = quote(f"{slug}.html")
        elif base_url:
            link_map[href] = _join_base(base_url, f"posts/{quote(slug)}/")
    return link_map


#: How a body renders: blogdesk's Python-Markdown options, or the site's flavour (its template
#: pass and Markdown family, as the preview renders it).
Style: TypeAlias = "RenderOptions | Flavour"


def _site_style(root: Path, config: Config) -> Style:
    """The style the posts of ``root`` render in: the site's flavour (as the preview uses), or
    blogdesk's own options when the site renders with plain Python-Markdown; with the posts
    its template tags may name (for one post's page: a site export builds them lazily)."""
    style, refs = _style_and_refs(root, config)
    if refs and not isinstance(style, RenderOptions):
        style = replace(style, posts=_ref_targets(style, refs))
    return style


def _style_and_refs(
    root: Path, config: Config, scan: _Scan | None = None
) -> tuple[Style, tuple[str, ...]]:
    """The style (with no posts) and the paths, from the site's root, of the posts its template
    tags (``ref``, ``post_url``, ``site.posts``) may name: what :func:`_ref_targets` is built from
    where a body has a tag (most have none, and the targets cost about 0.2 ms a post).
    ``scan``: the export's one look at the posts folder, if at hand."""
    from blogdesk.core.render.contract import flavour_for, tuned
    from blogdesk.core.sites.detect import detect_site

    chosen = flavour_for(detect_site(root, override=config.generator))
    if chosen.is_plain_pymd:
        return RenderOptions(smart_quotes=config.smart_quotes), ()  # blogdesk's path, unchanged
    chosen = tuned(chosen, smart_quotes=config.smart_quotes)
    if chosen.site is None or chosen.site.root is None:
        return chosen, ()
    site_root = chosen.site.root
    scan = scan or _Scan(root, config)
    found = scan.everything().found
    # relpath(folder / rel, site_root) for each file, with the folder's part worked out once
    # (a walk's paths are plain: no "..", no "." and no doubled "/")
    prefix = os.path.relpath(scan.folder, site_root).replace(os.sep, "/")
    lead = "" if prefix == "." else prefix + "/"
    rels = sorted(lead + rel for rel in found)
    return chosen, tuple(rel for rel in rels[:5000] if not rel.startswith(".."))


class _Scan:
    """The posts folder of an export, found once and walked once for both the ref targets and
    the post list (a second walk stats every file again); each only when first asked for.

    The post list leaves the output folder out and the ref targets do not: when the output
    folder is inside the posts folder, each has its own walk, as before."""

    def __init__(self, root: Path, config: Config, outdir: Path | None = None) -> None:
        self.root, self.config, self.outdir = root, config, outdir
        self._folder: Path | None = None
        self._walked: files.WalkResult | None = None

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._folder = _posts_dir(self.root, self.config)
        return self._folder

    def _shared(self) -> bool:
        if self.outdir is None:
            return True
        real_out, real_folder = os.path.realpath(self.outdir), os.path.realpath(self.folder)
        return not Path(real_out).is_relative_to(real_folder)

    def everything(self) -> files.WalkResult:
        """Every post file of the folder (the ref targets)."""
        return self._walk() if self._shared() else files.walk(self.folder)

    def posts(self) -> files.WalkResult:
        """The post files, the output folder left out (the export's posts)."""
        if self.outdir is None or self._shared():
            return self._walk()
        return files.walk(self.folder, exclude=[self.outdir])

    def _walk(self) -> files.WalkResult:
        if self._walked is None:
            self._walked = files.walk(self.folder)
        return self._walked


#: The ref targets last built in this process: ((site, refs), targets).
_TARGETS: list[Any] = []


def _ref_targets(options: Flavour, refs: tuple[str, ...]) -> tuple[Any, ...]:
    """The posts a flavour's template tags may name, built once per process for a site."""
    from blogdesk.core.sites.conventions import post_target

    if _TARGETS and _TARGETS[0] == (options.site, refs):
        return tuple(_TARGETS[1])
    site = options.site
    assert site is not None  # refs come with a site (_style_and_refs)
    targets = tuple(post_target(site, rel, {}) for rel in refs)
    _TARGETS[:] = [(options.site, refs), targets]
    return targets


def _with_refs(options: Style, refs: tuple[str, ...], body: str) -> Style:
    """The style to render ``body`` in: with the ref targets only when it has a template tag
    (text with no ``{{`` or ``{%`` has nothing the template pass reads them for)."""
    if not refs or isinstance(options, RenderOptions) or options.site is None:
        return options
    if "{{" not in body and "{%" not in body:
        return options
    return replace(options, posts=_ref_targets(options, refs))


def _cleaning(options: Style) -> RenderOptions:
    """The sanitizer's options for a style (a cached body is sanitized again with them)."""
    if isinstance(options, RenderOptions):
        return options
    return RenderOptions(allow_remote_images=getattr(options.options, "allow_remote_images", True))


def _render_limited(body: str, options: Style, limit: float | None) -> str:
    """``render(body).html``, in a worker process stopped after ``limit`` seconds; in this
    process when there is no limit or no process to be had. A ``RenderError`` says why not."""
    from blogdesk.core.render import RenderError

    if len(body) > MAX_RENDER_CHARS:
        raise RenderError(
            f"the text is too long to render ({len(body) / 2**20:.1f} MB; "
            f"the limit is {MAX_RENDER_CHARS // 2**20} MB)"
        )
    result: Any = None
    workers = _Workers(options, limit)
    if workers.usable(1, limited=True):
        try:
            results = list(workers.run(_render_text, (options,), [body], limit))
            result = results[0][1] if results else None
        except _POOL_ERRORS:
            result = None
        finally:
            workers.close()
    if result is None:
        result = _render_text(options, body)
    if result is TIMED_OUT:
        raise RenderError(f"rendering took longer than {limit:g} s")
    if isinstance(result, Failed):
        raise RenderError(result.message)
    html, error = result
    if html is None:
        raise RenderError(error)
    return str(html)


def _render_text(options: Style, body: str) -> tuple[str | None, str]:
    """(html, "") or (None, the render error's message): a worker's job for one page."""
    from blogdesk.core.render import RenderError

    try:
        if not isinstance(options, RenderOptions):
            return _body_html(body, options), ""
        return render(body, options).html, ""
    except RenderError as exc:
        return None, str(exc)


def _excerpt_of(body: str, options: Style | None = None, visible: str | None = None) -> str:
    """The first words a reader sees, template tags done as the site does them (not raw).
    ``visible``: ``visible_text(body)`` if the caller has it (used when no tag changed the body)."""
    from blogdesk.core.stats import visible_text

    site = getattr(options, "site", None)
    if site is not None:
        from blogdesk.core.sites.templates import TemplateContext, text_for_excerpt

        context = TemplateContext(site=site, posts=getattr(options, "posts", ()))
        done = text_for_excerpt(body, context)
        visible, body = (visible if done == body else None), done
    return _excerpt(visible if visible is not None else visible_text(body))


# --- the site: reading and rendering posts (in worker processes when there are many) ----------


@dataclass
class _Loaded:
    """A post read and rendered for the site, or the reason it could not be."""

    key: str
    size: int = 0
    mtime_ns: int = 0
    sha256: str = ""
    entry: Entry | None = None
    body_sha: str = ""  # of the sanitized body (image sources pointing into media/), cached
    body_stamp: list[int] = field(default_factory=list)  # its cache file's size and mtime
    media: list[tuple[str, str]] = field(default_factory=list)  # (source file, dest under media/)
    links: list[tuple[str, str]] = field(default_factory=list)  # (escaped href, target post key)
    error: str | None = None
    reason: str = "unreadable"  # why there is no entry: "unreadable", "too large", "timed out"
    uses_refs: bool = False  # rendered with the ref targets (its body has a template tag)


#: What ``postfile.load_post`` reads at most; a bigger file goes to it for its error message.
_MAX_BYTES = 50 * 2**20


class _Unusual(Exception):
    """Not for the fast reader: ``postfile.load_post`` reads this file (and words any error)."""


def _split_plain_yaml(data: bytes) -> tuple[dict[str, Any], str]:
    """Metadata and body of an ordinary post by the fast reader; ``_Unusual`` for anything it
    leaves to ``postfile.load_post`` (and for files too large to be a post)."""
    from blogdesk.core import library_yaml

    if len(data) > _MAX_BYTES:
        raise _Unusual("size")
    try:
        return library_yaml.split_plain(data)
    except library_yaml.Unusual as exc:
        raise _Unusual(str(exc)) from exc


def read_post(path: Path) -> tuple[Post, tuple[int, int, str]]:
    """The post at ``path`` and (size, mtime_ns, sha256) of the bytes read, for export only.

    Values equal what ``Post.from_file(load_post(path))`` gives; anything the fast reader is
    not sure of, and every error, goes through ``load_post`` (same values, same messages).
    """
    from blogdesk.core.post import Post

    try:
        with open(path, "rb") as handle:
            mtime_ns = os.fstat(handle.fileno()).st_mtime_ns
            data = handle.read(_MAX_BYTES + 1)
        metadata, body = _split_plain_yaml(data)
    except (OSError, _Unusual):
        from blogdesk.core.postfile import load_post

        pf = load_post(path)
        fp = pf.fingerprint
        stamp = (fp.size, fp.mtime_ns, fp.sha256) if fp is not None else (0, 0, "")
        return Post.from_file(pf), stamp
    stamp = (len(data), mtime_ns, hashlib.sha256(data).hexdigest())
    return Post.from_metadata(path, metadata, body), stamp


_CONVERTERS = threading.local()


def _body_html(body: str, options: Style) -> str:
    """``render(body, options).html``, with one Markdown converter per thread kept between posts.

    ``render`` builds a converter for every call (about 0.6 ms, 5-10% of a post) and reads an
    outline the site does not use. ``Markdown.reset()`` clears every per-document state of the
    extensions render.py uses (references, footnotes, abbreviations, toc, the HTML stash), so
    the HTML is the same; a test renders documents in a row against fresh renders.
    """
    from blogdesk.core.render import new_markdown, sanitize

    if not isinstance(options, RenderOptions):  # the site's flavour: template pass + family
        from blogdesk.core.render.contract import render_site_body

        if options.family == "commonmark":  # the C engine, where it renders the same (cmark.py)
            from blogdesk.core.export.cmark import render_html

            fast = render_html(body, options.options)
            if fast is not None:
                return fast
        return render_site_body(options, body).html
    kept: tuple[RenderOptions, Any] | None = getattr(_CONVERTERS, "kept", None)
    converter = kept[1].reset() if kept and kept[0] == options else new_markdown(options)
    _CONVERTERS.kept = None  # a conversion that fails half way leaves nothing behind
    html = converter.convert(body)
    _CONVERTERS.kept = (options, converter)
    return sanitize(html, options)


def _is_post_error(exc: BaseException) -> bool:
    # postfile (and ruamel.yaml with it) is imported only when a post needs it; before that,
    # no PostError can have been raised
    postfile = sys.modules.get("blogdesk.core.postfile")
    return postfile is not None and isinstance(exc, postfile.PostError)


def _load_and_render(
    key: str, root: Path, options: Style, cache_dir: str, refs: tuple[str, ...] = (),
    static: Static = ((), ""),
) -> _Loaded:
    """Read and render one post; its body goes to the body cache (written by the worker, so the
    parent neither receives nor writes it). ``refs``: see :func:`_style_and_refs`."""
    from blogdesk.core.stats import count_visible, visible_text

    path = root / key
    loaded = _Loaded(key=key)
    try:
        post, (loaded.size, loaded.mtime_ns, loaded.sha256) = read_post(path)
        if len(post.body) > MAX_RENDER_CHARS:
            loaded.reason = "too large"
            loaded.error = (
                f"{path}: not exported: the text is too long to render "
                f"({len(post.body) / 2**20:.1f} MB; the limit is {MAX_RENDER_CHARS // 2**20} MB)"
            )
            return loaded
        style = _with_refs(options, refs, post.body)
        loaded.uses_refs = style is not options
        html = _body_html(post.body, style)
        visible = visible_text(post.body)  # counted, and the excerpt's words where it needs one
        words = count_visible(visible).words
        # the excerpt stands in for a missing summary (cards, description)
        excerpt = "" if post.summary else _excerpt_of(post.body, style, visible)
        loaded.entry = Entry.from_post(post, words, excerpt, key)
        if _draft_by_folder(options, key):  # Jekyll's _drafts/: a draft with no draft field
            loaded.entry = replace(loaded.entry, status="draft")
    except Exception as exc:  # one odd post must not stop the export of the others
        loaded.error = str(exc) if _is_post_error(exc) else f"{path}: {type(exc).__name__}: {exc}"
        return loaded
    body = _site_images(html, path.parent, root, loaded, static)
    loaded.links = _post_links(body, path.parent, root)
    loaded.body_sha, loaded.body_stamp = write_body(cache_dir, body)
    return loaded


def _site_images(
    html: str, post_dir: Path, root: Path, loaded: _Loaded, static: Static = ((), "")
) -> str:
    """Point local images at their copy under ``media/`` (as seen from ``posts/<slug>/``)."""
    if "<img" not in html:  # most bodies: no image, and no need to resolve the root
        return html
    root_real = root.resolve()

    def replace_src(match: re.Match[str]) -> str:
        target = _local_target(html_lib.unescape(match.group(2)), post_dir, root, static)
        dest = _media_dest(target, root_real) if target is not None else None
        if target is None or dest is None:
            return match.group(0)
        loaded.media.append((str(target), dest))
        return f"{match.group(1)}../../{quote(dest)}{match.group(3)}"

    return _IMG_SRC.sub(replace_src, html)


def _post_links(html: str, post_dir: Path, root: Path) -> list[tuple[str, str]]:
    """Links from a body to other posts' source files, to point them at the posts' pages."""
    found: list[tuple[str, str]] = []
    if 'href="' not in html:  # no link at all (_URL_ATTR needs this text)
        return found
    root_real = root.resolve()
    for attr, value in _URL_ATTR.findall(html):
        if attr != "href":
            continue
        url = html_lib.unescape(value)
        if not _is_relative(url):
            continue
        target_path = unquote(urlsplit(url).path)
        if not files.is_post_path(target_path):
            continue
        target = (post_dir / target_path).resolve()
        if target.is_relative_to(root_real):
            found.append((value, target.relative_to(root_real).as_posix()))
    return found


def _render_one(
    root: str, options: Style, cache_dir: str, refs: tuple[str, ...], static: Static, key: str
) -> _Loaded:
    """A worker process's job: read and render one post."""
    return _load_and_render(key, Path(root), options, cache_dir, refs, static)


#: A page's body: (body cache folder, body hash, link map, options), read where the page is
#: made, checked against its hash, sanitized again with the options unless it was rendered by
#: this export (None), and its links pointed at post pages.
BodyJob = tuple[str, str, dict[str, str], "Style | None"]
#: A page to write: (path under the output, template, context, body or None).
PageJob = tuple[str, str, "dict[str, Any] | _PostPage", "BodyJob | None"]


class _BodyChanged(Exception):
    """A cached body whose text no longer has its hash: it is not published."""


def _cached_body(bodies: str, sha: str, options: Style | None = None) -> str:
    """A body from the cache, if its text has its hash; sanitized again with ``options`` (a
    body of an earlier export: the cache is blogdesk's own, but not trusted for content)."""
    text = read_body(bodies, sha)
    if text is None:
        raise _BodyChanged("its cached body was changed; the post is rendered again next time")
    if options is None:
        return text
    from blogdesk.core.render import sanitize

    return sanitize(text, _cleaning(options))


def _page_html(env: jinja2.Environment, job: PageJob) -> str:
    _rel, template, values, body = job
    context = values.context() if isinstance(values, _PostPage) else values
    if body is not None:
        bodies, sha, link_map, options = body
        html = _rewrite_links(_cached_body(bodies, sha, options), link_map)
        context = {**context, "body": _markup(html)}
    return env.get_template(template).render(context)


def _write_page(outdir: str, job: PageJob) -> str | None:
    """A worker process's job: make one page and write it; an error message, or None."""
    try:
        output.write_text(Path(outdir), job[0], _page_html(_env(), job))
    except (OSError, output.OutsideOutput, _BodyChanged) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        return f"{Path(outdir) / job[0]}: {reason}"
    return None


def _warm_up(options: Style) -> None:
    """Load the libraries and compile the regexes and templates every worker needs, once
    (forked workers inherit them, the converter too)."""
    _warm_render(options)
    _warm_templates()


def _warm_sanitizer() -> None:
    """Build the sanitizer (about 3 ms): a body the C engine writes itself does not use it, but
    the others do (cmark.py)."""
    from blogdesk.core.render import sanitize

    sanitize("<p>warm</p>")


def _warm_templates() -> None:
    """Load Jinja and the site's templates (from the bytecode cache once compiled)."""
    env = _env()
    for name in ("post.html.j2", "index.html.j2", "tag.html.j2", "feed.xml.j2"):
        env.get_template(name)


def _warm_sample(options: Style) -> str:
    """A short body that takes a render of ``options`` through its usual paths."""
    if _cmark_fits(options):
        # the C engine takes most bodies: warm it, and leave markdown-it (about 0.1 s to load
        # and build) to a worker that meets a body the C engine refuses
        return "# T\n\nA *b* `c` d.\n\n| a |\n|---|\n| 1 |\n\n```python\nx = 1\n```\n"
    sample = '# T\n\nA *b* `c` "d".[^1]\n\n| a |\n|---|\n| 1 |\n\n```python\nx = 1\n```\n'
    return sample + "\n[^1]: e\n"


def _warm_render(options: Style) -> None:
    """Take a sample post through a worker's render of one post (reading, the body, the counts
    and the excerpt), so that a worker started early compiles what every render needs while
    the parent still reads the library: its first post then costs what the others do."""
    from blogdesk.core import library_yaml
    from blogdesk.core.post import Post
    from blogdesk.core.stats import count_visible, visible_text

    metadata, body = library_yaml.split_plain(b"---\ntitle: T\ndate: 2024-05-01\n---\n\n")
    Post.from_metadata(Path("t.md"), metadata, body)
    sample = _warm_sample(options)
    _body_html(sample, options)
    _warm_sanitizer()
    visible = visible_text(sample)
    count_visible(visible)
    _excerpt_of(sample, options, visible)


def _cmark_fits(options: Style) -> bool:
    """Whether bodies in this style go to the C engine where it renders the same (cmark.py)."""
    if isinstance(options, RenderOptions) or options.family != "commonmark":
        return False
    from blogdesk.core.export import cmark

    return cmark.fits(options.options)


def _mp_context() -> Any:
    """Fork is the quickest start, but forking a process with threads (the app) is unsafe."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() > 1 and "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        # the server loads these once; each worker forked from it starts with them loaded
        context.set_forkserver_preload(list(_WORKER_MODULES))
        return context
    return multiprocessing.get_context()


#: What a worker needs loaded: the export and the libraries a render and a page use.
_WORKER_MODULES = ("blogdesk.core.export", "markdown", "pygments", "jinja2", "nh3")
#: What a new worker loads before its first render: what every render uses (Jinja only when a
#: worker makes a page: a re-export renders a post or two there, and its few pages here).
_RENDER_MODULES = (
    "blogdesk.core.export", "blogdesk.core.library_yaml", "blogdesk.core.stats", "markdown",
    "pygments", "nh3",
)  # fmt: skip


def _load_modules(options: Style | None = None) -> None:
    """A new worker's first step, before any time limit runs: load what it needs (nothing to
    do when it was forked from a process that has them). With ``options`` (a re-export's
    worker, started early), what a render in that style needs, warmed by a sample render
    (Python-Markdown is not loaded for bodies the C engine takes)."""
    if options is not None:
        # best effort: a render that fails is reported by the post it fails on, in its time
        with contextlib.suppress(Exception):
            _warm_render(options)
        return
    import importlib

    for name in _RENDER_MODULES:
        importlib.import_module(name)


#: What may go wrong in starting or talking to worker processes (a sandbox without them).
_POOL_ERRORS = (OSError, ImportError, NotImplementedError, RuntimeError, EOFError)


class _Workers:
    """Worker processes for the big jobs of an export (one per core), started only when needed.

    With a ``time_limit``, every render runs in a worker, however few there are, so that a
    post that renders for too long can be stopped; without one, small jobs run in this process.
    """

    def __init__(self, options: Style | None = None, time_limit: float | None = None):
        self.options = options or RenderOptions()
        self.time_limit = time_limit
        self.count = cpu_count()
        self.pool: Pool | None = None
        self.shelf_key: tuple[str, int] | None = None  # set when the pool goes back on the shelf
        self.broken = False

    def usable(self, tasks: int, *, limited: bool = False) -> bool:
        if self.broken or tasks <= 0:
            return False
        if limited and self.time_limit is not None:
            return True
        return self.count >= 2 and tasks >= PARALLEL_MIN

    def running(self) -> bool:
        """Whether worker processes are started (or starting) and usable."""
        return self.pool is not None and not self.broken

    def run(
        self, fn: Callable[..., Any], args: Sequence[Any], items: list[Any], limit: float | None
    ) -> Iterable[tuple[Any, Any]]:
        """``(item, fn(*args, item))`` for each item as it finishes (see ``workers.Pool``)."""
        if self.pool is None:
            context = _mp_context()
            method, options = context.get_start_method(), self.options

            warm = len(items) >= PARALLEL_MIN  # a few items: not worth a sample render here

            def prepare() -> None:
                if method == "fork" and warm:
                    _warm_up(options)  # forked workers inherit what the parent has loaded

            if method != "fork":  # slow to start: kept between exports
                self.shelf_key = (method, self.count)
                self.pool = _SHELF.take(self.shelf_key)
            if self.pool is None:
                self.pool = Pool(self.count, context, prepare, (_load_modules, ()))
        return self.pool.run(fn, args, self.batches(items), limit)

    def start_early(self) -> None:
        """Start one worker now, where workers fork, for a render with a time limit: it loads
        its libraries while this process reads the library (a re-export renders a few posts,
        in a worker, and would wait for that otherwise)."""
        if self.pool is not None or self.broken or self.time_limit is None:
            return
        context = _mp_context()
        if context.get_start_method() != "fork":  # the app: pools are kept on the shelf
            return
        pool = Pool(self.count, context, None, (_load_modules, (self.options,)))
        try:
            pool.start_early()
        except _POOL_ERRORS:
            return
        self.pool = pool

    def batches(self, items: list[Any]) -> list[list[Any]]:
        # small batches keep the progress bar moving and both cores busy to the end; the last
        # eighth goes in smaller ones still, so that no worker waits long for the other's last
        size = max(1, min(32, len(items) // (self.count * 8) or 1))
        head = len(items) - (len(items) // 8 if size >= 8 else 0)
        small = max(1, size // 8)
        return [items[i : min(i + size, head)] for i in range(0, head, size)] + [
            items[i : i + small] for i in range(head, len(items), small)
        ]

    def close(self) -> None:
        if self.pool is not None and self.shelf_key is not None:
            _SHELF.give_back(self.shelf_key, self.pool)
        elif self.pool is not None:
            self.pool.close()
        self.pool = None


#: Worker pools kept between exports in a process that cannot fork (the app).
_SHELF = Shelf()


def _render_many(
    keys: list[str],
    root: Path,
    options: Style,
    on_done: Callable[[_Loaded], None],
    cache_dir: str,
    workers: _Workers | None = None,
    refs: tuple[str, ...] = (),
    static: Static = ((), ""),
) -> None:
    """Render posts in worker processes (every core; killed past the time limit) when there
    are many or a time limit; in this process when there is no process to be had."""
    if workers is not None and workers.usable(len(keys), limited=True):
        done: set[str] = set()
        limit = workers.time_limit
        try:
            for key, result in workers.run(
                _render_one, (str(root), options, cache_dir, refs, static), keys, limit
            ):
                done.add(key)
                on_done(_worker_result(key, root, result, limit))
            return
        except _POOL_ERRORS:
            workers.broken = True  # no processes here (a sandbox): finish in this one
        keys = [key for key in keys if key not in done]
    for key in keys:
        on_done(_load_and_render(key, root, options, cache_dir, refs, static))


def _worker_result(key: str, root: Path, result: Any, limit: float | None) -> _Loaded:
    if isinstance(result, _Loaded):
        return result
    if result is TIMED_OUT:
        message = f"{root / key}: not exported: rendering took longer than {limit:g} s"
        return _Loaded(key=key, error=message, reason="timed out")
    detail = result.message if isinstance(result, Failed) else repr(result)
    return _Loaded(key=key, error=f"{root / key}: not exported: {detail}")


# --- the site: scanning, the manifest, writing ------------------------------------------------


@dataclass(frozen=True)
class Omitted:
    """A post that is not in the exported site, and why."""

    path: str  # relative to the library root
    #: "draft" or "scheduled" (left out without --drafts), "unreadable", "too large", "timed out",
    #: or "skipped": not a post file (a FIFO, a link out of the library...), said in ``detail``
    reason: str
    detail: str = ""


@dataclass
class ExportReport:
    """What an export did: pages written (relative to the output), posts left out and why."""

    outdir: Path
    posts: int = 0  # posts with a page in the site
    rendered: int = 0  # posts read and rendered this time (the others came from the cache)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: one message per problem, naming the file: posts not exported, files not written
    errors: list[str] = field(default_factory=list)
    left_out: int = 0  # drafts and scheduled posts, without --drafts
    omitted: list[Omitted] = field(default_factory=list)  # every post left out, with the reason
    notes: list[str] = field(default_factory=list)  # worth knowing, not a problem
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def omitted_for(self, *reasons: str) -> list[str]:
        """The posts left out for any of these reasons (all of them with none given)."""
        return [o.path for o in self.omitted if not reasons or o.reason in reasons]

    @property
    def timed_out(self) -> list[str]:
        return self.omitted_for("timed out")


def _posts_dir(root: Path, config: Config) -> Path:
    if config.posts_dir:
        return root / config.posts_dir
    if not any((root / name).is_dir() for name in ("_posts", "content")):
        return root  # a plain folder of posts: nothing to look for
    try:  # the usual layouts (_posts, content/posts, content), as the library finds them
        from blogdesk.core.sites.conventions import find_posts_dir  # not the library (25 ms)

        return Path(find_posts_dir(root))
    except Exception:  # not there, or not working: the whole root is scanned
        return root


def scan_posts(folder: Path, *, exclude: Sequence[Path] = ()) -> list[Path]:
    """Post files under ``folder`` (``files.walk``: hidden folders, build output and
    node_modules skipped; only regular files inside ``folder``), sorted."""
    return _walk_posts(folder, exclude)[0]


def _walk_posts(
    folder: Path, exclude: Sequence[Path] = (), walked: files.WalkResult | None = None
) -> tuple[list[Path], list[files.Skipped]]:
    """``scan_posts``, and what the walk left out (not a regular file inside the folder);
    ``walked``: the folder's walk (with ``exclude`` left out), if at hand."""
    rels, found = _post_rels(folder, exclude, walked)
    return [folder / rel for rel in rels], found.left_out()


def _post_rels(
    folder: Path, exclude: Sequence[Path] = (), walked: files.WalkResult | None = None
) -> tuple[list[str], files.WalkResult]:
    """The posts' paths relative to ``folder`` (``/`` separators) in the order of their
    ``Path``s (part by part: ``a/b`` before ``a-b``), and the walk. Strings, not a ``Path`` per
    post: sorting and relating 1,000 ``Path``s was a tenth of a re-export."""
    from blogdesk.core.sites.conventions import post_filter
    from blogdesk.core.sites.detect import detect_site

    found = walked if walked is not None else files.walk(folder, exclude=exclude)
    keep = post_filter(detect_site(folder), folder)  # the generator's posts: no pages, _index.md
    return sorted((rel for rel in found.found if keep(rel)), key=_parts), found


def _parts(rel: str) -> list[str]:
    return rel.split("/")


def _draft_by_folder(options: Style, key: str) -> bool:
    site = getattr(options, "site", None)
    if site is None:
        return False
    from blogdesk.core.sites.conventions import is_draft_path

    return is_draft_path(site, key)


def _assign_slugs(entries: Sequence[Entry]) -> dict[str, str]:
    """A unique folder name per post; on a clash the older post keeps the plain slug."""
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    used: set[str] = set()
    slugs: dict[str, str] = {}
    for entry in sorted(entries, key=lambda e: (e.when or oldest, e.key)):
        stem = _safe_slug(entry.slug)
        slug, n = stem, 1
        while slug in used:
            n += 1
            slug = f"{stem}-{n}"
        used.add(slug)
        slugs[entry.key] = slug
    return slugs


def _tag_slugs(entries: Sequence[Entry]) -> tuple[dict[str, str], dict[str, str]]:
    """(tag -> tag slug, tag slug -> display name: the most used spelling)."""
    from blogdesk.core.post import slugify

    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    tag_slug: dict[str, str] = {}
    for entry in entries:
        for tag in entry.tags:
            slug = tag_slug.get(tag)
            if slug is None:  # once per spelling, not per post that has it
                slug = tag_slug[tag] = slugify(tag) or "tag"
            spellings[slug][tag] += 1
    names = {slug: counts.most_common(1)[0][0] for slug, counts in spellings.items()}
    return tag_slug, names


class _Writer:
    """Writes output files whose inputs changed since the last export, and records them."""

    def __init__(self, outdir: Path, previous: Mapping[str, str], report: ExportReport) -> None:
        self.outdir = outdir
        self.previous = previous
        self.current: dict[str, str] = {}
        self.report = report
        self.stale: set[str] = set()  # hashes of cached bodies found changed

    def needed(self, rel: str, inputs: str) -> bool:
        """Record the page; True if it must be (re)written (a link in its place is replaced)."""
        self.current[rel] = inputs
        if self.previous.get(rel) != inputs:
            return True
        try:
            return not stat.S_ISREG(os.lstat(f"{self.outdir}/{rel}").st_mode)
        except OSError:
            return True

    def write(self, rel: str, text: str) -> None:
        try:
            output.write_text(self.outdir, rel, text)
        except (OSError, output.OutsideOutput) as exc:
            self.failed(rel, exc)
            return
        self.report.written.append(rel)

    def failed(self, rel: str, exc: BaseException) -> None:
        """A file not written: reported, and not recorded (so it is tried again next time)."""
        self.current.pop(rel, None)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        self.report.errors.append(f"{self.outdir / rel}: {reason}")

    def write_pages(self, jobs: list[PageJob], workers: _Workers) -> None:
        """Render and write many pages, in the worker processes when there are many."""
        done: set[str] = set()
        if workers.usable(len(jobs)):
            try:
                for job, error in workers.run(_write_page, (str(self.outdir),), jobs, None):
                    done.add(job[0])
                    if isinstance(error, Failed):
                        error = f"{self.outdir / job[0]}: {error.message}"
                    if error is None:
                        self.report.written.append(job[0])
                    else:
                        self.current.pop(job[0], None)
                        self.report.errors.append(str(error))
                        if job[3] is not None:
                            self.stale.add(job[3][1])
                return
            except _POOL_ERRORS:
                workers.broken = True
        jobs = [job for job in jobs if job[0] not in done]
        if not jobs:  # nothing to make here: Jinja is not even loaded
            return
        env = _env()
        for job in jobs:
            try:
                html = _page_html(env, job)
            except _BodyChanged as exc:
                self.failed(job[0], exc)
                if job[3] is not None:
                    self.stale.add(job[3][1])
                continue
            self.write(job[0], html)


def _cached_entry(key: str, record: Mapping[str, Any], root: Path) -> Entry | None:
    """The entry a record keeps for a post, if the record has the right shape (``root`` is
    resolved); its key and path are the post's own, whatever the record says."""
    data: Any = record.get("entry")
    if not _entry_shape_ok(data) or not _pairs_ok(record) or not _media_ok(record, root):
        return None
    try:
        entry = Entry.from_json({**data, "key": key, "path": f"{root}/{key}"})
        _ = entry.when, _parse_iso(entry.updated)  # dates that parse
    except (TypeError, ValueError):
        return None
    return entry


_ENTRY_TEXTS = ("title", "summary", "excerpt", "author", "slug", "cover", "status")
_ENTRY_FIELD_SET = frozenset(_ENTRY_FIELDS)
_STATUSES = ("draft", "scheduled", "published")


def _entry_shape_ok(data: Any) -> bool:
    """An entry as the record keeps it: every field, each of its type, a known status."""
    # loops, not all() over generators: a re-export checks every post's entry
    if not isinstance(data, dict) or data.keys() != _ENTRY_FIELD_SET:
        return False
    for name in _ENTRY_TEXTS:
        if not isinstance(data[name], str):
            return False
    for name in ("date", "updated"):
        if data[name] is not None and not isinstance(data[name], str):
            return False
    return (
        _strings(data["categories"])
        and _strings(data["tags"])
        and type(data["words"]) is int
        and data["status"] in _STATUSES
    )


def _strings(value: Any) -> bool:
    if not isinstance(value, list):
        return False
    for item in value:  # noqa: SIM110 (a loop: all() would start a generator per call)
        if not isinstance(item, str):
            return False
    return True


def _pairs_ok(record: Mapping[str, Any]) -> bool:
    """The record's images and links: lists of pairs of strings."""
    for pairs in (record.get("media", []), record.get("links", [])):
        if not isinstance(pairs, list):
            return False
        for pair in pairs:
            if not (isinstance(pair, list) and len(pair) == 2 and _strings(pair)):
                return False
    return True


def _media_ok(record: Mapping[str, Any], root: Path) -> bool:
    """Each image is copied from the library to its own place: media/ and its library path."""
    return all(
        dest.startswith("media/")
        and ".." not in dest.split("/")
        and "\\" not in dest
        and source == f"{root}/{dest[6:]}"
        for source, dest in record.get("media", [])
    )


def export_site(
    root: Path,
    outdir: Path,
    *,
    drafts: bool = False,
    progress: Progress | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    cache_dir: Path | None = None,
) -> ExportReport:
    """Export the blog in ``root`` as a static site in ``outdir``; see the module docstring.

    ``time_limit`` is the seconds a post may take to read and render (None: no limit); a post
    past it is left out and reported. ``cache_dir`` replaces the user's cache folder for the
    export record.
    """
    started = time.perf_counter()
    root, outdir = Path(root).resolve(), Path(outdir).resolve()
    report = ExportReport(outdir=outdir)
    if outdir == root:
        raise ValueError(f"{outdir}: the output folder must not be the posts folder")
    config = _checked(_load_config(root))
    # the ref targets are not in the render key: a post rendered with them is rendered again
    # when they change (``refs_key``), the others are not
    scan = _Scan(root, config, outdir)
    options, refs = _style_and_refs(root, config, scan)
    store = ExportRecord(outdir, cache_dir)
    workers = _Workers(options, time_limit)
    try:
        if store.exists():
            # a re-export, most likely: most posts are as they were, so one worker is enough;
            # it starts now, and loads and warms what a render needs while this process reads
            # the record and the library
            workers.start_early()
        static = _static_of(root, config, getattr(options, "site", None))  # "/..." images
        render_key = _sha(f"{RENDER_VERSION}|{options}|{static}|{_templates_hash()}")
        refs_key = _sha("\n".join(refs))
        page_key = _sha(f"{render_key}|{config!r}|{drafts}")
        return _export_site(
            root,
            outdir,
            config,
            options,
            drafts,
            progress,
            store,
            report,
            (render_key, refs_key, refs, static),
            page_key,
            started,
            workers,
            scan,
        )
    finally:
        workers.close()
        store.close()


def _export_site(
    root: Path,
    outdir: Path,
    config: Config,
    options: Style,
    drafts: bool,
    progress: Progress | None,
    store: ExportRecord,
    report: ExportReport,
    keys_and_refs: tuple[str, str, tuple[str, ...], Static],
    page_key: str,
    started: float,
    workers: _Workers,
    scan: _Scan | None = None,
) -> ExportReport:
    render_key, refs_key = keys_and_refs[:2]
    _note_legacy(outdir, report)
    manifest = store.read()
    reusable = manifest.get("render_key") == render_key and manifest.get("root") == str(root)
    refs_changed = manifest.get("refs_key") != refs_key
    return _export_reusing(root, outdir, config, options, drafts, progress, store, report,
                           keys_and_refs, refs_changed, reusable, manifest, page_key,
                           started, workers, scan)  # fmt: skip


def _export_reusing(
    root: Path,
    outdir: Path,
    config: Config,
    options: Style,
    drafts: bool,
    progress: Progress | None,
    store: ExportRecord,
    report: ExportReport,
    keys_and_refs: tuple[str, str, tuple[str, ...], Static],
    refs_changed: bool,
    reusable: bool,
    manifest: dict[str, Any],
    page_key: str,
    started: float,
    workers: _Workers,
    scan: _Scan | None = None,
) -> ExportReport:
    render_key, refs_key, refs, static = keys_and_refs
    keys, stats = _scan_keys(root, config, outdir, report, scan)
    tick = _Ticker(progress, len(keys))
    # 1. reuse what did not change; read and render the rest
    entries: dict[str, Entry] = {}
    post_records: dict[str, dict[str, Any]] = {}
    cached_posts: dict[str, Any] = manifest["posts"] if reusable else {}
    to_render = _reuse(keys, cached_posts, root, store, entries, post_records, tick, refs_changed,
                       stats)

    def on_done(loaded: _Loaded) -> None:
        if loaded.entry is None:
            report.errors.append(loaded.error or f"{root / loaded.key}: could not be read")
            report.omitted.append(Omitted(loaded.key, loaded.reason))
        else:
            entries[loaded.key] = loaded.entry
            post_records[loaded.key] = _record_of(loaded)
        tick(loaded.key)

    to_render_set = set(to_render)
    if to_render and workers.running() and len(to_render) < PARALLEL_MIN:
        # a re-export of a few posts: its worker is still warming up; meanwhile this process
        # loads what it makes the pages with (they are few, and made here)
        with contextlib.suppress(Exception):  # best effort: a page that fails says why
            _warm_templates()
    _render_many(to_render, root, options, on_done, store.bodies, workers, refs, static)
    report.rendered = len(to_render)
    # posts with the same text share a body file, which two workers may both have written:
    # its stamp is taken once they are done
    for key in to_render_set & post_records.keys():
        record = post_records[key]
        with contextlib.suppress(OSError, ValueError):
            record["body_stamp"] = body_stamp(store.body_path(record["body_sha"]))
    fresh = {r["body_sha"] for k, r in post_records.items() if k in to_render_set}
    _build_site(root, outdir, config, drafts, entries, post_records, manifest, report,
                workers, page_key, (render_key, refs_key), store, fresh, options,
                static)  # fmt: skip
    report.seconds = time.perf_counter() - started
    return report


def _note_legacy(outdir: Path, report: ExportReport) -> None:
    names = (LEGACY_RECORD_NAME, LEGACY_CACHE_DIR_NAME)
    legacy = [name for name in names if os.path.lexists(outdir / name)]
    if legacy:
        report.notes.append(
            f"{' and '.join(legacy)} in {outdir} are from an earlier version of blogdesk: "
            "no longer read or written, and published with the site unless you delete them"
        )


def _scan_keys(
    root: Path, config: Config, outdir: Path, report: ExportReport, scan: _Scan | None = None
) -> tuple[list[str], dict[str, os.stat_result]]:
    """The posts of the library (relative to the root) and the stat the walk took of each;
    what the walk left out is reported."""
    scan = scan or _Scan(root, config, outdir)
    folder = scan.folder
    rels, walked = _post_rels(folder, walked=scan.posts())
    for left in walked.left_out():
        where = os.path.relpath(folder / left.rel, root).replace(os.sep, "/")
        report.omitted.append(Omitted(where, "skipped", left.reason))
    if not rels:
        return [], {}
    # folder/rel relative to the root, with the folder's part worked out once (ValueError for
    # a posts folder outside the root, as Path.relative_to says)
    lead = folder.relative_to(root).as_posix()
    keys = rels if lead == "." else [f"{lead}/{rel}" for rel in rels]
    found = walked.found
    return keys, {key: found[rel] for key, rel in zip(keys, rels, strict=True)}


class _Ticker:
    """Counts the posts done and tells the progress callback, if there is one."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def __call__(self, label: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, label)


def _reuse(
    keys: list[str],
    cached_posts: Mapping[str, Any],
    root: Path,
    store: ExportRecord,
    entries: dict[str, Entry],
    records: dict[str, dict[str, Any]],
    tick: Callable[[str], None],
    refs_changed: bool = False,
    stats: Mapping[str, os.stat_result] | None = None,
) -> list[str]:
    """Take the unchanged posts from the record (into ``entries`` and ``records``); the keys
    of the others, to read and render (with a post rendered with the ref targets, when they
    changed). ``stats``: each post's stat from the walk (not taken a second time)."""
    stats = stats or {}
    to_render: list[str] = []
    for key in keys:
        record = cached_posts.get(key)
        # the record is checked, not trusted: its entry must have the right shape, and the
        # body it names must still have the hash it is named by
        entry = _cached_entry(key, record, root) if record is not None else None
        if (
            entry is not None
            and record is not None
            and _unchanged(f"{root}/{key}", record, stats.get(key))  # a str: no Path per post
            and store.body_ok(record.get("body_sha"), record.get("body_stamp"))
            and not (refs_changed and record.get("refs", True))
        ):
            entries[key] = entry
            records[key] = record
            tick(key)
        else:
            to_render.append(key)
    return to_render


def _record_of(loaded: _Loaded) -> dict[str, Any]:
    """What the export record keeps of a post read and rendered."""
    assert loaded.entry is not None
    return {
        "size": loaded.size,
        "mtime_ns": loaded.mtime_ns,
        "sha256": loaded.sha256,
        "entry": _entry_json(loaded.entry),
        "body_sha": loaded.body_sha,
        "body_stamp": loaded.body_stamp,
        "media": loaded.media,
        "links": loaded.links,
        "refs": loaded.uses_refs,
    }


@dataclass
class _Site:
    """The plan of one site export: what goes in it, under which names, and how pages are told
    apart from the last export's (the page inputs' hashes); built by :func:`_plan_site`."""

    root: Path
    outdir: Path
    config: Config
    entries: dict[str, Entry]  # every post read, drafts too
    visible: list[Entry]  # the posts with a page, newest first
    records: dict[str, dict[str, Any]]  # each post's record (kept for the next export)
    slugs: dict[str, str]
    tag_slug: dict[str, str]
    tag_names: dict[str, str]
    related: dict[str, Any]
    signature: str  # of what the related choices depend on
    writer: _Writer
    page_key: str
    store: ExportRecord
    fresh: set[str]  # hashes of the bodies rendered by this export (not sanitized again)
    options: Style
    card_data: dict[str, dict[str, Any]] = field(default_factory=dict)
    card_sigs: dict[str, str] = field(default_factory=dict)  # each post's, once (card_sig)
    static: Static = ((), "")  # the site's static folders and base path (_static_of)

    def again(self, sha: str) -> Style | None:
        """The options to sanitize a body again with: those of a body from an earlier export."""
        return None if sha in self.fresh else self.options

    def body_of(self, key: str) -> str:
        """A post's cached body (for the feed); a body found changed is marked stale."""
        sha = self.records[key]["body_sha"]
        try:
            return _cached_body(self.store.bodies, sha, self.again(sha))
        except _BodyChanged:
            self.writer.stale.add(sha)
            raise

    def page_url(self, slug: str) -> str | None:
        base_url = self.config.base_url
        return _join_base(base_url, f"posts/{quote(slug)}/") if base_url else None

    # A card shows what _card takes from its entry (with the status and the href apart), so its
    # hash is kept in the post's record with the reading speed it was made for: an unchanged
    # post's card is neither built nor hashed again, and a new word count that leaves "4 min
    # read" as it was rewrites no page that shows the card.

    def entry_sha(self, entry: Entry) -> str:
        record = self.records[entry.key]
        if "entry_sha" not in record:
            record["entry_sha"] = _sha(json.dumps(record["entry"], ensure_ascii=False))
        return str(record["entry_sha"])

    def card_sig(self, entry: Entry) -> str:
        """What a card of ``entry`` shows, as a signature; asked for by the index, each tag
        page and each related list that shows the post (about 7 times a post): made once."""
        sig = self.card_sigs.get(entry.key)
        if sig is None:
            sig = self.card_sigs[entry.key] = self._card_sig(entry)
        return sig

    def _card_sig(self, entry: Entry) -> str:
        record = self.records[entry.key]
        if record.get("card_wpm") != self.config.wpm or "card_sha" not in record:
            shown = {k: v for k, v in self.card(entry, "").items() if k != "status"}
            record["card_sha"] = _sha(json.dumps(shown, ensure_ascii=False))
            record["card_wpm"] = self.config.wpm
        return f"{record['card_sha']}:{entry.status}:{self.slugs[entry.key]}"

    def card(self, entry: Entry, href: str) -> dict[str, Any]:
        if entry.key not in self.card_data:
            self.card_data[entry.key] = _card(entry, "", self.config.wpm)
        return {**self.card_data[entry.key], "href": href}

    def cards(self, prefix: str, chosen: Iterable[Entry]) -> list[dict[str, Any]]:
        return [
            self.card(e, f"{prefix}posts/{quote(self.slugs[e.key])}/index.html") for e in chosen
        ]


def _build_site(
    root: Path,
    outdir: Path,
    config: Config,
    drafts: bool,
    entries: dict[str, Entry],
    post_records: dict[str, dict[str, Any]],
    manifest: Mapping[str, Any],
    report: ExportReport,
    workers: _Workers,
    page_key: str,
    render_keys: tuple[str, str],
    store: ExportRecord,
    fresh: set[str],
    options: Style,
    static: Static = ((), ""),
) -> None:
    """Write the pages whose inputs changed, remove what no longer belongs, save the record."""
    site = _plan_site(root, outdir, config, drafts, entries, post_records, manifest, report,
                      page_key=page_key, store=store, fresh=fresh, options=options)
    site.static = static
    # the list pages first (the biggest), then the posts: all made in the workers at once
    jobs = _index_jobs(site) + _tag_jobs(site)
    jobs += [job for e in site.visible if (job := _post_job(site, e))]
    site.writer.write_pages(jobs, workers)
    try:
        _write_feed(site.writer, config, site.visible, site.slugs, post_records, page_key,
                    site.body_of)
    except _BodyChanged as exc:
        site.writer.failed("feed.xml", exc)
    if site.writer.needed("assets/blogdesk.css", _css_inputs()):
        site.writer.write("assets/blogdesk.css", theme_css())
    _copy_media(site, report)
    _finish(site, manifest, report, render_keys)


def _plan_site(
    root: Path,
    outdir: Path,
    config: Config,
    drafts: bool,
    entries: dict[str, Entry],
    records: dict[str, dict[str, Any]],
    manifest: Mapping[str, Any],
    report: ExportReport,
    *,
    page_key: str,
    store: ExportRecord,
    fresh: set[str],
    options: Style,
) -> _Site:
    """What goes in the site (drafts and scheduled posts only with ``drafts``), the slugs, the
    tags and the related posts (chosen again only when what they depend on changed)."""
    now = datetime.now(timezone.utc)
    entries = {key: entry.refreshed(now) for key, entry in entries.items()}
    visible = [e for e in entries.values() if drafts or e.status == "published"]
    report.left_out = len(entries) - len(visible)
    if not drafts:
        hidden = sorted(e.key for e in entries.values() if e.status != "published")
        report.omitted.extend(Omitted(key, entries[key].status) for key in hidden)
    visible = _newest_first(visible)
    report.posts = len(visible)
    tag_slug, tag_names = _tag_slugs(visible)
    signature = _sha(
        json.dumps(
            [[e.key, e.tags, e.category, e.date, e.status] for e in visible], ensure_ascii=False
        )
    )
    related = manifest.get("related")
    if manifest.get("related_signature") != signature or not isinstance(related, dict):
        related = _related_all(visible)
    return _Site(
        root, outdir, config, entries, visible, records, _assign_slugs(visible), tag_slug,
        tag_names, related, signature, _Writer(outdir, manifest.get("outputs", {}), report),
        page_key, store, fresh, options,
    )  # fmt: skip


def _post_job(site: _Site, entry: Entry) -> PageJob | None:
    """A post page to build, or None when its inputs are those of the page already written."""
    slug, record = site.slugs[entry.key], site.records[entry.key]
    slugs, tag_slug = site.slugs, site.tag_slug
    shown = [site.entries[k] for k in site.related.get(entry.key, []) if k in slugs]
    link_map = {
        href: f"../{quote(slugs[target])}/index.html"
        for href, target in record.get("links", [])
        if target in slugs
    }
    cover = _site_cover(entry, site.root, record, site.static)
    rel = f"posts/{slug}/index.html"
    inputs = _sha(
        "\x1f".join(
            [
                site.page_key,
                slug,
                site.entry_sha(entry),
                entry.status,
                "\x1e".join(tag_slug[t] for t in entry.tags),
                "\x1e".join(map(site.card_sig, shown)),
                json.dumps(link_map, ensure_ascii=False) if link_map else "",
                cover,
                record["body_sha"],
            ]
        )
    )
    if not site.writer.needed(rel, inputs):
        return None
    page = _PostPage(
        entry, site.config, tuple(shown), {other.key: slugs[other.key] for other in shown},
        {tag: tag_slug[tag] for tag in entry.tags}, site.page_url(slug), cover,
    )  # fmt: skip
    body = (site.store.bodies, record["body_sha"], link_map, site.again(record["body_sha"]))
    return (rel, "post.html.j2", page, body)


@dataclass(frozen=True)
class _PostPage:
    """What a post page shows, as plain data: its values are worked out where the page is made
    (in a worker, for a site), not one post after another in the parent."""

    entry: Entry
    config: Config
    shown: tuple[Entry, ...]  # the related posts
    slugs: dict[str, str]  # the related posts' page slugs
    tag_slugs: dict[str, str]  # the post's tags' page slugs
    canonical: str | None
    cover: str  # its src on the page, or ""

    def context(self) -> dict[str, Any]:
        slugs, tag_slug = self.slugs, self.tag_slugs
        canonical, base_url = self.canonical, self.config.base_url
        links = _Links(
            back="../../index.html",
            css_href="../../assets/blogdesk.css",
            feed="../../feed.xml",
            canonical=canonical,
            tag_href=lambda tag: f"../../tags/{quote(tag_slug[tag])}/index.html",
            post_href=lambda other: f"../{quote(slugs[other.key])}/index.html",
            absolute=lambda url: _absolute(base_url, canonical, url),
        )
        context = _entry_context(self.entry, self.config, "", self.shown, links,
                                 cover_src=self.cover)  # fmt: skip
        if not self.cover:
            context["cover"] = None
        return context


def _list_context(site: _Site, body_class: str, prefix: str, head: dict[str, Any]) -> dict:
    """The values every list page (the index, a tag page) shares; ``prefix`` leads to the root."""
    return {
        "site": _site(site.config),
        "theme_class": "",
        "body_class": body_class,
        "head": {
            "canonical": head["canonical"],
            "og": [],
            "json_ld": None,
            "title": head["title"],
            "description": head["description"],
            "feed_href": f"{prefix}feed.xml",
        },
        "css": _css(_Links(css_href=f"{prefix}assets/blogdesk.css")),
    }


def _index_jobs(site: _Site) -> list[PageJob]:
    """The index: a card per post (the cards are built only when the page is written; their
    signatures stand in for them in the page's inputs). No job when it is as written."""
    config = site.config
    head = {"canonical": config.base_url or "", "title": config.site_title,
            "description": config.description}  # fmt: skip
    context = {**_list_context(site, "page-index", "", head), "feed_href": "feed.xml"}
    inputs = json.dumps(
        [site.page_key, _jsonable(context), [site.card_sig(e) for e in site.visible]]
    )
    if not site.writer.needed("index.html", _sha(inputs)):
        return []
    context["cards"] = site.cards("", site.visible)
    return [("index.html", "index.html.j2", context, None)]


def _tag_jobs(site: _Site) -> list[PageJob]:
    """A page per tag (tags that slug alike share one, named by their most used spelling)."""
    jobs: list[PageJob] = []
    by_tag: dict[str, list[Entry]] = defaultdict(list)
    for entry in site.visible:
        for slug in dict.fromkeys(site.tag_slug[t] for t in entry.tags):
            by_tag[slug].append(entry)
    base_url, title = site.config.base_url, site.config.site_title
    for slug, tagged in sorted(by_tag.items()):
        name = site.tag_names[slug]
        head = {
            "canonical": _join_base(base_url, f"tags/{quote(slug)}/") if base_url else "",
            "title": f"{name} · {title}",
            "description": f"Posts tagged {name}",
        }
        context = {
            **_list_context(site, "page-tag", "../../", head),
            "back_href": "../../index.html",
            "tag": {"name": name},
        }
        rel = f"tags/{slug}/index.html"
        inputs = json.dumps([site.page_key, _jsonable(context), [site.card_sig(e) for e in tagged]])
        if site.writer.needed(rel, _sha(inputs)):
            context["cards"] = site.cards("../../", tagged)
            jobs.append((rel, "tag.html.j2", context, None))
    return jobs


def _copy_media(site: _Site, report: ExportReport) -> None:
    """The images, each from inside the library to its own place under ``media/``."""
    root_real = site.root.resolve()
    media: dict[str, str] = {}
    for entry in site.visible:
        record = site.records[entry.key]
        for source, dest in record.get("media", []):
            media[dest] = source
        cover_media = record.get("cover_media")
        if cover_media:
            media[cover_media[1]] = cover_media[0]
    for dest, source in media.items():
        site.writer.current[dest] = "media"
        try:
            if _media_dest(Path(source), root_real) != dest:
                raise output.OutsideOutput(f"not copied: {source} does not belong there")
            if output.copy_into(site.outdir, dest, Path(source), root_real):
                report.written.append(dest)
        except output.OutsideOutput as exc:
            site.writer.failed(dest, exc)
        except OSError:
            pass  # an image that went away since the post was read: the page shows its alt


def _finish(
    site: _Site, manifest: Mapping[str, Any], report: ExportReport, render_keys: tuple[str, str]
) -> None:
    """Remove what no longer belongs to the site (only paths inside the output folder), and
    save the record; a body that was not as its hash says is rendered again next time."""
    for rel in manifest.get("outputs", {}):
        if rel not in site.writer.current and output.remove(site.outdir, rel):
            report.removed.append(rel)
    kept = {key: site.records[key] for key in site.entries}
    kept = {k: r for k, r in kept.items() if r["body_sha"] not in site.writer.stale}
    site.store.prune({str(record["body_sha"]) for record in kept.values()})
    site.store.save(
        {
            "root": str(site.root),
            "render_key": render_keys[0],
            "refs_key": render_keys[1],
            "posts": kept,
            "related_signature": site.signature,
            "related": site.related,
            "outputs": site.writer.current,
        }
    )


def _media_dest(source: Path, root_real: Path) -> str | None:
    """Where an image of the library goes in the site: ``media/`` and its path in the library;
    None for a file outside the library."""
    try:
        real = source.resolve()
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(root_real):
        return None
    return "media/" + real.relative_to(root_real).as_posix()


def _unchanged(
    path: Path | str, record: Mapping[str, Any], stat: os.stat_result | None = None
) -> bool:
    """Same size and mtime, or (after a touch) the same bytes; updates the record's mtime.
    ``stat``: the file's, if the walk took it."""
    if stat is None:
        try:
            stat = os.stat(path)
        except OSError:
            return False
    if stat.st_size != record.get("size"):
        return False
    if stat.st_mtime_ns == record.get("mtime_ns"):
        return True
    try:
        same = _sha(Path(path).read_bytes()) == record.get("sha256")
    except OSError:
        return False
    if same:
        record["mtime_ns"] = stat.st_mtime_ns  # type: ignore[index]
    return same


def _jsonable(context: Mapping[str, Any]) -> Any:
    """The context without pre-built HTML, for hashing a page's inputs."""
    return {k: v for k, v in context.items() if k not in ("body", "css")} | {
        "css": context["css"]["href"] if "css" in context else ""
    }


def _markup(html: str) -> Any:
    from markupsafe import Markup

    return Markup(html)


def _rewrite_links(html: str, link_map: Mapping[str, str]) -> str:
    if not link_map:
        return html

    def swap(match: re.Match[str]) -> str:
        attr, value = match.group(1), match.group(2)
        if attr == "href" and value in link_map:
            fragment = urlsplit(html_lib.unescape(value)).fragment
            target = link_map[value] + (f"#{quote(fragment)}" if fragment else "")
            return f'href="{html_lib.escape(target)}"'
        return match.group(0)

    return _URL_ATTR.sub(swap, html)


def _site_cover(
    entry: Entry, root: Path, record: dict[str, Any], static: Static = ((), "")
) -> str:
    """The cover's src on a post page: remote as is, local copied under media/, else none."""
    url = safe_url(entry.cover)
    record.pop("cover_media", None)
    if not url:
        return ""
    if not _is_relative(url):
        return url
    target = _local_target(url, (root / entry.key).parent, root, static)
    dest = _media_dest(target, root.resolve()) if target is not None else None
    if target is None or dest is None:
        return ""
    record["cover_media"] = [str(target), dest]
    return "../../" + quote(dest)

