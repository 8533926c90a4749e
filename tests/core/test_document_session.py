"""The document session's decisions with a fake view and a fake clock, and no Qt: switching,
saving, conflicts with the disk, deleted files, autosave and its limits, the journal's timing
and its large-deletion rule, read-only and non-UTF-8 posts."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from blogdesk.core.document import DISCARD, KEEP, SAVE, DocumentSession, SessionEvent, notices
from blogdesk.core.journal import Journal
from blogdesk.core.postfile import load_post
from document_fakes import FakeClock, FakeView

POST = "---\ntitle: Tea\n---\n\nA cup of tea.\n"
OTHER = "---\ntitle: Coffee\n---\n\nA cup of coffee.\n"


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "blog" / "tea.md"
    path.parent.mkdir()
    path.write_text(POST, encoding="utf-8")
    (path.parent / "coffee.md").write_text(OTHER, encoding="utf-8")
    return path


class Open:
    """A session on ``post`` with a fake view and clock (and a journal when asked)."""

    def __init__(self, post: Path, journal: Journal | None = None, **kw: object) -> None:
        self.view = FakeView()
        self.clock = FakeClock()
        self.deadline: float | None = None  # when the view's timer would fire
        self.view.wake_in = self._wake_in  # type: ignore[method-assign]
        self.session = DocumentSession(self.view, journal, clock=self.clock, **kw)  # type: ignore[arg-type]
        self.path = post
        assert self.session.open(post)

    def type(self, text: str) -> None:
        self.view.body += text
        self.session.edited()

    def _wake_in(self, seconds: float | None) -> None:
        self.deadline = None if seconds is None else self.clock.now + seconds

    def wait(self, seconds: float) -> None:
        """Time passes; the view's timer fires when the session asked for it."""
        end = self.clock.now + seconds
        while self.deadline is not None and self.deadline <= end:
            self.clock.now = self.deadline
            self.session.tick()
        self.clock.now = end


def test_the_session_and_its_fake_view_load_no_qt() -> None:
    """The decisions run where no Qt is loaded: importing the session, the recovery logic and
    this test's fake view in a fresh interpreter loads no PySide6 module."""
    tests = str(Path(__file__).resolve().parent.parent)
    code = (
        f"import sys; sys.path.insert(0, {tests!r})\n"
        "import blogdesk.core.document, blogdesk.core.document.recovery\n"
        "import blogdesk.core.document.watch, document_fakes\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


# -- open, switch, save ---------------------------------------------------------------------------
def test_switching_asks_and_save_writes_the_edit(post: Path) -> None:
    s = Open(post)
    s.type("More.\n")
    s.view.answers.append(SAVE)
    assert s.session.open(post.parent / "coffee.md")
    assert post.read_text(encoding="utf-8") == POST + "More.\n"
    assert s.view.asked == ["unsaved:Tea"]


@pytest.mark.parametrize("data", [
    b"---\ntitle: Tea\n---\n\nA cup\r\nof tea.\nA pot\r\nof tea.\n",  # mixed line endings
    b"---\r\ntitle: Tea\r\n---\r\n\r\nA cup of tea.\r\n",
    POST.encode(),
])
def test_an_edit_undone_is_not_an_unsaved_change(post: Path, tmp_path: Path,
                                                 data: bytes) -> None:
    """Replace all, the text read (the journal records it), then undo; or a letter typed and
    deleted: the text equals the file, so switching asks nothing and the file is untouched."""
    post.write_bytes(data)
    s = Open(post, Journal(tmp_path / "journal"))
    original = s.view.body
    s.view.body = original.replace("tea", "coffee")
    s.session.edited()
    s.wait(3)  # the journal reads the edited text
    assert s.session.is_modified()
    s.view.body = original  # undo
    s.session.edited()
    s.wait(3)
    assert not s.session.is_modified()
    s.type("x")
    assert s.session.is_modified()
    s.view.body = original
    s.session.edited()
    assert not s.session.is_modified()
    assert s.session.open(post.parent / "coffee.md")
    assert s.view.asked == []
    assert post.read_bytes() == data


def test_switching_and_discard_leaves_the_file_and_drops_the_journal_entry(
    post: Path, tmp_path: Path
) -> None:
    journal = Journal(tmp_path / "journal")
    s = Open(post, journal)
    s.type("Thrown away.\n")
    assert s.session.keeper is not None and s.session.keeper.flush()
    assert journal.get(post) is not None
    s.view.answers.append(DISCARD)
    assert s.session.open(post.parent / "coffee.md")
    assert post.read_text(encoding="utf-8") == POST
    assert journal.get(post) is None


def test_cancel_stays_on_the_post_with_its_edits(post: Path) -> None:
    s = Open(post)
    s.type("Kept.\n")
    assert not s.session.open(post.parent / "coffee.md")  # the fake answers cancel
    assert s.session.doc is not None and s.session.doc.path == post
    assert s.session.is_modified()


def test_a_save_hands_over_the_panel_edits_first(post: Path) -> None:
    s = Open(post)
    s.session.set_field("title", "Green tea")
    assert s.session.save()
    assert s.view.flushes >= 1
    assert post.read_text(encoding="utf-8").startswith("---\ntitle: Green tea\n---\n")
    assert s.view.messages[-1] == "Saved tea.md"


def test_a_failed_save_keeps_file_edits_and_journal_and_offers_save_as(
    post: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal(tmp_path / "journal")
    s = Open(post, journal)
    s.type("Mine.\n")
    s.wait(2)

    def full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    assert not s.session.save()
    monkeypatch.undo()
    assert post.read_text(encoding="utf-8") == POST
    assert s.session.is_modified()
    assert s.view.text(notices.KEY_SAVE_FAILED).startswith("Could not save: No space left")
    assert s.session.autosave_blocker() == "the last save failed"
    entry = journal.get(post)
    assert entry is not None and entry.content == POST + "Mine.\n"  # the journal still has it
    elsewhere = post.parent / "rescued.md"
    s.view.paths.append(elsewhere)
    s.view.press(notices.KEY_SAVE_FAILED, "Save As…")
    assert elsewhere.read_text(encoding="utf-8") == POST + "Mine.\n"
    assert s.session.doc is not None and s.session.doc.path == elsewhere
    assert not s.session.is_modified()


# -- the disk -----------------------------------------------------------------------------------
def test_a_change_on_disk_reloads_a_clean_post_and_keeps_the_cursor(post: Path) -> None:
    s = Open(post)
    post.write_text(POST + "Theirs.\n", encoding="utf-8")
    s.session.disk_changed(post)
    assert s.view.body.endswith("Theirs.\n")
    assert s.view.positions  # the cursor and scroll were given back
    assert s.view.kinds() == [SessionEvent.RELOADED]
    assert "another program changed it" in s.view.messages[-1]


def test_unsaved_edits_and_a_change_on_disk_ask_and_keep_mine_keeps_both(post: Path) -> None:
    s = Open(post)
    s.type("Mine.\n")
    theirs = POST + "Theirs.\n"
    post.write_text(theirs, encoding="utf-8")
    s.session.disk_changed(post)
    notice = s.view.notices[notices.KEY_CONFLICT]
    assert [a.label for a in notice.actions] == ["Reload", "Keep Mine", "Compare…"]
    assert s.session.autosave_blocker() == "a change on disk is waiting for a decision"
    assert s.view.body.endswith("Mine.\n")
    s.view.press(notices.KEY_CONFLICT, "Keep Mine")
    assert s.session.save()
    copies = list(post.parent.glob("tea.conflict-*.md"))
    assert [c.read_text(encoding="utf-8") for c in copies] == [theirs]
    assert post.read_text(encoding="utf-8") == POST + "Mine.\n"


def test_a_change_the_watcher_missed_stops_the_save(post: Path) -> None:
    s = Open(post)
    s.type("Mine.\n")
    post.write_text(POST + "Theirs.\n", encoding="utf-8")
    assert not s.session.save()
    assert post.read_text(encoding="utf-8") == POST + "Theirs.\n"
    assert notices.KEY_CONFLICT in s.view.notices
    assert s.view.kinds() == [SessionEvent.CONFLICT_RAISED]


def test_compare_then_keep(post: Path) -> None:
    s = Open(post)
    s.type("Mine.\n")
    post.write_text(POST + "Theirs.\n", encoding="utf-8")
    s.session.disk_changed(post)
    s.view.compare_answers = [KEEP]
    s.view.press(notices.KEY_CONFLICT, "Compare…")
    name, disk, mine = s.view.compares[0]
    assert (name, disk.endswith("Theirs.\n"), mine.endswith("Mine.\n")) == ("tea.md", True, True)
    assert s.session.kept is not None and notices.KEY_CONFLICT not in s.view.notices


def test_a_deleted_file_keeps_the_text_unsaved_and_save_recreates_it(post: Path) -> None:
    s = Open(post)
    post.unlink()
    s.session.disk_deleted(post)
    assert s.session.is_modified()
    assert s.session.autosave_blocker() == "the file was deleted on disk"
    s.view.press(notices.KEY_DELETED, "Save")
    assert post.read_text(encoding="utf-8") == POST
    assert not s.session.is_modified()


def test_deleted_and_back_with_the_same_text_is_clean_again(post: Path) -> None:
    s = Open(post)
    post.unlink()
    s.session.disk_deleted(post)
    post.write_text(POST, encoding="utf-8")
    s.session.disk_restored(post)
    assert not s.session.is_modified()
    assert s.view.notices == {}


# -- autosave -------------------------------------------------------------------------------------
def test_autosave_saves_after_the_pause_not_before(post: Path) -> None:
    s = Open(post, autosave_delay=5.0)
    s.type("Saved by itself.\n")
    s.wait(4.9)
    assert post.read_text(encoding="utf-8") == POST
    s.wait(0.2)
    assert post.read_text(encoding="utf-8") == POST + "Saved by itself.\n"
    assert s.view.kinds()[-1] is SessionEvent.AUTOSAVED


def test_autosave_waits_while_a_conflict_is_open(post: Path) -> None:
    s = Open(post, autosave_delay=1.0)
    s.type("Mine.\n")
    post.write_text(POST + "Theirs.\n", encoding="utf-8")
    s.session.disk_changed(post)
    s.type("More.\n")
    s.wait(3)
    assert post.read_text(encoding="utf-8") == POST + "Theirs.\n"


def test_autosave_off_never_saves(post: Path) -> None:
    s = Open(post)
    s.session.set_autosave(False)
    s.type("x")
    s.wait(60)
    assert post.read_text(encoding="utf-8") == POST
    assert s.session.autosave_blocker() == "autosave is off"


# -- the journal ----------------------------------------------------------------------------------
def test_non_stop_typing_is_journaled_within_two_seconds(post: Path, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal")
    s = Open(post, journal, autosave=False)
    for _ in range(15):  # a key every 0.1 s for 1.5 s: not yet
        s.type("x")
        s.wait(0.1)
    assert journal.get(post) is None
    for _ in range(6):  # on to 2.1 s: recorded, though the typing never paused
        s.type("x")
        s.wait(0.1)
    entry = journal.get(post)
    assert entry is not None and entry.content.startswith(POST + "x")
    assert entry.base == load_post(post).fingerprint


def test_record_now_journals_at_once(post: Path, tmp_path: Path) -> None:
    """Before a crash report the unsaved text goes into the journal, without waiting."""
    journal = Journal(tmp_path / "journal")
    s = Open(post, journal, autosave=False)
    s.type("Unsaved words.")
    assert journal.get(post) is None
    s.session.record_now()
    entry = journal.get(post)
    assert entry is not None and entry.content.startswith(POST + "Unsaved words.")


def test_the_journal_entry_goes_after_a_save(post: Path, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal")
    s = Open(post, journal, autosave=False)
    s.type("One.\n")
    s.wait(2)
    assert journal.get(post) is not None
    assert s.session.save()
    assert journal.get(post) is None


def test_a_large_deletion_is_held_until_confirmed(post: Path, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal")
    s = Open(post, journal, autosave=False)
    s.type("A long paragraph about tea leaves and water. " * 100)
    s.wait(2)
    s.view.body = "Oops.\n"
    s.session.edited()
    s.wait(2)
    entry = journal.get(post)
    assert entry is not None and len(entry.content) > 4000
    assert s.view.text(notices.KEY_JOURNAL) == "Recovery copy kept from before the large deletion."
    s.view.press(notices.KEY_JOURNAL, "Update Recovery Copy")
    entry = journal.get(post)
    assert entry is not None and entry.content.endswith("Oops.\n")


def test_an_earlier_sessions_entry_is_not_written_over(post: Path, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal")
    journal.record(post, POST + "From last time.\n", load_post(post).fingerprint)
    s = Open(post, journal, autosave=False)
    s.type("New.\n")
    s.wait(2)
    entry = journal.get(post)
    assert entry is not None and entry.content.endswith("From last time.\n")
    s.view.press(notices.KEY_JOURNAL, "Recover…")
    assert s.view.pressed == ["recovery"]


# -- bad input ------------------------------------------------------------------------------------
def test_non_utf8_opens_read_only_and_converts_only_on_save(tmp_path: Path) -> None:
    path = tmp_path / "old.md"
    data = "---\ntitle: Café\n---\n\nNaïve.\n".encode("cp1252")
    path.write_bytes(data)
    s = Open(path)
    assert s.view.read_only
    assert s.session.autosave_blocker() is not None
    s.view.confirms.append(True)
    s.view.press(notices.KEY_MODE, "Convert to UTF-8…")
    assert not s.view.read_only and s.session.is_modified()
    assert path.read_bytes() == data
    assert s.session.save()
    assert path.read_text(encoding="utf-8") == data.decode("cp1252")


def test_a_binary_file_does_not_open(tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    view = FakeView()
    session = DocumentSession(view)
    assert not session.open(path)
    assert view.errors and view.errors[0].startswith("Cannot open this post.")
    assert session.doc is None
