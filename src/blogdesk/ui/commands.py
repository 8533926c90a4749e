"""The window's commands: what each action of `actions.py` does, and how the library, tags and
post panels reach the controller and the session. `wire(window)` connects them all."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

from blogdesk import __version__
from blogdesk.core.files import is_post_path
from blogdesk.ui.focused_edits import FOCUSED_EDITS, EditActionsFollowFocus, on_focused
from blogdesk.ui.i18n import translate
from blogdesk.ui.widgets import dialogs

if TYPE_CHECKING:
    from blogdesk.ui.main_window import MainWindow

FORMAT_SLOTS = ("bold", "italic", "code", "link", "quote", "bullet_list", "numbered_list",
                "strikethrough", "code_block", "table", "horizontal_rule")
HEADINGS = ("paragraph", "heading_1", "heading_2", "heading_3")


def wire(window: MainWindow) -> None:
    """Connect the panels and the actions of ``window`` to its controller and session."""
    controller, session = window.controller, window.session
    library, tags, post = window.library_panel, window.tags_panel, window.post_panel
    library.postActivated.connect(window.open_path)
    library.set_context_actions([
        window.acts["new_post"], None, window.acts["rename_from_title"],
        window.acts["duplicate"], None, window.acts["delete"],
    ])
    tags.tagActivated.connect(library.filter_tag)
    tags.categoryActivated.connect(library.filter_category)
    tags.filterCleared.connect(library.clear_tag_filters)
    tags.renameRequested.connect(controller.rename_tag)
    tags.mergeRequested.connect(controller.merge_tags)
    post.fieldEdited.connect(session.set_field)
    post.fieldRemoved.connect(session.unset_field)
    post.rawEdited.connect(lambda text: post.show_raw_error(session.set_raw_front_matter(text)))
    library.watcher.changed.connect(lambda paths: library_files_changed(window, paths))
    library.watchStarted.connect(window.check_disk)  # a change made before the watch began
    window.libraryIndexed.connect(lambda: window.library_changed())
    window.welcome.openRequested.connect(lambda: choose_library(window))
    window.welcome.createRequested.connect(controller.create_library)
    window.welcome.recentRequested.connect(controller.open_library)
    window.acts.connect_handlers(handlers(window))
    EditActionsFollowFocus(window.acts, window)


def handlers(window: MainWindow) -> dict[str, Callable[..., object]]:
    """Each action's handler, by the action's name."""
    c, editor, pane = window.controller, window.editor, window.editor_pane
    table: dict[str, Callable[..., object]] = {
        "new_post": c.new_post,
        "open_library": lambda: choose_library(window),
        "save": window.save,
        "save_as": window.session.save_as,
        "export_post": c.export_post,
        "export_site": c.export_site,
        "rename_from_title": c.rename_from_title,
        "duplicate": c.duplicate,
        "delete": lambda: delete(window),
        "quit": window.close,
        "undo": editor.undo,
        "redo": editor.redo,
        **{name: on_focused(name) for name in FOCUSED_EDITS},
        "find": pane.show_find,
        "replace": pane.show_replace,
        "focus_search": lambda: focus_search(window),
        "settings": lambda: open_settings(window),
        "toggle_editor": lambda visible: set_editor_visible(window, visible),
        "toggle_preview": lambda visible: set_preview_visible(window, visible),
        "reader_view": window.reading.show,
        "next_post": lambda: step_post(window, 1),
        "previous_post": lambda: step_post(window, -1),
        "cheat_sheet": lambda: dialogs.show_cheat_sheet(window),
        "about": lambda: dialogs.show_about(window, __version__),
    }
    for level, name in enumerate(HEADINGS):
        table[name] = _format(window, functools.partial(editor.set_heading, level))
    slots: dict[str, Callable[[], None]] = {
        "bold": editor.toggle_bold, "italic": editor.toggle_italic, "code": editor.toggle_code,
        "link": editor.insert_link, "quote": editor.toggle_quote,
        "bullet_list": editor.toggle_bullet_list, "numbered_list": editor.toggle_numbered_list,
        "strikethrough": editor.toggle_strikethrough, "code_block": editor.insert_code_block,
        "table": editor.insert_table, "horizontal_rule": editor.insert_horizontal_rule,
    }
    for name in FORMAT_SLOTS:
        table[name] = _format(window, slots[name])
    return table


def _format(window: MainWindow, change: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        if window.session.doc is not None:
            change()
            window.editor.setFocus()

    return run


def delete(window: MainWindow) -> None:
    """Move the open post to the trash, then open its neighbour in the list."""
    doc = window.session.doc
    if doc is None:
        return
    following = window.library_panel.neighbour(doc.path, 1)
    if following == doc.path:
        following = window.library_panel.neighbour(doc.path, -1)
    if window.controller.delete() and following is not None and following.exists():
        window.open_path(following)


def step_post(window: MainWindow, step: int) -> None:
    doc = window.session.doc
    target = window.library_panel.neighbour(doc.path if doc else None, step)
    if target is not None:
        window.open_path(target)


def show_library(window: MainWindow) -> None:
    """ "← Back to blog" in the preview or the reader: the library list, shown and focused."""
    window.library_dock.show()
    window.library_dock.raise_()
    window.activateWindow()
    window.library_panel.view.setFocus()


def focus_search(window: MainWindow) -> None:
    window.library_dock.show()
    window.library_dock.raise_()
    window.library_panel.search.setFocus()
    window.library_panel.search.selectAll()


def choose_library(window: MainWindow) -> None:
    start = window.library.root if window.library else Path.home()
    folder = window.ask_folder(translate("Commands", "Open Library"), start)
    if folder is not None:
        window.controller.open_library(folder)


def fill_recent(window: MainWindow) -> None:
    """The Open Recent menu, filled when it opens."""
    menu = window.recent_menu
    menu.clear()
    for path in window.settings.recent_libraries:
        action = menu.addAction(str(path))
        action.triggered.connect(lambda _c=False, p=path: window.controller.open_library(p))
    menu.setEnabled(True)
    if not menu.actions():
        menu.addAction(translate("Commands", "No recent libraries")).setEnabled(False)


def set_editor_visible(window: MainWindow, visible: bool) -> None:
    if not visible and not window.acts["toggle_preview"].isChecked():
        window.acts["toggle_preview"].setChecked(True)
    window.editor_column.setVisible(visible)


def set_preview_visible(window: MainWindow, visible: bool) -> None:
    if not visible and not window.acts["toggle_editor"].isChecked():
        window.acts["toggle_editor"].setChecked(True)
    window.preview.set_visible(visible)


def open_settings(window: MainWindow) -> None:
    from blogdesk.ui.widgets.settings_dialog import SettingsDialog

    config = window.library.config if window.library else None
    chosen, detected = window.preview.generator_choice()
    dialog = SettingsDialog(
        window.settings,
        config.wpm if config else 200,
        config.file_pattern if config else "",
        config.image_folder if config else "",
        window,
        generator=chosen,
        detected=detected,
    )
    if dialog.exec():
        dialog.apply()
        window.apply_settings()
        if dialog.chosen_generator() is not None:
            window.preview.set_generator(dialog.chosen_generator() or "")


def follow_system_scheme(window: MainWindow) -> None:
    """The system switched between light and dark: follow it when the setting says so."""
    QApplication.styleHints().colorSchemeChanged.connect(window.system_scheme_changed)


def library_files_changed(window: MainWindow, paths: list[Path]) -> None:
    """The library's watcher saw files change (the open post may be one of them)."""
    window.tags_panel.set_library(window.library)
    window.post_panel.set_library_vocabulary(window.library)
    doc = window.session.doc
    if doc is not None:
        window.library_panel.select_path(doc.path)
        if doc.path in paths:
            window.check_disk()


def open_dropped(window: MainWindow, target: Path) -> None:
    """A dropped folder opens as the library; a dropped post opens, with its folder when it is
    not in the open library."""
    library = window.library
    if target.is_dir():
        window.controller.open_library(target)
    elif library is not None and library.get(target) is not None:
        window.open_path(target)
    else:
        window.controller.open_library(target.parent, prefer=(target,))


def hide_git_menu(window: MainWindow) -> None:
    """The Git menu out of sight, and its shortcuts off, until git is wired and finds a work
    tree (``MainWindow.wire_git``, after the first paint)."""
    git_menu = window.menus.get("menu_git")
    if git_menu is not None:
        git_menu.menuAction().setVisible(False)
        for action in git_menu.actions():
            action.setVisible(action.isSeparator())


def dropped_target(mime: QMimeData) -> Path | None:
    """The folder or Markdown file being dragged in, if it is one."""
    urls = [u for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
    if len(urls) != 1:
        return None
    path = Path(urls[0].toLocalFile())
    if path.is_dir() or is_post_path(path):
        return path
    return None
