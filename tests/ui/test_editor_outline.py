"""The outline of headings and the editor's syntax colours."""

from __future__ import annotations

import time

from PySide6.QtGui import QFont, QTextCursor

from blogdesk.core.markdown_lines import headings as parse_headings
from blogdesk.ui.widgets.editor import MarkdownEditor
from blogdesk.ui.widgets.highlighter import IN_COMMENT, NORMAL, MarkdownHighlighter
from blogdesk.ui.widgets.outline import OutlineView

BODY = """\
# Title

Intro text.

```python
# not a heading
```

Setext heading
==============

## Second **part** {#custom}

Under it
--------

<!--
# commented out
-->

### Deeper [linked](https://example.org)

    # indented: not a heading either
"""


def test_headings_outside_code_and_comments_with_their_lines():
    found = [(h.level, h.text, h.line) for h in parse_headings(BODY)]
    assert found == [
        (1, "Title", 0),
        (1, "Setext heading", 8),
        (2, "Second part", 11),
        (2, "Under it", 13),
        (3, "Deeper linked", 20),
    ]


def test_a_dash_line_under_a_list_or_after_a_blank_is_not_a_heading():
    assert parse_headings("- item\n---\n") == []
    assert parse_headings("para\n\n---\n") == []


def test_outline_nests_by_level_and_a_click_asks_for_the_line(qtbot):
    view = OutlineView()
    qtbot.addWidget(view)
    view.set_markdown(BODY)
    top = [view.topLevelItem(i).text(0) for i in range(view.topLevelItemCount())]
    assert top == ["Title", "Setext heading"]
    second = view.topLevelItem(1)
    assert [second.child(i).text(0) for i in range(second.childCount())] == [
        "Second part",
        "Under it",
    ]
    deeper = second.child(1).child(0)
    with qtbot.waitSignal(view.headingActivated) as blocker:
        view.itemClicked.emit(deeper, 0)
    assert blocker.args == [20]
    view.set_current_line(12)
    assert view.currentItem().text(0) == "Second part"


def test_clicking_an_outline_heading_moves_the_editor(qtbot):
    editor = MarkdownEditor()
    view = OutlineView()
    qtbot.addWidget(editor)
    qtbot.addWidget(view)
    editor.set_body(BODY)
    view.set_markdown(editor.body())
    view.headingActivated.connect(editor.goto_line)
    view.itemClicked.emit(view.topLevelItem(1), 0)
    assert editor.textCursor().blockNumber() == 8


def _formats(editor: MarkdownEditor, line: int) -> list[tuple[int, int, QFont.Weight, bool]]:
    layout = editor.document().findBlockByNumber(line).layout()
    return [
        (r.start, r.length, r.format.fontWeight(), r.format.fontItalic()) for r in layout.formats()
    ]


def test_highlighter_colours_headings_emphasis_and_code_fences(qtbot):
    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    editor.set_body("## Heading\nsome **bold** and *it*\n```\n# code\n```\n<!-- a\ncomment -->\n")
    document = editor.document()
    heading = _formats(editor, 0)
    assert any(weight == QFont.Weight.Bold and length >= 8 for _s, length, weight, _i in heading)
    line = _formats(editor, 1)
    assert any(s == 5 and n == 8 and w == QFont.Weight.Bold for s, n, w, _i in line)
    assert any(s == 18 and n == 4 and italic for s, n, _w, italic in line)
    assert document.findBlockByNumber(3).userState() >= 16  # inside the fence
    assert document.findBlockByNumber(4).userState() == NORMAL
    assert document.findBlockByNumber(5).userState() == IN_COMMENT
    assert document.findBlockByNumber(6).userState() == NORMAL


def _heading_colour(editor: MarkdownEditor) -> str:
    ranges = editor.document().findBlockByNumber(0).layout().formats()
    char_format = ranges[0].format
    return str(char_format.foreground().color().name())


def test_highlighter_has_dark_colours(qtbot):
    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    editor.set_body("# Heading\n")
    light = _heading_colour(editor)
    highlighter: MarkdownHighlighter = editor.highlighter
    highlighter.set_dark(True)
    assert highlighter.is_dark()
    assert _heading_colour(editor) != light
    highlighter.set_dark(False)
    assert _heading_colour(editor) == light


def test_typing_in_a_long_document_stays_cheap(qtbot):
    """Only the edited line is coloured again: a keystroke costs the same at any size."""
    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    paragraph = "Some *words* with `code` and a [link](https://example.org) in them. " * 4
    editor.set_body(("## Part\n\n" + paragraph + "\n\n") * 3000)  # about 130k words
    editor.show()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    started = time.perf_counter()
    for _ in range(50):
        qtbot.keyClicks(editor, "x")
    per_key = (time.perf_counter() - started) / 50
    assert per_key < 0.05
