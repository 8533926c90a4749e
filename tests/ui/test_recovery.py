"""The journal keeper and the recovery dialog: unsaved text reaches the journal within two
seconds even while typing non-stop, leaves it only after a save or a discard, survives a large
deletion and a full disk, and comes back on start without the post being written."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from session_rig import Rig, event_is, make_rig

from blogdesk.core.diskcheck import check_before_save
from blogdesk.core.document import SessionEvent, notices
from blogdesk.core.document.keeper import JournalKeeper
from blogdesk.core.document.recovery import prune_recovered, recovery_items, restore_entry
from blogdesk.core.journal import Journal
from blogdesk.core.postfile import PostError, load_post
from blogdesk.ui.recovery import RecoveryDialog

POST = "---\ntitle: Tea\n---\n\nA cup of tea.\n"
TIMEOUT = 5000


class Session:
    """A post open in a document session with a journal, the way the app runs it."""

    def __init__(self, qtbot: Any, path: Path, journal: Journal, **session_args: Any) -> None:
        self.rig: Rig = make_rig(qtbot, path, autosave=False, journal=journal, **session_args)
        self.editor = self.rig.editor
        self.notes = self.rig.view  # what the notice bar would show: .notices
        keeper = self.rig.session.keeper
        assert keeper is not None
        self.keeper: JournalKeeper = keeper

    @property
    def path(self) -> Path:
        return self.rig.path

    def type(self, text: str) -> None:
        self.rig.type(text)

    def save(self) -> None:
        assert self.rig.save()

    def history(self) -> list[str]:
        return self.rig.view.notice_history


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "blog" / "tea.md"
    path.parent.mkdir()
    path.write_text(POST, encoding="utf-8")
    return path


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal")


# -- recording ----------------------------------------------------------------------------------
def test_unsaved_text_reaches_the_journal_with_base_and_cursor(
    qtbot: Any, post: Path, journal: Journal
) -> None:
    s = Session(qtbot, post, journal)
    with qtbot.waitSignal(s.rig.adapters.happened, timeout=TIMEOUT,
                          check_params_cb=event_is(SessionEvent.JOURNALED)):
        s.type("Milk, no sugar.\n")
    entry = journal.get(post)
    assert entry is not None
    assert entry.content == POST + "Milk, no sugar.\n"
    assert entry.base == load_post(post).fingerprint
    assert entry.cursor == len(s.editor.toPlainText())
    assert post.read_text(encoding="utf-8") == POST  # the post itself is not written


def test_non_stop_typing_is_recorded_within_the_maximum_wait(
    qtbot: Any, post: Path, journal: Journal
) -> None:
    """Restarting a timer on every key would never fire while the author types on; the keeper
    records at most `max_wait_ms` after the first change."""
    s = Session(qtbot, post, journal, journal_idle=0.3, journal_max_wait=0.6)
    typing = QTimer()
    typing.setInterval(20)
    typing.timeout.connect(lambda: s.type("x"))
    typing.start()
    try:
        with qtbot.waitSignal(s.rig.adapters.happened, timeout=1500,
                              check_params_cb=event_is(SessionEvent.JOURNALED)):
            pass
    finally:
        typing.stop()
    entry = journal.get(post)
    assert entry is not None and entry.content.startswith(POST + "x")


def test_an_entry_goes_only_after_a_save_or_a_discard(
    qtbot: Any, post: Path, journal: Journal
) -> None:
    s = Session(qtbot, post, journal)
    s.type("One.\n")
    assert s.keeper.flush()
    s.keeper.closed(s.path, discarded=False)  # switching away after the question: kept
    assert journal.get(post) is not None
    s.save()
    assert journal.get(post) is None
    s.type("Two.\n")
    assert s.keeper.flush()
    s.keeper.closed(s.path, discarded=True)
    assert s.rig.view.kinds()[-1] is SessionEvent.JOURNAL_DISCARDED
    assert journal.get(post) is None
    assert post.read_text(encoding="utf-8") == POST + "One.\n"


def test_text_back_to_the_saved_version_has_no_entry(
    qtbot: Any, post: Path, journal: Journal
) -> None:
    s = Session(qtbot, post, journal)
    s.type("x")
    assert s.keeper.flush()
    s.editor.undo()
    assert s.keeper.flush()
    assert journal.get(post) is None


# -- large deletions ----------------------------------------------------------------------------
def test_a_large_deletion_keeps_the_last_good_entry_until_confirmed(
    qtbot: Any, post: Path, journal: Journal
) -> None:
    s = Session(qtbot, post, journal)
    s.type("A long paragraph about tea leaves and water. " * 100)
    assert s.keeper.flush()
    long_text = journal.get(post).content  # type: ignore[union-attr]
    s.editor.selectAll()
    s.editor.textCursor().removeSelectedText()
    s.type("Oops.\n")
    assert not s.keeper.flush()
    assert s.rig.view.kinds()[-1] is SessionEvent.JOURNAL_HELD
    assert journal.get(post).content == long_text  # type: ignore[union-attr]
    notice = s.notes.notices[notices.KEY_JOURNAL]
    assert notice.text == "Recovery copy kept from before the large deletion."
    s.type("More.\n")
    assert not s.keeper.flush()  # still held, no second notice
    assert s.history().count(notice.text) == 1
    next(a for a in notice.actions if a.label == "Update Recovery Copy").callback()
    assert journal.get(post).content.endswith("Oops.\nMore.\n")  # type: ignore[union-attr]
    assert notices.KEY_JOURNAL not in s.notes.notices


def test_after_a_save_the_shorter_text_is_recorded_normally(
    qtbot: Any, post: Path, journal: Journal
) -> None:
    s = Session(qtbot, post, journal)
    s.type("Tea. " * 1000)
    assert s.keeper.flush()
    s.editor.setPlainText("Short.\n")
    assert not s.keeper.flush()
    s.save()
    assert journal.get(post) is None
    s.type("Then more.\n")
    assert s.keeper.flush()


# -- failures -----------------------------------------------------------------------------------
def test_a_journal_that_cannot_be_written_warns_once_and_editing_goes_on(
    qtbot: Any, post: Path, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = Session(qtbot, post, journal)

    def full(*_args: Any, **_kwargs: Any) -> bool:
        raise PostError(journal.folder / "x.json",
                        "cannot save: No space left on device (ENOSPC)", None, "write")

    monkeypatch.setattr(journal, "record", full)
    s.type("One.\n")
    assert not s.keeper.flush()
    s.type("Two.\n")
    assert not s.keeper.flush()
    assert s.rig.view.kinds().count(SessionEvent.JOURNAL_FAILED) == 1
    assert s.notes.notices[notices.KEY_JOURNAL].text == (
        "Could not write the recovery copy: No space left on device (ENOSPC). You can keep "
        "writing; save soon to be safe."
    )
    assert s.editor.toPlainText().endswith("One.\nTwo.\n")
    monkeypatch.undo()
    assert s.keeper.flush()
    assert notices.KEY_JOURNAL not in s.notes.notices




def test_a_really_full_disk_under_the_journal(qtbot: Any, post: Path, tiny_disk: Path) -> None:
    journal = Journal(tiny_disk / "journal")
    s = Session(qtbot, post, journal)
    s.type("Small.\n")
    assert s.keeper.flush()
    with contextlib.suppress(OSError), open(tiny_disk / "filler", "wb") as f:
        f.write(b"\0" * 64 * 1024)
    s.type("Long. " * 5000)
    assert not s.keeper.flush()
    assert "No space left on device" in s.notes.notices[notices.KEY_JOURNAL].text
    entry = journal.get(post)
    assert entry is not None and entry.content == POST + "Small.\n"  # the old entry is intact
    assert [p.name for p in (tiny_disk / "journal").iterdir() if p.suffix == ".tmp"] == []


# -- entries from an earlier session ------------------------------------------------------------
def test_an_earlier_sessions_entry_is_never_written_over(
    qtbot: Any, post: Path, journal: Journal
) -> None:
    journal.record(post, POST + "From last time.\n", load_post(post).fingerprint)
    s = Session(qtbot, post, journal)
    s.type("New today.\n")
    assert not s.keeper.flush()
    assert journal.get(post).content.endswith("From last time.\n")  # type: ignore[union-attr]
    notice = s.notes.notices[notices.KEY_JOURNAL]
    assert "from an earlier session" in notice.text
    assert [a.label for a in notice.actions] == ["Recover…"]
    s.save()  # saving the post does not throw the earlier text away either
    assert journal.get(post) is not None
    s.keeper.adopt(post)
    s.type("After restoring.\n")
    assert s.keeper.flush()
    assert journal.get(post).content.endswith("After restoring.\n")  # type: ignore[union-attr]


# -- recovery on start --------------------------------------------------------------------------
def _entries(journal: Journal, *posts: tuple[Path, str]) -> None:
    for path, extra in posts:
        journal.record(path, POST + extra, load_post(path).fingerprint)


def test_recovery_items_say_how_each_file_stands(tmp_path: Path, journal: Journal) -> None:
    same, unchanged, changed, missing = (tmp_path / f"{n}.md" for n in
                                         ("same", "unchanged", "changed", "missing"))
    for p in (same, unchanged, changed, missing):
        p.write_text(POST, encoding="utf-8")
    journal.record(same, POST, load_post(same).fingerprint)
    _entries(journal, (unchanged, "Mine.\n"), (changed, "Mine.\n"), (missing, "Mine.\n"))
    changed.write_text(POST + "Theirs.\n", encoding="utf-8")
    missing.unlink()
    states = {item.path.name: item.state for item in recovery_items(journal)}
    assert states == {"same.md": "same", "unchanged.md": "unchanged", "changed.md": "changed",
                      "missing.md": "missing"}
    assert prune_recovered(journal) == [same]
    assert {e.path.name for e in journal.entries()} == {"unchanged.md", "changed.md",
                                                          "missing.md"}


def test_restore_gives_unsaved_edits_and_writes_nothing(tmp_path: Path, journal: Journal) -> None:
    path = tmp_path / "tea.md"
    path.write_text(POST, encoding="utf-8")
    _entries(journal, (path, "Mine.\n"))
    entry = journal.get(path)
    assert entry is not None
    doc = restore_entry(entry)
    assert doc.modified and doc.body.endswith("Mine.\n")
    assert path.read_text(encoding="utf-8") == POST
    assert check_before_save(doc) is None
    path.write_text(POST + "Theirs.\n", encoding="utf-8")
    assert check_before_save(restore_entry(entry)) is not None  # changed since: a conflict


def test_recovery_dialog_lists_compares_restores_and_discards(
    qtbot: Any, tmp_path: Path, journal: Journal
) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    for p in (a, b):
        p.write_text(POST, encoding="utf-8")
    _entries(journal, (a, "A's unsaved line.\n"), (b, "B's unsaved line.\n"))
    b.write_text(POST + "Changed since.\n", encoding="utf-8")
    asked: list[str] = []
    dialog = RecoveryDialog(journal, confirm=lambda text: asked.append(text) or True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert sorted(dialog.paths()) == [a, b]
    dialog.list.setCurrentRow(dialog.paths().index(b))
    assert dialog.state_label.text().startswith("The file changed on disk after these edits")
    assert "+B's unsaved line." in dialog.diff.unified.toPlainText()
    assert "-Changed since." in dialog.diff.unified.toPlainText()
    with qtbot.waitSignal(dialog.restoreRequested) as restored:
        dialog.restore_button.click()
    assert restored.args[0].path == b
    assert journal.get(b) is not None  # kept until the restored post is saved
    assert b.read_text(encoding="utf-8") == POST + "Changed since.\n"
    assert dialog.paths() == [a]
    assert dialog.state_label.text().startswith("The file is as it was")
    with qtbot.waitSignal(dialog.finished):
        dialog.discard_button.click()
    assert asked and "a.md" in asked[0]
    assert journal.get(a) is None
    assert a.read_text(encoding="utf-8") == POST


def test_discard_needs_a_yes(qtbot: Any, tmp_path: Path, journal: Journal) -> None:
    a = tmp_path / "a.md"
    a.write_text(POST, encoding="utf-8")
    _entries(journal, (a, "Unsaved.\n"))
    dialog = RecoveryDialog(journal, confirm=lambda _text: False)
    qtbot.addWidget(dialog)
    dialog.discard_button.click()
    assert journal.get(a) is not None and dialog.paths() == [a]
