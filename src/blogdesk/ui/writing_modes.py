"""Writing modes of the editor: focus mode (everything but the current sentence or paragraph is
dimmed) and typewriter scrolling (the line being written stays in the middle of the screen).

Both are adapters on a MarkdownEditor: they follow its cursor and draw through its extra
selections (the "focus" layer), so the editor itself knows nothing of them.
"""

from __future__ import annotations

import re
from enum import Enum

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import QTextEdit

from blogdesk.ui.widgets.editor import MarkdownEditor

__all__ = ["FocusMode", "FocusUnit", "TypewriterScrolling", "focus_span"]

# A sentence ends at . ! ? or … (with closing quotes or brackets) followed by a space.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")


class FocusUnit(Enum):
    """How much stays bright in focus mode."""

    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"


def focus_span(lines: list[str], line: int, column: int, unit: FocusUnit) -> tuple[
    tuple[int, int], tuple[int, int]
]:
    """The focused part around (line, column), as ((first line, column), (last line, column)),
    the end exclusive. A paragraph is the run of non-blank lines around the cursor; a sentence
    is the part of that paragraph between two sentence ends."""
    first = last = line
    if lines[line].strip():
        while first > 0 and lines[first - 1].strip():
            first -= 1
        while last + 1 < len(lines) and lines[last + 1].strip():
            last += 1
    if unit is FocusUnit.PARAGRAPH or not lines[line].strip():
        return (first, 0), (last, len(lines[last]))
    # the paragraph as one string, with the cursor's offset in it
    text = "\n".join(lines[first : last + 1])
    offset = sum(len(lines[n]) + 1 for n in range(first, line)) + column
    start, end = 0, len(text)
    for match in _SENTENCE_END.finditer(text):
        if match.end() <= offset:
            start = match.end()
        else:
            end = match.end()
            break

    def position(index: int) -> tuple[int, int]:
        n = first
        while index > len(lines[n]) and n < last:
            index -= len(lines[n]) + 1
            n += 1
        return n, index

    return position(start), position(end)


class FocusMode(QObject):
    """Dims the text around the current sentence or paragraph."""

    def __init__(self, editor: MarkdownEditor, unit: FocusUnit = FocusUnit.SENTENCE) -> None:
        super().__init__(editor)
        self.editor = editor
        self.unit = unit
        self.enabled = False

    def set_enabled(self, enabled: bool) -> None:
        """Turn focus mode on or off."""
        if enabled == self.enabled:
            return
        self.enabled = enabled
        if enabled:
            self.editor.cursorPositionChanged.connect(self.refresh)
            self.editor.textChanged.connect(self.refresh)
            self.refresh()
        else:
            self.editor.cursorPositionChanged.disconnect(self.refresh)
            self.editor.textChanged.disconnect(self.refresh)
            self.editor.set_selection_layer("focus", [])

    def set_unit(self, unit: FocusUnit) -> None:
        """Sentence or paragraph."""
        self.unit = unit
        if self.enabled:
            self.refresh()

    def dim_colour(self) -> QColor:
        """The text colour halfway to the background."""
        palette = self.editor.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        return QColor(
            (text.red() * 35 + base.red() * 65) // 100,
            (text.green() * 35 + base.green() * 65) // 100,
            (text.blue() * 35 + base.blue() * 65) // 100,
        )

    def focused_range(self) -> tuple[int, int]:
        """Document positions of the bright part: (start, end)."""
        cursor = self.editor.textCursor()
        block = cursor.block()
        # only the paragraph's lines are needed: look a bounded way up and down
        document = self.editor.document()
        low = block
        for _ in range(500):
            if not low.previous().isValid() or not low.previous().text().strip():
                break
            low = low.previous()
        high = block
        for _ in range(500):
            if not high.next().isValid() or not high.next().text().strip():
                break
            high = high.next()
        lines, b = [], low
        while b.isValid() and b.blockNumber() <= high.blockNumber():
            lines.append(b.text())
            b = b.next()
        (l1, c1), (l2, c2) = focus_span(
            lines, block.blockNumber() - low.blockNumber(), cursor.positionInBlock(), self.unit
        )
        start = document.findBlockByNumber(low.blockNumber() + l1).position() + c1
        end = document.findBlockByNumber(low.blockNumber() + l2).position() + c2
        return start, end

    def refresh(self) -> None:
        """Dim everything outside the focused range."""
        start, end = self.focused_range()
        colour = self.dim_colour()
        selections = []
        last = self.editor.document().characterCount() - 1
        for a, b in ((0, start), (end, last)):
            if b <= a:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor  # type: ignore[misc]
            selection.format.setForeground(colour)
            selections.append(selection)
        self.editor.set_selection_layer("focus", selections)


class TypewriterScrolling(QObject):
    """Keeps the cursor's line in the middle of the editor while writing."""

    def __init__(self, editor: MarkdownEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.enabled = False

    def set_enabled(self, enabled: bool) -> None:
        """Turn typewriter scrolling on or off."""
        if enabled == self.enabled:
            return
        self.enabled = enabled
        # the last lines can only come to the middle when the editor may scroll past the end
        self.editor.setCenterOnScroll(enabled)
        if enabled:
            self.editor.cursorPositionChanged.connect(self.editor.centerCursor)
            self.editor.centerCursor()
        else:
            self.editor.cursorPositionChanged.disconnect(self.editor.centerCursor)
