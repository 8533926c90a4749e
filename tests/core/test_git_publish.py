"""Publishing through real git repositories: exactly the post and its images, pushed; nothing
else in the tree touched; every failure a clear message and no half-done change."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
from git_repos import Clones, git, git_bytes, hermetic_clones, write

from blogdesk.core.git import GitError
from blogdesk.core.git.publish import plan_publish, publish
from blogdesk.core.git.sync import sync


@pytest.fixture
def clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Clones:
    return hermetic_clones(tmp_path, monkeypatch)

NOW = datetime(2026, 12, 5, 18, 30, tzinfo=timezone.utc)
DRAFT = (
    "---\n"
    'title: "A walk by the river"\n'
    "# the walk of the 3rd\n"
    "draft: true\n"
    "tags: [walks, rivers]\n"
    "---\n"
    "\n"
    "We walked along the river.\n"
    "\n"
    "![The river at dusk](../images/river.png)\n"
)
PNG = b"\x89PNG\r\n\x1a\n not really an image, but bytes"


def _draft(clone: Path, name: str = "river.md", text: str = DRAFT) -> Path:
    write(clone / "images" / "river.png", PNG)
    return write(clone / "posts" / name, text)


def _status(clone: Path) -> str:
    return git(clone, "status", "--porcelain=v1", "--untracked-files=all")


def test_publish_a_draft_commits_the_post_and_its_image_only(clones: Clones) -> None:
    """The remote gets one commit, holding the post and its image; the draft flag and the date
    are the only lines that changed in the post."""
    post = _draft(clones.laptop)
    write(clones.laptop / "images" / "unused.png", b"another image nobody shows")

    result = publish(plan_publish([post], now=NOW))

    assert result.pushed
    assert clones.remote_log() == ["Publish: A walk by the river", "Start the blog"]
    assert clones.remote_files() == ["images/river.png", "posts/river.md"]
    assert post.read_text(encoding="utf-8") == DRAFT.replace(
        "draft: true\n", "draft: false\n"
    ).replace("tags: [walks, rivers]\n", "tags: [walks, rivers]\ndate: 2026-12-05T18:30:00Z\n")
    assert git_bytes(clones.remote, "show", "main:images/river.png") == PNG
    assert _status(clones.laptop) == "?? images/unused.png\n"


def test_publish_leaves_staged_and_unstaged_changes_as_they_were(clones: Clones) -> None:
    """Changes the author staged, changed or created elsewhere stay exactly as they were."""
    laptop = clones.laptop
    post = _draft(laptop)
    write(laptop / "posts" / "first.md", "---\ntitle: First steps\n---\n\nStaged words.\n")
    git(laptop, "add", "posts/first.md")
    write(laptop / "posts" / "first.md", "---\ntitle: First steps\n---\n\nUnstaged words.\n")
    write(laptop / "notes.txt", "a note, never to be committed\n")
    staged_before = git(laptop, "diff", "--cached", "--", "posts/first.md")
    unstaged_before = git(laptop, "diff", "--", "posts/first.md")

    publish(plan_publish([post], now=NOW))

    assert clones.remote_files() == ["images/river.png", "posts/river.md"]
    assert _status(laptop) == "MM posts/first.md\n?? notes.txt\n"
    assert git(laptop, "diff", "--cached", "--", "posts/first.md") == staged_before
    assert git(laptop, "diff", "--", "posts/first.md") == unstaged_before


def test_dry_run_says_what_would_happen_and_changes_nothing(clones: Clones) -> None:
    post = _draft(clones.laptop)
    write(clones.laptop / "notes.txt", "other\n")
    head = git(clones.laptop, "rev-parse", "HEAD")

    lines = plan_publish([post], now=NOW).describe()

    text = "\n".join(lines)
    assert "set draft: false in posts/river.md" in text
    assert "set date: 2026-12-05T18:30:00+00:00 in posts/river.md" in text
    assert "commit 2 files: posts/river.md, images/river.png" in text
    assert '"Publish: A walk by the river"' in text
    assert "push 1 commit to origin/main" in text
    assert "leave 1 other changed file as it is" in text
    assert post.read_text(encoding="utf-8") == DRAFT
    assert git(clones.laptop, "rev-parse", "HEAD") == head
    assert clones.remote_log() == ["Start the blog"]


def test_each_convention_is_kept(clones: Clones) -> None:
    """Jekyll's `published: false` becomes true; a dated file name needs no date; TOML stays
    TOML; --message replaces the default message."""
    jekyll = write(clones.laptop / "_posts" / "2026-10-02-autumn.md",
                   "---\ntitle: Autumn\npublished: false\n---\n\nLeaves.\n")
    hugo = write(clones.laptop / "content" / "winter.md",
                 '+++\ntitle = "Winter"\ndraft = true\n+++\n\nSnow.\n')

    publish(plan_publish([jekyll, hugo], message="Two seasons", now=NOW))

    assert jekyll.read_text() == "---\ntitle: Autumn\npublished: true\n---\n\nLeaves.\n"
    assert hugo.read_text().startswith('+++\ntitle = "Winter"\ndraft = false\ndate = 2026-12-05')
    assert clones.remote_log()[0] == "Two seasons"
    assert clones.remote_files() == ["_posts/2026-10-02-autumn.md", "content/winter.md"]


def test_images_outside_the_repository_are_never_committed(clones: Clones, tmp_path: Path) -> None:
    write(tmp_path / "secret.png", b"outside")
    post = write(clones.laptop / "posts" / "out.md",
                 "---\ntitle: Out\n---\n\n![x](../../secret.png)\n")
    publish(plan_publish([post], now=NOW))
    assert clones.remote_files() == ["posts/out.md"]


def test_a_rejected_push_says_sync_then_sync_and_publish_work(clones: Clones) -> None:
    """The desktop published first; the laptop's push is refused with what to do; sync brings
    the desktop's post in and pushes the laptop's commit; the next publish goes straight out."""
    publish(plan_publish([_draft(clones.desktop, "desk.md",
                                 DRAFT.replace("A walk by the river", "From the desk"))], now=NOW))
    post = _draft(clones.laptop)

    with pytest.raises(GitError) as refused:
        publish(plan_publish([post], now=NOW))

    assert refused.value.kind == "rejected"
    assert "blogdesk sync" in refused.value.message
    assert "committed" in refused.value.message  # the commit is kept here
    result = sync(clones.laptop)
    assert result.pushed and not result.conflicts
    assert {"Publish: A walk by the river", "Publish: From the desk"} <= set(clones.remote_log())
    later = write(clones.laptop / "posts" / "later.md", "---\ntitle: Later\n---\n\nMore.\n")
    publish(plan_publish([later], now=NOW))
    assert clones.remote_log()[0] == "Publish: Later"


def test_a_refusing_commit_hook_changes_nothing(clones: Clones) -> None:
    hook = clones.laptop / ".git" / "hooks" / "pre-commit"
    write(hook, "#!/bin/sh\necho 'spell check failed: teh' >&2\nexit 1\n")
    hook.chmod(0o755)
    post = _draft(clones.laptop)

    with pytest.raises(GitError) as refused:
        publish(plan_publish([post], now=NOW))

    assert refused.value.kind == "hook"
    assert "pre-commit hook refused" in refused.value.message
    assert "spell check failed: teh" in refused.value.message
    assert post.read_text(encoding="utf-8") == DRAFT
    assert _status(clones.laptop) == "?? images/river.png\n?? posts/river.md\n"


def test_a_remote_hook_that_refuses_is_named(clones: Clones) -> None:
    hook = clones.remote / "hooks" / "pre-receive"
    write(hook, "#!/bin/sh\necho 'posts are frozen today' >&2\nexit 1\n")
    hook.chmod(0o755)
    with pytest.raises(GitError) as refused:
        publish(plan_publish([_draft(clones.laptop)], now=NOW))
    assert refused.value.kind == "hook"
    assert "posts are frozen today" in refused.value.message


def test_authentication_failure_says_to_check_credentials(
    clones: Clones, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_ssh = write(tmp_path / "fake-ssh", "#!/bin/sh\n"
                     "echo 'git@blog.example: Permission denied (publickey).' >&2\nexit 255\n")
    fake_ssh.chmod(0o755)
    monkeypatch.setenv("GIT_SSH_COMMAND", str(fake_ssh))
    git(clones.laptop, "remote", "set-url", "origin", "git@blog.example:me/blog.git")
    with pytest.raises(GitError) as refused:
        publish(plan_publish([_draft(clones.laptop)], now=NOW))
    assert refused.value.kind == "auth"
    assert "SSH key or credential helper" in refused.value.message


def test_no_upstream_is_a_clear_message_and_no_push_still_commits(clones: Clones) -> None:
    git(clones.laptop, "switch", "-q", "-c", "drafts")
    post = _draft(clones.laptop)
    with pytest.raises(GitError) as refused:
        plan_publish([post], now=NOW)
    assert refused.value.kind == "no-upstream"
    assert "git push -u origin drafts" in refused.value.message
    result = publish(plan_publish([post], push=False, now=NOW))
    assert result.commit and not result.pushed
    assert git(clones.laptop, "log", "-1", "--format=%s") == "Publish: A walk by the river\n"


def test_detached_head_is_a_clear_message(clones: Clones) -> None:
    git(clones.laptop, "checkout", "-q", "--detach")
    with pytest.raises(GitError) as refused:
        plan_publish([_draft(clones.laptop)], now=NOW)
    assert refused.value.kind == "detached"
    assert "git switch" in refused.value.message


def test_not_a_repository_is_a_clear_message(tmp_path: Path) -> None:
    post = write(tmp_path / "loose" / "post.md", DRAFT)
    with pytest.raises(GitError) as refused:
        plan_publish([post], now=NOW)
    assert refused.value.kind == "not-repo"
    assert "not inside a git repository" in refused.value.message


def test_git_missing_from_path_is_a_clear_message(
    clones: Clones, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    post = _draft(clones.laptop)
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(GitError) as refused:
        plan_publish([post], now=NOW)
    assert refused.value.kind == "no-git"
    assert "git was not found" in refused.value.message
    assert os.environ["PATH"] == str(empty)


def test_the_first_commit_of_a_new_blog_and_a_name_that_looks_like_a_pattern(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A repository with no commit yet; a file name with `[`, `]` and `*` is that file only."""
    from git_repos import hermetic_git

    hermetic_git(monkeypatch, tmp_path)
    blog = tmp_path / "blog"
    git(tmp_path, "init", "-q", "-b", "main", str(blog))
    git(blog, "config", "user.name", "solo author")
    git(blog, "config", "user.email", "solo@example.org")
    post = write(blog / "posts" / "notes [draft] *.md", DRAFT.replace("../images/river.png", "x"))
    write(blog / "posts" / "notes d .md", "---\ntitle: Matches the pattern, not the name\n---\n")

    result = publish(plan_publish([post], push=False, now=NOW))

    assert result.commit and not result.pushed
    files = git(blog, "show", "--name-only", "--format=", "HEAD").splitlines()
    assert files == ["posts/notes [draft] *.md"]
    assert git(blog, "status", "--porcelain") == '?? "posts/notes d .md"\n'


JEKYLL_DRAFT = "---\ntitle: Winter light\nlayout: post\n---\n\n![Snow](/images/snow.png)\n"


def test_a_jekyll_draft_moves_into_posts_with_its_date_in_the_name(clones: Clones) -> None:
    """Jekyll's own convention: `_drafts/name.md` is published as `_posts/DATE-name.md`; a
    draft that was committed leaves `_drafts` in the same commit (git sees a rename)."""
    site = clones.laptop
    write(site / "_posts" / "2026-01-01-old.md", "---\ntitle: Old\n---\n")
    kept = write(site / "_drafts" / "winter-light.md", JEKYLL_DRAFT)
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "A draft and an old post")
    git(site, "push", "-q")
    write(site / "images" / "snow.png", b"snow")
    fresh = write(site / "_drafts" / "fresh.md", "---\ntitle: Fresh\n---\n\nNew.\n")

    plan = plan_publish([kept, fresh], now=NOW)
    assert "  move _drafts/winter-light.md to _posts/2026-12-05-winter-light.md (a Jekyll " \
        "draft: its date is in the file name)" in plan.describe()
    result = publish(plan)

    assert not kept.exists() and not fresh.exists()
    moved = site / "_posts" / "2026-12-05-winter-light.md"
    assert moved.read_text() == JEKYLL_DRAFT  # no field was added: the name holds the date
    assert (site / "_posts" / "2026-12-05-fresh.md").exists()
    assert result.moves == ((kept.resolve(), moved.resolve()),
                            (fresh.resolve(), (site / "_posts" / "2026-12-05-fresh.md").resolve()))
    assert clones.remote_files() == ["_drafts/winter-light.md", "_posts/2026-12-05-fresh.md",
                                     "_posts/2026-12-05-winter-light.md", "images/snow.png"]
    assert git(site, "status", "--porcelain") == ""


def test_a_refused_jekyll_publish_puts_the_draft_back(clones: Clones) -> None:
    site = clones.laptop
    (site / "_posts").mkdir()
    draft = write(site / "_drafts" / "winter-light.md", JEKYLL_DRAFT)
    hook = write(site / ".git" / "hooks" / "pre-commit", "#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    with pytest.raises(GitError):
        publish(plan_publish([draft], now=NOW))
    assert draft.read_text() == JEKYLL_DRAFT
    assert list((site / "_posts").iterdir()) == []
    assert git(site, "status", "--porcelain", "--untracked-files=all") == \
        "?? _drafts/winter-light.md\n"


def test_a_jekyll_draft_never_replaces_a_post(clones: Clones) -> None:
    site = clones.laptop
    existing = write(site / "_posts" / "2026-12-05-winter-light.md", "---\ntitle: Mine\n---\n")
    draft = write(site / "_drafts" / "winter-light.md", JEKYLL_DRAFT)
    with pytest.raises(GitError) as refused:
        plan_publish([draft], now=NOW)
    assert "already exists" in refused.value.message
    assert existing.read_text() == "---\ntitle: Mine\n---\n"
