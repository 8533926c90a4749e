"""The files blogdesk ships with, found in its installed package wherever it is installed.

``resources/`` and ``posts/`` stay at the top of the repository; the build maps them into the
package as ``blogdesk.resources`` and ``blogdesk.sample_posts`` (pyproject.toml, setup.py), so a
wheel, a pipx install and the editable install of a checkout all find them the same way.

A package installed as files (every install above) is its folder on disk, the path
``importlib.resources`` gives for it; only another kind of import (a zip) goes through
``importlib.resources``, which loads ``zipfile`` and more (about 5 ms of every command).
"""

from __future__ import annotations

import importlib
from importlib.machinery import SourceFileLoader, SourcelessFileLoader
from pathlib import Path

APP_ID = "io.github.blogdesk.Blogdesk"
_SAMPLE_COPY_IGNORE = ("__init__.py", "__pycache__", "*.pyc")
# An editable install made before the mapping existed puts only src/ on the path: the checkout's
# folders are still right there (``make setup`` reinstalls when pyproject.toml changes).
_CHECKOUT = Path(__file__).resolve().parents[3]
_CHECKOUT_FOLDERS = {"blogdesk.resources": "resources", "blogdesk.sample_posts": "posts"}


def package_folder(package: str) -> Path:
    """The folder of one of blogdesk's data packages, as a real path (templates load from it)."""
    try:
        spec = importlib.import_module(package).__spec__
    except ModuleNotFoundError as exc:
        fallback = _CHECKOUT / _CHECKOUT_FOLDERS.get(package, "?")
        if (_CHECKOUT / "pyproject.toml").is_file() and fallback.is_dir():
            return fallback
        raise FileNotFoundError(
            f"blogdesk resources not found ({package} is not installed; reinstall blogdesk)"
        ) from exc
    if spec is not None and spec.origin and isinstance(
        spec.loader, (SourceFileLoader, SourcelessFileLoader)
    ):
        return Path(spec.origin).parent  # what importlib.resources answers for a file loader
    return _through_resources(package)


def _through_resources(package: str) -> Path:
    """The folder importlib.resources gives for a package not loaded from files, if it is one."""
    from importlib import resources

    root = resources.files(package)
    if not isinstance(root, Path):  # a zip import: blogdesk is never installed that way
        raise FileNotFoundError(f"blogdesk resources not found ({package} is not a folder)")
    return root


def resource_folder() -> Path:
    """The ``blogdesk.resources`` folder: templates, theme, icons, desktop files, help."""
    folder = package_folder("blogdesk.resources")
    if not (folder / "templates" / "post.html.j2").is_file():
        raise FileNotFoundError(f"blogdesk resources not found (looked in {folder})")
    return folder


def icon_file() -> Path:
    """The app's scalable icon."""
    return resource_folder() / "icons" / "blogdesk.svg"


def sample_library(user_data: Path | None = None) -> Path | None:
    """The sample library to open on a first run, or None when it is not installed.

    In a checkout (the editable install) that is ``posts/`` itself. An installed copy is never
    edited in place (site-packages may be read-only and is replaced on upgrade): it is copied
    once into the user's data folder, and that copy is opened from then on.
    """
    try:
        source = package_folder("blogdesk.sample_posts")
    except FileNotFoundError:
        return None
    if (source.parent / "pyproject.toml").is_file():
        return source
    if user_data is None:
        import platformdirs

        user_data = Path(platformdirs.user_data_dir("blogdesk"))
    copy = user_data / "sample-posts"
    if not copy.is_dir():
        import shutil

        staging = user_data / ".sample-posts.partial"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(source, staging, ignore=shutil.ignore_patterns(*_SAMPLE_COPY_IGNORE))
        staging.rename(copy)  # all or nothing: a half copy is never opened
    return copy
