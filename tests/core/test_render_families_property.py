"""Any text renders in every family without an error, and the contract holds.

Posts are untrusted input: random Markdown-like text (markers, fences, HTML, attribute lists,
footnotes, tables, deep nesting) must give sanitized HTML whose blocks join to it, with lines in
range and every visible word kept somewhere in the output.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from blogdesk.core.render.contract import flavour, render_with

PIECES = [
    "# ", "## ", "- ", "  - ", "   1. ", "3) ", "> ", "```", "```sh {x=1}", "~~~", "    ",
    "{: .note}", "{:toc}", "{#id .c}", "*[HTML]: markup", "[^1]", "[^1]: note", "| a | b |",
    "|---|---|", "<details>", "</details>", "<div>", "</div>", "<script>x</script>", "**", "*",
    "_", "~~", "`", "[x](http://e.com)", "https://e.com/p", "Term\n: def", "- [ ] ", "\\",
    "word", "blogdesk", "\n", "\n\n", "\t", "---", "===", "<!-- c -->", "&amp;", "\"q\"", "'",
]  # fmt: skip
WORD = re.compile(r"[A-Za-z]{4,}")
TAG = re.compile(r"<[^>]*>")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(PIECES), max_size=40),
    st.sampled_from(["hugo", "jekyll", "eleventy", "zola"]),
)
def test_any_text_renders_and_keeps_the_contract(parts: list[str], generator: str) -> None:
    text = "".join(parts)
    result = render_with(flavour(generator), text)
    assert result.html == "".join(block.html for block in result.blocks)
    total = text.count("\n") + 1
    for block in result.blocks:
        assert 1 <= block.first_line <= block.last_line <= total
    assert "<script" not in result.html


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(["blogdesk", "word", "- ", "> ", "\n", "\n\n", "1. ", "  "]), max_size=60
    )
)
def test_plain_words_are_never_lost(parts: list[str]) -> None:
    """Words outside any markup reach the HTML in every CommonMark and kramdown flavour."""
    text = "".join(parts)
    for generator in ("hugo", "jekyll", "eleventy"):
        html = render_with(flavour(generator), text).html
        shown = TAG.sub(" ", html)
        assert sorted(WORD.findall(shown)) == sorted(WORD.findall(text)), generator


def test_deep_nesting_keeps_the_words_in_every_family() -> None:
    text = "- " * 300 + "deepest\n\n" + "> " * 300 + "quoted\n\nAfter.\n"
    for generator in ("hugo", "jekyll", "eleventy", "zola"):
        html = render_with(flavour(generator), text).html
        assert "deepest" in html and "quoted" in html and "After." in html, generator


HTML_PIECES = [
    "<details>", "</details>", "<div>", "</div>", "<span>", "</span>", "<p>", "</p>", "<b>",
    "</b>", "<table>", "<tr><td>", "</td>", "</table>", "<li>", "<ul>", "</ul>", "<select>",
    "<textarea>", "<script>", "</script>", "<a href=\"x\">", "</a>", "<!-- c -->", "<svg>",
    "# ", "- ", "> ", "```", "    ", "word", "**", "\n", "\n\n", "{: .note}", "Term\n: d",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(HTML_PIECES), max_size=30),
    st.sampled_from(["hugo-unsafe", "eleventy", "jekyll", "zola"]),
)
# `</b>` does not close a `<details>` opened inside it (the parser's adoption agency keeps it open)
@example(["<b>", "<details>", "</b>", "\n\n", "> "], "hugo-unsafe")
# `<tr>` and `<td>` outside a table are ignored, so the `<li>` stays open
@example(["{: .note}", "<tr><td>", "<li>", "</td>", "\n", "<details>"], "hugo-unsafe")
# `</li>` cannot reach past the inner `<ul>`: both lists stay open
@example(["- ", "<ul>", "\n\n", "<li>"], "hugo-unsafe")
def test_blocks_sanitized_apart_equal_the_whole_with_any_raw_html(
    parts: list[str], generator: str
) -> None:
    """Raw HTML left open (or closed by the parser in odd ways) joins the blocks it spans, so
    each block sanitized alone still equals the whole document sanitized in one piece."""
    from blogdesk.core.render import sanitize
    from blogdesk.core.render.commonmark import CommonMarkOptions, build_parser
    from blogdesk.core.render.kramdown import build_parser as kramdown_parser

    text = "".join(parts)
    if generator == "hugo-unsafe":
        options: object = CommonMarkOptions.for_generator("hugo", unsafe=True)
        chosen = flavour("hugo")
        chosen = type(chosen)(chosen.generator, chosen.family, options)
    else:
        chosen = flavour(generator)
    parser = (kramdown_parser if generator == "jekyll" else build_parser)(chosen.options)
    ours, whole = render_with(chosen, text).html, sanitize(parser.render(text))
    assert ours == whole or (ours == "" and not whole.strip())
