"""The main window: library on the left, editor and preview in the middle, post and tags on the
right, the reading-time counter below. It shows things and asks questions; the controller decides.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QMimeData, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QPalette,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from blogdesk import __version__
from blogdesk.core.files import is_post_path
from blogdesk.core.post import Post, Status, slugify
from blogdesk.ui.actions import ActionCollection
from blogdesk.ui.settings import AppSettings
from blogdesk.ui.widgets import dialogs
from blogdesk.ui.widgets.dialogs import props
from blogdesk.ui.widgets.library_panel import LibraryPanel
from blogdesk.ui.widgets.post_panel import PostPanel
from blogdesk.ui.widgets.status_counter import StatusCounter
from blogdesk.ui.widgets.tags_panel import TagsPanel

if TYPE_CHECKING:
    from blogdesk.core.library import Library, PostEntry
    from blogdesk.core.postfile import PostFile
    from blogdesk.ui.controller import Controller

MODIFIED_CHECK_MS = 250
OUTLINE_DELAY_MS = 300
FORMAT_SLOTS = {
    "bold": "toggle_bold",
    "italic": "toggle_italic",
    "code": "toggle_code",
    "link": "insert_link",
    "quote": "toggle_quote",
    "bullet_list": "toggle_bullet_list",
}


def entry_to_post(entry: PostEntry) -> Post:
    """A body-less Post for a library row (enough for related-post cards)."""
    return Post(
        path=entry.path,
        title=entry.title,
        date=entry.date,
        updated=entry.updated,
        categories=entry.categories,
        tags=entry.tags,
        summary=entry.summary,
        author=entry.author,
        slug=slugify(entry.title) or entry.path.stem,
        cover="",
        draft=entry.status == Status.DRAFT,
        status=entry.status,
        body="",
    )


class LazyPosts(Sequence[Post]):
    """The posts of the list, each read from disk only when the reader view shows it."""

    def __init__(self, paths: list[Path], current: Post | None) -> None:
        self._paths = paths
        self._current = current
        self._cache: dict[int, Post] = {}

    def __len__(self) -> int:
        return len(self._paths)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        path = self._paths[index]
        if self._current is not None and path == self._current.path:
            return self._current  # the open post, with its unsaved edits
        if index not in self._cache:
            from blogdesk.core.postfile import load_post

            self._cache[index] = Post.from_file(load_post(path, strict=False))
        return self._cache[index]


class MainWindow(QMainWindow):
    """The window of one library; implements the controller's view protocol."""

    previewReady = Signal()
    libraryIndexed = Signal()  # emitted from the library's indexer thread; queued to the UI

    def __init__(
        self, actions: ActionCollection, settings: AppSettings, editor_pane: QWidget
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.acts = actions
        self.settings = settings
        self.controller: Controller | None = None
        self.library: Library | None = None
        self.editor_pane = editor_pane
        self.editor: Any = getattr(editor_pane, "editor", editor_pane)
        self.preview: Any = None
        self.scheduler: Any = None
        self.outline: Any = None
        self.reader: Any = None
        self.guard: Any = None  # the DocumentGuard (issue 6), set by app.install_reliability
        self.preview_manual = False
        self._post_meta: Post | None = None
        self._loading_text = False
        self._hidden_docks: list[QDockWidget] | None = None  # hidden while the welcome shows
        self._build()

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.setWindowTitle("blogdesk")
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        self._build_center()
        self._build_docks()
        self._build_status()
        self.menus = self.acts.build_menus(self.menuBar(), self._menu_extras())
        self._build_timers()
        self._default_size()

    def _default_size(self) -> None:
        """1440x900, or less on a small screen (a saved geometry replaces it)."""
        screen = QApplication.primaryScreen()
        if screen is None:
            self.resize(1440, 900)
            return
        area = screen.availableGeometry()
        self.resize(min(1440, int(area.width() * 0.9)), min(900, int(area.height() * 0.9)))

    def _build_center(self) -> None:
        self.splitter = props(QSplitter(Qt.Orientation.Horizontal), objectName="centerSplitter")
        self.splitter.setChildrenCollapsible(False)
        from blogdesk.ui.widgets.notice_bar import NoticeBar

        self.notice_bar = NoticeBar()  # problems with the open post, above the editor
        self.editor_column = props(QWidget(), objectName="editorColumn")
        column = QVBoxLayout(self.editor_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notice_bar)
        column.addWidget(self.editor_pane, 1)
        self.splitter.addWidget(self.editor_column)
        self.preview_slot = props(
            QLabel("Preparing the preview…"),
            objectName="previewPlaceholder",
            alignment=Qt.AlignmentFlag.AlignCenter,
        )
        self.splitter.addWidget(self.preview_slot)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([10_000, 10_000])  # half and half until a saved state says else
        self.welcome = dialogs.WelcomeScreen(QApplication.windowIcon())
        self.center = QStackedWidget()
        self.center.addWidget(self.welcome)
        self.center.addWidget(self.splitter)
        self.setCentralWidget(self.center)
        self.editor.textChanged.connect(self._text_changed)
        self._connect_optional(self.editor, "selectionChanged", self._selection_changed)
        self._connect_optional(self.editor, "cursorLineChanged", self._cursor_line_changed)
        self._connect_optional(self.editor, "problem", self.show_error)

    @staticmethod
    def _connect_optional(obj: Any, signal: str, slot: Callable[..., Any]) -> None:
        if hasattr(obj, signal):
            getattr(obj, signal).connect(slot)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = props(QDockWidget(title, self), objectName=name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.library_panel = LibraryPanel()
        self.library_dock = self._dock("Library", "libraryDock", self.library_panel, left)
        self.post_panel = PostPanel()
        self.post_dock = self._dock("Post", "postDock", self.post_panel, right)
        self.tags_panel = TagsPanel()
        self.tags_dock = self._dock("Tags", "tagsDock", self.tags_panel, right)
        self.outline_dock = self._dock("Outline", "outlineDock", QLabel(), right)
        self.tabifyDockWidget(self.tags_dock, self.outline_dock)
        self.tags_dock.raise_()
        self.resizeDocks([self.library_dock, self.post_dock], [270, 310], Qt.Orientation.Horizontal)
        self.resizeDocks([self.post_dock, self.tags_dock], [620, 260], Qt.Orientation.Vertical)

    def _menu_extras(self) -> dict[str, list[QAction] | QMenu]:
        docks = [self.library_dock, self.post_dock, self.tags_dock, self.outline_dock]
        toggles = []
        for key, dock in zip("LPTO", docks, strict=True):
            action = dock.toggleViewAction()
            action.setText(f"{dock.windowTitle()} Panel")
            action.setShortcut(f"Ctrl+Alt+{key}")
            toggles.append(action)
        self.recent_menu = props(QMenu("Open &Recent", self), objectName="recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        return {"docks": toggles, "recent": self.recent_menu}

    def _build_status(self) -> None:
        self.counter = StatusCounter()
        status = props(QStatusBar(), objectName="statusBar")
        status.addPermanentWidget(self.counter)
        self.setStatusBar(status)
        self.counter.set_source(self._counter_source)

    def _build_timers(self) -> None:
        self._modified_timer = QTimer(self, singleShot=True, interval=MODIFIED_CHECK_MS)
        self._modified_timer.timeout.connect(self.update_title)
        self._outline_timer = QTimer(self, singleShot=True, interval=OUTLINE_DELAY_MS)
        self._outline_timer.timeout.connect(self._update_outline)

    # -- wiring -----------------------------------------------------------------------------------
    def attach(self, controller: Controller) -> None:
        """Connect the panels and the actions to the controller."""
        self.controller = controller
        self.library_panel.postActivated.connect(self.open_path)
        self.library_panel.set_context_actions(
            [
                self.acts["new_post"],
                None,
                self.acts["rename_from_title"],
                self.acts["duplicate"],
                None,
                self.acts["delete"],
            ]
        )
        self.tags_panel.tagActivated.connect(self.library_panel.filter_tag)
        self.tags_panel.categoryActivated.connect(self.library_panel.filter_category)
        self.tags_panel.filterCleared.connect(self.library_panel.clear_tag_filters)
        self.tags_panel.renameRequested.connect(controller.rename_tag)
        self.tags_panel.mergeRequested.connect(controller.merge_tags)
        self.post_panel.fieldEdited.connect(controller.set_field)
        self.post_panel.fieldRemoved.connect(controller.unset_field)
        self.post_panel.rawEdited.connect(self._raw_edited)
        self.library_panel.watcher.changed.connect(self._files_changed)
        self.library_panel.watchStarted.connect(self._recheck_open_post)
        self.libraryIndexed.connect(lambda: self.library_changed())
        self.welcome.openRequested.connect(self.choose_library)
        self.welcome.createRequested.connect(controller.create_library)
        self.welcome.recentRequested.connect(controller.open_library)
        QApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        self.acts.connect_handlers(self._handlers(controller))
        self._update_enabled()

    def _handlers(self, c: Controller) -> dict[str, Callable[..., object]]:
        handlers: dict[str, Callable[..., object]] = {
            "new_post": c.new_post,
            "open_library": self.choose_library,
            "save": self.save,
            "save_as": c.save_as,
            "export_post": c.export_post,
            "export_site": c.export_site,
            "rename_from_title": c.rename_from_title,
            "duplicate": c.duplicate,
            "delete": self._delete,
            "quit": self.close,
            "undo": self.editor.undo,
            "redo": self.editor.redo,
            "find": lambda: self._pane_call("show_find"),
            "replace": lambda: self._pane_call("show_replace"),
            "focus_search": self.focus_search,
            "settings": self.open_settings,
            "toggle_editor": self.set_editor_visible,
            "toggle_preview": self.set_preview_visible,
            "reader_view": self.show_reader,
            "next_post": lambda: self.step_post(1),
            "previous_post": lambda: self.step_post(-1),
            "cheat_sheet": lambda: dialogs.show_cheat_sheet(self),
            "about": lambda: dialogs.show_about(self, __version__),
        }
        for level, name in enumerate(("paragraph", "heading_1", "heading_2", "heading_3")):
            handlers[name] = lambda lvl=level: self._editor_call("set_heading", lvl)
        for name, slot in FORMAT_SLOTS.items():
            handlers[name] = lambda s=slot: self._editor_call(s)
        return handlers

    def _editor_call(self, slot: str, *args: object) -> None:
        if self.controller and self.controller.doc is not None and hasattr(self.editor, slot):
            getattr(self.editor, slot)(*args)
            self.editor.setFocus()

    def _pane_call(self, slot: str) -> None:
        target = self.editor_pane if hasattr(self.editor_pane, slot) else self.editor
        if hasattr(target, slot):
            getattr(target, slot)()

    # -- preview (created after the first paint) --------------------------------------------------
    def set_outline(self, outline: QWidget) -> None:
        """The outline of headings, in its dock; a click jumps the editor there."""
        self.outline = outline
        self.outline_dock.setWidget(outline)
        self._connect_optional(outline, "headingActivated", self._goto_line)
        self._update_outline()

    def install_preview(self, pane: QWidget, scheduler: Any) -> None:
        """Put the real preview in place of the placeholder and feed it the current post."""
        self.preview, self.scheduler = pane, scheduler
        sizes = self.splitter.sizes()
        self.splitter.replaceWidget(1, pane)
        self.preview_slot.deleteLater()
        self.splitter.setSizes(sizes)
        pane.setVisible(self.acts["toggle_preview"].isChecked())
        self._connect_optional(pane, "linkClicked", self._open_link)
        self._connect_optional(pane, "postLinkClicked", self.open_path)
        self._connect_optional(scheduler, "timedOut", self.show_message)
        self.apply_theme_to_preview()
        self._update_preview_context()
        self._update_preview()
        self.previewReady.emit()

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)

    def _goto_line(self, line: int) -> None:
        if hasattr(self.editor, "goto_line"):
            self.editor.goto_line(line)
            self.editor.setFocus()

    def _cursor_line_changed(self, line: int) -> None:
        if self.preview is not None and hasattr(self.preview, "scroll_to_source_line"):
            self.preview.scroll_to_source_line(line)
        if self.outline is not None and hasattr(self.outline, "set_current_line"):
            self.outline.set_current_line(line)

    def _update_preview_context(self) -> None:
        if self.scheduler is None or self.library is None:
            return
        entries = self.library_panel.model.entries()
        posts = [entry_to_post(e) for e in entries if not e.error]
        doc = self.controller.doc if self.controller else None
        self.scheduler.set_context(self.library.config, posts, doc.path.parent if doc else None)
        if hasattr(self.preview, "set_library_root"):
            self.preview.set_library_root(self.library.root)

    def _update_preview(self) -> None:
        if self.scheduler is None or self._post_meta is None or self.preview_manual:
            return
        body = self.current_body()
        self.scheduler.update(dataclasses.replace(self._post_meta, body=body), body)

    def _update_outline(self) -> None:
        if self.outline is not None:
            self.outline.set_markdown(self.current_body() if self._post_meta else "")

    # -- the view protocol ------------------------------------------------------------------------
    def ask_save_discard_cancel(self, title: str) -> str:
        return dialogs.ask_save_discard_cancel(self, title)

    def confirm(self, text: str, ok_label: str = "OK", details: str = "") -> bool:
        return dialogs.confirm(self, text, ok_label, details)

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return dialogs.ask_text(self, title, label, text)

    def show_error(self, text: str) -> None:
        dialogs.show_error(self, text)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    def ask_save_path(self, title: str, start: Path, filter: str = "") -> Path | None:
        return dialogs.ask_save_path(self, title, start, filter)

    def ask_folder(self, title: str, start: Path) -> Path | None:
        return dialogs.ask_folder(self, title, start)

    def run_task(
        self,
        title: str,
        work: Callable[[Callable[[int, int, str], None]], Any],
        done: Callable[[Any, BaseException | None], None],
    ) -> None:
        dialogs.TaskRunner(self, title, work, done).start()

    def current_body(self) -> str:
        return (
            str(self.editor.body()) if hasattr(self.editor, "body") else self.editor.toPlainText()
        )

    def show_document(self, doc: PostFile | None, keep_text: bool = False) -> None:
        """Show a post (or none): editor text, post panel, preview, list selection, title."""
        self._post_meta = Post.from_file(doc) if doc else None
        if not keep_text:
            self._set_editor_text(doc.body if doc else "")
        self.editor.setReadOnly(doc is None)
        self.editor.setPlaceholderText(
            "Write the post here, in Markdown."
            if doc is not None
            else "No post is open. Pick one in the library, or start one with File ▸ New Post "
            "(Ctrl+N)."
        )
        self._set_image_folder(doc)
        self.post_panel.show_post(doc, self.library.root if self.library else None)
        self.library_panel.select_path(doc.path if doc else None)
        if doc is not None:
            self.settings.last_post = doc.path
        self._update_preview_context()
        self._after_text_change()
        self.update_title()
        self._update_enabled()

    def _set_editor_text(self, text: str) -> None:
        self._loading_text = True
        try:
            if hasattr(self.editor, "set_body"):
                self.editor.set_body(text)
            else:
                self.editor.setPlainText(text)
        finally:
            self._loading_text = False

    def _set_image_folder(self, doc: PostFile | None) -> None:
        if not hasattr(self.editor, "set_image_folder"):
            return
        if doc is None or self.library is None:
            self.editor.set_image_folder(None, None)
            return
        name = self.settings.image_folder or self.library.config.image_folder
        self.editor.set_image_folder(self.library.root / name, doc.path.parent)

    def document_state_changed(self) -> None:
        """The post's metadata, path or saved state changed."""
        doc = self.controller.doc if self.controller else None
        self._post_meta = Post.from_file(doc) if doc else None
        self.post_panel.refresh(doc)
        self.library_panel.select_path(doc.path if doc else None)
        self._update_preview()
        self.update_title()

    def library_changed(
        self, select: Path | None = None, changed: Sequence[Path] | None = None
    ) -> None:
        """The library's index changed: all of it, or only the ``changed`` files."""
        if changed is None:
            self.library_panel.reload()
        else:
            self.library_panel.refresh_entries(changed)
        self.tags_panel.set_library(self.library)
        self._update_vocabulary()
        doc = self.controller.doc if self.controller else None
        self.library_panel.select_path(select or (doc.path if doc else None))
        self._update_preview_context()

    def show_welcome(self, shown: bool) -> None:
        """The welcome screen in the middle (no library open) or the editor and preview."""
        docks = (self.library_dock, self.post_dock, self.tags_dock, self.outline_dock)
        if shown and self._hidden_docks is None:
            self.welcome.set_recent(self.settings.recent_libraries)
            self._hidden_docks = [dock for dock in docks if not dock.isHidden()]
            for dock in self._hidden_docks:
                dock.hide()
        elif not shown and self._hidden_docks is not None:
            for dock in self._hidden_docks:
                dock.show()
            self._hidden_docks = None
        self.center.setCurrentWidget(self.welcome if shown else self.splitter)

    def library_opened(self, library: Library) -> None:
        self.library = library
        self.show_welcome(False)
        self.settings.last_library = library.root
        self.library_panel.set_library(library)
        self.tags_panel.set_library(library)
        self.post_panel.set_defaults(library.config.author.name)
        self._update_vocabulary()
        self.apply_settings()
        self._update_preview_context()
        self.update_title()
        self._update_enabled()

    def _update_vocabulary(self) -> None:
        if self.library is not None:
            self.post_panel.set_vocabulary(
                [t for t, _n in self.library.tags()], [c for c, _n in self.library.categories()]
            )

    # -- reacting to edits ------------------------------------------------------------------------
    def _text_changed(self) -> None:
        if self._loading_text or self.controller is None:
            return
        self.controller.body_edited()
        if not self.windowTitle().startswith("●"):
            self.update_title(modified=True)
        self._modified_timer.start()
        self._after_text_change()

    def _after_text_change(self) -> None:
        size = self.editor.document().characterCount() if hasattr(self.editor, "document") else 0
        self.counter.schedule(size)
        self._outline_timer.start()
        self._update_preview()

    def _selection_changed(self) -> None:
        self.counter.schedule()

    def _counter_source(self) -> tuple[str, str] | None:
        if self._post_meta is None:
            return None
        if hasattr(self.editor, "selected_body"):
            return self.current_body(), self.editor.selected_body()
        return self.current_body(), self.editor.textCursor().selectedText().replace("\u2029", "\n")

    def _raw_edited(self, text: str) -> None:
        if self.controller is None:
            return
        error = self.controller.set_raw_front_matter(text)
        self.post_panel.show_raw_error(error)

    def _files_changed(self, paths: list[Path]) -> None:
        self.tags_panel.set_library(self.library)
        self._update_vocabulary()
        doc = self.controller.doc if self.controller else None
        if doc is not None:
            self.library_panel.select_path(doc.path)
            if doc.path in paths and self.controller is not None:
                self.controller.file_changed_on_disk(doc.path)

    def _recheck_open_post(self) -> None:
        """A change made before the watch began is noticed too."""
        doc = self.controller.doc if self.controller else None
        if doc is not None and self.controller is not None:
            self.controller.file_changed_on_disk(doc.path)

    def update_title(self, modified: bool | None = None) -> None:
        """ "● Title — Library — blogdesk"; the dot marks unsaved changes."""
        c = self.controller
        if modified is None:
            modified = bool(c and c.is_modified())
        parts = [c.title()] if c and c.doc else []
        if self.library is not None:
            parts.append(self.library.config.site_title or self.library.root.name)
        mark = "● " if modified else ""
        self.setWindowTitle(mark + " — ".join([*parts, "blogdesk"]))
        self.acts["save"].setEnabled(bool(c and c.doc))

    def _update_enabled(self) -> None:
        has_doc = bool(self.controller and self.controller.doc)
        self.acts.set_enabled(
            [
                "save",
                "save_as",
                "export_post",
                "rename_from_title",
                "duplicate",
                "delete",
                "reader_view",
                *FORMAT_SLOTS,
                "heading_1",
                "heading_2",
                "heading_3",
                "paragraph",
            ],
            has_doc,
        )
        self.acts.set_enabled(["new_post", "export_site"], self.library is not None)

    # -- commands ---------------------------------------------------------------------------------
    def open_path(self, path: Path) -> bool:
        """Open a post picked in the list (or a linked post); restore the selection if refused."""
        assert self.controller is not None
        self.post_panel.commit()
        opened = self.controller.open_post(path)
        if not opened:
            doc = self.controller.doc
            self.library_panel.select_path(doc.path if doc else None)
        return opened

    def save(self) -> bool:
        assert self.controller is not None
        self.post_panel.commit()
        return self.controller.save()

    def _delete(self) -> None:
        assert self.controller is not None
        doc = self.controller.doc
        following = self.library_panel.neighbour(doc.path, 1) if doc else None
        if following == (doc.path if doc else None):
            following = self.library_panel.neighbour(doc.path, -1) if doc else None
        if self.controller.delete() and following is not None and following.exists():
            self.open_path(following)

    def step_post(self, step: int) -> None:
        doc = self.controller.doc if self.controller else None
        target = self.library_panel.neighbour(doc.path if doc else None, step)
        if target is not None:
            self.open_path(target)

    def focus_search(self) -> None:
        self.library_dock.show()
        self.library_dock.raise_()
        self.library_panel.search.setFocus()
        self.library_panel.search.selectAll()

    def choose_library(self) -> None:
        start = self.library.root if self.library else Path.home()
        folder = self.ask_folder("Open Library", start)
        if folder is not None and self.controller is not None:
            self.controller.open_library(folder)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_libraries:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _c=False, p=path: self._open_recent(p))
        self.recent_menu.setEnabled(True)
        if not self.recent_menu.actions():
            self.recent_menu.addAction("No recent libraries").setEnabled(False)

    def _open_recent(self, path: Path) -> None:
        if self.controller is not None:
            self.controller.open_library(path)

    def set_editor_visible(self, visible: bool) -> None:
        if not visible and not self.acts["toggle_preview"].isChecked():
            self.acts["toggle_preview"].setChecked(True)
        self.editor_column.setVisible(visible)

    def set_preview_visible(self, visible: bool) -> None:
        if not visible and not self.acts["toggle_editor"].isChecked():
            self.acts["toggle_editor"].setChecked(True)
        (self.preview or self.preview_slot).setVisible(visible)
        if visible:
            self._update_preview()

    def show_reader(self) -> None:
        if self.controller is None or self.controller.doc is None or self.library is None:
            return
        from blogdesk.ui.widgets.reader import ReaderWindow

        current = self.controller.current_post()
        paths = self.library_panel.visible_paths()
        if current is not None and current.path not in paths:
            paths.insert(0, current.path)
        if self.reader is None:
            self.reader = ReaderWindow(None)
        self.reader.set_theme(is_dark())
        entries = self.library_panel.model.entries()
        self.reader.set_library_posts([entry_to_post(e) for e in entries if not e.error])
        index = paths.index(current.path) if current else 0
        self.reader.show_posts(LazyPosts(paths, current), index, self.library.config)
        self.reader.showMaximized() if not self.reader.isVisible() else self.reader.raise_()

    def open_settings(self) -> None:
        from blogdesk.ui.widgets.settings_dialog import SettingsDialog

        config = self.library.config if self.library else None
        dialog = SettingsDialog(
            self.settings,
            config.wpm if config else 200,
            config.file_pattern if config else "",
            config.image_folder if config else "",
            self,
        )
        if dialog.exec():
            dialog.apply()
            self.apply_settings()

    # -- settings and state -----------------------------------------------------------------------
    def set_preview_manual(self, manual: bool) -> None:
        """A very large post: the preview renders only when asked (Refresh Preview)."""
        self.preview_manual = manual
        if not manual:
            self._update_preview()

    def refresh_preview(self) -> None:
        if self.scheduler is None or self._post_meta is None:
            return
        body = self.current_body()
        self.scheduler.update(dataclasses.replace(self._post_meta, body=body), body)
        self.scheduler.render_now()

    def show_raw_front_matter(self) -> None:
        """The Raw tab of the post panel, focused (the front-matter notice's button)."""
        panel = self.post_panel
        for index in range(panel.tabs.count()):
            if panel.tabs.tabText(index) == "Raw":
                panel.tabs.setCurrentIndex(index)
        self.post_dock.show()
        self.post_dock.raise_()
        panel.raw.setFocus()

    def apply_settings(self) -> None:
        """Reading speed, file names, font and theme from the settings."""
        if self.guard is not None:
            self.guard.set_autosave(self.settings.autosave)
        from blogdesk.ui.widgets.settings_dialog import editor_font

        config = self.library.config if self.library else None
        self.counter.set_wpm(self.settings.wpm or (config.wpm if config else 200))
        if self.controller is not None:
            self.controller.file_pattern = self.settings.file_pattern
        font: QFont = editor_font(self.settings)
        if hasattr(self.editor, "set_editor_font"):
            self.editor.set_editor_font(font)
        else:
            self.editor.setFont(font)
        apply_theme(self.settings.theme)
        self.apply_theme_to_preview()

    def _system_scheme_changed(self) -> None:
        if self.settings.theme == "system":
            apply_theme("system")
            self.apply_theme_to_preview()

    def apply_theme_to_preview(self) -> None:
        if self.preview is not None and hasattr(self.preview, "set_theme"):
            self.preview.set_theme(is_dark())
        if self.preview is not None and hasattr(self.preview, "set_remote_content"):
            self.preview.set_remote_content(self.settings.remote_content)

    def restore_state(self) -> None:
        """Geometry, docks, splitter sizes and the visible panes of the last session."""
        geometry = self.settings.window_state("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        docks = self.settings.window_state("docks")
        if docks is not None:
            self.restoreState(docks)
        splitter = self.settings.window_state("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.acts["toggle_editor"].setChecked(self.settings.pane_visible("editor"))
        self.acts["toggle_preview"].setChecked(self.settings.pane_visible("preview"))

    def save_state(self) -> None:
        self.settings.set_window_state("geometry", QByteArray(self.saveGeometry()))
        if self._hidden_docks is None:  # not the welcome screen's layout
            self.settings.set_window_state("docks", QByteArray(self.saveState()))
        self.settings.set_window_state("splitter", QByteArray(self.splitter.saveState()))
        self.settings.set_pane_visible("editor", self.acts["toggle_editor"].isChecked())
        self.settings.set_pane_visible("preview", self.acts["toggle_preview"].isChecked())
        self.settings.sync()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_target(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A folder dropped on the window opens as the library; a post opens with its folder."""
        target = dropped_target(event.mimeData())
        if target is None or self.controller is None:
            return
        event.acceptProposedAction()
        if target.is_dir():
            self.controller.open_library(target)
        elif self.library is not None and self.library.get(target) is not None:
            self.open_path(target)
        else:
            self.controller.open_library(target.parent, prefer=(target,))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.post_panel.commit()
        if self.controller is not None and not self.controller.can_quit():
            event.ignore()
            return
        self.save_state()
        self.counter.shutdown()
        self.library_panel.stop_watching()
        if self.scheduler is not None and hasattr(self.scheduler, "shutdown"):
            self.scheduler.shutdown()  # its render worker is a separate process
        if self.reader is not None:
            self.reader.close()
        event.accept()


_DARK_COLORS = {
    "Window": "#202124",
    "WindowText": "#e8eaed",
    "Base": "#17181a",
    "AlternateBase": "#26282b",
    "ToolTipBase": "#303134",
    "ToolTipText": "#e8eaed",
    "PlaceholderText": "#9aa0a6",
    "Text": "#e8eaed",
    "Button": "#2a2b2e",
    "ButtonText": "#e8eaed",
    "BrightText": "#ffffff",
    "Light": "#3c4043",
    "Midlight": "#34363a",
    "Mid": "#2b2d30",
    "Dark": "#111214",
    "Shadow": "#000000",
    "Highlight": "#2f7d7a",
    "HighlightedText": "#ffffff",
    "Link": "#8ab4f8",
    "LinkVisited": "#c58af9",
}
_state = {"dark": False}


def dropped_target(mime: QMimeData) -> Path | None:
    """The folder or Markdown file being dragged in, if it is one."""
    urls = [u for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
    if len(urls) != 1:
        return None
    path = Path(urls[0].toLocalFile())
    if path.is_dir() or is_post_path(path):
        return path
    return None


def is_dark() -> bool:
    """Whether the app is showing its dark theme now."""
    return _state["dark"]


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in _DARK_COLORS.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(color))
    for role in ("Text", "WindowText", "ButtonText"):
        palette.setColor(
            QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role), QColor("#6f7377")
        )
    return palette


def apply_theme(theme: str) -> None:
    """Light, dark, or the system's choice. The palette is set by hand: not every platform
    theme (plain X11, offscreen) follows a colour-scheme request."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    hints = QApplication.styleHints()
    dark = theme == "dark" or (theme == "system" and hints.colorScheme() == Qt.ColorScheme.Dark)
    if dark == _state["dark"] and app.property("blogdeskThemed"):
        return
    _state["dark"] = dark
    app.setProperty("blogdeskThemed", True)
    style = app.style()
    app.setPalette(dark_palette() if dark else style.standardPalette())
