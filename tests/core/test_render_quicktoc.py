"""The toc extension skipped where it changes nothing (``core/render/quicktoc.py``): the HTML is
the same as with toc run on every document, and a ``[TOC]`` marker still becomes the table."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import TocTreeprocessor
from render_samples import sample_posts

from blogdesk.core.render import RenderOptions, new_markdown, render, sanitize
from blogdesk.core.render.quicktoc import _QuickToc


def _stock(text: str) -> str:
    md = new_markdown(RenderOptions())
    assert type(md.treeprocessors["toc"]) is _QuickToc
    md.treeprocessors["toc"].__class__ = TocTreeprocessor  # toc as shipped, on every document
    return sanitize(md.convert(text))


@pytest.mark.parametrize("path", sample_posts(), ids=lambda p: p.name)
def test_fixture_renders_as_with_toc_on_every_document(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert render(text).html == _stock(text)


@pytest.mark.parametrize(
    "text",
    [
        "# One\n\n[TOC]\n\n## Two\n\ntext\n",
        "[TOC]\n\n# A\n\n# A\n",
        "  [TOC]  \n\n## Spaced marker\n",
        "> [TOC]\n\n## In a quote\n",
        "## Labelled {: data-toc-label='Short' }\n\nbody\n",
        "## Custom id {: #mine }\n\n## Custom id\n",
        "Not a marker: [TOC] inside a sentence.\n\n## Heading\n",
        "```\n[TOC]\n```\n\n## Code\n",
    ],
)
def test_documents_toc_changes_render_as_before(text: str) -> None:
    assert render(text).html == _stock(text)


def test_a_marker_still_becomes_the_table_of_contents() -> None:
    html = render("# Start\n\n[TOC]\n\n## Middle part\n\nwords\n").html
    assert '<div class="toc">' in html
    assert '<a href="#middle-part" rel="noopener noreferrer">Middle part</a>' in html
    assert "[TOC]" not in html


def test_a_data_toc_label_is_still_taken_off() -> None:
    html = render("## Long heading text {: data-toc-label='Short' }\n").html
    assert "data-toc-label" not in html
    assert 'id="long-heading-text"' in html


_PIECES = st.sampled_from(
    [
        "# ", "## ", "### ", "Title", "[TOC]", " ", "\n", "\n\n", "{: #x }", "{: .c }",
        "{: data-toc-label='L' }", "[^1]", "[^1]: n\n", "*em*", "`c`", "> ", "- ", "    ",
        "```\n", "Heading\n===\n", "Sub\n---\n", "<b>x</b>", "&amp;",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_random_markdown_renders_as_with_toc_on_every_document(text: str) -> None:
    try:
        stock = _stock(text)
    except Exception:  # a Python-Markdown bug on this text: render() words it for both
        return
    assert render(text).html == stock
