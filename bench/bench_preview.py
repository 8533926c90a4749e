"""Keystroke to preview: how long typing takes to show in the live preview, and UI stalls.

In the real app (``app.build``: the MainWindow with its document session, recovery journal,
counter, outline and live preview on QtWebEngine, the scheduler with its worker process),
offscreen, on a 5,000-word and a 100,000-word post: a key is typed into the middle of the post,
and the time from the key press to the preview showing that text is taken (the page's
``pageShown`` signal); then the next key. Every keystroke travels the path the
author's does. Meanwhile a 1 ms timer
records the longest gap of the UI thread's event loop, and how much of each gap the UI thread
itself spent computing (thread CPU time; the rest of a gap is the shared machine preempting
it), and the render worker's own time for each key's text (the process beside the UI).
Goals: 50 ms at 5k words, 150 ms at 100k words, no stall over 16 ms. The baseline is a full
Python-Markdown render of the same post.

Each size runs in a child process (QtWebEngine's URL scheme must be registered before the
QApplication exists, and the suite runner shares one interpreter). Run as a script for a
table: ``python bench/bench_preview.py [--quick]``.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIZES = (5_000, 100_000)
GOALS = {5_000: "50 ms", 100_000: "150 ms"}

_WORDS = (
    "the a writer draft post reader page word time idea sentence paragraph edit note blog "
    "clear short long first last small simple careful quiet honest useful plain better "
    "writes reads keeps cuts finds shows makes takes leaves moves starts ends"
).split()


def make_post_body(words: int, seed: int = 5) -> str:
    """A realistic post body of about this many words: headings, prose, lists, quotes, code."""
    rng = random.Random(seed)
    parts: list[str] = []
    count = 0
    section = 0
    while count < words:
        if count == 0 or rng.random() < 0.08:
            section += 1
            parts.append(f"## Section {section}: {' '.join(rng.sample(_WORDS, 3))}")
            count += 4
            continue
        kind = rng.random()
        if kind < 0.7:
            sentence_words = []
            for _ in range(rng.randint(3, 6)):
                sentence = rng.sample(_WORDS, rng.randint(6, 14))
                sentence[0] = sentence[0].capitalize()
                if rng.random() < 0.3:
                    sentence[2] = f"*{sentence[2]}*"
                if rng.random() < 0.2:
                    sentence[4] = f"[{sentence[4]}](https://example.org/{sentence[4]})"
                if rng.random() < 0.15:
                    sentence[1] = f"`{sentence[1]}`"
                sentence_words.append(" ".join(sentence) + ".")
            paragraph = " ".join(sentence_words)
            parts.append(paragraph)
            count += len(paragraph.split())
        elif kind < 0.82:
            items = [f"- {' '.join(rng.sample(_WORDS, rng.randint(3, 8)))}" for _ in range(4)]
            parts.append("\n".join(items))
            count += sum(len(i.split()) - 1 for i in items)
        elif kind < 0.92:
            quote = " ".join(rng.sample(_WORDS, 12))
            parts.append(f"> {quote.capitalize()}.")
            count += 12
        else:
            parts.append("```python\ndef keep(words):\n    return [w for w in words if w]\n```")
            count += 8
    return "\n\n".join(parts) + "\n"


# -- the child process ---------------------------------------------------------------------------


#: The site kinds measured: blogdesk's own (Python-Markdown, incremental), a Hugo site
#: (CommonMark, goldmark's options) and a Jekyll site (kramdown), each typed into the same way.
GENERATORS = ("blogdesk", "hugo", "jekyll")


def _site(root: Path, generator: str) -> tuple[Path, Path]:
    """(library root, folder of the post) of a small site of ``generator`` in ``root``."""
    library = root / "posts"
    if generator == "hugo":
        (library / "content" / "posts").mkdir(parents=True)
        (library / "hugo.toml").write_text('title = "Bench"\n', encoding="utf-8")
        return library, library / "content" / "posts"
    if generator == "jekyll":
        (library / "_posts").mkdir(parents=True)
        (library / "_config.yml").write_text("title: Bench\n", encoding="utf-8")
        return library, library / "_posts"
    library.mkdir()
    return library, library


def _child(words: int, keys: int, generator: str = "blogdesk") -> list[dict[str, Any]]:
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="bench-preview-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(root / name.lower())  # the library cache and journal go here
    from blogdesk.app import (
        StartTarget,
        build,
        create_application,
        install_preview,
        prepare_environment,
        shutdown,
    )

    prepare_environment()
    app = create_application([])  # kept alive until the end of the measure
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    from blogdesk.core.journal import Journal
    from blogdesk.core.render import RenderOptions, render
    from blogdesk.core.render.contract import flavour_for, render_site_body
    from blogdesk.ui.settings import AppSettings

    body = make_post_body(words)
    library, folder = _site(root, generator)
    post_path = folder / ("2025-05-01-big-post.md" if generator == "jekyll" else "big-post.md")
    post_path.write_text(
        f"---\ntitle: A {words:,}-word post\ndate: 2025-05-01\ncategory: Bench\n"
        "tags: [speed, preview]\nsummary: How fast the preview follows typing.\n"
        f"author: Ada Field\n---\n\n{body}", encoding="utf-8")

    baseline = []
    chosen = flavour_for(library)
    for _ in range(3 if words <= 10_000 else 1):
        started = time.perf_counter()
        if generator == "blogdesk":
            render(body, RenderOptions())
        else:
            render_site_body(chosen, body)
        baseline.append(time.perf_counter() - started)

    settings = AppSettings.from_file(root / "settings.ini")
    parts = build(settings, StartTarget(library, post_path), journal=Journal(root / "journal"))
    window = parts.window
    window.resize(1400, 900)
    window.show()
    editor = window.editor

    def wait(condition: Any, timeout_s: float) -> bool:
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(2)
        deadline = time.perf_counter() + timeout_s

        def check() -> None:
            if condition() or time.perf_counter() > deadline:
                loop.quit()

        timer.timeout.connect(check)
        timer.start()
        loop.exec()
        timer.stop()
        return bool(condition())

    started = time.perf_counter()  # building the pane and its worker, then the first page
    install_preview(parts)
    pane, scheduler = window.preview.pane, window.preview.scheduler
    assert pane is not None and scheduler is not None
    first = scheduler.generation()
    wait(lambda: pane.shown_generation() >= first, 120)
    first_shown = time.perf_counter() - started

    # the event-loop lag probe: a 1 ms timer; a long gap between ticks is a stall
    gaps: list[float] = []
    clock = QElapsedTimer()
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(1)

    busy: list[float] = []  # the UI thread's own CPU time in each gap (the rest: preempted)
    last_cpu = [time.thread_time()]

    def tick() -> None:
        gaps.append(clock.nsecsElapsed() / 1e9)
        clock.restart()
        now = time.thread_time()
        busy.append(now - last_cpu[0])
        last_cpu[0] = now

    probe.timeout.connect(tick)
    # when each generation of the text was shown: a key's latency runs from the key press to
    # the first page showing its text (a later generation carries it too: the spelling pass's
    # re-highlighting sends the same text again)
    shown_at: dict[int, float] = {}
    pane.pageShown.connect(lambda generation: shown_at.setdefault(generation, time.perf_counter()))
    latencies: list[float] = []
    worker_times: list[float] = []  # the render worker's own time for each key's text

    cursor = editor.textCursor()
    middle = editor.document().findBlockByNumber(editor.document().blockCount() // 2)
    while middle.isValid() and len(middle.text()) < 40:
        middle = middle.next()
    cursor.setPosition(middle.position() + 20)
    editor.setTextCursor(cursor)
    editor.setFocus()
    wait(lambda: False, 0.3)  # let the page settle

    # the same probe while nobody types: what the shared machine does to us anyway
    clock.start()
    probe.start()
    wait(lambda: False, 1.5)
    probe.stop()
    idle_gaps, gaps[:] = gaps[1:], []
    busy.clear()

    clock.start()
    probe.start()
    typed = []
    handling = []
    for n in range(keys):
        key_started = time.perf_counter()
        QTest.keyClick(editor, "abcdefghij"[n % 10])
        handling.append(time.perf_counter() - key_started)
        generation = scheduler.generation()
        typed.append(generation)
        if wait(lambda g=generation: pane.shown_generation() >= g, 30):
            shown = min(t for g, t in shown_at.items() if g >= generation)
            latencies.append(shown - key_started)
            if scheduler.last_render_s is not None:
                worker_times.append(scheduler.last_render_s)
        wait(lambda: False, 0.03)  # a pause, as between real keystrokes
    probe.stop()
    shown_text = []
    pane.run_script("document.getElementById('post-body').textContent.length", shown_text.append)
    wait(lambda: bool(shown_text), 10)
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    window.session.set_autosave(False)
    window.session.close(discarded=True)  # the typed keys are not kept
    shutdown(parts)
    window.close()
    app.processEvents()

    values = sorted(latencies)
    stall = max(gaps[1:], default=0.0)
    busiest = max(busy[1:], default=0.0)
    over = sum(1 for gap in gaps if gap > 0.016)
    name = f"{words // 1000}k words"
    if generator != "blogdesk":
        name += f", {generator} ({chosen.family})"
    base_name = f"full render, {name}"
    base = statistics.median(baseline)
    median = statistics.median(values) if values else float("nan")
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))] if values else float("nan")
    return [
        {
            "name": base_name,
            "median_s": base,
            "spread_s": max(baseline) - min(baseline),
            "baseline": None,
            "ratio": None,
        },
        {
            "name": f"keystroke to preview, {name}, median",
            "median_s": median,
            "spread_s": (values[-1] - values[0]) if values else None,
            "baseline": base_name,
            "ratio": median / base,
            "goal": GOALS.get(words, ""),
            "p95_s": p95,
            "keys": len(values),
        },
        {
            "name": f"keystroke to preview, {name}, 95th percentile",
            "median_s": p95,
            "spread_s": None,
            "baseline": base_name,
            "ratio": p95 / base,
            "goal": GOALS.get(words, ""),
        },
        {
            "name": f"render worker time per keystroke, {name}, median",
            "median_s": statistics.median(worker_times) if worker_times else float("nan"),
            "spread_s": (max(worker_times) - min(worker_times)) if worker_times else None,
            "baseline": base_name,
            "ratio": statistics.median(worker_times) / base if worker_times else None,
        },
        {
            "name": f"longest UI stall while typing, {name}",
            "median_s": stall,
            "spread_s": None,
            "baseline": None,
            "ratio": None,
            "goal": "16 ms",
            "stalls_over_16ms": over,
            "ticks": len(gaps),
        },
        {
            "name": f"longest UI-thread busy gap while typing, {name}",
            "median_s": busiest,
            "spread_s": None,
            "baseline": None,
            "ratio": None,
            "goal": "16 ms",
            "stalls_over_16ms": sum(1 for cpu in busy if cpu > 0.016),
            "ticks": len(busy),
        },
        {
            "name": f"longest event-loop gap while idle, {name}",
            "median_s": max(idle_gaps),
            "spread_s": None,
            "baseline": None,
            "ratio": None,
            "stalls_over_16ms": sum(1 for gap in idle_gaps if gap > 0.016),
            "ticks": len(idle_gaps),
        },
        {
            "name": f"longest keystroke handling (UI thread), {name}",
            "median_s": max(handling),
            "spread_s": None,
            "baseline": None,
            "ratio": None,
            "goal": "16 ms",
        },
        {
            "name": f"first preview shown, {name}",
            "median_s": first_shown,
            "spread_s": None,
            "baseline": base_name,
            "ratio": first_shown / base,
        },
    ]


# -- the suite -------------------------------------------------------------------------------------


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Measure both sizes for each kind of site, each in a fresh process; rows as bench/run.py
    expects them."""
    keys = 20 if quick else 50
    rows: list[dict[str, Any]] = []
    env = dict(os.environ)
    src = str(HERE.parent / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    for generator in GENERATORS:
        for words in SIZES:
            result = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--child", str(words), str(keys),
                 generator],
                capture_output=True, text=True, env=env, timeout=900, check=False,
            )  # fmt: skip
            lines = [line for line in result.stdout.splitlines() if line.startswith("[")]
            if result.returncode != 0 or not lines:
                raise RuntimeError(
                    f"bench_preview child failed ({words} words, {generator}):\n{result.stderr}")
            rows.extend(json.loads(lines[-1]))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    for row in rows:
        row["load_average"] = load
    return rows


def _print_table(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        value = row["median_s"]
        extra = []
        if "p95_s" in row:
            extra.append(f"p95 {row['p95_s'] * 1000:.1f} ms over {row['keys']} keys")
        if "stalls_over_16ms" in row:
            extra.append(f"{row['stalls_over_16ms']} gaps over 16 ms in {row['ticks']} ticks")
        goal = f" (goal {row['goal']})" if row.get("goal") else ""
        print(f"{row['name']:48} {value * 1000:9.1f} ms{goal}  {'; '.join(extra)}")
    print(f"load average at the end: {rows[-1].get('load_average')}")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--child":
        kind = sys.argv[4] if len(sys.argv) >= 5 else "blogdesk"
        print(json.dumps(_child(int(sys.argv[2]), int(sys.argv[3]), kind)), flush=True)
        sys.exit(0)
    _print_table(run(quick="--quick" in sys.argv))
