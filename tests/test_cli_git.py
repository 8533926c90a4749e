"""`blogdesk publish`, `sync` and `status` on real clones: what a person sees, and exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "core"))
from git_repos import FIRST_POST, Clones, git, hermetic_clones, write

from blogdesk.cli import main


@pytest.fixture
def clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Clones:
    return hermetic_clones(tmp_path, monkeypatch)


DRAFT = "---\ntitle: Hello there\ndraft: true\n---\n\nHi.\n"


def test_status_json_for_scripts(clones: Clones, capsys: pytest.CaptureFixture[str]) -> None:
    write(clones.laptop / "posts" / "draft.md", DRAFT)
    assert main(["status", str(clones.laptop / "posts"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["branch"] == "main" and data["upstream"] == "origin/main"
    assert data["posts"] == [
        {"path": "draft.md", "state": "new"},
        {"path": "first.md", "state": "published"},
    ]
    assert data["counts"]["new"] == 1


def test_status_text(clones: Clones, capsys: pytest.CaptureFixture[str]) -> None:
    write(clones.laptop / "posts" / "draft.md", DRAFT)
    assert main(["status", str(clones.laptop)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "branch: main (origin/main)", "new        posts/draft.md", "1 new, 1 published",
    ]


def test_publish_dry_run_then_publish(clones: Clones, capsys: pytest.CaptureFixture[str]) -> None:
    post = write(clones.laptop / "posts" / "draft.md", DRAFT)
    assert main(["publish", str(post), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Dry run: nothing is changed." in out
    assert "set draft: false in posts/draft.md" in out
    assert post.read_text() == DRAFT

    assert main(["publish", str(post), "-m", "Say hello"]) == 0
    out = capsys.readouterr().out
    assert "pushed to origin/main" in out
    assert clones.remote_log()[0] == "Say hello"


def test_sync_conflict_prints_both_versions_then_take_mine(
    clones: Clones, capsys: pytest.CaptureFixture[str]
) -> None:
    for clone, words in ((clones.laptop, "Laptop words."), (clones.desktop, "Desktop words.")):
        write(clone / "posts" / "first.md", FIRST_POST.replace("The first post of this blog.",
                                                               words))
        git(clone, "commit", "-q", "-am", words)
    git(clones.laptop, "push", "-q")

    saved = clones.desktop.parent / "both-versions"
    assert main(["sync", str(clones.desktop), "--save-conflicts", str(saved)]) == 3
    err = capsys.readouterr().err
    assert "Desktop words." in (saved / "posts__first.md.mine").read_text()
    assert "Laptop words." in (saved / "posts__first.md.theirs").read_text()
    assert "conflict in posts/first.md" in err
    mine, theirs = err.index("----- mine"), err.index("----- theirs")
    assert "Desktop words." in err[mine:theirs] and "Laptop words." in err[theirs:]
    assert "<<<<<<<" not in (clones.desktop / "posts" / "first.md").read_text()

    assert main(["sync", str(clones.desktop), "--take", "mine"]) == 0
    assert "Desktop words." in git(clones.remote, "show", "main:posts/first.md")


def test_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = write(tmp_path / "post.md", DRAFT)
    assert main(["publish", str(post)]) == 1
    assert main(["status", str(tmp_path)]) == 1
    assert main(["sync", str(tmp_path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3
    assert all("not inside a git repository" in line for line in lines)


def test_status_of_a_site_root_shows_its_posts_folder(
    clones: Clones, capsys: pytest.CaptureFixture[str]
) -> None:
    """As `blogdesk list` does: a Hugo site's posts are under content/, not its README."""
    write(clones.laptop / "README.md", "# The blog's read-me\n")
    write(clones.laptop / "content" / "posts" / "hugo.md", DRAFT)
    assert main(["status", str(clones.laptop), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["folder"] == str((clones.laptop / "content" / "posts").resolve())
    assert data["posts"] == [{"path": "hugo.md", "state": "new"}]


def test_status_of_a_jekyll_root_with_drafts_shows_posts_and_drafts_only(
    clones: Clones, capsys: pytest.CaptureFixture[str]
) -> None:
    """As `blogdesk list` does: _posts/ and _drafts/ are the posts; index.md is a page."""
    write(clones.laptop / "_config.yml", "title: Desk\n")
    write(clones.laptop / "index.md", "---\nlayout: home\n---\n")
    write(clones.laptop / "_posts" / "2024-05-01-spring.md", "---\ntitle: Spring\n---\n")
    write(clones.laptop / "_drafts" / "idea.md", DRAFT)
    assert main(["status", str(clones.laptop), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["folder"] == str(clones.laptop.resolve())
    assert sorted(post["path"] for post in data["posts"]) == [
        "_drafts/idea.md", "_posts/2024-05-01-spring.md"]
    assert data["counts"]["new"] == 2


def test_git_missing_from_path_is_one_line(
    clones: Clones, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert main(["status", str(clones.laptop)]) == 1
    assert main(["sync", str(clones.laptop)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["blogdesk: git was not found on PATH: install git (e.g. `apt install git`) "
                     "or add it to PATH, then try again"] * 2
