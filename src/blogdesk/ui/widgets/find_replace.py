"""The find and replace bar under the editor: next, previous, case, whole word, regex, replace all.

Searching uses Python's ``re`` on the editor's exact text (the same text that is saved), so what
the match count says is what Replace All changes; the editor's cursor shows each match.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPalette, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

from blogdesk.ui.i18n import QT_TRANSLATE_NOOP, plural

if TYPE_CHECKING:
    from blogdesk.ui.widgets.editor import MarkdownEditor

__all__ = ["FindReplaceBar", "TextOffsets", "compile_pattern"]

COUNT_LIMIT = 10_000  # counting stops here on huge documents ("10000+ matches")
FIELD_EMS = 18  # the find and replace fields are at least this many characters wide
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class TextOffsets:
    """Converts between Python string indices and Qt's UTF-16 positions for one text."""

    def __init__(self, text: str) -> None:
        # Qt positions of the characters outside the BMP: each of them counts twice in Qt
        astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []
        self._qt = [index + k for k, index in enumerate(astral)]
        self._py = astral

    def to_qt(self, index: int) -> int:
        """The Qt position of a Python index."""
        return index + bisect.bisect_left(self._py, index)

    def to_py(self, position: int) -> int:
        """The Python index of a Qt position."""
        return position - bisect.bisect_left(self._qt, position)


def compile_pattern(
    text: str, *, match_case: bool, whole_word: bool, regex: bool
) -> re.Pattern[str] | None:
    """The search as a compiled pattern; None when empty. Raises re.error for a bad regex."""
    if not text:
        return None
    source = text if regex else re.escape(text)
    if whole_word:
        source = rf"(?<!\w)(?:{source})(?!\w)"
    flags = re.MULTILINE if regex else 0
    if not match_case:
        flags |= re.IGNORECASE
    return re.compile(source, flags)


class FindReplaceBar(QWidget):
    """A bar with find and replace fields for one MarkdownEditor; Esc hides it."""

    closed = Signal()

    def __init__(self, editor: MarkdownEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findReplaceBar")
        self._editor = editor
        self.find_field = QLineEdit(placeholderText=self.tr("Find"), clearButtonEnabled=True)
        self.find_field.setAccessibleName(self.tr("Find"))
        self.replace_field = QLineEdit(placeholderText=self.tr("Replace with"),
                                       clearButtonEnabled=True)
        self.replace_field.setAccessibleName(self.tr("Replace with"))
        # compact toggles, as in most editors: they keep the fields wide in a narrow pane
        self.match_case = self._toggle("Aa", QT_TRANSLATE_NOOP("FindReplaceBar", "Match case"))
        self.whole_word = self._toggle("W", QT_TRANSLATE_NOOP("FindReplaceBar", "Whole word"))
        self.regex = self._toggle(".*", QT_TRANSLATE_NOOP("FindReplaceBar", "Regular expression"))
        self._matches_found: list[tuple[int, int]] = []
        self._marked: list[tuple[int, int]] = []
        self._marks_timer = QTimer(self, singleShot=True, interval=30)
        self._marks_timer.timeout.connect(self._mark_visible_matches)
        self.count_label = QLabel("")
        self.count_label.setObjectName("findCount")
        self._buttons: dict[str, QToolButton] = {}
        self._build()
        self._recount = QTimer(self, singleShot=True, interval=150)
        self._recount.timeout.connect(self.update_count)
        for field in (self.find_field, self.replace_field):
            field.installEventFilter(self)
        self.find_field.textChanged.connect(self._find_text_changed)
        self.find_field.returnPressed.connect(self.find_next)
        self.replace_field.returnPressed.connect(self.replace)
        for box in (self.match_case, self.whole_word, self.regex):
            box.toggled.connect(self._options_changed)
        editor.textChanged.connect(self._editor_text_changed)
        editor.updateRequest.connect(lambda *_: self.isVisible() and self._marks_timer.start())
        QShortcut(
            QKeySequence("Esc"),
            self,
            self.close_bar,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.hide()

    def _toggle(self, text: str, name: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setCheckable(True)
        button.setToolTip(self.tr(name))
        button.setAccessibleName(self.tr(name))
        button.setObjectName(f"find_{name.lower().replace(' ', '_')}")
        return button

    def _build(self) -> None:
        width = self.fontMetrics().averageCharWidth() * FIELD_EMS
        for field in (self.find_field, self.replace_field):
            field.setMinimumWidth(width)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.find_field, 0, 0)
        grid.addLayout(
            self._row(
                ("previous", "↑", self.tr("Previous match"), "Shift+F3", self.find_previous),
                ("next", "↓", self.tr("Next match"), "F3", self.find_next),
            ),
            0,
            1,
        )
        options = QHBoxLayout()
        for box in (self.match_case, self.whole_word, self.regex):
            options.addWidget(box)
        options.addWidget(self.count_label, 1)
        grid.addLayout(options, 0, 2)
        close = self._button("close", "✕", self.tr("Close"), "Esc", self.close_bar)
        grid.addWidget(close, 0, 3)
        grid.addWidget(self.replace_field, 1, 0)
        grid.addLayout(
            self._row(
                ("replace", self.tr("Replace"), self.tr("Replace this match"), "", self.replace),
                ("replace_all", self.tr("All"), self.tr("Replace all matches"), "",
                 self.replace_all),
            ),
            1,
            1,
        )
        grid.setColumnStretch(0, 1)
        self.replace_row = [
            self.replace_field,
            self._buttons["replace"],
            self._buttons["replace_all"],
        ]

    def _row(self, *specs: tuple[str, str, str, str, object]) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(2)
        for name, text, words, keys, slot in specs:
            row.addWidget(self._button(name, text, words, keys, slot))
        return row

    def _button(self, name: str, text: str, words: str, keys: str, slot: object) -> QToolButton:
        """A small button: ``words`` say what it does (its name), ``keys`` its shortcut."""
        button = QToolButton()
        button.setText(text)
        shown = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{words} ({shown})" if keys else words)
        button.setAutoRaise(True)
        button.setObjectName(f"find_{name}")
        button.setAccessibleName(words)
        button.clicked.connect(slot)
        self._buttons[name] = button
        return button

    # -- showing ------------------------------------------------------------------------------
    def show_find(self) -> None:
        """Show the find row, seeded with the selected text, and focus it."""
        self._set_replace_visible(False)
        self._open()

    def show_replace(self) -> None:
        """Show find and replace rows."""
        self._set_replace_visible(True)
        self._open()

    def _open(self) -> None:
        selected = self._editor.selected_body()
        if selected and "\n" not in selected:
            self.find_field.setText(selected)
        self.show()
        self.find_field.setFocus()
        self.find_field.selectAll()
        self.update_count()

    def _set_replace_visible(self, visible: bool) -> None:
        for widget in self.replace_row:
            widget.setVisible(visible)

    def close_bar(self) -> None:
        """Hide the bar and give the focus back to the editor."""
        self.hide()
        self._matches_found, self._marked = [], []
        self._editor.set_selection_layer("find", [])
        self._editor.setFocus()
        self.closed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and shift and watched is self.find_field:
                self.find_previous()
                return True
        return super().eventFilter(watched, event)

    # -- searching ----------------------------------------------------------------------------
    def pattern(self) -> re.Pattern[str] | None:
        """The current search, or None (empty or invalid; an invalid regex is shown in red)."""
        try:
            pattern = compile_pattern(
                self.find_field.text(),
                match_case=self.match_case.isChecked(),
                whole_word=self.whole_word.isChecked(),
                regex=self.regex.isChecked(),
            )
        except re.error as exc:
            self._show_state(self.tr("Invalid expression: {0}").format(exc.msg), error=True)
            return None
        return pattern

    def _show_state(self, text: str, *, error: bool = False) -> None:
        self.count_label.setText(text)
        self.find_field.setStyleSheet("QLineEdit { color: #c0392b; }" if error else "")

    def _matches(self, text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        found = []
        for match in pattern.finditer(text):
            if match.end() == match.start():
                continue  # empty matches (like ^) find nothing a writer wants
            found.append((match.start(), match.end()))
            if len(found) >= COUNT_LIMIT:
                break
        return found

    def update_count(self) -> int:
        """Refresh the "3 of 12" label; returns the number of matches."""
        pattern = self.pattern()
        if pattern is None:
            if not self.find_field.text():
                self._show_state("")
            self._show_matches("", [])
            return 0
        text = self._editor.body()
        matches = self._matches(text, pattern)
        self._show_matches(text, matches)
        count = len(matches)
        if count == 0:
            self._show_state(self.tr("No matches"), error=True)
            return 0
        start, end = self._selection(text)
        current = [i for i, (a, b) in enumerate(matches) if a == start and b == end]
        more = "+" if count >= COUNT_LIMIT else ""
        if current:
            self._show_state(self.tr("{0} of {1}").format(current[0] + 1, f"{count}{more}"))
        else:
            self._show_state(plural(count, self.tr("{0} match", "", count),
                                    self.tr("{0} matches", "", count)).format(f"{count}{more}"))
        return count

    # -- every match highlighted -----------------------------------------------------------
    def _show_matches(self, text: str, matches: list[tuple[int, int]]) -> None:
        offsets = TextOffsets(text)
        self._matches_found = [(offsets.to_qt(a), offsets.to_qt(b)) for a, b in matches]
        self._mark_visible_matches()

    def _mark_visible_matches(self) -> None:
        """Highlight the matches on screen (only those: a long post may have thousands)."""
        editor = self._editor
        first = editor.firstVisibleBlock()
        low = first.position()
        block, bottom, offset = first, editor.viewport().height(), editor.contentOffset()
        while block.next().isValid():
            if editor.blockBoundingGeometry(block).translated(offset).top() > bottom:
                break
            block = block.next()
        high = block.position() + block.length()
        colour = QColor(editor.palette().color(QPalette.ColorRole.Highlight))
        colour.setAlpha(70)
        selections, self._marked = [], []
        for start, end in self._matches_found[bisect.bisect_left(self._matches_found, (low, 0)) :]:
            if start > high:
                break
            self._marked.append((start, end))
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(editor.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor  # type: ignore[misc]
            selection.format.setBackground(colour)
            selections.append(selection)
        editor.set_selection_layer("find", selections)

    def marked_matches(self) -> list[tuple[int, int]]:
        """The (start, end) Qt positions highlighted now."""
        return list(self._marked)

    def find_next(self) -> bool:
        """Select the next match after the cursor (wrapping); False when there is none."""
        return self._find(backwards=False)

    def find_previous(self) -> bool:
        """Select the previous match before the cursor (wrapping)."""
        return self._find(backwards=True)

    def _find(self, *, backwards: bool) -> bool:
        pattern = self.pattern()
        if pattern is None:
            return False
        text = self._editor.body()
        start, end = self._selection(text)
        if backwards:
            matches = [m for m in pattern.finditer(text) if m.end() > m.start()]
            before = [m for m in matches if m.start() < start]
            candidates = before or matches
            chosen = candidates[-1] if candidates else None
        else:
            chosen = self._next_match(pattern, text, end)
            if chosen is None:
                chosen = self._next_match(pattern, text, 0)
        if chosen is None:
            self.update_count()
            return False
        self._select(text, chosen.start(), chosen.end())
        self.update_count()
        return True

    @staticmethod
    def _next_match(pattern: re.Pattern[str], text: str, start: int) -> re.Match[str] | None:
        for match in pattern.finditer(text, start):
            if match.end() > match.start():
                return match
        return None

    def _selection(self, text: str) -> tuple[int, int]:
        """The editor's selection as Python indices into text."""
        cursor = self._editor.textCursor()
        offsets = TextOffsets(text)
        return offsets.to_py(cursor.selectionStart()), offsets.to_py(cursor.selectionEnd())

    def _select(self, text: str, start: int, end: int) -> None:
        offsets = TextOffsets(text)
        cursor = self._editor.textCursor()
        cursor.setPosition(offsets.to_qt(start))
        cursor.setPosition(offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self._editor.setTextCursor(cursor)
        self._editor.centerCursor()

    # -- replacing ----------------------------------------------------------------------------
    def _replacement(self, match: re.Match[str]) -> str:
        template = self.replace_field.text()
        return match.expand(template) if self.regex.isChecked() else template

    def replace(self) -> bool:
        """Replace the selected match (if the selection is one) and select the next one."""
        pattern = self.pattern()
        if pattern is None:
            return False
        cursor = self._editor.textCursor()
        text = self._editor.body()
        if cursor.hasSelection():
            start, end = self._selection(text)
            match = pattern.fullmatch(text, start, end)
            if match is not None:
                try:
                    replacement = self._replacement(match)
                except (re.error, IndexError) as exc:
                    self._show_state(self.tr("Invalid replacement: {0}").format(exc), error=True)
                    return False
                cursor.insertText(replacement)
                self._editor.setTextCursor(cursor)
        return self.find_next()

    def replace_all(self) -> int:
        """Replace every match in one undoable step; returns how many were replaced."""
        pattern = self.pattern()
        if pattern is None:
            return 0
        text = self._editor.body()
        try:
            new_text, count = pattern.subn(self._checked_replacement, text)
        except (re.error, IndexError) as exc:
            self._show_state(self.tr("Invalid replacement: {0}").format(exc), error=True)
            return 0
        if count:
            self._editor.replace_all_text(new_text)
        self._show_state(self.tr("Replaced {0}").format(count))
        return count

    def _checked_replacement(self, match: re.Match[str]) -> str:
        if match.end() == match.start():
            return match.group(0)
        return self._replacement(match)

    # -- keeping the count fresh --------------------------------------------------------------
    def _find_text_changed(self) -> None:
        # search as you type: the first match at or after the start of the selection
        pattern = self.pattern()
        if pattern is not None:
            text = self._editor.body()
            start, _end = self._selection(text)
            match = self._next_match(pattern, text, start) or self._next_match(pattern, text, 0)
            if match is not None:
                self._select(text, match.start(), match.end())
        self._recount.start()

    def _options_changed(self) -> None:
        self.update_count()

    def _editor_text_changed(self) -> None:
        if self.isVisible() and self.find_field.text():
            self._recount.start()
