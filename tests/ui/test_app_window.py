"""The main window, driven like a user would: pick posts, type, edit fields, save, filter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from blogdesk.core.post import Status


def select(app: Any, name: str) -> None:
    """Click a post in the library list, by file name."""
    panel = app.window.library_panel
    row = panel.proxy.row_of(app.controller.library.posts_dir / name)
    assert row >= 0, f"{name} is not listed"
    index = panel.proxy.index(row, 0)
    panel.view.scrollTo(index)
    QTest.mouseClick(
        panel.view.viewport(), Qt.MouseButton.LeftButton, pos=panel.view.visualRect(index).center()
    )


def listed_titles(app: Any) -> list[str]:
    proxy = app.window.library_panel.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def type_in_editor(qtbot: Any, app: Any, text: str) -> None:
    editor = app.window.editor
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, text)


def test_opens_the_library_with_titles_and_the_newest_post(app, small_library):
    assert set(listed_titles(app)) == {
        "First light",
        "The long edit",
        "Unfinished thoughts",
        "Next spring",
    }
    assert app.window.library_panel.count_label.text() == "4 posts"
    assert app.controller.doc.path == small_library / "next-spring.md"
    assert app.window.windowTitle() == "Next spring — Test Notes — blogdesk"


def test_selecting_a_post_shows_it_everywhere(app, qtbot):
    select(app, "first-light.md")
    window = app.window
    assert window.current_body().startswith("\n# Before breakfast")
    assert window.post_panel.title.text() == "First light"
    assert window.post_panel.tags.tags() == ["morning", "habits"]
    assert window.windowTitle().startswith("First light — ")
    qtbot.waitUntil(lambda: "words" in window.counter.text())


def test_typing_marks_unsaved_and_updates_the_counter(app, qtbot):
    select(app, "the-long-edit.md")
    window = app.window
    qtbot.waitUntil(lambda: window.counter.text().endswith("13 words"))
    with qtbot.waitSignal(window.counter.updated, timeout=3000):
        type_in_editor(qtbot, app, " Two more.")
    assert window.counter.text() == "1 min read · 15 words"
    assert window.windowTitle().startswith("● The long edit")


def test_counter_counts_the_selection(app, qtbot):
    select(app, "the-long-edit.md")
    editor = app.window.editor
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.Start)
    cursor.movePosition(cursor.MoveOperation.NextWord, cursor.MoveMode.KeepAnchor, 4)
    with qtbot.waitSignal(app.window.counter.updated, timeout=3000):
        editor.setTextCursor(cursor)
    assert "of 13 words selected" in app.window.counter.text()


def test_save_action_writes_the_body_and_clears_the_mark(app, qtbot, small_library):
    select(app, "the-long-edit.md")
    type_in_editor(qtbot, app, " Saved words.")
    app.parts.actions.trigger("save")
    text = (small_library / "the-long-edit.md").read_text()
    assert text.endswith("The edit is where the post is found.\n Saved words.")
    assert text.startswith("---\ntitle: The long edit\n")
    qtbot.waitUntil(lambda: not app.window.windowTitle().startswith("●"))


def test_switching_with_unsaved_changes_asks_and_cancel_keeps_the_selection(app, qtbot):
    select(app, "first-light.md")
    type_in_editor(qtbot, app, "x")
    app.answers.save_discard_cancel.append("cancel")
    select(app, "the-long-edit.md")
    assert app.answers.asked[-1] == ("save_discard_cancel", "First light")
    assert app.controller.doc.path.name == "first-light.md"
    current = app.window.library_panel.view.currentIndex()
    assert current.data() == "First light"


def test_new_post_from_the_menu(app, small_library):
    app.answers.texts.append("A fresh start")
    app.parts.actions.trigger("new_post")
    path = small_library / "a-fresh-start.md"
    assert path.exists()
    assert app.controller.doc.path == path
    assert "A fresh start" in listed_titles(app)
    assert app.window.post_panel.draft.isChecked()


def test_delete_moves_to_trash_and_opens_a_neighbour(app, small_library):
    trashed: list[Path] = []
    app.controller._trash = lambda p: (trashed.append(p), p.unlink())
    select(app, "first-light.md")
    app.answers.confirms.append(True)
    app.parts.actions.trigger("delete")
    assert trashed == [small_library / "first-light.md"]
    assert "First light" not in listed_titles(app)
    assert app.controller.doc is not None


def test_rename_file_from_title(app, small_library):
    select(app, "first-light.md")
    panel = app.window.post_panel
    panel.title.setText("Dawn")
    panel.title.textEdited.emit("Dawn")
    app.parts.actions.trigger("save")
    app.parts.actions.trigger("rename_from_title")
    assert (small_library / "dawn.md").exists()
    assert app.window.library_panel.view.currentIndex().data() == "Dawn"


def test_status_filter_and_search_narrow_the_list(app, qtbot):
    panel = app.window.library_panel
    panel.set_status(Status.DRAFT)
    assert listed_titles(app) == ["Unfinished thoughts"]
    assert panel.count_label.text() == "1 of 4 posts"
    panel.set_status(None)
    qtbot.keyClicks(panel.search, "kettle")
    qtbot.waitUntil(lambda: listed_titles(app) == ["First light"])
    panel.search.clear()
    qtbot.waitUntil(lambda: len(listed_titles(app)) == 4)


def test_clicking_a_tag_filters_the_library(app):
    tags = app.window.tags_panel
    model = tags.model
    group = model.index(0, 0)
    names = {model.index(r, 0, group).data(): r for r in range(model.rowCount(group))}
    index = model.index(names["habits"], 0, group)
    tags._clicked(index)
    assert sorted(listed_titles(app)) == ["First light", "The long edit"]
    assert app.window.library_panel.chip.isVisible()
    tags._clicked(group)  # the "Tags" heading shows every post again
    assert len(listed_titles(app)) == 4
    assert not app.window.library_panel.chip.isVisible()


def test_next_and_previous_post(app):
    first = app.controller.doc.path
    app.parts.actions.trigger("next_post")
    second = app.controller.doc.path
    assert second != first
    app.parts.actions.trigger("previous_post")
    assert app.controller.doc.path == first


def test_view_actions_hide_editor_and_preview_but_never_both(app):
    actions = app.parts.actions
    actions["toggle_preview"].setChecked(False)
    actions["toggle_editor"].setChecked(False)
    assert actions["toggle_preview"].isChecked()
    assert not app.window.editor_pane.isVisible()


def test_window_state_and_last_post_come_back(qtbot, small_library, app_settings, app_factory):
    start_app, stop_app = app_factory
    first = start_app(qtbot, app_settings, small_library)
    select(first, "the-long-edit.md")
    first.window.resize(700, 500)  # the offscreen screen is 800x600
    size = first.window.size()
    first.parts.actions["toggle_preview"].setChecked(False)
    first.window.tags_dock.close()
    stop_app(first)
    second = start_app(qtbot, app_settings, small_library)
    try:
        assert second.controller.doc.path.name == "the-long-edit.md"
        assert second.window.size() == size
        assert not second.parts.actions["toggle_preview"].isChecked()
        assert not second.window.tags_dock.isVisible()
    finally:
        stop_app(second)


def test_every_shortcut_is_unique(app):
    seen: dict[str, str] = {}
    for action in app.parts.actions:
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen, f"{text} is used by {seen[text]} and {action.objectName()}"
            seen[text] = action.objectName()


def test_app_quits_cleanly(app):
    app.window.close()
    QApplication.processEvents()
    assert not app.window.isVisible()
    assert Qt is not None


def test_escape_clears_the_search(app, qtbot):
    panel = app.window.library_panel
    qtbot.keyClicks(panel.search, "kettle")
    qtbot.waitUntil(lambda: listed_titles(app) == ["First light"])
    panel.search.setFocus()
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.search.text() == ""
    qtbot.waitUntil(lambda: len(listed_titles(app)) == 4)


def test_filtering_never_switches_the_open_post(app, qtbot):
    """The open post stays open when a filter hides it; the list just has no selection."""
    panel = app.window.library_panel
    before = app.controller.doc.path
    panel.set_status(Status.DRAFT)
    assert listed_titles(app) == ["Unfinished thoughts"]
    assert app.controller.doc.path == before
    panel.set_status(None)
    qtbot.keyClicks(panel.search, "kettle")
    qtbot.waitUntil(lambda: listed_titles(app) == ["First light"])
    assert app.controller.doc.path == before
    panel.search.clear()
    qtbot.waitUntil(lambda: len(listed_titles(app)) == 4)
    assert panel.view.currentIndex().data() == "Next spring"


def test_arrow_keys_in_the_list_open_posts(app, qtbot):
    view = app.window.library_panel.view
    first = app.controller.doc.path
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert app.controller.doc.path != first
    QTest.keyClick(view, Qt.Key.Key_Up)
    assert app.controller.doc.path == first


def test_rename_a_tag_from_the_tags_panel(app, small_library):
    """Rename asks the new name, lists the files first, then changes them; the panel follows."""
    app.answers.texts.append("routines")
    app.answers.confirms.append(True)
    app.window.tags_panel.renameRequested.emit("habits")
    question = [q for kind, q in app.answers.asked if kind == "confirm"][-1]
    assert "first-light.md" in question and "the-long-edit.md" in question
    assert "routines" in (small_library / "first-light.md").read_text()
    model = app.window.tags_panel.model
    group = model.index(0, 0)
    names = {model.index(r, 0, group).data() for r in range(model.rowCount(group))}
    assert "routines" in names and "habits" not in names


def test_numbered_list_action_numbers_the_selected_lines(app, qtbot):
    """Format ▸ Numbered List (Ctrl+Shift+7) turns the selected lines into 1., 2., ..."""
    select(app, "first-light.md")
    editor = app.window.editor
    start = editor.body().index("- a notebook")
    cursor = editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("- a notebook\n- a pencil"), cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    action = app.parts.actions["numbered_list"]
    assert action.shortcut().toString() == "Ctrl+Shift+7"
    action.trigger()
    assert editor.body().endswith("## What I keep\n\n1. a notebook\n2. a pencil\n")
    assert app.controller.session.is_modified()


def test_a_closed_window_wakes_nothing_that_reads_the_closed_library(qtbot, app_factory,
                                                                     small_library,
                                                                     app_settings):
    """After the window closes and its library is shut, a late wake-up of the session or
    a disk check does nothing (it used to run the session's tick against the closed library,
    an error in the next window's start-up)."""
    start, stop = app_factory
    running = start(qtbot, app_settings, small_library)
    window = running.window
    qtbot.keyClicks(window.editor, "A few more words.")
    stop(running)
    window.wake_in(0)
    window.adapters.check_disk()
    qtbot.wait(100)
    assert not window.adapters.timer.isActive()
    assert window.adapters.monitor.path is None


def test_colours_changing_is_not_an_edit(app, qtbot):
    """The highlighter and the spelling underlines re-format lines; that changes no words, so
    the title gets no unsaved-changes dot and no edit is reported. Typing still is an edit."""
    window = app.window
    editor = window.editor
    qtbot.wait(50)
    edits: list[int] = []
    editor.textEdited.connect(lambda: edits.append(editor.text_revision))
    title = window.windowTitle()
    assert not title.startswith("●")
    block = editor.document().firstBlock()
    while block.isValid():
        editor.highlighter.rehighlightBlock(block)
        block = block.next()
    qtbot.wait(50)
    assert edits == [] and window.windowTitle() == title
    assert not window.session.is_modified()
    qtbot.keyClicks(editor, "x")
    assert len(edits) == 1
    assert window.windowTitle().startswith("●")
