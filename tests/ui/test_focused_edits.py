"""The Edit menu's Cut, Copy, Paste and Select All act on the widget that has focus, the
preview's page included: Copy there copies the page's selected text, Select All selects the page,
and Cut and Paste are disabled because a page cannot change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

PAGE_TIMEOUT_MS = 30_000


@pytest.fixture
def live(qtbot: Any, small_library: Path, app_settings: Any, app_factory: Any) -> Iterator[Any]:
    start_app, stop_app = app_factory
    running = start_app(qtbot, app_settings, small_library, preview=True)
    pane = running.window.preview.pane
    if not pane.uses_webengine():
        stop_app(running)
        pytest.skip("QtWebEngine is not available here")
    qtbot.waitUntil(lambda: pane.shown_generation() >= 0, timeout=PAGE_TIMEOUT_MS)
    yield running
    stop_app(running)


def focus_page(qtbot: Any, window: Any) -> Any:
    from blogdesk.ui.focused_edits import page_view_of

    view = window.preview.pane.web_view()
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(lambda: page_view_of(QApplication.focusWidget()) is view, timeout=5000)
    return view


def page_selection(qtbot: Any, pane: Any) -> str:
    got: list[str] = []
    pane.run_script("window.getSelection().toString()", lambda text: got.append(str(text)))
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    return got[0]


def test_copy_in_the_preview_copies_the_selected_page_text(live: Any, qtbot: Any) -> None:
    window = live.window
    pane = window.preview.pane
    focus_page(qtbot, window)
    selected: list[object] = []
    pane.run_script(
        "(() => { const p = [...document.querySelectorAll('p')]"
        ".find(e => e.textContent.includes('Seeds, soil'));"
        " window.getSelection().selectAllChildren(p); return true; })()",
        selected.append,
    )
    qtbot.waitUntil(lambda: bool(selected), timeout=5000)
    QApplication.clipboard().setText("before")
    window.acts["copy"].trigger()
    qtbot.waitUntil(lambda: QApplication.clipboard().text() != "before", timeout=5000)
    assert QApplication.clipboard().text().strip() == "Seeds, soil and patience."
    assert "Seeds, soil" in window.editor.toPlainText(), "the editor's text is unchanged"


def test_select_all_in_the_preview_selects_the_page(live: Any, qtbot: Any) -> None:
    window = live.window
    pane = window.preview.pane
    focus_page(qtbot, window)
    editor_selection = window.editor.textCursor().selectedText()
    window.acts["select_all"].trigger()
    qtbot.waitUntil(lambda: "Seeds, soil and patience." in page_selection(qtbot, pane),
                    timeout=5000)
    assert "Next spring" in page_selection(qtbot, pane), "the title is selected too"
    assert window.editor.textCursor().selectedText() == editor_selection


def test_cut_and_paste_are_disabled_in_the_preview_and_back_in_the_editor(
    live: Any, qtbot: Any
) -> None:
    window = live.window
    focus_page(qtbot, window)
    assert not window.acts["cut"].isEnabled()
    assert not window.acts["paste"].isEnabled()
    assert window.acts["copy"].isEnabled() and window.acts["select_all"].isEnabled()
    before = window.editor.toPlainText()
    QApplication.clipboard().setText("pasted into nothing")
    window.acts["paste"].trigger()
    assert window.editor.toPlainText() == before
    window.editor.setFocus()
    qtbot.waitUntil(lambda: window.acts["paste"].isEnabled(), timeout=5000)
    assert window.acts["cut"].isEnabled()


def test_edit_actions_in_the_editor_still_act_on_the_editor(app: Any, qtbot: Any) -> None:
    window = app.window
    window.activateWindow()
    window.editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.editor, timeout=5000)
    window.acts["select_all"].trigger()
    assert "Seeds, soil and patience." in window.editor.textCursor().selectedText()
    window.acts["copy"].trigger()
    assert "Seeds, soil and patience." in QApplication.clipboard().text()
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    QApplication.clipboard().setText(" More seeds.")
    window.acts["paste"].trigger()
    assert window.editor.toPlainText().endswith(" More seeds.")


def test_copy_in_the_reader_copies_the_reader_page(live: Any, qtbot: Any) -> None:
    from blogdesk.ui.focused_edits import page_view_of

    window = live.window
    window.acts["reader_view"].trigger()
    reader = window.reading.reader
    qtbot.waitUntil(lambda: reader.pane.shown_generation() >= 0, timeout=PAGE_TIMEOUT_MS)
    view = reader.pane.web_view()
    reader.activateWindow()
    view.setFocus()
    qtbot.waitUntil(lambda: page_view_of(QApplication.focusWidget()) is view, timeout=5000)
    assert window.acts["copy"] in reader.actions(), "Copy reaches the reader's window"
    QApplication.clipboard().setText("before")
    window.acts["select_all"].trigger()
    window.acts["copy"].trigger()
    qtbot.waitUntil(lambda: QApplication.clipboard().text() != "before", timeout=5000)
    assert "Seeds, soil and patience." in QApplication.clipboard().text()
    reader.close()


def test_without_qtwebengine_the_page_is_read_only_text_and_copy_still_works(qtbot: Any) -> None:
    """The QTextBrowser fallback of the preview: Copy and Select All work, Cut and Paste are
    disabled, as on any read-only text."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from blogdesk.ui.actions import ActionCollection
    from blogdesk.ui.focused_edits import EditActionsFollowFocus, on_focused
    from blogdesk.ui.widgets.preview import PreviewPane

    box = QWidget()
    qtbot.addWidget(box)
    acts = ActionCollection(box)
    EditActionsFollowFocus(acts, box)
    pane = PreviewPane(use_webengine=False)
    layout = QVBoxLayout(box)
    layout.addWidget(pane)
    browser = pane.web_view()
    browser.setPlainText("Seeds, soil and patience.")  # type: ignore[attr-defined]
    box.show()
    box.activateWindow()
    browser.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is browser, timeout=5000)
    assert not acts["cut"].isEnabled() and not acts["paste"].isEnabled()
    on_focused("select_all")()
    on_focused("copy")()
    assert QApplication.clipboard().text() == "Seeds, soil and patience."
