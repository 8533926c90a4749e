"""Shared test set-up: Qt runs offscreen; each test gets its own cache, data and config folders."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays the same examples every run, so a red build is a bug anyone can reproduce;
# a developer's run explores new ones (and keeps failures in .hypothesis/).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu --disable-gpu-compositing"
)
os.environ.setdefault("QT_LOGGING_RULES", "qt.webenginecontext.debug=false")

REPO = Path(__file__).resolve().parent.parent
SAMPLE_POSTS = REPO / "posts"


@pytest.fixture(autouse=True)
def _isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
):
    """Keep caches, journals and settings of a test out of the real user's folders."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
    ):
        folder = home / sub
        folder.mkdir()
        monkeypatch.setenv(var, str(folder))
    yield home


@pytest.fixture
def sample_posts() -> Path:
    return SAMPLE_POSTS


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB file system (tmpfs; needs root and a kernel that allows it)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
