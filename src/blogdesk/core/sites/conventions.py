"""Each generator's conventions for posts, as pure functions of a Site and a path or text.

- where a post's date comes from when its front matter has none (Jekyll's and Eleventy's
  ``YYYY-MM-DD-slug.md``; Zola's ``YYYY-MM-DD-slug`` or ``YYYY-MM-DD_slug`` file or folder name);
- which files are drafts (Jekyll's ``_drafts/``, dated by their file's time when undated) and
  which are not posts at all (Hugo's and Zola's ``_index.md`` section pages, the pages at a
  Jekyll site's root): :func:`post_filter`, the one rule the library, export and status use;
- a post's published URL from the site's permalink pattern (:func:`post_target`, which the
  template tags ``post_url``, ``link`` and ``ref`` resolve through);
- the library's own style for new posts, inferred from its existing posts (:func:`infer_style`)
  and applied by :func:`new_post_text`; :func:`new_post` also picks the folder and file name
  (the one way the app and ``blogdesk new`` write a new post).

Paths are relative to the library root or site root, with ``/`` separators.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from blogdesk.core.config import toml_reader
from blogdesk.core.post import dated_name, parse_date, slugify, split_terms
from blogdesk.core.sites.config import Site

if TYPE_CHECKING:  # the template tags' module (its patterns) loads when a post is rendered
    from blogdesk.core.sites.templates import PostTarget

__all__ = [
    "NewPost",
    "NewPostStyle",
    "base_path",
    "draft_date",
    "file_name_for",
    "find_posts_dir",
    "infer_style",
    "is_draft_path",
    "is_post_path",
    "jekyll_root_with_drafts",
    "library_style",
    "lists_drafts",
    "new_post",
    "new_post_text",
    "page_variables",
    "path_date",
    "path_slug",
    "permalink_for",
    "post_filter",
    "post_target",
    "unique_path",
]

_INDEX_STEMS = ("index", "_index")


def _parts(rel_path: str) -> PurePosixPath:
    return PurePosixPath(rel_path.replace("\\", "/"))


def _dated_part(site: Site, rel_path: str) -> tuple[dt.date, str] | None:
    """The date and the rest of the name where the generator reads a date from the path."""
    path = _parts(rel_path)
    generator = site.generator
    if generator in ("jekyll", "eleventy", "blogdesk"):
        return dated_name(path.stem, "-")
    if generator == "zola":
        if path.stem in _INDEX_STEMS and len(path.parts) > 1:
            return dated_name(path.parent.name, "-_")  # a page bundle: 2024-05-01-slug/index.md
        return dated_name(path.stem, "-_")
    if generator == "pelican":
        return _pelican_file_name(site, path.stem)
    if generator == "hugo" and _hugo_reads_file_name_dates(site):
        name = path.parent.name if path.stem in _INDEX_STEMS and len(path.parts) > 1 else path.stem
        return dated_name(name, "-")
    return None


# Pelican's default FILENAME_METADATA, and the start a setting must share to be followed here:
# the setting is a regular expression from the config, never run (it could be made to take
# forever), only recognised.
_PELICAN_DATE_START = r"(?P<date>\d{4}-\d{2}-\d{2})"


def _pelican_file_name(site: Site, stem: str) -> tuple[dt.date, str] | None:
    """Pelican takes a date (and a slug) from the file name when FILENAME_METADATA says so."""
    pattern = site.variables.get("FILENAME_METADATA", _PELICAN_DATE_START + ".*")
    if not isinstance(pattern, str) or not pattern.startswith(_PELICAN_DATE_START):
        return None
    found = dated_name(stem, "-_")
    if found is None or "(?P<slug>" in pattern:
        return found
    return found[0], stem  # the date only: the slug is not taken from the name


def _hugo_reads_file_name_dates(site: Site) -> bool:
    """Hugo does when its ``[frontmatter] date`` list holds ``:filename``."""
    front = site.variables.get("frontmatter")
    dates = front.get("date") if isinstance(front, Mapping) else None
    return isinstance(dates, list) and ":filename" in dates


def path_date(site: Site, rel_path: str) -> dt.date | None:
    """The date the generator takes from the post's file or folder name, or None."""
    found = _dated_part(site, rel_path)
    return found[0] if found else None


def path_slug(site: Site, rel_path: str) -> str:
    """The slug the generator takes from the path: the name without its date prefix."""
    path = _parts(rel_path)
    found = _dated_part(site, rel_path)
    if found is not None:
        return found[1]
    if path.stem in _INDEX_STEMS and len(path.parts) > 1:
        return path.parent.name
    return path.stem


def is_draft_path(site: Site, rel_path: str) -> bool:
    """True for a file the generator treats as a draft by where it is (Jekyll's ``_drafts/``)."""
    return site.generator == "jekyll" and "_drafts" in _parts(rel_path).parts


def is_post_path(site: Site, rel_path: str) -> bool:
    """False for files that are not posts: Hugo's and Zola's ``_index.md`` section pages."""
    # asked for every file of a library at each open: no path object unless it can matter
    return (site.generator not in ("hugo", "zola") or "_index" not in rel_path
            or _parts(rel_path).stem != "_index")


def lists_drafts(site: Site, folder: Path | str) -> bool:
    """True when the library at ``folder`` is a Jekyll site's root with a ``_drafts`` folder:
    it then lists ``_posts/`` and ``_drafts/`` (at any depth), as ``jekyll serve --drafts``
    builds them, and a new post starts in ``_drafts/``."""
    return (site.generator == "jekyll" and site.root is not None
            and os.path.realpath(folder) == os.path.realpath(site.root)
            and os.path.isdir(os.path.join(folder, "_drafts")))


def jekyll_root_with_drafts(folder: Path) -> bool:
    """True when ``folder`` is a Jekyll site's root with ``_posts`` and ``_drafts`` beside each
    other: the library's posts folder is then the root itself (:func:`lists_drafts`)."""
    if not (folder / "_posts").is_dir() or not (folder / "_drafts").is_dir():
        return False
    from blogdesk.core.sites.detect import find_generator

    found = find_generator(folder)
    return found is not None and found[0] == "jekyll" and found[1] == folder.resolve()


def find_posts_dir(root: Path) -> Path:
    """The posts folder of a site root (``_posts``, ``content/posts``, ``content``), else root.

    A Jekyll site with ``_drafts`` beside ``_posts`` is its own posts folder: both are listed.
    """
    if jekyll_root_with_drafts(root):
        return root
    for candidate in ("_posts", "content/posts", "content"):
        folder = root / candidate
        if folder.is_dir():
            return folder
    return root


def post_filter(site: Site, folder: Path | str) -> Callable[[str], bool]:
    """Which files below ``folder`` (paths relative to it, ``/`` separators) the generator
    publishes as posts or drafts: not section pages (:func:`is_post_path`), and at a Jekyll
    site's root only what is in ``_posts`` or ``_drafts`` (``index.md``, ``about.md`` and the
    README are pages)."""
    jekyll_root = site.generator == "jekyll" and site.root is not None and (
        os.path.realpath(folder) == os.path.realpath(site.root))

    def keep(rel: str) -> bool:
        if not is_post_path(site, rel):
            return False
        if not jekyll_root:
            return True
        folders = rel.split("/")[:-1]
        return "_posts" in folders or "_drafts" in folders

    return keep


def list_rules(site: Site) -> str:
    """What the functions above read of ``site`` to list a post (which files, dates and drafts
    by path), as text: a library index read under other rules reads its files again."""
    variables = site.variables
    return repr((site.generator, os.fspath(site.root or ""),
                 variables.get("FILENAME_METADATA"), variables.get("frontmatter")))


def draft_date(site: Site, rel_path: str, mtime: float) -> dt.datetime | None:
    """A Jekyll draft's date when its front matter has none: the file's modification time, as
    ``jekyll serve --drafts`` dates it. None for any other file."""
    if not is_draft_path(site, rel_path):
        return None
    return dt.datetime.fromtimestamp(mtime).replace(microsecond=0)


# --- URLs --------------------------------------------------------------------------------------


def permalink_for(site: Site, rel_path: str, metadata: Mapping[str, Any]) -> str:
    """The post's published URL path (``/2024/05/01/notes/``) from the site's permalink rule.

    Front matter ``permalink`` (Jekyll) or ``url`` (Hugo) wins. The site's own URL is not
    included; a pattern blogdesk cannot follow falls back to ``/<slug>/``.
    """
    for key in ("permalink", "url"):
        value = metadata.get(key)
        if isinstance(value, str) and value.strip():
            return "/" + value.strip().lstrip("/")
    slug = _slug(site, rel_path, metadata)
    date = parse_date(metadata.get("date")) or _as_datetime(path_date(site, rel_path))
    pattern = _pattern(site, rel_path)
    if not pattern:
        return _default_url(site, rel_path, slug)
    if site.generator == "pelican":
        url = _pelican_url(pattern, slug, date, metadata)
    else:
        url = _colon_url(site, pattern, rel_path, slug, date, metadata)
    return "/" + url.lstrip("/")


def post_target(site: Site, rel_path: str, metadata: Mapping[str, Any]) -> PostTarget:
    """The record the template tags resolve a post through: its path, URL, title and date.

    The URL is what ``post_url``/``link`` (Jekyll 4 puts ``baseurl`` in front) and ``relref``
    (Hugo puts the path of ``baseURL`` in front) write for it.
    """
    from blogdesk.core.sites.templates import PostTarget

    title = metadata.get("title")
    date = parse_date(metadata.get("date")) or _as_datetime(path_date(site, rel_path))
    return PostTarget(
        rel_path.replace("\\", "/"),
        base_path(site) + permalink_for(site, rel_path, metadata),
        title if isinstance(title, str) else "",
        date.isoformat() if date else "",
    )


def page_variables(site: Site, rel_path: str, metadata: Mapping[str, Any]) -> dict[str, Any]:
    """``page.*`` for the template tags of a post: its front matter, plus what Jekyll adds
    (``url``, ``path``, ``slug``, ``date`` as a date, ``tags`` and ``categories`` as lists)."""
    page = dict(metadata)
    date = parse_date(metadata.get("date")) or _as_datetime(path_date(site, rel_path))
    if date is not None:
        page["date"] = date
    page.setdefault("url", base_path(site) + permalink_for(site, rel_path, metadata))
    page.setdefault("path", rel_path.replace("\\", "/"))
    page.setdefault("slug", _slug(site, rel_path, metadata))
    page["tags"] = list(split_terms(metadata.get("tags")))
    categories = metadata.get("categories", metadata.get("category"))
    page["categories"] = list(split_terms(categories, single="categories" not in metadata))
    return page


def base_path(site: Site) -> str:
    """The path every URL of the site starts with ("" for the root): ``/blog``."""
    if site.generator == "jekyll":
        base = site.baseurl
    else:
        base = urllib.parse.urlsplit(site.url).path if site.url else ""
    return "/" + base.strip("/") if base.strip("/") else ""


def _slug(site: Site, rel_path: str, metadata: Mapping[str, Any]) -> str:
    slug = metadata.get("slug")
    if isinstance(slug, str) and slug.strip():
        return slug.strip()
    return path_slug(site, rel_path)


def _as_datetime(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime(day.year, day.month, day.day) if day else None


def _pattern(site: Site, rel_path: str) -> str:
    if site.generator == "hugo":
        section = _hugo_section(site, rel_path)
        return site.permalinks.get(section, "")
    return site.permalink


def _hugo_section(site: Site, rel_path: str) -> str:
    parts = _parts(rel_path).parts
    content = site.content_dir.strip("/")
    if content and parts and parts[0] == content:
        parts = parts[1:]
    return parts[0] if len(parts) > 1 else ""


def _default_url(site: Site, rel_path: str, slug: str) -> str:
    path = _parts(rel_path)
    if site.generator in ("hugo", "zola"):
        parts = list(path.parts)
        content = site.content_dir.strip("/")
        if content and parts and parts[0] == content:
            parts = parts[1:]
        folders = parts[:-2] if path.stem in _INDEX_STEMS and len(parts) > 1 else parts[:-1]
        return "/" + "/".join([*folders, slug]) + "/"
    return f"/{slug}/"


def _colon_url(site: Site, pattern: str, rel_path: str, slug: str, date: dt.datetime | None,
               metadata: Mapping[str, Any]) -> str:
    categories = metadata.get("categories", metadata.get("category", ""))
    if isinstance(categories, str):
        categories = categories.split()
    category_path = "/".join(slugify(str(c)) for c in categories or [])
    title = metadata.get("title") if isinstance(metadata.get("title"), str) else ""
    values = {
        "slug": slug,
        "title": slug if site.generator == "jekyll" else slugify(title or slug),
        "slugorfilename": slug,
        "slugorcontentbasename": slug,
        "filename": path_slug(site, rel_path),
        "contentbasename": path_slug(site, rel_path),
        "categories": category_path,
        "section": _hugo_section(site, rel_path),
        "output_ext": ".html",
    }
    if date is not None:
        values.update({
            "year": f"{date.year:04d}", "month": f"{date.month:02d}", "day": f"{date.day:02d}",
            "i_month": str(date.month), "i_day": str(date.day),
            "short_year": f"{date.year % 100:02d}",
            "monthname": date.strftime("%B"), "y_day": f"{date.timetuple().tm_yday:03d}",
        })  # fmt: skip

    def put(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    url = re.sub(r":([a-z_]+)", put, pattern)
    return re.sub(r"/{2,}", "/", url)


def _pelican_url(pattern: str, slug: str, date: dt.datetime | None,
                 metadata: Mapping[str, Any]) -> str:
    """Pelican's ``ARTICLE_URL``: ``{slug}``, ``{category}``, ``{lang}``, ``{date:%Y}``."""

    def put(match: re.Match[str]) -> str:
        name, _, spec = match.group(1).partition(":")
        if name == "date":
            return date.strftime(spec or "%Y-%m-%d") if date else match.group(0)
        if name == "slug":
            return slug
        if name == "category":
            return slugify(str(metadata.get("category", "misc")))
        if name == "lang":
            return str(metadata.get("lang", "en"))
        return match.group(0)

    return re.sub(r"\{([^{}]+)\}", put, pattern)


# --- new posts in the library's own style ------------------------------------------------------


@dataclass(frozen=True)
class NewPostStyle:
    """How this library writes its posts, so a new one looks like its neighbours."""

    file_pattern: str = "{slug}.md"  # blogdesk.toml's syntax: {slug} {date} {year} {month} {day}
    front_matter: str = "yaml"  # "yaml" (--- fences) or "toml" (+++ fences)
    date_format: str = "%Y-%m-%d"  # a strftime pattern
    tags_inline: bool = True  # tags: [a, b] rather than one "- a" line each
    blank_line_after_front_matter: bool = True
    final_newline: bool = True
    #: How a draft says so: ``draft: true`` (Hugo, Eleventy, Zola, blogdesk), ``published:
    #: false`` (Jekyll), or "" where the folder says it (Jekyll's ``_drafts/``).
    draft_key: str = "draft"


def style_for(site: Site) -> NewPostStyle:
    """The generator's usual style, for a library with no posts to learn from."""
    if site.generator == "jekyll":
        return NewPostStyle(file_pattern="{date}-{slug}.md", date_format="%Y-%m-%d %H:%M:%S %z",
                            draft_key="published")
    if site.generator == "hugo":
        return NewPostStyle(date_format="%Y-%m-%dT%H:%M:%S%:z")
    if site.generator == "pelican":
        return NewPostStyle(front_matter="pelican", date_format="%Y-%m-%d %H:%M")
    return NewPostStyle()


class _StylePatterns:
    """The patterns that read a library's style and write a new post's front matter: only a
    new post needs them, so they are compiled on its first use (:func:`_patterns`), not when a
    command imports this module."""

    def __init__(self) -> None:
        self.jekyll_name = re.compile(r"^\d{4}-\d{2}-\d{2}-.+\.(?:md|markdown)$")
        self.year_folder = re.compile(r"^\d{4}$")
        self.fence_end = {
            "yaml": re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE),
            "toml": re.compile(r"^\+\+\+[ \t]*\r?$", re.MULTILINE),
        }
        self.pelican_title = re.compile(r"^[ ]{0,3}[Tt]itle:[ \t]*\S")
        self.date_line = re.compile(
            r"^date[ \t]*[:=][ \t]*['\"]?([^'\"\n]+?)['\"]?[ \t]*$", re.MULTILINE
        )
        self.tags_line = re.compile(r"^tags[ \t]*[:=][ \t]*(.*)$", re.MULTILINE)
        self.date_shapes = tuple((re.compile(shape), fmt) for shape, fmt in _DATE_SHAPES)
        self.plain_yaml = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .,'()/&+!?;-]*$")


@functools.cache
def _patterns() -> _StylePatterns:
    return _StylePatterns()


def infer_style(site: Site, posts: Iterable[tuple[str, str]], limit: int = 200) -> NewPostStyle:
    """The style most of the library's posts follow; ``posts`` is ``(relative path, text)``.

    Each feature is a majority vote over at most ``limit`` posts; a feature no post shows keeps
    the generator's usual value (:func:`style_for`).
    """
    base = style_for(site)
    names: Counter[str] = Counter()
    fences: Counter[str] = Counter()
    dates: Counter[str] = Counter()
    inline: Counter[bool] = Counter()
    blank: Counter[bool] = Counter()
    final: Counter[bool] = Counter()
    for count, (rel_path, text) in enumerate(posts):
        if count >= limit:
            break
        names[_name_pattern(rel_path)] += 1
        if text:
            final[text.endswith("\n")] += 1
        fence = "toml" if text.startswith("+++") else "yaml" if text.startswith("---") else ""
        if not fence:
            if _patterns().pelican_title.match(text):
                fences["pelican"] += 1
            continue
        fences[fence] += 1
        close = _patterns().fence_end[fence].search(text, 3)
        if close is None:
            continue
        front = text[3:close.start()]
        after = text[close.end():close.end() + 5]
        if after.strip():  # a body follows: is there a blank line before it?
            blank[after.startswith(("\n\n", "\r\n\r\n"))] += 1
        date = _patterns().date_line.search(front)
        if date:
            dates[_date_format(date.group(1).strip())] += 1
        tags = _patterns().tags_line.search(front)
        if tags:
            value = tags.group(1).strip()
            if value.startswith("["):
                inline[True] += 1
            elif not value:
                inline[False] += 1

    def vote(counter: Counter[Any], default: Any) -> Any:
        counter.pop("", None)
        return counter.most_common(1)[0][0] if counter else default

    return NewPostStyle(
        draft_key=base.draft_key,
        file_pattern=vote(names, base.file_pattern),
        front_matter=vote(fences, base.front_matter),
        date_format=vote(dates, base.date_format),
        tags_inline=vote(inline, base.tags_inline),
        blank_line_after_front_matter=vote(blank, base.blank_line_after_front_matter),
        final_newline=vote(final, base.final_newline),
    )


def _name_pattern(rel_path: str) -> str:
    path = _parts(rel_path)
    if path.name in ("index.md", "index.markdown") and len(path.parts) > 1:
        return "{slug}/index.md"
    if _patterns().jekyll_name.match(path.name):
        return "{date}-{slug}" + path.suffix
    if len(path.parts) > 1 and _patterns().year_folder.match(path.parts[-2]):
        return "{year}/{slug}" + path.suffix
    return "{slug}" + path.suffix if path.suffix in (".md", ".markdown") else ""


#: The date shapes a library's posts may use, and the strftime pattern that writes each.
_DATE_SHAPES = (
    (r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d"),
    (r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", "%Y-%m-%d %H:%M"),
    (r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", "%Y-%m-%d %H:%M:%S"),
    (r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$", "%Y-%m-%d %H:%M:%S %z"),
    (r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", "%Y-%m-%dT%H:%M:%SZ"),
    (r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$", "%Y-%m-%dT%H:%M:%S%:z"),
    (r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$", "%Y-%m-%dT%H:%M:%S"),
)


def _date_format(text: str) -> str:
    for shape, fmt in _patterns().date_shapes:
        if shape.match(text):
            return fmt
    return ""


def format_date(when: dt.datetime, fmt: str) -> str:
    """``when`` in a strftime pattern, with ``%:z`` as ``+02:00`` (as Hugo writes it)."""
    if when.tzinfo is None:
        when = when.astimezone()
    if "%:z" in fmt:
        offset = when.strftime("%z")
        fmt = fmt.replace("%:z", f"{offset[:3]}:{offset[3:]}" if offset else "Z")
    if fmt.endswith("Z"):
        when = when.astimezone(dt.timezone.utc)
    return when.strftime(fmt)


def new_post_text(style: NewPostStyle, title: str, when: dt.datetime,
                  tags: list[str] | None = None, draft: bool = True, body: str = "") -> str:
    """A new post's text in the library's style: fences, date format, tag list, spacing."""
    tags = tags or []
    date = format_date(when, style.date_format)
    if style.front_matter == "pelican":  # Pelican's own header; a blank line ends it
        if "\n" in title or any(";" in t or "," in t for t in tags):
            raise ValueError("a Pelican header cannot hold this title or these tags")
        lines = [f"Title: {title}", f"Date: {date}", "Tags: " + ", ".join(tags)]
        lines += ["Status: draft"] if draft else []
        text = "\n".join(lines) + "\n\n"
    else:
        text = _fenced(style, title, date, tags, _draft_line(style, draft))
    text += body.rstrip("\n")
    if style.final_newline and not text.endswith("\n"):
        text += "\n"
    return text


def _draft_line(style: NewPostStyle, draft: bool) -> tuple[str, bool] | None:
    """The draft field to write, ``(key, value)``: none where the folder says it."""
    if style.draft_key == "published":
        return ("published", False) if draft else None
    return (style.draft_key, draft) if style.draft_key else None


def _fenced(style: NewPostStyle, title: str, date: str, tags: list[str],
            flag: tuple[str, bool] | None) -> str:
    if style.front_matter == "toml":
        lines = ["+++", f"title = {json.dumps(title, ensure_ascii=False)}", _toml_date(date),
                 "tags = [" + ", ".join(json.dumps(t, ensure_ascii=False) for t in tags) + "]"]
        lines += [f"{flag[0]} = {'true' if flag[1] else 'false'}"] if flag else []
        lines.append("+++")
    else:
        if style.tags_inline or not tags:
            tag_lines = ["tags: [" + ", ".join(_yaml_scalar(t) for t in tags) + "]"]
        else:
            tag_lines = ["tags:", *(f"  - {_yaml_scalar(t)}" for t in tags)]
        lines = ["---", f"title: {_yaml_scalar(title)}", f"date: {date}", *tag_lines]
        lines += [f"{flag[0]}: {'true' if flag[1] else 'false'}"] if flag else []
        lines.append("---")
    text = "\n".join(lines) + "\n"
    return text + "\n" if style.blank_line_after_front_matter else text


def _toml_date(text: str) -> str:
    """``date = 2024-05-01T10:00:00+02:00`` as a TOML date when it is one, else quoted."""
    tomllib = toml_reader()
    try:
        tomllib.loads(f"date = {text}")
    except tomllib.TOMLDecodeError:
        return f"date = {json.dumps(text)}"
    return f"date = {text}"


def _yaml_scalar(text: str) -> str:
    """A YAML scalar that reads back as this string: plain when safe, else double-quoted."""
    if _patterns().plain_yaml.match(text) and not text.endswith(" ") and text.lower() not in (
        "yes", "no", "true", "false", "on", "off", "null", "y", "n"
    ) and not re.match(r"^[\d.+-]+$", text) and ", " not in text and "," not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


# --- a new post: where it goes and what it says ---------------------------------------------------

#: The file pattern blogdesk.toml has by default; a library that keeps it follows its own posts.
DEFAULT_PATTERN = "{slug}.md"


def file_name_for(pattern: str, title: str, when: dt.date) -> str:
    """The file name a pattern gives: {slug}, {date}, {year}, {month}, {day} are filled in.

    Folders in the pattern stay (``{year}/{slug}.md``, ``{slug}/index.md``); ``..`` and ``/`` at
    the start are dropped, so the name stays inside the folder it is joined to. A name without
    a post suffix gets ``.md``. ValueError for a pattern that cannot be filled in.
    """
    from blogdesk.core.files import POST_SUFFIXES

    slug = slugify(title) or "untitled"
    values = {"slug": slug, "date": when.strftime("%Y-%m-%d"), "year": f"{when.year:04d}",
              "month": f"{when.month:02d}", "day": f"{when.day:02d}"}
    try:
        name = (pattern or DEFAULT_PATTERN).format_map(values)
    except (KeyError, ValueError, IndexError, AttributeError) as exc:
        raise ValueError(f"the file name pattern {pattern!r} is not valid ({exc})") from None
    parts = [part for part in PurePosixPath(name.replace("\\", "/")).parts
             if part not in ("", ".", "..", "/")]
    name = "/".join(parts) if parts else f"{slug}.md"
    return name if PurePosixPath(name).suffix.lower() in POST_SUFFIXES else name + ".md"


def library_style(site: Site, folder: Path, limit: int = 200) -> NewPostStyle:
    """The style of the posts in ``folder``: :func:`infer_style` over at most ``limit`` of them
    (the first bytes of each are enough)."""
    from blogdesk.core import files

    keep = post_filter(site, folder)
    found = files.walk(folder, max_files=limit * 4)
    posts: list[tuple[str, str]] = []
    for rel in sorted(found.found):
        if len(posts) >= limit:
            break
        if not keep(rel):
            continue
        try:
            with open(folder / rel, "rb") as handle:
                head = handle.read(4096)
        except OSError:
            continue
        posts.append((rel, head.decode("utf-8", "replace")))
    return infer_style(site, posts, limit)


@dataclass(frozen=True)
class NewPost:
    """A new post to write: its path (not there yet) and its text."""

    path: Path
    text: str


def new_post(site: Site, folder: Path, title: str, when: dt.datetime, *,
             pattern: str = DEFAULT_PATTERN, tags: list[str] | None = None,
             body: str = "", draft: bool = True) -> NewPost:
    """A new post for the library at ``folder``, in its own style and file-name pattern.

    A ``pattern`` other than the default (blogdesk.toml's ``file_pattern``, or the Settings')
    is followed as given; with the default, the pattern most of the library's posts follow is.
    In a Jekyll site that lists ``_drafts/`` (:func:`lists_drafts`) a new draft starts there, named
    ``slug.md`` with no draft field (the folder says it), as Jekyll keeps drafts; elsewhere in
    Jekyll ``_posts/`` it is named ``date-slug.md`` and written ``published: false``. The text
    is read back before it is returned: ValueError when it would not give back the title.
    The path may be taken: the caller refuses it or makes it unique (:func:`unique_path`).
    """
    style = library_style(site, folder)
    if draft and lists_drafts(site, folder):
        style = replace(style, draft_key="")
        path = folder / "_drafts" / file_name_for(DEFAULT_PATTERN, title, when)
    else:
        chosen = pattern if pattern and pattern != DEFAULT_PATTERN else style.file_pattern
        if site.generator == "jekyll" and lists_drafts(site, folder):
            folder = folder / "_posts"
        path = folder / file_name_for(chosen, title, when)
    text = new_post_text(style, title, when, tags, draft, body)
    _check_reads_back(text, path, title)
    return NewPost(path, text)


def _check_reads_back(text: str, path: Path, title: str) -> None:
    from blogdesk.core.post import Post
    from blogdesk.core.postfile import PostError, parse_post

    try:
        post = Post.from_file(parse_post(text.encode("utf-8"), path))
    except PostError as exc:
        raise ValueError(f"the new post's front matter would not read back: {exc}") from None
    if post.title != title:
        raise ValueError(f"the new post's title would read back as {post.title!r}")


def unique_path(path: Path) -> Path:
    """``path``, or ``name-2.md``, ``name-3.md``... when it is taken."""
    candidate, n = path, 2
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate
