"""The tag field: a suggestion picked from the list becomes a tag, with nothing left behind."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from blogdesk.ui.widgets.post_panel import TagEditor


@pytest.fixture
def tags(qtbot) -> TagEditor:
    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.set_known(["habits", "editing", "morning"])
    editor.show()
    editor.input.setFocus()
    return editor


def test_a_suggestion_picked_with_the_keys_is_added_and_the_field_empties(qtbot, tags) -> None:
    with qtbot.waitSignal(tags.edited) as added:
        qtbot.keyClicks(tags.input, "hab")
        qtbot.waitUntil(lambda: tags.completer.popup().isVisible())
        qtbot.keyClick(tags.completer.popup(), Qt.Key.Key_Down)
        qtbot.keyClick(tags.completer.popup(), Qt.Key.Key_Return)
    assert added.args[0] == ["habits"]
    qtbot.waitUntil(lambda: tags.input.text() == "")
    # what is typed next is a tag of its own, never glued to the last one ("habitsedi")
    qtbot.keyClicks(tags.input, "edi")
    qtbot.keyClick(tags.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tags.input.text() == "")
    assert tags.tags()[0] == "habits"
    assert "habitsedi" not in tags.tags()


def test_a_suggestion_clicked_is_added(qtbot, tags) -> None:
    qtbot.keyClicks(tags.input, "mor")
    popup = tags.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    index = popup.model().index(0, 0)
    rect = popup.visualRect(index)
    with qtbot.waitSignal(tags.edited) as added:
        qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert added.args[0] == ["morning"]
    qtbot.waitUntil(lambda: tags.input.text() == "")
