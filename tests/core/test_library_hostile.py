"""The library index against a hostile folder: what it leaves out is named in ``skipped`` and
never opened, one bad file is one row with an error, and a refresh obeys the same rules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from blogdesk.core.library import Library

FINE = "---\ntitle: Fine\ntags: [kept]\n---\nWords.\n"


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_left_out_files_are_named_with_the_reason(tmp_path: Path, cache: Path) -> None:
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "fine.md").write_text(FINE, encoding="utf-8")
    os.mkfifo(blog / "pipe.md")
    os.symlink("/etc/passwd", blog / "leak.md")
    with open(os.path.join(os.fsencode(blog), b"caf\xe9.md"), "w", encoding="utf-8") as handle:
        handle.write(FINE)
    with Library.open(blog, cache_dir=cache, background=False) as library:
        assert [entry.title for entry in library.posts()] == ["Fine"]
        reasons = {item.rel: item.reason for item in library.skipped}
    assert reasons == {
        "pipe.md": "a named pipe (FIFO), not a post file; not read",
        "leak.md": "a symbolic link to a file outside the library; not read",
        os.fsdecode(b"caf\xe9.md"): "the file name is not valid UTF-8; rename it to list it",
    }


def test_refresh_does_not_open_a_fifo_or_follow_a_link_out(tmp_path: Path, cache: Path) -> None:
    """The app's file watcher refreshes single paths: the same checks apply there."""
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "fine.md").write_text(FINE, encoding="utf-8")
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nPrivate.\n", encoding="utf-8")
    with Library.open(blog, cache_dir=cache, background=False) as library:
        os.mkfifo(blog / "pipe.md")
        os.symlink(secret, blog / "leak.md")
        library.refresh([blog / "pipe.md", blog / "leak.md", blog / os.fsdecode(b"caf\xe9.md")])
        assert [entry.title for entry in library.posts()] == ["Fine"]
        assert library.get(blog / os.fsdecode(b"caf\xe9.md")) is None


def test_a_file_the_readers_choke_on_is_one_row_with_an_error(
    tmp_path: Path, cache: Path
) -> None:
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "fine.md").write_text(FINE, encoding="utf-8")
    (blog / "deep.md").write_text('{"title": ' + "[" * 100_000 + "\n", encoding="utf-8")
    (blog / "late.md").write_text("---\ntitle: L\ndate: 2024-01-01 10:00:00 +25:00\n---\n", "utf-8")
    with Library.open(blog, cache_dir=cache, background=False) as library:
        errors = {entry.path.name: entry.error for entry in library.posts()}
    assert errors["fine.md"] is None
    assert errors["deep.md"] == "line 1: invalid JSON front matter: nested deeper than 100 levels"
    assert errors["late.md"] == (
        "line 3: invalid YAML front matter: '2024-01-01 10:00:00 +25:00' has the time-zone "
        "offset +25:00, out of range (offsets run from -23:59 to +23:59)"
    )
