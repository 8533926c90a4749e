"""The site a library belongs to: its generator, its config, its conventions and template tags.

``detect_site(library_root)`` finds and reads the generator's config (never executing it);
``conventions`` holds each generator's metadata rules; ``templates`` turns the template tags in
a post body into Markdown/HTML before the Markdown renderer sees it. The names below are loaded
on first use, so importing a small module of the package (``classes``) loads nothing else.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from blogdesk.core.sites.config import GENERATORS, MarkdownSettings, Site, blogdesk_site
    from blogdesk.core.sites.detect import detect_site, find_generator

__all__ = ["GENERATORS", "MarkdownSettings", "Site", "blogdesk_site", "detect_site",
           "find_generator"]

_WHERE = {"GENERATORS": "config", "MarkdownSettings": "config", "Site": "config",
          "blogdesk_site": "config", "detect_site": "detect", "find_generator": "detect"}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
