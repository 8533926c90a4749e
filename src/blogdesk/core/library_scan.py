"""Reading the post files of a library (found by ``files.walk``) quickly, for the library index,
into ``PostEntry`` (``core.post_entry``), the one record of a post in a list.

Reading is split in two so a big library shows its list early:

- ``read_summary`` gives the list's ``PostEntry`` (title, dates, tags, status...) and an estimate of
  the words from counting spaces. ``library_yaml`` reads ordinary YAML front matter some twenty
  times faster than the lossless ruamel.yaml reader in ``postfile`` (about 30 us against 1 ms).
- ``read_details`` gives the exact word count (``stats.count_text``: about 0.5 ms for 800 words,
  more than everything else together) and the body for the full-text index.

With the library's site (``core.sites``), its conventions apply: a date from the file name
(Jekyll, Zola...) when the front matter has none, and drafts by folder (Jekyll's ``_drafts/``).

The fast path only takes what it reads exactly as ``postfile`` does (``---`` fences, YAML 1.2
scalars, no duplicate keys); anything else, and every error, goes through ``postfile.load_post``
so messages and values are the editor's own. The functions here are top level and take plain
strings so a process pool can run them.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from blogdesk.core import files, library_yaml
from blogdesk.core.library_yaml import Unusual
from blogdesk.core.post import Post, Status
from blogdesk.core.post_entry import PostEntry, status_of, timestamp
from blogdesk.core.stats import DEFAULT_WPM, count_text, reading_minutes

if TYPE_CHECKING:
    from blogdesk.core.sites.config import Site

MAX_BYTES = 10 * 2**20
T = TypeVar("T")


class Scanned(NamedTuple):
    """One file as a scan read it: its entry, the stat it was read at and, when asked, the body
    (then the entry's words are exact; otherwise an estimate)."""

    rel: str
    size: int
    mtime_ns: int
    entry: PostEntry
    body: str | None


class Details(NamedTuple):
    """The exact word count and the body of one file, for the full-text index."""

    rel: str
    size: int
    mtime_ns: int
    words: int
    body: str


# -- reading one file ----------------------------------------------------------------------------


def error_text(exc: Exception) -> str:
    """``line N: message`` for a PostError with a line, else its message."""
    message = getattr(exc, "message", None) or str(exc)
    line = getattr(exc, "line", None)
    return f"line {line}: {message}" if line else message


def _read_careful(path: str) -> tuple[dict[str, Any], str, str | None]:
    """Metadata, body and error text by way of postfile (the exact, slower reader)."""
    from blogdesk.core.postfile import PostError, load_post

    try:
        post = load_post(Path(path), strict=False, max_bytes=MAX_BYTES)
    except PostError as exc:
        return {}, "", error_text(exc)
    error = error_text(post.error) if post.error is not None else None
    return (post.metadata if error is None else {}), post.body, error


def read_text(
    path: str, root: str | None = None
) -> tuple[dict[str, Any], str, str | None, os.stat_result] | None:
    """Metadata, body, error text and the stat of the bytes read; None if the file is gone.

    The file must be a regular file inside ``root`` (``files.check_file``): anything else gets
    the reason as its error and is never opened. Files over 10 MB are not read, and binary ones
    not parsed: postfile gives the reason.
    """
    try:
        data, st = files.read_file(path, root, MAX_BYTES)
    except FileNotFoundError:
        return None
    except files.NotAPostFile as exc:
        try:
            st = os.lstat(path)
        except OSError:
            return None
        return {}, "", exc.reason, st
    except OSError:  # e.g. no permission: postfile says so
        try:
            st = os.stat(path)
        except OSError:
            return None
        data = b""
    try:
        if not data:
            raise Unusual("not read")
        metadata, body = library_yaml.split_plain(data)
        return metadata, body, None, st
    except Exception:  # Unusual, or anything else the fast path trips on: postfile decides
        pass
    try:
        metadata, body, error = _read_careful(path)
    except Exception as exc:  # one file must never stop a scan: it shows the reason instead
        return {}, "", f"could not read this file ({type(exc).__name__}: {exc})", st
    return metadata, body, error, st


# -- from metadata to a row ----------------------------------------------------------------------


def _words_estimate(body: str) -> int:
    """About the words of ``body``: spaces and half the line ends, less four-space indentation.

    Measured on the sample posts, the benchmark's and the test files: within 0.6% of
    ``count_text`` for half of them and 3.6% for nine in ten, at most 18% over (a cheat sheet
    full of markup); ``len(body.split())`` is no closer and three times slower (40 us against
    13 us for 800 words, a third of all the work of listing a post).
    """
    return body.count(" ") - 4 * body.count("    ") + body.count("\n") // 2


def read_summary(folder: str, rel: str, keep_body: bool = False, site: Site | None = None,
                 wpm: int = DEFAULT_WPM) -> Scanned | None:
    """What the list shows of ``folder/rel``; exact words when ``keep_body``. None if gone.

    ``site``: the library's site, whose conventions fill in a date and a draft by the path;
    ``wpm``: the reading speed of the minutes.
    """
    path = os.path.join(folder, rel)
    result = read_text(path, folder)
    if result is None:
        return None
    metadata, body, error, st = result
    path_draft = False
    if site is not None and site.generator != "blogdesk":
        metadata, path_draft = _with_conventions(site, rel, metadata, st.st_mtime)
    file = Path(path)
    try:
        post = Post.from_metadata(file, metadata, body)
    except Exception as exc:  # a bad value must not stop the scan; the post shows the reason
        error = error or f"could not read the metadata: {exc}"
        post = Post.from_metadata(file, {}, body)
    words = count_text(body).words if keep_body else _words_estimate(body)
    draft = post.draft or post.status == Status.DRAFT or path_draft
    entry = PostEntry.of_post(
        post, words, reading_minutes(words, wpm), error, title=post.title.strip() or Path(rel).stem,
        status=status_of(draft, timestamp(post.date), time.time()),
    )
    return Scanned(rel, st.st_size, st.st_mtime_ns, entry, body if keep_body else None)


def _with_conventions(site: Site, rel: str, metadata: dict[str, Any], mtime: float = 0.0
                      ) -> tuple[dict[str, Any], bool]:
    """The metadata with the date the file name gives (when it has none; a Jekyll draft's is
    its file's ``mtime``), and whether the post is a draft by its folder."""
    from blogdesk.core.sites.conventions import draft_date, is_draft_path, path_date

    if not any(key in metadata for key in ("date", "Date")):
        day = path_date(site, rel) or (draft_date(site, rel, mtime) if mtime else None)
        if day is not None:
            metadata = {**metadata, "date": day}
    return metadata, is_draft_path(site, rel)


def read_summaries(folder: str, rels: list[str], keep_body: bool = False,
                   site: Site | None = None, wpm: int = DEFAULT_WPM) -> list[Scanned]:
    """``read_summary`` for many files (one task of a process pool); vanished files left out."""
    out = []
    for rel in rels:
        row = read_summary(folder, rel, keep_body, site, wpm)
        if row is not None:
            out.append(row)
    return out


def read_details(folder: str, rel: str) -> Details:
    """The exact word count and body of ``folder/rel`` (none when the file is gone)."""
    result = read_text(os.path.join(folder, rel), folder)
    if result is None:  # gone: nothing to count; the next refresh drops its row
        return Details(rel, -1, -1, 0, "")
    _, body, _, st = result
    return Details(rel, st.st_size, st.st_mtime_ns, count_text(body).words, body)


def read_many_details(folder: str, rels: list[str]) -> list[Details]:
    """``read_details`` for many files (one task of a process pool)."""
    return [read_details(folder, rel) for rel in rels]


# -- using both cores ----------------------------------------------------------------------------


def worker_count() -> int:
    """How many processes a scan may use: the cores this process may run on, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def _pool_context() -> Any:
    """``fork`` on Linux: children start in milliseconds and import nothing again.

    Forking a process that runs other threads (Qt's, our indexer) is safe here because the
    children only run ``read_summaries``/``read_many_details`` (Python, PyYAML, regular
    expressions) and never touch a lock another thread could hold: no Qt, no SQLite, no logging.
    ``forkserver`` and ``spawn`` would import the program's ``__main__`` again in each child.
    Elsewhere (macOS, Windows) fork is unsafe or missing, so ``spawn``.
    """
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_child(background: bool) -> None:
    """A pool child's first step. A forked child shares the app's memory until it writes to
    a page; Python's garbage collector would write to every object it inherited (tens of
    thousands: the app's modules, its Qt wrappers, the library's entries) as it looks for
    cycles, copying nearly all of the app's Python heap into each child. Frozen, they are
    never looked at. Background work also runs at a lower priority. (The app keeps Python's
    own collector off, for a collection on its GUI thread only; a child runs no Qt: it is on.)"""
    gc.freeze()
    gc.enable()
    if background:
        _lower_priority()


def _lower_priority() -> None:
    """Let the app (and everything else) go first while a pool works in the background."""
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(10)


def map_chunks(
    func: Callable[[str, list[str]], list[T]],
    folder: str,
    rels: list[str],
    on_chunk: Callable[[list[T]], None],
    *,
    workers: int,
    chunk_size: int,
    stop: threading.Event | None = None,
    background: bool = False,
) -> None:
    """Run ``func(folder, chunk)`` over ``rels`` in chunks, on ``workers`` processes when more
    than one, and hand each result to ``on_chunk`` in this thread as it arrives.

    Falls back to this process when a pool cannot start or breaks, so a scan always finishes;
    stops early when ``stop`` is set. ``background`` work runs at a lower priority.
    """
    chunks = [rels[i : i + chunk_size] for i in range(0, len(rels), chunk_size)]
    if workers > 1 and len(chunks) > 1:
        chunks = _map_in_pool(func, folder, chunks, on_chunk, workers, stop, background)
    for chunk in chunks:
        if stop is not None and stop.is_set():
            return
        on_chunk(func(folder, chunk))


def _map_in_pool(
    func: Callable[[str, list[str]], list[T]],
    folder: str,
    chunks: list[list[str]],
    on_chunk: Callable[[list[T]], None],
    workers: int,
    stop: threading.Event | None,
    background: bool,
) -> list[list[str]]:
    """Run chunks on a pool; return the chunks it could not do (all of them if it never ran)."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    try:
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=_pool_context(),
            initializer=_start_child,
            initargs=(background,),
        )
    except (OSError, ValueError, ImportError):  # no /dev/shm, no semaphores: do it here
        return chunks
    pending = {pool.submit(func, folder, chunk): chunk for chunk in chunks}
    try:
        while pending:
            done, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            if stop is not None and stop.is_set():
                return []
            for future in done:
                result = future.result()
                del pending[future]
                on_chunk(result)
    except (BrokenProcessPool, OSError):
        return list(pending.values())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return []
