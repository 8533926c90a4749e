"""Liquid in post bodies (Jekyll, Eleventy), evaluated with python-liquid in a sandbox.

The sandbox: templates load only from the site's ``_includes`` folder (a name that resolves
outside it, a link out of it, or a file over 256 KiB is refused); there is no network and no
file writing; loops stop at 10,000 iterations, the output at 4 Mi characters, and the whole
evaluation at its wall-clock limit. ``site.*`` comes from the site config (Jekyll's ``_data`` as
``site.data``), ``page.*`` from the front matter.

Jekyll's tags are added: ``include`` (with ``key=value`` parameters as ``include.key``),
``include_relative`` (shown), ``highlight LANG`` (a fenced code block), ``post_url`` and ``link``
(the post's URL, through the context's hook), ``gist`` and ``youtube`` (a card with the link).
Jekyll's common filters (``relative_url``, ``absolute_url``, ``date_to_string``...) are there
too. Any other tag (a plugin's) becomes a visible placeholder holding its raw text. A tag that
fails is shown raw and marked, with the error as a diagnostic; the rest still evaluates.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import html
import json
import re
import time
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from liquid import BoundTemplate, Environment, RenderContext
from liquid.ast import Node
from liquid.exceptions import LiquidError, TemplateNotFoundError
from liquid.loader import BaseLoader, TemplateSource
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_CONTENT, TOKEN_EXPRESSION, TOKEN_TAG, Token

from blogdesk.core.sites.config import ConfigUnreadable, read_limited
from blogdesk.core.sites.templates import (
    TAG_OR_OUTPUT,
    Diagnostic,
    Expanded,
    Marks,
    TemplateContext,
    block_placeholder,
    find_post,
    inline_placeholder,
    line_of,
)

__all__ = ["MAX_INCLUDE_BYTES", "expand_liquid"]

MAX_INCLUDE_BYTES = 256 << 10
MAX_LOOP_ITERATIONS = 10_000
MAX_OUTPUT_CHARACTERS = 4 << 20
MAX_PASSES = 8  # evaluations of one body, each marking the tags that failed in the last

_TAG_OR_OUTPUT = TAG_OR_OUTPUT
_INCLUDE_PARAM = re.compile(
    r"""([\w-]+)\s*[=:]\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[\w.\[\]-]+)"""
)


class _Deadline(Exception):
    """Evaluation took longer than the context allows."""


class _Session:
    """What one evaluation shares: the context, the marks, the clock and its diagnostics."""

    def __init__(self, body: str, context: TemplateContext, marks: Marks,
                 deadline: float) -> None:
        self.body = body
        self.context = context
        self.marks = marks
        self.deadline = deadline
        self.diagnostics: list[Diagnostic] = []
        self.errors: list[LiquidError] = []

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise _Deadline(f"took longer than {self.context.time_limit:g} s")

    def note(self, token: Token, message: str) -> None:
        raw = _raw_tag_at(self.body, token.start_index) if token.source == self.body else ""
        raw = self.marks.unmark(raw)
        line = line_of(self.body, token.start_index) if token.source == self.body else 0
        self.diagnostics.append(Diagnostic(line, raw or token.value, message))


# --- the sandboxed environment -----------------------------------------------------------------


class _IncludesLoader(BaseLoader):
    """Templates from one folder only: names resolving outside it are not found."""

    def __init__(self, folder: Path | None) -> None:
        super().__init__()
        self.folder = folder.resolve() if folder is not None and folder.is_dir() else None

    def get_source(self, env: Environment, template_name: str, *,
                   context: RenderContext | None = None, **kwargs: object) -> TemplateSource:
        if self.folder is None:
            raise TemplateNotFoundError(template_name, token=None)
        try:
            path = (self.folder / template_name).resolve()
        except (OSError, ValueError, RuntimeError) as exc:
            raise TemplateNotFoundError(template_name, token=None) from exc
        if not path.is_relative_to(self.folder) or not path.is_file():
            raise TemplateNotFoundError(template_name, token=None)
        try:
            text = read_limited(path, MAX_INCLUDE_BYTES, root=self.folder)
        except ConfigUnreadable as exc:
            raise TemplateNotFoundError(f"{template_name} ({exc})", token=None) from exc
        return TemplateSource(text, str(path), None)


class _Context(RenderContext):
    """A render context that also stops at the session's deadline."""

    def raise_for_loop_limit(self, length: int = 1) -> None:
        session: _Session | None = getattr(self.env, "session", None)
        if session is not None:
            session.check_time()
        super().raise_for_loop_limit(length)


class _Template(BoundTemplate):
    context_class = _Context


class _Environment(Environment):
    loop_iteration_limit = MAX_LOOP_ITERATIONS
    output_stream_limit = MAX_OUTPUT_CHARACTERS
    local_namespace_limit = 8 << 20
    context_depth_limit = 20
    template_class = _Template

    def __init__(self, session: _Session, loader: BaseLoader) -> None:
        super().__init__(loader=loader)
        self.session = session

    def error(self, exc: type[LiquidError] | LiquidError, msg: str | None = None,
              token: Token | None = None) -> None:
        """Record the error and carry on, so that one pass finds every failing tag."""
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        elif not exc.token:
            exc.token = token
        self.session.errors.append(exc)


def _environment(session: _Session, unknown: set[str], blocks: set[str]) -> _Environment:
    site = session.context.site
    includes = site.root / "_includes" if site.root is not None else None
    env = _Environment(session, _IncludesLoader(includes))
    for tag in _jekyll_tags():
        env.add_tag(tag)
    for name in sorted(unknown):
        env.add_tag(_unknown_tag(name, name in blocks))
    for name, function in _FILTERS.items():
        env.add_filter(name, _bind_site(function, session) if name in _SITE_FILTERS else function)
    return env


# --- evaluation --------------------------------------------------------------------------------


def expand_liquid(body: str, context: TemplateContext, protect: bool = False) -> Expanded:
    """Evaluate the Liquid in ``body``; tags that fail are marked, shown raw, and skipped.

    Each pass collects every error (python-liquid reports them and carries on); the failing
    tags are then marked and the body evaluated again, so a body with errors takes two passes,
    rarely more.
    """
    if "{%" not in body and "{{" not in body:
        return Expanded(body)
    marks = Marks()
    source = body
    diagnostics: list[Diagnostic] = []
    deadline = time.monotonic() + context.time_limit  # for all the passes together
    for _ in range(MAX_PASSES):
        session = _Session(source, context, marks, deadline)
        names = {m.group(1) for m in _TAG_OR_OUTPUT.finditer(source) if m.group(1)}
        unknown, blocks = _unknown_tags(names, source)
        env = _environment(session, unknown, blocks)
        output = ""
        try:
            session.check_time()
            template = env.from_string(source)
            output = template.render(site=_site_variables(context, source),
                                     page=dict(context.page))
        except LiquidError as exc:
            session.errors.append(exc)
        except (_Deadline, RecursionError, MemoryError) as exc:
            message = str(exc) or type(exc).__name__
            diagnostics.append(Diagnostic(1, "", f"Liquid was not evaluated: {message}"))
            break
        if not session.errors:
            found = sorted((*diagnostics, *session.diagnostics), key=lambda d: d.line)
            return marks.finish(output, found, protect, body, context.render_inner)
        marked = _mark_failed_tags(source, session.errors, marks)
        if marked is None:
            diagnostics.extend(Diagnostic(1, "", f"Liquid: {_message(e)}") for e in
                               session.errors[:1])
            break
        source, found_now = marked
        diagnostics.extend(found_now)
    return _all_raw(body, diagnostics, protect, context)


@functools.cache
def _known_tags() -> frozenset[str]:
    jekyll = {tag.name for tag in _jekyll_tags()}
    return frozenset({*Environment().tags, *jekyll, "endhighlight", "raw", "endraw", "comment",
                      "endcomment"})


def _unknown_tags(names: set[str], source: str) -> tuple[set[str], set[str]]:
    """Tag names python-liquid and Jekyll do not know, and which of them are blocks."""
    known = _known_tags()
    unknown: set[str] = set()
    blocks: set[str] = set()
    for name in names:
        if name in known or (name.startswith("end") and name[3:] in known):
            continue
        if name.startswith("end") and name[3:] in names:
            continue
        unknown.add(name)
        if re.search(r"\{%-?\s*end" + re.escape(name) + r"\b", source):
            blocks.add(name)
    return unknown, blocks


def _mark_failed_tags(source: str, errors: list[LiquidError],
                      marks: Marks) -> tuple[str, list[Diagnostic]] | None:
    """Replace each tag that raised an error by a marked placeholder holding its raw text.

    None when some error cannot be placed in ``source`` (then nothing is evaluated).
    """
    spans: dict[tuple[int, int], LiquidError] = {}
    for exc in errors:
        token = exc.token
        if token is None or token.source != source or token.start_index < 0:
            return None
        span = _tag_span_at(source, token.start_index)
        if span is None:
            return None
        spans.setdefault(_whole_block(source, *span), exc)
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda se: (se[0], -se[1])):
        if kept and start < kept[-1][1]:
            continue  # inside a block already marked
        kept.append((start, end))
    diagnostics: list[Diagnostic] = []
    pieces: list[str] = []
    pos = 0
    for start, end in kept:
        raw = marks.unmark(source[start:end])  # a tag marked in an earlier pass: its own text
        reason = _message(spans[(start, end)])
        pieces.append(source[pos:start])
        pieces.append(marks.add(inline_placeholder(raw, "Liquid error", reason, "error"), raw))
        # a mark keeps the line breaks of what it replaces: lines here are the body's lines
        diagnostics.append(Diagnostic(line_of(source, start), raw, f"Liquid: {reason}"))
        pos = end
    pieces.append(source[pos:])
    return "".join(pieces), diagnostics


_BLOCK_TAGS = frozenset({"for", "if", "unless", "case", "capture", "tablerow", "comment",
                         "highlight", "ifchanged"})
_TAG_NAME = re.compile(r"\{%-?\s*(\w+)")


def _whole_block(source: str, start: int, end: int) -> tuple[int, int]:
    """A failing block tag is marked with its content, up to its matching end tag."""
    match = _TAG_NAME.match(source, start)
    if match is None or match.group(1) not in _BLOCK_TAGS:
        return start, end
    name = match.group(1)
    tags = re.compile(r"\{%-?\s*(end)?" + name + r"\b.*?%\}", re.DOTALL)
    depth = 1
    for tag in tags.finditer(source, end):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return start, tag.end()
    return start, end


def _tag_span_at(source: str, index: int) -> tuple[int, int] | None:
    """The ``{% ... %}`` or ``{{ ... }}`` around ``index``, as Liquid's own lexer cut it.

    An error's index points into the tag's expression, not at its start, and a tag may hold
    another opening (``{{ a {{ b }}``: Liquid reads one tag up to the first ``}}``). Searching
    back for the nearest ``{{`` found the inner one, whose mark then sat inside the outer tag
    and leaked into the next pass's error message; the lexer's own spans cannot do that.
    """
    spans = _lexed_spans(source)
    at = bisect.bisect_right(spans, (index, len(source) + 1)) - 1
    if at >= 0 and spans[at][0] <= index < spans[at][1]:
        return spans[at]
    window = max(0, index - 1000)  # an unclosed tag: the token starts inside it
    starts = [source.rfind("{%", window, index + 2), source.rfind("{{", window, index + 2)]
    start = max(starts)
    if start < 0:
        return None
    closer = "%}" if source.startswith("{%", start) else "}}"
    end = source.find(closer, start + 2)
    if end < 0 or end + 2 < index:
        return None
    return start, end + 2


_LEXED: list[tuple[str, list[tuple[int, int]]]] = []  # the last source's spans, by identity


def _lexed_spans(source: str) -> list[tuple[int, int]]:
    """Sorted ``(start, end)`` of every tag, output statement and raw block of ``source``."""
    for known, spans in _LEXED:
        if known is source:
            return spans
    spans = [match.span() for match in _liquid_lexer().finditer(source)
             if match.lastgroup not in (TOKEN_CONTENT, "COMMENT")]
    _LEXED[:] = [(source, spans)]
    return spans


@functools.cache
def _liquid_lexer() -> re.Pattern[str]:
    from liquid.lex import compile_liquid_rules

    return compile_liquid_rules()


def _raw_of(token: Token) -> str:
    """The whole tag a token belongs to, in the text it came from (the body or an include)."""
    return _raw_tag_at(token.source, token.start_index)


def _raw_tag_at(source: str, index: int) -> str:
    span = _tag_span_at(source, index)
    return source[span[0]:span[1]] if span else ""


def _all_raw(body: str, diagnostics: list[Diagnostic], protect: bool,
             context: TemplateContext) -> Expanded:
    """Every tag of ``body`` shown raw and marked: the Liquid could not be evaluated."""
    marks = Marks()
    reason = diagnostics[-1].message if diagnostics else "not evaluated"

    def replace(match: re.Match[str]) -> str:
        raw = match.group(0)
        return marks.add(inline_placeholder(raw, "Liquid not evaluated", reason, "error"), raw)

    return marks.finish(_TAG_OR_OUTPUT.sub(replace, body), diagnostics, protect,
                        render_inner=context.render_inner)


def _message(exc: LiquidError) -> str:
    message = str(exc.message) if exc.message else type(exc).__name__
    if isinstance(exc, TemplateNotFoundError):
        message = f"template not found: {message}"
    return _PRIVATE_USE.sub("…", message)  # a mark this pass put in the text: not the author's


# a mark, or the escape of one that an error message quotes
_PRIVATE_USE = re.compile("[\ue000-\ue0ff]|\\\\u[eE]0[0-9a-fA-F]{2}")


def _site_variables(context: TemplateContext, source: str) -> dict[str, Any]:
    """``site.*``: the config's variables, ``site.data``, and ``site.posts`` when used."""
    site = context.site
    variables = dict(site.variables)
    variables.setdefault("title", site.title)
    variables.setdefault("url", site.url)
    variables.setdefault("baseurl", site.baseurl)
    variables.setdefault("author", site.author)
    variables["data"] = dict(site.data)
    if site.params:
        variables.setdefault("params", dict(site.params))
    if "site.posts" in source:  # newest first, as Jekyll lists them
        posts = sorted(context.posts, key=lambda p: p.date, reverse=True)
        variables["posts"] = [
            {"url": context.href(p), "path": p.path, "title": p.title, "date": p.date}
            for p in posts
        ]
    return variables


# --- Jekyll's tags -----------------------------------------------------------------------------


def _expression(stream: Any) -> str:
    """The text after a tag's name (``""`` when there is none); leaves the stream on the tag."""
    nxt = stream.peek
    return str(nxt.value) if nxt.kind == TOKEN_EXPRESSION else ""


def _session(context: RenderContext) -> _Session:
    session: _Session = context.env.session  # type: ignore[attr-defined]
    session.check_time()
    return session


class _SimpleTag(Tag):
    """A tag with no block: parses to a node that keeps its expression text."""

    block = False
    node_class: Any = None

    def parse(self, stream: Any) -> Node:
        token = stream.current
        expression = _expression(stream)
        if expression:
            stream.next_token()
        return self.node_class(token, expression)  # type: ignore[no-any-return]


class _ExprNode(Node):
    __slots__ = ("expression",)

    def __init__(self, token: Token, expression: str) -> None:
        super().__init__(token)
        self.expression = expression

    def __str__(self) -> str:
        return f"{{% {self.token.value} {self.expression} %}}"

    async def render_to_output_async(self, context: RenderContext, buffer: TextIO) -> int:
        return self.render_to_output(context, buffer)


class _IncludeNode(_ExprNode):
    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        session = _session(context)
        name, params = _include_arguments(self.expression, context)
        raw = session.marks.unmark(_raw_of(self.token) or str(self))
        if not name:
            buffer.write(session.marks.add(
                inline_placeholder(raw, "include", "no file named", "missing"), raw))
            return 1
        try:
            template = context.env.get_template(name, context=context, tag="include")
        except TemplateNotFoundError:
            session.note(self.token, f"include {name}: not found in the site's _includes")
            buffer.write(session.marks.add(
                inline_placeholder(raw, f"include {name}", "not found in _includes", "missing"),
                raw))
            return 1
        before = len(session.errors)
        try:
            with context.extend({"include": params}, template=template):
                template.render_with_context(context, buffer, partial=True)
        except LiquidError as exc:  # an error inside the include is this tag's error
            raise LiquidError(_inside_include(name, exc), token=self.token) from exc
        inside = session.errors[before:]
        if inside:  # reported from the include's own text: this tag is what failed here
            del session.errors[before:]
            session.errors.append(LiquidError(_inside_include(name, inside[0]), token=self.token))
        return 1


def _inside_include(name: str, exc: LiquidError) -> str:
    """The error of an include, named by the include it happened in (the innermost one)."""
    message = _message(exc)
    return message if message.startswith("in _includes/") else f"in _includes/{name}: {message}"


def _include_arguments(expression: str, context: RenderContext) -> tuple[str, dict[str, Any]]:
    """``figure.html src="a.png" alt=page.title`` -> (file name, parameters)."""
    text = expression.strip()
    name, _, rest = text.partition(" ")
    name = name.rstrip(",").strip("'\"")
    if "{{" in name:  # Jekyll allows `{% include {{ page.kind }}.html %}`
        name = _render_small(name, context)
    params: dict[str, Any] = {}
    for key, value in _INCLUDE_PARAM.findall(rest):
        params[key] = _include_value(value, context)
    return name, params


def _include_value(value: str, context: RenderContext) -> Any:
    if value[:1] in "\"'":
        inner = value[1:-1]
        return _render_small(inner, context) if "{{" in inner else inner
    result = context.resolve(value.split(".")[0])
    for part in value.split(".")[1:]:
        result = result.get(part) if isinstance(result, Mapping) else None
    return result


def _render_small(text: str, context: RenderContext) -> str:
    return str(context.env.from_string(text).render(**dict(context.globals)))


class _ShownNode(_ExprNode):
    """A tag blogdesk shows rather than evaluates: a labelled placeholder with its raw text."""

    reason = "shown, not evaluated"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        session = _session(context)
        raw = session.marks.unmark(_raw_of(self.token) or str(self))
        label = f"Liquid {self.token.value}"
        session.note(self.token, f"{label}: {self.reason}")
        buffer.write(session.marks.add(inline_placeholder(raw, label, self.reason, "raw"), raw))
        return 1


class _IncludeRelativeNode(_ShownNode):
    reason = "include_relative is shown, not evaluated"


class _PostUrlNode(_ExprNode):
    """``post_url NAME`` / ``link PATH``: the named post's URL, through the preview's hook."""

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        session = _session(context)
        name = self.expression.strip().strip("'\"")
        if "{{" in name:
            name = _render_small(name, context)
        target = find_post(session.context.posts, name)
        if target is not None:
            buffer.write(session.context.href(target))
            return 1
        raw = session.marks.unmark(_raw_of(self.token) or str(self))
        label = f"{self.token.value} {name}"
        session.note(self.token, f"{label}: no such post")
        buffer.write(session.marks.add(inline_placeholder(raw, label, "no such post", "missing"),
                                       raw))
        return 1


class _CardNode(_ExprNode):
    """``gist user/id`` and ``youtube id`` (Jekyll plugins): a card with the link."""

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        from blogdesk.core.sites.shortcodes import embed_card

        session = _session(context)
        raw = session.marks.unmark(_raw_of(self.token) or str(self))
        words = self.expression.replace("/", " ").split()
        card = embed_card(self.token.value, [w.strip("'\"") for w in words], {})
        if card is None:
            session.note(self.token, f"{self.token.value}: cannot tell the link")
            card = inline_placeholder(raw, f"Liquid {self.token.value}", "cannot tell the link")
        buffer.write(session.marks.add(card, raw))
        return 1


class _BlockNode(Node):
    __slots__ = ("block", "expression")

    def __init__(self, token: Token, expression: str, block: Node) -> None:
        super().__init__(token)
        self.expression = expression
        self.block = block

    def __str__(self) -> str:
        return f"{{% {self.token.value} {self.expression} %}}"

    def inner(self, context: RenderContext) -> str:
        buf = context.get_buffer(None)
        self.block.render(context, buf)
        return buf.getvalue()

    async def render_to_output_async(self, context: RenderContext, buffer: TextIO) -> int:
        return self.render_to_output(context, buffer)


class _BlockTag(Tag):
    block = True
    node_class: Any = None

    def parse(self, stream: Any) -> Node:
        token = stream.eat(TOKEN_TAG)
        expression = ""
        if stream.current.kind == TOKEN_EXPRESSION:
            expression = str(stream.current.value)
            stream.next_token()
        end = f"end{self.name}"
        block = get_parser(self.env).parse_block(stream, (end,))
        stream.expect(TOKEN_TAG, value=end)
        return self.node_class(token, expression, block)  # type: ignore[no-any-return]


class _HighlightNode(_BlockNode):
    """``highlight LANG [linenos]``: a fenced code block in that language."""

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        _session(context)
        language = (self.expression.split() or [""])[0]
        code = self.inner(context).strip("\n")
        longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
        fence = "`" * max(3, longest + 1)
        buffer.write(f"{fence}{language}\n{code}\n{fence}")
        return 1


def _simple_tag(tag_name: str, node: type[Node]) -> type[Tag]:
    """A tag without a block whose node is ``node``."""
    return type(f"_Tag_{tag_name}", (_SimpleTag,), {"name": tag_name, "node_class": node})


class _HighlightTag(_BlockTag):
    name = "highlight"
    end = "endhighlight"
    node_class = _HighlightNode


def _unknown_tag(tag_name: str, is_block: bool) -> type[Tag]:
    """A tag class for a plugin's tag: shown as a placeholder (a block shows its content)."""

    class Unknown(_BlockNode):
        def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
            session = _session(context)
            label = f"Liquid {tag_name}"
            session.note(self.token, f"{label}: a plugin's tag, shown not evaluated")
            raw = session.marks.unmark(_raw_of(self.token) or str(self))
            markup = block_placeholder(label, self.expression, self.inner(context),
                                       "a plugin's tag, not evaluated")
            buffer.write(session.marks.add(markup, raw))
            return 1

    class UnknownBlockTag(_BlockTag):
        name = tag_name
        end = f"end{tag_name}"
        node_class = Unknown

    class UnknownInlineTag(_SimpleTag):
        name = tag_name
        node_class = _ShownNode

    return UnknownBlockTag if is_block else UnknownInlineTag


@functools.cache
def _jekyll_tags() -> tuple[type[Tag], ...]:
    return (
        _simple_tag("include", _IncludeNode),
        _simple_tag("include_cached", _IncludeNode),  # jekyll-include-cache: the same output
        _simple_tag("include_relative", _IncludeRelativeNode),
        _simple_tag("post_url", _PostUrlNode),
        _simple_tag("link", _PostUrlNode),
        _simple_tag("gist", _CardNode),
        _simple_tag("youtube", _CardNode),
        _HighlightTag,
    )


# --- Jekyll's filters --------------------------------------------------------------------------


def _as_date(value: Any) -> dt.datetime | None:
    from blogdesk.core.post import parse_date

    if value == "now":
        return dt.datetime.now().astimezone()
    return parse_date(value)


def _date_to_string(value: Any, kind: str = "", style: str = "") -> str:
    """Jekyll's short date: ``07 Nov 2008``, or ``Nov 7, 2008`` in the US style."""
    date = _as_date(value)
    if date is None:
        return str(value)
    if style == "US":
        return f"{date.strftime('%b')} {date.day}, {date.year}"
    return f"{date.day:02d} {date.strftime('%b')} {date.year}"


def _date_to_long_string(value: Any, kind: str = "", style: str = "") -> str:
    date = _as_date(value)
    if date is None:
        return str(value)
    if style == "US":
        return f"{date.strftime('%B')} {date.day}, {date.year}"
    return f"{date.day:02d} {date.strftime('%B')} {date.year}"


def _date_to_xmlschema(value: Any) -> str:
    date = _as_date(value)
    return date.isoformat() if date is not None else str(value)


def _slugify(value: Any, mode: str = "default") -> str:
    from blogdesk.core.post import slugify

    return slugify(str(value))


def _jsonify(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def _array_to_sentence(value: Any, connector: str = "and") -> str:
    items = [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
    if len(items) <= 2:
        return f" {connector} ".join(items)
    return ", ".join(items[:-1]) + f", {connector} " + items[-1]


def _relative_url(session: _Session, value: Any) -> str:
    path = str(value or "")
    base = session.context.site.baseurl.rstrip("/")
    if re.match(r"^[a-z][a-z0-9+.-]*:", path):
        return path
    return f"{base}/{path.lstrip('/')}" if base or path.startswith("/") else f"/{path}"


def _absolute_url(session: _Session, value: Any) -> str:
    path = str(value or "")
    if re.match(r"^[a-z][a-z0-9+.-]*:", path):
        return path
    return session.context.site.url.rstrip("/") + _relative_url(session, path)


_FILTERS: dict[str, Any] = {
    "relative_url": _relative_url,
    "absolute_url": _absolute_url,
    "date_to_string": _date_to_string,
    "date_to_long_string": _date_to_long_string,
    "date_to_xmlschema": _date_to_xmlschema,
    "date_to_rfc822": lambda v: (_as_date(v) or dt.datetime.now()).strftime(
        "%a, %d %b %Y %H:%M:%S %z"),
    "xml_escape": lambda v: "" if v is None else html.escape(str(v)),
    "cgi_escape": lambda v: urllib.parse.quote_plus(str(v)),
    "uri_escape": lambda v: urllib.parse.quote(str(v), safe="/:?&=#[]@!$'()*+,;%"),
    "slugify": _slugify,
    "jsonify": _jsonify,
    "number_of_words": lambda v: len(str(v).split()),
    "array_to_sentence_string": _array_to_sentence,
    "normalize_whitespace": lambda v: " ".join(str(v).split()),
    "markdownify": lambda v: str(v),  # the body is Markdown already: rendered with it
    "smartify": lambda v: str(v),
    "inspect": lambda v: repr(v),
}
_SITE_FILTERS = ("relative_url", "absolute_url")


def _bind_site(function: Any, session: _Session) -> Any:
    def bound(value: Any) -> Any:
        return function(session, value)

    return bound
