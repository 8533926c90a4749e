"""A fake `DocumentView` (and controller view) for tests without widgets: it records what the
session shows and answers its questions from scripted lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from blogdesk.core.document import EditorPosition, SessionEvent
from blogdesk.core.document.notices import Notice


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeView:
    """Records notices, messages, errors and events; answers from lists (a question with no
    scripted answer is a test failure, except Save/Discard/Cancel, which cancels)."""

    body: str = ""
    cursor: int = 0
    answers: list[str] = field(default_factory=list)  # save / discard / cancel
    confirms: list[bool] = field(default_factory=list)
    texts: list[str | None] = field(default_factory=list)
    paths: list[Path | None] = field(default_factory=list)
    compare_answers: list[str | None] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    notices: dict[str, Notice] = field(default_factory=dict)
    notice_history: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    events: list[tuple[SessionEvent, Path]] = field(default_factory=list)
    shown: list[Path | None] = field(default_factory=list)
    compares: list[tuple[str, str, str]] = field(default_factory=list)
    read_only: bool = False
    preview_manual: bool = False
    watched: Path | None = None
    wake: float | None = None
    library_changes: int = 0
    flushes: int = 0
    positions: list[EditorPosition] = field(default_factory=list)
    pressed: list[str] = field(default_factory=list)  # refresh_preview, show_raw, recovery

    # -- showing -----------------------------------------------------------------------------
    def show_document(self, doc: Any, keep_text: bool = False) -> None:
        self.shown.append(doc.path if doc else None)
        if not keep_text:
            self.body = doc.body if doc is not None else ""

    def document_state_changed(self) -> None:
        pass

    def library_changed(self, select: Path | None = None,
                        changed: Sequence[Path] | None = None) -> None:
        self.library_changes += 1

    def library_opened(self, library: Any) -> None:
        pass

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only

    def set_preview_manual(self, manual: bool) -> None:
        self.preview_manual = manual

    def show_notice(self, notice: Notice) -> None:
        self.notices[notice.key] = notice
        self.notice_history.append(notice.text)

    def clear_notice(self, key: str) -> None:
        self.notices.pop(key, None)

    def show_message(self, text: str) -> None:
        self.messages.append(text)

    def show_error(self, text: str) -> None:
        self.errors.append(text)

    def notify(self, event: SessionEvent, path: Path) -> None:
        self.events.append((event, path))

    # -- asking ------------------------------------------------------------------------------
    def ask_save_discard_cancel(self, title: str) -> str:
        self.asked.append(f"unsaved:{title}")
        return self.answers.pop(0) if self.answers else "cancel"

    def confirm(self, text: str, ok_label: str = "OK", details: str = "") -> bool:
        self.asked.append(f"confirm:{text}")
        return self.confirms.pop(0)

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        self.asked.append(f"text:{label}")
        return self.texts.pop(0)

    def ask_save_path(self, title: str, start: Path, filter: str = "") -> Path | None:
        self.asked.append(f"path:{title}")
        return self.paths.pop(0)

    def ask_folder(self, title: str, start: Path) -> Path | None:
        return self.paths.pop(0)

    def show_compare(self, name: str, disk_text: str, mine_text: str) -> str | None:
        self.compares.append((name, disk_text, mine_text))
        return self.compare_answers.pop(0) if self.compare_answers else None

    def run_task(self, title: str, work: Callable[..., Any],
                 done: Callable[[Any, BaseException | None], None]) -> None:
        try:
            result = work(lambda *_a: None)
        except Exception as exc:
            done(None, exc)
        else:
            done(result, None)

    # -- the editor --------------------------------------------------------------------------
    def current_body(self) -> str:
        return self.body

    def flush_edits(self) -> None:
        self.flushes += 1

    def cursor_position(self) -> int:
        return self.cursor

    def capture_position(self) -> EditorPosition | None:
        return EditorPosition(len(self.body.splitlines()), 0, 0, 0, 0, 0)

    def restore_position(self, position: EditorPosition) -> None:
        self.positions.append(position)

    # -- notice buttons and adapters ---------------------------------------------------------
    def refresh_preview(self) -> None:
        self.pressed.append("refresh_preview")

    def show_raw_front_matter(self) -> None:
        self.pressed.append("show_raw")

    def show_recovery(self) -> None:
        self.pressed.append("recovery")

    def watch_file(self, path: Path | None) -> None:
        self.watched = path

    def check_disk(self) -> None:
        self.asked.append("check_disk")

    def wake_in(self, seconds: float | None) -> None:
        self.wake = seconds

    # -- helpers for tests -------------------------------------------------------------------
    def press(self, key: str, label: str) -> None:
        """Click the button ``label`` of the notice ``key``."""
        next(a for a in self.notices[key].actions if a.label == label).callback()

    def text(self, key: str) -> str:
        return self.notices[key].text

    def kinds(self) -> list[SessionEvent]:
        return [event for event, _ in self.events]
