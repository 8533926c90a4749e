"""Site settings from ``blogdesk.toml``: title, author profile, reading speed, file naming.

The file is optional and every key in it too; unknown keys are ignored (a newer blogdesk may
know them). A value of the wrong type is an error that names the file, the line and the key.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CONFIG_NAME",
    "FILE_PATTERN_FIELDS",
    "GENERATOR_NAMES",
    "Author",
    "CallToAction",
    "Config",
    "ConfigError",
    "find_config_root",
    "load_config",
    "save_generator",
    "toml_reader",
]

CONFIG_NAME = "blogdesk.toml"
# The fields a file_pattern may use: `{slug}.md`, `{date}-{slug}.md`, `{year}/{slug}.md`...
FILE_PATTERN_FIELDS = ("slug", "date", "year", "month", "day")

# Patterns for an error's line and a file pattern's fields: compiled by ``re`` on first use.
_TOML_POSITION = r"\(at line (\d+), column \d+\)"
_PATTERN_FIELD = r"\{([^{}]*)\}"


class ConfigError(Exception):
    """``blogdesk.toml`` could not be used; the message names the file, the line and the key."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        self.path = path
        self.message = message
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Author:
    """The author's profile: the byline and the bio box of a page."""

    name: str = ""
    role: str = ""
    bio: str = ""
    url: str = ""


@dataclass(frozen=True)
class CallToAction:
    """The closing box of a page: a heading, a sentence and a link."""

    title: str = ""
    text: str = ""
    label: str = ""
    url: str = ""


@dataclass(frozen=True)
class Config:
    """The settings of one library (a folder of posts)."""

    root: Path
    site_title: str = "My blog"
    description: str = ""
    base_url: str = ""
    language: str = "en"
    author: Author = field(default_factory=Author)
    cta: CallToAction | None = None
    wpm: int = 200
    file_pattern: str = "{slug}.md"
    image_folder: str = "images"
    smart_quotes: bool = True
    posts_dir: str = ""  # the posts folder inside a site root, relative; "" for the root itself
    generator: str = ""  # the site generator, overriding detection ("hugo", ...); "" to detect


# TOML key -> Config field, for the top-level strings.
_STRINGS = {
    "title": "site_title",
    "site_title": "site_title",
    "description": "description",
    "base_url": "base_url",
    "language": "language",
    "file_pattern": "file_pattern",
    "image_folder": "image_folder",
    "posts_dir": "posts_dir",
    "generator": "generator",
}
# The names `generator` may take: blogdesk.core.sites detects each of these.
GENERATOR_NAMES = ("hugo", "jekyll", "eleventy", "zola", "pelican", "mkdocs", "blogdesk")
_AUTHOR_KEYS = ("name", "role", "bio", "url")
_CTA_KEYS = ("title", "text", "label", "url")


def load_config(root: Path) -> Config:
    """The settings in ``root/blogdesk.toml``; the defaults when there is no such file."""
    path = root / CONFIG_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Config(root=root)
    except OSError as exc:
        raise ConfigError(path, f"cannot read: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(path, "not UTF-8 text", line) from exc
    tomllib = toml_reader()
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, exc) from exc
    return _Reader(path, text).config(root, table)


def toml_reader() -> Any:
    """The ``tomllib`` module (``tomli`` before Python 3.11), imported when there is a file to
    read: most libraries have no ``blogdesk.toml`` and no TOML config."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def find_config_root(start: Path) -> Path | None:
    """The nearest folder, from ``start`` up, that holds a ``blogdesk.toml``.

    The search stops at the top of a git work tree (a folder with ``.git``) or the filesystem root.
    """
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate
        if (candidate / ".git").exists():
            return None
    return None


def save_generator(root: Path, generator: str) -> Path | None:
    """Set the ``generator`` key of the library's ``blogdesk.toml`` ("" removes it: detect).

    The file is the nearest ``blogdesk.toml`` from ``root`` up (:func:`find_config_root`), or a
    new one in ``root``. Only that key's line changes: every other key, comment, the order, a
    BOM and the line endings stay as they were; the result is checked to read back as the same
    settings with only the generator changed, and written atomically. Returns the file written,
    or None when nothing had to change. Raises ``ValueError`` for an unknown name, and
    ``ConfigError`` (naming the file) when it cannot be read, parsed or written.
    """
    import tomlkit

    from blogdesk.core.postfile.atomic import atomic_write
    from blogdesk.core.postfile.errors import PostError

    name = generator.strip().lower()
    if name and name not in GENERATOR_NAMES:
        raise ValueError(f"unknown generator {generator!r}; expected one of "
                         f"{', '.join(GENERATOR_NAMES)}")
    path = (find_config_root(root) or root) / CONFIG_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b""
    except OSError as exc:
        raise ConfigError(path, f"cannot read: {exc.strerror or exc}") from exc
    if not data and not name:
        return None
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, "not UTF-8 text", data[: exc.start].count(b"\n") + 1) from exc
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    tomllib = toml_reader()
    try:
        before = tomllib.loads(text)
        document = tomlkit.parse(text.replace("\r\n", "\n"))
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, exc) from exc
    except Exception as exc:  # tomlkit's own errors: the file was not written
        raise ConfigError(path, f"cannot be edited safely: {exc}") from exc
    if before.get("generator") == name or ("generator" not in before and not name):
        return None
    if name:
        document["generator"] = name
    else:
        del document["generator"]
    new_text = tomlkit.dumps(document)
    if crlf:
        new_text = new_text.replace("\n", "\r\n")
    expected = {key: value for key, value in before.items() if key != "generator"}
    if name:
        expected["generator"] = name
    if tomllib.loads(new_text) != expected:  # never a silent rewrite of anything else
        raise ConfigError(path, "cannot be edited safely: set generator by hand")
    try:
        atomic_write(path, (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8"))
    except PostError as exc:
        raise ConfigError(path, exc.message) from exc
    return path


def _toml_error(path: Path, exc: Exception) -> ConfigError:
    message = str(exc)
    line = getattr(exc, "lineno", None)  # Python 3.14 has it; older ones only say it in the text
    match = re.search(_TOML_POSITION, message)
    if match:
        line = line or int(match.group(1))
        message = message[: match.start()].rstrip()
    return ConfigError(path, f"invalid TOML: {message}", line)


class _Reader:
    """Checks the types of one parsed file; errors point at the key's line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def config(self, root: Path, table: dict[str, Any]) -> Config:
        values: dict[str, Any] = {}
        for key, name in _STRINGS.items():
            if key in table:
                values[name] = self.string(table, key)
        wpm_key = "wpm" if "wpm" in table else "reading_speed" if "reading_speed" in table else ""
        if wpm_key:
            values["wpm"] = self.positive_int(table, wpm_key)
        if "smart_quotes" in table:
            values["smart_quotes"] = self.boolean(table, "smart_quotes")
        if "author" in table:
            values["author"] = self.author(table)
        if "cta" in table:
            values["cta"] = CallToAction(**self.strings(self.table(table, "cta"), "cta", _CTA_KEYS))
        if "file_pattern" in values:
            self.check_pattern(values["file_pattern"])
        if "posts_dir" in values:
            self.check_relative(values["posts_dir"], "posts_dir")
        if "generator" in values:
            values["generator"] = values["generator"].strip().lower()
            if values["generator"] and values["generator"] not in GENERATOR_NAMES:
                known = ", ".join(GENERATOR_NAMES)
                self.fail("generator", "", f"should be one of {known}, not {table['generator']!r}")
        return Config(root=root, **values)

    def author(self, table: dict[str, Any]) -> Author:
        if isinstance(table["author"], str):  # `author = "Name"` is friendly enough to accept
            return Author(name=table["author"])
        return Author(**self.strings(self.table(table, "author"), "author", _AUTHOR_KEYS))

    def strings(self, table: dict[str, Any], section: str, keys: tuple[str, ...]) -> dict[str, str]:
        return {key: self.string(table, key, section) for key in keys if key in table}

    def string(self, table: dict[str, Any], key: str, section: str = "") -> str:
        value = table[key]
        if not isinstance(value, str):
            self.fail(key, section, f"should be text in quotes, not {_describe(value)}")
        return value

    def positive_int(self, table: dict[str, Any], key: str) -> int:
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            wanted = "should be a whole number of words a minute"
            self.fail(key, "", f"{wanted}, not {_describe(value)}")
        return value

    def boolean(self, table: dict[str, Any], key: str) -> bool:
        value = table[key]
        if not isinstance(value, bool):
            self.fail(key, "", f"should be true or false, not {_describe(value)}")
        return value

    def table(self, table: dict[str, Any], key: str) -> dict[str, Any]:
        value = table[key]
        if not isinstance(value, dict):
            self.fail(key, "", f"should be a [{key}] table, not {_describe(value)}")
        return value

    def check_pattern(self, pattern: str) -> None:
        for name in re.findall(_PATTERN_FIELD, pattern):
            if name not in FILE_PATTERN_FIELDS:
                known = ", ".join(f"{{{field}}}" for field in FILE_PATTERN_FIELDS)
                self.fail("file_pattern", "", f"has an unknown field {{{name}}} (known: {known})")
        if "{slug}" not in pattern:
            self.fail("file_pattern", "", "should contain {slug}")
        self.check_relative(pattern, "file_pattern")

    def check_relative(self, value: str, key: str) -> None:
        parts = Path(value).parts
        if Path(value).is_absolute() or ".." in parts or value.startswith("~"):
            self.fail(key, "", f"should be a path inside the library, not {value!r}")

    def fail(self, key: str, section: str, message: str) -> Any:
        name = f"{section}.{key}" if section else key
        raise ConfigError(self.path, f"{name} {message}", self.line_of(key, section))

    def line_of(self, key: str, section: str) -> int | None:
        """The 1-based line where ``key`` is set in ``[section]`` ("" for the top level)."""
        current = ""
        assignment = re.compile(rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*[=.]")
        header = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]")
        for number, line in enumerate(self.lines, start=1):
            match = header.match(line)
            if match:
                current = match.group(1)
                if not section and current == key:  # `[author]` where a string was expected
                    return number
                continue
            if current == section and assignment.match(line):
                return number
            if section and not current and re.match(rf"\s*{re.escape(section)}\s*\.", line):
                return number  # dotted keys: `author.name = ...`
        return None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value)
    return str(value)
