"""The QtWebEngine switches the app starts with: one renderer process, no zygote without the
sandbox, software drawing (no OpenGL) without a GPU, and the user's own switches kept."""

from __future__ import annotations

import os

import pytest

from blogdesk import app


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv("QTWEBENGINE_CHROMIUM_FLAGS", raising=False)
    monkeypatch.delenv("QT_QUICK_BACKEND", raising=False)
    monkeypatch.delenv("QT_XCB_GL_INTEGRATION", raising=False)
    return monkeypatch


def _flags() -> list[str]:
    return os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()


def test_without_a_gpu_the_preview_runs_in_one_process_without_zygotes(
    env: pytest.MonkeyPatch,
) -> None:
    env.setenv("QT_QPA_PLATFORM", "offscreen")
    env.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    app.prepare_environment()
    flags = _flags()
    assert flags[0] == "--no-sandbox"
    assert {"--renderer-process-limit=1", "--no-zygote", "--disable-gpu"} <= set(flags)
    assert os.environ["QT_QUICK_BACKEND"] == "software"
    assert os.environ["QT_XCB_GL_INTEGRATION"] == "none"  # no llvmpipe loaded for nothing


def test_the_users_own_switches_win(env: pytest.MonkeyPatch) -> None:
    env.setenv("QT_QPA_PLATFORM", "offscreen")
    env.setenv("QT_QUICK_BACKEND", "opengl")
    env.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--renderer-process-limit=3")
    app.prepare_environment()
    flags = _flags()
    assert "--renderer-process-limit=3" in flags
    assert "--renderer-process-limit=1" not in flags
    assert os.environ["QT_QUICK_BACKEND"] == "opengl"


def test_the_zygote_stays_with_the_sandbox(env: pytest.MonkeyPatch) -> None:
    """Chromium's sandbox needs its zygote: --no-zygote only goes with --no-sandbox."""
    env.setattr(app.os, "geteuid", lambda: 1000)
    app.prepare_environment()
    assert "--no-zygote" not in _flags()
    assert "--no-sandbox" not in _flags()
