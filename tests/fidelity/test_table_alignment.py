"""A table's column alignment reaches the page in every family, and is the only style kept.

hugo writes ``style="text-align:left"`` on th and td, jekyll (kramdown) ``style="text-align:
left"``; markdown-it and pulldown-cmark write the same, Python-Markdown ``align="left"``. The
agreement tests compare the alignment of every cell with the real engines
(``fidelity_structure``); these check what the page's HTML holds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from blogdesk.core.render import render, sanitize
from blogdesk.core.render.commonmark import CommonMarkOptions
from blogdesk.core.render.commonmark import render_body as commonmark
from blogdesk.core.render.kramdown import KramdownOptions
from blogdesk.core.render.kramdown import render_body as kramdown

POST = (Path(__file__).parent / "posts" / "table-aligned.md").read_text(encoding="utf-8")
HEADER = ["left", "center", "right", ""]  # the first table's columns, as its delimiter row says


def cell_alignments(html: str, tag: str) -> list[str]:
    """The alignment of each cell, in order ("" for none)."""
    found = []
    for attrs in re.findall(rf"<{tag}\b([^>]*)>", html):
        style = re.search(r'style="text-align: (\w+)"', attrs)
        align = re.search(r'align="(\w+)"', attrs)
        found.append(style.group(1) if style else align.group(1) if align else "")
    return found


@pytest.mark.parametrize(
    "family",
    [
        lambda text: commonmark(text, CommonMarkOptions.for_generator("hugo")).html,
        lambda text: commonmark(text, CommonMarkOptions.for_generator("eleventy")).html,
        lambda text: kramdown(text, KramdownOptions()).html,
        lambda text: render(text).html,
    ],
    ids=["hugo", "eleventy", "jekyll", "python-markdown"],
)
def test_every_family_keeps_each_columns_alignment(family) -> None:  # type: ignore[no-untyped-def]
    html = family(POST)
    assert cell_alignments(html, "th") == [*HEADER, "", "center"]
    assert cell_alignments(html, "td")[:4] == HEADER
    assert cell_alignments(html, "td")[-2:] == ["", "center"]


@pytest.mark.parametrize(
    ("cell", "kept"),
    [
        ('<td style="text-align:right">', '<td style="text-align: right">'),
        ('<td style="TEXT-ALIGN: Center;">', '<td style="text-align: center">'),
        ('<th style="text-align: left">', '<th style="text-align: left">'),
        ('<td style="text-align: left; color: red">', "<td>"),
        ('<td style="background: url(https://example.org/x.png)">', "<td>"),
        ('<td style="text-align: justify">', "<td>"),
    ],
)
def test_the_sanitizer_keeps_only_the_alignment(cell: str, kept: str) -> None:
    html = sanitize(f"<table><tbody><tr>{cell}x</{cell[1:3]}></tr></tbody></table>")
    assert kept in html


def test_style_is_dropped_everywhere_else() -> None:
    html = sanitize('<p style="text-align: center">a</p><span style="text-align:left">b</span>')
    assert html == "<p>a</p><span>b</span>"
