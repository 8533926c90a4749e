"""The published page and the static site: one template set shared by the preview and the export.

- :func:`render_post_page` builds the ten-part post page (the preview shows exactly this page);
- :func:`export_post` writes one standalone page with the CSS inlined and its images beside it;
- :func:`export_site` writes the whole blog: index, one page per post and per tag, an Atom feed,
  the stylesheet and the local images, with relative links so it opens from the disk.

Safety: every template is autoescaped (``autoescape=True``, whatever the file name); the only
value marked safe is the body, which ``core/render.py`` sanitized; URLs from front matter pass
:func:`safe_url` (http, https, mailto or relative) or are dropped; JSON-LD goes through
``|tojson``.

Re-export: ``OUTDIR/.blogdesk-export.json`` records each post's source fingerprint and metadata,
the hash of the inputs of every page written, and the related-post choices; each post's rendered
body is kept in ``OUTDIR/.blogdesk-export/``. An unchanged source is neither read nor rendered
again, and a page whose inputs did not change is not rewritten: after one post changed, only its
page, the index, the tag pages and related pages that show it, and the feed are written.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import html as html_lib
import json
import os
import posixpath
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from blogdesk.core.render import Rendered, RenderOptions, render

if TYPE_CHECKING:
    import jinja2

    from blogdesk.core.config import Config
    from blogdesk.core.post import Post
    from blogdesk.core.stats import TextStats

__all__ = [
    "ExportReport",
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

MANIFEST_NAME = ".blogdesk-export.json"
CACHE_DIR_NAME = ".blogdesk-export"
MANIFEST_VERSION = 1
#: Bump when render.py's output changes, so cached bodies are rendered again.
RENDER_VERSION = 1
FEED_LIMIT = 20
RELATED_LIMIT = 3
#: Below this many posts to render, a process pool costs more than it saves.
PARALLEL_MIN = 24
POST_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
SKIP_DIRS = frozenset({"_site", "public", "node_modules", "__pycache__"})
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_URL_ATTR = re.compile(r'\b(href|src)="([^"]*)"')
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')

Progress = Callable[[int, int, str], None]


# --- resources ---------------------------------------------------------------------------------


def resources_dir() -> Path:
    """The ``blogdesk.resources`` folder (``resources/`` mapped into the installed package)."""
    from blogdesk.core.packaged import resource_folder

    return resource_folder()


@lru_cache(maxsize=2)
def _environment(templates: Path) -> jinja2.Environment:
    import jinja2

    # autoescape=True, not select_autoescape(): the latter leaves *.html.j2 unescaped
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates in the user's cache folder: a command-line export skips compiling."""
    import jinja2

    try:
        import platformdirs

        folder = Path(platformdirs.user_cache_dir("blogdesk")) / "templates"
        folder.mkdir(parents=True, exist_ok=True)
    except Exception:  # no cache folder (read-only home): compile every time
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _env() -> jinja2.Environment:
    return _environment(resources_dir() / "templates")


@lru_cache(maxsize=1)
def theme_css() -> str:
    """The page CSS: the theme (light, dark by preference or ``.theme-dark``) plus code colours."""
    from blogdesk.core.render import pygments_css

    theme = (resources_dir() / "theme" / "theme.css").read_text(encoding="utf-8")
    return f"{theme}\n/* code: light */\n{pygments_css()}\n/* code: dark */\n{pygments_css(True)}"


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


# --- small helpers -----------------------------------------------------------------------------


def safe_url(value: object) -> str | None:
    """``value`` if it is an http, https or mailto URL or a relative reference; else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    # browsers drop tabs and newlines inside URLs ("java\nscript:"), so refuse any control char
    if not url or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return None
    match = _SCHEME.match(url)
    if match and match.group(1).lower() not in _SAFE_SCHEMES:
        return None
    if url.startswith("\\") or url.startswith("/\\"):
        return None  # some browsers read backslashes as slashes: "\\evil.example"
    return url


def _is_relative(url: str) -> bool:
    return not _SCHEME.match(url) and not url.startswith(("//", "#"))


def format_date(value: datetime) -> str:
    """``February 14, 2026``, whatever the locale."""
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def initials(name: str) -> str:
    """The avatar letters of a name: ``Hanna Vos`` gives ``HV``; one word gives one letter."""
    words = [w for w in re.split(r"[\s\-]+", name) if any(ch.isalnum() for ch in w)]
    if not words:
        return ""
    letters = [next(ch for ch in w if ch.isalnum()) for w in (words[0], words[-1])]
    return "".join(letters[:1] if len(words) == 1 else letters).upper()


def _reading_parts(words: int, wpm: int) -> tuple[str, str]:
    from blogdesk.core.stats import format_reading

    reading, _sep, count = format_reading(words, wpm).partition(" · ")
    return reading, count or f"{words} words"


def _excerpt(text: str, words: int = 40) -> str:
    parts = text.split()
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]).rstrip(",;:.") + "…"


def _sha(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.astimezone()


def _rfc3339(value: datetime) -> str:
    aware = value if value.tzinfo is not None else value.astimezone()
    text = aware.replace(microsecond=0).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# --- the data of a page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """What the pages need to know of one post, without its body; kept in the export manifest."""

    key: str  # the source path relative to the library root (posix), or absolute
    path: str
    title: str
    date: str | None  # ISO 8601 with offset
    updated: str | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    excerpt: str
    author: str
    slug: str
    cover: str
    status: str
    words: int

    @property
    def category(self) -> str:
        return self.categories[0] if self.categories else ""

    @cached_property
    def when(self) -> datetime | None:
        return _parse_iso(self.date)

    @classmethod
    def from_post(cls, post: Post, words: int, excerpt: str = "", key: str = "") -> Entry:
        return cls(
            key=key or str(post.path),
            path=str(post.path),
            title=post.title,
            date=_iso(post.date),
            updated=_iso(post.updated),
            categories=tuple(post.categories),
            tags=tuple(post.tags),
            summary=post.summary,
            excerpt=excerpt,
            author=post.author,
            slug=post.slug,
            cover=post.cover,
            status=str(getattr(post.status, "value", post.status)),
            words=words,
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Entry:
        values = dict(data)
        values["categories"] = tuple(values.get("categories", ()))
        values["tags"] = tuple(values.get("tags", ()))
        return cls(**values)

    def refreshed(self, now: datetime) -> Entry:
        """A scheduled post whose date has come is published now."""
        when = self.when
        if self.status == "scheduled" and when is not None and when <= now:
            return replace(self, status="published")
        return self


_ENTRY_FIELDS = tuple(f.name for f in fields(Entry))


def _newest_first(entries: Iterable[Entry]) -> list[Entry]:
    oldest = datetime.min.replace(tzinfo=timezone.utc)

    def key(entry: Entry) -> tuple[datetime, str]:
        return (entry.when or oldest, entry.key)

    return sorted(entries, key=key, reverse=True)


def _related_ranked(target: Entry, candidates: Iterable[Entry], limit: int) -> list[Entry]:
    """Up to ``limit`` published posts sharing the most tags (and the category), newest first."""
    tags = {t.casefold() for t in target.tags}
    category = target.category.casefold()
    scored = []
    for other in candidates:
        if other.key == target.key or other.status != "published":
            continue
        score = len(tags & {t.casefold() for t in other.tags})
        if category and other.category.casefold() == category:
            score += 1
        if score:
            scored.append((score, other))
    return _pick(scored, limit)


def _pick(scored: Sequence[tuple[int, Entry]], limit: int) -> list[Entry]:
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    # nlargest(n) is sorted(reverse=True)[:n]; the key is unique, so there are no ties
    ranked = heapq.nlargest(
        limit, scored, key=lambda pair: (pair[0], pair[1].when or oldest, pair[1].key)
    )
    return _newest_first(other for _score, other in ranked)


def _related_all(entries: Sequence[Entry], limit: int = RELATED_LIMIT) -> dict[str, list[str]]:
    """The related choice for every post at once, through a tag and category index."""
    by_tag: dict[str, list[Entry]] = defaultdict(list)
    by_category: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.status != "published":
            continue
        for tag in {t.casefold() for t in entry.tags}:
            by_tag[tag].append(entry)
        if entry.category:
            by_category[entry.category.casefold()].append(entry)
    # the same choice as _pick, on keys: (score, (date, key)) tuples compare in C
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    rank = {e.key: (e.when or oldest, e.key) for e in entries if e.status == "published"}
    tag_keys = {tag: [e.key for e in tagged] for tag, tagged in by_tag.items()}
    category_keys = {name: [e.key for e in filed] for name, filed in by_category.items()}
    result: dict[str, list[str]] = {}
    for entry in entries:
        scores: Counter[str] = Counter()
        for tag in {t.casefold() for t in entry.tags}:
            scores.update(tag_keys.get(tag, ()))
        if entry.category:
            scores.update(category_keys.get(entry.category.casefold(), ()))
        scores.pop(entry.key, None)
        best = heapq.nlargest(limit, [(score, rank[key]) for key, score in scores.items()])
        result[entry.key] = [key for _when, key in sorted((r for _s, r in best), reverse=True)]
    return result


def related_posts(post: Post, posts: Sequence[Post], limit: int = RELATED_LIMIT) -> list[Post]:
    """Up to ``limit`` published posts that share tags or the category with ``post``, newest first.

    Posts sharing more tags (the category counts as one more) are chosen first; drafts and
    scheduled posts are never chosen.
    """
    by_key = {str(p.path): p for p in posts}
    entries = [Entry.from_post(p, 0) for p in posts]
    chosen = _related_ranked(Entry.from_post(post, 0), entries, limit)
    return [by_key[entry.key] for entry in chosen]


# --- links: where a page's links point, which depends on where the page is -------------------


@dataclass
class _Links:
    """The hrefs of one page; the site export and the single page place things differently."""

    back: str | None = None
    css_href: str | None = None
    feed: str | None = None
    canonical: str | None = None  # the page's absolute URL (needs base_url)
    tag_href: Callable[[str], str | None] = field(default=lambda tag: None)
    post_href: Callable[[Entry], str] = field(default=lambda entry: entry.path)
    absolute: Callable[[str], str | None] = field(default=lambda url: None)


def _author(entry: Entry, config: Config) -> tuple[str, str, str, str]:
    """(name, role, bio, url): the config's author, or the post's own author by name only."""
    profile = config.author
    if entry.author and entry.author.strip() != profile.name.strip():
        return entry.author.strip(), "", "", ""  # the profile describes someone else
    return profile.name.strip(), profile.role.strip(), profile.bio.strip(), profile.url.strip()


def _card(entry: Entry, href: str, wpm: int) -> dict[str, Any]:
    reading, _words = _reading_parts(entry.words, wpm)
    when = entry.when
    return {
        "title": entry.title,
        "category": entry.category,
        "summary": entry.summary or entry.excerpt,
        "reading": reading,
        "href": href,
        "date_iso": when.isoformat() if when else "",
        "date_text": format_date(when) if when else "",
        "status": entry.status,
    }


def _site(config: Config) -> dict[str, str]:
    return {
        "title": config.site_title,
        "description": config.description,
        "language": config.language or "en",
    }


def _css(links: _Links) -> dict[str, Any]:
    from markupsafe import Markup

    if links.css_href:
        return {"href": links.css_href, "inline": ""}
    return {"href": "", "inline": Markup(theme_css())}  # our own stylesheet, not user input


def _entry_context(
    entry: Entry,
    config: Config,
    body_html: str,
    related: Sequence[Entry],
    links: _Links,
    *,
    for_preview: bool = False,
    cover_src: str | None = None,
) -> dict[str, Any]:
    """Every value the post template shows, as plain data (only ``body`` is pre-built HTML)."""
    from markupsafe import Markup

    when, updated = entry.when, _parse_iso(entry.updated)
    reading, words = _reading_parts(entry.words, config.wpm)
    meta: list[dict[str, str]] = []
    if entry.category:
        meta.append({"kind": "category", "text": entry.category})
    if when:
        meta.append({"kind": "date", "text": format_date(when), "datetime": when.isoformat()})
    meta.append({"kind": "reading", "text": reading})
    meta.append({"kind": "words", "text": words})

    name, role, bio, author_url = _author(entry, config)
    author_url = safe_url(author_url) or ""
    byline = {"name": name, "initials": initials(name), "role": role, "url": author_url}

    cover_url = cover_src if cover_src is not None else safe_url(entry.cover)
    description = entry.summary or entry.excerpt
    title = entry.title
    head_title = f"{title} · {config.site_title}" if config.site_title else title

    og: list[tuple[str, str]] = [("og:type", "article"), ("og:title", title)]
    if description:
        og.append(("og:description", description))
    if config.site_title:
        og.append(("og:site_name", config.site_title))
    if links.canonical:
        og.append(("og:url", links.canonical))
    image_abs = links.absolute(cover_url) if cover_url else None
    if image_abs:
        og.append(("og:image", image_abs))
    if when:
        og.append(("article:published_time", when.isoformat()))
    if updated:
        og.append(("article:modified_time", updated.isoformat()))
    og.extend(("article:tag", tag) for tag in entry.tags)

    json_ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": title,
        "wordCount": entry.words,
    }
    if description:
        json_ld["description"] = description
    if when:
        json_ld["datePublished"] = when.isoformat()
        json_ld["dateModified"] = (updated or when).isoformat()
    if name:
        json_ld["author"] = {"@type": "Person", "name": name}
        if author_url and not _is_relative(author_url):
            json_ld["author"]["url"] = author_url
    if entry.tags:
        json_ld["keywords"] = ", ".join(entry.tags)
    if entry.category:
        json_ld["articleSection"] = entry.category
    if links.canonical:
        json_ld["mainEntityOfPage"] = links.canonical
        json_ld["url"] = links.canonical
    if image_abs:
        json_ld["image"] = image_abs

    cta = config.cta
    cta_ctx = None
    if cta is not None:
        cta_url = safe_url(cta.url) or ""
        cta_ctx = {
            "title": cta.title,
            "text": cta.text,
            "url": cta_url,
            "label": cta.label or "Get in touch",
        }
        if not (cta_ctx["title"] or cta_ctx["text"] or cta_url):
            cta_ctx = None

    return {
        "site": _site(config),
        "theme_class": "",
        "body_class": "page-post",
        "for_preview": for_preview,
        "head": {
            "title": head_title,
            "description": description,
            "canonical": links.canonical or "",
            "og": og,
            "json_ld": json_ld,
            "feed_href": links.feed or "",
        },
        "css": _css(links),
        "back_href": links.back or "",
        "meta": meta,
        "post": {"title": title, "summary": entry.summary},
        "tags": [{"name": tag, "href": links.tag_href(tag) or ""} for tag in entry.tags],
        "byline": byline if name else None,
        "cover": {"src": cover_url, "alt": ""} if cover_url else None,
        "body": Markup(body_html),  # sanitized by render.sanitize(); the only trusted HTML
        "bio": {"name": name, "initials": initials(name), "text": bio, "url": author_url}
        if name and bio
        else None,
        "related": [_card(other, links.post_href(other), config.wpm) for other in related],
        "cta": cta_ctx,
    }


def page_context(
    post: Post,
    config: Config,
    *,
    rendered: Rendered,
    related: Sequence[Post],
    stats: TextStats,
    for_preview: bool = False,
    root_url: str | None = "index.html",
    css_href: str | None = None,
) -> dict[str, Any]:
    """The template values of a post page, for a post outside a site export (preview, one page).

    Related posts link to their source files relative to this post (the preview opens those).
    """
    from blogdesk.core.stats import visible_text

    config = _checked(config)
    entry = Entry.from_post(post, stats.words, _excerpt(visible_text(post.body)))
    base = Path(post.path).parent

    def source_href(other: Entry) -> str:
        return quote(Path(os.path.relpath(other.path, base)).as_posix())

    canonical = None
    slug = _safe_slug(post.slug)
    if config.base_url:
        canonical = _join_base(config.base_url, f"posts/{quote(slug)}/")
    links = _Links(
        back=safe_url(root_url) if root_url else None,
        css_href=css_href,
        canonical=canonical,
        post_href=source_href,
        absolute=lambda url: _absolute(config.base_url, canonical, url),
    )
    related_entries = [Entry.from_post(p, _words_of(p)) for p in related]
    return _entry_context(
        entry, config, rendered.html, related_entries, links, for_preview=for_preview
    )


def _words_of(post: Post) -> int:
    from blogdesk.core.stats import count_text

    return count_text(post.body).words


def _checked(config: Config) -> Config:
    """The config with a base URL that is an http(s) URL ending in '/', or none at all."""
    base = config.base_url.strip()
    if base and not (safe_url(base) and base.lower().startswith(("http://", "https://"))):
        base = ""  # "javascript:..." must not become the canonical link
    if base and not base.endswith("/"):
        base += "/"
    return config if base == config.base_url else replace(config, base_url=base)


def _join_base(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def _absolute(base_url: str, page_url: str | None, url: str) -> str | None:
    """An absolute http(s) URL for ``url`` as seen from the page, or None without a base URL."""
    if not _is_relative(url):
        return url if url.lower().startswith(("http:", "https:")) else None
    if not base_url or not page_url:
        return None
    return urljoin(page_url, url)


def render_post_page(
    post: Post,
    config: Config,
    *,
    library_posts: Sequence[Post] = (),
    rendered: Rendered | None = None,
    for_preview: bool = False,
    root_url: str | None = "index.html",
    css_href: str | None = None,
    theme: str | None = None,
) -> str:
    """The HTML of a post page: the ten parts of the published page, CSS by href or inline.

    ``for_preview`` puts the body in ``<div id="post-body">`` for the preview to patch;
    ``theme`` ("dark" or "light") forces a colour scheme instead of following the system.
    """
    from blogdesk.core.stats import count_text

    if rendered is None:
        rendered = render(post.body, RenderOptions(smart_quotes=config.smart_quotes))
    related = related_posts(post, library_posts) if library_posts else []
    context = page_context(
        post,
        config,
        rendered=rendered,
        related=related,
        stats=count_text(post.body),
        for_preview=for_preview,
        root_url=root_url,
        css_href=css_href,
    )
    if theme in ("dark", "light"):
        context["theme_class"] = f"theme-{theme}"
    return _env().get_template("post.html.j2").render(context)


# --- local files a page refers to --------------------------------------------------------------


def _local_target(src: str, post_dir: Path, root: Path) -> Path | None:
    """The file a relative image URL points to, if it exists inside the library root."""
    if not src or not _is_relative(src):
        return None
    path_part = unquote(urlsplit(src).path)
    if not path_part:
        return None
    bases = [root, root / "static"] if path_part.startswith("/") else [post_dir]
    root_real = root.resolve()
    for base in bases:
        candidate = (base / path_part.lstrip("/")).resolve()
        # confined to the library: "../../../etc/passwd" or a symlink out is not copied
        if candidate.is_file() and candidate.is_relative_to(root_real):
            return candidate
    return None


def _data_uri(path: Path) -> str:
    import base64
    import mimetypes

    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _copy_if_changed(source: Path, dest: Path) -> bool:
    """Copy with its mtime unless an identical-looking copy is there; True when copied."""
    try:
        if dest.exists() and os.path.samefile(source, dest):
            return False
        src_stat, dest_stat = source.stat(), dest.stat()
        if src_stat.st_size == dest_stat.st_size and src_stat.st_mtime_ns == dest_stat.st_mtime_ns:
            return False
    except FileNotFoundError:
        pass
    import shutil

    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, dest)
    return True


def _library_root(path: Path) -> Path:
    """The folder holding ``blogdesk.toml`` above a post, else the post's own folder."""
    from blogdesk.core.config import find_config_root

    return find_config_root(path.resolve().parent) or path.resolve().parent


def _load_config(root: Path) -> Config:
    from blogdesk.core.config import load_config

    return load_config(root)


# --- one post ----------------------------------------------------------------------------------


def export_post(path: Path, out: Path, *, embed_images: bool = False) -> Path:
    """Write one post as a standalone page (CSS inlined); its local images go beside it.

    Images keep their path relative to the post when that stays inside the output's folder;
    others go to ``<name>_files/``. ``embed_images`` puts them in the page as data: URIs.
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
    rendered = render(pf.body, RenderOptions(smart_quotes=config.smart_quotes))
    out_dir = out.parent if str(out.parent) else Path(".")
    post_dir = path.resolve().parent

    def place(src: str) -> str | None:
        target = _local_target(html_lib.unescape(src), post_dir, root)
        if target is None:
            return None
        if embed_images:
            return _data_uri(target)
        relative = Path(os.path.relpath(target, post_dir))
        if relative.parts and relative.parts[0] != ".." and not relative.is_absolute():
            dest_rel = relative
        else:
            dest_rel = Path(f"{out.stem}_files") / target.relative_to(root.resolve())
        _copy_if_changed(target, out_dir / dest_rel)
        return quote(dest_rel.as_posix())

    def replace_src(match: re.Match[str]) -> str:
        placed = place(match.group(2))
        return match.group(0) if placed is None else f"{match.group(1)}{placed}{match.group(3)}"

    body = _IMG_SRC.sub(replace_src, rendered.html)
    cover = safe_url(post.cover)
    if cover and _is_relative(cover):
        cover = place(cover)
    entry = Entry.from_post(post, count_text(pf.body).words, _excerpt_of(pf.body))
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
    out.write_text(page, encoding="utf-8")
    return out


def _excerpt_of(body: str) -> str:
    from blogdesk.core.stats import visible_text

    return _excerpt(visible_text(body))


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
    media: list[tuple[str, str]] = field(default_factory=list)  # (source file, dest under media/)
    links: list[tuple[str, str]] = field(default_factory=list)  # (escaped href, target post key)
    error: str | None = None


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


def _body_html(body: str, options: RenderOptions) -> str:
    """``render(body, options).html``, with one Markdown converter per thread kept between posts.

    ``render`` builds a converter for every call (about 0.6 ms, 5-10% of a post) and reads an
    outline the site does not use. ``Markdown.reset()`` clears every per-document state of the
    extensions render.py uses (references, footnotes, abbreviations, toc, the HTML stash), so
    the HTML is the same; a test renders documents in a row against fresh renders.
    """
    from blogdesk.core.render import new_markdown, sanitize

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


def _load_and_render(key: str, root: Path, options: RenderOptions, cache_dir: str) -> _Loaded:
    """Read and render one post; its body goes to the body cache (written by the worker, so the
    parent neither receives nor writes it)."""
    from blogdesk.core.stats import count_text, visible_text

    path = root / key
    loaded = _Loaded(key=key)
    try:
        post, (loaded.size, loaded.mtime_ns, loaded.sha256) = read_post(path)
        html = _body_html(post.body, options)
        words = count_text(post.body).words
        # the excerpt stands in for a missing summary (cards, description)
        excerpt = "" if post.summary else _excerpt(visible_text(post.body))
        loaded.entry = Entry.from_post(post, words, excerpt, key)
    except Exception as exc:  # one odd post must not stop the export of the others
        loaded.error = str(exc) if _is_post_error(exc) else f"{path}: {type(exc).__name__}: {exc}"
        return loaded
    body = _site_images(html, path.parent, root, loaded)
    loaded.links = _post_links(body, path.parent, root)
    loaded.body_sha = _sha(body)
    _write_file(Path(_body_cache_path(cache_dir, key)), body)
    return loaded


def _site_images(html: str, post_dir: Path, root: Path, loaded: _Loaded) -> str:
    """Point local images at their copy under ``media/`` (as seen from ``posts/<slug>/``)."""
    root_real = root.resolve()

    def replace_src(match: re.Match[str]) -> str:
        target = _local_target(html_lib.unescape(match.group(2)), post_dir, root)
        if target is None:
            return match.group(0)
        dest = "media/" + target.relative_to(root_real).as_posix()
        loaded.media.append((str(target), dest))
        return f"{match.group(1)}../../{quote(dest)}{match.group(3)}"

    return _IMG_SRC.sub(replace_src, html)


def _post_links(html: str, post_dir: Path, root: Path) -> list[tuple[str, str]]:
    """Links from a body to other posts' source files, to point them at the posts' pages."""
    found = []
    root_real = root.resolve()
    for attr, value in _URL_ATTR.findall(html):
        if attr != "href":
            continue
        url = html_lib.unescape(value)
        if not _is_relative(url):
            continue
        target_path = unquote(urlsplit(url).path)
        if not target_path.lower().endswith(POST_SUFFIXES):
            continue
        target = (post_dir / target_path).resolve()
        if target.is_relative_to(root_real):
            found.append((value, target.relative_to(root_real).as_posix()))
    return found


def _render_batch(
    keys: list[str], root: str, options: RenderOptions, cache_dir: str
) -> list[_Loaded]:
    """A worker process's share: read and render these posts."""
    return [_load_and_render(key, Path(root), options, cache_dir) for key in keys]


#: A page to write: (path under the output, template, context, body), where body is None or
#: (body cache file, link map): the worker reads the body and points links at post pages.
PageJob = tuple[str, str, dict[str, Any], "tuple[str, dict[str, str]] | None"]


def _page_html(env: jinja2.Environment, job: PageJob) -> str:
    _rel, template, context, body = job
    if body is not None:
        cache, link_map = body
        with open(cache, encoding="utf-8") as handle:
            context = {**context, "body": _markup(_rewrite_links(handle.read(), link_map))}
    return env.get_template(template).render(context)


def _write_page_batch(outdir: str, jobs: list[PageJob]) -> list[str]:
    """A worker process's share of pages: render each template and write the file."""
    env = _env()
    for job in jobs:
        _write_file(Path(outdir) / job[0], _page_html(env, job))
    return [job[0] for job in jobs]


def _write_file(target: Path, text: str) -> None:
    # Written in place: the manifest is saved last, so a page cut short by an interrupted
    # export still has its old inputs recorded and is written again next time.
    try:
        target.write_text(text, encoding="utf-8")
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _warm_up(options: RenderOptions) -> None:
    """Load the libraries and compile the regexes and templates every worker needs, once."""
    import blogdesk.core.library_yaml
    import blogdesk.core.post
    import blogdesk.core.stats  # noqa: F401

    sample = '# T\n\nA *b* `c` "d".[^1]\n\n| a |\n|---|\n| 1 |\n\n```python\nx = 1\n```\n'
    sample += "\n[^1]: e\n"
    _body_html(sample, options)  # the converter too is inherited
    env = _env()
    for name in ("post.html.j2", "index.html.j2", "tag.html.j2", "feed.xml.j2"):
        env.get_template(name)


def _mp_context() -> Any:
    """Fork is the quickest start, but forking a process with threads (the app) is unsafe."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() > 1 and "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context()


class _Workers:
    """Worker processes for the big jobs of an export (one per core), started only when needed."""

    def __init__(self, options: RenderOptions | None = None) -> None:
        self.options = options or RenderOptions()
        self.count = min(os.cpu_count() or 1, 8)
        self.pool: Any = None
        self.broken = False

    def usable(self, tasks: int) -> bool:
        return not self.broken and self.count >= 2 and tasks >= PARALLEL_MIN

    def map_batches(
        self, fn: Callable[..., list[Any]], batches: list[list[Any]], *args: Any
    ) -> Iterable[list[Any]]:
        """Run ``fn(*args, batch)`` over the batches, yielding results as they finish."""
        from concurrent.futures import ProcessPoolExecutor, as_completed

        if self.pool is None:
            context = _mp_context()
            if context.get_start_method() == "fork":
                _warm_up(self.options)  # forked workers inherit what the parent has loaded
            self.pool = ProcessPoolExecutor(max_workers=self.count, mp_context=context)
        futures = [self.pool.submit(fn, *args, batch) for batch in batches]
        for future in as_completed(futures):
            yield future.result()

    def batches(self, items: list[Any]) -> list[list[Any]]:
        # small batches keep the progress bar moving and both cores busy to the end
        size = max(4, min(32, len(items) // (self.count * 8) or 1))
        return [items[i : i + size] for i in range(0, len(items), size)]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None


def _render_many(
    keys: list[str],
    root: Path,
    options: RenderOptions,
    on_done: Callable[[_Loaded], None],
    cache_dir: str,
    workers: _Workers | None = None,
) -> None:
    """Render posts on every core when there are many; a process, not a thread, per core."""
    if workers is not None and workers.usable(len(keys)):
        done: set[str] = set()
        try:
            batches = workers.batches(keys)
            for results in workers.map_batches(
                _render_batch_args, batches, str(root), options, cache_dir
            ):
                for loaded in results:
                    done.add(loaded.key)
                    on_done(loaded)
            return
        except (OSError, ImportError, NotImplementedError, RuntimeError):
            workers.broken = True  # no processes here (a sandbox): finish in this one
        keys = [key for key in keys if key not in done]
    for key in keys:
        on_done(_load_and_render(key, root, options, cache_dir))


def _render_batch_args(
    root: str, options: RenderOptions, cache_dir: str, keys: list[str]
) -> list[_Loaded]:
    return _render_batch(keys, root, options, cache_dir)


# --- the site: scanning, the manifest, writing ------------------------------------------------


@dataclass
class ExportReport:
    """What an export did: pages written (relative to the output), posts skipped and why."""

    outdir: Path
    posts: int = 0  # posts with a page in the site
    rendered: int = 0  # posts read and rendered this time (the others came from the cache)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    left_out: int = 0  # drafts and scheduled posts, without --drafts
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


def _posts_dir(root: Path, config: Config) -> Path:
    if config.posts_dir:
        return root / config.posts_dir
    if not any((root / name).is_dir() for name in ("_posts", "content")):
        return root  # a plain folder of posts: no need to load the library module
    try:  # the library knows the usual layouts (_posts, content/posts, content)
        from blogdesk.core.library import find_posts_dir

        return Path(find_posts_dir(root))
    except Exception:  # not there, or not working: the whole root is scanned
        return root


def scan_posts(folder: Path, *, exclude: Sequence[Path] = ()) -> list[Path]:
    """Post files under ``folder``; hidden folders, build output and node_modules are skipped."""
    excluded = {p.resolve() for p in exclude}
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        current = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and d not in SKIP_DIRS
            and (current / d).resolve() not in excluded
        )
        for name in sorted(filenames):
            if not name.startswith(".") and name.lower().endswith(POST_SUFFIXES):
                found.append(current / name)
    return found


def _safe_slug(slug: str) -> str:
    from blogdesk.core.post import slugify

    # a front-matter slug such as "../../x" must not leave posts/
    return slugify(slug) or "post"


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
            slug = slugify(tag) or "tag"
            tag_slug[tag] = slug
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

    def needed(self, rel: str, inputs: str) -> bool:
        """Record the page; True if it must be (re)written."""
        self.current[rel] = inputs
        return self.previous.get(rel) != inputs or not os.path.isfile(f"{self.outdir}/{rel}")

    def write(self, rel: str, text: str) -> None:
        _write_file(self.outdir / rel, text)
        self.report.written.append(rel)

    def write_pages(self, jobs: list[PageJob], workers: _Workers) -> None:
        """Render and write many pages, in the worker processes when there are many."""
        if workers.usable(len(jobs)):
            try:
                for done in workers.map_batches(
                    _write_page_batch, workers.batches(jobs), str(self.outdir)
                ):
                    self.report.written.extend(done)
                return
            except (OSError, ImportError, NotImplementedError, RuntimeError):
                workers.broken = True
        env = _env()
        written = set(self.report.written)
        for job in jobs:
            if job[0] not in written:
                self.write(job[0], _page_html(env, job))


def _read_manifest(outdir: Path) -> dict[str, Any]:
    try:
        data = json.loads((outdir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return {}
    return data


def _cache_dir(outdir: Path) -> str:
    return f"{outdir}/{CACHE_DIR_NAME}/bodies"


def _body_cache_name(key: str) -> str:
    return f"{_sha(key)[:32]}.fragment"


def _body_cache_path(cache_dir: str, key: str) -> str:
    return f"{cache_dir}/{_body_cache_name(key)}"


def _body_cache(outdir: Path, key: str) -> Path:
    return Path(_body_cache_path(_cache_dir(outdir), key))


def export_site(
    root: Path,
    outdir: Path,
    *,
    drafts: bool = False,
    progress: Progress | None = None,
) -> ExportReport:
    """Export the blog in ``root`` as a static site in ``outdir``; see the module docstring."""
    started = time.perf_counter()
    root, outdir = Path(root).resolve(), Path(outdir).resolve()
    report = ExportReport(outdir=outdir)
    if outdir == root:
        raise ValueError(f"{outdir}: the output folder must not be the posts folder")
    config = _checked(_load_config(root))
    options = RenderOptions(smart_quotes=config.smart_quotes)
    render_key = _sha(f"{RENDER_VERSION}|{options}|{_templates_hash()}")
    page_key = _sha(f"{render_key}|{config!r}|{drafts}")

    manifest = _read_manifest(outdir)
    cached_posts: dict[str, Any] = (
        manifest.get("posts", {}) if manifest.get("render_key") == render_key else {}
    )
    files = scan_posts(_posts_dir(root, config), exclude=[outdir])
    keys = [path.relative_to(root).as_posix() for path in files]
    total = len(keys)
    done = 0

    def tick(label: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, label)

    # 1. reuse what did not change; read and render the rest
    entries: dict[str, Entry] = {}
    post_records: dict[str, dict[str, Any]] = {}
    to_render: list[str] = []
    cache_dir = _cache_dir(outdir)
    try:
        cached_bodies = set(os.listdir(cache_dir)) if cached_posts else set()
    except OSError:
        cached_bodies = set()
    for key in keys:
        record = cached_posts.get(key)
        if (
            record is not None
            and _body_cache_name(key) in cached_bodies
            and _unchanged(root / key, record)
        ):
            entries[key] = Entry.from_json(record["entry"])
            post_records[key] = record
            tick(key)
        else:
            to_render.append(key)

    def on_done(loaded: _Loaded) -> None:
        if loaded.entry is None:
            report.errors.append(loaded.error or f"{root / loaded.key}: could not be read")
        else:
            entries[loaded.key] = loaded.entry
            post_records[loaded.key] = {
                "size": loaded.size,
                "mtime_ns": loaded.mtime_ns,
                "sha256": loaded.sha256,
                "entry": _entry_json(loaded.entry),
                "body_sha": loaded.body_sha,
                "media": loaded.media,
                "links": loaded.links,
            }
        tick(loaded.key)

    workers = _Workers(options)
    try:
        if to_render:
            os.makedirs(cache_dir, exist_ok=True)
        _render_many(to_render, root, options, on_done, cache_dir, workers)
        report.rendered = len(to_render)
        _build_site(
            root,
            outdir,
            config,
            drafts,
            entries,
            post_records,
            manifest,
            report,
            workers,
            page_key,
            render_key,
            cached_posts,
        )
    finally:
        workers.close()
    report.seconds = time.perf_counter() - started
    return report


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
    render_key: str,
    cached_posts: Mapping[str, Any],
) -> None:
    """Write the pages whose inputs changed, remove what no longer belongs, save the manifest."""

    # 2. what goes in the site
    now = datetime.now(timezone.utc)
    entries = {key: entry.refreshed(now) for key, entry in entries.items()}
    visible = [e for e in entries.values() if drafts or e.status == "published"]
    report.left_out = len(entries) - len(visible)
    visible = _newest_first(visible)
    report.posts = len(visible)
    slugs = _assign_slugs(visible)
    tag_slug, tag_names = _tag_slugs(visible)

    signature = _sha(
        json.dumps(
            [[e.key, e.tags, e.category, e.date, e.status] for e in visible], ensure_ascii=False
        )
    )
    related = manifest.get("related")
    if manifest.get("related_signature") != signature or not isinstance(related, dict):
        related = _related_all(visible)

    writer = _Writer(outdir, manifest.get("outputs", {}), report)
    base_url = config.base_url

    def page_url(slug: str) -> str | None:
        return _join_base(base_url, f"posts/{quote(slug)}/") if base_url else None

    cache_dir = _cache_dir(outdir)

    def body_of(key: str) -> str:
        with open(_body_cache_path(cache_dir, key), encoding="utf-8") as handle:
            return handle.read()

    # 3. post pages: their inputs are hashed first, and only changed pages are built. A card
    # shows what _card takes from its entry (with the status and the href apart), so its hash
    # is kept in the post's record with the reading speed it was made for: an unchanged post's
    # card is neither built nor hashed again, and a new word count that leaves "4 min read"
    # as it was rewrites no page that shows the card.
    card_data: dict[str, dict[str, Any]] = {}

    def entry_sha(entry: Entry) -> str:
        record = post_records[entry.key]
        if "entry_sha" not in record:
            record["entry_sha"] = _sha(json.dumps(record["entry"], ensure_ascii=False))
        return str(record["entry_sha"])

    def card_sig(entry: Entry) -> str:
        record = post_records[entry.key]
        if record.get("card_wpm") != config.wpm or "card_sha" not in record:
            shown = {k: v for k, v in card(entry, "").items() if k != "status"}
            record["card_sha"] = _sha(json.dumps(shown, ensure_ascii=False))
            record["card_wpm"] = config.wpm
        return f"{record['card_sha']}:{entry.status}:{slugs[entry.key]}"

    def card(entry: Entry, href: str) -> dict[str, Any]:
        if entry.key not in card_data:
            card_data[entry.key] = _card(entry, "", config.wpm)
        return {**card_data[entry.key], "href": href}

    page_jobs: list[PageJob] = []
    for entry in visible:
        slug = slugs[entry.key]
        record = post_records[entry.key]
        shown = [entries[k] for k in related.get(entry.key, []) if k in slugs]
        link_map = {
            href: f"../{quote(slugs[target])}/index.html"
            for href, target in record.get("links", [])
            if target in slugs
        }
        cover = _site_cover(entry, root, record)
        rel = f"posts/{slug}/index.html"
        inputs = _sha(
            "\x1f".join(
                [
                    page_key,
                    slug,
                    entry_sha(entry),
                    entry.status,
                    "\x1e".join(tag_slug[t] for t in entry.tags),
                    "\x1e".join(map(card_sig, shown)),
                    json.dumps(link_map, ensure_ascii=False) if link_map else "",
                    cover,
                    record["body_sha"],
                ]
            )
        )
        if not writer.needed(rel, inputs):
            continue
        canonical = page_url(slug)
        links = _Links(
            back="../../index.html",
            css_href="../../assets/blogdesk.css",
            feed="../../feed.xml",
            canonical=canonical,
            tag_href=lambda tag: f"../../tags/{quote(tag_slug[tag])}/index.html",
            post_href=lambda other: f"../{quote(slugs[other.key])}/index.html",
            absolute=lambda url, c=canonical: _absolute(base_url, c, url),  # type: ignore[misc]
        )
        context = _entry_context(entry, config, "", shown, links, cover_src=cover)
        if not cover:
            context["cover"] = None
        body = (_body_cache_path(cache_dir, entry.key), link_map)
        page_jobs.append((rel, "post.html.j2", context, body))
    writer.write_pages(page_jobs, workers)

    # 4. index, tag pages, feed, stylesheet
    def cards(prefix: str, chosen: Iterable[Entry]) -> list[dict[str, Any]]:
        return [card(e, f"{prefix}posts/{quote(slugs[e.key])}/index.html") for e in chosen]

    head: dict[str, Any] = {"canonical": base_url or "", "og": [], "json_ld": None}
    index_ctx: dict[str, Any] = {
        "site": _site(config),
        "theme_class": "",
        "body_class": "page-index",
        "head": {
            **head,
            "title": config.site_title,
            "description": config.description,
            "feed_href": "feed.xml",
        },
        "css": _css(_Links(css_href="assets/blogdesk.css")),
        "feed_href": "feed.xml",
    }
    # the cards are built only for a page that is written; their signatures stand in for them
    index_inputs = json.dumps([page_key, _jsonable(index_ctx), [card_sig(e) for e in visible]])
    if writer.needed("index.html", _sha(index_inputs)):
        index_ctx["cards"] = cards("", visible)
        writer.write("index.html", _env().get_template("index.html.j2").render(index_ctx))

    by_tag: dict[str, list[Entry]] = defaultdict(list)
    for entry in visible:
        for slug in dict.fromkeys(tag_slug[t] for t in entry.tags):
            by_tag[slug].append(entry)
    for slug, tagged in sorted(by_tag.items()):
        name = tag_names[slug]
        tag_ctx: dict[str, Any] = {
            "site": _site(config),
            "theme_class": "",
            "body_class": "page-tag",
            "head": {
                **head,
                "canonical": _join_base(base_url, f"tags/{quote(slug)}/") if base_url else "",
                "title": f"{name} · {config.site_title}",
                "description": f"Posts tagged {name}",
                "feed_href": "../../feed.xml",
            },
            "css": _css(_Links(css_href="../../assets/blogdesk.css")),
            "back_href": "../../index.html",
            "tag": {"name": name},
        }
        rel = f"tags/{slug}/index.html"
        tag_inputs = json.dumps([page_key, _jsonable(tag_ctx), [card_sig(e) for e in tagged]])
        if writer.needed(rel, _sha(tag_inputs)):
            tag_ctx["cards"] = cards("../../", tagged)
            writer.write(rel, _env().get_template("tag.html.j2").render(tag_ctx))

    _write_feed(writer, config, visible, slugs, post_records, page_key, body_of)

    css = theme_css()
    if writer.needed("assets/blogdesk.css", _sha(css)):
        writer.write("assets/blogdesk.css", css)

    # 5. images, then what no longer belongs to the site
    media: dict[str, str] = {}
    for entry in visible:
        for source, dest in post_records[entry.key].get("media", []):
            media[dest] = source
        cover_media = post_records[entry.key].get("cover_media")
        if cover_media:
            media[cover_media[1]] = cover_media[0]
    for dest, source in media.items():
        writer.current[dest] = "media"
        with contextlib.suppress(OSError):
            if _copy_if_changed(Path(source), outdir / dest):
                report.written.append(dest)

    for rel in manifest.get("outputs", {}):
        if rel not in writer.current:
            with contextlib.suppress(OSError):
                (outdir / rel).unlink()
                report.removed.append(rel)
                _prune_empty(outdir, (outdir / rel).parent)
    kept = {key: post_records[key] for key in entries}
    for key in cached_posts.keys() - kept.keys():
        with contextlib.suppress(OSError):
            _body_cache(outdir, key).unlink()

    new_manifest = {
        "version": MANIFEST_VERSION,
        "render_key": render_key,
        "posts": kept,
        "related_signature": signature,
        "related": related,
        "outputs": writer.current,
    }
    _atomic_text(outdir / MANIFEST_NAME, json.dumps(new_manifest, ensure_ascii=False))


def _unchanged(path: Path, record: Mapping[str, Any]) -> bool:
    """Same size and mtime, or (after a touch) the same bytes; updates the record's mtime."""
    try:
        stat = path.stat()
    except OSError:
        return False
    if stat.st_size != record.get("size"):
        return False
    if stat.st_mtime_ns == record.get("mtime_ns"):
        return True
    try:
        same = _sha(path.read_bytes()) == record.get("sha256")
    except OSError:
        return False
    if same:
        record["mtime_ns"] = stat.st_mtime_ns  # type: ignore[index]
    return same


def _entry_json(entry: Entry) -> dict[str, Any]:
    # by hand: dataclasses.asdict deep-copies every value (0.3 ms a post in the parent)
    data = {name: getattr(entry, name) for name in _ENTRY_FIELDS}
    data["categories"] = list(entry.categories)
    data["tags"] = list(entry.tags)
    return data


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


def _site_cover(entry: Entry, root: Path, record: dict[str, Any]) -> str:
    """The cover's src on a post page: remote as is, local copied under media/, else none."""
    url = safe_url(entry.cover)
    record.pop("cover_media", None)
    if not url:
        return ""
    if not _is_relative(url):
        return url
    target = _local_target(url, (root / entry.key).parent, root)
    if target is None:
        return ""
    dest = "media/" + target.relative_to(root.resolve()).as_posix()
    record["cover_media"] = [str(target), dest]
    return "../../" + quote(dest)


def _write_feed(
    writer: _Writer,
    config: Config,
    visible: Sequence[Entry],
    slugs: Mapping[str, str],
    records: Mapping[str, Mapping[str, Any]],
    page_key: str,
    body_of: Callable[[str], str],
) -> None:
    """``feed.xml``: the newest published posts as Atom 1.0, with the full HTML of each."""
    base_url = config.base_url
    published = [e for e in visible if e.status == "published"][:FEED_LIMIT]
    site_id = base_url or _urn(f"blogdesk:{config.site_title}")
    summary_inputs = [
        [e.key, _entry_json(e), slugs[e.key], records[e.key]["body_sha"]] for e in published
    ]
    inputs = _sha(json.dumps([page_key, summary_inputs], ensure_ascii=False, default=str))
    if not writer.needed("feed.xml", inputs):
        return

    def stamp(entry: Entry) -> tuple[str, str]:
        when = entry.when or datetime.fromtimestamp(
            Path(entry.path).stat().st_mtime if Path(entry.path).exists() else 0, timezone.utc
        )
        updated = _parse_iso(entry.updated) or when
        return _rfc3339(when), _rfc3339(max(updated, when))

    items: list[dict[str, Any]] = []
    for entry in published:
        slug = slugs[entry.key]
        page_dir = f"posts/{quote(slug)}/"
        href = _join_base(base_url, page_dir) if base_url else page_dir + "index.html"
        link_map = {
            h: f"../{quote(slugs[t])}/index.html"
            for h, t in records[entry.key].get("links", [])
            if t in slugs
        }
        body = _rewrite_links(body_of(entry.key), link_map)
        content = _feed_urls(body, _join_base(base_url, page_dir) if base_url else None, page_dir)
        published_at, updated_at = stamp(entry)
        name, *_rest = _author(entry, config)
        items.append(
            {
                "id": href if base_url else _urn(f"{site_id}/{slug}"),
                "title": entry.title,
                "published": published_at,
                "updated": updated_at,
                "href": href,
                "author": name,
                "categories": list(dict.fromkeys((*entry.categories, *entry.tags))),
                "summary": entry.summary,
                "content": content,
            }
        )
    stamps = [_parse_iso(str(item["updated"])) for item in items]
    newest = max((stamp for stamp in stamps if stamp is not None), default=None)
    updated = _rfc3339(newest or datetime.now(timezone.utc))
    feed = {
        "id": site_id,
        "title": config.site_title,
        "subtitle": config.description,
        "language": config.language or "en",
        "updated": updated,
        "self_href": _join_base(base_url, "feed.xml") if base_url else "",
        "home_href": base_url or "index.html",
        # Atom needs an author on the feed or on every entry
        "author": config.author.name or config.site_title or "Unknown",
    }
    writer.write("feed.xml", _env().get_template("feed.xml.j2").render(feed=feed, entries=items))


def _urn(name: str) -> str:
    """A stable Atom id for a site without a base URL."""
    import uuid

    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _feed_urls(html: str, page_url: str | None, page_dir: str) -> str:
    """Relative URLs in a body made absolute (with a base URL) or relative to the feed."""

    def fix(match: re.Match[str]) -> str:
        attr, value = match.group(1), match.group(2)
        url = html_lib.unescape(value)
        if not url or not (_is_relative(url) or url.startswith("#")):
            return match.group(0)
        if page_url:
            fixed = urljoin(page_url, url)
        elif url.startswith("#"):
            fixed = page_dir + "index.html" + url
        else:
            fixed = posixpath.normpath(posixpath.join(page_dir, url))
        return f'{attr}="{html_lib.escape(fixed)}"'

    return _URL_ATTR.sub(fix, html)


def _prune_empty(outdir: Path, folder: Path) -> None:
    while folder != outdir and folder.is_relative_to(outdir):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _atomic_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
