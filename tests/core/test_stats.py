"""Word, character and reading-time counts match what a reader sees, counted by hand."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blogdesk.core.stats import (
    TextStats,
    count_text,
    format_reading,
    reading_minutes,
    visible_text,
)

# (name, Markdown, visible text, words, characters, characters without spaces); counted by hand.
HAND_COUNTED = [
    (
        "table",
        "| Feature | Words per minute |\n"
        "|:--------|-----------------:|\n"
        "| Hugo    | 213              |\n"
        "| Medium  | 265              |\n",
        "Feature Words per minute\nHugo 213\nMedium 265",
        8,
        42,
        37,
    ),
    (
        "list",
        "- Write the *first* draft\n- [x] Cut it by a third\n1. Read it aloud\n",
        "Write the first draft\nCut it by a third\nRead it aloud",
        12,
        51,
        42,
    ),
    (
        "nested emphasis",
        "***Very*** important, **not _only_ here**.",
        "Very important, not only here.",
        5,
        30,
        26,
    ),
    (
        "link with a long URL",
        "Read [the guide](https://example.com/2024/05/a-very-long-path/with/many/segments"
        '?utm_source=newsletter&utm_medium=email "The guide") today.',
        "Read the guide today.",
        4,
        21,
        18,
    ),
    (
        "HTML block and comment",
        '<figure class="wide">\n'
        '  <img src="chart.png" alt="A chart">\n'
        "  <figcaption>Reading speed by age</figcaption>\n"
        "</figure>\n"
        "<!-- TODO: replace the chart -->\n",
        "Reading speed by age",
        4,
        20,
        17,
    ),
    ("Japanese", "日本語の文章です。", "日本語の文章です。", 8, 9, 9),
    ("Korean", "안녕하세요 세계", "안녕하세요 세계", 7, 8, 7),
    ("Chinese", "我喜欢写博客", "我喜欢写博客", 6, 6, 6),
    # Katakana runs are one word each: コンピューター is one, を, 使 and う one each.
    ("Katakana", "コンピューターを使う", "コンピューターを使う", 4, 10, 10),
    ("mixed scripts", "I read 日本語 books.", "I read 日本語 books.", 6, 17, 14),
    (
        "code span and fenced code",
        "Run `make test` first.\n\n```bash\nmake test\n```\n",
        "Run make test first.\nmake test",
        6,
        29,
        25,
    ),
    (
        "footnote",
        "A claim[^1] here.\n\n[^1]: Source text.\n",
        "A claim here.\nSource text.",
        5,
        25,
        22,
    ),
    (
        "reference link and its definition",
        'See [the post][ref].\n\n[ref]: https://example.com/post "Title"\n',
        "See the post.",
        3,
        13,
        11,
    ),
    ("image alt text", "![A red bicycle](img/bike.jpg)", "A red bicycle", 3, 13, 11),
    ("inline HTML", "Some <em>real</em> text<!-- hidden -->.", "Some real text.", 3, 15, 13),
    ("headings", "# Title #\n\nSub\n===\n\n## Part {#part}\n", "Title\nSub\nPart", 3, 12, 12),
    ("quote", "> To be *or* not\n> to be.\n", "To be or not to be.", 6, 19, 14),
    ("rule", "One\n\n---\n\n* * *\n\nTwo\n", "One\nTwo", 2, 6, 6),
    ("escapes", r"Not \*emphasis\* or \[a link\](x)", "Not *emphasis* or [a link](x)", 5, 29, 25),
    ("dash joins", "Fast—and good – really", "Fast—and good – really", 4, 22, 19),
    ("entities", "Fish &amp; chips&nbsp;tonight", "Fish & chips\u00a0tonight", 3, 20, 17),
    ("snake_case stays", "call snake_case_name now", "call snake_case_name now", 3, 24, 22),
    ("arithmetic star", "2 * 3 = 6", "2 * 3 = 6", 3, 9, 5),
]


@pytest.mark.parametrize(
    ("markdown", "visible", "words", "characters", "no_spaces"),
    [case[1:] for case in HAND_COUNTED],
    ids=[case[0] for case in HAND_COUNTED],
)
def test_counts_what_a_reader_sees(
    markdown: str, visible: str, words: int, characters: int, no_spaces: int
) -> None:
    assert visible_text(markdown) == visible
    assert count_text(markdown) == TextStats(words, characters, no_spaces)


def test_a_short_post_with_everything() -> None:
    """A post mixing the constructs: every visible word counted once, nothing else."""
    body = (
        "# Reading time\n"
        "\n"
        "A **promise** to the [reader](https://example.com/a/b/c?d=e).\n"
        "It wraps onto a second line.\n"
        "\n"
        "- one item\n"
        "- two `items`\n"
        "\n"
        "    indented code here\n"
        "\n"
        "<div>Raw <b>HTML</b></div>\n"
        "\n"
        "| a | b |\n"
        "|---|---|\n"
        "| 1 | 2 |\n"
        "\n"
        "![Alt words](x.png)\n"
        "\n"
        "[ref]: https://example.com\n"
    )
    assert visible_text(body) == (
        "Reading time\n"
        "A promise to the reader. It wraps onto a second line.\n"
        "one item\n"
        "two items\n"
        "indented code here\n"
        "Raw HTML\n"
        "a b\n"
        "1 2\n"
        "Alt words"
    )
    # 2 + 11 + 2 + 2 + 3 + 2 + 2 + 2 + 2
    assert count_text(body).words == 28


def test_code_is_counted_as_written() -> None:
    """Inside code, Markdown and HTML are text the reader sees."""
    body = "```python\nx = a * b  # *not* emphasis, <b>not</b> a tag\n```\n"
    assert visible_text(body) == "x = a * b  # *not* emphasis, <b>not</b> a tag"
    assert count_text(body).words == 8  # x a b emphasis, <b>not</b> a tag; `=`, `*`, `#` are not


def test_unclosed_fence_runs_to_the_end() -> None:
    assert visible_text("Text\n\n~~~\ncode *here*\n\nmore") == "Text\ncode *here*\n\nmore"


def test_script_and_style_blocks_are_dropped() -> None:
    body = (
        "Before\n\n<script>\nlet hidden = 'words';\n</script>\n\n<style>p { x: y }</style>\n\nAfter"
    )
    assert visible_text(body) == "Before\nAfter"


def test_linked_image_keeps_its_alt_text() -> None:
    assert visible_text("[![Build status](https://ci/badge.svg)](https://ci/job)") == "Build status"


def test_link_url_with_parentheses_is_dropped() -> None:
    body = "See [Markdown](https://en.wikipedia.org/wiki/Markdown_(language)) here."
    assert visible_text(body) == "See Markdown here."


def test_autolink_shows_its_address() -> None:
    assert visible_text("Write to <me@example.org> or <https://example.org>.") == (
        "Write to me@example.org or https://example.org."
    )


def test_crlf_and_empty_bodies() -> None:
    assert count_text("One two\r\nthree\r\n") == count_text("One two\nthree\n")
    assert count_text("") == TextStats(0, 0, 0)
    assert count_text("\n\n   \n") == TextStats(0, 0, 0)


@given(st.lists(st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True), max_size=60))
def test_plain_words_are_counted_like_wc(words: list[str]) -> None:
    text = " ".join(words)
    assert count_text(text).words == len(words)
    assert count_text(text).characters_no_spaces == sum(map(len, words))


@given(
    st.from_regex(r"[A-Za-z]{1,10}( [A-Za-z]{1,10}){0,3}", fullmatch=True),
    st.from_regex(r"https://[a-z]{1,10}\.com/[a-z0-9/_-]{0,40}", fullmatch=True),
)
def test_link_urls_never_count(text: str, url: str) -> None:
    assert visible_text(f"Go [{text}]({url}) now") == f"Go {text} now"


@pytest.mark.parametrize(
    ("words", "wpm", "minutes"),
    [(0, 200, 0), (1, 200, 1), (200, 200, 1), (201, 200, 2), (933, 200, 5), (933, 160, 6)],
)
def test_reading_minutes_round_up_at_least_one_for_text(words: int, wpm: int, minutes: int) -> None:
    assert reading_minutes(words, wpm) == minutes


def test_reading_speed_must_be_positive() -> None:
    with pytest.raises(ValueError, match="reading speed"):
        reading_minutes(100, 0)


@pytest.mark.parametrize(
    ("words", "wpm", "shown"),
    [
        (933, 160, "6 min read · 933 words"),
        (933, 200, "5 min read · 933 words"),
        (1, 200, "1 min read · 1 word"),
        (0, 200, "0 min read · 0 words"),
        (1204, 200, "7 min read · 1,204 words"),
        (1_000_000, 250, "4000 min read · 1,000,000 words"),
    ],
)
def test_display_form(words: int, wpm: int, shown: str) -> None:
    assert format_reading(words, wpm) == shown


def test_a_long_post_is_counted_quickly() -> None:
    """100k words count in well under a keystroke's budget (about 40 ms here; the bound is loose
    because the test machines are shared)."""
    section = (
        "## A heading\n\n"
        "Some *emphasis* and **strong** words with a [link](https://example.com/a/long/path) "
        "and `code`, then an ![image](pic.png) and plain prose that goes on for a while.\n"
        "It wraps onto another line, as many editors do.\n\n"
        "- a list item\n- another one\n\n"
        "```python\nprint('code')\n```\n\n"
    )
    body = section * (100_000 // count_text(section).words + 1)
    assert count_text(body).words >= 100_000
    started = time.perf_counter()
    count_text(body)
    assert time.perf_counter() - started < 0.5


@given(st.text(alphabet=st.sampled_from("ab 日\n\t*_`~#>|-[]()!<>&;\\:=.1"), max_size=300))
def test_any_text_counts_without_error(text: str) -> None:
    counts = count_text(text)
    assert 0 <= counts.characters_no_spaces <= counts.characters
    assert counts.words <= counts.characters_no_spaces


@given(
    st.text(
        alphabet=st.one_of(
            st.characters(max_codepoint=127), st.sampled_from(" -_|*.,'\"\u00a0—日é")
        ),
        max_size=200,
    )
)
def test_a_word_is_a_token_with_a_letter_or_digit(text: str) -> None:
    """The counted words of visible text (ASCII or not) are its whitespace-separated tokens
    holding a letter or a digit (the em dash separates words, a CJK ideograph is one)."""
    from blogdesk.core.stats import count_visible

    spaced = text.replace("—", " ").replace("日", " 日 ")
    expected = sum(1 for token in spaced.split() if any(c.isalnum() and c != "_" for c in token))
    assert count_visible(text).words == expected


@pytest.mark.parametrize(
    "text",
    ["[" * 50_000, "![" * 30_000, "<div " * 20_000, "<!-- " * 20_000, "[a](b 'c " * 20_000],
    ids=["brackets", "images", "tags", "comments", "titles"],
)
def test_malformed_input_stays_linear(text: str) -> None:
    """Unclosed brackets, tags and comments do not make a regex rescan the rest each time."""
    started = time.perf_counter()
    count_text(text)
    assert time.perf_counter() - started < 1.0


# --- document statistics and the writing session (the statistics panel) -----------------------


def test_document_statistics_count_sentences_paragraphs_and_readability() -> None:
    from blogdesk.core.stats import document_statistics

    body = (
        "# A title\n\nThe cat sat on the mat. It was happy! Was it?\n\n"
        "- one list item\n\n```\nprint('code. is. not. sentences')\n```\n"
    )
    stats = document_statistics(body)
    # the heading, three sentences and the list item; the code has no sentences
    assert (stats.sentences, stats.paragraphs) == (5, 3)
    assert stats.longest_sentence == 6
    assert stats.average_sentence == round((2 + 6 + 3 + 2 + 3) / 5, 1)
    assert stats.words == count_text(body).words
    assert stats.reading_ease is not None and stats.reading_ease > 80  # short, plain words


def test_reading_ease_is_lower_for_long_words_and_sentences() -> None:
    from blogdesk.core.stats import document_statistics

    plain = document_statistics("We sat. We ate. It was good. The sun set.")
    dense = document_statistics(
        "Institutional considerations notwithstanding, comprehensive organizational "
        "restructuring necessitates extraordinarily sophisticated administrative coordination."
    )
    assert plain.reading_ease is not None and dense.reading_ease is not None
    assert plain.reading_ease > 90 > 0 > dense.reading_ease
    assert document_statistics("Nous lisons.", english=False).reading_ease is None


def test_an_empty_body_has_no_sentences() -> None:
    from blogdesk.core.stats import document_statistics

    stats = document_statistics("")
    assert (stats.words, stats.sentences, stats.paragraphs, stats.reading_minutes) == (0, 0, 0, 0)
    assert stats.reading_ease is None


def test_syllables() -> None:
    from blogdesk.core.stats import syllables

    assert [syllables(w) for w in ("cat", "table", "reading", "made", "beautiful")] == [
        1, 2, 2, 1, 3,
    ]


def test_writing_session_counts_words_and_time_across_posts() -> None:
    from pathlib import Path

    from blogdesk.core.writing_session import WritingSession

    session = WritingSession(goal=100, pause=60)
    a, b = Path("a.md"), Path("b.md")
    session.opened(a, 500)
    session.edited(a, 530, now=0.0)
    session.edited(a, 560, now=30.0)  # 30 s of writing
    session.opened(b, 10)
    session.edited(b, 5, now=40.0)  # 10 s more; five words deleted in b
    session.edited(b, 25, now=400.0)  # after a break: no time added
    assert session.words_written == 60 + 15
    assert session.seconds_writing == 40.0
    assert session.progress == 0.75
    session.moved(b, Path("c.md"))
    session.opened(Path("c.md"), 25)  # reopening the renamed post keeps its starting count
    assert session.words_written == 75
    assert session.summary() == "75 of 100 words this session · 0 min writing"
    assert WritingSession().progress is None
