"""The journal remembers the entry it wrote: the shrink guard works from memory yet stays
right when the entry file changes underneath, and the text, written in pieces, comes back
exactly."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import blogdesk.core.journal as journal_module
from blogdesk.core.journal import Journal

POST = "---\ntitle: Tea\n---\nA cup of tea.\n"


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
    entry = journal_module.read_entry(journal._entry_file(post))
    return None if entry is None else entry.content


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

    monkeypatch.setattr(journal_module, "read_entry", no_read)
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
