"""The Python-Markdown family behind the renderer contract: blogdesk's own style, Pelican, MkDocs.

A thin adapter: the HTML and the outline are exactly :func:`blogdesk.core.render.render`'s (its
output does not change). They and the blocks come from one run of the incremental renderer
(``core/incremental.py``), whose output equals a full render (its property test proves it) and
which cuts the text only where Python-Markdown itself starts a new block; each chunk of text
becomes one block with its source lines. Where that split is not one block per chunk (raw HTML
left open across chunks, or a fall back to a full render such as a ``[TOC]`` marker), the body
is one block covering every line: coarse, but never wrong.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from blogdesk.core.render import RenderOptions, outline_of
from blogdesk.core.render.contract import Block, OutlineEntry, Rendered, line_of

if TYPE_CHECKING:
    from blogdesk.core.incremental import IncrementalRenderer, IncrementalResult

__all__ = ["render_body"]

_ATX = re.compile(r"^#{1,6}")  # Python-Markdown needs no space after the hashes
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")


_DEFAULTS = RenderOptions()


def render_body(text: str, options: RenderOptions = _DEFAULTS) -> Rendered:
    """Render a body with Python-Markdown; the contract's blocks from the incremental split."""
    from blogdesk.core.incremental import IncrementalRenderer

    renderer = IncrementalRenderer(options)
    result = renderer.render(text)
    blocks = _blocks(text, renderer, result)
    return Rendered(html=result.html, outline=_outline(text, blocks), blocks=blocks)


def _last_line(text: str) -> int:
    return max(1, text.rstrip("\n").count("\n") + 1)


def _blocks(
    text: str, renderer: IncrementalRenderer, result: IncrementalResult
) -> tuple[Block, ...]:
    if not result.html:
        return ()
    whole = (Block(1, _last_line(text), result.html),)
    layout = renderer._layout  # the chunks it rendered: Python-Markdown's own block starts
    if result.full or layout is None:
        return whole
    normalized = layout.text
    spans = []
    for start, end in zip(layout.bounds, layout.bounds[1:], strict=False):
        chunk = normalized[start:end].rstrip()
        if not chunk.strip():
            continue
        lead = len(chunk) - len(chunk.lstrip("\n"))
        spans.append((line_of(normalized, start + lead), line_of(normalized, start + len(chunk))))
    blocks = list(result.blocks)
    if len(blocks) == len(spans) + 1 and spans:  # the footnote list closes the body
        last = spans[-1][1]
        spans.append((last, last))
    if len(blocks) != len(spans):
        return whole
    joined: list[Block] = []
    pending: tuple[int, str] | None = None
    for (first, last), block in zip(spans, blocks, strict=True):
        if not block.html.strip():  # nothing shows (a comment): its lines join a neighbour
            if joined:
                prev = joined[-1]
                joined[-1] = Block(prev.first_line, last, prev.html + block.html)
            else:
                pending = (pending[0], pending[1] + block.html) if pending else (first, block.html)
        elif pending is not None:
            joined.append(Block(pending[0], last, pending[1] + block.html))
            pending = None
        else:
            joined.append(Block(first, max(first, last), block.html))
    return tuple(joined)


def _outline(text: str, blocks: tuple[Block, ...]) -> tuple[OutlineEntry, ...]:
    """The outline with the line of each heading: the k-th heading-looking line of its block."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    entries: list[OutlineEntry] = []
    for block in blocks:
        heads = outline_of(block.html)
        if not heads:
            continue
        candidates = [
            n
            for n in range(block.first_line, block.last_line + 1)
            if n - 1 < len(lines)
            and (
                _ATX.match(lines[n - 1])
                or (n >= 2 and _SETEXT.match(lines[n - 1]) and lines[n - 2].strip())
            )
        ]
        for k, head in enumerate(heads):
            line = candidates[k] if k < len(candidates) else block.first_line
            if (
                k < len(candidates)
                and _SETEXT.match(lines[line - 1])
                and not _ATX.match(lines[line - 1])
            ):
                line -= 1  # a setext heading starts on its text line
            entries.append(OutlineEntry(head.level, head.text, head.id, line))
    return tuple(entries)


if TYPE_CHECKING:  # each family is a Renderer (checked by mypy)
    from blogdesk.core.render.contract import Renderer

    _renderer: Renderer = render_body
