"""Decisions about the file on disk behind an open post: did it change, may we save, how to open it.

Everything here is plain Python (no Qt) so the watcher, the document guard, the recovery journal
and the command line can share one set of rules, and tests can check them without a window:

- `DiskProbe.check` compares what a post was loaded or saved as (its `Fingerprint`) with the file
  now, by content: a new timestamp with the same bytes is "touched" and never worth a prompt;
- `check_before_save` is the last look before a save: a file another program changed is never
  overwritten silently;
- `write_conflict_copy` is the "Keep mine" path: the disk version is kept beside the post as
  ``<stem>.conflict-<timestamp>.md`` before the author's version replaces it (keep both);
- `open_mode` decides how a post opens (normal, read-only with a reason, or refused);
- `converted_post` reads a non-UTF-8 post as Windows-1252/Latin-1 for an explicit conversion;
- `cleanup_stale_temps` removes the temporary files a killed save left behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path

from blogdesk.core.postfile import Fingerprint, PostError, PostFile, atomic_write, parse_post

__all__ = [
    "MANUAL_PREVIEW_BYTES",
    "MAX_POST_BYTES",
    "TEMP_PREFIX",
    "TEMP_SUFFIX",
    "Conflict",
    "DiskCheck",
    "DiskProbe",
    "DiskState",
    "OpenKind",
    "OpenMode",
    "check_before_save",
    "cleanup_stale_temps",
    "conflict_copy_path",
    "converted_post",
    "decode_legacy",
    "legacy_view_post",
    "mark_unsaved",
    "open_mode",
    "recovered_post",
    "stat_is_regular",
    "write_conflict_copy",
]

TEMP_PREFIX = ".~blogdesk-"  # what atomic_write names its temporary files
TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 60.0
MAX_POST_BYTES = 50 * 2**20  # load_post's default limit: above it a file is not a post
MANUAL_PREVIEW_BYTES = 5 * 2**20  # above it the preview renders on request only
SNIFF_BYTES = 8192
READ_ONLY_PLACES = ("read-only-file", "read-only-folder")


class DiskState(str, Enum):
    """What happened to a file since blogdesk last read or wrote it."""

    UNCHANGED = "unchanged"  # same size, time and content
    TOUCHED = "touched"  # same content, new timestamp or a new file with the same bytes
    CHANGED = "changed"  # other content, written in place
    REPLACED = "replaced"  # other content in a new file (a rename-save, git checkout)
    DELETED = "deleted"  # nothing at the path (deleted, moved, or between delete and create)

    @property
    def differs(self) -> bool:
        """True when the content on disk is not what the document was based on."""
        return self in (DiskState.CHANGED, DiskState.REPLACED)


@dataclass(frozen=True)
class DiskCheck:
    """The outcome of one look at the disk."""

    state: DiskState
    now: Fingerprint | None  # the file as it is now (None when missing)
    inode: tuple[int, int] | None = None  # (device, inode) now


@dataclass(frozen=True)
class _Stamp:
    """What `stat` says about a file; equal stamps mean the content was not rewritten."""

    dev: int
    ino: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> _Stamp:
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _hash_open_file(path: Path) -> tuple[Fingerprint, _Stamp] | None:
    """The fingerprint and stat of the file at `path`, read through one descriptor."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                return None
            digest = hashlib.sha256()
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    stamp = _Stamp.of(st)
    return Fingerprint(st.st_size, st.st_mtime_ns, digest.hexdigest()), stamp


class DiskProbe:
    """Looks at one file and says how it differs from a fingerprint.

    Hashing a 20 MB post on every window focus would be wasteful, so the probe remembers the
    `stat` of the last file it hashed: when device, inode, size, mtime and ctime are all the
    same, the content is taken to be the same (what Vim and VS Code do too). `check(...,
    full=True)` always re-reads the file; saves use that.
    """

    def __init__(self) -> None:
        self._memo: tuple[Path, _Stamp, Fingerprint] | None = None
        self._inode: tuple[int, int] | None = None  # of the file the base was read from

    def remember_inode(self, path: Path) -> None:
        """Note the inode of the file now at `path` (after a load, a save or a reload)."""
        try:
            st = os.stat(path)
        except OSError:
            self._inode = None
            return
        self._inode = (st.st_dev, st.st_ino)

    def fingerprint(self, path: Path, *, full: bool = False) -> tuple[Fingerprint, _Stamp] | None:
        """The file's fingerprint now, from the memo when its stat has not moved."""
        if not full and self._memo is not None and self._memo[0] == path:
            try:
                stamp = _Stamp.of(os.stat(path))
            except OSError:
                stamp = None
            if stamp is not None and stamp == self._memo[1] and stat_is_regular(path):
                return self._memo[2], stamp
        result = _hash_open_file(path)
        if result is None:
            return None
        fp, stamp = result
        self._memo = (path, stamp, fp)
        return fp, stamp

    def check(self, path: Path, base: Fingerprint | None, *, full: bool = False) -> DiskCheck:
        """Classify the file at `path` against `base` (what the document holds)."""
        found = self.fingerprint(path, full=full)
        if found is None:
            return DiskCheck(DiskState.DELETED, None, None)
        now, stamp = found
        inode = (stamp.dev, stamp.ino)
        if base is None:
            # The document was never on disk (or its file was deleted): anything there is news.
            return DiskCheck(DiskState.REPLACED, now, inode)
        new_file = self._inode is not None and inode != self._inode
        if now.sha256 == base.sha256:
            # The content is what the document holds: whatever file carries it is the base now.
            self._inode = inode
            same_stamp = (now.size, now.mtime_ns) == (base.size, base.mtime_ns) and not new_file
            return DiskCheck(DiskState.UNCHANGED if same_stamp else DiskState.TOUCHED, now, inode)
        return DiskCheck(DiskState.REPLACED if new_file else DiskState.CHANGED, now, inode)


def stat_is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


# --------------------------------------------------------------------------------------------
# Before a save


@dataclass(frozen=True)
class Conflict:
    """The file on disk is not the one the document was based on; saving would overwrite it."""

    path: Path
    state: DiskState  # CHANGED or REPLACED
    disk: Fingerprint  # what is on disk now

    @property
    def message(self) -> str:
        return (
            f"“{self.path.name}” was changed by another program since it was opened; "
            "saving now would replace that version."
        )


def check_before_save(post: PostFile, probe: DiskProbe | None = None) -> Conflict | None:
    """A conflict when the file on disk differs in content from what `post` was loaded or
    saved from; None when saving is safe (same content, only touched, or the file is gone:
    a save then recreates it). Always re-reads the file, never trusting a cached stat."""
    check = (probe or DiskProbe()).check(post.path, post.fingerprint, full=True)
    if check.state.differs and check.now is not None:
        return Conflict(post.path, check.state, check.now)
    return None


def conflict_copy_path(path: Path, when: datetime | None = None) -> Path:
    """``<stem>.conflict-<YYYYMMDD-HHMMSS>.md`` beside `path`, numbered when taken."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = path.suffix or ".md"
    candidate = path.with_name(f"{path.stem}.conflict-{stamp}{suffix}")
    n = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem}.conflict-{stamp}-{n}{suffix}")
        n += 1
    return candidate


def write_conflict_copy(path: Path, expected: Fingerprint | None = None,
                        when: datetime | None = None) -> Path | None:
    """Keep the version on disk beside the post before the author's version replaces it.

    This is the "Keep mine, then Save" path. We keep both rather than ask again: asking again
    after the author already chose loops without end, while a copy means neither side's words
    can be lost and the author can compare and delete it at leisure. Returns the copy's path, or
    None when there is nothing on disk to keep. With `expected`, the bytes copied must be the
    version the author saw (else PostError: the file moved on again, ask anew).
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PostError(path, f"cannot read the version on disk to keep it: {exc}", None,
                        "io") from None
    if expected is not None and hashlib.sha256(data).hexdigest() != expected.sha256:
        raise PostError(path, "the file changed on disk again; look at it before saving",
                        None, "write")
    target = conflict_copy_path(path, when)
    atomic_write(target, data)
    return target


# --------------------------------------------------------------------------------------------
# Documents whose baseline is not the bytes they hold


def mark_unsaved(post: PostFile, disk: bytes = b"", fingerprint: Fingerprint | None = None) -> None:
    """Make `post` compare itself with `disk` (default: nothing) so it counts as unsaved.

    Used when the file was deleted or moved (the text stays, a save recreates the file), for
    recovered journal text and for a conversion to UTF-8. PostFile has no public way to change
    its baseline yet, so this sets it directly; the postfile owner is asked for `rebase_to`.
    """
    rebase = getattr(post, "rebase_to", None)
    if callable(rebase):
        rebase(disk, fingerprint)
        return
    post._baseline = disk
    post.fingerprint = fingerprint


def recovered_post(path: Path, text: str, base: Fingerprint | None) -> PostFile:
    """A post holding recovered `text` as unsaved edits, based on `base` (the fingerprint the
    text was typed against): a save checks the disk against `base`, so a file that changed
    since is a conflict, not a silent overwrite. The file is not written."""
    data = text.encode("utf-8")
    post = parse_post(data, path, strict=False)
    try:
        disk = path.read_bytes()
    except OSError:
        disk = b""  # the file is gone: all of the text is unsaved
    mark_unsaved(post, disk, base)
    return post


def decode_legacy(data: bytes) -> tuple[str, str]:
    """Text of a non-UTF-8 file and the encoding used: UTF-16 when it starts with its byte
    order mark, else Windows-1252, or Latin-1 when the bytes hold one of the five values
    Windows-1252 leaves undefined (Latin-1 decodes every byte)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    raw = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1 (ISO 8859-1)"


def converted_post(path: Path) -> tuple[PostFile, str]:
    """The post at `path` read as Windows-1252/Latin-1, as unsaved UTF-8 edits (the author asked
    for the conversion; `save_post` writes it atomically when they save). Returns the post and
    the encoding it was read as."""
    try:
        with open(path, "rb") as f:
            mtime_ns = os.fstat(f.fileno()).st_mtime_ns
            data = f.read()
    except OSError as exc:
        raise PostError(path, f"cannot read the file: {exc}", None, "io") from None
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data[:SNIFF_BYTES] and not utf16:
        raise PostError(path, "this looks like a binary file, not text", None, "binary")
    text, encoding = decode_legacy(data)
    post = parse_post(text.encode("utf-8"), path, strict=False)
    disk = Fingerprint(len(data), mtime_ns, hashlib.sha256(data).hexdigest())
    mark_unsaved(post, data, disk)
    return post, encoding


def legacy_view_post(path: Path) -> tuple[PostFile, str]:
    """The post at `path` decoded as Windows-1252/Latin-1 *for reading only*: unmodified, with
    the disk's fingerprint, so it can be shown read-only without a save ever being offered.
    `converted_post` is the version the author may then choose to save as UTF-8."""
    post, encoding = converted_post(path)
    fingerprint = post.fingerprint
    view = parse_post(post.to_bytes(), path, strict=False)
    view.fingerprint = fingerprint
    return view, encoding


# --------------------------------------------------------------------------------------------
# How a post opens


class OpenKind(str, Enum):
    NORMAL = "normal"
    READ_ONLY = "read-only"
    REFUSED = "refused"


@dataclass(frozen=True)
class OpenMode:
    """How a post opens: normally, read-only (with the reason), or not at all (with the reason).

    `error_kind` is the PostError kind behind a refusal or an encoding problem ("encoding",
    "binary", "too-large", "io", "read-only-file", "read-only-folder"); `manual_preview` is set for
    very large posts, whose preview renders only on request.
    """

    kind: OpenKind
    reason: str = ""
    error_kind: str = ""
    manual_preview: bool = False
    size: int = 0

    @property
    def editable(self) -> bool:
        """The text may be edited. A read-only file or folder may be: its saves fail with a
        message offering Save As. Text that is not UTF-8 may not (edits would be lossy)."""
        return self.kind is OpenKind.NORMAL or self.error_kind in READ_ONLY_PLACES

    @property
    def can_save_in_place(self) -> bool:
        return self.kind is OpenKind.NORMAL

    @property
    def can_convert(self) -> bool:
        """A non-UTF-8 text file: the author may choose to convert it."""
        return self.error_kind == "encoding"


def open_mode(path: Path, *, max_bytes: int = MAX_POST_BYTES,
              manual_preview_bytes: int = MANUAL_PREVIEW_BYTES) -> OpenMode:
    """Decide how the file at `path` opens, reading it once (no Qt, no parsing of front matter:
    bad front matter opens normally, with its error shown and the raw text editable)."""
    refused = OpenKind.REFUSED
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return OpenMode(refused, "The file does not exist (it was deleted or moved).", "io")
    except OSError as exc:
        return OpenMode(refused, f"The file cannot be read: {exc.strerror or exc}.", "io")
    if stat.S_ISDIR(st.st_mode):
        return OpenMode(refused, "This is a folder, not a post.", "io")
    if not stat.S_ISREG(st.st_mode):
        return OpenMode(refused, "This is not a regular file.", "io")
    size = st.st_size
    if size > max_bytes:
        return OpenMode(refused, f"The file is too large to be a post ({size / 2**20:.1f} MB; "
                        f"blogdesk opens posts up to {max_bytes / 2**20:.0f} MB).", "too-large",
                        size=size)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return OpenMode(refused, f"The file cannot be read: {exc.strerror or exc}.", "io")
    problem = _text_problem(data)
    if problem is not None:
        kind, reason = problem
        mode = OpenKind.READ_ONLY if kind == "encoding" else refused
        return OpenMode(mode, reason, kind, size=size)
    manual = size > manual_preview_bytes
    writable = _writability(Path(path), st)
    if writable is not None:
        kind, reason = writable
        return OpenMode(OpenKind.READ_ONLY, reason, kind, manual, size)
    return OpenMode(OpenKind.NORMAL, "", "", manual, size)


def _text_problem(data: bytes) -> tuple[str, str] | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "encoding", ("The file is UTF-16 text; blogdesk edits UTF-8 only, so it is open "
                            "read-only until you convert it.")
    if b"\x00" in data[:SNIFF_BYTES]:
        return "binary", "This looks like a binary file (it contains NUL bytes), not a post."
    raw = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return "encoding", (f"The file is not UTF-8 text (byte 0x{raw[exc.start]:02X} on line "
                            f"{line}); it is open read-only so nothing is changed by mistake.")
    return None


def _writability(path: Path, st: os.stat_result) -> tuple[str, str] | None:
    # Root passes os.access for everything, so the mode bits are looked at too (as atomic_write
    # does): a file nobody may write is treated as read-only even for root.
    if not os.access(path, os.W_OK) or not st.st_mode & 0o222:
        return "read-only-file", "The file is read-only."
    folder = Path(os.path.realpath(path)).parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return "read-only-folder", ("The folder is read-only, so the post cannot be saved "
                                    "safely in place; use Save As.")
    return None


# --------------------------------------------------------------------------------------------
# Temporary files left by a killed save


def cleanup_stale_temps(folder: Path, *, min_age: float = STALE_TEMP_SECONDS,
                        now: float | None = None) -> list[Path]:
    """Remove ``.~blogdesk-*.tmp`` files in `folder` older than `min_age` seconds that no live
    process has open; returns what was removed.

    A save writes its temporary file and renames it within milliseconds, so a temp a minute old
    is one a killed process left behind. A process that still has it open (a save stuck on a
    slow disk) owns it, and it is kept.
    """
    now = time.time() if now is None else now
    candidates: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        if not (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)):
            continue
        path = Path(folder) / name
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and now - st.st_mtime >= min_age:
            candidates.append(path)
    if not candidates:
        return []
    owned = _open_by_live_processes({os.path.realpath(p) for p in candidates})
    removed = []
    for path in candidates:
        if os.path.realpath(path) in owned:
            continue
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
            removed.append(path)
    return removed


def _open_by_live_processes(paths: set[str]) -> set[str]:
    """Which of `paths` some process has open (Linux /proc; elsewhere, none are known)."""
    proc = Path("/proc")
    found: set[str] = set()
    if not proc.is_dir():
        return found
    for entry in os.scandir(proc):
        if not entry.name.isdigit():
            continue
        try:
            fds = os.scandir(os.path.join(entry.path, "fd"))
        except OSError:
            continue
        with fds:
            for fd in fds:
                with contextlib.suppress(OSError):
                    target = os.readlink(fd.path)
                    if target in paths:
                        found.add(target)
    return found
