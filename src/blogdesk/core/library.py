"""The library: an index of a folder of posts, with search, filters, tags, categories and status.

``Library.open(root)`` takes a posts folder or a Jekyll, Hugo or Eleventy site root (see
``find_posts_dir``; ``posts_dir`` in the root's ``blogdesk.toml`` wins), walks it and keeps what
each post's front matter says in a SQLite index in the user's cache folder. Opening again
re-reads only the files whose size or modification time changed.

Two steps, so a big library lists quickly:

1. ``open`` returns once every post is listed: titles, dates, tags, status and an estimate of
   the words (spaces counted). With many files both cores read them.
2. Exact word counts (``stats.count_text``) and the full-text index follow. For a few changed
   files (up to ``INLINE_DETAILS``) this happens before ``open`` or ``refresh`` returns; after a
   bigger change (the first open of a big library) a background thread does it with a process
   pool. Until it is done, ``words``/``minutes`` of those posts are estimates and a text search
   falls back to matching title, summary and tags with LIKE (case-insensitive for ASCII only).
   ``is_indexed``, ``wait_until_indexed()`` and the ``on_indexed`` callback tell when it is done.

Search (syntax in ``library_search``) covers title, summary, tags and the Markdown body as
written, ranked by BM25 with a title match weighing most.

Threads: every method may be called from any thread, the Qt UI thread included; queries take
milliseconds (measured in ``bench/bench_library.py``), but ``open`` and a big ``refresh`` read
files. Each thread gets its own SQLite connection (made on first use); writes (open, refresh,
tag operations, the indexer) are serialized by a lock. ``on_indexed`` runs on the indexer
thread: a Qt caller passes something thread-safe, such as a signal's ``emit``. Call ``close``
once, when no other thread uses the library any more; it stops the indexer, which resumes at
the next open. A big scan uses worker processes (``library_scan.map_chunks``).
"""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blogdesk.core import files, library_db
from blogdesk.core.config import Config, load_config
from blogdesk.core.library_db import SEPARATOR
from blogdesk.core.post import Status
from blogdesk.core.post_entry import PostEntry, PostRow, iso, moment, status_of, timestamp
from blogdesk.core.stats import reading_minutes

if TYPE_CHECKING:
    from blogdesk.core import library_scan, library_search
    from blogdesk.core.sites.config import Site

__all__ = ["Library", "PostEntry", "PostRow", "Query", "TagChange", "find_posts_dir"]

SORTS = ("date", "updated", "title", "reading", "relevance")
# Below this many files to list, a process pool costs more than it saves (measured: at 2,000
# files one process took 0.25 s of CPU, two took 0.35 s, and a busy machine gains nothing).
PARALLEL_FROM = 1000
# Word counts and search text are done by a pool from this many files: in the indexer thread
# the work would hold the GIL the UI thread needs (count_text is about 0.5 ms a post).
PARALLEL_DETAILS_FROM = 50
# Up to this many changed files get exact words and search text before open/refresh returns.
INLINE_DETAILS = 200
_SUMMARY_CHUNK = 250
_DETAILS_CHUNK = 100
_DETAILS_BATCH = 500  # about 0.1 s of writing with the write lock held
# bm25 weights of the fts columns title, summary, tags, body: a title match counts most.
_RANK = "bm25(fts, 10.0, 3.0, 5.0, 1.0)"
SNIPPET_LIMIT = 50  # snippets for the best matches only (each costs a read of the body)
_COUNT_MATCHES = "SELECT count(*) FROM fts WHERE fts MATCH ?"
_MATCHES = "SELECT rowid FROM fts WHERE fts MATCH ?"  # a post's id is its fts rowid

_POST_COLUMNS = (
    "size, mtime_ns, title, title_key, date, date_ts, day, updated, updated_ts, "
    "categories, tags, summary, author, draft, words, error, indexed, rel"
)
_MARKS = ", ".join("?" * 18)
# What a PostRow is made of (``_row_maker``), as selected with the posts table named p.
_ROW_COLUMNS = (
    "p.rel, p.title, p.date, p.updated, p.draft, p.date_ts, p.categories, p.tags, p.summary, "
    "p.author, p.words, p.error"
)
_STATUSES = {status.value: status for status in Status}
_SEPARATOR_ESCAPED = "\\u001f"  # SEPARATOR as JSON escapes it


@dataclass(frozen=True)
class Query:
    """What to list: filters that all apply, and an order.

    ``sort`` is "date", "updated" (falls back to the date), "title", "reading" or "relevance"
    (best text match first; the date when there is no text). Posts without a date sort last.
    """

    text: str = ""
    tag: str | None = None
    category: str | None = None
    status: Status | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "date"
    descending: bool = True


@dataclass(frozen=True)
class TagChange:
    """The tags of one post before and after a tag operation; ``error`` if it was skipped."""

    path: Path
    before: tuple[str, ...]
    after: tuple[str, ...]
    error: str | None = None


def find_posts_dir(root: Path) -> Path:
    """The posts folder of a site root (``_posts``, ``content/posts``, ``content``), else root:
    ``sites.conventions.find_posts_dir``, where it is defined (an export finds it there without
    loading this module)."""
    from blogdesk.core.sites.conventions import find_posts_dir as find

    return find(root)


def _split(joined: str) -> tuple[str, ...]:
    return tuple(joined.split(SEPARATOR)) if joined else ()


class Library:
    """The index of one posts folder; build it with ``Library.open``."""

    root: Path
    config: Config
    posts_dir: Path
    db_path: Path

    def __init__(
        self,
        root: Path,
        posts_dir: Path,
        config: Config,
        db_path: Path,
        *,
        workers: int | None = None,
        on_indexed: Callable[[], None] | None = None,
    ) -> None:
        self.root = root
        self.posts_dir = posts_dir
        self.config = config
        self.db_path = db_path
        self._base = os.fspath(posts_dir)
        self._real_base = os.path.realpath(posts_dir)
        self._workers = workers  # None: library_scan.worker_count(), asked when a scan runs
        self._on_indexed = on_indexed
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()  # connections list and entry cache
        self._write_lock = threading.RLock()
        self._entries: dict[int, PostEntry] = {}
        self._indexed = threading.Event()
        self._stop = threading.Event()
        self._indexer: threading.Thread | None = None
        self._closed = False
        #: Post-named entries the last full walk left out, with the reason (never opened).
        self.skipped: list[files.Skipped] = []
        #: The site the library belongs to (core.sites): its conventions apply to the list.
        self.site: Site | None = None
        self._post_filter: Callable[[str], bool] | None = None  # the site's, made on first use
        self._progress: Callable[[int, int, str], None] | None = None

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        root: Path,
        cache_dir: Path | None = None,
        *,
        background: bool = True,
        workers: int | None = None,
        on_indexed: Callable[[], None] | None = None,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> Library:
        """Open the library at ``root`` (a posts folder or a site root) and bring its index up
        to date with the files.

        ``cache_dir`` replaces the user's cache folder. With ``background=False`` the words and
        the full-text index are complete when this returns. ``workers`` caps the processes of a
        big scan (default: the cores). ``on_indexed`` is called from the indexer thread when a
        background indexing finishes. ``progress(done, total, label)`` follows the reading and
        the indexing done before this returns (the command line's bar). Raises OSError when
        root is not a folder, and ``ConfigError`` for a bad ``blogdesk.toml``.
        """
        root = Path(os.path.abspath(root))
        if not root.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(root))
        config = load_config(root)
        posts_dir = root / config.posts_dir if config.posts_dir else find_posts_dir(root)
        posts_dir = Path(os.path.abspath(posts_dir))
        if not posts_dir.is_dir():
            raise FileNotFoundError(errno.ENOENT, "the posts folder does not exist", str(posts_dir))
        db_path = library_db.database_path(posts_dir, cache_dir)
        library = cls(root, posts_dir, config, db_path, workers=workers, on_indexed=on_indexed)
        from blogdesk.core.sites.detect import detect_site

        library.site = detect_site(root, override=config.generator)
        library._progress = progress
        try:
            library._start(background)
        except sqlite3.DatabaseError:  # damage found past the header: start from scratch once
            library._drop_connections()
            library_db.delete_database(db_path)
            library._start(background)
        library._progress = None  # a background indexer reports to nobody
        return library

    def _start(self, background: bool) -> None:
        self._local.conn = library_db.open_database(self.db_path)
        self._connections.append(self._local.conn)
        self._read_under_site(again=library_db.read_fact(self._local.conn, "site") != self._rules())
        if not self._has_unindexed():
            self._indexed.set()
        elif background:
            self._indexer = threading.Thread(
                target=self._index_in_background, name="blogdesk-library-index", daemon=True
            )
            self._indexer.start()
        else:
            self._index_all()
            self._indexed.set()

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            if self._closed:
                raise RuntimeError("the library is closed")
            conn = library_db.connect(self.db_path)
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _drop_connections(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
            self._entries.clear()
        self._local = threading.local()

    def close(self) -> None:
        """Stop background indexing and close the database connections."""
        self._stop.set()
        if self._indexer is not None:
            self._indexer.join()
        self._drop_connections()
        self._closed = True

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- keeping the index up to date --------------------------------------------------------

    def _known(self, rels: Iterable[str] | None = None, under: str | None = None) -> dict:
        """``rel -> (id, size, mtime_ns)`` of indexed files: all, some, or below a folder."""
        conn = self._conn()
        if rels is None and under is None:
            rows = conn.execute("SELECT rel, id, size, mtime_ns FROM posts")
            return {rel: (pid, size, mtime) for rel, pid, size, mtime in rows}
        found = {}
        for rel in rels or ():
            row = conn.execute(
                "SELECT id, size, mtime_ns FROM posts WHERE rel = ?", (rel,)
            ).fetchone()
            if row:
                found[rel] = tuple(row)
        if under is not None:
            prefix = under + "/"
            rows = conn.execute(
                "SELECT rel, id, size, mtime_ns FROM posts WHERE substr(rel, 1, ?) = ?",
                (len(prefix), prefix),
            )
            found.update({rel: (pid, size, mtime) for rel, pid, size, mtime in rows})
        return found

    def _apply(self, on_disk: dict[str, tuple[int, int]], known: dict) -> None:
        """Make the index say what ``on_disk`` says for the files ``known`` and ``on_disk``
        cover: drop the gone, read the new and changed."""
        gone = [known[rel][0] for rel in known.keys() - on_disk.keys()]
        todo = sorted(
            rel for rel, stat in on_disk.items() if rel not in known or known[rel][1:] != stat
        )
        if not gone and not todo:
            return
        inline = len(todo) <= INLINE_DETAILS
        from blogdesk.core import library_scan  # the scanner, only when there is a scan

        workers = self._pool_size() if len(todo) >= PARALLEL_FROM else 1
        reader = functools.partial(
            library_scan.read_summaries, keep_body=inline, site=self.site, wpm=self.config.wpm
        )
        touched: list[int] = list(gone)
        # Entries are made while the pool still reads (the list is then ready at once), and
        # published only once the rows they describe are committed.
        fresh: dict[int, PostEntry] = {}
        with self._write_lock:
            conn = self._conn()
            conn.execute("BEGIN IMMEDIATE")
            try:
                self._delete(conn, gone)

                def store(rows: list[library_scan.Scanned]) -> None:
                    ids = self._store(conn, rows, known)
                    touched.extend(ids)
                    self._report(len(touched) - len(gone), len(todo), "reading")
                    fresh.update(zip(ids, (row.entry for row in rows), strict=True))

                library_scan.map_chunks(
                    reader, self._base, todo, store, workers=workers, chunk_size=_SUMMARY_CHUNK
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                fresh.clear()
                raise
            finally:
                with self._lock:
                    for pid in touched:
                        self._entries.pop(pid, None)
                    self._entries.update(fresh)
        if not inline:
            self._indexed.clear()

    def _delete(self, conn: sqlite3.Connection, ids: list[int]) -> None:
        conn.executemany("DELETE FROM posts WHERE id = ?", [(pid,) for pid in ids])
        self._delete_related(conn, ids)

    def _store(
        self, conn: sqlite3.Connection, rows: list[library_scan.Scanned], known: dict
    ) -> list[int]:
        """Write summaries (and, when they carry a body, the search text); return their ids."""
        conn.execute("SAVEPOINT store")
        try:
            ids = self._store_rows(conn, rows, known)
        except sqlite3.IntegrityError:  # another process indexed some of these files meanwhile
            conn.execute("ROLLBACK TO store")
            fresh = self._known([row.rel for row in rows])
            ids = self._store_rows(conn, rows, {**known, **fresh})
        conn.execute("RELEASE store")
        return ids

    def _store_rows(
        self, conn: sqlite3.Connection, rows: list[library_scan.Scanned], known: dict
    ) -> list[int]:
        """New posts get their ids here so a whole chunk goes in with a few ``executemany``."""
        next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM posts").fetchone()[0]
        added: list[tuple[Any, ...]] = []
        updated: list[tuple[Any, ...]] = []
        ids: list[int] = []
        tags: list[tuple[str, int]] = []
        categories: list[tuple[str, int]] = []
        texts: list[tuple[int, str, str, str, str]] = []
        for row in rows:
            old = known.get(row.rel)
            if old is None:
                pid, next_id = next_id, next_id + 1
            else:
                pid = old[0]
            values = (row.size, row.mtime_ns, *_columns(row.entry), int(row.body is not None),
                      row.rel, pid)  # fmt: skip
            (added if old is None else updated).append(values)
            ids.append(pid)
            entry = row.entry
            tags.extend((tag, pid) for tag in entry.tags)
            categories.extend((category, pid) for category in entry.categories)
            if row.body is not None:
                texts.append((pid, entry.title, entry.summary, " ".join(entry.tags), row.body))
        if updated:
            self._delete_related(conn, [values[-1] for values in updated])
            conn.executemany(
                f"UPDATE posts SET ({_POST_COLUMNS}) = ({_MARKS}) WHERE id = ?", updated
            )
        conn.executemany(f"INSERT INTO posts ({_POST_COLUMNS}, id) VALUES ({_MARKS}, ?)", added)
        conn.executemany("INSERT OR IGNORE INTO post_tags VALUES (?, ?)", tags)
        conn.executemany("INSERT OR IGNORE INTO post_categories VALUES (?, ?)", categories)
        conn.executemany(
            "INSERT INTO fts(rowid, title, summary, tags, body) VALUES (?, ?, ?, ?, ?)", texts
        )
        return ids

    @staticmethod
    def _delete_related(conn: sqlite3.Connection, ids: list[int]) -> None:
        params = [(pid,) for pid in ids]
        conn.executemany("DELETE FROM post_tags WHERE post_id = ?", params)
        conn.executemany("DELETE FROM post_categories WHERE post_id = ?", params)
        conn.executemany("DELETE FROM fts WHERE rowid = ?", params)

    def _forget(self, ids: Iterable[int]) -> None:
        with self._lock:
            for pid in ids:
                self._entries.pop(pid, None)

    def _has_unindexed(self) -> bool:
        row = self._conn().execute("SELECT 1 FROM posts WHERE indexed = 0 LIMIT 1").fetchone()
        return row is not None

    def _report(self, done: int, total: int, label: str) -> None:
        if self._progress is not None:
            self._progress(done, total, label)

    def _index_all(self) -> None:
        """Exact words and search text for every post that lacks them (this thread, a pool)."""
        conn = self._conn()
        for _round in range(3):  # a file that changes while we read it is read again
            if self._stop.is_set():
                return
            pending = {
                rel: (pid, size, mtime, title, summary, tags)
                for rel, pid, size, mtime, title, summary, tags in conn.execute(
                    "SELECT rel, id, size, mtime_ns, title, summary, tags FROM posts "
                    "WHERE indexed = 0"
                )
            }
            if not pending:
                return
            self._index_some(conn, pending)

    def _index_some(self, conn: sqlite3.Connection, pending: dict) -> None:
        # Written in batches: each commit makes a new full-text segment to merge later.
        from blogdesk.core import library_scan

        batch: list[library_scan.Details] = []

        done = 0

        def store(details: list[library_scan.Details]) -> None:
            nonlocal done
            done += len(details)
            self._report(done, len(pending), "indexing")
            batch.extend(details)
            if len(batch) >= _DETAILS_BATCH:
                self._store_details(conn, batch, pending)
                batch.clear()

        library_scan.map_chunks(
            library_scan.read_many_details,
            self._base,
            sorted(pending),
            store,
            workers=self._pool_size() if len(pending) >= PARALLEL_DETAILS_FROM else 1,
            chunk_size=_DETAILS_CHUNK,
            stop=self._stop,
            background=True,
        )
        if batch:
            self._store_details(conn, batch, pending)

    def _store_details(
        self, conn: sqlite3.Connection, details: list[library_scan.Details], pending: dict
    ) -> None:
        done = []
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for item in details:
                    pid, size, mtime, title, summary, tags = pending[item.rel]
                    cursor = conn.execute(
                        "UPDATE posts SET words = ?, indexed = 1 "
                        "WHERE id = ? AND indexed = 0 AND size = ? AND mtime_ns = ?",
                        (item.words, pid, size, mtime),
                    )
                    if cursor.rowcount:
                        conn.execute(
                            "INSERT INTO fts(rowid, title, summary, tags, body) "
                            "VALUES (?, ?, ?, ?, ?)",
                            (pid, title, summary, " ".join(_split(tags)), item.body),
                        )
                        done.append(pid)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            finally:
                self._forget(done)

    def _index_in_background(self) -> None:
        # No 'optimize' of the full-text index after: measured at 10,000 posts it took a second
        # (with the write lock held) and searches were no faster.
        try:
            self._index_all()
        finally:
            self._release_thread_memory()
            if not self._stop.is_set():
                self._indexed.set()
                if self._on_indexed is not None:
                    self._on_indexed()

    def _release_thread_memory(self) -> None:
        """The indexer thread is done: close its connection (its page cache and full-text
        buffers) and give the allocator's free pages back (measured: bench_startup.py's
        10,000-post memory rows)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            with self._lock:
                if conn in self._connections:
                    self._connections.remove(conn)
            conn.close()
            self._local.conn = None
        from blogdesk.core.memory import release_free_memory

        release_free_memory()

    def _pool_size(self) -> int:
        """Worker processes for a big scan (asked only when one runs: the scanner's import
        is left out of an open that finds nothing to scan)."""
        if self._workers is None:
            from blogdesk.core.library_scan import worker_count

            self._workers = worker_count()
        return self._workers

    @property
    def is_indexed(self) -> bool:
        """True when every post has exact words and is in the full-text index."""
        return self._indexed.is_set()

    def wait_until_indexed(self, timeout: float | None = None) -> bool:
        """Block until background indexing is done (or ``timeout`` seconds); True if done."""
        return self._indexed.wait(timeout)

    def refresh(self, paths: Iterable[Path]) -> None:
        """Bring the index up to date for these files or folders (new, changed or deleted);
        paths outside the posts folder are ignored. The posts folder itself rescans all."""
        changed, folders = self._targets(paths)
        if "" in folders:  # the whole library
            known, on_disk = self._known(), self._walk()
        else:
            known, on_disk = self._files_now(changed)
            for rel in folders:
                known.update(self._known(under=rel))
                if not any(files.is_skipped_folder(part) for part in rel.split("/")):
                    on_disk.update(self._walk(under=rel))
        self._apply(on_disk, known)
        self._index_rest()

    def redetect_site(self) -> bool:
        """Detect the site again, with the generator ``config`` names now (Settings chose
        another one), and list the posts by its conventions: which files are posts (Jekyll's
        ``_posts`` and ``_drafts`` at its root, no ``_index.md`` for Hugo), dates and drafts by
        path. Every post is read again when those rules changed (what its row says depends on
        them); True then (the list may have changed)."""
        from blogdesk.core.sites.detect import detect_site

        site = detect_site(self.root, override=self.config.generator)
        before = self._rules()
        with self._write_lock:
            self.site, self._post_filter = site, None
            if self._rules() == before:  # the same rows (Hugo detected, or named)
                return False
            self._read_under_site(again=True)
        self._index_rest()
        return True

    def _rules(self) -> str:
        """What the rows depend on of the site (its generator, root, date settings)."""
        from blogdesk.core.sites.conventions import list_rules

        return "" if self.site is None else list_rules(self.site)

    def _read_under_site(self, again: bool) -> None:
        """Bring the index up to date with the files, all of them read ``again`` when their
        rows were read under other conventions (another generator), and note the site's."""
        stored = self._conn().execute("SELECT rel, id, size, mtime_ns FROM posts").fetchall()
        on_disk = self._walk()
        if again:  # stored sizes and times that no file has: every file counts as changed
            known = {rel: (pid, -1, -1) for rel, pid, _size, _mtime in stored}
        elif _same_files(stored, on_disk):  # the usual warm open: nothing to apply
            return
        else:
            known = {rel: (pid, size, mtime) for rel, pid, size, mtime in stored}
        self._apply(on_disk, known)
        if again:
            library_db.write_fact(self._conn(), "site", self._rules())

    def _index_rest(self) -> None:
        """After a change of the index: done, or a background indexer for what it lacks."""
        if not self.is_indexed and not self._has_unindexed():
            self._indexed.set()
        elif not self.is_indexed and (self._indexer is None or not self._indexer.is_alive()):
            self._indexer = threading.Thread(
                target=self._index_in_background, name="blogdesk-library-index", daemon=True
            )
            self._indexer.start()

    def _targets(self, paths: Iterable[Path]) -> tuple[set[str], set[str]]:
        """The files and the folders among ``paths`` (as index keys); the folders are {""}
        alone when one of the paths is the posts folder itself."""
        changed: set[str] = set()
        folders: set[str] = set()
        for path in paths:
            rel = self._rel(path)
            if rel is None or not _storable(rel):
                continue
            if rel == "":
                return set(), {""}
            if os.path.isdir(os.path.join(self._base, rel)):
                folders.add(rel)
            else:
                changed.add(rel)
        return changed, folders

    def _files_now(self, changed: set[str]) -> tuple[dict, dict[str, tuple[int, int]]]:
        """What the index knows of these files (or of folders of these names that went away),
        and the ones that are posts on disk now, with their size and time."""
        known: dict = {}
        on_disk: dict[str, tuple[int, int]] = {}
        for rel in changed:
            known.update(self._known([rel], under=rel))  # a file, or a folder that went away
            if files.is_post_rel(rel) and self._is_post(rel):
                try:  # a FIFO or a link out of the library is not a post: it drops out
                    st = files.check_file(os.path.join(self._base, rel), self._base)
                except OSError:
                    continue
                on_disk[rel] = (st.st_size, st.st_mtime_ns)
        return known, on_disk

    def _is_post(self, rel: str) -> bool:
        """False for a file the site's generator does not publish as a post (``_index.md``, a
        page at a Jekyll site's root)."""
        test = self._post_test()
        return test is None or test(rel)

    def _post_test(self) -> Callable[[str], bool] | None:
        """The site's test of which files are posts (made once); None: every post file is."""
        if self.site is None:
            return None
        if self._post_filter is None:
            from blogdesk.core.sites.conventions import post_filter

            self._post_filter = post_filter(self.site, self.posts_dir)
        return self._post_filter

    def _walk(self, under: str = "") -> dict[str, tuple[int, int]]:
        """``rel -> (size, mtime_ns)`` of the posts below the posts folder (or ``under``); what
        the walk left out (FIFOs, links out of the library...) is kept in ``skipped``."""
        found = files.walk(self.posts_dir, under)
        on_disk: dict[str, tuple[int, int]] = {}
        skipped = found.left_out()
        is_post = self._post_test()
        for rel, st in found.found.items():
            if is_post is not None and not is_post(rel):
                continue  # a section page (Hugo's, Zola's _index.md), not a post
            if rel.isascii() or _storable(rel):
                on_disk[rel] = (st.st_size, st.st_mtime_ns)
            else:
                skipped.append(files.Skipped(rel, _UNSTORABLE))
        if not under:
            self.skipped = skipped
        return on_disk

    def _rel(self, path: Path | str) -> str | None:
        """The index key of ``path``, or None when it is outside the posts folder."""
        for full, base in (
            (os.path.abspath(path), self._base),
            (os.path.realpath(path), self._real_base),
        ):
            if full == base:
                return ""
            if full.startswith(base + os.sep):
                return full[len(base) + 1 :].replace(os.sep, "/")
        return None

    def _path(self, rel: str) -> Path:
        return Path(self._base + os.sep + rel)

    # -- queries -----------------------------------------------------------------------------

    def posts(self, query: Query = Query()) -> list[PostEntry]:
        """The posts that match ``query``, in its order."""
        now = time.time()
        return self._entries_for(self._query(query, now, "p.id, p.draft, p.date_ts"), now)

    def rows(self, query: Query = Query()) -> list[PostRow]:
        """``posts`` as stored values, read with one query and never cached: for output such as
        ``blogdesk list --json``, which needs no Path or datetime for each post."""
        now = time.time()
        make = self._row_maker(now)
        return [make(*row) for row in self._query(query, now, _ROW_COLUMNS)]

    def rows_json(self, query: Query = Query()) -> str:
        """``rows(query)`` as JSON: a list of objects whose keys are PostRow's fields, byte for
        byte what ``json.dumps`` writes of them (ASCII, ``", "`` and ``": "``), but written
        straight from the index's values: no PostRow or dict is made for each post (at 10,000
        posts they and the encoder were half of ``blogdesk list --json``)."""
        now = time.time()
        return "[" + ", ".join(self._json_objects(self._query(query, now, _ROW_COLUMNS), now)) + "]"

    def _json_objects(self, rows: list[Any], now: float) -> list[str]:
        """The JSON object of each row of ``_ROW_COLUMNS``: ``_row_maker``'s values (the same
        status, minutes and lists), each string through the json module's own escaping."""
        from json.encoder import encode_basestring_ascii as quote

        wpm = self.config.wpm
        minutes: dict[int, int] = {}
        arrays: dict[str, str] = {}  # tags or categories as stored -> their JSON list

        def listed(joined: str) -> str:
            """What json.dumps writes of ``_split(joined)``, some twenty times faster: the
            names quoted at once, the separator's escape then ending one name and starting
            the next. Only an escape starts with a backslash when the names have none."""
            if not joined:
                found = "[]"
            elif "\\" in joined:
                found = f"[{', '.join(map(quote, _split(joined)))}]"
            else:
                found = "[" + quote(joined).replace(_SEPARATOR_ESCAPED, '", "') + "]"
            arrays[joined] = found
            return found

        objects = []
        for (rel, title, date_iso, updated_iso, draft, date_ts, categories, tags, summary,
             author, words, error) in rows:  # fmt: skip
            reading = minutes.get(words)
            if reading is None:
                reading = minutes[words] = reading_minutes(words, wpm)
            categories_json = arrays.get(categories) or listed(categories)
            tags_json = arrays.get(tags) or listed(tags)
            # status_of(...).value, written out: a call for each of 10,000 rows costs 9 ms
            scheduled = date_ts is not None and date_ts > now
            status = "draft" if draft else "scheduled" if scheduled else "published"
            objects.append(
                f'{{"path": {quote(rel)}, "title": {quote(title)}, '
                f'"date": {"null" if date_iso is None else quote(date_iso)}, '
                f'"updated": {"null" if updated_iso is None else quote(updated_iso)}, '
                f'"status": "{status}", "categories": {categories_json}, "tags": {tags_json}, '
                f'"summary": {quote(summary)}, "author": {quote(author)}, "words": {words}, '
                f'"minutes": {reading}, "error": {"null" if error is None else quote(error)}}}'
            )
        return objects

    def _query(self, query: Query, now: float, columns: str) -> list[Any]:
        sql, params = self._select(query, now, columns)
        try:
            return self._conn().execute(sql, params).fetchall()
        except sqlite3.OperationalError:
            if "fts MATCH" not in sql:
                raise
            # Should not happen (terms are quoted); a search must never fail, so try LIKE.
            sql, params = self._select(query, now, columns, use_fts=False)
            return self._conn().execute(sql, params).fetchall()

    def search(self, text: str) -> library_search.Found:
        """Every post ``text`` matches, best first unless it matches most of the library
        (``library_search.ranks``: then unranked, and the costly scoring is skipped)."""
        from blogdesk.core import library_search  # (not needed to list: its regexes wait)

        match = library_search.to_fts(text) if self.is_indexed else None
        if match is not None:
            conn = self._conn()
            try:
                found = conn.execute(_COUNT_MATCHES, (match,)).fetchone()[0]
                total = conn.execute("SELECT count(*) FROM posts").fetchone()[0]
                if not library_search.ranks(found, total):
                    ids = [pid for (pid,) in conn.execute(_MATCHES, (match,))]
                    return library_search.Found(self._paths_for(ids), ranked=False)
            except sqlite3.OperationalError:
                match = None  # posts() falls back to LIKE: unranked
        entries = self.posts(Query(text=text, sort="relevance"))
        return library_search.Found(tuple(e.path for e in entries), ranked=match is not None)

    def snippets(
        self, text: str, limit: int = SNIPPET_LIMIT, paths: Sequence[Path] | None = None
    ) -> dict[Path, str]:
        """The words around the best match of a full-text search, per post (FTS5 ``snippet``,
        about a dozen words, "…" where cut); {} without an index or a searchable term.
        ``paths``: for those posts (the rows a list shows), instead of the ``limit`` best."""
        from blogdesk.core.library_search import has_prefix, to_fts

        match = to_fts(text) if self.is_indexed else None
        if match is None:
            return {}
        if paths is not None:
            return self._snippets_of(match, paths, by_post=not has_prefix(text))
        # the best matches first, then their snippets: SQLite would make a snippet for every
        # match before sorting them
        sql = ("SELECT p.rel, snippet(fts, -1, '', '', '…', 12) FROM fts "
               "JOIN posts p ON p.id = fts.rowid WHERE fts MATCH ? AND fts.rowid IN "
               f"(SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY {_RANK} LIMIT ?)")
        try:
            rows = self._conn().execute(sql, (match, match, limit)).fetchall()
        except sqlite3.OperationalError:
            return {}
        return {self.posts_dir.joinpath(*rel.split("/")): " ".join(snip.split())
                for rel, snip in rows}

    def _snippets_of(self, match: str, paths: Sequence[Path], by_post: bool) -> dict[Path, str]:
        """Snippets of these posts. ``by_post``: the match is tested on each of them alone (a
        phrase of common words: 5 ms for a screenful instead of 11 ms for testing all 1,600
        matches); not for a prefix, which would be expanded again for each post."""
        by_rel = {rel: path for path in paths if (rel := self._rel(path))}
        if not by_rel:
            return {}
        marks = ", ".join("?" * len(by_rel))
        these = f"fts.rowid IN (SELECT id FROM posts WHERE rel IN ({marks}))" if by_post else (
            f"p.rel IN ({marks})")
        sql = ("SELECT p.rel, snippet(fts, -1, '', '', '…', 12) FROM fts JOIN posts p "
               f"ON p.id = fts.rowid WHERE fts MATCH ? AND {these}")
        try:
            rows = self._conn().execute(sql, (match, *by_rel)).fetchall()
        except sqlite3.OperationalError:
            return {}
        return {by_rel[rel]: " ".join(snip.split()) for rel, snip in rows}

    def get(self, path: Path) -> PostEntry | None:
        """The entry of one post file, or None if it is not in the library."""
        rel = self._rel(path)
        if not rel or not _storable(rel):
            return None
        row = (
            self._conn()
            .execute("SELECT id, draft, date_ts FROM posts WHERE rel = ?", (rel,))
            .fetchone()
        )
        if row is None:
            return None
        found = self._entries_for([row], time.time())
        return found[0] if found else None

    def _select(
        self, query: Query, now: float, columns: str, use_fts: bool | None = None
    ) -> tuple[str, list[Any]]:
        if query.sort not in SORTS:
            raise ValueError(f"unknown sort {query.sort!r}; use one of {', '.join(SORTS)}")
        where: list[str] = []
        params: list[Any] = []
        source = "posts p"
        match = None
        if query.text.strip():
            from blogdesk.core import library_search

            if use_fts is None:
                use_fts = self.is_indexed
            if use_fts:
                match = library_search.to_fts(query.text)
                if match is not None:
                    source = "fts JOIN posts p ON p.id = fts.rowid"
                    where.append("fts MATCH ?")
                    params.append(match)
            else:
                for word in library_search.like_words(query.text):
                    pattern = "%" + _like_escape(word) + "%"
                    where.append(
                        "(p.title LIKE ? ESCAPE '\\' OR p.summary LIKE ? ESCAPE '\\' "
                        "OR p.tags LIKE ? ESCAPE '\\')"
                    )
                    params.extend((pattern, pattern, pattern))
        if query.tag is not None:
            where.append("p.id IN (SELECT post_id FROM post_tags WHERE tag = ?)")
            params.append(query.tag)
        if query.category is not None:
            where.append("p.id IN (SELECT post_id FROM post_categories WHERE category = ?)")
            params.append(query.category)
        if query.status is not None:
            status = Status(query.status)
            if status is Status.DRAFT:
                where.append("p.draft = 1")
            elif status is Status.SCHEDULED:
                where.append("p.draft = 0 AND p.date_ts > ?")
                params.append(now)
            else:
                where.append("p.draft = 0 AND (p.date_ts IS NULL OR p.date_ts <= ?)")
                params.append(now)
        if query.date_from is not None:
            where.append("p.day >= ?")
            params.append(_day(query.date_from))
        if query.date_to is not None:
            where.append("p.day <= ?")
            params.append(_day(query.date_to))
        sql = f"SELECT {columns} FROM {source}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return sql + " ORDER BY " + _order(query, ranked=match is not None), params

    def _entries_for(self, rows: list[Any], now: float) -> list[PostEntry]:
        """Entries for ``(id, draft, date_ts)`` rows, built once and kept while unchanged."""
        with self._lock:
            missing = [row[0] for row in rows if row[0] not in self._entries]
            if missing:
                self._load_entries(missing)
            entries = self._entries
            out = []
            for pid, draft, date_ts in rows:
                entry = entries.get(pid)
                if entry is None:  # deleted since the query ran
                    continue
                status = status_of(draft, date_ts, now)
                if entry.status is not status:  # time passed a scheduled date
                    entry = entries[pid] = replace(entry, status=status)
                out.append(entry)
            return out

    def _paths_for(self, ids: list[int]) -> tuple[Path, ...]:
        """The paths of these posts (their entries, made if need be; no status worked out)."""
        with self._lock:
            missing = [pid for pid in ids if pid not in self._entries]
            if missing:
                self._load_entries(missing)
            entries = self._entries
            return tuple(entries[pid].path for pid in ids if pid in entries)

    def _load_entries(self, ids: list[int]) -> None:
        conn = self._conn()
        if len(ids) > 500:
            wanted = set(ids)
            every = conn.execute(f"SELECT p.id, {_ROW_COLUMNS} FROM posts p")
            rows = [row for row in every if row[0] in wanted]
        else:
            marks = ", ".join("?" * len(ids))
            rows = conn.execute(
                f"SELECT p.id, {_ROW_COLUMNS} FROM posts p WHERE p.id IN ({marks})", ids
            ).fetchall()
        make_row, make_entry = self._row_maker(time.time()), self._entry_maker()
        for pid, *stored in rows:
            self._entries[pid] = make_entry(make_row(*stored))

    def _row_maker(self, now: float) -> Callable[..., PostRow]:
        """A function from the ``_ROW_COLUMNS`` of a post to its PostRow, status as of ``now``."""
        wpm = self.config.wpm
        minutes: dict[int, int] = {}
        # Tags and categories repeat from post to post: one tuple for each distinct list, so
        # 10,000 rows (and the posts made from them, and what is pickled for the preview's
        # worker) share a few hundred instead of holding 30,000 strings (about 3 MiB).
        tuples: dict[str, tuple[str, ...]] = {}  # as stored -> the names
        names: dict[str, str] = {}  # one string for each tag or category

        def shared(joined: str) -> tuple[str, ...]:
            found = tuples.get(joined)
            if found is None:
                found = tuples[joined] = tuple(names.setdefault(n, n) for n in _split(joined))
            return found

        def make(
            rel: str, title: str, date_iso: str | None, updated_iso: str | None, draft: int,
            date_ts: float | None, categories: str, tags: str, summary: str, author: str,
            words: int, error: str | None,
        ) -> PostRow:  # fmt: skip
            reading = minutes.get(words)
            if reading is None:
                reading = minutes[words] = reading_minutes(words, wpm)
            return PostRow(
                rel, title, date_iso, updated_iso, status_of(draft, date_ts, now).value,
                shared(categories), shared(tags), summary, author, words, reading, error,
            )  # fmt: skip

        return make

    def _entry_maker(self) -> Callable[[PostRow], PostEntry]:
        """A function from a PostRow to its PostEntry, quick for thousands of them."""
        folders: dict[str, Path] = {"": self.posts_dir}
        moments: dict[str, datetime | None] = {}  # one datetime for the posts of one moment

        def at(text: str | None) -> datetime | None:
            if not text:
                return None
            found = moments.get(text)
            if found is None:
                found = moments[text] = moment(text)
            return found

        def make(row: PostRow) -> PostEntry:
            # Joining to a ready folder Path is three times faster than parsing a whole path,
            # which matters at 10,000 entries.
            folder, _, name = row.path.rpartition("/")
            parent = folders.get(folder)
            if parent is None:
                parent = folders[folder] = self.posts_dir.joinpath(*folder.split("/"))
            return PostEntry(
                parent / name, row.title, at(row.date), at(row.updated), row.categories,
                row.tags, row.summary, row.author, _STATUSES[row.status], row.words,
                row.minutes, row.error,
            )  # fmt: skip

        return make

    def tags(self) -> list[tuple[str, int]]:
        """Every tag with the number of posts that carry it: most used first, then by name."""
        return _counted(self._conn().execute("SELECT tag, count(*) FROM post_tags GROUP BY tag"))

    def categories(self) -> list[tuple[str, int]]:
        """Every category with its number of posts: most used first, then by name."""
        return _counted(
            self._conn().execute("SELECT category, count(*) FROM post_categories GROUP BY category")
        )

    def near_duplicate_tags(self) -> list[list[str]]:
        """Groups of tags that differ only by case, accents, spacing or punctuation."""
        from blogdesk.core import library_tags

        return library_tags.near_duplicates(self.tags())

    # -- tag operations ----------------------------------------------------------------------

    def rename_tag(self, old: str, new: str, dry_run: bool = False) -> list[TagChange]:
        """Rename tag ``old`` to ``new`` in every post that has it."""
        from blogdesk.core import library_tags

        new = _tag_name(new)
        return self._edit_tags([old], library_tags.renamer(old, new), dry_run)

    def merge_tags(
        self, sources: Sequence[str], into: str, dry_run: bool = False
    ) -> list[TagChange]:
        """Replace each of ``sources`` by ``into`` in every post that has one of them."""
        if not sources:
            raise ValueError("merge needs at least one tag to merge")
        from blogdesk.core import library_tags

        into = _tag_name(into)
        return self._edit_tags(list(sources), library_tags.merger(sources, into), dry_run)

    def remove_tag(self, tag: str, dry_run: bool = False) -> list[TagChange]:
        """Remove ``tag`` from every post that has it."""
        from blogdesk.core import library_tags

        return self._edit_tags([tag], library_tags.remover(tag), dry_run)

    def _edit_tags(
        self,
        names: list[str],
        change: Callable[[Sequence[str]], tuple[str, ...]],
        dry_run: bool,
    ) -> list[TagChange]:
        """Apply ``change`` to the tags of every post that has one of ``names``; each file is
        edited through postfile, so only its tags lines change."""
        from blogdesk.core import library_tags
        from blogdesk.core.post import Post
        from blogdesk.core.postfile import PostError, load_post, save_post

        marks = ", ".join("?" * len(names))
        rels = [
            rel
            for (rel,) in self._conn().execute(
                "SELECT DISTINCT p.rel FROM post_tags t JOIN posts p ON p.id = t.post_id "
                f"WHERE t.tag IN ({marks}) ORDER BY p.rel",
                names,
            )
        ]
        changes: list[TagChange] = []
        with self._write_lock:
            for rel in rels:
                path = self._path(rel)
                try:
                    post = load_post(path, root=self.posts_dir)
                    metadata = post.metadata
                    key = _tags_key(metadata)
                    before = tuple(Post.from_file(post).tags)
                    after = change(before)
                    if after == before or key is None:
                        continue
                    post.set(key, library_tags.styled_value(metadata[key], after))
                    if not dry_run:
                        save_post(post)
                except PostError as exc:
                    from blogdesk.core.library_scan import error_text

                    changes.append(TagChange(path, (), (), error_text(exc)))
                    continue
                except Exception as exc:  # one odd post must not stop the others' edits
                    error = f"could not edit its tags ({type(exc).__name__}: {exc})"
                    changes.append(TagChange(path, (), (), error))
                    continue
                changes.append(TagChange(path, before, after))
            if not dry_run:
                self.refresh([c.path for c in changes if c.error is None])
        return changes


def _columns(entry: PostEntry) -> tuple[Any, ...]:
    """The stored columns of an entry, from ``title`` to ``error`` (``_POST_COLUMNS``)."""
    date_ts = timestamp(entry.date)
    day = entry.date.date().isoformat() if entry.date is not None else None
    return (
        entry.title, entry.title.casefold(), iso(entry.date), date_ts, day,
        iso(entry.updated), timestamp(entry.updated),
        SEPARATOR.join(entry.categories), SEPARATOR.join(entry.tags), entry.summary,
        entry.author, int(entry.status is Status.DRAFT), entry.words, entry.error,
    )  # fmt: skip


_UNSTORABLE = "the file name is not valid UTF-8; rename it to list it"


def _same_files(stored: list[Any], on_disk: dict[str, tuple[int, int]]) -> bool:
    """True when the ``(rel, id, size, mtime_ns)`` rows of the index name exactly the files
    ``on_disk`` has, each with its size and time: then the index needs no change. (A file
    edited in place keeps its folder's time but not its own, so each file's stat counts.)"""
    if len(stored) != len(on_disk):
        return False
    now = on_disk.get
    for rel, _pid, size, mtime in stored:  # noqa: SIM110 (a loop: a third faster than all())
        if now(rel) != (size, mtime):
            return False
    return True


def _storable(rel: str) -> bool:
    """False for a name that is not UTF-8 (its undecodable bytes are surrogates here): the
    index (SQLite text) cannot hold it, so the post is reported instead of listed."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _tags_key(metadata: dict[str, Any]) -> str | None:
    """The key the tags are written under: ``tags``, else the same in other case (Pelican's
    ``Tags``), as Post reads them."""
    if "tags" in metadata:
        return "tags"
    return next((key for key in metadata if str(key).lower() == "tags"), None)


def _tag_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValueError("a tag needs a name")
    return name


def _counted(rows: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(rows, key=lambda row: (-row[1], row[0].casefold(), row[0]))


def _day(value: date) -> str:
    """``YYYY-MM-DD`` of a date (a datetime counts by its calendar day)."""
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _order(query: Query, ranked: bool) -> str:
    way = "DESC" if query.descending else "ASC"
    ties = "p.title_key, p.rel"
    if query.sort == "relevance" and ranked:
        return f"{_RANK} {'ASC' if query.descending else 'DESC'}, p.date_ts DESC, {ties}"
    if query.sort == "title":
        return f"p.title_key {way}, p.rel {way}"
    if query.sort == "reading":
        return f"p.words {way}, {ties}"
    moment = "COALESCE(p.updated_ts, p.date_ts)" if query.sort == "updated" else "p.date_ts"
    return f"{moment} IS NULL, {moment} {way}, {ties}"
