"""The platform's widget style is used unless the user picks another in Settings."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QStyleFactory


@pytest.fixture
def restore_style() -> Iterator[str]:
    """The style before the test; put back after it, for the tests that follow."""
    before = QApplication.style().name()
    yield before
    QApplication.setStyle(before)


def other_style(current: str) -> str:
    keys = list(QStyleFactory.keys())
    others = [key for key in keys if key.lower() != current.lower()]
    if not others:
        pytest.skip("this Qt has a single style")
    return others[0]


def test_the_style_follows_the_setting(app: Any, restore_style: str) -> None:
    window = app.window
    chosen = other_style(restore_style)
    window.settings.style = chosen
    window.apply_settings()
    assert QApplication.style().name().lower() == chosen.lower()
    window.settings.style = ""  # "Platform default"
    window.apply_settings()
    assert QApplication.style().name().lower() == restore_style.lower()


def test_the_settings_dialog_offers_the_styles(app: Any, qtbot: Any, restore_style: str) -> None:
    from blogdesk.ui.widgets.settings_dialog import SettingsDialog

    dialog = SettingsDialog(app.window.settings, parent=app.window)
    qtbot.addWidget(dialog)
    combo = dialog.style_combo
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == ["Platform default", *QStyleFactory.keys()]
    assert combo.currentIndex() == 0
    chosen = other_style(restore_style)
    combo.setCurrentIndex(combo.findData(chosen))
    dialog.apply()
    app.window.apply_settings()  # what Settings… does after OK
    assert app.window.settings.style == chosen
    assert QApplication.style().name().lower() == chosen.lower()


def test_a_chosen_style_is_applied_at_start(
    app_factory: Any, qtbot: Any, small_library: Path, app_settings: Any, restore_style: str
) -> None:
    start_app, stop_app = app_factory
    chosen = other_style(restore_style)
    app_settings.style = chosen
    running = start_app(qtbot, app_settings, small_library)
    try:
        assert QApplication.style().name().lower() == chosen.lower()
    finally:
        stop_app(running)


def test_the_application_does_not_force_a_style(tmp_path: Path) -> None:
    """create_application leaves the style to the platform (here: the environment's choice)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_STYLE_OVERRIDE": "windows"}
    code = (
        "from blogdesk.app import create_application; print(create_application([]).style().name())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=True,
    )
    assert out.stdout.strip().splitlines()[-1] == "windows"
