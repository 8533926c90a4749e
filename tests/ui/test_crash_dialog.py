"""An error in a Qt slot lands in the log with its traceback, shows "Something went wrong" with
the log's path and a Copy details button, and the app keeps running."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from blogdesk import logs
from blogdesk.ui.widgets.crash_dialog import TITLE, install_excepthook

pytestmark = pytest.mark.qt_no_exception_capture  # the app's own hook is what is tested


@pytest.fixture
def hook(qapp):
    log_file = logs.setup(faults=True)
    assert log_file is not None
    installed = install_excepthook()
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()
    logs.teardown()


def broken_button(qtbot) -> tuple[QPushButton, list[int]]:
    clicks: list[int] = []
    button = QPushButton("Break")
    qtbot.addWidget(button)

    def slot() -> None:
        clicks.append(1)
        raise RuntimeError(f"provoked crash number {len(clicks)}")

    button.clicked.connect(slot)
    button.show()
    return button, clicks


def test_an_error_in_a_slot_is_logged_and_shown_and_the_app_carries_on(qtbot, hook) -> None:
    saved = []
    hook.on_crash.append(lambda: saved.append("journal flushed"))
    button, clicks = broken_button(qtbot)

    button.click()

    log_text = logs.log_path().read_text("utf-8")
    assert "ERROR blogdesk" in log_text and "unexpected error" in log_text
    assert "Traceback (most recent call last):" in log_text
    assert "RuntimeError: provoked crash number 1" in log_text
    assert saved == ["journal flushed"]  # the recovery journal was asked to keep the text
    dialog = hook.dialog
    assert dialog is not None and dialog.isVisible()
    assert TITLE == "Something went wrong"
    assert TITLE in dialog.windowTitle()
    assert str(logs.log_path()) in dialog.message.text()
    assert "RuntimeError: provoked crash number 1" in dialog.details.toPlainText()

    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "blogdesk " in copied.splitlines()[0]
    assert f"log: {logs.log_path()}" in copied
    assert "RuntimeError: provoked crash number 1" in copied

    button.click()  # still running: a second error joins the open dialog
    assert clicks == [1, 1]
    assert hook.dialog is dialog
    assert "provoked crash number 2" in dialog.details.toPlainText()
    assert "provoked crash number 2" in logs.log_path().read_text("utf-8")


def test_an_error_in_a_thread_reaches_the_dialog_on_the_ui_thread(qtbot, hook) -> None:
    def work() -> None:
        raise ValueError("provoked in a worker thread")

    thread = threading.Thread(target=work, name="worker-for-test")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: hook.dialog is not None and hook.dialog.isVisible())
    assert "ValueError: provoked in a worker thread" in hook.dialog.details.toPlainText()
    log_text = logs.log_path().read_text("utf-8")
    assert "unexpected error in worker-for-test" in log_text
    assert "ValueError: provoked in a worker thread" in log_text


def test_without_a_log_file_the_dialog_says_so(qtbot, hook, monkeypatch) -> None:
    monkeypatch.setattr(logs, "current_log_file", lambda: None)
    button, _ = broken_button(qtbot)
    button.click()
    assert "No log file could be written" in hook.dialog.message.text()


def test_faulthandler_writes_into_the_log_file(hook) -> None:
    """A hard crash's report (here: faulthandler's dump, as a segfault would write) goes to
    the log, not to a terminal that is not there."""
    import faulthandler

    assert faulthandler.is_enabled()
    faulthandler.dump_traceback(file=logs._installed[-1].stream)  # what a fatal signal prints
    text = logs.log_path().read_text("utf-8")
    assert "Current thread" in text or "Stack (most recent call first)" in text
    assert sys.excepthook is hook


def test_uninstall_restores_the_previous_hooks(qapp) -> None:
    before, before_thread = sys.excepthook, threading.excepthook
    hook = install_excepthook()
    assert sys.excepthook is hook
    hook.uninstall()
    assert (sys.excepthook, threading.excepthook) == (before, before_thread)


def test_a_crashing_app_process_leaves_a_fault_report_in_the_log(tmp_path: Path) -> None:
    """A real segmentation fault in a process set up like the app: the log has the report."""
    import os
    import subprocess

    code = (
        "import ctypes; from blogdesk import logs; logs.setup(faults=True); "
        "logs.log.info('before the crash'); ctypes.string_at(0)"
    )
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
    assert done.returncode != 0
    log_file = next((tmp_path / "state").rglob("blogdesk.log"))
    text = log_file.read_text("utf-8")
    assert "before the crash" in text
    assert "Fatal Python error: Segmentation fault" in text


def test_a_crash_before_the_window_shows_is_in_the_log(tmp_path: Path) -> None:
    """The app's start (logs.setup_early: the log's handlers wait for the first paint) still
    sends a hard crash to the log file, with the records kept so far written out first when
    they were errors."""
    import os
    import subprocess

    code = (
        "import ctypes; from blogdesk import logs; logs.setup_early(); "
        "logs.log.error('an error before the window'); ctypes.string_at(0)"
    )
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
    assert done.returncode != 0
    text = next((tmp_path / "state").rglob("blogdesk.log")).read_text("utf-8")
    assert "an error before the window" in text
    assert "Fatal Python error: Segmentation fault" in text
    code = "import ctypes; from blogdesk import logs; logs.setup_early(); ctypes.string_at(0)"
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "bare"))
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
    text = next((tmp_path / "bare").rglob("blogdesk.log")).read_text("utf-8")
    assert "Fatal Python error: Segmentation fault" in text


def test_records_kept_at_start_are_written_when_the_log_is_set_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Information logged before the first paint reaches the file, in order, once
    finish_setup runs; later records go straight to the file."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    logs.setup_early()
    try:
        logs.log.info("first line")
        logs.log.warning("second line")
        assert logs.current_log_file() is None  # not set up yet: nothing but faulthandler
        logs.finish_setup()
        logs.log.info("third line")
        path = logs.current_log_file()
        assert path is not None
        text = path.read_text("utf-8")
    finally:
        logs.teardown()
    lines = [line for line in text.splitlines() if "line" in line]
    assert [line.rsplit(": ", 1)[1] for line in lines] == ["first line", "second line",
                                                             "third line"]


def test_a_repeating_error_stops_filling_the_dialog(qtbot, hook) -> None:
    """A slot that fails on every call (think of a paint event) does not grow the dialog forever."""
    from blogdesk.ui.widgets.crash_dialog import MAX_SHOWN

    button, _clicks = broken_button(qtbot)
    for _ in range(MAX_SHOWN + 5):
        button.click()
    text = hook.dialog.details.toPlainText()
    assert f"provoked crash number {MAX_SHOWN}\n" in text + "\n"
    assert f"provoked crash number {MAX_SHOWN + 1}" not in text
    assert text.endswith("More errors followed: they are in the log.")
    assert f"provoked crash number {MAX_SHOWN + 5}" in logs.log_path().read_text("utf-8")


def test_qt_warnings_land_in_the_log(hook, capfd) -> None:
    """Installed with the hook: launched from the menu, Qt's stderr would go nowhere."""
    from PySide6.QtCore import qWarning

    qWarning("a warning from Qt for the test")
    assert "WARNING blogdesk.qt" in logs.log_path().read_text("utf-8")
    assert "a warning from Qt for the test" in logs.log_path().read_text("utf-8")
    assert "a warning from Qt for the test" in capfd.readouterr().err


def test_a_failed_render_in_the_preview_worker_is_logged_with_its_traceback(tmp_path: Path) -> None:
    """The render worker is a process of its own: its errors reach the same log file."""
    import os
    import subprocess

    from blogdesk.ui.render_worker import encode_message, read_message

    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"))
    broken = {"op": "render", "generation": 7}  # no text: the worker's render fails
    worker = subprocess.Popen(
        [sys.executable, "-m", "blogdesk.ui.render_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert worker.stdin is not None and worker.stdout is not None
    worker.stdin.write(encode_message(broken))
    worker.stdin.flush()
    answer = read_message(worker.stdout)  # stdin stays open until the answer is in
    worker.stdin.close()
    assert worker.wait(timeout=60) == 0
    assert answer is not None and answer["generation"] == 7 and answer["error"]
    text = next((tmp_path / "state").rglob("blogdesk.log")).read_text("utf-8")
    assert "the preview's render failed" in text
    assert "Traceback (most recent call last)" in text
