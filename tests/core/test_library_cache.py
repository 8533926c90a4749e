"""The library's SQLite index: where it lives, what a reopen re-reads, rebuilding a bad one,
refresh() for the file watcher, background indexing, and the two-core scan."""

from __future__ import annotations

import gc
import hashlib
import os
import sqlite3
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from blogdesk.core import library as library_module
from blogdesk.core import library_db, library_scan
from blogdesk.core.library import Library, Query


def write(folder: Path, rel: str, text: str) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def post(title: str, body: str = "Body words.\n", **fields: str) -> str:
    extra = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"---\ntitle: {title}\n{extra}---\n\n{body}"


def bump_mtime(path: Path) -> None:
    """Make sure a rewrite shows as a change even on a coarse clock."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    folder = tmp_path / "blog"
    for name in ("one", "two", "three"):
        write(folder, f"{name}.md", post(name.title(), tags=f"[{name}]"))
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The relative paths of the files the library parses."""
    seen: list[str] = []
    original = library_scan.read_summaries

    def spy(folder: str, rels: list[str], **options: Any) -> list:
        seen.extend(rels)
        return original(folder, rels, **options)

    monkeypatch.setattr(library_scan, "read_summaries", spy)
    return seen


def titles(library: Library, query: Query | None = None) -> list[str]:
    return sorted(entry.title for entry in library.posts(query or Query()))


# -- where -------------------------------------------------------------------------------------


def test_index_lives_in_the_user_cache_not_in_the_posts_folder(blog: Path, tmp_path: Path) -> None:
    """<user cache>/blogdesk/libraries/<sha256 of the resolved folder>.sqlite; nothing is
    added to the posts folder."""
    before = sorted(p.relative_to(blog) for p in blog.rglob("*"))
    with Library.open(blog) as library:
        db = library.db_path
        assert titles(library) == ["One", "Three", "Two"]
    digest = hashlib.sha256(os.fsencode(blog.resolve())).hexdigest()
    expected = Path(os.environ["XDG_CACHE_HOME"]) / "blogdesk" / "libraries" / f"{digest}.sqlite"
    assert db == expected and db.exists()
    assert sorted(p.relative_to(blog) for p in blog.rglob("*")) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == library_db.SCHEMA_VERSION


def test_a_cache_inside_the_posts_folder_is_refused(blog: Path) -> None:
    with pytest.raises(ValueError, match="inside the posts folder"):
        Library.open(blog, cache_dir=blog / ".cache")


# -- reopening ---------------------------------------------------------------------------------


def test_reopen_reads_only_changed_added_files_and_drops_deleted(
    blog: Path, tmp_path: Path, reads: list[str]
) -> None:
    cache = tmp_path / "cache"
    Library.open(blog, cache_dir=cache).close()
    assert sorted(reads) == ["one.md", "three.md", "two.md"]
    reads.clear()

    write(blog, "two.md", post("Two, revised", tags="[two, revised]"))
    bump_mtime(blog / "two.md")
    write(blog, "four.md", post("Four"))
    (blog / "three.md").unlink()
    with Library.open(blog, cache_dir=cache) as library:
        assert sorted(reads) == ["four.md", "two.md"]
        assert titles(library) == ["Four", "One", "Two, revised"]
        assert ("revised", 1) in library.tags()
        assert ("three", 1) not in library.tags()
        assert library.get(blog / "three.md") is None
        assert titles(library, Query(text="revised")) == ["Two, revised"]


def test_reopen_with_nothing_changed_reads_nothing(
    blog: Path, tmp_path: Path, reads: list[str]
) -> None:
    cache = tmp_path / "cache"
    Library.open(blog, cache_dir=cache).close()
    reads.clear()
    with Library.open(blog, cache_dir=cache) as library:
        assert reads == []
        assert titles(library) == ["One", "Three", "Two"]
        assert titles(library, Query(text="two")) == ["Two"]


def test_same_size_and_mtime_is_taken_as_unchanged(
    blog: Path, tmp_path: Path, reads: list[str]
) -> None:
    """The cheap check: a file whose size and mtime are the same is not read again."""
    cache = tmp_path / "cache"
    Library.open(blog, cache_dir=cache).close()
    st = (blog / "one.md").stat()
    write(blog, "one.md", post("Uno", tags="[one]"))  # same length as "One"
    os.utime(blog / "one.md", ns=(st.st_atime_ns, st.st_mtime_ns))
    reads.clear()
    with Library.open(blog, cache_dir=cache) as library:
        assert reads == []
        assert "One" in titles(library)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda db: db.write_bytes(b"this is not a database" * 100), id="garbage"),
        pytest.param(lambda db: db.write_bytes(b""), id="empty"),
        pytest.param(
            lambda db: db.write_bytes(db.read_bytes()[: len(db.read_bytes()) // 2]),
            id="truncated",
        ),
    ],
)
def test_a_corrupt_index_is_rebuilt(blog: Path, tmp_path: Path, damage: object) -> None:
    cache = tmp_path / "cache"
    with Library.open(blog, cache_dir=cache) as library:
        db = library.db_path
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    damage(db)  # type: ignore[operator]
    with Library.open(blog, cache_dir=cache) as library:
        assert titles(library) == ["One", "Three", "Two"]
        assert titles(library, Query(text="three")) == ["Three"]


def test_an_index_of_another_version_is_rebuilt(
    blog: Path, tmp_path: Path, reads: list[str]
) -> None:
    cache = tmp_path / "cache"
    with Library.open(blog, cache_dir=cache) as library:
        db = library.db_path
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 1")
        conn.execute("CREATE TABLE leftover (x)")
    reads.clear()
    with Library.open(blog, cache_dir=cache) as library:
        assert sorted(reads) == ["one.md", "three.md", "two.md"]  # read again from scratch
        assert titles(library) == ["One", "Three", "Two"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == library_db.SCHEMA_VERSION
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert "leftover" not in tables


# -- refresh -----------------------------------------------------------------------------------


def test_refresh_updates_only_the_given_paths(blog: Path, tmp_path: Path, reads: list[str]) -> None:
    with Library.open(blog, cache_dir=tmp_path / "cache") as library:
        reads.clear()
        write(blog, "one.md", post("One, edited"))
        bump_mtime(blog / "one.md")
        write(blog, "two.md", post("Two, edited"))
        bump_mtime(blog / "two.md")
        new = write(blog, "sub/new.md", post("New"))
        (blog / "three.md").unlink()
        library.refresh([blog / "one.md", new, blog / "three.md"])
        assert sorted(reads) == ["one.md", "sub/new.md"]
        # two.md changed on disk too, but was not named: the index keeps what it had
        assert titles(library) == ["New", "One, edited", "Two"]
        assert library.get(new) is not None
        assert titles(library, Query(text="edited")) == ["One, edited"]


def test_refresh_of_a_folder_and_of_paths_outside(blog: Path, tmp_path: Path) -> None:
    with Library.open(blog, cache_dir=tmp_path / "cache") as library:
        write(blog, "2024/a.md", post("A"))
        write(blog, "2024/b.md", post("B"))
        write(tmp_path, "elsewhere/c.md", post("C"))
        library.refresh([blog / "2024", tmp_path / "elsewhere" / "c.md", blog / "notes.txt"])
        assert titles(library) == ["A", "B", "One", "Three", "Two"]
        for name in ("a.md", "b.md"):
            (blog / "2024" / name).unlink()
        (blog / "2024").rmdir()
        library.refresh([blog / "2024"])  # a folder that went away
        assert titles(library) == ["One", "Three", "Two"]


def test_refresh_of_the_posts_folder_rescans_everything(blog: Path, tmp_path: Path) -> None:
    with Library.open(blog, cache_dir=tmp_path / "cache") as library:
        write(blog, "deep/er/new.md", post("New"))
        (blog / "one.md").unlink()
        library.refresh([blog])
        assert titles(library) == ["New", "Three", "Two"]


def test_refresh_ignores_hidden_and_build_folders(blog: Path, tmp_path: Path) -> None:
    with Library.open(blog, cache_dir=tmp_path / "cache") as library:
        hidden = write(blog, ".trash/old.md", post("Old"))
        built = write(blog, "_site/one.md", post("Built"))
        library.refresh([hidden, built, blog / "_site"])
        assert titles(library) == ["One", "Three", "Two"]


# -- background indexing -----------------------------------------------------------------------


def test_list_first_then_words_and_search_in_the_background(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a big change, open() returns with estimated words; search uses title, summary
    and tags until the index is done; then words are exact and bodies searchable."""
    write(blog, "long.md", post("Long read", body="word " * 450 + "needle\n"))
    monkeypatch.setattr(library_module, "INLINE_DETAILS", 0)
    release = threading.Event()
    original = library_module.Library._index_all

    def held_back(self: Library) -> None:
        release.wait(10)
        original(self)

    monkeypatch.setattr(library_module.Library, "_index_all", held_back)
    indexed = threading.Event()
    library = Library.open(blog, cache_dir=tmp_path / "cache", on_indexed=indexed.set)
    try:
        assert not library.is_indexed
        long = library.get(blog / "long.md")
        assert long is not None and long.words == 451  # an estimate: white-space words
        assert titles(library) == ["Long read", "One", "Three", "Two"]
        assert titles(library, Query(text="long")) == ["Long read"]  # by title, with LIKE
        assert titles(library, Query(text="needle")) == []  # bodies are not searched yet
        release.set()
        assert library.wait_until_indexed(10)
        assert indexed.wait(10)
        assert titles(library, Query(text="needle")) == ["Long read"]
        assert library.get(blog / "long.md").words == 451  # type: ignore[union-attr]
    finally:
        release.set()
        library.close()


def test_a_big_refresh_indexes_in_the_background(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refresh of many files lists them at once and indexes their text after."""
    with Library.open(blog, cache_dir=tmp_path / "cache") as library:
        monkeypatch.setattr(library_module, "INLINE_DETAILS", 1)
        for name in ("x", "y", "z"):
            write(blog, f"new/{name}.md", post(name.upper(), body="A haystack with a needle.\n"))
        library.refresh([blog / "new"])
        assert titles(library) == ["One", "Three", "Two", "X", "Y", "Z"]
        assert library.wait_until_indexed(10)
        assert titles(library, Query(text="needle")) == ["X", "Y", "Z"]


def test_a_finished_background_indexer_leaves_no_connection_open(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The indexer thread closes its own SQLite connection (its page cache) when it is done;
    the library goes on answering from the caller's."""
    monkeypatch.setattr(library_module, "INLINE_DETAILS", 0)
    with Library.open(blog, cache_dir=tmp_path / "cache") as library:
        assert library.wait_until_indexed(10)
        library._indexer.join(10)  # type: ignore[union-attr]
        assert len(library._connections) == 1  # the opening thread's, not the indexer's
        assert titles(library, Query(text="body")) == ["One", "Three", "Two"]


def test_an_interrupted_indexing_resumes_at_the_next_open(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setattr(library_module, "INLINE_DETAILS", 0)
    monkeypatch.setattr(library_module.Library, "_index_all", lambda self: None)
    library = Library.open(blog, cache_dir=cache)
    library.close()
    monkeypatch.undo()
    with Library.open(blog, cache_dir=cache) as library:
        assert library.wait_until_indexed(10)
        assert titles(library, Query(text="body")) == ["One", "Three", "Two"]


def test_the_two_core_scan_gives_the_same_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many files are read by a process pool; the result is the same as reading them here."""
    folder = tmp_path / "many"
    for i in range(40):
        write(folder, f"{i % 4}/p{i:02d}.md", post(f"Post {i:02d}", tags=f"[t{i % 3}]",
              body=f"Words of post {i}. " * (i + 1)))  # fmt: skip
    write(folder, "bad.md", "---\ntitle: [unclosed\n---\n")
    with Library.open(folder, cache_dir=tmp_path / "serial") as library:
        serial = library.posts(Query(sort="title"))
    monkeypatch.setattr(library_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(library_module, "PARALLEL_DETAILS_FROM", 2)
    monkeypatch.setattr(library_module, "INLINE_DETAILS", 0)
    monkeypatch.setattr(library_module, "_SUMMARY_CHUNK", 5)
    monkeypatch.setattr(library_module, "_DETAILS_CHUNK", 5)
    pools: list[int] = []
    original = library_scan._map_in_pool

    def counted(*args: object) -> object:
        pools.append(1)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(library_scan, "_map_in_pool", counted)
    with Library.open(folder, cache_dir=tmp_path / "pool", background=False, workers=2) as lib:
        pooled = lib.posts(Query(sort="title"))
        assert lib.is_indexed
        assert len(lib.posts(Query(text="words"))) == 40
    assert pooled == serial
    assert len(pools) == 2  # the list, then the words and search text


def test_the_entry_the_scan_makes_is_the_entry_the_index_gives_back(tmp_path: Path) -> None:
    """One record for lists: the entry a scan builds (shown at once) equals the one rebuilt from
    the saved index at the next open, field for field (dates, draft, tags, words, minutes)."""
    folder = tmp_path / "blog"
    write(folder, "dated.md", post("Dated", date="2024-03-01", tags="[a, b]", categories="[Notes]",
                                   summary="A short one", author="Ann"))  # fmt: skip
    write(folder, "timed.md", post("Timed", date="2024-03-01T10:20:30+02:00",
                                   updated="2024-03-02 08:00:00"))  # fmt: skip
    write(folder, "draft.md", post("Draft", draft="true", date="2999-01-01"))
    write(folder, "later.md", post("Later", date="2999-01-01"))
    write(folder, "bad.md", "---\ntitle: [unclosed\n---\n")
    with Library.open(folder, cache_dir=tmp_path / "cache", background=False) as library:
        scanned = {entry.path.name: entry for entry in library.posts()}
    with Library.open(folder, cache_dir=tmp_path / "cache") as library:
        stored = {entry.path.name: entry for entry in library.posts()}
    assert stored == scanned
    assert scanned["dated.md"].tags == ("a", "b") and scanned["dated.md"].author == "Ann"
    assert scanned["timed.md"].updated is not None and scanned["timed.md"].date is not None
    assert [scanned[name].status.value for name in ("draft.md", "later.md", "dated.md")] == [
        "draft", "scheduled", "published"]  # fmt: skip
    assert scanned["bad.md"].error
    card = scanned["dated.md"].as_post()
    assert (card.title, card.tags, card.categories, card.body) == ("Dated", ("a", "b"),
                                                                 ("Notes",), "")


def test_the_export_page_context_is_built_from_the_library_record(tmp_path: Path) -> None:
    """The export's Entry and the library list describe a post alike: same title, dates,
    categories, tags, summary, author and status."""
    from blogdesk.core.export.entry import Entry
    from blogdesk.core.post import Post
    from blogdesk.core.postfile import load_post

    folder = tmp_path / "blog"
    path = write(folder, "one.md", post("One", date="2024-03-01T10:20:30+02:00", tags="[a, b]",
                                        categories="[Notes]", summary="Short", author="Ann"))
    with Library.open(folder, cache_dir=tmp_path / "cache", background=False) as library:
        listed = library.get(path)
    assert listed is not None
    entry = Entry.from_post(Post.from_file(load_post(path)), listed.words)
    assert (entry.title, entry.when, entry.categories, entry.tags, entry.summary, entry.author,
            entry.status, entry.words) == (
        listed.title, listed.date, listed.categories, listed.tags, listed.summary, listed.author,
        listed.status.value, listed.words)  # fmt: skip


def _frozen_in_child(folder: str, rels: list[str]) -> list[int]:
    """Run in a pool child: how many inherited objects the garbage collector leaves alone."""
    return [gc.get_freeze_count()]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked pool children")
def test_pool_children_leave_the_inherited_objects_to_the_parent() -> None:
    """A forked scan child freezes what it inherited, so its garbage collector does not write
    to (and so copy) every page of the app's Python heap."""
    counts: list[int] = []
    library_scan.map_chunks(_frozen_in_child, ".", ["a", "b", "c", "d"], counts.extend,
                            workers=2, chunk_size=1)  # fmt: skip
    assert len(counts) == 4
    assert min(counts) > 1000  # the modules, functions and classes of this test process
