"""Markdown syntax colours for the editor: cheap per-line rules, with fences and comments as state.

Qt calls :meth:`MarkdownHighlighter.highlightBlock` only for the lines it needs (the edited line,
and the following ones while the carried state changes), so typing in a long document costs one
line's work. Every pattern is compiled once, inline rules run only when their trigger character
is on the line, and very long lines get their block-level colour only.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextFormat,
)

from blogdesk.core.markdown_lines import LIST_MARKER, fence_of, is_setext_underline

__all__ = ["MarkdownHighlighter", "Palette", "SpellMarks"]

#: Where the unknown words of a line are: (start, length) pairs; given the line's block.
SpellMarks = Callable[[QTextBlock, str], Sequence[tuple[int, int]]]

# Carried state between lines (QTextBlock.userState). A fence state records the fence itself,
# because Python-Markdown closes a fence only with the same run of characters.
NORMAL = 0
IN_COMMENT = 1
_FENCE_BASE = 16  # + 2 * length + (1 for "~")

_ATX = re.compile(r"^#{1,6}(?=\s|$)")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}(?:>[ ]?)+")

_TASK = re.compile(r"[ \t]+\[[ xX]\](?=\s|$)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"
)
_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\](\([^)\s]*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>\s]+>|\bhttps?://[^\s<>()\[\]]+")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_COMMENT_OPEN = "<!--"
_COMMENT_CLOSE = "-->"
_LONG_LINE = 2000  # longer lines keep their block colour only: regexes on them cost too much


def _fence_state(fence: str) -> int:
    return _FENCE_BASE + 2 * len(fence) + (1 if fence[0] == "~" else 0)


def _closes(state: int, text: str) -> bool:
    fence = fence_of(text)
    return fence is not None and _fence_state(fence) == state and not text[len(fence) :].strip()


@dataclass(frozen=True)
class Palette:
    """The colours of one theme."""

    heading: str
    emphasis: str
    code: str
    code_background: str
    link: str
    url: str
    quote: str
    marker: str
    comment: str

    @classmethod
    def light(cls) -> Palette:
        return cls(
            heading="#0b5563",
            emphasis="#1f2933",
            code="#8a3b12",
            code_background="#f3efe8",
            link="#1d5fbf",
            url="#6b7785",
            quote="#5b6770",
            marker="#b35c00",
            comment="#8a949c",
        )

    @classmethod
    def dark(cls) -> Palette:
        return cls(
            heading="#7fd4e0",
            emphasis="#eef1f4",
            code="#f0b37e",
            code_background="#2a2f36",
            link="#8ab4f8",
            url="#9aa5b1",
            quote="#a9b4bd",
            marker="#f5a524",
            comment="#7d8790",
        )


class _Formats:
    """Character formats built once per theme."""

    def __init__(self, palette: Palette) -> None:
        def fmt(
            color: str, *, bold: bool = False, italic: bool = False, background: str | None = None
        ) -> QTextCharFormat:
            f = QTextCharFormat()
            f.setForeground(QColor(color))
            if bold:
                f.setFontWeight(QFont.Weight.Bold)
            if italic:
                f.setFontItalic(True)
            if background:
                f.setBackground(QColor(background))
            return f

        self.heading = fmt(palette.heading, bold=True)
        self.heading_marker = fmt(palette.marker, bold=True)
        self.strong = fmt(palette.emphasis, bold=True)
        self.emphasis = fmt(palette.emphasis, italic=True)
        self.code = fmt(palette.code, background=palette.code_background)
        self.fence = fmt(palette.code, background=palette.code_background)
        self.fence_marker = fmt(palette.marker, background=palette.code_background)
        self.link_text = fmt(palette.link)
        self.url = fmt(palette.url)
        self.image = fmt(palette.link, italic=True)
        self.quote = fmt(palette.quote, italic=True)
        self.marker = fmt(palette.marker, bold=True)
        self.comment = fmt(palette.comment, italic=True)
        self.rule = fmt(palette.marker)


#: How much larger headings are drawn than the text, by level (a little: it is still a draft).
HEADING_SCALES = {1: 1.35, 2: 1.2, 3: 1.1}


class MarkdownHighlighter(QSyntaxHighlighter):
    """Colours Markdown in a QTextDocument; call :meth:`set_dark` when the theme changes."""

    def __init__(self, document: QTextDocument | None = None, dark: bool = False) -> None:
        super().__init__(document)  # type: ignore[arg-type]  # None is allowed by Qt
        self._dark = dark
        self._formats = _Formats(Palette.dark() if dark else Palette.light())
        self._pending_setext: set[int] = set()
        self._lazy = False  # very large documents: each line on its own, no carried state
        self._bulk = False  # loading a very large document: colour nothing now
        self._spell_marks: SpellMarks | None = None
        self._base_pixels = 0  # the text's font size; headings are drawn larger (0: same size)
        self._spell_format = QTextCharFormat()
        self._spell_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._spell_format.setUnderlineColor(QColor("#d32f2f"))

    def set_base_font_pixels(self, pixels: int) -> None:
        """The text's font size, so headings can be a little larger; 0 draws them the same."""
        if pixels != self._base_pixels:
            self._base_pixels = pixels
            self.rehighlight()

    def _sized(self, fmt: QTextCharFormat, level: int) -> QTextCharFormat:
        scale = HEADING_SCALES.get(level)
        if not scale or self._base_pixels <= 0:
            return fmt
        sized = QTextCharFormat(fmt)
        sized.setProperty(QTextFormat.Property.FontPixelSize, round(self._base_pixels * scale))
        return sized

    def set_spell_marks(self, marks: SpellMarks | None) -> None:
        """Underline the unknown words that ``marks`` reports for each prose line (None: off)."""
        self._spell_marks = marks

    def set_lazy(self, lazy: bool) -> None:
        """Line-by-line colours only (no fences or comments across lines), for huge texts."""
        self._lazy = lazy

    def is_lazy(self) -> bool:
        """Whether the line-by-line mode is on."""
        return self._lazy

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """While loading a huge text, colour nothing (the editor colours visible lines after)."""
        self._bulk = True
        try:
            yield
        finally:
            self._bulk = False

    def is_dark(self) -> bool:
        """Whether the dark colours are in use."""
        return self._dark

    def set_dark(self, dark: bool) -> None:
        """Switch the colours; re-colours the document only when they change."""
        if dark == self._dark:
            return
        self._dark = dark
        self._formats = _Formats(Palette.dark() if dark else Palette.light())
        self.rehighlight()

    # -- Qt's entry point --------------------------------------------------------------------
    def highlightBlock(self, text: str) -> None:
        if self._bulk:
            return
        self._colour(text)
        if self._spell_marks is not None and self._is_prose_line(text):
            self._underline(self._spell_marks(self.currentBlock(), text))

    def _is_prose_line(self, text: str) -> bool:
        return self._prose(text, self.previousBlockState(), self.currentBlockState())

    def is_prose_block(self, block: QTextBlock) -> bool:
        """Whether a coloured line is prose (its words are spell checked): not code, not a
        fence line, not inside an HTML comment."""
        return self._prose(block.text(), block.previous().userState(), block.userState())

    def _prose(self, text: str, previous: int, current: int) -> bool:
        if fence_of(text) is not None:
            return False
        if self._lazy:
            return True
        return previous < _FENCE_BASE and IN_COMMENT not in (previous, current)

    def _underline(self, marks: Sequence[tuple[int, int]]) -> None:
        """Add the wavy underline to each mark, over whatever colours the text already has."""
        for start, length in marks:
            for position in range(start, start + length):
                merged = self.format(position)
                merged.merge(self._spell_format)
                self.setFormat(position, 1, merged)

    def _colour(self, text: str) -> None:
        if self._lazy:
            # no state: a changed state would make Qt colour every following line too
            if fence_of(text) is not None:
                self.setFormat(0, len(text), self._formats.fence_marker)
            elif text.strip() and len(text) <= _LONG_LINE:
                self._block_rules(text)
                self._inline(text, 0)
            return
        previous = self.previousBlockState()
        if previous >= _FENCE_BASE:
            self._in_fence(previous, text)
            return
        if previous == IN_COMMENT:
            end = text.find(_COMMENT_CLOSE)
            if end < 0:
                self.setFormat(0, len(text), self._formats.comment)
                self.setCurrentBlockState(IN_COMMENT)
                return
            self.setFormat(0, end + 3, self._formats.comment)
            self.setCurrentBlockState(NORMAL)
            self._line(text, end + 3)
            return
        fence = fence_of(text)
        if fence is not None:
            self.setFormat(0, len(text), self._formats.fence_marker)
            self.setCurrentBlockState(_fence_state(fence))
            return
        self.setCurrentBlockState(NORMAL)
        self._line(text, 0)

    def _in_fence(self, state: int, text: str) -> None:
        if _closes(state, text):
            self.setFormat(0, len(text), self._formats.fence_marker)
            self.setCurrentBlockState(NORMAL)
        else:
            self.setFormat(0, len(text), self._formats.fence)
            self.setCurrentBlockState(state)

    # -- one line outside fences ---------------------------------------------------------------
    def _line(self, text: str, start: int) -> None:
        if not text.strip():
            return
        if start == 0 and self._block_rules(text):
            return
        if len(text) <= _LONG_LINE:
            self._inline(text, start)
        self._comments(text, start)

    def _block_rules(self, text: str) -> bool:
        """Whole-line rules; True when the line needs no inline colours."""
        f = self._formats
        atx = _ATX.match(text)
        if atx:
            level = atx.end()
            self.setFormat(0, len(text), self._sized(f.heading, level))
            self.setFormat(0, atx.end(), self._sized(f.heading_marker, level))
            return False
        if _HR.match(text) and not self._is_setext_for_previous(text):
            self.setFormat(0, len(text), f.rule)
            return True
        if is_setext_underline(text) and self._is_setext_for_previous(text):
            self.setFormat(0, len(text), f.heading_marker)
            self._refresh_previous()
            return True
        following = self.currentBlock().next()
        underlined = following.isValid() and is_setext_underline(following.text())
        if underlined and not LIST_MARKER.match(text):
            level = 1 if following.text().lstrip().startswith("=") else 2
            self.setFormat(0, len(text), self._sized(f.heading, level))
            return False
        quote = _QUOTE.match(text)
        if quote:
            self.setFormat(0, len(text), f.quote)
            self.setFormat(0, quote.end(), f.marker)
            rest = text[quote.end() :]
            marker = LIST_MARKER.match(rest)
            if marker:
                self.setFormat(quote.end(), marker.end(), f.marker)
            return False
        marker = LIST_MARKER.match(text)
        if marker:
            self.setFormat(0, marker.end(), f.marker)
            task = _TASK.match(text, marker.end())
            if task:
                self.setFormat(task.start(), task.end() - task.start(), f.marker)
            return False
        ref = _REF_DEF.match(text)
        if ref:
            self.setFormat(0, len(text), f.url)
            return True
        return False

    def _is_setext_for_previous(self, text: str) -> bool:
        previous = self.currentBlock().previous()
        if not previous.isValid() or previous.userState() != NORMAL:
            return False
        above = previous.text()
        if not above.strip() or _ATX.match(above) or LIST_MARKER.match(above) or _HR.match(above):
            return False
        return is_setext_underline(text)

    def _refresh_previous(self) -> None:
        # The line above becomes a heading now; it is re-coloured after this pass (Qt does not
        # allow re-colouring another line from inside highlightBlock).
        number = self.currentBlock().blockNumber() - 1
        if number in self._pending_setext:
            return
        self._pending_setext.add(number)
        QTimer.singleShot(0, self, lambda: self._rehighlight_line(number))

    def _rehighlight_line(self, number: int) -> None:
        self._pending_setext.discard(number)
        document = self.document()
        if document is None:
            return
        block = document.findBlockByNumber(number)
        if block.isValid():
            self.rehighlightBlock(block)

    def _inline(self, text: str, start: int) -> None:
        # Order matters: emphasis first, then code spans and links over it, so that a code span
        # or a link keeps its own colour whatever surrounds it.
        f = self._formats
        code_spans = list(_CODE_SPAN.finditer(text, start)) if "`" in text else []

        def outside_code(pos: int) -> bool:
            return not any(m.start() <= pos < m.end() for m in code_spans)

        if "*" in text or "_" in text:
            for m in _EMPHASIS.finditer(text, start):
                self.setFormat(m.start(), m.end() - m.start(), f.emphasis)
            for m in _STRONG.finditer(text, start):
                self.setFormat(m.start(), m.end() - m.start(), f.strong)
        for m in code_spans:
            self.setFormat(m.start(), m.end() - m.start(), f.code)
        if "[" in text:
            for m in _LINK.finditer(text, start):
                if outside_code(m.start()):
                    kind = f.image if m.group(1) else f.link_text
                    self.setFormat(m.start(), m.end() - m.start(), kind)
                    self.setFormat(m.start(3), len(m.group(3)), f.url)
            for m in _FOOTNOTE.finditer(text, start):
                if outside_code(m.start()):
                    self.setFormat(m.start(), m.end() - m.start(), f.link_text)
        if "http" in text or "<" in text:
            for m in _AUTOLINK.finditer(text, start):
                if outside_code(m.start()):
                    self.setFormat(m.start(), m.end() - m.start(), f.url)

    def _comments(self, text: str, start: int) -> None:
        pos = text.find(_COMMENT_OPEN, start)
        while pos >= 0:
            end = text.find(_COMMENT_CLOSE, pos + 4)
            if end < 0:
                self.setFormat(pos, len(text) - pos, self._formats.comment)
                self.setCurrentBlockState(IN_COMMENT)
                return
            self.setFormat(pos, end + 3 - pos, self._formats.comment)
            pos = text.find(_COMMENT_OPEN, end + 3)
