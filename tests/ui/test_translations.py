"""The UI is translation-ready: every string the window and the dialogs show is a source in the
committed template (resources/translations/blogdesk.ts, made by `make translations`), and a
translation for the system's locale, when there is one, is what the window shows."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QDockWidget,
    QFontComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from blogdesk.core.stats import READING_EASE_FORMULA

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "resources" / "translations" / "blogdesk.ts"
# what a widget shows that is the user's data, not blogdesk's words (by object name)
DATA_WIDGETS = {"publishHeading", "conflictTabs", "siteLabel", "author", "imageFolder",
                "filePattern", "spellingLanguage", "slug", "cover",
                "recoveryState"}  # the core's message about the file
SYMBOLS = {"Aa", "W"}  # the find bar's option buttons: symbols, named in words for a reader
# words that come from the Qt-free core (which cannot call Qt's translation functions)
CORE_STRINGS = {READING_EASE_FORMULA}
_PLACEHOLDER = re.compile(r"\\\{\w*\\\}|%n|%v|%L?\d")


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    path = str(found) if found.exists() else shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (it comes with PySide6)")
    return path


def _normal(text: str) -> str:
    """Markup, & accelerators, a shortcut after the words ("Next match (F3)") and spacing taken
    out: the words as a reader meets them."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("&", "")
    keys = re.search(r" \(([^()]+)\)$", text)
    shown = QKeySequence(keys.group(1)).toString() if keys else ""
    if keys and shown and all(part.strip() for part in shown.split(",")):
        text = text[: keys.start()]
    return " ".join(text.split())


def template_sources(path: Path = TEMPLATE) -> list[str]:
    return [source.text or "" for source in ET.parse(path).getroot().iter("source")]


def source_patterns(sources: list[str]) -> list[re.Pattern[str]]:
    """Each source as a pattern its shown forms match: {0}, {name}, %n and %v stand for any text."""
    return [re.compile(_PLACEHOLDER.sub(".+?", re.escape(_normal(s))), re.S) for s in sources]


def _is_words(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]{2}", text)) and text not in SYMBOLS and text[0] != "/"


def _action_strings(action: QAction) -> Iterator[str]:
    yield action.text()
    tip, status = action.toolTip(), action.statusTip()
    yield status
    if not (status and tip.startswith(status)):  # "Save the post (Ctrl+S)": the status tip
        yield tip
    if action.menu() is not None:
        yield from _menu_strings(action.menu())  # type: ignore[arg-type]


def _menu_strings(menu: QMenu) -> Iterator[str]:
    yield menu.title()
    if menu.objectName() == "recentMenu":
        return  # the recent libraries' paths
    for action in menu.actions():
        yield from _action_strings(action)


def _widget_strings(widget: QWidget) -> Iterator[str]:
    yield widget.toolTip()
    yield widget.accessibleName()
    yield widget.accessibleDescription()
    if widget.isWindow() or isinstance(widget, QDockWidget):
        yield widget.windowTitle()
    in_chip = type(widget.parentWidget()).__name__ == "TagChip"  # the tag's own name
    if (isinstance(widget, QLabel) and not in_chip) or isinstance(widget, QAbstractButton):
        yield widget.text()
    elif isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        yield widget.placeholderText()
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, QTabWidget):
        yield from (widget.tabText(i) for i in range(widget.count()))
    elif isinstance(widget, QComboBox) and not (widget.isEditable() or
                                                 isinstance(widget, QFontComboBox)):
        for i in range(widget.count()):
            if widget.itemData(i) != widget.itemText(i):  # the style names are Qt's own
                yield widget.itemText(i)
    if isinstance(widget, QAbstractSpinBox):
        yield widget.specialValueText()
        if isinstance(widget, QSpinBox):
            yield widget.suffix()
    for action in widget.actions():
        yield from _action_strings(action)


def _qt_own(widget: QWidget) -> bool:
    """Parts Qt builds and translates itself (qtbase): a dock's Close and Float buttons, a tab
    bar's scroll arrows, a button box's standard buttons."""
    parent = widget.parentWidget()
    if widget.objectName().startswith("qt_") or isinstance(parent, QTabBar):
        return True
    if isinstance(parent, QDialogButtonBox) and isinstance(widget, QPushButton):
        return parent.standardButton(widget) != QDialogButtonBox.StandardButton.NoButton
    return False


def visible_strings(root: QWidget, *, skip_title: bool = False) -> set[str]:
    """The words ``root`` and its children show (texts, tips, titles, names, menus)."""
    found: set[str] = set()
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.objectName() in DATA_WIDGETS or _qt_own(widget):
            continue
        strings = list(_widget_strings(widget))
        if widget is root and skip_title:
            strings.remove(root.windowTitle())
        found.update(_normal(s) for s in strings if s and s not in CORE_STRINGS)
    if hasattr(root, "menuBar"):
        for action in root.menuBar().actions():
            found.update(_normal(s) for s in _action_strings(action) if s)
    return {s for s in found if _is_words(s)}


def missing_from_template(strings: set[str], sources: list[str]) -> list[str]:
    patterns = source_patterns(sources)
    return sorted(s for s in strings if not any(p.fullmatch(s) for p in patterns))


# -- the template -------------------------------------------------------------------------------
def test_the_committed_template_is_what_make_translations_makes(tmp_path: Path) -> None:
    """A string added without `make translations` fails here."""
    fresh = tmp_path / "blogdesk.ts"
    subprocess.run(
        [_tool("pyside6-lupdate"), "-silent", "-locations", "none", "-no-obsolete",
         "-extensions", "py", str(REPO / "src" / "blogdesk"), "-ts", str(fresh)],
        check=True, cwd=REPO, capture_output=True,
    )
    assert fresh.read_text(encoding="utf-8") == TEMPLATE.read_text(encoding="utf-8")
    assert len(template_sources()) > 400


def test_the_template_matcher_fails_on_a_string_that_is_not_there() -> None:
    sources = ["Title", "{0} of %n posts", "Remove tag {0}"]
    assert missing_from_template({"Title", "3 of 7 posts", "Remove tag gardens"}, sources) == []
    assert missing_from_template({"Unwrapped words"}, sources) == ["Unwrapped words"]


def test_every_string_of_the_window_is_in_the_template(app: Any) -> None:
    window = app.window
    window.editor_pane.find_bar.show_replace()
    strings = visible_strings(window, skip_title=True)  # the title is the post's and library's
    assert {"File", "New Post…", "Search posts", "Library", "Title", "Replace with"} <= strings
    missing = missing_from_template(strings, template_sources())
    assert missing == [], "\n".join(missing)


def test_every_string_of_the_dialogs_is_in_the_template(
    app: Any, qtbot: Any, tmp_path: Path
) -> None:
    from blogdesk.core.git.sync import Conflict
    from blogdesk.core.journal import Journal
    from blogdesk.core.postfile import load_post
    from blogdesk.ui.git.dialogs import ConflictDialog, HistoryDialog, PublishDialog
    from blogdesk.ui.git.worker import GitWorker
    from blogdesk.ui.recovery import RecoveryDialog
    from blogdesk.ui.widgets.compare_dialog import CompareDialog
    from blogdesk.ui.widgets.crash_dialog import CrashDialog
    from blogdesk.ui.widgets.reader import ReaderWindow
    from blogdesk.ui.widgets.settings_dialog import SettingsDialog
    from blogdesk.ui.widgets.status_counter import CountsPopup, count

    post = tmp_path / "tea.md"
    post.write_text("---\ntitle: Tea\n---\n\nA cup.\n", encoding="utf-8")
    journal = Journal(tmp_path / "journal")
    journal.record(post, "---\ntitle: Tea\n---\n\nA cup, unsaved.\n", load_post(post).fingerprint)
    worker = GitWorker()
    publish = PublishDialog([post], worker)
    history = HistoryDialog(post, post.read_text(encoding="utf-8"), worker)
    dialogs: list[QWidget] = [
        SettingsDialog(app.window.settings, 200, "{slug}.md", "images", app.window),
        CompareDialog("tea.md", "a\nb\n", "a\nB\n"),
        RecoveryDialog(journal, confirm=lambda _text: False),
        CrashDialog("Traceback: details", tmp_path / "blogdesk.log"),
        publish, history,
        ConflictDialog([Conflict("tea.md", "mine\n", "theirs\n", "base\n")]),
        ReaderWindow(None),
        CountsPopup(count("Two words.", "Two"), 200),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(publish.notice.text()) and bool(history.notice.text()),
                    timeout=20_000)  # the worker is done with the folder (not a repository)
    sources = template_sources()
    for dialog in dialogs:
        strings = visible_strings(dialog)
        assert strings, type(dialog).__name__
        missing = missing_from_template(strings, sources)
        assert missing == [], f"{type(dialog).__name__}: {missing}"


# -- loading a translation ----------------------------------------------------------------------
FRENCH_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>Menus</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
</context>
</TS>
"""


@pytest.fixture
def french(tmp_path: Path) -> Iterator[Path]:
    """blogdesk_fr_FR.qm with one message, compiled by lrelease from a .ts written here."""
    folder = tmp_path / "translations"
    folder.mkdir()
    (folder / "blogdesk_fr_FR.ts").write_text(FRENCH_TS, encoding="utf-8")
    subprocess.run([_tool("pyside6-lrelease"), str(folder / "blogdesk_fr_FR.ts"),
                    "-qm", str(folder / "blogdesk_fr_FR.qm")], check=True, capture_output=True)
    yield folder


def _menu_titles(window: Any) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_a_translation_for_the_locale_is_what_the_window_shows(
    qtbot: Any, small_library: Path, app_settings: Any, app_factory: Any, french: Path
) -> None:
    from blogdesk.ui.i18n import install_translators

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    installed = install_translators(app, QLocale("fr_FR"), folder=french)
    start_app, stop_app = app_factory
    try:
        assert any(t.filePath().endswith("blogdesk_fr_FR.qm") for t in installed)
        running = start_app(qtbot, app_settings, small_library)
        titles = _menu_titles(running.window)
        assert titles[0] == "&Fichier"
        assert "&Edit" in titles  # not translated in this file: the English source shows
        stop_app(running)
    finally:
        for translator in installed:
            app.removeTranslator(translator)


def test_without_a_translation_for_the_locale_the_window_is_in_english(
    app: Any, french: Path
) -> None:
    from blogdesk.ui.i18n import install_translators, translations_folder

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    installed = install_translators(qapp, QLocale("de_DE"), folder=french)
    try:
        assert not any("blogdesk" in t.filePath() for t in installed)
        assert _menu_titles(app.window)[0] == "&File"
    finally:
        for translator in installed:  # Qt's own German, if it is installed
            qapp.removeTranslator(translator)
    folder = translations_folder()
    assert folder is not None and (folder / "blogdesk.ts").is_file()  # the package's own
