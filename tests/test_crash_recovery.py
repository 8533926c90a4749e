"""A real offscreen editing session in a child process, killed with SIGKILL while typing and
while saving: the post on disk is the old or the new version, never a mix; a new process finds
the journal entry and gets back exactly the text last journaled; a temporary file left by the
killed save is cleaned up on the next start. Also a short soak run (scripts/soak.py)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from blogdesk.core.journal import Journal
from blogdesk.core.postfile import load_post

REPO = Path(__file__).resolve().parent.parent
SOAK = REPO / "scripts" / "soak.py"
POST_NAME = "links-are-favours.md"
START_TIMEOUT = 60


def sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


@pytest.fixture
def post(tmp_path: Path, sample_posts: Path) -> Path:
    folder = tmp_path / "posts"
    folder.mkdir()
    source = sample_posts / POST_NAME
    if not source.exists():
        pytest.skip("the sample post is not there")
    target = folder / POST_NAME
    target.write_bytes(source.read_bytes())
    return target


def child(post: Path, journal: Path, mode: str, *, save_seconds: float = 3.0,
          env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Types words at the end of the post, saving every few seconds (the journal records
    within 2 s, so there is journaled text between saves)."""
    cmd = [sys.executable, str(SOAK), "child", "--folder", str(post.parent), "--journal",
           str(journal), "--mode", mode, "--seed", "7", "--posts", post.name, "--post",
           post.name, "--save-seconds", str(save_seconds), "--pace", "20", "--report-text"]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=dict(os.environ, **(env or {})))


def read_until(proc: subprocess.Popen[str], done: Any, timeout: float = 60) -> list[dict]:
    """Events from the child until `done(events)` is true (the child keeps running)."""
    assert proc.stdout is not None
    events: list[dict] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        events.append(json.loads(line))
        if done(events):
            return events
    proc.kill()
    raise AssertionError(f"the child did not get there: {[e['event'] for e in events][-20:]}")


def kill(proc: subprocess.Popen[str], events: list[dict]) -> list[dict]:
    """SIGKILL, then collect what the child had already written to the pipe."""
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=30)
    events += [json.loads(line) for line in out.splitlines() if line.strip()]
    return events


def recover(post: Path, journal: Path) -> dict:
    """A new start: --mode recover cleans stale temps and restores the journal entry."""
    done = subprocess.run(
        [sys.executable, str(SOAK), "child", "--folder", str(post.parent), "--journal",
         str(journal), "--mode", "recover", "--post", post.name, "--report-text"],
        capture_output=True, text=True, timeout=START_TIMEOUT, check=True,
    )
    found = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return next(e for e in found if e["event"] == "recovered")


def test_killed_while_typing_the_journal_gives_back_the_last_text(
    post: Path, tmp_path: Path
) -> None:
    original = post.read_bytes()
    journal = tmp_path / "journal"
    proc = child(post, journal, "type")

    def saved_then_journaled(events: list[dict]) -> bool:
        kinds = [e["event"] for e in events]
        return "saved" in kinds and kinds[-1] == "journaled" and \
            kinds.index("saved") < len(kinds) - 1

    events = kill(proc, read_until(proc, saved_then_journaled))
    journaled = [e for e in events if e["event"] == "journaled"]
    last = journaled[-1]
    later_intents = {e["sha"] for e in events[events.index(last) + 1:]
                     if e["event"] == "journal-intent"}

    # the post is the original or a version the session saved, never a mix
    written = {sha(original)} | {e["sha"] for e in events if e["event"] == "saving"}
    assert sha(post.read_bytes()) in written
    load_post(post)

    # the journal holds the last text journaled (or one it was writing when killed)
    entry = Journal(journal).get(post)
    assert entry is not None
    assert sha(entry.content) in {last["sha"], *later_intents}
    if sha(entry.content) == last["sha"]:
        assert entry.content == last["text"]

    got = recover(post, journal)
    assert got["content"] == entry.content
    assert got["editor_body"] == got["doc_body"]
    assert entry.content.endswith(got["doc_body"])
    assert got["modified"] is True
    assert got["state"] == "unchanged"  # the file is what the text was typed against
    assert post.read_bytes() == got["disk"].encode("utf-8")  # recovering wrote nothing


def test_killed_inside_a_save_leaves_the_old_file_and_the_temp_is_cleaned_up(
    post: Path, tmp_path: Path
) -> None:
    original = post.read_bytes()
    journal = tmp_path / "journal"
    proc = child(post, journal, "type", env={"BLOGDESK_SOAK_HOLD_REPLACE": str(post)})
    events = read_until(proc, lambda ev: ev[-1]["event"] == "in-replace")
    events = kill(proc, events)
    saving = [e for e in events if e["event"] == "saving"][-1]

    assert post.read_bytes() == original  # killed between the temp write and the rename
    temps = list(post.parent.glob(".~blogdesk-*.tmp"))
    assert [t.name for t in temps] == [Path(events[-1]["temp"]).name]
    assert sha(temps[0].read_bytes()) == saving["sha"]  # the temp itself was complete

    entry = Journal(journal).get(post)
    journaled = [e for e in events if e["event"] == "journaled"]
    assert entry is not None and journaled
    assert entry.content == journaled[-1]["text"]

    young = recover(post, journal)
    assert young["removed_temps"] == []  # a temp under a minute old may be a live save's
    old = time.time() - 120
    os.utime(temps[0], (old, old))
    got = recover(post, journal)
    assert got["removed_temps"] == [temps[0].name]
    assert list(post.parent.glob(".~blogdesk-*.tmp")) == []
    assert got["content"] == entry.content
    assert post.read_bytes() == original


def test_a_short_soak_loses_nothing(tmp_path: Path, sample_posts: Path) -> None:
    """About 20 seconds of scripts/soak.py: edits, saves, changes by another program, kills."""
    done = subprocess.run(
        [sys.executable, str(SOAK), "--minutes", "0.3", "--seed", "11"],
        capture_output=True, text=True, timeout=240, check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "nothing lost" in done.stdout
    counts = dict(
        (line[:34].strip(), int(line[34:].strip()))
        for line in done.stdout.splitlines()
        if line.startswith("  ") and line[34:].strip().isdigit()
    )
    assert counts["lost"] == 0
    assert counts["kills"] >= 1 and counts["external changes"] >= 1 and counts["saves"] >= 1


def test_a_child_starting_while_a_post_is_deleted_opens_one_that_is_there(
    post: Path, tmp_path: Path
) -> None:
    """The soak's 276 s failure: another program had just deleted the post the new child
    picked; the child must open a post that exists instead of dying on start."""
    journal = tmp_path / "journal"
    cmd = [sys.executable, str(SOAK), "child", "--folder", str(post.parent), "--journal",
           str(journal), "--mode", "soak", "--seed", "3", "--posts",
           f"deleted-a-moment-ago.md,{post.name}"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    events = kill(proc, read_until(proc, lambda ev: ev[-1]["event"] == "ready",
                                   timeout=START_TIMEOUT))
    opened = [e["post"] for e in events if e["event"] == "opened"]
    assert opened and set(opened) == {post.name}
    assert [e for e in events if e["event"] == "child-error"] == []


def _soak_module() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("blogdesk_soak", SOAK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_soak_accounts_a_deleted_post_by_its_journal_and_never_forgives_a_missing_text(
    post: Path, tmp_path: Path
) -> None:
    """Another program deleted a post whose last reported text was journaled: the journal
    holds it, nothing is lost. With the entry gone too, the text is lost."""
    soak = _soak_module()
    journal_dir = tmp_path / "journal"
    driver = soak.Driver(post.parent, journal_dir, seed=1, verbose=False)
    typed = post.read_text(encoding="utf-8") + "\nwords typed after the last save\n"
    driver.on_event({"event": "journaled", "post": post.name, "sha": sha(typed)})
    Journal(journal_dir).record(post, typed, None)
    post.unlink()  # another program deletes the file; the app keeps the text as unsaved

    assert driver.account("deleted, journaled") == 0
    assert driver.problems == []

    Journal(journal_dir).discard(post)
    assert driver.account("deleted, not journaled") == 1
    assert "LOST" in driver.problems[-1]
