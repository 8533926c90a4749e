"""Template tags in a post body, expanded before Markdown, so that none is ever lost.

:func:`expand_templates` takes a body and the site's context and returns Markdown/HTML text plus
a list of diagnostics. By the site's template language:

- Liquid (Jekyll, Eleventy): evaluated, sandboxed (:mod:`blogdesk.core.sites.liquid_tags`);
- Hugo shortcodes: built-ins emulated, custom ones shown (:mod:`blogdesk.core.sites.shortcodes`);
- Zola (Tera) shortcodes and Nunjucks tags: shown as labelled placeholders (here).

What cannot be evaluated is shown as its raw text in a placeholder element whose ``class``
starts with ``bd-tag`` and whose ``title`` says why; inside a code block it stays plain text, and
inside a link destination it becomes the harmless ``#bd-missing`` (a link never gets an href made
of template text: the tag goes in the link's title). The placeholder's text is HTML-escaped, with
the characters Markdown would act on (``* _ [ ] { } ` \\ ~ < >``, quotes) written as character
references, so no later step (emphasis, attribute lists, smart quotes) changes or deletes it.

For the renderer: ``expand_templates(body, context, protect=True)`` keeps this pass's HTML out of
the Markdown (as inert tokens) and ``Expanded.restore(html)`` puts it back after rendering and
before sanitizing, so an engine that omits raw HTML (Hugo's default) still shows it. With
``context.render_inner`` (the family's own Markdown-to-HTML), a block's inner Markdown is rendered
into its snippet, so every placeholder is one token: one top-level block of the page.
``Expanded.source_line(n)`` gives the body line of line ``n`` of the expanded text (for block
line ranges and scrolling); the classes written are :data:`PLACEHOLDER_CLASSES`.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from blogdesk.core.files import POST_SUFFIXES
from blogdesk.core.sites.classes import CLASS_PREFIX, PLACEHOLDER_CLASSES
from blogdesk.core.sites.config import Site, blogdesk_site

__all__ = [
    "MISSING_HREF",
    "PLACEHOLDER_CLASSES",
    "Diagnostic",
    "Expanded",
    "PostTarget",
    "TemplateContext",
    "expand_templates",
    "find_post",
    "text_for_excerpt",
]

#: The href given to a link whose target a template tag names but blogdesk cannot find.
MISSING_HREF = "#bd-missing"

# Private-use characters mark where an expanded tag goes until the text is final.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
_MARK = re.compile(f"{_MARK_OPEN}(\\d+)\n*{_MARK_CLOSE}")
# Tokens that stand for HTML snippets in protected text (see Expanded.restore).
_TOKEN_OPEN, _TOKEN_CLOSE = "\ue002", "\ue003"
# the number is written in private-use digits too, so a heading's id or slug never takes it
_TOKEN_DIGITS = str.maketrans("0123456789", "".join(chr(0xE010 + n) for n in range(10)))
_TOKEN = f"{_TOKEN_OPEN}[\ue010-\ue019]+{_TOKEN_CLOSE}"
_TOKEN_RE = re.compile(_TOKEN)
#: Every character the marks and tokens are made of.
_RESERVED = re.compile("[\ue000-\ue003\ue010-\ue019]")
_RESTORE = re.compile(f"<p>[ \\t\\n]*({_TOKEN})[ \\t\\n]*</p>|({_TOKEN})")
_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})([^\n]*)$")
_MARKDOWN_ACTIVE = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;",
    "`": "&#96;", "\\": "&#92;", "~": "&#126;", "|": "&#124;", "#": "&#35;", "!": "&#33;",
    ":": "&#58;", "\n": "&#10;", "\r": "",
})  # fmt: skip


@dataclass(frozen=True)
class Diagnostic:
    """A template tag that could not be evaluated as the site would: where, what and why."""

    line: int  # 1-based line of the body (0: inside an included file)
    tag: str  # the tag's raw text
    message: str


@dataclass(frozen=True)
class Expanded:
    """A body with its template tags expanded, and what went wrong on the way.

    With ``protect``, the HTML this pass writes is not in ``text`` but in ``snippets``, each
    standing in the text as an inert token (two private-use characters around a number) that
    every Markdown engine passes through as a word. :meth:`restore` puts the HTML back into the
    rendered page, before it is sanitized: so a site that omits an author's raw HTML (Hugo's
    default ``unsafe = false``) still shows the figures, cards and placeholders, as Hugo inserts
    its shortcodes' output after Markdown.
    """

    text: str
    diagnostics: tuple[Diagnostic, ...] = ()
    snippets: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: For each line of ``text`` (0-based index), the 1-based body line it comes from; None
    #: when the lines are the body's own. Exact outside expanded tags; inside a block the inner
    #: lines follow the tag's lines; after a Liquid loop that changed the count, proportional.
    source_lines: tuple[int, ...] | None = None

    def source_line(self, line: int) -> int:
        """The body line (1-based) that line ``line`` (1-based) of ``text`` comes from."""
        if self.source_lines is None or not self.source_lines:
            return line
        return self.source_lines[min(max(line, 1), len(self.source_lines)) - 1]

    def without_tokens(self, text: str) -> str:
        """``text`` (an outline entry, a title) with the tokens taken out."""
        return _TOKEN_RE.sub("", text) if _TOKEN_OPEN in text else text

    def restore(self, html: str) -> str:
        """``html`` (the rendered text) with each token replaced by its HTML snippet.

        A token alone in a paragraph (``<p>TOKEN</p>``) replaces the whole paragraph.
        """
        if not self.snippets or _TOKEN_OPEN not in html:
            return html

        done: dict[str, str] = {}

        def put(match: re.Match[str]) -> str:
            token = match.group(1) or match.group(2)
            if token not in done:
                done[token] = ""  # a token met again inside itself stands for nothing
                done[token] = _RESTORE.sub(put, self.snippets.get(token, ""))
            return done[token]

        # A snippet holds the tokens of the tags inside it (a shortcode in a shortcode, at any
        # depth), so each snippet is restored in full, once. A token that is no snippet of this
        # pass (none should be) is dropped rather than shown as private-use characters.
        return _RESTORE.sub(put, html)


@dataclass(frozen=True)
class PostTarget:
    """A post another post can link to: its path from the site root, and its published URL.

    ``title`` and ``date`` (ISO text) are what Liquid's ``site.posts`` shows of it.
    """

    path: str
    url: str
    title: str = ""
    date: str = ""


@dataclass(frozen=True)
class TemplateContext:
    """What the template tags of one post may read.

    ``page`` is the post's front matter (plus ``url`` and ``path`` when known); ``posts`` the
    posts that ``post_url``, ``link``, ``ref`` and ``relref`` can name. ``post_href`` is the hook
    the preview uses to make such a link open the post (default: the post's published URL).
    """

    site: Site = field(default_factory=blogdesk_site)
    page: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    posts: Sequence[PostTarget] = ()
    post_href: Callable[[PostTarget], str] | None = None
    time_limit: float = 1.0  # seconds of evaluation for one body
    #: With ``protect``: renders a block's inner Markdown (the renderer's own function, body
    #: Markdown to HTML), so each block is one snippet instead of an opening and a closing one.
    render_inner: Callable[[str], str] | None = None

    def href(self, target: PostTarget) -> str:
        """The href for a link to ``target``."""
        return self.post_href(target) if self.post_href is not None else target.url


def expand_templates(body: str, context: TemplateContext, language: str | None = None, *,
                     protect: bool = False) -> Expanded:
    """Expand the template tags of ``body`` in the site's template language (or ``language``).

    ``language`` is one of ``liquid``, ``hugo``, ``tera``, ``nunjucks`` or ``""`` (none). With
    ``protect``, the HTML written here comes back as tokens and snippets (see :class:`Expanded`).
    """
    language = context.site.template_language if language is None else language
    if _RESERVED.search(body):  # the author's own copy of a mark would be taken for ours
        body = _RESERVED.sub("\ufffd", body)
    if language == "liquid":
        if context.page.get("render_with_liquid") is False:  # Jekyll's own switch
            return Expanded(body)
        from blogdesk.core.sites.liquid_tags import expand_liquid

        return expand_liquid(body, context, protect)
    if language == "hugo":
        from blogdesk.core.sites.shortcodes import expand_shortcodes

        return expand_shortcodes(body, context, protect)
    if language == "tera":
        if "{{" not in body and "{%" not in body:
            return Expanded(body)
        return _tera(body, protect, context.render_inner)
    if language == "nunjucks":
        return _nunjucks(body, protect, context.render_inner)
    return Expanded(body)


# --- text for excerpts ---------------------------------------------------------------------------

# What a placeholder shows that is not the post's own text: an inline placeholder (a raw tag, an
# error, a custom shortcode shown as text) and a block's label line with its parameters.
_NOT_TEXT = re.compile(
    f'<span class="{CLASS_PREFIX} {CLASS_PREFIX}-(?:raw|error|missing|custom)"[^>]*>.*?</span>'
    f'|<div class="{CLASS_PREFIX}-label">.*?</div>', re.DOTALL)
_ANY_ELEMENT = re.compile(r"<[^>]*>")


def text_for_excerpt(body: str, context: TemplateContext) -> str:
    """``body`` with its template tags done, for a text excerpt (a feed entry, an index card).

    Evaluated tags give what they write (``{{ site.title }}`` its title); a figure or a card
    gives its visible words (a caption, a link's text); a block shortcode gives its inner
    text; and a tag that could only be shown as a placeholder (``{% include x %}``, a custom
    shortcode's name, an error) gives nothing: in a sentence of text it would be noise.
    The result is Markdown text, for ``stats.visible_text``.
    """
    if "{{" not in body and "{%" not in body:
        return body
    expanded = expand_templates(body, context, protect=True)
    if not expanded.snippets:
        return expanded.text
    plain: dict[str, str] = {}

    def words(match: re.Match[str]) -> str:
        token = match.group(0)
        if token not in plain:
            plain[token] = ""  # a token met again inside itself gives nothing
            snippet = _TOKEN_RE.sub(words, expanded.snippets.get(token, ""))
            text = _ANY_ELEMENT.sub(" ", _NOT_TEXT.sub(" ", snippet))
            plain[token] = " ".join(html.unescape(text).split())
        return f" {plain[token]} " if plain[token] else " "

    return _TOKEN_RE.sub(words, expanded.text)


# --- finding posts -----------------------------------------------------------------------------



def find_post(posts: Sequence[PostTarget], name: str) -> PostTarget | None:
    """The post ``name`` points at: a path with or without its suffix, from any folder up.

    ``2024-05-01-notes`` (Jekyll's ``post_url``), ``_posts/2024-05-01-notes.md`` (``link``),
    ``notes.md``, ``posts/notes`` or ``/posts/notes/`` (Hugo's ``ref``; a page bundle's
    ``notes/index.md`` answers to ``notes``).
    """
    wanted = _stem(name.strip().strip("/"))
    if not wanted:
        return None
    for target in posts:
        path = _stem(target.path.strip("/"))
        for candidate in (path, path[: -len("/index")] if path.endswith("/index") else ""):
            if candidate and (candidate == wanted or candidate.endswith("/" + wanted)):
                return target
    return None


def _stem(path: str) -> str:
    """``path`` without a post suffix (a Markdown one, or ``.html`` as Jekyll names pages)."""
    dot = path.rfind(".")
    if dot > path.rfind("/") and path[dot:].lower() in (*POST_SUFFIXES, ".html"):
        return path[:dot]
    return path


# --- placeholders ------------------------------------------------------------------------------


def literal(text: str) -> str:
    """``text`` as HTML that every Markdown engine shows as it is."""
    return text.translate(_MARKDOWN_ACTIVE)


def attribute(text: str) -> str:
    """``text`` for a double-quoted HTML attribute value."""
    return html.escape(text, quote=True)


def inline_placeholder(raw: str, label: str, reason: str, kind: str = "raw") -> str:
    """A visible span holding the raw tag; its title says what it is and why it is shown."""
    title = f"{label}: {reason}" if reason else label
    return (f'<span class="{CLASS_PREFIX} {CLASS_PREFIX}-{kind}" title="{attribute(title)}">'
            f"{literal(raw)}</span>")


#: A block with Markdown inside: its opening HTML, the inner Markdown, its closing HTML.
BlockMarkup = tuple[str, str, str]


def block_placeholder(label: str, params: str, inner: str, reason: str = "") -> BlockMarkup:
    """A labelled block: the tag's name and parameters, then its inner content as Markdown.

    The inner content sits between blank lines, where CommonMark reads Markdown inside an HTML
    block; ``markdown="1"`` asks kramdown and Python-Markdown's ``md_in_html`` for the same.
    """
    title = f"{label}: {reason}" if reason else label
    head = (f'<div class="{CLASS_PREFIX} {CLASS_PREFIX}-block" title="{attribute(title)}" '
            'markdown="1">'
            f'<div class="{CLASS_PREFIX}-label">{literal(label)}'
            + (f' <code class="{CLASS_PREFIX}-params">{literal(params)}</code>' if params else "")
            + "</div>")
    return head, inner, "</div>"


@dataclass
class Marks:
    """Expanded tags waiting in a text as private-use marks, put in once the text is final.

    Each mark has what it becomes in running text (HTML, or a block with Markdown inside), what
    it becomes inside code (the raw tag: the site would print it there as text) and inside a
    link destination.
    """

    items: list[tuple[str | BlockMarkup, str, str]] = field(default_factory=list)
    snippets: dict[str, str] = field(default_factory=dict)
    render_inner: Callable[[str], str] | None = None

    def add(self, markup: str | BlockMarkup, raw: str, in_link: str | None = None) -> str:
        self.items.append((markup, raw, MISSING_HREF if in_link is None else in_link))
        # the mark keeps the raw text's line breaks, so later lines keep their numbers
        return f"{_MARK_OPEN}{len(self.items) - 1}{chr(10) * raw.count(chr(10))}{_MARK_CLOSE}"

    def finish(self, text: str, diagnostics: Sequence[Diagnostic], protect: bool,
               body: str | None = None,
               render_inner: Callable[[str], str] | None = None) -> Expanded:
        """The final text, with every mark put in (as HTML, or as tokens when ``protect``).

        ``text`` has the body's lines (each mark keeps the line breaks of what it stands for),
        unless ``body`` is given: then its lines are matched to the body's only by proportion.
        """
        self.snippets = {}
        self.render_inner = render_inner if protect else None
        pieces: list[tuple[str, int, int, str]] = []
        resolved = self.resolve(text, protect, pieces)
        if _MARK_OPEN not in text and (body is None or text.count("\n") == body.count("\n")):
            return Expanded(text, tuple(diagnostics))  # the body's own lines
        if body is not None and text.count("\n") != body.count("\n"):
            origins: tuple[int, ...] | None = _proportional(resolved, body)
        else:
            origins = _origins(pieces) if pieces else None
        return Expanded(resolved, tuple(diagnostics), MappingProxyType(dict(self.snippets)),
                        origins)

    def resolve(self, text: str, protect: bool = False,
                pieces: list[tuple[str, int, int, str]] | None = None) -> str:
        """``text`` with its marks put in; ``pieces`` collects (text, first and last source
        line, kind) for the line origins."""
        if _MARK_OPEN not in text:
            if pieces is not None:
                pieces.append((text, 1, 1, "verbatim"))
            return text
        code = code_ranges(text)

        def put(match: re.Match[str]) -> tuple[str, str]:
            index = int(match.group(1))
            if index >= len(self.items):
                return match.group(0), "verbatim"
            markup, raw, in_link = self.items[index]
            if _inside(code, match.start()):
                return self.resolve(raw, protect), "verbatim"
            follows = text[match.end():match.end() + 1]
            if in_link_destination(text, match.start()) and follows in ("", ")", "\n", " "):
                # the link stays a link; the tag's text goes in its title (its tooltip). With
                # more after it (`#part`), the placeholder below shows it and the link is text.
                title = _link_title(raw)
                if title:
                    return in_link + title, "inline"
            if isinstance(markup, tuple):
                head, inner, tail = markup
                inner = self.resolve(inner, protect).strip("\n")
                if self.render_inner is not None:  # one snippet, the inner Markdown rendered
                    rendered = self.render_inner(inner) if inner.strip() else ""
                    return self.html(f"{head}\n{rendered}{tail}", protect), "inline"
                head, tail = self.html(head, protect), self.html(tail, protect)
                if not inner.strip():
                    return head + tail, "inline"
                return f"{head}\n\n{inner}\n\n{tail}", "block"
            return self.html(self.resolve(markup, protect), protect), "inline"

        out: list[str] = []
        pos = 0
        for match in _MARK.finditer(text):
            out.append(text[pos:match.start()])
            replacement, kind = put(match)
            out.append(replacement)
            if pieces is not None:
                pieces.append((text[pos:match.start()], line_of(text, pos),
                               line_of(text, pos), "verbatim"))
                pieces.append((replacement, line_of(text, match.start()),
                               line_of(text, match.end()), kind))
            pos = match.end()
        out.append(text[pos:])
        if pieces is not None:
            pieces.append((text[pos:], line_of(text, pos), line_of(text, pos), "verbatim"))
        return "".join(out)

    def unmark(self, text: str) -> str:
        """``text`` with each mark put back as the raw text it stands for."""
        if _MARK_OPEN not in text:
            return text

        def put(match: re.Match[str]) -> str:
            index = int(match.group(1))
            return self.unmark(self.items[index][1]) if index < len(self.items) else ""

        return _MARK.sub(put, text)

    def html(self, snippet: str, protect: bool) -> str:
        """``snippet`` as it goes in the text: itself, or a token standing for it."""
        if not protect:
            return snippet
        token = f"{_TOKEN_OPEN}{str(len(self.snippets)).translate(_TOKEN_DIGITS)}{_TOKEN_CLOSE}"
        self.snippets[token] = snippet
        return token


def _origins(pieces: list[tuple[str, int, int, str]]) -> tuple[int, ...]:
    """The body line of each output line, from the pieces the output was joined from."""
    origins = [pieces[0][1] if pieces else 1]
    for text, first, last, kind in pieces:
        breaks = text.count("\n")
        for k in range(1, breaks + 1):
            if kind == "verbatim":
                origins.append(first + k)
            elif kind == "block":  # head, blank, inner lines, blank, tail
                origins.append(last if k == breaks else min(first + max(k - 1, 0), last))
            else:
                origins.append(first)
    return tuple(origins)


def _proportional(text: str, body: str) -> tuple[int, ...]:
    """Lines matched after an evaluation changed their count: the lines both share at the start
    and at the end match exactly, the changed middle by proportion."""
    out, src = text.split("\n"), body.split("\n")
    head = 0
    while head < min(len(out), len(src)) and out[head] == src[head]:
        head += 1
    tail = 0
    while (tail < min(len(out), len(src)) - head
           and out[len(out) - 1 - tail] == src[len(src) - 1 - tail]):
        tail += 1
    middle_out, middle_src = len(out) - head - tail, len(src) - head - tail
    origins = list(range(1, head + 1))
    for n in range(middle_out):
        origins.append(head + 1 + min(max(middle_src - 1, 0), n * middle_src // middle_out))
    origins.extend(range(len(src) - tail + 1, len(src) + 1))
    return tuple(origins)


def _link_title(raw: str) -> str:
    """`` "raw"`` as a link title, quoted with a delimiter the text does not hold ("" if none)."""
    text = " ".join(_MARK.sub("", raw).split()).replace("\\", "")
    for opening, closing in (('"', '"'), ("'", "'"), ("(", ")")):
        if opening not in text and closing not in text:
            return f" {opening}{text}{closing}"
    return ""


def code_ranges(text: str) -> list[tuple[int, int]]:
    """Sorted character ranges of the code in a Markdown text: fenced blocks (an open fence
    runs on to the end) and inline code spans, where a site prints a tag's text as it is."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    fence: tuple[str, int] | None = None
    start = 0
    prose = 0  # where the text outside fences resumes
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if fence is None:
            match = _FENCE_OPEN.match(bare)
            if match and not (match.group(2)[0] == "`" and "`" in match.group(3)):
                fence, start = (match.group(2)[0], len(match.group(2))), pos
                ranges.extend(_code_spans(text, prose, pos))
        else:
            stripped = bare.strip()
            if (len(bare) - len(bare.lstrip(" ")) < 4 and stripped
                    and set(stripped) == {fence[0]} and len(stripped) >= fence[1]):
                ranges.append((start, pos + len(line)))
                fence = None
                prose = pos + len(line)
        pos += len(line)
    if fence is not None:
        ranges.append((start, pos))
    else:
        ranges.extend(_code_spans(text, prose, pos))
    ranges.sort()
    return ranges


def _code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Inline code spans in ``text[start:end]``: a run of backticks, then the same run again
    before a blank line (looked for within 4,000 characters)."""
    spans: list[tuple[int, int]] = []
    pos = start
    while True:
        opening = text.find("`", pos, end)
        if opening < 0:
            return spans
        after = opening
        while after < end and text[after] == "`":
            after += 1
        run = "`" * (after - opening)
        limit = min(end, after + 4000)
        blank = text.find("\n\n", after, limit)
        limit = blank if blank >= 0 else limit
        close = after
        while True:
            close = text.find(run, close, limit)
            if close < 0:
                break
            past = close + len(run)
            if past < len(text) and text[past] == "`":  # a longer run: not the closing one
                while past < limit and text[past] == "`":
                    past += 1
                close = past
                continue
            break
        if close < 0:
            pos = after
            continue
        spans.append((opening, close + len(run)))
        pos = close + len(run)


def _inside(ranges: list[tuple[int, int]], index: int) -> bool:
    at = bisect.bisect_right(ranges, index, key=lambda r: r[0]) - 1  # sorted, never nested
    return at >= 0 and ranges[at][0] <= index < ranges[at][1]


_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?$")


def in_link_destination(text: str, index: int) -> bool:
    """True when ``index`` is where a link's URL goes: ``[x](HERE`` or ``[1]: HERE``."""
    window = max(0, index - 1000)  # a link's start is never further back than this
    line_start = max(text.rfind("\n", window, index) + 1, window)
    before = text[line_start:index]
    if _LINK_DEFINITION.match(before):
        return True
    opening = before.rfind("](")
    return opening >= 0 and not any(c in before[opening + 2:] for c in " \t)")


def line_of(text: str, index: int) -> int:
    """The 1-based line of ``text`` that holds ``index``."""
    return bisect.bisect_left(_newlines(text), index) + 1


# The newline offsets of the last few texts, found by identity (comparing long texts for
# equality, as a cache keyed by value would, costs as much as counting their lines again).
_RECENT: list[tuple[str, list[int]]] = []


def _newlines(text: str) -> list[int]:
    for known, offsets in _RECENT:
        if known is text:
            return offsets
    offsets = [match.start() for match in re.finditer("\n", text)]
    _RECENT[:] = [(text, offsets), *_RECENT[:3]]
    return offsets


# --- Zola and Nunjucks: placeholders only ------------------------------------------------------

#: A Liquid/Nunjucks tag or output statement. It cannot hold the start of another one, so an
#: unclosed ``{{`` costs a scan to the next ``{{`` or ``{%``, never to the end of the body.
TAG_OR_OUTPUT = re.compile(
    r"\{%-?\s*(\w*)(?:[^{%]|\{(?![{%])|%(?!\}))*%\}|\{\{(?:[^{}]|\{(?![{%])|\}(?!\}))*\}\}"
)
# Zola's shortcodes: `{{ name(args) }}`, and `{% name(args) %}` ... `{% end %}` with a body.
_TERA_ARGS = r"\((?P<params>(?:\"[^\"\n]*\"|'[^'\n]*'|[^\"'{}\n])*?)\)"
_TERA_TOKEN = re.compile(
    r"\{\{\s*(?P<name>[A-Za-z_]\w*)" + _TERA_ARGS + r"\s*\}\}"
    r"|\{%\s*(?P<bname>[A-Za-z_]\w*)" + _TERA_ARGS.replace("params", "bparams") + r"\s*%\}"
    r"|(?P<end>\{%\s*end\s*%\})"
)


def _tera(body: str, protect: bool, render_inner: Callable[[str], str] | None) -> Expanded:
    """Zola shortcodes as labelled placeholders; a body shortcode shows its inner Markdown."""
    marks = Marks()
    diagnostics: list[Diagnostic] = []
    text = _tera_marked(body, 0, marks, diagnostics)
    return marks.finish(text, sorted(diagnostics, key=lambda d: d.line), protect,
                        render_inner=render_inner)


def _tera_marked(body: str, first_line: int, marks: Marks,
                 diagnostics: list[Diagnostic]) -> str:
    tokens = list(_TERA_TOKEN.finditer(body))
    pairs: dict[int, int] = {}  # opening token index -> its `{% end %}` token index
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token.group("bname"):
            stack.append(index)
        elif token.group("end") and stack:
            pairs[stack.pop()] = index
    out: list[str] = []
    pos = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        out.append(body[pos:token.start()])
        name = token.group("name") or token.group("bname") or "end"
        label = f"Zola shortcode {name}"
        line = first_line + line_of(body, token.start())
        if index in pairs:
            close = tokens[pairs[index]]
            raw = body[token.start():close.end()]
            inner = _tera_marked(body[token.end():close.start()],
                                 first_line + line_of(body, token.end()) - 1, marks, diagnostics)
            markup = block_placeholder(label, token.group("bparams"), inner, "not evaluated")
            out.append(marks.add(markup, raw))
            pos, index = close.end(), pairs[index] + 1
        else:
            raw = token.group(0)
            out.append(marks.add(inline_placeholder(raw, label, "not evaluated"), raw))
            pos, index = token.end(), index + 1
        diagnostics.append(Diagnostic(line, raw, f"{label} is shown, not evaluated"))
    out.append(body[pos:])
    return "".join(out)


def _nunjucks(body: str, protect: bool,
              render_inner: Callable[[str], str] | None) -> Expanded:
    """Nunjucks tags and output statements as labelled placeholders (never evaluated)."""
    marks = Marks()
    diagnostics: list[Diagnostic] = []

    def replace(match: re.Match[str]) -> str:
        raw = match.group(0)
        label = f"Nunjucks {match.group(1) or 'output'}"
        diagnostics.append(Diagnostic(line_of(body, match.start()), raw,
                                      f"{label} is shown, not evaluated"))
        return marks.add(inline_placeholder(raw, label, "not evaluated", "raw"), raw)

    return marks.finish(TAG_OR_OUTPUT.sub(replace, body), diagnostics, protect,
                        render_inner=render_inner)
