"""The structure of sanitized HTML, for comparing blogdesk's output with a real engine's.

Both sides go through blogdesk's sanitizer first, then become a list of events: block elements
opening and closing (with an ordered list's start number, a heading's id and a table cell's
alignment), link targets and image sources, code blocks with their exact text, and the visible
text of each run, whitespace collapsed. Inline formatting tags, wrappers (div, span, section,
thead, tbody), attributes the sanitizer keeps for styling (class, id) and whitespace between
blocks are not structure and are ignored.
"""

from __future__ import annotations

from html.parser import HTMLParser

from blogdesk.core.render import sanitize

BLOCKS = {
    "p", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table",
    "tr", "th", "td", "dl", "dt", "dd", "hr", "details", "summary",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"hr", "br", "img", "input", "wbr"}


class _Structure(HTMLParser):
    def __init__(self, heading_ids: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.heading_ids = heading_ids
        self.events: list[tuple[str, ...]] = []
        self.text: list[str] = []
        self.pre = 0

    def _flush(self) -> None:
        raw = "".join(self.text)
        self.text = []
        if self.pre:
            if raw.strip("\n"):
                self.events.append(("code", raw.strip("\n")))
            return
        words = " ".join(raw.split())
        if words:
            self.events.append(("text", words))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag in BLOCKS:
            self._flush()
            if tag == "ol":
                self.events.append(("open", tag, attr.get("start") or "1"))
            elif tag in HEADINGS and self.heading_ids:  # a heading's id is a link target
                self.events.append(("open", tag, attr.get("id") or ""))
            elif tag in ("th", "td"):  # a column's alignment, however the family writes it
                self.events.append(("open", tag, _alignment(attr)))
            else:
                self.events.append(("open", tag))
            if tag == "pre":
                self.pre += 1
        elif tag == "a" and attr.get("href"):
            self._flush()
            self.events.append(("link", attr["href"] or ""))
        elif tag == "img":
            self._flush()
            self.events.append(("img", attr.get("src") or "", attr.get("alt") or ""))
        elif tag == "br" and not self.pre:
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS and tag not in VOID:
            self._flush()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            self.events.append(("close", tag))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _alignment(attr: dict[str, str | None]) -> str:
    style = attr.get("style") or ""
    if style.startswith("text-align:"):
        return style.partition(":")[2].strip()
    return attr.get("align") or ""


def structure(html: str, heading_ids: bool = True) -> list[tuple[str, ...]]:
    """The comparable structure of some HTML, after blogdesk's sanitizer."""
    parser = _Structure(heading_ids)
    parser.feed(sanitize(html))
    parser.close()
    parser._flush()
    return parser.events


def first_difference(ours: str, theirs: str, heading_ids: bool = True) -> str:
    """A short description of where two HTML documents' structures part, or "" when equal."""
    a, b = structure(ours, heading_ids), structure(theirs, heading_ids)
    if a == b:
        return ""
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return f"event {i}: ours {x!r}, engine {y!r}"
    shorter = "ours" if len(a) < len(b) else "the engine's"
    extra = (b if len(a) < len(b) else a)[min(len(a), len(b))]
    return f"{shorter} ends early; next: {extra!r}"
