"""No placeholder character of the template pass ever reaches the rendered page.

The template pass holds expanded tags in the text as private-use marks and tokens until the
page is final. A Liquid tag holding another tag's opening (``{{<{{<`` ... ``>}}``) used to be
marked at the inner opening, so its mark sat inside the outer tag and the next pass's error
quoted it ("unexpected '\\ue000'"); shortcodes nested five deep left tokens in the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogdesk.core.render.contract import Flavour, flavour_for, render_site_body
from blogdesk.core.sites.config import read_config

PLACEHOLDER = re.compile("[\ue000-\ue0ff]|\\\\u[eE]0[0-9a-fA-F]{2}")
GENERATORS = ("hugo", "jekyll", "eleventy", "zola")
PIECES = st.sampled_from([
    "{{<", ">}}", "{{%", "%}}", "{{", "}}", "{%", "%}", "/", "(", ")", "end", "note", "x", "=",
    '"', "`", "```", "\n", "\n\n", " ", "[a](", "-", "#", "word", "<b>", "\\", ":", "figure",
    "ref", "include", "raw", "endraw", "if", "endif", "for", "a in b", "endfor", "details", ">",
    "\ue000", "\ue0010", "\ue002\ue010\ue003",
])  # fmt: skip


def site_flavour(generator: str) -> Flavour:
    return flavour_for(read_config(generator, Path("/nonexistent-site"), None))


FLAVOURS = {name: site_flavour(name) for name in GENERATORS}


@pytest.mark.parametrize("generator", GENERATORS)
def test_a_tag_inside_a_tag_shows_the_author_s_text_and_no_mark(generator: str) -> None:
    html = render_site_body(FLAVOURS[generator], "{{<{{<\n>}}>}}\n").html
    assert not PLACEHOLDER.search(html), html
    assert "{{&lt;" in html.replace("&#123;", "{")  # the tag's text is still shown


def test_the_liquid_error_names_the_author_s_character_not_a_mark() -> None:
    html = render_site_body(FLAVOURS["jekyll"], "{{ a {{ b }} c }}\n").html
    assert "unexpected &#x27;{&#x27;" in html or "unexpected '{'" in html
    assert "c }}" in html  # the text after Liquid's own end of the tag is kept as text


def test_shortcodes_nested_twelve_deep_leave_no_token() -> None:
    body = "".join(f"{{{{% n{i} %}}}}" for i in range(12)) + "deepest words"
    body += "".join(f"{{{{% /n{i} %}}}}" for i in reversed(range(12)))
    html = render_site_body(FLAVOURS["hugo"], body).html
    assert not PLACEHOLDER.search(html)
    assert "deepest words" in html
    assert html.count("shortcode n") >= 12


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(PIECES, max_size=30).map("".join), st.sampled_from(GENERATORS))
def test_no_placeholder_character_reaches_the_page(body: str, generator: str) -> None:
    html = render_site_body(FLAVOURS[generator], body).html
    assert not PLACEHOLDER.search(html), (body, html)
