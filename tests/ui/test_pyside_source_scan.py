"""Start-up skips PySide6's reading of every imported module's source (for ``__feature__``
switches blogdesk does not use); Qt's usual names must still work in every module, including
one that never mentions PySide6 and is imported after the switch."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QWidget

from blogdesk.app import skip_pyside_source_scan


def test_modules_imported_after_the_switch_use_qts_usual_names(
    qapp, tmp_path: Path, monkeypatch
) -> None:
    skip_pyside_source_scan()
    (tmp_path / "plain_helper_for_scan_test.py").write_text(
        "def title(widget):\n"
        "    widget.setWindowTitle('Drafts')\n"
        "    return widget.windowTitle()\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    read: list[object] = []
    import inspect

    monkeypatch.setattr(inspect, "getsource", lambda obj: read.append(obj) or "")
    helper = __import__("plain_helper_for_scan_test")  # an import statement's way in
    try:
        widget = QWidget()
        assert helper.title(widget) == "Drafts"
        assert read == []  # the new module's source was not read
    finally:
        sys.modules.pop("plain_helper_for_scan_test", None)
