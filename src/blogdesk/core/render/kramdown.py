"""The kramdown family (Jekyll): GFM input as Jekyll and GitHub Pages configure kramdown.

Built on the CommonMark family's markdown-it-py parser with rules of our own for what kramdown
does differently:

- inline attribute lists: ``{: .class #id key="value"}`` on the line after a block (or alone on
  the line before one) set that block's attributes; the sanitizer then keeps what its policy
  allows (classes on the usual elements);
- ``* TOC`` followed by ``{:toc}`` becomes the table of contents (``ul#markdown-toc``);
- abbreviations: ``*[HTML]: HyperText Markup Language`` wraps each whole-word ``HTML`` in
  ``<abbr title="...">``;
- footnotes as kramdown writes them (``fn:label`` ids, no rule above them);
- HTML blocks are not Markdown (kramdown's ``parse_block_html: false``): ``<details>`` up to its
  closing tag is one raw block;
- ordered lists take only ``1.`` markers (``3)`` is text), heading ids in kramdown-parser-gfm's
  style, smart quotes and typographic symbols on, as Jekyll's defaults have them.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from blogdesk.core.render.commonmark import (
    CommonMarkOptions,
    cached_per_thread,
    config_flag,
    heading_ids_rule,
    new_parser,
    parse_attributes,
    plain_text,
    render_tokens,
)
from blogdesk.core.render.contract import Rendered

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["KramdownOptions", "build_parser", "render_body"]


@dataclass(frozen=True)
class KramdownOptions:
    """Jekyll's kramdown settings (``kramdown:`` in ``_config.yml``); Jekyll's defaults."""

    smart_quotes: bool = True  # curly quotes; dashes and ellipses are typographic either way
    auto_ids: bool = True
    parse_block_html: bool = False
    hard_wrap: bool = False
    footnotes: bool = True
    highlight: bool = True
    allow_remote_images: bool = True
    unsafe: bool = True  # kramdown passes raw HTML on; the sanitizer decides
    max_nesting: int = 40  # deep enough for real posts; markdown-it's inline cost grows with it

    @classmethod
    def from_jekyll(cls, kramdown: Mapping[str, Any] | None) -> KramdownOptions:
        """Jekyll's defaults changed by the ``kramdown:`` settings of ``_config.yml``.

        Understood: ``auto_ids``, ``parse_block_html``, ``hard_wrap`` and ``smart_quotes``
        (straight quotes when it names ``apos``/``quot`` entities). ``input: kramdown`` (not GFM)
        is not modelled: such sites render as GFM input.
        """
        base = cls()
        if not isinstance(kramdown, Mapping):
            return base
        quotes = kramdown.get("smart_quotes")
        if isinstance(quotes, str):
            quotes = quotes.split(",")
        straight = isinstance(quotes, list) and all(
            str(q).strip() in ("apos", "quot", "#39", "#34") for q in quotes
        )
        return replace(
            base,
            smart_quotes=base.smart_quotes and not straight,
            auto_ids=config_flag(kramdown.get("auto_ids"), base.auto_ids),
            parse_block_html=config_flag(kramdown.get("parse_block_html"), base.parse_block_html),
            hard_wrap=config_flag(kramdown.get("hard_wrap"), base.hard_wrap),
        )


# --- block rules -------------------------------------------------------------------------------

_ABBR_DEF = re.compile(r"^ {0,3}\*\[([^\]\n]+)\]:[ \t]*(.*)$")


def _line(state: Any, line: int) -> str:
    """A source line from the current block indent on ("" when it is indented code)."""
    if state.sCount[line] - state.blkIndent >= 4:
        return ""
    return str(state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]])


def _abbreviation(state: Any, start: int, _end: int, silent: bool) -> bool:
    """``*[KEY]: title`` defines an abbreviation and shows nothing."""
    match = _ABBR_DEF.match(_line(state, start))
    if not match:
        return False
    if not silent:
        state.env.setdefault("abbreviations", {})[match.group(1).strip()] = match.group(2).strip()
    state.line = start + 1
    return True


_BLOCK_TAGS = (
    "address|article|aside|blockquote|details|div|dl|fieldset|figcaption|figure|footer|form|"
    "header|main|nav|ol|section|table|ul|video|audio|center"
)
_HTML_OPEN = re.compile(rf"^ {{0,3}}<({_BLOCK_TAGS})(?=[\s>/])", re.IGNORECASE)


def _raw_html_block(state: Any, start: int, end: int, silent: bool) -> bool:
    """An HTML element from its opening line to its closing tag, all raw (not Markdown)."""
    first = _line(state, start)
    match = _HTML_OPEN.match(first)
    if not match:
        return False
    tag = match.group(1).lower()
    opens = re.compile(rf"<{tag}(?=[\s>/])", re.IGNORECASE)
    closes = re.compile(rf"</{tag}\s*>", re.IGNORECASE)
    depth, line = 0, start
    while line < end:
        text = _line(state, line)
        depth += len(opens.findall(text)) - len(closes.findall(text))
        line += 1
        if depth <= 0:
            break
    if depth > 0:
        return False  # never closed: the ordinary HTML block rule decides
    if silent:
        return True
    token = state.push("html_block", "", 0)
    token.map = [start, line]
    token.content = state.getLines(start, line, state.blkIndent, True)
    state.line = line
    return True


def _no_paren_lists(list_rule: Any) -> Any:
    """kramdown knows only ``1.`` ordered markers: a ``3)`` line is text."""

    def rule(state: Any, start: int, end: int, silent: bool) -> bool:
        if re.match(r"^ {0,3}\d{1,9}\)", _line(state, start)):
            return False
        return bool(list_rule(state, start, end, silent))

    return rule


_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*(\S*)[ \t]*(.*)$")


def _word_only_fences(fence_rule: Any) -> Any:
    """kramdown's GFM fence takes one word after the backticks (```` ```sh {x} ```` is text)
    and needs its closing fence (an unclosed one is text, not code to the end)."""

    def rule(state: Any, start: int, end: int, silent: bool) -> bool:
        match = _FENCE_OPEN.match(_line(state, start))
        if match is None:
            return False
        if match.group(3).strip():
            return False
        marker = match.group(1)
        closing = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
        if not any(closing.match(_line(state, n)) for n in range(start + 1, end)):
            return False
        return bool(fence_rule(state, start, end, silent))

    return rule


def _kramdown_lists(state: Any) -> None:
    """Lists as kramdown builds them.

    Any of ``*``, ``+``, ``-`` continues a bullet list (markdown-it starts a new list when the
    marker changes). Each item decides on its own whether its first paragraph is a ``<p>``: it
    is when a blank line follows it inside the list; the last item is one also when every item
    before it is.
    """
    tokens: list[Token] = state.tokens
    i = 0
    while i < len(tokens) - 1:
        here, there = tokens[i], tokens[i + 1]
        if (
            here.type == "bullet_list_close"
            and there.type == "bullet_list_open"
            and here.level == there.level
        ):
            opener = tokens[_opening(tokens, i)]
            if opener.map and there.map:
                opener.map = [opener.map[0], there.map[1]]
            del tokens[i : i + 2]
            continue
        i += 1
    lines = state.src.split("\n")
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            _item_paragraphs(tokens, index, lines)


def _item_paragraphs(tokens: list[Token], list_index: int, lines: list[str]) -> None:
    close = _closing(tokens, list_index)
    level = tokens[list_index].level + 1
    items = [
        k
        for k in range(list_index + 1, close)
        if tokens[k].type == "list_item_open" and tokens[k].level == level
    ]
    some_tight = False  # an item before the last whose first block is not a <p>
    for n, k in enumerate(items):
        end = _closing(tokens, k)
        first = tokens[k + 1] if k + 1 < end else None
        is_p = first is not None and first.type == "paragraph_open"
        blank_after = False
        if is_p and first is not None and first.map:
            after = first.map[1]
            blank = after < len(lines) and not lines[after].strip()
            more_in_item = k + 4 < end  # paragraph open, inline, close, then something
            is_last = n == len(items) - 1
            blank_after = blank and (more_in_item or not is_last)
        clear = is_p and not blank_after
        if n == len(items) - 1 and n > 0:
            clear = clear and some_tight
        some_tight = some_tight or clear or not is_p
        for j in range(k + 1, end):
            is_paragraph = tokens[j].type in ("paragraph_open", "paragraph_close")
            if is_paragraph and tokens[j].level == level + 1:
                tokens[j].hidden = clear and j in (k + 1, k + 3)


def _split_row(line: str) -> list[str]:
    """A table row's cells as markdown-it splits them, but keeping ``\\|`` as written."""
    cells, current, escaped = [], "", False
    for ch in line.strip():
        if ch == "|" and not escaped:
            cells.append(current)
            current = ""
        else:
            current += ch
        escaped = ch == "\\"
    cells.append(current)
    if cells and cells[0].strip() == "":
        cells.pop(0)
    if cells and cells[-1].strip() == "":
        cells.pop()
    return cells


def _table_pipes(state: Any) -> None:
    """kramdown leaves ``\\|`` in a table cell to the inline parser: inside a code span it stays
    ``\\|`` (markdown-it, following GFM, makes it ``|`` everywhere)."""
    tokens: list[Token] = state.tokens
    lines = state.src.split("\n")
    for i, token in enumerate(tokens):
        if token.type != "tr_open" or not token.map or token.map[0] >= len(lines):
            continue
        if token.level > 2:  # a table inside a quote or a list: its lines carry a prefix
            continue
        line = lines[token.map[0]]
        if "\\|" not in line:
            continue
        cells = [t for t in tokens[i : _closing(tokens, i)] if t.type == "inline"]
        written = _split_row(line)
        if len(written) >= len(cells):
            for cell, text in zip(cells, written, strict=False):
                cell.content = text.strip()


_HEADER_ID = re.compile(r"[ \t]+\{#([A-Za-z][\w:-]*)\}[ \t]*$")


def _header_ids(state: Any) -> None:
    """kramdown's header id: a trailing ``{#id}`` and nothing else (``{#id .class}`` is text)."""
    tokens = state.tokens
    for i, token in enumerate(tokens[:-1]):
        if token.type != "heading_open":
            continue
        inline = tokens[i + 1]
        children = inline.children or []
        if not children or children[-1].type != "text":
            continue
        match = _HEADER_ID.search(children[-1].content)
        if match is None:
            continue
        children[-1].content = children[-1].content[: match.start()]
        inline.content = _HEADER_ID.sub("", inline.content)
        token.attrSet("id", match.group(1))


def _kramdown_details(state: Any) -> None:
    """What kramdown writes differently: no ``start`` on ordered lists (it always counts from
    1), and a ``mailto:`` autolink shows the address without the scheme."""
    for token in state.tokens:
        if token.type == "ordered_list_open" and token.attrGet("start") is not None:
            token.attrs.pop("start", None)
        if token.type != "inline" or not token.children:
            continue
        children = token.children
        for k, child in enumerate(children[:-1]):
            if child.type == "link_open" and child.markup == "autolink":
                nxt = children[k + 1]
                if nxt.type == "text" and nxt.content.lower().startswith("mailto:"):
                    nxt.content = nxt.content[len("mailto:") :]


# --- attribute lists and the table of contents ------------------------------------------------

_IAL_LINE = re.compile(r"^\{:([^{}\n]*)\}$")


def _apply(token: Token, attrs: dict[str, str]) -> None:
    for key, value in attrs.items():
        if key == "class" and token.attrGet("class"):
            value = f"{token.attrGet('class')} {value}"
        token.attrSet(key, value)


def _opening(tokens: list[Token], close_index: int) -> int:
    """The index of the token that opens the block closed at close_index."""
    if tokens[close_index].nesting != -1:
        return close_index
    depth = 0
    for i in range(close_index, -1, -1):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return close_index


def _closing(tokens: list[Token], open_index: int) -> int:
    depth = 0
    for i in range(open_index, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return len(tokens) - 1


def _attribute_lists(state: Any) -> None:
    """Apply ``{: ...}`` lines to their blocks; mark ``{:toc}`` lists for the contents."""
    tokens: list[Token] = state.tokens
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type != "inline" or i == 0 or tokens[i - 1].type != "paragraph_open":
            i += 1
            continue
        lines = token.content.split("\n")
        match = _IAL_LINE.match(lines[-1].strip())
        if not match:
            i += 1
            continue
        inner = match.group(1).strip()
        if inner == "toc":
            i = _mark_toc(tokens, i) + 1
            continue
        attrs = parse_attributes(inner)
        if attrs is None:
            i += 1
            continue
        if len(lines) > 1:  # the last line of a paragraph: the paragraph's attributes
            _strip_last_line(token)
            _apply(tokens[i - 1], attrs)
            i += 1
            continue
        # a paragraph of its own: the block just above (no blank line between), else below
        para_open, para_close = i - 1, i + 1
        target = None
        above = para_open - 1
        if above >= 0 and tokens[above].level == tokens[para_open].level:
            opener = tokens[_opening(tokens, above)]
            end_line = (tokens[above].map or opener.map or [0, -1])[1]
            para_map = tokens[para_open].map
            if opener.map and para_map and end_line >= para_map[0]:
                target = opener
        if target is None and para_close + 1 < len(tokens):
            below = tokens[para_close + 1]
            if below.nesting >= 0 and below.level == tokens[para_open].level:
                target = below
        del tokens[para_open : para_close + 1]
        if target is not None:
            _apply(target, attrs)
        i = para_open


def _strip_last_line(inline: Token) -> None:
    inline.content = inline.content.rsplit("\n", 1)[0]
    children = inline.children or []
    while children and children[-1].type != "softbreak":
        children.pop()
    if children:
        children.pop()


def _mark_toc(tokens: list[Token], inline_index: int) -> int:
    """The list holding ``* TOC\\n{:toc}`` becomes a placeholder filled after the heading ids."""
    for j in range(inline_index, -1, -1):
        if tokens[j].type in ("bullet_list_open", "ordered_list_open") and tokens[j].level == 0:
            end = _closing(tokens, j)
            placeholder = tokens[j]
            placeholder.type, placeholder.tag, placeholder.nesting = "html_block", "", 0
            placeholder.meta = {"kramdown_toc": True}
            del tokens[j + 1 : end + 1]
            return j
    return inline_index


def _fill_toc(state: Any) -> None:
    tokens: list[Token] = state.tokens
    headings = []
    for i, token in enumerate(tokens):
        listed = token.attrGet("id") and "no_toc" not in str(token.attrGet("class") or "")
        if token.type == "heading_open" and listed:  # kramdown lists headings that have ids
            text = html_lib.escape(" ".join(plain_text(tokens[i + 1]).split()))
            headings.append((int(token.tag[1]), str(token.attrGet("id") or ""), text))
    for token in tokens:
        if token.type == "html_block" and token.meta.get("kramdown_toc"):
            token.content = _toc_html(headings)


def _toc_html(headings: list[tuple[int, str, str]]) -> str:
    if not headings:
        return ""
    out = ['<ul id="markdown-toc">']
    stack = [headings[0][0]]
    first = True
    for level, ident, text in headings:
        if not first:
            if level > stack[-1]:
                out.append("<ul>")
                stack.append(level)
            else:
                out.append("</li>")
                while len(stack) > 1 and level < stack[-1]:
                    out.append("</ul></li>")
                    stack.pop()
        first = False
        out.append(f'<li><a href="#{html_lib.escape(ident)}">{text}</a>')
    out.append("</li>")
    out.extend("</ul></li>" for _ in range(len(stack) - 1))
    out.append("</ul>")
    return "\n".join(out) + "\n"


# --- abbreviations -----------------------------------------------------------------------------


def _abbreviations(state: Any) -> None:
    abbrs: dict[str, str] = state.env.get("abbreviations") or {}
    if not abbrs:
        return
    from markdown_it.token import Token

    keys = sorted(abbrs, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        children: list[Token] = []
        for child in token.children:
            if child.type != "text" or not pattern.search(child.content):
                children.append(child)
                continue
            pos = 0
            for match in pattern.finditer(child.content):
                if match.start() > pos:
                    children.append(_text(Token, child.content[pos : match.start()]))
                key = match.group(1)
                tag = Token("html_inline", "", 0)
                title = html_lib.escape(abbrs[key], quote=True)
                tag.content = f'<abbr title="{title}">{html_lib.escape(key)}</abbr>'
                children.append(tag)
                pos = match.end()
            if pos < len(child.content):
                children.append(_text(Token, child.content[pos:]))
        token.children = children


def _text(token_class: Any, content: str) -> Token:
    token = token_class("text", "", 0)
    token.content = content
    return token  # type: ignore[no-any-return]


# --- footnotes ---------------------------------------------------------------------------------


def _kramdown_footnotes(md: MarkdownIt) -> None:
    def label(token: Token) -> str:
        return html_lib.escape(str(token.meta.get("label") or int(token.meta["id"]) + 1))

    def ref(self: Any, tokens: Any, idx: int, _o: Any, _e: Any) -> str:
        token = tokens[idx]
        name, n = label(token), int(token.meta["id"]) + 1
        sub = int(token.meta.get("subId", 0))
        ref_id = f"fnref:{name}" if sub == 0 else f"fnref:{name}:{sub}"
        return (
            f'<sup id="{ref_id}" role="doc-noteref"><a href="#fn:{name}" class="footnote" '
            f'rel="footnote">{n}</a></sup>'
        )

    def item_open(self: Any, tokens: Any, idx: int, _o: Any, _e: Any) -> str:
        return f'<li id="fn:{label(tokens[idx])}">\n'

    def anchor(self: Any, tokens: Any, idx: int, _o: Any, _e: Any) -> str:
        sub = int(tokens[idx].meta.get("subId", 0))
        ref_id = f"fnref:{label(tokens[idx])}" + (f":{sub}" if sub else "")
        mark = f"&#8617;<sup>{sub + 1}</sup>" if sub else "&#8617;"
        return f'&#160;<a href="#{ref_id}" class="reversefootnote" role="doc-backlink">{mark}</a>'

    md.add_render_rule("footnote_ref", ref)
    md.add_render_rule(
        "footnote_block_open", lambda *_a: '<div class="footnotes" role="doc-endnotes">\n<ol>\n'
    )
    md.add_render_rule("footnote_block_close", lambda *_a: "</ol>\n</div>\n")
    md.add_render_rule("footnote_open", item_open)
    md.add_render_rule("footnote_close", lambda *_a: "</li>\n")
    md.add_render_rule("footnote_anchor", anchor)


def _as_written(url: str) -> str:
    """kramdown writes a link's URL as the author wrote it (markdown-it would percent-encode
    it); the sanitizer still checks the scheme and escapes the attribute."""
    return url


# --- the parser --------------------------------------------------------------------------------


def base_options(options: KramdownOptions) -> CommonMarkOptions:
    """The CommonMark-family options kramdown's parser is built on."""
    return CommonMarkOptions(
        generator="jekyll",
        typographer=True,  # kramdown's typographic symbols; its quotes are switched below
        unsafe=True,
        tasklists=True,
        footnotes=options.footnotes,
        deflist=True,
        heading_attributes=False,  # kramdown's own rule below: only {#id}
        heading_ids="none",
        hard_wraps=options.hard_wrap,
        highlight=options.highlight,
        allow_remote_images=options.allow_remote_images,
        max_nesting=options.max_nesting,
    )


def build_parser(options: KramdownOptions) -> MarkdownIt:
    """A markdown-it parser that reads Markdown as Jekyll's kramdown does (one per thread)."""
    return cached_per_thread(("kramdown", options), lambda: _new_parser(options))


def _new_parser(options: KramdownOptions) -> MarkdownIt:
    md = new_parser(base_options(options))
    md.normalizeLink = _as_written  # type: ignore[method-assign]
    if not options.smart_quotes:
        md.disable("smartquotes")
    md.block.ruler.before("reference", "kramdown_abbreviation", _abbreviation)
    if not options.parse_block_html:
        md.block.ruler.before(
            "html_block",
            "kramdown_raw_html",
            _raw_html_block,
            {"alt": ["paragraph", "reference", "blockquote"]},
        )
    list_rule = md.block.ruler.__rules__[md.block.ruler.__find__("list")].fn
    md.block.ruler.at(
        "list", _no_paren_lists(list_rule), {"alt": ["paragraph", "reference", "blockquote"]}
    )
    fence_rule = md.block.ruler.__rules__[md.block.ruler.__find__("fence")].fn
    alt: Any = {"alt": ["paragraph", "reference", "blockquote", "list"]}
    md.block.ruler.at("fence", _word_only_fences(fence_rule), alt)
    md.core.ruler.before("inline", "kramdown_table_pipes", _table_pipes)
    md.core.ruler.after("inline", "kramdown_ial", _attribute_lists)
    md.core.ruler.after("kramdown_ial", "kramdown_details", _kramdown_details)
    md.core.ruler.after("kramdown_details", "kramdown_header_ids", _header_ids)
    md.core.ruler.after("kramdown_header_ids", "kramdown_lists", _kramdown_lists)
    md.core.ruler.after("kramdown_ial", "kramdown_abbreviations", _abbreviations)
    if options.auto_ids:
        md.core.ruler.push("heading_ids", heading_ids_rule("kramdown"))
    md.core.ruler.push("kramdown_toc", _fill_toc)
    if options.footnotes:
        _kramdown_footnotes(md)
    return md


def render_body(text: str, options: KramdownOptions = KramdownOptions()) -> Rendered:
    """Render a post body as Jekyll's kramdown would (Liquid already evaluated)."""
    md = build_parser(options)
    env: dict = {}
    tokens = md.parse(text, env)
    return render_tokens(md, tokens, env, base_options(options), text)


if TYPE_CHECKING:  # each family is a Renderer (checked by mypy)
    from blogdesk.core.render.contract import Renderer

    _renderer: Renderer = render_body
