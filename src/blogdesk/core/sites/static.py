"""Where a site serves its files from: the folders a site-absolute path such as ``/images/a.png``
is looked up in, for each generator.

Hugo copies ``static/`` (or its ``staticDir``) to the site's root, Zola ``static/``; Jekyll
and Eleventy copy the files of the site's own folder (the input folder); Pelican serves its
static paths from ``content/`` (its ``PATH``), MkDocs from ``docs/`` (its ``docs_dir``).
blogdesk's own style has none. A folder named by a config is untrusted: only folders that
resolve inside the site's root are returned, so ``staticDir = "/etc"`` or a symlink out is left
out. Nothing here reads a file: the caller still confines each look-up to the folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from blogdesk.core.sites.config import Site

__all__ = ["MAX_STATIC_FOLDERS", "base_path", "static_folders"]

MAX_STATIC_FOLDERS = 8  # Hugo's staticDir may be a list; a longer one is cut here


def static_folders(site: Site) -> tuple[Path, ...]:
    """The folders, inside the site's root, that a site-absolute URL path is served from."""
    if site.root is None:
        return ()
    names = _folder_names(site)
    try:
        root = site.root.resolve(strict=True)
    except (OSError, RuntimeError):
        return ()
    found: list[Path] = []
    for name in names[:MAX_STATIC_FOLDERS]:
        folder = _inside(root, name)
        if folder is not None and folder not in found:
            found.append(folder)
    return tuple(found)


def base_path(site: Site) -> str:
    """The path part of the site's base URL, without its final slash ("/blog"; "" for none).

    A post may write ``{{ site.baseurl }}/images/a.png``, which the template pass turns into
    ``/blog/images/a.png``: the file is ``images/a.png`` in the static folder.
    """
    for value in (site.baseurl, site.url):
        if not isinstance(value, str) or not value:
            continue
        try:
            path = urlsplit(value).path
        except ValueError:
            continue
        return path.rstrip("/") if path.startswith("/") else ""
    return ""


def _folder_names(site: Site) -> list[str]:
    generator = site.generator
    if generator == "hugo":
        return _hugo_static_dirs(site.variables)
    if generator == "zola":
        return ["static"]
    if generator in ("jekyll", "eleventy"):
        return ["."]
    if generator == "pelican":
        return [site.content_dir or "content"]
    if generator == "mkdocs":
        return [site.content_dir or "docs"]
    return []


def _hugo_static_dirs(variables: Mapping[str, Any]) -> list[str]:
    """Hugo's ``staticDir`` (a name or a list of names, any key case), ``static`` by default."""
    value: Any = None
    for key, item in variables.items():
        if isinstance(key, str) and key.lower() == "staticdir":
            value = item
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    if isinstance(value, (list, tuple)):
        names = [item.strip() for item in value if isinstance(item, str) and item.strip()]
        if names:
            return names
    return ["static"]


def _inside(root: Path, name: str) -> Path | None:
    """``root/name`` resolved, when it is a folder inside ``root``; None otherwise."""
    if "\x00" in name or Path(name).is_absolute() or name.startswith("~"):
        return None
    try:
        folder = (root / name).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not folder.is_relative_to(root) or not folder.is_dir():
        return None
    return folder
