"""Start-up benchmark: process start to the main window shown, and memory with a big library open.

The app, started with ``BLOGDESK_STARTUP_PROBE=1``, prints ``probe: <event> <value>`` lines on
stdout (``window-shown``, ``preview-shown``, ``rss-kb``) and quits once the preview is shown. The
baseline is a bare PySide6 window started the same way in the same run.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / ".work"

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from blogdesk.app import process_tree_rss_kb
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1200, 800); w.show()
def shown():
    print("probe: window-shown", flush=True)
    print("probe: rss-kb", process_tree_rss_kb(), flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

WORDS = (
    "draft post reader writing blog page note idea edit words time library tag heading "
    "preview export title summary markdown folder simple clear short long story"
).split()


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu --disable-gpu-compositing",
        BLOGDESK_STARTUP_PROBE="1",
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
    )
    return env


def _launch(args: list[str], env: dict[str, str], timeout: float = 120) -> dict[str, float]:
    """Run a process until it exits; returns each probe event's time since launch (s) or value."""
    events: dict[str, float] = {}
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=REPO
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("probe: "):
            parts = line.split()
            name = parts[1]
            events[name] = float(parts[2]) if len(parts) > 2 else time.perf_counter() - started
            if name in ("window-shown", "preview-shown"):
                events[name] = time.perf_counter() - started
    proc.wait(timeout=timeout)
    return events


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


def _median_row(name: str, values: list[float], baseline: str | None, base: float | None,
                goal: str = "") -> dict:
    median = statistics.median(values)
    return {
        "name": name,
        "median_s": median,
        "spread_s": max(values) - min(values),
        "baseline": baseline,
        "ratio": (median / base) if base else None,
        "runs": len(values),
        "goal": goal,
    }


def run(quick: bool = False) -> list[dict]:
    repeats = 3 if quick else 7
    app = [sys.executable, "-m", "blogdesk"]
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = _env(home)
        _launch([*app, "posts"], env)  # the first start fills the library cache
        bare, shown, preview = [], [], []
        for _ in range(repeats):
            bare.append(_launch([sys.executable, "-c", BARE_WINDOW], env)["window-shown"])
            events = _launch([*app, "posts"], env)
            shown.append(events["window-shown"])
            if "preview-shown" in events:
                preview.append(events["preview-shown"])
        base = statistics.median(bare)
        rows = [
            _median_row("bare Qt window shown", bare, None, None),
            _median_row("window shown, sample library", shown, "bare Qt window shown", base,
                        "0.4 s"),
        ]
        if preview:
            rows.append(_median_row("preview drawn, sample library", preview,
                                    "bare Qt window shown", base, "0.8 s"))
        size = 2000 if quick else 10000
        library = make_library(WORK / f"library-{size}", size)
        _launch([*app, str(library)], env, timeout=600)  # index it once
        big = _launch([*app, str(library)], env, timeout=600)
        bare_rss = _launch([sys.executable, "-c", BARE_WINDOW], env).get("rss-kb")
        if "rss-kb" in big:
            rows.append({
                "name": f"memory (app and its helper processes), {size}-post library open",
                "value": round(big["rss-kb"] / 1024), "unit": "MiB",
                "baseline": "bare Qt window (same measure)",
                "ratio": big["rss-kb"] / bare_rss if bare_rss else None,
                "goal": "",
            })
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import table

    print(table([{"suite": "startup", **row} for row in run(quick="--quick" in sys.argv)]))
