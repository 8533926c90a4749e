"""The "Something went wrong" dialog, and the excepthook that logs an error and shows it.

PySide6 reports an exception raised in a slot or an event handler through ``sys.excepthook``
and then carries on, so the app keeps running: the hook writes the traceback to the log, lets
the recovery journal record the open post's text, and shows one dialog naming the log file,
with a Copy details button. Errors while it is open are added to it rather than stacking up
dialogs. Errors in other threads come to the same dialog through a queued signal. Qt's own
warnings are logged as well (:func:`log_qt_messages`).
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from blogdesk import logs
from blogdesk.ui.i18n import QT_TRANSLATE_NOOP, translate
from blogdesk.ui.widgets.dialogs import name_buttons

TITLE = QT_TRANSLATE_NOOP("CrashDialog", "Something went wrong")
#: Errors shown in one dialog; past that (a failing paint event repeats forever) only the log.
MAX_SHOWN = 10


class CrashDialog(QDialog):
    """Says what happened and where the log is; the details can be copied for a bug report."""

    def __init__(self, details: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("blogdesk: {0}").format(self.tr(TITLE)))
        self.log_file = log_file
        self.count = 1
        heading = QLabel(f"<b>{self.tr(TITLE)}</b>")
        self.message = QLabel(self._message_text(log_file))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(self.tr("What happened"))
        self.details = QPlainTextEdit(details, readOnly=True)
        self.details.setFont(QFont("monospace"))
        self.details.setAccessibleName(self.tr("Error details"))
        self.details.setMinimumSize(520, 180)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("&Copy details"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        name_buttons(buttons)
        self.copy_button.setAccessibleDescription(
            self.tr("Copy the error and the versions for a report"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, self.message, self.details, buttons):
            layout.addWidget(widget)

    @staticmethod
    def _message_text(log_file: Path | None) -> str:
        where = (
            translate("CrashDialog", "The details are in the log: {0}").format(log_file)
            if log_file is not None
            else translate("CrashDialog", "No log file could be written; the details are below.")
        )
        return translate(
            "CrashDialog",
            "blogdesk ran into an unexpected error and carried on. Your unsaved text is kept "
            "for recovery; save your work, and restart blogdesk if something looks wrong. {0}",
        ).format(where)

    def add_details(self, details: str) -> None:
        """Another error while the dialog is open: add it below the first (up to a limit)."""
        self.count += 1
        if self.count <= MAX_SHOWN:
            self.details.appendPlainText("\n" + details)
        elif self.count == MAX_SHOWN + 1:
            self.details.appendPlainText(
                "\n" + self.tr("More errors followed: they are in the log."))

    def copy_details(self) -> None:
        """The error and the versions, ready to paste into a bug report."""
        header = logs.describe_environment()
        where = f"log: {self.log_file}" if self.log_file else "no log file"
        text = f"{header}\n{where}\n\n{self.details.toPlainText()}"
        QGuiApplication.clipboard().setText(text)
        self.copy_button.setText(self.tr("Copied"))


class ExceptHook(QObject):
    """Installed as ``sys.excepthook`` (and ``threading.excepthook``) while the app runs."""

    _from_thread = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: Called before the dialog shows (the journal records the open post's text).
        self.on_crash: list[Callable[[], object]] = []
        self.dialog: CrashDialog | None = None
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook
        self._from_thread.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> ExceptHook:
        sys.excepthook = self
        threading.excepthook = self._thread_hook
        log_qt_messages()
        return self

    def uninstall(self) -> None:
        """Back to Python's and Qt's own handlers (before Qt tears down at exit)."""
        if sys.excepthook is self:
            sys.excepthook = self._previous
        threading.excepthook = self._previous_thread
        qInstallMessageHandler(None)  # type: ignore[arg-type]

    def __call__(
        self,
        kind: type[BaseException],
        value: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in the terminal: stop as usual
            self._previous(kind, value, tb)
            return
        logs.log.error("unexpected error", exc_info=(kind, value, tb))
        self._save_work()
        self._show("".join(traceback.format_exception(kind, value, tb)))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        exc = args.exc_value
        name = args.thread.name if args.thread is not None else "a thread"
        logs.log.error("unexpected error in %s", name, exc_info=exc)
        self._from_thread.emit("".join(traceback.format_exception(exc)))

    def _save_work(self) -> None:
        for callback in self.on_crash:
            try:
                callback()
            except Exception:  # the hook must not fail in turn
                logs.log.exception("could not keep the text for recovery")

    def _show(self, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_details(details)
            return
        app = QApplication.instance()
        parent = app.activeWindow() if isinstance(app, QApplication) else None
        self.dialog = CrashDialog(details, logs.current_log_file(), parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.dialog.open()  # window-modal, and no nested event loop inside the hook


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def log_qt_messages() -> None:
    """Qt's own warnings go to the log too (launched from the menu, stderr goes nowhere), and
    still to stderr as Qt would print them."""
    qt_log = logs.log.getChild("qt")

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)
        if kind != QtMsgType.QtDebugMsg:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def install_excepthook(parent: QObject | None = None) -> ExceptHook:
    """Show errors in a dialog instead of losing them, and log Qt's warnings; returns the hook
    (to add ``on_crash``)."""
    return ExceptHook(parent).install()
