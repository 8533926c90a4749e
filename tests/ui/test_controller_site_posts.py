"""File > New Post in a site writes the post where, and as, the site keeps its posts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from blogdesk.core.post import Status
from blogdesk.ui.controller import Controller
from document_fakes import FakeView


def test_new_post_in_a_jekyll_site_starts_in_drafts_and_is_listed_as_a_draft(
        tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / ".git").mkdir(parents=True)
    (root / "_config.yml").write_text("title: Desk notes\n", encoding="utf-8")
    (root / "_posts").mkdir()
    (root / "_drafts").mkdir()
    (root / "_posts" / "2024-05-01-spring.md").write_text(
        "---\ntitle: Spring\ndate: 2024-05-01\n---\nBuds.\n", encoding="utf-8")
    view = FakeView()
    controller = Controller(view, clock=lambda: datetime(2026, 2, 14, 9, 30))
    assert controller.open_library(root)
    try:
        view.texts.append("Winter light")
        path = controller.new_post()
        assert path == root / "_drafts" / "winter-light.md"
        assert path.read_text(encoding="utf-8") == (
            "---\ntitle: Winter light\ndate: 2026-02-14\ntags: []\n---\n")
        assert controller.doc is not None and controller.doc.path == path
        assert controller.library is not None
        entry = controller.library.get(path)
        assert entry is not None and entry.status == Status.DRAFT
    finally:
        assert controller.library is not None
        controller.library.close()
