"""A site generator's config, read (never executed) into one frozen :class:`Site` record.

Each reader takes the config file a detector found and keeps what blogdesk needs: the Markdown
engine and its options, the site variables (title, url, baseurl, author, params, Jekyll's
``_data``), the permalink pattern and the taxonomies. Every read is size-limited; YAML goes
through PyYAML's safe loader with an alias limit; ``pelicanconf.py`` is parsed with ``ast`` and
only literal assignments are kept. A config that cannot be read gives blogdesk's own style with a
warning that says why, never an exception.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from blogdesk.core import files, yaml_limits
from blogdesk.core.config import GENERATOR_NAMES, toml_reader

# ast, csv and tomllib are imported where a config needs them (pelicanconf.py, CSV data, TOML)

__all__ = [
    "ENGINES",
    "GENERATORS",
    "TEMPLATE_LANGUAGES",
    "ConfigUnreadable",
    "MarkdownSettings",
    "Site",
    "blogdesk_site",
    "load_config_file",
    "read_config",
]

#: Every generator blogdesk knows; "blogdesk" is its own style (no generator).
GENERATORS = GENERATOR_NAMES
#: The Markdown engine each generator uses by default.
ENGINES = {
    "hugo": "goldmark",
    "jekyll": "kramdown",
    "eleventy": "markdown-it",
    "zola": "pulldown-cmark",
    "pelican": "python-markdown",
    "mkdocs": "python-markdown",
    "blogdesk": "python-markdown",
}
#: The template language in posts: Liquid, Hugo shortcodes, Tera (Zola), or none.
TEMPLATE_LANGUAGES = {
    "hugo": "hugo",
    "jekyll": "liquid",
    "eleventy": "liquid",
    "zola": "tera",
    "pelican": "",
    "mkdocs": "",
    "blogdesk": "",
}

MAX_CONFIG_BYTES = 1 << 20  # a config file larger than 1 MiB is not a config
MAX_DEPTH = 40
MAX_DATA_FILES = 64
MAX_DATA_FILE_BYTES = 256 << 10
MAX_DATA_TOTAL_BYTES = 2 << 20
MAX_DATA_DEPTH = 3

# Hugo's goldmark defaults (hugo's docs, "Configure markup"), merged under the site's settings.
_GOLDMARK_DEFAULTS: dict[str, Any] = {
    "renderer": {"unsafe": False, "hardwraps": False, "xhtml": False},
    "parser": {
        "autoheadingid": True,
        "autoheadingidtype": "github",
        "attribute": {"block": False, "title": True},
        "wrapstandaloneimagewithinparagraph": True,
    },
    "extensions": {
        "typographer": {"disable": False},
        "table": True,
        "strikethrough": True,
        "linkify": True,
        "tasklist": True,
        "definitionlist": True,
        "footnote": True,
        "passthrough": {"enable": False},
    },
}
# GitHub Pages' kramdown defaults (what most Jekyll sites publish with).
_KRAMDOWN_DEFAULTS: dict[str, Any] = {
    "input": "GFM",
    "hard_wrap": False,
    "auto_ids": True,
    "smart_quotes": "lsquo,rsquo,ldquo,rdquo",
    "syntax_highlighter": "rouge",
}
# Pelican's default MARKDOWN setting.
_PELICAN_MARKDOWN: dict[str, Any] = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}
# Jekyll's named permalink styles.
_JEKYLL_PERMALINKS = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


class ConfigUnreadable(Exception):
    """A site config that cannot be read; the message says which file and why."""


@dataclass(frozen=True)
class MarkdownSettings:
    """The Markdown engine a site publishes with, and its options as the config sets them.

    ``options`` holds the engine's own settings as the config writes them (goldmark's
    ``markup.goldmark`` table with its keys' own case, Jekyll's ``kramdown`` options, Pelican's
    ``MARKDOWN``, MkDocs' extensions); the renderer applies its generator's defaults to them.
    The flags below are read from them with those defaults filled in.
    """

    engine: str = "python-markdown"
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    extensions: tuple[str, ...] = ()
    unsafe_html: bool = True  # raw HTML in a post is published (goldmark: renderer.unsafe)
    typographer: bool = True  # smart quotes and dashes

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, _state_of(self)


@dataclass(frozen=True)
class Site:
    """What a library's site generator is, and what its config says."""

    generator: str = "blogdesk"
    root: Path | None = None  # the folder holding the config; None for blogdesk's own style
    config_path: Path | None = None
    markdown: MarkdownSettings = field(default_factory=MarkdownSettings)
    template_language: str = ""
    title: str = ""
    url: str = ""
    baseurl: str = ""
    author: Any = ""
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    variables: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    permalink: str = ""
    permalinks: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    taxonomies: tuple[str, ...] = ("tags", "categories")
    content_dir: str = ""  # where posts live, relative to root ("content", "_posts"...)
    source: str = "default"  # "detected", "blogdesk.toml" or "default"
    warnings: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[Any, ...]:
        # sent by value to the preview's worker process: a mappingproxy does not pickle
        return _rebuild, _state_of(self)

    def describe(self) -> str:
        """One line for a status bar: "Hugo site · goldmark"."""
        names = {"mkdocs": "MkDocs", "blogdesk": "blogdesk"}
        name = names.get(self.generator, self.generator.capitalize())
        kind = "style" if self.generator == "blogdesk" else "site"
        return f"{name} {kind} · {self.markdown.engine}"

    def to_json(self) -> dict[str, Any]:
        """A plain, JSON-ready dict of the record."""
        return {
            "generator": self.generator,
            "root": str(self.root) if self.root else None,
            "config": str(self.config_path) if self.config_path else None,
            "source": self.source,
            "markdown": {
                "engine": self.markdown.engine,
                "extensions": list(self.markdown.extensions),
                "unsafe_html": self.markdown.unsafe_html,
                "typographer": self.markdown.typographer,
                "options": _plain(self.markdown.options),
            },
            "template_language": self.template_language,
            "title": self.title,
            "url": self.url,
            "baseurl": self.baseurl,
            "author": _plain(self.author),
            "params": _plain(self.params),
            "data": sorted(self.data),
            "permalink": self.permalink,
            "permalinks": dict(self.permalinks),
            "taxonomies": list(self.taxonomies),
            "content_dir": self.content_dir,
            "warnings": list(self.warnings),
        }


def _state_of(record: Any) -> tuple[Any, dict[str, Any], tuple[str, ...]]:
    """A record's class, fields (read-only mappings as dicts) and which fields were read-only."""
    values: dict[str, Any] = {}
    proxied: list[str] = []
    for item in fields(record):
        value = getattr(record, item.name)
        if isinstance(value, MappingProxyType):
            value, proxied = dict(value), [*proxied, item.name]
        values[item.name] = value
    return type(record), values, tuple(proxied)


def _rebuild(kind: Any, values: dict[str, Any], proxied: tuple[str, ...]) -> Any:
    """The record :func:`_state_of` describes (the other half of pickling a Site)."""
    return kind(**{name: MappingProxyType(value) if name in proxied else value
                   for name, value in values.items()})


def blogdesk_site(warnings: tuple[str, ...] = (), source: str = "default") -> Site:
    """blogdesk's own style: Python-Markdown with smart quotes, no template language."""
    return Site(
        markdown=MarkdownSettings(
            engine="python-markdown",
            extensions=("tables", "fenced_code", "footnotes", "abbr", "attr_list", "def_list"),
        ),
        source=source,
        warnings=warnings,
    )


def read_config(generator: str, root: Path, config_path: Path | None) -> Site:
    """Read the config of ``generator`` found at ``config_path`` (in ``root``) into a Site.

    Raises :class:`ConfigUnreadable` when the file cannot be read or parsed; the caller falls
    back to blogdesk's style with that message as a warning.
    """
    readers = {
        "hugo": _hugo,
        "jekyll": _jekyll,
        "eleventy": _eleventy,
        "zola": _zola,
        "pelican": _pelican,
        "mkdocs": _mkdocs,
    }
    reader = readers.get(generator)
    if reader is None:
        return blogdesk_site()
    site = reader(root, config_path)
    language = site.template_language if generator == "eleventy" else TEMPLATE_LANGUAGES[generator]
    return replace(site, generator=generator, root=root, config_path=config_path,
                   template_language=language, source="detected")


# --- reading files, with limits --------------------------------------------------------------


def read_limited(path: Path, limit: int = MAX_CONFIG_BYTES, root: Path | None = None) -> str:
    """The UTF-8 text of ``path``, read as ``files.read_file`` reads (a regular file only,
    opened without blocking; inside ``root`` when given), refusing files over ``limit`` bytes."""
    try:
        data, info = files.read_file(path, root, limit)
    except files.NotAPostFile as exc:
        raise ConfigUnreadable(f"{path}: {exc.reason.replace(', not a post file', '')}") from exc
    except OSError as exc:
        raise ConfigUnreadable(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if info.st_size > limit or len(data) > limit:
        raise ConfigUnreadable(f"{path}: larger than {limit // 1024} KiB; not read")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigUnreadable(f"{path}: not UTF-8 text") from exc


@functools.cache
def _limited_safe_loader() -> Any:
    """PyYAML's safe loader, with blogdesk's alias limits and any ``!tag`` kept as text; made on
    first use (PyYAML's import is about 10 ms that a library without a YAML config never needs).

    The document is checked (``yaml_limits``: how far its aliases expand, how deep it nests)
    before any value is built. MkDocs configs hold ``!!python/name:...`` and ``!ENV`` tags; the
    safe loader refuses them, so they become the plain string ``"!tag value"`` instead (nothing
    is imported or called).
    """
    import yaml

    class _LimitedSafeLoader(yaml.SafeLoader):
        def construct_document(self, node: Any) -> Any:
            yaml_limits.check(node, error=yaml.YAMLError)
            return super().construct_document(node)

    def tagged_as_text(prefix: str) -> Any:
        def construct(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
            if isinstance(node, yaml.ScalarNode):
                return f"{prefix}{suffix} {node.value}".rstrip()
            if isinstance(node, yaml.SequenceNode):
                return loader.construct_sequence(node)
            return loader.construct_mapping(node)  # type: ignore[arg-type]

        return construct

    _LimitedSafeLoader.add_multi_constructor("!", tagged_as_text("!"))
    _LimitedSafeLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                             tagged_as_text("!!python/"))
    return _LimitedSafeLoader


def load_yaml(text: str, path: Path) -> Any:
    """Safely load size-capped YAML text: no Python objects, aliases within ``yaml_limits``."""
    import yaml

    try:
        yaml_limits.check_text(text, error=yaml.YAMLError)
        loader = _limited_safe_loader()(text)
        try:
            value = loader.get_single_data()
        finally:
            loader.dispose()
    except (yaml.YAMLError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or _first_line(exc)
        raise ConfigUnreadable(f"{where}: invalid YAML: {problem}") from exc
    _check_depth(value, path)
    return value


def load_config_file(path: Path) -> dict[str, Any]:
    """A TOML, YAML or JSON config file as a dict (by its suffix)."""
    text = read_limited(path)
    suffix = path.suffix.lower()
    tomllib = toml_reader()
    try:
        if suffix == ".toml":
            value: Any = tomllib.loads(text)
        elif suffix == ".json":
            value = json.loads(text)
        else:
            value = load_yaml(text, path)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigUnreadable(f"{path}: invalid TOML: {_first_line(exc)}") from exc
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ConfigUnreadable(f"{path}: invalid JSON: {_first_line(exc)}") from exc
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigUnreadable(f"{path}: not a mapping of settings")
    _check_depth(value, path)
    return value


def _check_depth(value: Any, path: Path, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ConfigUnreadable(f"{path}: nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, dict):
        for item in value.values():
            _check_depth(item, path, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_depth(item, path, depth + 1)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _frozen(value: Any) -> Mapping[str, Any]:
    return MappingProxyType(dict(value)) if isinstance(value, dict) else MappingProxyType({})


def _plain(value: Any) -> Any:
    """A JSON-ready copy: mappings to dicts, tuples to lists, other scalars to text."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _merged(defaults: dict[str, Any], values: Any) -> dict[str, Any]:
    """``defaults`` with ``values`` laid over it, table by table."""
    out = dict(defaults)
    if isinstance(values, dict):
        for key, value in values.items():
            if isinstance(value, dict) and isinstance(out.get(key), dict):
                out[key] = _merged(out[key], value)
            else:
                out[key] = value
    return out


def _lower_keys(value: Any) -> Any:
    """Hugo reads its config keys case-insensitively: ``baseURL`` is ``baseurl``."""
    if isinstance(value, dict):
        lowered: dict[str, Any] = {}
        for key, item in value.items():
            name, item = str(key).lower(), _lower_keys(item)
            if isinstance(lowered.get(name), dict) and isinstance(item, dict):
                item = _merged(lowered[name], item)  # `[Markup]` and `[markup]` are one table
            lowered[name] = item
        return lowered
    if isinstance(value, list):
        return [_lower_keys(v) for v in value]
    return value


def _table(table: Mapping[str, Any], key: str) -> dict[str, Any]:
    """``table[key]`` when it is a table, else an empty one."""
    value = table.get(key)
    return value if isinstance(value, dict) else {}


def _dig(table: Mapping[str, Any], *keys: str) -> Any:
    value: Any = table
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


# --- Hugo --------------------------------------------------------------------------------------

HUGO_CONFIG_NAMES = tuple(
    f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")
)


def _hugo(root: Path, config_path: Path | None) -> Site:
    raw: dict[str, Any] = {}  # as written: Hugo reads keys in any case, so lookups lower them
    if config_path is not None and config_path.is_file():
        raw = load_config_file(config_path)
    folder = root / "config" / "_default"
    if folder.is_dir():
        raw = _merged(raw, _hugo_config_folder(folder))
    table = _lower_keys(raw)
    goldmark = _merged(_GOLDMARK_DEFAULTS, _dig(table, "markup", "goldmark"))
    extensions = goldmark.get("extensions", {})
    typographer = extensions.get("typographer", {})
    typographer_on = not (
        isinstance(typographer, dict) and typographer.get("disable") is True
    ) and typographer is not False
    enabled = tuple(
        name for name, value in extensions.items()
        if value is True or (isinstance(value, dict) and not value.get("disable")
                             and value.get("enable", True) is not False)
    )
    params = _table(table, "params")
    author = table.get("author") or _dig(params, "author") or ""
    permalinks = _table(table, "permalinks")
    flat = {
        str(k): str(v) for k, v in _flatten_permalinks(permalinks).items() if isinstance(v, str)
    }
    taxonomies = table.get("taxonomies")
    names = (
        tuple(str(v) for v in taxonomies.values()) if isinstance(taxonomies, dict)
        else ("tags", "categories")
    )
    return Site(
        markdown=MarkdownSettings(
            engine=str(_dig(table, "markup", "defaultmarkdownhandler") or "goldmark"),
            options=_frozen(_dig_any_case(raw, "markup", "goldmark")),
            extensions=enabled,
            unsafe_html=bool(_dig(goldmark, "renderer", "unsafe")),
            typographer=typographer_on,
        ),
        title=_text(table.get("title")),
        url=_text(table.get("baseurl")),
        author=author,
        params=_frozen(params),
        variables=_frozen(table),
        permalink=flat.get("posts", flat.get("post", "")),
        permalinks=MappingProxyType(flat),
        taxonomies=names,
        content_dir=_text(table.get("contentdir")) or "content",
    )


def _dig_any_case(table: Mapping[str, Any], *keys: str) -> Any:
    """``table[k1][k2]...`` with each key matched whatever its case (as Hugo matches them)."""
    value: Any = table
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        found = [v for k, v in value.items() if str(k).lower() == key]
        if len(found) > 1 and all(isinstance(v, dict) for v in found):
            merged: dict[str, Any] = {}
            for part in found:  # `[Markup]` and `[markup]`: one table to Hugo
                merged = _merged(merged, part)
            value = merged
        else:
            value = found[0] if found else None
    return value


def _hugo_config_folder(folder: Path) -> dict[str, Any]:
    """``config/_default/``: ``hugo.*``/``config.*`` at the top, ``params.toml`` under params."""
    table: dict[str, Any] = {}
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in {".toml", ".yaml",
                                                                       ".yml", ".json"})
    for path in files[:MAX_DATA_FILES]:
        values = load_config_file(path)
        stem = path.stem.lower()
        table = _merged(table, values if stem in ("hugo", "config") else {stem: values})
    return table


def _flatten_permalinks(table: Mapping[str, Any]) -> dict[str, Any]:
    """Hugo 0.120's ``[permalinks.page] posts = ...`` and the older ``[permalinks] posts = ...``."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict) and key in ("page", "section", "term", "taxonomy"):
            if key == "page":
                flat.update(value)
        else:
            flat[key] = value
    return flat


# --- Jekyll ------------------------------------------------------------------------------------


def _jekyll(root: Path, config_path: Path | None) -> Site:
    table = load_config_file(config_path) if config_path is not None else {}
    engine = str(table.get("markdown") or "kramdown").lower()
    kramdown = _merged(_KRAMDOWN_DEFAULTS, table.get("kramdown"))
    smart = str(kramdown.get("smart_quotes", "")).strip()
    permalink = _text(table.get("permalink")) or "date"
    data, warnings = _read_data_folder(root / _text(table.get("data_dir") or "_data"))
    variables = dict(table)
    variables["data"] = data
    return Site(
        markdown=MarkdownSettings(
            engine=engine,
            options=_frozen(table.get("kramdown")),
            extensions=("gfm",) if str(kramdown.get("input", "")).lower() == "gfm" else (),
            unsafe_html=True,
            typographer=bool(smart) and kramdown.get("typographic_syms", True) is not False,
        ),
        title=_text(table.get("title")),
        url=_text(table.get("url")),
        baseurl=_text(table.get("baseurl")),
        author=table.get("author") or "",
        params=MappingProxyType({}),
        data=MappingProxyType(data),
        variables=MappingProxyType(variables),
        permalink=_JEKYLL_PERMALINKS.get(permalink, permalink),
        taxonomies=("tags", "categories"),
        content_dir="_posts",
        warnings=tuple(warnings),
    )


def _read_data_folder(folder: Path) -> tuple[dict[str, Any], list[str]]:
    """Jekyll's ``_data/``: YAML, JSON, CSV and TSV files as nested dicts, bounded.

    At most 64 files, 256 KiB each, 2 MiB in all, three folders deep; a file that cannot be
    read is left out with a warning.
    """
    data: dict[str, Any] = {}
    warnings: list[str] = []
    if not folder.is_dir():
        return data, warnings
    budget = [MAX_DATA_FILES, MAX_DATA_TOTAL_BYTES]
    _read_data_into(folder, data, warnings, budget, 0)
    return data, warnings


def _read_data_into(folder: Path, into: dict[str, Any], warnings: list[str],
                    budget: list[int], depth: int) -> None:
    try:
        entries = sorted(folder.iterdir())[: MAX_DATA_FILES * 4]
    except OSError as exc:
        warnings.append(f"{folder}: cannot list: {exc.strerror or exc}")
        return
    for path in entries:
        if path.name.startswith(".") or path.is_symlink():
            continue
        if path.is_dir():
            if depth < MAX_DATA_DEPTH:
                sub: dict[str, Any] = {}
                _read_data_into(path, sub, warnings, budget, depth + 1)
                into[path.name] = sub
            continue
        suffix = path.suffix.lower()
        if suffix not in (".yml", ".yaml", ".json", ".csv", ".tsv"):
            continue
        if budget[0] <= 0:
            warnings.append(f"{folder}: more than {MAX_DATA_FILES} data files; the rest not read")
            return
        try:
            size = path.stat().st_size
            if size > budget[1]:
                raise ConfigUnreadable(f"{path}: the data files exceed "
                                       f"{MAX_DATA_TOTAL_BYTES >> 20} MiB; not read")
            text = read_limited(path, MAX_DATA_FILE_BYTES)
            into[path.stem] = _data_value(text, path, suffix)
        except (ConfigUnreadable, OSError) as exc:
            warnings.append(str(exc))
            continue
        budget[0] -= 1
        budget[1] -= size


def _data_value(text: str, path: Path, suffix: str) -> Any:
    if suffix in (".csv", ".tsv"):
        import csv  # loaded for a site with CSV data only
        import io

        reader = csv.DictReader(io.StringIO(text), delimiter="\t" if suffix == ".tsv" else ",")
        try:
            return list(reader)
        except csv.Error as exc:
            raise ConfigUnreadable(str(exc)) from exc  # the warning says what csv said
    if suffix == ".json":
        try:
            return json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise ConfigUnreadable(f"{path}: invalid JSON: {_first_line(exc)}") from exc
    return load_yaml(text, path)


# --- Eleventy ----------------------------------------------------------------------------------

ELEVENTY_CONFIG_NAMES = (
    "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs", "eleventy.config.ts",
    ".eleventy.js", ".eleventy.cjs", ".eleventy.mjs",
)  # fmt: skip


def _eleventy(root: Path, config_path: Path | None) -> Site:
    """Eleventy's config is JavaScript: never run. Only its ``markdownTemplateEngine`` is read,
    as text, when written as a literal; its JSON global data (``_data/site.json``) is read."""
    data: dict[str, Any] = {}
    warnings = ["the Eleventy config is JavaScript and is not run: Eleventy's defaults apply"]
    language = "liquid"  # Eleventy's default template engine for Markdown
    if config_path is not None:
        try:
            engine = re.search(_ELEVENTY_ENGINE, read_limited(config_path))
        except ConfigUnreadable as exc:
            engine = None
            warnings.append(str(exc))
        if engine is not None:
            name = (engine.group(2) or engine.group(3) or "").lower()
            language = {"liquid": "liquid", "njk": "nunjucks"}.get(name, "")
    folder = root / "_data"
    for name in ("site.json", "metadata.json"):
        path = folder / name
        if path.is_file():
            try:
                value = load_config_file(path)
            except ConfigUnreadable as exc:
                warnings.append(str(exc))
                continue
            data[path.stem] = value
    meta = data.get("site") or data.get("metadata") or {}
    return Site(
        markdown=MarkdownSettings(
            engine="markdown-it",
            options=MappingProxyType({"html": True, "linkify": False, "typographer": False}),
            unsafe_html=True,
            typographer=False,
        ),
        title=_text(meta.get("title")),
        url=_text(meta.get("url")),
        author=meta.get("author") or "",
        data=MappingProxyType(data),
        variables=MappingProxyType(data),
        taxonomies=("tags",),
        template_language=language,
        warnings=tuple(warnings),
    )


#: How an Eleventy config sets ``markdownTemplateEngine`` (compiled by ``re`` when one is read).
_ELEVENTY_ENGINE = r"""markdownTemplateEngine["']?\s*:\s*(?:(["'`])(\w{1,20})\1|(false))"""


# --- Zola --------------------------------------------------------------------------------------

ZOLA_KEYS = frozenset({
    "base_url", "compile_sass", "build_search_index", "generate_feed", "generate_feeds",
    "feed_filename", "feed_filenames", "minify_html", "output_dir", "ignored_content",
})  # fmt: skip


def is_zola_config(table: Mapping[str, Any]) -> bool:
    """A ``config.toml`` with Zola's own keys (Hugo spells the URL ``baseURL``)."""
    if ZOLA_KEYS.intersection(table):
        return True
    markdown = table.get("markdown")
    return isinstance(markdown, dict) and "markup" not in table


def _zola(root: Path, config_path: Path | None) -> Site:
    table = load_config_file(config_path) if config_path is not None else {}
    markdown = _table(table, "markdown")
    taxonomies = tuple(
        str(item["name"]) for item in table.get("taxonomies", [])
        if isinstance(item, dict) and "name" in item
    )
    extra = _table(table, "extra")
    return Site(
        markdown=MarkdownSettings(
            engine="pulldown-cmark",
            options=_frozen(markdown),
            extensions=("tables", "strikethrough", "tasklists", "footnotes"),
            unsafe_html=True,
            typographer=bool(markdown.get("smart_punctuation", False)),
        ),
        title=_text(table.get("title")),
        url=_text(table.get("base_url")),
        author=table.get("author") or extra.get("author") or "",
        params=_frozen(extra),
        variables=_frozen(table),
        taxonomies=taxonomies,
        content_dir="content",
    )


# --- Pelican -----------------------------------------------------------------------------------


def _pelican(root: Path, config_path: Path | None) -> Site:
    settings = read_python_literals(config_path) if config_path is not None else {}
    markdown = settings.get("MARKDOWN")
    options = markdown if isinstance(markdown, dict) else _PELICAN_MARKDOWN
    configs = options.get("extension_configs")
    names = tuple(str(k) for k in configs) if isinstance(configs, dict) else ()
    extra = options.get("extensions")
    if isinstance(extra, (list, tuple)):
        names += tuple(str(e) for e in extra if isinstance(e, str))
    typographer = bool(settings.get("TYPOGRIFY")) or any("smarty" in n for n in names)
    return Site(
        markdown=MarkdownSettings(
            engine="python-markdown",
            options=_frozen(options),
            extensions=names,
            unsafe_html=True,
            typographer=typographer,
        ),
        title=_text(settings.get("SITENAME")),
        url=_text(settings.get("SITEURL")),
        author=settings.get("AUTHOR") or "",
        variables=MappingProxyType(settings),
        permalink=_text(settings.get("ARTICLE_URL")) or "{slug}.html",
        taxonomies=("tags", "category", "authors"),
        content_dir=_text(settings.get("PATH")) or "content",
    )


def read_python_literals(path: Path) -> dict[str, Any]:
    """The module-level ``NAME = literal`` assignments of a Python file; nothing is executed.

    Anything else (imports, calls, names, f-strings) is skipped.
    """
    import ast

    text = read_limited(path)
    try:
        tree = ast.parse(text, filename=str(path))
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise ConfigUnreadable(f"{path}: not readable Python: {_first_line(exc)}") from exc
    settings: dict[str, Any] = {}
    for node in tree.body:
        targets: list[ast.expr]
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        try:
            literal = ast.literal_eval(value)
        except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
            continue
        for target in targets:
            if isinstance(target, ast.Name) and target.id.isupper():
                settings[target.id] = literal
    return settings


# --- MkDocs ------------------------------------------------------------------------------------


def _mkdocs(root: Path, config_path: Path | None) -> Site:
    table = load_config_file(config_path) if config_path is not None else {}
    raw = table.get("markdown_extensions") or []
    names: list[str] = []
    options: dict[str, Any] = {}
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for name, config in item.items():
                names.append(str(name))
                options[str(name)] = config
    extra = _table(table, "extra")
    return Site(
        markdown=MarkdownSettings(
            engine="python-markdown",
            options=MappingProxyType({"extensions": names, "extension_configs": options}),
            extensions=tuple(names),
            unsafe_html=True,
            typographer=any("smarty" in n for n in names),
        ),
        title=_text(table.get("site_name")),
        url=_text(table.get("site_url")),
        author=table.get("site_author") or "",
        params=_frozen(extra),
        variables=_frozen(table),
        taxonomies=("tags",),
        content_dir=_text(table.get("docs_dir")) or "docs",
    )
