"""Closing the window lets the journal's writer thread finish: a record handed over while the
disk is slow is on disk when `SessionAdapters.shutdown` returns, and the timer-driven record of
typed text reaches the journal through the writer thread and is reported (JOURNALED)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from session_rig import event_is, make_rig

import blogdesk.core.journal as journal_module
from blogdesk.core.document import SessionEvent
from blogdesk.core.journal import Journal

POST = "---\ntitle: Tea\n---\n\nA cup of tea.\n"


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "blog" / "tea.md"
    path.parent.mkdir()
    path.write_text(POST, encoding="utf-8")
    return path


def _on_disk(journal: Journal, post: Path) -> str | None:
    entry = journal_module._read_entry(journal._entry_file(post))
    return None if entry is None else entry.content


def test_typed_text_is_journaled_by_the_timer(qtbot: Any, post: Path, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal")
    rig = make_rig(qtbot, post, autosave=False, journal=journal,
                   journal_idle=0.05, journal_max_wait=0.1)
    with qtbot.waitSignal(rig.adapters.happened, timeout=5000,
                          check_params_cb=event_is(SessionEvent.JOURNALED)):
        rig.type("Milk, no sugar.\n")
    assert _on_disk(journal, post) == POST + "Milk, no sugar.\n"


def test_shutdown_waits_for_the_write_in_flight(qtbot: Any, post: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    real = journal_module.atomic_write

    def slow(target: Path, data: bytes) -> None:
        time.sleep(0.4)
        real(target, data)

    monkeypatch.setattr(journal_module, "atomic_write", slow)
    journal = Journal(tmp_path / "journal")
    rig = make_rig(qtbot, post, autosave=False, journal=journal,
                   journal_idle=0.05, journal_max_wait=0.1)
    rig.type("Lemon.\n")
    qtbot.waitUntil(lambda: journal.busy, timeout=5000)  # the timer handed it over
    rig.adapters.shutdown()
    assert not journal.busy
    assert _on_disk(journal, post) == POST + "Lemon.\n"
    assert rig.view.kinds()[-1] is SessionEvent.JOURNALED
