"""Properties of the template-tag pass over any text: it never fails, and (where nothing is
evaluated away) every word of the body is still visible after it."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from blogdesk.core.sites.config import Site
from blogdesk.core.sites.templates import TemplateContext, expand_templates

PIECES = st.sampled_from([
    "{{<", ">}}", "{{%", "%}}", "{{", "}}", "{%", "%}", "/", "*/", "/*", "(", ")", "end",
    "note", "box", "x", "=", '"', "'", "`", "```", "\n", "\n\n", " ", "[a](", "-", "#", "word",
    "zeta", "<b>", "&amp;", "\\", ":",
])  # fmt: skip
BODIES = st.lists(PIECES, max_size=40).map("".join)


def visible_words(text: str) -> list[str]:
    """The words shown, tooltips (title attributes, link titles) included."""
    titles = " ".join(re.findall(r'title="([^"]*)"', text))
    plain = html.unescape(_ELEMENT.sub(" ", text) + " " + titles)
    return re.findall(r"[a-z]+", plain)


# the elements the pass writes (an author's stray `<` in the text is text, not an element)
_ELEMENT = re.compile(r"</?(?:span|div|code|figure|figcaption|img|a|p|h4|details|summary)\b[^>]*>")


def context(language: str) -> TemplateContext:
    return TemplateContext(site=Site(template_language=language))


@settings(max_examples=150, deadline=None)
@given(BODIES, st.sampled_from(["hugo", "tera", "nunjucks"]))
def test_shown_languages_never_lose_a_word(body: str, language: str) -> None:
    result = expand_templates(body, context(language))
    kept = visible_words(result.text)
    for word in set(re.findall(r"[a-z]+", html.unescape(_ELEMENT.sub(" ", body)))):
        assert word in kept, (word, body, result.text)
    protected = expand_templates(body, context(language), protect=True)
    assert visible_words(protected.restore(protected.text)) == visible_words(result.text)
    assert_line_origins(result, body)


def assert_line_origins(result: object, body: str) -> None:
    """Every line of the expanded text maps to a line of the body, in order."""
    text: str = result.text  # type: ignore[attr-defined]
    lines = [result.source_line(n) for n in range(1, text.count("\n") + 2)]  # type: ignore
    if result.source_lines is not None:  # type: ignore[attr-defined]
        assert len(result.source_lines) == len(lines)  # type: ignore[attr-defined]
    assert all(1 <= line <= body.count("\n") + 1 for line in lines)
    assert lines == sorted(lines)


@settings(max_examples=150, deadline=None)
@given(BODIES)
def test_liquid_never_fails_and_marks_what_it_cannot_evaluate(body: str) -> None:
    result = expand_templates(body, context("liquid"))
    assert "\ue000" not in result.text and "\ue001" not in result.text
    assert_line_origins(result, body)
    for diagnostic in result.diagnostics:
        assert diagnostic.line >= 1
