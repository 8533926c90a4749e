"""At start-up the window comes first: the spelling dictionary loads after the first paint, and
then the open post is checked as if the dictionary had been there all along."""

from __future__ import annotations

from pathlib import Path

from spell_marks import underlined

from blogdesk.app import StartTarget, build


def test_spelling_waits_for_the_first_paint_then_checks_the_open_post(
    qtbot, small_library: Path, app_settings
) -> None:
    post = small_library / "typo.md"
    post.write_text("---\ntitle: Typo\ndate: 2025-05-01\n---\n\nA frist try.\n", encoding="utf-8")
    parts = build(app_settings, StartTarget(small_library, post), first_paint=True)
    window = parts.window
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.session.doc.path == post
        assert window.writing.spelling.checker is None  # nothing loaded before the paint
        window.writing.release_spelling()
        qtbot.waitUntil(lambda: "frist" in underlined(window.editor))
    finally:
        window.close()
        if parts.controller.library is not None:
            parts.controller.library.close()
