"""The live preview in the main window: built after the first paint, fed the open post through
the scheduler on every edit (unless the post is so large that it renders only when asked), kept
scrolled with the editor and themed like the app. Links leave the app only for the web and mail.

The library's site (its generator, detected from the library root and its parents, or named by
``blogdesk.toml``) decides the flavour the preview renders in; the status bar names it ("Hugo
site · goldmark"), with the config's warnings in its tooltip.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel

from blogdesk.ui.reader_view import listed_posts
from blogdesk.ui.theme import is_dark
from blogdesk.ui.widgets.dialogs import props

if TYPE_CHECKING:
    from blogdesk.core.library import Library
    from blogdesk.core.render.contract import Flavour
    from blogdesk.core.sites.config import Site
    from blogdesk.ui.main_window import MainWindow
    from blogdesk.ui.preview_scheduler import PreviewScheduler
    from blogdesk.ui.widgets.preview import PreviewPane


class LivePreview(QObject):
    """See the module docstring; `install` puts the pane in the window's splitter."""

    ready = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pane: PreviewPane | None = None
        self.scheduler: PreviewScheduler | None = None
        self.manual = False  # a very large post: render only on request
        self.site: Site | None = None  # the open library's site, once detected
        self.flavour: Flavour | None = None
        self.site_label: QLabel | None = None

    def install(self, pane: PreviewPane, scheduler: PreviewScheduler) -> None:
        """Put the real preview in place of the placeholder and feed it the current post."""
        from blogdesk.ui import commands

        window = self.window
        self.pane, self.scheduler = pane, scheduler
        window.center.put_preview(pane)
        pane.setVisible(window.acts["toggle_preview"].isChecked())
        pane.linkClicked.connect(open_link)
        pane.postLinkClicked.connect(window.open_path)
        pane.backClicked.connect(lambda: commands.show_library(window))
        scheduler.timedOut.connect(window.show_message)
        window.editor.cursorLineChanged.connect(pane.scroll_to_source_line)
        self.apply_theme()
        self.update_context()
        self.update()
        self.ready.emit()

    def update(self) -> None:
        """The open post's text and metadata changed: render it soon."""
        post = self.window.post_meta
        if self.scheduler is None or post is None or self.manual:
            return
        body = self.window.current_body()
        self.scheduler.update(dataclasses.replace(post, body=body), body)

    def render_now(self) -> None:
        """Refresh Preview (the manual mode's button)."""
        post = self.window.post_meta
        if self.scheduler is None or post is None:
            return
        body = self.window.current_body()
        self.scheduler.update(dataclasses.replace(post, body=body), body)
        self.scheduler.render_now()

    def set_manual(self, manual: bool) -> None:
        self.manual = manual
        if not manual:
            self.update()

    def update_context(self) -> None:
        """The library's settings and posts (for related posts) and the post's folder."""
        window, library = self.window, self.window.library
        if library is not None:
            self._show_site(library)
        if self.scheduler is None or self.pane is None or library is None:
            return
        doc = window.session.doc
        self.scheduler.set_context(library.config, listed_posts(window.library_panel),
                                   doc.path.parent if doc else None, self._flavour())
        self.pane.set_library_root(library.root)
        self.pane.set_site(self.site)

    def site_flavour(self) -> tuple[Site | None, Flavour | None]:
        """The open library's site and the flavour its posts render in (None, None: no
        library); the reader view renders with them too."""
        library = self.window.library
        if library is None:
            return None, None
        self._show_site(library)
        return self.site, self._flavour()

    def _flavour(self) -> Flavour | None:
        """The site's flavour, worked out when the preview or the reader first needs it (the
        render contract's import is left out of the start-up, before the window shows)."""
        if self.flavour is None and self.site is not None:
            from blogdesk.core.render.contract import flavour_for

            self.flavour = flavour_for(self.site)
        return self.flavour

    def generator_choice(self) -> tuple[str | None, str]:
        """``(chosen, detected)`` for Settings: the generator the library's blogdesk.toml names
        ("" for none; None without a library) and the one found without it."""
        from blogdesk.core.config import ConfigError, find_config_root, load_config
        from blogdesk.core.sites.detect import find_generator

        library = self.window.library
        if library is None:
            return None, ""
        try:
            chosen = load_config(find_config_root(library.root) or library.root).generator
        except ConfigError:
            chosen = library.config.generator
        found = find_generator(library.root)
        return chosen, found[0] if found else "blogdesk"

    def set_generator(self, name: str) -> None:
        """Settings chose a generator ("" to detect): save it in the library's blogdesk.toml
        and apply it now (the status bar, the preview, the reader; the export reads the file)."""
        from blogdesk.core.config import ConfigError, load_config, save_generator

        library = self.window.library
        if library is None:
            return
        try:
            if save_generator(library.root, name) is None:
                return
            library.config = load_config(library.root)
        except (ConfigError, ValueError) as exc:
            self.window.show_error(self.tr("The site generator was not saved.") + f"\n\n{exc}")
            return
        if library.redetect_site():  # the list follows: which files are posts, drafts by folder
            self.window.library_changed()  # the open post stays open, even if no longer listed
            self.window.library_panel.watch_again()  # it may list other folders now
        self.update_context()
        self.update()
        if self.window.reading.reader is not None:
            self.window.reading.reader.set_flavour(self._flavour(), self.site)

    def _show_site(self, library: Library) -> None:
        """Take the library's site (``Library.site``: detected when it opened, and again when
        Settings chose another generator) and name it in the status bar."""
        site = library.site
        if site is None or site is self.site:
            return
        self.site = site
        self.flavour = None  # worked out from the site when the preview needs it
        if self.site_label is None:
            self.site_label = props(QLabel(), objectName="siteLabel")
            self.window.statusBar().addPermanentWidget(self.site_label)
        text = self.site.describe()
        self.site_label.setText(text + (" ⚠" if self.site.warnings else ""))
        self.site_label.setAccessibleName(self.tr("Site: {0}").format(text))
        where = self.tr("Config: {0}").format(self.site.config_path) if self.site.config_path \
            else self.tr("No site generator found: blogdesk's own style.")
        self.site_label.setToolTip("\n".join((where, *self.site.warnings)))

    def apply_theme(self) -> None:
        if self.pane is not None:
            self.pane.set_theme(is_dark())
            self.pane.set_remote_content(self.window.settings.remote_content)

    def set_visible(self, visible: bool) -> None:
        (self.pane or self.window.center.preview_slot).setVisible(visible)
        if visible:
            self.update()

    def shutdown(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown()  # its render worker is a separate process


def open_link(url: QUrl) -> None:
    """A link clicked in the preview: only web and mail links leave the app."""
    if url.scheme() in ("http", "https", "mailto"):
        QDesktopServices.openUrl(url)
