"""The disk decisions: what counts as a change, when a save is a conflict, how a post opens, and
what a killed save leaves behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from blogdesk.core.diskcheck import (
    DiskProbe,
    DiskState,
    OpenKind,
    check_before_save,
    cleanup_stale_temps,
    conflict_copy_path,
    converted_post,
    decode_legacy,
    mark_unsaved,
    open_mode,
    recovered_post,
    write_conflict_copy,
)
from blogdesk.core.postfile import Fingerprint, PostError, load_post, save_post

POST = "---\ntitle: Tea\n---\n\nA cup of tea.\n"


@pytest.fixture
def post_path(tmp_path: Path) -> Path:
    path = tmp_path / "tea.md"
    path.write_text(POST, encoding="utf-8")
    return path


def _rename_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".new")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# -- classification -----------------------------------------------------------------------------
def test_unchanged_file_is_unchanged(post_path: Path) -> None:
    doc = load_post(post_path)
    probe = DiskProbe()
    probe.remember_inode(post_path)
    assert probe.check(post_path, doc.fingerprint).state is DiskState.UNCHANGED


def test_new_timestamp_same_bytes_is_only_touched(post_path: Path) -> None:
    """`touch` changes nothing the author cares about: never a prompt."""
    doc = load_post(post_path)
    later = time.time_ns() + 5_000_000_000
    os.utime(post_path, ns=(later, later))
    check = DiskProbe().check(post_path, doc.fingerprint)
    assert check.state is DiskState.TOUCHED
    assert not check.state.differs


def test_same_bytes_by_rename_is_only_touched(post_path: Path) -> None:
    doc = load_post(post_path)
    probe = DiskProbe()
    probe.remember_inode(post_path)
    _rename_write(post_path, POST)
    assert probe.check(post_path, doc.fingerprint).state is DiskState.TOUCHED


def test_in_place_write_is_changed(post_path: Path) -> None:
    doc = load_post(post_path)
    probe = DiskProbe()
    probe.remember_inode(post_path)
    with open(post_path, "a", encoding="utf-8") as f:
        f.write("More.\n")
    check = probe.check(post_path, doc.fingerprint)
    assert check.state is DiskState.CHANGED
    assert check.now is not None and check.now.size == len(POST) + 6


def test_write_by_rename_is_replaced(post_path: Path) -> None:
    doc = load_post(post_path)
    probe = DiskProbe()
    probe.remember_inode(post_path)
    _rename_write(post_path, POST + "More.\n")
    assert probe.check(post_path, doc.fingerprint).state is DiskState.REPLACED


def test_missing_file_is_deleted(post_path: Path) -> None:
    doc = load_post(post_path)
    post_path.unlink()
    assert DiskProbe().check(post_path, doc.fingerprint).state is DiskState.DELETED


def test_probe_memo_does_not_hide_a_rewrite(post_path: Path) -> None:
    """The stat memo is keyed on inode, size, mtime and ctime: a rewrite always shows."""
    doc = load_post(post_path)
    probe = DiskProbe()
    assert probe.check(post_path, doc.fingerprint).state is DiskState.UNCHANGED
    post_path.write_text(POST.replace("Tea", "Tee"), encoding="utf-8")
    assert probe.check(post_path, doc.fingerprint).state.differs


# -- before a save ------------------------------------------------------------------------------
def test_no_conflict_when_the_file_is_as_loaded(post_path: Path) -> None:
    doc = load_post(post_path)
    doc.set_body("A pot of tea.\n")
    assert check_before_save(doc) is None


def test_no_conflict_after_a_touch_or_our_own_save(post_path: Path) -> None:
    doc = load_post(post_path)
    doc.set_body("A pot of tea.\n")
    save_post(doc)
    os.utime(post_path, ns=(time.time_ns() + 10**9,) * 2)
    doc.set_body("A pot of green tea.\n")
    assert check_before_save(doc) is None


def test_conflict_when_another_program_wrote(post_path: Path) -> None:
    doc = load_post(post_path)
    doc.set_body("Mine.\n")
    post_path.write_text(POST + "Theirs.\n", encoding="utf-8")
    conflict = check_before_save(doc)
    assert conflict is not None
    assert conflict.path == post_path
    assert conflict.disk == Fingerprint.of_file(post_path)
    assert "changed by another program" in conflict.message


def test_a_deleted_file_is_no_conflict_saving_recreates_it(post_path: Path) -> None:
    doc = load_post(post_path)
    post_path.unlink()
    mark_unsaved(doc)
    assert doc.modified
    assert check_before_save(doc) is None
    assert save_post(doc)
    assert post_path.read_text(encoding="utf-8") == POST


def test_a_file_that_appears_where_a_deleted_one_was_is_a_conflict(post_path: Path) -> None:
    doc = load_post(post_path)
    post_path.unlink()
    mark_unsaved(doc)
    post_path.write_text("someone else's\n", encoding="utf-8")
    conflict = check_before_save(doc)
    assert conflict is not None
    assert (conflict.path, conflict.disk) == (post_path, Fingerprint.of_file(post_path))
    assert conflict.state is DiskState.REPLACED


# -- keep both ----------------------------------------------------------------------------------
def test_keep_mine_keeps_the_disk_version_beside_the_post(post_path: Path) -> None:
    doc = load_post(post_path)
    doc.set_body("Mine.\n")
    theirs = POST + "Theirs.\n"
    post_path.write_text(theirs, encoding="utf-8")
    conflict = check_before_save(doc)
    assert conflict is not None
    when = datetime(2026, 2, 14, 9, 30, 5)
    copy = write_conflict_copy(post_path, conflict.disk, when)
    assert copy == post_path.with_name("tea.conflict-20260214-093005.md")
    assert copy.read_text(encoding="utf-8") == theirs
    save_post(doc)
    assert post_path.read_text(encoding="utf-8").endswith("Mine.\n")
    # a second conflict in the same second gets its own name
    assert conflict_copy_path(post_path, when).name == "tea.conflict-20260214-093005-2.md"


def test_keep_both_refuses_when_the_disk_moved_on_again(post_path: Path) -> None:
    doc = load_post(post_path)
    post_path.write_text("first change\n", encoding="utf-8")
    conflict = check_before_save(doc)
    assert conflict is not None
    post_path.write_text("second change\n", encoding="utf-8")
    with pytest.raises(PostError, match="changed on disk again"):
        write_conflict_copy(post_path, conflict.disk)
    assert sorted(p.name for p in post_path.parent.iterdir()) == ["tea.md"]


def test_keep_both_with_nothing_on_disk_writes_nothing(post_path: Path) -> None:
    post_path.unlink()
    assert write_conflict_copy(post_path) is None
    assert list(post_path.parent.iterdir()) == []


# -- recovered and converted documents ----------------------------------------------------------
def test_recovered_text_is_unsaved_and_nothing_is_written(post_path: Path) -> None:
    base = Fingerprint.of_file(post_path)
    before = post_path.read_bytes()
    doc = recovered_post(post_path, POST + "Recovered line.\n", base)
    assert doc.modified
    assert doc.body.endswith("Recovered line.\n")
    assert post_path.read_bytes() == before
    assert check_before_save(doc) is None


def test_recovered_text_over_a_changed_file_is_a_conflict(post_path: Path) -> None:
    base = Fingerprint.of_file(post_path)
    post_path.write_text(POST + "Changed meanwhile.\n", encoding="utf-8")
    doc = recovered_post(post_path, POST + "Recovered.\n", base)
    conflict = check_before_save(doc)
    assert conflict is not None
    assert (conflict.path, conflict.disk) == (post_path, Fingerprint.of_file(post_path))
    assert conflict.state is DiskState.CHANGED


def test_latin1_post_converts_only_when_saved(tmp_path: Path) -> None:
    path = tmp_path / "old.md"
    data = "---\ntitle: Café\n---\n\nNaïve “quotes” – and a dash.\n".encode("cp1252")
    path.write_bytes(data)
    assert open_mode(path).kind is OpenKind.READ_ONLY
    assert open_mode(path).can_convert
    doc, encoding = converted_post(path)
    assert encoding == "Windows-1252"
    assert path.read_bytes() == data  # nothing written yet
    assert doc.metadata["title"] == "Café"
    assert doc.modified
    assert check_before_save(doc) is None
    save_post(doc)
    assert path.read_text(encoding="utf-8") == data.decode("cp1252")


def test_bytes_cp1252_leaves_undefined_fall_back_to_latin1() -> None:
    text, encoding = decode_legacy(b"caf\xe9 \x81")
    assert text == "café \x81"
    assert encoding.startswith("Latin-1")


# -- how a post opens ---------------------------------------------------------------------------
def test_a_normal_post_opens_normally(post_path: Path) -> None:
    mode = open_mode(post_path)
    assert mode.kind is OpenKind.NORMAL and mode.editable and not mode.manual_preview


def test_bad_front_matter_still_opens_normally(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")
    assert open_mode(path).kind is OpenKind.NORMAL


def test_binary_file_is_refused_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "picture.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    mode = open_mode(path)
    assert mode.kind is OpenKind.REFUSED
    assert "binary" in mode.reason


def test_utf16_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "wide.md"
    path.write_bytes("hello".encode("utf-16"))
    mode = open_mode(path)
    assert mode.kind is OpenKind.READ_ONLY and "UTF-16" in mode.reason


def test_a_file_too_large_to_be_a_post_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_bytes(b"word " * 300)
    mode = open_mode(path, max_bytes=1000)
    assert mode.kind is OpenKind.REFUSED
    assert "too large" in mode.reason and mode.error_kind == "too-large"


def test_a_20mb_post_opens_with_the_preview_in_manual_mode(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    line = b"A long post about tea, with many words in it, over and over again.\n"
    with open(path, "wb") as f:
        f.write(line * (20 * 2**20 // len(line) + 1))
    mode = open_mode(path)
    assert mode.kind is OpenKind.NORMAL
    assert mode.manual_preview


def test_a_read_only_file_opens_read_only(post_path: Path) -> None:
    post_path.chmod(0o444)
    mode = open_mode(post_path)
    assert mode.kind is OpenKind.READ_ONLY
    assert mode.reason == "The file is read-only."


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root may write into any folder")
def test_a_read_only_folder_opens_read_only(post_path: Path) -> None:
    post_path.parent.chmod(0o555)
    try:
        mode = open_mode(post_path)
    finally:
        post_path.parent.chmod(0o755)
    assert mode.kind is OpenKind.READ_ONLY and mode.error_kind == "read-only-folder"


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    assert open_mode(tmp_path / "nope.md").kind is OpenKind.REFUSED
    assert open_mode(tmp_path).kind is OpenKind.REFUSED


# -- temporary files a killed save left -------------------------------------------------------
def _age(path: Path, seconds: float) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old))


def test_old_orphan_temps_are_removed_young_ones_and_other_files_kept(tmp_path: Path) -> None:
    old = tmp_path / ".~blogdesk-abc123.tmp"
    young = tmp_path / ".~blogdesk-def456.tmp"
    other = tmp_path / ".~other-abc.tmp"
    for p in (old, young, other):
        p.write_bytes(b"half a post")
    _age(old, 120)
    _age(other, 120)
    removed = cleanup_stale_temps(tmp_path)
    assert removed == [old]
    assert not old.exists() and young.exists() and other.exists()


def test_a_temp_a_live_process_holds_open_is_kept(tmp_path: Path) -> None:
    temp = tmp_path / ".~blogdesk-held.tmp"
    temp.write_bytes(b"being written")
    _age(temp, 600)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; f = open(sys.argv[1], 'rb'); print('open', flush=True); sys.stdin.read()",
         str(temp)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        if not Path("/proc/self/fd").is_dir():
            pytest.skip("no /proc: ownership cannot be seen on this system")
        assert cleanup_stale_temps(tmp_path) == []
        assert temp.exists()
    finally:
        holder.communicate("")
    assert cleanup_stale_temps(tmp_path) == [temp]


def test_utf16_converts_as_utf16_not_as_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "wide.md"
    text = "---\ntitle: Tée\n---\n\nWide text.\n"
    path.write_bytes(text.encode("utf-16"))
    assert open_mode(path).can_convert
    doc, encoding = converted_post(path)
    assert encoding == "UTF-16"
    assert doc.to_bytes().decode("utf-8") == text
