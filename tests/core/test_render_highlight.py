"""The CommonMark family's code highlighting keeps its lexers and formatter between blocks and
writes exactly what Python-Markdown's CodeHilite writes for each block."""

from __future__ import annotations

import random

from blogdesk.core.render import commonmark
from blogdesk.core.render.commonmark import _codehilite, highlight_code

SNIPPETS = [
    "def f(x):\n    return x * 2\n",
    '\n\nprint("a < b & c")\n\n\n',
    "#!/usr/bin/env python\nimport os\n",
    ":::ruby\nputs 'hi'\n",
    "SELECT * FROM posts WHERE id = 1;\n",
    "x = '''\nmany\nlines\n'''\n",
    "<p class=\"x\">&amp;</p>\n",
    "",
    "\t tabs\tand  spaces \n",
    "naïve → “quotes” 日本\n",
]
LANGUAGES = ["python", "Python", "py3", "sh", "bash", "html", "sql", "ruby", "text", "nosuchlang",
             "c++", "javascript", "", "yaml", "toml", "go"]  # fmt: skip


def test_every_language_and_snippet_highlights_as_codehilite_does() -> None:
    for language in LANGUAGES:
        for code in SNIPPETS:
            assert highlight_code(code, language) == _codehilite(code, language), (language, code)


def test_blocks_in_a_row_in_random_order_match_fresh_highlighting() -> None:
    """A kept lexer or formatter carries nothing from one block to the next."""
    rng = random.Random(16)
    pairs = [(rng.choice(LANGUAGES), rng.choice(SNIPPETS)) for _ in range(300)]
    expected = [_codehilite(code, language) for language, code in pairs]
    assert [highlight_code(code, language) for language, code in pairs] == expected


def test_the_lexer_cache_is_bounded_by_the_number_of_languages() -> None:
    """A post naming thousands of made-up languages keeps only a few lexers."""
    for n in range(commonmark._MAX_LEXERS * 3):
        out = highlight_code("x = 1\n", f"made-up-{n}")
        assert out == _codehilite("x = 1\n", f"made-up-{n}")
    assert len(commonmark._LEXERS) <= commonmark._MAX_LEXERS
