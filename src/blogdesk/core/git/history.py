"""A post's past in git: its diff against the last commit, the commits that touched it (following
renames), and the text of any past version, for the compare view and read-only display.

Restoring a past version is the caller's job and goes through the editor as unsaved edits: this
module only reads. Past versions are read with a size limit, as any file a user opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from blogdesk.core.git.runner import Git, GitError, find_repo

__all__ = ["Revision", "committed_text", "post_diff", "post_history", "version_text"]

#: The largest past version read into memory (the editor's own limit for a post file).
MAX_VERSION_BYTES = 50 * 2**20
#: The most commits listed for one post.
HISTORY_LIMIT = 500


@dataclass(frozen=True)
class Revision:
    """One commit that touched a post: ``path`` is the post's path (from the repository root)
    in that commit, which differs from today's after a rename."""

    commit: str
    author: str
    date: str  # ISO 8601, as git gives it
    subject: str
    path: str


def _locate(path: Path) -> tuple[Git, str]:
    path = Path(path).resolve()
    repo = find_repo(path.parent)
    try:
        rel = path.relative_to(repo.root).as_posix()
    except ValueError:
        raise GitError(f"{path} is not inside the repository at {repo.root}", "not-repo") from None
    return Git(repo.root, repo.git_dir), rel


def committed_text(path: Path) -> str | None:
    """The post's text in the last commit (HEAD), or None when it was never committed."""
    git, rel = _locate(path)
    return _show(git, f"HEAD:{rel}")


def version_text(path: Path, revision: Revision) -> str:
    """The post's full text as it was in ``revision`` (read-only; never written anywhere)."""
    git, _rel = _locate(path)
    text = _show(git, f"{revision.commit}:{revision.path}")
    if text is None:
        raise GitError(f"{revision.path} is not in commit {revision.commit[:7]}")
    return text


def post_diff(path: Path, context: int = 3) -> str:
    """A unified diff of the post on disk against its last commit ("" when unchanged).

    A post never committed gives the whole file as added lines.
    """
    git, rel = _locate(path)
    if _show(git, f"HEAD:{rel}") is None:
        result = git.run("diff", "--no-color", f"-U{context}", "--no-index", "--", "/dev/null",
                         rel, check=False)
        if result.returncode not in (0, 1):
            raise GitError(f"git diff failed: {result.error_text}")
        return result.text
    return git.run("diff", "--no-color", f"-U{context}", "HEAD", "--", rel).text


def post_history(path: Path, limit: int = HISTORY_LIMIT) -> list[Revision]:
    """The commits that touched the post, newest first, following renames."""
    git, rel = _locate(path)
    if git.run("rev-parse", "--verify", "-q", "HEAD", check=False).returncode != 0:
        return []  # no commit yet
    result = git.run("log", "--follow", f"--max-count={limit}", "--name-only", "-z",
                     "--format=%x1e%H%x1f%an%x1f%aI%x1f%s", "--", rel)
    revisions = []
    for record in result.text.split("\x1e")[1:]:
        header, _, rest = record.partition("\0")
        fields = header.split("\x1f")
        names = [n.strip("\n") for n in rest.split("\0") if n.strip("\n")]
        if len(fields) < 4:
            continue
        revisions.append(Revision(fields[0], fields[1], fields[2], fields[3],
                                  names[-1] if names else rel))
    return revisions


def _show(git: Git, spec: str) -> str | None:
    size = git.run("cat-file", "-s", spec, check=False)
    if size.returncode != 0:
        return None
    if int(size.text.strip() or 0) > MAX_VERSION_BYTES:
        raise GitError(f"{spec} is too large to show (over {MAX_VERSION_BYTES // 2**20} MB)")
    data = git.run("cat-file", "blob", spec).stdout
    return data.decode("utf-8", "replace")
