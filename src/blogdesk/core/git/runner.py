"""Running the user's own ``git``: one subprocess per call, porcelain output, a time limit.

Because it is their git, their configuration, hooks, credential helpers, SSH agent and commit
signing all apply. A call never waits for a person: stdin is closed, ``GIT_TERMINAL_PROMPT=0``
stops HTTPS prompts, and a new session (no controlling terminal) stops SSH asking for a
passphrase on the terminal. Messages are read in the C locale so failures can be recognised.
Every failure is a ``GitError`` whose text says what happened and what to do.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "LOCAL_TIMEOUT",
    "NETWORK_TIMEOUT",
    "Git",
    "GitError",
    "Result",
    "environment",
    "find_repo",
]

#: Seconds a local command (status, log, commit) may take; commit hooks and signing count too.
LOCAL_TIMEOUT = 60.0
#: Seconds a command that talks to a remote (fetch, push) may take.
NETWORK_TIMEOUT = 180.0

_AUTH_SIGNS = (
    "authentication failed",
    "could not read username",
    "could not read password",
    "terminal prompts disabled",
    "permission denied (publickey",
    "host key verification failed",
    "invalid username or password",
    "the requested url returned error: 403",
)


_NETWORK_SIGNS = (
    "could not resolve host",
    "could not resolve hostname",
    "connection refused",
    "connection timed out",
    "network is unreachable",
    "no route to host",
    "does not appear to be a git repository",
)


class GitError(Exception):
    """A git operation that failed, as one message that says what to do. ``kind`` names it:
    no-git, not-repo, detached, no-upstream, rejected, auth, network, hook, conflict, busy,
    timeout, dirty, git."""

    def __init__(self, message: str, kind: str = "git", detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Result:
    """What one git call gave: exit status and raw output (bytes; paths may not be UTF-8)."""

    args: tuple[str, ...]
    returncode: int
    stdout: bytes
    stderr: bytes

    @property
    def text(self) -> str:
        """stdout as text (UTF-8, undecodable bytes kept as surrogates)."""
        return self.stdout.decode("utf-8", "surrogateescape")

    @property
    def error_text(self) -> str:
        """stderr (and stdout, where git writes some failures) as text, stripped."""
        parts = [self.stderr.decode("utf-8", "replace").strip()]
        out = self.stdout.decode("utf-8", "replace").strip()
        if out and self.returncode:
            parts.append(out)
        return "\n".join(p for p in parts if p)


def git_executable() -> str:
    """The path of ``git`` on PATH, or GitError(kind="no-git")."""
    found = shutil.which("git")
    if found is None:
        raise GitError(
            "git was not found on PATH: install git (e.g. `apt install git`) or add it to PATH, "
            "then try again",
            "no-git",
        )
    return found


def environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment every git call runs in: the user's own, made non-interactive."""
    env = dict(os.environ)
    env.update(
        GIT_TERMINAL_PROMPT="0",  # HTTPS: fail instead of asking for a user name
        GIT_EDITOR="true",  # merge and rebase --continue: keep the prepared message
        GIT_SEQUENCE_EDITOR="true",
        GIT_MERGE_AUTOEDIT="no",
        LC_ALL="C",  # messages in English, so failures can be told apart
        LANGUAGE="C",
    )
    env.pop("GIT_DIR", None)  # a variable left over from a hook must not redirect us
    env.pop("GIT_WORK_TREE", None)
    env.pop("GIT_INDEX_FILE", None)
    if extra:
        env.update(extra)
    return env


class Git:
    """The git of one work tree: ``run`` calls git with ``-C root`` and returns a Result."""

    def __init__(self, root: Path, git_dir: Path | None = None) -> None:
        self.root = Path(root)
        self.git_dir = git_dir
        self.executable = git_executable()

    def run(
        self,
        *args: str,
        check: bool = True,
        timeout: float = LOCAL_TIMEOUT,
        env: Mapping[str, str] | None = None,
        input: bytes | None = None,
    ) -> Result:
        """Run ``git -C root ARGS``; a non-zero exit raises GitError unless ``check`` is False."""
        result = run_git(self.executable, self.root, args, timeout=timeout, env=env, input=input)
        if check and result.returncode != 0:
            raise GitError(describe_failure(result), classify(result), result.error_text)
        return result

    def config(self, key: str) -> str | None:
        """One configuration value as git resolves it (all scopes), or None when unset."""
        result = self.run("config", "--get", key, check=False)
        return result.text.strip() if result.returncode == 0 else None


def run_git(
    executable: str,
    cwd: Path,
    args: Sequence[str],
    *,
    timeout: float = LOCAL_TIMEOUT,
    env: Mapping[str, str] | None = None,
    input: bytes | None = None,
) -> Result:
    """One git process: stdin closed (or ``input``), no terminal, killed after ``timeout`` s."""
    full = (executable, "-c", "core.quotePath=false", "-C", os.fspath(cwd), *args)
    try:
        proc = subprocess.Popen(
            full,
            stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment(env),
            start_new_session=True,  # no controlling terminal: ssh cannot prompt on it
        )
    except FileNotFoundError:
        raise GitError("git was not found: install git or add it to PATH", "no-git") from None
    except OSError as exc:
        raise GitError(f"git could not be started: {exc.strerror or exc}", "no-git") from None
    try:
        out, err = proc.communicate(input, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        what = " ".join(args[:1])
        raise GitError(
            f"git {what} did not finish in {timeout:.0f} s and was stopped: check the network "
            "or the remote, then try again",
            "timeout",
        ) from None
    return Result(tuple(args), proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # git's children too (ssh, hooks)
    except OSError:
        proc.kill()


def classify(result: Result) -> str:
    """The kind of a failed call, from git's own words."""
    text = result.error_text.lower()
    if "not a git repository" in text:
        return "not-repo"
    if any(sign in text for sign in _AUTH_SIGNS):
        return "auth"
    if any(sign in text for sign in _NETWORK_SIGNS):
        return "network"
    if "[rejected]" in text or "non-fast-forward" in text or "fetch first" in text:
        return "rejected"
    if "hook declined" in text or "[remote rejected]" in text:
        return "hook"
    if "index.lock" in text:
        return "busy"
    return "git"


def describe_failure(result: Result) -> str:
    """One message for a failed call: what happened, then what to do."""
    kind = classify(result)
    detail = _last_lines(result.error_text)
    command = f"git {result.args[0]}" if result.args else "git"
    if kind == "not-repo":
        return "this folder is not inside a git repository: run `git init` or open a clone"
    if kind == "auth":
        return (
            f"{command}: the remote refused the credentials ({detail}): check your SSH key or "
            "credential helper (try `git fetch` in a terminal), then try again"
        )
    if kind == "network":
        return (
            f"{command}: the remote could not be reached ({detail}): check the network and the "
            "remote's address (`git remote -v`), then try again"
        )
    if kind == "rejected":
        return (
            "the push was refused because the remote has commits this copy does not have yet: "
            "run `blogdesk sync` (it fetches them, rebases or merges, and pushes yours)"
        )
    if kind == "hook":
        return f"a hook on the remote refused the push ({detail}): fix what it says and push again"
    if kind == "busy":
        return (
            "another git command is running in this repository (index.lock exists): wait for it "
            "to end, or remove .git/index.lock if no git is running"
        )
    return f"{command} failed: {detail or 'exit status ' + str(result.returncode)}"


def _last_lines(text: str, count: int = 3) -> str:
    """The telling part of git's output: what the remote said, else the last lines that are
    not hints or push bookkeeping."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    remote = [line[7:].strip() for line in lines if line.startswith("remote:")]
    remote = [line for line in remote if line]
    if remote:
        return " / ".join(remote[-count:])
    useful = [
        line for line in lines
        if not line.lower().startswith("hint:") and not line.startswith("To ") and line != "Done"
    ]
    return " / ".join((useful or lines)[-count:])


@dataclass(frozen=True)
class Repo:
    """Where a work tree is: its top folder and its git folder (both real paths)."""

    root: Path
    git_dir: Path


def find_repo(folder: Path) -> Repo:
    """The repository whose work tree holds ``folder``; GitError(kind="not-repo") otherwise."""
    folder = Path(folder)
    start = folder if folder.is_dir() else folder.parent
    if not start.is_dir():
        raise GitError(f"{folder}: no such folder", "not-repo")
    result = run_git(
        git_executable(), start, ("rev-parse", "--show-toplevel", "--absolute-git-dir")
    )
    if result.returncode != 0:
        if "not a git repository" in result.error_text.lower():
            raise GitError(
                f"{start} is not inside a git repository: run `git init` there, or open a "
                "clone of your blog",
                "not-repo",
            )
        raise GitError(describe_failure(result), classify(result), result.error_text)
    lines = result.text.splitlines()
    if len(lines) < 2 or not lines[0]:
        raise GitError(f"{start} is inside a git folder but not a work tree", "not-repo")
    return Repo(Path(lines[0]).resolve(), Path(lines[1]).resolve())
