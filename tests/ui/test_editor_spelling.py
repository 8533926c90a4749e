"""Spell checking in the editor: the wavy underline, and what the right-click menu does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from spell_marks import underlined

from blogdesk.core.spelling import BLOG_WORDS_NAME, WordList
from blogdesk.ui.spelling import SpellingController
from blogdesk.ui.widgets.editor import MarkdownEditor

TEXT = "A frist line.\n\n```\nteh code is not checked\n```\n\nThe end of a wrod.\n"


@pytest.fixture
def editor(qtbot) -> MarkdownEditor:
    widget = MarkdownEditor()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    widget.set_body(TEXT)
    return widget


@pytest.fixture
def spelling(qtbot, editor: MarkdownEditor, tmp_path: Path) -> SpellingController:
    controller = SpellingController(editor)
    controller.use(
        "en_US",
        personal_words=WordList.load(tmp_path / "personal.txt"),
        blog_words=WordList.load(tmp_path / BLOG_WORDS_NAME),
    )
    qtbot.waitUntil(lambda: len(controller.words_marked()) == 2)
    return controller




def point_at(editor: MarkdownEditor, word: str) -> QPoint:
    cursor = editor.document().find(word)
    cursor.setPosition(cursor.selectionStart() + 1)
    return editor.cursorRect(cursor).center()


def test_unknown_words_are_underlined_and_code_is_not(editor, spelling) -> None:
    assert sorted(spelling.words_marked()) == ["frist", "wrod"]
    assert "".join(underlined(editor)) == "fristwrod"


def test_typing_a_new_mistake_underlines_it(qtbot, editor, spelling) -> None:
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "Anothr line")
    qtbot.waitUntil(lambda: "Anothr" in underlined(editor))


def test_a_suggestion_replaces_the_word_as_one_undo_step(editor, spelling) -> None:
    menu = spelling.menu_at(point_at(editor, "frist"))
    assert menu is not None
    labels = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert "first" in labels
    assert {"Add to Dictionary", "Add to This Blog's Words", "Ignore in This Post"} <= set(labels)
    next(a for a in menu.actions() if a.text() == "first").trigger()
    assert editor.body().startswith("A first line.")
    editor.undo()
    assert editor.body() == TEXT


def test_adding_to_the_blog_list_writes_it_and_clears_the_mark(qtbot, editor, spelling) -> None:
    spelling.add_word("wrod", spelling.blog_words)
    assert spelling.blog_words is not None
    assert spelling.blog_words.path.read_text(encoding="utf-8") == "wrod\n"
    qtbot.waitUntil(lambda: underlined(editor) == ["frist"])


def test_ignoring_a_word_is_for_this_post_only(qtbot, editor, spelling) -> None:
    spelling.ignore("frist")
    qtbot.waitUntil(lambda: underlined(editor) == ["wrod"])
    assert not (spelling.personal_words and spelling.personal_words.path.exists())


def test_no_menu_over_a_known_word(editor, spelling) -> None:
    assert spelling.menu_at(point_at(editor, "line")) is None


def test_a_missing_dictionary_is_said_in_the_status_line(qtbot, editor) -> None:
    controller = SpellingController(editor)
    with qtbot.waitSignal(controller.statusChanged) as said:
        assert controller.use("xx_YY") is False
    assert "hunspell-xx-yy" in said.args[0]
    assert underlined(editor) == []
