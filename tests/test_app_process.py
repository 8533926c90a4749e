"""The real app, started as a user starts it: it shows the window and the preview, and quits
cleanly (a crash as it quits would be a crash report for every user)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("run", range(3))
def test_the_app_opens_the_sample_library_and_quits_cleanly(tmp_path: Path, run: int) -> None:
    """`blogdesk posts` shows the window, draws the preview, and exits with status 0."""
    env = dict(os.environ)
    env.update(
        BLOGDESK_STARTUP_PROBE="1",  # quit once the preview is drawn
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "blogdesk", "posts"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    events = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("probe:")]
    assert events[:2] == ["window-shown", "preview-shown"]
    assert done.returncode == 0, done.stderr[-2000:]
