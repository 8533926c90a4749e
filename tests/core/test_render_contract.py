"""Every Markdown family keeps the one renderer contract (core/render/contract.py).

Checked on every fidelity fixture post and a few edge cases: the HTML is the blocks joined; the
blocks cover source lines in order; each outline entry is a heading of the HTML, on the line
where its source starts; everything went through the sanitizer.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from blogdesk.core.render import outline_of, render
from blogdesk.core.render.contract import GENERATORS, Rendered, flavour, render_with

POSTS = sorted((Path(__file__).parent.parent / "fidelity" / "posts").glob("*.md"))
FAMILY_OF = {
    "hugo": "commonmark", "eleventy": "commonmark", "zola": "commonmark", "jekyll": "kramdown",
    "blogdesk": "pymd", "pelican": "pymd", "mkdocs": "pymd",
}  # fmt: skip
# a heading's first line, maybe inside a quote or a list item (their markers come first)
HEADING_LINE = re.compile(
    r"^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?=[ \t]|$)[ \t]?)*[ \t]*"
    r"(#{1,6}|\S.*\n[ \t>]*(=+|-+)[ \t]*$)"
)


def check_contract(text: str, result: Rendered) -> None:
    assert result.html == "".join(block.html for block in result.blocks)
    total = text.count("\n") + 1
    # the footnote list is rendered last but made from definitions anywhere in the text
    main = [b for b in result.blocks if not b.html.startswith('<div class="footnote')]
    for block in result.blocks:
        assert 1 <= block.first_line <= block.last_line <= total
        assert block.html.strip()
    for before, after in itertools.pairwise(main):
        assert before.last_line < after.first_line
    assert [(h.level, h.text, h.id) for h in outline_of(result.html)] == [
        (e.level, e.text, e.id) for e in result.outline
    ]
    lines = text.split("\n")
    for entry in result.outline:
        source = "\n".join(lines[entry.line - 1 : entry.line + 1])
        assert HEADING_LINE.match(source), (entry, source)
    assert "<script" not in result.html and "onerror" not in result.html


@pytest.mark.parametrize("generator", GENERATORS)
@pytest.mark.parametrize("post", POSTS, ids=[p.stem for p in POSTS])
def test_every_family_keeps_the_contract(generator: str, post: Path) -> None:
    text = post.read_text(encoding="utf-8")
    chosen = flavour(generator)
    assert chosen.family == FAMILY_OF[generator]
    check_contract(text, render_with(chosen, text))


@pytest.mark.parametrize("post", POSTS, ids=[p.stem for p in POSTS])
def test_python_markdown_html_is_unchanged(post: Path) -> None:
    """The adapter returns exactly what render() returns today."""
    text = post.read_text(encoding="utf-8")
    result = render_with(flavour("blogdesk"), text)
    assert result.html == render(text).html


@pytest.mark.parametrize("generator", GENERATORS)
def test_empty_and_blank_bodies(generator: str) -> None:
    for text in ("", "\n\n  \n"):
        result = render_with(flavour(generator), text)
        assert (result.html.strip(), result.blocks, result.outline) == ("", (), ())


def test_blocks_carry_their_lines() -> None:
    text = "# Title\n\nA paragraph\nover two lines.\n\n- one\n- two\n\n```sh\necho hi\n```\n"
    result = render_with(flavour("hugo"), text)
    assert [(b.first_line, b.last_line) for b in result.blocks] == [(1, 1), (3, 4), (6, 7), (9, 11)]
    assert result.blocks[1].html.startswith("<p>A paragraph")
    assert result.outline[0].line == 1


def test_raw_html_left_open_is_one_block() -> None:
    """<details> with Markdown inside sanitizes as one block, so each block stands alone."""
    text = "Intro.\n\n<details>\n<summary>More</summary>\n\n**inside**\n\n</details>\n\nEnd.\n"
    result = render_with(flavour("eleventy"), text)
    assert [(b.first_line, b.last_line) for b in result.blocks] == [(1, 1), (3, 8), (10, 10)]
    assert "<details>" in result.blocks[1].html and "</details>" in result.blocks[1].html
    assert "<strong>inside</strong>" in result.blocks[1].html


def test_unknown_generator_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown generator 'gatsby'"):
        flavour("gatsby")


@pytest.mark.parametrize("generator", ["hugo", "eleventy", "zola", "jekyll"])
def test_blocks_sanitized_apart_equal_the_document_sanitized_whole(generator: str) -> None:
    """Each block is sanitized on its own (so the preview can patch one); joined, they are
    exactly the whole document rendered and sanitized in one piece."""
    from blogdesk.core.render import sanitize
    from blogdesk.core.render.commonmark import build_parser
    from blogdesk.core.render.kramdown import build_parser as kramdown_parser

    chosen = flavour(generator)
    parser = (kramdown_parser if generator == "jekyll" else build_parser)(chosen.options)
    for post in POSTS:
        text = post.read_text(encoding="utf-8")
        assert render_with(chosen, text).html == sanitize(parser.render(text)), post.name
