"""What the open post's session tells the author: notices with a key, a level, a sentence that
names the problem and the way out, and buttons for that way out.

Each notice has a key (one notice per key: showing it again replaces the text). The builders
below (`save_failed_notice`, `front_matter_notice`...) hold the wording, so every part of the app
says a thing the same way. The notice bar in ui/ shows them; nothing here knows about Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from blogdesk.core.diskcheck import OpenKind, OpenMode
from blogdesk.core.postfile import PostError

INFO, WARNING, ERROR = "info", "warning", "error"

# Keys: one notice of each kind at a time.
KEY_CONFLICT = "conflict"
KEY_DELETED = "deleted"
KEY_SAVE_FAILED = "save-failed"
KEY_MODE = "open-mode"
KEY_FRONT_MATTER = "front-matter"
KEY_PREVIEW = "preview"
KEY_PREVIEW_TIMEOUT = "preview-timeout"
KEY_JOURNAL = "journal"
KEY_KEPT_COPY = "kept-copy"


@dataclass(frozen=True)
class NoticeAction:
    """A button on a notice."""

    label: str
    callback: Callable[[], object]
    name: str = ""  # the button's objectName (tests find it by this)
    tip: str = ""  # the button's tooltip


@dataclass(frozen=True)
class Notice:
    """One message on the bar; see the module docstring."""

    key: str
    text: str
    level: str = INFO
    actions: tuple[NoticeAction, ...] = ()
    closable: bool = True


# --------------------------------------------------------------------------------------------
# The wording of each notice


def _act(label: str, callback: Callable[[], object] | None) -> tuple[NoticeAction, ...]:
    return (NoticeAction(label, callback),) if callback is not None else ()


_FORMAT_NAMES = {"yaml": "YAML", "toml": "TOML", "json": "JSON"}


def front_matter_notice(error: PostError,
                        show_raw: Callable[[], object] | None = None) -> Notice:
    """Front matter that could not be read: where, why, and that nothing is lost."""
    where = f"Front matter on line {error.line}" if error.line else "The front matter"
    message = error.message.rstrip(".")
    prefix = f"invalid {_FORMAT_NAMES.get(error.kind, '')} front matter: "
    if message.lower().startswith(prefix.lower()):
        message = message[len(prefix):]
    if error.kind == "not-mapping":
        what = f"{where} is not a set of `key: value` fields: {message}"
    else:
        what = f"{where} is not valid {_FORMAT_NAMES.get(error.kind, 'front matter')}: {message}"
    return Notice(
        KEY_FRONT_MATTER,
        f"{what}; the raw front matter is editable in the Raw tab; saving keeps your text as "
        "written.",
        WARNING,
        _act("Edit Raw…", show_raw),
    )


def encoding_notice(reason: str, convert: Callable[[], object] | None = None) -> Notice:
    """A post that is not UTF-8: read-only, and converting it is the author's choice."""
    return Notice(KEY_MODE, reason, WARNING, _act("Convert to UTF-8…", convert), closable=False)


def refused_notice(path: Path, reason: str) -> Notice:
    """A file that is not opened as text at all (binary, too large, unreadable)."""
    return Notice(KEY_MODE, f"“{path.name}” is not opened as text. {reason}", ERROR,
                  closable=False)


def read_only_notice(reason: str, save_as: Callable[[], object] | None = None) -> Notice:
    """A read-only file or folder."""
    return Notice(KEY_MODE, f"{reason} It is open read-only; Save As… keeps a copy you can edit.",
                  WARNING, _act("Save As…", save_as), closable=False)


def manual_preview_notice(size: int, render: Callable[[], object] | None = None) -> Notice:
    """A very large post: typing stays quick because the preview waits to be asked."""
    return Notice(
        KEY_PREVIEW,
        f"This post is large ({size / 2**20:.0f} MB), so the preview updates only when you "
        "ask it to.",
        INFO,
        _act("Refresh Preview", render),
    )


def open_mode_notice(path: Path, mode: OpenMode, *, convert: Callable[[], object] | None = None,
                     save_as: Callable[[], object] | None = None) -> Notice | None:
    """The notice for how a post opened, or None when it opened normally."""
    if mode.kind is OpenKind.REFUSED:
        return refused_notice(path, mode.reason)
    if mode.kind is OpenKind.READ_ONLY:
        if mode.can_convert:
            return encoding_notice(mode.reason, convert)
        return read_only_notice(mode.reason, save_as)
    return None


def save_failed_notice(cause: str, save_as: Callable[[], object] | None = None) -> Notice:
    """A save that failed: the cause, and the promise that the edits are still there."""
    cause = cause.strip().rstrip(".")
    return Notice(KEY_SAVE_FAILED, f"Could not save: {cause}. Your edits are kept.", ERROR,
                  _act("Save As…", save_as))


def preview_timeout_notice(message: str, retry: Callable[[], object] | None = None) -> Notice:
    """A render that took too long: the preview stopped, nothing else did."""
    message = message.strip().rstrip(".")
    return Notice(KEY_PREVIEW_TIMEOUT, f"{message}. Typing and saving are not affected.",
                  WARNING, _act("Try Again", retry))


def conflict_notice(name: str, reload: Callable[[], object], keep: Callable[[], object],
                    compare: Callable[[], object]) -> Notice:
    """Another program changed the post while it has unsaved edits: the author chooses."""
    return Notice(
        KEY_CONFLICT,
        f"“{name}” was changed by another program while you have unsaved edits.",
        WARNING,
        (
            NoticeAction("Reload", reload, "noticeReload",
                         "Take the version on disk; your unsaved edits are dropped"),
            NoticeAction("Keep Mine", keep, "noticeKeepMine",
                         "Keep your version; saving keeps the other one beside it as "
                         "<name>.conflict-<time>.md"),
            NoticeAction("Compare…", compare, "noticeCompare",
                         "Look at both versions side by side before choosing"),
        ),
        closable=False,
    )


def deleted_notice(save: Callable[[], object] | None = None,
                   save_as: Callable[[], object] | None = None) -> Notice:
    """The post's file disappeared: its text stays open, unsaved."""
    return Notice(
        KEY_DELETED,
        "The file was deleted or moved on disk; save to recreate it.",
        WARNING,
        _act("Save", save) + _act("Save As…", save_as),
    )


def conflict_copy_notice(copy: Path) -> Notice:
    """After Keep Mine and Save: where the other version went."""
    return Notice(KEY_KEPT_COPY, f"The version from disk was kept as “{copy.name}” beside "
                  "your post.", INFO)


def journal_failed_notice(cause: str) -> Notice:
    """The recovery copy could not be written (a full disk): editing goes on."""
    cause = cause.strip().rstrip(".")
    return Notice(KEY_JOURNAL, f"Could not write the recovery copy: {cause}. You can keep "
                  "writing; save soon to be safe.", WARNING)


def large_deletion_notice(confirm: Callable[[], object] | None = None) -> Notice:
    """The journal kept the text from before a large deletion."""
    return Notice(KEY_JOURNAL, "Recovery copy kept from before the large deletion.", INFO,
                  _act("Update Recovery Copy", confirm))
