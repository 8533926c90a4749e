"""Each field of the post panel, edited like a user would, changes only its own lines on disk."""

from __future__ import annotations

import difflib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QToolButton

from blogdesk.ui.widgets.post_panel import (
    TagChip,
    date_value,
    field_key,
    list_value,
    near_duplicates,
)


def open_post(app: Any, name: str) -> Path:
    path = app.controller.library.posts_dir / name
    assert app.window.open_path(path)
    return path


def save(app: Any) -> None:
    app.parts.actions.trigger("save")
    assert app.answers.errors == []


def diff(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines)."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def add_tag(qtbot: Any, app: Any, tag: str) -> None:
    """Type a tag in the tag field and press Enter."""
    field = app.window.post_panel.tags.input
    qtbot.keyClicks(field, tag)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def edit_line(widget: Any, text: str) -> None:
    """Type into a line edit (textEdited is what a user's typing emits)."""
    widget.setText(text)
    widget.textEdited.emit(text)
    widget.editingFinished.emit()


def test_title(app):
    path = open_post(app, "first-light.md")
    before = path.read_text()
    edit_line(app.window.post_panel.title, "First light, revisited")
    assert app.window.windowTitle().startswith("● First light, revisited")
    save(app)
    assert diff(before, path.read_text()) == (
        ["title: First light"],
        ["title: First light, revisited"],
    )
    assert "First light, revisited" in [
        app.window.library_panel.proxy.index(r, 0).data()
        for r in range(app.window.library_panel.proxy.rowCount())
    ]


def test_date_with_the_picker(app):
    path = open_post(app, "first-light.md")
    before = path.read_text()
    app.window.post_panel.date.edit.setDateTime(QDateTime(QDate(2025, 3, 9), QTime(7, 45)))
    save(app)
    removed, added = diff(before, path.read_text())
    assert removed == ["date: 2025-03-02 08:15:00"]
    assert len(added) == 1 and added[0].startswith("date: 2025-03-09 07:45")


def test_date_only_stays_a_date(app):
    path = open_post(app, "the-long-edit.md")
    before = path.read_text()
    app.window.post_panel.date.edit.setDateTime(QDateTime(QDate(2025, 6, 21), QTime(0, 0)))
    save(app)
    assert diff(before, path.read_text()) == (["date: 2025-06-20"], ["date: 2025-06-21"])


def test_updated_now_button_adds_one_line(app):
    path = open_post(app, "first-light.md")
    before = path.read_text()
    buttons = app.window.post_panel.updated.findChildren(QToolButton)
    now = next(b for b in buttons if b.text() == "Now")
    now.click()
    save(app)
    removed, added = diff(before, path.read_text())
    assert removed == []
    assert len(added) == 1 and added[0].startswith(f"updated: {datetime.now():%Y-%m-%d}")


def test_clearing_a_date_removes_its_line(app):
    path = open_post(app, "first-light.md")
    before = path.read_text()
    app.window.post_panel.date.set_value(None)
    app.window.post_panel.date.edited.emit(None)
    save(app)
    assert diff(before, path.read_text()) == (["date: 2025-03-02 08:15:00"], [])


def test_summary_and_its_length_hint(app):
    path = open_post(app, "first-light.md")
    before = path.read_text()
    panel = app.window.post_panel
    panel.summary.setPlainText("Why I write before breakfast, and what it gives me.")
    assert panel.summary_hint.text() == "51 / 160"
    save(app)
    assert diff(before, path.read_text()) == (
        ["summary: Why I write before breakfast."],
        ["summary: Why I write before breakfast, and what it gives me."],
    )


def test_summary_goes_to_the_key_the_file_uses(app):
    path = open_post(app, "the-long-edit.md")
    before = path.read_text()
    app.window.post_panel.summary.setPlainText("Half the words, all the point.")
    save(app)
    assert diff(before, path.read_text()) == (
        ["description: Cutting a post in half without losing its point."],
        ["description: Half the words, all the point."],
    )


def test_missing_summary_and_long_title_show_hints(app):
    open_post(app, "unfinished-thoughts.md")
    panel = app.window.post_panel
    assert "No summary yet" in panel.summary_hint.text()
    edit_line(panel.title, "A title that goes on and on well past what a search result shows")
    assert not panel.title_hint.isHidden()
    assert "search results" in panel.title_hint.text()


def test_category(app):
    path = open_post(app, "first-light.md")
    before = path.read_text()
    combo = app.window.post_panel.category
    combo.setEditText("Journal")
    combo.lineEdit().textEdited.emit("Journal")
    save(app)
    assert diff(before, path.read_text()) == (["category: Notes"], ["category: Journal"])


def test_categories_list_stays_a_list(app):
    path = open_post(app, "the-long-edit.md")
    combo = app.window.post_panel.category
    assert combo.currentText() == "Craft, Editing"
    combo.setEditText("Craft, Editing, Style")
    combo.lineEdit().textEdited.emit("Craft, Editing, Style")
    save(app)
    assert "categories: [Craft, Editing, Style]" in path.read_text()


def test_tags_flow_list(app, qtbot):
    path = open_post(app, "first-light.md")
    before = path.read_text()
    add_tag(qtbot, app, "coffee")
    save(app)
    assert diff(before, path.read_text()) == (
        ["tags: [morning, habits]"],
        ["tags: [morning, habits, coffee]"],
    )


def test_tags_block_list_keeps_its_style(app, qtbot):
    path = open_post(app, "the-long-edit.md")
    before = path.read_text()
    add_tag(qtbot, app, "revision")
    save(app)
    removed, added = diff(before, path.read_text())
    assert removed == []
    assert [line.strip() for line in added] == ["- revision"]


def test_near_duplicate_tag_warning(app, qtbot):
    open_post(app, "first-light.md")
    panel = app.window.post_panel
    qtbot.keyClicks(panel.tags.input, "Habits")
    assert not panel.tags_hint.isHidden()
    assert "“Habits” looks like the existing tag “habits”" in panel.tags_hint.text()


def test_slug_author_and_cover_add_or_change_one_line_each(app):
    path = open_post(app, "first-light.md")
    panel = app.window.post_panel
    before = path.read_text()
    edit_line(panel.slug, "early")
    edit_line(panel.author, "A. Field")
    edit_line(panel.cover, "images/kettle.jpg")
    save(app)
    removed, added = diff(before, path.read_text())
    assert removed == ["author: Ada Field"]
    assert sorted(added) == ["author: A. Field", "cover: images/kettle.jpg", "slug: early"]


def test_draft_checkbox(app):
    path = open_post(app, "first-light.md")
    before = path.read_text()
    app.window.post_panel.draft.setChecked(True)
    save(app)
    assert diff(before, path.read_text()) == ([], ["draft: true"])
    listed = app.window.library_panel.model.entry(app.window.library_panel.model.row_of(path))
    assert listed.status.value == "draft"


def test_unchecking_draft_keeps_the_key(app):
    path = open_post(app, "unfinished-thoughts.md")
    before = path.read_text()
    app.window.post_panel.draft.setChecked(False)
    save(app)
    assert diff(before, path.read_text()) == (["draft: true"], ["draft: false"])


def test_raw_front_matter_edit(app, qtbot):
    path = open_post(app, "first-light.md")
    before = path.read_text()
    raw = app.window.post_panel.raw
    assert "# a comment the form must keep" in raw.toPlainText()
    raw.setPlainText(
        raw.toPlainText().replace("author: Ada Field", "author: Ada Field\nmood: calm")
    )
    app.window.post_panel.commit()
    save(app)
    assert diff(before, path.read_text()) == ([], ["mood: calm"])


def test_raw_error_is_shown_and_nothing_is_lost(app):
    open_post(app, "first-light.md")
    panel = app.window.post_panel
    panel.raw.setPlainText("title: [unclosed\n")
    panel.commit()
    assert not panel.raw_error.isHidden()
    assert panel.raw_error.text()


def test_cover_thumbnail_from_a_local_image(app, tmp_path):
    from PySide6.QtGui import QColor, QImage

    path = open_post(app, "first-light.md")
    image = QImage(64, 32, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    (path.parent / "images").mkdir()
    image.save(str(path.parent / "images" / "cover.png"))
    app.window.post_panel.set_cover_path(path.parent / "images" / "cover.png")
    assert app.window.post_panel.cover.text() == "images/cover.png"
    assert not app.window.post_panel.thumbnail.isHidden()


@pytest.mark.parametrize(
    ("metadata", "name", "key"),
    [
        ({"lastmod": 1}, "updated", "lastmod"),
        ({}, "updated", "updated"),
        ({"excerpt": "x"}, "summary", "excerpt"),
        ({"image": "a.png"}, "cover", "image"),
        ({"published": False}, "date", "date"),
    ],
)
def test_field_keys_follow_the_file(metadata, name, key):
    assert field_key(metadata, name) == key


def test_value_shapes():
    assert list_value(["a", "b"], "x y") == "a b"
    assert list_value(["a", "b"], ["x"]) == ["a", "b"]
    assert list_value(["a"], "x") == "a"
    assert date_value(datetime(2026, 1, 2), "2025-01-01") == "2026-01-02"
    assert near_duplicates(["Java Script", "python"], ["javascript", "python"]) == [
        ("Java Script", "javascript")
    ]


def test_broken_front_matter_is_edited_in_the_raw_tab_only(app, small_library):
    path = small_library / "broken.md"
    path.write_text("---\ntitle: [unclosed\n---\nBody text.\n", encoding="utf-8")
    app.controller.library.refresh([path])
    assert app.window.open_path(path)
    panel = app.window.post_panel
    assert not panel.tabs.isTabEnabled(0)
    assert panel.tabs.currentWidget() is panel.raw.parentWidget()
    assert panel.raw_error.text() == (
        f"{path}:3: invalid YAML front matter: expected ',' or ']', but got '<stream end>'")
    assert app.window.current_body() == "Body text.\n"


def test_removing_a_tag_chip_and_backspace(app, qtbot):
    path = open_post(app, "first-light.md")
    before = path.read_text()
    editor = app.window.post_panel.tags
    chip = next(c for c in editor.findChildren(TagChip) if c.tag == "morning")
    chip.findChild(QToolButton, "removeTag").click()
    assert editor.tags() == ["habits"]
    qtbot.keyClick(editor.input, Qt.Key.Key_Backspace)
    assert editor.tags() == []
    save(app)
    assert diff(before, path.read_text()) == (["tags: [morning, habits]"], [])  # no tags: no key


def test_typing_a_comma_adds_the_tag(app, qtbot):
    open_post(app, "first-light.md")
    editor = app.window.post_panel.tags
    qtbot.keyClicks(editor.input, "tea,")
    assert editor.tags() == ["morning", "habits", "tea"]
    assert editor.input.text() == ""
