"""Tag operations across the library: only tags lines change, style is kept, dry runs write
nothing, and the index follows."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogdesk.core import library_tags
from blogdesk.core.library import Library, Query, TagChange

FILES = {
    "flow.md": "---\ntitle: Flow list  # a comment stays\ntags: [Leadership, teams, python]\n"
    "date: 2024-01-01\n---\n\nBody with tags: [Leadership] in the text.\n",
    "block.md": "---\ntitle: Block list\ntags:\n  - leadership\n  - writing\n"
    "summary: Keep me.\n---\nBody.\n",
    "comma.md": '---\ntitle: Comma string\ntags: "Leadership, hiring"\n---\nBody.\n',
    "space.md": "---\ntitle: Space string\ntags: Leadership python\n---\nBody.\n",
    "toml.md": '+++\ntitle = "Toml"\ntags = ["Leadership", "teams"]\n+++\nBody.\n',
    "crlf.md": "---\r\ntitle: Windows\r\ntags: [Leadership]\r\n---\r\nBody.\r\n",
    "other.md": "---\ntitle: Untouched\ntags: [gardening]\n---\nLeadership in the body only.\n",
}


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    folder = tmp_path / "blog"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_bytes(text.encode())
    return folder


@pytest.fixture
def library(blog: Path, tmp_path: Path) -> Library:
    lib = Library.open(blog, cache_dir=tmp_path / "cache")
    yield lib
    lib.close()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    """The (old, new) pairs of lines that differ; the files must keep their line count."""
    old, new = before.split(b"\n"), after.split(b"\n")
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def by_name(changes: list[TagChange]) -> dict[str, TagChange]:
    return {change.path.name: change for change in changes}


def test_rename_changes_only_tags_lines_in_each_style(blog: Path, library: Library) -> None:
    before = snapshot(blog)
    changes = library.rename_tag("Leadership", "leading")
    after = snapshot(blog)
    assert set(by_name(changes)) == {"flow.md", "comma.md", "space.md", "toml.md", "crlf.md"}
    assert changed_lines(before["flow.md"], after["flow.md"]) == [
        (b"tags: [Leadership, teams, python]", b"tags: [leading, teams, python]")
    ]
    assert changed_lines(before["comma.md"], after["comma.md"]) == [
        (b'tags: "Leadership, hiring"', b'tags: "leading, hiring"')
    ]
    assert changed_lines(before["space.md"], after["space.md"]) == [
        (b"tags: Leadership python", b"tags: leading python")
    ]
    assert changed_lines(before["toml.md"], after["toml.md"]) == [
        (b'tags = ["Leadership", "teams"]', b'tags = ["leading", "teams"]')
    ]
    assert changed_lines(before["crlf.md"], after["crlf.md"]) == [
        (b"tags: [Leadership]\r", b"tags: [leading]\r")
    ]
    for name in ("block.md", "other.md"):  # "leadership" is another tag; the body is not tags
        assert after[name] == before[name]
    assert by_name(changes)["flow.md"] == TagChange(
        blog / "flow.md", ("Leadership", "teams", "python"), ("leading", "teams", "python")
    )


def test_the_index_follows_a_tag_operation(library: Library) -> None:
    library.rename_tag("Leadership", "leading")
    tags = dict(library.tags())
    assert "Leadership" not in tags
    assert tags["leading"] == 5
    assert {e.title for e in library.posts(Query(tag="leading"))} == {
        "Flow list", "Comma string", "Space string", "Toml", "Windows",
    }  # fmt: skip
    assert {e.title for e in library.posts(Query(text="leading"))} >= {"Flow list", "Toml"}


def test_dry_run_lists_changes_and_writes_nothing(blog: Path, library: Library) -> None:
    before = snapshot(blog)
    dry = library.rename_tag("Leadership", "leading", dry_run=True)
    assert snapshot(blog) == before
    assert dict(library.tags())["Leadership"] == 5
    real = library.rename_tag("Leadership", "leading")
    assert dry == real


def test_merge_near_duplicates(blog: Path, library: Library) -> None:
    before = snapshot(blog)
    groups = library.near_duplicate_tags()
    assert ["Leadership", "leadership"] in groups
    changes = library.merge_tags(["Leadership", "leadership"], into="leadership")
    after = snapshot(blog)
    assert len(changes) == 5  # block.md already says "leadership": not touched
    assert after["block.md"] == before["block.md"]
    assert changed_lines(before["flow.md"], after["flow.md"]) == [
        (b"tags: [Leadership, teams, python]", b"tags: [leadership, teams, python]")
    ]
    assert library.near_duplicate_tags() == []
    assert dict(library.tags())["leadership"] == 6


def test_merge_into_a_tag_the_post_already_has(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "p.md").write_text("---\ntags: [js, javascript, web]\n---\n")
    with Library.open(folder, cache_dir=tmp_path / "c") as library:
        (change,) = library.merge_tags(["js", "JS"], into="javascript")
        assert change.after == ("javascript", "web")
    assert (folder / "p.md").read_text() == "---\ntags: [javascript, web]\n---\n"


def test_remove(blog: Path, library: Library) -> None:
    before = snapshot(blog)
    changes = library.remove_tag("python")
    after = snapshot(blog)
    assert set(by_name(changes)) == {"flow.md", "space.md"}
    assert changed_lines(before["space.md"], after["space.md"]) == [
        (b"tags: Leadership python", b"tags: Leadership")
    ]
    assert "python" not in dict(library.tags())


def test_removing_the_last_block_list_item(tmp_path: Path) -> None:
    """A block list that loses its items: only the tags lines change."""
    folder = tmp_path / "b"
    folder.mkdir()
    text = "---\ntitle: T\ntags:\n  - solo\nsummary: S\n---\nBody\n"
    (folder / "p.md").write_text(text)
    with Library.open(folder, cache_dir=tmp_path / "c") as library:
        (change,) = library.remove_tag("solo")
        assert change.after == ()
        assert library.tags() == []
    lines = (folder / "p.md").read_text().split("\n")
    assert lines[:2] == ["---", "title: T"]
    assert "summary: S" in lines and "Body" in lines


def test_a_renamed_tag_with_a_space_stays_one_tag(tmp_path: Path) -> None:
    """A space-separated string cannot hold "two words": that post gets a list."""
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "p.md").write_text("---\ntags: ml python\n---\n")
    with Library.open(folder, cache_dir=tmp_path / "c") as library:
        library.rename_tag("ml", "machine learning")
        assert library.posts()[0].tags == ("machine learning", "python")


def test_tags_written_under_another_case(tmp_path: Path) -> None:
    """Pelican writes `Tags:`; the edit goes to that key, not to a new `tags:`."""
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "p.md").write_text("---\nTitle: P\nTags: a, b\n---\n")
    with Library.open(folder, cache_dir=tmp_path / "c") as library:
        (change,) = library.rename_tag("a", "z")
        assert change.after == ("z", "b")
    assert (folder / "p.md").read_text() == "---\nTitle: P\nTags: z, b\n---\n"


def test_bad_names_are_refused(library: Library) -> None:
    with pytest.raises(ValueError):
        library.rename_tag("python", "  ")
    with pytest.raises(ValueError):
        library.merge_tags([], into="x")


def test_styled_value_keeps_the_written_style() -> None:
    styled = library_tags.styled_value
    assert styled("a, b", ["a", "c"]) == "a, c"
    assert styled("a,b", ["a", "c"]) == "a,c"
    assert styled("a b", ["a", "c"]) == "a c"
    assert styled("a b", ["a", "c d"]) == ["a", "c d"]
    assert styled([2024, "x"], ["2024", "y"]) == [2024, "y"]  # untouched items as written


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Leadership", "leadership ", True),
        ("leader-ship", "Leader Ship", True),
        ("team_work", "teamwork", True),
        ("node.js", "NodeJS", True),
        ("café", "cafe", True),
        ("c++", "c#", False),
        ("go", "Go!", True),
        ("python", "pythons", False),
    ],
)
def test_tag_key(a: str, b: str, same: bool) -> None:
    assert (library_tags.tag_key(a) == library_tags.tag_key(b)) is same
