"""The fast typographer gives exactly the HTML of Python-Markdown's own ``smarty`` extension.

``new_markdown`` uses :class:`FastSmartyExtension`; these tests render the same text with the
stock ``smarty`` (its own inline processor) and require the same bytes: on the fidelity
fixtures, the sample library, hand-picked quote puzzles and random quote-heavy Markdown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.extensions.smarty import SmartyExtension

from blogdesk.core.render import RenderOptions, new_markdown, render, sanitize
from blogdesk.core.render.typographer import FastSmartyExtension, _Typographer

REPO = Path(__file__).resolve().parents[2]


def _stock(text: str) -> str:
    """The body rendered with the stock smarty extension in place of the fast one."""
    fast = FastSmartyExtension.extendMarkdown
    FastSmartyExtension.extendMarkdown = SmartyExtension.extendMarkdown  # type: ignore[method-assign]
    try:
        md = new_markdown(RenderOptions())
    finally:
        FastSmartyExtension.extendMarkdown = fast  # type: ignore[method-assign]
    assert not isinstance(md.treeprocessors["smarty"], _Typographer)
    return sanitize(md.convert(text))


def _fast(text: str) -> str:
    return render(text).html


def _files() -> list[Path]:
    found = sorted((REPO / "tests" / "fidelity" / "posts").glob("*.md"))
    found += sorted((REPO / "posts").rglob("*.md"))
    return found


def test_new_markdown_uses_the_fast_typographer() -> None:
    """The comparison is fair: the fast one is what renders, the stock one what it is held to."""
    md = new_markdown(RenderOptions())
    assert isinstance(md.treeprocessors["smarty"], _Typographer)
    text = 'He said "yes" -- it\'s done...'
    assert _fast(text) == _stock(text)
    assert _fast(text) == "<p>He said \u201cyes\u201d \u2013 it\u2019s done\u2026</p>"


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_fixture_renders_as_with_stock_smarty(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _fast(text) == _stock(text)


PUZZLES = [
    "'Tis the '80s, isn't it? \"'Quoted' words in a larger quote.\"",
    "He said -- twice --- and then... nothing.... ---- end",
    "\"'\"'\"'", "''", '""', "'\"word\"'", "a'b'c\"d\"e", "--'word' --\"word\"",
    "&nbsp;'quote' &mdash;\"dash\" &#8211;'x'",
    "`code 'kept' \"as is\"` and 'not code'",
    "*'emphasis'* **\"strong\"** [\"link\"](x 'title') ![\"alt\"](y.png)",
    "<span>'raw'</span> \"after\" <b>\"bold\"</b>",
    "- 'one'\n  - \"two\"\n\n> 'quoted' -- ok...\n\n| 'a' | \"b\" |\n|---|---|\n| it's | --x |\n",
    "Title with 'quotes'\n=================\n\n## \"Heading\" -- two\n",
    "A footnote 'here'.[^n]\n\n[^n]: The \"note\" -- text...\n",
    "Escaped \\\"quote\\\" and \\'single\\'.",
    "```\n'fenced' \"code\" -- ...\n```\n\nafter 'it'",
    "    'indented' code\n\nand 'text'",
    "Term 'one'\n:   Definition \"two\" -- three\n",
    "*[HTML]: Hyper 'Text'\n\nThe HTML's 'abbr'.",
]


@pytest.mark.parametrize("text", PUZZLES)
def test_puzzle_renders_as_with_stock_smarty(text: str) -> None:
    assert _fast(text) == _stock(text)


_PIECES = st.sampled_from(
    [
        "'", '"', "--", "---", "...", "....", " ", "\n", "\n\n", "word", "s", "80s", "a", ".",
        ",", "(", ")", "[", "]", "{", "*", "**", "`", "&nbsp;", "&mdash;", "&#8211;", "–", "—",
        "- ", "1. ", "> ", "# ", "<b>", "</b>", "\\", "\t", "_", "x'", "'s ", "\u00a0",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_random_quote_heavy_text_renders_as_with_stock_smarty(text: str) -> None:
    assert _fast(text) == _stock(text)
