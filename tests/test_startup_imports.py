"""What the app has loaded when its window is first shown: the index and the post, not the
machinery that only later work needs (the library scanner, the Markdown stack and its
highlighter, the spelling checker, QtWebEngine, the template tags, the log's handlers; and the
word counter's patterns are not compiled yet). Each of these cost start-up time before the
window appeared (bench/bench_startup.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Runs the real app on the sample library and, at its "window-shown" probe line, writes the
# names of the loaded modules and stops.
SCRIPT = """
import json, os, sys
import blogdesk.app as app

def event(self, name):
    if name == "window-shown":
        print("MODULES " + json.dumps(sorted(sys.modules)), flush=True)
        pending = sys.modules["blogdesk.core.stats"]._PENDING
        print("STATS-PENDING " + json.dumps(pending), flush=True)
        os._exit(0)

app.Probe.event = event
from blogdesk.cli import main
sys.argv = ["blogdesk", "posts"]
main()
"""

NOT_AT_START = (
    "blogdesk.core.library_scan", "blogdesk.core.library_yaml", "blogdesk.core.incremental",
    "blogdesk.core.export", "blogdesk.ui.preview_scheduler", "markdown", "pygments", "enchant",
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "blogdesk.core.render.contract",
    "blogdesk.ui.git", "blogdesk.core.git", "frontmatter", "yaml", "blogdesk.core.spelling",
    "blogdesk.core.sites.templates", "logging.handlers", "blogdesk.ui.widgets.statistics_panel",
    "difflib",
)


def test_the_window_is_shown_before_the_scanner_and_the_markdown_stack_are_loaded(
    tmp_path: Path,
) -> None:
    """A second start (the index saved by the first) shows the window with the library and
    its newest post having loaded none of NOT_AT_START."""
    env = dict(os.environ)
    env.update(
        BLOGDESK_STARTUP_PROBE="1",
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    for _ in range(2):  # the first start builds the library's index
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT], cwd=REPO, env=env, capture_output=True, text=True,
            timeout=120,
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith("MODULES ")]
    assert lines, done.stderr[-2000:]
    loaded = set(json.loads(lines[0].removeprefix("MODULES ")))
    assert "blogdesk.ui.main_window" in loaded  # the window was built and shown
    early = sorted(name for name in loaded if name.split(".")[0] in NOT_AT_START or any(
        name == prefix or name.startswith(prefix + ".") for prefix in NOT_AT_START))
    assert early == []
    pending = [line for line in done.stdout.splitlines() if line.startswith("STATS-PENDING ")]
    assert pending == ["STATS-PENDING true"]  # counting waits for the first paint
