"""The one set of Markdown line rules (core.markdown_lines): what the outline lists as headings,
and the fences the highlighter and the statistics both go by."""

from __future__ import annotations

from blogdesk.core import stats
from blogdesk.core.markdown_lines import closes_fence, fence_of, headings


def test_headings_are_the_ones_the_page_shows_and_nothing_in_code_or_comments() -> None:
    body = (
        "# Start *here*\n\ntext\n\n```sh\n# not a heading\n```\n\n<!--\n## hidden\n-->\n"
        "Setext [link](http://x)\n=====\n\n- item\n---\n\n## Last {#last}\n"
    )
    found = [(h.level, h.text, h.line) for h in headings(body)]
    assert found == [(1, "Start here", 0), (1, "Setext link", 11), (2, "Last", 17)]


def test_a_fence_closes_only_with_its_own_run() -> None:
    assert fence_of("````py") == "````"
    assert not closes_fence("````", "```")
    assert closes_fence("````", "````  ")
    assert not closes_fence("```", "``` more")


def test_an_indented_fence_is_code_for_the_statistics() -> None:
    """A fence inside a list item: its lines keep their characters (code), unlike prose."""
    fenced = "- step one\n\n  ```\n  x = *a* + _b_\n  ```\n"
    assert stats.visible_text(fenced) == "step one\nx = *a* + _b_"
    assert stats.visible_text("- step one\n\n  x = *a* + _b_\n") == "step one\nx = a + b"
