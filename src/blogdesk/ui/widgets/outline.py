"""The outline: the post's headings as a tree; a click puts the editor on that heading.

Headings are found the way Python-Markdown finds them, so the outline matches the page: ATX
headings start at the first column (``#`` to ``######``), setext headings are a block's first
line underlined with ``=`` or ``-``, and nothing inside a fenced code block or an HTML comment
counts.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from blogdesk.ui.widgets.highlighter import fence_of

__all__ = ["OutlineHeading", "OutlineView", "parse_headings"]

_ATX = re.compile(r"^(#{1,6})(.*?)(?:[ \t]#+)?[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_INLINE_MARKS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ATTR_LIST = re.compile(r"\s*\{[:#.][^}]*\}\s*$")


@dataclass(frozen=True)
class OutlineHeading:
    """One heading: level 1-6, its text as a reader sees it, and its 0-based body line."""

    level: int
    text: str
    line: int


def _plain(text: str) -> str:
    text = _ATTR_LIST.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _INLINE_MARKS.sub(r"\2", text)
    return " ".join(text.split())


def parse_headings(body: str) -> list[OutlineHeading]:
    """The headings of a Markdown body, in order."""
    headings: list[OutlineHeading] = []
    fence: str | None = None
    in_comment = False
    previous = ""
    previous_starts_block = False
    for number, line in enumerate(body.split("\n")):
        starts_block = not previous.strip()
        if fence is not None:
            found = fence_of(line)
            if found == fence and not line[len(found) :].strip():
                fence = None
            previous, previous_starts_block = "", False
            continue
        if in_comment:
            if "-->" in line:
                in_comment = False
            previous, previous_starts_block = "", False
            continue
        found = fence_of(line)
        if found is not None:
            fence = found
            previous, previous_starts_block = "", False
            continue
        if line.lstrip().startswith("<!--") and "-->" not in line:
            in_comment = True
            continue
        atx = _ATX.match(line)
        if atx:
            text = _plain(atx.group(2).strip().rstrip("#").strip())
            if text:
                headings.append(OutlineHeading(len(atx.group(1)), text, number))
            previous, previous_starts_block = "", False
            continue
        setext = _SETEXT.match(line)
        if (
            setext
            and previous.strip()
            and previous_starts_block
            and not previous.startswith((" " * 4, "\t", ">", "- ", "* ", "+ "))
        ):
            level = 1 if setext.group(1)[0] == "=" else 2
            headings.append(OutlineHeading(level, _plain(previous.strip()), number - 1))
            previous, previous_starts_block = "", False
            continue
        previous, previous_starts_block = line, starts_block
    return headings


class OutlineView(QTreeWidget):
    """The headings of the post being edited, nested by level."""

    headingActivated = Signal(int)  # body line (0-based) to jump to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outlineView")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setUniformRowHeights(True)
        self.setExpandsOnDoubleClick(False)
        self.setIndentation(14)
        self.headings: list[OutlineHeading] = []
        self._lines: list[int] = []
        self._items: list[QTreeWidgetItem] = []
        self.itemClicked.connect(self._activated)
        self.itemActivated.connect(self._activated)

    def set_markdown(self, body: str) -> None:
        """Show the headings of this body (the tree is rebuilt only when they changed)."""
        headings = parse_headings(body)
        if headings == self.headings:
            return
        self.headings = headings
        self._lines = [h.line for h in headings]
        self.clear()
        self._items = []
        stack: list[tuple[int, QTreeWidgetItem]] = []
        for heading in headings:
            while stack and stack[-1][0] >= heading.level:
                stack.pop()
            parent = stack[-1][1] if stack else self.invisibleRootItem()
            item = QTreeWidgetItem(parent, [heading.text])
            item.setData(0, Qt.ItemDataRole.UserRole, heading.line)
            item.setToolTip(0, f"{heading.text} (line {heading.line + 1})")
            self._items.append(item)
            stack.append((heading.level, item))
        self.expandAll()

    def set_current_line(self, line: int) -> None:
        """Select the heading of the section that contains this body line."""
        index = bisect.bisect_right(self._lines, line) - 1
        if 0 <= index < len(self._items):
            self.blockSignals(True)
            self.setCurrentItem(self._items[index])
            self.blockSignals(False)
        else:
            self.clearSelection()

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        line = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(line, int):
            self.headingActivated.emit(line)
