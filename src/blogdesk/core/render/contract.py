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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from blogdesk.core.config import GENERATOR_NAMES

if TYPE_CHECKING:
    from blogdesk.core.sites.config import Site
    from blogdesk.core.sites.templates import PostTarget

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
    "post_targets",
    "render_site_body",
    "render_with",
    "tuned",
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
    """Which family renders a generator's posts, with which options (a frozen dataclass).

    ``site`` is the detected site when its posts hold template tags (their pass runs before
    the family: :func:`render_site_body`); None when there is no template pass. A Flavour is
    compared, hashed and pickled by value (the preview's worker receives it; the export's cache
    keys hold its ``repr``).
    """

    generator: str
    family: str  # "pymd", "commonmark" or "kramdown"
    options: Any
    site: Site | None = field(default=None, hash=False)  # its mappings are not hashable
    #: The posts the template tags may link to, when the flavour carries them (the export's);
    #: part of its value, so a body that links to a new post is rendered again.
    posts: tuple[PostTarget, ...] = ()

    @property
    def template_language(self) -> str:
        """The template language expanded before Markdown ("" for none)."""
        return self.site.template_language if self.site is not None else ""

    @property
    def is_plain_pymd(self) -> bool:
        """Python-Markdown with no template pass: blogdesk's renderer exactly as before."""
        return self.family == "pymd" and not self.template_language


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


def flavour_for(site: Path | Site | None) -> Flavour:
    """The flavour a site's posts render in: its family with the options its config sets.

    ``site`` is a detected :class:`~blogdesk.core.sites.config.Site`, or a folder (the library
    root or a post's folder) to detect it from; None is blogdesk's own style. Hugo renders with
    goldmark's settings (``markup.goldmark``), Jekyll with its ``kramdown:`` settings, Eleventy
    and Zola with their engines' defaults, Pelican, MkDocs and blogdesk with Python-Markdown.
    Generators with template tags get their pass (``Flavour.site``).
    """
    if site is None:
        return flavour("blogdesk")
    if isinstance(site, Path):
        from blogdesk.core.sites.detect import detect_site

        site = detect_site(site)
    name = site.generator
    chosen = flavour(name)
    if name == "hugo":
        from blogdesk.core.render.commonmark import CommonMarkOptions

        goldmark = site.markdown.options
        chosen = replace(chosen, options=CommonMarkOptions.from_hugo(goldmark))
    elif name == "jekyll":
        from blogdesk.core.render.kramdown import KramdownOptions

        chosen = replace(chosen, options=KramdownOptions.from_jekyll(site.markdown.options))
    if site.template_language:
        chosen = replace(chosen, site=site)
    return chosen


def tuned(chosen: Flavour, *, smart_quotes: bool | None = None,
          allow_remote_images: bool | None = None) -> Flavour:
    """``chosen`` with blogdesk's own settings applied: ``smart_quotes`` (blogdesk.toml, for
    Python-Markdown only: the other families follow their generator's config) and whether
    remote images load (the preview's setting)."""
    changes: dict[str, Any] = {}
    if allow_remote_images is not None:
        changes["allow_remote_images"] = allow_remote_images
    if smart_quotes is not None and chosen.family == "pymd":
        changes["smart_quotes"] = smart_quotes
    return replace(chosen, options=replace(chosen.options, **changes)) if changes else chosen


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


def render_site_body(
    chosen: Flavour,
    text: str,
    *,
    page: Mapping[str, Any] | None = None,
    posts: Sequence[PostTarget] = (),
    post_href: Callable[[PostTarget], str] | None = None,
    time_limit: float = 1.0,
    render: Callable[[str], Rendered] | None = None,
) -> Rendered:
    """A post body as its site publishes it: the template pass, then the family.

    The template tags are expanded first (protected: their HTML goes back in after the family
    ran, and is sanitized again); the blocks' lines and the outline's are the body's own lines.
    ``page`` is the post's front matter, ``posts`` the posts its tags may link to. ``render``
    renders the expanded text in the flavour's family (the preview passes an incremental
    renderer of it); by default :func:`render_with`.
    """
    if render is None:
        render = lambda body: render_with(chosen, body)  # noqa: E731
    if not chosen.template_language:
        return render(text)
    from types import MappingProxyType

    from blogdesk.core.render import RenderOptions, sanitize
    from blogdesk.core.sites.templates import TemplateContext, expand_templates

    assert chosen.site is not None  # a template language comes from a site
    context = TemplateContext(
        site=chosen.site,
        page=MappingProxyType(dict(page or {})),
        posts=tuple(posts) or chosen.posts,
        post_href=post_href,
        time_limit=time_limit,
        render_inner=lambda inner: render_with(chosen, inner).html,
    )
    expanded = expand_templates(text, context, protect=True)
    rendered = render(expanded.text)
    if not expanded.snippets and expanded.source_lines is None:
        return rendered
    cleaning = RenderOptions(
        allow_remote_images=getattr(chosen.options, "allow_remote_images", True))
    blocks: list[Block] = []
    previous = 0
    for block in rendered.blocks:
        html = expanded.restore(block.html)
        if html != block.html:
            html = sanitize(html, cleaning)
        first = max(expanded.source_line(block.first_line), previous + 1)
        last = max(expanded.source_line(block.last_line), first)
        blocks.append(Block(first, last, html))
        previous = last
    outline = tuple(
        replace(entry, text=expanded.without_tokens(entry.text),
                line=expanded.source_line(entry.line))
        for entry in rendered.outline
    )
    return Rendered(html="".join(b.html for b in blocks), outline=outline, blocks=tuple(blocks))


def post_targets(site: Site | None, posts: Sequence[Any], limit: int = 5000
                 ) -> tuple[PostTarget, ...]:
    """What ``ref``/``post_url``/``link`` tags may name: each post (a ``Post``) inside the
    site's root, with its published URL; at most ``limit``."""
    if site is None or site.root is None:
        return ()
    from blogdesk.core.sites.conventions import post_target

    root = site.root
    found = []
    for post in posts[:limit]:
        try:
            rel = Path(post.path).relative_to(root).as_posix()
        except ValueError:
            continue
        metadata = {"title": post.title, "date": post.date}
        found.append(post_target(site, rel, metadata))
    return tuple(found)


def line_of(text: str, offset: int) -> int:
    """The 1-based line of a character offset in text."""
    return text.count("\n", 0, offset) + 1
