"""The outline shows the headings the preview's page shows, each on its body line, in the
site's flavour; without a preview the line scanner still fills it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

PAGE_TIMEOUT_MS = 30_000

HUGO_POST = """\
---
title: Seasons
date: 2024-05-01
---

## Plans for {{< param "season" >}}

```sh
# a shell comment, not a heading
```

Setext heading
--------------

{{% note %}}
### Inside the note
{{% /note %}}
"""


def outline_rows(view: Any) -> list[tuple[int, str, int]]:
    """(depth, text, line) of every item, depth first, as the tree shows them."""
    rows: list[tuple[int, str, int]] = []

    def walk(item: Any, depth: int) -> None:
        for i in range(item.childCount()):
            child = item.child(i)
            rows.append((depth, child.text(0), child.data(0, 256)))  # 256: UserRole
            walk(child, depth + 1)

    walk(view.invisibleRootItem(), 0)
    return rows


def wait_for_page(qtbot: Any, window: Any) -> None:
    """The newest text is on the page (closing the window mid-load upsets QtWebEngine)."""
    pane, scheduler = window.preview.pane, window.preview.scheduler
    qtbot.waitUntil(lambda: pane.shown_generation() >= scheduler.generation(),
                    timeout=PAGE_TIMEOUT_MS)


def hugo_site(root: Path) -> Path:
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Desk"\n[params]\nseason = "Spring"\n',
        encoding="utf-8")
    post = posts / "seasons.md"
    post.write_text(HUGO_POST, encoding="utf-8")
    return post


def test_the_outline_is_the_hugo_page_and_a_click_moves_the_editor(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    """A shortcode in a heading shows its value, a `#` line in a fence is no heading, a setext
    heading and one inside a shortcode's content are listed; a click goes to the line."""
    start_app, stop_app = app_factory
    post = hugo_site(tmp_path / "site")
    running = start_app(qtbot, app_settings, post.parents[2], post, preview=True)
    try:
        window = running.parts.window
        view = window.outline
        expected = [  # body lines: the body starts with the blank line after the front matter
            (0, "Plans for Spring", 1),
            (0, "Setext heading", 7),
            (1, "Inside the note", 10),
        ]
        qtbot.waitUntil(lambda: outline_rows(view) == expected, timeout=PAGE_TIMEOUT_MS)
        view.itemClicked.emit(view.topLevelItem(1), 0)
        assert window.editor.textCursor().blockNumber() == 7
        assert window.editor.textCursor().block().text() == "Setext heading"
        wait_for_page(qtbot, window)
    finally:
        stop_app(running)


def test_typing_a_heading_reaches_the_outline_through_the_render(
        qtbot: Any, small_library: Path, app_settings: Any, app_factory: Any) -> None:
    """blogdesk's own style (Python-Markdown): the new headings appear with their lines and the
    page's text; the fenced `#` line is not one."""
    start_app, stop_app = app_factory
    running = start_app(qtbot, app_settings, small_library, preview=True)
    try:
        window = running.parts.window
        assert window.preview.scheduler is not None
        cursor = window.editor.textCursor()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(  # typed over the whole post
            "Intro.\n\n~~~\n# code\n~~~\n\nNew part\n========\n\n## Don't *stop*\n")
        # the page's text: smart quotes and no emphasis marks (the line scan would keep the ')
        qtbot.waitUntil(lambda: outline_rows(window.outline) == [
            (0, "New part", 6), (1, "Don\u2019t stop", 9)], timeout=PAGE_TIMEOUT_MS)
        wait_for_page(qtbot, window)
    finally:
        stop_app(running)


def test_without_the_preview_the_line_scan_fills_the_outline(app: Any, qtbot: Any) -> None:
    """No preview built (QtWebEngine missing, or not yet after the first paint)."""
    window = app.window
    assert window.preview.scheduler is None
    window.editor.setPlainText("# One\n\n```\n# code\n```\n\nTwo\n---\n")
    qtbot.waitUntil(lambda: outline_rows(window.outline) == [(0, "One", 0), (1, "Two", 6)],
                    timeout=5000)
