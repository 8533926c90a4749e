"""The outline: the post's headings as a tree; a click puts the editor on that heading.

The window feeds :meth:`OutlineView.show_headings` from the preview's render (the render worker
sends the page's headings with their body lines, in the site's flavour), so the outline is the
page's. Where no render comes (the preview not built yet or unavailable, a post so large it
renders only on request), :meth:`OutlineView.set_markdown` finds them with the line scanner
``core.markdown_lines.headings``, the way Python-Markdown does: no fenced code, no comments.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from blogdesk.core.markdown_lines import LineHeading, headings

__all__ = ["OutlineView"]


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
        self.headings: list[LineHeading] = []
        self._lines: list[int] = []
        self._items: list[QTreeWidgetItem] = []
        self.itemClicked.connect(self._activated)
        self.itemActivated.connect(self._activated)

    def set_markdown(self, body: str) -> None:
        """Show the headings of this body (the tree is rebuilt only when they changed)."""
        self.show_headings(headings(body))

    def show_headings(self, found: list[LineHeading]) -> None:
        """Show these headings (0-based body lines), nested by level; the tree is rebuilt only
        when they changed."""
        if found == self.headings:
            return
        self.headings = found
        self._lines = [h.line for h in found]
        self.clear()
        self._items = []
        stack: list[tuple[int, QTreeWidgetItem]] = []
        for heading in found:
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
