"""Spell checking: which words are prose, where they are, and the word lists a blog keeps."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from blogdesk.core.spelling import (
    BLOG_WORDS_NAME,
    DictionaryMissing,
    FileSpeller,
    ScanOptions,
    SpellChecker,
    WordList,
    dictionary_tag,
    post_language,
    prose_words,
)


class FakeDictionary:
    """A dictionary of a few words, so the scanner's tests do not depend on Hunspell's."""

    def __init__(self, words: str) -> None:
        self.words = set(words.split())

    def check(self, word: str) -> bool:
        return word in self.words or word.lower() in self.words

    def suggest(self, word: str) -> list[str]:
        return sorted(w for w in self.words if w[:1] == word[:1].lower())


def words(text: str, **options: bool) -> list[str]:
    return [w.text for w in prose_words(text, ScanOptions(**options))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plain words here", ["Plain", "words", "here"]),
        ("Run `teh code` now", ["Run", "now"]),
        ("Run ``a ` tick`` now", ["Run", "now"]),
        ("See [the page](https://example.org/wrod) now", ["See", "the", "page", "now"]),
        ("An ![alt text](images/pictre.png)", ["An", "alt", "text"]),
        ("A [ref link][wrodref] here", ["A", "ref", "link", "here"]),
        ("[wrodref]: https://example.org/teh", []),
        ("Visit https://example.org/teh or www.exmple.org today", ["Visit", "or", "today"]),
        ("Mail hanna@exmple.org or <mailto:hanna@exmple.org>", ["Mail", "or"]),
        ('Some <span class="teh">inner</span> text', ["Some", "inner", "text"]),
        ("Before <!-- a coment\nover lines --> after", ["Before", "after"]),
        ('A {{< figure src="teh.png" >}} shortcode', ["A", "shortcode"]),
        ("Inner {{% note %}}wrods{{% /note %}} kept", ["Inner", "wrods", "kept"]),
        ("Liquid {{ site.url }} and {% include teh.html %}", ["Liquid", "and"]),
        ("A heading {#custm-id .clss}", ["A", "heading"]),
        ("Copy &amp; paste &#8212; done", ["Copy", "paste", "done"]),
        ("A note[^teh] here", ["A", "note", "here"]),
        ("don't and l’été", ["don't", "and", "l’été"]),
    ],
)
def test_prose_words_leave_out_what_is_not_prose(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_code_blocks_are_skipped_and_list_continuations_are_not() -> None:
    text = (
        "Intro line\n\n```python\nteh = 1\n```\n\n~~~\nwrod\n~~~\n\n"
        "    indented coed\n\nAfter\n\n- item one\n\n    continued txet\n"
    )
    assert words(text) == ["Intro", "line", "After", "item", "one", "continued", "txet"]


def test_caps_and_digits_are_options() -> None:
    text = "NASA flew mp3 players, YAML's rules"
    assert words(text) == ["flew", "players", "rules"]
    assert words(text, skip_all_caps=False, skip_with_digits=False) == [
        "NASA", "flew", "mp3", "players", "YAML's", "rules",
    ]


def test_misspellings_have_the_line_and_column_of_the_text() -> None:
    checker = SpellChecker(dictionary=FakeDictionary("the first line has a word"))
    text = "the first line\n\n```\nnot chekced\n```\nhas a wrod\n"
    [found] = checker.misspellings(text)
    assert (found.word, found.line, found.column) == ("wrod", 6, 7)
    assert text[found.start : found.end] == "wrod"


def test_word_lists_and_ignoring(tmp_path: Path) -> None:
    blog = WordList.load(tmp_path / BLOG_WORDS_NAME)
    checker = SpellChecker(dictionary=FakeDictionary("a b"), word_lists=[blog])
    text = "Zola and Eleventy"
    assert [m.word for m in checker.misspellings(text)] == ["Zola", "and", "Eleventy"]
    checker.add("Eleventy", blog)
    checker.add("Zola", blog)
    checker.ignore("and")
    assert checker.misspellings(text) == []
    # the list on disk is plain, sorted and shared: a new checker reads it
    assert (tmp_path / BLOG_WORDS_NAME).read_text(encoding="utf-8") == "Eleventy\nZola\n"
    again = SpellChecker(dictionary=FakeDictionary(""), word_lists=[WordList.load(blog.path)])
    assert [m.word for m in again.misspellings(text)] == ["and"]


def test_possessive_of_a_known_word_is_known() -> None:
    checker = SpellChecker(dictionary=FakeDictionary("blog"))
    assert [m.word for m in checker.misspellings("blog's blogg's")] == ["blogg's"]


@pytest.mark.parametrize(
    ("language", "tag"),
    [("en", "en_US"), ("en-GB", "en_GB"), ("en_gb", "en_GB"), ("de", "de_DE"), (None, "en_US")],
)
def test_dictionary_tags(language: str | None, tag: str) -> None:
    assert dictionary_tag(language) == tag


def test_language_comes_from_the_post_then_the_site_then_the_setting() -> None:
    assert post_language({"lang": "fr"}, "de", "en_US") == "fr"
    assert post_language({"language": "nl"}, "de", "en_US") == "nl"
    assert post_language({}, "de", "en_US") == "de"
    assert post_language({"lang": ""}, None, "en_US") == "en_US"


def test_a_missing_dictionary_says_how_to_install_it() -> None:
    with pytest.raises(DictionaryMissing) as raised:
        SpellChecker("xx-YY")
    assert "hunspell-xx-yy" in str(raised.value)
    assert "apt install" in str(raised.value)


@pytest.fixture
def watchdog() -> Iterator[None]:
    """A hang fails the test instead of stopping the suite (this is no timing assertion)."""
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the scanner did not finish"))
    signal.alarm(20)
    yield
    signal.alarm(0)


@pytest.mark.parametrize(
    "hostile",
    ["`" + "a" * 200_000, "<a " * 100_000, "{{" * 100_000, "[" * 100_000, "x@" * 100_000,
     "&#" * 100_000, "](" * 100_000],
)
def test_hostile_text_ends(hostile: str, watchdog: None) -> None:
    list(prose_words(hostile))


# --- with Hunspell's real dictionaries ---------------------------------------------------------


def _post(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_real_dictionaries_and_the_blog_list(tmp_path: Path) -> None:
    (tmp_path / "blogdesk.toml").write_text('language = "en-GB"\n', encoding="utf-8")
    (tmp_path / BLOG_WORDS_NAME).write_text("Eleventy\n", encoding="utf-8")
    post = _post(
        tmp_path,
        "a.md",
        "---\ntitle: Teh title is not checked\n---\nThe colour of Eleventy is a wrod.\n",
    )
    [finding] = FileSpeller().check_file(post)
    assert (finding.line, finding.column, finding.word) == (4, 29, "wrod")
    assert "word" in finding.suggestions
    assert str(finding).startswith(f"{post}:4:29: wrod (")


def test_a_post_in_another_language_uses_its_dictionary(tmp_path: Path) -> None:
    post = _post(tmp_path, "a.md", "---\nlang: en-US\n---\nThe color and the colour.\n")
    assert [f.word for f in FileSpeller().check_file(post)] == ["colour"]
