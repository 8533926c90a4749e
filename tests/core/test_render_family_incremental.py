"""Property: the CommonMark and kramdown families rendered incrementally equal a full render.

After every edit of a random sequence, on random documents built from the blocks of the
fidelity fixture posts (every construct the families are checked on against the real engines)
and from pieces that interact across blocks, :class:`IncrementalFamily` gives exactly what the
family's ``render_body`` gives: the HTML, the blocks with their lines, and the outline.

The cut itself is kept from edit to edit (:func:`plan_chunks` scans again only from just
before the edit until the chunks line up with the old ones): after every edit it equals the cut
of the whole text, chunk starts and texts.

Set BLOGDESK_PROPERTY_EXAMPLES to run more examples, or BLOGDESK_LONG_RUN=1 for the long run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from blogdesk.core.render.commonmark import CommonMarkOptions
from blogdesk.core.render.contract import Flavour, flavour, render_with
from blogdesk.core.render.family_incremental import IncrementalFamily, chunk_starts, plan_chunks
from blogdesk.core.render.kramdown import KramdownOptions

FIXTURES = Path(__file__).resolve().parent.parent / "fidelity" / "posts"

#: Every blank-line-separated block of the fidelity fixtures, and a few that reach across blocks.
BLOCKS = [
    *sorted(
        {
            block.strip("\n")
            for post in sorted(FIXTURES.glob("*.md"))
            for block in post.read_text(encoding="utf-8").split("\n\n")
            if block.strip()
        }
    ),
    "## Setup",
    "## Setup",
    "## Setup {#setup}",
    "### Setup-1",
    "# Vite {#setup .big}",
    "A paragraph that uses [a reference][ref] and [another] one.",
    "[ref]: https://example.com/ref 'Ref'",
    "[another]: /local/page",
    "*[HTML]: HyperText Markup Language",
    "The HTML of it.",
    "Term\n\n: A definition after a blank line.",
    ": A definition for whatever is above.",
    "{: .note}",
    "A paragraph.\n{: .lead}",
    "<!-- a comment\n\nthat runs on -->",
    "<script>\nlet a = 1;\n\nlet b = 2;\n</script>",
    "<details>\n<summary>More</summary>\n\nHidden *text*.\n\n</details>",
    "<div>\n\n*inside*\n\n</div>",
    "<div>",
    "</div>",
    "<b>bold <details>",
    "```sh {linenos=true}\n# a comment\n\nls\n```",
    "```",
    "- item\n\n  more of the item\n\n- next",
    "3) third\n4) fourth",
    "1. one\n\n    indented continuation",
]  # fmt: skip

PIECES = [
    "\n", "\n\n", "    ", "  ", "- ", "* ", "1. ", "3) ", "> ", ": ", "```", "```\n", "~~~\n",
    "[ref]", "[another]: https://example.com/another\n", "*[HTML]: changed\n", "# ", "## Setup\n",
    "===\n", "<div>\n", "</div>\n", "<details>", "</details>", "<b>", "</b>", "<!--", "-->", "|",
    "*", "`", "\t", "{#setup}", "{: .x}", '"', "'", "~~", "- [ ] ", "https://example.com/x ",
    "^[an inline note]", "[^1]", "[^1]: a note\n", "\n```\n", "\n~~~~\n", "\n<div>\n",
    "\n</div>\n", "\n<!--\n", "\n-->\n", "---\ntitle: A post\n---\n", "+++\n", "\n[ref]: /moved\n",
    "\n\n[^1]: a note\n\n", "\nTerm\n: definition\n",
]  # fmt: skip

edit = st.one_of(
    st.tuples(st.just("char"), st.floats(0, 1), st.sampled_from(list("ab *_`#>-[]:|<{}\n"))),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 12)),
    st.tuples(st.just("piece"), st.floats(0, 1), st.sampled_from(PIECES)),
    st.tuples(st.just("line"), st.floats(0, 1), st.sampled_from(BLOCKS)),
    st.tuples(st.just("drop-line"), st.floats(0, 1), st.just("")),
    # a span across chunk boundaries: a selection deleted, or a paste over it
    st.tuples(st.just("span"), st.floats(0, 1), st.tuples(st.integers(1, 400),
                                                          st.sampled_from(["", *PIECES]))),
    st.tuples(st.just("start"), st.just(0.0), st.sampled_from(PIECES)),
    st.tuples(st.just("end"), st.just(1.0), st.sampled_from(PIECES)),
)


def apply(body: str, kind: str, where: float, what: object) -> str:
    pos = int(where * len(body))
    if kind in ("char", "piece"):
        return body[:pos] + str(what) + body[pos:]
    if kind == "delete":
        return body[:pos] + body[pos + int(str(what)) :]
    if kind == "span":
        length, pasted = what  # type: ignore[misc]
        return body[:pos] + pasted + body[pos + length :]
    if kind == "start":
        return str(what) + body
    if kind == "end":
        return body + str(what)
    lines = body.split("\n")
    index = int(where * len(lines))
    if kind == "line":
        lines[index:index] = ["", str(what), ""]
    elif lines:
        del lines[min(index, len(lines) - 1)]
    return "\n".join(lines)


FLAVOURS = {
    "hugo": flavour("hugo"),
    "hugo-unsafe": Flavour(
        "hugo", "commonmark", CommonMarkOptions.for_generator("hugo", unsafe=True)),
    "eleventy": flavour("eleventy"),
    "zola": flavour("zola"),
    "jekyll": flavour("jekyll"),
    "jekyll-block-html": Flavour("jekyll", "kramdown", KramdownOptions(parse_block_html=True)),
}  # fmt: skip


def assert_same(renderer: IncrementalFamily, chosen: Flavour, body: str) -> None:
    assert renderer.render(body) == render_with(chosen, body), body


LONG = bool(os.environ.get("BLOGDESK_LONG_RUN"))
EXAMPLES = int(os.environ.get("BLOGDESK_PROPERTY_EXAMPLES", "2000" if LONG else "40"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    blocks=st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=14),
    steps=st.lists(edit, max_size=20),
    name=st.sampled_from(sorted(FLAVOURS)),
)
@example(["## Setup", "## Setup {#setup}"], [("line", 0.0, "## Setup")], "hugo")
@example(["Term", ": def", "Other"], [("char", 0.5, "\n")], "jekyll")
# footnotes are numbered across the document: a reference typed above renumbers those below
@example(
    ["A note^[inline one] here[^a].", "More^[second] too[^b][^a].", "[^a]: Note a.",
     "[^b]: Note b[^a]."],
    [("line", 0.0, "First[^b]."), ("line", 0.5, "[^a]: Again.")],
    "hugo",
)  # fmt: skip
@example(["Text[^n].", "[^n]: A note.\n\n    Its second paragraph."], [("char", 0.1, "x")],
         "jekyll")
# a kramdown fence in a list item needs its closing fence inside the item
@example(["- ```bash\n# not a heading\n\necho\n```"], [], "jekyll")
# an inline footnote's text gets smart quotes in the list at the end, as in a full render
@example(["## Thursday"], [("piece", 0.0, "^[an inline note]"), ("piece", 0.5, "'")], "hugo")
# a fence at column 0 under a footnote's text ends the footnote, whatever its container
@example(["[^n]: A note.\n```python\n# not a heading\n```", "```\ninner\n```"], [], "jekyll")
# a definition renders nothing: kramdown joins the lists on both sides of it
@example(["- ", "[another]: https://example.com/another\n+ plus"], [], "jekyll")
# a fence opened far above the edit, then closed again; a definition moved to the end
@example(
    ["Top.", "Para one.", "Para two.", "[ref]: /first", "Uses [ref].", "Para three.", "End."],
    [("start", 0.0, "\n```\n"), ("char", 0.9, "x"), ("delete", 0.0, 5),
     ("end", 1.0, "\n[ref]: /moved\n"), ("span", 0.3, (40, "")), ("char", 0.5, "y")],
    "hugo",
)  # fmt: skip
# kramdown's raw element closed far below: the edit moves its end
@example(
    ["<div>", "Inside.", "More inside.", "</div>", "After.", "Later.", "Last."],
    [("char", 0.6, "x"), ("piece", 0.5, "\n</div>\n"), ("piece", 0.0, "\n<div>\n"),
     ("char", 0.99, "z")],
    "jekyll",
)  # fmt: skip
def test_every_edit_renders_like_a_full_render(
    blocks: list[str], steps: list[tuple[str, float, object]], name: str
) -> None:
    chosen = FLAVOURS[name]
    renderer = IncrementalFamily(chosen.family, chosen.options)
    body = "\n\n".join(blocks) + "\n"
    assert_same(renderer, chosen, body)
    for kind, where, what in steps:
        body = apply(body, kind, where, what)
        assert_same(renderer, chosen, body)


def test_a_long_post_is_cut_into_many_chunks_and_an_edit_parses_one() -> None:
    """The chunks are real: a post of many paragraphs has one per paragraph, and typing into
    one paragraph parses only that one again (the others come from the cache)."""
    body = "\n\n".join(f"Paragraph {n} of the post, *plain* prose." for n in range(200)) + "\n"
    assert len(chunk_starts(body.split("\n"))) == 200
    chosen = flavour("hugo")
    renderer = IncrementalFamily(chosen.family, chosen.options)
    renderer.render(body)
    parsed: list[str] = []
    real = renderer._block_phase

    def counting(md, text):  # type: ignore[no-untyped-def]
        parsed.append(text)
        return real(md, text)

    renderer._block_phase = counting  # type: ignore[method-assign]
    edited = body.replace("Paragraph 100 of", "Paragraph 100 (edited) of")
    assert renderer.render(edited) == render_with(chosen, edited)
    assert parsed == ["Paragraph 100 (edited) of the post, *plain* prose.\n\n"]


def test_nothing_is_cut_inside_a_fence_a_comment_or_a_list() -> None:
    lines = [
        "```", "", "code", "```", "", "After the fence.", "", "<!--", "", "still a comment",
        "-->", "", "- item", "", "- item", "", "Last.",
    ]  # fmt: skip
    starts = chunk_starts(lines)
    assert starts == [0, 5, 7, 16]  # the second item continues the list


MODES = [(False, False), (True, False), (True, True)]  # (kramdown, its raw HTML elements)


@settings(
    max_examples=EXAMPLES * 3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    blocks=st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=40),
    steps=st.lists(edit, min_size=1, max_size=30),
    mode=st.sampled_from(MODES),
)
# kramdown's raw element never closed: the text's end decides, so a line added there (with or
# without a line break before it) can close it and join every chunk below its opening tag
@example(["<div>", "Inside.", "After.", "More.", "Para."], [("end", 1.0, "</div>\n")],
         (True, True))
@example(["<div>", "Inside.", "After.", "More.", "Para."],
         [("drop-line", 1.0, ""), ("end", 1.0, "\n</div>")], (True, True))
@example(["Para.", "Two.", "Three."], [("span", 0.0, (1000, ""))], (False, False))
@example(["```", "code", "", "more", "Four.", "Five."], [("end", 1.0, "\n```\n")], (False, False))
def test_the_cut_kept_from_edit_to_edit_is_the_cut_of_the_whole_text(
    blocks: list[str], steps: list[tuple[str, float, object]], mode: tuple[bool, bool]
) -> None:
    """After each edit the kept plan equals a fresh cut: the same chunk starts, and chunk texts
    that join back to the text."""
    kramdown, raw_html = mode
    body = "\n\n".join(blocks) + "\n"
    plan = plan_chunks(body.split("\n"), kramdown, raw_html, None)
    for kind, where, what in steps:
        body = apply(body, kind, where, what)
        lines = body.split("\n")
        plan = plan_chunks(lines, kramdown, raw_html, plan)
        fresh = plan_chunks(lines, kramdown, raw_html, None)
        assert plan.starts == fresh.starts == chunk_starts(lines, kramdown, raw_html), body
        assert plan.texts == fresh.texts, body
        assert "".join(plan.texts) == body


def test_an_edit_in_a_long_post_scans_only_near_the_edit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typing into the middle of a 2,000-paragraph post scans a handful of lines, not all."""
    from blogdesk.core.render import family_incremental

    body = "\n\n".join(f"Paragraph {n} of the post, *plain* prose." for n in range(2000)) + "\n"
    plan = plan_chunks(body.split("\n"), False, False, None)
    scanned: list[int] = []
    real = family_incremental._starts_afresh

    def counting(lines: list[str], at: int) -> bool:
        scanned.append(at)
        return real(lines, at)

    monkeypatch.setattr(family_incremental, "_starts_afresh", counting)
    edited = body.replace("Paragraph 1000 of", "Paragraph 1000 (edited) of")
    plan = plan_chunks(edited.split("\n"), False, False, plan)
    monkeypatch.undo()
    assert plan.starts == chunk_starts(edited.split("\n"))
    assert len(scanned) <= 4, scanned
    assert plan.texts[1000] == "Paragraph 1000 (edited) of the post, *plain* prose.\n\n"
