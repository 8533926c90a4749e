"""Sync between two clones: fetch, rebase or merge as configured, push; a conflict is handed
back with both texts, the tree left as it was (no conflict markers), and nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from git_repos import FIRST_POST, Clones, git, hermetic_clones, write

from blogdesk.core.git import GitError
from blogdesk.core.git.sync import sync


@pytest.fixture
def clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Clones:
    return hermetic_clones(tmp_path, monkeypatch)


FIRST_LINE = "The first post of this blog."
LAPTOP_TEXT = FIRST_POST.replace(FIRST_LINE, "Written on the laptop, by the sea.")
DESKTOP_TEXT = FIRST_POST.replace(FIRST_LINE, "Written at the desk, at night.")
POST = "posts/first.md"


def _commit_and_push(clone: Path, rel: str, text: str, message: str) -> None:
    write(clone / rel, text)
    git(clone, "add", rel)
    git(clone, "commit", "-q", "-m", message)
    git(clone, "push", "-q")


def _commit(clone: Path, rel: str, text: str, message: str) -> None:
    write(clone / rel, text)
    git(clone, "add", rel)
    git(clone, "commit", "-q", "-m", message)


def _edited_on_both(clones: Clones, mode: str) -> str:
    """The laptop pushed an edit of the first post; the desktop committed another edit of the
    same line. Returns the desktop's HEAD before any sync."""
    git(clones.desktop, "config", "pull.rebase", "true" if mode == "rebase" else "false")
    _commit_and_push(clones.laptop, POST, LAPTOP_TEXT, "Laptop edit")
    _commit(clones.desktop, POST, DESKTOP_TEXT, "Desktop edit")
    return git(clones.desktop, "rev-parse", "HEAD")


@pytest.mark.parametrize("mode", ["rebase", "merge"])
def test_a_conflict_shows_both_texts_and_changes_nothing(clones: Clones, mode: str) -> None:
    head = _edited_on_both(clones, mode)
    write(clones.desktop / "notes.txt", "an uncommitted note\n")

    result = sync(clones.desktop)

    assert not result.pushed
    assert [c.path for c in result.conflicts] == [POST]
    conflict = result.conflicts[0]
    assert conflict.mine == DESKTOP_TEXT
    assert conflict.theirs == LAPTOP_TEXT
    assert conflict.base == FIRST_POST
    post = (clones.desktop / POST).read_text(encoding="utf-8")
    assert post == DESKTOP_TEXT  # no <<<<<<< markers, the author's own words
    assert git(clones.desktop, "rev-parse", "HEAD") == head
    assert git(clones.desktop, "status", "--porcelain") == "?? notes.txt\n"
    assert not (clones.desktop / ".git" / "rebase-merge").exists()
    assert not (clones.desktop / ".git" / "MERGE_HEAD").exists()
    assert clones.remote_log()[0] == "Laptop edit"


@pytest.mark.parametrize("mode", ["rebase", "merge"])
def test_choosing_mine_publishes_it_and_keeps_theirs_in_history(clones: Clones, mode: str) -> None:
    _edited_on_both(clones, mode)
    conflict = sync(clones.desktop).conflicts[0]

    result = sync(clones.desktop, resolutions={conflict.path: conflict.mine})

    assert result.pushed and not result.conflicts
    assert git(clones.remote, "show", f"main:{POST}") == DESKTOP_TEXT
    assert "Written on the laptop, by the sea." in git(clones.remote, "log", "-p", "main")
    assert git(clones.desktop, "status", "--porcelain") == ""


def test_choosing_theirs_in_a_rebase_drops_the_emptied_commit(clones: Clones) -> None:
    _edited_on_both(clones, "rebase")
    conflict = sync(clones.desktop).conflicts[0]

    result = sync(clones.desktop, resolutions={conflict.path: conflict.theirs})

    assert not result.conflicts
    assert (clones.desktop / POST).read_text(encoding="utf-8") == LAPTOP_TEXT
    assert git(clones.desktop, "rev-parse", "HEAD") == git(clones.remote, "rev-parse", "main")
    # the desktop's words are not lost: the original commit is in the reflog
    assert "Written at the desk" in git(clones.desktop, "log", "-p", "-g", "HEAD")


def test_a_hand_merged_text_is_what_lands(clones: Clones) -> None:
    _edited_on_both(clones, "merge")
    conflict = sync(clones.desktop).conflicts[0]
    both = FIRST_POST.replace("The first post of this blog.",
                              "Written on the laptop, by the sea, and at the desk, at night.")
    sync(clones.desktop, resolutions={conflict.path: both})
    assert git(clones.remote, "show", f"main:{POST}") == both


@pytest.mark.parametrize("mode", ["rebase", "merge"])
def test_sync_without_conflict_follows_the_configured_mode(clones: Clones, mode: str) -> None:
    git(clones.desktop, "config", "pull.rebase", "true" if mode == "rebase" else "false")
    _commit_and_push(clones.laptop, "posts/laptop.md", "---\ntitle: L\n---\nl\n", "Laptop post")
    _commit(clones.desktop, "posts/desktop.md", "---\ntitle: D\n---\nd\n", "Desktop post")
    write(clones.desktop / POST, FIRST_POST + "\nAn edit not committed yet.\n")

    result = sync(clones.desktop)

    assert result.mode == mode and result.pushed
    parents = git(clones.remote, "log", "-1", "--format=%p", "main").split()
    assert len(parents) == (1 if mode == "rebase" else 2)
    assert git(clones.remote, "log", "--format=%s", "main").splitlines()[-1] == "Start the blog"
    # the uncommitted edit of another post came through untouched
    assert (clones.desktop / POST).read_text() == FIRST_POST + "\nAn edit not committed yet.\n"


def test_fast_forward_when_there_is_nothing_local(clones: Clones) -> None:
    _commit_and_push(clones.laptop, "posts/laptop.md", "---\ntitle: L\n---\nl\n", "Laptop post")
    result = sync(clones.desktop)
    assert result.mode == "fast-forward" and not result.pushed
    assert (clones.desktop / "posts" / "laptop.md").read_text() == "---\ntitle: L\n---\nl\n"


def test_uncommitted_changes_to_a_post_the_remote_changed_stop_the_sync(clones: Clones) -> None:
    _commit_and_push(clones.laptop, POST, LAPTOP_TEXT, "Laptop edit")
    write(clones.desktop / POST, DESKTOP_TEXT)
    head = git(clones.desktop, "rev-parse", "HEAD")

    with pytest.raises(GitError) as stopped:
        sync(clones.desktop)

    assert stopped.value.kind == "dirty"
    assert POST in stopped.value.message
    assert (clones.desktop / POST).read_text() == DESKTOP_TEXT
    assert git(clones.desktop, "rev-parse", "HEAD") == head


def test_sync_failures_are_clear_messages(clones: Clones, tmp_path: Path) -> None:
    git(clones.desktop, "checkout", "-q", "--detach")
    with pytest.raises(GitError) as detached:
        sync(clones.desktop)
    assert detached.value.kind == "detached"
    git(clones.desktop, "switch", "-q", "-c", "solo")
    with pytest.raises(GitError) as no_upstream:
        sync(clones.desktop)
    assert no_upstream.value.kind == "no-upstream"
    assert "git push -u origin solo" in no_upstream.value.message
    (tmp_path / "plain").mkdir()
    with pytest.raises(GitError) as not_repo:
        sync(tmp_path / "plain")
    assert not_repo.value.kind == "not-repo"


def test_take_mine_through_a_rebase_of_two_commits_keeps_the_latest_words(
    clones: Clones,
) -> None:
    """Each place the rebase stops gets that commit's own version, so the result is the
    author's last text, not the first one replayed."""
    _edited_on_both(clones, "rebase")
    final = DESKTOP_TEXT.replace("at night.", "at night, then again at dawn.")
    _commit(clones.desktop, POST, final, "Desktop second edit")

    result = sync(clones.desktop, take="mine")

    assert result.pushed and not result.conflicts
    assert git(clones.remote, "show", f"main:{POST}") == final
    assert (clones.desktop / POST).read_text(encoding="utf-8") == final
    assert "Written on the laptop, by the sea." in git(clones.remote, "log", "-p", "main")


@pytest.mark.parametrize("mode", ["rebase", "merge"])
def test_combining_both_then_taking_mine_lands_the_combined_text(
    clones: Clones, mode: str
) -> None:
    """The advice the conflict gives: edit the post to hold both, commit, sync keeping mine."""
    _edited_on_both(clones, mode)
    assert sync(clones.desktop).conflicts
    both = FIRST_POST.replace(FIRST_LINE, "By the sea on the laptop; at the desk, at night.")
    _commit(clones.desktop, POST, both, "Both versions, combined")

    result = sync(clones.desktop, take="mine")

    assert result.pushed
    assert git(clones.remote, "show", f"main:{POST}") == both


def test_an_unreachable_remote_and_a_vanished_upstream_are_clear(clones: Clones) -> None:
    git(clones.remote, "branch", "-q", "-m", "main", "renamed")
    git(clones.desktop, "fetch", "-q", "--prune")
    with pytest.raises(GitError) as gone:
        sync(clones.desktop)
    assert gone.value.kind == "no-upstream"
    assert "is gone from the remote" in gone.value.message
    git(clones.desktop, "remote", "set-url", "origin", str(clones.remote) + "-nowhere")
    with pytest.raises(GitError) as unreachable:
        sync(clones.desktop)
    assert unreachable.value.kind == "network"
    assert "could not be reached" in unreachable.value.message
