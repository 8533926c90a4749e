"""The file monitor: changes by other programs are seen (in place, by rename, twice, deleted,
restored), blogdesk's own saves and bare timestamp changes are not, and a look on focus finds a
change even with the watcher off."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from blogdesk.core.diskcheck import DiskState
from blogdesk.core.postfile import load_post, save_post
from blogdesk.ui.file_monitor import FileMonitor

POST = "---\ntitle: Tea\n---\n\nA cup of tea.\n"
TIMEOUT = 5000


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "blog" / "tea.md"
    path.parent.mkdir()
    path.write_text(POST, encoding="utf-8")
    return path


@pytest.fixture
def monitor(qtbot: Any) -> Any:
    m = FileMonitor()
    yield m
    m.stop()


def _rename_write(path: Path, text: str) -> None:
    """What vim, VS Code and git do: write a new file, rename it over the old one."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _append(path: Path, text: str) -> None:
    """A write in place (same file, same inode)."""
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


class Recorder:
    """Every signal of a monitor, in order."""

    def __init__(self, monitor: FileMonitor) -> None:
        self.events: list[tuple[str, Path]] = []
        monitor.changedOnDisk.connect(lambda p: self.events.append(("changed", p)))
        monitor.deletedOnDisk.connect(lambda p: self.events.append(("deleted", p)))
        monitor.restoredOnDisk.connect(lambda p: self.events.append(("restored", p)))

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]


def test_watches_the_post_and_its_folder(monitor: FileMonitor, post: Path) -> None:
    monitor.watch(post, load_post(post).fingerprint)
    assert sorted(monitor.watched_paths()) == sorted([str(post), str(post.parent)])


def test_write_in_place_is_reported(qtbot: Any, monitor: FileMonitor, post: Path) -> None:
    monitor.watch(post, load_post(post).fingerprint)
    with qtbot.waitSignal(monitor.changedOnDisk, timeout=TIMEOUT) as blocker:
        _append(post, "Milk, no sugar.\n")
    assert blocker.args == [post]


def test_two_writes_by_rename_are_both_seen(qtbot: Any, monitor: FileMonitor, post: Path) -> None:
    """A rename-save drops the file from QFileSystemWatcher; the monitor re-arms the watch."""
    doc = load_post(post)
    monitor.watch(post, lambda: doc.fingerprint)
    with qtbot.waitSignal(monitor.changedOnDisk, timeout=TIMEOUT):
        _rename_write(post, POST + "First rename.\n")
    qtbot.waitUntil(lambda: str(post) in monitor.watched_paths(), timeout=TIMEOUT)
    with qtbot.waitSignal(monitor.changedOnDisk, timeout=TIMEOUT):
        _rename_write(post, POST + "Second rename.\n")
    qtbot.waitUntil(lambda: str(post) in monitor.watched_paths(), timeout=TIMEOUT)


def test_delete_then_recreate(qtbot: Any, monitor: FileMonitor, post: Path) -> None:
    monitor.watch(post, load_post(post).fingerprint)
    events = Recorder(monitor)
    with qtbot.waitSignal(monitor.deletedOnDisk, timeout=TIMEOUT) as blocker:
        post.unlink()
    assert blocker.args == [post]
    with qtbot.waitSignal(monitor.restoredOnDisk, timeout=TIMEOUT):
        post.write_text(POST + "Back again.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: "changed" in events.kinds(), timeout=TIMEOUT)
    assert events.kinds() == ["deleted", "restored", "changed"]
    qtbot.waitUntil(lambda: str(post) in monitor.watched_paths(), timeout=TIMEOUT)


def test_recreated_with_the_same_text_is_restored_not_changed(
    qtbot: Any, monitor: FileMonitor, post: Path
) -> None:
    monitor.watch(post, load_post(post).fingerprint)
    events = Recorder(monitor)
    with qtbot.waitSignal(monitor.deletedOnDisk, timeout=TIMEOUT):
        post.unlink()
    with qtbot.waitSignal(monitor.restoredOnDisk, timeout=TIMEOUT):
        post.write_text(POST, encoding="utf-8")
    assert monitor.recheck() is not None
    assert events.kinds() == ["deleted", "restored"]


def test_our_own_save_is_silent(qtbot: Any, monitor: FileMonitor, post: Path) -> None:
    """The echo of blogdesk's save matches the document's new fingerprint: no prompt. The
    next change by another program is then the only one reported."""
    doc = load_post(post)
    monitor.watch(post, lambda: doc.fingerprint)
    events = Recorder(monitor)
    doc.set_body("A pot of tea.\n")
    with qtbot.waitSignal(monitor.checked, timeout=TIMEOUT):
        assert save_post(doc)
    doc.set_body("A pot of green tea.\n")
    save_post(doc)
    with qtbot.waitSignal(monitor.changedOnDisk, timeout=TIMEOUT):
        _append(post, "Written by another program.\n")
    assert events.kinds() == ["changed"]


def test_a_timestamp_alone_is_silent(qtbot: Any, monitor: FileMonitor, post: Path) -> None:
    monitor.watch(post, load_post(post).fingerprint)
    events = Recorder(monitor)
    later = time.time_ns() + 3_000_000_000
    with qtbot.waitSignal(monitor.checked, timeout=TIMEOUT) as blocker:
        os.utime(post, ns=(later, later))
    assert blocker.args[0].state is DiskState.TOUCHED
    assert events.kinds() == []


def test_each_version_is_reported_once(qtbot: Any, monitor: FileMonitor, post: Path) -> None:
    monitor.watch(post, load_post(post).fingerprint)
    events = Recorder(monitor)
    with qtbot.waitSignal(monitor.changedOnDisk, timeout=TIMEOUT):
        post.write_text(POST + "Changed.\n", encoding="utf-8")
    monitor.recheck()
    monitor.recheck()
    assert events.kinds() == ["changed"]


def test_without_the_watcher_recheck_still_finds_changes(qtbot: Any, post: Path) -> None:
    """Network drives report nothing: the look on window focus and before saving must."""
    monitor = FileMonitor(watcher_enabled=False)
    monitor.watch(post, load_post(post).fingerprint)
    assert monitor.watched_paths() == []
    events = Recorder(monitor)
    post.write_text(POST + "Changed on another machine.\n", encoding="utf-8")
    check = monitor.recheck()
    assert check is not None and check.state.differs
    assert events.kinds() == ["changed"]
    post.unlink()
    monitor.recheck()
    post.write_text(POST, encoding="utf-8")
    monitor.recheck()
    assert events.kinds() == ["changed", "deleted", "restored"]


def test_a_folder_moved_away_and_back_is_found_on_recheck_and_watched_again(
    qtbot: Any, monitor: FileMonitor, post: Path, tmp_path: Path
) -> None:
    """inotify says nothing to a watch on a file whose folder was renamed: the look on focus
    finds it, and the watch is re-armed when the folder is back."""
    monitor.watch(post, load_post(post).fingerprint)
    events = Recorder(monitor)
    post.parent.rename(tmp_path / "elsewhere")
    monitor.recheck()
    (tmp_path / "elsewhere").rename(post.parent)
    monitor.recheck()
    assert events.kinds() == ["deleted", "restored"]
    qtbot.waitUntil(lambda: str(post) in monitor.watched_paths(), timeout=TIMEOUT)
    with qtbot.waitSignal(monitor.changedOnDisk, timeout=TIMEOUT):
        post.write_text(POST + "After the move.\n", encoding="utf-8")


def test_stop_forgets_the_file(qtbot: Any, monitor: FileMonitor, post: Path) -> None:
    monitor.watch(post, load_post(post).fingerprint)
    monitor.stop()
    assert monitor.watched_paths() == []
    assert monitor.recheck() is None
    assert monitor.path is None
