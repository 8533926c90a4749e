"""The CommonMark family: Hugo (goldmark), Eleventy (markdown-it) and Zola (pulldown-cmark).

Built on markdown-it-py, which passes the whole CommonMark spec and gives every block token its
source lines (``token.map``), so blocks and the outline come straight from the parse. The
generator's own choices are options, by value, in :class:`CommonMarkOptions`:

- GFM tables and strikethrough, task lists, bare-URL autolinks (linkify-it-py), footnotes,
  definition lists, heading attributes ``{#id .class}``; each on where the generator has it on;
- the typographer: Hugo's goldmark has it on (curly quotes, ``--``, ``---``, ``...``), Eleventy's
  markdown-it and Zola have it off;
- heading ids in the generator's style: goldmark's ``github`` ids (from the heading's source,
  lower case, spaces to hyphens, punctuation dropped), markdown-it-anchor's slugify (Eleventy
  starters use it) and Zola's ASCII slugs;
- raw HTML: Hugo's ``markup.goldmark.renderer.unsafe = false`` omits it (goldmark writes
  ``<!-- raw HTML omitted -->``, which the sanitizer then drops); elsewhere it is passed on to the
  sanitizer;
- fence info strings keep only their first word as the language, so ```` ```sh {linenos=true} ````
  is one code block in ``sh``;
- footnotes as each engine writes them: goldmark's list (``fn:1``), markdown-it-footnote's, or
  pulldown-cmark's notes where they are defined (Zola).

Code is highlighted by Pygments through Python-Markdown's CodeHilite, so the classes are the ones
the theme CSS already styles. Then the HTML goes through the shared nh3 sanitizer.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import urllib.parse
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from blogdesk.core.render import RenderOptions, sanitize, unique_id
from blogdesk.core.render.contract import Block, OutlineEntry, Rendered

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["CommonMarkOptions", "build_parser", "new_parser", "render_body", "slugify"]

#: Heading id styles: goldmark's "github" (and Hugo's "github-ascii" and "blackfriday"),
#: markdown-it-anchor's, Zola's, kramdown's, or none.
ID_STYLES = (
    "github",
    "github-ascii",
    "blackfriday",
    "markdown-it-anchor",
    "zola",
    "kramdown",
    "none",
)


@dataclass(frozen=True)
class CommonMarkOptions:
    """How a CommonMark-family generator renders Markdown; defaults are plain CommonMark."""

    generator: str = "commonmark"
    typographer: bool = False
    unsafe: bool = True  # raw HTML passed on (to the sanitizer); False: omitted, as goldmark does
    tables: bool = True
    strikethrough: bool = True
    tasklists: bool = False
    linkify: bool = False
    footnotes: bool = False
    deflist: bool = False
    heading_attributes: bool = False
    heading_ids: str = "none"
    # "markdown-it" (a list at the end, [1]), "goldmark" (fn:1 ids, plain numbers) or
    # "pulldown-cmark" (Zola: each note shown where it is defined, ids from the labels)
    footnote_style: str = "markdown-it"
    indented_code: bool = True
    hard_wraps: bool = False  # every line break a <br> (goldmark's renderer.hardWraps)
    highlight: bool = True
    allow_remote_images: bool = True
    max_nesting: int = 40  # deep enough for real posts; markdown-it's inline cost grows with it

    @classmethod
    def from_hugo(cls, goldmark: Mapping[str, Any] | None) -> CommonMarkOptions:
        """Hugo's defaults changed by its ``markup.goldmark`` settings (as read from the config).

        Understood: ``extensions`` (table, strikethrough, linkify, taskList, definitionList,
        footnote, typographer as a bool or a table with ``disable``), ``parser.autoHeadingID``
        and ``autoHeadingIDType`` (github, github-ascii, blackfriday), ``parser.attribute.title``
        and ``renderer`` (unsafe, hardWraps). Anything else keeps Hugo's default.
        """
        base = cls.for_generator("hugo")
        if not isinstance(goldmark, Mapping):
            return base
        ext = _table(goldmark, "extensions")
        parser = _table(goldmark, "parser")
        renderer = _table(goldmark, "renderer")
        typographer = ext.get("typographer", base.typographer)
        if isinstance(typographer, Mapping):
            typographer = not typographer.get("disable", False)
        id_type = str(parser.get("autoHeadingIDType", "github")).lower()
        if id_type not in _HUGO_ID_TYPES:
            id_type = "github"
        if not config_flag(parser.get("autoHeadingID"), True):
            id_type = "none"
        return replace(
            base,
            tables=config_flag(ext.get("table"), base.tables),
            strikethrough=config_flag(ext.get("strikethrough"), base.strikethrough),
            linkify=config_flag(ext.get("linkify"), base.linkify),
            tasklists=config_flag(ext.get("taskList"), base.tasklists),
            deflist=config_flag(ext.get("definitionList"), base.deflist),
            footnotes=config_flag(ext.get("footnote"), base.footnotes),
            typographer=config_flag(typographer, base.typographer),
            heading_attributes=config_flag(_table(parser, "attribute").get("title"), True),
            heading_ids=id_type,
            unsafe=config_flag(renderer.get("unsafe"), base.unsafe),
            hard_wraps=config_flag(renderer.get("hardWraps"), base.hard_wraps),
        )

    @classmethod
    def for_generator(cls, generator: str, **changes: Any) -> CommonMarkOptions:
        """The generator's defaults (its config may then change some), plus ``changes``."""
        name = generator.lower()
        if name == "hugo":  # goldmark as Hugo configures it by default
            base = cls(
                generator="hugo",
                typographer=True,
                unsafe=False,
                tasklists=True,
                linkify=True,
                footnotes=True,
                deflist=True,
                heading_attributes=True,
                heading_ids="github",
                footnote_style="goldmark",
            )
        elif name == "eleventy":  # markdown-it({html: true}), no indented code (Eleventy 2+),
            # plus markdown-it-anchor's ids, which Eleventy starters add
            base = cls(generator="eleventy", heading_ids="markdown-it-anchor", indented_code=False)
        elif name == "zola":  # pulldown-cmark with Zola's extensions
            base = cls(
                generator="zola",
                tasklists=True,
                footnotes=True,
                heading_attributes=True,
                heading_ids="zola",
                footnote_style="pulldown-cmark",
            )
        elif name == "commonmark":
            base = cls(tables=False, strikethrough=False)
        else:
            raise ValueError(f"not a CommonMark-family generator: {generator!r}")
        return replace(base, **changes)


_HUGO_ID_TYPES = ("github", "github-ascii", "blackfriday")


def _table(mapping: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """A sub-table of a config mapping, looked up without regard to case; {} when absent."""
    for name, value in mapping.items():
        if str(name).lower() == key.lower() and isinstance(value, Mapping):
            return value
    return {}


def config_flag(value: Any, default: bool) -> bool:
    """A config value as a bool: real bools and the words true/false; else the default."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return default


# --- heading ids -------------------------------------------------------------------------------


#: _github_slug for ASCII text in one pass: letters lower-cased, digits and '_' kept, ' ' and
#: '-' to '-', the rest dropped
_ASCII_GITHUB = {
    code: (chr(code).lower() if chr(code).isalnum() or chr(code) == "_" else
           "-" if chr(code) in " -" else None)
    for code in range(128)
}  # fmt: skip


def _github_slug(source: str) -> str:
    """goldmark's (Hugo's) github id: letters, digits and '_' lower-cased, ' ' and '-' to '-'."""
    if source.isascii():
        return source.strip().translate(_ASCII_GITHUB)
    out = []
    for ch in source.strip():
        if ch in " -":
            out.append("-")
        elif ch == "_" or ch.isalpha() or ch.isdigit():
            out.append(ch.lower())
    return "".join(out)


def _anchor_slug(text: str) -> str:
    """markdown-it-anchor's default: encodeURIComponent(trim, lower case, spaces to '-')."""
    slug = re.sub(r"\s+", "-", text.strip().lower())
    return urllib.parse.quote(slug, safe="-_.!~*'()")


def _zola_slug(text: str) -> str:
    """Zola's slug: ASCII letters and digits, everything else one '-', trimmed."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _blackfriday_slug(text: str) -> str:
    """Hugo's ``blackfriday`` ids: letters and digits, other runs one '-', no '-' at the ends."""
    out: list[str] = []
    for ch in text:
        if ch.isalpha() or ch.isdigit():
            out.append(ch.lower())
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def slugify(style: str, text: str) -> str:
    """The id stem of a heading in a generator's style (before de-duplication)."""
    if style == "github":
        return _github_slug(text)
    if style == "github-ascii":  # accents folded, then anything not ASCII dropped
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return _github_slug(folded)
    if style == "blackfriday":
        return _blackfriday_slug(text)
    if style == "markdown-it-anchor":
        return _anchor_slug(text)
    if style == "zola":
        return _zola_slug(text)
    if style == "kramdown":  # kramdown-parser-gfm: the raw text, word characters, '-', spaces
        slug = re.sub(r"[^\w\- \t]", "", text.strip().lower())
        return slug.replace(" ", "-").replace("\t", "-")
    return ""


# --- heading attributes {#id .class key=value} --------------------------------------------------

_ATTR_BLOCK = re.compile(r"[ \t]*\{([^{}\n]*)\}[ \t]*$")
_ATTR_ITEM = re.compile(r"""\s*(?:#([\w:.-]+)|\.([\w-]+)|([\w-]+)=("[^"]*"|'[^']*'|[^\s"']+))""")


def parse_attributes(inner: str) -> dict[str, str] | None:
    """``#id .a .b key=value`` as attributes, or None when it is not attribute syntax."""
    attrs: dict[str, str] = {}
    classes: list[str] = []
    pos = 0
    inner = inner.strip()
    if inner.startswith(":"):  # kramdown's IAL form {: ...}
        inner = inner[1:]
    while pos < len(inner):
        match = _ATTR_ITEM.match(inner, pos)
        if not match or match.end() == pos:
            if inner[pos:].strip():
                return None
            break
        ident, cls, key, value = match.groups()
        if ident:
            attrs["id"] = ident
        elif cls:
            classes.append(cls)
        elif key:
            attrs[key] = value.strip("\"'")
        pos = match.end()
    if classes:
        attrs["class"] = " ".join(classes)
    return attrs if (attrs or not inner.strip()) else None


def heading_attributes_rule(state: Any) -> None:
    """A trailing ``{#id .class}`` on a heading becomes its attributes (goldmark, kramdown)."""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or i + 1 >= len(tokens):
            continue
        inline = tokens[i + 1]
        children = inline.children or []
        if not children or children[-1].type != "text":
            continue
        match = _ATTR_BLOCK.search(children[-1].content)
        attrs = parse_attributes(match.group(1)) if match else None
        if match is None or attrs is None:
            continue
        children[-1].content = children[-1].content[: match.start()].rstrip()
        inline.content = _ATTR_BLOCK.sub("", inline.content).rstrip()
        for key, value in attrs.items():
            token.attrSet(key, value)


def plain_text(inline: Token) -> str:
    """The visible text of an inline token: its text and code, images by their alt text."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(plain_text(child))
    return "".join(parts)


_TAG = re.compile(r"<[^>]*>")


def heading_text(inline: Token) -> str:
    """A heading's text as it shows (the outline's) and as kramdown reads it for its id: text
    (entities decoded), code, and the text inside links, emphasis and raw HTML elements (an
    abbreviation's too); not images, nor the tags."""
    import html as html_lib

    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline":  # <kbd>Ctrl</kbd>, an abbreviation's <abbr>
            parts.append(html_lib.unescape(_TAG.sub("", child.content)))
    return "".join(parts)


def heading_ids_rule(style: str) -> Any:
    """A core rule giving each heading without an id one in ``style``, unique in the document
    (explicit ``{#id}`` ids count as taken).

    A part of a document rendered on its own (the incremental renderer) passes the ids taken
    elsewhere in ``env["heading_ids_taken"]``; the rule leaves what it saw in
    ``env["heading_ids_log"]``: the explicit ids, the stem of each heading without one ("" for
    none), which is all the ids depend on, and the ids it gave.
    """

    def rule(state: Any) -> None:
        tokens = state.tokens
        explicit = {t.attrs["id"] for t in tokens if t.type == "heading_open" and "id" in t.attrs}
        used = explicit | state.env.get("heading_ids_taken", set())
        stems, given = [], []
        for i, token in enumerate(tokens):
            if token.type != "heading_open" or "id" in token.attrs:
                continue
            stem = heading_stem(style, tokens[i + 1])
            stems.append(stem)
            if stem:
                given.append(unique_id(stem, used))
                token.attrSet("id", given[-1])
        state.env["heading_ids_log"] = (explicit, stems, given)

    return rule


def heading_stem(style: str, inline: Token) -> str:
    """The id stem of a heading (its inline token) in ``style``, before de-duplication.

    goldmark (Hugo) makes its ids from the heading's source as written (``hugo`` here gives
    ``emrawem-html`` for ``<em>Raw</em> HTML``); kramdown from the heading's text
    (:func:`heading_text`: ``raw-html``); markdown-it-anchor from its text and code; Zola from
    the plain text (images by their alt text).
    """
    if style == "kramdown":
        source = heading_text(inline)
    elif style in ("github", "github-ascii", "blackfriday"):
        source = inline.content
    elif style == "markdown-it-anchor":  # its getTokensText: text and code, no image alt
        source = heading_text(inline)
    else:
        source = plain_text(inline)
    raw_source = style in ("github", "github-ascii", "blackfriday", "kramdown")
    stem = slugify(style, source)
    if raw_source and not stem:
        stem = "section" if style == "kramdown" else "heading"
    return stem


# --- typographer -------------------------------------------------------------------------------

_DASHES = (
    ("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"), ("<<", "\u00ab"), (">>", "\u00bb"),
)  # fmt: skip


def typographic_symbols(state: Any) -> None:
    """goldmark's typographer substitutions (markdown-it's also turns (c) into ©; goldmark not)."""
    for token in state.tokens:
        if token.type != "inline":
            continue
        inside_link = 0
        for child in token.children or []:
            if child.type == "link_open" and child.info == "auto":
                inside_link += 1
            elif child.type == "link_close" and inside_link:
                inside_link -= 1
            elif child.type == "text" and not inside_link:
                for old, new in _DASHES:
                    if old in child.content:
                        child.content = child.content.replace(old, new)


# --- rendering rules ---------------------------------------------------------------------------

_OMITTED = "<!-- raw HTML omitted -->"


def fence_language(info: str) -> str:
    """The language of a fence info string: its first word, unless that is an attribute block."""
    from markdown_it.common.utils import unescapeAll

    info = unescapeAll(info)
    word = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    if word.startswith("{"):
        inner = word.strip("{}").split(",")[0].strip()
        return inner[1:] if inner.startswith(".") else ""
    return word.split("{", 1)[0]


def highlight_code(code: str, language: str) -> str:
    """Code as blogdesk's Python-Markdown renderer highlights it (the same codehilite classes).

    The same HTML as Python-Markdown's ``CodeHilite(...).hilite()``, with the lexer of each
    language and the formatter made once per process, not per block (looking the lexer up
    by name is about a sixth of a block's time). A block with no language goes through
    CodeHilite itself: it reads a shebang or ``:::lang`` first line.
    """
    if not language:
        return _codehilite(code, language)
    import pygments

    lexer = _lexer_for(language)
    return pygments.highlight(code.strip("\n"), lexer, _shared_formatter()) + "\n"


#: CodeHilite's options as highlight_code sets them (after its own defaults), for the lexer
#: and the formatter
_HILITE_OPTIONS: dict[str, Any] = {
    "noclasses": False, "linenos": None, "cssclass": "codehilite", "wrapcode": True, "full": False,
}  # fmt: skip
#: languages whose lexer is kept; a post may name any number of them, so the cache is bounded
_MAX_LEXERS = 64
_LEXERS: dict[str, Any] = {}


def _lexer_for(language: str) -> Any:
    """The lexer CodeHilite would choose for ``language`` (``text`` for an unknown one)."""
    lexer = _LEXERS.get(language)
    if lexer is None:  # on the joined rules' loop, as the Python-Markdown family (fastlexer.py)
        from blogdesk.core.render.fastlexer import lexer_by_name as get_lexer_by_name

        try:
            lexer = get_lexer_by_name(language, **_HILITE_OPTIONS)
        except ValueError:  # guess_lang=False: an unknown name is plain text
            lexer = get_lexer_by_name("text", **_HILITE_OPTIONS)
        if len(_LEXERS) < _MAX_LEXERS:
            _LEXERS[language] = lexer
    return lexer


_FORMATTERS: list[Any] = []


def _shared_formatter() -> Any:
    """The HTML formatter CodeHilite makes for each block; it keeps no state from one block to
    the next (its only per-call memos are keyed by token type and value), so one serves all."""
    if not _FORMATTERS:
        from blogdesk.core.render import _formatter_class

        _FORMATTERS.append(_formatter_class()(**_HILITE_OPTIONS))
    return _FORMATTERS[0]


def _codehilite(code: str, language: str) -> str:
    from markdown.extensions.codehilite import CodeHilite

    from blogdesk.core.render import _formatter_class

    hilite = CodeHilite(
        code,
        lang=language or None,
        css_class="codehilite",
        guess_lang=False,
        use_pygments=True,
        noclasses=False,
        pygments_formatter=_formatter_class(),
    )
    return hilite.hilite() + "\n"


def _install_renderers(md: MarkdownIt, options: CommonMarkOptions) -> None:
    from markdown_it.common.utils import escapeHtml

    if not options.unsafe:
        md.add_render_rule("html_block", lambda *_a: _OMITTED + "\n")
        md.add_render_rule("html_inline", lambda *_a: _OMITTED)

    def fence(self: Any, tokens: Sequence[Token], idx: int, _opts: Any, _env: Any) -> str:
        token = tokens[idx]
        language = fence_language(token.info)
        if options.highlight:
            return highlight_code(token.content, language)
        cls = f' class="language-{escapeHtml(language)}"' if language else ""
        return f"<pre><code{cls}>{escapeHtml(token.content)}</code></pre>\n"

    def code_block(self: Any, tokens: Sequence[Token], idx: int, _opts: Any, _env: Any) -> str:
        if options.highlight:
            return highlight_code(tokens[idx].content, "")
        return f"<pre><code>{escapeHtml(tokens[idx].content)}</code></pre>\n"

    md.add_render_rule("fence", fence)
    md.add_render_rule("code_block", code_block)
    if options.footnotes and options.footnote_style == "goldmark":
        _goldmark_footnotes(md)
    elif options.footnotes and options.footnote_style == "pulldown-cmark":
        _pulldown_footnotes(md)


def _goldmark_footnotes(md: MarkdownIt) -> None:
    """Footnotes as goldmark writes them: ``fn:1`` ids, plain numbers, a rule inside a div."""

    def number(token: Token) -> int:
        return int(token.meta["id"]) + 1

    def ref(self: Any, tokens: Sequence[Token], idx: int, _o: Any, _e: Any) -> str:
        n, sub = number(tokens[idx]), int(tokens[idx].meta.get("subId", 0))
        ref_id = f"fnref:{n}" if sub == 0 else f"fnref{sub}:{n}"
        return (
            f'<sup id="{ref_id}"><a href="#fn:{n}" class="footnote-ref" '
            f'role="doc-noteref">{n}</a></sup>'
        )

    def block_open(*_a: Any) -> str:
        return '<div class="footnotes" role="doc-endnotes">\n<hr>\n<ol>\n'

    def block_close(*_a: Any) -> str:
        return "</ol>\n</div>\n"

    def item_open(self: Any, tokens: Sequence[Token], idx: int, _o: Any, _e: Any) -> str:
        return f'<li id="fn:{number(tokens[idx])}">\n'

    def item_close(*_a: Any) -> str:
        return "</li>\n"

    def anchor(self: Any, tokens: Sequence[Token], idx: int, _o: Any, _e: Any) -> str:
        n, sub = number(tokens[idx]), int(tokens[idx].meta.get("subId", 0))
        ref_id = f"fnref:{n}" if sub == 0 else f"fnref{sub}:{n}"
        return (
            f'&#160;<a href="#{ref_id}" class="footnote-backref" '
            f'role="doc-backlink">&#x21a9;&#xfe0e;</a>'
        )

    md.add_render_rule("footnote_ref", ref)
    md.add_render_rule("footnote_block_open", block_open)
    md.add_render_rule("footnote_block_close", block_close)
    md.add_render_rule("footnote_open", item_open)
    md.add_render_rule("footnote_close", item_close)
    md.add_render_rule("footnote_anchor", anchor)


def _indented_as_text(paragraph: Any) -> Any:
    """Indented lines as text, as markdown-it (JavaScript) has them with ``code`` disabled:
    no other block starts there either (markdown-it-py would let a ``#`` line be a heading)."""

    def rule(state: Any, start: int, end: int, silent: bool) -> bool:
        if not state.is_code_block(start):
            return False
        return bool(paragraph(state, start, end, silent))

    return rule


def _nesting_guard(max_nesting: int) -> Any:
    """Near the nesting limit the rest of a block is shown as a plain paragraph: markdown-it
    would otherwise drop everything after it, and an author's words are never dropped."""

    def rule(state: Any, start: int, end: int, silent: bool) -> bool:
        if state.level < max_nesting - 4:
            return False
        if silent:
            return True
        state.push("paragraph_open", "p", 1).map = [start, end]
        inline = state.push("inline", "", 0)
        inline.content = state.getLines(start, end, state.blkIndent, False).strip()
        inline.map = [start, end]
        inline.children = []
        state.push("paragraph_close", "p", -1)
        state.line = end
        return True

    return rule


def _pulldown_footnotes(md: MarkdownIt) -> None:
    """Footnotes as pulldown-cmark (Zola) writes them: each definition where it is written,
    used or not, numbered by first appearance of its label, with the label as its id."""
    from markdown_it.common.utils import escapeHtml

    md.core.ruler.disable("footnote_tail")

    def numbers(state: Any) -> None:
        seen: dict[str, int] = {}
        for token in state.tokens:
            if token.type == "footnote_reference_open":
                seen.setdefault(str(token.meta["label"]), len(seen) + 1)
            for child in token.children or []:
                if child.type == "footnote_ref":
                    seen.setdefault(_label(child), len(seen) + 1)
        state.env["footnote_numbers"] = seen

    def _label(token: Token) -> str:
        return str(token.meta.get("label") or token.meta.get("id", ""))

    def ref(self: Any, tokens: Sequence[Token], idx: int, _o: Any, env: Any) -> str:
        label = _label(tokens[idx])
        n = env.get("footnote_numbers", {}).get(label, 0)
        return f'<sup class="footnote-reference"><a href="#{escapeHtml(label)}">{n}</a></sup>'

    def definition(self: Any, tokens: Sequence[Token], idx: int, _o: Any, env: Any) -> str:
        label = _label(tokens[idx])
        n = env.get("footnote_numbers", {}).get(label, 0)
        return (
            f'<div class="footnote-definition" id="{escapeHtml(label)}">'
            f'<sup class="footnote-definition-label">{n}</sup>\n'
        )

    md.core.ruler.push("footnote_numbers", numbers)
    md.add_render_rule("footnote_ref", ref)
    md.add_render_rule("footnote_reference_open", definition)
    md.add_render_rule("footnote_reference_close", lambda *_a: "</div>\n")


# --- the parser --------------------------------------------------------------------------------


_PER_THREAD = threading.local()


def build_parser(options: CommonMarkOptions) -> MarkdownIt:
    """A configured markdown-it parser for these options, made once per thread.

    Per thread, not shared: each parse has its own state and ``env``, but linkify-it keeps its
    last match on the instance, so two threads must not use one parser at the same time.
    """
    return cached_per_thread(("commonmark", options), lambda: new_parser(options))


def cached_per_thread(key: Hashable, make: Callable[[], MarkdownIt]) -> MarkdownIt:
    """The parser stored under key for this thread, made by ``make`` the first time."""
    cache: dict[Hashable, MarkdownIt] | None = getattr(_PER_THREAD, "parsers", None)
    if cache is None:
        cache = _PER_THREAD.parsers = {}
    parser = cache.get(key)
    if parser is None:
        if len(cache) >= 16:  # options come from a handful of sites: a bound, not a working set
            cache.clear()
        parser = cache[key] = make()
    return parser


def new_parser(options: CommonMarkOptions) -> MarkdownIt:
    """A fresh markdown-it parser for these options (other families add their rules to it)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt(
        "commonmark",
        {
            "html": True,
            "linkify": options.linkify,
            "typographer": options.typographer,
            "breaks": options.hard_wraps,
            "maxNesting": options.max_nesting,
        },
    )
    md.block.ruler.before("table", "nesting_guard", _nesting_guard(options.max_nesting))
    if options.tables:
        md.enable("table")
    if options.strikethrough:
        md.enable("strikethrough")
    if not options.indented_code:
        paragraph = md.block.ruler.__rules__[md.block.ruler.__find__("paragraph")].fn
        md.block.ruler.at("code", _indented_as_text(paragraph))
    if options.linkify:
        md.enable("linkify")
    if options.typographer:
        md.enable("smartquotes")
        if options.generator in ("hugo", "jekyll"):  # goldmark's and kramdown's symbols
            md.core.ruler.after("inline", "goldmark_punctuation", typographic_symbols)
        else:
            md.enable("replacements")
    if options.footnotes:
        from mdit_py_plugins.footnote import footnote_plugin

        md.use(footnote_plugin)
    if options.deflist:
        from mdit_py_plugins.deflist import deflist_plugin

        md.use(deflist_plugin)
    if options.tasklists:
        from mdit_py_plugins.tasklists import tasklists_plugin

        md.use(tasklists_plugin)
    if options.heading_attributes:
        md.core.ruler.after("inline", "heading_attributes", heading_attributes_rule)
    if options.heading_ids != "none":
        md.core.ruler.push("heading_ids", heading_ids_rule(options.heading_ids))
    _install_renderers(md, options)
    return md


# --- blocks and outline ------------------------------------------------------------------------


def token_groups(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """``(start, end)`` token index ranges of the top-level blocks, in order."""
    groups, depth, start = [], 0, 0
    for i, token in enumerate(tokens):
        if depth == 0:
            start = i
        depth += token.nesting
        if depth <= 0:
            depth = 0
            groups.append((start, i + 1))
    if depth:
        groups.append((start, len(tokens)))
    return groups


_OPEN_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr", "param"}  # fmt: skip


_FORMATTING = {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong",
               "tt", "u"}  # fmt: skip


_CLOSES_P = {
    "address", "article", "aside", "blockquote", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
    "table", "ul", "listing", "xmp", "li", "dd", "dt", "plaintext",
}  # fmt: skip
_SCOPE = {
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "svg",
    "math",
}  # fmt: skip
#: Elements whose content an HTML parser does not read as tags (``select`` ignores nearly all).
_RAW_TEXT = {
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
    "select", "plaintext",
}  # fmt: skip


def open_elements(html: str, before: Sequence[str] = ()) -> list[str]:
    """The elements left open after some HTML, given those open before it.

    As an HTML parser reads end tags: one closes the nearest open element of its name (and any
    left open inside it, but formatting elements such as ``<b>`` stay open: the parser opens
    them again after; and the end tag of a formatting element leaves the blocks opened inside it
    open); one with no such element is ignored. A quick model, not the parser: :func:`assemble`
    asks the sanitizer's parser where this one says everything is closed. Anything that merely
    looks like a tag (inside a comment, say) counts as open: blocks then join more than needed.
    """
    stack = list(before)
    for closing, name, selfclose in _OPEN_TAG.findall(html):
        name = name.lower()
        if name in _VOID or selfclose:
            continue
        if stack and stack[-1] in _RAW_TEXT:  # no tags inside, up to its own end tag
            if closing and name == stack[-1]:
                stack.pop()
            continue
        if closing:
            stack = _close(stack, name)
            continue
        if name in _CLOSES_P:  # a block start tag ends an open paragraph first
            stack = _close(stack, "p")
        stack.append(name)
    return stack


def _close(stack: list[str], name: str) -> list[str]:
    """The open elements after the end tag of ``name`` (formatting elements inside it stay
    open: the parser opens them again after)."""
    at = _in_scope(stack, name)
    if at is None:
        return stack
    if name in _FORMATTING:  # the adoption agency keeps the blocks opened inside it open
        return stack[:at] + stack[at + 1 :]
    return stack[:at] + [inner for inner in stack[at + 1 :] if inner in _FORMATTING]


def _in_scope(stack: list[str], name: str) -> int | None:
    """Where the element an end tag closes is, or None: not open, or behind a table or cell,
    which an HTML parser does not let an end tag reach past (the tag is then ignored)."""
    for at in range(len(stack) - 1, -1, -1):
        if stack[at] == name:
            return at
        if stack[at] in _SCOPE:
            return None
    return None


def assemble(
    pieces: Sequence[tuple[int, int, str, bool]],
    options: Any,
    total_lines: int,
    clean: Callable[[str], str] | None = None,
) -> tuple[Block, ...]:
    """Sanitized blocks from raw pieces ``(first, last, html, raw_html)``.

    A piece of raw HTML that leaves the HTML parser in another state than it found it (an
    element left open, such as ``<details>`` with Markdown inside, a comment, a table) is
    joined with the pieces that follow until the parser is back where it started, so each block
    sanitizes on its own to what the whole document would. ``clean`` sanitizes one block (the
    incremental renderer passes a memo of :func:`sanitize`).
    """
    render_options = RenderOptions(allow_remote_images=options.allow_remote_images)
    if clean is None:
        clean = lambda html: sanitize(html, render_options)  # noqa: E731
    blocks: list[Block] = []
    pending: tuple[int, str] | None = None
    i = 0
    while i < len(pieces):
        first, last, html, raw = pieces[i]
        j = i + 1
        if raw:
            j, last, html = _join_while_open(pieces, j, last, html, clean)
        cleaned = clean(html)
        last = max(first, min(last, total_lines))
        if not cleaned.strip():  # nothing shows (omitted raw HTML): its lines join a neighbour
            if blocks:
                prev = blocks[-1]
                blocks[-1] = Block(prev.first_line, max(prev.last_line, last), prev.html + cleaned)
            else:
                pending = (pending[0], pending[1] + cleaned) if pending else (first, cleaned)
        elif pending is not None:
            blocks.append(Block(pending[0], last, pending[1] + cleaned))
            pending = None
        else:
            blocks.append(Block(first, last, cleaned))
        i = j
    return tuple(blocks)


#: Text then a paragraph: whatever raw HTML leaves open (an element, a paragraph, a comment, a
#: table that would foster-parent the text, a ``<select>`` that ignores ``<p>``) changes where
#: one of the two lands, so the sanitized probe no longer ends the sanitized output.
_PROBE = "blogdeskprobe<p>blogdeskprobe</p>"


def _settles(html: str, clean: Callable[[str], str]) -> bool:
    """Whether the HTML parser is back in its starting state after ``html``: the sanitizer's
    own parser decides, so the blocks cut there sanitize apart exactly as together."""
    return clean(html + _PROBE).endswith(clean(_PROBE))


def _join_while_open(
    pieces: Sequence[tuple[int, int, str, bool]],
    j: int,
    last: int,
    html: str,
    clean: Callable[[str], str],
) -> tuple[int, int, str]:
    """Join pieces from ``j`` on to raw ``html`` until the parser has settled: returns the
    next piece's index, the joined last line and HTML.

    :func:`open_elements` (a quick model that errs towards "open") finds where to ask the
    parser; when the parser says it is still not settled, the next question waits for twice as
    many more pieces: joining more than needed is still exact, and the cost stays linear.
    """
    state = open_elements(html)
    step, ask_at = 1, j
    while j < len(pieces):
        if not state and j >= ask_at:
            if _settles(html, clean):
                break
            step *= 2
            ask_at = j + step
        _f, last, more, _raw = pieces[j]
        html += more
        state = open_elements(more, state)
        j += 1
    return j, last, html


def _has_raw_html(tokens: Sequence[Token]) -> bool:
    """Whether a block holds raw HTML (a block of it, or a tag inside its text)."""
    for token in tokens:
        if token.type == "html_block":
            return True
        if token.type == "inline" and any(c.type == "html_inline" for c in token.children or []):
            return True
    return False


def outline_from(tokens: Sequence[Token], offset: int = 0) -> tuple[OutlineEntry, ...]:
    """The headings of a token stream; their lines moved down by ``offset``."""
    entries = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and i + 1 < len(tokens):
            text = " ".join(heading_text(tokens[i + 1]).split())
            line = token.map[0] + 1 + offset if token.map else 1
            ident = str(token.attrs.get("id", ""))
            entries.append(OutlineEntry(int(token.tag[1]), text, ident, line))
    return tuple(entries)


#: A piece of a rendered body: ``(first, last, html, raw_html)``, lines 1-based; ``first`` and
#: ``last`` are None for a piece with no source lines (it takes the line the one before ended on).
Piece = tuple[int | None, int | None, str, bool]


def token_pieces(md: MarkdownIt, tokens: list[Token], env: Any, options: Any, text: str
                 ) -> list[Piece]:
    """Each top-level block of a token stream rendered, with its source lines (not yet
    sanitized; :func:`place` gives the lines of those that have none)."""
    lines = text.split("\n")
    pieces: list[Piece] = []
    for start, end in token_groups(tokens):
        part = tokens[start:end]
        maps = [t.map for t in part if t.map]
        html = md.renderer.render(part, md.options, env)
        raw = options.unsafe and _has_raw_html(part)
        if not maps:
            pieces.append((None, None, html, raw))
            continue
        first = min(m[0] for m in maps) + 1
        last = max(max(m[1], m[0] + 1) for m in maps)
        while last > first and last <= len(lines) and not lines[last - 1].strip():
            last -= 1  # a list's map takes in the blank line after it
        pieces.append((first, last, html, raw))
    return pieces


def place(pieces: Sequence[Piece], offset: int = 0, last: int = 1
          ) -> tuple[list[tuple[int, int, str, bool]], int]:
    """The pieces with their lines moved down by ``offset``; one with no lines takes the last
    line of the piece before (``last`` for the first). Returns them and the last line."""
    placed = []
    for first, end, html, raw in pieces:
        if first is None or end is None:
            placed.append((last, last, html, raw))
            continue
        last = end + offset
        placed.append((first + offset, last, html, raw))
    return placed, last


def total_lines(text: str) -> int:
    """The number of lines of a body, at least 1."""
    return max(text.count("\n") + (0 if text.endswith("\n") else 1), 1)


def render_tokens(
    md: MarkdownIt, tokens: list[Token], env: dict, options: Any, text: str
) -> Rendered:
    """The contract from a markdown-it token stream: blocks by source lines, then sanitized."""
    placed, _last = place(token_pieces(md, tokens, env, options, text))
    blocks = assemble(placed, options, total_lines(text))
    html = "".join(block.html for block in blocks)
    return Rendered(html=html, outline=outline_from(tokens), blocks=blocks)


def render_body(text: str, options: CommonMarkOptions = CommonMarkOptions()) -> Rendered:
    """Render a post body with a CommonMark-family generator's options."""
    md = build_parser(options)
    env: dict = {}
    tokens = md.parse(text, env)
    return render_tokens(md, tokens, env, options, text)


if TYPE_CHECKING:  # each family is a Renderer (checked by mypy)
    from blogdesk.core.render.contract import Renderer

    _renderer: Renderer = render_body
