"""Real git repositories for the git tests: a bare "remote" and two clones (laptop, desktop).

Each clone has its own user.name/email; global and system git configuration are switched off
(``hermetic_git``) so the tests behave the same on any machine.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

FIRST_POST = "---\ntitle: First steps\ndate: 2026-11-01\n---\n\nThe first post of this blog.\n"


def git(cwd: Path, *args: str, check: bool = True) -> str:
    """Run git in ``cwd`` and return its stdout."""
    done = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def git_bytes(cwd: Path, *args: str) -> bytes:
    """Run git in ``cwd`` and return its raw stdout (file contents)."""
    return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, check=True).stdout


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def hermetic_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No global or system git configuration: only what each test sets in its repositories."""
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_SSH_COMMAND"):
        monkeypatch.delenv(var, raising=False)


@dataclass
class Clones:
    remote: Path
    laptop: Path
    desktop: Path

    def remote_log(self) -> list[str]:
        """Subjects of the remote's main branch, newest first."""
        return git(self.remote, "log", "--format=%s", "main").splitlines()

    def remote_files(self, commit: str = "main") -> list[str]:
        """The files a commit on the remote changed."""
        out = git(self.remote, "show", "--name-only", "--no-renames", "--format=", commit)
        return sorted(line for line in out.splitlines() if line)


def clone(remote: Path, where: Path, name: str) -> Path:
    git(remote.parent, "clone", "-q", str(remote), str(where))
    git(where, "config", "user.name", f"{name} author")
    git(where, "config", "user.email", f"{name}@example.org")
    return where


def make_clones(tmp_path: Path) -> Clones:
    """A remote with one commit (posts/first.md) and two clones tracking its main branch."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    laptop = tmp_path / "laptop"
    git(tmp_path, "init", "-q", "-b", "main", str(laptop))
    git(laptop, "config", "user.name", "laptop author")
    git(laptop, "config", "user.email", "laptop@example.org")
    write(laptop / "posts" / "first.md", FIRST_POST)
    git(laptop, "add", ".")
    git(laptop, "commit", "-q", "-m", "Start the blog")
    git(laptop, "remote", "add", "origin", str(remote))
    git(laptop, "push", "-q", "-u", "origin", "main")
    desktop = clone(remote, tmp_path / "desktop", "desktop")
    return Clones(remote, laptop, desktop)


def hermetic_clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Clones:
    """The ``clones`` fixture of each git test file: hermetic git, a remote, two clones."""
    hermetic_git(monkeypatch, tmp_path)
    return make_clones(tmp_path)
