"""What a post file is, defined once: its suffixes, the folders that hold none, one walker, and
the check every reader makes before it opens a file.

A library may be anyone's blog (a co-author's repository, a downloaded archive), so its folder
is untrusted. The walker stops at a depth and a count, never walks a folder twice (symlink
cycles), and does not follow a symlinked folder that leads outside the library. ``check_file``
refuses what is not a regular file inside the library root (FIFOs, devices, sockets, folders,
dangling links, link loops, links to ``/etc/passwd``) before anything opens it, and
``read_file`` opens without blocking and checks again what it opened.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "FILE_DIALOG_FILTER",
    "POST_SUFFIXES",
    "SKIPPED_FOLDERS",
    "NotAPostFile",
    "Skipped",
    "WalkResult",
    "check_file",
    "display",
    "is_inside",
    "is_post_name",
    "is_post_path",
    "is_post_rel",
    "is_skipped_folder",
    "read_file",
    "walk",
]

#: The suffixes of a post file (compared in lower case). Jekyll, Hugo and Eleventy read all five.
POST_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")

#: Folders that never hold posts, besides hidden ones (a leading dot: ``.git``, ``.github``,
#: ``.obsidian``...). The walkers used to disagree: the library skipped ``_site``, ``public``,
#: ``node_modules`` and ``.git``; check the same without ``.git`` (it skipped every hidden
#: folder); export also skipped ``__pycache__``. Their union is kept: ``_site`` (Jekyll) and
#: ``public`` (Hugo) are generated output, full of copies of posts or of other people's files;
#: ``node_modules`` holds dependencies' READMEs; ``__pycache__`` is Python's (a Pelican site).
SKIPPED_FOLDERS = frozenset({"_site", "public", "node_modules", "__pycache__"})

#: For a Qt file dialog: "Markdown (*.md *.markdown ...)".
FILE_DIALOG_FILTER = "Markdown (" + " ".join("*" + s for s in POST_SUFFIXES) + ")"

#: How deep the walker goes below the folder it starts at, and how many posts it lists at most.
MAX_DEPTH = 32
MAX_FILES = 200_000


class NotAPostFile(OSError):
    """A path that must not be opened as a post; ``reason`` says what it is, in plain words."""

    def __init__(self, path: Path | str, reason: str, err: int = errno.EINVAL) -> None:
        super().__init__(err, reason, os.fspath(path))
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def is_post_name(name: str) -> bool:
    """True for a visible file name with a post suffix (``.md``, ``.mkdn``...)."""
    if name.startswith("."):
        return False
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in POST_SUFFIXES


def is_post_path(path: Path | str) -> bool:
    """True if the last part of ``path`` is a post file name (drag and drop, file links)."""
    return is_post_name(os.path.basename(os.fspath(path)))


def is_skipped_folder(name: str) -> bool:
    """True for a hidden folder or a build/dependency folder that holds no posts."""
    return name.startswith(".") or name in SKIPPED_FOLDERS


def is_post_rel(rel: str) -> bool:
    """True if a relative path (``/`` separators) names a post the walk would list, by name."""
    parts = rel.split("/")
    return is_post_name(parts[-1]) and not any(is_skipped_folder(p) for p in parts[:-1])


def is_inside(path: str, root: str) -> bool:
    """True if the resolved ``path`` is ``root`` or below it (both already resolved)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def check_file(path: Path | str, root: Path | str | None = None) -> os.stat_result:
    """The stat of ``path`` when it may be opened as a post, else ``NotAPostFile``.

    It must be a regular file (after links), and when ``root`` is given its resolved path must
    be inside the resolved ``root``. Nothing is opened here. ``FileNotFoundError`` when nothing
    is there at all.
    """
    info = _regular_stat(path)
    if root is not None:
        _check_inside(path, os.path.realpath(path), root)
    return info


def read_file(
    path: Path | str, root: Path | str | None = None, max_bytes: int = 50 * 2**20
) -> tuple[bytes, os.stat_result]:
    """The bytes and stat of a post file, checked as ``check_file`` does.

    The type is checked before opening (opening a FIFO for reading waits for a writer; opening
    a device can do things), the file is opened without blocking, and what was opened must be
    what was checked (same inode; else it is checked again, a few times: an atomic save by
    another program). Inside ``root`` is checked on the open file's own path, so a link swapped
    after the check cannot lead out. Returns ``b""`` with the stat when the file is over
    ``max_bytes``; the caller says so.
    """
    for _attempt in range(3):
        checked = _regular_stat(path)
        found = _read_checked(path, checked, root, max_bytes)
        if found is not None:
            return found
    raise NotAPostFile(path, "the file kept changing while it was opened; not read")


def _regular_stat(path: Path | str) -> os.stat_result:
    try:
        info = os.stat(path)
    except OSError as exc:
        raise _describe_missing(os.fspath(path), exc) from None
    if not stat.S_ISREG(info.st_mode):
        err = errno.EISDIR if stat.S_ISDIR(info.st_mode) else errno.EINVAL
        raise NotAPostFile(path, _kind(info.st_mode), err)
    return info


def _check_inside(path: Path | str, real: str, root: Path | str) -> None:
    """``real`` (a resolved path) must be inside ``root``. Its text starting with root's plain
    absolute path is enough (that prefix of a resolved path is a real folder: root itself),
    and saves resolving root at each file; otherwise root is resolved and compared."""
    if is_inside(real, os.path.abspath(root)):
        return
    if not is_inside(real, os.path.realpath(root)):
        raise NotAPostFile(
            path, "a symbolic link to a file outside the library; not read", errno.EACCES
        )


def _read_checked(
    path: Path | str, checked: os.stat_result, root: Path | str | None, max_bytes: int
) -> tuple[bytes, os.stat_result] | None:
    """Read ``path`` if it is still the file ``checked`` describes, else None."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(os.fspath(path), flags)
    try:
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != (checked.st_dev, checked.st_ino):
            return None
        if root is not None:
            _check_inside(path, _open_path(fd, path), root)
        if info.st_size > max_bytes:
            return b"", info
        chunks = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks), info
    finally:
        os.close(fd)


def _open_path(fd: int, path: Path | str) -> str:
    """The resolved path of an open file: Linux tells it in one call; elsewhere realpath."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return os.path.realpath(path)


def _describe_missing(name: str, exc: OSError) -> OSError:
    """Why ``os.stat`` failed, in words: a dangling link and a link loop are told apart."""
    if exc.errno == errno.ELOOP:
        return NotAPostFile(
            name, "a symbolic link loop (the link leads back to itself)", errno.ELOOP
        )
    if exc.errno == errno.ENOENT and os.path.islink(name):
        target = os.readlink(name)
        return NotAPostFile(
            name, f"a dangling symbolic link (to {target}, which does not exist)", errno.ENOENT
        )
    return exc


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder, not a post file"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a post file; not read"
    if stat.S_ISSOCK(mode):
        return "a socket, not a post file; not read"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a post file; not read"
    return "not a regular file; not read"


# -- walking -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    """A post-named entry the walk left out, and why (relative path with ``/``)."""

    rel: str
    reason: str


@dataclass
class WalkResult:
    """The posts below a folder (relative path with ``/`` to stat) and what was left out."""

    found: dict[str, os.stat_result] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    truncated: bool = False  # MAX_FILES reached: the rest was not walked

    def left_out(self) -> list[Skipped]:
        """``skipped``, plus a line for the rest of the folder when the walk stopped early."""
        if not self.truncated:
            return list(self.skipped)
        rest = Skipped(".", f"more than {len(self.found):,} post files: the rest was not read")
        return [*self.skipped, rest]


def walk(
    root: Path | str,
    under: str = "",
    *,
    exclude: Iterable[Path | str] = (),
    max_depth: int = MAX_DEPTH,
    max_files: int = MAX_FILES,
) -> WalkResult:
    """Every post file below ``root`` (or its sub-folder ``under``).

    Hidden and ``SKIPPED_FOLDERS`` folders are not entered, nor those in ``exclude`` (an
    export's output folder). Symlinked folders are followed only when they lead to a folder
    inside ``root``, and a folder already seen (device and inode) is not walked again, so links
    cannot loop. Post-named entries that are not regular files inside ``root`` (FIFOs, sockets,
    dangling links, links out of the library) are listed in ``skipped`` with the reason, and
    never opened. Folders that cannot be read are left out.
    """
    walker = _Walker(os.path.realpath(root), {os.path.realpath(p) for p in exclude}, max_depth)
    start = os.path.join(root, under) if under else os.fspath(root)
    try:
        info = os.stat(start)
    except OSError:
        return walker.result
    walker.seen.add((info.st_dev, info.st_ino))
    walker.stack.append((start, f"{under}/" if under else "", 0))
    walker.run(max_files)
    return walker.result


class _Walker:
    """The state of one walk: folders still to read, folders seen, what was found."""

    def __init__(self, real_root: str, excluded: set[str], max_depth: int) -> None:
        self.real_root = real_root
        self.excluded = excluded
        self.max_depth = max_depth
        self.seen: set[tuple[int, int]] = set()
        self.stack: list[tuple[str, str, int]] = []
        self.result = WalkResult()

    def run(self, max_files: int) -> None:
        found = self.result.found
        while self.stack:
            path, prefix, depth = self.stack.pop()
            try:
                with os.scandir(path) as entries:
                    for entry in entries:
                        name = entry.name
                        try:
                            # the usual case first: a regular file with a post's name
                            if is_post_name(name) and entry.is_file(follow_symlinks=False):
                                found[prefix + name] = entry.stat(follow_symlinks=False)
                            else:
                                self._other(entry, prefix, depth)
                        except OSError:  # vanished or unreadable while we looked
                            continue
                        if len(found) >= max_files:
                            self.result.truncated = True
                            return
            except OSError:  # a folder that cannot be read is left out
                continue

    def _other(self, entry: os.DirEntry[str], prefix: str, depth: int) -> None:
        """A folder, a link, or something with a post's name that is not a regular file."""
        name = entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:  # a link loop: not a folder; a post name gets its reason below
            is_dir = False
        if is_dir:
            self._folder(entry, prefix, depth)
        elif is_post_name(name):
            try:
                self.result.found[prefix + name] = check_file(entry.path, self.real_root)
            except OSError as exc:
                reason = exc.reason if isinstance(exc, NotAPostFile) else exc.strerror or str(exc)
                self.result.skipped.append(Skipped(prefix + name, reason))

    def _folder(self, entry: os.DirEntry[str], prefix: str, depth: int) -> None:
        if is_skipped_folder(entry.name) or depth >= self.max_depth:
            return
        if entry.is_symlink() or self.excluded:
            real = os.path.realpath(entry.path)
            if real in self.excluded or not is_inside(real, self.real_root):
                return
        info = entry.stat()
        key = (info.st_dev, info.st_ino)
        if key not in self.seen:
            self.seen.add(key)
            self.stack.append((entry.path, f"{prefix}{entry.name}/", depth + 1))


def display(name: str) -> str:
    """A path as text that can always be printed: bytes that are not UTF-8 as ``\\xe9``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name
