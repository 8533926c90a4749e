"""A slim banner above the editor that says what is wrong with the open post and what to do.

It shows `Notice` values (core/document/notices.py holds them and their wording): one row per
key, a sentence, and buttons for the way out (Save As…, Convert to UTF-8…, Reload / Keep Mine /
Compare…).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from blogdesk.core.document.notices import ERROR, INFO, WARNING, Notice

__all__ = ["NoticeBar"]

_COLORS = {  # accent, tint (the tint is translucent so it works on light and dark palettes)
    INFO: ("#2f7d7a", "rgba(47, 125, 122, 0.14)"),
    WARNING: ("#b7791f", "rgba(214, 158, 46, 0.18)"),
    ERROR: ("#c53030", "rgba(229, 62, 62, 0.16)"),
}


class _NoticeRow(QFrame):
    def __init__(self, notice: Notice, close: Callable[[str], None]) -> None:
        super().__init__()
        self.notice = notice
        self.setObjectName(f"notice-{notice.key}")
        accent, tint = _COLORS.get(notice.level, _COLORS[INFO])
        self.setStyleSheet(
            f"#notice-{notice.key} {{ background: {tint}; border-left: 3px solid {accent}; }}"
        )
        # The sentence on top at full width, its buttons under it on the right: the editor
        # column is narrow, and a sentence squeezed beside three buttons reads badly.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 4, 4, 4)
        outer.setSpacing(2)
        top = QHBoxLayout()
        top.setSpacing(6)
        self.label = QLabel(notice.text)
        self.label.setAccessibleName(notice.text)  # selectable text takes focus
        self.label.setObjectName("noticeText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.label, 1)
        if notice.closable:
            closer = QToolButton()
            closer.setAccessibleName(self.tr("Hide this message"))
            closer.setObjectName("noticeClose")
            closer.setText("×")
            closer.setToolTip(self.tr("Hide this message"))
            closer.setAutoRaise(True)
            closer.clicked.connect(lambda: close(notice.key))
            top.addWidget(closer, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)
        self.buttons: list[QPushButton] = []
        if notice.actions:
            row = QHBoxLayout()
            row.setSpacing(6)
            row.addStretch(1)
            for action in notice.actions:
                button = QPushButton(action.label)
                button.setAccessibleName(action.label.replace("&", ""))
                button.setAccessibleDescription(action.tip)
                button.setObjectName(action.name or _name_of(action.label))
                button.setAutoDefault(False)
                if action.tip:
                    button.setToolTip(action.tip)
                button.clicked.connect(lambda _checked=False, a=action: a.callback())
                row.addWidget(button)
                self.buttons.append(button)
            outer.addLayout(row)


def _name_of(label: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in label).split()
    return "notice" + "".join(w.capitalize() for w in words)


class NoticeBar(QWidget):
    """The banner: a column of notices, hidden when there is none."""

    noticeClosed = Signal(str)  # the author hid a notice (its key)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(1)
        self._rows: dict[str, _NoticeRow] = {}
        self.setVisible(False)

    def show_notice(self, notice: Notice) -> None:
        """Show a notice, replacing the one with the same key."""
        old = self._rows.pop(notice.key, None)
        row = _NoticeRow(notice, self._close)
        if old is not None:
            self._layout.replaceWidget(old, row)
            old.deleteLater()
        else:
            self._layout.addWidget(row)
        self._rows[notice.key] = row
        self.setVisible(True)

    def clear_notice(self, key: str) -> None:
        row = self._rows.pop(key, None)
        if row is not None:
            self._layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.setVisible(bool(self._rows))

    def clear_all(self) -> None:
        for key in list(self._rows):
            self.clear_notice(key)

    def notice(self, key: str) -> Notice | None:
        row = self._rows.get(key)
        return row.notice if row is not None else None

    def notice_keys(self) -> list[str]:
        return list(self._rows)

    def texts(self) -> list[str]:
        """What the author reads, top to bottom."""
        return [row.notice.text for row in self._rows.values()]

    def button(self, key: str, label: str) -> QPushButton | None:
        """The button labelled `label` on notice `key` (for tests and keyboard focus)."""
        row = self._rows.get(key)
        if row is None:
            return None
        return next((b for b in row.buttons if b.text() == label), None)

    def _close(self, key: str) -> None:
        self.clear_notice(key)
        self.noticeClosed.emit(key)
