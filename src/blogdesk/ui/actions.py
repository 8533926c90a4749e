"""Every user action of the window, declared once; menus are built from this collection."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from blogdesk.ui.i18n import QT_TRANSLATE_NOOP, translate


@dataclass(frozen=True)
class ActionSpec:
    """What an action is: its name (for code and tests), label, shortcuts and tip."""

    name: str
    text: str
    shortcuts: tuple[str, ...] = ()
    tip: str = ""
    checkable: bool = False
    checked: bool = False
    standard: QKeySequence.StandardKey | None = None  # the platform's keys; else ``shortcuts``


def _spec(
    name: str,
    text: str,
    keys: str | tuple[str, ...] = (),
    tip: str = "",
    standard: QKeySequence.StandardKey | None = None,
    **kw: bool,
) -> ActionSpec:
    shortcuts = (keys,) if isinstance(keys, str) else keys
    return ActionSpec(name, text, shortcuts, tip, standard=standard, **kw)


def resolved_keys(spec: ActionSpec) -> list[QKeySequence]:
    """The platform's keys for a standard action; the literal keys where it defines none."""
    if spec.standard is not None:
        bindings = QKeySequence.keyBindings(spec.standard)
        if bindings:
            return list(bindings)
    return [QKeySequence(key) for key in spec.shortcuts]


STD = QKeySequence.StandardKey


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    _spec(
        "new_post",
        QT_TRANSLATE_NOOP("Actions", "&New Post…"),
        "Ctrl+N",
        QT_TRANSLATE_NOOP("Actions", "Create a post in this library"),
        STD.New,
    ),
    _spec(
        "open_library",
        QT_TRANSLATE_NOOP("Actions", "&Open Library…"),
        "Ctrl+O",
        QT_TRANSLATE_NOOP("Actions", "Open a folder of posts"),
        STD.Open,
    ),
    _spec(
        "save",
        QT_TRANSLATE_NOOP("Actions", "&Save"),
        "Ctrl+S",
        QT_TRANSLATE_NOOP("Actions", "Save the post"),
        STD.Save,
    ),
    _spec(
        "save_as",
        QT_TRANSLATE_NOOP("Actions", "Save &As…"),
        "Ctrl+Shift+S",
        QT_TRANSLATE_NOOP("Actions", "Save the post under another name"),
        STD.SaveAs,
    ),
    _spec(
        "export_post",
        QT_TRANSLATE_NOOP("Actions", "&Export Post as HTML…"),
        "Ctrl+E",
        QT_TRANSLATE_NOOP("Actions", "Write this post as a web page"),
    ),
    _spec(
        "export_site",
        QT_TRANSLATE_NOOP("Actions", "Export &Site…"),
        "Ctrl+Shift+E",
        QT_TRANSLATE_NOOP("Actions", "Write the whole blog as a static site"),
    ),
    _spec(
        "rename_from_title",
        QT_TRANSLATE_NOOP("Actions", "&Rename File from Title"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Name the file after the title"),
    ),
    _spec(
        "duplicate",
        QT_TRANSLATE_NOOP("Actions", "D&uplicate Post"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Copy this post to a new file"),
    ),
    _spec(
        "delete",
        QT_TRANSLATE_NOOP("Actions", "Move to &Trash…"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Move the post's file to the trash"),
    ),
    _spec(
        "quit",
        QT_TRANSLATE_NOOP("Actions", "&Quit"),
        "Ctrl+Q",
        QT_TRANSLATE_NOOP("Actions", "Close blogdesk"),
        STD.Quit,
    ),
    # Edit
    _spec(
        "undo",
        QT_TRANSLATE_NOOP("Actions", "&Undo"),
        "Ctrl+Z",
        QT_TRANSLATE_NOOP("Actions", "Undo the last edit"),
        STD.Undo,
    ),
    _spec(
        "redo",
        QT_TRANSLATE_NOOP("Actions", "&Redo"),
        ("Ctrl+Shift+Z", "Ctrl+Y"),
        QT_TRANSLATE_NOOP("Actions", "Redo"),
        STD.Redo,
    ),
    _spec(
        "cut",
        QT_TRANSLATE_NOOP("Actions", "Cu&t"),
        "Ctrl+X",
        QT_TRANSLATE_NOOP("Actions", "Cut the selection"),
        STD.Cut,
    ),
    _spec(
        "copy",
        QT_TRANSLATE_NOOP("Actions", "&Copy"),
        "Ctrl+C",
        QT_TRANSLATE_NOOP("Actions", "Copy the selection"),
        STD.Copy,
    ),
    _spec(
        "paste",
        QT_TRANSLATE_NOOP("Actions", "&Paste"),
        "Ctrl+V",
        QT_TRANSLATE_NOOP("Actions", "Paste"),
        STD.Paste,
    ),
    _spec(
        "select_all",
        QT_TRANSLATE_NOOP("Actions", "Select &All"),
        "Ctrl+A",
        QT_TRANSLATE_NOOP("Actions", "Select everything in the focused field"),
        STD.SelectAll,
    ),
    _spec(
        "find",
        QT_TRANSLATE_NOOP("Actions", "&Find…"),
        "Ctrl+F",
        QT_TRANSLATE_NOOP("Actions", "Find in the post"),
        STD.Find,
    ),
    _spec(
        "replace",
        QT_TRANSLATE_NOOP("Actions", "Find and &Replace…"),
        "Ctrl+H",
        QT_TRANSLATE_NOOP("Actions", "Replace in the post"),
        STD.Replace,
    ),
    _spec(
        "focus_search",
        QT_TRANSLATE_NOOP("Actions", "Search &Library"),
        "Ctrl+Shift+F",
        QT_TRANSLATE_NOOP("Actions", "Search every post"),
    ),
    _spec(
        "settings",
        QT_TRANSLATE_NOOP("Actions", "Se&ttings…"),
        "Ctrl+,",
        QT_TRANSLATE_NOOP("Actions", "Reading speed, theme, font, file names"),
        STD.Preferences,
    ),
    # Format
    _spec(
        "bold",
        QT_TRANSLATE_NOOP("Actions", "&Bold"),
        "Ctrl+B",
        QT_TRANSLATE_NOOP("Actions", "**Bold**"),
    ),
    _spec(
        "italic",
        QT_TRANSLATE_NOOP("Actions", "&Italic"),
        "Ctrl+I",
        QT_TRANSLATE_NOOP("Actions", "*Italic*"),
    ),
    _spec(
        "code",
        QT_TRANSLATE_NOOP("Actions", "&Code"),
        "Ctrl+`",
        QT_TRANSLATE_NOOP("Actions", "`Code`"),
    ),
    _spec(
        "link",
        QT_TRANSLATE_NOOP("Actions", "&Link…"),
        "Ctrl+K",
        QT_TRANSLATE_NOOP("Actions", "[Link](url)"),
    ),
    _spec(
        "heading_1",
        QT_TRANSLATE_NOOP("Actions", "Heading &1"),
        "Ctrl+1",
        QT_TRANSLATE_NOOP("Actions", "# Heading"),
    ),
    _spec(
        "heading_2",
        QT_TRANSLATE_NOOP("Actions", "Heading &2"),
        "Ctrl+2",
        QT_TRANSLATE_NOOP("Actions", "## Heading"),
    ),
    _spec(
        "heading_3",
        QT_TRANSLATE_NOOP("Actions", "Heading &3"),
        "Ctrl+3",
        QT_TRANSLATE_NOOP("Actions", "### Heading"),
    ),
    _spec(
        "paragraph",
        QT_TRANSLATE_NOOP("Actions", "&Paragraph"),
        "Ctrl+Alt+0",
        QT_TRANSLATE_NOOP("Actions", "Plain paragraph"),
    ),
    _spec(
        "quote",
        QT_TRANSLATE_NOOP("Actions", "&Quote"),
        "Ctrl+Shift+.",
        QT_TRANSLATE_NOOP("Actions", "> Quote"),
    ),
    _spec(
        "bullet_list",
        QT_TRANSLATE_NOOP("Actions", "Bulleted &List"),
        "Ctrl+Shift+8",
        QT_TRANSLATE_NOOP("Actions", "- List item"),
    ),
    _spec(
        "numbered_list",
        QT_TRANSLATE_NOOP("Actions", "&Numbered List"),
        "Ctrl+Shift+7",
        QT_TRANSLATE_NOOP("Actions", "1. List item"),
    ),
    _spec(
        "strikethrough",
        QT_TRANSLATE_NOOP("Actions", "S&trikethrough"),
        "Ctrl+Shift+X",
        QT_TRANSLATE_NOOP("Actions", "~~Strikethrough~~"),
    ),
    _spec(
        "code_block",
        QT_TRANSLATE_NOOP("Actions", "Code Bl&ock"),
        "Ctrl+Alt+C",
        QT_TRANSLATE_NOOP("Actions", "A fenced block of code"),
    ),
    _spec(
        "table",
        QT_TRANSLATE_NOOP("Actions", "T&able"),
        "Ctrl+Shift+T",
        QT_TRANSLATE_NOOP("Actions", "A Markdown table"),
    ),
    _spec(
        "horizontal_rule",
        QT_TRANSLATE_NOOP("Actions", "Horizontal &Rule"),
        "Ctrl+Alt+-",
        QT_TRANSLATE_NOOP("Actions", "--- (a thematic break)"),
    ),
    # View
    _spec(
        "toggle_editor",
        QT_TRANSLATE_NOOP("Actions", "&Editor"),
        "Ctrl+Shift+1",
        QT_TRANSLATE_NOOP("Actions", "Show or hide the editor"),
        checkable=True,
        checked=True,
    ),
    _spec(
        "toggle_preview",
        QT_TRANSLATE_NOOP("Actions", "&Preview"),
        "Ctrl+Shift+2",
        QT_TRANSLATE_NOOP("Actions", "Show or hide the preview"),
        checkable=True,
        checked=True,
    ),
    _spec(
        "reader_view",
        QT_TRANSLATE_NOOP("Actions", "&Reader View"),
        "Ctrl+R",
        QT_TRANSLATE_NOOP("Actions", "Read the post full-window"),
    ),
    _spec(
        "check_spelling",
        QT_TRANSLATE_NOOP("Actions", "Check &Spelling"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Underline unknown words as you type"),
        checkable=True,
        checked=True,
    ),
    _spec(
        "focus_mode",
        QT_TRANSLATE_NOOP("Actions", "&Focus Mode"),
        "Ctrl+Alt+F",
        QT_TRANSLATE_NOOP("Actions", "Dim all but the sentence or paragraph"),
        checkable=True,
    ),
    _spec(
        "typewriter",
        QT_TRANSLATE_NOOP("Actions", "&Typewriter Scrolling"),
        "Ctrl+Alt+Y",
        QT_TRANSLATE_NOOP("Actions", "Keep the line in the middle"),
        checkable=True,
    ),
    _spec(
        "distraction_free",
        QT_TRANSLATE_NOOP("Actions", "&Distraction-Free Full Screen"),
        "F11",
        QT_TRANSLATE_NOOP("Actions", "Only the text, full screen (Esc leaves)"),
        checkable=True,
        standard=STD.FullScreen,
    ),
    _spec(
        "zoom_in",
        QT_TRANSLATE_NOOP("Actions", "Zoom &In"),
        "Ctrl++",
        QT_TRANSLATE_NOOP("Actions", "Larger text in the editor"),
        standard=STD.ZoomIn,
    ),
    _spec(
        "zoom_out",
        QT_TRANSLATE_NOOP("Actions", "Zoom &Out"),
        "Ctrl+-",
        QT_TRANSLATE_NOOP("Actions", "Smaller text in the editor"),
        standard=STD.ZoomOut,
    ),
    _spec(
        "zoom_reset",
        QT_TRANSLATE_NOOP("Actions", "Reset &Zoom"),
        "Ctrl+0",
        QT_TRANSLATE_NOOP("Actions", "The editor's text at its usual size"),
    ),
    # Go
    _spec(
        "next_post",
        QT_TRANSLATE_NOOP("Actions", "&Next Post"),
        "Ctrl+PgDown",
        QT_TRANSLATE_NOOP("Actions", "Open the next post in the list"),
    ),
    _spec(
        "previous_post",
        QT_TRANSLATE_NOOP("Actions", "&Previous Post"),
        "Ctrl+PgUp",
        QT_TRANSLATE_NOOP("Actions", "Open the previous post in the list"),
    ),
    # Git (the menu shows only when the library is in a git work tree)
    _spec(
        "git_publish",
        QT_TRANSLATE_NOOP("Actions", "&Publish Post…"),
        "Ctrl+Alt+Shift+P",
        QT_TRANSLATE_NOOP("Actions", "Commit the post and its images, and push"),
    ),
    _spec(
        "git_sync",
        QT_TRANSLATE_NOOP("Actions", "&Sync"),
        "Ctrl+Alt+Shift+S",
        QT_TRANSLATE_NOOP("Actions", "Fetch, rebase or merge, and push"),
    ),
    _spec(
        "git_history",
        QT_TRANSLATE_NOOP("Actions", "Post &History…"),
        "Ctrl+Alt+Shift+H",
        QT_TRANSLATE_NOOP("Actions", "Earlier versions of the post"),
    ),
    _spec(
        "git_changes",
        QT_TRANSLATE_NOOP("Actions", "&Changes Since Last Commit…"),
        "Ctrl+Alt+Shift+D",
        QT_TRANSLATE_NOOP("Actions", "The post against its last commit"),
    ),
    # Help
    _spec(
        "cheat_sheet",
        QT_TRANSLATE_NOOP("Actions", "Markdown &Cheat Sheet"),
        "F1",
        QT_TRANSLATE_NOOP("Actions", "The Markdown you can write"),
    ),
    _spec(
        "about",
        QT_TRANSLATE_NOOP("Actions", "&About blogdesk"),
        (),
        QT_TRANSLATE_NOOP("Actions", "Version and credits"),
    ),
)

# The menus, in order; "-" is a separator and "@docks" is where the dock toggles go.
MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        QT_TRANSLATE_NOOP("Menus", "&File"),
        (
            "new_post",
            "open_library",
            "@recent",
            "-",
            "save",
            "save_as",
            "-",
            "rename_from_title",
            "duplicate",
            "delete",
            "-",
            "export_post",
            "export_site",
            "-",
            "quit",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Menus", "&Edit"),
        (
            "undo",
            "redo",
            "-",
            "cut",
            "copy",
            "paste",
            "select_all",
            "-",
            "find",
            "replace",
            "-",
            "focus_search",
            "-",
            "settings",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Menus", "F&ormat"),
        (
            "bold",
            "italic",
            "code",
            "link",
            "-",
            "heading_1",
            "heading_2",
            "heading_3",
            "paragraph",
            "-",
            "quote",
            "bullet_list",
            "numbered_list",
            "-",
            "strikethrough",
            "code_block",
            "table",
            "horizontal_rule",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Menus", "&View"),
        (
            "toggle_editor",
            "toggle_preview",
            "reader_view",
            "-",
            "distraction_free",
            "focus_mode",
            "typewriter",
            "check_spelling",
            "-",
            "zoom_in",
            "zoom_out",
            "zoom_reset",
            "-",
            "@docks",
        ),
    ),
    (QT_TRANSLATE_NOOP("Menus", "&Go"), ("next_post", "previous_post")),
    (
        QT_TRANSLATE_NOOP("Menus", "G&it"),
        ("git_publish", "git_sync", "-", "git_history", "git_changes"),
    ),
    (QT_TRANSLATE_NOOP("Menus", "&Help"), ("cheat_sheet", "about")),
)


class ActionCollection(QObject):
    """The window's QActions by name: ``actions["save"].trigger()``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions: dict[str, QAction] = {}
        for spec in ACTIONS:
            self._actions[spec.name] = self._create(spec)

    def _create(self, spec: ActionSpec) -> QAction:
        action = QAction(translate("Actions", spec.text), self)
        action.setObjectName(spec.name)
        keys = resolved_keys(spec)
        action.setShortcuts(keys)
        status = translate("Actions", spec.tip) if spec.tip else ""
        tip = status
        if keys:
            tip = f"{tip} ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.setStatusTip(status)
        if spec.checkable:
            action.setCheckable(True)
            action.setChecked(spec.checked)
        if spec.name == "quit":
            action.setMenuRole(QAction.MenuRole.QuitRole)
        return action

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def __contains__(self, name: object) -> bool:
        return name in self._actions

    def __iter__(self) -> Iterator[QAction]:
        return iter(self._actions.values())

    def names(self) -> list[str]:
        return list(self._actions)

    def trigger(self, name: str) -> None:
        self._actions[name].trigger()

    def connect_handlers(self, handlers: dict[str, Callable[..., object]]) -> None:
        """Connect each named action's triggered signal to its handler."""
        for name, handler in handlers.items():
            action = self._actions[name]
            if action.isCheckable():
                action.toggled.connect(handler)
            else:
                action.triggered.connect(lambda _checked=False, h=handler: h())

    def set_enabled(self, names: tuple[str, ...] | list[str], enabled: bool) -> None:
        for name in names:
            self._actions[name].setEnabled(enabled)

    def build_menus(
        self, menubar: QMenuBar, extra: dict[str, list[QAction] | QMenu]
    ) -> dict[str, QMenu]:
        """Fill the menu bar from MENUS; ``extra`` supplies the "@name" placeholders."""
        menus: dict[str, QMenu] = {}
        for title, items in MENUS:
            menu = menubar.addMenu(translate("Menus", title))
            menu.setObjectName("menu_" + title.replace("&", "").lower())
            for item in items:
                self._add_item(menu, item, extra)
            menus[menu.objectName()] = menu
        return menus

    def _add_item(self, menu: QMenu, item: str, extra: dict[str, list[QAction] | QMenu]) -> None:
        if item == "-":
            menu.addSeparator()
        elif item.startswith("@"):
            placeholder = extra.get(item[1:])
            if isinstance(placeholder, QMenu):
                menu.addMenu(placeholder)
            elif placeholder:
                menu.addActions(placeholder)
        else:
            menu.addAction(self._actions[item])


def shortcut_context_window(actions: ActionCollection) -> None:
    """Shortcuts work anywhere in the main window (not in the separate reader window)."""
    for action in actions:
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
