"""Markdown at the level of single lines: fences, headings, setext underlines, list markers.

The one place these line rules live; the editor's highlighter, the outline and the statistics
read lines with them. Python-Markdown's rules (what the preview shows for blogdesk's own posts):
a fence opens and closes at the first column, and closes only with the same run of characters;
ATX headings start at the first column; a setext underline turns the block's first line above it
into a heading. The statistics also take fences indented inside list items (``FENCE_OPEN``), as
the CommonMark family shows them, so their code is never counted as words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "FENCE_OPEN",
    "LIST_MARKER",
    "LineHeading",
    "closes_fence",
    "fence_of",
    "headings",
    "is_setext_underline",
]

_FENCE = re.compile(r"^(`{3,}|~{3,})")
#: A fence opening at any indentation: (indentation, fence, info string).
FENCE_OPEN = re.compile(r"([ \t]*)(`{3,}|~{3,})(.*)$")
#: A list item's marker (``-``, ``*``, ``+``, ``1.``, ``1)``), indented or not.
LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)")
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_ATX = re.compile(r"^(#{1,6})(.*?)(?:[ \t]#+)?[ \t]*#*[ \t]*$")
_INLINE_MARKS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ATTR_LIST = re.compile(r"\s*\{[:#.][^}]*\}\s*$")
_NOT_SETEXT_TEXT = (" " * 4, "\t", ">", "- ", "* ", "+ ")


def fence_of(line: str) -> str | None:
    """The fence that opens or closes a fenced code block on this line, or None."""
    match = _FENCE.match(line)
    return match.group(1) if match else None


def closes_fence(fence: str, line: str) -> bool:
    """True when ``line`` closes the block ``fence`` opened: the same run, nothing after it."""
    return fence_of(line) == fence and not line[len(fence) :].strip()


def is_setext_underline(line: str) -> bool:
    """True when the line would turn the paragraph line above it into a heading."""
    return bool(_SETEXT.match(line))


@dataclass(frozen=True)
class LineHeading:
    """One heading: level 1-6, its text as a reader sees it, and its 0-based body line."""

    level: int
    text: str
    line: int


def _plain(text: str) -> str:
    text = _ATTR_LIST.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _INLINE_MARKS.sub(r"\2", text)
    return " ".join(text.split())


class _HeadingScan:
    """One pass over a body's lines, skipping fenced code and HTML comments."""

    def __init__(self) -> None:
        self.found: list[LineHeading] = []
        self.fence: str | None = None
        self.in_comment = False
        self.previous = ""  # the line above, while it may still become a setext heading
        self.previous_starts_block = False

    def line(self, number: int, line: str) -> None:
        starts_block = not self.previous.strip()
        if self.skipped(line):
            self.previous, self.previous_starts_block = "", False
        elif line.lstrip().startswith("<!--") and "-->" not in line:
            self.in_comment = True
        elif self.heading(number, line):
            self.previous, self.previous_starts_block = "", False
        else:
            self.previous, self.previous_starts_block = line, starts_block

    def skipped(self, line: str) -> bool:
        """True for a line of code, a fence or a comment (and the state is carried on)."""
        if self.fence is not None:
            if closes_fence(self.fence, line):
                self.fence = None
            return True
        if self.in_comment:
            self.in_comment = "-->" not in line
            return True
        self.fence = fence_of(line)
        return self.fence is not None

    def heading(self, number: int, line: str) -> bool:
        atx = _ATX.match(line)
        if atx:
            text = _plain(atx.group(2).strip().rstrip("#").strip())
            if text:
                self.found.append(LineHeading(len(atx.group(1)), text, number))
            return True
        previous = self.previous
        if (
            is_setext_underline(line)
            and previous.strip()
            and self.previous_starts_block
            and not previous.startswith(_NOT_SETEXT_TEXT)
        ):
            level = 1 if line[0] == "=" else 2
            self.found.append(LineHeading(level, _plain(previous.strip()), number - 1))
            return True
        return False


def headings(body: str) -> list[LineHeading]:
    """The headings of a Markdown body, in order, found the way Python-Markdown finds them."""
    scan = _HeadingScan()
    for number, line in enumerate(body.split("\n")):
        scan.line(number, line)
    return scan.found
