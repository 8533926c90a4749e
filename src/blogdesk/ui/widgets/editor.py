"""The Markdown editor: a plain-text editor tuned for writing posts, and its pane with find/replace.

It keeps the author's exact text (NBSP and U+2028 survive, unlike ``toPlainText``), shows it in a
centred column of readable width, continues lists on Enter, formats with the usual shortcuts, and
turns a pasted or dropped image into a file in the post's image folder plus a relative link.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import QEvent, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontInfo,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from blogdesk.ui.widgets.find_replace import FindReplaceBar, TextOffsets
from blogdesk.ui.widgets.highlighter import MarkdownHighlighter

__all__ = [
    "EditorPane",
    "MarkdownEditor",
    "TextOffsets",
    "editor_font",
    "preferred_font",
    "prose_font",
]

COLUMN_CHARS = 80  # the text column's width in characters, in a monospace font
PROSE_COLUMN_CHARS = 72  # and in a proportional one: a comfortable line for reading
ZOOM_STEP = 2  # pixels per zoom step
ZOOM_RANGE = (10, 40)  # the smallest and largest font size zoom reaches, in pixels
MIN_SIDE_MARGIN = 24  # pixels between the text and the edge in narrow windows
INDENT = "    "  # Python-Markdown nests lists at four spaces
FONT_PIXELS = 16
# Above this size the highlighter colours lines only as they come into view, each on its own
# (no fenced-block state): colouring 20 MB up front would take about 20 seconds.
LAZY_HIGHLIGHT_CHARS = 1_000_000
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp"}
PREFERRED_FONTS = (
    "iA Writer Mono S",
    "JetBrains Mono",
    "IBM Plex Mono",
    "Source Code Pro",
    "Fira Code",
    "Cascadia Mono",
    "Ubuntu Mono",
    "DejaVu Sans Mono",
    "Menlo",
    "Consolas",
)

_LIST_ITEM = re.compile(r"^([ \t]*)(?:([-*+])|(\d{1,9})([.)]))([ \t]+)(\[[ xX]\][ \t]+)?")
_QUOTE = re.compile(r"^([ \t]{0,3}(?:>[ \t]?)+)")
_HEADING = re.compile(r"^#{1,6}(?:[ \t]+|$)")
_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+")
_NUMBERED = re.compile(r"^([ \t]*)\d{1,9}[.)][ \t]+")
_URL = re.compile(r"^(?:https?://|mailto:)\S+$")
_NOT_NAME = re.compile(r"[^\w-]+")


PROSE_FONTS = (
    "iA Writer Quattro S",
    "Literata",
    "Source Serif 4",
    "Charter",
    "Noto Serif",
    "DejaVu Serif",
    "Georgia",
    "Liberation Serif",
)


def prose_font(pixels: int = FONT_PIXELS) -> QFont:
    """A proportional reading font (the default for drafting): the first installed of a few."""
    families = set(QFontDatabase.families())
    name = next((n for n in PROSE_FONTS if n in families), None)
    font = QFont(name) if name else QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    font.setPixelSize(pixels)
    font.setStyleHint(QFont.StyleHint.Serif)
    return font


def editor_font(monospace: bool, pixels: int = FONT_PIXELS) -> QFont:
    """The editor's font: a reading font, or monospace when the author prefers it."""
    if not monospace:
        return prose_font(pixels)
    font = preferred_font()
    font.setPixelSize(pixels)
    return font


def preferred_font() -> QFont:
    """A readable monospace font at about 16 px: the first installed of a few good ones."""
    families = set(QFontDatabase.families())
    for name in PREFERRED_FONTS:
        if name in families:
            font = QFont(name)
            break
    else:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPixelSize(FONT_PIXELS)
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


def _slug(text: str) -> str:
    return _NOT_NAME.sub("-", text.lower()).strip("-") or "image"


def unique_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem-2.suffix``... when taken."""
    candidate = folder / f"{stem}{suffix}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}{suffix}"
    return candidate


class MarkdownEditor(QPlainTextEdit):
    """Edits a post's Markdown body; see the module docstring."""

    cursorLineChanged = Signal(int)  # 0-based line of the cursor in the body
    imageInserted = Signal(Path)  # a pasted or dropped image saved here
    problem = Signal(str)  # something the author should know (an image could not be saved)
    # The text itself changed. ``textChanged`` also fires when only colours change (the
    # highlighter and the spelling underlines re-format lines), which is not an edit.
    textEdited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markdownEditor")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(self.wordWrapMode())
        self.setCenterOnScroll(False)
        self.document().setDocumentMargin(8)
        self.highlighter = MarkdownHighlighter(self.document(), dark=self._palette_is_dark())
        self._image_folder: Path | None = None
        self._post_dir: Path | None = None
        self._last_line = -1
        self._body_cache: str | None = None
        self._lines: list[str] = [""]
        self.text_revision = 0  # goes up with each change of the text, never for formats alone
        self._revision_told = 0
        self._loading = False
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self._colour_timer = QTimer(self, singleShot=True, interval=0)
        self._colour_timer.timeout.connect(self._colour_visible)
        self.document().contentsChange.connect(self._contents_change)
        self.textChanged.connect(self._tell_if_edited)
        self.updateRequest.connect(self._colour_visible_soon)
        self.cursorPositionChanged.connect(self._cursor_moved)
        self.set_editor_font(prose_font())
        self.setAutoFillBackground(True)
        self._paint_margins_as_page()

    # -- the text -----------------------------------------------------------------------------
    def set_body(self, text: str) -> None:
        """Replace the text; clears undo and leaves the document unmodified."""
        lazy = len(text) > LAZY_HIGHLIGHT_CHARS
        self.highlighter.set_lazy(lazy)
        self._loading = True
        try:
            if lazy:
                with self.highlighter.bulk_load():
                    self.setPlainText(text)
            else:
                self.setPlainText(text)
        finally:
            self._loading = False
        # the lines as the widget holds them (it would turn a stray U+2029 into a line break)
        self._lines = self.document().toRawText().split("\u2029")
        self._body_cache = None
        self.document().clearUndoRedoStacks()
        self.document().setModified(False)
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        self.setTextCursor(cursor)
        if lazy:
            self._colour_visible_soon()

    def body(self) -> str:
        """The exact text: NBSP, U+2028 and tabs kept; lines end in "\\n"."""
        if self._body_cache is None:
            # toPlainText() would turn NBSP into spaces, and toRawText() costs a copy of the
            # whole document per keystroke; the lines are kept up to date as edits come in
            self._body_cache = "\n".join(self._lines)
        return self._body_cache

    def _contents_change(self, position: int, removed: int, added: int) -> None:
        """Keep the Python copy of the lines in step with an edit (only the lines it touched)."""
        self._body_cache = None
        if self._loading:
            self.text_revision += 1
            return
        document = self.document()
        first = document.findBlock(position)
        end = document.findBlock(position + added)
        if not end.isValid():
            end = document.lastBlock()
        first_number = first.blockNumber() if first.isValid() else 0
        last_number = end.blockNumber()
        grown = document.blockCount() - len(self._lines)
        texts = []
        block = document.findBlockByNumber(first_number)
        while block.isValid() and block.blockNumber() <= last_number:
            texts.append(block.text())
            block = block.next()
        span = slice(first_number, last_number - grown + 1)
        if grown or self._lines[span] != texts:
            self.text_revision += 1
        self._lines[span] = texts
        if len(self._lines) != document.blockCount():  # never expected; stay exact regardless
            self._lines = document.toRawText().split("\u2029")
            self.text_revision += 1

    def _tell_if_edited(self) -> None:
        if self.text_revision != self._revision_told:
            self._revision_told = self.text_revision
            self.textEdited.emit()

    def selected_body(self) -> str:
        """The exact selected text ("" without a selection), "\\n" newlines."""
        return self.textCursor().selectedText().replace("\u2029", "\n")

    def replace_all_text(self, text: str) -> None:
        """Replace the whole text as one undoable edit, keeping the cursor near where it was."""
        position = self.textCursor().position()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)

    def _colour_visible_soon(self, *_args: object) -> None:
        if self.highlighter.is_lazy() and not self._colour_timer.isActive():
            self._colour_timer.start()

    def _colour_visible(self) -> None:
        """In a very large document, colour the lines on screen that are not coloured yet."""
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        height = self.viewport().height()
        while block.isValid():
            if self.blockBoundingGeometry(block).translated(offset).top() > height:
                break
            if not block.layout().formats() and block.text().strip():
                self.highlighter.rehighlightBlock(block)
            block = block.next()

    def goto_line(self, line: int) -> None:
        """Put the cursor at the start of a 0-based line and show it in the middle."""
        block = self.document().findBlockByNumber(max(0, line))
        if not block.isValid():
            block = self.document().lastBlock()
        cursor = QTextCursor(block)
        self.setTextCursor(cursor)
        self.centerCursor()

    def _cursor_moved(self) -> None:
        line = self.textCursor().blockNumber()
        if line != self._last_line:
            self._last_line = line
            self.cursorLineChanged.emit(line)

    # -- looks --------------------------------------------------------------------------------
    def set_editor_font(self, font: QFont) -> None:
        """Use this font; tab stops and the text column follow it."""
        self.setFont(font)
        self.document().setDefaultFont(font)
        metrics = QFontMetricsF(font)
        self.setTabStopDistance(metrics.horizontalAdvance(" ") * 4)
        self.highlighter.set_base_font_pixels(font.pixelSize())
        self._update_margins()

    def zoom(self, steps: int) -> int:
        """Make the text larger (steps > 0) or smaller; 0 resets it. Returns the new size in
        pixels, for the settings to remember."""
        font = QFont(self.font())
        low, high = ZOOM_RANGE
        size = FONT_PIXELS if steps == 0 else font.pixelSize() + steps * ZOOM_STEP
        font.setPixelSize(max(low, min(high, size)))
        self.set_editor_font(font)
        return font.pixelSize()

    def column_width(self) -> float:
        """The width of the text column in pixels: about 80 characters of a monospace font, or
        72 of a proportional one."""
        metrics = QFontMetricsF(self.font())
        chars = COLUMN_CHARS if QFontInfo(self.font()).fixedPitch() else PROSE_COLUMN_CHARS
        return metrics.averageCharWidth() * chars + 2 * self.document().documentMargin()

    def _update_margins(self) -> None:
        spare = self.width() - self.column_width() - self.verticalScrollBar().sizeHint().width()
        side = max(MIN_SIDE_MARGIN, int(spare / 2))
        self.setViewportMargins(side, 0, side, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_margins()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.set_dark(self._palette_is_dark())
            self._paint_margins_as_page()

    def _paint_margins_as_page(self) -> None:
        """The side margins take the text's background, so the column reads as one page."""
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        if palette.color(QPalette.ColorRole.Window) != base:
            palette.setColor(QPalette.ColorRole.Window, base)
            self.setPalette(palette)

    def _palette_is_dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    # -- keys ---------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        plain = mods & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        editable = not self.isReadOnly()
        if editable and plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            handled = self._continue_block()
        elif editable and plain and key == Qt.Key.Key_Tab:
            handled = self._indent_lines(outdent=False)
        elif editable and key == Qt.Key.Key_Backtab:
            handled = self._indent_lines(outdent=True)
        else:
            handled = False
        if not handled:
            super().keyPressEvent(event)

    def _in_code_fence(self, cursor: QTextCursor) -> bool:
        return cursor.block().previous().userState() >= 16

    def _continue_block(self) -> bool:
        """Enter in a list item or quote: a new item (or the end of the list on an empty one)."""
        cursor = self.textCursor()
        if cursor.hasSelection() or self._in_code_fence(cursor):
            return False
        line = cursor.block().text()
        column = cursor.positionInBlock()
        prefix, rest_empty = self._item_prefix(line)
        if prefix is None or column < len(prefix.marker):
            return False
        cursor.beginEditBlock()
        if rest_empty and column >= len(line.rstrip()):
            # an empty item ends the list (or the quote): the marker goes and a blank line
            # follows, or the next paragraph would continue the last item (a lazy line)
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.insertText("\n")
        else:
            cursor.insertText("\n" + prefix.next_marker)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    class _Prefix:
        def __init__(self, marker: str, next_marker: str) -> None:
            self.marker = marker
            self.next_marker = next_marker

    def _item_prefix(self, line: str) -> tuple[MarkdownEditor._Prefix | None, bool]:
        item = _LIST_ITEM.match(line)
        if item:
            indent, bullet, number, delim, space, task = item.groups()
            marker = item.group(0)
            if bullet:
                head = f"{indent}{bullet}{space}"
            else:
                head = f"{indent}{int(number) + 1}{delim}{space}"
            if task:
                head += "[ ] "
            return self._Prefix(marker, head), not line[item.end() :].strip()
        quote = _QUOTE.match(line)
        if quote:
            marker = quote.group(1)
            return self._Prefix(marker, marker if marker.endswith(" ") else marker + " "), (
                not line[quote.end() :].strip()
            )
        return None, False

    def _selected_blocks(self) -> tuple[int, int]:
        cursor = self.textCursor()
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart()).blockNumber()
        last_block = doc.findBlock(cursor.selectionEnd())
        last = last_block.blockNumber()
        if (
            cursor.hasSelection()
            and last > first
            and cursor.selectionEnd() == last_block.position()
        ):
            last -= 1  # a selection ending at a line start does not include that line
        return first, last

    def _indent_lines(self, *, outdent: bool) -> bool:
        """Tab / Shift+Tab on list items (or on several selected lines): indent or outdent."""
        cursor = self.textCursor()
        first, last = self._selected_blocks()
        doc = self.document()
        lines = [doc.findBlockByNumber(n).text() for n in range(first, last + 1)]
        is_list = all(_LIST_ITEM.match(text) or not text.strip() for text in lines) and any(
            text.strip() for text in lines
        )
        if not is_list and first == last:
            if outdent and lines[0].startswith((" ", "\t")):
                pass  # Shift+Tab outdents any single line
            else:
                return False

        def change(text: str) -> str:
            if not text.strip():
                return text
            if not outdent:
                return INDENT + text
            if text.startswith("\t"):
                return text[1:]
            spaces = len(text) - len(text.lstrip(" "))
            return text[min(spaces, len(INDENT)) :]

        column = cursor.positionInBlock() if not cursor.hasSelection() else None
        before = lines[0] if column is not None else ""
        self._replace_lines(first, last, [change(t) for t in lines], keep_selection=column is None)
        if column is not None:
            moved = len(change(before)) - len(before)
            block = doc.findBlockByNumber(first)
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + max(0, min(column + moved, block.length() - 1)))
            self.setTextCursor(cursor)
        return True

    def _replace_lines(
        self, first: int, last: int, new_lines: list[str], *, keep_selection: bool = True
    ) -> None:
        doc = self.document()
        start = doc.findBlockByNumber(first).position()
        end_block = doc.findBlockByNumber(last)
        end = end_block.position() + end_block.length() - 1
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText("\n".join(new_lines))
        cursor.endEditBlock()
        if keep_selection:
            cursor.setPosition(start)
            cursor.setPosition(
                start + len("\n".join(new_lines).encode("utf-16-le")) // 2,
                QTextCursor.MoveMode.KeepAnchor,
            )
            self.setTextCursor(cursor)

    # -- formatting ---------------------------------------------------------------------------
    def toggle_bold(self) -> None:
        """Wrap the selection (or the word at the cursor) in ``**``, or unwrap it."""
        self._toggle_wrap("**")

    def toggle_italic(self) -> None:
        """Wrap the selection (or the word at the cursor) in ``*``, or unwrap it."""
        self._toggle_wrap("*")

    def toggle_code(self) -> None:
        """A code span around a selection on one line, a fenced block around several lines."""
        cursor = self.textCursor()
        if "\n" in self.selected_body():
            self._toggle_fence()
            return
        selected = self.selected_body()
        ticks = "``" if "`" in selected else "`"
        if ticks == "``":
            self._toggle_wrap("``", pad=" ")
        else:
            self._toggle_wrap("`")
        del cursor

    def _toggle_fence(self) -> None:
        first, last = self._selected_blocks()
        doc = self.document()
        lines = [doc.findBlockByNumber(n).text() for n in range(first, last + 1)]
        if len(lines) >= 2 and lines[0].startswith("```") and lines[-1].strip() == "```":
            self._replace_lines(first, last, lines[1:-1])
        else:
            self._replace_lines(first, last, ["```", *lines, "```"])

    def _word_under_cursor(self, cursor: QTextCursor) -> None:
        block_text = cursor.block().text()
        column = cursor.positionInBlock()
        start = column
        while start > 0 and (block_text[start - 1].isalnum() or block_text[start - 1] in "_'-"):
            start -= 1
        end = column
        while end < len(block_text) and (block_text[end].isalnum() or block_text[end] in "_'-"):
            end += 1
        if end > start:
            base = cursor.block().position()
            cursor.setPosition(base + start)
            cursor.setPosition(base + end, QTextCursor.MoveMode.KeepAnchor)

    def _toggle_wrap(self, mark: str, pad: str = "") -> None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            self._word_under_cursor(cursor)
        opening, closing = mark + pad, pad + mark
        selected = cursor.selectedText().replace("\u2029", "\n")
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        cursor.beginEditBlock()
        if not selected:
            cursor.insertText(opening + closing)
            cursor.setPosition(start + len(opening))
        elif self._wrapped_inside(selected, mark) and selected.strip() != mark * 2:
            inner = selected[len(opening) : len(selected) - len(closing)]
            cursor.insertText(inner)
            cursor.setPosition(start)
            cursor.setPosition(start + _qt_len(inner), QTextCursor.MoveMode.KeepAnchor)
        elif self._wrapped_outside(cursor, start, end, mark):
            cursor.setPosition(end)
            cursor.setPosition(end + len(mark), QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            cursor.setPosition(start - len(mark))
            cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            cursor.setPosition(start - len(mark))
            cursor.setPosition(end - len(mark), QTextCursor.MoveMode.KeepAnchor)
        else:
            cursor.insertText(opening + selected + closing)
            cursor.setPosition(start + len(opening))
            cursor.setPosition(
                start + len(opening) + _qt_len(selected), QTextCursor.MoveMode.KeepAnchor
            )
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    @staticmethod
    def _wrapped_inside(text: str, mark: str) -> bool:
        if len(text) < 2 * len(mark) or not (text.startswith(mark) and text.endswith(mark)):
            return False
        if mark == "*":  # "**bold**" is not italic; "***both***" is
            return not (text.startswith("**") and not text.startswith("***"))
        return True

    def _wrapped_outside(self, cursor: QTextCursor, start: int, end: int, mark: str) -> bool:
        text = cursor.block().text()
        base = cursor.block().position()
        a, b = start - base, end - base
        if a < len(mark) or b + len(mark) > len(text) or cursor.block().contains(end) is False:
            return False
        if text[a - len(mark) : a] != mark or text[b : b + len(mark)] != mark:
            return False
        if mark == "*":  # inside **bold**, a single * is not italic
            before = text[a - 2 : a - 1] if a >= 2 else ""
            after = text[b + 1 : b + 2]
            if before == "*" and after == "*" and text[a - 3 : a - 2] != "*":
                return False
        return True

    def insert_link(self) -> None:
        """``[selection](url)`` with "url" selected; a selected URL becomes the link's target."""
        cursor = self.textCursor()
        selected = cursor.selectedText().replace("\u2029", " ")
        start = cursor.selectionStart()
        cursor.beginEditBlock()
        if _URL.match(selected.strip()):
            text = f"[link text]({selected.strip()})"
            cursor.insertText(text)
            cursor.setPosition(start + 1)
            cursor.setPosition(start + 1 + len("link text"), QTextCursor.MoveMode.KeepAnchor)
        else:
            text = f"[{selected}](url)"
            cursor.insertText(text)
            url_at = start + 1 + _qt_len(selected) + 2
            cursor.setPosition(url_at)
            cursor.setPosition(url_at + 3, QTextCursor.MoveMode.KeepAnchor)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def insert_image_link(self, target: str, alt: str = "") -> None:
        """Insert ``![alt](target)`` at the cursor, with the cursor in the alt text."""
        cursor = self.textCursor()
        start = cursor.selectionStart()
        cursor.insertText(f"![{alt}]({target})")
        cursor.setPosition(start + 2)
        cursor.setPosition(start + 2 + _qt_len(alt), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def set_heading(self, level: int) -> None:
        """Make the current lines headings of this level (1-6), or paragraphs with 0."""
        level = max(0, min(6, level))
        first, last = self._selected_blocks()
        doc = self.document()
        lines = [doc.findBlockByNumber(n).text() for n in range(first, last + 1)]

        def change(text: str) -> str:
            stripped = _HEADING.sub("", text, count=1)
            if not stripped.strip() and level and first != last:
                return text
            return ("#" * level + " " + stripped) if level else stripped

        self._apply_line_change(first, last, lines, change)

    def toggle_quote(self) -> None:
        """Put ``> `` in front of the current lines, or take it away when all have it."""
        self._toggle_prefix(re.compile(r"^>[ \t]?"), lambda _n: "> ")

    def toggle_bullet_list(self) -> None:
        """Make the current lines a bullet list, or plain lines when they already are one."""
        self._toggle_prefix(_BULLET, lambda _n: "- ", keep_indent=True)

    def toggle_numbered_list(self) -> None:
        """Make the current lines a numbered list (1., 2., ...), or plain lines."""
        self._toggle_prefix(_NUMBERED, lambda n: f"{n}. ", keep_indent=True)

    def toggle_strikethrough(self) -> None:
        """Wrap the selection (or the word at the cursor) in ``~~``, or unwrap it."""
        self._toggle_wrap("~~")

    def insert_code_block(self) -> None:
        """Fence the selected lines as code, or open an empty fenced block at the cursor."""
        if self.textCursor().hasSelection():
            self._toggle_fence()
            return
        self._insert_block("```\n", "\n```")

    def insert_table(self, columns: int = 2, rows: int = 2) -> None:
        """A Markdown table with a header row; the cursor goes into the first header cell."""
        header = "| " + " | ".join(["Column"] * columns) + " |"
        rule = "|" + "|".join([" --- "] * columns) + "|"
        body = "\n".join("|" + "|".join(["  "] * columns) + "|" for _ in range(rows))
        self._insert_block("| ", header[2:] + "\n" + rule + "\n" + body, select=len("Column"))

    def insert_horizontal_rule(self) -> None:
        """A thematic break (``---``) on a line of its own, with blank lines around it."""
        self._insert_block("---\n\n", "")

    def _insert_block(self, before: str, after: str, select: int = 0) -> None:
        """Insert ``before`` + ``after`` as a block of its own (blank lines around it), with the
        cursor between them (selecting ``select`` characters), as one undo step."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        line = cursor.block().text()
        lead = ""
        if line.strip():
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            lead = "\n\n"
        elif cursor.block().previous().isValid() and cursor.block().previous().text().strip():
            lead = "\n"
        cursor.insertText(lead + before)
        middle = cursor.position()
        # the line's own line break ends the block; a blank line before any text that follows
        following = cursor.block().next()
        trail = "\n" if following.isValid() and following.text().strip() else ""
        cursor.insertText(after + trail)
        cursor.setPosition(middle)
        if select:
            cursor.setPosition(middle + select, QTextCursor.MoveMode.KeepAnchor)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    # -- layers of extra selections (focus dimming, find matches) --------------------------------
    def set_selection_layer(self, name: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Show extra selections under a name; layers are drawn in LAYER_ORDER, so one owner
        (the find bar) never removes another's (focus mode)."""
        self._layers[name] = selections
        ordered = sorted(self._layers.items(), key=lambda item: _layer_rank(item[0]))
        self.setExtraSelections([s for _name, layer in ordered for s in layer])

    def _toggle_prefix(
        self, pattern: re.Pattern[str], make: Callable[[int], str], *, keep_indent: bool = False
    ) -> None:
        first, last = self._selected_blocks()
        doc = self.document()
        lines = [doc.findBlockByNumber(n).text() for n in range(first, last + 1)]
        content = [t for t in lines if t.strip()]
        remove = bool(content) and all(pattern.match(t) for t in content)
        counter = iter(range(1, len(lines) + 1))

        def change(text: str) -> str:
            if not text.strip() and len(lines) > 1:
                return text
            if remove:
                match = pattern.match(text)
                indent = match.group(1) if keep_indent and match and match.groups() else ""
                return indent + pattern.sub("", text, count=1)
            indent = text[: len(text) - len(text.lstrip())] if keep_indent else ""
            other = _LIST_ITEM.match(text) if keep_indent else None
            rest = text[other.end() :] if other else text.lstrip() if keep_indent else text
            return indent + make(next(counter)) + rest

        self._apply_line_change(first, last, lines, change)

    def _apply_line_change(
        self, first: int, last: int, lines: list[str], change: Callable[[str], str]
    ) -> None:
        cursor = self.textCursor()
        had_selection = cursor.hasSelection()
        column = cursor.positionInBlock()
        new_lines = [change(t) for t in lines]
        if new_lines == lines:
            return
        self._replace_lines(first, last, new_lines, keep_selection=had_selection)
        if not had_selection:
            block = self.document().findBlockByNumber(first)
            moved = len(new_lines[0]) - len(lines[0])
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + max(0, min(column + moved, block.length() - 1)))
            self.setTextCursor(cursor)

    # -- images -------------------------------------------------------------------------------
    def set_image_folder(self, folder: Path | None, post_dir: Path | None) -> None:
        """Where pasted and dropped images are saved, and the folder links are relative to."""
        self._image_folder = folder
        self._post_dir = post_dir

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        if self._image_folder is not None and (source.hasImage() or self._image_files(source)):
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if self._image_folder is not None and not self.isReadOnly():
            files = self._image_files(source)
            if files or source.hasImage():
                links = []
                try:
                    if files:
                        links = [self._store_file(path) for path in files]
                    else:
                        links = [self._store_image(source)]
                except OSError as exc:
                    self.problem.emit(self.tr("The image could not be saved: {0}").format(exc))
                    return
                cursor = self.textCursor()
                cursor.beginEditBlock()
                for index, link in enumerate(links):
                    if index:
                        cursor.insertText("\n")
                        self.setTextCursor(cursor)
                    self.insert_image_link(link)
                    cursor = self.textCursor()
                cursor.endEditBlock()
                return
        if source.hasText():
            # plain text only: rich text from a browser would otherwise lose its line breaks
            self.textCursor().insertText(source.text())
            self.ensureCursorVisible()
            return
        super().insertFromMimeData(source)

    @staticmethod
    def _image_files(source: QMimeData) -> list[Path]:
        if not source.hasUrls():
            return []
        paths = [Path(url.toLocalFile()) for url in source.urls() if url.isLocalFile()]
        return [p for p in paths if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()]

    def _store_image(self, source: QMimeData) -> str:
        assert self._image_folder is not None
        image = source.imageData()
        if not isinstance(image, QImage):
            image = QImage(image)
        if image.isNull():
            raise OSError("the clipboard holds no readable image")
        self._image_folder.mkdir(parents=True, exist_ok=True)
        target = unique_path(self._image_folder, "pasted-image", ".png")
        if not image.save(str(target)):  # the .png suffix picks the format
            raise OSError(f"could not write {target}")
        self.imageInserted.emit(target)
        return self._relative(target)

    def _store_file(self, path: Path) -> str:
        assert self._image_folder is not None
        folder = self._image_folder
        if path.resolve().parent == folder.resolve():
            return self._relative(path)  # already in the image folder: link it where it is
        folder.mkdir(parents=True, exist_ok=True)
        suffix = path.suffix.lower()
        stem = _slug(path.stem)
        target = folder / f"{stem}{suffix}"
        n = 1
        while target.exists():
            if target.read_bytes() == path.read_bytes():
                return self._relative(target)  # the same picture dropped twice: one file
            n += 1
            target = folder / f"{stem}-{n}{suffix}"
        shutil.copyfile(path, target)
        self.imageInserted.emit(target)
        return self._relative(target)

    def _relative(self, target: Path) -> str:
        base = self._post_dir or (
            self._image_folder.parent if self._image_folder else target.parent
        )
        relative = Path(os.path.relpath(target.resolve(), base.resolve())).as_posix()
        return quote(relative, safe="/-._~")


#: The order extra selections are drawn in, bottom first; a name not listed goes on top.
LAYER_ORDER = ("focus", "find")


def _layer_rank(name: str) -> int:
    return LAYER_ORDER.index(name) if name in LAYER_ORDER else len(LAYER_ORDER)


def _qt_len(text: str) -> int:
    """Length of a text in Qt positions (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


class EditorPane(QWidget):
    """The editor with its find and replace bar below it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorPane")
        self.editor = MarkdownEditor(self)
        self.editor.setAccessibleName(self.tr("Post text"))
        self.editor.setAccessibleDescription(
            self.tr("The post's Markdown; the preview shows the page"))
        self.find_bar = FindReplaceBar(self.editor, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.find_bar)

    def show_find(self) -> None:
        """Open the find bar."""
        self.find_bar.show_find()

    def show_replace(self) -> None:
        """Open the find bar with its replace row."""
        self.find_bar.show_replace()

    def find_next(self) -> None:
        """Next match of the current search (F3)."""
        self.find_bar.find_next()

    def find_previous(self) -> None:
        """Previous match of the current search (Shift+F3)."""
        self.find_bar.find_previous()
