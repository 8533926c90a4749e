"""Incremental rendering for the CommonMark and kramdown families: only the changed part is parsed.

The body is cut into chunks at top-level boundaries where markdown-it's block parser starts
afresh: a blank line, then a line at column 0 that continues nothing above it (not a list
item, a definition, an attribute list, nor a line inside a fence, a raw HTML block or
comment). Each chunk is parsed on its own and kept, keyed by its text; an edit parses again
only the chunks whose text changed. The cut is kept too: after an edit the lines are scanned
again only from a chunk start just above the edit until a chunk starts where one did before
with nothing changed below it (typing in a 100,000-word post scans a few lines, not all).
What is document-wide is gathered across chunks and given to each:

- link reference definitions and abbreviations (every chunk's block parse records its own; the
  merged set goes to each chunk's inline parse, and when it changes every chunk is rendered
  again, which is a full render);
- heading ids, unique in the document: each chunk records its explicit ids and its headings'
  stems, the ids are worked out in document order, and a chunk whose ids would change is
  rendered again with the ids taken before it;
- raw HTML left open across chunks: the pieces of every chunk are joined and sanitized by the
  same :func:`~blogdesk.core.render.commonmark.assemble` as a full render (with a memo);
- footnotes: numbered in document order (each chunk records what its numbers depended on and
  what it numbered; one whose numbers would change is finished again), their list made at the
  end by the footnote plugin's own rule from every chunk's definitions.

What is not modelled renders whole: Zola's footnotes (numbered by their definitions too), a
heading inside a footnote, kramdown's table of contents, and text with a carriage return.

The result equals :func:`~blogdesk.core.render.contract.render_with` on the same text: a
property test over random documents and random edits checks it for both families.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from blogdesk.core.render import RenderOptions, sanitize, unique_id
from blogdesk.core.render.commonmark import (
    Piece,
    assemble,
    outline_from,
    place,
    token_pieces,
    total_lines,
)
from blogdesk.core.render.contract import OutlineEntry, Rendered

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

__all__ = ["IncrementalFamily", "chunk_starts", "plan_chunks"]

# -- where the block parser starts afresh --------------------------------------------------------
#
# The scanner follows the parser's top level through a set of states it may be in: out (nothing
# open that a blank line does not end), in a fence, in an HTML block that runs to an end
# marker, in an HTML block that runs to a blank line, in kramdown's raw HTML element. A line that
# may open something inside a list item (indented 1 to 3 spaces) leaves both possibilities; a
# chunk starts only where "out" is the one possibility. Guessing too many states only makes
# fewer chunks; a wrong "out" would cut a block in two, so "out" alone is never a guess.

_LIST_ITEM = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_DEFINITION = re.compile(r"^[ \t]*[:~]")
_ATTRIBUTE_LIST = re.compile(r"^[ \t]*\{:[^{}\n]*\}[ \t]*$")
#: a reference or abbreviation definition (its label may go on to the next line): it renders
#: nothing, so the blocks on both sides of it meet (kramdown joins two lists that meet)
_DEFINES = re.compile(r"^(?:\[(?:[^\]\\]|\\.)*(?:\]:|$)|\*\[)")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)$")
#: a fence inside list items or quotes: kramdown looks for its closing fence past their end
_NESTED_FENCE = re.compile(r"^(?:[ \t]*(?:[-+*]|\d{1,9}[.)]|>)(?=[ \t>]))+[ \t>]*(`{3,}|~{3,})")
_KRAMDOWN_FENCE_INFO = re.compile(r"[ \t]*(\S*)[ \t]*(.*)$")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\||$)")
#: HTML blocks that run past blank lines, to their end marker (CommonMark kinds 1 to 5)
_LONG_HTML = (
    (re.compile(r"^<(?:script|pre|style|textarea)(?=\s|>|$)", re.I),
     re.compile(r"</(?:script|pre|style|textarea)>", re.I)),
    (re.compile(r"^<!--"), re.compile(r"-->")),
    (re.compile(r"^<\?"), re.compile(r"\?>")),
    (re.compile(r"^<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"^<!\[CDATA\["), re.compile(r"\]\]>")),
)  # fmt: skip
#: What kramdown takes raw from its opening tag to the matching end tag, blank lines and all
_KRAMDOWN_RAW = re.compile(
    r"^<(address|article|aside|blockquote|details|div|dl|fieldset|figcaption|figure|footer"
    r"|form|header|main|nav|ol|section|table|ul|video|audio|center)(?=[\s>/])", re.I)

_OUT = ("out",)
_TO_BLANK = ("to-blank",)  # an HTML block that a blank line ends (CommonMark kinds 6 and 7)
_State = tuple[Any, ...]


def _indent(line: str) -> int:
    """The column the line's text starts at (tabs to the next multiple of 4)."""
    column = 0
    for ch in line:
        if ch == " ":
            column += 1
        elif ch == "\t":
            column += 4 - column % 4
        else:
            break
    return column


def _html_to_blank(text: str) -> bool:
    """Whether a line (without its indent) may open an HTML block that a blank line ends."""
    from markdown_it.rules_block.html_block import HTML_SEQUENCES

    return any(opening.search(text) for opening, _end, _para in HTML_SEQUENCES[5:])


def _kramdown_raw_end(lines: list[str], at: int, text: str, far: list[int]) -> int:
    """The line after kramdown's raw HTML element opened at ``at`` (as its block rule counts
    the tags), or ``at`` when there is none or it is never closed. ``far[0]`` is raised to the
    last line it looked at (past the last line when it is never closed: the text's end
    decides)."""
    match = _KRAMDOWN_RAW.match(text)
    if match is None:
        return at
    tag = match.group(1)
    opens = re.compile(rf"<{tag}(?=[\s>/])", re.I)
    closes = re.compile(rf"</{tag}\s*>", re.I)
    depth = 0
    for n in range(at, len(lines)):
        line = "" if _indent(lines[n]) >= 4 else lines[n]
        depth += len(opens.findall(line)) - len(closes.findall(line))
        if depth <= 0:
            far[0] = max(far[0], n)
            return n + 1
    far[0] = max(far[0], len(lines))
    return at


def _opened(lines: list[str], at: int, kramdown: bool, raw_html: bool, far: list[int]
            ) -> set[_State]:
    """The states a line may leave the parser in, from "out" (``kramdown``: its fences;
    ``raw_html``: its raw HTML elements; ``far``: as :func:`_kramdown_raw_end` keeps it)."""
    line = lines[at]
    nested = _NESTED_FENCE.match(line) if kramdown else None
    if nested:  # no chunk may start before its closing fence
        return {_OUT, ("fence", nested.group(1)[0], len(nested.group(1)))}
    indent = _indent(line)
    if indent >= 4 or not line.strip():
        return {_OUT}
    text = line.lstrip(" \t")
    opened: set[_State] = set()
    fence = _FENCE.match(text)
    if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
        info = _KRAMDOWN_FENCE_INFO.match(fence.group(2))
        if not (kramdown and info is not None and info.group(2).strip()):
            opened.add(("fence", fence.group(1)[0], len(fence.group(1))))
    elif raw_html and (end := _kramdown_raw_end(lines, at, text, far)) > at:
        opened.add(("raw", end))
    elif text.startswith("<"):
        for opening, ending in _LONG_HTML:
            if opening.search(text):
                opened.add(_OUT if ending.search(text) else ("html", ending.pattern))
                break
        else:
            if _html_to_blank(text):
                opened.update({_TO_BLANK, _OUT})  # kind 7 cannot interrupt a paragraph
        if at + 1 < len(lines) and _TABLE_RULE.match(lines[at + 1]):
            opened.add(_OUT)  # a table's header row, not HTML
    if not opened:
        return {_OUT}
    if indent:
        opened.add(_OUT)  # it may be inside a list item: the item ends it at column 0
    return opened


def _next_states(state: _State, lines: list[str], at: int, kramdown: bool, raw_html: bool,
                 far: list[int]) -> set[_State]:
    """The states after line ``at`` from one state before it."""
    line = lines[at]
    kind = state[0]
    if kind == "out":
        return _opened(lines, at, kramdown, raw_html, far)
    if kind == "fence":
        char, length = re.escape(state[1]), state[2]
        if re.match(rf" {{0,3}}{char}{{{length},}}[ \t]*$", line):
            return {_OUT}
        if _indent(line) < 4 and re.match(rf"[ \t]*{char}{{{length},}}[ \t]*$", line):
            return {_OUT, state}
        return {state}
    if kind == "html":
        return {_OUT} if re.search(state[1], line, re.I) else {state}
    if kind == "to-blank":
        return {_OUT} if not line.strip() else {state}
    return {_OUT} if at + 1 >= state[1] else {state}  # kramdown's raw element


def _starts_afresh(lines: list[str], at: int) -> bool:
    """Whether a line, the parser being out of everything before it, starts a chunk: a blank
    line before it, at column 0, and nothing above it that it could continue."""
    line = lines[at]
    if lines[at - 1].strip() or line[:1] in ("", " ", "\t"):
        return False
    if _LIST_ITEM.match(line) or _DEFINITION.match(line) or _ATTRIBUTE_LIST.match(line):
        return False
    if _DEFINES.match(line):
        return False
    after = at + 1
    if after < len(lines) and not lines[after].strip():
        after += 1  # a term, a blank line, then its definition
    if after < len(lines) and _DEFINITION.match(lines[after]):
        return False
    before = at - 1
    while before >= 0 and not lines[before].strip():
        before -= 1
    return before < 0 or not _ATTRIBUTE_LIST.match(lines[before])


def chunk_starts(lines: list[str], kramdown: bool = False, raw_html: bool = False
                 ) -> list[int]:
    """The lines (0-based) each chunk starts on: 0, then every line where the block parser
    surely starts afresh at the top level (``kramdown``: with its fences; ``raw_html``: with
    its raw HTML elements)."""
    return _scan(lines, kramdown, raw_html)[0]


def _scan(lines: list[str], kramdown: bool, raw_html: bool, first: int = 0,
          settled: Callable[[int], bool] | None = None) -> tuple[list[int], list[int], int]:
    """The chunk starts from line ``first`` (0, or a chunk start whose line and the two after it
    are as they were), each chunk's reach (the last line a raw HTML element opened in it looked
    ahead to, past the end when the text's end decides; other lines look two lines ahead at
    most) and the line the scan stopped on: the first new chunk start that ``settled`` accepts
    (that start is not in the list), else ``len(lines)``."""
    starts, reach = [first], []
    far = [first]
    states: set[_State] = {_OUT}
    out = True
    blank_before = True
    for n in range(first, len(lines)):
        line = lines[n]
        if out:
            if not line.strip():
                blank_before = True
                continue
            if blank_before and n > first and _starts_afresh(lines, n):
                reach.append(far[0])
                if settled is not None and settled(n):
                    return starts, reach, n
                starts.append(n)
                far[0] = n
            blank_before = False
            if line[0] not in _MAY_OPEN and not (kramdown and line[0] in _MAY_NEST):
                continue  # the common line: text at column 0 opens nothing long
            states = _opened(lines, n, kramdown, raw_html, far)
        else:
            states = set().union(
                *(_next_states(s, lines, n, kramdown, raw_html, far) for s in states))
        out = states == {_OUT}
        blank_before = not line.strip()
    reach.append(far[0])
    return starts, reach, len(lines)


#: What a line's first character must be for it to open anything a blank line does not end
_MAY_OPEN = frozenset(" \t<`~")
_MAY_NEST = frozenset("-+*>0123456789")  # a list item or quote that may hold a kramdown fence


# -- the cut, kept from edit to edit ---------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """A text cut into chunks: its lines, and each chunk's first line, reach and text."""

    lines: list[str]
    starts: list[int]
    reach: list[int]
    texts: list[str]


def _chunk_texts(lines: list[str], starts: list[int], stop: int) -> list[str]:
    """The texts of the chunks starting at ``starts``, the last one running to line ``stop``
    (at the text's end it ends as the text does, else with its line break)."""
    texts = [
        "\n".join(lines[a:b]) + "\n" for a, b in zip(starts, [*starts[1:], stop], strict=True)
    ]
    if stop >= len(lines):
        texts[-1] = texts[-1][:-1]
    return texts


def plan_chunks(lines: list[str], kramdown: bool, raw_html: bool, previous: _Plan | None
                ) -> _Plan:
    """The chunks of ``lines`` (as :func:`chunk_starts` cuts them), with ``previous``, the plan
    of the text before an edit: scanned again only from a chunk start before the first changed
    line until a chunk starts where one started before (shifted by the lines the edit added)
    with nothing changed after it; the rest is the previous plan's, shifted."""
    if previous is None:
        starts, reach, _stop = _scan(lines, kramdown, raw_html)
        return _Plan(lines, starts, reach, _chunk_texts(lines, starts, len(lines)))
    old = previous.lines
    limit = min(len(old), len(lines))
    head = 0  # the first changed line
    while head < limit and old[head] == lines[head]:
        head += 1
    if head == len(old) == len(lines):
        return previous
    tail = 0  # unchanged lines at the end, not counting those at the start
    while tail < limit - head and old[-1 - tail] == lines[-1 - tail]:
        tail += 1
    delta = len(lines) - len(old)
    unchanged_from = len(lines) - tail
    old_starts = previous.starts
    # a chunk start whose line and the two after it are unchanged (a line looks ahead two lines
    # at most), and before which no raw HTML element looked ahead as far as the edit
    k = max(0, bisect_right(old_starts, head - 3) - 1)
    k = next((j for j in range(k) if previous.reach[j] >= head), k)

    def settled(line: int) -> bool:
        if line < unchanged_from:
            return False
        at = bisect_right(old_starts, line - delta) - 1
        return at >= 0 and old_starts[at] == line - delta

    starts, reach, stop = _scan(lines, kramdown, raw_html, old_starts[k], settled)
    texts = _chunk_texts(lines, starts, stop)
    starts, reach, texts = old_starts[:k] + starts, previous.reach[:k] + reach, (
        previous.texts[:k] + texts)
    if stop < len(lines):  # in step with the previous plan again
        at = bisect_right(old_starts, stop - delta) - 1
        starts += [line + delta for line in old_starts[at:]]
        reach += [line + delta for line in previous.reach[at:]]
        texts += previous.texts[at:]
    return _Plan(lines, starts, reach, texts)


# -- one chunk -------------------------------------------------------------------------------------


@dataclass
class _Chunk:
    """A chunk's parse: its own definitions, its heading facts and, once finished, its pieces."""

    text: str
    state: StateCore | None  # after the block rule, until finished
    references: dict[str, dict[str, str]]
    abbreviations: dict[str, str]
    explicit: frozenset[str] = frozenset()
    stems: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()  # the ids its stems got (stems without one: none)
    pieces: tuple[Piece, ...] = ()
    outline: tuple[OutlineEntry, ...] = ()  # lines within the chunk
    lines: int = 0
    defs: int = -1  # the version of the merged definitions it was finished with
    notes: frozenset[str] = frozenset()  # the footnote labels it defines
    note_key: tuple[Any, ...] = ()  # the footnote numbering it was finished with
    note_delta: tuple[Any, ...] = ((), ())  # (its new footnotes, {label: references more})
    note_defs: tuple[Any, ...] = ()  # its footnote definitions' tokens, for the list at the end
    note_heading: bool = False  # a heading inside a footnote (its id comes after all others)


class IncrementalFamily:
    """Renders a CommonMark- or kramdown-family body again after an edit, parsing only the
    chunks that changed; :meth:`render` equals the family's ``render_body`` on the same text.

    Keeps state between calls: one instance per open document, used by one thread.
    """

    def __init__(self, family: str, options: Any) -> None:
        from blogdesk.core.render import commonmark, kramdown

        module: Any
        if family == "commonmark":
            module, self._base = commonmark, options
        elif family == "kramdown":
            module, self._base = kramdown, kramdown.base_options(options)
        else:
            raise ValueError(f"not an incremental Markdown family: {family!r}")
        self.family, self.options = family, options
        self._build, self._whole = module.build_parser, module.render_body
        self._chunks: dict[str, list[_Chunk]] = {}  # by text, in document order
        self._plan: _Plan | None = None  # the last text's cut
        self._defs: tuple[Any, ...] = ({}, {}, frozenset())
        self._defs_version = 0
        self._clean: dict[str, str] = {}
        cleaning = RenderOptions(allow_remote_images=self._base.allow_remote_images)
        self._sanitize = lambda html: sanitize(html, cleaning)

    # the parts that render whole
    def _renders_whole(self, text: str) -> bool:
        if "\r" in text:  # a line break markdown-it normalizes
            return True
        pulldown = self._base.footnote_style == "pulldown-cmark"  # numbered by definitions too
        if self._base.footnotes and pulldown and ("[^" in text or "^[" in text):
            return True
        return self.family == "kramdown" and re.search(r"\{:\s*toc\s*\}", text) is not None

    def render(self, text: str) -> Rendered:
        """The body rendered, equal to a full render of ``text``."""
        if self._renders_whole(text):
            self._chunks.clear()
            return self._whole(text, self.options)
        md = self._build(self.options)
        kramdown = self.family == "kramdown"
        raw_html = kramdown and not self.options.parse_block_html
        self._plan = plan_chunks(text.split("\n"), kramdown, raw_html, self._plan)
        starts, texts = self._plan.starts, self._plan.texts
        chunks: list[_Chunk] = []
        kept: dict[str, list[_Chunk]] = {}
        for chunk_text in texts:
            # the same text in several places: each place keeps its own (ids, numbers)
            same = kept.setdefault(chunk_text, [])
            before = self._chunks.get(chunk_text, [])
            if len(same) < len(before):
                chunk = before[len(same)]
            elif before:
                chunk = replace(before[-1])
            else:
                chunk = self._block_phase(md, chunk_text)
            same.append(chunk)
            chunks.append(chunk)
        self._chunks = kept
        self._merge_definitions(chunks)
        notes = self._heading_ids(md, chunks)
        if any(c.note_heading for c in chunks):  # its id is given after every other heading
            return self._whole(text, self.options)
        tail = self._footnote_list(md, text, starts, chunks, notes)
        return self._assemble(text, starts, chunks, tail)

    def _block_phase(self, md: MarkdownIt, text: str) -> _Chunk:
        """A chunk parsed up to its blocks, with the definitions it makes."""
        from markdown_it.rules_core import StateCore

        state = StateCore(text, md, {})
        for name, rule in _core_rules(md):
            rule(state)
            if name == "block":
                break
        references = {
            label: {"href": ref["href"], "title": ref["title"]}
            for label, ref in state.env.get("references", {}).items()
        }
        notes = frozenset(label[1:] for label in state.env.get("footnotes", {}).get("refs", {}))
        abbreviations = dict(state.env.get("abbreviations", {}))
        return _Chunk(text, state, references, abbreviations, notes=notes)

    def _merge_definitions(self, chunks: list[_Chunk]) -> None:
        """The document's definitions: the first of each reference, the last of each
        abbreviation. When they change, every chunk is finished again."""
        references: dict[str, dict[str, str]] = {}
        abbreviations: dict[str, str] = {}
        for chunk in chunks:
            for label, ref in chunk.references.items():
                references.setdefault(label, ref)
            abbreviations.update(chunk.abbreviations)
        notes = frozenset().union(*(chunk.notes for chunk in chunks))
        if (references, abbreviations, notes) != self._defs:
            self._defs = (references, abbreviations, notes)
            self._defs_version += 1

    def _finish(self, md: MarkdownIt, chunk: _Chunk, taken: set[str], notes: _Notes) -> None:
        """The rest of a chunk's parse, with the document's definitions, the heading ids taken
        and the footnotes numbered before it; then its pieces, outline and heading facts."""
        if chunk.state is None:  # finished before: parsed again
            chunk.state = self._block_phase(md, chunk.text).state
        state = chunk.state
        assert state is not None
        references, abbreviations, labels = self._defs
        state.env["references"] = dict(references)
        state.env["abbreviations"] = dict(abbreviations)
        state.env["heading_ids_taken"] = set(taken)
        if self._base.footnotes:
            state.env["footnotes"] = notes.for_chunk(labels)
        after_block = False
        for name, rule in _core_rules(md):
            if after_block and name != "footnote_tail":  # the list is made once, at the end
                rule(state)
            after_block = after_block or name == "block"
        if self._base.footnotes:
            chunk.note_key = notes.key_after(state.env["footnotes"])
            chunk.note_delta = notes.delta(state.env["footnotes"])
            state.tokens, chunk.note_defs = _take_footnote_definitions(state.tokens)
            chunk.note_heading = any(t.type == "heading_open" for t in chunk.note_defs)
        explicit, stems, given = state.env.get("heading_ids_log", (set(), [], []))
        chunk.explicit, chunk.stems = frozenset(explicit), tuple(stems)
        chunk.ids = tuple(given)
        chunk.pieces = tuple(token_pieces(md, state.tokens, state.env, self._base, chunk.text))
        chunk.outline = outline_from(state.tokens)
        chunk.lines = chunk.text.count("\n")
        chunk.defs = self._defs_version
        chunk.state = None

    def _heading_ids(self, md: MarkdownIt, chunks: list[_Chunk]) -> _Notes:
        """Finish the new chunks, then make every chunk's heading ids and footnote numbers what
        a full render gives: a chunk whose ids or numbers would differ is finished again with
        the ids taken and the footnotes numbered before it. Returns the footnotes."""
        current = [c for c in chunks if c.defs == self._defs_version]
        known = frozenset().union(*(c.explicit for c in current))
        notes = self._walk(md, chunks, set(known))
        explicit = frozenset().union(*(c.explicit for c in chunks))
        if explicit != known:  # a new chunk's explicit id is taken for the headings above it too
            notes = self._walk(md, chunks, set(explicit))
        return notes

    def _walk(self, md: MarkdownIt, chunks: list[_Chunk], used: set[str]) -> _Notes:
        """Give out the heading ids and footnote numbers in document order (``used``: the
        explicit ids known)."""
        notes = _Notes()
        for chunk in chunks:
            if chunk.defs != self._defs_version:
                self._finish(md, chunk, used, notes)
                used.update(chunk.explicit)
                used.update(chunk.ids)
                notes.apply(chunk.note_delta)
                continue
            key = chunk.note_key
            if not (chunk.stems or chunk.ids) and chunk.note_delta == _NO_NOTES and (
                    not key or (key[0] == len(notes.list) and not key[1])):
                continue  # no heading, no footnote, and as many numbered before it: as it was
            ids = tuple(unique_id(stem, used) for stem in chunk.stems if stem)
            if ids != chunk.ids or notes.key_before(chunk.note_key) != chunk.note_key:
                used.difference_update(ids)  # unique_id added them: as it was before the chunk
                self._finish(md, chunk, used, notes)
                used.update(chunk.ids)
            notes.apply(chunk.note_delta)
        return notes

    def _footnote_list(self, md: MarkdownIt, text: str, starts: list[int],
                       chunks: list[_Chunk], notes: _Notes) -> tuple[Piece, ...]:
        """The footnotes' list at the end, made by the footnote plugin's own rule from every
        chunk's definitions (their lines moved to the document's) and the numbering."""
        tail = dict(_core_rules(md)).get("footnote_tail")
        if not self._base.footnotes or tail is None:
            return ()
        from markdown_it.rules_core import StateCore

        env: dict[str, Any] = {"footnotes": notes.for_chunk(frozenset())}
        tokens = [
            token.copy(map=[token.map[0] + start, token.map[1] + start]) if token.map else token
            for start, chunk in zip(starts, chunks, strict=True)
            for token in chunk.note_defs
        ]
        state = StateCore(text, md, env, tokens)
        tail(state)
        _finish_inline_notes(md, state, env)
        return tuple(token_pieces(md, state.tokens, env, self._base, text))

    def _assemble(self, text: str, starts: list[int], chunks: list[_Chunk],
                  tail: tuple[Piece, ...] = ()) -> Rendered:
        pieces: list[tuple[int, int, str, bool]] = []
        outline: list[OutlineEntry] = []
        last = 1
        for start, chunk in zip(starts, chunks, strict=True):
            placed, last = place(chunk.pieces, start, last)
            pieces.extend(placed)
            outline.extend(
                OutlineEntry(e.level, e.text, e.id, e.line + start) for e in chunk.outline
            )
        pieces.extend(place(tail, 0, last)[0])
        memo: dict[str, str] = {}
        previous = self._clean

        def clean(html: str) -> str:
            cleaned = memo.get(html)
            if cleaned is None:
                cleaned = previous.get(html)
                if cleaned is None:
                    cleaned = self._sanitize(html)
                memo[html] = cleaned
            return cleaned

        blocks = assemble(pieces, self._base, total_lines(text), clean)
        self._clean = memo
        html = "".join(block.html for block in blocks)
        return Rendered(html=html, outline=tuple(outline), blocks=blocks)


_NO_NOTES: tuple[Any, ...] = ((), ())  # a chunk that numbers no footnote and references none


def _core_rules(md: MarkdownIt) -> list[tuple[str, Any]]:
    """The parser's enabled core rules, in order, by name."""
    return [(rule.name, rule.fn) for rule in md.core.ruler.__rules__ if rule.enabled]


def _finish_inline_notes(md: MarkdownIt, state: StateCore, env: dict[str, Any]) -> None:
    """The core rules after the footnote list's rule, on the text of inline footnotes
    (``^[...]``): in a full render they meet it there, in the list (smart quotes, symbols,
    links); a chunk's rules never saw it (the notes wait in ``env``)."""
    from markdown_it.rules_core import StateCore

    lists = {id(note["tokens"]) for note in env["footnotes"]["list"].values() if "tokens" in note}
    inline = [t for t in state.tokens if t.type == "inline" and id(t.children) in lists]
    if not inline:
        return
    rules = [rule for name, rule in _core_rules(md)]
    names = [name for name, _rule in _core_rules(md)]
    notes_state = StateCore(state.src, md, {}, inline)
    for rule in rules[names.index("footnote_tail") + 1 :]:
        rule(notes_state)


def _take_footnote_definitions(tokens: list[Any]) -> tuple[list[Any], tuple[Any, ...]]:
    """(the tokens without the footnote definitions, the definitions' tokens): split as the
    footnote plugin's tail rule splits them (it is run on the definitions at the end)."""
    kept, taken = [], []
    inside = False
    for token in tokens:
        if token.type == "footnote_reference_open":
            inside = True
            taken.append(token)
        elif token.type == "footnote_reference_close":
            inside = False
            taken.append(token)
        elif inside:
            taken.append(token)
        else:
            kept.append(token)
    return kept, tuple(taken)


class _Notes:
    """The footnotes numbered so far, in document order: each label's number and how often it
    was referenced (the footnote plugin's ``env["footnotes"]``)."""

    def __init__(self) -> None:
        self.refs: dict[str, int] = {}  # ":label" -> number, for those referenced
        self.list: dict[int, dict[str, Any]] = {}

    def for_chunk(self, labels: frozenset[str]) -> dict[str, Any]:
        """The plugin's state for a chunk parsed next (a copy: the chunk changes it)."""
        refs = {f":{label}": -1 for label in labels}
        refs.update(self.refs)
        return {"refs": refs, "list": {n: dict(note) for n, note in self.list.items()}}

    def key_after(self, after: dict[str, Any]) -> tuple[Any, ...]:
        """What a chunk's numbers depended on: the count so far, and the number and count of
        each label it referenced (``after``: the plugin's state after the chunk)."""
        referenced = sorted(
            str(note["label"]) for n, note in after["list"].items()
            if "label" in note and (n >= len(self.list) or note["count"] != self._count(n))
        )
        return self.key_for(referenced)

    def key_for(self, labels: list[str]) -> tuple[Any, ...]:
        numbers = [(label, self.refs.get(f":{label}", -1)) for label in labels]
        return (len(self.list), tuple((label, n, self._count(n)) for label, n in numbers))

    def key_before(self, key: tuple[Any, ...]) -> tuple[Any, ...]:
        """The key a chunk finished with ``key`` would have now."""
        return self.key_for([label for label, _n, _count in key[1]]) if key else ()

    def _count(self, number: int) -> int:
        note = self.list.get(number)
        return int(note.get("count", 0)) if note is not None and number >= 0 else 0

    def delta(self, after: dict[str, Any]) -> tuple[Any, ...]:
        """A chunk's effect: the footnotes it numbered first, and the references it added to
        footnotes numbered before it."""
        new = tuple(dict(note) for n, note in sorted(after["list"].items()) if n >= len(self.list))
        more = tuple(
            (n, note["count"] - self._count(n)) for n, note in after["list"].items()
            if n < len(self.list) and "count" in note and note["count"] != self._count(n)
        )
        return new, more

    def apply(self, delta: tuple[Any, ...]) -> None:
        new, more = delta
        for n, extra in more:
            self.list[n] = dict(self.list[n], count=self.list[n]["count"] + extra)
        for note in new:
            number = len(self.list)
            self.list[number] = dict(note)
            if "label" in note:
                self.refs[f":{note['label']}"] = number
