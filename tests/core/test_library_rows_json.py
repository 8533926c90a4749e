"""``Library.rows_json``: what ``blogdesk list --json`` prints when piped, written straight from
the index. It must be byte for byte what ``json.dumps`` makes of ``Library.rows`` (the slower
route it replaces, still used for the indented output at a terminal), whatever the posts say.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogdesk.core.library import Library, Query
from blogdesk.core.post import Status

# Text that JSON must escape, in every way json.dumps does it: quotes, backslashes, control
# characters (short forms and \\u00XX), DEL, accents, a non-BMP emoji, a line separator.
AWKWARD = [
    'She said "draft" \\ not done',
    "tab\there, bell\x07, escape\x1b, delete\x7f",
    "Café crème, naïve résumé",
    "Emoji 🎉 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "line\u2028separator and \ufeffmark",
    "a literal \\u001f and </script>",
]


def write(folder: Path, rel: str, text: str) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def reference(library: Library, query: Query) -> str:
    """What ``blogdesk list --json`` printed before: json.dumps of the rows as dicts."""
    return json.dumps([row._asdict() for row in library.rows(query)])


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    folder = tmp_path / "blog"
    next_year = time.localtime().tm_year + 1
    for number, text in enumerate(AWKWARD):
        metadata = {
            "title": text, "date": f"2024-03-{number + 1:02d} 09:30", "tags": [text, "plain"],
            "categories": [text], "summary": text, "author": text,
        }  # fmt: skip
        write(folder, f"odd/{number}-é.md", json.dumps(metadata) + "\nSome words here.\n")
    write(folder, "2024/first.md", "---\ntitle: First steps\ndate: 2024-03-01 09:30\n"
          "updated: 2024-04-02\ntags: [Writing, tools]\ncategories: [Notes, Craft]\n"
          "summary: How blogdesk started.\nauthor: Sam\n---\n" + "word " * 700)  # fmt: skip
    write(folder, "draft.md", "---\ntitle: A draft\ndraft: true\n---\nNot yet.\n")
    write(folder, "later.md", f"---\ntitle: Later\ndate: {next_year}-01-05\n---\nSoon.\n")
    write(folder, "undated.md", "---\ntitle: No date here\n---\n\n")
    write(folder, "broken.md", "---\ntitle: [unclosed\n---\nBody\n")
    return folder


@pytest.mark.parametrize(
    "query",
    [
        Query(),
        Query(sort="title", descending=False),
        Query(sort="reading"),
        Query(status=Status.SCHEDULED),
        Query(status=Status.DRAFT),
        Query(tag="plain"),
        Query(text="blogdesk"),
        Query(text="nothing matches this"),
    ],
)
def test_rows_json_is_what_json_dumps_writes(blog: Path, tmp_path: Path, query: Query) -> None:
    with Library.open(blog, tmp_path / "cache", background=False) as library:
        assert library.rows_json(query) == reference(library, query)


def test_rows_json_of_every_kind_of_post(blog: Path, tmp_path: Path) -> None:
    """Read back, the JSON says what each post says: escapes undone, statuses, errors, nulls."""
    with Library.open(blog, tmp_path / "cache", background=False) as library:
        text = library.rows_json()
    assert text.isascii()
    posts = {post["path"]: post for post in json.loads(text)}
    assert {posts[f"odd/{n}-é.md"]["title"] for n in range(len(AWKWARD))} == set(AWKWARD)
    assert posts["odd/3-é.md"]["tags"] == [AWKWARD[3], "plain"]
    assert posts["draft.md"]["status"] == "draft" and posts["later.md"]["status"] == "scheduled"
    assert posts["undated.md"]["date"] is None and posts["undated.md"]["minutes"] == 0
    first = posts["2024/first.md"]
    assert (first["words"], first["minutes"], first["status"]) == (700, 4, "published")
    assert first["categories"] == ["Notes", "Craft"] and first["author"] == "Sam"
    assert posts["broken.md"]["error"].startswith("line 3")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.text(min_size=1, max_size=40),
    tags=st.lists(st.text(min_size=1, max_size=12), max_size=4),
)
def test_rows_json_of_any_text(tmp_path_factory: pytest.TempPathFactory, title: str,
                               tags: list[str]) -> None:  # fmt: skip
    """Any title and tags a JSON front matter can hold come out as json.dumps writes them."""
    folder = tmp_path_factory.mktemp("blog")
    text = json.dumps({"title": title, "tags": tags}) + "\nBody.\n"
    try:
        (folder / "post.md").write_text(text, encoding="utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be in a file
        return
    with Library.open(folder, folder.parent / f"{folder.name}-cache", background=False) as lib:
        assert lib.rows_json() == reference(lib, Query())


@pytest.mark.parametrize(
    "tags",
    [
        ["a\\u001fb", "plain"],  # text that looks like the separator's escape
        ["back\\slash", "\\"],
        ["tab\there", "é", "🎉"],
        ['"quoted"', "u001f"],
        ["one"],
        [],
    ],
)
def test_rows_json_of_tag_lists(tmp_path: Path, tags: list[str]) -> None:
    """Tag lists are written in one go when they hold no backslash; either way the same JSON."""
    folder = tmp_path / "blog"
    write(folder, "post.md", json.dumps({"title": "Tags", "tags": tags}) + "\nBody.\n")
    with Library.open(folder, tmp_path / "cache", background=False) as library:
        text = library.rows_json()
        assert text == reference(library, Query())
        assert json.loads(text)[0]["tags"] == list(library.rows()[0].tags)
    assert len(json.loads(text)[0]["tags"]) == len(tags)
