"""Soak test for "never lose a word": random edits, saves, changes by another program and kills.

    python scripts/soak.py [--minutes 10] [--seed N] [--keep]        (make soak)

On a copy of the sample library in a temporary folder, a child process runs an offscreen
editing session (the real editor widget when it is there, the FileMonitor, DocumentGuard and
JournalKeeper) and makes random edits: words and lines typed, deleted and replaced, front-matter
fields changed, now and then a large deletion; it saves, switches posts and answers conflicts.
Meanwhile this driver changes the posts like another program would (write in place, write by
rename, delete and recreate) and SIGKILLs the child at random moments; each new child first
restores what the journal holds (saving it, keeping the other version beside it on a conflict).

The child reports over a pipe what it is about to write and what it wrote (journaled and saved
text, by SHA-256). After every kill and at the end, each post's text must be accounted for: the
last text the child reported (or one it was about to write) is on disk or in the journal, or
another program replaced it after it was saved. Anything else is lost; the exit status is 1 if
anything was lost, a journal entry is corrupt, a file is in a state nobody wrote, or a child
session does not start. A child opens only posts that are there (another program may have just
deleted one), as the app opens what the library lists.

The same script is the child (``soak.py child ...``), also used by tests/test_crash_recovery.py:
``--mode soak`` (random editing), ``--mode type`` (typing words at the end of one post and saving
every few words) and ``--mode recover`` (a new start: clean stale temp files, restore the
journal entry of a post into the editor and print what the editor shows).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "posts"
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

HOLD_REPLACE_ENV = "BLOGDESK_SOAK_HOLD_REPLACE"  # the child stops inside os.replace of a post
WORDS = (
    "tea kettle morning draft margin notes archive reader links quiet paragraph heading "
    "summary tag garden winter letter river window practice sentence edit rewrite coffee "
    "ink page chapter lamp table street friend story idea"
).split()


def sha(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


# ============================================================================================
# The child: an offscreen editing session


class Reporter:
    """JSON lines on stdout, one per event, flushed at once (the driver reads them live)."""

    def __init__(self, with_text: bool) -> None:
        self.with_text = with_text
        self.lock = threading.Lock()

    def __call__(self, event: str, **fields: Any) -> None:
        text = fields.pop("text", None)
        if self.with_text and text is not None:
            fields["text"] = text
        line = json.dumps({"event": event, **fields}, ensure_ascii=True)
        with self.lock:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()


def _hold_replace_if_asked(report: Reporter) -> None:
    """Crash tests: stop for good inside os.replace of a post (temp written, not yet renamed)."""
    target = os.environ.get(HOLD_REPLACE_ENV)
    if not target:
        return
    real_replace = os.replace

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if os.path.basename(str(src)).startswith(".~blogdesk-") and \
                os.path.realpath(dst) == os.path.realpath(target):
            report("in-replace", temp=str(src))
            while True:
                time.sleep(60)
        real_replace(src, dst, *args, **kwargs)

    os.replace = replace  # type: ignore[assignment]


def child_main(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report = Reporter(args.report_text)
    _hold_replace_if_asked(report)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["blogdesk-soak-child"])
    session = ChildSession(Path(args.folder), Path(args.journal), report, args)
    if args.mode == "recover":
        return session.recover_and_print(Path(args.folder) / args.post)
    session.start()
    report("ready", pid=os.getpid())
    return int(app.exec())


class ChildView:
    """The session's view in the child: notices and events become reports, questions get quick
    answers, the editor is a real MarkdownEditor and the adapters are the app's."""

    def __init__(self, child: ChildSession) -> None:
        from blogdesk.ui.session_adapters import SessionAdapters

        self.child = child
        self.notices: dict[str, Any] = {}
        self.adapters = SessionAdapters()
        self.loading = False

    # showing
    def show_document(self, doc: Any, keep_text: bool = False) -> None:
        if doc is None:
            return
        if not keep_text:
            self.loading = True
            try:
                self.child.editor.set_body(doc.body)
            finally:
                self.loading = False
        self.child.report("opened", post=doc.path.name)

    def document_state_changed(self) -> None:
        pass

    def library_changed(self, select: Any = None, changed: Any = None) -> None:
        pass

    def set_read_only(self, read_only: bool) -> None:
        self.child.editor.setReadOnly(read_only)

    def set_preview_manual(self, manual: bool) -> None:
        pass

    def show_notice(self, notice: Any) -> None:
        self.notices[notice.key] = notice
        if notice.key == "kept-copy":
            self.child.report("kept-copy", post=self.child.name, text=notice.text)
        elif notice.key in ("save-failed", "journal"):
            self.child.report("notice", key=notice.key, text=notice.text)

    def clear_notice(self, key: str) -> None:
        self.notices.pop(key, None)

    def show_message(self, text: str) -> None:
        pass

    def show_error(self, text: str) -> None:
        self.child.report("child-error", error=text)

    def notify(self, event: Any, path: Path) -> None:
        from blogdesk.core.document import SessionEvent

        child = self.child
        if event is SessionEvent.RELOADED:
            child.report("reloaded", post=path.name, sha=sha(child.session.doc.to_bytes()))
        elif event is SessionEvent.CONFLICT_RAISED:
            child.conflict(path)
        elif event is SessionEvent.AUTOSAVED:
            child.report("autosaved", post=path.name)

    # asking
    def ask_save_discard_cancel(self, title: str) -> str:
        return "cancel"

    def confirm(self, text: str, ok_label: str = "OK", details: str = "") -> bool:
        return True

    def ask_save_path(self, title: str, start: Path, filter: str = "") -> Path | None:
        return None

    def show_compare(self, name: str, disk_text: str, mine_text: str) -> str | None:
        return self.child.rng.choice(["reload", "keep", None])

    # the editor
    def current_body(self) -> str:
        return str(self.child.editor.body())

    def flush_edits(self) -> None:
        pass

    def cursor_position(self) -> int:
        return int(self.child.editor.textCursor().position())

    def capture_position(self) -> Any:
        from blogdesk.ui.session_adapters import capture_position

        return capture_position(self.child.editor)

    def restore_position(self, position: Any) -> None:
        from blogdesk.ui.session_adapters import restore_position

        restore_position(self.child.editor, position)

    # notice buttons (nobody presses them here)
    def refresh_preview(self) -> None:
        pass

    def show_raw_front_matter(self) -> None:
        pass

    def show_recovery(self) -> None:
        pass

    # the adapters
    def watch_file(self, path: Path | None) -> None:
        self.adapters.watch_file(path)

    def check_disk(self) -> None:
        self.adapters.check_disk()

    def wake_in(self, seconds: float | None) -> None:
        self.adapters.wake_in(seconds)


class ChildSession:
    """One post open in an editor, with the app's document session, its journal and its
    adapters: the same wiring as the app's window, with a view that reports."""

    def __init__(self, folder: Path, journal_dir: Path, report: Reporter,
                 args: argparse.Namespace) -> None:
        from PySide6.QtCore import QTimer

        from blogdesk.core.document import DocumentSession
        from blogdesk.core.journal import Journal
        from blogdesk.ui.widgets.editor import MarkdownEditor

        self.folder, self.report, self.args = folder, report, args
        self.rng = random.Random(args.seed)
        self.posts = [folder / name for name in args.posts.split(",")] if args.posts else \
            sorted(p for p in folder.glob("*.md") if ".conflict-" not in p.name)
        self.editor = MarkdownEditor()
        self.editor.resize(900, 700)
        self.editor.show()
        self.edits = 0
        self._last_save = time.monotonic()
        self.view = ChildView(self)
        child = self

        class ReportingJournal(Journal):
            def record(self, path: Path, content: str, base: Any, cursor: int = 0, *,
                       force: bool = False) -> bool:
                name = Path(path).name
                child.report("journal-intent", post=name, sha=sha(content))
                ok = super().record(path, content, base, cursor, force=force)
                if ok:
                    child.report("journaled", post=name, sha=sha(content), text=content,
                                 edits=child.edits)
                else:
                    child.report("held", post=name)
                return ok

        class ReportingSession(DocumentSession):
            """Says what it is about to write and what it wrote (autosaves too)."""

            def save(self) -> bool:
                doc = self.current_document()
                if doc is None:
                    return False
                data = doc.to_bytes()
                child.report("saving", post=doc.path.name, sha=sha(data))
                child.view.notices.pop("save-failed", None)
                if super().save():
                    child.report("saved", post=doc.path.name, sha=sha(data),
                                 text=data.decode("utf-8"), edits=child.edits)
                    return True
                failed = "save-failed" in child.view.notices
                child.report("save-failed" if failed else "save-blocked", post=doc.path.name)
                return False

        self.journal = ReportingJournal(journal_dir)
        self.session = ReportingSession(self.view, self.journal, autosave=args.mode == "soak",
                                        autosave_delay=1.5, foreign=())
        self.view.adapters.attach(self.session)
        self.editor.textChanged.connect(self._text_changed)
        self.timer = QTimer()
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.step)

    @property
    def name(self) -> str:
        doc = self.session.doc
        return doc.path.name if doc is not None else ""

    def save_document(self) -> bool:
        return self.session.save()

    def _text_changed(self) -> None:
        if not self.view.loading:
            self.session.edited()

    def conflict(self, path: Path) -> None:
        from PySide6.QtCore import QTimer

        self.report("conflict", post=path.name)
        choice = self.rng.choice(["reload", "keep", "keep", "compare"])
        QTimer.singleShot(self.rng.randint(50, 600), lambda: self._resolve(choice))

    def _resolve(self, choice: str) -> None:
        if self.session.conflict is not None:
            self.report("resolve", post=self.name, choice=choice)
            self.session.resolve(choice)

    # -- starting -------------------------------------------------------------------------------
    def open(self, path: Path) -> None:
        from blogdesk.core.postfile import load_post

        self.session.replace(load_post(path, strict=False))

    def open_some(self) -> bool:
        """Open a post that is there now, like picking one from the library list: another
        program may have deleted any of them a moment ago (the driver's "delete, recreate
        later"), and a vanished file is not something the app opens. False if none opened."""
        from blogdesk.core.postfile import PostError

        candidates = [p for p in self.posts if p.exists()]
        self.rng.shuffle(candidates)
        for path in candidates:
            try:
                self.open(path)
            except PostError as exc:
                if exc.kind != "io" or path.exists():
                    raise  # a post that is there and cannot be opened is a real problem
                self.report("open-skipped", post=path.name)  # deleted between the two looks
                continue
            return True
        return False

    def start(self) -> None:
        from blogdesk.core.diskcheck import cleanup_stale_temps

        for folder in (self.folder, self.journal.folder):
            for temp in cleanup_stale_temps(folder):
                self.report("temp-removed", temp=temp.name)
        self.recover_all()
        if self.session.doc is None:
            if self.args.mode == "soak":
                self.open_some()  # none there at all: random_step tries again
            else:
                self.open(self.posts[0])
        self.timer.start(0)

    def recover_all(self) -> None:
        """A new start after a crash: restore each journal entry, then save it (on a conflict,
        keep mine: the other version goes beside it)."""
        from blogdesk.core.document.recovery import prune_recovered, recovery_items, restore_entry

        for path in prune_recovered(self.journal):
            self.report("pruned", post=path.name)
        for item in recovery_items(self.journal):
            self.session.replace(restore_entry(item.entry))
            self.report("restored", post=item.path.name, sha=sha(item.entry.content),
                        state=item.state)
            if self.args.mode != "soak":
                return  # type mode: carry on typing into the restored text
            if not self.save_document() and self.session.conflict is not None:
                self.session.resolve("keep")
                self.save_document()

    def recover_and_print(self, path: Path) -> int:
        """--mode recover: what a restart finds in the journal for `path`, shown in the editor."""
        from blogdesk.core.diskcheck import cleanup_stale_temps
        from blogdesk.core.document.recovery import recovery_items, restore_entry

        removed = [p.name for folder in (self.folder, self.journal.folder)
                   for p in cleanup_stale_temps(folder)]
        items = {item.path.name: item for item in recovery_items(self.journal)}
        item = items.get(path.name)
        result: dict[str, Any] = {"removed_temps": removed, "entries": sorted(items)}
        if item is not None:
            doc = restore_entry(item.entry)
            self.session.replace(doc)
            result.update(state=item.state, content=item.entry.content,
                          editor_body=self.editor.body(), doc_body=doc.body,
                          modified=doc.modified, cursor=item.entry.cursor)
        result["disk"] = path.read_bytes().decode("utf-8", "replace") if path.exists() else None
        self.report("recovered", **result)
        return 0

    # -- editing ----------------------------------------------------------------------------------
    def step(self) -> None:
        try:
            pause = self.type_step() if self.args.mode == "type" else self.random_step()
        except Exception as exc:  # report, keep going: the soak is about what lands on disk
            self.report("child-error", error=f"{type(exc).__name__}: {exc}")
            pause = 100
        self.timer.start(pause)

    def type_step(self) -> int:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        cursor = self.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.editor.setTextCursor(cursor)
        QTest.keyClicks(self.editor, self.rng.choice(WORDS) + " ")
        self.edits += 1
        if self.edits % 12 == 0:
            QTest.keyClick(self.editor, Qt.Key.Key_Return)
        if self.args.save_seconds > 0:
            if time.monotonic() - self._last_save >= self.args.save_seconds:
                self._last_save = time.monotonic()
                self.save_document()
        elif self.edits % self.args.save_every == 0:
            self.save_document()
        return self.args.pace

    def random_step(self) -> int:
        rng = self.rng
        if self.session.doc is None and not self.open_some():
            return 200
        roll = rng.random()
        if roll < 0.02:
            self.switch_post()
        elif roll < 0.07:
            self.save_document()
        elif roll < 0.10:
            return rng.randint(1200, 3000)  # a pause: the journal and autosave catch up
        elif roll < 0.13:
            self.edit_field()
        elif roll < 0.135:
            self.large_deletion()
        elif roll < 0.14 and self.session.keeper is not None and self.session.keeper.held:
            self.session.keeper.confirm_deletion()
        else:
            self.edit_text()
        return rng.randint(20, 90)

    def switch_post(self) -> None:
        doc = self.session.current_document()
        if doc is not None and doc.modified and not self.save_document():
            if self.session.conflict is not None:
                self.session.resolve("keep")
            if not self.save_document():
                return  # stay: never leave unsaved text behind
        self.open_some()

    def edit_text(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QTextCursor
        from PySide6.QtTest import QTest

        if self.editor.isReadOnly():
            return
        rng, editor = self.rng, self.editor
        document = editor.document()
        block = document.findBlockByNumber(rng.randrange(max(1, document.blockCount())))
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.Right, n=rng.randint(0, block.length() - 1))
        editor.setTextCursor(cursor)
        kind = rng.random()
        if kind < 0.45:
            QTest.keyClicks(editor, rng.choice(WORDS) + " ")
        elif kind < 0.55:
            QTest.keyClick(editor, Qt.Key.Key_Return)
        elif kind < 0.75:
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
            cursor.removeSelectedText()
        elif kind < 0.85:
            cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
            cursor.removeSelectedText()
        else:
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
            cursor.insertText(rng.choice(WORDS))
        self.edits += 1

    def edit_field(self) -> None:
        from blogdesk.core.postfile import PostError

        doc = self.session.current_document()
        if doc is None or doc.error is not None or self.editor.isReadOnly():
            return
        rng = self.rng
        try:
            if rng.random() < 0.5:
                self.session.set_field(
                    "summary", " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))))
            else:
                self.session.set_field(
                    "tags", sorted({rng.choice(WORDS) for _ in range(rng.randint(1, 4))}))
        except PostError as exc:
            self.report("field-refused", post=doc.path.name, error=str(exc))
            return
        self.edits += 1

    def large_deletion(self) -> None:
        from PySide6.QtGui import QTextCursor

        if self.editor.isReadOnly():
            return
        document = self.editor.document()
        cursor = QTextCursor(document)
        cursor.setPosition(self.rng.randint(0, max(0, document.characterCount() // 5)))
        cursor.setPosition(document.characterCount() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self.edits += 1
        self.report("large-deletion", post=self.name)


def child_command(folder: Path, journal: Path, *, mode: str, seed: int, posts: str = "",
                  post: str = "", report_text: bool = False, save_every: int = 15,
                  pace: int = 30) -> list[str]:
    """The command line of a child session (for the driver and the crash tests)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "child", "--folder", str(folder),
           "--journal", str(journal), "--mode", mode, "--seed", str(seed),
           "--save-every", str(save_every), "--pace", str(pace)]
    if posts:
        cmd += ["--posts", posts]
    if post:
        cmd += ["--post", post]
    if report_text:
        cmd.append("--report-text")
    return cmd


# ============================================================================================
# The driver


@dataclass
class Ledger:
    """What is known about one post's text."""

    state: str | None = None  # SHA of the last text the child confirmed (journaled or saved)
    state_kind: str = ""
    state_time: float = 0.0
    intents: list[str] = field(default_factory=list)  # SHAs it was about to write since
    known: set[str] = field(default_factory=set)  # every version anyone wrote to the file
    superseded_at: float = -1.0  # the last time another program replaced or deleted the file
    replaced: set[str] = field(default_factory=set)  # versions another program replaced


class ChildRun:
    """One child process and the thread that reads its reports."""

    def __init__(self, cmd: list[str], env: dict[str, str], sink: Any) -> None:
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=env, text=True, bufsize=1)
        self.ready = threading.Event()
        self.sink = sink
        self.stderr: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.err_reader = threading.Thread(target=self._read_err, daemon=True)
        self.err_reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            if event.get("event") == "ready":
                self.ready.set()
            self.sink(event)

    def _read_err(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            if "propagateSizeHints" not in line:
                self.stderr.append(line)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.reader.join(timeout=10)
        self.err_reader.join(timeout=10)


class Driver:
    """Runs children, changes files like another program, kills, and keeps the ledger."""

    def __init__(self, folder: Path, journal_dir: Path, seed: int, verbose: bool) -> None:
        self.folder, self.journal_dir = folder, journal_dir
        self.rng = random.Random(seed)
        self.seed = seed
        self.verbose = verbose
        self.posts = sorted(p.name for p in folder.glob("*.md"))
        self.ledger = {name: Ledger() for name in self.posts}
        for name in self.posts:
            self.ledger[name].known.add(sha((folder / name).read_bytes()))
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.open_post = ""
        self.pending_recreate: list[tuple[float, str, bytes]] = []
        self.problems: list[str] = []
        self.child_edits = 0
        self.child_errors: list[str] = []

    # -- reports from the child ---------------------------------------------------------------
    def on_event(self, event: dict[str, Any]) -> None:
        kind, post = event.get("event", ""), event.get("post", "")
        now = time.monotonic()
        with self.lock:
            ledger = self.ledger.get(post)
            if kind in ("journaled", "saved", "restored") and ledger is not None:
                ledger.state, ledger.state_kind, ledger.state_time = event["sha"], kind, now
                ledger.intents.clear()
                if kind == "saved":
                    ledger.known.add(event["sha"])
                    self.counts["saves"] += 1
                elif kind == "journaled":
                    self.counts["journal writes"] += 1
                else:
                    self.counts["recoveries"] += 1
                if "edits" in event:
                    self.child_edits = max(self.child_edits, int(event["edits"]))
            elif kind in ("journal-intent", "saving") and ledger is not None:
                ledger.intents.append(event["sha"])
                if kind == "saving":
                    ledger.known.add(event["sha"])
            elif kind == "reloaded" and ledger is not None:
                ledger.state, ledger.state_kind, ledger.state_time = event["sha"], kind, now
                ledger.intents.clear()
                self.counts["reloads"] += 1
            elif kind == "opened":
                self.open_post = post
            elif kind in ("conflict", "kept-copy", "held", "autosaved", "large-deletion",
                          "save-failed", "save-blocked", "temp-removed", "pruned",
                          "open-skipped"):
                self.counts[{"conflict": "conflicts", "kept-copy": "conflict copies kept",
                             "held": "large deletions held", "autosaved": "autosaves",
                             "large-deletion": "large deletions", "save-failed":
                             "failed saves", "save-blocked": "saves stopped by a conflict",
                             "temp-removed": "stale temps removed",
                             "pruned": "journal entries pruned",
                             "open-skipped": "opens skipped (file just deleted)"}[kind]] += 1
            elif kind == "resolve":
                self.counts[f"conflicts answered {event.get('choice')}"] += 1
            elif kind == "child-error":
                self.child_errors.append(event.get("error", ""))
            if self.verbose and kind not in ("journal-intent", "saving"):
                print("  child:", {k: v for k, v in event.items() if k != "text"}, flush=True)

    # -- another program ----------------------------------------------------------------------
    def external_change(self) -> None:
        rng = self.rng
        with self.lock:
            name = self.open_post if self.open_post and rng.random() < 0.6 else \
                rng.choice(self.posts)
        path = self.folder / name
        if any(n == name for _t, n, _d in self.pending_recreate):
            return
        roll = rng.random()
        try:
            before = path.read_bytes()
        except FileNotFoundError:
            return
        note = f"\nA note from another program, {rng.choice(WORDS)} {rng.randint(1, 9999)}.\n"
        new = before + note.encode("utf-8")
        with self.lock:
            ledger = self.ledger[name]
            if roll < 0.4:
                with open(path, "r+b") as f:  # in place: same file, same inode
                    f.truncate(0)
                    f.write(new)
                kind = "in place"
            elif roll < 0.8:
                tmp = path.with_name(f".soak-ext-{rng.randint(0, 10**9)}.tmp")
                tmp.write_bytes(new)
                os.replace(tmp, path)
                kind = "by rename"
            else:
                path.unlink()
                self.pending_recreate.append((time.monotonic() + rng.uniform(0.2, 1.5), name, new))
                kind = "delete"
                new = b""
            ledger.superseded_at = time.monotonic()
            ledger.replaced.add(sha(before))
            if new:
                ledger.known.add(sha(new))
            self.counts[f"external writes ({kind})"] += 1
            self.counts["external changes"] += 1

    def recreate_due(self, everything: bool = False) -> None:
        now = time.monotonic()
        for item in list(self.pending_recreate):
            when, name, data = item
            if everything or when <= now:
                self.pending_recreate.remove(item)
                path = self.folder / name
                with self.lock:
                    if path.exists():  # the child saved it again meanwhile: leave that
                        continue
                    path.write_bytes(data)
                    ledger = self.ledger[name]
                    ledger.superseded_at = time.monotonic()
                    ledger.known.add(sha(data))
                    self.counts["external writes (recreated)"] += 1

    # -- accounting -----------------------------------------------------------------------------
    def account(self, when: str) -> int:
        """Check every post; returns how many texts were lost (and records the problems)."""
        from blogdesk.core.journal import Journal

        journal = Journal(self.journal_dir)
        lost = 0
        for name, ledger in self.ledger.items():
            path = self.folder / name
            try:
                disk = sha(path.read_bytes())
            except FileNotFoundError:
                disk = None
            entry = journal.get(path)
            held = sha(entry.content) if entry is not None else None
            if disk is not None and disk not in ledger.known and not self._a_copy_of(name, disk):
                self.problems.append(f"{when}: {name} holds bytes nobody wrote ({disk[:12]})")
                self.counts["files in an unknown state"] += 1
            if ledger.state is None or ledger.state_kind == "reloaded":
                continue  # nothing typed, or the child's text came from the disk
            candidates = {ledger.state, *ledger.intents}
            if disk in candidates or held in candidates:
                continue
            if ledger.state_kind == "saved" and (
                ledger.state in ledger.replaced or ledger.superseded_at > ledger.state_time
            ):
                continue  # saved, then another program replaced or deleted the file
            if self._in_a_conflict_copy(name, candidates):
                continue
            lost += 1
            self.problems.append(
                f"{when}: LOST {name}: last {ledger.state_kind} {ledger.state[:12]}, "
                f"disk {disk[:12] if disk else None}, journal {held[:12] if held else None}")
        corrupt = [p.name for p in self.journal_dir.glob("*.json") if _unreadable_entry(p)]
        if corrupt:
            self.problems.append(f"{when}: corrupt journal entries {corrupt}")
            self.counts["corrupt journal entries"] += len(corrupt)
        return lost

    def _a_copy_of(self, name: str, digest: str) -> bool:
        return any(digest in self.ledger[other].known for other in self.ledger)

    def _in_a_conflict_copy(self, name: str, candidates: set[str]) -> bool:
        stem = Path(name).stem
        return any(sha(p.read_bytes()) in candidates
                   for p in self.folder.glob(f"{stem}.conflict-*.md"))

    # -- the run --------------------------------------------------------------------------------
    def run(self, minutes: float) -> int:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        env.pop(HOLD_REPLACE_ENV, None)
        deadline = time.monotonic() + minutes * 60
        lost = 0
        child_no = 0
        while True:
            child_no += 1
            cmd = child_command(self.folder, self.journal_dir, mode="soak",
                                seed=self.seed * 1000 + child_no, posts=",".join(self.posts))
            child = ChildRun(cmd, env, self.on_event)
            if not child.ready.wait(60):
                # a failure of its own (the run fails), not a lost text: whether anything was
                # lost is what the accounting below and at the end says
                child.kill()
                self.problems.append("a child did not start: " + "".join(child.stderr[-20:]))
                self.counts["children that did not start"] += 1
                lost += self.account(f"after child {child_no} did not start")
                break
            self.counts["children started"] += 1
            edits_before = self.child_edits
            kill_at = time.monotonic() + self.rng.uniform(1.0, 7.0)
            while time.monotonic() < min(kill_at, deadline) and child.proc.poll() is None:
                time.sleep(self.rng.uniform(0.15, 0.9))
                self.recreate_due()
                if self.rng.random() < 0.7:
                    self.external_change()
            crashed = child.proc.poll() is not None
            child.kill()
            if crashed:
                self.problems.append("a child died by itself: " + "".join(child.stderr[-20:]))
                self.counts["children that crashed"] += 1
            else:
                self.counts["kills"] += 1
            self.counts["edits"] += max(0, self.child_edits - edits_before)
            self.child_edits = 0
            lost += self.account(f"after child {child_no}")
            if time.monotonic() >= deadline:
                break
        self.recreate_due(everything=True)
        # a last child restores whatever the journal still holds, then is stopped
        cmd = child_command(self.folder, self.journal_dir, mode="soak", seed=self.seed,
                            posts=",".join(self.posts))
        child = ChildRun(cmd, env, self.on_event)
        if not child.ready.wait(60):
            self.problems.append("the last child did not start: " + "".join(child.stderr[-20:]))
            self.counts["children that did not start"] += 1
        child.kill()
        lost += self.account("at the end")
        return lost


def _unreadable_entry(path: Path) -> bool:
    from blogdesk.core.journal import read_entry

    return read_entry(path) is None


def driver_main(args: argparse.Namespace) -> int:
    source = Path(args.posts_dir)
    work = Path(tempfile.mkdtemp(prefix="blogdesk-soak-"))
    folder, journal = work / "posts", work / "journal"
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("images"))
    seed = args.seed if args.seed is not None else random.randrange(10**6)
    print(f"soak: {args.minutes:g} min on a copy of {source} in {work} (seed {seed})",
          flush=True)
    driver = Driver(folder, journal, seed, args.verbose)
    started = time.monotonic()
    lost = driver.run(args.minutes)
    elapsed = time.monotonic() - started
    counts = driver.counts
    print(f"soak: {elapsed:.0f} s", flush=True)
    order = ["edits", "saves", "autosaves", "journal writes", "external changes", "kills",
             "recoveries", "conflicts", "conflict copies kept", "reloads", "large deletions",
             "large deletions held"]
    for key in order + sorted(k for k in counts if k not in order):
        print(f"  {key:32s} {counts.get(key, 0)}")
    print(f"  {'lost':32s} {lost}")
    for problem in driver.problems:
        print("  problem:", problem)
    for error in sorted(set(driver.child_errors))[:10]:
        print("  child error:", error)
    failed = lost > 0 or counts.get("corrupt journal entries", 0) > 0 or \
        counts.get("files in an unknown state", 0) > 0 or \
        counts.get("children that did not start", 0) > 0
    if args.keep or failed:
        print(f"soak: the folder is kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print("soak: " + ("FAILED" if failed else "nothing lost"), flush=True)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    child = sub.add_parser("child", help="an editing session (used by the driver and tests)")
    child.add_argument("--folder", required=True)
    child.add_argument("--journal", required=True)
    child.add_argument("--mode", choices=("soak", "type", "recover"), default="soak")
    child.add_argument("--seed", type=int, default=0)
    child.add_argument("--posts", default="")
    child.add_argument("--post", default="")
    child.add_argument("--save-every", type=int, default=15, help="type mode: save every N words")
    child.add_argument("--save-seconds", type=float, default=0.0,
                       help="type mode: save every N seconds instead (longer than the journal's "
                       "2 s, so text is journaled between saves)")
    child.add_argument("--pace", type=int, default=30, help="ms between typed words")
    child.add_argument("--report-text", action="store_true")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--posts-dir", default=str(SAMPLE))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "child":
        return child_main(args)
    return driver_main(args)


if __name__ == "__main__":
    sys.exit(main())
