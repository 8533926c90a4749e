"""The one renderer contract: what every Markdown family gives the preview, the export and the CLI.

A renderer turns a post body (front matter removed, template tags already processed) into a
:class:`Rendered`: the sanitized HTML, the outline, and the top-level blocks with the source lines
each came from. The preview patches blocks and scrolls by lines from this data alone.

Invariants every family keeps (the tests in ``tests/core/test_render_contract.py`` check them):

- ``html == "".join(block.html for block in blocks)``;
- blocks are in source order, their line ranges do not overlap, and lines are 1-based and
  inclusive (``first_line <= last_line``) counted in the body text given to the renderer;
- the outline lists the headings of ``html`` in document order, each with the line it starts on;
- everything in ``html`` has been through :func:`blogdesk.core.render.sanitize`.

Families: ``pymd`` (Python-Markdown: blogdesk's own style, Pelican, MkDocs), ``commonmark``
(Hugo/goldmark, Eleventy/markdown-it, Zola/pulldown-cmark) and ``kramdown`` (Jekyll). Each module
exposes ``render_body(text, options) -> Rendered``; :func:`flavour` picks the family and its
options for a generator name, and :func:`render_with` runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from blogdesk.core.config import GENERATOR_NAMES

__all__ = [
    "GENERATORS",
    "Block",
    "Flavour",
    "OutlineEntry",
    "Rendered",
    "Renderer",
    "family_renderer",
    "flavour",
    "flavour_for",
    "render_with",
]

#: Generator names a user may give (``blogdesk render --generator NAME``).
GENERATORS = GENERATOR_NAMES  # one list: blogdesk.toml's `generator` takes the same names


@dataclass(frozen=True)
class OutlineEntry:
    """One heading: level 1-6, its visible text, its id in the HTML, the body line it is on."""

    level: int
    text: str
    id: str
    line: int


@dataclass(frozen=True)
class Block:
    """One top-level run of the sanitized HTML and the body lines (1-based, inclusive) it came
    from. Raw HTML left open across blocks (``<details>`` ... ``</details>``) is one block."""

    first_line: int
    last_line: int
    html: str


@dataclass(frozen=True)
class Rendered:
    """A rendered body: sanitized HTML, the outline, and the blocks it is made of."""

    html: str
    outline: tuple[OutlineEntry, ...]
    blocks: tuple[Block, ...]


class Renderer(Protocol):
    """A Markdown family: a pure function of the text and options given by value."""

    def __call__(self, text: str, options: Any) -> Rendered: ...


@dataclass(frozen=True)
class Flavour:
    """Which family renders a generator's posts, with which options (a frozen dataclass)."""

    generator: str
    family: str  # "pymd", "commonmark" or "kramdown"
    options: Any


def flavour(generator: str) -> Flavour:
    """The family and default options for a generator name (one of :data:`GENERATORS`).

    The site reader will refine the options from the site's config; these are the generators'
    own defaults.
    """
    name = generator.strip().lower()
    if name in ("hugo", "eleventy", "zola"):
        from blogdesk.core.render.commonmark import CommonMarkOptions

        return Flavour(name, "commonmark", CommonMarkOptions.for_generator(name))
    if name == "jekyll":
        from blogdesk.core.render.kramdown import KramdownOptions

        return Flavour(name, "kramdown", KramdownOptions())
    if name in ("pelican", "mkdocs", "blogdesk"):
        from blogdesk.core.render import RenderOptions

        return Flavour(name, "pymd", RenderOptions())
    raise ValueError(f"unknown generator {generator!r}; expected one of {', '.join(GENERATORS)}")


def flavour_for(site: Path | None) -> Flavour:
    """The flavour a site's posts render in; ``site`` is its root folder (or a post's folder).

    The one place where site detection plugs in: the site reader (``core/sites``) will return
    the detected generator's flavour with the options from its config. Until it lands, every
    site renders in blogdesk's own style, which is today's behaviour.
    """
    del site  # not read yet: see above
    return flavour("blogdesk")


def family_renderer(name: str) -> Renderer:
    """A family's ``render_body`` ("pymd", "commonmark" or "kramdown"), imported on first use."""
    import importlib

    if name not in ("commonmark", "kramdown", "pymd"):
        raise ValueError(f"unknown Markdown family {name!r}")
    module = importlib.import_module(f"blogdesk.core.render.{name}")
    render_body: Renderer = module.render_body
    return render_body


def render_with(chosen: Flavour, text: str) -> Rendered:
    """Render a body with a flavour's family and options."""
    return family_renderer(chosen.family)(text, chosen.options)


def line_of(text: str, offset: int) -> int:
    """The 1-based line of a character offset in text."""
    return text.count("\n", 0, offset) + 1
