"""The UI is translation-ready: the committed template (resources/translations/blogdesk.ts) is
what `make translations` makes; with a pseudo-translation compiled from it (every source shown as
⟦source⟧), the window and every dialog show no word that skipped Qt's translation functions; and
a translation for the system's locale, when there is one, is what the window shows."""

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
from blogdesk.ui.widgets.settings_dialog import GENERATOR_LABELS

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "resources" / "translations" / "blogdesk.ts"
# what a widget shows that is the user's data, not blogdesk's words (by object name)
DATA_WIDGETS = {"publishHeading", "conflictTabs", "siteLabel", "author", "imageFolder",
                "filePattern", "spellingLanguage", "slug", "cover",
                "recoveryState"}  # the core's message about the file
SYMBOLS = {"Aa", "W"}  # the find bar's option buttons: symbols, named in words for a reader
# words that come from the Qt-free core (which cannot call Qt's translation functions), and the
# names of the site generators (Hugo, Jekyll…), which no language translates
CORE_STRINGS = {READING_EASE_FORMULA, *GENERATOR_LABELS.values()}


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    path = str(found) if found.exists() else shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (it comes with PySide6)")
    return path


def template_sources(path: Path = TEMPLATE) -> list[str]:
    return [source.text or "" for source in ET.parse(path).getroot().iter("source")]


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
    elif isinstance(widget, QComboBox) and not (
        widget.isEditable() or isinstance(widget, QFontComboBox)
    ):
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
    """The words ``root`` and its children show (texts, tips, titles, names, menus), without
    markup and & accelerators."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.objectName() in DATA_WIDGETS or _qt_own(widget):
            continue
        strings = list(_widget_strings(widget))
        if widget is root and skip_title:
            strings.remove(root.windowTitle())
        found += strings
    if hasattr(root, "menuBar"):
        for action in root.menuBar().actions():
            found += _action_strings(action)
    shown = {_normal(s) for s in found if s and s not in CORE_STRINGS}
    return {s for s in shown if _is_words(s)}


def _normal(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("&", "")
    return " ".join(text.split())


def outside_translations(text: str) -> str:
    """What ``text`` shows outside the ⟦…⟧ spans of the pseudo-translation (nested spans, such
    as a translated word put into a translated sentence, count as one)."""
    depth, kept = 0, []
    for char in text:
        depth += (char == OPEN) - (char == CLOSE)
        if depth == 0 and char != CLOSE:
            kept.append(char)
    return "".join(kept)


def untranslated(strings: set[str]) -> list[str]:
    """The strings with words that did not come through the pseudo-translation (each of its
    texts is the source between ⟦ and ⟧), so no translator would reach them."""
    return sorted(s for s in strings if _is_words(_without_keys(outside_translations(s)) or "-"))


def _without_keys(text: str) -> str:
    """A shortcut shown after the words, " (Shift+F3)", is Qt's to translate (QKeySequence)."""
    keys = re.fullmatch(r"\s*\(([^()]+)\)\s*", text)
    shown = QKeySequence(keys.group(1)).toString() if keys else ""
    return "" if shown and all(part.strip() for part in shown.split(",")) else text.strip()


OPEN, CLOSE = "⟦", "⟧"


def pseudo_translation(template: Path, folder: Path) -> Path:
    """blogdesk_eo.qm: the template with every source translated to ⟦source⟧ (both plural
    forms), compiled by lrelease."""
    tree = ET.parse(template)
    tree.getroot().set("language", "eo")
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        translation.attrib.pop("type", None)
        marked = f"{OPEN}{source}{CLOSE}"
        if message.get("numerus") == "yes":
            for form in list(translation):
                translation.remove(form)
            for _ in range(2):
                ET.SubElement(translation, "numerusform").text = marked
        else:
            translation.text = marked
    ts = folder / "blogdesk_eo.ts"
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
                   check=True, capture_output=True)
    return ts.with_suffix(".qm")


@pytest.fixture
def pseudo(tmp_path: Path) -> Iterator[None]:
    """The pseudo-translation installed for the test (removed after it)."""
    from blogdesk.ui.i18n import install_translators

    folder = tmp_path / "pseudo"
    folder.mkdir()
    pseudo_translation(TEMPLATE, folder)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    installed = install_translators(app, QLocale("eo"), folder=folder)
    assert any(t.filePath().endswith("blogdesk_eo.qm") for t in installed)
    yield
    for translator in installed:
        app.removeTranslator(translator)


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


def test_the_walk_finds_a_string_that_is_not_translated(pseudo: None, qtbot: Any) -> None:
    """The check itself: a label set without tr() is reported, a translated one is not."""
    from PySide6.QtCore import QCoreApplication

    box = QWidget()
    qtbot.addWidget(box)
    QLabel("Words never marked for translation", box)
    QLabel(QCoreApplication.translate("Menus", "&File"), box)
    QLabel(QCoreApplication.translate("Docks", "Library") + " Panel", box)  # half of it
    assert untranslated(visible_strings(box)) == [
        "Words never marked for translation", "⟦Library⟧ Panel"]


def test_every_string_of_the_window_goes_through_a_translation(
    pseudo: None, qtbot: Any, small_library: Path, app_settings: Any, app_factory: Any
) -> None:
    """With every source translated, the window shows no untranslated word (the post's title,
    tags and file names aside: they are the author's)."""
    start_app, stop_app = app_factory
    running = start_app(qtbot, app_settings, small_library)
    try:
        window = running.window
        window.editor_pane.find_bar.show_replace()
        qtbot.waitUntil(lambda: "min read" in window.counter.text(), timeout=10_000)
        strings = visible_strings(window, skip_title=True)  # the title: post and library
        assert {"⟦File⟧", "⟦New Post…⟧", "⟦Search posts⟧", "⟦Library⟧"} <= strings
        missing = untranslated(strings)
        assert missing == [], "\n".join(missing)
    finally:
        stop_app(running)


def test_every_string_of_the_dialogs_goes_through_a_translation(
    pseudo: None, app: Any, qtbot: Any, tmp_path: Path
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
    for dialog in dialogs:
        strings = visible_strings(dialog)
        assert strings, type(dialog).__name__
        missing = untranslated(strings)
        assert missing == [], f"{type(dialog).__name__}: {missing}"


def test_counts_read_right_in_english_and_reach_translators_as_plurals(qtbot: Any) -> None:
    """A count takes the singular or the plural in English; in the template each such message
    is a plural one (numerus), so a translation gives every form its language has."""
    from blogdesk.ui.widgets.compare_dialog import CompareDialog

    one = CompareDialog("tea.md", "a\nb\n", "a\nB\n")
    two = CompareDialog("tea.md", "a\nb\n", "A\nB\n")
    for dialog in (one, two):
        qtbot.addWidget(dialog)
    assert one.findChild(QLabel, "compareSummary").text().startswith("1 line differs.")
    assert two.findChild(QLabel, "compareSummary").text().startswith("2 lines differ.")
    numerus = {m.findtext("source") for m in ET.parse(TEMPLATE).getroot().iter("message")
               if m.get("numerus") == "yes"}
    assert {"%n post", "%n posts", "{0} min read · {1} word", "{0} min read · {1} words",
            "{0}? %n posts will change."} <= numerus


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
