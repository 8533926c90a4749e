"""The library's item models: consistent for Qt's model checker, and they filter and sort right."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from blogdesk.core.library import Library, Query
from blogdesk.core.post import Status
from blogdesk.ui.models import (
    PostFilterModel,
    PostListModel,
    TagTreeModel,
    entry_subtitle,
    format_date,
)


@pytest.fixture
def library(small_library: Path) -> Iterator[Library]:
    lib = Library.open(small_library, background=False)
    yield lib
    lib.close()


def _titles(proxy: PostFilterModel) -> list[str]:
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def test_post_model_passes_the_model_tester(qtmodeltester, library):
    model = PostListModel()
    model.set_entries(library.posts())
    qtmodeltester.check(model)


def test_filter_model_passes_the_model_tester(qtmodeltester, library):
    model = PostListModel()
    model.set_entries(library.posts())
    proxy = PostFilterModel()
    proxy.setSourceModel(model)
    proxy.set_status(Status.PUBLISHED)
    qtmodeltester.check(proxy)


def test_tag_tree_passes_the_model_tester(qtmodeltester, library):
    model = TagTreeModel()
    model.set_counts(library.tags(), library.categories(), [["Habits", "habits"]])
    qtmodeltester.check(model)


def test_rows_show_titles_not_file_names(library):
    model = PostListModel()
    model.set_entries(library.posts())
    titles = {model.index(row, 0).data() for row in range(model.rowCount())}
    assert titles == {"First light", "The long edit", "Unfinished thoughts", "Next spring"}


def test_status_tag_category_and_search_filters(library):
    model = PostListModel()
    model.set_entries(library.posts())
    proxy = PostFilterModel()
    proxy.setSourceModel(model)
    proxy.set_sort("title", descending=False)
    proxy.set_status(Status.DRAFT)
    assert _titles(proxy) == ["Unfinished thoughts"]
    proxy.set_status(Status.SCHEDULED)
    assert _titles(proxy) == ["Next spring"]
    proxy.set_status(None)
    proxy.set_tag("habits")
    assert _titles(proxy) == ["First light", "The long edit"]
    proxy.set_tag(None)
    proxy.set_category("Notes")
    assert _titles(proxy) == ["First light", "Next spring"]
    proxy.set_category(None)
    proxy.set_matches([e.path for e in library.posts(Query(text="kettle"))])
    assert _titles(proxy) == ["First light"]


def test_filters_follow_rows_that_change_under_them(library):
    """The filter's rows are worked out once per change of the list: a row edited, added or
    removed while a filter or a search is on still shows or hides as it should."""
    model = PostListModel()
    entries = library.posts()
    model.set_entries(entries)
    proxy = PostFilterModel()
    proxy.setSourceModel(model)
    proxy.set_sort("title", descending=False)
    proxy.set_status(Status.DRAFT)
    assert _titles(proxy) == ["Unfinished thoughts"]
    first = next(e for e in entries if e.title == "First light")
    model.upsert(replace(first, status=Status.DRAFT))
    assert _titles(proxy) == ["First light", "Unfinished thoughts"]
    proxy.set_status(None)
    proxy.set_matches([first.path])
    assert _titles(proxy) == ["First light"]
    extra = replace(first, path=first.path.with_name("extra.md"), title="An extra")
    model.set_entries([*entries, extra])
    assert _titles(proxy) == ["First light"]
    proxy.set_matches([first.path, extra.path])
    assert _titles(proxy) == ["An extra", "First light"]
    model.remove_path(first.path)
    assert _titles(proxy) == ["An extra"]
    proxy.set_matches(None)
    assert len(_titles(proxy)) == 4


def test_an_extra_filter_narrows_the_rows_with_the_others(library):
    """A feature's own test (the git state's, say) applies with the status, tag and search
    filters; setting it again tests the rows again; None removes it."""
    model = PostListModel()
    model.set_entries(library.posts())
    proxy = PostFilterModel()
    proxy.setSourceModel(model)
    proxy.set_sort("title", descending=False)
    wanted = {"First light", "Unfinished thoughts"}
    proxy.set_extra_filter("mine", lambda entry: entry.title in wanted)
    assert _titles(proxy) == ["First light", "Unfinished thoughts"]
    proxy.set_status(Status.DRAFT)
    assert _titles(proxy) == ["Unfinished thoughts"]
    proxy.set_status(None)
    proxy.set_matches([e.path for e in library.posts(Query(text="kettle"))])
    assert _titles(proxy) == ["First light"]
    proxy.set_matches(None)
    wanted.discard("First light")  # what the test answers changed: set it again
    proxy.set_extra_filter("mine", lambda entry: entry.title in wanted)
    assert _titles(proxy) == ["Unfinished thoughts"]
    proxy.set_extra_filter("theirs", lambda entry: entry.status is Status.PUBLISHED)
    assert _titles(proxy) == []
    proxy.set_extra_filter("mine", None)
    assert _titles(proxy) == ["First light", "The long edit"]  # published ones
    proxy.set_extra_filter("theirs", None)
    assert len(_titles(proxy)) == 4


def test_a_refresh_with_nothing_missing_keeps_the_version(library):
    """Reading the same list again changes no row, so a filter keeps its table of rows (its
    rebuild is a pass over every row); a removed row changes the version."""
    model = PostListModel()
    model.set_entries(library.posts())
    before = model.version
    model.set_entries(library.posts())
    assert model.version == before
    gone = model.entries()[0]
    model.set_entries([e for e in library.posts() if e.path != gone.path])
    assert model.version > before and model.row_of(gone.path) == -1


def test_sort_orders(library):
    model = PostListModel()
    model.set_entries(library.posts())
    proxy = PostFilterModel()
    proxy.setSourceModel(model)
    proxy.set_sort("date", descending=True)
    assert _titles(proxy)[0] == "Next spring"
    proxy.set_sort("title", descending=False)
    assert _titles(proxy) == sorted(_titles(proxy), key=str.casefold)
    proxy.set_sort("reading", descending=True)
    assert _titles(proxy)[0] == "First light"


def test_updates_keep_rows_in_place(library, small_library):
    """A refresh changes the changed row, drops deleted ones and appends new ones."""
    model = PostListModel()
    model.set_entries(library.posts())
    row = model.row_of(small_library / "first-light.md")
    index = model.index(row, 0)
    from PySide6.QtCore import QPersistentModelIndex

    persistent = QPersistentModelIndex(index)
    (small_library / "next-spring.md").unlink()
    path = small_library / "first-light.md"
    path.write_text(path.read_text().replace("title: First light", "title: Early light"))
    library.refresh([small_library / "next-spring.md", path])
    model.set_entries(library.posts())
    assert model.rowCount() == 3
    assert persistent.isValid() and persistent.data() == "Early light"


def test_a_refresh_with_equal_entries_keeps_no_second_copy(library):
    """Entries made again equal to the shown ones (the library's cache was rebuilt, as after
    indexing) replace them: the old copies are freed, the rows and their order stay."""
    import gc
    import weakref

    model = PostListModel()
    model.set_entries([replace(e) for e in library.posts()])  # copies only the model holds
    shown = [model.index(row, 0).data() for row in range(model.rowCount())]
    old = model.entry(0)
    assert old is not None
    gone = weakref.ref(old)
    fresh = [replace(e) for e in library.posts()]  # equal, not the same objects
    model.set_entries(fresh)
    model.upsert(replace(fresh[1]))
    del old
    gc.collect()
    assert gone() is None
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == shown
    assert all(model.row_of(e.path) == row for row, e in enumerate(model.entries()))


def test_subtitle_and_dates(library, small_library):
    entry = library.get(small_library / "first-light.md")
    assert entry is not None
    assert entry_subtitle(entry).startswith("Mar 2, 2025 · ")
    assert format_date(None) == "No date"


def test_single_row_updates_stay_consistent(qtmodeltester, library, small_library):
    """upsert and remove_path (used after a save or rename) keep the model valid."""
    import dataclasses

    model = PostListModel()
    entries = library.posts()
    model.set_entries(entries[1:])
    qtmodeltester.check(model)
    model.upsert(entries[0])
    assert model.rowCount() == len(entries)
    model.upsert(dataclasses.replace(entries[0], title="Renamed"))
    assert model.index(model.row_of(entries[0].path), 0).data() == "Renamed"
    model.remove_path(entries[0].path)
    assert model.row_of(entries[0].path) == -1
    assert model.rowCount() == len(entries) - 1


def test_ten_thousand_posts_sort_and_filter_quickly():
    """Big libraries: sorting happens in the model with a key, not by a proxy lessThan."""
    import time
    from datetime import datetime, timedelta

    from blogdesk.core.library import PostEntry

    entries = [
        PostEntry(
            path=Path(f"/blog/post-{i}.md"),
            title=f"Post {i:05d}",
            date=datetime(2020, 1, 1) + timedelta(hours=(i * 7919) % 40000),
            updated=None,
            categories=("notes",),
            tags=("a", "b"),
            summary="",
            author="",
            status=Status.DRAFT if i % 10 == 0 else Status.PUBLISHED,
            words=i % 3000,
            minutes=1,
            error=None,
        )
        for i in range(10_000)
    ]
    model = PostListModel()
    proxy = PostFilterModel()
    proxy.setSourceModel(model)
    started = time.perf_counter()
    model.set_entries(entries)
    proxy.set_sort("title", descending=False)
    proxy.set_status(Status.DRAFT)
    proxy.set_status(None)
    assert time.perf_counter() - started < 2.0  # about 0.1 s on a quiet machine
    assert _titles(proxy)[:2] == ["Post 00000", "Post 00001"]
    proxy.set_sort("date", descending=True)
    dates = [
        model.entry(model.row_of(p)).date
        for p in (proxy.path_at(r) for r in range(proxy.rowCount()))
    ]
    assert dates == sorted(dates, reverse=True)


def test_sorting_keeps_the_selection(qtmodeltester, library):
    from PySide6.QtCore import QPersistentModelIndex

    model = PostListModel()
    model.set_entries(library.posts())
    qtmodeltester.check(model)  # and keeps checking through the layout changes below
    proxy = PostFilterModel()
    proxy.setSourceModel(model)
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "First light")
    kept = QPersistentModelIndex(model.index(row, 0))
    for name in ("title", "reading", "updated", "date"):
        proxy.set_sort(name, descending=name != "title")
        assert kept.data() == "First light"
