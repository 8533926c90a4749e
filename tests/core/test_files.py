"""What a post file is (core/files.py): suffixes, skipped folders, the one walker and its limits,
and the check that keeps FIFOs, devices and links out of the library from being opened."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from blogdesk.core import export, files
from blogdesk.core.postfile import PostError, load_post

POST = "---\ntitle: {}\n---\nSome words.\n"


def write(root: Path, rel: str, text: str = "") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text or POST.format(Path(rel).stem), encoding="utf-8")
    return path


def test_every_suffix_is_a_post_and_case_does_not_matter(tmp_path: Path) -> None:
    for suffix in (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".MD", ".Mkdn"):
        write(tmp_path, f"post{suffix}")
    write(tmp_path, "notes.txt")
    write(tmp_path, ".hidden.md")
    found = files.walk(tmp_path).found
    assert sorted(found) == sorted(
        f"post{s}" for s in (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".MD", ".Mkdn")
    )


def test_hidden_build_and_dependency_folders_are_not_walked(tmp_path: Path) -> None:
    for folder in (".git", ".obsidian", "_site", "public", "node_modules", "__pycache__"):
        write(tmp_path, f"{folder}/copy.md")
    write(tmp_path, "posts/2024/kept.md")
    assert list(files.walk(tmp_path).found) == ["posts/2024/kept.md"]


def test_walk_under_a_sub_folder_keys_paths_from_the_root(tmp_path: Path) -> None:
    write(tmp_path, "a/one.md")
    write(tmp_path, "b/two.md")
    assert list(files.walk(tmp_path, "b").found) == ["b/two.md"]


def test_excluded_folder_is_not_walked(tmp_path: Path) -> None:
    write(tmp_path, "out/page.md")
    write(tmp_path, "post.md")
    assert list(files.walk(tmp_path, exclude=[tmp_path / "out"]).found) == ["post.md"]


def test_depth_and_count_are_limited(tmp_path: Path) -> None:
    deep = "/".join(["d"] * 6)
    write(tmp_path, f"{deep}/deep.md")
    write(tmp_path, "d/shallow.md")
    assert list(files.walk(tmp_path, max_depth=3).found) == ["d/shallow.md"]
    for i in range(5):
        write(tmp_path, f"many/p{i}.md")
    limited = files.walk(tmp_path / "many", max_files=3)
    assert len(limited.found) == 3 and limited.truncated
    rest = files.Skipped(".", "more than 3 post files: the rest was not read")
    assert limited.left_out() == [rest]


def test_a_symlinked_post_outside_the_library_is_skipped_with_the_reason(tmp_path: Path) -> None:
    """`ln -s /etc/passwd posts/leak.md`: the walk names it and never opens it."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n", encoding="utf-8")
    posts = tmp_path / "posts"
    write(posts, "fine.md")
    write(posts, "sub/inside.md")
    os.symlink(secret, posts / "leak.md")
    os.symlink("/etc/passwd", posts / "passwd.md")
    os.symlink(posts / "sub" / "inside.md", posts / "alias.md")  # inside: a post
    result = files.walk(posts)
    assert sorted(result.found) == ["alias.md", "fine.md", "sub/inside.md"]
    assert {s.rel: s.reason for s in result.skipped} == {
        "leak.md": "a symbolic link to a file outside the library; not read",
        "passwd.md": "a symbolic link to a file outside the library; not read",
    }
    with pytest.raises(files.NotAPostFile, match="outside the library"):
        files.read_file(posts / "leak.md", posts)
    with pytest.raises(PostError, match="outside the library"):
        load_post(posts / "leak.md", root=posts)


def test_a_symlinked_folder_outside_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "home"
    write(elsewhere, "diary.md")
    posts = tmp_path / "posts"
    write(posts, "fine.md")
    os.symlink(elsewhere, posts / "linked")
    os.symlink(posts, posts / "loop")
    assert list(files.walk(posts).found) == ["fine.md"]


def test_fifo_socket_dangling_link_and_loop_are_named_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(os.fspath(tmp_path / "sock.md"))
        os.symlink(tmp_path / "gone.md", tmp_path / "dangling.md")
        os.symlink(tmp_path / "loop.md", tmp_path / "loop.md")
        os.mkdir(tmp_path / "folder.md")
        write(tmp_path, "real.md")
        result = files.walk(tmp_path)
    assert list(result.found) == ["real.md"]
    reasons = {s.rel: s.reason for s in result.skipped}
    assert reasons["pipe.md"].startswith("a named pipe (FIFO)")
    assert reasons["sock.md"].startswith("a socket")
    assert reasons["dangling.md"].startswith("a dangling symbolic link")
    assert reasons["loop.md"].startswith("a symbolic link loop")
    assert "folder.md" not in reasons  # a folder with a post's name is walked, not reported


def test_reading_a_fifo_or_a_device_does_not_block(tmp_path: Path) -> None:
    """A FIFO is refused before it is opened (opening one for reading waits for a writer)."""
    os.mkfifo(tmp_path / "x.md")
    with pytest.raises(files.NotAPostFile, match="named pipe"):
        files.read_file(tmp_path / "x.md")
    with pytest.raises(PostError, match="named pipe"):
        load_post(tmp_path / "x.md")
    os.symlink("/dev/zero", tmp_path / "zero.md")
    with pytest.raises(files.NotAPostFile, match="a device"):
        files.read_file(tmp_path / "zero.md")


def test_a_mkdn_post_is_exported(tmp_path: Path) -> None:
    """The export used to leave .mkdn posts out silently; now it reads what the library lists."""
    write(tmp_path / "blog", "old-notes.mkdn", "---\ntitle: Old notes\n---\nStill here.\n")
    write(tmp_path / "blog", "new.md", "---\ntitle: New\n---\nHello.\n")
    assert [p.name for p in export.scan_posts(tmp_path / "blog")] == ["new.md", "old-notes.mkdn"]
    report = export.export_site(tmp_path / "blog", tmp_path / "out")
    pages = [p.read_text("utf-8") for p in (tmp_path / "out").rglob("index.html")]
    assert report.ok
    assert any("Still here." in page for page in pages)


def test_display_shows_undecodable_bytes() -> None:
    name = os.fsdecode(b"caf\xe9.md")
    assert files.display(name) == "caf\\xe9.md"
    assert files.display("café.md") == "café.md"


def test_a_file_replaced_between_check_and_open_is_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is read is the file that was checked: another inode at open time means a new
    check (an atomic save by another program, or a link swapped to point elsewhere)."""
    post = write(tmp_path, "p.md")
    other = write(tmp_path, "other.md")
    real_check = files._regular_stat
    calls: list[object] = []

    def first_sees_another_file(path: Path | str) -> os.stat_result:
        calls.append(path)  # as if `other` had been at `path` when it was checked
        return os.stat(other) if len(calls) == 1 else real_check(path)

    monkeypatch.setattr(files, "_regular_stat", first_sees_another_file)
    data, info = files.read_file(post)
    assert data == post.read_bytes() and info.st_ino == os.stat(post).st_ino
    assert len(calls) == 2


def test_a_library_reached_through_a_link_reads_its_own_posts(tmp_path: Path) -> None:
    """Inside is decided on resolved paths: a root given as a link still holds its posts."""
    post = write(tmp_path / "real-blog", "p.md")
    os.symlink(tmp_path / "real-blog", tmp_path / "blog")
    data, _ = files.read_file(tmp_path / "blog" / "p.md", tmp_path / "blog")
    assert data == post.read_bytes()
    assert list(files.walk(tmp_path / "blog").found) == ["p.md"]


def test_a_dropped_or_linked_path_is_a_post_by_its_name() -> None:
    """Drag and drop and links between posts use the same suffixes as the walk."""
    assert files.is_post_path(Path("/blog/old-notes.MKDN"))
    assert files.is_post_path("drafts/idea.markdown")
    assert not files.is_post_path("/blog/.hidden.md")
    assert not files.is_post_path("/blog/photo.png")
    assert files.FILE_DIALOG_FILTER == "Markdown (*.md *.markdown *.mdown *.mkd *.mkdn)"
