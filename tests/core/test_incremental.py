"""Incremental rendering: after every edit the preview HTML is exactly what a full render gives."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from blogdesk.core.incremental import IncrementalRenderer, IncrementalResult
from blogdesk.core.render import RenderOptions, render

_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}


class _TopLevelNodes(HTMLParser):
    """Top-level elements and non-blank text runs, as a browser's container would hold them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.nodes = 0
        self.after_tag = True

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if self.depth == 0:
            self.nodes += 1
        if tag not in _VOID:
            self.depth += 1
        self.after_tag = True

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.depth -= 1
        self.after_tag = True

    def handle_data(self, data: str) -> None:
        if self.depth == 0 and data.strip() and self.after_tag:
            self.nodes += 1
            self.after_tag = False


def top_level_nodes(html: str) -> int:
    parser = _TopLevelNodes()
    parser.feed(html)
    parser.close()
    return parser.nodes


DEFAULT = RenderOptions()


def check(
    renderer: IncrementalRenderer, body: str, options: RenderOptions = DEFAULT
) -> IncrementalResult:
    """Render incrementally and assert it is what a full render of the same body gives."""
    result = renderer.render(body)
    expected = render(body, options)
    assert "internal error" not in result.reason
    assert result.html == expected.html
    assert result.outline == expected.outline
    assert "".join(block.html for block in result.blocks) == result.html
    for block in result.blocks:
        assert block.nodes == top_level_nodes(block.html), block.html
    return result


def edits(renderer: IncrementalRenderer, *bodies: str) -> list[IncrementalResult]:
    return [check(renderer, body) for body in bodies]


PARAGRAPHS = "\n\n".join(f"Paragraph {i} says something about writing." for i in range(12))


# --- the document-wide context ------------------------------------------------------------------


def test_reference_defined_far_below_its_use() -> None:
    """A link whose definition is typed at the other end of the post becomes a link."""
    renderer = IncrementalRenderer()
    body = f"See [the guide][g] first.\n\n{PARAGRAPHS}\n"
    first, second, third = edits(
        renderer,
        body,
        body + "\n[g]: https://example.com/guide\n",
        body + "\n[g]: https://example.com/other 'Other'\n",
    )
    assert "[the guide][g]" in first.html
    assert 'href="https://example.com/guide"' in second.html
    assert second.changed[0] == 0  # the paragraph that uses it, and the new definition
    assert 'title="Other"' in third.html
    assert not third.full


def test_reference_defined_inside_a_footnote() -> None:
    """Python-Markdown defines references found inside footnote text after the whole body."""
    renderer = IncrementalRenderer()
    body = "Use [x] and a note.[^1]\n\n[^1]: The note.\n[x]: https://example.com/x\n"
    result = check(renderer, body)
    assert 'href="https://example.com/x"' in result.html


def test_abbreviation_defined_elsewhere() -> None:
    renderer = IncrementalRenderer()
    body = f"The HTML spec.\n\n{PARAGRAPHS}\n\nNo abbreviation here.\n"
    _, defined, removed = edits(
        renderer, body, body + "\n*[HTML]: HyperText\n", body + '\n*[HTML]: ""\n'
    )
    assert '<abbr title="HyperText">HTML</abbr>' in defined.html
    assert "<abbr" not in removed.html


def test_footnotes_are_numbered_over_the_whole_document() -> None:
    """Adding a footnote early renumbers every later reference and the list at the end."""
    renderer = IncrementalRenderer()
    tail = f"{PARAGRAPHS}\n\nLate claim.[^late]\n\n[^late]: Late note.\n"
    before, after = edits(
        renderer, tail, f"Early claim.[^early]\n\n[^early]: Early note.\n\n{tail}"
    )
    assert 'href="#fn:late" rel="noopener noreferrer">1</a>' in before.html
    assert 'href="#fn:late" rel="noopener noreferrer">2</a>' in after.html


def test_a_footnote_referenced_twice_gets_back_references_in_inline_order() -> None:
    """fnref2 follows Python-Markdown's breadth-first order: a list item comes after paragraphs."""
    renderer = IncrementalRenderer()
    body = (
        "- A list item cites it.[^a]\n\n"
        f"{PARAGRAPHS}\n\n"
        "A later paragraph cites it too.[^a]\n\n"
        "| a | b |\n|---|---|\n| in a table[^a] | x |\n\n"
        "[^a]: The note, cited thrice.\n"
    )
    result = check(renderer, body)
    assert 'id="fnref2:a"' in result.html and 'id="fnref3:a"' in result.html
    check(renderer, body.replace("A later paragraph cites it too.[^a]", "No citation."))


def test_duplicate_headings_get_ids_in_document_order() -> None:
    renderer = IncrementalRenderer()
    body = f"## Setup\n\n{PARAGRAPHS}\n\n## Setup\n\nText.\n"
    one, two = edits(renderer, body, "## Setup\n\nIntro.\n\n" + body)
    assert [h.id for h in one.outline] == ["setup", "setup-1"]
    assert [h.id for h in two.outline] == ["setup", "setup-1", "setup-2"]


def test_an_explicit_id_further_down_moves_an_earlier_heading_id() -> None:
    renderer = IncrementalRenderer()
    body = f"## Intro\n\n{PARAGRAPHS}\n"
    _, result = edits(renderer, body, body + "\nA paragraph.\n{: #intro}\n")
    assert result.outline[0].id == "intro-1"


# --- where Python-Markdown splits blocks ---------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # a loose list: items separated by blank lines are one list
        ("- one\n\n- two\n", "- one\n\n- two\n\n- three\n"),
        ("- one\n- two\n\nAfter.\n", "- one\n- two\n\n- three\n\nAfter.\n"),
        # an indented paragraph continues the list item above
        ("- item\n\nNext.\n", "- item\n\n    continued\n\nNext.\n"),
        # indented code continues across blank lines
        ("    code 1\n\nText.\n", "    code 1\n\n    code 2\n\nText.\n"),
        # a quote continues across a blank line
        ("> one\n\nText.\n", "> one\n\n> two\n\nText.\n"),
        # a definition line makes the paragraph above a term
        ("Term\n\nText.\n", "Term\n\n: The definition.\n\nText.\n"),
        # setext heading, tables
        ("Title\n\nText.\n", "Title\n=====\n\nText.\n"),
        ("| a | b |\n\nText.\n", "| a | b |\n|---|---|\n| 1 | 2 |\n\nText.\n"),
        # blank lines after indented code
        ("    code\n\n\n\n```\nx\n```\n", "    code\n\n\n\n\n```\nx\n```\n"),
    ],
)
def test_blocks_that_continue_across_blank_lines(before: str, after: str) -> None:
    renderer = IncrementalRenderer()
    edits(
        renderer,
        f"{PARAGRAPHS}\n\n{before}\n{PARAGRAPHS}",
        f"{PARAGRAPHS}\n\n{after}\n{PARAGRAPHS}",
    )


@pytest.mark.parametrize(
    "middle", ["A paragraph.", "~~~\n\ncode with a blank line\n~~~", "# Heading"]
)
def test_a_definition_takes_the_paragraph_above_and_joins_the_list_above_that(middle: str) -> None:
    """`: def` makes the block above it a term and appends both to a definition list above."""
    renderer = IncrementalRenderer()
    body = f"{PARAGRAPHS}\n\nTerm\n: One.\n\n{middle}\n\nText.\n"
    edits(renderer, body, body.replace("\n\nText.", "\n\n: Two.\n\nText."), body)


def test_text_typed_above_the_first_paragraph_of_a_definition_list() -> None:
    """The old first chunk was never checked against a definition below it."""
    renderer = IncrementalRenderer()
    body = "A paragraph.\n\n: A definition for it.\n"
    edits(renderer, body, "\nTerm\n: Its definition.\n\n" + body)


def test_typing_a_code_fence_half_way_re_pairs_every_fence_below() -> None:
    """An opening fence typed above other code turns the rest of the post inside out."""
    renderer = IncrementalRenderer()
    body = f"Intro.\n\n{PARAGRAPHS}\n\n```python\nx = 1\n```\n\nMiddle.\n\n~~~\ny\n~~~\n\nEnd.\n"
    cut = body.index("Paragraph 3")
    typed = [body[:cut] + fence + body[cut:] for fence in ("`", "``", "```", "```\n", "```py\n")]
    results = edits(renderer, body, *typed, body)
    assert "<pre" in results[4].html
    assert results[-1].html == results[0].html


def test_typing_a_whole_code_block_key_by_key() -> None:
    """Every state while typing, from the first backtick to the closing fence, renders right."""
    renderer = IncrementalRenderer()
    head, tail = PARAGRAPHS[:200], PARAGRAPHS[200:] + "\n\n```\nlater code\n```\n\nEnd.\n"
    typed = "\n\n```python\nprint('hi')\n\nx = [1]\n```\n\n"
    for n in range(len(typed) + 1):
        check(renderer, head + typed[:n] + tail)


def test_raw_html_blocks_spanning_blank_lines() -> None:
    renderer = IncrementalRenderer()
    block = '<div class="note">\n\nInside *not* Markdown.\n\n</div>\n'
    body = f"{PARAGRAPHS}\n\n{block}\n{PARAGRAPHS}\n"
    opened = body.replace("</div>\n", "")
    edits(renderer, body, opened, body, body.replace("<div", "<details><div") + "</details>\n")


@pytest.mark.parametrize(
    "html",
    [
        "Some <b>bold that never closes.",
        "<p>An open paragraph",
        "<script>alert(1)</script>",
        "<!-- a comment that never closes",
        '<img src="x.png"\n     alt="multi-line tag">',
        "<table><tr><td>foster",
        "<textarea>swallow",
    ],
)
def test_raw_html_that_leaves_something_open(html: str) -> None:
    """What raw HTML leaves open changes what the sanitizer makes of everything after it."""
    renderer = IncrementalRenderer()
    body = f"{PARAGRAPHS}\n\n{html}\n\n{PARAGRAPHS}\n"
    edits(renderer, body, body.replace("Paragraph 11", "Paragraph eleven"), PARAGRAPHS)


def test_a_less_than_sign_in_prose_reaches_as_far_as_the_html_extractor_reads() -> None:
    """`x<y` starts a tag for the extractor, which may swallow a <div> paragraphs below."""
    renderer = IncrementalRenderer()
    body = f"If x<y then\n\n<div>\nraw *text*\n</div>\n\n{PARAGRAPHS}\n"
    edits(renderer, body, body.replace("x<y", "x< y"), body.replace("<div>", "<div> "))


def test_a_malformed_character_reference_changes_how_later_html_is_read() -> None:
    """After a bad "&#", Python-Markdown's HTML extractor reads later raw HTML differently."""
    renderer = IncrementalRenderer()
    body = f"Broken &#x; and &#;\n\n<div>\n\nInside.\n\n</div>\n\n{PARAGRAPHS}\n"
    broken, fixed, again = edits(renderer, body, body.replace("&#x; and &#;", "&#x41;"), body)
    assert broken.full and again.full and not fixed.full
    check(renderer, "\n\n" + body)  # where it happens matters


def test_a_quoted_attribute_running_over_blank_lines() -> None:
    renderer = IncrementalRenderer()
    body = f'<div class="box">\n\nInside.\n\n</div>\n\n{PARAGRAPHS}\n'
    split = body.replace('class="box', 'class="box\n\nA paragraph typed in the tag.\n\n')
    edits(renderer, body, split, body.replace('"box"', '"box'), body)


def test_a_less_than_sign_in_inline_code_keeps_later_edits_incremental() -> None:
    renderer = IncrementalRenderer()
    body = f"Loop while `i<n` holds.\n\n{PARAGRAPHS}\n"
    check(renderer, body)
    result = check(renderer, body.replace("Paragraph 9 says", "Paragraph 9 sayz"))
    assert len(result.changed) == 1 and not result.full


def test_remote_images_blocked_the_same_way() -> None:
    options = RenderOptions(allow_remote_images=False, smart_quotes=False, highlight=False)
    renderer = IncrementalRenderer(options)
    body = f'![a](https://example.com/a.png "t")\n\n{PARAGRAPHS}\n\n```py\nx = "1"\n```\n'
    check(renderer, body, options)
    check(renderer, body.replace("Paragraph 4", "Paragraph four"), options)


# --- blocks for patching the preview -------------------------------------------------------------


def test_a_one_character_edit_changes_one_block() -> None:
    renderer = IncrementalRenderer()
    body = f"# Title\n\n{PARAGRAPHS}\n\n- a\n- b\n\n```\ncode\n```\n"
    first = check(renderer, body)
    second = check(renderer, body.replace("Paragraph 5 says", "Paragraph 5 sayz"))
    assert len(second.changed) == 1
    index = second.changed[0]
    assert second.splice == (index, 1, 1)
    assert "sayz" in second.blocks[index].html
    assert [b.key for i, b in enumerate(second.blocks) if i != index] == [
        b.key for i, b in enumerate(first.blocks) if i != index
    ]
    assert sum(block.nodes for block in second.blocks) == top_level_nodes(second.html)


def test_inserting_a_paragraph_splices_the_blocks() -> None:
    renderer = IncrementalRenderer()
    first = check(renderer, PARAGRAPHS)
    second = check(renderer, PARAGRAPHS.replace("\n\nParagraph 6", "\n\nNew one.\n\nParagraph 6"))
    start, removed, inserted = second.splice
    assert len(second.blocks) == len(first.blocks) + 1
    assert inserted == removed + 1
    new_blocks = second.blocks[start : start + inserted]
    assert any("New one." in block.html for block in new_blocks)


def test_fallback_is_a_full_render_and_says_why() -> None:
    renderer = IncrementalRenderer()
    result = check(renderer, f"[TOC]\n\n## One\n\n{PARAGRAPHS}\n")
    assert result.full and "TOC" in result.reason
    assert not check(renderer, f"## One\n\n{PARAGRAPHS}\n").full


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("Note.[^1]\n\n[^1]: One.\n    [^2]: Nested in it.\n", "footnote"),
        ("In 2024 it rained.\n\n*[2024]: The year.\n", "abbreviation"),
        ("Text.\n\n///Footnotes Go Here///\n\nMore.[^1]\n\n[^1]: One.\n", "marker"),
    ],
)
def test_what_is_not_modelled_falls_back_to_a_full_render(body: str, why: str) -> None:
    result = check(IncrementalRenderer(), body)
    assert result.full and why in result.reason


def test_where_python_markdown_itself_fails_so_does_the_incremental_renderer() -> None:
    """A footnote defined inside another's text crashes Python-Markdown: never a different page."""
    body = "[^a]:[^b]: x\n\n[^c]: y\n"
    with pytest.raises(RuntimeError):
        render(body)
    with pytest.raises(RuntimeError):
        IncrementalRenderer().render(body)


def test_empty_and_blank_bodies() -> None:
    renderer = IncrementalRenderer()
    assert edits(renderer, "", "   \n\n", "x", "")[1].blocks == ()
