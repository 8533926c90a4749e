"""Each post's git state and the branch's place, read from a real repository."""

from __future__ import annotations

from pathlib import Path

import pytest
from git_repos import FIRST_POST, Clones, git, hermetic_clones, write

from blogdesk.core.git import GitError, PostState, read_status


@pytest.fixture
def clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Clones:
    return hermetic_clones(tmp_path, monkeypatch)


def test_every_state_of_a_post(clones: Clones) -> None:
    laptop = clones.laptop
    write(laptop / "posts" / "second.md", "---\ntitle: Second\n---\nTwo.\n")
    write(laptop / "posts" / "third.md", "---\ntitle: Third\n---\nThree.\n")
    git(laptop, "add", "posts")
    git(laptop, "commit", "-q", "-m", "Two more")
    git(laptop, "push", "-q")
    write(laptop / "posts" / "third.md", "---\ntitle: Third\n---\nThree, edited.\n")
    write(laptop / "posts" / "fourth.md", "---\ntitle: Fourth\n---\nFour.\n")
    git(laptop, "add", "posts/fourth.md")
    git(laptop, "commit", "-q", "-m", "Fourth, not pushed")
    write(laptop / "posts" / "fifth.md", "---\ntitle: Fifth\n---\nFive.\n")
    write(laptop / "posts" / "sixth.md", "staged as new")
    git(laptop, "add", "posts/sixth.md")
    write(laptop / ".gitignore", "posts/private/\n")
    write(laptop / "posts" / "private" / "diary.md", "---\ntitle: Diary\n---\nSecret.\n")

    status = read_status(laptop / "posts")

    assert status.posts == {
        "first.md": PostState.PUBLISHED,
        "second.md": PostState.PUBLISHED,
        "third.md": PostState.MODIFIED,
        "fourth.md": PostState.UNPUSHED,
        "fifth.md": PostState.NEW,
        "sixth.md": PostState.NEW,
        "private/diary.md": PostState.IGNORED,
    }
    assert status.branch.name == "main"
    assert status.branch.upstream == "origin/main"
    assert (status.branch.ahead, status.branch.behind) == (1, 0)
    assert status.branch.summary == "main ↑1 (origin/main)"


def test_behind_counts_after_a_fetch(clones: Clones) -> None:
    write(clones.laptop / "posts" / "new.md", "---\ntitle: New\n---\n")
    git(clones.laptop, "add", ".")
    git(clones.laptop, "commit", "-q", "-m", "new")
    git(clones.laptop, "push", "-q")
    git(clones.desktop, "fetch", "-q")
    branch = read_status(clones.desktop).branch
    assert (branch.ahead, branch.behind) == (0, 1)
    assert branch.summary == "main ↓1 (origin/main)"


def test_without_upstream_committed_posts_are_not_pushed(clones: Clones) -> None:
    git(clones.laptop, "switch", "-q", "-c", "local")
    status = read_status(clones.laptop)
    assert status.posts == {"posts/first.md": PostState.UNPUSHED}
    assert status.branch.summary == "local (no upstream)"


def test_a_conflicted_post_is_marked(clones: Clones) -> None:
    for clone, words in ((clones.laptop, "laptop"), (clones.desktop, "desktop")):
        write(clone / "posts" / "first.md", FIRST_POST + words + "\n")
        git(clone, "commit", "-q", "-am", words)
    git(clones.laptop, "push", "-q")
    git(clones.desktop, "fetch", "-q")
    git(clones.desktop, "merge", "-q", "origin/main", check=False)
    status = read_status(clones.desktop / "posts")
    assert status.posts == {"first.md": PostState.CONFLICT}
    assert status.branch.operation == "merge"


def test_a_repository_with_no_commit_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from git_repos import hermetic_git

    hermetic_git(monkeypatch, tmp_path)
    git(tmp_path, "init", "-q", "-b", "main", "blog")
    write(tmp_path / "blog" / "hello.md", "---\ntitle: Hello\n---\n")
    status = read_status(tmp_path / "blog")
    assert status.posts == {"hello.md": PostState.NEW}
    assert status.branch.commit is None


def test_outside_a_repository_is_not_repo(tmp_path: Path) -> None:
    with pytest.raises(GitError) as err:
        read_status(tmp_path)
    assert err.value.kind == "not-repo"


def test_a_folder_name_with_pattern_characters_is_taken_literally(clones: Clones) -> None:
    laptop = clones.laptop
    write(laptop / "posts [2026]" / "a.md", "---\ntitle: A\n---\n")
    write(laptop / "posts 2" / "b.md", "---\ntitle: B\n---\n")  # `[2026]` as a glob matches this
    status = read_status(laptop / "posts [2026]")
    assert status.posts == {"a.md": PostState.NEW}
    assert list(status.changed) == ["posts [2026]/a.md"]


def test_the_post_list_matches_the_library_walk(clones: Clones) -> None:
    """Without a list from the library, the posts are the ones its walk finds: Markdown files
    only, not in hidden or build folders, deleted files gone, ignored folders looked into."""
    from blogdesk.core.files import walk

    laptop = clones.laptop
    write(laptop / "notes.txt", "not a post")
    write(laptop / ".github" / "readme.md", "hidden folder")
    write(laptop / "node_modules" / "pkg" / "README.md", "a dependency")
    write(laptop / "drafts" / "idea.markdown", "---\ntitle: Idea\n---\n")
    write(laptop / ".gitignore", "node_modules/\ndrafts/\n")
    write(laptop / "posts" / "gone.md", "soon deleted")
    git(laptop, "add", "posts/gone.md")
    git(laptop, "commit", "-q", "-m", "gone")
    (laptop / "posts" / "gone.md").unlink()

    status = read_status(laptop)

    assert sorted(status.posts) == sorted(walk(laptop).found) == ["drafts/idea.markdown",
                                                            "posts/first.md"]
    assert status.posts["drafts/idea.markdown"] == PostState.IGNORED
