"""A warm open (the index exists) lists from the index, yet shows every change made on disk
since the last open: the quick check that nothing changed must never miss one.

Each test opens a library, changes its folder the way an author or a tool does, and opens it
again with a new ``Library`` (as a second ``blogdesk list`` run does).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from blogdesk.core.library import Library


def write(folder: Path, rel: str, text: str) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def post(title: str, body: str = "Some words.") -> str:
    return f"---\ntitle: {title}\ndate: 2024-05-01\n---\n{body}\n"


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    folder = tmp_path / "blog"
    for name in ("one", "two", "three"):
        write(folder, f"2024/{name}.md", post(name.capitalize()))
    return folder


def titles(blog: Path, cache: Path) -> dict[str, str]:
    with Library.open(blog, cache, background=False) as library:
        return {row.path: row.title for row in library.rows()}


def test_an_unchanged_folder_lists_as_before(blog: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = titles(blog, cache)
    assert titles(blog, cache) == first == {
        "2024/one.md": "One", "2024/two.md": "Two", "2024/three.md": "Three"
    }  # fmt: skip


def test_a_file_edited_in_place_with_the_same_size(blog: Path, tmp_path: Path) -> None:
    """Same size, same folder time; only the file's own time says it changed."""
    cache = tmp_path / "cache"
    titles(blog, cache)
    path = blog / "2024/two.md"
    folder_time = (blog / "2024").stat().st_mtime_ns
    before = path.stat()
    with open(path, "r+", encoding="utf-8") as handle:  # in place: no new file, no rename
        handle.write(post("Owt"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert path.stat().st_size == before.st_size
    assert (blog / "2024").stat().st_mtime_ns == folder_time
    assert titles(blog, cache)["2024/two.md"] == "Owt"


def test_a_file_whose_size_changed_but_not_its_time(blog: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    titles(blog, cache)
    path = blog / "2024/one.md"
    before = path.stat()
    path.write_text(post("One, longer now"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert titles(blog, cache)["2024/one.md"] == "One, longer now"


def test_a_renamed_file(blog: Path, tmp_path: Path) -> None:
    """As many files as before, with the same size and time: only the name changed."""
    cache = tmp_path / "cache"
    titles(blog, cache)
    os.rename(blog / "2024/three.md", blog / "2024/third.md")
    assert titles(blog, cache) == {
        "2024/one.md": "One", "2024/two.md": "Two", "2024/third.md": "Three"
    }  # fmt: skip


def test_one_file_deleted_and_another_added(blog: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    titles(blog, cache)
    (blog / "2024/one.md").unlink()
    write(blog, "2025/four.md", post("Four"))
    assert titles(blog, cache) == {
        "2024/two.md": "Two", "2024/three.md": "Three", "2025/four.md": "Four"
    }  # fmt: skip


def test_a_file_added_and_one_deleted_separately(blog: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    titles(blog, cache)
    write(blog, "five.md", post("Five"))
    assert titles(blog, cache)["five.md"] == "Five"
    (blog / "2024/two.md").unlink()
    assert "2024/two.md" not in titles(blog, cache)


def test_the_index_of_a_folder_keeps_its_name(tmp_path: Path) -> None:
    """The index file is named by the SHA-256 of the folder's path, as it always was (the
    digest is made without hashlib now): an existing index is found, not built again."""
    import hashlib

    from blogdesk.core.library_db import database_path

    folder = tmp_path / "blög"
    folder.mkdir()
    digest = hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()
    assert database_path(folder, tmp_path / "cache") == (tmp_path / "cache").resolve() / (
        f"{digest}.sqlite"
    )
