"""The reader view from the main window: the open post full-window, with its neighbours in the
library list a key away (each read from disk only when shown)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

from blogdesk.core.post import Post
from blogdesk.ui.theme import is_dark

if TYPE_CHECKING:
    from blogdesk.ui.main_window import MainWindow
    from blogdesk.ui.widgets.library_panel import LibraryPanel
    from blogdesk.ui.widgets.reader import ReaderWindow


def listed_posts(panel: LibraryPanel) -> list[Post]:
    """The posts of the library list (without bodies), for related posts and the reader."""
    return [e.as_post() for e in panel.model.entries() if not e.error]


class LazyPosts(Sequence[Post]):
    """The posts of the list, each read from disk only when the reader view shows it."""

    def __init__(self, paths: list[Path], current: Post | None) -> None:
        self._paths = paths
        self._current = current
        self._cache: dict[int, Post] = {}

    def __len__(self) -> int:
        return len(self._paths)

    @overload
    def __getitem__(self, index: int) -> Post: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Post]: ...
    def __getitem__(self, index: int | slice) -> Post | Sequence[Post]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        path = self._paths[index]
        if self._current is not None and path == self._current.path:
            return self._current  # the open post, with its unsaved edits
        if index not in self._cache:
            from blogdesk.core.postfile import load_post

            self._cache[index] = Post.from_file(load_post(path, strict=False))
        return self._cache[index]


class ReaderLauncher:
    """Opens (and keeps) the reader window for the main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.reader: ReaderWindow | None = None

    def show(self) -> None:
        window = self.window
        current = window.session.current_post()
        if current is None or window.library is None:
            return
        from blogdesk.ui import commands
        from blogdesk.ui.widgets.reader import ReaderWindow

        paths = window.library_panel.visible_paths()
        if current.path not in paths:
            paths.insert(0, current.path)
        if self.reader is None:
            self.reader = ReaderWindow(None)
            self.reader.backClicked.connect(lambda: commands.show_library(window))
            # Copy and Select All reach the reader's page too (its own window)
            self.reader.addActions([window.acts["copy"], window.acts["select_all"]])
        self.reader.set_theme(is_dark())
        self.reader.set_library_posts(listed_posts(window.library_panel))
        site, flavour = window.preview.site_flavour()
        self.reader.show_posts(LazyPosts(paths, current), paths.index(current.path),
                               window.library.config, flavour=flavour, site=site)
        self.reader.showMaximized() if not self.reader.isVisible() else self.reader.raise_()

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
