"""The document session with its Qt adapters around a real editor widget: reloads that keep the
cursor, conflicts the author decides, deleted files, autosave and its limits, failed saves
(patched os.replace and a real full disk), bad input; the notice bar and compare dialog; and the
same in the real window."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from session_rig import Rig, event_is, make_rig

from blogdesk.core.document import (
    KEEP,
    RELOAD,
    SessionEvent,
    notices,
)
from blogdesk.core.postfile import PostError
from blogdesk.ui.widgets.compare_dialog import CompareDialog, side_by_side, unified_diff_text
from blogdesk.ui.widgets.notice_bar import NoticeBar

TIMEOUT = 5000
BODY = "".join(f"Line {n} of a long post about tea.\n" for n in range(1, 201))
POST = "---\ntitle: Tea\n---\n" + BODY


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "blog" / "tea.md"
    path.parent.mkdir()
    path.write_text(POST, encoding="utf-8")
    return path


@pytest.fixture
def rig(qtbot: Any, post: Path) -> Iterator[Rig]:
    r = make_rig(qtbot, post)
    yield r
    r.session.close(discarded=False)


def _append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def _rename_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.new")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# -- external changes ---------------------------------------------------------------------------
def test_clean_post_reloads_in_place_keeping_cursor_and_scroll(qtbot: Any, rig: Rig) -> None:
    cursor = rig.editor.textCursor()
    cursor.setPosition(rig.editor.document().findBlockByNumber(120).position() + 5)
    rig.editor.setTextCursor(cursor)
    rig.editor.verticalScrollBar().setValue(100)
    scroll = rig.editor.verticalScrollBar().value()
    assert scroll > 0
    with qtbot.waitSignal(rig.adapters.happened, timeout=TIMEOUT,
                          check_params_cb=event_is(SessionEvent.RELOADED)):
        _rename_write(rig.path, POST.replace("Line 3 ", "Line three "))
    assert "Line three of a long" in rig.editor.toPlainText()
    assert not rig.modified
    cursor = rig.editor.textCursor()
    assert (cursor.blockNumber(), cursor.positionInBlock()) == (120, 5)
    assert rig.editor.verticalScrollBar().value() == scroll
    assert rig.view.notices == {}
    assert any("another program changed it" in m for m in rig.view.messages)


def test_unsaved_edits_and_a_change_on_disk_ask_the_author(qtbot: Any, rig: Rig) -> None:
    rig.type("My new line.\n")
    with qtbot.waitSignal(rig.adapters.happened, timeout=TIMEOUT,
                          check_params_cb=event_is(SessionEvent.CONFLICT_RAISED)):
        _append(rig.path, "Their new line.\n")
    notice = rig.view.notices[notices.KEY_CONFLICT]
    assert [a.label for a in notice.actions] == ["Reload", "Keep Mine", "Compare…"]
    assert "changed by another program" in notice.text
    assert rig.editor.toPlainText().endswith("My new line.\n")
    assert rig.path.read_text(encoding="utf-8").endswith("Their new line.\n")
    assert rig.session.autosave_blocker() is not None


def test_reload_takes_the_disk_version(qtbot: Any, rig: Rig) -> None:
    rig.type("My new line.\n")
    with qtbot.waitSignal(rig.adapters.happened, timeout=TIMEOUT,
                          check_params_cb=event_is(SessionEvent.CONFLICT_RAISED)):
        rig.path.write_text(POST + "Theirs.\n", encoding="utf-8")
    rig.view.press(notices.KEY_CONFLICT, "Reload")
    assert rig.editor.toPlainText() == BODY + "Theirs.\n"
    assert not rig.modified
    assert notices.KEY_CONFLICT not in rig.view.notices


def test_keep_mine_then_save_keeps_both_versions(qtbot: Any, rig: Rig) -> None:
    rig.type("Mine.\n")
    theirs = POST + "Theirs.\n"
    with qtbot.waitSignal(rig.adapters.happened, timeout=TIMEOUT,
                          check_params_cb=event_is(SessionEvent.CONFLICT_RAISED)):
        rig.path.write_text(theirs, encoding="utf-8")
    rig.view.press(notices.KEY_CONFLICT, "Keep Mine")
    assert rig.modified and notices.KEY_CONFLICT not in rig.view.notices
    assert rig.session.autosave_blocker() == "the version on disk is kept until you save"
    assert rig.save()
    copies = list(rig.path.parent.glob("tea.conflict-*.md"))
    assert len(copies) == 1
    assert copies[0].read_text(encoding="utf-8") == theirs
    assert rig.path.read_text(encoding="utf-8") == POST + "Mine.\n"
    assert copies[0].name in rig.view.text(notices.KEY_KEPT_COPY)
    assert not rig.modified


def test_keep_mine_and_a_second_change_asks_again(qtbot: Any, rig: Rig) -> None:
    rig.type("Mine.\n")
    with qtbot.waitSignal(rig.adapters.happened, timeout=TIMEOUT,
                          check_params_cb=event_is(SessionEvent.CONFLICT_RAISED)):
        rig.path.write_text(POST + "Theirs 1.\n", encoding="utf-8")
    rig.view.press(notices.KEY_CONFLICT, "Keep Mine")
    rig.adapters.monitor.set_watcher_enabled(False)
    rig.path.write_text(POST + "Theirs 2.\n", encoding="utf-8")
    assert not rig.save()
    assert rig.path.read_text(encoding="utf-8") == POST + "Theirs 2.\n"
    assert notices.KEY_CONFLICT in rig.view.notices
    assert list(rig.path.parent.glob("*.conflict-*")) == []


def test_compare_shows_both_versions_and_takes_the_answer(qtbot: Any, rig: Rig) -> None:
    rig.type("Mine.\n")
    with qtbot.waitSignal(rig.adapters.happened, timeout=TIMEOUT,
                          check_params_cb=event_is(SessionEvent.CONFLICT_RAISED)):
        rig.path.write_text(POST + "Theirs.\n", encoding="utf-8")
    rig.view.compare_answers = [None, KEEP]
    rig.view.press(notices.KEY_CONFLICT, "Compare…")
    name, disk, mine = rig.view.compares[0]
    assert name == "tea.md"
    assert disk.endswith("Theirs.\n") and mine.endswith("Mine.\n")
    assert notices.KEY_CONFLICT in rig.view.notices  # closed without choosing: still asked
    rig.view.press(notices.KEY_CONFLICT, "Compare…")
    assert notices.KEY_CONFLICT not in rig.view.notices
    assert rig.session.kept is not None


def test_a_conflict_the_watcher_missed_stops_the_save(qtbot: Any, post: Path) -> None:
    """No watcher (a network drive): the check before saving still refuses to overwrite."""
    rig = make_rig(qtbot, post, watcher=False)
    rig.type("Mine.\n")
    rig.path.write_text(POST + "Theirs.\n", encoding="utf-8")
    assert not rig.save()
    assert rig.path.read_text(encoding="utf-8") == POST + "Theirs.\n"
    assert notices.KEY_CONFLICT in rig.view.notices
    assert rig.modified


def test_recheck_on_focus_finds_a_change_without_the_watcher(qtbot: Any, post: Path) -> None:
    rig = make_rig(qtbot, post, watcher=False)
    rig.path.write_text(POST + "Theirs.\n", encoding="utf-8")
    rig.adapters.check_disk()
    assert rig.editor.toPlainText().endswith("Theirs.\n")


def test_our_own_save_is_not_a_change(qtbot: Any, rig: Rig) -> None:
    rig.type("Mine.\n")
    assert rig.save()
    rig.type("More of mine.\n")
    assert rig.save()
    with qtbot.waitSignal(rig.adapters.monitor.checked, timeout=TIMEOUT):
        rig.adapters.check_disk()
    assert rig.view.notices == {}
    assert rig.editor.toPlainText().endswith("More of mine.\n")


def test_deleted_file_keeps_the_text_as_unsaved(qtbot: Any, rig: Rig) -> None:
    with qtbot.waitSignal(rig.adapters.monitor.deletedOnDisk, timeout=TIMEOUT):
        rig.path.unlink()
    assert rig.editor.toPlainText() == BODY
    assert rig.modified
    assert rig.view.text(notices.KEY_DELETED) == (
        "The file was deleted or moved on disk; save to recreate it."
    )
    assert rig.session.autosave_blocker() == "the file was deleted on disk"
    rig.view.press(notices.KEY_DELETED, "Save")
    assert rig.path.read_text(encoding="utf-8") == POST
    assert not rig.modified and notices.KEY_DELETED not in rig.view.notices


def test_deleted_and_recreated_with_the_same_text_is_clean_again(qtbot: Any, rig: Rig) -> None:
    with qtbot.waitSignal(rig.adapters.monitor.deletedOnDisk, timeout=TIMEOUT):
        rig.path.unlink()
    with qtbot.waitSignal(rig.adapters.monitor.restoredOnDisk, timeout=TIMEOUT):
        rig.path.write_text(POST, encoding="utf-8")
    assert not rig.modified
    assert rig.view.notices == {}


def test_deleted_and_recreated_with_other_text_reloads_a_clean_post(qtbot: Any, rig: Rig) -> None:
    with qtbot.waitSignal(rig.adapters.monitor.deletedOnDisk, timeout=TIMEOUT):
        rig.path.unlink()
    with qtbot.waitSignal(rig.adapters.happened, timeout=TIMEOUT,
                          check_params_cb=event_is(SessionEvent.RELOADED)):
        rig.path.write_text(POST + "Recreated.\n", encoding="utf-8")
    assert rig.editor.toPlainText().endswith("Recreated.\n")
    assert not rig.modified


def test_deleted_then_recreated_under_unsaved_edits_is_a_conflict(qtbot: Any, rig: Rig) -> None:
    rig.type("Mine.\n")
    with qtbot.waitSignal(rig.adapters.monitor.deletedOnDisk, timeout=TIMEOUT):
        rig.path.unlink()
    with qtbot.waitSignal(rig.adapters.happened, timeout=TIMEOUT,
                          check_params_cb=event_is(SessionEvent.CONFLICT_RAISED)):
        rig.path.write_text(POST + "Theirs.\n", encoding="utf-8")
    assert rig.editor.toPlainText().endswith("Mine.\n")


# -- autosave -----------------------------------------------------------------------------------
def test_autosave_saves_after_a_pause(qtbot: Any, post: Path) -> None:
    rig = make_rig(qtbot, post, autosave=True, autosave_ms=50)
    with qtbot.waitSignal(rig.adapters.happened, timeout=TIMEOUT,
                          check_params_cb=event_is(SessionEvent.AUTOSAVED)):
        rig.type("Saved by itself.\n")
    assert rig.path.read_text(encoding="utf-8").endswith("Saved by itself.\n")
    assert not rig.modified


def test_autosave_stops_after_a_conflict_until_resolved(qtbot: Any, post: Path) -> None:
    rig = make_rig(qtbot, post, autosave=True, autosave_ms=60000)
    rig.type("Mine.\n")
    with qtbot.waitSignal(rig.adapters.happened, timeout=TIMEOUT,
                          check_params_cb=event_is(SessionEvent.CONFLICT_RAISED)):
        rig.path.write_text(POST + "Theirs.\n", encoding="utf-8")
    rig.type("More.\n")
    assert not rig.session.autosave_now()
    assert rig.path.read_text(encoding="utf-8").endswith("Theirs.\n")
    rig.view.press(notices.KEY_CONFLICT, "Keep Mine")
    assert not rig.session.autosave_now()  # kept: the author's own save settles it
    assert rig.save()
    rig.type("After.\n")
    assert rig.session.autosave_now()


def test_autosave_stops_after_a_failed_save(qtbot: Any, post: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    rig = make_rig(qtbot, post, autosave=True, autosave_ms=60000)
    rig.type("Mine.\n")
    monkeypatch.setattr(os, "replace", _raiser(errno.ENOSPC))
    assert not rig.session.autosave_now()  # the attempt fails
    assert rig.session.last_save_failed
    monkeypatch.undo()
    rig.type("More.\n")
    assert not rig.session.autosave_now()
    assert rig.session.autosave_blocker() == "the last save failed"
    assert rig.save()  # the author's own save works and lifts the block
    assert rig.session.autosave_blocker() is None


def test_autosave_skips_front_matter_that_does_not_read(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")
    rig = make_rig(qtbot, path, autosave=True)
    text = rig.view.text(notices.KEY_FRONT_MATTER)
    assert text.startswith("Front matter on line 3 is not valid YAML: expected ',' or ']'")
    assert text.endswith("the raw front matter is editable in the Raw tab; saving keeps your "
                         "text as written.")
    rig.type("More.\n")
    assert rig.session.autosave_blocker() == "the front matter does not read"
    assert rig.save()
    assert path.read_text(encoding="utf-8") == "---\ntitle: [unclosed\n---\nBody\nMore.\n"


def test_autosave_setting_off(qtbot: Any, post: Path) -> None:
    rig = make_rig(qtbot, post, autosave=True)
    rig.session.set_autosave(False)
    rig.type("x")
    assert rig.session.autosave_blocker() == "autosave is off"
    assert not rig.session.autosave_now()


# -- failed saves -------------------------------------------------------------------------------
def _raiser(code: int) -> Any:
    def replace(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(code, os.strerror(code))

    return replace


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EXDEV, errno.EIO])
def test_a_failed_rename_keeps_file_and_edits_and_offers_save_as(
    qtbot: Any, rig: Rig, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    before = rig.path.read_bytes()
    rig.type("Mine.\n")
    monkeypatch.setattr(os, "replace", _raiser(code))
    assert not rig.save()
    monkeypatch.undo()
    assert rig.path.read_bytes() == before
    assert list(rig.path.parent.iterdir()) == [rig.path]  # no temporary file left
    assert rig.modified
    notice = rig.view.notices[notices.KEY_SAVE_FAILED]
    assert notice.text == f"Could not save: {os.strerror(code)} ({errno.errorcode[code]}). " \
                          "Your edits are kept."
    rig.view.press(notices.KEY_SAVE_FAILED, "Save As…")
    assert rig.view.saves_as == 1
    assert rig.save()
    assert notices.KEY_SAVE_FAILED not in rig.view.notices




def test_a_really_full_disk_keeps_file_and_edits(qtbot: Any, tiny_disk: Path) -> None:
    path = tiny_disk / "tea.md"
    path.write_text(POST, encoding="utf-8")  # about 7 KB
    filler = tiny_disk / "filler.bin"
    with contextlib.suppress(OSError), open(filler, "wb") as f:
        f.write(b"\0" * 64 * 1024)
    rig = make_rig(qtbot, path, watcher=False)
    before = path.read_bytes()
    rig.type("A line that no longer fits. " * 400)
    assert not rig.save()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler.bin", "tea.md"]
    assert rig.modified
    assert "No space left on device" in rig.view.text(notices.KEY_SAVE_FAILED)
    filler.unlink()
    assert rig.save()
    assert path.read_text(encoding="utf-8").endswith("fits. ")


# -- bad input ----------------------------------------------------------------------------------
def test_read_only_file_can_be_edited_but_its_save_fails_with_save_as(
    qtbot: Any, post: Path
) -> None:
    post.chmod(0o444)
    rig = make_rig(qtbot, post)
    assert not rig.view.read_only
    assert rig.view.text(notices.KEY_MODE).startswith("The file is read-only.")
    rig.type("Mine.\n")
    assert rig.session.autosave_blocker() == "The file is read-only."
    assert not rig.save()
    assert post.read_text(encoding="utf-8") == POST
    assert rig.view.text(notices.KEY_SAVE_FAILED) == (
        "Could not save: the file is read-only. Your edits are kept."
    )
    assert rig.modified


def test_non_utf8_opens_read_only_and_converts_only_on_save(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "old.md"
    data = "---\ntitle: Café\n---\n\nNaïve “quotes”.\n".encode("cp1252")
    path.write_bytes(data)
    rig = make_rig(qtbot, path, autosave=True)
    assert rig.view.read_only
    assert "not UTF-8" in rig.view.text(notices.KEY_MODE)
    assert rig.editor.toPlainText() == "\nNaïve “quotes”.\n"
    assert not rig.modified
    assert rig.session.autosave_blocker() is not None
    rig.view.confirms = [False]
    rig.view.press(notices.KEY_MODE, "Convert to UTF-8…")
    assert rig.view.read_only and path.read_bytes() == data
    rig.view.confirms = [True]
    rig.view.press(notices.KEY_MODE, "Convert to UTF-8…")
    assert not rig.view.read_only
    assert notices.KEY_MODE not in rig.view.notices
    assert rig.modified
    assert path.read_bytes() == data  # nothing written before the author saves
    assert rig.save()
    assert path.read_text(encoding="utf-8") == data.decode("cp1252")


def test_a_20mb_post_puts_the_preview_in_manual_mode(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    line = "A long post about tea, with many words in it, over and over again.\n"
    path.write_text("---\ntitle: Big\n---\n" + line * (20 * 2**20 // len(line)), "utf-8")
    rig = make_rig(qtbot, path)
    view = rig.view
    assert view.preview_manual
    assert "preview updates only when you ask" in view.text(notices.KEY_PREVIEW)
    view.press(notices.KEY_PREVIEW, "Refresh Preview")
    assert view.pressed == ["refresh_preview"]
    assert not view.read_only
    rig.session.close(discarded=False)
    assert notices.KEY_PREVIEW not in view.notices


# -- the widgets --------------------------------------------------------------------------------
def test_notice_bar_shows_replaces_and_clears(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    bar = NoticeBar()
    QVBoxLayout(holder).addWidget(bar)
    holder.show()
    assert not bar.isVisible()
    pressed: list[str] = []
    bar.show_notice(notices.save_failed_notice("cannot save: disk full",
                                               lambda: pressed.append("save as")))
    assert bar.isVisible()
    assert bar.texts() == ["Could not save: cannot save: disk full. Your edits are kept."]
    button = bar.button(notices.KEY_SAVE_FAILED, "Save As…")
    assert button is not None
    button.click()
    assert pressed == ["save as"]
    bar.show_notice(notices.save_failed_notice("No space left on device"))
    assert bar.texts() == ["Could not save: No space left on device. Your edits are kept."]
    bar.show_notice(notices.deleted_notice())
    assert bar.notice_keys() == [notices.KEY_SAVE_FAILED, notices.KEY_DELETED]
    with qtbot.waitSignal(bar.noticeClosed) as closed:
        row = bar.findChild(QFrame, "notice-deleted")
        assert row is not None
        closer = row.findChild(QToolButton, "noticeClose")
        assert closer is not None
        closer.click()
    assert closed.args == [notices.KEY_DELETED]
    bar.clear_all()
    assert not bar.isVisible()


def test_notice_wording(tmp_path: Path) -> None:
    error = PostError(tmp_path / "p.md", "mapping values are not allowed here", 3, "yaml")
    assert notices.front_matter_notice(error).text == (
        "Front matter on line 3 is not valid YAML: mapping values are not allowed here; the raw "
        "front matter is editable in the Raw tab; saving keeps your text as written."
    )
    toml = PostError(tmp_path / "p.md", "Unexpected character", 2, "toml")
    assert "is not valid TOML: Unexpected character;" in notices.front_matter_notice(toml).text
    timeout = notices.preview_timeout_notice("The preview took longer than 5 s and was stopped")
    assert timeout.text == ("The preview took longer than 5 s and was stopped. Typing and saving "
                            "are not affected.")
    refused = notices.refused_notice(tmp_path / "x.md", "This looks like a binary file.")
    assert refused.text == "“x.md” is not opened as text. This looks like a binary file."
    assert notices.journal_failed_notice("No space left on device").text.startswith(
        "Could not write the recovery copy: No space left on device.")


def test_compare_dialog_is_read_only_and_answers(qtbot: Any) -> None:
    disk, mine = "a\nb\nc\n", "a\nB\nc\nd\n"
    dialog = CompareDialog("tea.md", disk, mine)
    qtbot.addWidget(dialog)
    assert dialog.view.left.isReadOnly() and dialog.view.right.isReadOnly()
    assert dialog.view.left.toPlainText() == "a\nb\nc\n"
    assert dialog.view.right.toPlainText() == "a\nB\nc\nd"
    assert "-b\n+B\n" in dialog.view.unified.toPlainText()
    dialog.keep_button.click()
    assert dialog.choice == KEEP
    other = CompareDialog("tea.md", disk, mine)
    qtbot.addWidget(other)
    other.reload_button.click()
    assert other.choice == RELOAD


def test_side_by_side_rows_align_lines() -> None:
    rows = side_by_side("a\nb\nc\n", "a\nx\nc\nd\n")
    assert [(r.tag, r.left, r.right) for r in rows] == [
        ("equal", "a", "a"), ("replace", "b", "x"), ("equal", "c", "c"), ("insert", None, "d"),
    ]
    assert unified_diff_text("same\n", "same\n") == ""


def test_front_matter_broken_while_editing_gets_its_notice_and_loses_it_when_fixed(
    qtbot: Any, rig: Rig
) -> None:
    assert rig.session.set_raw_front_matter("title: [Tea\n") is not None
    assert rig.view.text(notices.KEY_FRONT_MATTER).startswith("Front matter on line")
    rig.view.press(notices.KEY_FRONT_MATTER, "Edit Raw…")
    assert rig.view.pressed == ["show_raw"]
    assert rig.session.set_raw_front_matter("title: Tea\n") is None
    assert notices.KEY_FRONT_MATTER not in rig.view.notices


def test_opening_a_post_removes_old_temps_a_killed_save_left(qtbot: Any, post: Path) -> None:
    stale = post.parent / ".~blogdesk-k1ll3d.tmp"
    stale.write_text("half of a save", encoding="utf-8")
    old = os.path.getmtime(stale) - 300
    os.utime(stale, (old, old))
    make_rig(qtbot, post)
    assert not stale.exists()
    assert post.read_text(encoding="utf-8") == POST


def test_activating_the_window_looks_at_the_disk(qtbot: Any, post: Path) -> None:
    rig = make_rig(qtbot, post, watcher=False)
    window = QWidget()
    qtbot.addWidget(window)
    rig.adapters.check_on_activation(window)
    rig.path.write_text(POST + "Changed while away.\n", encoding="utf-8")
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    assert rig.editor.toPlainText().endswith("Changed while away.\n")


# -- in the real window ------------------------------------------------------------------------
def _type_in_window(running: Any, text: str) -> None:
    from PySide6.QtTest import QTest

    editor = running.window.editor
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    QTest.keyClicks(editor, text)


def test_window_conflict_keep_mine_and_save_keeps_both(qtbot: Any, app: Any) -> None:
    adapters, window = app.window.adapters, app.window
    doc = app.controller.doc
    assert doc is not None
    path = doc.path
    _type_in_window(app, " Mine")
    with qtbot.waitSignal(adapters.happened, timeout=TIMEOUT,
                          check_params_cb=event_is(SessionEvent.CONFLICT_RAISED)):
        _append(path, "Theirs.\n")
    assert notices.KEY_CONFLICT in window.notice_bar.notice_keys()
    button = window.notice_bar.button(notices.KEY_CONFLICT, "Keep Mine")
    assert button is not None
    button.click()
    assert window.save()
    copies = list(path.parent.glob(f"{path.stem}.conflict-*.md"))
    assert len(copies) == 1 and copies[0].read_text(encoding="utf-8").endswith("Theirs.\n")
    assert path.read_text(encoding="utf-8").rstrip().endswith("Mine")
    assert not app.controller.session.is_modified()


def test_window_reloads_a_clean_post_in_place(qtbot: Any, app: Any) -> None:
    adapters, window = app.window.adapters, app.window
    path = app.controller.doc.path
    with qtbot.waitSignal(adapters.happened, timeout=TIMEOUT,
                          check_params_cb=event_is(SessionEvent.RELOADED)):
        _rename_write(path, path.read_text(encoding="utf-8") + "\nAdded elsewhere.\n")
    assert window.current_body().endswith("Added elsewhere.\n")
    assert not app.controller.session.is_modified()
    assert window.notice_bar.notice_keys() == []


def test_window_failed_save_shows_the_notice_and_stays_unsaved(
    qtbot: Any, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = app.window
    path = app.controller.doc.path
    before = path.read_bytes()
    _type_in_window(app, " More")
    monkeypatch.setattr(os, "replace", _raiser(errno.ENOSPC))
    assert not window.save()
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert app.controller.session.is_modified()
    assert window.notice_bar.texts() == [
        "Could not save: No space left on device (ENOSPC). Your edits are kept."]
    assert window.notice_bar.button(notices.KEY_SAVE_FAILED, "Save As…") is not None
    assert window.windowTitle().startswith("●")


def test_window_journals_unsaved_text_and_offers_it_after_a_restart(
    qtbot: Any, small_library: Path, app_settings: Any, app_factory: Any
) -> None:
    start_app, stop_app = app_factory
    first = start_app(qtbot, app_settings, small_library)
    keeper = first.parts.session.keeper
    assert keeper is not None
    path = first.controller.doc.path
    _type_in_window(first, " Unsaved words")
    assert keeper.flush()
    journal = keeper.journal
    entry = journal.get(path)
    assert entry is not None and "Unsaved words" in entry.content
    first.parts.session.keeper = None  # a crash: nothing more happens to the journal
    stop_app(first)
    assert journal.get(path) is not None

    second = start_app(qtbot, app_settings, small_library)
    second.window.show_recovery()
    dialog = second.window.recovery_dialog
    assert dialog is not None and dialog.paths() == [path]
    before = path.read_bytes()
    dialog.restore_current()
    assert second.controller.doc.path == path
    assert "Unsaved words" in second.window.current_body()
    assert second.controller.session.is_modified()
    assert path.read_bytes() == before
    assert second.window.save()
    assert journal.get(path) is None
    stop_app(second)


def test_window_autosaves_after_a_pause_through_its_timer(qtbot: Any, app: Any) -> None:
    """The session asks the window to wake it; the window's timer does, and the post is saved."""
    session = app.controller.session
    session.autosave_delay = 0.2
    path = session.doc.path
    _type_in_window(app, " Kept by autosave")
    assert not path.read_text(encoding="utf-8").rstrip().endswith("Kept by autosave")
    with qtbot.waitSignal(app.window.adapters.happened, timeout=TIMEOUT,
                          check_params_cb=event_is(SessionEvent.AUTOSAVED)):
        pass
    assert path.read_text(encoding="utf-8").rstrip().endswith("Kept by autosave")
    qtbot.waitUntil(lambda: not app.window.windowTitle().startswith("●"))
