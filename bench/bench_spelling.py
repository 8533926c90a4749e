"""Spell checking in the editor: how soon the visible lines are underlined, and whether the
background pass over a long post ever stalls the UI.

Goals (issue 13): the visible screen's underlines within 200 ms of turning spelling on for a post,
and no UI stall over 16 ms while the whole text is checked, on a 100k-word post. The stall is
measured as the longest gap between ticks of a 1 ms timer on the UI thread, with the same probe
taken while nothing runs as the baseline (what the shared machine does to us anyway). Each size
runs in a child process (a fresh QApplication, offscreen).
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SIZES = (5_000, 100_000)
QUICK_SIZES = (5_000,)
GOALS = {"visible": "200 ms", "stall": "16 ms"}


def _body(words: int) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_preview import make_post_body

    body = make_post_body(words)
    rng = random.Random(13)
    tokens = body.split(" ")
    for i in range(0, len(tokens), 40):  # one typo in forty words
        word = tokens[i]
        if word.isalpha() and len(word) > 3:
            j = rng.randrange(1, len(word) - 1)
            tokens[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    return " ".join(tokens)


def _child(words: int) -> dict[str, Any]:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from blogdesk.ui.spelling import SpellingController
    from blogdesk.ui.widgets.editor import MarkdownEditor

    app = QApplication.instance() or QApplication([])
    body = _body(words)

    def wait(condition: Any, timeout_s: float) -> None:
        loop, timer = QEventLoop(), QTimer()
        timer.setInterval(1)
        deadline = time.perf_counter() + timeout_s
        timer.timeout.connect(
            lambda: (condition() or time.perf_counter() > deadline) and loop.quit()
        )
        timer.start()
        loop.exec()
        timer.stop()

    def probe_gaps(until: Any, timeout_s: float) -> list[float]:
        gaps: list[float] = []
        clock = QElapsedTimer()
        probe = QTimer()
        probe.setTimerType(Qt.TimerType.PreciseTimer)
        probe.setInterval(1)
        probe.timeout.connect(lambda: (gaps.append(clock.nsecsElapsed() / 1e9), clock.restart()))
        clock.start()
        probe.start()
        wait(until, timeout_s)
        probe.stop()
        return gaps[1:]

    visible, stalls, idle, passes = [], [], [], []
    for _ in range(3):
        editor = MarkdownEditor()
        editor.resize(900, 700)
        editor.show()
        editor.set_body(body)
        app.processEvents()
        idle.append(max(probe_gaps(lambda: False, 0.5)))
        spelling = SpellingController(editor)

        def visible_done(spelling: SpellingController = spelling) -> bool:
            return not spelling._visible_blocks()

        started = time.perf_counter()
        spelling.use("en_US")
        wait(visible_done, 10)
        visible.append(time.perf_counter() - started)
        gaps = probe_gaps(lambda s=spelling: not s._sweep.isValid() and not s._pending, 120)
        passes.append(time.perf_counter() - started)
        stalls.append(max(gaps, default=0.0))
        editor.close()
        editor.deleteLater()
        app.processEvents()
    return {"visible": visible, "stall": stalls, "idle": idle, "pass": passes}


def _row(
    data: dict[str, list[float]], name: str, label: str, key: str, goal: str = "",
    baseline: str | None = None,
) -> dict[str, Any]:
    values = data[key]
    entry: dict[str, Any] = {
        "name": f"{label}, {name}",
        "median_s": statistics.median(values),
        "spread_s": max(values) - min(values),
        "goal": goal,
    }
    if baseline:
        base = statistics.median(data[baseline])
        entry["baseline"] = f"idle gap, {name}"
        entry["ratio"] = entry["median_s"] / base if base else None
    return entry


def run(quick: bool = False) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for words in QUICK_SIZES if quick else SIZES:
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", str(words)],
            capture_output=True, text=True, timeout=600,
        )
        if done.returncode != 0:
            raise RuntimeError(f"bench_spelling child failed ({words} words):\n{done.stderr}")
        data = json.loads(done.stdout.strip().splitlines()[-1])
        name = f"{words // 1000}k words"
        rows.append(_row(data, name, "visible lines underlined", "visible", GOALS["visible"]))
        rows.append(
            _row(data, name, "longest UI stall while checking", "stall", GOALS["stall"], "idle")
        )
        rows.append(_row(data, name, "longest gap with nothing running", "idle"))
        rows.append(_row(data, name, "whole text checked", "pass"))
    return rows


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        print(json.dumps(_child(int(sys.argv[2]))))
    else:
        for r in run(quick="--quick" in sys.argv):
            print(r)
