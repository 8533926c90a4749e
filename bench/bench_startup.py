"""Start-up and memory benchmark: blogdesk beside ghostwriter, on a real X server (Xvfb).

Start-up: the time from launching the process to its window being mapped, found by polling the
X server (``xdotool search --onlyvisible --pid``) for both programs alike; blogdesk opens the
sample library (the newest post is opened with it), ghostwriter one post of it. Runs alternate
between the two (and a bare PySide6 window, the floor for any PySide6 app) and the medians are
compared. "Preview drawn" is blogdesk's own probe line
(``BLOGDESK_STARTUP_PROBE=1``: ``probe: preview-shown`` once the page is on screen).

Memory: the sum of PSS over the whole process tree (``procmem``), split by role (app,
QtWebEngine's processes, render worker, indexers), with the sample library open for a few
seconds, beside ghostwriter with one post; then blogdesk with a 10,000-post library (fresh
cache): the peak while indexing, and the figure once indexing is done. Each process's USS and
RSS are printed beside its PSS: PSS shares a library's pages among the processes that map it,
so it moves with what else runs (and with how much of Qt's libraries the page cache holds);
compare a change within one run. ``--memory`` runs the memory rows only.

Each program gets its own HOME and XDG folders in a temporary folder, so that no first-run
dialog, restored session or earlier cache takes part. Python's byte code is written and kept
(as in an installed copy): a first run before the measured ones compiles it.

ghostwriter, xdotool and Xvfb come from ``scripts/bench-deps.sh`` (run by ``make bench``); a
missing one skips its rows with a message.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

import procmem

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / ".work"
SAMPLE = REPO / "posts"
PEER_POST = SAMPLE / "front-matter-explained.md"
CHROMIUM_FLAGS = [
    *(["--no-sandbox"] if os.geteuid() == 0 else []), "--disable-gpu", "--disable-gpu-compositing",
]
SETTLE_S = 8.0  # memory is read this long after the window is shown, as in the issue

WORDS = (
    "draft post reader writing blog page note idea edit words time library tag heading "
    "preview export title summary markdown folder simple clear short long story"
).split()


def skip(message: str) -> None:
    print(f"bench_startup: skipped: {message}", file=sys.stderr, flush=True)


# -- the X server ------------------------------------------------------------------------------


class Xvfb:
    """A private Xvfb for the run; ``display`` is its name (``:N``)."""

    def __init__(self) -> None:
        read, write = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as stream:
            number = stream.readline().strip()
        if not number:
            self.proc.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _env(home: Path, display: str, probe: str | None) -> dict[str, str]:
    dropped = ("PYTHONDONTWRITEBYTECODE", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    for name in ("home", "cache", "config", "data", "runtime"):
        (home / name).mkdir(parents=True, exist_ok=True)
    (home / "runtime").chmod(0o700)
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        HOME=str(home / "home"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_RUNTIME_DIR=str(home / "runtime"),
        # the same Chromium switches for both: no sandbox as root, no GPU on Xvfb
        QTWEBENGINE_CHROMIUM_FLAGS=" ".join(CHROMIUM_FLAGS),
    )
    env.pop("BLOGDESK_STARTUP_PROBE", None)
    if probe:
        env["BLOGDESK_STARTUP_PROBE"] = probe
    return env


class Launched:
    """A program started for a measure: its process, its probe lines, and the tree's end."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.started = time.perf_counter()
        self.events: dict[str, float] = {}
        self.values: dict[str, float] = {}  # probe lines with a number: "probe: cpu-ms 369"
        self._out = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen(
            args, env=env, cwd=REPO, stdout=self._out, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def poll_events(self) -> dict[str, float]:
        """Probe lines so far: ``name -> seconds after launch`` (the line's arrival is
        approximated by when it is read; callers read often)."""
        self._out.seek(0)
        for line in self._out.read().splitlines():
            parts = line.split()
            if line.startswith("probe: ") and parts[1] not in self.events:
                self.events[parts[1]] = time.perf_counter() - self.started
                if len(parts) == 3 and parts[2].isdigit():
                    self.values[parts[1]] = float(parts[2])
        return self.events

    def wait_window(self, timeout: float = 60) -> float:
        """Seconds from launch to a visible window of this process."""
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--pid", str(self.proc.pid)],
                env=self._xenv, capture_output=True, text=True,
            )
            if found.stdout.strip():
                return time.perf_counter() - self.started
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.proc.args[0]} exited with {self.proc.returncode}")
            time.sleep(0.005)
        raise TimeoutError("no window")

    def wait_event(self, name: str, timeout: float = 120) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if name in self.poll_events():
                return self.events[name]
            if self.proc.poll() is not None and name not in self.poll_events():
                raise RuntimeError(f"exited before {name}")
            time.sleep(0.01)
        raise TimeoutError(name)

    def stop(self) -> None:
        """End the whole tree (the app, QtWebEngine, workers): its own session group."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        with contextlib.suppress(ProcessLookupError, PermissionError):  # a child left behind
            os.killpg(self.proc.pid, signal.SIGKILL)
        self._out.close()

    _xenv: ClassVar[dict[str, str]] = {}


# The floor for any PySide6 app, measured the same way: a bare window, nothing in it. Its CPU
# time at the first paint is printed as blogdesk's probe prints it (after the window is shown).
BARE_WINDOW = """
import resource, sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 800)
window.show()
app.processEvents()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(f"probe: cpu-ms {1000 * (usage.ru_utime + usage.ru_stime):.0f}", flush=True)
app.exec()
"""


def _blogdesk(root: Path) -> list[str]:
    return [sys.executable, "-m", "blogdesk", str(root)]


def _ghostwriter(post: Path) -> list[str]:
    return ["ghostwriter", str(post)]


# -- measures ----------------------------------------------------------------------------------


def _row(name: str, values: list[float], baseline: str | None = None, base: float | None = None,
         goal: str = "") -> dict:
    median = statistics.median(values)
    return {
        "name": name, "median_s": median, "spread_s": max(values) - min(values),
        "baseline": baseline, "ratio": (median / base) if base else None,
        "runs": len(values), "goal": goal,
    }


def _mem_row(name: str, kib: int, count: int, baseline: str | None = None,
             base_kib: int | None = None, goal: str = "") -> dict:
    return {
        "name": f"{name} ({count} process{'es' if count != 1 else ''})",
        "value": round(kib / 1024), "unit": "MiB", "baseline": baseline,
        "ratio": kib / base_kib if base_kib else None, "goal": goal,
    }


def _first_start(tmp: Path, display: str) -> None:
    """The first start compiles byte code and builds the library index: not measured."""
    first = Launched(_blogdesk(SAMPLE), _env(tmp / "blogdesk", display, "1"))
    try:
        first.wait_event("preview-shown")
    finally:
        first.stop()


def _start_times(tmp: Path, display: str, repeats: int, peer: bool) -> list[dict]:
    shown, preview, ghost, bare, cpu, bare_cpu = [], [], [], [], [], []
    blog_env = _env(tmp / "blogdesk", display, "1")
    _first_start(tmp, display)
    peer_env = _env(tmp / "ghostwriter", display, None)
    if peer:
        warm = Launched(_ghostwriter(PEER_POST), peer_env)
        warm.wait_window()
        time.sleep(1)
        warm.stop()
    for _ in range(repeats):
        run = Launched(_blogdesk(SAMPLE), blog_env)
        try:
            shown.append(run.wait_window())
            preview.append(run.wait_event("preview-shown"))
            with contextlib.suppress(TimeoutError, RuntimeError):  # printed just after
                run.wait_event("cpu-ms", timeout=5)
                cpu.append(run.values["cpu-ms"] / 1000)
        finally:
            run.stop()
        if peer:
            other = Launched(_ghostwriter(PEER_POST), peer_env)
            try:
                ghost.append(other.wait_window())
            finally:
                other.stop()
        floor = Launched([sys.executable, "-c", BARE_WINDOW], blog_env)
        try:
            bare.append(floor.wait_window())
            with contextlib.suppress(TimeoutError, RuntimeError):
                floor.wait_event("cpu-ms", timeout=5)
                bare_cpu.append(floor.values["cpu-ms"] / 1000)
        finally:
            floor.stop()
    rows = [_row("bare PySide6 window shown (the floor)", bare)]
    if bare_cpu:
        rows.append(_row("  CPU time of the bare window until then", bare_cpu))
    if ghost:
        rows.append(_row("ghostwriter window shown, one post", ghost))
    base = statistics.median(ghost) if ghost else None
    rows.append(_row("window shown, sample library and newest post", shown,
                     "ghostwriter window shown, one post" if ghost else None, base,
                     "at most 1.2× ghostwriter"))
    if cpu:  # the app's own CPU time: steadier than wall time on a shared machine
        rows.append(_row("  CPU time of the app process until then", cpu,
                         "  CPU time of the bare window until then" if bare_cpu else None,
                         statistics.median(bare_cpu) if bare_cpu else None))
    rows.append(_row("preview drawn, sample library", preview, goal="0.8 s"))
    return rows


def _memory_sample(tmp: Path, display: str, peer: bool) -> list[dict]:
    rows: list[dict] = []
    base = None
    if peer:
        other = Launched(_ghostwriter(PEER_POST), _env(tmp / "ghostwriter", display, None))
        try:
            other.wait_window()
            time.sleep(SETTLE_S)
            base, base_count = procmem.total_kib(other.proc.pid)
        finally:
            other.stop()
        rows.append(_mem_row("ghostwriter memory, one post", base, base_count))
    run = Launched(_blogdesk(SAMPLE), _env(tmp / "blogdesk", display, "hold"))
    try:
        run.wait_window()
        run.wait_event("preview-shown")
        time.sleep(SETTLE_S)
        parts = procmem.sizes_by_role(run.proc.pid)
    finally:
        run.stop()
    kib, count = _sum_parts(parts)
    rows.append(_mem_row("memory, sample library open", kib, count,
                         "ghostwriter memory, one post" if base else None, base,
                         "at most ghostwriter's"))
    return rows + _part_rows(parts)


def _sum_parts(parts: dict[str, tuple[int, int, int, int]]) -> tuple[int, int]:
    return sum(p[0] for p in parts.values()), sum(p[3] for p in parts.values())


def _part_rows(parts: dict[str, tuple[int, int, int, int]]) -> list[dict]:
    """One row per role: its PSS, with USS and RSS in the name (USS does not depend on what
    else on the machine maps the same libraries: compare changes by it too)."""
    rows = []
    for name, (pss, uss, rss, count) in sorted(parts.items()):
        row = _mem_row(f"  of which {name}", pss, count)
        row["name"] += f" USS {round(uss / 1024)}, RSS {round(rss / 1024)} MiB"
        rows.append(row)
    return rows


def _memory_big(tmp: Path, display: str, size: int) -> list[dict]:
    # its own folder: bench_library.py makes another library-N there (nested year folders),
    # and sharing it gave this measure both sets of posts, 20,000 instead of 10,000
    library = make_library(WORK / f"startup-library-{size}", size)
    run = Launched(_blogdesk(library), _env(tmp / f"big-{size}", display, "hold"))
    peak, peak_count = 0, 0
    try:
        run.wait_window(timeout=120)
        deadline = time.perf_counter() + 600
        while "library-indexed" not in run.poll_events():
            if time.perf_counter() > deadline or run.proc.poll() is not None:
                raise RuntimeError("the library was not indexed")
            kib, count = procmem.total_kib(run.proc.pid)
            if kib > peak:
                peak, peak_count = kib, count
            time.sleep(0.25)
        indexed_at = run.events["library-indexed"]
        time.sleep(3)
        parts = procmem.sizes_by_role(run.proc.pid)
    finally:
        run.stop()
    kib, count = _sum_parts(parts)
    rows = [
        _mem_row(f"memory while indexing a {size}-post library (peak)", peak, peak_count),
        _mem_row(f"memory once the {size}-post library is indexed ({indexed_at:.1f} s)", kib,
                 count, goal="400 MiB" if size >= 10000 else ""),
    ]
    return rows + _part_rows(parts)


def make_library(folder: Path, count: int) -> Path:
    """A library of ``count`` posts of about 800 words, made once and reused."""
    marker = folder / f".complete-{count}"
    if marker.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(count)
    for i in range(count):
        words = " ".join(rng.choice(WORDS) for _ in range(800))
        (folder / f"post-{i:05d}.md").write_text(
            f"---\ntitle: Post number {i}\ndate: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\ncategory: {rng.choice(WORDS)}\n"
            f"---\n\n# Heading {i}\n\n{words}\n",
            encoding="utf-8",
        )
    marker.touch()
    return folder


def run(quick: bool = False, memory_only: bool = False) -> list[dict]:
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        skip(f"{', '.join(missing)} not installed (scripts/bench-deps.sh installs them)")
        return []
    peer = shutil.which("ghostwriter") is not None
    if not peer:
        skip("ghostwriter is not installed: its rows are left out "
             "(scripts/bench-deps.sh installs it)")
    server = Xvfb()
    Launched._xenv = {**os.environ, "DISPLAY": server.display}
    try:
        with tempfile.TemporaryDirectory() as name:
            tmp = Path(name)
            if memory_only:  # as after the start-up runs: byte code and the index saved
                _first_start(tmp, server.display)
                rows = []
            else:
                rows = _start_times(tmp, server.display, 3 if quick else 4, peer)
            if procmem.available():
                rows += _memory_sample(tmp, server.display, peer)
                rows += _memory_big(tmp, server.display, 2000 if quick else 10000)
            else:
                skip("no /proc/PID/smaps_rollup: memory rows left out")
    finally:
        server.close()
    return rows


if __name__ == "__main__":
    from run import table

    # --memory: the memory rows only (a change to memory measured without the start-up runs)
    rows = run(quick="--quick" in sys.argv, memory_only="--memory" in sys.argv)
    print(table([{"suite": "startup", **row} for row in rows]))
