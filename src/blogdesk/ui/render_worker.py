"""The preview's render worker: a separate process that turns post text into page updates.

Python-Markdown holds the GIL, so rendering in a thread of the app would still steal time from
every UI event; in a process it steals none, and a render that runs away can be killed. The
process keeps an incremental renderer alive, always renders the newest text it was sent
(older requests waiting in its pipe are skipped) and answers with the blocks that changed since
its previous answer, so the app patches only those into the page.

Run as ``python -m blogdesk.ui.render_worker``; messages on stdin and stdout are pickled dicts,
each behind a 4-byte big-endian length. This module imports no Qt.

The site's flavour (``core.render.contract.Flavour``) comes by value in the context message:
Python-Markdown with no template pass keeps the incremental renderer (:class:`BlockRenderer`);
the other families (and template tags) go through the site's path (:class:`FamilyRenderer`:
the template pass over the whole body, then the CommonMark or kramdown family parsing only the
chunks that changed) and the contract's top-level blocks go out the same way, as a splice.

Requests: ``{"op": "context", "config", "library_posts", "options", "theme", "flavour"}``,
``{"op": "render", "generation", "post", "body"}`` and ``{"op": "warm", "generator"}`` (import
what that site's first render needs: :func:`warm_up`). Answers: ``{"generation", "splice",
"lines", "total_lines", "outline", "frame", "reset", "final", "seconds"}`` or ``{"generation",
"error"}``. ``outline`` is what the page shows as headings, for every flavour: a list of
``(line, level, text, id)`` with 0-based body lines (the outline view shows it).
"""

from __future__ import annotations

import functools
import itertools
import pickle
import queue
import re
import struct
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from blogdesk.core.config import Config
    from blogdesk.core.incremental import IncrementalRenderer
    from blogdesk.core.post import Post
    from blogdesk.core.render import Heading, RenderOptions
    from blogdesk.core.render.contract import Block, Flavour, OutlineEntry

__all__ = [
    "BODY_SENTINEL",
    "BlockRenderer",
    "FamilyRenderer",
    "Worker",
    "diff_blocks",
    "read_message",
    "split_top_level",
    "write_message",
]

BODY_SENTINEL = "<!--blogdesk:body-->"
_HEADER = struct.Struct(">I")


# -- framing -----------------------------------------------------------------------------------


def write_message(stream: BinaryIO, message: dict[str, Any]) -> None:
    """Write one length-prefixed pickled message and flush."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_message(stream: BinaryIO) -> dict[str, Any] | None:
    """Read one message; None at the end of the stream."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    message: dict[str, Any] = pickle.loads(data)
    return message


def parse_messages(buffer: bytearray) -> list[dict[str, Any]]:
    """Take every complete message off the front of a buffer (the app's side of the pipe)."""
    messages = []
    while len(buffer) >= _HEADER.size:
        (size,) = _HEADER.unpack_from(buffer)
        if len(buffer) < _HEADER.size + size:
            break
        data = bytes(buffer[_HEADER.size : _HEADER.size + size])
        del buffer[: _HEADER.size + size]
        messages.append(pickle.loads(data))
    return messages


def encode_message(message: dict[str, Any]) -> bytes:
    """One message as bytes for the pipe."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


# -- blocks ------------------------------------------------------------------------------------

_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
_TOKEN = re.compile(
    r"<!--.*?-->|<(/?)([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.DOTALL
)


def split_top_level(html: str) -> list[str]:
    """Cut body HTML between its top-level nodes; the pieces join back to the same text.

    Whitespace after an element stays with it; top-level text forms its own piece.
    """
    blocks: list[str] = []
    depth = 0
    start = 0
    for match in _TOKEN.finditer(html):
        closing, name = match.group(1), match.group(2)
        if name is None:
            continue  # a comment
        name = name.lower()
        if closing:
            depth = max(0, depth - 1)
            if depth == 0:
                end = _after_space(html, match.end())
                blocks.append(html[start:end])
                start = end
            continue
        if depth == 0 and match.start() > start and html[start : match.start()].strip():
            blocks.append(html[start : match.start()])  # text before this element
            start = match.start()
        if name in _VOID or match.group(3).rstrip().endswith("/"):
            if depth == 0:
                end = _after_space(html, match.end())
                blocks.append(html[start:end])
                start = end
            continue
        depth += 1
    if start < len(html):
        if blocks and not html[start:].strip():
            blocks[-1] += html[start:]
        else:
            blocks.append(html[start:])
    return blocks


def _after_space(html: str, pos: int) -> int:
    while pos < len(html) and html[pos] in " \t\r\n":
        pos += 1
    return pos


def diff_blocks(old: Sequence[str], new: Sequence[str]) -> tuple[int, int, list[str]] | None:
    """The splice (start, deleted count, new blocks) turning old into new; None if equal."""
    n_old, n_new = len(old), len(new)
    start, limit = 0, min(n_old, n_new)
    while start < limit and old[start] == new[start]:
        start += 1
    if start == n_old == n_new:
        return None
    end_old, end_new = n_old, n_new
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old - start, list(new[start:end_new])


_FENCE = re.compile(r"^(`{3,}|~{3,})")
_ATX = re.compile(r"^#{1,6}")
_DEFINITION = re.compile(r"^ {0,3}(?:\[\^?[^\]]+\]|\*\[[^\]]+\]):")
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]]+\]:")
_HEADING_BLOCK = re.compile(r"\s*<h[1-6][\s>]")


def _source_units(body: str) -> tuple[list[int], list[int], bool]:
    """(first line of each top-level block in the text, those that are headings, footnotes?)."""
    starts: list[int] = []
    headings: list[int] = []
    fence: str | None = None
    previous_blank = True
    previous_heading = False
    footnotes = False
    for number, line in enumerate(body.split("\n")):
        if fence is not None:
            found = _FENCE.match(line)
            if found and found.group(1) == fence and not line[found.end() :].strip():
                fence = None
            continue
        blank = not line.strip()
        found = _FENCE.match(line)
        if found:
            fence = found.group(1)
            starts.append(number)
            previous_blank, previous_heading = False, False
            continue
        if blank:
            previous_blank = True
            continue
        if _DEFINITION.match(line):
            footnotes = footnotes or bool(_FOOTNOTE_DEFINITION.match(line))
            previous_blank, previous_heading = True, False  # definitions render nothing here
            continue
        heading = bool(_ATX.match(line))
        if previous_blank or heading or previous_heading:
            starts.append(number)
            if heading:
                headings.append(number)
        previous_blank, previous_heading = False, heading
    return starts, headings, footnotes


def source_lines(body: str, blocks: Sequence[str]) -> list[int]:
    """The first body line (0-based) of each rendered block, for scroll sync.

    Exact when the text's top-level blocks line up one to one with the rendered ones; else the
    headings are matched in order and the blocks between them spread evenly; else the blocks are
    spread over the text by their position.
    """
    count = len(blocks)
    if not count:
        return []
    starts, headings, footnotes = _source_units(body)
    total = body.count("\n") + 1
    # blocks with no markup (left by blank text) take the line of the block after them
    visible = [i for i, html in enumerate(blocks) if html.strip()]
    if footnotes and visible:
        visible = visible[:-1]  # the footnote list comes from definitions all over the text
    if visible and len(starts) == len(visible):
        chosen = set(visible)
        lines = [0] * count
        for index, line in zip(visible, starts, strict=True):
            lines[index] = line
        following = max(0, total - 1)
        for index in range(count - 1, -1, -1):
            if index in chosen:
                following = lines[index]
            else:
                lines[index] = following
        return _ascending(lines)
    heading_blocks = [i for i, html in enumerate(blocks) if _HEADING_BLOCK.match(html)]
    anchors: list[tuple[int, int]] = [(0, 0)]
    if len(heading_blocks) == len(headings):
        anchors += [(b, line) for b, line in zip(heading_blocks, headings, strict=True) if b > 0]
    anchors.append((count, total))
    lines = []
    for (b0, l0), (b1, l1) in itertools.pairwise(anchors):
        span = max(1, b1 - b0)
        lines += [l0 + (l1 - l0) * (i - b0) // span for i in range(b0, b1)]
    return _ascending(lines[:count])


def _ascending(lines: list[int]) -> list[int]:
    for i in range(1, len(lines)):
        lines[i] = max(lines[i], lines[i - 1])
    return lines


class BlockRenderer:
    """Body text to (blocks of HTML, first body line of each block, outline with lines), with
    core.incremental's renderer: only changed blocks are re-rendered."""

    def __init__(self, options: RenderOptions) -> None:
        from blogdesk.core.incremental import IncrementalRenderer

        self.options = options
        self._incremental = IncrementalRenderer(options)
        self._lines_key: tuple[int, int] = (-1, -1)
        self._lines: list[int] = []

    def render(self, body: str) -> tuple[list[str], list[int], tuple[OutlineEntry, ...]]:
        result = self._incremental.render(body)
        blocks = [block.html for block in result.blocks]  # joined, they are result.html
        lines = _chunk_lines(self._incremental, body, blocks)
        if not lines:
            # finding the lines costs ~30 ms at 100k words; an edit inside a line keeps them
            key = (body.count("\n"), len(blocks))
            if key != self._lines_key:
                self._lines_key, self._lines = key, source_lines(body, blocks)
            lines = self._lines
        outline = self._outline(body, blocks, lines) if result.outline else ()
        return blocks, lines, outline

    def _outline(self, body: str, blocks: Sequence[str], lines: Sequence[int]
                 ) -> tuple[OutlineEntry, ...]:
        """The rendered headings, each on its body line (1-based, as the contract's).

        A heading's line is found by the one line scanner (``markdown_lines.headings``: no
        fenced code, no comments) inside the lines of the block that shows it; one the scanner
        does not see (a heading written in raw HTML) takes the block's first line.
        """
        from blogdesk.core.render.contract import OutlineEntry

        text_lines: list[str] | None = None
        entries: list[OutlineEntry] = []
        for index, html in enumerate(blocks):
            if "<h" not in html:
                continue
            shown = _headings_of(html)
            if not shown:
                continue
            if text_lines is None:
                text_lines = (body.replace("\r\n", "\n") if "\r" in body else body).split("\n")
            first = lines[index] if index < len(lines) else 0
            end = lines[index + 1] if index + 1 < len(lines) else len(text_lines)
            found = _heading_lines("\n".join(text_lines[first : max(end, first + 1)]))
            for k, head in enumerate(shown):
                line = first + found[k] if k < len(found) else first
                entries.append(OutlineEntry(head.level, head.text, head.id, line + 1))
        return tuple(entries)


@functools.lru_cache(maxsize=4096)
def _heading_lines(text: str) -> tuple[int, ...]:
    """The lines of the headings in one block's text (a block is often the same after an edit)."""
    from blogdesk.core.markdown_lines import headings

    return tuple(heading.line for heading in headings(text))


@functools.lru_cache(maxsize=4096)
def _headings_of(html: str) -> tuple[Heading, ...]:
    """The headings one block of the page shows (a block is often the same from edit to edit)."""
    from blogdesk.core.render import outline_of

    return outline_of(html)


class FamilyRenderer:
    """Body text to (blocks, first body line of each block, outline) with a site's flavour:
    the template pass over the whole body, then the family; the CommonMark and kramdown
    families parse again only the chunks an edit changed (core.render.family_incremental).

    The blocks are the contract's top-level blocks; the worker sends only those that changed.
    """

    def __init__(self, flavour: Flavour, library_posts: Sequence[Post]) -> None:
        from blogdesk.core.render.contract import post_targets
        from blogdesk.core.render.family_incremental import IncrementalFamily

        self.flavour = flavour
        self.posts = post_targets(flavour.site, library_posts) if flavour.site else ()
        self._family = (
            IncrementalFamily(flavour.family, flavour.options)
            if flavour.family in ("commonmark", "kramdown") else None
        )  # fmt: skip

    def render(self, body: str, post: Post | None = None
               ) -> tuple[list[str], list[int], tuple[OutlineEntry, ...]]:
        from blogdesk.core.render.contract import render_site_body

        page = {"title": post.title, "date": post.date, "tags": list(post.tags)} if post else {}
        render = self._family.render if self._family is not None else None
        result = render_site_body(self.flavour, body, page=page, posts=self.posts, render=render)
        blocks = [block.html for block in result.blocks]
        lines = _ascending([block.first_line - 1 for block in result.blocks])
        return blocks, lines, _shown_outline(result.blocks, result.outline)


def _shown_outline(blocks: Sequence[Block], outline: Sequence[OutlineEntry]
                   ) -> tuple[OutlineEntry, ...]:
    """The headings as the page shows them, on the family's lines.

    The family's outline is read before the template tags go back in: a heading's text lacks
    what a tag shows (``## For {{< param "season" >}}``), and headings inside a shortcode's
    rendered content are missing. The text comes from the page's HTML instead; a heading the
    family did not see takes its block's first line.
    """
    from blogdesk.core.render.contract import OutlineEntry

    pending = list(outline)
    shown: list[OutlineEntry] = []
    for block in blocks:
        if "<h" not in block.html:
            continue
        for head in _headings_of(block.html):
            line = block.first_line
            if pending and (pending[0].id, pending[0].level) == (head.id, head.level):
                line = pending.pop(0).line
            shown.append(OutlineEntry(head.level, head.text, head.id, line))
    return tuple(shown)


def _chunk_lines(renderer: IncrementalRenderer, body: str, blocks: Sequence[str]) -> list[int]:
    """Each block's first line from the incremental renderer's chunk plan, when it has one.

    The plan is not public API (``_layout.bounds``: where each chunk starts in the text), so it
    is used only when it lines up with the blocks (one chunk each, plus the footnote list).
    """
    layout = getattr(renderer, "_layout", None)
    bounds = getattr(layout, "bounds", None)
    text = getattr(layout, "text", None)
    if not isinstance(bounds, list) or text != body.replace("\r\n", "\n"):
        return []
    starts = [b for b in bounds if isinstance(b, int) and b < len(text)]
    if len(starts) not in (len(blocks), len(blocks) - 1):
        return []
    lines: list[int] = []
    line, position = 0, 0
    for start in starts:
        while start < len(text) and text[start] in " \t\n":
            start += 1  # a chunk may begin with the blank lines before it
        if start < position:
            return []
        line += text.count("\n", position, start)
        position = start
        lines.append(line)
    if len(lines) < len(blocks):
        lines.append(lines[-1] if lines else 0)  # the footnote list
    return _ascending(lines)


# -- the worker ----------------------------------------------------------------------------------


class Worker:
    """The state of the worker process: context, renderer, and what it last sent."""

    def __init__(self, send: Callable[[dict[str, Any]], None]) -> None:
        self._send = send
        self.config: Config | None = None
        self.library_posts: Sequence[Post] = ()
        self.options: RenderOptions | None = None
        self.theme: str | None = None
        self.renderer: BlockRenderer | FamilyRenderer | None = None
        self.flavour: Flavour | None = None
        self.sent_blocks: list[str] | None = None  # None: nothing sent yet (the next is a reset)
        self.sent_frame: tuple[str, str] | None = None
        self.last_post_key: tuple[object, ...] | None = None

    def set_context(self, message: dict[str, Any]) -> None:
        from blogdesk.core.render import RenderOptions

        self.config = message["config"]
        self.library_posts = message.get("library_posts") or ()
        options = message.get("options") or RenderOptions()
        self.theme = message.get("theme")
        flavour = message.get("flavour")
        if flavour is not None and not flavour.is_plain_pymd:
            if not isinstance(self.renderer, FamilyRenderer) or flavour != self.flavour:
                self.sent_blocks = None  # another family: the whole body again
            self.renderer = FamilyRenderer(flavour, self.library_posts)  # the posts may differ
        elif not isinstance(self.renderer, BlockRenderer) or options != self.options:
            if isinstance(self.renderer, FamilyRenderer):
                self.sent_blocks = None
            self.renderer = BlockRenderer(options)
        self.options = options
        self.flavour = flavour
        self.sent_frame = None  # the frame depends on all of these

    def render(self, message: dict[str, Any], more_waiting: Callable[[float], bool]) -> None:
        started = time.perf_counter()
        generation = message["generation"]
        post, body = message["post"], message["body"]
        if self.renderer is None or self.config is None:
            self._send({"generation": generation, "error": "no context"})
            return
        if isinstance(self.renderer, FamilyRenderer):
            blocks, lines, outline = self.renderer.render(body, post)
        else:
            blocks, lines, outline = self.renderer.render(body)
        reset = self.sent_blocks is None
        splice = diff_blocks(self.sent_blocks or [], blocks)
        total_lines = body.count("\n") + 1
        post_key = _frame_key(post)
        need_frame = self.sent_frame is None or post_key != self.last_post_key
        answer: dict[str, Any] = {
            "generation": generation,
            "splice": splice,
            "lines": lines,
            "total_lines": total_lines,
            "outline": [(e.line - 1, e.level, e.text, e.id) for e in outline],
            "reset": reset,
            "frame": None,
            "final": False,
        }
        self.sent_blocks = blocks
        if not need_frame:
            # The body first. The header's word count and reading time follow once typing
            # pauses: counting 100k words takes ~0.1 s, which the next keystroke must not wait.
            answer["seconds"] = time.perf_counter() - started
            self._send(answer)
            if more_waiting(frame_delay(len(body))):
                self._send({"generation": generation, "final": True})
                return
            answer = {"generation": generation, "final": False}
        frame = self.frame(post, body, outline)
        if frame != self.sent_frame:
            answer["frame"] = frame
            self.sent_frame = frame
        self.last_post_key = post_key
        answer["final"] = True
        answer["seconds"] = time.perf_counter() - started
        self._send(answer)

    def frame(self, post: Post, body: str, outline: Sequence[OutlineEntry]) -> tuple[str, str]:
        """The page around the body, cut where the body goes."""
        import dataclasses

        from blogdesk.core.export import render_post_page
        from blogdesk.core.render import Heading, Rendered

        assert self.config is not None  # render() checked
        if post.body != body:
            post = dataclasses.replace(post, body=body)
        page = render_post_page(
            post,
            self.config,
            library_posts=self.library_posts,
            rendered=Rendered(html=BODY_SENTINEL,
                              outline=tuple(Heading(e.level, e.text, e.id) for e in outline)),
            for_preview=True,
            theme=self.theme,
        )
        before, _sentinel, after = page.partition(BODY_SENTINEL)
        return before, after


def frame_delay(chars: int) -> float:
    """How long typing must pause before the page header is brought up to date (seconds)."""
    if chars < 20_000:
        return 0.0
    return min(0.4, chars / 2_000_000)


def _frame_key(post: Post) -> tuple[object, ...]:
    """The post's fields other than the body (a change means a new page frame)."""
    import dataclasses

    return tuple(getattr(post, f.name) for f in dataclasses.fields(post) if f.name != "body")


# What the first render imports, for every flavour (the page frame, the contract) and for each
# family: `warm_up` imports them while the app is still building its window.
WARM_MODULES = ("blogdesk.core.export", "blogdesk.core.render.contract")
FAMILY_MODULES = {
    "pymd": ("blogdesk.core.incremental",),
    "commonmark": ("blogdesk.core.render.family_incremental",),
    "kramdown": ("blogdesk.core.render.family_incremental", "blogdesk.core.render.kramdown"),
}


def warm_up(generator: str | None) -> None:
    """Import what the first render of a ``generator`` site's posts needs (the app sends
    ``{"op": "warm", "generator"}`` once it has opened the library, before its window shows);
    an unknown generator warms only what every flavour needs. Nothing else is imported: the
    worker keeps to its flavour's modules."""
    import importlib

    for name in WARM_MODULES:
        importlib.import_module(name)
    from blogdesk.core.render.contract import flavour

    try:
        family = flavour(generator or "blogdesk").family
    except ValueError:
        return
    for name in FAMILY_MODULES.get(family, ()):
        importlib.import_module(name)


def main() -> int:
    """Serve requests from stdin until it closes."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints must not corrupt the message stream
    from blogdesk import logs

    logs.setup(faults=True)  # its tracebacks and hard crashes go to the app's log
    inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()

    arrived = threading.Event()

    def read() -> None:
        while True:
            message = read_message(stdin)
            inbox.put(message)
            arrived.set()
            if message is None:
                return

    def more_waiting(timeout: float = 0.0) -> bool:
        return not inbox.empty() or (timeout > 0 and arrived.wait(timeout))

    threading.Thread(target=read, daemon=True).start()
    worker = Worker(lambda answer: write_message(stdout, answer))
    while True:
        message = inbox.get()
        arrived.clear()
        batch = [message]
        while not inbox.empty():
            batch.append(inbox.get_nowait())
        render: dict[str, Any] | None = None
        for item in batch:
            if item is None:
                return 0
            if item.get("op") == "warm":
                try:
                    warm_up(item.get("generator"))
                except Exception:  # only a head start: the render imports what it needs
                    logs.log.exception("the preview worker's warm-up failed")
            elif item.get("op") == "context":
                worker.set_context(item)
            elif item.get("op") == "render":
                render = item  # only the newest text is rendered
        if render is None:
            continue
        try:
            worker.render(render, more_waiting)
        except Exception as exc:  # keep serving: the app keeps the last good preview
            logs.log.exception("the preview's render failed")
            worker.sent_blocks = None
            write_message(
                stdout,
                {"generation": render["generation"], "error": f"{type(exc).__name__}: {exc}"},
            )


if __name__ == "__main__":
    sys.exit(main())
