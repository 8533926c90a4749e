"""The Markdown editor: exact text, formatting commands, list continuation, images, find/replace."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QTextCursor

from blogdesk.ui.widgets.editor import EditorPane, MarkdownEditor
from blogdesk.ui.widgets.find_replace import TextOffsets


@pytest.fixture
def editor(qtbot) -> MarkdownEditor:
    widget = MarkdownEditor()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    return widget


def select(editor: MarkdownEditor, start: int, end: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def put_cursor(editor: MarkdownEditor, position: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(position)
    editor.setTextCursor(cursor)


def type_enter(qtbot, editor: MarkdownEditor) -> None:
    qtbot.keyClick(editor, Qt.Key.Key_Return)


# -- exact text ----------------------------------------------------------------------------------


def test_nbsp_and_line_separator_survive_set_body_and_body(editor):
    """Text the Qt widget would normally rewrite comes back byte for byte."""
    text = "A\u00a0non-breaking space,\na line\u2028separator, a tab\there\n\nand an emoji 🙂\n"
    editor.set_body(text)
    assert editor.body() == text
    assert not editor.document().isModified()
    assert not editor.document().isUndoAvailable()


def test_selected_body_keeps_exact_characters(editor):
    editor.set_body("one\u00a0two\nthree\u2028four")
    editor.selectAll()
    assert editor.selected_body() == "one\u00a0two\nthree\u2028four"


def test_body_follows_typing(qtbot, editor):
    editor.set_body("Hello")
    put_cursor(editor, 5)
    qtbot.keyClicks(editor, " world")
    assert editor.body() == "Hello world"
    editor.undo()
    assert editor.body() != "Hello world"


def test_cursor_line_changed_reports_body_lines(qtbot, editor):
    editor.set_body("a\nb\nc\n")
    with qtbot.waitSignal(editor.cursorLineChanged) as blocker:
        editor.goto_line(2)
    assert blocker.args == [2]


# -- formatting ----------------------------------------------------------------------------------


def test_bold_wraps_and_unwraps_the_selection(editor):
    editor.set_body("make this strong")
    select(editor, 5, 9)
    editor.toggle_bold()
    assert editor.body() == "make **this** strong"
    assert editor.selected_body() == "this"
    editor.toggle_bold()
    assert editor.body() == "make this strong"


def test_bold_without_selection_takes_the_word_at_the_cursor(editor):
    editor.set_body("one two three")
    put_cursor(editor, 5)
    editor.toggle_bold()
    assert editor.body() == "one **two** three"


def test_italic_inside_bold_is_not_mistaken_for_it(editor):
    editor.set_body("**word**")
    select(editor, 2, 6)
    editor.toggle_italic()
    assert editor.body() == "***word***"
    editor.toggle_italic()
    assert editor.body() == "**word**"


def test_italic_on_empty_place_inserts_markers_with_cursor_between(qtbot, editor):
    editor.set_body("")
    editor.toggle_italic()
    qtbot.keyClicks(editor, "x")
    assert editor.body() == "*x*"


def test_link_wraps_selection_and_selects_url(qtbot, editor):
    editor.set_body("see the docs here")
    select(editor, 8, 12)
    editor.insert_link()
    assert editor.body() == "see the [docs](url) here"
    assert editor.selected_body() == "url"
    qtbot.keyClicks(editor, "https://example.org")
    assert editor.body() == "see the [docs](https://example.org) here"


def test_link_on_a_selected_url_makes_it_the_target(editor):
    editor.set_body("https://example.org")
    editor.selectAll()
    editor.insert_link()
    assert editor.body() == "[link text](https://example.org)"
    assert editor.selected_body() == "link text"


def test_code_span_on_one_line_and_fence_on_several(editor):
    editor.set_body("call print now")
    select(editor, 5, 10)
    editor.toggle_code()
    assert editor.body() == "call `print` now"
    editor.set_body("a = 1\nb = 2")
    editor.selectAll()
    editor.toggle_code()
    assert editor.body() == "```\na = 1\nb = 2\n```"
    editor.selectAll()
    editor.toggle_code()
    assert editor.body() == "a = 1\nb = 2"


def test_code_span_around_backticks_uses_a_double_fence(editor):
    editor.set_body("use `x` here")
    select(editor, 4, 7)
    editor.toggle_code()
    assert editor.body() == "use `` `x` `` here"


def test_heading_levels_replace_each_other(editor):
    editor.set_body("Title\nbody")
    put_cursor(editor, 2)
    editor.set_heading(2)
    assert editor.body() == "## Title\nbody"
    editor.set_heading(3)
    assert editor.body() == "### Title\nbody"
    editor.set_heading(0)
    assert editor.body() == "Title\nbody"


def test_quote_and_bullet_list_toggle_on_selected_lines(editor):
    editor.set_body("one\ntwo")
    editor.selectAll()
    editor.toggle_quote()
    assert editor.body() == "> one\n> two"
    editor.selectAll()
    editor.toggle_quote()
    assert editor.body() == "one\ntwo"
    editor.selectAll()
    editor.toggle_bullet_list()
    assert editor.body() == "- one\n- two"
    editor.selectAll()
    editor.toggle_bullet_list()
    assert editor.body() == "one\ntwo"


def test_formatting_is_one_undo_step(editor):
    editor.set_body("word")
    editor.selectAll()
    editor.toggle_bold()
    editor.undo()
    assert editor.body() == "word"


# -- lists continue ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "typed", "expected"),
    [
        ("- apples", "pears", "- apples\n- pears"),
        ("* apples", "pears", "* apples\n* pears"),
        ("1. first", "second", "1. first\n2. second"),
        ("9) ninth", "tenth", "9) ninth\n10) tenth"),
        ("> quoted", "more", "> quoted\n> more"),
        ("- [x] done", "todo", "- [x] done\n- [ ] todo"),
        ("    - nested", "again", "    - nested\n    - again"),
        ("plain text", "next", "plain text\nnext"),
    ],
)
def test_enter_continues_lists_and_quotes(qtbot, editor, line, typed, expected):
    editor.set_body(line)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    type_enter(qtbot, editor)
    qtbot.keyClicks(editor, typed)
    assert editor.body() == expected


@pytest.mark.parametrize(("empty", "kept"), [("- ", "- one"), ("> ", "> one"), ("3. ", "2. one")])
def test_enter_on_an_empty_item_ends_the_list_with_a_blank_line(qtbot, editor, empty, kept):
    """The paragraph typed next is outside the list or quote (no lazy continuation)."""
    editor.set_body(f"{kept}\n{empty}")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    type_enter(qtbot, editor)
    qtbot.keyClicks(editor, "After")
    assert editor.body() == f"{kept}\n\nAfter"
    from blogdesk.core.render import render

    assert "<p>After</p>" in render(editor.body()).html


def test_enter_inside_a_code_fence_does_not_continue_lists(qtbot, editor):
    editor.set_body("```\n- not a list")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    type_enter(qtbot, editor)
    assert editor.body() == "```\n- not a list\n"


def test_tab_and_shift_tab_indent_list_items(qtbot, editor):
    editor.set_body("- one\n- two")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.body() == "- one\n    - two"
    qtbot.keyClick(editor, Qt.Key.Key_Backtab)
    assert editor.body() == "- one\n- two"


# -- images --------------------------------------------------------------------------------------


def test_pasting_an_image_writes_a_png_and_inserts_a_relative_link(editor, tmp_path):
    post_dir = tmp_path / "blog" / "posts"
    post_dir.mkdir(parents=True)
    images = tmp_path / "blog" / "images"
    editor.set_image_folder(images, post_dir)
    editor.set_body("Before ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    image = QImage(8, 6, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    mime = QMimeData()
    mime.setImageData(image)
    editor.insertFromMimeData(mime)
    saved = images / "pasted-image.png"
    assert saved.read_bytes().startswith(b"\x89PNG")
    assert editor.body() == "Before ![](../images/pasted-image.png)"
    editor.insertFromMimeData(mime)
    assert (images / "pasted-image-2.png").exists()


def test_dropping_an_image_file_copies_it_with_a_slugified_name(editor, tmp_path):
    images = tmp_path / "images"
    editor.set_image_folder(images, tmp_path)
    source = tmp_path / "elsewhere" / "My Holiday Photo.PNG"
    source.parent.mkdir()
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    image.save(str(source), "PNG")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    assert editor.canInsertFromMimeData(mime)
    editor.insertFromMimeData(mime)
    assert (images / "my-holiday-photo.png").read_bytes() == source.read_bytes()
    assert editor.body() == "![](images/my-holiday-photo.png)"


def test_pasted_text_is_inserted_as_plain_text(editor):
    mime = QMimeData()
    mime.setHtml("<b>bold</b>")
    mime.setText("bold\u00a0text")
    editor.insertFromMimeData(mime)
    assert editor.body() == "bold\u00a0text"


# -- find and replace ----------------------------------------------------------------------------


@pytest.fixture
def pane(qtbot) -> EditorPane:
    widget = EditorPane()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    return widget


def test_find_next_selects_matches_in_order_and_wraps(qtbot, pane):
    pane.editor.set_body("cat dog Cat cat")
    pane.show_find()
    pane.find_bar.find_field.setText("cat")
    qtbot.waitUntil(lambda: pane.find_bar.count_label.text() == "1 of 3")
    put_cursor(pane.editor, 0)
    assert pane.find_bar.find_next()
    assert pane.editor.textCursor().selectionStart() == 0
    pane.find_bar.find_next()
    assert pane.editor.textCursor().selectionStart() == 8
    pane.find_bar.find_next()
    pane.find_bar.find_next()
    assert pane.editor.textCursor().selectionStart() == 0  # wrapped round


def test_find_options_match_case_whole_word_and_regex(pane):
    bar = pane.find_bar
    pane.editor.set_body("Cat cat category")
    pane.show_find()
    bar.find_field.setText("cat")
    assert bar.update_count() == 3
    bar.match_case.setChecked(True)
    assert bar.update_count() == 2
    bar.whole_word.setChecked(True)
    assert bar.update_count() == 1
    bar.match_case.setChecked(False)
    bar.whole_word.setChecked(False)
    bar.regex.setChecked(True)
    bar.find_field.setText(r"c\w+y")
    assert bar.update_count() == 1
    bar.find_field.setText("(")
    assert bar.update_count() == 0
    assert "Invalid" in bar.count_label.text()


def test_replace_and_replace_all(pane):
    bar = pane.find_bar
    pane.editor.set_body("a cat, a cat, a cat")
    pane.show_replace()
    bar.find_field.setText("cat")
    bar.replace_field.setText("dog")
    put_cursor(pane.editor, 0)
    bar.find_next()
    bar.replace()
    assert pane.editor.body() == "a dog, a cat, a cat"
    assert bar.replace_all() == 2
    assert pane.editor.body() == "a dog, a dog, a dog"
    pane.editor.undo()
    assert pane.editor.body() == "a dog, a cat, a cat"


def test_replace_all_with_regex_groups(pane):
    bar = pane.find_bar
    pane.editor.set_body("2024-05-01 and 2025-06-02")
    pane.show_replace()
    bar.regex.setChecked(True)
    bar.find_field.setText(r"(\d+)-(\d+)-(\d+)")
    bar.replace_field.setText(r"\3.\2.\1")
    assert bar.replace_all() == 2
    assert pane.editor.body() == "01.05.2024 and 02.06.2025"


def test_find_after_an_emoji_selects_the_right_characters(pane):
    """Qt counts an emoji as two positions; the selection still lands on the match."""
    pane.editor.set_body("🙂🙂 target")
    pane.show_find()
    pane.find_bar.find_field.setText("target")
    put_cursor(pane.editor, 0)
    pane.find_bar.find_next()
    assert pane.editor.selected_body() == "target"


def test_escape_closes_the_bar(qtbot, pane):
    pane.show_find()
    assert pane.find_bar.isVisible()
    qtbot.keyClick(pane.find_bar.find_field, Qt.Key.Key_Escape)
    assert not pane.find_bar.isVisible()


def test_text_offsets_round_trip():
    text = "a🙂b🙂🙂c"
    offsets = TextOffsets(text)
    for index in range(len(text) + 1):
        assert offsets.to_py(offsets.to_qt(index)) == index
    assert offsets.to_qt(2) == 3
    assert offsets.to_qt(len(text)) == len(text.encode("utf-16-le")) // 2


def test_editor_column_is_centred_in_a_wide_window(editor):
    editor.resize(1600, 600)
    margins = editor.viewportMargins()
    assert margins.left() > 100
    assert abs(margins.left() - margins.right()) <= 1
    assert editor.font().pixelSize() == 16


def test_paths_are_not_touched_without_an_image_folder(editor, tmp_path: Path):
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    mime = QMimeData()
    mime.setImageData(image)
    editor.set_image_folder(None, None)
    editor.insertFromMimeData(mime)
    assert list(tmp_path.iterdir()) == []


def test_body_stays_exact_through_random_edits_undo_and_redo(editor):
    """The editor keeps its own copy of the lines; it must equal what the widget holds."""
    import random

    rng = random.Random(7)
    pieces = ["a", "word ", "\n", "\n\n", "\u00a0", "\u2028", "🙂", "- item\n", "```\n", ""]
    editor.set_body("start\nof the\ntext\n")
    for step in range(300):
        cursor = editor.textCursor()
        size = editor.document().characterCount() - 1
        a, b = sorted(rng.randint(0, size) for _ in range(2))
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        action = rng.random()
        if action < 0.1 and editor.document().isUndoAvailable():
            editor.undo()
        elif action < 0.15 and editor.document().isRedoAvailable():
            editor.redo()
        else:
            cursor.insertText("".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))))
        raw = editor.document().toRawText().replace("\u2029", "\n")
        assert editor.body() == raw, step


def test_a_very_large_body_loads_and_types_without_colouring_it_all(qtbot, editor):
    text = ("## Part\n\nSome *words* and `code`.\n\n") * 40_000  # about 1.3 MB
    editor.set_body(text)
    assert editor.highlighter.is_lazy()
    assert editor.body() == text
    qtbot.waitUntil(lambda: bool(editor.document().firstBlock().layout().formats()))
    far = editor.document().findBlockByNumber(100_000)
    assert not far.layout().formats()  # not on screen: not coloured
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "end")
    assert editor.body() == text + "end"


def test_find_highlights_every_visible_match_and_clears_on_close(qtbot, pane):
    pane.editor.set_body("cat dog cat\n" + "filler line\n" * 300 + "cat at the end")
    pane.show_find()
    bar = pane.find_bar
    qtbot.keyClicks(bar.find_field, "cat")
    qtbot.waitUntil(lambda: bar.marked_matches() == [(0, 3), (8, 11)])  # on screen only
    assert len(pane.editor.extraSelections()) == 2
    pane.editor.moveCursor(QTextCursor.MoveOperation.End)  # scroll to the last match
    last = len(pane.editor.body()) - len("cat at the end")
    qtbot.waitUntil(lambda: bar.marked_matches() == [(last, last + 3)])
    bar.close_bar()
    assert pane.editor.extraSelections() == []


def test_find_bar_fields_are_wide_and_options_are_toggles(pane):
    pane.resize(420, 600)
    pane.show_replace()
    bar = pane.find_bar
    width = bar.fontMetrics().averageCharWidth() * 18
    assert bar.find_field.width() >= width
    assert bar.replace_field.width() >= width
    for toggle in (bar.match_case, bar.whole_word, bar.regex):
        assert toggle.isCheckable() and toggle.accessibleName()
