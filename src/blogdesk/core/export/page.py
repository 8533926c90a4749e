"""The post page: the templates (one Jinja environment, autoescaped), the theme's CSS, and the
values the post template shows (:func:`page_context`), for the preview, one page and the site.

Every URL from front matter passes :func:`safe_url` or is dropped; the body is the only HTML
marked safe (``render`` sanitized it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

from blogdesk.core.export.entry import Entry, _parse_iso, _safe_slug
from blogdesk.core.export.related import related_posts
from blogdesk.core.render import Rendered, RenderOptions, render

if TYPE_CHECKING:
    import jinja2

    from blogdesk.core.config import Config
    from blogdesk.core.post import Post
    from blogdesk.core.stats import TextStats

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_URL_ATTR = re.compile(r'\b(href|src)="([^"]*)"')


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    """The ``blogdesk.resources`` folder (``resources/`` mapped into the installed package)."""
    from blogdesk.core.packaged import resource_folder

    return resource_folder()


@lru_cache(maxsize=2)
def _environment(templates: Path) -> jinja2.Environment:
    import jinja2

    class PageEnvironment(jinja2.Environment):
        """Jinja's environment with ``value.key`` on the plain dicts of a page context looked up
        as an item at once. Jinja tries the attribute first and the item after the
        AttributeError: about a fifth of a page's render time went to those exceptions. A dict
        instance has no attributes but its class's, so the result is the same."""

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            return super().getattr(obj, attribute)

    # autoescape=True, not select_autoescape(): the latter leaves *.html.j2 unescaped.
    # auto_reload=False: the templates are the package's own and fixed while it runs (the
    # export record's template hash is read once a process too); without it every
    # get_template stats the file.
    return PageEnvironment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
        auto_reload=False,
    )


#: Every attribute a dict has (its class's): ``getattr`` on a dict finds nothing else.
_DICT_ATTRIBUTES = frozenset(dir(dict))


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


@lru_cache(maxsize=64)  # a site has a few authors, each shown twice on each of its pages
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


@dataclass(frozen=True)
class _Shown:
    """What several parts of a post page say about the post, worked out once."""

    title: str
    description: str
    when: datetime | None
    updated: datetime | None
    author: str
    author_url: str
    cover_url: str | None
    image_abs: str | None  # the cover as an absolute URL, for Open Graph and JSON-LD


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

    name, role, bio, author_url = _author(entry, config)
    cover_url = cover_src if cover_src is not None else safe_url(entry.cover)
    shown = _Shown(
        title=entry.title,
        description=entry.summary or entry.excerpt,
        when=entry.when,
        updated=_parse_iso(entry.updated),
        author=name,
        author_url=safe_url(author_url) or "",
        cover_url=cover_url,
        image_abs=links.absolute(cover_url) if cover_url else None,
    )
    title = shown.title
    return {
        "site": _site(config),
        "theme_class": "",
        "body_class": "page-post",
        "for_preview": for_preview,
        "head": _head(entry, config, links, shown),
        "css": _css(links),
        "back_href": links.back or "",
        "meta": _meta_items(entry, config, shown.when),
        "post": {"title": title, "summary": entry.summary},
        "tags": [{"name": tag, "href": links.tag_href(tag) or ""} for tag in entry.tags],
        "byline": _byline(shown, role) if name else None,
        "cover": {"src": cover_url, "alt": ""} if cover_url else None,
        "body": Markup(body_html),  # sanitized by render.sanitize(); the only trusted HTML
        "bio": _bio(shown, bio),
        "related": [_card(other, links.post_href(other), config.wpm) for other in related],
        "cta": _cta(config),
    }


def _meta_items(entry: Entry, config: Config, when: datetime | None) -> list[dict[str, str]]:
    """The line under the title: category, date, reading time, word count."""
    reading, words = _reading_parts(entry.words, config.wpm)
    meta: list[dict[str, str]] = []
    if entry.category:
        meta.append({"kind": "category", "text": entry.category})
    if when:
        meta.append({"kind": "date", "text": format_date(when), "datetime": when.isoformat()})
    meta.append({"kind": "reading", "text": reading})
    meta.append({"kind": "words", "text": words})
    return meta


def _byline(shown: _Shown, role: str) -> dict[str, str]:
    name = shown.author
    return {"name": name, "initials": initials(name), "role": role, "url": shown.author_url}


def _bio(shown: _Shown, bio: str) -> dict[str, str] | None:
    """The author box after the post: only for a named author with a bio."""
    name = shown.author
    if not (name and bio):
        return None
    return {"name": name, "initials": initials(name), "text": bio, "url": shown.author_url}


def _head(entry: Entry, config: Config, links: _Links, shown: _Shown) -> dict[str, Any]:
    """The ``<head>``: title, description, canonical link, Open Graph, JSON-LD and the feed."""
    title = shown.title
    return {
        "title": f"{title} · {config.site_title}" if config.site_title else title,
        "description": shown.description,
        "canonical": links.canonical or "",
        "og": _open_graph(entry, config, links, shown),
        "json_ld": _json_ld(entry, links, shown),
        "feed_href": links.feed or "",
    }


def _open_graph(entry: Entry, config: Config, links: _Links,
                shown: _Shown) -> list[tuple[str, str]]:
    og: list[tuple[str, str]] = [("og:type", "article"), ("og:title", shown.title)]
    if shown.description:
        og.append(("og:description", shown.description))
    if config.site_title:
        og.append(("og:site_name", config.site_title))
    if links.canonical:
        og.append(("og:url", links.canonical))
    if shown.image_abs:
        og.append(("og:image", shown.image_abs))
    if shown.when:
        og.append(("article:published_time", shown.when.isoformat()))
    if shown.updated:
        og.append(("article:modified_time", shown.updated.isoformat()))
    og.extend(("article:tag", tag) for tag in entry.tags)
    return og


def _json_ld(entry: Entry, links: _Links, shown: _Shown) -> dict[str, Any]:
    """schema.org's BlogPosting for the page (rendered through ``|tojson``)."""
    json_ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": shown.title,
        "wordCount": entry.words,
    }
    if shown.description:
        json_ld["description"] = shown.description
    if shown.when:
        json_ld["datePublished"] = shown.when.isoformat()
        json_ld["dateModified"] = (shown.updated or shown.when).isoformat()
    if shown.author:
        json_ld["author"] = {"@type": "Person", "name": shown.author}
        if shown.author_url and not _is_relative(shown.author_url):
            json_ld["author"]["url"] = shown.author_url
    if entry.tags:
        json_ld["keywords"] = ", ".join(entry.tags)
    if entry.category:
        json_ld["articleSection"] = entry.category
    if links.canonical:
        json_ld["mainEntityOfPage"] = links.canonical
        json_ld["url"] = links.canonical
    if shown.image_abs:
        json_ld["image"] = shown.image_abs
    return json_ld


def _cta(config: Config) -> dict[str, str] | None:
    """The call to action under the post, or None when the config has nothing to show."""
    cta = config.cta
    if cta is None:
        return None
    cta_url = safe_url(cta.url) or ""
    if not (cta.title or cta.text or cta_url):
        return None
    return {
        "title": cta.title,
        "text": cta.text,
        "url": cta_url,
        "label": cta.label or "Get in touch",
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
