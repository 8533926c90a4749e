"""The reader view: the post's page full-window, Previous / Next with buttons and arrow keys."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from blogdesk.core.config import Config
from blogdesk.core.post import Post, Status
from blogdesk.ui.widgets.preview import register_schemes, webengine_available

register_schemes()

pytestmark = pytest.mark.skipif(not webengine_available(), reason="QtWebEngine is not installed")


def _post(root: Path, n: int) -> Post:
    return Post(
        path=root / f"post-{n}.md",
        title=f"Post number {n}",
        date=datetime(2025, 1, n + 1, tzinfo=timezone.utc),
        updated=None,
        categories=(),
        tags=(),
        summary="",
        author="",
        slug=f"post-{n}",
        cover="",
        draft=False,
        status=Status.PUBLISHED,
        body=f"The body of post {n}.\n",
    )


def _title(qtbot, reader) -> str:
    box: list[str] = []
    reader.pane.run_script("document.querySelector('h1.post-title').textContent", box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return box[0]


def test_reader_shows_the_page_and_moves_with_buttons_and_keys(qtbot, tmp_path):
    from blogdesk.ui.widgets.reader import ReaderWindow

    posts = [_post(tmp_path, n) for n in range(3)]
    reader = ReaderWindow()
    qtbot.addWidget(reader)
    reader.show()
    with qtbot.waitSignal(reader.pane.pageShown, timeout=20_000):
        reader.show_posts(posts, 1, Config(root=tmp_path))
    assert _title(qtbot, reader) == "Post number 1"
    assert reader.position.text() == "2 of 3"
    with qtbot.waitSignal(reader.pane.pageShown, timeout=20_000):
        reader.next_button.click()
    assert _title(qtbot, reader) == "Post number 2"
    assert not reader.next_button.isEnabled()
    reader.activateWindow()
    with qtbot.waitSignal(reader.postChanged, timeout=5000) as blocker:
        qtbot.keyClick(reader, Qt.Key.Key_Left)
    assert blocker.args == [1]
    qtbot.waitUntil(lambda: _title(qtbot, reader) == "Post number 1", timeout=20_000)
    qtbot.keyClick(reader, Qt.Key.Key_Escape)
    assert not reader.isVisible()
