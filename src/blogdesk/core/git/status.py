"""Each post's git state and the branch's place against its upstream, from one ``git status``.

States, from the author's point of view: ``new`` (not committed yet), ``modified`` (changed since
its last commit), ``unpushed`` (committed here, not on the upstream branch yet, or there is no
upstream), ``published`` (the same as on the upstream branch), ``conflict`` (a merge stopped on
it) and ``ignored`` (git ignores it). The post files are the ones the library lists (the app
passes its list), or else git's own lists of the folder's files filtered by the library's rule for
what a post is (``files.is_post_rel``): that is three times faster than walking 10,000
files. git is asked for ``status`` (porcelain v2) and ``ls-files`` at once, plus one ``git diff``
of the commits not pushed yet when there are any.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from blogdesk.core.files import is_post_name, is_post_rel, is_skipped_folder, walk
from blogdesk.core.git.runner import LOCAL_TIMEOUT, Git, GitError, Repo, environment, find_repo

__all__ = [
    "Branch",
    "PostState",
    "RepoStatus",
    "is_ignored",
    "operation_in_progress",
    "parse_porcelain",
    "read_status",
    "status_of_paths",
]


class PostState(str, Enum):
    """Where one post file stands in git."""

    NEW = "new"
    MODIFIED = "modified"
    UNPUSHED = "unpushed"
    PUBLISHED = "published"
    CONFLICT = "conflict"
    IGNORED = "ignored"

    @property
    def label(self) -> str:
        """Words for a person: "committed, not pushed" rather than "unpushed"."""
        return _LABELS[self]


_LABELS = {
    PostState.NEW: "new",
    PostState.MODIFIED: "modified",
    PostState.UNPUSHED: "committed, not pushed",
    PostState.PUBLISHED: "published",
    PostState.CONFLICT: "conflict",
    PostState.IGNORED: "ignored by git",
}


@dataclass(frozen=True)
class Branch:
    """The checked-out branch: ``name`` None when HEAD is detached; ``upstream`` None if unset."""

    name: str | None
    commit: str | None
    upstream: str | None
    ahead: int = 0
    behind: int = 0
    operation: str | None = None  # "rebase" or "merge" when one has stopped half-way

    @property
    def summary(self) -> str:
        """One line for a status bar: ``main ↑1 ↓2 (origin/main)``."""
        if self.name is None:
            text = f"detached at {self.commit[:7]}" if self.commit else "detached HEAD"
        else:
            text = self.name
        if self.upstream:
            marks = " ".join(f"{m}{n}" for m, n in (("↑", self.ahead), ("↓", self.behind)) if n)
            text += f" {marks}" if marks else ""
            text += f" ({self.upstream})"
        elif self.name is not None:
            text += " (no upstream)"
        if self.operation:
            text += f", {self.operation} in progress"
        return text


@dataclass
class RepoStatus:
    """The git state of a library folder: the branch, and the state of each post file.

    ``posts`` maps paths relative to ``folder`` (``/``-separated, as the library's keys) to a
    state. ``changed`` maps every changed path under the folder, relative to the repository root,
    to git's two-letter code (``??`` for untracked), for callers that need more than posts.
    """

    root: Path
    folder: Path
    branch: Branch
    posts: dict[str, PostState] = field(default_factory=dict)
    changed: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """How many posts are in each state."""
        out = {state.value: 0 for state in PostState}
        for state in self.posts.values():
            out[state.value] += 1
        return out


def operation_in_progress(git_dir: Path) -> str | None:
    """"rebase" or "merge" when one stopped half-way in this repository, else None."""
    if (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists():
        return "rebase"
    if (git_dir / "MERGE_HEAD").exists():
        return "merge"
    return None


def read_status(
    folder: Path, *, posts: Iterable[str] | None = None, repo: Repo | None = None
) -> RepoStatus:
    """The git state of the posts below ``folder`` (all post files, or the given relative paths).

    Raises GitError(kind="not-repo") when the folder is not inside a git work tree.
    """
    folder = Path(folder).resolve()
    repo = repo or find_repo(folder)
    git = Git(repo.root, repo.git_dir)
    prefix = _prefix(repo.root, folder)
    spec = f":(literal){prefix}" if prefix else "."
    # both git processes run at once (two cores); the post list comes from git's own lists
    status_proc = _spawn(git, "status", "--porcelain=v2", "-z", "--branch",
                         "--untracked-files=all", "--ignored=matching", "--no-renames", "--", spec)
    files_proc = _spawn(git, "ls-files", "-z", "--", spec) if posts is None else None
    branch, changed, ignored = parse_porcelain(_collect(status_proc, "status"))
    if posts is None:
        assert files_proc is not None
        rels = _post_files(folder, prefix, _collect(files_proc, "ls-files"), changed, ignored)
    else:
        rels = list(posts)
    branch = Branch(branch.name, branch.commit, branch.upstream, branch.ahead, branch.behind,
                    operation_in_progress(repo.git_dir))
    unpushed = _unpushed(git, branch, prefix)
    states: dict[str, PostState] = {}
    for rel in rels:
        path = f"{prefix}{rel}"
        code = changed.get(path)
        if code is not None:
            states[rel] = _state_of(code)
        elif _is_ignored(path, ignored):
            states[rel] = PostState.IGNORED
        elif branch.commit is None or branch.upstream is None or path in unpushed:
            states[rel] = PostState.UNPUSHED if branch.commit else PostState.NEW
        else:
            states[rel] = PostState.PUBLISHED
    return RepoStatus(repo.root, folder, branch, states, changed)


def _spawn(git: Git, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        (git.executable, "-c", "core.quotePath=false", "-C", str(git.root), *args),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=environment(), start_new_session=True,
    )


def _collect(proc: subprocess.Popen[bytes], what: str, timeout: float = LOCAL_TIMEOUT) -> bytes:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise GitError(f"git {what} did not finish in {timeout:.0f} s and was stopped",
                       "timeout") from None
    if proc.returncode != 0:
        raise GitError(f"git {what} failed: {err.decode('utf-8', 'replace').strip()}")
    return out


def _post_files(folder: Path, prefix: str, tracked: bytes, changed: dict[str, str],
                ignored: set[str]) -> list[str]:
    """The post files below the folder (relative to it), as the library's walk would list
    them, from git's lists: tracked files still there, untracked and ignored files, and the
    posts inside ignored folders (walked, as git does not list their files)."""
    names = {p.decode("utf-8", "surrogateescape") for p in tracked.split(b"\0") if p}
    names.update(path for path, code in changed.items() if code == "??")
    names.difference_update(path for path, code in changed.items() if "D" in code[:2])
    cut = len(prefix)
    rels = set()
    folders: dict[str, bool] = {}  # each folder is judged once, not once per file
    for path in names:
        rel = path[cut:]
        parent, _, name = rel.rpartition("/")
        if not is_post_name(name):
            continue
        usable = folders.get(parent)
        if usable is None:
            usable = folders[parent] = not parent or is_post_rel(f"{parent}/x.md")
        if usable:
            rels.add(rel)
    for path in ignored:
        rel = path[cut:]
        if path.endswith("/"):
            under = rel.rstrip("/")
            # node_modules, _site, hidden folders: the library does not look inside, nor do we
            if under and not any(is_skipped_folder(part) for part in under.split("/")):
                rels.update(walk(folder, under).found)
        elif is_post_rel(rel):
            rels.add(rel)
    return sorted(rels)


def _prefix(root: Path, folder: Path) -> str:
    """``folder`` relative to the repository root with a trailing ``/`` ("" for the root)."""
    try:
        rel = folder.relative_to(root).as_posix()
    except ValueError:
        raise GitError(f"{folder} is not inside the repository at {root}", "not-repo") from None
    return "" if rel == "." else rel + "/"


def _state_of(code: str) -> PostState:
    if code == "??":
        return PostState.NEW
    if code.startswith("u"):
        return PostState.CONFLICT
    if code[0] == "A":
        return PostState.NEW
    return PostState.MODIFIED


def _is_ignored(path: str, ignored: set[str]) -> bool:
    if not ignored:
        return False
    if path in ignored:
        return True
    parts = path.split("/")
    return any("/".join(parts[:i]) + "/" in ignored for i in range(1, len(parts)))


def parse_porcelain(out: bytes) -> tuple[Branch, dict[str, str], set[str]]:
    """Read ``git status --porcelain=v2 -z --branch`` output: the branch header, the changed
    paths (path -> XY code, "u"+XY for unmerged, "??" untracked) and the ignored paths."""
    name: str | None = None
    commit: str | None = None
    upstream: str | None = None
    ahead = behind = 0
    changed: dict[str, str] = {}
    ignored: set[str] = set()
    fields = out.split(b"\0")
    i = 0
    while i < len(fields):
        raw = fields[i]
        i += 1
        if not raw:
            continue
        line = raw.decode("utf-8", "surrogateescape")
        kind = line[0]
        if kind == "#":
            key, _, value = line[2:].partition(" ")
            if key == "branch.oid":
                commit = None if value == "(initial)" else value
            elif key == "branch.head":
                name = None if value == "(detached)" else value
            elif key == "branch.upstream":
                upstream = value
            elif key == "branch.ab":
                a, b = value.split()
                ahead, behind = int(a), -int(b)
        elif kind == "1":
            parts = line.split(" ", 8)
            changed[parts[8]] = parts[1]
        elif kind == "2":  # renames are off, but a copy entry is skipped safely
            parts = line.split(" ", 9)
            changed[parts[9]] = parts[1]
            i += 1
        elif kind == "u":
            parts = line.split(" ", 10)
            changed[parts[10]] = "u" + parts[1]
        elif kind == "?":
            changed[line[2:]] = "??"
        elif kind == "!":
            ignored.add(line[2:])
    return Branch(name, commit, upstream, ahead, behind), changed, ignored


def _unpushed(git: Git, branch: Branch, prefix: str) -> set[str]:
    """Paths changed by the commits that are here and not on the upstream branch."""
    if branch.upstream is None or branch.ahead == 0 or branch.commit is None:
        return set()
    result = git.run("diff", "--name-only", "-z", "--no-renames", f"{branch.upstream}...HEAD",
                     "--", f":(literal){prefix}" if prefix else ".")
    return {p.decode("utf-8", "surrogateescape") for p in result.stdout.split(b"\0") if p}


def status_of_paths(repo: Repo, paths: Iterable[str]) -> tuple[Branch, dict[str, str], set[str]]:
    """The branch, and git's codes for these paths (relative to the repository root): changed
    paths map to their XY code (``??`` untracked, ``u..`` unmerged); ignored ones are a set."""
    git = Git(repo.root, repo.git_dir)
    result = git.run("status", "--porcelain=v2", "-z", "--branch", "--untracked-files=all",
                     "--ignored=matching", "--no-renames", "--", *[f":(literal){p}" for p in paths])
    branch, changed, ignored = parse_porcelain(result.stdout)
    branch = Branch(branch.name, branch.commit, branch.upstream, branch.ahead, branch.behind,
                    operation_in_progress(repo.git_dir))
    return branch, changed, ignored


def is_ignored(path: str, ignored: set[str]) -> bool:
    """True if ``path`` or a folder above it is in git's ignored list."""
    return _is_ignored(path, ignored)
