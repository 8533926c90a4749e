"""Markdown to safe HTML: the only module in blogdesk that knows the Markdown library.

The pipeline is ``Markdown -> HTML -> nh3 -> template``: Python-Markdown passes raw HTML through
untouched, so its output is sanitized afterwards (never the input, which is the classic mistake).

Contract for callers that build on the parts (the incremental renderer in ``core/incremental.py``
must produce exactly what :func:`render` produces)::

    render(body, options) == Rendered(
        html=sanitize(new_markdown(options).convert(body), options),
        outline=outline_of(that html),
    )

- :func:`new_markdown` returns a fresh, configured ``markdown.Markdown`` for one conversion; an
  instance is never shared between threads, so renders may run concurrently.
- Heading ids are made by :func:`heading_id` from the heading's visible text: ``slug`` of the text
  (``section`` when empty), and on a repeat ``slug-1``, ``slug-2``... in document order, skipping
  ids already present (footnote ids, ``{#custom}`` ids from attribute lists).
- :func:`sanitize` is a pure function of its input HTML and options; it is applied to the whole
  converted document, but works the same on any run of complete top-level blocks.
- :func:`outline_of` reads the outline back from sanitized HTML.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections.abc import MutableSet
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from blogdesk.core.sites.classes import PLACEHOLDER_CLASSES

if TYPE_CHECKING:  # markdown is imported lazily: the app paints its window before loading it
    import xml.etree.ElementTree as etree  # and ElementTree with it

    import markdown

__all__ = [
    "PAGE_IDS",
    "USER_ID_PREFIX",
    "Heading",
    "RenderOptions",
    "Rendered",
    "heading_id",
    "is_remote",
    "new_markdown",
    "outline_of",
    "pygments_css",
    "render",
    "renderer_classes",
    "sanitize",
    "slug_of_heading",
    "unique_id",
]

LIGHT_STYLE = "friendly"
DARK_STYLE = "github-dark"
#: The selector under which the dark code colours apply, besides the prefers-color-scheme query.
DARK_SELECTOR = "html.theme-dark"
LIGHT_SELECTOR = "html.theme-light"


@dataclass(frozen=True)
class RenderOptions:
    """How a body is rendered; passed by value so concurrent renders never share state."""

    smart_quotes: bool = True
    highlight: bool = True
    allow_remote_images: bool = True  # export: True; the preview passes False unless allowed


@dataclass(frozen=True)
class Heading:
    """One heading of the outline: level 1-6, its visible text and its id in the HTML."""

    level: int
    text: str
    id: str


@dataclass(frozen=True)
class Rendered:
    """Sanitized body HTML and the heading outline read from it."""

    html: str
    outline: tuple[Heading, ...]


# --- heading ids -------------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^\w\s-]", re.UNICODE)
_SEPARATORS = re.compile(r"[\s_-]+", re.UNICODE)


def slug_of_heading(text: str) -> str:
    """The id stem of a heading: lower case words joined by '-', unicode letters kept."""
    text = unicodedata.normalize("NFKC", text)
    text = _NON_WORD.sub("", text).strip().lower()
    return _SEPARATORS.sub("-", text).strip("-") or "section"


def heading_id(text: str, used: MutableSet[str]) -> str:
    """A unique id for a heading: its slug, then ``slug-1``, ``slug-2``...; records it in used."""
    return unique_id(slug_of_heading(text), used)


def unique_id(stem: str, used: MutableSet[str]) -> str:
    """``stem``, else ``stem-1``, ``stem-2``...: the first not in ``used``, recorded there."""
    candidate, n = stem, 0
    while candidate in used:
        n += 1
        candidate = f"{stem}-{n}"
    used.add(candidate)
    return candidate


def _heading_extension() -> markdown.Extension:
    """An extension that gives headings our ids before the toc extension looks at them."""
    from markdown.extensions import Extension
    from markdown.extensions.toc import remove_fnrefs, render_inner_html, strip_tags
    from markdown.treeprocessors import Treeprocessor

    class HeadingIds(Treeprocessor):
        def run(self, root: etree.Element) -> None:
            used = {el.attrib["id"] for el in root.iter() if "id" in el.attrib}
            plain = _plain_postprocessors(self.md)
            for el in root.iter():
                if isinstance(el.tag, str) and _HEADING_TAG.match(el.tag) and "id" not in el.attrib:
                    name = _plain_heading_name(el) if plain else None
                    if name is None:
                        name = strip_tags(render_inner_html(remove_fnrefs(el), self.md))
                    el.attrib["id"] = heading_id(html_lib.unescape(name), used)

    class HeadingIdExtension(Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            # after attr_list (8) so {#custom} ids win; before toc (5) so toc keeps ours
            md.treeprocessors.register(HeadingIds(md), "blogdesk_heading_ids", 6)

    return HeadingIdExtension()


_HEADING_TAG = re.compile(r"^h[1-6]$")
#: Python-Markdown's postprocessors here: each changes only text holding a placeholder (STX).
_KNOWN_POSTPROCESSORS = frozenset(
    {"RawHtmlPostprocessor", "FootnotePostprocessor", "AndSubstitutePostprocessor"}
)
#: In a heading's text, what its serialized, unescaped, postprocessed and tag-stripped form
#: would change: markup, entities and placeholders (every one starts with STX).
_NOT_PLAIN = re.compile("[&<>\x02\x03]")


def _plain_postprocessors(md: markdown.Markdown) -> bool:
    return all(type(pp).__name__ in _KNOWN_POSTPROCESSORS for pp in md.postprocessors)


def _plain_heading_name(el: etree.Element) -> str | None:
    """A heading's name for its id when it is plain text (no child, no markup, entity or
    placeholder): what toc's ``strip_tags(render_inner_html(...))`` makes of it, without
    serializing it and running the postprocessors (4% of a post); None for any other."""
    if len(el):
        return None
    text = el.text or ""
    if _NOT_PLAIN.search(text):
        return None
    return " ".join(text.split())


# --- Markdown ----------------------------------------------------------------------------------


def new_markdown(options: RenderOptions = RenderOptions()) -> markdown.Markdown:
    """A fresh Markdown converter configured for blogdesk; use it for one document, one thread."""
    import markdown
    from markdown.extensions.abbr import AbbrExtension
    from markdown.extensions.attr_list import AttrListExtension
    from markdown.extensions.def_list import DefListExtension
    from markdown.extensions.fenced_code import FencedCodeExtension
    from markdown.extensions.footnotes import FootnoteExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension

    from blogdesk.core.render.quicktoc import QuickTocExtension

    # Extensions as classes, not names: a name is looked up among every installed package's
    # entry points, which imports importlib.metadata and reads each package's metadata
    # (measured: 17 ms and 2.5 MiB in each process that renders, the preview's worker and
    # each export worker), and lets another package's extension take a name.
    extensions: list[markdown.Extension] = [
        # align="..." instead of style="text-align: ..." so the sanitizer needs no style attribute
        TableExtension(use_align_attribute=True),
        FencedCodeExtension(),
        FootnoteExtension(BACKLINK_TITLE="Back to reference %d"),
        AbbrExtension(),
        AttrListExtension(),
        DefListExtension(),
        SaneListExtension(),
        _heading_extension(),
        # toc only for the [TOC] marker, run where it changes the HTML (quicktoc.py)
        QuickTocExtension(permalink=False, toc_depth="2-6"),
    ]
    if options.highlight:
        from markdown.extensions.codehilite import CodeHiliteExtension

        from blogdesk.core.render.fastlexer import install

        install()  # the same tokens, each state's rules tried as one regex (fastlexer.py)
        extensions.append(
            CodeHiliteExtension(
                css_class="codehilite",
                guess_lang=False,
                use_pygments=True,
                noclasses=False,
                pygments_formatter=_formatter_class(),
            )
        )
    if options.smart_quotes:  # smarty's output, without its cost (typographer.py)
        from blogdesk.core.render.typographer import FastSmartyExtension

        extensions.append(FastSmartyExtension())
    md = markdown.Markdown(extensions=extensions, output_format="html")
    from blogdesk.core.render.fastblock import block_level_memo, prefilter_blocks, prefilter_tree
    from blogdesk.core.render.fastinline import prefilter

    prefilter(md)  # the same HTML, a pattern not tried on text it cannot match (fastinline.py)
    prefilter_blocks(md)  # and the same for block processors (fastblock.py)
    prefilter_tree(md)
    block_level_memo(md)
    return md


@lru_cache(maxsize=1)
def _formatter_class() -> type:
    """Pygments' HTML formatter, with the per-style class table built once, not per code block.

    ``HtmlFormatter.__init__`` rebuilds that table (about 0.5 ms) every time, and codehilite makes
    a formatter for every block; the table depends only on the style and the class prefix and is
    only read afterwards, so instances share it. The HTML is unchanged.
    """
    from pygments.formatters import HtmlFormatter

    tables: dict[tuple[object, str], tuple[dict, dict]] = {}

    class SharedTableHtmlFormatter(HtmlFormatter):  # type: ignore[type-arg]
        # the stubs do not declare these private members, hence Any
        def _create_stylesheet(self) -> None:
            me: Any = self
            key = (me.style, me.classprefix)
            table = tables.get(key)
            if table is None:
                HtmlFormatter._create_stylesheet(me)  # type: ignore[attr-defined]
                tables[key] = (me.ttype2class, me.class2style)
            else:
                me.ttype2class, me.class2style = table

    return SharedTableHtmlFormatter


# --- sanitizing --------------------------------------------------------------------------------

_ID_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "li", "sup")
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
    "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}  # fmt: skip
# Dropped with their content (the rest of an unknown tag's text is kept as text).
_DROP_WITH_CONTENT = {
    "script", "style", "iframe", "svg", "math", "object", "embed", "noscript", "template",
    "textarea", "select", "title",
}  # fmt: skip
_URL_SCHEMES = {"http", "https", "mailto"}
_IMG_TAG = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')
# A table column's alignment as the CommonMark and kramdown families write it (goldmark and
# markdown-it ``text-align:left``, kramdown and pulldown-cmark ``text-align: left``): the only
# style a body keeps, on th and td.
_TEXT_ALIGN = re.compile(r"\s*text-align\s*:\s*(left|center|right)\s*;?\s*", re.IGNORECASE)

#: The ids of the page around the body (templates and preview): a body id never takes one.
PAGE_IDS = frozenset({"post-body", "related-heading"})
#: What an id of the body that would clash with the page becomes (GitHub's prefix).
USER_ID_PREFIX = "user-content-"


def _pygments_classes() -> frozenset[str]:
    from pygments.token import STANDARD_TYPES

    return frozenset(name for name in STANDARD_TYPES.values() if name) | {"hll"}


@lru_cache(maxsize=1)
def renderer_classes() -> dict[str, frozenset[str]]:
    """Per tag, the classes the renderer itself emits: the only ones the sanitizer keeps.

    An author's own classes (raw HTML, ``{: .class}``) are dropped, so a post cannot borrow the
    theme's selectors (``.card-title a::after`` covers the whole card with a link). Besides
    these, ``<code>`` keeps ``language-*`` (fenced code without highlighting).
    """
    classes = {
        # the footnotes as each family names them: Python-Markdown, markdown-it, kramdown and
        # pulldown-cmark (Zola)
        "div": frozenset(
            {"codehilite", "footnote", "footnotes", "footnote-definition", "toc", "linenodiv"}
        ),
        "sup": frozenset({"footnote-reference", "footnote-definition-label"}),
        "span": _pygments_classes() | {"toctitle", "normal", "special", "linenos"},
        "table": frozenset({"codehilitetable"}),
        "td": frozenset({"linenos", "code"}),
        "a": frozenset({"footnote-ref", "footnote-backref", "footnote", "reversefootnote"}),
        # task lists, as the CommonMark family's renderers mark them
        "li": frozenset({"task-list-item"}),
        "ul": frozenset({"contains-task-list"}),
        "ol": frozenset({"contains-task-list"}),
    }
    for tag, names in PLACEHOLDER_CLASSES.items():  # template tags shown (core/sites/templates)
        classes[tag] = classes.get(tag, frozenset()) | names
    return classes


_LANGUAGE_CLASS = re.compile(r"language-[\w+#.-]{1,40}")
# Python-Markdown's footnote ids: "fn:label" on the note, "fnref:label"/"fnref2:label" on the mark
_FOOTNOTE_ID = {"li": re.compile(r"fn:\S+"), "sup": re.compile(r"fnref\d*:\S+")}


def _keep_classes(tag: str, value: str) -> str | None:
    allowed = renderer_classes().get(tag, frozenset())
    if value in allowed:
        return value  # one class the renderer wrote: most of them (code colours)
    kept = [
        name
        for name in value.split()
        if name in allowed or (tag == "code" and _LANGUAGE_CLASS.fullmatch(name))
    ]
    return " ".join(kept) or None


def _body_id(value: str) -> str:
    """An id of the body as it goes in the page: clashes with the page's own ids are prefixed."""
    return USER_ID_PREFIX + value if value in PAGE_IDS else value


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    """The attribute as the page gets it (nh3's filter: None drops it)."""
    if attr == "class":
        return _keep_classes(tag, value)
    if attr == "id":
        if tag in _FOOTNOTE_ID and not _FOOTNOTE_ID[tag].fullmatch(value):
            return USER_ID_PREFIX + value  # an author's id on a list item or a superscript
        return _body_id(value)
    if attr == "href" and value.startswith("#"):
        return "#" + _body_id(value[1:])  # links to a heading keep pointing at it
    if attr == "style":  # th and td only (see _attributes): the alignment, nothing else
        found = _TEXT_ALIGN.fullmatch(value)
        return f"text-align: {found.group(1).lower()}" if found else None
    return value


def _attributes() -> dict[str, set[str]]:
    attrs: dict[str, set[str]] = {
        "a": {"href", "title"},
        "abbr": {"title"},
        "img": {"src", "alt", "title", "width", "height"},
        "td": {"align", "colspan", "rowspan", "style"},
        "th": {"align", "colspan", "rowspan", "scope", "style"},
        "ol": {"start"},
        "q": {"cite"},
        "blockquote": {"cite"},
        "time": {"datetime"},
    }
    for tag in (*renderer_classes(), "code"):
        attrs.setdefault(tag, set()).add("class")
    for tag in _ID_TAGS:
        attrs.setdefault(tag, set()).add("id")
    return attrs


@lru_cache(maxsize=1)
def _cleaner() -> Any:
    """One nh3 cleaner, built once (its settings are constant; it is safe to share)."""
    import nh3

    return nh3.Cleaner(
        tags=_TAGS,
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=_attributes(),
        attribute_filter=_filter_attribute,
        url_schemes=_URL_SCHEMES,
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


def sanitize(html: str, options: RenderOptions = RenderOptions()) -> str:
    """Strip everything that could run, leak or borrow the theme's styles from rendered HTML.

    Kept: the renderer's own classes (:func:`renderer_classes`), heading and footnote ids (one
    that is also an id of the page gets :data:`USER_ID_PREFIX`, and so do in-page links to it).
    """
    cleaned: str = _cleaner().clean(html)
    if not options.allow_remote_images:
        cleaned = _IMG_TAG.sub(_block_remote_image, cleaned)
    return cleaned


# What a browser removes from a URL before it parses it (the WHATWG URL standard): leading and
# trailing C0 controls and spaces, and every tab and newline anywhere.
_URL_EDGES = "".join(chr(c) for c in range(0x21))
_URL_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_REMOTE_PREFIXES = ("http:", "https:", "//")


def is_remote(url: str) -> bool:
    r"""True for a URL that would load from the network: http, https or protocol-relative.

    ``url`` is the attribute's value as the browser gets it (HTML entities decoded). It is read
    the way the browser reads it: edges stripped, tabs and newlines removed, the scheme in any
    case, and a backslash taken for a slash (as for http pages), so ``ht\ttp:``, ``HTTPS:``,
    `` //host`` and ``\\host`` are all remote.
    """
    seen = _URL_TAB_NEWLINE.sub("", url.strip(_URL_EDGES)).replace("\\", "/").lower()
    return seen.startswith(_REMOTE_PREFIXES)


def _block_remote_image(match: re.Match[str]) -> str:
    attrs = {name: value for name, value in _ATTR.findall(match.group(0))}
    if not is_remote(html_lib.unescape(attrs.get("src", ""))):
        return match.group(0)
    # the values are already escaped by the sanitizer's serializer, so they go back in verbatim
    alt = attrs.get("alt", "") or "image"
    return f'<span class="remote-image" title="Remote image not loaded">{alt}</span>'


# --- outline -----------------------------------------------------------------------------------

_HEADING_HTML = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.DOTALL)
_FNREF_HTML = re.compile(r'<sup id="fnref[^"]*">.*?</sup>', re.DOTALL)
_TAG_HTML = re.compile(r"<[^>]+>")


def outline_of(html: str) -> tuple[Heading, ...]:
    """The headings of sanitized body HTML, in document order."""
    outline = []
    for match in _HEADING_HTML.finditer(html):
        attrs = dict(_ATTR.findall(match.group(2)))
        inner = _FNREF_HTML.sub("", match.group(3))
        text = " ".join(html_lib.unescape(_TAG_HTML.sub("", inner)).split())
        outline.append(Heading(int(match.group(1)), text, html_lib.unescape(attrs.get("id", ""))))
    return tuple(outline)


class RenderError(RuntimeError):
    """Python-Markdown failed on this text (it has bugs on a few inputs, e.g. a footnote
    defined inside another footnote's text); the message says so in plain words."""


def render(markdown_body: str, options: RenderOptions = RenderOptions()) -> Rendered:
    """Render a post body (never its front matter) to sanitized HTML and its outline."""
    try:
        converted = new_markdown(options).convert(markdown_body)
    except Exception as exc:  # a library bug must be a clear message, not a crash
        raise RenderError(
            f"the Markdown could not be rendered ({type(exc).__name__}: {exc})"
        ) from exc
    html = sanitize(converted, options)
    return Rendered(html=html, outline=outline_of(html))


# --- code colours ------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def pygments_css(dark: bool = False) -> str:
    """CSS for highlighted code: light under ``.codehilite``, dark for the dark theme selectors.

    The dark rules apply under ``html.theme-dark`` and, unless ``html.theme-light`` forces the
    light theme, under ``@media (prefers-color-scheme: dark)``.
    """
    from pygments.formatters import HtmlFormatter
    from pygments.styles import get_style_by_name

    name = DARK_STYLE if dark else LIGHT_STYLE
    style = get_style_by_name(name)
    formatter = HtmlFormatter(style=name)

    def block(prefix: str) -> str:
        base = f"{prefix} {{ background: {style.background_color}; }}"
        return "\n".join([base, *formatter.get_token_style_defs(prefix)])

    if not dark:
        return block(".codehilite") + "\n"
    forced = block(f"{DARK_SELECTOR} .codehilite")
    auto = block(f"html:not({LIGHT_SELECTOR[4:]}) .codehilite")
    indented = "\n".join("  " + line for line in auto.splitlines())
    return f"{forced}\n@media (prefers-color-scheme: dark) {{\n{indented}\n}}\n"
