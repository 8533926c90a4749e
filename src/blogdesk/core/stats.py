"""Words, characters and reading time of a Markdown body, counted in the text a reader sees.

Pure functions, fast enough to run on every keystroke: a handful of regular expressions
(compiled on the first count, not at import: the app's start-up imports this module before it
shows its window and counts after) and one pass over the lines, no Markdown library.

What counts (``visible_text`` builds it, ``count_text`` counts it):

- Markdown syntax is dropped: heading hashes, setext underlines and rules, quote markers, list
  markers and task boxes, emphasis and strike-through delimiters, table pipes and delimiter rows,
  backslash escapes, attribute lists (``{: .class}``), abbreviation definitions, ``[TOC]``.
- Links count by their text, images by their alt text; URLs, reference-definition lines and
  footnote markers (``[^1]``) do not. A footnote's own text counts.
- HTML tags and comments are dropped (their text content stays); ``<script>`` and ``<style>``
  blocks are dropped whole. Character references (``&amp;``) count as the character they show.
- Code counts (fenced, indented and spans), as the reader sees it.

A word is a run of non-space characters holding at least one letter or digit (so ``don't``,
``e-mail``, ``3.14`` and a bare URL are one word each, a lone ``-`` or ``|`` is none), with the
em dash also separating words. Each CJK ideograph, Hiragana character and Hangul syllable counts
as a word of its own, as in Hugo, Jekyll's ``cjk`` mode and the npm ``reading-time`` package.
Katakana is *not* counted per character: a run of Katakana counts as one word, because Katakana
mostly spells loanwords and names (``コンピューター`` is one word to a reader, not seven); this
matches ``reading-time``, which leaves Katakana out of its per-character ranges on purpose.

Characters are counted in the visible text with the lines of a paragraph joined by one space
and runs of spaces collapsed (as a browser shows them); line breaks between blocks do not count.
"""

from __future__ import annotations

import html
import math
import operator
import re
from dataclasses import dataclass
from typing import cast

from blogdesk.core.markdown_lines import FENCE_OPEN

__all__ = [
    "READING_EASE_FORMULA",
    "DocumentStatistics",
    "TextStats",
    "count_text",
    "count_visible",
    "document_statistics",
    "format_reading",
    "reading_minutes",
    "visible_text",
]

DEFAULT_WPM = 200


@dataclass(frozen=True)
class TextStats:
    """The counts of one text: words, and characters with and without spaces."""

    words: int
    characters: int
    characters_no_spaces: int


class _Later:
    """A regular expression's arguments, compiled by ``_compile_all`` on the first count."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.args = (pattern, flags)


def _later(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Stands in for ``re.compile`` at module level (about 7 ms of compiling for these
    patterns): each public function calls ``_compile_all`` before it counts."""
    return cast("re.Pattern[str]", _Later(pattern, flags))


def _compile_all() -> None:
    """Compile every pattern ``_later`` left (once: the module's names become the patterns)."""
    global _PENDING
    if _PENDING:
        names = globals()
        for name, value in list(names.items()):
            if isinstance(value, _Later):
                names[name] = re.compile(*value.args)
        _PENDING = False


_PENDING = True

# --- block level: one pass over the lines; regexes run only on lines that may need them -------

_TABLE_DELIMITER = _later(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?$")
_QUOTE_MARKERS = _later(r"(?:>[ \t]?)+")
_ATX_HEADING = _later(r"#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?$")
_HEADING_ATTRIBUTES = _later(r"[ \t]*\{:?[ \t]*[#.][^}]*\}$")
# Thematic breaks and setext underlines (`---`, `* * *`, `===`): the line goes.
_RULE_OR_UNDERLINE = _later(r"(?:[-*_][ \t]*){3,}$|=+$|-+$")
_LIST_MARKER = _later(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|$)")
# Reference definitions `[id]: url "title"`, abbreviation definitions `*[HTML]: ...` and
# Python-Markdown's `[TOC]` marker vanish; a footnote definition keeps its text.
_DEFINITION = _later(r"\*?\[(?!\^)[^\]]+\]:[ \t]*\S|\[TOC\]$")
_FOOTNOTE_DEFINITION = _later(r"\[\^[^\]]+\]:[ \t]*")
_ATTRIBUTE_LINE = _later(r"\{:[^}]*\}$")
_SCRIPT_OR_STYLE = _later(r"<(script|style)\b", re.I)
_BLOCK_CHARS = frozenset("#>-*+_=[{:<0123456789")
# A line starting with none of these is plain paragraph text (a letter, mostly).
_NOT_PLAIN = _BLOCK_CHARS | frozenset(" \t`~|")

# --- inline ------------------------------------------------------------------------------------

# Code spans are split out first so nothing inside them is touched. Same-length backtick runs.
_CODE_SPAN = _later(r"`(`*)(.+?)`\1(?!`)")
_ESCAPE = _later(r"\\([!-/:-@\[-`{-~])")
# A link destination: <...>, or text with one level of balanced parentheses; an optional title.
_DEST = (
    r"\([ \t]*(?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*\)"
)
# Link text holds no bracket: nesting is rare, and this keeps every scan linear.
_IMAGE = _later(r"!\[([^\[\]]*)\](?:" + _DEST + r"|\[[^\[\]]*\])")
_FOOTNOTE_REF = _later(r"\[\^[^\]\s]+\]")
_LINK = _later(r"\[([^\[\]]*)\](?:" + _DEST + r"|\[[^\[\]]*\])")
_AUTOLINK = _later(
    r"<((?:https?|ftp)://[^>\s]+|mailto:[^>\s]+|[^>\s@]+@[^>\s@]+\.[^>\s]+)>", re.I
)
_BLOCK_TAG = _later(
    r"</?(?:address|article|aside|blockquote|br|dd|details|div|dl|dt|figcaption|figure|footer|"
    r"h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)"
    r"\b[^<>]*>",
    re.I,
)
_TAG = _later(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# Emphasis: a run of `*` unless a single one has spaces on both sides (`2 * 3`); a run of `_`
# unless a single one sits inside a word (`snake_case`, which Python-Markdown shows as is).
# Each pattern opens with its literal so the scan for it runs at C speed.
_STAR = _later(r"\*(?:\*+|(?=\S)|(?<=\S\*))")
_UNDERSCORE = _later(r"_(?:_+|(?!\w)|(?<!\w_))")
_SPACES = _later(r"  +")

# Escaped punctuation is parked in a Private Use plane so later steps leave it alone.
_PARK_BASE = 0xF0000
_UNPARK = {_PARK_BASE + c: chr(c) for c in range(0x21, 0x7F)}

# --- counting ----------------------------------------------------------------------------------

_CJK_CHAR = _later(
    "[\u3040-\u309f"  # Hiragana
    "\u3400-\u4dbf"  # CJK Extension A
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\uac00-\ud7a3"  # Hangul syllables
    "\uf900-\ufaff"  # CJK Compatibility Ideographs
    "\U00020000-\U0002fa1f"  # CJK Extensions B to F and the compatibility supplement
    "]"
)
# A token with no letter or digit (`-`, `|`, `&`, `→`) is not a word.
_NON_WORD_TOKEN = _later(r"\s(?:[^\w\s]|_)+(?=\s)")
# Every kind of space the visible text can hold (Markdown's spaces and tabs, no-break, thin and
# ideographic spaces, line breaks between blocks).
_SPACE_CHARACTERS = (" ", "\n", "\t", "\u00a0", "\u2009", "\u202f", "\u3000")
#: The ASCII characters that are neither a letter, a digit nor a space (``_`` among them):
#: deleted, they leave a word token non-empty and a token without a letter or digit empty.
_ASCII_NOT_IN_WORDS = {c: None for c in range(128) if not (chr(c).isalnum() or chr(c).isspace())}
_GROUP_1 = operator.itemgetter(1)  # a C-level replacement: faster than the template r"\1"


def visible_text(markdown_body: str) -> str:
    """Return the text a reader sees in ``markdown_body``, one block (paragraph, heading, list
    item, code line) per line."""
    if _PENDING:
        _compile_all()
    parts: list[str] = []
    for is_code, text in _Blocks(markdown_body).segments():
        parts.append(text if is_code else _prose(text))
    return "\n".join(part for part in parts if part)


def count_text(markdown_body: str) -> TextStats:
    """Count the words and characters a reader sees in ``markdown_body``."""
    return _count(visible_text(markdown_body))


def count_visible(text: str) -> TextStats:
    """The counts of text ``visible_text`` made: ``count_text(body)`` is
    ``count_visible(visible_text(body))``, for a caller that uses the visible text too."""
    return _count(text)


def reading_minutes(words: int, wpm: int = DEFAULT_WPM) -> int:
    """Minutes to read ``words`` at ``wpm`` words a minute: rounded up, at least 1 for any text
    and 0 for none (an empty post is not "1 min read")."""
    if wpm <= 0:
        raise ValueError(f"reading speed must be a positive number of words a minute, not {wpm}")
    return max(1, math.ceil(words / wpm)) if words > 0 else 0


def format_reading(words: int, wpm: int = DEFAULT_WPM) -> str:
    """The display form, e.g. ``"6 min read · 933 words"`` or ``"1 min read · 1 word"``."""
    noun = "word" if words == 1 else "words"
    return f"{reading_minutes(words, wpm)} min read · {words:,} {noun}"


def _count(text: str) -> TextStats:
    characters = len(text) - text.count("\n")
    # Counting the few kinds of space the visible text can hold beats splitting it again.
    characters_no_spaces = len(text) - sum(map(text.count, _SPACE_CHARACTERS))
    if text.isascii():  # most posts: no em dash, no CJK, and a word is a token with [A-Za-z0-9]
        # the other characters go, and with them every token that had nothing else
        words = len(text.translate(_ASCII_NOT_IN_WORDS).split())
        return TextStats(words, characters, characters_no_spaces)
    spaced = text.replace("—", " ")
    cjk = 0
    if not spaced.isascii():
        spaced, cjk = _CJK_CHAR.subn(" ", spaced)
    # split() is the fast way to count tokens; the rare ones without a letter or digit go back out
    non_words = len(_NON_WORD_TOKEN.findall(f" {spaced} "))
    return TextStats(cjk + len(spaced.split()) - non_words, characters, characters_no_spaces)


class _Blocks:
    """One pass over the lines of a body: code apart, block syntax gone, paragraphs joined."""

    def __init__(self, body: str) -> None:
        self.lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.out: list[tuple[bool, str]] = []
        self.blocks: list[str] = []  # finished prose blocks of the current prose segment
        self.paragraph: list[str] = []  # lines of the paragraph being read
        self.code: list[str] = []
        self.fence = ""  # the opening fence while inside a fenced block
        self.fence_indent = 0
        self.skip_until = ""  # the closing tag while inside <script> or <style>
        self.previous_blank = True
        self.in_list = False
        self.in_table = False

    def segments(self) -> list[tuple[bool, str]]:
        for line in self.lines:
            if self.fence:
                self.fenced_line(line)
                continue
            if self.skip_until:
                if self.skip_until in line.lower():
                    self.skip_until = ""
                continue
            first = line[:1]
            if first and first not in _NOT_PLAIN and not self.in_table:
                # The common case, a line of a paragraph, without the checks below.
                if self.code:
                    self.end_code()
                if self.previous_blank:
                    self.in_list = self.previous_blank = False
                self.paragraph.append(line.rstrip())
                continue
            self.other_line(line)
        self.end_prose()
        self.end_code()
        return self.out

    def fenced_line(self, line: str) -> None:
        """A line inside a fenced code block: code, or the closing fence."""
        stripped = line.strip()
        if stripped.startswith(self.fence) and not stripped.strip(self.fence[0]):
            self.fence = ""
            self.end_code()
        else:
            self.code.append(_dedent(line, self.fence_indent).rstrip())

    def other_line(self, line: str) -> None:
        """Any line but a plain paragraph line outside code: blank, code, table or block syntax."""
        stripped = line.strip()
        if not stripped:
            self.blank_line()
            return
        indent = len(line) - len(line.lstrip())
        first = stripped[0]
        if first in "`~" and self.opens_fence(line):
            return
        if (line[0] == "\t" or indent >= 4) and not self.in_list and (
            self.previous_blank or self.code
        ):
            self.end_prose()
            self.code.append(_dedent(line, 4).rstrip())
            return
        self.end_code()
        was_blank, self.previous_blank = self.previous_blank, False
        if "|" in stripped and self.table_line(stripped):
            return
        self.in_table = False
        if first not in _BLOCK_CHARS:
            if indent == 0 and was_blank:
                self.in_list = False
            self.paragraph.append(stripped)
            return
        self.block_line(stripped, indent, was_blank)

    def blank_line(self) -> None:
        if self.code:  # an indented block may go on after a blank line
            self.code.append("")
        else:
            self.end_paragraph()
        self.in_table = False
        self.previous_blank = True

    def opens_fence(self, line: str) -> bool:
        """True when ``line`` opens a fenced code block (and the block is then started)."""
        match = FENCE_OPEN.match(line)
        if not match or (match.group(2)[0] == "`" and "`" in match.group(3)):
            return False
        self.end_prose()
        self.end_code()
        self.fence, self.fence_indent = match.group(2), len(match.group(1))
        self.previous_blank = False
        return True

    def table_line(self, stripped: str) -> bool:
        """True when ``stripped`` is a table row or the delimiter row that starts a table."""
        if self.in_table:
            self.add_block(_table_row(stripped))
            return True
        if (
            "-" in stripped
            and len(self.paragraph) == 1
            and "|" in self.paragraph[0]
            and _TABLE_DELIMITER.match(stripped)
        ):
            self.paragraph[0] = _table_row(self.paragraph[0])
            self.end_paragraph()
            self.in_table = True
            return True
        return False

    def block_line(self, stripped: str, indent: int, was_blank: bool) -> None:
        """A line that opens with block syntax (a quote marker first comes off)."""
        first = stripped[0]
        if first == ">":
            stripped = stripped[_QUOTE_MARKERS.match(stripped).end() :].strip()  # type: ignore[union-attr]
            if not stripped:
                self.end_paragraph()
                return
            first = stripped[0]
        if not self.whole_line(first, stripped):
            self.item_line(first, stripped, indent, was_blank)

    def whole_line(self, first: str, stripped: str) -> bool:
        """A line that is handled whole: a script or style opening, a heading, a rule or setext
        underline, a link definition or an attribute line. True when it was one of them."""
        if first == "<" and (match := _SCRIPT_OR_STYLE.match(stripped)):
            closing = f"</{match.group(1).lower()}"
            if closing not in stripped.lower():
                self.skip_until = closing
            return True
        if first == "#" and (match := _ATX_HEADING.match(stripped)):
            self.add_block(_HEADING_ATTRIBUTES.sub("", match.group(1) or ""))
            return True
        if first in "-*_=" and _RULE_OR_UNDERLINE.match(stripped):
            self.end_paragraph()  # a setext underline ends its heading
            return True
        if first in "[*" and _DEFINITION.match(stripped):
            self.end_paragraph()
            return True
        return bool(first == "{" and _ATTRIBUTE_LINE.match(stripped))

    def item_line(self, first: str, stripped: str, indent: int, was_blank: bool) -> None:
        """A footnote, a definition or a list item (its marker goes and its text starts a
        paragraph), or else one more line of the paragraph."""
        if first == "[" and (match := _FOOTNOTE_DEFINITION.match(stripped)):
            self.end_paragraph()
            stripped = stripped[match.end() :]
        elif first == ":" and stripped[1:2] in (" ", "\t"):  # a definition-list definition
            self.end_paragraph()
            stripped = stripped[1:].strip()
        elif first in "-*+0123456789" and (match := _LIST_MARKER.match(stripped)):
            self.in_list = True
            self.end_paragraph()
            stripped = stripped[match.end() :]
        elif indent == 0 and was_blank:
            self.in_list = False
        if stripped:
            self.paragraph.append(stripped)

    def add_block(self, text: str) -> None:
        self.end_paragraph()
        self.blocks.append(text)

    def end_paragraph(self) -> None:
        if self.paragraph:
            # a line break inside a paragraph shows as a space
            self.blocks.append(" ".join(self.paragraph))
            self.paragraph.clear()

    def end_prose(self) -> None:
        self.end_paragraph()
        if self.blocks:
            self.out.append((False, "\n".join(self.blocks)))
            self.blocks.clear()

    def end_code(self) -> None:
        while self.code and not self.code[-1].strip():
            self.code.pop()
        if self.code:
            self.out.append((True, "\n".join(self.code)))
            self.code.clear()


def _dedent(line: str, width: int) -> str:
    """Remove up to ``width`` columns of leading indentation (a tab counts as four)."""
    removed = 0
    index = 0
    while index < len(line) and removed < width and line[index] in " \t":
        removed += 4 if line[index] == "\t" else 1
        index += 1
    return line[index:]


def _table_row(line: str) -> str:
    if "\\|" in line:
        return line.replace("\\|", "\0").replace("|", " ").replace("\0", "|")
    return line.replace("|", " ")


def _prose(text: str) -> str:
    """The visible text of prose blocks (one per line) that hold no code block."""
    if "`" in text:
        pieces = _CODE_SPAN.split(text)
        # split() yields text, extra backticks, code, text, extra backticks, code, ..., text
        out: list[str] = []
        for index in range(0, len(pieces), 3):
            out.append(_inline(pieces[index]))
            if index + 2 < len(pieces):
                code = pieces[index + 2]
                out.append(code.strip(" ") or code)
        text = "".join(out)
    else:
        text = _inline(text)
    if "\t" in text:
        text = text.replace("\t", " ")
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return "\n".join(line.strip(" ") for line in text.split("\n"))


def _inline(text: str) -> str:
    """Drop inline Markdown and HTML from text that holds no code span."""
    if "<!--" in text:
        text = _drop_comments(text)
    escaped = "\\" in text
    if escaped:
        text = _ESCAPE.sub(lambda m: chr(_PARK_BASE + ord(m.group(1))), text)
    if "[" in text:
        text = _IMAGE.sub(_GROUP_1, text)
        text = _FOOTNOTE_REF.sub("", text)
        text = _LINK.sub(_GROUP_1, text)  # after images, so a linked image leaves its alt text
    if "<" in text:
        text = _AUTOLINK.sub(_GROUP_1, text)
        text = _BLOCK_TAG.sub(" ", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if "~~" in text:
        text = text.replace("~~", "")
    if "*" in text:
        text = _STAR.sub("", text)
    if "_" in text:
        text = _UNDERSCORE.sub("", text)
    if escaped:
        text = text.translate(_UNPARK)
    return text


def _drop_comments(text: str) -> str:
    """Remove ``<!-- ... -->``; an unclosed one stays (a regex would rescan the rest each time)."""
    kept: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        kept.append(text[position:start])
        position = end + 3
    kept.append(text[position:])
    return "".join(kept)


# --- document statistics -----------------------------------------------------------------------

# A sentence ends at . ! ? or … (with closing quotes or brackets after it) before a space or
# the end of a block; a block (paragraph, heading, list item) always ends one.
_SENTENCE_END = _later(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
_VOWEL_GROUPS = _later(r"[aeiouy]+")
_LATIN_WORD = _later(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


@dataclass(frozen=True)
class DocumentStatistics:
    """What the statistics panel shows for one post (or a selection)."""

    words: int
    characters: int
    characters_no_spaces: int
    sentences: int
    paragraphs: int
    average_sentence: float
    longest_sentence: int
    reading_minutes: int
    #: Flesch reading ease (0-100, higher is easier) for English text, else None.
    reading_ease: float | None


#: How ``reading_ease`` is computed, for the panel's tooltip.
READING_EASE_FORMULA = (
    "Flesch reading ease: 206.835 − 1.015 × words per sentence − 84.6 × syllables per word "
    "(90-100 very easy, 60-70 plain English, below 30 very hard)"
)


def syllables(word: str) -> int:
    """An English word's syllables, estimated from its vowel groups (a silent final e drops)."""
    if _PENDING:
        _compile_all()
    lower = word.lower().replace("’", "'").split("'")[0]
    if not lower:
        return 0
    count = len(_VOWEL_GROUPS.findall(lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def document_statistics(
    markdown_body: str, wpm: int = DEFAULT_WPM, *, english: bool = True
) -> DocumentStatistics:
    """Words, characters, sentences, paragraphs and readability of the prose a reader sees.
    Code counts as words (as everywhere in blogdesk) but not as sentences or paragraphs."""
    if _PENDING:
        _compile_all()
    blocks = _Blocks(markdown_body).segments()
    prose = [
        line for is_code, text in blocks if not is_code for line in _prose(text).split("\n")
        if line.strip()
    ]
    counts = count_text(markdown_body)
    lengths: list[int] = []
    for block in prose:
        for sentence in _SENTENCE_END.split(block):
            n = _count(sentence).words
            if n:
                lengths.append(n)
    ease = None
    if english and lengths:
        latin = [w for block in prose for w in _LATIN_WORD.findall(block)]
        if latin:
            per_sentence = sum(lengths) / len(lengths)
            per_word = sum(map(syllables, latin)) / len(latin)
            ease = round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1)
    return DocumentStatistics(
        words=counts.words,
        characters=counts.characters,
        characters_no_spaces=counts.characters_no_spaces,
        sentences=len(lengths),
        paragraphs=len(prose),
        average_sentence=round(sum(lengths) / len(lengths), 1) if lengths else 0.0,
        longest_sentence=max(lengths, default=0),
        reading_minutes=reading_minutes(counts.words, wpm),
        reading_ease=ease,
    )
