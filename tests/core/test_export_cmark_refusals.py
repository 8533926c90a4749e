"""The C engine's pre-check refuses exactly what its single-pattern form refused: the same
characters, sequences and lines send a body to markdown-it, found by quicker separate scans."""

from __future__ import annotations

import random
import re

from blogdesk.core.export import cmark

#: the pre-check as one pattern each, as it was written before it was split for speed
ONE_PATTERN = re.compile(
    r"""['"<>&\\\[\]{}~@\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029"""
    r"""\u202f\u205f\u3000]|--|``|\.\.|://|www|\.(?<=\w\.)\w|\([cCrRtTpP]|\+-|!!!|\?\?\?|,,"""
    r"""|[*_](?:(?<=[^\x00-\x7f][*_])|[^\x00-\x7f])"""
)
LINE_PATTERN = re.compile(
    r"(?m)^[ \t]*:|^ {0,3}=+[ \t]*$|^[ \t]+(?:```|#)|^[ \t]*~~~|^#{1,6}(?:[ \t].*)?#[ \t]*$"
    r"|^(?:[ ]*(?:[-*+]|\d{1,9}[.)])[ ]+){6}"
    r"|^(?:[ ]*(?:[-*+]|\d{1,9}[.)]))+[ ]*$"
    r"|^[ |]*\|[ |]*$"
)
DEEP_PATTERN = re.compile(r"(?m)^ {25}")

PIECES = [
    "a", "b", "word", " ", "  ", "\n", "\n\n", ".", "-", "*", "_", "#", "=", ":", "|", "`", "(",
    "c", "r", "T", "p", "+", "!", "?", ",", "/", "w", "1", "9)", "é", "日", "\u00a0", "\u2003",
    "\t", "~", "<", "&", "'", '"', "www", "://", " " * 25, "1. ", "- ", "## ", "```",
]  # fmt: skip


#: mostly harmless text, where a single refused sequence decides
PLAIN = ["a", "word", " ", "\n", ".", "-", "*", "_", "(", "c", "r", "+", "!", "?", ",", "/", "w",
         "é", "1", "`"]  # fmt: skip


def _text(rng: random.Random) -> str:
    pieces = PIECES if rng.random() < 0.5 else PLAIN
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))


def test_the_split_scans_refuse_what_the_single_patterns_refused() -> None:
    rng = random.Random(1717)
    for _ in range(20_000):
        text = _text(rng)
        assert cmark._refused_text(text) == bool(ONE_PATTERN.search(text)), repr(text)
        lines = "\n" + text
        assert bool(cmark._REFUSED_LINE.search(lines)) == bool(LINE_PATTERN.search(text)), text
        assert (cmark._DEEP in lines) == bool(DEEP_PATTERN.search(text)), repr(text)


def test_blank_is_commonmark_unicode_whitespace_for_every_character() -> None:
    import unicodedata

    for code in range(0x3100):
        ch = chr(code)
        expected = ch in " \t\n\r\f" or unicodedata.category(ch) == "Zs"
        assert cmark._blank(ch) == expected, hex(code)
    assert cmark._blank("")


def _nests_as_written(piece: str) -> bool:
    """The nesting check as first written (each neighbour tested where it is used)."""
    open_runs: list[str] = []
    for run in cmark._RUN.finditer(piece):
        before = piece[run.start() - 1] if run.start() else ""
        after = piece[run.end()] if run.end() < len(piece) else ""
        blank = cmark._blank
        opens = not blank(after) and (after not in cmark._PUNCT or blank(before)
                                      or before in cmark._PUNCT)  # fmt: skip
        closes = not blank(before) and (before not in cmark._PUNCT or blank(after)
                                        or after in cmark._PUNCT)  # fmt: skip
        char, size = run.group()[0], len(run.group())
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


def test_the_nesting_check_decides_as_first_written() -> None:
    rng = random.Random(23)
    pieces = ["*", "**", "_", "__", "***", "a", "word", " ", ".", "(", ")", "\n", "é", "!"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 24)))
        assert cmark._nests(text) == _nests_as_written(text), repr(text)
