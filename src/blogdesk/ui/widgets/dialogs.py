"""The window's dialogs: questions for the controller, the about box, the cheat sheet, and a task
runner that does slow work (exports) on a worker thread behind a progress dialog."""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from blogdesk.core.document import same_file
from blogdesk.ui.i18n import QT_TRANSLATE_NOOP, translate

W = TypeVar("W", bound=QObject)

CHEAT_ROWS = (
    ("<code># Heading</code> &nbsp; <code>## Smaller</code>",
     QT_TRANSLATE_NOOP("CheatSheet", "Headings (Ctrl+1, Ctrl+2, Ctrl+3)")),
    ("<code>**bold**</code> &nbsp; <code>*italic*</code>",
     QT_TRANSLATE_NOOP("CheatSheet", "Emphasis (Ctrl+B, Ctrl+I)")),
    ("<code>`code`</code>", QT_TRANSLATE_NOOP("CheatSheet", "Code in a sentence (Ctrl+`)")),
    ("<code>[text](https://example.org)</code>",
     QT_TRANSLATE_NOOP("CheatSheet", "A link (Ctrl+K)")),
    ("<code>![alt text](images/photo.jpg)</code>",
     QT_TRANSLATE_NOOP("CheatSheet", "An image; paste or drop one in the editor")),
    ("<code>- item</code> &nbsp; <code>1. item</code>",
     QT_TRANSLATE_NOOP("CheatSheet", "Lists; Enter continues them")),
    ("<code>&gt; quoted</code>", QT_TRANSLATE_NOOP("CheatSheet", "A quote")),
    ("<code>```python</code> … <code>```</code>",
     QT_TRANSLATE_NOOP("CheatSheet", "A code block, highlighted")),
    ("<code>| a | b |</code><br><code>|---|---|</code>",
     QT_TRANSLATE_NOOP("CheatSheet", "A table")),
    ("<code>Text.[^1]</code> &nbsp; <code>[^1]: The note.</code>",
     QT_TRANSLATE_NOOP("CheatSheet", "A footnote")),
    ("<code>---</code>", QT_TRANSLATE_NOOP("CheatSheet", "A horizontal rule (inside the body)")),
)


def cheat_sheet_html() -> str:
    """The cheat sheet's page, in the user's language."""
    rows = "".join(f"<tr><td>{code}</td><td>{translate('CheatSheet', what)}</td></tr>"
                   for code, what in CHEAT_ROWS)
    return (
        "<h2>" + translate("CheatSheet", "Markdown in blogdesk") + "</h2>"
        "<table cellpadding='6'>" + rows + "</table>"
        "<h3>" + translate("CheatSheet", "Front matter") + "</h3><p>"
        + translate("CheatSheet", "The lines between <code>---</code> at the top of a post "
                    "hold its title, date, tags and more. Edit them in the Post panel; keys it "
                    "does not know stay as they are, in the Raw tab.")
        + "</p>"
    )


def ask_save_discard_cancel(parent: QWidget, title: str) -> str:
    from PySide6.QtWidgets import QMessageBox  # the dialogs' classes: on use, not at start-up

    box = QMessageBox(
        QMessageBox.Icon.Warning,
        translate("Dialogs", "Unsaved Changes"),
        translate("Dialogs", "“{0}” has changes that are not saved.").format(title),
        parent=parent,
    )
    box.setInformativeText(translate("Dialogs", "Save them before going on?"))
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"


def confirm(parent: QWidget, text: str, ok_label: str = "", details: str = "") -> bool:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "blogdesk", text, parent=parent)
    ok = box.addButton(ok_label or translate("Dialogs", "OK"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    if details:
        box.setInformativeText(details if details.count("\n") < 12 else "")
        box.setDetailedText(details if details.count("\n") >= 12 else "")
    box.exec()
    return box.clickedButton() is ok


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def show_error(parent: QWidget, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, "blogdesk", text)


def ask_save_path(parent: QWidget, title: str, start: Path, filter: str = "") -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getSaveFileName(parent, title, str(start), filter)
    return Path(name) if name else None


def ask_folder(parent: QWidget, title: str, start: Path) -> Path | None:
    """A folder the user picks, starting at ``start``. A proposed folder that does not exist yet
    (the export's ``<library>-site``) is created first, so the dialog can offer it (Qt's dialog
    refuses a folder that is not there); it is removed again when left empty and not chosen."""
    from PySide6.QtWidgets import QFileDialog

    created = False
    if not start.exists() and start.parent.is_dir():
        try:
            start.mkdir()
            created = True
        except OSError:  # not allowed there: the dialog starts at the nearest existing folder
            start = start.parent
    name = QFileDialog.getExistingDirectory(parent, title, str(start))
    chosen = Path(name) if name else None
    if created and (chosen is None or not same_file(chosen, start)):
        with contextlib.suppress(OSError):
            start.rmdir()  # only when empty
    return chosen


def show_about(parent: QWidget, version: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(
        parent,
        translate("Dialogs", "About blogdesk"),
        f"<h3>blogdesk {version}</h3><p>"
        + translate("Dialogs", "Read, draft and export the Markdown posts "
                    "of your blog: a library by title, a live preview of the published page, "
                    "the front matter as a form, and the reading time as you type.")
        + "</p><p>" + translate("Dialogs", "MIT licence.") + "</p>",
    )


def show_cheat_sheet(parent: QWidget) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(translate("Dialogs", "Markdown Cheat Sheet"))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    from PySide6.QtWidgets import QTextBrowser

    browser = QTextBrowser()
    browser.setHtml(cheat_sheet_html())
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(620, 560)
    dialog.show()
    return dialog


class TaskRunner(QObject):
    """Runs ``work(progress)`` on a thread; progress and the end are marshalled to the UI thread."""

    progressed = Signal(int, int, str)
    finished = Signal(object, object)  # result, error

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[Callable[[int, int, str], None]], Any],
        done: Callable[[Any, BaseException | None], None],
    ) -> None:
        super().__init__(parent)
        self._work, self._done = work, done
        from PySide6.QtWidgets import QProgressDialog

        self.dialog = QProgressDialog(title, self.tr("Hide"), 0, 0, parent)
        self.dialog.setWindowTitle("blogdesk")
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._run, name="blogdesk-task", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            result = self._work(lambda done, total, label: self.progressed.emit(done, total, label))
        except Exception as exc:  # reported to the user by the done callback
            self.finished.emit(None, exc)
        else:
            self.finished.emit(result, None)

    def _on_progress(self, done: int, total: int, label: str) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        if label:
            self.dialog.setLabelText(label)

    def _on_finished(self, result: Any, error: BaseException | None) -> None:
        self.dialog.reset()
        self.dialog.close()
        self._done(result, error)
        self.deleteLater()


def props(widget: W, **values: Any) -> W:
    """Set Qt properties by name (``objectName="x"`` calls ``setObjectName("x")``); returns it."""
    for name, value in values.items():
        getattr(widget, "set" + name[0].upper() + name[1:])(value)
    return widget


def tab_order(*widgets: QWidget) -> None:
    """Tab moves through the widgets in this order."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def name_buttons(box: QDialogButtonBox) -> None:
    """Each button of ``box`` is named for a screen reader by what it says (without the &)."""
    for button in box.buttons():
        if not button.accessibleName():
            button.setAccessibleName(button.text().replace("&", ""))


class HintLabel(QLabel):
    """A small note under a field: muted, or in a warning or error colour (both themes)."""

    COLORS: ClassVar[dict[str, str]] = {"warning": "#c98a1b", "error": "#d64545"}

    def __init__(self, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.setFont(font)
        self.set_level("muted")

    def set_level(self, level: str) -> None:
        if level in self.COLORS:
            palette = QPalette(self.palette())
            palette.setColor(QPalette.ColorRole.WindowText, QColor(self.COLORS[level]))
            self.setPalette(palette)
            self.setForegroundRole(QPalette.ColorRole.WindowText)
        else:
            self.setPalette(QPalette())
            self.setForegroundRole(QPalette.ColorRole.PlaceholderText)


class WelcomeScreen(QWidget):
    """Shown when no library is open: open a folder, start a new blog, or pick a recent one."""

    openRequested = Signal()
    createRequested = Signal()
    recentRequested = Signal(Path)

    def __init__(self, icon: QIcon | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        card = QVBoxLayout()
        card.setSpacing(12)
        if icon is not None and not icon.isNull():
            logo = QLabel()
            logo.setPixmap(icon.pixmap(72, 72))
            card.addWidget(logo, 0, Qt.AlignmentFlag.AlignHCenter)
        title = QLabel("<h1>" + self.tr("Welcome to blogdesk") + "</h1>")
        card.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        text = HintLabel("welcomeText")
        text.setWordWrap(False)  # wrapping in a centred layout loses lines: break by hand
        text.setText(
            self.tr("A blog is a folder of Markdown posts. Open yours (a Jekyll, Hugo or\n"
                    "Eleventy site works too), or start a new one.")
        )
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        card.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        card.addLayout(self._buttons())
        self.recent = QVBoxLayout()
        card.addLayout(self.recent)
        outer.addLayout(card)
        outer.addStretch(3)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        open_button = QPushButton(self.tr("Open a Folder…"))
        open_button.setAccessibleName(self.tr("Open a folder of posts"))
        open_button.setObjectName("welcomeOpen")
        open_button.setDefault(True)
        open_button.clicked.connect(self.openRequested)
        create = QPushButton(self.tr("Create a New Blog…"))
        create.setAccessibleName(self.tr("Create a new blog"))
        create.setObjectName("welcomeCreate")
        create.clicked.connect(self.createRequested)
        row.addWidget(open_button)
        row.addWidget(create)
        row.addStretch(1)
        return row

    def set_recent(self, paths: list[Path]) -> None:
        """Links to the recent libraries that still exist."""
        while self.recent.count():
            item = self.recent.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        existing = [p for p in paths if p.is_dir()]
        if existing:
            self.recent.addWidget(QLabel("<b>" + self.tr("Recent") + "</b>"), 0,
                                  Qt.AlignmentFlag.AlignHCenter)
        for path in existing:
            link = QPushButton(str(path))
            link.setAccessibleName(self.tr("Open recent library {0}").format(path))
            link.setFlat(True)
            link.clicked.connect(lambda _c=False, p=path: self.recentRequested.emit(p))
            self.recent.addWidget(link, 0, Qt.AlignmentFlag.AlignHCenter)
