"""Publish posts: mark a draft as published, save, commit exactly that post and its images, push.

``plan_publish`` checks everything first and says what would happen (the dry run) without
touching anything; ``publish`` carries the plan out. The front-matter edit goes through
``postfile`` (only the changed field's lines move, in the file's own style; atomic save). The
commit is ``git commit --only -- PATHS``: git builds it from HEAD plus exactly those paths, so
changes the author has staged or left in other files stay as they were. New files are first
added as intent-to-add (``git add -N``), which ``--only`` needs; if the commit fails, that entry
and the front-matter edit are undone, so a refused publish changes nothing.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from blogdesk.core.files import is_post_name
from blogdesk.core.git.runner import (
    NETWORK_TIMEOUT,
    Git,
    GitError,
    Repo,
    describe_failure,
    find_repo,
)
from blogdesk.core.git.status import Branch, is_ignored, status_of_paths
from blogdesk.core.post import Post, as_bool, parse_date
from blogdesk.core.postfile import PostError, atomic_write, load_post, save_post

__all__ = [
    "PostPlan",
    "PublishPlan",
    "PublishResult",
    "jekyll_draft_target",
    "local_images",
    "plan_publish",
    "publish",
]

_DATED_NAME = re.compile(r"\d{4}-\d{2}-\d{2}-")


@dataclass
class PostPlan:
    """One post to publish: its front-matter edits and the files that go into the commit."""

    path: Path
    rel: str  # from the repository root
    title: str
    edits: list[tuple[str, Any]] = field(default_factory=list)
    images: list[str] = field(default_factory=list)  # changed local images, from the root
    skipped_images: list[str] = field(default_factory=list)  # ignored by git
    changed: bool = False  # the post file itself differs from HEAD (or is new)
    move_to: str | None = None  # a Jekyll draft's place in _posts/, from the root
    tracked: bool = True  # git knows the file (so a move commits its removal too)


@dataclass
class PublishPlan:
    """What ``publish`` will do, checked in advance; ``describe()`` is the dry run's text."""

    repo: Repo
    branch: Branch
    posts: list[PostPlan]
    message: str
    push: bool
    remote: str | None = None
    remote_ref: str | None = None
    new_paths: list[str] = field(default_factory=list)  # untracked, to add as intent-to-add
    other_changes: int = 0  # changed files in the tree that are not part of this commit

    @property
    def paths(self) -> list[str]:
        """Every path the commit holds, from the repository root."""
        out: list[str] = []
        for post in self.posts:
            if post.move_to is not None:
                out.extend([post.rel, post.move_to] if post.tracked else [post.move_to])
            elif post.changed or post.edits:
                out.append(post.rel)
            out.extend(i for i in post.images if i not in out)
        return out

    def describe(self) -> list[str]:
        """What would happen, one line per step, for a person."""
        lines = [f"On branch {self.branch.name}:"]
        for post in self.posts:
            if post.move_to is not None:
                lines.append(f"  move {post.rel} to {post.move_to} (a Jekyll draft: its date is "
                             "in the file name)")
            for key, value in post.edits:
                lines.append(f"  set {key}: {_show_value(value)} in {post.rel}")
            for image in post.skipped_images:
                lines.append(f"  leave out {image} (git ignores it)")
        paths = self.paths
        if paths:
            lines.append(f"  commit {len(paths)} file{'s' if len(paths) != 1 else ''}: "
                         f"{', '.join(paths)}")
            lines.append(f'    with the message "{self.message}"')
        else:
            lines.append("  nothing to commit: the posts are committed as they are")
        if self.push:
            ahead = self.branch.ahead + (1 if paths else 0)
            if ahead:
                lines.append(f"  push {ahead} commit{'s' if ahead != 1 else ''} to "
                             f"{self.branch.upstream}")
            else:
                lines.append(f"  nothing to push: {self.branch.upstream} has it all")
        else:
            lines.append("  not push (--no-push)")
        if self.other_changes == 1:
            lines.append("  leave 1 other changed file as it is")
        elif self.other_changes:
            lines.append(f"  leave {self.other_changes} other changed files as they are")
        return lines


@dataclass(frozen=True)
class PublishResult:
    """What ``publish`` did."""

    commit: str | None  # the new commit, or None when there was nothing to commit
    pushed: bool
    paths: tuple[str, ...]
    lines: tuple[str, ...]
    moves: tuple[tuple[Path, Path], ...] = ()  # (old, new) for drafts moved into _posts/


def _show_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _key(meta: dict[str, Any], name: str) -> str | None:
    """The key as the file writes it (``Draft`` in a Pelican post), or None."""
    if name in meta:
        return name
    for key in meta:
        if str(key).lower() == name:
            return str(key)
    return None


def publish_edits(
    meta: dict[str, Any], post: Post, now: datetime, new: bool
) -> list[tuple[str, Any]]:
    """The front-matter edits that make a draft published, in the post's own convention:
    ``draft: false`` (Hugo, Eleventy, Astro), ``published: true`` (Jekyll), ``status: published``
    (Pelican); and a date when the post has none and was a draft or is new."""
    edits: list[tuple[str, Any]] = []
    draft_key = _key(meta, "draft")
    if draft_key is not None and as_bool(meta[draft_key]):
        edits.append((draft_key, False))
    published_key = _key(meta, "published")
    if published_key is not None:
        value = meta[published_key]
        if value is not None and parse_date(value) is None and as_bool(value) is False:
            edits.append((published_key, True))
    status_key = _key(meta, "status")
    if status_key is not None and isinstance(meta[status_key], str) and \
            meta[status_key].strip().lower() in ("draft", "hidden"):
        edits.append((status_key, "published"))
    if post.date is None and (post.draft or new):
        edits.append(("date", now))
    return edits


def local_images(post: Post, repo_root: Path) -> list[Path]:
    """The local image files a post shows (body images and its cover), inside the repository.

    The body is rendered with the preview's renderer, so every Markdown image form counts
    (inline, reference, HTML); URLs resolve as the export resolves them, confined to the root.
    """
    from blogdesk.core.export import _IMG_SRC, _local_target
    from blogdesk.core.render import render

    sources = [html.unescape(m.group(2)) for m in _IMG_SRC.finditer(render(post.body).html)]
    if post.cover:
        sources.append(post.cover)
    found: list[Path] = []
    for src in sources:
        target = _local_target(src, post.path.parent, repo_root)
        if target is not None and target not in found:
            found.append(target)
    return found


def plan_publish(
    files: list[Path],
    *,
    message: str | None = None,
    push: bool = True,
    now: datetime | None = None,
) -> PublishPlan:
    """Check that the posts can be published and say how; nothing is changed.

    Raises GitError with a message saying what to do (not a repository, detached HEAD, a rebase
    or merge half-way, no upstream when pushing, a post in conflict) and PostError for a post
    that cannot be read.
    """
    if not files:
        raise GitError("no post given to publish")
    paths = [Path(f).resolve() for f in files]
    for path in paths:
        if not path.is_file():
            raise GitError(f"{path}: no such file")
        if not is_post_name(path.name):
            raise GitError(f"{path}: not a post (a Markdown file)")
    repo = find_repo(paths[0].parent)
    rels = []
    for path in paths:
        try:
            rels.append(path.relative_to(repo.root).as_posix())
        except ValueError:
            raise GitError(f"{path} is not in the repository at {repo.root}; publish the "
                           "posts of one repository at a time") from None
    now = now or datetime.now().astimezone().replace(microsecond=0)
    loaded = [load_post(path, root=repo.root) for path in paths]
    posts = [Post.from_file(pf) for pf in loaded]
    images = [local_images(post, repo.root) for post in posts]
    image_rels = [[p.relative_to(repo.root).as_posix() for p in group] for group in images]
    every = rels + [i for group in image_rels for i in group]
    branch, changed, ignored = status_of_paths(repo, every)
    _check_branch(branch, push)
    plans = []
    for path, rel, pf, post, group in zip(paths, rels, loaded, posts, image_rels, strict=True):
        code = changed.get(rel)
        if code is not None and code.startswith("u"):
            raise GitError(f"{rel} has a merge conflict: resolve it first (`blogdesk sync`)",
                           "conflict")
        if is_ignored(rel, ignored):
            raise GitError(f"{rel} is ignored by git (.gitignore): it cannot be published "
                           "from this repository")
        new = code is not None and (code == "??" or code[0] == "A")
        item = PostPlan(path, rel, post.title, publish_edits(pf.metadata, post, now, new),
                        changed=code is not None, tracked=code != "??")
        target = jekyll_draft_target(path, post, now)
        if target is not None:
            item.move_to = target.relative_to(repo.root).as_posix()
            item.edits = [(k, v) for k, v in item.edits if k != "date"]  # the name holds it
        for image in group:
            if is_ignored(image, ignored):
                item.skipped_images.append(image)
            elif image in changed:
                item.images.append(image)
        plans.append(item)
    titles = [p.title for p in plans]
    text = message if message is not None else "Publish: " + "; ".join(titles)
    if not text.strip():
        raise GitError("the commit message is empty: give one with --message")
    plan = PublishPlan(repo, branch, plans, text, push)
    targets = {p.move_to for p in plans if p.move_to is not None}
    plan.new_paths = [p for p in plan.paths if changed.get(p) == "??" or p in targets]
    plan.other_changes = _count_other_changes(repo, set(plan.paths))
    if push:
        git = Git(repo.root, repo.git_dir)
        plan.remote = git.config(f"branch.{branch.name}.remote")
        plan.remote_ref = git.config(f"branch.{branch.name}.merge")
    return plan


def jekyll_draft_target(path: Path, post: Post, now: datetime) -> Path | None:
    """Where a Jekyll draft goes when it is published: ``_drafts/name.md`` becomes
    ``_posts/YYYY-MM-DD-name.md`` (its date, else today), beside ``_drafts``; None for any other
    post. An existing file there is never overwritten: GitError."""
    if path.parent.name != "_drafts" or not (path.parent.parent / "_posts").is_dir():
        return None
    name = path.name
    if not _DATED_NAME.match(name):
        day = post.date.astimezone() if post.date is not None else now
        name = f"{day:%Y-%m-%d}-{name}"
    target = path.parent.parent / "_posts" / name
    if target.exists():
        raise GitError(f"{target} already exists: rename the draft or that post, then publish "
                       "again")
    return target


def _check_branch(branch: Branch, push: bool) -> None:
    if branch.operation:
        raise GitError(f"a {branch.operation} stopped half-way in this repository: finish it or "
                       f"abort it (`git {branch.operation} --abort`), then publish again", "busy")
    if branch.name is None:
        at = f" at {branch.commit[:7]}" if branch.commit else ""
        raise GitError(f"HEAD is detached{at}, so a commit would belong to no branch: switch to "
                       "your blog's branch (`git switch main`), then publish again", "detached")
    if push and branch.upstream is None:
        raise GitError(f"the branch {branch.name} has no upstream to push to: push it once with "
                       f"`git push -u origin {branch.name}`, or publish with --no-push",
                       "no-upstream")


def _count_other_changes(repo: Repo, mine: set[str]) -> int:
    git = Git(repo.root, repo.git_dir)
    out = git.run("status", "--porcelain=v1", "-z", "--untracked-files=all").stdout
    count = 0
    fields = out.split(b"\0")
    i = 0
    while i < len(fields):
        entry = fields[i]
        i += 1
        if len(entry) < 4:
            continue
        if entry[:1] in (b"R", b"C"):
            i += 1  # the original path follows
        if entry[3:].decode("utf-8", "surrogateescape") not in mine:
            count += 1
    return count


def publish(plan: PublishPlan) -> PublishResult:
    """Carry out a plan from ``plan_publish``: edit and save, commit, push.

    A commit that fails (a hook refuses, signing fails) undoes the front-matter edits and the
    intent-to-add entries, and raises GitError. A failed push leaves the commit in place and
    raises GitError saying what to do (sync first, check credentials).
    """
    git = Git(plan.repo.root, plan.repo.git_dir)
    lines: list[str] = []
    saved: list[tuple[Path, bytes, bytes]] = []  # (path, bytes before, bytes written)
    moved: list[tuple[Path, Path, bytes]] = []  # (old, new, bytes of the old file)
    try:
        for post in plan.posts:
            if post.edits:
                pf = load_post(post.path, root=plan.repo.root)
                before = pf.to_bytes()
                for key, value in post.edits:
                    pf.set(key, value)
                if save_post(pf):
                    saved.append((post.path, before, pf.to_bytes()))
                    edits = ", ".join(f"{k}: {_show_value(v)}" for k, v in post.edits)
                    lines.append(f"set {edits} in {post.rel}")
            if post.move_to is not None:
                moved.append(_move(post.path, plan.repo.root / post.move_to))
                lines.append(f"moved {post.rel} to {post.move_to}")
        commit = _commit(git, plan) if plan.paths else None
    except (GitError, PostError, OSError):
        _unmove(moved)
        _undo(saved)
        raise
    if commit:
        lines.append(f"committed {commit[:7]} \"{plan.message}\" ({', '.join(plan.paths)})")
    pushed = False
    if plan.push and (commit or plan.branch.ahead):
        _push(git, plan, commit)
        pushed = True
        lines.append(f"pushed to {plan.branch.upstream}")
    moves = tuple((old, new) for old, new, _data in moved)
    return PublishResult(commit, pushed, tuple(plan.paths), tuple(lines), moves)


def _move(old: Path, new: Path) -> tuple[Path, Path, bytes]:
    """Write the post at its new place (atomically, never over a file), then remove the old."""
    data = old.read_bytes()
    if new.exists():
        raise GitError(f"{new} already exists; nothing was moved")
    atomic_write(new, data)
    old.unlink()
    return old, new, data


def _unmove(moved: list[tuple[Path, Path, bytes]]) -> None:
    """Put moved drafts back where they were (the publish failed)."""
    for old, new, data in reversed(moved):
        try:
            if not old.exists():
                atomic_write(old, data)
            if new.exists() and new.read_bytes() == data:
                new.unlink()
        except (OSError, PostError):
            pass  # the error being raised says what failed; both copies are left to see


def _commit(git: Git, plan: PublishPlan) -> str:
    paths = plan.paths
    if plan.new_paths:
        git.run("add", "--intent-to-add", "--", *_literal(plan.new_paths))
    result = git.run("commit", "--only", "--quiet", "-m", plan.message, "--",
                     *_literal(paths), check=False)
    if result.returncode != 0:
        if plan.new_paths:
            git.run("reset", "--quiet", "--", *_literal(plan.new_paths), check=False)
        raise _commit_error(git, result)
    return git.run("rev-parse", "HEAD").text.strip()


def _commit_error(git: Git, result: Any) -> GitError:
    detail = describe_failure(result).removeprefix("git commit failed: ")
    hooks = [name for name in ("pre-commit", "commit-msg", "prepare-commit-msg")
             if _hook_path(git, name).is_file()]
    if hooks:
        return GitError(f"the {' or '.join(hooks)} hook refused the commit ({detail}): fix what "
                        "it says and publish again; nothing was changed", "hook",
                        result.error_text)
    return GitError(f"git commit failed ({detail}); nothing was changed", "git", result.error_text)


def _hook_path(git: Git, name: str) -> Path:
    hooks = git.config("core.hooksPath")
    if hooks:
        base = Path(hooks).expanduser()
        return (base if base.is_absolute() else git.root / base) / name
    rel = git.run("rev-parse", "--git-path", f"hooks/{name}").text.strip()
    return (git.root / rel).resolve()


def _push(git: Git, plan: PublishPlan, commit: str | None) -> None:
    target = plan.remote_ref or f"refs/heads/{plan.branch.name}"
    result = git.run("push", "--porcelain", plan.remote or "origin", f"HEAD:{target}",
                     check=False, timeout=NETWORK_TIMEOUT)
    if result.returncode == 0:
        return
    from blogdesk.core.git.runner import classify

    kind = classify(result)
    message = describe_failure(result)
    if kind == "git" and _hook_path(git, "pre-push").is_file():
        kind, message = "hook", f"the pre-push hook refused the push ({message})"
    done = f"committed {commit[:7]} here, but " if commit else ""
    raise GitError(done + message, kind, result.error_text)


def _undo(saved: list[tuple[Path, bytes, bytes]]) -> None:
    """Put back the posts whose front matter was edited, if nobody changed them since."""
    for path, before, written in saved:
        try:
            if path.read_bytes() == written:
                atomic_write(path, before)
        except (OSError, PostError):
            pass  # the edit stays; the error being raised says what failed


def _literal(paths: list[str]) -> list[str]:
    """Pathspecs that match exactly these paths (a name with ``*`` or ``[`` is not a pattern)."""
    return [f":(literal){p}" for p in paths]
