"""The writer's tools wired into the window: spell checking in the post's language, focus mode,
typewriter scrolling, distraction-free full screen, editor zoom, and the writing session's
statistics with its word goal in the status bar.

The pieces are built elsewhere (``ui/spelling.py``, ``ui/writing_modes.py``,
``ui/widgets/statistics_panel.py``, ``core/spelling.py``, ``core/writing_session.py``); this
module connects them to the window's actions (declared in ``ui/actions.py``) and settings.
``wire_writing(window)`` is called once, from ``MainWindow.attach``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QCursor, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QToolBar, QWidget

from blogdesk.ui.spelling import SpellingController, blog_word_list, personal_word_list
from blogdesk.ui.writing_modes import FocusMode, FocusUnit, TypewriterScrolling

if TYPE_CHECKING:
    from blogdesk.core.config import Config
    from blogdesk.core.postfile import PostFile
    from blogdesk.core.spelling import ScanOptions, WordList
    from blogdesk.ui.main_window import MainWindow
    from blogdesk.ui.widgets.statistics_panel import StatisticsPanel

__all__ = ["DistractionFree", "WritingFeatures", "site_language", "wire_writing"]

#: The word counter shows when the mouse is this close to the bottom edge (pixels).
HOVER_EDGE_PX = 48
#: How often the mouse is looked at in full screen (ms).
HOVER_POLL_MS = 150


def site_language(config: Config | None, default: str) -> str | None:
    """The site's language for spelling, or None to let the setting decide: a bare "en" (the
    library's default) says less than a setting of "en_GB", so the setting refines it."""
    from blogdesk.core.spelling import dictionary_tag  # spelling's modules: after first paint

    if config is None or not config.language.strip():
        return None
    site = config.language.strip()
    bare = "_" not in site and "-" not in site
    if bare and dictionary_tag(site).split("_")[0] == dictionary_tag(default).split("_")[0]:
        return None
    return site


@dataclass
class _Layout:
    """What distraction-free mode hid, to put back exactly."""

    docks: QByteArray
    window_state: Qt.WindowState
    menu_bar_hidden: bool
    status_bar_hidden: bool
    hidden: list[QWidget]  # widgets that were shown and are hidden now
    shown: list[QWidget]  # widgets that were hidden and are shown now (the editor column)


class DistractionFree(QObject):
    """Only the editor's text, full screen; the word counter shows near the bottom edge."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._saved: _Layout | None = None
        self.overlay = QLabel(window)
        self.overlay.setObjectName("fullScreenCounter")
        self.overlay.setAccessibleName(self.tr("Words and reading time"))
        self.overlay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.overlay.setStyleSheet(
            "QLabel#fullScreenCounter { background: rgba(40, 40, 40, 200); color: white;"
            " border-radius: 6px; padding: 4px 12px; }"
        )
        self.overlay.hide()
        self._poll = QTimer(self, interval=HOVER_POLL_MS)
        self._poll.timeout.connect(lambda: self.update_overlay(window.mapFromGlobal(QCursor.pos())))
        self.escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
        self.escape.setContext(Qt.ShortcutContext.WindowShortcut)
        self.escape.setEnabled(False)
        self.escape.activated.connect(lambda: window.acts["distraction_free"].setChecked(False))
        window.counter.updated.connect(self._counter_text)

    @property
    def active(self) -> bool:
        return self._saved is not None

    def set_active(self, active: bool) -> None:
        if active and self._saved is None:
            self._enter()
        elif not active and self._saved is not None:
            self._leave()

    def _enter(self) -> None:
        w = self.window
        splitter = w.splitter
        hide: list[QWidget] = [d for d in w.docks.all() if not d.isHidden()]
        hide += [bar for bar in w.findChildren(QToolBar) if not bar.isHidden()]
        for index in range(1, splitter.count()):  # the preview
            pane = splitter.widget(index)
            if pane is not None and not pane.isHidden():
                hide.append(pane)
        show = [w.editor_column] if w.editor_column.isHidden() else []
        self._saved = _Layout(
            QByteArray(w.saveState()), w.windowState(), w.menuBar().isHidden(),
            w.statusBar().isHidden(), hide, show,
        )
        for widget in hide:
            widget.hide()
        for widget in show:
            widget.show()
        w.menuBar().hide()
        w.statusBar().hide()
        w.setWindowState(w.windowState() | Qt.WindowState.WindowFullScreen)
        self.escape.setEnabled(True)
        self._counter_text(w.counter.text())
        self._poll.start()
        w.editor.setFocus()

    def _leave(self) -> None:
        saved, self._saved = self._saved, None
        assert saved is not None
        w = self.window
        self._poll.stop()
        self.overlay.hide()
        self.escape.setEnabled(False)
        w.setWindowState(saved.window_state)
        w.menuBar().setHidden(saved.menu_bar_hidden)
        w.statusBar().setHidden(saved.status_bar_hidden)
        for widget in saved.shown:
            widget.hide()
        for widget in saved.hidden:
            widget.show()
        w.restoreState(saved.docks)  # the docks' places and sizes as they were

    def update_overlay(self, pos: QPoint) -> None:
        """Show the counter while the mouse (``pos``, in window coordinates) is near the bottom."""
        w = self.window
        near = (self.active and 0 <= pos.x() < w.width()
                and w.height() - HOVER_EDGE_PX <= pos.y() < w.height())
        if near and self.overlay.text():
            self._place()
            self.overlay.show()
            self.overlay.raise_()
        else:
            self.overlay.hide()

    def _counter_text(self, text: str) -> None:
        self.overlay.setText(text)
        self.overlay.adjustSize()
        self._place()

    def _place(self) -> None:
        w, label = self.window, self.overlay
        label.move((w.width() - label.width()) // 2, w.height() - label.height() - 12)


class WritingFeatures(QObject):
    """Spelling, writing modes, zoom and statistics of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        settings, editor = window.settings, window.editor
        self.spelling = SpellingController(editor)
        self.spelling.statusChanged.connect(lambda text: window.statusBar().showMessage(text, 8000))
        self._personal: WordList | None = None
        self._spell_key: tuple[str, Path | None, ScanOptions] | None = None
        self._spell_path: Path | None = None
        self._spelling_held = False  # start-up: the dictionary loads after the first paint
        self.focus = FocusMode(editor, FocusUnit(settings.focus_unit))
        self.typewriter = TypewriterScrolling(editor)
        self.full_screen = DistractionFree(window)
        self.session = window.docks.writing_session
        self.session.goal = settings.word_goal
        self._english = True  # the open post's language, for the panel's readability score
        window.docks.statistics_built.append(self._statistics_ready)
        self.goal_label = QLabel()
        self.goal_label.setObjectName("goalLabel")
        self.goal_label.setAccessibleName(self.tr("Progress toward the word goal"))
        window.statusBar().insertPermanentWidget(0, self.goal_label)
        self._shown = self._revision = editor.text_revision  # at show / last count
        self._shown_body: str | None = None  # the text as shown, until its first count comes
        self._words = -1
        self._path: Path | None = None
        editor.textEdited.connect(self._text_changed)
        window.counter.updated.connect(lambda _text: self._counted())
        # the actions' shortcuts also work with the menu bar hidden (full screen)
        window.addActions(list(window.acts))
        window.acts.connect_handlers({
            "check_spelling": self.set_spelling,
            "focus_mode": self.set_focus_mode,
            "typewriter": self.set_typewriter,
            "distraction_free": self.set_distraction_free,
            "zoom_in": lambda: self.zoom(1),
            "zoom_out": lambda: self.zoom(-1),
            "zoom_reset": lambda: self.zoom(0),
        })
        acts = window.acts
        acts["check_spelling"].setChecked(settings.check_spelling)
        acts["focus_mode"].setChecked(settings.focus_mode)
        acts["typewriter"].setChecked(settings.typewriter)
        self._show_goal()
        if settings.distraction_free:  # after the saved layout is restored (build())
            QTimer.singleShot(0, lambda: acts["distraction_free"].setChecked(True))

    # -- spelling -----------------------------------------------------------------------------
    def options(self) -> ScanOptions:
        from blogdesk.core.spelling import ScanOptions

        settings = self.window.settings
        return ScanOptions(settings.spelling_skip_caps, settings.spelling_skip_digits)

    def check_document(self, doc: PostFile | None) -> None:
        """Check ``doc`` in its language: the same checker for the same language, library and
        options (with the words ignored in the last post forgotten), else a new one."""
        if doc is None or not self.window.acts["check_spelling"].isChecked():
            return
        if self._spelling_held:
            return
        from blogdesk.core.spelling import dictionary_tag, post_language

        settings, library = self.window.settings, self.window.library
        config = library.config if library else None
        default = settings.spelling_language
        language = post_language(doc.metadata, site_language(config, default), default)
        root = library.root if library else None
        key = (dictionary_tag(language), root, self.options())
        new_post = doc.path != self._spell_path
        self._spell_path = doc.path
        self._english = key[0].startswith("en")
        if self._panel is not None:
            self._panel.english = self._english
        if key == self._spell_key and self.spelling.checker is not None:
            if new_post:
                self.spelling.new_post()
            return
        if self._personal is None:
            self._personal = personal_word_list()
        self._spell_key = key
        self.spelling.use(language, personal_words=self._personal,
                          blog_words=blog_word_list(root), options=key[2])

    def hold_spelling(self) -> None:
        """Load no dictionary until :meth:`release_spelling` (at start-up, a Hunspell
        dictionary takes tens of milliseconds to load: the window is shown first)."""
        self._spelling_held = True

    def release_spelling(self) -> None:
        """Check the open post now, as opening it would have."""
        self._spelling_held = False
        self.check_document(self.window.session.doc)

    def set_spelling(self, on: bool) -> None:
        self.window.settings.check_spelling = on
        if on:
            self._spell_key = None
            self.check_document(self.window.session.doc)
        else:
            self.spelling.turn_off()
            self.window.statusBar().showMessage(self.tr("Spelling is off"), 5000)

    # -- modes and zoom -----------------------------------------------------------------------
    def set_focus_mode(self, on: bool) -> None:
        self.focus.set_enabled(on)
        self.window.settings.focus_mode = on

    def set_typewriter(self, on: bool) -> None:
        self.typewriter.set_enabled(on)
        self.window.settings.typewriter = on

    def set_distraction_free(self, on: bool) -> None:
        self.full_screen.set_active(on)
        self.window.settings.distraction_free = on

    def zoom(self, steps: int) -> int:
        """Larger (1), smaller (-1) or the usual size (0); remembered in the settings."""
        from blogdesk.ui.widgets.settings_dialog import editor_font

        settings = self.window.settings
        if steps == 0:
            settings.editor_pixels = 0
            self.window.editor.set_editor_font(editor_font(settings))
            pixels = self.window.editor.font().pixelSize()
        else:
            pixels = self.window.editor.zoom(steps)
            settings.editor_pixels = pixels
        self.window.statusBar().showMessage(self.tr("Text size: {0} px").format(pixels), 2000)
        return pixels

    # -- statistics ---------------------------------------------------------------------------
    @property
    def statistics(self) -> StatisticsPanel:
        """The statistics panel (built now if its dock has not been shown yet)."""
        return self.window.docks.statistics_panel

    @property
    def _panel(self) -> StatisticsPanel | None:
        return self.window.docks.built_statistics

    def _statistics_ready(self, panel: StatisticsPanel) -> None:
        window = self.window
        panel.english, panel.wpm = self._english, window.counter.wpm
        panel.set_source(lambda: window.current_body() if window.session.doc else None)

    def _text_changed(self) -> None:
        if self._panel is not None:
            self._panel.schedule()

    def document_shown(self, doc: PostFile | None) -> None:
        """A post (or none) is in the editor: its language, and a fresh start for its counts."""
        self._shown = self.window.editor.text_revision  # replaced, not written
        self._shown_body = doc.body if doc is not None else None
        path = doc.path if doc else None
        if path != self._path and doc is not None and self._path is not None \
                and not self._path.exists():
            self.session.moved(self._path, path)  # renamed or moved: its words follow it
        self._path = path
        self.check_document(doc)
        if self._panel is not None:
            self._panel.schedule()

    def _counted(self) -> None:
        """The status counter has counted (on its worker): feed the session that count."""
        counts = self.window.counter.counts()
        if counts is None or self.window.session.doc is None:
            return
        words = counts.whole.words
        revision = self.window.editor.text_revision
        if revision == self._shown:  # nothing written since the post was shown
            self.session.opened(self._path, words)
        else:
            if self._shown_body is not None:  # typed before the first count: count as shown
                from blogdesk.core.stats import count_text

                self.session.opened(self._path, count_text(self._shown_body).words)
            if revision != self._revision or words != self._words:  # a count may come late
                self.session.edited(self._path, words, time.monotonic())
        self._shown_body = None
        self._revision, self._words = revision, words
        if self._panel is not None:
            self._panel.show_session()
        self._show_goal()

    def _show_goal(self) -> None:
        goal = self.session.goal
        self.goal_label.setVisible(goal > 0)
        if goal > 0:
            written = max(0, self.session.words_written)
            self.goal_label.setText(
                self.tr("{0} of {1} words this session").format(f"{written:,}", f"{goal:,}"))

    # -- settings and closing -----------------------------------------------------------------
    def apply_settings(self) -> None:
        """The Settings dialog's choices: focus unit, word goal, spelling options."""
        settings = self.window.settings
        self.window.acts["check_spelling"].setChecked(settings.check_spelling)
        self.focus.set_unit(FocusUnit(settings.focus_unit))
        self.session.goal = settings.word_goal
        if self._panel is not None:
            self._panel.wpm = self.window.counter.wpm
            self._panel.show_session()
        self._show_goal()
        self.check_document(self.window.session.doc)  # options or language may have changed

    def shutdown(self) -> None:
        """Before the window saves its layout: out of full screen (the setting stays)."""
        self.full_screen.set_active(False)
        self.spelling.turn_off()  # no background pass over a text being torn down
        if self._panel is not None:
            self._panel.shutdown()


def wire_writing(window: MainWindow) -> WritingFeatures:
    """Build the writing features of ``window`` and connect them to its actions."""
    return WritingFeatures(window)
