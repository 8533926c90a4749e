"""The kramdown family renders a post as Jekyll's kramdown (GFM input) does."""

from __future__ import annotations

from blogdesk.core.render.kramdown import KramdownOptions, render_body


def html(text: str, **options: bool) -> str:
    return render_body(text, KramdownOptions(**options)).html


def test_ial_after_a_block_is_read() -> None:
    # the class it sets is the author's: the sanitizer drops it (issue 12: no theme hijack)
    assert html("A note.\n{: .note}\n") == "<p>A note.</p>\n"
    out = html("- one\n- two\n\n{: .steps}\n\nNext.\n")
    assert "{:" not in out and "<p>Next.</p>" in out


def test_ial_on_its_own_line_after_a_code_block() -> None:
    out = html("```\ncode\n```\n{: .wide}\n")
    assert "{:" not in out and "code" in out


def test_ial_classes_go_through_the_sanitizer_policy() -> None:
    out = html('A note.\n{: .note #x onclick="steal()"}\n')
    assert out == "<p>A note.</p>\n"  # an author's class and handler both dropped


def test_toc_lists_the_headings_with_links() -> None:
    out = html("* Contents\n{:toc}\n\n## Writing\n\n### Drafts\n\n## Publishing\n")
    assert "Contents" not in out and "{:toc}" not in out
    toc = out.split("<h2")[0]
    assert '<a href="#writing"' in toc and '<a href="#drafts"' in toc
    assert '<a href="#publishing"' in toc
    assert toc.count("<ul>") == 2  # drafts nested under writing


def test_abbreviations_wrap_whole_words_and_disappear() -> None:
    out = html("HTML and XHTML.\n\n*[HTML]: HyperText Markup Language\n")
    assert out == '<p><abbr title="HyperText Markup Language">HTML</abbr> and XHTML.</p>\n'


def test_footnotes_as_kramdown_names_them() -> None:
    out = html("A claim[^src].\n\n[^src]: Our test.\n")
    assert '<a href="#fn:src" class="footnote"' in out and ">1</a></sup>" in out
    assert '<li id="fn:src">' in out and "<hr>" not in out


def test_definition_lists_and_strikethrough_and_tasks() -> None:
    out = html("Slug\n: The URL part.\n\n~~gone~~\n\n- [x] done\n")
    assert "<dt>Slug</dt>" in out and "<dd>The URL part.</dd>" in out
    assert "<s>gone</s>" in out and "[x]" not in out


def test_fence_with_attributes_is_not_a_fence_in_kramdown() -> None:
    """kramdown's GFM fence takes one word: Jekyll publishes this as text, so does the preview."""
    out = html("```sh {linenos=true}\n# a comment\n```\n\nAfter.\n")
    assert "<pre>" not in out and "<h1" in out and "After." in out


def test_html_blocks_are_not_markdown() -> None:
    out = html("<details>\n<summary>More</summary>\n\n**raw**\n\n</details>\n\nAfter.\n")
    assert "**raw**" in out and "<strong>" not in out and "<p>After.</p>" in out


def test_paren_lists_are_text_and_numbering_starts_at_one() -> None:
    assert html("3) three\n4) four\n") == "<p>3) three\n4) four</p>\n"
    assert html("7. seven\n8. eight\n").startswith("<ol>\n")


def test_heading_ids_and_explicit_id() -> None:
    out = html("## What's new? {#news}\n\n## Notes & tips\n\n## Notes & tips\n")
    ids = [e.id for e in render_body("## Notes & tips\n\n## Notes & tips\n").outline]
    assert '<h2 id="news">' in out and ids == ["notes--tips", "notes--tips-1"]


def test_smart_quotes_and_symbols_on() -> None:
    assert html('"Yes" -- it\'s done...\n') == "<p>“Yes” – it’s done…</p>\n"
    assert html('"Yes"\n', smart_quotes=False) == '<p>"Yes"</p>\n'


def test_lists_as_kramdown_builds_them() -> None:
    """Checked against jekyll: a new bullet character continues the list, and each item is a
    paragraph when a blank line follows it inside the list."""
    out = html("* stars\n* work\n\n+ plus\n+ works too\n")
    assert out == (
        "<ul>\n<li>stars</li>\n<li>\n<p>work</p>\n</li>\n<li>plus</li>\n<li>works too</li>\n</ul>\n"
    )
    assert html("- a\n\n- b\n") == "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n"


def test_an_escaped_pipe_in_a_table_stays_escaped_in_code() -> None:
    out = html("| a | b |\n|---|---|\n| `x \\| y` | p \\| q |\n")
    assert "<code>x \\| y</code>" in out and "<td>p | q</td>" in out


def test_options_from_jekylls_kramdown_settings() -> None:
    assert KramdownOptions.from_jekyll(None) == KramdownOptions()
    options = KramdownOptions.from_jekyll(
        {"auto_ids": False, "hard_wrap": True, "smart_quotes": "apos,apos,quot,quot"}
    )
    assert (options.auto_ids, options.hard_wrap, options.smart_quotes) == (False, True, False)
    assert render_body('"Yes" -- no.\nNext\n', options).html == '<p>"Yes" – no.<br>\nNext</p>\n'
    assert "<h2>Title</h2>" in render_body("## Title\n", options).html
    assert KramdownOptions.from_jekyll({"parse_block_html": "true"}).parse_block_html


def test_heading_ids_come_from_the_heading_text_as_kramdown_makes_them() -> None:
    """kramdown's auto ids read the heading's text: raw HTML tags, link targets and images
    leave nothing, entities count as their character, abbreviations as their key (each
    expected id is what `jekyll` made of the same heading)."""
    from blogdesk.core.render.contract import flavour, render_with

    text = (
        "## <em>Raw</em> HTML heading\n\n## A [link](https://example.com) inside\n\n"
        "## Fish &amp; chips &copy; 2026\n\n## An ![image](a.png) alt\n\n"
        "## Caf&eacute; _soft_ time\n\n## Tabs <kbd>Ctrl</kbd> & more\n\n## The HTML way\n\n"
        "*[HTML]: HyperText Markup Language\n"
    )
    outline = render_with(flavour("jekyll"), text).outline
    assert [entry.id for entry in outline] == [
        "raw-html-heading", "a-link-inside", "fish--chips--2026", "an--alt",
        "café-soft-time", "tabs-ctrl--more", "the-html-way",
    ]  # fmt: skip
