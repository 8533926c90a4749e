"""Settings > Site generator: the library list follows the chosen generator at once, without
reopening the library (Hugo's ``_index.md`` is no post; Jekyll's ``_drafts/`` holds drafts),
and the open post stays open with its unsaved text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.ui.test_settings_generator import choose_in_settings


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def hugo_site(root: Path) -> tuple[Path, Path, Path]:
    (root / ".git").mkdir(parents=True)
    write(root / "hugo.toml", 'title = "Desk"\n')
    section = write(root / "content" / "_index.md", "---\ntitle: Desk home\n---\nWelcome.\n")
    post = write(root / "content" / "garden.md",
                 "---\ntitle: The garden\ndate: 2024-05-01\n---\nBeans and peas.\n")
    write(root / "content" / "_drafts" / "shed.md", "---\ntitle: A shed\n---\nLater.\n")
    return root, post, section


def rows(window: Any) -> dict[str, str]:
    """The list as shown: title -> status."""
    proxy = window.library_panel.proxy
    shown = {}
    for row in range(proxy.rowCount()):
        title = proxy.index(row, 0).data()
        shown[title] = proxy.index(row, 2).data()
    return shown


def type_at_end(qtbot: Any, editor: Any, text: str) -> None:
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, text)


def test_the_list_follows_the_generator_chosen_in_settings(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    start_app, stop_app = app_factory
    root, post, section = hugo_site(tmp_path / "site")
    running = start_app(qtbot, app_settings, root, post)
    try:
        window = running.parts.window
        assert rows(window) == {"The garden": "published", "A shed": "published"}
        type_at_end(qtbot, window.editor, " Unsaved words.")

        choose_in_settings(qtbot, window, "jekyll")
        assert rows(window) == {"The garden": "published", "A shed": "draft",
                                "Desk home": "published"}
        # the open post, its unsaved text and its row's selection are as they were
        session = window.session
        assert session.doc is not None and session.doc.path == post
        assert session.is_modified()
        assert window.editor.toPlainText().endswith("Beans and peas.\n Unsaved words.")
        assert window.library_panel.view.currentIndex().data() == "The garden"

        choose_in_settings(qtbot, window, "blogdesk")
        assert rows(window) == {"The garden": "published", "A shed": "published",
                                "Desk home": "published"}
        assert post.read_text(encoding="utf-8").endswith("Beans and peas.\n")  # not saved

        # the section page, open with unsaved text, stays open when it is no post any more
        running.answers.save_discard_cancel[:] = ["save"]
        assert window.open_path(section)
        type_at_end(qtbot, window.editor, " More.")
        choose_in_settings(qtbot, window, "hugo")
        assert rows(window) == {"The garden": "published", "A shed": "published"}
        assert session.doc is not None and session.doc.path == section
        assert window.editor.toPlainText().endswith("Welcome.\n More.")
        assert session.is_modified()
    finally:
        stop_app(running)
