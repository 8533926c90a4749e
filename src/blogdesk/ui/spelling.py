"""Spell checking in the editor: wavy underlines as you type, and a right-click menu for them.

The checking itself is the core's (``blogdesk.core.spelling``). This adapter asks the highlighter
to underline, per line, the words the checker does not know. A line is never checked while Qt
colours it: its words are looked up in a background pass, a few milliseconds at a time, lines
on screen first; when a line turns out to hold unknown words it is coloured again. Results are
kept per line text, so typing in one line re-checks that line only.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QTextBlock, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu

from blogdesk.ui.widgets.editor import MarkdownEditor

if TYPE_CHECKING:  # the checker is imported when spelling starts: after the window is shown
    from blogdesk.core.spelling import ScanOptions, SpellChecker, WordList

__all__ = ["SpellingController"]

#: Time the background pass may take in one go before it lets the UI breathe (ms).
SLICE_MS = 6.0
#: Lines whose results are remembered (by their text).
CACHE_LINES = 50_000

Marks = tuple[tuple[int, int], ...]


class SpellingController(QObject):
    """Underlines unknown words in one editor and offers suggestions on a right click."""

    #: A line for the status bar: the dictionary in use, or why there is none.
    statusChanged = Signal(str)

    def __init__(self, editor: MarkdownEditor, parent: QObject | None = None) -> None:
        super().__init__(parent or editor)
        self.editor = editor
        self.checker: SpellChecker | None = None
        self.blog_words: WordList | None = None
        self.personal_words: WordList | None = None
        self._cache: OrderedDict[str, Marks] = OrderedDict()
        self._pending: list[QTextBlock] = []
        self._sweep = QTextBlock()  # the next line of the whole-text pass (invalid: done)
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._check_some)
        editor.viewport().installEventFilter(self)
        editor.updateRequest.connect(lambda *_: self._schedule())

    # -- what to check with ------------------------------------------------------------------
    def use(
        self,
        language: str,
        *,
        personal_words: WordList | None = None,
        blog_words: WordList | None = None,
        options: ScanOptions | None = None,
    ) -> bool:
        """Check in ``language`` with these word lists; False (and a status line saying how to
        install one) when there is no dictionary for it."""
        from blogdesk.core.spelling import DictionaryMissing, ScanOptions, SpellChecker

        lists = [wl for wl in (personal_words, blog_words) if wl is not None]
        try:
            checker = SpellChecker(language, word_lists=lists, options=options or ScanOptions())
        except DictionaryMissing as missing:
            self.turn_off()
            self.statusChanged.emit(self.tr("Spelling is off: {0}").format(missing))
            return False
        self.checker, self.personal_words, self.blog_words = checker, personal_words, blog_words
        self.statusChanged.emit(self.tr("Spelling: {0}").format(checker.tag))
        self._recheck_all()
        return True

    def turn_off(self) -> None:
        """No underlines and no checking until :meth:`use` is called again."""
        self.checker = None
        self._timer.stop()
        self._cache.clear()
        self._pending.clear()
        self._sweep = QTextBlock()
        self.editor.highlighter.set_spell_marks(None)
        self.editor.highlighter.rehighlight()

    def _recheck_all(self) -> None:
        """Forget every result and check the whole text again in the background. Lines are
        coloured again only when their marks change, never all at once."""
        self._cache.clear()
        self._pending.clear()
        self.editor.highlighter.set_spell_marks(self._marks_for)
        self._sweep = self.editor.document().firstBlock()
        self._schedule()

    # -- the highlighter's question ------------------------------------------------------------
    def _marks_for(self, block: QTextBlock, text: str) -> Sequence[tuple[int, int]]:
        marks = self._cache.get(text)
        if marks is None:
            self._pending.append(block)
            self._schedule()
            return ()
        return marks

    def _schedule(self) -> None:
        if self.checker is not None and not self._timer.isActive():
            self._timer.start()

    # -- the background pass -------------------------------------------------------------------
    def _check_some(self) -> None:
        """Check lines for up to SLICE_MS: the visible ones first, then those Qt queued."""
        if self.checker is None:
            return
        deadline = time.perf_counter() + SLICE_MS / 1000
        for block in [*self._visible_blocks(), *self._drain()]:
            if time.perf_counter() > deadline:
                self._pending.append(block)
            else:
                self._check_block(block)
        while self._sweep.isValid() and time.perf_counter() <= deadline:
            self._check_block(self._sweep)
            self._sweep = self._sweep.next()
        if self._pending or self._sweep.isValid():
            self._timer.start()

    def _check_block(self, block: QTextBlock) -> None:
        """Check one line and colour it again when what it shows is out of date."""
        if not block.isValid() or block.text() in self._cache:
            return
        if not self.editor.highlighter.is_prose_block(block):
            return
        marks = self._check_line(block.text())
        if marks or underlined_words(block):
            self.editor.highlighter.rehighlightBlock(block)

    def _drain(self) -> list[QTextBlock]:
        pending, self._pending = self._pending, []
        return pending

    def _visible_blocks(self) -> list[QTextBlock]:
        editor = self.editor
        blocks, block = [], editor.firstVisibleBlock()
        offset, height = editor.contentOffset(), editor.viewport().height()
        while block.isValid():
            if editor.blockBoundingGeometry(block).translated(offset).top() > height:
                break
            if block.text() not in self._cache and editor.highlighter.is_prose_block(block):
                blocks.append(block)
            block = block.next()
        return blocks

    def _check_line(self, text: str) -> Marks:
        from blogdesk.core.spelling import prose_words  # loaded with the checker

        assert self.checker is not None
        is_known = self.checker.is_known
        marks = tuple(
            (w.start, w.end - w.start)
            for w in prose_words(text, self.checker.options)
            if not is_known(w.text)
        )
        self._cache[text] = marks
        if len(self._cache) > CACHE_LINES:
            self._cache.popitem(last=False)
        return marks

    # -- the right-click menu ------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ContextMenu and self.checker is not None:
            assert isinstance(event, QContextMenuEvent)
            menu = self.menu_at(event.pos())
            if menu is not None:
                menu.exec(event.globalPos())
                return True
        return super().eventFilter(watched, event)

    def word_at(self, position: QPoint) -> tuple[QTextCursor, str] | None:
        """The unknown word under a point of the viewport, selected in a cursor, or None."""
        if self.checker is None:
            return None
        cursor = self.editor.cursorForPosition(position)
        block = cursor.block()
        column = cursor.position() - block.position()
        for start, length in self._cache.get(block.text()) or self._check_line(block.text()):
            if start <= column <= start + length:
                word = QTextCursor(block)
                word.setPosition(block.position() + start)
                word.setPosition(block.position() + start + length, QTextCursor.MoveMode.KeepAnchor)
                return word, word.selectedText()
        return None

    def menu_at(self, position: QPoint) -> QMenu | None:
        """The editor's menu with the spelling choices on top, when a word there is unknown."""
        found = self.word_at(position)
        if found is None or self.checker is None:
            return None
        cursor, word = found
        menu = self.editor.createStandardContextMenu(position)
        first = menu.actions()[0]  # Undo: the standard menu always has it
        suggestions = self.checker.suggest(word)
        for suggestion in suggestions:
            action = menu.addAction(suggestion)
            action.triggered.connect(lambda _=False, s=suggestion: self._replace(cursor, s))
            menu.insertAction(first, action)
        if not suggestions:
            none = menu.addAction(self.tr("No suggestions"))
            none.setEnabled(False)
            menu.insertAction(first, none)
        menu.insertSeparator(first)
        for label, handler, enabled in (
            (self.tr("Add to Dictionary"), lambda: self.add_word(word, self.personal_words), True),
            (self.tr("Add to This Blog's Words"), lambda: self.add_word(word, self.blog_words),
             self.blog_words is not None),
            (self.tr("Ignore in This Post"), lambda: self.ignore(word), True),
        ):
            action = menu.addAction(label)
            action.triggered.connect(handler)
            action.setEnabled(enabled)
            menu.insertAction(first, action)
        menu.insertSeparator(first)
        return menu

    def _replace(self, cursor: QTextCursor, text: str) -> None:
        cursor.insertText(text)  # one undoable edit

    def add_word(self, word: str, word_list: WordList | None) -> None:
        """Add a word to a word list on disk and take its underlines away."""
        if self.checker is None or word_list is None:
            return
        try:
            self.checker.add(word, word_list)
        except OSError as exc:
            self.statusChanged.emit(
                self.tr("Could not save {0}: {1}").format(word_list.path, exc.strerror or exc))
            return
        self._forget(word)

    def ignore(self, word: str) -> None:
        """Leave a word unmarked in this post (forgotten when another post opens)."""
        if self.checker is not None:
            self.checker.ignore(word)
            self._forget(word)

    def new_post(self) -> None:
        """Another post in the same language: the words ignored in the last one count again."""
        if self.checker is not None and self.checker.ignored:
            self.checker.ignored.clear()
            self._recheck_all()

    def _forget(self, word: str) -> None:
        """Re-check the lines that had ``word`` marked."""
        stale = [text for text, marks in self._cache.items() if marks and word in text]
        for text in stale:
            del self._cache[text]
        block = self.editor.document().firstBlock()
        while block.isValid():
            if block.text() in stale:
                self.editor.highlighter.rehighlightBlock(block)
            block = block.next()

    def words_marked(self) -> list[str]:
        """The unknown words currently underlined in the whole text (for tests and stats)."""
        found: list[str] = []
        block = self.editor.document().firstBlock()
        while block.isValid():
            if not self.editor.highlighter.is_prose_block(block):
                block = block.next()
                continue
            for start, length in self._cache.get(block.text(), ()):
                found.append(block.text()[start : start + length])
            block = block.next()
        return found


def underlined_words(block: QTextBlock) -> list[str]:
    """The words a line shows with the spell-check underline, read from its layout."""
    wavy = QTextCharFormat.UnderlineStyle.SpellCheckUnderline
    return [
        block.text()[r.start : r.start + r.length]
        for r in block.layout().formats()
        if r.format.underlineStyle() == wavy
    ]


def personal_word_list() -> WordList:
    """The author's own list, in the user data folder."""
    from blogdesk.core.spelling import WordList, personal_words_path

    return WordList.load(personal_words_path())


def blog_word_list(library_root: Path | None) -> WordList | None:
    """The blog's shared list (``blogdesk-words.txt`` in the library root), if in a library."""
    from blogdesk.core.spelling import BLOG_WORDS_NAME, WordList

    return None if library_root is None else WordList.load(library_root / BLOG_WORDS_NAME)
