"""The window title names the open post as the library list does: both read the title through
the one ``Post`` record (a capitalised key, a value that is not text, none at all, Pelican's
header)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def listed_title(window: Any, path: Path) -> str:
    proxy = window.library_panel.proxy
    row = proxy.row_of(path)
    assert row >= 0, f"{path.name} is not listed"
    return str(proxy.index(row, 0).data())


def window_title(window: Any) -> str:
    return str(window.windowTitle().removeprefix("● ").split(" — ")[0])


POSTS = {
    "2024-05-01-garden-notes.md": ("---\nTitle: Notes from the garden\n---\nBeans.\n",
                                   "Notes from the garden"),
    "2024-06-02-quiet-morning.md": ("---\ndate: 2024-06-02\n---\nTea first.\n", None),
    "desk-lamp.md": ("---\ntitle: [a lamp, a desk]\n---\nLight.\n", None),
    "version.md": ("---\ntitle: 2024\n---\nA year.\n", "2024"),
}


@pytest.mark.parametrize("name", sorted(POSTS))
def test_the_window_title_is_the_listed_title(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any, name: str) -> None:
    start_app, stop_app = app_factory
    root = tmp_path / "blog"
    for file, (text, _title) in POSTS.items():
        write(root / file, text)
    post = root / name
    running = start_app(qtbot, app_settings, root, post)
    try:
        window = running.parts.window
        assert window.session.doc is not None and window.session.doc.path == post
        expected = POSTS[name][1]
        if expected is not None:
            assert listed_title(window, post) == expected
        assert window_title(window) == listed_title(window, post)
    finally:
        stop_app(running)


def test_a_pelican_header_title_shows_in_the_window_and_the_list(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    start_app, stop_app = app_factory
    root = tmp_path / "site"
    (root / ".git").mkdir(parents=True)
    write(root / "pelicanconf.py", "SITENAME = 'Desk'\n")
    post = write(root / "content" / "tea.md",
                 "Title: Green tea notes\nDate: 2023-04-02 10:00\n\nBrewed.\n")
    running = start_app(qtbot, app_settings, root, post)
    try:
        window = running.parts.window
        assert listed_title(window, post) == "Green tea notes"
        assert window_title(window) == "Green tea notes"
    finally:
        stop_app(running)
