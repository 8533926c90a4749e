"""Atomic writes of post files: temporary file, fsync, rename, folder fsync, read-back check;
and `Fingerprint`, what a file on disk looked like.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from blogdesk.core.postfile.errors import PostError


@dataclass(frozen=True)
class Fingerprint:
    """What a file looked like: its size, modification time and content hash."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of_file(cls, path: Path) -> Fingerprint | None:
        """Fingerprint the file at `path` (following links), or None when it does not exist."""
        try:
            with open(path, "rb") as f:
                st = os.fstat(f.fileno())
                digest = hashlib.sha256()
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    digest.update(chunk)
        except (FileNotFoundError, NotADirectoryError):
            return None
        return cls(st.st_size, st.st_mtime_ns, digest.hexdigest())

    @classmethod
    def of_bytes(cls, data: bytes, mtime_ns: int) -> Fingerprint:
        return cls(len(data), mtime_ns, hashlib.sha256(data).hexdigest())


def _errno_text(exc: OSError) -> str:
    name = errno.errorcode.get(exc.errno or 0)
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{reason} ({name})" if name else reason


def _resolve_links(path: Path) -> Path:
    """Follow symbolic links to the file that should be written (it need not exist yet)."""
    current = os.path.abspath(path)
    for _ in range(40):
        folder, name = os.path.split(current)
        current = os.path.join(os.path.realpath(folder), name)
        if not os.path.islink(current):
            return Path(current)
        current = os.path.join(os.path.dirname(current), os.readlink(current))
    raise PostError(path, "cannot save: too many levels of symbolic links (a link loop)",
                    None, "write")


def _umask() -> int:
    # Reading the umask with os.umask() would briefly change it for every thread.
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _fsync_folder(folder: str) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some file systems cannot sync a folder (EINVAL); the data itself was synced already.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> Fingerprint:
    """Replace the file at `path` with `data` so that it is either old or new, never partial.

    Writes a temporary file in the same folder, syncs it, gives it the original's permissions,
    renames it over the target (following symbolic links, so a link stays a link) and syncs
    the folder, then reads the result back to check it. On any failure the original is left
    byte for byte as it was, the temporary file is removed, and PostError(kind="write") names
    the file and the cause.
    """
    st = atomic_replace(path, data)
    return Fingerprint(st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())


def atomic_replace(path: Path, data: bytes) -> os.stat_result:
    """`atomic_write` without the content hash: the same steps and the same read-back check,
    for a writer that has no use for a fingerprint (the recovery journal: hashing a
    100,000-word post costs 0.6 ms of the UI thread). Returns the written file's stat."""
    path = Path(path)
    target = _resolve_links(path)
    folder = str(target.parent)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _write_error(path, exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise PostError(path, "cannot save: the path is a folder", None, "write")
    if st is not None and (not os.access(target, os.W_OK) or not st.st_mode & 0o222):
        # A rename would replace a read-only file without complaint: refuse, as QSaveFile does.
        raise PostError(path, "cannot save: the file is read-only", None, "write")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PostError(path, f"cannot save: the folder {folder} is read-only "
                        "(a safe save needs to create a file beside the post)", None, "write")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~blogdesk-", suffix=".tmp", dir=folder)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            # mkstemp makes the file 0600: give it the original's mode (or the usual one).
            mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
            os.fchmod(fd, mode)
            if st is not None and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(fd, st.st_uid, st.st_gid)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        tmp = None
        _fsync_folder(folder)
    except OSError as exc:
        raise _write_error(path, exc) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    back = _read_back(target, data)
    if back is None:
        raise PostError(path, "the saved file does not read back as written (check the disk)",
                        None, "write")
    return back


def _read_back(target: Path, data: bytes) -> os.stat_result | None:
    """The written file's stat when it reads back as `data` byte for byte, else None. (The
    bytes are compared: hashing both the data and the read-back was two passes over a post.)"""
    try:
        with open(target, "rb") as f:
            st = os.fstat(f.fileno())
            back = f.read(len(data) + 1)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return st if back == data else None


def _write_error(path: Path, exc: OSError) -> PostError:
    return PostError(path, f"cannot save: {_errno_text(exc)}", None, "write")
