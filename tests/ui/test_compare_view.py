"""The compare view opens at the first change, in both panes, with the changed lines tinted."""

from __future__ import annotations

from blogdesk.ui.widgets.compare_dialog import DiffView


def test_diff_view_opens_at_the_first_change(qtbot) -> None:
    view = DiffView()
    qtbot.addWidget(view)
    view.resize(800, 300)
    view.show()
    old = "\n".join(f"line {n}" for n in range(400))
    new = old.replace("line 250", "line 250, changed")
    view.set_texts("On disk", old, "Unsaved", new)
    assert view.first_change() == 250
    for pane in (view.left, view.right):
        assert pane.textCursor().blockNumber() == 250
        first_visible = pane.firstVisibleBlock().blockNumber()
        assert first_visible <= 250 < first_visible + 40  # on screen, not at the top of the text
        tinted = [s.cursor.blockNumber() for s in pane.extraSelections()]
        assert tinted == [250]


def test_identical_texts_stay_at_the_top(qtbot) -> None:
    view = DiffView()
    qtbot.addWidget(view)
    view.set_texts("a", "same\ntext", "b", "same\ntext")
    assert view.first_change() is None
    assert view.left.firstVisibleBlock().blockNumber() == 0
