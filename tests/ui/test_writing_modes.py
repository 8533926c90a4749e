"""Focus mode, typewriter scrolling and the formatting commands a prose writer needs."""

from __future__ import annotations

import pytest

from blogdesk.ui.widgets.editor import MarkdownEditor
from blogdesk.ui.writing_modes import FocusMode, FocusUnit, TypewriterScrolling, focus_span

TEXT = "First one. Second one is here.\nIt goes on! Third.\n\nNext paragraph."


@pytest.fixture
def editor(qtbot) -> MarkdownEditor:
    widget = MarkdownEditor()
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    widget.show()
    widget.set_body(TEXT)
    return widget


def put(editor: MarkdownEditor, position: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(position)
    editor.setTextCursor(cursor)


def bright(editor: MarkdownEditor) -> str:
    """The text not covered by a dimmed extra selection."""
    text = editor.toPlainText()
    dimmed = set()
    for selection in editor.extraSelections():
        dimmed.update(range(selection.cursor.selectionStart(), selection.cursor.selectionEnd()))
    return "".join(ch for i, ch in enumerate(text) if i not in dimmed).strip()


@pytest.mark.parametrize(
    ("line", "column", "unit", "span"),
    [
        (0, 3, FocusUnit.SENTENCE, ((0, 0), (0, 11))),
        (1, 14, FocusUnit.SENTENCE, ((1, 12), (1, 18))),
        (1, 2, FocusUnit.PARAGRAPH, ((0, 0), (1, 18))),
        (2, 0, FocusUnit.SENTENCE, ((2, 0), (2, 0))),
    ],
)
def test_focus_span(line, column, unit, span) -> None:
    assert focus_span(TEXT.split("\n"), line, column, unit) == span


def test_focus_mode_dims_all_but_the_sentence_then_the_paragraph(editor) -> None:
    mode = FocusMode(editor)
    put(editor, TEXT.index("Second") + 2)
    mode.set_enabled(True)
    assert bright(editor) == "Second one is here."
    put(editor, TEXT.index("Third") + 1)
    assert bright(editor) == "Third."
    mode.set_unit(FocusUnit.PARAGRAPH)
    assert bright(editor) == "First one. Second one is here.\nIt goes on! Third."
    selection = editor.extraSelections()[0]
    assert selection.format.foreground().color() == mode.dim_colour()
    assert mode.dim_colour() != editor.palette().text().color()
    mode.set_enabled(False)
    assert editor.extraSelections() == []


def test_typewriter_scrolling_keeps_the_line_in_the_middle(qtbot, editor) -> None:
    editor.set_body("\n".join(f"Line {n} of a long post." for n in range(400)))
    TypewriterScrolling(editor).set_enabled(True)
    for line in (120, 300, 399):
        put(editor, editor.document().findBlockByNumber(line).position())
        qtbot.wait(10)
        middle = editor.viewport().height() / 2
        assert abs(editor.cursorRect().center().y() - middle) < editor.fontMetrics().height() * 2


@pytest.mark.parametrize(
    ("body", "at", "command", "expected"),
    [
        ("a word here", 3, "toggle_strikethrough", "a ~~word~~ here"),
        (
            "Para one",
            4,
            "insert_table",
            "Para one\n\n| Column | Column |\n| --- | --- |\n|  |  |\n|  |  |",
        ),
        ("Para one\n\nNext", 4, "insert_horizontal_rule", "Para one\n\n---\n\n\n\nNext"),
        ("A\nB", 0, "insert_code_block", "A\n\n```\n\n```\n\nB"),
        ("one\ntwo", 0, "toggle_numbered_list", "1. one\ntwo"),
    ],
)
def test_formatting_commands(editor, body, at, command, expected) -> None:
    editor.set_body(body)
    put(editor, at)
    getattr(editor, command)()
    assert editor.body() == expected
    editor.undo()
    assert editor.body() == body


def test_the_editor_starts_in_a_reading_font_with_a_comfortable_line(editor) -> None:
    from PySide6.QtGui import QFontInfo, QFontMetricsF

    assert not QFontInfo(editor.font()).fixedPitch()
    chars = (editor.column_width() - 2 * editor.document().documentMargin()) / QFontMetricsF(
        editor.font()
    ).averageCharWidth()
    assert 60 <= round(chars) <= 80


def test_zoom_in_out_and_reset(editor) -> None:
    from blogdesk.ui.widgets.editor import FONT_PIXELS, ZOOM_STEP

    assert editor.zoom(+1) == FONT_PIXELS + ZOOM_STEP
    assert editor.font().pixelSize() == FONT_PIXELS + ZOOM_STEP
    assert editor.zoom(-2) == FONT_PIXELS - ZOOM_STEP
    assert editor.zoom(0) == FONT_PIXELS
    assert editor.zoom(-100) == 10  # never unreadably small


def test_headings_are_a_little_larger(qtbot, editor) -> None:
    editor.set_body("# A title\n\nText under it.\n")
    heading = editor.document().firstBlock()
    sizes = [r.format.property(r.format.Property.FontPixelSize) for r in heading.layout().formats()]
    assert sizes and all(size > editor.font().pixelSize() for size in sizes)
    text = editor.document().findBlockByNumber(2)
    assert all(
        not r.format.hasProperty(r.format.Property.FontPixelSize) for r in text.layout().formats()
    )
