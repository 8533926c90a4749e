"""The garbage collector waits for the first paint and then runs on the GUI thread only: the
start builds tens of thousands of objects that all live on, and walking them over and over cost
15-20 ms before the window was shown (bench/bench_startup.py); after it, a collection on another
thread would destroy a Qt object in a cycle there (ui/gui_collector.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

SCRIPT = """
import gc, os, sys
import blogdesk.app as app

def event(self, name):
    from PySide6.QtWidgets import QApplication
    from blogdesk.ui.gui_collector import GuiCollector

    collectors = QApplication.instance().findChildren(GuiCollector)
    print(f"GC {name} {gc.isenabled()} {[c.installed for c in collectors]}", flush=True)
    if name == "preview-shown":
        os._exit(0)

app.Probe.event = event
from blogdesk.cli import main
sys.argv = ["blogdesk", "posts"]
main()
"""


def test_no_collection_until_the_window_then_on_the_gui_thread(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.update(
        BLOGDESK_STARTUP_PROBE="1",
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("GC ")]
    assert lines == ["GC window-shown False []", "GC preview-shown False [True]"], (
        done.stderr[-2000:]
    )
