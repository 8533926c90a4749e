"""Memory of a running app and all its processes: PSS from ``/proc/PID/smaps_rollup``, by process.

PSS (proportional set size) shares each page between the processes that map it, so the sum over
a process tree counts shared libraries once, unlike RSS. Each process is given a role from its
command line: the app itself, QtWebEngine's processes by ``--type=`` (renderer, GPU, zygote,
utility), blogdesk's render worker, and the library's indexers (children forked from the app,
so with the app's own command line). Linux only; elsewhere the functions return nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")


def _children() -> dict[int, list[int]]:
    """``ppid -> [pid]`` for every process now running."""
    tree: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name is in parentheses and may hold spaces: the fields after it are split
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_pids(root: int) -> list[int]:
    """``root`` and all its descendants."""
    tree = _children()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, ()))
    return found


def pss_kib(pid: int) -> int:
    """One process's PSS in KiB (0 when it is gone)."""
    return sizes_kib(pid)[0]


def sizes_kib(pid: int) -> tuple[int, int, int]:
    """One process's (PSS, USS, RSS) in KiB, zeros when it is gone. USS (private pages only)
    does not depend on what else maps the same libraries, unlike PSS: the steadier figure
    to compare a change by on a shared machine."""
    fields = {"Pss:": 0, "Private_Clean:": 0, "Private_Dirty:": 0, "Rss:": 0}
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            name, _, rest = line.partition(" ")
            if name in fields:
                fields[name] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        return 0, 0, 0
    return fields["Pss:"], fields["Private_Clean:"] + fields["Private_Dirty:"], fields["Rss:"]


def _cmdline(pid: int) -> list[str]:
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return []


def _ppid(pid: int) -> int:
    try:
        return int((PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def _webengine_type(cmd: list[str]) -> str:
    return next((a.split("=", 1)[1] for a in cmd if a.startswith("--type=")), "other")


def role(pid: int, root: int, root_cmd: list[str]) -> str:
    """What a process of the tree is, from its command line."""
    if pid == root:
        return "app"
    cmd = _cmdline(pid)
    joined = " ".join(cmd)
    if "QtWebEngineProcess" in joined:
        kind = _webengine_type(cmd)
        # a renderer is forked from the zygote and keeps the zygote's command line
        if kind == "zygote" and _webengine_type(_cmdline(_ppid(pid))) == "zygote":
            kind = "renderer"
        kind = {"gpu-process": "GPU"}.get(kind, kind)
        return f"QtWebEngine {kind}"
    if "blogdesk.ui.render_worker" in joined:
        return "render worker"
    if "multiprocessing" in joined:
        return "multiprocessing helper"
    if cmd == root_cmd:
        return "indexer"
    return Path(cmd[0]).name if cmd and cmd[0] else "other"


def by_role(root: int) -> dict[str, tuple[int, int]]:
    """``role -> (PSS KiB, process count)`` over the process tree of ``root``."""
    return {name: (pss, count) for name, (pss, _uss, _rss, count) in sizes_by_role(root).items()}


def sizes_by_role(root: int) -> dict[str, tuple[int, int, int, int]]:
    """``role -> (PSS KiB, USS KiB, RSS KiB, process count)`` over the process tree of
    ``root``."""
    root_cmd = _cmdline(root)
    totals: dict[str, tuple[int, int, int, int]] = {}
    for pid in tree_pids(root):
        name = role(pid, root, root_cmd)
        pss, uss, rss, count = totals.get(name, (0, 0, 0, 0))
        more = sizes_kib(pid)
        totals[name] = (pss + more[0], uss + more[1], rss + more[2], count + 1)
    return totals


def total_kib(root: int) -> tuple[int, int]:
    """(PSS KiB, process count) of the whole tree."""
    pids = tree_pids(root)
    return sum(pss_kib(pid) for pid in pids), len(pids)


def available() -> bool:
    return (PROC / str(os.getpid()) / "smaps_rollup").exists()
