"""The SQLite file behind a library: where it lives, its schema, and rebuilding it when it is bad.

One database per posts folder, in the user's cache folder (never in the posts folder), named by
the SHA-256 of the folder's resolved path. The schema version sits in ``PRAGMA user_version``; a
file of another version, or one SQLite cannot read, is deleted and built again: it only caches
what the post files say.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

# Also bumped when what a file reads as changes, so rows cached by an older reader are read
# again (5: files.walk, alias and depth limits, CR-only front matter is an error).
SCHEMA_VERSION = 7  # 6: conventions (dates, drafts by path); 7: Jekyll _drafts, Pelican headers

# Tags and categories are stored joined by the unit separator, which no one types.
SEPARATOR = "\x1f"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS posts (
    id INTEGER PRIMARY KEY,
    rel TEXT NOT NULL UNIQUE,        -- path below the posts folder, '/' separators
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,         -- casefolded title, for sorting
    date TEXT, date_ts REAL, day TEXT,
    updated TEXT, updated_ts REAL,
    categories TEXT NOT NULL,
    tags TEXT NOT NULL,
    summary TEXT NOT NULL,
    author TEXT NOT NULL,
    draft INTEGER NOT NULL,
    words INTEGER NOT NULL,
    error TEXT,
    indexed INTEGER NOT NULL DEFAULT 0   -- 1 once words are exact and the body is searchable
);
CREATE INDEX IF NOT EXISTS posts_unindexed ON posts(id) WHERE indexed = 0;
CREATE TABLE IF NOT EXISTS post_tags (
    tag TEXT NOT NULL, post_id INTEGER NOT NULL, PRIMARY KEY (tag, post_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS post_tags_by_post ON post_tags(post_id);
CREATE TABLE IF NOT EXISTS post_categories (
    category TEXT NOT NULL, post_id INTEGER NOT NULL, PRIMARY KEY (category, post_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS post_categories_by_post ON post_categories(post_id);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, summary, tags, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""


# What the rows were read under (the site's conventions); made when first written, so an index
# of this version made before it needs no rebuild.
_FACTS = "CREATE TABLE IF NOT EXISTS facts (name TEXT PRIMARY KEY, value TEXT NOT NULL)"


def default_cache_dir() -> Path:
    """The folder that holds the library databases: ``<user cache>/blogdesk/libraries``."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("blogdesk")) / "libraries"


def database_path(posts_dir: Path, cache_dir: Path | None = None) -> Path:
    """Where the index of ``posts_dir`` lives; refuses a place inside the posts folder."""
    resolved = posts_dir.resolve()
    folder = (cache_dir if cache_dir is not None else default_cache_dir()).resolve()
    if folder == resolved or resolved in folder.parents:
        raise ValueError(f"the library cache cannot live inside the posts folder {posts_dir}")
    return folder / f"{_sha256_hex(os.fsencode(resolved))}.sqlite"


def _sha256_hex(data: bytes) -> str:
    """SHA-256 of ``data`` in hex, by CPython's own module where there is one: ``hashlib``
    loads OpenSSL first, about 5 ms of each command that opens a library."""
    try:
        from _sha2 import sha256  # Python 3.12 on
    except ImportError:
        try:
            from _sha256 import sha256  # Python 3.11
        except ImportError:
            from hashlib import sha256
    return sha256(data).hexdigest()


def connect(path: Path) -> sqlite3.Connection:
    """A connection with our settings: autocommit (explicit BEGIN), WAL, waits on a busy file.

    ``check_same_thread`` is off only so ``close`` can close every thread's connection; each
    thread still gets its own (see ``Library``).
    """
    conn = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA synchronous = NORMAL")  # a cache: losing the last commit is fine
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -16000")
    return conn


def open_database(path: Path) -> sqlite3.Connection:
    """Open the index at ``path``, creating it, or deleting and recreating a bad or old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for _attempt in range(2):
        conn = None
        try:
            conn = connect(path)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == SCHEMA_VERSION:
                conn.execute("SELECT id FROM posts LIMIT 1").fetchall()
                return conn
            if version != 0 or _has_tables(conn):
                raise _Stale
            _create(conn)
            return conn
        except (sqlite3.DatabaseError, _Stale):
            if conn is not None:
                conn.close()
            delete_database(path)
    raise sqlite3.DatabaseError(f"cannot create the library index at {path}")


def read_fact(conn: sqlite3.Connection, name: str) -> str | None:
    """A value stored with ``write_fact``; None when there is none (or the index predates
    the facts table)."""
    try:
        row = conn.execute("SELECT value FROM facts WHERE name = ?", (name,)).fetchone()
    except sqlite3.OperationalError:
        return None
    return str(row[0]) if row else None


def write_fact(conn: sqlite3.Connection, name: str, value: str) -> None:
    """Store what the index's rows were read under (outside any transaction)."""
    conn.execute(_FACTS)
    conn.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)", (name, value))


class _Stale(Exception):
    """The file is another version of the index."""


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def _create(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def delete_database(path: Path) -> None:
    """Remove the index file and its WAL companions, if there."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
