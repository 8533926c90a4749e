"""What a look at the open post's file reports, without Qt: changes by content (once per
version), not timestamps or blogdesk's own saves; deletions and returns once each."""

from __future__ import annotations

import os
import time
from pathlib import Path

from blogdesk.core.diskcheck import DiskState
from blogdesk.core.document.watch import DiskEvent, DiskWatch
from blogdesk.core.postfile import load_post, save_post

POST = "---\ntitle: Tea\n---\n\nA cup of tea.\n"
CHANGED, DELETED, RESTORED = DiskEvent.CHANGED, DiskEvent.DELETED, DiskEvent.RESTORED


def watching(tmp_path: Path) -> tuple[DiskWatch, Path]:
    path = tmp_path / "tea.md"
    path.write_text(POST, encoding="utf-8")
    base = load_post(path).fingerprint
    watch = DiskWatch()
    watch.watch(path, lambda: base)
    return watch, path


def test_a_change_is_reported_once(tmp_path: Path) -> None:
    watch, path = watching(tmp_path)
    assert list(watch.look()) == []
    path.write_text(POST + "Milk.\n", encoding="utf-8")
    assert list(watch.look()) == [CHANGED]
    assert list(watch.look()) == []
    path.write_text(POST + "Sugar.\n", encoding="utf-8")
    assert list(watch.look()) == [CHANGED]


def test_a_new_timestamp_on_the_same_bytes_is_nothing(tmp_path: Path) -> None:
    watch, path = watching(tmp_path)
    later = time.time_ns() + 3_000_000_000
    os.utime(path, ns=(later, later))
    assert list(watch.look()) == []
    assert watch.last is not None and watch.last.state is DiskState.TOUCHED


def test_our_own_save_is_silent(tmp_path: Path) -> None:
    path = tmp_path / "tea.md"
    path.write_text(POST, encoding="utf-8")
    doc = load_post(path)
    watch = DiskWatch()
    watch.watch(path, lambda: doc.fingerprint)  # the base follows the document
    doc.set_body("A pot of tea.\n")
    assert save_post(doc)
    assert list(watch.look()) == []


def test_deleted_then_back_with_the_same_text(tmp_path: Path) -> None:
    watch, path = watching(tmp_path)
    path.unlink()
    assert list(watch.look()) == [DELETED]
    assert list(watch.look()) == []  # still gone: said once
    path.write_text(POST, encoding="utf-8")
    assert list(watch.look()) == [RESTORED]


def test_deleted_then_back_with_other_text(tmp_path: Path) -> None:
    watch, path = watching(tmp_path)
    path.unlink()
    assert list(watch.look()) == [DELETED]
    path.write_text(POST + "Recreated.\n", encoding="utf-8")
    assert list(watch.look()) == [RESTORED, CHANGED]


def test_stopped_reports_nothing(tmp_path: Path) -> None:
    watch, path = watching(tmp_path)
    watch.stop()
    path.unlink()
    assert list(watch.look()) == []
    assert watch.path is None
