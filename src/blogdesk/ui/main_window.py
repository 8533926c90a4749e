"""The main window: library on the left, editor and preview in the middle, post and tags on the
right, the reading-time counter below. It is composition: it builds the widgets, shows what the
session and the controller decide (it implements their view), and leaves each feature's wiring
to the feature's module (commands, live_preview, reader_view, session_adapters, recovery).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QStatusBar

from blogdesk.core.document import EditorPosition, SessionEvent
from blogdesk.core.document.notices import Notice
from blogdesk.core.post import Post
from blogdesk.ui import commands
from blogdesk.ui.actions import ActionCollection
from blogdesk.ui.live_preview import LivePreview
from blogdesk.ui.outline_feed import OutlineFeed
from blogdesk.ui.reader_view import ReaderLauncher
from blogdesk.ui.session_adapters import SessionAdapters, capture_position, restore_position
from blogdesk.ui.settings import AppSettings
from blogdesk.ui.theme import apply_style, apply_theme
from blogdesk.ui.widgets import dialogs
from blogdesk.ui.widgets.dialogs import props, tab_order
from blogdesk.ui.widgets.editor import EditorPane
from blogdesk.ui.widgets.status_counter import StatusCounter
from blogdesk.ui.window_layout import CenterStack, Docks, default_size, save_state
from blogdesk.ui.writing import WritingFeatures, wire_writing

if TYPE_CHECKING:
    from blogdesk.core.document import DocumentSession
    from blogdesk.core.library import Library
    from blogdesk.core.postfile import PostFile
    from blogdesk.ui.controller import Controller
    from blogdesk.ui.git import GitController
    from blogdesk.ui.recovery import RecoveryDialog

MODIFIED_CHECK_MS = 250
DOCUMENT_ACTIONS = ("save", "save_as", "export_post", "rename_from_title", "duplicate", "delete",
                    "reader_view", *commands.FORMAT_SLOTS, *commands.HEADINGS)


class MainWindow(QMainWindow):
    """The window of one library; the view of its controller and document session."""

    libraryIndexed = Signal()  # emitted from the library's indexer thread; queued to the UI
    libraryOpened = Signal(object)  # the Library now shown (features follow it: git)
    libraryFilesChanged = Signal(list)  # posts saved, created, renamed or deleted ([]: many)
    controller: Controller  # set by attach()
    session: DocumentSession
    writing: WritingFeatures  # set by attach()
    git: GitController  # set by wire_git() (ui/git/wiring.py): in attach() or after first paint

    def __init__(
        self, actions: ActionCollection, settings: AppSettings, editor_pane: EditorPane
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.acts, self.settings = actions, settings
        self.library: Library | None = None
        self.editor_pane, self.editor = editor_pane, editor_pane.editor
        self.post_meta: Post | None = None  # the open post's metadata, for the preview
        self.adapters = SessionAdapters(self)
        self.preview = LivePreview(self)
        self.reading = ReaderLauncher(self)
        self.recovery_dialog: RecoveryDialog | None = None
        self._loading_text = False
        self.setWindowTitle("blogdesk")
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        self.center = CenterStack(editor_pane)
        self.setCentralWidget(self.center)
        self.notice_bar, self.splitter = self.center.notice_bar, self.center.splitter
        self.welcome, self.editor_column = self.center.welcome, self.center.editor_column
        self.docks = Docks(self)
        self.library_panel, self.library_dock = self.docks.library_panel, self.docks.library
        self.post_panel, self.post_dock = self.docks.post_panel, self.docks.post
        self.tags_panel, self.tags_dock = self.docks.tags_panel, self.docks.tags
        self.outline = self.docks.outline_view  # the headings; a click jumps the editor there
        self.counter = StatusCounter()
        self.counter.setAccessibleName(self.tr("Word count"))
        self.counter.setAccessibleDescription(self.tr("Words, characters and reading time"))
        self.setStatusBar(props(QStatusBar(), objectName="statusBar"))
        self.statusBar().addPermanentWidget(self.counter)
        lib = self.library_panel  # Tab: search, filters, posts, then the text and its fields
        tab_order(lib.search, lib.status_combo, lib.sort_combo, lib.view, self.editor)
        tab_order(self.editor, self.post_panel.tabs)
        self.recent_menu = props(QMenu(self.tr("Open &Recent"), self), objectName="recentMenu")
        self.menus = self.acts.build_menus(
            self.menuBar(), {"docks": self.docks.toggles(), "recent": self.recent_menu})
        self._connect_widgets()
        self._modified_timer = QTimer(self, singleShot=True, interval=MODIFIED_CHECK_MS)
        self._modified_timer.timeout.connect(self.update_title)
        self.outline_feed = OutlineFeed(self)
        default_size(self)

    # -- building ---------------------------------------------------------------------------------
    def _connect_widgets(self) -> None:
        self.editor.textEdited.connect(self._text_changed)  # not on colour-only changes
        self.editor.selectionChanged.connect(lambda: self.counter.schedule())
        self.editor.problem.connect(self.show_error)
        self.recent_menu.aboutToShow.connect(lambda: commands.fill_recent(self))
        self.counter.set_source(self._counter_source)

    def attach(self, controller: Controller, defer_git: bool = False) -> None:
        """Connect the panels, the actions and the session's adapters to ``controller``.
        ``defer_git``: the git feature is wired later, by ``wire_git`` (after the first paint)."""
        self.controller, self.session = controller, controller.session
        self.adapters.attach(self.session)
        self.adapters.check_on_activation(self)  # back to the window: look at the disk again
        commands.wire(self)
        self.writing = wire_writing(self)
        commands.follow_system_scheme(self)
        if defer_git:
            commands.hide_git_menu(self)  # until wire_git() after the first paint
        else:
            self.wire_git()
        self._update_enabled()

    def wire_git(self) -> None:
        """Add the git feature (its controller, dialogs and library marks: about 40 ms of
        imports, so app.py does it after the first paint) and show the open library's state."""
        if self.__dict__.get("git") is None:
            from blogdesk.ui.git import wiring

            self.git = wiring.wire(self)
            if self.library is not None:
                self.git.set_library(self.library)

    # -- reacting to edits ------------------------------------------------------------------------
    def _text_changed(self) -> None:
        if self._loading_text:
            return
        self.session.edited()
        if not self.windowTitle().startswith("●"):
            self.update_title(modified=True)
        self._modified_timer.start()
        self._after_text_change()

    def _after_text_change(self) -> None:
        self.counter.schedule(self.editor.document().characterCount())
        self.outline_feed.text_changed()
        self.preview.update()

    def _counter_source(self) -> tuple[str, str] | None:
        return None if self.post_meta is None else (self.current_body(),
                                                    self.editor.selected_body())

    def update_title(self, modified: bool | None = None) -> None:
        """ "● Title — Library — blogdesk"; the dot marks unsaved changes."""
        if modified is None:
            modified = self.session.is_modified()
        parts = [self.session.title()] if self.session.doc else []
        if self.library is not None:
            parts.append(self.library.config.site_title or self.library.root.name)
        self.setWindowTitle(("● " if modified else "") + " — ".join([*parts, "blogdesk"]))
        self.acts["save"].setEnabled(self.session.doc is not None)

    def _update_enabled(self) -> None:
        self.acts.set_enabled(DOCUMENT_ACTIONS, self.session.doc is not None)
        self.acts.set_enabled(["new_post", "export_site"], self.library is not None)

    # -- commands ---------------------------------------------------------------------------------
    def open_path(self, path: Path) -> bool:
        """Open a post picked in the list (or a linked post); restore the selection if refused."""
        opened = self.session.open(path)
        if not opened:
            doc = self.session.doc
            self.library_panel.select_path(doc.path if doc else None)
        return opened

    def save(self) -> bool:
        return self.session.save()

    def apply_settings(self) -> None:
        """Autosave, reading speed, file names, font and theme from the settings."""
        from blogdesk.ui.widgets.settings_dialog import editor_font

        self.session.set_autosave(self.settings.autosave)
        config = self.library.config if self.library else None
        self.counter.set_wpm(self.settings.wpm or (config.wpm if config else 200))
        self.controller.file_pattern = self.settings.file_pattern
        self.editor.set_editor_font(editor_font(self.settings))
        apply_style(self.settings.style)
        apply_theme(self.settings.theme)
        self.preview.apply_theme()
        self.writing.apply_settings()

    def system_scheme_changed(self) -> None:
        if self.settings.theme == "system":
            apply_theme("system")
            self.preview.apply_theme()

    def show_welcome(self, shown: bool) -> None:
        """The welcome screen in the middle (no library open) or the editor and preview."""
        if shown and not self.docks.hidden_for_welcome:
            self.welcome.set_recent(self.settings.recent_libraries)
        self.docks.hide_for_welcome(shown)
        self.center.setCurrentWidget(self.welcome if shown else self.splitter)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if commands.dropped_target(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A folder dropped on the window opens as the library; a post opens with its folder."""
        target = commands.dropped_target(event.mimeData())
        if target is not None:
            event.acceptProposedAction()
            commands.open_dropped(self, target)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.session.settle():
            event.ignore()
            return
        self.writing.shutdown()  # out of full screen: the layout saved is the usual one
        self.adapters.shutdown()
        self._modified_timer.stop()
        self.outline_feed.stop()
        save_state(self, self.settings)
        self.counter.shutdown()
        self.library_panel.stop_watching()
        self.preview.shutdown()
        self.reading.close()
        event.accept()

    # -- the view of the session and the controller -----------------------------------------------
    def show_document(self, doc: PostFile | None, keep_text: bool = False) -> None:
        """Show a post (or none): editor text, post panel, preview, list selection, title."""
        self.post_meta = Post.from_file(doc) if doc else None
        if not keep_text:
            self._loading_text = True
            try:
                self.editor.set_body(doc.body if doc else "")
            finally:
                self._loading_text = False
        self.editor.setReadOnly(doc is None)
        self.editor.setPlaceholderText(
            self.tr("Write the post here, in Markdown.") if doc is not None else
            self.tr("No post is open. Pick one in the library, or start one with File ▸ New Post "
                    "(Ctrl+N)."))
        self._set_image_folder(doc)
        self.post_panel.show_post(doc, self.library.root if self.library else None)
        self.library_panel.select_path(doc.path if doc else None)
        if doc is not None:
            self.settings.last_post = doc.path
        self.preview.update_context()
        self.writing.document_shown(doc)
        self._after_text_change()
        self.update_title()
        self._update_enabled()

    def _set_image_folder(self, doc: PostFile | None) -> None:
        """Pasted and dropped images go to the library's image folder."""
        if doc is None or self.library is None:
            self.editor.set_image_folder(None, None)
            return
        name = self.settings.image_folder or self.library.config.image_folder
        self.editor.set_image_folder(self.library.root / name, doc.path.parent)

    def document_state_changed(self) -> None:
        doc = self.session.doc
        self.post_meta = Post.from_file(doc) if doc else None
        self.post_panel.refresh(doc)
        self.library_panel.select_path(doc.path if doc else None)
        self.preview.update()
        self.writing.check_document(doc)  # its language may have changed
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
        self.post_panel.set_library_vocabulary(self.library)
        doc = self.session.doc
        self.library_panel.select_path(select or (doc.path if doc else None))
        self.preview.update_context()
        self.libraryFilesChanged.emit(list(changed or ()))

    def library_opened(self, library: Library) -> None:
        self.library = library
        self.show_welcome(False)
        self.settings.last_library = library.root
        self.library_panel.set_library(library)
        self.tags_panel.set_library(library)
        self.post_panel.set_defaults(library.config.author.name)
        self.post_panel.set_library_vocabulary(self.library)
        self.apply_settings()
        self.preview.update_context()
        self.update_title()
        self._update_enabled()
        self.libraryOpened.emit(library)

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
        self.post_panel.setEnabled(not read_only)

    def set_preview_manual(self, manual: bool) -> None:
        self.preview.set_manual(manual)

    def show_notice(self, notice: Notice) -> None:
        self.notice_bar.show_notice(notice)

    def clear_notice(self, key: str) -> None:
        self.notice_bar.clear_notice(key)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    def show_error(self, text: str) -> None:
        dialogs.show_error(self, text)

    def notify(self, event: SessionEvent, path: Path) -> None:
        self.adapters.notify(event, path)

    def ask_save_discard_cancel(self, title: str) -> str:
        return dialogs.ask_save_discard_cancel(self, title)

    def confirm(self, text: str, ok_label: str = "", details: str = "") -> bool:
        return dialogs.confirm(self, text, ok_label, details)

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return dialogs.ask_text(self, title, label, text)

    def ask_save_path(self, title: str, start: Path, filter: str = "") -> Path | None:
        return dialogs.ask_save_path(self, title, start, filter)

    def ask_folder(self, title: str, start: Path) -> Path | None:
        return dialogs.ask_folder(self, title, start)

    def open_in_browser(self, page: Path) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(page)))

    def show_compare(self, name: str, disk_text: str, mine_text: str) -> str | None:
        from blogdesk.ui.widgets.compare_dialog import compare

        return compare(self, name, disk_text, mine_text)

    def run_task(self, title: str, work: Callable[[Callable[[int, int, str], None]], Any],
                 done: Callable[[Any, BaseException | None], None]) -> None:
        dialogs.TaskRunner(self, title, work, done).start()

    def current_body(self) -> str:
        return self.editor.body()

    def flush_edits(self) -> None:
        self.post_panel.commit()

    def cursor_position(self) -> int:
        return self.editor.textCursor().position()

    def capture_position(self) -> EditorPosition | None:
        return capture_position(self.editor)

    def restore_position(self, position: EditorPosition) -> None:
        restore_position(self.editor, position)

    def refresh_preview(self) -> None:
        self.preview.render_now()

    def show_raw_front_matter(self) -> None:
        """The Raw tab of the post panel, focused (the front-matter notice's button)."""
        self.post_panel.show_raw_tab()
        self.post_dock.show()
        self.post_dock.raise_()

    def show_recovery(self) -> None:
        from blogdesk.ui.recovery import offer_recovery

        self.recovery_dialog = offer_recovery(self)

    def watch_file(self, path: Path | None) -> None:
        self.adapters.watch_file(path)

    def check_disk(self) -> None:
        if self.session.doc is not None:
            self.adapters.check_disk()

    def wake_in(self, seconds: float | None) -> None:
        self.adapters.wake_in(seconds)

