"""The writer's tools as the window offers them: spelling in the post's language, focus and
typewriter modes, distraction-free full screen, zoom, the new format actions, and statistics."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from spell_marks import underlined

from blogdesk.core.spelling import BLOG_WORDS_NAME


def write_post(root: Path, name: str, lang: str | None, body: str) -> Path:
    head = "---\ntitle: Colours\ndate: 2025-05-01\n" + (f"lang: {lang}\n" if lang else "")
    path = root / name
    path.write_text(head + "---\n\n" + body + "\n", encoding="utf-8")
    return path


@pytest.fixture
def lang_app(qtbot, small_library, app_settings, app_factory):
    start, stop = app_factory
    write_post(small_library, "british.md", "en-GB", "The colour of the sea, and a frist try.")
    write_post(small_library, "american.md", None, "The colour of the sea, and a frist try.")
    write_post(small_library, "german.md", "de", "Die Farbe des Meeres.")
    running = start(qtbot, app_settings, small_library, small_library / "british.md")
    yield running
    stop(running)


def test_spelling_follows_the_post_language(lang_app, qtbot, small_library):
    window = lang_app.window
    spelling = window.writing.spelling
    assert window.session.doc.path.name == "british.md"
    qtbot.waitUntil(lambda: "frist" in underlined(window.editor))
    assert spelling.checker.tag == "en_GB"
    assert "colour" not in underlined(window.editor)  # British spelling, British dictionary
    checker = spelling.checker
    assert window.open_path(small_library / "american.md")
    assert spelling.checker.tag == "en_US"  # no lang: the setting's en_US refines the site's en
    assert spelling.checker is not checker
    qtbot.waitUntil(lambda: sorted(underlined(window.editor)) == ["colour", "frist"])
    # the same language again in the same library: the same checker
    same = spelling.checker
    assert window.open_path(small_library / "first-light.md")
    assert spelling.checker is same
    # a language with no dictionary installed: the status bar says how to get one
    assert window.open_path(small_library / "german.md")
    assert spelling.checker is None
    message = window.statusBar().currentMessage()
    assert "Spelling is off" in message and "hunspell-de-de" in message
    assert underlined(window.editor) == []


def test_spelling_menu_adds_to_the_blogs_words(lang_app, qtbot, small_library):
    window = lang_app.window
    spelling = window.writing.spelling
    qtbot.waitUntil(lambda: "frist" in underlined(window.editor))
    cursor = window.editor.document().find("frist")
    cursor.setPosition(cursor.selectionStart() + 1)
    menu = spelling.menu_at(window.editor.cursorRect(cursor).center())
    labels = [a.text() for a in menu.actions()]
    assert "first" in labels and "Add to This Blog's Words" in labels
    next(a for a in menu.actions() if a.text() == "Add to This Blog's Words").trigger()
    assert "frist" in (small_library / BLOG_WORDS_NAME).read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: "frist" not in underlined(window.editor))


def test_check_spelling_toggle_and_options_are_remembered(app, qtbot):
    window, settings = app.window, app.parts.settings
    action = app.parts.actions["check_spelling"]
    window.editor.setPlainText(window.editor.toPlainText() + "\nA wrod and NASAX and abc123x.\n")
    qtbot.waitUntil(lambda: "wrod" in underlined(window.editor))
    assert "NASAX" not in underlined(window.editor)  # ALL CAPS skipped by default
    action.setChecked(False)
    assert settings.check_spelling is False
    qtbot.waitUntil(lambda: underlined(window.editor) == [])
    settings.spelling_skip_caps = False
    settings.spelling_skip_digits = False
    action.setChecked(True)
    qtbot.waitUntil(lambda: {"wrod", "NASAX", "abc123x"} <= set(underlined(window.editor)))


def test_settings_dialog_offers_the_writing_choices(app, qtbot):
    from blogdesk.ui.widgets.settings_dialog import SettingsDialog

    settings = app.parts.settings
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.monospace.setCurrentIndex(1)
    dialog.skip_caps.setChecked(False)
    dialog.focus_unit.setCurrentIndex(dialog.focus_unit.findData("paragraph"))
    dialog.word_goal.setValue(300)
    dialog.apply()
    assert settings.editor_monospace and not settings.spelling_skip_caps
    assert settings.focus_unit == "paragraph" and settings.word_goal == 300
    app.window.apply_settings()
    from PySide6.QtGui import QFontInfo

    assert QFontInfo(app.window.editor.font()).fixedPitch()
    assert app.window.writing.focus.unit.value == "paragraph"
    assert app.window.findChild(type(app.window.writing.goal_label), "goalLabel").isVisibleTo(
        app.window)


def test_distraction_free_shows_only_the_text_and_esc_restores(app, qtbot):
    window = app.window
    window.tags_dock.show()
    shown_before = [d.objectName() for d in window.docks.all() if not d.isHidden()]
    assert "libraryDock" in shown_before and "postDock" in shown_before
    preview = window.splitter.widget(1)
    assert not preview.isHidden()
    action = app.parts.actions["distraction_free"]
    assert action.shortcut().toString() == "F11"
    assert "F11" not in [k.toString() for k in app.parts.actions["reader_view"].shortcuts()]
    action.trigger()
    assert all(d.isHidden() for d in window.docks.all())
    assert window.menuBar().isHidden() and window.statusBar().isHidden() and preview.isHidden()
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    assert window.editor.isVisible()
    assert app.parts.settings.distraction_free
    # the word counter shows near the bottom edge only
    full = window.writing.full_screen
    qtbot.waitUntil(lambda: bool(window.counter.text()))
    full.update_overlay(QPoint(window.width() // 2, window.height() // 2))
    assert not full.overlay.isVisible()
    full.update_overlay(QPoint(window.width() // 2, window.height() - 5))
    assert full.overlay.isVisible() and "words" in full.overlay.text()
    # Esc leaves and puts everything back
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_Escape)
    assert not action.isChecked()
    assert [d.objectName() for d in window.docks.all() if not d.isHidden()] == shown_before
    assert not window.menuBar().isHidden() and not window.statusBar().isHidden()
    assert not preview.isHidden()
    assert not window.windowState() & Qt.WindowState.WindowFullScreen
    assert not full.overlay.isVisible()


def test_f11_enters_and_leaves(app, qtbot):
    window = app.window
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_F11)
    assert window.library_dock.isHidden() and window.menuBar().isHidden()
    qtbot.keyClick(window.editor, Qt.Key.Key_F11)  # works with the menu bar hidden
    assert not window.library_dock.isHidden() and not window.menuBar().isHidden()


def test_focus_and_typewriter_actions_toggle_the_modes(app):
    window, acts, settings = app.window, app.parts.actions, app.parts.settings
    window.editor.setPlainText("One sentence here. Another one there.\n\nA second paragraph.\n")
    acts.trigger("focus_mode")
    assert window.writing.focus.enabled and settings.focus_mode
    dimmed = window.editor.extraSelections()
    assert dimmed  # the rest of the text is drawn dim
    acts.trigger("focus_mode")
    assert not window.writing.focus.enabled and not settings.focus_mode
    acts.trigger("typewriter")
    assert window.writing.typewriter.enabled and window.editor.centerOnScroll()
    assert settings.typewriter
    acts.trigger("typewriter")
    assert not window.editor.centerOnScroll() and not settings.typewriter


def test_modes_come_back_on_the_next_start(qtbot, small_library, app_settings, app_factory):
    start, stop = app_factory
    app_settings.focus_mode = True
    app_settings.typewriter = True
    running = start(qtbot, app_settings, small_library)
    try:
        assert running.parts.actions["focus_mode"].isChecked()
        assert running.window.writing.focus.enabled
        assert running.window.writing.typewriter.enabled
    finally:
        stop(running)


def test_zoom_actions_change_the_font_and_the_setting(app):
    window, acts, settings = app.window, app.parts.actions, app.parts.settings
    before = window.editor.font().pixelSize()
    acts.trigger("zoom_in")
    assert window.editor.font().pixelSize() > before
    assert settings.editor_pixels == window.editor.font().pixelSize()
    acts.trigger("zoom_out")
    acts.trigger("zoom_out")
    assert window.editor.font().pixelSize() < before
    acts.trigger("zoom_reset")
    assert window.editor.font().pixelSize() == before and settings.editor_pixels == 0
    assert acts["zoom_reset"].shortcut().toString() == "Ctrl+0"
    assert acts["paragraph"].shortcut().toString() == "Ctrl+Alt+0"


def test_zoom_is_remembered(qtbot, small_library, app_settings, app_factory):
    start, stop = app_factory
    app_settings.editor_pixels = 25
    running = start(qtbot, app_settings, small_library)
    try:
        assert running.window.editor.font().pixelSize() == 25
    finally:
        stop(running)


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("strikethrough", "~~"),
        ("code_block", "```"),
        ("table", "| Column | Column |"),
        ("horizontal_rule", "---"),
    ],
)
def test_new_format_actions_edit_the_text(app, action, expected):
    window = app.window
    body = window.editor.body()
    assert expected not in body.split("---", 2)[-1] or action != "horizontal_rule"
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    menu = window.menus["menu_format"]
    assert app.parts.actions[action] in menu.actions()
    app.parts.actions.trigger(action)
    assert window.editor.body() != body
    assert window.editor.body().count(expected) > body.count(expected)


def test_statistics_dock_and_goal_in_the_status_bar(app, qtbot):
    window, settings = app.window, app.parts.settings
    dock = window.findChild(type(window.library_dock), "statisticsDock")
    assert dock is not None and dock.isHidden()
    toggle = dock.toggleViewAction()
    assert toggle in window.menus["menu_view"].actions()
    toggle.trigger()
    panel = window.writing.statistics
    qtbot.waitUntil(lambda: panel.values["words"].text() not in ("–", "0"))
    settings.word_goal = 10
    window.apply_settings()
    goal = window.writing.goal_label
    assert goal.isVisibleTo(window) and goal.text() == "0 of 10 words this session"
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.insertPlainText("\nFour more words here.\n")
    qtbot.waitUntil(lambda: goal.text() == "4 of 10 words this session", timeout=5000)
    qtbot.waitUntil(lambda: panel.values["written"].text() == "4")
    assert panel.goal_bar.isVisibleTo(panel) and panel.goal_bar.value() == 4
    settings.word_goal = 0
    window.apply_settings()
    assert not goal.isVisibleTo(window)


def test_the_statistics_panel_is_built_when_its_dock_first_shows(
    qtbot, small_library, app_settings, app_factory
):
    """The hidden statistics dock has no panel until it is shown (the first paint needs none);
    shown from the menu it counts the open post; a layout saved with it open shows it, counted,
    at the next start."""
    start, stop = app_factory
    running = start(qtbot, app_settings, small_library)
    window = running.window
    assert window.docks.built_statistics is None
    window.docks.statistics.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: window.docks.built_statistics is not None)
    panel = window.docks.built_statistics
    assert panel is not None and window.docks.statistics.widget() is panel
    qtbot.waitUntil(lambda: panel.values["words"].text() not in ("–", "0"))
    words = panel.values["words"].text()
    stop(running)
    again = start(qtbot, app_settings, small_library)
    panel = again.window.docks.built_statistics
    assert panel is not None and panel.isVisibleTo(again.window)
    qtbot.waitUntil(lambda: panel.values["words"].text() == words)
    stop(again)


def test_no_shortcut_twice_with_the_panel_toggles(app):
    seen: dict[str, str] = {}
    actions = [*app.parts.actions, *app.window.docks.toggles()]
    for action in actions:
        for key in action.shortcuts():
            text = key.toString()
            assert seen.get(text, action.objectName()) == action.objectName(), text
            seen[text] = action.objectName()
    QApplication.processEvents()


def test_full_screen_comes_back_and_never_saves_its_bare_layout(
    qtbot, small_library, app_settings, app_factory
):
    start, stop = app_factory
    app_settings.distraction_free = True
    running = start(qtbot, app_settings, small_library)
    window = running.window
    qtbot.waitUntil(lambda: window.library_dock.isHidden() and window.menuBar().isHidden())
    stop(running)  # closes while in full screen
    assert app_settings.distraction_free  # it comes back next time
    app_settings.distraction_free = False
    again = start(qtbot, app_settings, small_library)
    try:
        assert not again.window.library_dock.isHidden()  # the saved layout had its docks
        assert not again.window.post_dock.isHidden()
    finally:
        stop(again)


def test_words_typed_before_the_first_count_still_count_toward_the_goal(app, qtbot):
    """The word counter counts a moment after a post is shown; words typed sooner than that
    are words written (the session once took the count after them as the starting point)."""
    window, settings = app.window, app.parts.settings
    settings.word_goal = 10
    window.apply_settings()
    window.counter._timer.stop()  # as if the first count were still to come
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.insertPlainText("\nThree quick words.\n")
    goal = window.writing.goal_label
    qtbot.waitUntil(lambda: goal.text() == "3 of 10 words this session", timeout=5000)
