"""The crash-recovery journal: unsaved text survives a crash exactly, is written atomically,
is not wiped by a sudden large deletion, and a corrupt entry never stops recovery."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from blogdesk.core.journal import Journal, JournalEntry
from blogdesk.core.postfile import Fingerprint, PostError, load_post


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal")


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "posts" / "hello.md"
    path.parent.mkdir()
    path.write_text("---\ntitle: Hello\n---\nBody\n", encoding="utf-8")
    return path


def test_record_and_get(journal: Journal, post: Path):
    """What is recorded comes back exactly: text, base fingerprint, cursor, path, time."""
    base = Fingerprint.of_file(post)
    assert journal.record(post, "unsaved ✍️ text\r\nwith CRLF", base, cursor=7) is True
    entry = journal.get(post)
    assert isinstance(entry, JournalEntry)
    assert entry.content == "unsaved ✍️ text\r\nwith CRLF"
    assert entry.base == base
    assert entry.cursor == 7
    assert entry.path == post
    assert entry.saved_at > 0


def test_get_without_entry(journal: Journal, post: Path):
    """No entry: None, and an empty journal lists nothing (its folder need not exist)."""
    assert journal.get(post) is None
    assert journal.entries() == []
    assert not journal.folder.exists()


def test_one_file_per_post_named_by_hash(journal: Journal, post: Path, tmp_path: Path):
    """Each post has one entry file named by the SHA-256 of its resolved path."""
    import hashlib

    journal.record(post, "one", None)
    journal.record(post, "two", None)
    other = tmp_path / "posts" / "other.md"
    journal.record(other, "three", None)
    names = sorted(p.name for p in journal.folder.iterdir())
    expected = sorted(hashlib.sha256(str(p.resolve()).encode()).hexdigest() + ".json"
                      for p in (post, other))
    assert names == expected
    assert journal.get(post).content == "two"
    head = (journal.folder / expected[0]).read_bytes().split(b"\n", 1)[0]
    assert set(json.loads(head)) >= {"version", "path", "base", "saved_at", "cursor", "length"}


TEXTS = [
    "",
    "---\ntitle: \"Quotes\" and \\ backslashes\n---\nBody\n",
    "Windows lines\r\nstay\r\n as typed\r",
    "No newline at the end",
    "\n\n\nBlank lines first",
    "Accents é, CJK 漢字, emoji ✍️🍵, NBSP\u00a0, LS\u2028, NUL\u0000, tab\t.",
    "{\"looks\": \"like JSON\"}\n{\"version\": 2}\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_entry_file_holds_the_text_as_typed(journal: Journal, post: Path, text: str):
    """The file is a line of JSON (the fields, the text's length in bytes) and then the text
    itself as UTF-8, byte for byte; a new Journal (a restart) reads back the same text."""
    journal.record(post, text, None, cursor=len(text))
    (file,) = journal.folder.iterdir()
    head, rest = file.read_bytes().split(b"\n", 1)
    fields = json.loads(head)
    assert fields["version"] == 2 and fields["cursor"] == len(text)
    assert rest == text.encode("utf-8")
    assert fields["length"] == len(rest)
    again = Journal(journal.folder).get(post)
    assert again is not None and again.content == text and again.cursor == len(text)


def test_an_entry_of_the_first_version_is_still_recovered(journal: Journal, post: Path):
    """An entry written by an earlier blogdesk (the text inside one JSON object) is listed and
    read, and the next record replaces it with the current version."""
    journal.folder.mkdir()
    file = journal._entry_file(post)
    file.write_text(json.dumps({
        "version": 1, "path": str(post), "content": "Old \"draft\"\nline two ✍️",
        "base": {"size": 3, "mtime_ns": 4, "sha256": "ab"}, "saved_at": 5.0, "cursor": 6,
    }, ensure_ascii=False), encoding="utf-8")
    entry = Journal(journal.folder).get(post)
    assert entry == JournalEntry(post, "Old \"draft\"\nline two ✍️", Fingerprint(3, 4, "ab"),
                                 5.0, 6)
    assert [e.content for e in journal.entries()] == [entry.content]
    assert journal.record(post, "New draft", None)
    assert file.read_bytes().endswith(b"\nNew draft")
    assert Journal(journal.folder).get(post).content == "New draft"


@pytest.mark.parametrize("damage", ["cut", "longer", "not utf-8", "header"])
def test_a_damaged_entry_is_skipped(journal: Journal, post: Path, damage: str):
    """A text shorter or longer than its header says, bytes that are not UTF-8, or a broken
    header: the entry reads as none (never as a wrong text) and recovery goes on."""
    journal.record(post, "Draft text ✍️ " * 50, None)
    (file,) = journal.folder.iterdir()
    data = file.read_bytes()
    head, text = data.split(b"\n", 1)
    broken = {
        "cut": data[:-5],
        "longer": data + b"more",
        "not utf-8": head + b"\n" + b"\xff" + text[1:],
        "header": head[:-1] + b"\n" + text,
    }[damage]
    file.write_bytes(broken)
    fresh = Journal(journal.folder)
    assert fresh.get(post) is None
    assert fresh.entries() == []


def test_link_and_target_share_an_entry(journal: Journal, post: Path, tmp_path: Path):
    """A post opened through a symlink finds the entry recorded for its target."""
    link = tmp_path / "link.md"
    link.symlink_to(post)
    journal.record(link, "via link", None)
    assert journal.get(post).content == "via link"


def test_discard(journal: Journal, post: Path):
    """After discard the entry is gone; discarding twice is harmless."""
    journal.record(post, "text", None)
    journal.discard(post)
    assert journal.get(post) is None
    journal.discard(post)
    assert journal.entries() == []


def test_entries_newest_first(journal: Journal, tmp_path: Path, monkeypatch):
    """entries() lists every post with unsaved text, the most recently recorded first."""
    clock = iter([100.0, 200.0, 300.0])
    monkeypatch.setattr("blogdesk.core.journal.time.time", lambda: next(clock))
    for name in ("a.md", "b.md", "c.md"):
        journal.record(tmp_path / name, name, None)
    assert [e.content for e in journal.entries()] == ["c.md", "b.md", "a.md"]


@pytest.mark.parametrize("junk", [
    b"", b"{", b"[]", b"null", b'{"path": "x"}', b"\xff\xfe not utf-8",
    b'{"version": 1, "path": "x", "content": 5, "base": null, "saved_at": 1, "cursor": 0}',
    b'{"version": 1, "path": "x", "content": "c", "base": {"size": "?"}, '
    b'"saved_at": 1, "cursor": 0}',
    b'{"version": 99, "path": "x", "content": "c", "base": null, "saved_at": 1, "cursor": 0}',
])
def test_corrupt_entries_are_skipped(journal: Journal, post: Path, junk: bytes):
    """A truncated, foreign or damaged entry file is skipped, never fatal."""
    journal.record(post, "good", None)
    journal.folder.joinpath("0" * 64 + ".json").write_bytes(junk)
    journal.folder.joinpath(".~blogdesk-left-over.tmp").write_bytes(b"partial")
    assert [e.content for e in journal.entries()] == ["good"]


def test_corrupt_entry_for_the_post_reads_as_none(journal: Journal, post: Path):
    """get() on a damaged entry gives None, and a new record replaces it."""
    journal.record(post, "x", None)
    (file,) = journal.folder.iterdir()
    file.write_bytes(b'{"content": ')
    assert journal.get(post) is None
    assert journal.record(post, "fresh", None)
    assert journal.get(post).content == "fresh"


def test_shrink_guard(journal: Journal, post: Path):
    """A big entry is not replaced by text less than half its size (the Emacs rule) unless
    forced; small entries and moderate shrinking are recorded normally."""
    big = "word " * 1000  # 5,000 characters
    assert journal.record(post, big, None)
    assert journal.record(post, "", None) is False
    assert journal.record(post, big[:2000], None) is False
    assert journal.get(post).content == big
    assert journal.record(post, big[:2600], None) is True  # more than half: fine
    assert journal.record(post, "", None, force=True) is True
    assert journal.get(post).content == ""
    assert journal.record(post, "x" * 1500, None)
    assert journal.record(post, "", None) is True  # 1,500 characters is trivial


def test_record_is_atomic_on_failure(journal: Journal, post: Path, monkeypatch):
    """A failed journal write (disk full) raises PostError and keeps the previous entry."""
    journal.record(post, "kept", None)

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(PostError) as caught:
        journal.record(post, "lost", None)
    monkeypatch.undo()
    assert caught.value.kind == "write"
    assert journal.get(post).content == "kept"
    assert [p.name for p in journal.folder.iterdir() if p.name.startswith(".~")] == []


def test_lone_surrogates_survive(journal: Journal, post: Path):
    """Editor text that is not valid UTF-8 (a lone surrogate) is still kept exactly."""
    journal.record(post, "half \ud83d pair", None)
    assert journal.get(post).content == "half \ud83d pair"


def test_default_folder_is_in_user_data(monkeypatch, tmp_path: Path):
    """Without a folder, the journal lives in the user's data folder, not the posts folder,
    and constructing it creates nothing."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    j = Journal()
    assert j.folder == tmp_path / "data" / "blogdesk" / "journal"
    assert not j.folder.exists()


# ---------------------------------------------------------------------------- crash test

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from blogdesk.core.journal import Journal
    from blogdesk.core.postfile import Fingerprint, atomic_write

    post, folder = Path(sys.argv[1]), Path(sys.argv[2])
    journal = Journal(folder)

    def version(i):
        return f"---\\ntitle: Version {i}\\n---\\n" + f"line {i} ✍️\\n" * (200 + i % 50)

    i = 0
    while True:
        i += 1
        text = version(i)
        journal.record(post, text, Fingerprint.of_file(post), cursor=i)
        print("recorded", i, flush=True)
        if i % 3 == 0:  # every third version is saved, and its journal entry dropped
            atomic_write(post, text.encode("utf-8"))
            journal.discard(post)
            print("saved", i, flush=True)
""")

READER = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from blogdesk.core.journal import Journal
    entry = Journal(Path(sys.argv[2])).get(Path(sys.argv[1]))
    print(json.dumps(None if entry is None else
                     {"content": entry.content, "cursor": entry.cursor}))
""")


def _version(i: int) -> str:
    return f"---\ntitle: Version {i}\n---\n" + f"line {i} ✍️\n" * (200 + i % 50)


@pytest.mark.parametrize("stop_after", [5, 6, 17, 30, 42])
def test_sigkill_mid_way_recovers_last_recorded_text(tmp_path: Path, post: Path,
                                                     stop_after: int):
    """A writer that records each version in the journal and saves every third one is
    SIGKILLed mid-way; a new process finds the newest text exactly (in the journal, or on
    disk when that version was saved and its entry dropped), and the post file is one
    complete version, never a partial one."""
    folder = tmp_path / "journal"
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(post), str(folder)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    last = 0
    try:
        assert child.stdout is not None
        for line in child.stdout:
            kind, number = line.split()
            if kind == "recorded":
                last = int(number)
            if last >= stop_after:
                break
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""

    done = subprocess.run([sys.executable, "-c", READER, str(post), str(folder)],
                          capture_output=True, text=True, check=True, timeout=60)
    recovered = json.loads(done.stdout)
    on_disk = post.read_bytes()
    candidates = {_version(i): i for i in (last, last + 1)}
    if recovered is not None:
        assert recovered["content"] in candidates
        assert recovered["cursor"] == candidates[recovered["content"]]
    else:  # killed just after a save dropped the entry: the newest text is the file
        assert on_disk.decode("utf-8") in candidates
        assert candidates[on_disk.decode("utf-8")] % 3 == 0

    versions = {_version(i).encode("utf-8") for i in range(1, last + 2)}
    versions.add(b"---\ntitle: Hello\n---\nBody\n")
    assert on_disk in versions
    assert load_post(post).metadata["title"] in {"Hello"} | {
        f"Version {i}" for i in range(1, last + 2)
    }
    leftovers = [p.name for p in post.parent.iterdir() if p.name != post.name]
    assert all(name.startswith(".~blogdesk-") for name in leftovers)


def test_journal_folder_is_private(journal: Journal, post: Path):
    """The journal folder is created on first use, readable by its user only."""
    journal.record(post, "draft", None)
    assert stat.S_IMODE(journal.folder.stat().st_mode) == 0o700


def test_an_entry_that_does_not_read_back_as_written_is_an_error(journal: Journal, post: Path,
                                                                 monkeypatch):
    """The journal's write checks the bytes it reads back, not only their number: a disk that
    changes one character is reported (PostError, kind "write"), never taken as recorded."""
    real_replace = os.replace

    def replace_then_flip(src, dst):
        real_replace(src, dst)
        data = bytearray(Path(dst).read_bytes())
        data[-1] ^= 1  # the same length, one bit off
        Path(dst).write_bytes(bytes(data))

    monkeypatch.setattr(os, "replace", replace_then_flip)
    with pytest.raises(PostError) as caught:
        journal.record(post, "Draft text", None)
    assert caught.value.kind == "write" and "read back" in str(caught.value)
