"""Which site generator publishes a library: found from the library root and its parents.

The search looks in the library root, then each parent, and stops at the first folder that holds
a generator's config, at the top of a git work tree (a folder with ``.git`` is the last one
looked at), at the filesystem root, or after :data:`MAX_LEVELS` folders. ``blogdesk.toml`` may
name the generator (``generator = "hugo"``), which wins over what is found. Nothing is executed:
see :mod:`blogdesk.core.sites.config` for how each config is read.
"""

from __future__ import annotations

import functools
import time
from dataclasses import replace
from pathlib import Path

from blogdesk.core.sites.config import (
    ELEVENTY_CONFIG_NAMES,
    GENERATORS,
    HUGO_CONFIG_NAMES,
    ConfigUnreadable,
    Site,
    blogdesk_site,
    is_zola_config,
    load_config_file,
    read_config,
)

__all__ = ["MAX_LEVELS", "detect_site", "find_generator", "publishing_generator"]

MAX_LEVELS = 6  # the library root and up to five parents (content/posts/2024 -> site root)


def find_generator(library_root: Path) -> tuple[str, Path, Path | None] | None:
    """``(generator, site root, config file)`` for the nearest site above ``library_root``.

    The config file is None for a Hugo site configured only by a ``config/_default/`` folder.
    """
    folder = library_root if library_root.is_dir() else library_root.parent
    try:
        folder = folder.resolve()
    except OSError:
        return None
    for level, candidate in enumerate((folder, *folder.parents)):
        if level >= MAX_LEVELS:
            return None
        found = _generator_in(candidate)
        if found is not None:
            return found[0], candidate, found[1]
        if (candidate / ".git").exists():
            return None
    return None


def _generator_in(folder: Path) -> tuple[str, Path | None] | None:
    """The generator whose config is in ``folder``, most specific names first."""
    for name in ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"):
        if (folder / name).is_file():
            return "hugo", folder / name
    if (folder / "_config.yml").is_file() or (folder / "_config.yaml").is_file():
        name = "_config.yml" if (folder / "_config.yml").is_file() else "_config.yaml"
        return "jekyll", folder / name
    if (folder / "pelicanconf.py").is_file():
        return "pelican", folder / "pelicanconf.py"
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if (folder / name).is_file():
            return "mkdocs", folder / name
    for name in ELEVENTY_CONFIG_NAMES:
        if (folder / name).is_file():
            return "eleventy", folder / name
    if (folder / "config.toml").is_file():
        return _zola_or_hugo(folder / "config.toml")
    for name in HUGO_CONFIG_NAMES:
        if name.startswith("config.") and (folder / name).is_file():
            return "hugo", folder / name
    if (folder / "config" / "_default").is_dir():
        return "hugo", None
    return None


def _zola_or_hugo(path: Path) -> tuple[str, Path]:
    """``config.toml`` is Zola's when it has Zola's keys, Hugo's otherwise."""
    try:
        table = load_config_file(path)
    except ConfigUnreadable:
        return "hugo", path  # read_config will say why it cannot be read
    return ("zola" if is_zola_config(table) else "hugo"), path


def detect_site(library_root: Path, override: str = "") -> Site:
    """The Site that publishes ``library_root``; blogdesk's style when there is none.

    ``override`` is a generator name from ``blogdesk.toml`` or Settings ("" for none). When it
    differs from what was found, the override wins; the found config is still read when it
    belongs to the same generator. A config that cannot be read falls back to blogdesk's style,
    with a warning naming the file and the reason.
    """
    override = override.strip().lower()
    if override and override not in GENERATORS:
        known = ", ".join(GENERATORS)
        warning = f"unknown generator {override!r} in the settings (known: {known})"
        return _detected(library_root, (warning,))
    if not override:
        override, problem = _override_from_config(library_root)
        if problem:
            site = _detected(library_root, (problem,))
            return site
    if override == "blogdesk":
        return blogdesk_site(source="blogdesk.toml")
    site = _detected(library_root, ())
    if not override or override == site.generator:
        return replace(site, source="blogdesk.toml") if override else site
    root = site.root or library_root
    fallback = read_config(override, root, None)
    return replace(fallback, root=root, source="blogdesk.toml",
                   warnings=(f"the settings say {override}; its config was not found, so "
                             f"{override}'s defaults apply",))


def _detected(library_root: Path, warnings: tuple[str, ...]) -> Site:
    found = find_generator(library_root)
    if found is None:
        return blogdesk_site(warnings=warnings)
    generator, root, config_path = found
    try:
        site = read_config(generator, root, config_path)
    except ConfigUnreadable as exc:
        what = f"a {generator} site was found but its config cannot be read ({exc})"
        return blogdesk_site(warnings=(*warnings, f"{what}; blogdesk's own style is used"))
    return replace(site, warnings=(*warnings, *site.warnings))


def _override_from_config(library_root: Path) -> tuple[str, str]:
    """``(generator, problem)``: the ``generator`` key of the nearest ``blogdesk.toml``.

    An unreadable ``blogdesk.toml`` gives no override and the problem as a warning.
    """
    from blogdesk.core.config import ConfigError, find_config_root, load_config

    root = find_config_root(library_root)
    if root is None:
        return "", ""
    try:
        return load_config(root).generator, ""
    except ConfigError as exc:
        return "", f"blogdesk.toml was not used for the generator: {exc}"


def publishing_generator(folder: Path) -> str:
    """The name of the generator that publishes the posts in ``folder`` ("blogdesk" for none).

    What :func:`detect_site` would name, without reading the generator's config: for the
    readers of single files (is a ``Title:`` line Pelican's header here?). Remembered for a few
    seconds per folder, so a library scan asks the disk once per folder.
    """
    return _publishing_generator(str(folder), int(time.monotonic() // 5))


@functools.lru_cache(maxsize=256)
def _publishing_generator(folder: str, _moment: int) -> str:
    override, _ = _override_from_config(Path(folder))
    if override in GENERATORS:
        return override
    found = find_generator(Path(folder))
    return found[0] if found is not None else "blogdesk"
