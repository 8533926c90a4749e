"""The app with its live preview: typing and field edits reach the page, links stay out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PAGE_TIMEOUT_MS = 30_000


@pytest.fixture
def live(qtbot: Any, small_library: Path, app_settings: Any, app_factory: Any) -> Iterator[Any]:
    """The app on the small library with the preview built, its first page shown."""
    start_app, stop_app = app_factory
    running = start_app(qtbot, app_settings, small_library, preview=True)
    pane = running.parts.window.preview.pane
    qtbot.waitUntil(lambda: pane.shown_generation() >= 0, timeout=PAGE_TIMEOUT_MS)
    yield running
    stop_app(running)


def page_text(pane: Any) -> str:
    """The HTML the pane shows (its model of the page; the pane has no public getter)."""
    model = pane._snapshot()
    return str(model.page())


def wait_for_page(qtbot: Any, live: Any, generation: int) -> None:
    pane = live.parts.window.preview.pane
    qtbot.waitUntil(lambda: pane.shown_generation() >= generation, timeout=PAGE_TIMEOUT_MS)


def test_the_open_post_is_previewed(live):
    pane = live.parts.window.preview.pane
    assert "Seeds, soil and patience." in page_text(pane)
    assert "Next spring" in page_text(pane)


def test_typing_updates_the_preview_and_the_counter(live, qtbot):
    window = live.window
    scheduler = live.parts.window.preview.scheduler
    editor = window.editor
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    with qtbot.waitSignal(window.counter.updated, timeout=5000):
        qtbot.keyClicks(editor, " Bulbs too.")
    wait_for_page(qtbot, live, scheduler.generation())
    assert "Bulbs too." in page_text(live.parts.window.preview.pane)
    assert window.counter.text().endswith("6 words")


def test_a_title_edit_reaches_the_page(live, qtbot):
    panel = live.window.post_panel
    scheduler = live.parts.window.preview.scheduler
    panel.title.setText("Next spring, planted")
    panel.title.textEdited.emit("Next spring, planted")
    wait_for_page(qtbot, live, scheduler.generation())
    assert "Next spring, planted" in page_text(live.parts.window.preview.pane)


def test_switching_posts_shows_the_other_page(live, qtbot, small_library):
    scheduler = live.parts.window.preview.scheduler
    assert live.window.open_path(small_library / "first-light.md")
    wait_for_page(qtbot, live, scheduler.generation())
    assert "The kettle is the only sound." in page_text(live.parts.window.preview.pane)


def test_hiding_and_showing_the_preview(live):
    actions = live.parts.actions
    pane = live.parts.window.preview.pane
    actions["toggle_preview"].setChecked(False)
    assert not pane.isVisible()
    actions["toggle_preview"].setChecked(True)
    assert pane.isVisible()


def test_only_web_and_mail_links_leave_the_app(app, monkeypatch):
    """A clicked link opens in the system browser only for http, https and mailto."""
    from PySide6.QtCore import QUrl

    from blogdesk.ui import live_preview

    opened: list[str] = []
    monkeypatch.setattr(
        live_preview.QDesktopServices, "openUrl", lambda url: opened.append(url.toString())
    )
    for url in (
        "https://example.org/",
        "mailto:a@example.org",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>x</script>",
    ):
        live_preview.open_link(QUrl(url))
    assert opened == ["https://example.org/", "mailto:a@example.org"]


def test_a_script_in_a_post_does_not_reach_the_page(live, qtbot, small_library):
    path = small_library / "hostile.md"
    path.write_text(
        "---\ntitle: Hostile\n---\n<script>document.title='owned'</script>\n\n"
        "[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n",
        encoding="utf-8",
    )
    live.controller.library.refresh([path])
    scheduler = live.parts.window.preview.scheduler
    assert live.window.open_path(path)
    wait_for_page(qtbot, live, scheduler.generation())
    html = page_text(live.parts.window.preview.pane)
    assert "<script>document.title" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
