"""Every user action of the window, declared once; menus are built from this collection."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar


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
    _spec("new_post", "&New Post…", "Ctrl+N", "Create a post in this library", STD.New),
    _spec("open_library", "&Open Library…", "Ctrl+O", "Open a folder of posts", STD.Open),
    _spec("save", "&Save", "Ctrl+S", "Save the post", STD.Save),
    _spec("save_as", "Save &As…", "Ctrl+Shift+S", "Save the post under another name", STD.SaveAs),
    _spec("export_post", "&Export Post as HTML…", "Ctrl+E", "Write this post as a web page"),
    _spec("export_site", "Export &Site…", "Ctrl+Shift+E", "Write the whole blog as a static site"),
    _spec("rename_from_title", "&Rename File from Title", (), "Name the file after the title"),
    _spec("duplicate", "D&uplicate Post", (), "Copy this post to a new file"),
    _spec("delete", "Move to &Trash…", (), "Move the post's file to the trash"),
    _spec("quit", "&Quit", "Ctrl+Q", "Close blogdesk", STD.Quit),
    # Edit
    _spec("undo", "&Undo", "Ctrl+Z", "Undo the last edit", STD.Undo),
    _spec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo", STD.Redo),
    _spec("cut", "Cu&t", "Ctrl+X", "Cut the selection", STD.Cut),
    _spec("copy", "&Copy", "Ctrl+C", "Copy the selection", STD.Copy),
    _spec("paste", "&Paste", "Ctrl+V", "Paste", STD.Paste),
    _spec(
        "select_all",
        "Select &All",
        "Ctrl+A",
        "Select everything in the focused field",
        STD.SelectAll,
    ),
    _spec("find", "&Find…", "Ctrl+F", "Find in the post", STD.Find),
    _spec("replace", "Find and &Replace…", "Ctrl+H", "Replace in the post", STD.Replace),
    _spec("focus_search", "Search &Library", "Ctrl+Shift+F", "Search every post"),
    _spec(
        "settings",
        "Se&ttings…",
        "Ctrl+,",
        "Reading speed, theme, font, file names",
        STD.Preferences,
    ),
    # Format
    _spec("bold", "&Bold", "Ctrl+B", "**Bold**"),
    _spec("italic", "&Italic", "Ctrl+I", "*Italic*"),
    _spec("code", "&Code", "Ctrl+`", "`Code`"),
    _spec("link", "&Link…", "Ctrl+K", "[Link](url)"),
    _spec("heading_1", "Heading &1", "Ctrl+1", "# Heading"),
    _spec("heading_2", "Heading &2", "Ctrl+2", "## Heading"),
    _spec("heading_3", "Heading &3", "Ctrl+3", "### Heading"),
    _spec("paragraph", "&Paragraph", "Ctrl+Alt+0", "Plain paragraph"),
    _spec("quote", "&Quote", "Ctrl+Shift+.", "> Quote"),
    _spec("bullet_list", "Bulleted &List", "Ctrl+Shift+8", "- List item"),
    _spec("numbered_list", "&Numbered List", "Ctrl+Shift+7", "1. List item"),
    _spec("strikethrough", "S&trikethrough", "Ctrl+Shift+X", "~~Strikethrough~~"),
    _spec("code_block", "Code Bl&ock", "Ctrl+Alt+C", "A fenced block of code"),
    _spec("table", "T&able", "Ctrl+Shift+T", "A Markdown table"),
    _spec("horizontal_rule", "Horizontal &Rule", "Ctrl+Alt+-", "--- (a thematic break)"),
    # View
    _spec(
        "toggle_editor",
        "&Editor",
        "Ctrl+Shift+1",
        "Show or hide the editor",
        checkable=True,
        checked=True,
    ),
    _spec(
        "toggle_preview",
        "&Preview",
        "Ctrl+Shift+2",
        "Show or hide the preview",
        checkable=True,
        checked=True,
    ),
    _spec("reader_view", "&Reader View", "Ctrl+R", "Read the post full-window"),
    _spec("check_spelling", "Check &Spelling", (), "Underline unknown words as you type",
          checkable=True, checked=True),
    _spec("focus_mode", "&Focus Mode", "Ctrl+Alt+F", "Dim all but the sentence or paragraph",
          checkable=True),
    _spec("typewriter", "&Typewriter Scrolling", "Ctrl+Alt+Y", "Keep the line in the middle",
          checkable=True),
    _spec("distraction_free", "&Distraction-Free Full Screen", "F11",
          "Only the text, full screen (Esc leaves)", checkable=True, standard=STD.FullScreen),
    _spec("zoom_in", "Zoom &In", "Ctrl++", "Larger text in the editor", standard=STD.ZoomIn),
    _spec("zoom_out", "Zoom &Out", "Ctrl+-", "Smaller text in the editor", standard=STD.ZoomOut),
    _spec("zoom_reset", "Reset &Zoom", "Ctrl+0", "The editor's text at its usual size"),
    # Go
    _spec("next_post", "&Next Post", "Ctrl+PgDown", "Open the next post in the list"),
    _spec("previous_post", "&Previous Post", "Ctrl+PgUp", "Open the previous post in the list"),
    # Git (the menu shows only when the library is in a git work tree)
    _spec("git_publish", "&Publish Post…", "Ctrl+Alt+Shift+P",
          "Commit the post and its images, and push"),
    _spec("git_sync", "&Sync", "Ctrl+Alt+Shift+S", "Fetch, rebase or merge, and push"),
    _spec("git_history", "Post &History…", "Ctrl+Alt+Shift+H", "Earlier versions of the post"),
    _spec("git_changes", "&Changes Since Last Commit…", "Ctrl+Alt+Shift+D",
          "The post against its last commit"),
    # Help
    _spec("cheat_sheet", "Markdown &Cheat Sheet", "F1", "The Markdown you can write"),
    _spec("about", "&About blogdesk", (), "Version and credits"),
)

# The menus, in order; "-" is a separator and "@docks" is where the dock toggles go.
MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "&File",
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
        "&Edit",
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
        "F&ormat",
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
        "&View",
        (
            "toggle_editor", "toggle_preview", "reader_view", "-",
            "distraction_free", "focus_mode", "typewriter", "check_spelling", "-",
            "zoom_in", "zoom_out", "zoom_reset", "-", "@docks",
        ),
    ),
    ("&Go", ("next_post", "previous_post")),
    ("G&it", ("git_publish", "git_sync", "-", "git_history", "git_changes")),
    ("&Help", ("cheat_sheet", "about")),
)


class ActionCollection(QObject):
    """The window's QActions by name: ``actions["save"].trigger()``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions: dict[str, QAction] = {}
        for spec in ACTIONS:
            self._actions[spec.name] = self._create(spec)

    def _create(self, spec: ActionSpec) -> QAction:
        action = QAction(spec.text, self)
        action.setObjectName(spec.name)
        keys = resolved_keys(spec)
        action.setShortcuts(keys)
        tip = spec.tip
        if keys:
            tip = f"{tip} ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.setStatusTip(spec.tip)
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
            menu = menubar.addMenu(title)
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
