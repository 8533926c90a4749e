"""A C engine for the site export's CommonMark-family bodies, used only where it is identical.

markdown-it-py (``core/render/commonmark.py``) renders a Hugo post in about 4 ms; GitHub's C
library, cmark-gfm (the ``cmarkgfm`` package), parses the same post in about 0.2 ms. The two
agree on CommonMark itself, but blogdesk's renderer adds what goldmark adds (a typographer,
linkify, footnotes, definition lists, attributes, heading ids, highlighted code) and the
template pass, and the two engines follow different versions of the spec. So a body goes to the
C engine only when it uses none of that, which :func:`plain_enough` decides conservatively from
the text. Outside column-0 backtick fences a body may not hold:

- quotes, ``--``, ``..`` (the typographer); ``<``, ``>``, ``&``, a backslash, brackets, braces,
  ``~`` (HTML, entities, escapes, links, footnotes, tasks, templates, attributes, strikethrough);
- anything linkify could take for a link (``://``, ``@``, ``www``, ``a.b``);
- whitespace other than the space, a double backtick, an odd number of backticks on a line;
- anywhere, even in code: the private-use characters the template pass uses as its marks (it
  replaces an author's own with U+FFFD);
- a definition line, a setext heading, an indented fence, an empty list item, a table that does
  not start a block, a strong that might sit in another strong (cmark-gfm drops the inner one).

Headings then get the ids markdown-it's rule gives (from their source, in goldmark's github
style), fences the same Pygments highlighting, and table cells' ``align`` becomes the
``style="text-align: ..."`` the sanitizer keeps from markdown-it's output. A highlighted block
of the shape Pygments writes is set aside while the sanitizer runs over the rest, and put back
as the sanitizer would have written it (:func:`_as_sanitized`): about 40 spans a block that the
sanitizer would parse and pass through a Python callback one by one. And the rest, when it is
only cmark-gfm's own tags around text with no markup character (what an accepted body gives,
but for a heading id that is also one of the page's), is already what the sanitizer would write
but for ``<br />``: :func:`_as_sanitized_body` writes it so without running the sanitizer.
Anything else, options other than Hugo's usual ones, or no ``cmarkgfm``: ``None``, and the
caller renders with markdown-it as before.
``tests/core/test_export_cmark.py`` runs both over the fidelity fixtures, the CommonMark spec
examples and random Markdown and requires the same sanitized HTML for every body accepted here.
"""

from __future__ import annotations

import html as html_lib
import re
import string
import unicodedata
from functools import lru_cache
from typing import Any

__all__ = ["fits", "plain_enough", "render_html"]

#: Characters outside fences that send a body to markdown-it (the set of whitespace is
#: Python's but for the space and the newline); with the sequences after it, what
#: :func:`_refused_text` looks for. Each is looked for on its own: a set, plain substrings and
#: two short patterns are each a quick scan, where one alternation tries every branch at every
#: character.
_REFUSED_CHAR = re.compile(
    r"""['"<>&\\\[\]{}~@\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029"""
    r"""\u202f\u205f\u3000]"""
)
_REFUSED_TEXT = ("--", "``", "..", "://", "www", "+-", "!!!", "???", ",,")
#: a dot between word characters (linkify's "a.b"), and "(c)", "(r)", "(tm)", "(p)"; each
#: alternative starts with a literal, so the scan is quick
_REFUSED_NEAR = re.compile(r"\.(?<=\w\.)\w|\([cCrRtTpP]")
#: emphasis next to a character outside ASCII (only looked for in text that has one)
_REFUSED_WIDE = re.compile(r"[*_](?:(?<=[^\x00-\x7f][*_])|[^\x00-\x7f])")
#: Lines that send a body to markdown-it: definitions, setext underlines, indented or tilde
#: fences, headings not at the margin or closed by hashes, six list markers on one line, an
#: empty list item (the spec versions of the two engines differ there), an empty table row.
#: Each starts at a line's start, written as the newline before it (searched in "\n" + text),
#: so the scan jumps from newline to newline instead of trying every character.
_REFUSED_LINE = re.compile(
    r"(?m)\n(?:[ \t]*:| {0,3}=+[ \t]*$|[ \t]+(?:```|#)|[ \t]*~~~|#{1,6}(?:[ \t].*)?#[ \t]*$"
    r"|(?:[ ]*(?:[-*+]|\d{1,9}[.)])[ ]+){6}"
    r"|(?:[ ]*(?:[-*+]|\d{1,9}[.)]))+[ ]*$"
    r"|[ |]*\|[ |]*$)"
)
#: A table's delimiter row (its dashes are no typographer's business when it is one).
_DELIMITER_ROW = re.compile(r"^\|?(?:[ ]*:?-+:?[ ]*\|)+(?:[ ]*:?-+:?[ ]*)?$")
_DELIMITER_START = ("|", " ", ":", "-")  # the characters a delimiter row can start with
_FENCE_OPEN = re.compile(r"^(`{3,})([\w+-]*)[ \t]*$")
_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_H_TAG = re.compile(r"<h([1-6])>")
_CODE = re.compile(r'<pre><code(?: class="language-([\w+-]+)")?>(.*?)</code></pre>\n', re.DOTALL)
_ALIGN = re.compile(r' align="(left|right|center)"')
_PUNCT = frozenset(string.punctuation)
#: a run of ``*`` or of ``_`` (``\*+|_+``, written to start with one character set, so that the
#: search skips from one such character to the next instead of trying both branches everywhere)
_RUN = re.compile(r"[*_](?:(?<=\*)\**|(?<=_)_*)")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
#: A line indented this deep may meet markdown-it's nesting guard: left to it.
_DEEP = "\n" + " " * 25


def _options_fit(options: Any) -> bool:
    """The options whose output this module reproduces: Hugo's (goldmark's) usual settings."""
    return (
        getattr(options, "generator", "") == "hugo"
        and options.heading_ids == "github"
        and options.highlight
        and options.indented_code
        and options.tables
        and not options.hard_wraps
        and options.max_nesting >= 20
    )


def plain_enough(text: str) -> list[str] | None:
    """The headings' source texts, in order, if the C engine renders ``text`` as markdown-it
    does; None when the body uses anything this module leaves to markdown-it."""
    headings: list[str] = []
    prose: list[str] = []  # the lines outside fences and delimiter rows (those are blank here)
    fence: str | None = None
    earlier = previous = ""
    for line in text.split("\n"):
        if fence is not None:
            prose.append("")
            if line.lstrip(" ").startswith("`"):  # the closing fence, or a line too like one
                closing = line.rstrip(" ")
                if not (closing.startswith(fence) and not closing.strip("`")):
                    return None
                fence = None
            continue
        # each pattern is tried only on a line that starts as it must (most lines are prose)
        opened = _FENCE_OPEN.match(line) if line.startswith("```") else None
        if opened:
            fence = opened.group(1)
            prose.append("")
            continue
        # (a delimiter row holds a "|" and a "-": a list item seldom does, so seldom a match)
        if line[:1] in _DELIMITER_START and "|" in line and _DELIMITER_ROW.match(line):
            # a table's own delimiter row, right under a header that starts a block; any other
            # is left to markdown-it (its dashes may be text, which the typographer changes)
            if not (_header_of(previous, line) and not earlier.strip()):
                return None
            earlier, previous = previous, line
            prose.append("")
            continue
        earlier, previous = previous, line
        prose.append(line)
        if line.startswith("#"):
            heading = _HEADING.match(line)
            if heading:
                headings.append(heading.group(2) or "")
    if fence is not None:
        return None
    return None if _refused("\n".join(prose)) else headings


def _refused(prose: str) -> bool:
    """Whether the text outside fences holds anything left to markdown-it (see the module
    docstring); an odd number of backticks on a line may start a code span running over."""
    lines = "\n" + prose
    return bool(
        "```" in prose
        or _refused_text(prose)
        or _REFUSED_LINE.search(lines)
        or _DEEP in lines
        or any(line.count("`") % 2 for line in prose.split("\n") if "`" in line)
        or _may_nest_strong(prose)
    )


def _refused_text(prose: str) -> bool:
    """A character or sequence that sends a body to markdown-it (see the module docstring)."""
    return bool(
        _REFUSED_CHAR.search(prose)
        or any(text in prose for text in _REFUSED_TEXT)
        or _REFUSED_NEAR.search(prose)
        or (not prose.isascii() and _REFUSED_WIDE.search(prose))
    )


def _cells(row: str) -> int:
    row = row.strip()
    return len(row.removeprefix("|").removesuffix("|").split("|"))


def _header_of(header: str, delimiter: str) -> bool:
    """Whether ``delimiter`` surely makes ``header`` a table's first row (same cell count)."""
    return (
        header.startswith("|")
        and delimiter.startswith("|")
        and not _DELIMITER_ROW.match(header)
        and _cells(header) == _cells(delimiter)
    )


def _blank(ch: str) -> bool:
    """CommonMark's Unicode whitespace (the start and end of the text count as it too)."""
    if not ch or ch in " \t\n\r\f":
        return True
    return ch >= "\x80" and unicodedata.category(ch) == "Zs"  # ASCII's only Zs is the space


def _may_nest_strong(text: str) -> bool:
    """Whether a strong might sit inside another in some block of ``text`` (cmark-gfm's HTML
    drops the inner one, markdown-it keeps it); True whenever the delimiters are not simple.

    Each run of non-blank lines is read whole, and each table-looking line cell by cell, with
    code spans taken out: a run of ``**``/``__`` that may open while another is open, a run
    that may both open and close, four or more in a row, or a single ``*``/``_`` that may
    pair with one while a double one is open all count as maybe."""
    for block in re.split(r"\n[ \t]*\n", text):
        if "**" not in block and "__" not in block:
            continue  # no double run: nothing can nest (and a single run never opens here)
        pieces = [block, *(cell for line in block.split("\n") if "|" in line
                           for cell in line.split("|"))]
        if any(_nests(_CODE_SPAN.sub("x", piece) if "`" in piece else piece)
               for piece in pieces):  # fmt: skip
            return True
    return False


#: CommonMark's whitespace among the characters next to a run here (ASCII: see _REFUSED_WIDE),
#: the start and the end of the text counting as it
_ASCII_BLANK = frozenset(("", " ", "\t", "\n", "\r", "\f"))


def _nests(piece: str) -> bool:
    open_runs: list[str] = []
    end_of_piece = len(piece)
    for run in _RUN.finditer(piece):
        start, end = run.span()
        before = piece[start - 1] if start else ""
        after = piece[end] if end < end_of_piece else ""
        # CommonMark's left- and right-flanking (the neighbours are ASCII: see _REFUSED_WIDE;
        # _blank is the rule for any character)
        blank_before = before in _ASCII_BLANK or (before >= "\x80" and _blank(before))
        blank_after = after in _ASCII_BLANK or (after >= "\x80" and _blank(after))
        punct_before, punct_after = before in _PUNCT, after in _PUNCT
        opens = not blank_after and (not punct_after or blank_before or punct_before)
        closes = not blank_before and (not punct_before or blank_after or punct_after)
        char, size = piece[start], end - start
        if size >= 4 or (opens and closes and size >= 2):
            return True
        if size == 1:
            if (opens or closes) and char in open_runs:
                return True
        elif opens:
            if open_runs:
                return True
            open_runs.append(char)
        elif closes and open_runs:
            if open_runs[-1] != char:
                return True
            open_runs.pop()
    return False


@lru_cache(maxsize=1)
def _engine() -> Any:
    """cmarkgfm, or None where it is not installed (the Python path is always there)."""
    try:
        import cmarkgfm
    except ImportError:
        return None
    return cmarkgfm


def fits(options: Any) -> bool:
    """Whether bodies rendered with these options may go to the C engine (it is installed)."""
    return _engine() is not None and _options_fit(options)


def render_html(text: str, options: Any) -> str | None:
    """Sanitized body HTML equal to markdown-it's for these options, or None (not for here)."""
    engine = _engine()
    if engine is None or not _options_fit(options):
        return None
    headings = plain_enough(text)
    if headings is None:
        return None
    if not text.isascii():  # (an ASCII text cannot hold them: no import of the template pass)
        from blogdesk.core.sites.templates import _RESERVED

        if _RESERVED.search(text):  # the template pass makes these U+FFFD, anywhere: left to it
            return None
    raw = engine.markdown_to_html_with_extensions(text, extensions=["table"])
    raw = _with_heading_ids(raw, headings)
    if raw is None:
        return None
    code: list[str] = []  # highlighted blocks set aside, each as the sanitizer would write it
    raw = _CODE.sub(lambda match: _set_aside(_highlighted(match), code), raw)
    raw = _ALIGN.sub(r' style="text-align: \1"', raw)  # table cells (code is set aside)
    cleaned = _as_sanitized_body(raw)
    if cleaned is None:  # anything but the plain shape: the sanitizer itself
        from blogdesk.core.render import RenderOptions, sanitize

        cleaned = sanitize(raw, RenderOptions(allow_remote_images=options.allow_remote_images))
    if code:
        if cleaned.count(_SET_ASIDE) != len(code):  # never seen; markdown-it decides then
            return None
        blocks = iter(code)
        cleaned = _PUT_BACK.sub(lambda _match: next(blocks), cleaned)
    return cleaned


def _with_heading_ids(raw: str, headings: list[str]) -> str | None:
    """Each ``<hN>`` with the id markdown-it's github rule gives it (from its source text)."""
    from blogdesk.core.render import unique_id
    from blogdesk.core.render.commonmark import slugify

    tags = _H_TAG.findall(raw)
    if len(tags) != len(headings):
        return None  # not the headings this module found: markdown-it decides
    used: set[str] = set()
    ids = iter([unique_id(slugify("github", h.strip()) or "heading", used) for h in headings])
    return _H_TAG.sub(lambda m: f'<h{m.group(1)} id="{html_lib.escape(next(ids))}">', raw)


#: Where a highlighted block was set aside: an empty block of its own kind, written the same
#: by the sanitizer, and found nowhere else in a body accepted here (its text holds no "<", and
#: a block kept in place starts ``<div class="codehilite"><pre>``).
_SET_ASIDE = '<div class="codehilite"></div>'
_PUT_BACK = re.compile(re.escape(_SET_ASIDE))
#: A highlighted block as ``highlight_code`` writes it: the wrapper, then text and spans that
#: do not nest (each with no class or one class), and the same wrapper closed.
_CODE_OPEN = '<div class="codehilite"><pre><span></span><code>'
_CODE_CLOSE = "</code></pre></div>"
_CODE_INNER = re.compile(r'[^<]*+(?:<span(?: class="[\w -]{1,100}")?>[^<]*+</span>[^<]*+)*+')
_SPAN_CLASS = re.compile(r'<span class="([^"]*)">')
#: an entity other than those Pygments writes, or a character the sanitizer's parser
#: would not keep as it is (a lone surrogate cannot even reach it): left to the sanitizer
_NOT_AS_WRITTEN = re.compile(r"&(?!(?:amp|lt|gt|quot|#39);)|[\x00\r\ud800-\udfff]")
#: Pygments before 2.20 also escapes quotes, which the sanitizer's serializer writes as they are
_QUOTES = re.compile(r"&(?:quot|#39);")
_KEPT_CLASSES: dict[str, bool] = {}


def _set_aside(highlighted: str, code: list[str]) -> str:
    """The block's place holder, with the block kept in ``code`` as the sanitizer would write
    it; or the block itself, for the sanitizer, when it is not exactly the expected shape."""
    end = highlighted.rfind(_CODE_CLOSE) + len(_CODE_CLOSE)
    done = _as_sanitized(highlighted[:end]) if end >= len(_CODE_CLOSE) else None
    if done is None:
        return highlighted
    code.append(done)
    return _SET_ASIDE + highlighted[end:]


def _as_sanitized(block: str) -> str | None:
    """A highlighted block as the sanitizer writes it, without running it over every span.

    Pygments escapes the text (``&``, ``<``, ``>``) and writes the wrapper and spans; for a
    block of exactly that shape, whose spans' classes the sanitizer keeps as they are, the
    sanitizer's serializer writes the same text and tags, but a no-break space as ``&nbsp;``.
    Any other shape, tag, class, entity or character: None (the block goes to the sanitizer).
    ``tests/core/test_export_cmark.py`` compares both ways on random code in many languages."""
    if not (block.startswith(_CODE_OPEN) and block.endswith(_CODE_CLOSE)):
        return None
    if _NOT_AS_WRITTEN.search(block):
        return None
    if not _CODE_INNER.fullmatch(block, len(_CODE_OPEN), len(block) - len(_CODE_CLOSE)):
        return None
    if not all(_class_kept(value) for value in set(_SPAN_CLASS.findall(block))):
        return None
    if "&quot;" in block or "&#39;" in block:
        block = _QUOTES.sub(lambda m: '"' if m.group() == "&quot;" else "'", block)
    return block.replace("\xa0", "&nbsp;") if "\xa0" in block else block


#: A body as cmark-gfm writes it for a text :func:`plain_enough` accepts, code set aside: text
#: holding no markup character (``<``, ``>``, ``&``, ``"``), no control character and no
#: noncharacter, and only these tags, as cmark-gfm and :func:`_with_heading_ids` write them.
#: (Possessive: a run of text is read whole and never split again to try another way.)
_PLAIN_BODY = re.compile(
    r"(?:[^<>&\"\x00-\x09\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]++"
    r"|</?(?:p|ul|li|em|strong|code|table|thead|tbody|tr|th|td|ol|h[1-6])>"
    r'|<ol start="\d{1,9}">|<(?:th|td) style="text-align: (?:left|right|center)">'
    r'|<h[1-6] id="[^"<>&]*">|<br />|<div class="codehilite"></div>)*+'
)
_HEADING_ID = re.compile(r'<(h[1-6]) id="([^"]*)">')


def _as_sanitized_body(raw: str) -> str | None:
    """The sanitizer's output for a body of :data:`_PLAIN_BODY`'s shape, or None for any other.

    Every tag of that shape is one the sanitizer keeps, with its attributes, and its serializer
    writes them and such text as they are, but for the line break (``<br>``) and a heading id
    that is also an id of the page (then None). The tests compare this with the sanitizer on
    random Markdown, the CommonMark spec and the fidelity fixtures."""
    if not _PLAIN_BODY.fullmatch(raw):
        return None
    from blogdesk.core.render import _filter_attribute

    for tag, value in _HEADING_ID.findall(raw):
        if _filter_attribute(tag, "id", value) != value:
            return None
    if "<br />" in raw:
        raw = raw.replace("<br />", "<br>")
    return raw


def _class_kept(value: str) -> bool:
    """Whether the sanitizer keeps a span's class attribute exactly as it is."""
    kept = _KEPT_CLASSES.get(value)
    if kept is None:
        from blogdesk.core.render import _filter_attribute

        kept = _filter_attribute("span", "class", value) == value
        if len(_KEPT_CLASSES) < 1000:  # Pygments' classes: a few hundred at most
            _KEPT_CLASSES[value] = kept
    return kept


def _highlighted(match: re.Match[str]) -> str:
    from blogdesk.core.render.commonmark import highlight_code

    return highlight_code(html_lib.unescape(match.group(2)), match.group(1) or "")
