"""Git benchmark: the git state of every post in a 10,000-post repository (``blogdesk status``).

The repository is made once (seeded posts from ``bench_library.make_library``) in
``bench/.work/git-N/``: a clone with an upstream, one commit not pushed yet, ten modified posts
and five new ones, so every state is present. All measures are warm (one run first).

- baseline: ``git status --porcelain=v2`` alone, the least any git-based status can cost;
- walk: ``files.walk`` of the posts folder alone (what status used to add: measured
  at 85 ms of its 140 ms, so status now takes the file list from git instead);
- status: ``read_status`` of the folder (``git status`` and ``git ls-files`` at once, the posts
  taken from git's lists), goal at most 200 ms; ``cpu_s`` is the CPU time of one run, git
  included;
- status, list given: ``read_status`` with the library's post list (what the app passes);
- the whole ``blogdesk status --json`` command, Python's start included.

``run(quick)`` returns rows for ``bench/run.py``; ``python bench/bench_git.py [--quick]`` prints.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import bench_library  # noqa: E402
from bench_library import WORK, make_library  # noqa: E402

from blogdesk.core.files import walk  # noqa: E402
from blogdesk.core.git.status import read_status  # noqa: E402

BASELINE = "git status alone"
IDENTITY = ("-c", "user.name=blogdesk bench", "-c", "user.email=bench@example.org")


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *IDENTITY, "-C", str(cwd), *args], capture_output=True,
                          text=True, check=True)
    return done.stdout


def make_repo(count: int) -> Path:
    """A clone of ``count`` posts with an upstream and every post state; made once, reused."""
    base = WORK / f"git-{count}"
    clone = base / "blog"
    marker = base / ".complete-1"
    if marker.exists():
        return clone
    if base.exists():
        shutil.rmtree(base)
    make_library(clone / "posts", count)
    _git(base, "init", "-q", "-b", "main", str(clone))
    _git(clone, "add", "-A")
    _git(clone, "commit", "-q", "-m", "All the posts")
    _git(base, "clone", "-q", "--bare", str(clone), str(base / "remote.git"))
    _git(clone, "remote", "add", "origin", str(base / "remote.git"))
    _git(clone, "fetch", "-q", "origin")
    _git(clone, "branch", "-q", "--set-upstream-to=origin/main")
    posts = sorted(p for p in (clone / "posts").rglob("*.md"))
    for path in posts[:3]:  # one commit not pushed
        path.write_text(path.read_text(encoding="utf-8") + "\nCommitted, not pushed.\n")
    _git(clone, "commit", "-q", "-am", "Three edits")
    for path in posts[100:110]:  # modified
        path.write_text(path.read_text(encoding="utf-8") + "\nAn edit.\n")
    for i in range(5):  # new
        (clone / "posts" / f"new-{i}.md").write_text(f"---\ntitle: New {i}\n---\nNew.\n")
    marker.touch()
    return clone


def _times(func: Callable[[], object], repeats: int) -> list[float]:
    func()  # warm: the file system cache and git's own index stat data
    values = []
    for _ in range(repeats):
        started = time.perf_counter()
        func()
        values.append(time.perf_counter() - started)
    return values


def _row(name: str, values: list[float], base: float, goal: str = "") -> dict:
    return {**bench_library._row(name, values, base, goal), "baseline": BASELINE}


def _cpu_per_run(func: Callable[[], object], repeats: int) -> float:
    """CPU seconds of one run, this process and its git children together: steadier than wall
    time on a shared machine."""
    started = bench_library._cpu()
    for _ in range(repeats):
        func()
    return (bench_library._cpu() - started) / repeats


def run(quick: bool = False) -> list[dict]:
    count = 2000 if quick else 10_000
    repeats = 5 if quick else 11
    clone = make_repo(count)
    folder = clone / "posts"
    env = {**os.environ, "LC_ALL": "C"}
    git_args = ["git", "-C", str(clone), "status", "--porcelain=v2", "-z", "--branch",
                "--untracked-files=all"]

    def raw() -> None:
        subprocess.run(git_args, capture_output=True, check=True, env=env)

    status = read_status(folder)
    counts = status.counts()
    assert counts["modified"] == 10 and counts["new"] == 5 and counts["unpushed"] == 3, counts
    rels = list(status.posts)
    base = _times(raw, repeats)
    base_median = statistics.median(base)
    command = [sys.executable, "-m", "blogdesk", "status", str(folder), "--json"]

    def whole_command() -> None:
        subprocess.run(command, capture_output=True, check=True, env=env)

    return [
        _row(f"{BASELINE}, {count:,} posts", base, base_median),
        _row(f"walk the posts folder, {count:,} posts", _times(lambda: walk(folder), repeats),
             base_median),
        {**_row(f"status, {count:,} posts", _times(lambda: read_status(folder), repeats),
                base_median, goal="≤ 200 ms at 10,000"),
         "cpu_s": _cpu_per_run(lambda: read_status(folder), repeats)},
        _row(f"status with the library's list, {count:,} posts",
             _times(lambda: read_status(folder, posts=rels), repeats), base_median),
        {**_row(f"`blogdesk status --json`, whole command, {count:,} posts",
                _times(whole_command, repeats), base_median),
         "cpu_s": _cpu_per_run(whole_command, repeats)},
    ]


if __name__ == "__main__":
    from run import table

    rows = run(quick="--quick" in sys.argv)
    print(table([{"suite": "git", **row} for row in rows]))
