"""The post panel's Draft box says what the library says about a post in Jekyll's `_drafts/`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from blogdesk.core.post import Status


def jekyll_site(root: Path) -> tuple[Path, Path]:
    (root / "_posts").mkdir(parents=True)
    (root / "_drafts").mkdir()
    (root / "_config.yml").write_text("title: Desk notes\n", encoding="utf-8")
    published = root / "_posts" / "2024-05-01-spring.md"
    published.write_text("---\ntitle: Spring\n---\nBuds.\n", encoding="utf-8")
    draft = root / "_drafts" / "summer-plans.md"
    draft.write_text("---\ntitle: Summer plans\n---\nSeeds to order.\n", encoding="utf-8")
    return published, draft


def test_a_post_in_drafts_is_ticked_and_locked_with_a_reason(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    start_app, stop_app = app_factory
    root = tmp_path / "site"
    published, draft = jekyll_site(root)
    running = start_app(qtbot, app_settings, root, draft)
    try:
        window = running.parts.window
        box = window.post_panel.draft
        entry = window.library.get(draft)
        assert entry is not None and entry.status == Status.DRAFT  # the library's word
        assert box.isChecked() and not box.isEnabled()
        assert "_drafts/" in box.toolTip() and "_posts/" in box.toolTip()
        assert draft.read_text(encoding="utf-8").startswith("---\ntitle: Summer plans\n---\n")
        assert window.open_path(published)
        assert not box.isChecked() and box.isEnabled() and box.toolTip() == ""
        assert window.open_path(draft)
        assert box.isChecked() and not box.isEnabled()
    finally:
        stop_app(running)
