"""Sync: fetch, bring in the upstream's commits (rebase or merge, as the repository is
configured), push. A conflict stops everything and is handed back with both texts.

The mode follows the user's configuration: ``branch.<name>.rebase``, else ``pull.rebase``; when
neither is set, a merge (git's long-standing default). With no local commits the branch is
fast-forwarded. Uncommitted changes elsewhere in the tree are carried across (``--autostash``);
uncommitted changes to a file the upstream also changed stop the sync before anything happens.

On a conflict, both sides of every conflicted file are read from the index (stages 2 and 3,
named ``mine`` and ``theirs`` from the author's point of view: a rebase swaps git's "ours"),
then the rebase or merge is aborted, so the work tree is exactly as it was and no conflict
marker is ever left in a post. The author chooses; ``sync(resolutions={path: text})`` runs
again and writes that text where git stops.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from blogdesk.core.git.runner import (
    NETWORK_TIMEOUT,
    Git,
    GitError,
    Repo,
    classify,
    describe_failure,
    find_repo,
)
from blogdesk.core.git.status import Branch, operation_in_progress, parse_porcelain
from blogdesk.core.postfile import atomic_write

__all__ = ["Conflict", "SyncResult", "sync", "sync_mode"]

#: Rebase stops more often than this only in a runaway; give up rather than loop.
MAX_STEPS = 1000
_REBASE_WORDS = frozenset({"true", "merges", "m", "interactive", "i", "preserve", "p", "yes", "on",
                           "1"})


@dataclass(frozen=True)
class Conflict:
    """One file both sides changed: the author's text here and the upstream's (None: deleted)."""

    path: str  # from the repository root
    mine: str | None
    theirs: str | None
    base: str | None


@dataclass(frozen=True)
class SyncResult:
    """What a sync did: how it brought the upstream in, whether it pushed, and any conflicts
    (then nothing was changed and nothing pushed)."""

    mode: str  # "up to date", "fast-forward", "rebase" or "merge"
    pushed: bool
    conflicts: tuple[Conflict, ...]
    lines: tuple[str, ...]


def sync_mode(git: Git, branch: str) -> str:
    """"rebase" or "merge", as ``git pull`` would do it in this repository."""
    for key in (f"branch.{branch}.rebase", "pull.rebase"):
        value = git.config(key)
        if value is not None:
            return "rebase" if value.strip().lower() in _REBASE_WORDS else "merge"
    return "merge"


def sync(
    folder: Path,
    *,
    resolutions: Mapping[str, str | None] | None = None,
    take: str | None = None,
    push: bool = True,
) -> SyncResult:
    """Fetch, rebase or merge, push.

    ``resolutions`` maps a conflicted path (from the repository root) to the text the author
    chose (None deletes the file). ``take`` ("mine" or "theirs") instead keeps that side of every
    conflicted file at each place git stops (the other side stays in the history). Without a
    decision for every conflict the sync stops, changes nothing and returns the conflicts.
    """
    if take not in (None, "mine", "theirs"):
        raise ValueError(f"take: 'mine' or 'theirs', not {take!r}")
    repo = find_repo(Path(folder).resolve())
    git = Git(repo.root, repo.git_dir)
    branch, dirty = _branch_and_dirty(git, repo)
    remote = git.config(f"branch.{branch.name}.remote") or "origin"
    lines: list[str] = []
    if remote != ".":
        git.run("fetch", "--quiet", remote, timeout=NETWORK_TIMEOUT)
        lines.append(f"fetched {remote}")
    if git.run("rev-parse", "--verify", "--quiet", "@{u}", check=False).returncode != 0:
        raise GitError(f"the upstream branch {branch.upstream} is gone from the remote: push "
                       f"yours there again with `git push -u {remote} {branch.name}`",
                       "no-upstream")
    ahead, behind = _ahead_behind(git)
    mode = "up to date"
    if behind:
        incoming = _names(git, "diff", "--name-only", "-z", "--no-renames", "HEAD...@{u}")
        both = sorted(set(dirty) & incoming)
        if both:
            raise GitError(
                f"{', '.join(both)} changed on {branch.upstream} and has uncommitted changes "
                "here: publish (commit) those changes or save a copy and revert them, then sync "
                "again", "dirty")
        if ahead == 0:
            git.run("merge", "--ff-only", "--quiet", "@{u}")
            mode = "fast-forward"
        else:
            mode = sync_mode(git, str(branch.name))
            conflicts = _integrate(git, repo, mode, resolutions or {}, take)
            if conflicts:
                lines.append(f"{mode} stopped on a conflict; nothing was changed")
                return SyncResult(mode, False, tuple(conflicts), tuple(lines))
        lines.append(f"{'rebased onto' if mode == 'rebase' else mode + 'd'} {branch.upstream} "
                     f"({behind} new commit{'s' if behind != 1 else ''})")
    else:
        lines.append(f"nothing new on {branch.upstream}")
    ahead, _behind = _ahead_behind(git)
    pushed = False
    if push and ahead:
        target = git.config(f"branch.{branch.name}.merge") or f"refs/heads/{branch.name}"
        result = git.run("push", "--porcelain", remote, f"HEAD:{target}", check=False,
                         timeout=NETWORK_TIMEOUT)
        if result.returncode != 0:
            message = describe_failure(result)
            if classify(result) == "rejected":
                message = ("the push was rejected: the remote moved again while syncing; run "
                           "`blogdesk sync` once more")
            raise GitError(message, classify(result), result.error_text)
        pushed = True
        lines.append(f"pushed {ahead} commit{'s' if ahead != 1 else ''} to {branch.upstream}")
    elif ahead:
        lines.append(f"{ahead} commit{'s' if ahead != 1 else ''} not pushed (--no-push)")
    return SyncResult(mode, pushed, (), tuple(lines))


def _branch_and_dirty(git: Git, repo: Repo) -> tuple[Branch, list[str]]:
    out = git.run("status", "--porcelain=v2", "-z", "--branch", "--untracked-files=all",
                  "--no-renames").stdout
    branch, changed, _ignored = parse_porcelain(out)
    operation = operation_in_progress(repo.git_dir)
    if operation:
        raise GitError(f"a {operation} stopped half-way in this repository: finish it or abort "
                       f"it (`git {operation} --abort`), then sync again", "busy")
    if branch.name is None:
        raise GitError("HEAD is detached, so there is no branch to sync: switch to your blog's "
                       "branch (`git switch main`), then sync again", "detached")
    if branch.upstream is None:
        raise GitError(f"the branch {branch.name} has no upstream to sync with: push it once "
                       f"with `git push -u origin {branch.name}`", "no-upstream")
    if branch.commit is None:
        raise GitError("this repository has no commit yet: publish a post first", "git")
    return branch, list(changed)


def _ahead_behind(git: Git) -> tuple[int, int]:
    out = git.run("rev-list", "--left-right", "--count", "HEAD...@{u}").text.split()
    return int(out[0]), int(out[1])


def _names(git: Git, *args: str) -> set[str]:
    out = git.run(*args).stdout
    return {p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p}


def _integrate(
    git: Git, repo: Repo, mode: str, resolutions: Mapping[str, str | None], take: str | None
) -> list[Conflict]:
    """Rebase or merge; where git stops, apply the author's resolutions or abort and report."""
    if mode == "rebase":
        args = ["rebase", "--autostash", "--quiet"]
        if (git.config("pull.rebase") or "").lower() in ("merges", "m"):
            args.append("--rebase-merges")
        result = git.run(*args, "@{u}", check=False)
    else:
        result = git.run("merge", "--no-edit", "--autostash", "--quiet", "@{u}", check=False)
    for _step in range(MAX_STEPS):
        if result.returncode == 0 and operation_in_progress(repo.git_dir) is None:
            return []
        conflicts = _read_conflicts(git, mode)
        if not conflicts and mode == "rebase" and _step and _nothing_staged(git):
            # the author's choice made this commit empty (they took the upstream's text)
            result = git.run("rebase", "--skip", check=False)
            continue
        if not conflicts:
            _abort(git, mode)
            raise GitError(f"git {mode} failed ({describe_failure(result)}); nothing was changed",
                           classify(result), result.error_text)
        if take is None and not all(c.path in resolutions for c in conflicts):
            _abort(git, mode)
            return conflicts
        for conflict in conflicts:
            if take is not None:
                text = conflict.mine if take == "mine" else conflict.theirs
            else:
                text = resolutions[conflict.path]
            _resolve(git, conflict.path, text)
        if mode == "rebase":
            result = git.run("rebase", "--continue", check=False)
        else:
            result = git.run("commit", "--no-edit", "--quiet", check=False)
    _abort(git, mode)
    raise GitError(f"git {mode} did not finish after {MAX_STEPS} steps; nothing was changed")


def _read_conflicts(git: Git, mode: str) -> list[Conflict]:
    stages: dict[str, dict[int, str]] = {}
    for entry in git.run("ls-files", "-u", "-z").stdout.split(b"\0"):
        if not entry:
            continue
        info, _, name = entry.decode("utf-8", "surrogateescape").partition("\t")
        _mode, blob, stage = info.split()
        stages.setdefault(name, {})[int(stage)] = blob
    mine_stage, theirs_stage = (3, 2) if mode == "rebase" else (2, 3)
    return [
        Conflict(path, _blob(git, s.get(mine_stage)), _blob(git, s.get(theirs_stage)),
                 _blob(git, s.get(1)))
        for path, s in sorted(stages.items())
    ]


def _nothing_staged(git: Git) -> bool:
    return git.run("diff", "--cached", "--quiet", check=False).returncode == 0


def _blob(git: Git, blob: str | None) -> str | None:
    if blob is None:
        return None
    return git.run("cat-file", "blob", blob).stdout.decode("utf-8", "replace")


def _resolve(git: Git, path: str, text: str | None) -> None:
    if text is None:
        git.run("rm", "--quiet", "--", f":(literal){path}")
        return
    atomic_write(git.root / path, text.encode("utf-8"))
    git.run("add", "--", f":(literal){path}")


def _abort(git: Git, mode: str) -> None:
    """Put the work tree back as it was before the rebase or merge (autostash included)."""
    git.run(mode, "--abort", check=False)
