"""Standard actions take the platform's keys; Cut, Copy, Paste and Select All act on the focused
field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from blogdesk.ui.actions import ACTIONS, ActionSpec, resolved_keys

STD = QKeySequence.StandardKey
STANDARD = {
    "new_post": STD.New,
    "open_library": STD.Open,
    "save": STD.Save,
    "save_as": STD.SaveAs,
    "quit": STD.Quit,
    "undo": STD.Undo,
    "redo": STD.Redo,
    "find": STD.Find,
    "replace": STD.Replace,
    "settings": STD.Preferences,
    "cut": STD.Cut,
    "copy": STD.Copy,
    "paste": STD.Paste,
    "select_all": STD.SelectAll,
}


def texts(keys: list[QKeySequence]) -> list[str]:
    return [key.toString() for key in keys]


def test_standard_actions_take_the_platforms_keys_or_their_own(app: Any) -> None:
    specs = {spec.name: spec for spec in ACTIONS}
    for name, standard in STANDARD.items():
        platform = QKeySequence.keyBindings(standard)
        own = [QKeySequence(key) for key in specs[name].shortcuts]
        expected = platform or own
        assert expected, f"{name} has no key at all"
        assert texts(app.parts.actions[name].shortcuts()) == texts(expected), name


def test_a_standard_key_the_platform_lacks_falls_back_to_the_literal_keys() -> None:
    spec = ActionSpec("x", "X", ("Ctrl+Alt+J",), standard=STD.UnknownKey)
    assert texts(resolved_keys(spec)) == ["Ctrl+Alt+J"]
    assert texts(resolved_keys(ActionSpec("s", "S", ("Ctrl+Alt+J",), standard=STD.Save)))[0] == (
        "Ctrl+S"
    )


def test_the_edit_menu_has_cut_copy_paste_and_select_all(app: Any) -> None:
    menu = app.window.menus["menu_edit"]
    names = [action.objectName() for action in menu.actions()]
    for name in ("undo", "redo", "cut", "copy", "paste", "select_all"):
        assert name in names


def test_edit_actions_act_on_the_focused_field(app: Any, qtbot: Any) -> None:
    window, acts = app.window, app.parts.actions
    window.activateWindow()
    title = window.post_panel.title
    title.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is title)
    name = title.text()
    assert name
    acts.trigger("select_all")
    acts.trigger("copy")
    assert QApplication.clipboard().text() == name
    editor = window.editor
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    acts.trigger("paste")
    assert editor.body().endswith("\n" + name)
    acts.trigger("select_all")
    acts.trigger("cut")
    assert editor.body() == ""
    assert QApplication.clipboard().text().endswith(name)
    window.library_panel.view.setFocus()
    qtbot.keyClick(window.library_panel.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    acts.trigger("paste")  # a list has no Paste: nothing happens, nothing breaks
    assert editor.body() == ""
