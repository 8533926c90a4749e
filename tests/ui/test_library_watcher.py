"""The library watcher: posts written by other programs reach the library, and the watcher
holds the list's own paths rather than a second copy of each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from blogdesk.core.library import Library
from blogdesk.ui.widgets.library_panel import LibraryWatcher


@pytest.fixture
def library(small_library: Path) -> Iterator[Library]:
    lib = Library.open(small_library, background=False)
    yield lib
    lib.close()


def test_a_post_written_by_another_program_is_reported(qtbot, library, small_library):
    watcher = LibraryWatcher()
    watcher.watch(library, library.posts())
    new = small_library / "written-elsewhere.md"
    with qtbot.waitSignal(watcher.changed, timeout=10_000) as blocker:
        new.write_text("---\ntitle: Written elsewhere\n---\nWords.\n", encoding="utf-8")
    assert new in blocker.args[0]
    assert library.get(new) is not None
    watcher.stop()


def test_the_watcher_keeps_the_lists_paths_not_copies(library):
    """10,000 posts: a second Path for each would cost about 5 MiB."""
    entries = library.posts()
    watcher = LibraryWatcher()
    watcher.watch(library, entries)
    kept = {id(path) for path in watcher._known}
    assert kept == {id(e.path) for e in entries}
    watcher.stop()
