"""The reader view: a post's page full-window, as a reader will see it, with Previous and Next.

It uses the same page template, the same locked-down preview and the same renderer as the
editor's side pane: the site's flavour (a Hugo post reads as Hugo publishes it, its template tags
expanded, its site-absolute images found in the site's static folder); Left and Right move
through the list it was given, Esc closes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from blogdesk.ui.widgets.preview import PreviewPane

if TYPE_CHECKING:
    from blogdesk.core.config import Config
    from blogdesk.core.post import Post
    from blogdesk.core.render.contract import Flavour
    from blogdesk.core.sites.config import Site
    from blogdesk.ui.preview_scheduler import PreviewScheduler

__all__ = ["ReaderWindow"]


class ReaderWindow(QWidget):
    """The page full-window, with Previous / Next."""

    linkClicked = Signal(QUrl)  # http/https/mailto; opened with the system browser if unhandled
    postChanged = Signal(int)  # the index now shown
    backClicked = Signal()  # "← Back to blog" was clicked: the reader closed, show the library

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("readerWindow")
        self.setWindowTitle(self.tr("Reader"))
        self.resize(1000, 800)
        self._posts: Sequence[Post] = ()
        self._index = 0
        self._config: Config | None = None
        self._flavour: Flavour | None = None  # the site's; None: blogdesk's own style
        self._library_posts: Sequence[Post] = ()
        self._scheduler: PreviewScheduler | None = None
        self.pane = PreviewPane(self)
        self.pane.linkClicked.connect(self._open_link)
        self.pane.postLinkClicked.connect(self._open_post)
        self.pane.backClicked.connect(self._back_to_blog)
        self.previous_button = QPushButton(self.tr("← Previous"))
        self.previous_button.setObjectName("readerPrevious")
        self.next_button = QPushButton(self.tr("Next →"))
        self.next_button.setObjectName("readerNext")
        self.position = QLabel("")
        self.position.setObjectName("readerPosition")
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.previous_button.clicked.connect(self.show_previous)
        self.next_button.clicked.connect(self.show_next)
        for button in (self.previous_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bar = QHBoxLayout()
        bar.setContentsMargins(10, 6, 10, 6)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.position, 1)
        bar.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.pane, 1)
        layout.addLayout(bar)
        for keys, slot in (
            (Qt.Key.Key_Left, self.show_previous),
            (Qt.Key.Key_Right, self.show_next),
            (Qt.Key.Key_Escape, self.close),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def show_posts(self, posts: Sequence[Post], index: int, config: Config, *,
                   flavour: Flavour | None = None, site: Site | None = None) -> None:
        """Show posts[index]; Previous and Next move through posts. ``flavour`` is the site's
        renderer (None: blogdesk's own style), ``site`` the site whose static folders serve
        site-absolute images."""
        self._posts = posts
        self._config = config
        self._flavour = flavour
        self.pane.set_library_root(config.root)
        self.pane.set_site(site)
        self._show(max(0, min(index, len(posts) - 1)))

    def set_flavour(self, flavour: Flavour | None, site: Site | None) -> None:
        """The site's renderer changed (Settings): the post shown renders again with it."""
        self._flavour = flavour
        self.pane.set_site(site)
        if self._posts and self.isVisible():
            self._show(self._index)

    def set_library_posts(self, posts: Sequence[Post]) -> None:
        """The library's posts (metadata is enough), for the page's "Continue reading" cards."""
        self._library_posts = tuple(posts)

    def set_theme(self, dark: bool) -> None:
        """Dark or light page colours."""
        self.pane.set_theme(dark)

    def index(self) -> int:
        """The index of the post shown."""
        return self._index

    def show_previous(self) -> None:
        """The post before this one in the list, if any."""
        if self._index > 0:
            self._show(self._index - 1)

    def show_next(self) -> None:
        """The post after this one in the list, if any."""
        if self._index + 1 < len(self._posts):
            self._show(self._index + 1)

    def _show(self, index: int) -> None:
        if not self._posts or self._config is None:
            return
        from blogdesk.ui.preview_scheduler import PreviewScheduler

        self._index = index
        post = self._posts[index]
        if self._scheduler is None:
            self._scheduler = PreviewScheduler(self.pane, self)
        self._scheduler.set_context(self._config, self._library_posts, Path(post.path).parent,
                                    self._flavour)
        self._scheduler.update(post, post.body)
        self.setWindowTitle(self.tr("{0} · Reader").format(post.title or Path(post.path).stem))
        self.position.setText(self.tr("{0} of {1}").format(index + 1, len(self._posts)))
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index + 1 < len(self._posts))
        self.postChanged.emit(index)

    def _open_link(self, url: QUrl) -> None:
        if self.receivers("2linkClicked(QUrl)") > 0:
            self.linkClicked.emit(url)
        else:
            QDesktopServices.openUrl(url)

    def _back_to_blog(self) -> None:
        self.close()
        self.backClicked.emit()

    def _open_post(self, path: Path) -> None:
        for number in range(len(self._posts)):
            candidate = Path(self._posts[number].path)
            if candidate == path or candidate.resolve() == path:
                self._show(number)
                return

    def closeEvent(self, event: object) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown()
            self._scheduler.deleteLater()
            self._scheduler = None
        super().closeEvent(event)  # type: ignore[arg-type]
