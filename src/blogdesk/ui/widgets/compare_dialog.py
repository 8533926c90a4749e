"""Read-only comparison of two versions of a post: the one on disk and the author's.

Side by side (lines aligned, changed lines tinted) or as a unified diff, both from difflib. The
dialog is only for looking; it never edits either text. Its buttons answer the conflict
question (take the disk version, or keep mine) or just close it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QFontDatabase, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from blogdesk.ui.i18n import plural
from blogdesk.ui.widgets.dialogs import name_buttons

__all__ = [
    "KEEP",
    "RELOAD",
    "CompareDialog",
    "DiffView",
    "Row",
    "compare",
    "side_by_side",
    "unified_diff_text",
]

RELOAD, KEEP = "reload", "keep"
_TINTS = {  # translucent, so they read on light and dark palettes
    "delete": QColor(229, 62, 62, 60),
    "insert": QColor(56, 161, 105, 60),
    "replace": QColor(214, 158, 46, 60),
    "pad": QColor(128, 128, 128, 35),
}


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side view; None on a side where the line does not exist."""

    tag: str  # "equal", "replace", "delete" (left only), "insert" (right only)
    left: str | None
    right: str | None


def side_by_side(left: str, right: str) -> list[Row]:
    """Align the lines of two texts, as difflib pairs them."""
    a, b = left.splitlines(), right.splitlines()
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(Row("equal", x, y) for x, y in zip(a[i1:i2], b[j1:j2], strict=True))
            continue
        lefts, rights = a[i1:i2], b[j1:j2]
        for k in range(max(len(lefts), len(rights))):
            x = lefts[k] if k < len(lefts) else None
            y = rights[k] if k < len(rights) else None
            kind = "replace" if x is not None and y is not None else (
                "delete" if x is not None else "insert")
            rows.append(Row(kind, x, y))
    return rows


def unified_diff_text(left: str, right: str, left_name: str = "on disk",
                      right_name: str = "yours") -> str:
    """A unified diff (three lines of context); "" when the texts are the same."""
    lines = difflib.unified_diff(
        left.splitlines(keepends=True), right.splitlines(keepends=True),
        fromfile=left_name, tofile=right_name,
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end\n")
    return "".join(out)


def _mono() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


class DiffView(QWidget):
    """Two read-only panes side by side, scrolled together, and a unified-diff tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("diffTabs")
        self.tabs.setAccessibleName(self.tr("Differences"))
        self.tabs.tabBar().setAccessibleName(self.tr("Show the differences as"))
        pair = QWidget()
        grid = QGridLayout(pair)
        grid.setContentsMargins(0, 0, 0, 0)
        self.left_label, self.right_label = QLabel(), QLabel()
        self.left, self.right = self._pane("diffLeft"), self._pane("diffRight")
        grid.addWidget(self.left_label, 0, 0)
        grid.addWidget(self.right_label, 0, 1)
        grid.addWidget(self.left, 1, 0)
        grid.addWidget(self.right, 1, 1)
        self.left.setAccessibleName(self.tr("Earlier version"))
        self.right.setAccessibleName(self.tr("Later version"))
        self.unified = self._pane("diffUnified")
        self.unified.setAccessibleName(self.tr("Unified diff"))
        self.unified.setAccessibleDescription(
            self.tr("Removed lines start with -, added lines with +"))
        self.tabs.addTab(pair, self.tr("Side by Side"))
        self.tabs.addTab(self.unified, self.tr("Unified"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        # scroll the two panes together
        for ls, rs in ((self.left.verticalScrollBar(), self.right.verticalScrollBar()),
                       (self.left.horizontalScrollBar(), self.right.horizontalScrollBar())):
            ls.valueChanged.connect(rs.setValue)
            rs.valueChanged.connect(ls.setValue)
        self.rows: list[Row] = []

    @staticmethod
    def _pane(name: str) -> QPlainTextEdit:
        pane = QPlainTextEdit()
        pane.setObjectName(name)
        pane.setReadOnly(True)
        pane.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        pane.setFont(_mono())
        return pane

    def set_texts(self, left_title: str, left: str, right_title: str, right: str) -> None:
        """Show two versions; the left is the older or the one on disk."""
        self.left_label.setText(left_title)
        self.right_label.setText(right_title)
        self.left.setAccessibleName(left_title)
        self.right.setAccessibleName(right_title)
        self.rows = side_by_side(left, right)
        self._fill(self.left, [(r.tag, r.left) for r in self.rows])
        self._fill(self.right, [(r.tag, r.right) for r in self.rows])
        diff = unified_diff_text(left, right, left_title, right_title)
        self.unified.setPlainText(diff or self.tr("The two versions are the same."))
        self.show_first_change()

    def first_change(self) -> int | None:
        """The row of the first line that differs, or None when the texts are the same."""
        return next((n for n, row in enumerate(self.rows) if row.tag != "equal"), None)

    def show_first_change(self) -> None:
        """Scroll both panes to the first difference, a few lines of context above it."""
        row = self.first_change()
        if row is None:
            return
        for pane in (self.left, self.right):
            cursor = QTextCursor(pane.document().findBlockByNumber(row))
            pane.setTextCursor(cursor)
            pane.centerCursor()

    @staticmethod
    def _fill(pane: QPlainTextEdit, lines: list[tuple[str, str | None]]) -> None:
        pane.setPlainText("\n".join(text or "" for _tag, text in lines))
        selections = []
        doc = pane.document()
        for number, (tag, text) in enumerate(lines):
            if tag == "equal":
                continue
            color = _TINTS["pad"] if text is None else _TINTS[tag]
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(color)
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.format = fmt  # type: ignore[attr-defined]
            cursor = QTextCursor(doc.findBlockByNumber(number))
            selection.cursor = cursor  # type: ignore[attr-defined]
            selections.append(selection)
        pane.setExtraSelections(selections)

    def changed_rows(self) -> int:
        return sum(1 for r in self.rows if r.tag != "equal")


class CompareDialog(QDialog):
    """The version on disk against the author's; the answer is `choice` (RELOAD, KEEP or None)."""

    def __init__(self, name: str, disk_text: str, mine_text: str, parent: QWidget | None = None,
                 *, ask: bool = True, disk_title: str = "",
                 mine_title: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.setWindowTitle(self.tr("Compare “{0}”").format(name))
        self.choice: str | None = None
        self.view = DiffView(self)
        self.view.set_texts(disk_title or self.tr("On disk"), disk_text,
                            mine_title or self.tr("Yours (unsaved)"), mine_text)
        summary = QLabel(self._summary())
        summary.setObjectName("compareSummary")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        if ask:
            self.reload_button = self._button(buttons, self.tr("Use the Version on Disk"), RELOAD)
            self.keep_button = self._button(buttons, self.tr("Keep Mine"), KEEP)
        name_buttons(buttons)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(1100, 700)

    def _summary(self) -> str:
        n = self.view.changed_rows()
        if n == 0:
            return self.tr("The two versions are the same.")
        return plural(n, self.tr("%n line differs. Nothing is changed until you choose.", "", n),
                      self.tr("%n lines differ. Nothing is changed until you choose.", "", n))

    def _button(self, box: QDialogButtonBox, label: str, choice: str) -> QPushButton:
        return choice_button(self, box, label, choice, f"compare-{choice}")


def choice_button(
    dialog: QDialog, box: QDialogButtonBox, label: str, choice: str, name: str
) -> QPushButton:
    """A button that closes ``dialog`` with ``dialog.choice`` set to ``choice``."""
    button = box.addButton(label, QDialogButtonBox.ButtonRole.ActionRole)
    button.setObjectName(name)

    def choose() -> None:
        dialog.choice = choice  # type: ignore[attr-defined]
        dialog.accept()

    button.clicked.connect(choose)
    return button


def compare(parent: QWidget | None, name: str, disk_text: str, mine_text: str) -> str | None:
    """Show the comparison modally; RELOAD, KEEP, or None when closed without a choice."""
    dialog = CompareDialog(name, disk_text, mine_text, parent)
    dialog.exec()
    return dialog.choice
