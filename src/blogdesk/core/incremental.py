"""Incremental Markdown rendering: after an edit, re-render only the top-level blocks it touched.

The result always equals :func:`blogdesk.core.render.render` on the whole body, byte for byte
(a property test checks it after every edit of random edit sequences). It gets there by modelling
where Python-Markdown itself splits a document, and rendering each piece with the whole
document's context.

Splitting. The body is cut at blank lines into *chunks* that Python-Markdown handles
independently:

- a chunk starts at a line that cannot continue the block above it: not indented, not a list
  item or quote, not a reference, footnote or abbreviation definition (those make no element, so
  what follows them sees the block above); a paragraph with a definition-list line (``: ...``)
  also takes the paragraph above it as its term and joins a definition list above that, so it
  joins two chunks back;
- fenced code is paired over the whole document exactly as the fenced-code preprocessor pairs it
  (a half-typed fence re-pairs every fence below it), and no chunk boundary falls inside a fence;
- raw HTML: Python-Markdown's own HTML extractor runs on each chunk, noting when it searched
  past the chunk for the end of something (a tag or quoted attribute value, a comment, an end
  tag, a declaration) or stopped inside a raw block or a script; such a chunk is joined with
  the next one (then two, four...) until the extractor resolves it on its own.

Context. Reference links, abbreviations and footnotes are defined anywhere and used anywhere.
Definitions are collected per chunk (by Python-Markdown's own block parser; definitions inside a
footnote's text count after the body, as the footnote list is parsed last) and merged in
document order. Each chunk is rendered with the merged definitions injected, and the lookups it
made are recorded: reference ids found or missing, footnote numbers, the abbreviations whose
text it contains. Its cached HTML is reused while those lookups give the same answers.

Whole-document numbering. Heading ids (de-duplicated in document order, skipping explicit
``{#ids}`` anywhere) and footnote back-reference ids (``fnref2:x`` follows Python-Markdown's
breadth-first inline order) are placeholders in a chunk's HTML, filled in for the whole document
on every update. The footnote list is rendered as one more block at the end.

Sanitizing. Each block is sanitized on its own. A block whose raw HTML leaves something open (so
that sanitizing the whole document would change what follows it: an unclosed ``<b>``, ``<p>``,
``<table>``) is sanitized together with the blocks after it until the result composes.

Re-planning. After an edit, chunks are re-planned from the chunk before the first changed one
until the plan is in step with the previous plan again (same text, same fence pairing), so a
keystroke costs the changed chunk's rendering plus work proportional to the number of chunks,
done in C where possible.

Full render (``full=True``, with ``reason``) for what is not modelled: a ``[TOC]`` marker, the
footnotes place marker, a footnote defined inside a footnote, raw HTML or fenced code inside a
footnote's text, abbreviations that could match Python-Markdown's placeholders (digits only and
the like), and what makes the HTML extractor stop early (a malformed ``&#``, an unfinished
``<?``): it then goes on with line offsets that depend on the whole document.

Slower but still exact, by joining chunks: loose lists, quotes and indented code spanning blank
lines, raw HTML blocks spanning blank lines, what the HTML extractor reads across paragraphs (an
unclosed comment, or ``x<y`` in prose, which it takes for a tag running to the next ``>``), a
fence opener with ``hl_lines`` (the rest of the document is one chunk).

One renderer per document and thread: it keeps caches and a Markdown instance.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
import secrets
import xml.etree.ElementTree as etree
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any, Generic, TypeVar

from blogdesk.core.render import (
    Heading,
    RenderOptions,
    new_markdown,
    outline_of,
    render,
    sanitize,
    slug_of_heading,
    unique_id,
)

__all__ = ["Block", "IncrementalRenderer", "IncrementalResult"]


@dataclass(frozen=True)
class Block:
    """One top-level run of the body HTML: ``nodes`` top-level DOM nodes, never wrapped.

    ``nodes`` counts top-level elements plus top-level text runs that are not blank (those come
    only from raw HTML); a preview can map blocks to the container's child nodes with it.
    """

    key: str  # digest of html: equal keys, equal HTML
    html: str
    nodes: int


@dataclass(frozen=True)
class IncrementalResult:
    """The body HTML, its outline and its blocks, with what changed since the previous result.

    To patch a page showing the previous result: its blocks ``[start, start + removed)`` (their
    ``nodes`` top-level nodes) become this result's blocks ``[start, start + inserted)``, where
    ``(start, removed, inserted) = splice``; blocks before and after are unchanged. ``changed``
    lists the new blocks to write (within the splice, those that differ from the old block at
    the same position when the count is the same). After ``full=True``, reload the page.
    """

    html: str  # equals render(body, options).html
    outline: tuple[Heading, ...]  # equals render(body, options).outline
    blocks: tuple[Block, ...]  # "".join(b.html for b in blocks) == html
    changed: tuple[int, ...]  # indexes into blocks that differ from the previous result
    full: bool  # True when this update fell back to a full render
    splice: tuple[int, int, int] = (0, 0, 0)  # (start, removed, inserted), see above
    reason: str = ""  # why it fell back, "" when it did not


# --- text layout ---------------------------------------------------------------------------------

_STX, _ETX = "\x02", "\x03"
_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n)+")
_FENCE_CANDIDATE = re.compile(r"\n(?=```|~~~)")
_DEF_LIST_LINE = re.compile(r"\n[ \t]*:[ \t]")
_TOC_MARKER = "[TOC]"
_FOOTNOTE_MARKER = "///Footnotes Go Here///"


def _normalize(body: str) -> str:
    """The line-independent part of Python-Markdown's whitespace normalization."""
    if _STX in body:
        body = body.replace(_STX, "")
    if _ETX in body:
        body = body.replace(_ETX, "")
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    return body


_NOT_FRESH = re.compile(r"[ \t>:]|(?:[*+-]|\d+\.)[ \t]")


def _segments(text: str, pos: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph from pos on; end is where its trailing blank lines begin."""
    length = len(text)
    for match in _BLANK_RUN.finditer(text, pos):
        yield pos, match.start()
        pos = match.end()
        if pos >= length:
            return
    yield pos, length


_FRESH, _ATTACHES, _REACHES_BACK = 0, 1, 2


def _attachment(text: str, start: int, end: int) -> int:
    """Whether the paragraph text[start:end] attaches to the elements above it.

    _FRESH: it cannot. _ATTACHES: Python-Markdown's block processors look at the previous
    sibling for indented blocks (code, list continuations), list items (one list), quotes (one
    quote); definitions create no element, so what follows one sees the previous sibling too.
    _REACHES_BACK: a definition-list line makes the paragraph above it the term (removing it)
    and then joins a definition list above that paragraph.
    """
    if _DEF_LIST_LINE.search(text, start - 1, end) is not None:
        return _REACHES_BACK
    if _NOT_FRESH.match(text, start):
        return _ATTACHES
    if text[start].isspace() and not text[start:end].strip():
        return _ATTACHES  # a paragraph of odd whitespace makes no element
    if text.startswith(("[", "*["), start) and (
        text.find("]:", start, end) >= 0 or text.find("] :", start, end) >= 0
    ):
        return _ATTACHES
    return _FRESH


_COMPLEX = "complex"


@lru_cache(maxsize=512)
def _fence_opener(line: str) -> str | None:
    """The fence of a line that opens fenced code, None if it does not, _COMPLEX if unsure."""
    from markdown.extensions.attr_list import get_attrs_and_remainder
    from markdown.extensions.fenced_code import FencedBlockPreprocessor

    if "hl_lines" in line:  # its quoted value may run over several lines
        return _COMPLEX
    char = line[0]
    fence = line[: len(line) - len(line.lstrip(char))]
    match = FencedBlockPreprocessor.FENCED_BLOCK_RE.match(f"{line}\n{fence}\n")
    if not match:
        return None
    if match.group("attrs"):
        _attrs, remainder = get_attrs_and_remainder(match.group("attrs"))
        if remainder:  # the preprocessor skips such an opener
            return None
    return fence


def _fence_regions(text: str) -> tuple[list[tuple[int, int]], int | None]:
    """Fenced code blocks as (start, end of closing line), paired like the preprocessor does.

    Also returns the offset of a fence opener this model does not handle, if any.
    """
    starts = [m.start() + 1 for m in _FENCE_CANDIDATE.finditer(text)]
    if text.startswith(("```", "~~~")):
        starts.insert(0, 0)
    lines = []
    for start in starts:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        lines.append((start, end, text[start:end].expandtabs(4)))
    regions: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        start, _end, line = lines[i]
        fence = _fence_opener(line)
        if fence == _COMPLEX:
            return regions, start
        i += 1
        if fence is None:
            continue
        for j in range(i, len(lines)):
            if lines[j][2].rstrip(" ") == fence:
                regions.append((start, lines[j][1]))
                i = j + 1
                break
    return regions, None


def _without_fences(text: str, offset: int, regions: list[tuple[int, int]]) -> str:
    """A chunk as the HTML extractor sees it: fenced code replaced by a placeholder line."""
    parts, pos = [], offset
    for start, end in regions:
        if end <= offset or start >= offset + len(text):
            continue
        parts.append(text[pos - offset : start - offset])
        parts.append(f"\n{_STX}wzxhzdk:0{_ETX}\n")
        pos = end
    parts.append(text[pos - offset :])
    return "".join(parts)


# --- raw HTML locality ---------------------------------------------------------------------------

_CLEAN, _OPEN, _BROKEN = "clean", "open", "broken"


_SPACES = re.compile(r"\s*")


def _quotes_close(text: str, start: int, end: int) -> bool:
    """True when each quoted attribute value whose ``=`` is in text[start:end] closes in text.

    A quoted value runs to the next such quote: if there is one in the chunk, that is where it
    ends in the whole document too.
    """
    pos = text.find("=", start, end)
    while pos >= 0:
        spaces = _SPACES.match(text, pos + 1)
        value = spaces.end() if spaces else pos + 1
        quote = text[value : value + 1]
        if quote in ("'", '"') and text.find(quote, value + 1) < 0:
            return False
        pos = text.find("=", pos + 1, end)
    return True


@lru_cache(maxsize=1)
def _probe_class() -> type:
    """Python-Markdown's HTML extractor, noting when it looked past the text it was given.

    The extractor (an ``html.parser`` subclass) searches forward for the end of a start tag, a
    comment, an end tag or a declaration; when that end is not in the chunk, the whole
    document may resolve the construct differently, further down.
    """
    import markdown.htmlparser
    from markdown.htmlparser import HTMLExtractor

    module: Any = markdown.htmlparser
    tag_end = module.htmlparser.locatestarttagend_tolerant  # the extractor's patched copy
    comment_close = module.commentclose

    class ProbeExtractor(HTMLExtractor):  # type: ignore[misc]
        unresolved = False

        def check_for_whole_start_tag(self, i: int) -> int:
            rawdata = self.rawdata
            match = tag_end.match(rawdata, i)
            end = match.end() if match else i
            if end + 1 >= len(rawdata) or not _quotes_close(rawdata, i, end + 1):
                self.unresolved = True
            return int(super().check_for_whole_start_tag(i))

        def parse_comment(self, i: int, report: bool = True) -> int:
            if comment_close.search(self.rawdata, i + 4) is None:
                self.unresolved = True
            return int(super().parse_comment(i, report))

        def parse_endtag(self, i: int) -> int:
            rawdata = self.rawdata
            if rawdata[i + 2 : i + 3].isalpha() and rawdata.find(">", i + 1) < 0:
                self.unresolved = True
            return int(super().parse_endtag(i))

        def parse_html_declaration(self, i: int) -> int:
            if self.at_line_start() or self.intail:  # <!DOCTYPE ...>, <![CDATA[ ...
                self.unresolved = True
            return int(super().parse_html_declaration(i))

        def parse_pi(self, i: int) -> int:
            if self.at_line_start() or self.intail:  # <?php ... ?>
                self.unresolved = True
            return int(super().parse_pi(i))

    return ProbeExtractor


class _StashShim:
    """The two things the HTML extractor needs from a Markdown instance."""

    def __init__(self, is_block_level: Callable[[Any], bool]) -> None:
        from markdown.util import HtmlStash

        self.htmlStash = HtmlStash()
        self.is_block_level = is_block_level


def _extractor_state(chunk: str, is_block_level: Callable[[Any], bool]) -> str:
    """_CLEAN when the HTML extractor handles the chunk on its own and ends outside raw HTML.

    _OPEN when it ends inside a raw block, a script, a tag or a comment, or when it looked for
    the end of something past the chunk: the chunk must be joined with the next one.
    """
    source = re.sub(r"(?<=\n) +\n", "\n", (chunk + "\n\n").expandtabs(4))
    parser: Any = _probe_class()(_StashShim(is_block_level))
    parser.feed(source)
    if parser.rawdata and parser.cdata_elem is None:
        # It stopped early (a malformed "&#", an unfinished "<?" or "<!"): the extractor then
        # goes on with line offsets into data it has dropped, so what follows depends on
        # where in the whole document that happened.
        return _BROKEN
    clean = not (
        parser.unresolved
        or parser.rawdata
        or parser.inraw
        or parser.intail
        or parser.stack
        or parser._cache
        or parser.cdata_elem is not None
    )
    parser.close()
    return _CLEAN if clean else _OPEN


# --- caches --------------------------------------------------------------------------------------

K = TypeVar("K")
V = TypeVar("V")


class _Cache(Generic[K, V]):
    """A dict that forgets entries unused for a while (two generations, swept every few renders)."""

    def __init__(self) -> None:
        self._new: dict[K, V] = {}
        self._old: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        value = self._new.get(key)
        if value is None:
            value = self._old.get(key)
            if value is not None:
                self._new[key] = value
        return value

    def put(self, key: K, value: V) -> V:
        self._new[key] = value
        return value

    def sweep(self) -> None:
        self._old, self._new = self._new, {}


# --- the Markdown engine -------------------------------------------------------------------------

_HEADING_TAG = re.compile(r"^h[1-6]$")


@dataclass(frozen=True)
class _Definitions:
    """What one chunk defines, as Python-Markdown's block parser found it."""

    refs: tuple[tuple[str, tuple[str, str | None]], ...] = ()
    abbr_ops: tuple[tuple[str, str | None], ...] = ()  # (abbr, title), title None: removed
    footnotes: tuple[tuple[str, str], ...] = ()


@dataclass
class _Context:
    """The document-wide definitions a chunk is rendered with."""

    refs: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    abbrs: dict[str, str] = field(default_factory=dict)
    footnotes: dict[str, str] = field(default_factory=dict)  # label -> text, definition order
    numbers: dict[str, int] = field(default_factory=dict)  # label -> footnote number

    def same_lookups(self, other: _Context) -> bool:
        return (
            self.refs == other.refs and self.abbrs == other.abbrs and self.numbers == other.numbers
        )


@dataclass
class _Raw:
    """A chunk (or the footnote list) rendered with placeholders for document-wide ids."""

    html: str
    headings: tuple[tuple[str, str], ...]  # (placeholder id, id stem: the heading's slug)
    explicit_ids: frozenset[str]
    events: tuple[tuple[str, str, int, int], ...]  # footnote refs: (placeholder, label, gen, seq)
    ref_deps: tuple[tuple[str, object], ...]
    fn_deps: tuple[tuple[str, int | None], ...]
    abbrs: tuple[tuple[str, str], ...]
    raw_html: bool  # the source may carry raw HTML: check that sanitizing composes
    version: int = -1  # the context version it was last found valid for


@dataclass
class _Recording:
    """What the hooks record during one conversion."""

    mode: str  # "defs" | "chunk" | "footnotes"
    ctx: _Context
    abbrs: tuple[tuple[str, str], ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    track_generations: bool = False
    ref_deps: dict[str, object] = field(default_factory=dict)
    fn_deps: dict[str, int | None] = field(default_factory=dict)
    events: list[tuple[str, str, Any]] = field(default_factory=list)
    generations: list[tuple[str, str, int, int]] = field(default_factory=list)
    headings: list[tuple[str, str]] = field(default_factory=list)
    explicit_ids: frozenset[str] = frozenset()
    depth: dict[int, int] = field(default_factory=dict)  # id(block element) -> depth
    keep: list[Any] = field(default_factory=list)  # those elements, so their ids stay theirs


class _RecordingRefs(dict):  # type: ignore[type-arg]
    """``Markdown.references`` that notes every id the inline patterns look up."""

    def __init__(self, refs: dict[str, Any], log: dict[str, object]) -> None:
        super().__init__(refs)
        self.log = log

    def __contains__(self, key: object) -> bool:
        found = dict.__contains__(self, key)
        self.log[str(key)] = dict.__getitem__(self, key) if found else None
        return found

    def __getitem__(self, key: str) -> Any:
        value = dict.__getitem__(self, key)
        self.log[key] = value
        return value


class _AbbrLog(dict):  # type: ignore[type-arg]
    """The abbreviation table, logging definitions and removals in order."""

    def __init__(self) -> None:
        super().__init__()
        self.ops: list[tuple[str, str | None]] = []

    def __setitem__(self, key: str, value: str) -> None:
        self.ops.append((key, value))
        super().__setitem__(key, value)

    def pop(self, key: str, *default: Any) -> Any:
        self.ops.append((key, None))
        return super().pop(key, *default)

    def clear(self) -> None:
        self.ops.clear()
        super().clear()


class _Hook:
    """A tree processor that calls a function."""

    def __init__(self, run: Callable[[Any], None]) -> None:
        self.run = run


class _Engine:
    """A Markdown converter configured like render(), with hooks that record dependencies."""

    def __init__(self, options: RenderOptions) -> None:
        from markdown.extensions.abbr import AbbrExtension
        from markdown.extensions.footnotes import FootnoteExtension

        md: Any = new_markdown(options)
        self.md = md
        self.token = "bdx" + secrets.token_hex(5)
        extensions = md.registeredExtensions
        self.footnotes: Any = next(e for e in extensions if isinstance(e, FootnoteExtension))
        abbr: Any = next(e for e in extensions if isinstance(e, AbbrExtension))
        self.abbrs = _AbbrLog()
        abbr.abbrs = self.abbrs
        md.treeprocessors["abbr"].abbrs = self.abbrs
        md.parser.blockprocessors["abbr"].abbrs = self.abbrs
        self.rec = _Recording("chunk", _Context())
        # new processors at priorities of their own, so the others keep their order
        md.treeprocessors.register(_Hook(self._inject), "blogdesk_inject", 1000)
        md.treeprocessors.register(_Hook(self._snapshot), "blogdesk_snapshot", 21)
        md.treeprocessors.register(_Hook(self._generations), "blogdesk_generations", 19)
        # existing processors are patched in place: re-registering would reorder equal priorities
        md.treeprocessors["blogdesk_heading_ids"].run = self._headings
        footnote_div = md.treeprocessors["footnote"]
        make_div = footnote_div.run
        footnote_div.run = lambda root: make_div(root) if self.rec.mode == "footnotes" else None
        reference = md.inlinePatterns["footnote"]
        reference.handleMatch = self._footnote_ref(reference.handleMatch)
        import markdown.serializers

        serializers: Any = markdown.serializers  # the serializer's attribute escaping is private
        self._escape_attr: Callable[[str], str] = serializers._escape_attrib_html

    # -- conversions

    def definitions(self, text: str) -> _Definitions:
        """What a chunk defines (references, abbreviations, footnotes), by parsing its blocks."""
        self._parse(text, _Recording("defs", _Context()))
        return self._found()

    def note_definitions(self, text: str) -> _Definitions:
        """What a footnote's text defines: the footnote list parses it after the body."""
        self._start(_Recording("defs", _Context()))
        self.md.parser.parseChunk(etree.Element("div"), text)
        return self._found()

    def _found(self) -> _Definitions:
        return _Definitions(
            refs=tuple(self.md.references.items()),
            abbr_ops=tuple(self.abbrs.ops),
            footnotes=tuple(self.footnotes.footnotes.items()),
        )

    def chunk(self, text: str, ctx: _Context, abbrs: tuple[tuple[str, str], ...]) -> _Raw:
        """A chunk's HTML in the document's context, with what it depended on."""
        rec = _Recording("chunk", ctx, abbrs=abbrs, track_generations="[^" in text)
        root = self._parse(text, rec)
        html = self._finish(root)
        return self._raw(html, rec, raw_html="<" in text)

    def footnote_list(
        self, ctx: _Context, abbrs: tuple[tuple[str, str], ...], counts: dict[str, int]
    ) -> _Raw:
        """The footnote list Python-Markdown appends to the document, as one more block."""
        rec = _Recording("footnotes", ctx, abbrs=abbrs, counts=counts, track_generations=True)
        self._start(rec)
        root = etree.Element(self.md.doc_tag)
        html = self._finish(root)
        raw_html = any("<" in text for text in ctx.footnotes.values())
        return self._raw(html, rec, raw_html=raw_html)

    def _start(self, rec: _Recording) -> None:
        self.md.reset()
        self.md.references = {}
        self.rec = rec

    def _parse(self, text: str, rec: _Recording) -> Any:
        self._start(rec)
        md = self.md
        lines = text.split("\n")
        for prep in md.preprocessors:
            lines = prep.run(lines)
        return md.parser.parseDocument(lines).getroot()

    def _finish(self, root: Any) -> str:
        """Tree processors, serializer and postprocessors, as Markdown.convert runs them."""
        md = self.md
        for processor in md.treeprocessors:
            new_root = processor.run(root)
            if new_root is not None:
                root = new_root
        root.text = None  # the document's leading newline; Markdown.convert strips it
        output = md.serializer(root)
        tag = md.doc_tag
        start = output.find(f"<{tag}>")
        end = output.rfind(f"</{tag}>")
        output = output[start + len(tag) + 2 : end] if start >= 0 and end >= 0 else ""
        for processor in md.postprocessors:
            output = processor.run(output)
        return str(output)

    def _raw(self, html: str, rec: _Recording, raw_html: bool) -> _Raw:
        return _Raw(
            html=html,
            headings=tuple(rec.headings),
            explicit_ids=rec.explicit_ids,
            events=tuple(rec.generations),
            ref_deps=tuple(rec.ref_deps.items()),
            fn_deps=tuple(rec.fn_deps.items()),
            abbrs=rec.abbrs,
            raw_html=raw_html,
        )

    # -- hooks

    def _inject(self, root: Any) -> None:
        """Before the tree processors: swap the chunk's own definitions for the document's."""
        rec = self.rec
        ctx = rec.ctx
        self.md.references = _RecordingRefs(ctx.refs, rec.ref_deps)
        dict.clear(self.abbrs)
        dict.update(self.abbrs, rec.abbrs)
        self.footnotes.footnotes = OrderedDict(ctx.footnotes)
        if rec.mode == "footnotes":
            self.footnotes.found_refs = {f"fnref:{k}": n for k, n in rec.counts.items()}

    def _footnote_ref(self, handle: Callable[..., Any]) -> Callable[..., Any]:
        """Wrap the footnote reference pattern: record the lookup, give the ref a placeholder id."""

        def handle_match(match: re.Match[str], data: str) -> Any:
            rec = self.rec
            label = match.group(1)
            element, start, end = handle(match, data)
            rec.fn_deps[label] = rec.ctx.numbers.get(label)
            if element is not None:
                placeholder = f"fnref{self.token}n{len(rec.events)}"
                element.set("id", placeholder)
                rec.events.append((placeholder, label, element))
            return element, start, end

        return handle_match

    def _snapshot(self, root: Any) -> None:
        """Before inline processing: the block elements and their depths."""
        rec = self.rec
        if not rec.track_generations:
            return
        stack = [(root, 0)]
        while stack:
            element, depth = stack.pop()
            rec.depth[id(element)] = depth
            rec.keep.append(element)
            stack.extend((child, depth + 1) for child in element)

    def _generations(self, root: Any) -> None:
        """After inline processing: in which breadth-first round each footnote ref was made.

        The inline processor walks the tree breadth first, handling the text and tails of an
        element's children in one round; a ref in a child's text comes from the round of the
        child's parent, a ref in a tail from the round of the element holding it.
        """
        rec = self.rec
        if not rec.events:
            return
        parents = {child: parent for parent in root.iter() for child in parent}
        for seq, (placeholder, label, element) in enumerate(rec.events):
            top, block = element, parents.get(element)
            while block is not None and id(block) not in rec.depth:
                top, block = block, parents.get(block)
            if block is None:  # pragma: no cover - a ref always sits under a block element
                gen = 0
            else:
                siblings = list(block)
                index = siblings.index(top)
                in_tail = any(id(s) in rec.depth for s in siblings[:index])
                gen = rec.depth[id(block)] - (0 if in_tail else 1)
            rec.generations.append((placeholder, label, gen, seq))

    def _headings(self, root: Any) -> None:
        """Heading ids as render.py's processor makes them, but placeholders and slugs for now."""
        from markdown.extensions.toc import remove_fnrefs, render_inner_html, strip_tags

        rec = self.rec
        ids = {el.attrib["id"] for el in root.iter() if "id" in el.attrib}
        rec.explicit_ids = frozenset(i for i in ids if self.token not in i)
        for el in root.iter():
            if isinstance(el.tag, str) and _HEADING_TAG.match(el.tag) and "id" not in el.attrib:
                name = strip_tags(render_inner_html(remove_fnrefs(el), self.md))
                placeholder = f"{self.token}h{len(rec.headings)}"
                el.attrib["id"] = placeholder
                rec.headings.append((placeholder, slug_of_heading(html_lib.unescape(name))))

    def fill(self, html: str, ids: dict[str, str]) -> str:
        """Replace placeholder ids with the document's ids."""
        if not ids:
            return html
        for placeholder, value in ids.items():
            html = html.replace(f'id="{placeholder}"', f'id="{self._escape_attr(value)}"', 1)
        return html


# --- sanitizing and blocks -----------------------------------------------------------------------

_PROBE = "@\u2063<b>@</b><p>@</p>@"
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip


@dataclass(frozen=True)
class _Sanitized:
    html: str
    composes: bool  # sanitizing it then what follows equals sanitizing both together


# Sanitized HTML is serialized by html5ever: text escapes "<", attribute values are quoted,
# comments and raw-text elements are gone; so a tag is "<", a name, quoted attributes, ">".
_TAG = re.compile(r'<(/?)([a-zA-Z][^\s/>]*)(?:[^>"]|"[^"]*")*>')


def _count_nodes(html: str) -> int:
    """Top-level nodes of sanitized HTML: elements, and non-blank text between them."""
    nodes = depth = pos = 0
    for match in _TAG.finditer(html):
        if depth == 0 and html[pos : match.start()].strip():
            nodes += 1
        if match.group(1):
            depth = max(depth - 1, 0)
        else:
            nodes += depth == 0
            if match.group(2).lower() not in _VOID and not match.group(0).endswith("/>"):
                depth += 1
        pos = match.end()
    if depth == 0 and html[pos:].strip():
        nodes += 1
    return nodes


def _block_of(html: str) -> Block:
    key = hashlib.blake2b(html.encode(), digest_size=8).hexdigest()
    return Block(key=key, html=html, nodes=_count_nodes(html))


def _footnote_ref_ids(pieces: list[_Raw]) -> dict[tuple[int, str], str]:
    """The id of each footnote reference: ``fnref:x``, then ``fnref2:x``... in inline order.

    Python-Markdown's inline processor walks the document breadth first, so the order is by
    round, then by chunk, then by position within the chunk's round.
    """
    by_label: dict[str, list[tuple[int, int, int, str]]] = {}
    for index, raw in enumerate(pieces):
        for placeholder, label, gen, seq in raw.events:
            by_label.setdefault(label, []).append((gen, index, seq, placeholder))
    ids: dict[tuple[int, str], str] = {}
    for label, refs in by_label.items():
        if len(refs) > 1:
            refs.sort()
        for n, (_gen, index, _seq, placeholder) in enumerate(refs, start=1):
            ids[index, placeholder] = f"fnref:{label}" if n == 1 else f"fnref{n}:{label}"
    return ids


def _strip_ends(finals: list[str]) -> list[str]:
    """Markdown.convert strips the document: trim the first and last non-blank pieces."""
    out = list(finals)
    for i in range(len(out)):
        out[i] = out[i].lstrip()
        if out[i]:
            break
    for i in range(len(out) - 1, -1, -1):
        out[i] = out[i].rstrip()
        if out[i]:
            break
    return out


# --- context -------------------------------------------------------------------------------------

# Characters of Python-Markdown's placeholders (html stash, entities, footnote back-links):
# an abbreviation made only of these could match inside one, differently per chunk.
_PLACEHOLDER_CHARS = set("wzxhdkqlamp:;#&0123456789")


class _Unmodelled(Exception):
    """Raised while planning when the document uses something this module does not model."""


def _apply_abbrs(abbrs: dict[str, str], ops: tuple[tuple[str, str | None], ...]) -> None:
    for abbr, title in ops:
        if title is None:
            abbrs.pop(abbr, None)
        else:
            abbrs[abbr] = title


def _abbrs_in(abbrs: dict[str, str], text: str) -> tuple[tuple[str, str], ...]:
    """The abbreviations that can occur in a chunk: their text is in its source.

    An abbreviation with whitespace could match across a line break whose markup (a quote
    marker, an indent) was removed, so those count everywhere.
    """
    if not abbrs:
        return ()
    return tuple(
        (abbr, title)
        for abbr, title in abbrs.items()
        if abbr in text or any(ch.isspace() for ch in abbr)
    )


def _still_valid(raw: _Raw, ctx: _Context, abbrs: tuple[tuple[str, str], ...]) -> bool:
    """True when every lookup the rendering made gives the same answer in this context."""
    if raw.abbrs != abbrs:
        return False
    refs = ctx.refs
    if any(refs.get(key) != value for key, value in raw.ref_deps):
        return False
    numbers = ctx.numbers
    return all(numbers.get(label) == number for label, number in raw.fn_deps)


def _find_all(text: str, needle: str) -> list[int]:
    found, pos = [], text.find(needle)
    while pos >= 0:
        found.append(pos)
        pos = text.find(needle, pos + 1)
    return found


# --- re-planning after an edit -------------------------------------------------------------------


@dataclass
class _Layout:
    """The previous plan: text, chunk boundaries (0 ... len), chunk texts, fence regions."""

    text: str
    bounds: list[int]
    texts: list[str]
    regions: list[tuple[int, int]]

    def window(
        self, text: str, regions: list[tuple[int, int]], complex_at: int | None
    ) -> tuple[int, int, dict[int, int]]:
        """Where to re-plan from, how many old boundaries to keep, and where it may resume.

        Re-planning starts one chunk before the first changed chunk (the changed chunk's first
        boundary may no longer hold) and may stop at an old boundary after the edit once the
        fence regions from there on are the old ones, shifted.
        """
        bounds, texts = self.bounds, self.texts
        count = len(texts)
        first = 0
        while first < count and text.startswith(texts[first], bounds[first]):
            first += 1
        delta = len(text) - len(self.text)
        last = count  # old chunks last.. are unchanged, shifted by delta
        while (
            last > first
            and bounds[last - 1] + delta >= bounds[first]
            and text.startswith(texts[last - 1], bounds[last - 1] + delta)
        ):
            last -= 1
        keep = max(first - 1, 0)
        start = bounds[keep]
        before_old = self.regions[: bisect_right(self.regions, (start, -1))]
        before_new = regions[: bisect_right(regions, (start, -1))]
        if before_old != before_new or (complex_at is not None and complex_at < start):
            return 0, 0, {}  # an edit re-paired fences above it: plan it all
        resume_from = _regions_agree_from(self.regions, regions, delta)
        edit_end = bounds[last] + delta if last < count else len(text)
        floor = max(resume_from, edit_end, start + 1)
        # old boundary 0 was never checked against what follows it (a definition line below
        # cannot take anything above the document's start), so it is no place to resume
        resync = {
            b + delta: index
            for index, b in enumerate(bounds[last:count], start=last)
            if b + delta >= floor and index > 0
        }
        return start, keep, resync


def _regions_agree_from(old: list[tuple[int, int]], new: list[tuple[int, int]], delta: int) -> int:
    """The first offset (in the new text) after which the fence regions are the old, shifted."""
    i, j = len(old) - 1, len(new) - 1
    while i >= 0 and j >= 0 and (old[i][0] + delta, old[i][1] + delta) == new[j]:
        i, j = i - 1, j - 1
    ends = []
    if i >= 0:
        ends.append(old[i][1] + delta + 1)
    if j >= 0:
        ends.append(new[j][1] + 1)
    return max(ends, default=0)


# --- the renderer --------------------------------------------------------------------------------

_DEFAULT_OPTIONS = RenderOptions()


class IncrementalRenderer:
    """Renders successive versions of one body, reusing the blocks an edit did not touch."""

    SWEEP_EVERY = 16  # caches forget what the last 16 to 32 renders did not use

    def __init__(self, options: RenderOptions = _DEFAULT_OPTIONS) -> None:
        self.options = options
        self._engine: _Engine | None = None
        self._html: _Cache[str, str] = _Cache()
        self._defs: _Cache[str, _Definitions] = _Cache()
        self._note_defs: _Cache[str, _Definitions] = _Cache()
        self._raws: _Cache[str, _Raw] = _Cache()
        self._filled: _Cache[tuple[str, tuple[str, ...]], str] = _Cache()
        self._cleaned: _Cache[str, tuple[_Sanitized, Block, tuple[Heading, ...]]] = _Cache()
        self._footnotes: tuple[object, _Raw] | None = None
        self._layout: _Layout | None = None
        self._ids_memo: tuple[list[_Raw], list[str]] = ([], [])
        self._ctx = _Context()
        self._version = 0
        self._previous: tuple[Block, ...] = ()
        self._renders = 0

    @property
    def engine(self) -> _Engine:
        if self._engine is None:
            self._engine = _Engine(self.options)
        return self._engine

    def render(self, body: str) -> IncrementalResult:
        """The rendering of ``body``: equal to render(body), fast after a small edit."""
        self._renders += 1
        if self._renders % self.SWEEP_EVERY == 0:
            for cache in (
                self._html, self._defs, self._note_defs, self._raws, self._filled, self._cleaned,
            ):  # fmt: skip
                cache.sweep()
        if not body.strip():  # Markdown.convert returns "" without looking further
            return self._result((), (), full=False)
        text = _normalize(body)
        reason = ""
        if _TOC_MARKER in text:
            reason = "a [TOC] marker"
        elif _FOOTNOTE_MARKER in text:
            reason = "the footnotes place marker"
        else:
            try:
                return self._incremental(text)
            except _Unmodelled as exc:
                reason = str(exc)
            except Exception as exc:  # a bug here must not cost the author the preview
                self._layout, self._ids_memo = None, ([], [])
                reason = f"internal error: {exc!r}"
        rendered = render(body, self.options)
        blocks = (_block_of(rendered.html),) if rendered.html else ()
        return self._result(blocks, rendered.outline, full=True, reason=reason)

    # -- planning

    def _incremental(self, text: str) -> IncrementalResult:
        bounds, texts = self._plan(text)
        ctx = self._context(text, bounds, texts)
        pieces = self._pieces(texts, ctx)
        if ctx.footnotes:
            pieces.append(self._footnote_list(ctx, pieces))
        return self._assemble(pieces, self._fill_ids(pieces))

    def _plan(self, text: str) -> tuple[list[int], list[str]]:
        """Chunk boundaries and texts: re-planned from just before the edit, until in step again.

        Planning depends on the text only, except fenced code (paired over the document): the
        old plan is reused where the fence regions around it are the same.
        """
        regions, complex_at = _fence_regions(text)
        layout = self._layout
        start, keep, resync = 0, 0, dict[int, int]()
        if layout is not None:
            start, keep, resync = layout.window(text, regions, complex_at)
        while True:
            window, resumed = self._plan_from(text, start, regions, complex_at, resync)
            if window is not None:
                break
            keep -= 1  # a definition list reached above the window
            start = layout.bounds[keep] if layout is not None else 0
        if layout is not None and keep:
            bounds = layout.bounds[:keep] + window
            texts = layout.texts[:keep]
        else:
            bounds, texts = window, []
        texts += [text[a:b] for a, b in pairwise(window)]
        if resumed is not None and layout is not None:
            delta = len(text) - len(layout.text)
            bounds += [b + delta for b in layout.bounds[resumed + 1 :]]
            texts += layout.texts[resumed:]
        self._layout = _Layout(text, bounds, texts, regions)
        return bounds, texts

    def _plan_from(
        self,
        text: str,
        pos: int,
        regions: list[tuple[int, int]],
        complex_at: int | None,
        resync: dict[int, int],
    ) -> tuple[list[int] | None, int | None]:
        """Chunk boundaries from pos (a boundary) to the end, or to the first resync point.

        Returns the boundaries and, when it stopped at a resync point, its old boundary index;
        or None when pos itself turns out not to be a boundary.
        """
        bounds = [pos]
        r = bisect_right(regions, (pos, len(text)))
        r = max(r - 1, 0)
        count = len(regions)
        chunk_start = pos
        opened = skip = 0
        segments = _segments(text, pos)
        next(segments)
        for start, end in segments:
            if complex_at is not None and start > complex_at:
                break  # the fence model cannot cut here: one chunk to the end
            attachment = _attachment(text, start, end)
            if attachment == _REACHES_BACK:
                # the chunk above may be the lone paragraph it takes: join it to the one above
                if len(bounds) == 1:
                    if pos:
                        return None, None  # that is above the window: start earlier
                else:
                    bounds.pop()
                    chunk_start = bounds[-1]
            if attachment != _FRESH:
                continue
            while r < count and regions[r][1] < start:
                r += 1
            if r < count and regions[r][0] < start:
                continue  # inside fenced code
            if text.find("<", chunk_start, start) >= 0 or text.find("&#", chunk_start, start) >= 0:
                if skip:
                    skip -= 1
                    continue
                if self._html_state(text[chunk_start:start], chunk_start, regions) == _OPEN:
                    # raw HTML still open: join the next chunk, then 2, 4... (a comment that
                    # never closes makes one chunk to the end without parsing it n times)
                    opened += 1
                    skip = 2 ** min(opened, 20) - 1
                    continue
            bounds.append(start)
            chunk_start = start
            opened = skip = 0
            if start in resync:
                return bounds, resync[start]
        bounds.append(len(text))
        return bounds, None

    def _html_state(self, chunk: str, start: int, regions: list[tuple[int, int]]) -> str:
        state = self._html.get(chunk)
        if state is None:
            visible = _without_fences(chunk, start, regions)
            state = _CLEAN
            if "<" in visible or "&#" in visible:  # a bad "&#" stops the extractor's loop
                state = _extractor_state(visible, self.engine.md.is_block_level)
            self._html.put(chunk, state)
        if state == _BROKEN:
            raise _Unmodelled("HTML that stops Python-Markdown's HTML extractor early")
        return state

    def _context(self, text: str, bounds: list[int], texts: list[str]) -> _Context:
        """Merge every chunk's definitions in document order, as one parse would."""
        refs: dict[str, tuple[str, str | None]] = {}
        abbrs: dict[str, str] = {}
        footnotes: dict[str, str] = {}
        hits = _find_all(text, "]:") + _find_all(text, "] :")
        for index in sorted({bisect_right(bounds, hit) - 1 for hit in hits}):
            chunk = texts[index]
            defs = self._defs.get(chunk)
            if defs is None:
                defs = self._defs.put(chunk, self.engine.definitions(chunk))
            refs.update(defs.refs)
            _apply_abbrs(abbrs, defs.abbr_ops)
            footnotes.update(defs.footnotes)
        for note in footnotes.values():
            if _STX in note:
                raise _Unmodelled("raw HTML or code inside a footnote")
            if "]:" in note or "] :" in note:
                # the footnote list is parsed after the body: its definitions come last
                defs = self._note_defs.get(note)
                if defs is None:
                    defs = self._note_defs.put(note, self.engine.note_definitions(note))
                if defs.footnotes:
                    raise _Unmodelled("a footnote defined inside a footnote")
                refs.update(defs.refs)
                _apply_abbrs(abbrs, defs.abbr_ops)
        for abbr in abbrs:
            if set(abbr) <= _PLACEHOLDER_CHARS:
                raise _Unmodelled(f"the abbreviation {abbr!r}")
        numbers = {label: n for n, label in enumerate(footnotes, start=1)}
        ctx = _Context(refs, abbrs, footnotes, numbers)
        if not ctx.same_lookups(self._ctx):
            self._version += 1  # cached chunks must show their lookups still hold
        self._ctx = ctx
        return ctx

    # -- rendering

    def _pieces(self, texts: list[str], ctx: _Context) -> list[_Raw]:
        version = self._version
        recent = self._raws._new  # the hot path: a plain dict lookup per chunk
        pieces = []
        for chunk in texts:
            raw = recent.get(chunk)
            if raw is None or raw.version != version:
                raw = self._piece(chunk, ctx)
            pieces.append(raw)
        return pieces

    def _piece(self, chunk: str, ctx: _Context) -> _Raw:
        raw = self._raws.get(chunk)
        if raw is not None and raw.version == self._version:
            return raw
        abbrs = _abbrs_in(ctx.abbrs, chunk)
        if raw is None or not _still_valid(raw, ctx, abbrs):
            raw = self._raws.put(chunk, self.engine.chunk(chunk, ctx, abbrs))
        raw.version = self._version
        return raw

    def _footnote_list(self, ctx: _Context, pieces: list[_Raw]) -> _Raw:
        counts: dict[str, int] = {}
        for raw in pieces:
            for _placeholder, label, _gen, _seq in raw.events:
                counts[label] = counts.get(label, 0) + 1
        abbrs = _abbrs_in(ctx.abbrs, "\n".join(ctx.footnotes.values()))
        key = (tuple(ctx.footnotes.items()), tuple(sorted(counts.items())), abbrs)
        if self._footnotes is not None:
            old_key, raw = self._footnotes
            if old_key == key and _still_valid(raw, ctx, abbrs):
                return raw
        raw = self.engine.footnote_list(ctx, abbrs, counts)
        self._footnotes = (key, raw)
        return raw

    def _fill_ids(self, pieces: list[_Raw]) -> list[str]:
        """Fill in document-wide heading ids and footnote back-reference ids, strip the ends."""
        marked = [
            i for i, raw in enumerate(pieces) if raw.headings or raw.events or raw.explicit_ids
        ]
        finals = [raw.html for raw in pieces]
        sequence = [pieces[i] for i in marked]
        last_sequence, last_filled = self._ids_memo
        if len(sequence) == len(last_sequence) and all(
            a is b for a, b in zip(sequence, last_sequence, strict=True)
        ):
            filled = last_filled  # the same pieces in the same order: the same ids
        else:
            filled = self._assign_ids(sequence)
            self._ids_memo = (sequence, filled)
        for i, html in zip(marked, filled, strict=True):
            finals[i] = html
        return _strip_ends(finals)

    def _assign_ids(self, marked: list[_Raw]) -> list[str]:
        """Each marked piece's HTML with its ids, in document order."""
        used: set[str] = set()
        for raw in marked:
            if raw.explicit_ids:
                used |= raw.explicit_ids
        refs = _footnote_ref_ids(marked)
        filled = []
        for index, raw in enumerate(marked):
            ids = {p: unique_id(stem, used) for p, stem in raw.headings}
            ids.update((p, refs[index, p]) for p, *_rest in raw.events)
            # equal chunks (a repeated heading) can get different ids: memo per use
            key = (raw.html, tuple(ids.values()))
            html = self._filled.get(key)
            if html is None:
                html = self._filled.put(key, self.engine.fill(raw.html, ids))
            filled.append(html)
        return filled

    def _assemble(self, pieces: list[_Raw], finals: list[str]) -> IncrementalResult:
        """Sanitize piece by piece (joining pieces whose HTML does not compose) into blocks."""
        blocks: list[Block] = []
        outline: list[Heading] = []
        recent = self._cleaned._new
        i, count = 0, len(finals)
        while i < count:
            html = finals[i]
            memo = recent.get(html) or self._clean(html, pieces[i].raw_html)
            j, extra = i + 1, 0
            while not memo[0].composes and j < count:  # raw HTML left open: sanitize together
                extra += 1
                j = count if extra > 8 else j + 1
                memo = self._clean("".join(finals[i:j]), True)
            blocks.append(memo[1])
            outline.extend(memo[2])
            i = j
        return self._result(blocks, tuple(outline), full=False)

    def _clean(self, html: str, raw_html: bool) -> tuple[_Sanitized, Block, tuple[Heading, ...]]:
        """The sanitized block of some raw HTML, with its outline."""
        memo = self._cleaned.get(html)
        if memo is None:
            cleaned = self._sanitize(html, raw_html)
            memo = (cleaned, _block_of(cleaned.html), outline_of(cleaned.html))
            self._cleaned.put(html, memo)
        return memo

    def _sanitize(self, html: str, raw_html: bool) -> _Sanitized:
        result = sanitize(html, self.options)
        composes = True
        if raw_html:
            probe = sanitize(_PROBE, self.options)
            composes = sanitize(html + _PROBE, self.options) == result + probe
        return _Sanitized(result, composes)

    def _result(
        self,
        blocks: tuple[Block, ...] | list[Block],
        outline: tuple[Heading, ...],
        full: bool,
        reason: str = "",
    ) -> IncrementalResult:
        new, old = tuple(blocks), self._previous
        limit = min(len(old), len(new))
        prefix = 0
        while prefix < limit and (old[prefix] is new[prefix] or old[prefix].key == new[prefix].key):
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and (
            old[-1 - suffix] is new[-1 - suffix] or old[-1 - suffix].key == new[-1 - suffix].key
        ):
            suffix += 1
        removed, inserted = len(old) - prefix - suffix, len(new) - prefix - suffix
        if removed == inserted:
            span = range(prefix, prefix + inserted)
            changed = tuple(i for i in span if old[i].key != new[i].key)
        else:
            changed = tuple(range(prefix, prefix + inserted))
        self._previous = new
        return IncrementalResult(
            html="".join(block.html for block in new),
            outline=outline,
            blocks=new,
            changed=changed,
            full=full,
            splice=(prefix, removed, inserted),
            reason=reason,
        )
