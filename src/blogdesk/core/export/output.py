"""Writing into the output folder, and nowhere else.

Every path written, copied to or removed is a plain relative path (no ``..``, not absolute)
whose folder, once symbolic links are followed, is inside the output folder; a symbolic link in
the place of a file is replaced, never written through. A copied file must be a regular file
inside the library root. The output folder may come with a shared blog (``_site/``,
``public/``), so what is already in it decides nothing.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path, PurePosixPath

__all__ = ["OutsideOutput", "confined", "copy_into", "remove", "write_text"]

_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)


class OutsideOutput(ValueError):
    """A path that would leave the output folder, or a source outside the library; the message
    says why, to follow the path it is about."""


def confined(outdir: Path, rel: object) -> Path | None:
    """``outdir / rel`` when ``rel`` stays inside ``outdir`` (a resolved path); else None."""
    if not isinstance(rel, str) or not rel or "\x00" in rel or "\\" in rel:
        return None
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        return None
    target = outdir.joinpath(*pure.parts)
    try:
        folder = target.parent.resolve()  # follows the links of the folders that exist
    except (OSError, RuntimeError):  # a link loop
        return None
    if folder != outdir and not folder.is_relative_to(outdir):
        return None
    return target


def _checked(outdir: Path, rel: str) -> Path:
    target = confined(outdir, rel)
    if target is None:
        raise OutsideOutput("not written: the path leads outside the output folder")
    return target


def _open_for_write(target: Path) -> int:
    """A new file at ``target``; a symbolic link there is removed first, not followed."""
    try:
        return os.open(target, _WRITE_FLAGS, 0o666)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        if not target.is_symlink():
            raise
        target.unlink()
    return os.open(target, _WRITE_FLAGS, 0o666)


def write_text(outdir: Path, rel: str, text: str) -> None:
    """Write ``text`` to ``outdir/rel`` (in place: the record is saved last, so a page cut short
    by an interrupted export still has its old inputs recorded and is written again)."""
    data = text.encode("utf-8", "replace")  # a lone surrogate must not stop the page
    fd = _open_for_write(_checked(outdir, rel))
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def copy_into(outdir: Path, rel: str, source: Path, root: Path) -> bool:
    """Copy ``source`` (a regular file inside the resolved library ``root``) to ``outdir/rel``,
    with its mtime, unless a copy of the same size and mtime is there; True when copied."""
    real = Path(source).resolve()
    if not real.is_relative_to(root):
        raise OutsideOutput(f"not copied: {source} is outside the library")
    src_stat = os.stat(real)
    if not stat.S_ISREG(src_stat.st_mode):
        raise OutsideOutput(f"not copied: {source} is not a regular file")
    target = _checked(outdir, rel)
    with contextlib.suppress(OSError):
        dest_stat = os.lstat(target)
        if os.path.samestat(src_stat, dest_stat):
            return False  # the image itself (a page exported beside its post)
        if (
            stat.S_ISREG(dest_stat.st_mode)
            and dest_stat.st_size == src_stat.st_size
            and dest_stat.st_mtime_ns == src_stat.st_mtime_ns
        ):
            return False
    import shutil

    with open(real, "rb") as src, os.fdopen(_open_for_write(target), "wb") as dest:
        shutil.copyfileobj(src, dest)
    os.utime(target, ns=(src_stat.st_atime_ns, src_stat.st_mtime_ns), follow_symlinks=False)
    return True


def remove(outdir: Path, rel: str) -> bool:
    """Remove ``outdir/rel`` (a link itself, never what it points to) and the folders it
    leaves empty; False when the path is not inside the output folder or not there."""
    target = confined(outdir, rel)
    if target is None:
        return False
    try:
        target.unlink()
    except OSError:
        return False
    folder = target.parent
    while folder != outdir and folder.is_relative_to(outdir):
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent
    return True
