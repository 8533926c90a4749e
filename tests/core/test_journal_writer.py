"""The journal's writer thread: the UI thread hands over a record and goes on; writes keep
their order, the newest text of a post wins, a discard is never undone by a write that was in
flight, everything submitted lands before `wait` returns (and before the interpreter exits), and
the shrink guard works from memory yet stays right when the entry file changes underneath.

A slow disk is simulated by an `atomic_write` that waits for the test to let it finish."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import blogdesk.core.journal as journal_module
from blogdesk.core.document import DocumentSession, SessionEvent, notices
from blogdesk.core.journal import Journal
from blogdesk.core.postfile import PostError
from document_fakes import FakeClock, FakeView

POST = "---\ntitle: Tea\n---\nA cup of tea.\n"


class SlowDisk:
    """Replaces the journal's atomic_write: each write waits for `release` (or fails)."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Semaphore(0)
        self.written: list[str] = []  # the "content" of each entry, in the order written
        self.fail: BaseException | None = None
        self._real = journal_module.atomic_write

    def __call__(self, target: Path, data: bytes) -> None:
        self.started.release()
        assert self.gate.wait(10), "the test never let the write finish"
        if self.fail is not None:
            raise self.fail
        self._real(target, data)
        self.written.append(json.loads(data.decode("utf-8"))["content"])

    def wait_started(self) -> None:
        assert self.started.acquire(timeout=10), "no write started"

    def release(self) -> None:
        self.gate.set()


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowDisk]:
    slow = SlowDisk()
    monkeypatch.setattr(journal_module, "atomic_write", slow)
    yield slow
    slow.release()  # never leave the writer thread waiting


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal")


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "blog" / "tea.md"
    path.parent.mkdir()
    path.write_text(POST, encoding="utf-8")
    return path


def _on_disk(journal: Journal, post: Path) -> str | None:
    """The entry's text as a new process would read it (no waiting for the writer)."""
    entry = journal_module._read_entry(journal._entry_file(post))
    return None if entry is None else entry.content


# -- the writer -----------------------------------------------------------------------------------
def test_order_is_kept_and_the_newest_waiting_text_wins(journal: Journal, post: Path,
                                                        disk: SlowDisk) -> None:
    """While one write is on a slow disk, later texts wait; only the newest is written after
    it, and an older text is never written over a newer one."""
    first = journal.submit(post, "one", None)
    disk.wait_started()
    second = journal.submit(post, "one two", None)
    third = journal.submit(post, "one two three", None)
    assert not first.done and second.cancelled and not third.done
    assert _on_disk(journal, post) is None  # nothing has landed yet
    disk.release()
    journal.wait()
    assert disk.written == ["one", "one two three"]
    assert first.written and third.written and not second.written
    assert _on_disk(journal, post) == "one two three"


def test_submit_returns_at_once_while_the_disk_is_slow(journal: Journal, post: Path,
                                                       disk: SlowDisk) -> None:
    """Handing over a record does not wait for the disk; `get` does (it sees the newest)."""
    journal.submit(post, "draft", None)
    disk.wait_started()
    assert journal.busy
    threading.Timer(0.2, disk.release).start()
    entry = journal.get(post)
    assert entry is not None and entry.content == "draft"
    assert not journal.busy


def test_a_discard_cancels_a_waiting_write_and_is_not_undone_by_one_in_flight(
    journal: Journal, post: Path, disk: SlowDisk
) -> None:
    """Saved while a write of the post is on the disk and a newer one waits: the waiting one
    is dropped, the discard waits for the one in flight, and afterwards no entry exists."""
    in_flight = journal.submit(post, "typed", None)
    disk.wait_started()
    waiting = journal.submit(post, "typed more", None)
    done = threading.Event()
    discarding = threading.Thread(target=lambda: (journal.discard(post), done.set()))
    discarding.start()
    assert not done.wait(0.3)  # it waits for the write in flight
    disk.release()
    assert done.wait(10)
    discarding.join()
    journal.wait()
    assert in_flight.written and waiting.cancelled
    assert disk.written == ["typed"]
    assert _on_disk(journal, post) is None
    assert list(journal.folder.glob("*.json")) == []


def test_a_failed_write_is_reported_on_the_pending_write(journal: Journal, post: Path,
                                                         disk: SlowDisk) -> None:
    """A full disk on the writer thread: the submitted write says why, nothing else breaks."""
    disk.fail = PostError(post, "cannot save: No space left on device", kind="write")
    job = journal.submit(post, "lost?", None)
    disk.release()
    journal.wait(job)
    assert job.done and not job.written and isinstance(job.error, PostError)
    assert _on_disk(journal, post) is None


def test_writes_in_flight_land_before_the_interpreter_exits(tmp_path: Path,
                                                            post: Path) -> None:
    """A script that submits a record on a slow disk and ends at once still leaves the entry
    (the writer is not a daemon thread)."""
    script = textwrap.dedent("""
        import sys, time
        from pathlib import Path
        import blogdesk.core.journal as j
        real = j.atomic_write
        def slow(target, data):
            time.sleep(0.5)
            real(target, data)
        j.atomic_write = slow
        j.Journal(Path(sys.argv[1])).submit(Path(sys.argv[2]), "last words", None)
    """)
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "journal"), str(post)],
                   check=True, timeout=60)
    assert _on_disk(Journal(tmp_path / "journal"), post) == "last words"


# -- the shrink guard from memory ------------------------------------------------------------------
def test_the_shrink_guard_refuses_without_reading_the_entry(
    journal: Journal, post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a record the guard and the "already recorded" check read no file; an entry
    removed by someone else (another window's discard) no longer guards anything."""
    big = "word " * 1000
    assert journal.record(post, big, None)

    def no_read(file: Path) -> None:
        raise AssertionError(f"the entry was read again: {file}")

    monkeypatch.setattr(journal_module, "_read_entry", no_read)
    assert journal.record(post, "", None) is False
    assert journal.record(post, big, None) is True  # already recorded: nothing read
    journal._entry_file(post).unlink()  # removed underneath
    assert journal.record(post, "", None) is True
    monkeypatch.undo()
    assert journal.get(post).content == ""


def test_the_shrink_guard_sees_an_entry_another_window_wrote(journal: Journal,
                                                             post: Path) -> None:
    """Another blogdesk window replaced the entry with a short text: shrinking from that is
    fine; and replaced with a long one: shrinking from that is refused."""
    assert journal.record(post, "word " * 1000, None)
    other = Journal(journal.folder)
    assert other.record(post, "x" * 1500, None, force=True)
    assert journal.record(post, "", None) is True
    assert other.record(post, "y" * 5000, None, force=True)
    assert journal.record(post, "short", None) is False
    assert journal.get(post).content == "y" * 5000


def test_entries_round_trip_any_text(journal: Journal, post: Path) -> None:
    """The entry is written in pieces; whatever the text (quotes, backslashes, controls,
    accents, emoji, a lone surrogate, across piece boundaries), it comes back exactly."""
    rng = random.Random(16)
    alphabet = 'ab "\\\n\t\x00\x1f\x7fé✍️😀\ud83d<>&/'
    for size in (0, 1, 16_383, 16_384, 16_385, 40_000):
        text = "".join(rng.choice(alphabet) for _ in range(size))
        assert journal.record(post, text, None, cursor=size, force=True)
        entry = Journal(journal.folder).get(post)  # a fresh reader: from the file
        assert entry is not None and entry.content == text and entry.cursor == size


# -- the keeper -----------------------------------------------------------------------------------
class Session:
    """A session on ``post`` with a fake view and clock, and the journal's real writer."""

    def __init__(self, post: Path, journal: Journal) -> None:
        self.view, self.clock = FakeView(), FakeClock()
        self.session = DocumentSession(self.view, journal, clock=self.clock, autosave=False)
        assert self.session.open(post)
        self.keeper = self.session.keeper
        assert self.keeper is not None

    def type_and_wait(self, text: str, seconds: float = 2.5) -> None:
        self.view.body += text
        self.session.edited()
        self.clock.now += seconds
        self.session.tick()

    def poll(self) -> None:
        self.session.keeper.journal.wait()
        self.clock.now += 0.1
        self.session.tick()

    def events(self) -> list[SessionEvent]:
        return [kind for kind, _path in self.view.events]


def test_a_record_due_does_not_wait_for_the_disk(journal: Journal, post: Path,
                                                 disk: SlowDisk) -> None:
    """The session's tick hands the text over and returns while the disk is slow; the text
    is called safe (JOURNALED) only once it landed."""
    s = Session(post, journal)
    s.type_and_wait("Milk.\n")
    disk.wait_started()
    assert SessionEvent.JOURNALED not in s.events()
    assert s.keeper.due is not None  # it will look again soon
    disk.release()
    s.poll()
    assert s.events()[-1] is SessionEvent.JOURNALED
    assert _on_disk(journal, post) == POST + "Milk.\n"
    assert s.keeper.due is None  # nothing in flight: no more wake-ups


def test_a_save_while_a_record_is_in_flight_leaves_no_entry(journal: Journal, post: Path,
                                                            disk: SlowDisk) -> None:
    """Saved while the journal is writing the text: the entry goes after the write, never
    before it, and the events come in that order."""
    s = Session(post, journal)
    s.type_and_wait("Sugar.\n")
    disk.wait_started()
    threading.Timer(0.2, disk.release).start()
    assert s.session.save()
    assert post.read_text(encoding="utf-8") == POST + "Sugar.\n"
    journal.wait()
    assert _on_disk(journal, post) is None
    assert s.events()[-2:] == [SessionEvent.JOURNALED, SessionEvent.JOURNAL_DISCARDED]


def test_a_failed_background_write_warns_on_the_next_look(journal: Journal, post: Path,
                                                          disk: SlowDisk) -> None:
    """A journal that cannot be written is reported once the writer gave up, as before."""
    disk.fail = PostError(post, "cannot save: No space left on device", kind="write")
    s = Session(post, journal)
    s.type_and_wait("Lemon.\n")
    disk.release()
    s.poll()
    assert s.events()[-1] is SessionEvent.JOURNAL_FAILED
    assert "No space left" in s.view.text(notices.KEY_JOURNAL)


def test_a_large_deletion_is_held_from_the_writer_too(journal: Journal, post: Path) -> None:
    """Select all, delete: the background record is refused and the author is told."""
    s = Session(post, journal)
    s.type_and_wait("word " * 1000)
    s.poll()
    s.view.body = ""
    s.type_and_wait("")
    s.poll()
    assert s.events()[-1] is SessionEvent.JOURNAL_HELD
    assert len(journal.get(post).content) > 5000
    assert s.keeper.confirm_deletion()
    assert journal.get(post).content == "---\ntitle: Tea\n---\n"


def test_a_direct_record_wins_over_an_older_waiting_text(journal: Journal, post: Path,
                                                         disk: SlowDisk) -> None:
    """`record` called at once while older texts are queued: the waiting one is dropped, the
    one in flight lands first, and the direct text is what stays."""
    journal.submit(post, "old", None)
    disk.wait_started()
    waiting = journal.submit(post, "older than direct", None)
    threading.Timer(0.2, disk.release).start()
    assert journal.record(post, "direct", None)
    journal.wait()
    assert waiting.cancelled
    assert disk.written == ["old", "direct"]
    assert _on_disk(journal, post) == "direct"
