"""A post's diff against its last commit, its history across a rename, and past versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from git_repos import FIRST_POST, Clones, git, hermetic_clones, write

from blogdesk.core.git.history import committed_text, post_diff, post_history, version_text


@pytest.fixture
def clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Clones:
    return hermetic_clones(tmp_path, monkeypatch)


def test_diff_against_the_last_commit(clones: Clones) -> None:
    post = clones.laptop / "posts" / "first.md"
    assert post_diff(post) == ""
    write(post, FIRST_POST.replace("first post", "opening post"))
    diff = post_diff(post)
    assert "-The first post of this blog." in diff
    assert "+The opening post of this blog." in diff
    assert committed_text(post) == FIRST_POST


def test_a_new_post_diffs_as_all_added(clones: Clones) -> None:
    post = write(clones.laptop / "posts" / "new.md", "---\ntitle: New\n---\nHi.\n")
    assert committed_text(post) is None
    assert "+Hi." in post_diff(post)


def test_history_follows_renames_and_shows_each_version(clones: Clones) -> None:
    laptop = clones.laptop
    write(laptop / "posts" / "first.md", FIRST_POST + "\nA second paragraph.\n")
    git(laptop, "commit", "-q", "-am", "Second paragraph")
    git(laptop, "mv", "posts/first.md", "posts/2026-11-01-first.md")
    git(laptop, "commit", "-q", "-m", "Dated name")
    post = laptop / "posts" / "2026-11-01-first.md"

    history = post_history(post)

    assert [r.subject for r in history] == ["Dated name", "Second paragraph", "Start the blog"]
    assert history[-1].path == "posts/first.md"
    assert history[0].author == "laptop author"
    assert version_text(post, history[-1]) == FIRST_POST
    assert version_text(post, history[0]) == FIRST_POST + "\nA second paragraph.\n"
    assert post.read_text() == FIRST_POST + "\nA second paragraph.\n"  # reading writes nothing
