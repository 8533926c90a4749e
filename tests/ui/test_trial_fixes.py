"""The trial's findings in the window (issue 13): export, back to blog, unsaved changes, ranked
search, the first window's layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_app_window import select, type_in_editor


def test_replace_all_then_undo_is_not_an_unsaved_change(app: Any, qtbot: Any,
                                                        small_library: Path) -> None:
    """Replace All, the text read in between (as the journal does), Undo; then a letter typed
    and deleted: switching posts asks nothing and the file keeps its bytes."""
    mixed = small_library / "first-light.md"
    data = mixed.read_bytes().replace(b"breakfast\n", b"breakfast\r\n")  # mixed line endings
    mixed.write_bytes(data)
    app.window.check_disk()
    select(app, "first-light.md")
    pane = app.window.editor_pane
    pane.show_replace()
    pane.find_bar.find_field.setText("e")
    pane.find_bar.replace_field.setText("E")
    assert pane.find_bar.replace_all() > 0
    assert app.window.session.is_modified()  # reads the editor's text
    app.window.editor.undo()
    type_in_editor(qtbot, app, "x")
    qtbot.keyClick(app.window.editor, "\b")
    assert not app.window.session.is_modified()
    select(app, "the-long-edit.md")
    assert app.controller.doc.path.name == "the-long-edit.md"
    assert app.answers.asked == []
    assert mixed.read_bytes() == data
