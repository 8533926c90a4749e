"""The CommonMark family renders each generator's Markdown as that generator does.

What a reader of the preview sees: the blocks, the text, the ids links point at; each case is
one the issue found blogdesk getting wrong, or one where the generators differ.
"""

from __future__ import annotations

import pytest

from blogdesk.core.render.commonmark import CommonMarkOptions, fence_language, render_body

HUGO = CommonMarkOptions.for_generator("hugo")
ELEVENTY = CommonMarkOptions.for_generator("eleventy")
ZOLA = CommonMarkOptions.for_generator("zola")


def html(text: str, options: CommonMarkOptions = HUGO) -> str:
    return render_body(text, options).html


def test_fence_with_attributes_is_one_code_block_in_its_language() -> None:
    out = html("```sh {linenos=true}\n# a comment\necho hi\n```\n")
    assert out.count("<pre>") == 1 and "<h1" not in out
    assert '<span class="c1"># a comment</span>' in out  # highlighted as shell: # is a comment
    assert fence_language("sh {linenos=true}") == "sh"
    assert fence_language("{.python}") == "python"
    assert fence_language("") == ""


def test_code_has_the_codehilite_classes_the_theme_styles() -> None:
    out = html("```python\nx = 1\n```\n")
    assert out.startswith('<div class="codehilite"><pre><span></span><code>')
    no_colours = CommonMarkOptions.for_generator("hugo", highlight=False)
    plain = html("```python\nx = 1\n```\n", no_colours)
    assert plain == '<pre><code class="language-python">x = 1\n</code></pre>\n'


def test_nested_lists_by_two_spaces_and_a_list_after_a_paragraph() -> None:
    out = html("Things:\n- a\n  - b\n    - c\n")
    assert out == (
        "<p>Things:</p>\n<ul>\n<li>a\n<ul>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n"
        "</li>\n</ul>\n"
    )


def test_gfm_extensions_on_in_hugo() -> None:
    out = html("~~old~~ see https://example.com\n\n- [ ] todo\n\n3) third\n")
    assert "<s>old</s>" in out or "<del>old</del>" in out
    assert '<a href="https://example.com"' in out
    assert '<li class="task-list-item"> todo</li>' in out and "[ ]" not in out
    assert '<ol start="3">' in out


def test_bare_urls_stay_text_where_the_generator_does_not_link_them() -> None:
    assert "<a " not in html("see https://example.com\n", ELEVENTY)


def test_typographer_on_in_hugo_off_in_eleventy() -> None:
    text = 'She said "yes" -- it\'s done...\n'
    assert html(text) == "<p>She said “yes” – it’s done…</p>\n"
    assert html(text, ELEVENTY) == '<p>She said "yes" -- it\'s done...</p>\n'


def test_hugo_omits_raw_html_unless_unsafe() -> None:
    text = "<details>\n<summary>More</summary>\n\n**inside**\n\n</details>\n\nA <kbd>key</kbd>.\n"
    safe = html(text)
    assert "<details>" not in safe and "<kbd>" not in safe
    assert "<strong>inside</strong>" in safe  # the Markdown between the tags still renders
    unsafe = html(text, CommonMarkOptions.for_generator("hugo", unsafe=True))
    assert "<details>" in unsafe and "<kbd>key</kbd>" in unsafe
    assert "<details>" in html(text, ELEVENTY)


def test_raw_html_still_goes_through_the_sanitizer() -> None:
    out = html('<img src="x.png" onerror="alert(1)">\n\n<script>alert(2)</script>\n', ELEVENTY)
    assert "onerror" not in out and "<script" not in out and "alert" not in out


@pytest.mark.parametrize(
    ("options", "ids"),
    [
        (HUGO, ["whats-new-in-02", "export-pages--feeds", "notes", "notes-1"]),
        (ELEVENTY, ["what's-new-in-0.2%3F", "export%3A-pages-%26-feeds", "notes", "notes-1"]),
        (ZOLA, ["what-s-new-in-0-2", "export-pages-feeds", "notes", "notes-1"]),
    ],
)
def test_heading_ids_in_each_generators_style(options: CommonMarkOptions, ids: list[str]) -> None:
    text = "## What's new in 0.2?\n\n## Export: pages & feeds\n\n## Notes\n\n## Notes\n"
    assert [entry.id for entry in render_body(text, options).outline] == ids


def test_heading_attributes_set_id_and_class() -> None:
    out = html("## Install {#setup .wide}\n")
    assert out == '<h2 id="setup">Install</h2>\n'  # the sanitizer's policy drops h2 classes
    assert render_body("## Install {#setup .wide}\n", HUGO).outline[0].text == "Install"
    assert "{#setup" in html("## Install {#setup .wide}\n", ELEVENTY)


def test_footnotes_as_goldmark_numbers_them() -> None:
    out = html("A claim[^src].\n\n[^src]: Our test.\n")
    assert '<a href="#fn:1" class="footnote-ref"' in out and ">1</a></sup>" in out
    assert '<li id="fn:1">' in out and 'href="#fnref:1"' in out


def test_definition_lists() -> None:
    assert html("Slug\n: The last part of the URL.\n") == (
        "<dl>\n<dt>Slug</dt>\n<dd>The last part of the URL.</dd>\n</dl>\n"
    )


def test_unknown_generator_is_refused() -> None:
    with pytest.raises(ValueError, match="not a CommonMark-family generator"):
        CommonMarkOptions.for_generator("jekyll")


def test_deep_nesting_is_limited_not_a_crash() -> None:
    out = html("> " * 500 + "deep\n\nAfter.\n")
    assert "deep" in out and out.count("<blockquote>") <= 100
    assert out.endswith("<p>After.</p>\n")


def test_renders_in_threads_equal_the_same_render_alone() -> None:
    """Parsers are per thread (linkify-it keeps match state on its instance)."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [
        f"Post {n}: see https://example.com/{n} and www.example.org/{n}.\n" * 40 for n in range(8)
    ]
    alone = [html(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(html, texts * 4))
    assert together == alone * 4


def test_zola_shows_each_footnote_where_it_is_defined() -> None:
    out = html("A claim[^src] and more.\n\n[^src]: Our test.\n\nAfter.\n", ZOLA)
    assert out == (
        '<p>A claim<sup class="footnote-reference"><a href="#src" rel="noopener noreferrer">1</a>'
        "</sup> and more.</p>\n"
        '<div class="footnote-definition"><sup class="footnote-definition-label">1</sup>\n'
        "<p>Our test.</p>\n</div>\n<p>After.</p>\n"
    )


def test_options_from_hugos_goldmark_settings() -> None:
    assert CommonMarkOptions.from_hugo(None) == HUGO
    assert CommonMarkOptions.from_hugo({}) == HUGO
    options = CommonMarkOptions.from_hugo(
        {
            "renderer": {"unsafe": True, "hardWraps": "true"},
            "Extensions": {"typographer": {"disable": True}, "footnote": False},
            "parser": {"autoHeadingIDType": "github-ascii"},
        }
    )
    assert (options.unsafe, options.hard_wraps, options.typographer) == (True, True, False)
    assert (options.footnotes, options.heading_ids, options.tables) == (False, "github-ascii", True)
    assert CommonMarkOptions.from_hugo({"parser": {"autoHeadingID": False}}).heading_ids == "none"
    # values of the wrong kind keep Hugo's default rather than failing
    odd = CommonMarkOptions.from_hugo({"renderer": "yes", "extensions": {"table": 3}})
    assert odd == HUGO


def test_hugo_id_types() -> None:
    text = "## Café: pages & feeds\n"
    ids = {
        kind: render_body(
            text, CommonMarkOptions.from_hugo({"parser": {"autoHeadingIDType": kind}})
        )
        .outline[0]
        .id
        for kind in ("github", "github-ascii", "blackfriday")
    }
    assert ids == {
        "github": "café-pages--feeds",
        "github-ascii": "cafe-pages--feeds",
        "blackfriday": "café-pages-feeds",
    }


def test_real_nesting_depths_render_in_full() -> None:
    """Twelve nested lists (far more than posts use) are all lists, under the nesting limit."""
    text = "".join("  " * depth + f"- level {depth}\n" for depth in range(12))
    out = html(text)
    assert out.count("<ul>") == 12 and "level 11" in out and "- level" not in out


def test_eleventy_has_no_indented_code() -> None:
    """Eleventy 2 and later turn indented code off: indented lines are text, even a '#' one."""
    text = "A paragraph.\n\n    # not a heading\n    print(1)\n"
    assert html(text, ELEVENTY) == "<p>A paragraph.</p>\n<p># not a heading\nprint(1)</p>\n"
    assert "<pre>" in html(text)  # Hugo keeps them


@pytest.mark.parametrize(
    ("html_text", "still_open"),
    [
        ("<details><summary>x</summary>", ["details"]),
        ("<details></div>", ["details"]),  # an end tag with nothing to close is ignored
        ("<h1><b></h1>", ["b"]),  # a formatting element is reopened after
        ("<h1><table></h1>", ["h1", "table"]),  # an end tag does not reach past a table
        ("<p><details></p>", ["details"]),  # a block start tag ends the paragraph
        ("<select></p>", ["select"]),  # no tags inside a select
        ("<div><img><br/></div>", []),
    ],
)
def test_which_elements_raw_html_leaves_open(html_text: str, still_open: list[str]) -> None:
    from blogdesk.core.render.commonmark import open_elements

    assert open_elements(html_text) == still_open


def test_heading_ids_follow_each_engine() -> None:
    """Hugo's goldmark makes ids from the heading's source (the installed `hugo` gives
    ``emrawem-html-heading``); markdown-it-anchor (Eleventy) from the text and code only."""
    from blogdesk.core.render.contract import flavour, render_with

    text = "## <em>Raw</em> HTML heading\n\n## An ![icon](i.png) in it\n"
    hugo = [e.id for e in render_with(flavour("hugo"), text).outline]
    eleventy = [e.id for e in render_with(flavour("eleventy"), text).outline]
    assert hugo == ["emrawem-html-heading", "an-iconipng-in-it"]
    assert eleventy == ["raw-html-heading", "an-in-it"]
