"""A plain-text heading's id is named from its text directly (``_plain_heading_name``): the same
name as toc's serialize-and-strip route, so the same ids in the HTML."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import remove_fnrefs, render_inner_html, strip_tags

from blogdesk.core.render import (
    RenderOptions,
    _plain_heading_name,
    _plain_postprocessors,
    new_markdown,
    render,
)

_TEXT = st.text(
    alphabet=st.sampled_from([*"ab Z9 \t\u00a0\u2003é\"'`*_-#.:!?()[]{}/\\|~^%$", "\u200b"]),
    max_size=40,
)


_MD = new_markdown(RenderOptions())


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_plain_name_is_toc_s_name(text: str) -> None:
    md = _MD
    assert _plain_postprocessors(md)
    heading = etree.Element("h2")
    heading.text = text
    name = _plain_heading_name(heading)
    assert name is not None
    assert name == strip_tags(render_inner_html(remove_fnrefs(heading), md))


def test_a_heading_with_markup_or_an_entity_takes_the_long_way() -> None:
    heading = etree.Element("h2")
    heading.text = "Fish &amp; chips"
    assert _plain_heading_name(heading) is None
    heading.text = "x"
    etree.SubElement(heading, "em").text = "y"
    assert _plain_heading_name(heading) is None


def test_ids_of_headings_in_a_post() -> None:
    text = "# Plain   words\n\n## A *marked* one\n\n## Fish & chips\n\n## Plain words\n"
    html = render(text).html
    assert 'id="plain-words"' in html
    assert 'id="a-marked-one"' in html
    assert 'id="fish-chips"' in html
    assert 'id="plain-words-1"' in html
