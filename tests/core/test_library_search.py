"""Full-text search of the library: ranking, phrases, prefixes, exclusions and odd input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blogdesk.core import library_search
from blogdesk.core.library import Library, Query


def write(folder: Path, rel: str, text: str) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder = tmp_path_factory.mktemp("blog")
    write(folder, "title.md", "---\ntitle: Delegation for new managers\ndate: 2020-01-01\n---\n"
          "How to hand over work.\n")  # fmt: skip
    write(folder, "body.md", "---\ntitle: Weekly notes\ndate: 2024-01-01\n---\n"
          "Some thoughts on meetings, and a word on delegation at the end.\n")  # fmt: skip
    write(folder, "tag.md", "---\ntitle: Team habits\ndate: 2022-01-01\ntags: [delegation]\n"
          "---\nNothing here.\n")  # fmt: skip
    write(folder, "summary.md", "---\ntitle: Quarterly review\ndate: 2023-01-01\n"
          "summary: A review of the quarter.\n---\nNumbers, mostly.\n")  # fmt: skip
    write(folder, "phrase.md", "---\ntitle: Words\ndate: 2021-01-01\n---\n"
          "The exact words matter more than you think.\n")  # fmt: skip
    write(folder, "scrambled.md", "---\ntitle: Scrambled\ndate: 2021-06-01\n---\n"
          "Words that are exact, in the wrong order.\n")  # fmt: skip
    write(folder, "accents.md", "---\ntitle: Café culture\ndate: 2019-01-01\n---\n"
          "Naïve résumé writing.\n")  # fmt: skip
    lib = Library.open(folder, cache_dir=tmp_path_factory.mktemp("cache"))
    yield lib
    lib.close()


def search(library: Library, text: str, sort: str = "relevance") -> list[str]:
    return [entry.title for entry in library.posts(Query(text=text, sort=sort))]


def test_a_title_match_outranks_a_tag_and_a_body_match(library: Library) -> None:
    assert search(library, "delegation") == [
        "Delegation for new managers", "Team habits", "Weekly notes",
    ]  # fmt: skip


def test_other_sorts_apply_to_search_results(library: Library) -> None:
    assert search(library, "delegation", sort="date") == [
        "Weekly notes", "Team habits", "Delegation for new managers",
    ]  # fmt: skip


def test_summary_is_searched(library: Library) -> None:
    assert search(library, "quarter") == ["Quarterly review"]


def test_phrases_match_words_in_order(library: Library) -> None:
    assert search(library, '"exact words"') == ["Words"]
    assert set(search(library, "exact words")) == {"Words", "Scrambled"}


def test_prefixes_explicit_and_while_typing(library: Library) -> None:
    assert search(library, "deleg*") == search(library, "delegation")
    assert search(library, "deleg") == search(library, "delegation")  # the last word, typed
    assert search(library, "deleg ") == []  # a finished word is a word
    assert search(library, "meet") == ["Weekly notes"]
    assert search(library, "thoughts meet") == ["Weekly notes"]
    assert search(library, "meet thoughts") == []  # only the last word is a prefix


def test_excluded_words(library: Library) -> None:
    assert search(library, "delegation -meetings") == [
        "Delegation for new managers", "Team habits",
    ]  # fmt: skip
    assert len(search(library, "-meetings")) == 7  # only exclusions: no text filter


def test_accents_and_case_do_not_matter(library: Library) -> None:
    assert search(library, "cafe") == ["Café culture"]
    assert search(library, "RESUME") == ["Café culture"]


# fmt: off
ODD_INPUTS = [
    '"', '""', '"unclosed phrase', "(", ")", "((delegation", "AND", "OR", "NOT",
    "delegation AND", "AND delegation", "NEAR(a b)", "-", "--", "- -", "*", "**", "deleg**",
    "title:x", "^start", "a:b:c", "{curly}", "[square]", "'single'", "back\\slash",
    "semi;colon", "%", "_", "delegation -", "-delegation", "\u0000", "😀", "NOT delegation",
    "col: term",
]
# fmt: on


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_odd_input_never_raises(library: Library, text: str) -> None:
    library.posts(Query(text=text, sort="relevance"))


def test_operators_are_plain_words(library: Library) -> None:
    """`AND`, `OR`, `NOT` and `NEAR` are searched as words, not obeyed."""
    assert search(library, "delegation OR meetings") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \"()*-:^+{}ANDORNT\\'.,é")), max_size=20))
def test_any_text_gives_a_valid_fts_query(text: str) -> None:
    """Whatever is typed turns into an FTS5 expression SQLite accepts (or no text filter)."""
    import sqlite3

    expression = library_search.to_fts(text)
    if expression is None:
        return
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body)")
    conn.execute("INSERT INTO fts VALUES ('a b', 'ab ba')")
    conn.execute("SELECT * FROM fts WHERE fts MATCH ?", (expression,)).fetchall()


def test_parse_terms() -> None:
    parse = library_search.parse
    assert parse('alpha "beta gamma" -delta eps*') == [
        library_search.Term("alpha"),
        library_search.Term("beta gamma"),
        library_search.Term("delta", exclude=True),
        library_search.Term("eps", prefix=True),
    ]
    assert parse("alpha bet")[-1] == library_search.Term("bet", prefix=True)
    assert parse("alpha go")[-1] == library_search.Term("go")  # short: a word ("C", "Go")


def test_snippets_show_the_words_around_the_match(library: Library) -> None:
    library.wait_until_indexed(30)
    snips = library.snippets("meetings")
    assert list(snips) == [library.posts_dir / "body.md"]
    assert snips[library.posts_dir / "body.md"] == (
        "Some thoughts on meetings, and a word on delegation at the end.")
    long = library.snippets("exact")
    assert set(long) == {library.posts_dir / "phrase.md", library.posts_dir / "scrambled.md"}
    assert library.snippets("") == {} and library.snippets("zzzznothing") == {}


# -- a term in most of the library: listed, not scored ----------------------------------------


@pytest.fixture
def garden(tmp_path: Path) -> Library:
    """Six posts: "garden" in five of them (most of the library), "compost" in two."""
    for day in range(1, 6):
        extra = "Notes on compost." if day in (2, 4) else "Notes on seeds."
        header = f"---\ntitle: Day {day}\ndate: 2024-03-0{day}\n---\n"
        write(tmp_path / "blog", f"day-{day}.md", f"{header}The garden today. {extra}\n")
    header = "---\ntitle: Compost heaps\ndate: 2023-01-01\n---\n"
    write(tmp_path / "blog", "compost.md", header + "Kitchen scraps, turned weekly.\n")
    lib = Library.open(tmp_path / "blog", cache_dir=tmp_path / "cache", background=False)
    yield lib
    lib.close()


def test_ranks_only_up_to_half_the_library_beyond_a_thousand_matches() -> None:
    assert library_search.ranks(1000, 1000) and library_search.ranks(5000, 10_000)
    assert not library_search.ranks(5001, 10_000) and not library_search.ranks(10_000, 10_000)


def test_a_term_in_most_posts_finds_every_match_unranked(
    garden: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_search, "RANK_ALWAYS_UP_TO", 2)
    found = garden.search("garden ")
    assert not found.ranked
    assert sorted(p.name for p in found.paths) == [f"day-{day}.md" for day in range(1, 6)]


def test_an_unranked_search_follows_files_deleted_and_edited(
    garden: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick path for a term in most posts reads only the full-text index: a post deleted
    or edited since must drop out of it all the same."""
    monkeypatch.setattr(library_search, "RANK_ALWAYS_UP_TO", 2)
    gone, edited = garden.posts_dir / "day-1.md", garden.posts_dir / "day-3.md"
    gone.unlink()
    edited.write_text("---\ntitle: Day 3\n---\nA quiet day indoors.\n", encoding="utf-8")
    stamp = edited.stat()
    os.utime(edited, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 2_000_000_000))
    garden.refresh([gone, edited])
    found = garden.search("garden ")
    assert not found.ranked
    assert sorted(p.name for p in found.paths) == ["day-2.md", "day-4.md", "day-5.md"]


def test_a_term_in_few_posts_is_ranked_best_first(
    garden: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_search, "RANK_ALWAYS_UP_TO", 2)
    found = garden.search("compost")
    assert found.ranked
    assert found.paths[0].name == "compost.md"  # the title match first
    assert sorted(p.name for p in found.paths[1:]) == ["day-2.md", "day-4.md"]
    assert garden.search("zzzznothing") == library_search.Found((), ranked=True)


def test_snippets_of_the_rows_asked_for_only(garden: Library) -> None:
    day2, day3, heap = (garden.posts_dir / name for name in ("day-2.md", "day-3.md", "compost.md"))
    snips = garden.snippets("compost", paths=[day2, day3])
    assert snips == {day2: "The garden today. Notes on compost."}  # day 3 has no compost
    assert garden.snippets("compost", paths=[heap, garden.posts_dir.parent / "elsewhere.md"]) == {
        heap: "Compost heaps"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"exact words"', {"phrase.md": "The exact words matter more than you think."}),
        ("exact words ", {"phrase.md": "The exact words matter more than you think.",
                          "scrambled.md": "Words that are exact, in the wrong order."}),
        ("delegation -meetings ", {"title.md": "Delegation for new managers",
                                   "tag.md": "delegation"}),
        ("deleg", {"title.md": "Delegation for new managers", "tag.md": "delegation",
                   "body.md": "Some thoughts on meetings, and a word on delegation at the end."}),
    ],
)  # fmt: skip
def test_snippets_of_rows_for_words_phrases_and_prefixes(
    library: Library, text: str, expected: dict[str, str]
) -> None:
    """Snippets of the rows shown (a phrase or words are tested post by post, a prefix over
    the matches): the same words either way, and none for a row the text does not match."""
    library.wait_until_indexed(30)
    names = ("title.md", "body.md", "tag.md", "phrase.md", "scrambled.md", "summary.md")
    rows = [library.posts_dir / name for name in names]
    snips = library.snippets(text, paths=rows)
    assert {path.name: snip for path, snip in snips.items()} == expected
    assert library_search.has_prefix(text) == (text == "deleg")
