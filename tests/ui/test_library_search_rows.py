"""Searching and filtering the library panel in turn: whichever way a step is taken (Qt asked to
filter again, or not, because the same rows pass), the list and its count are what the author
expects for the search and the filters together."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from blogdesk.core import library_search
from blogdesk.core.library import Library
from blogdesk.core.post import Status
from blogdesk.ui.widgets.library_panel import LibraryPanel

# Twelve posts, one a day in March 2025. Every post says "notebook"; "kettle" is in days 1-8,
# "teapot" in days 5-11; days 2, 6 and 10 are drafts.
KETTLE, TEAPOT, DRAFTS = range(1, 9), range(5, 12), (2, 6, 10)


@pytest.fixture
def panel(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LibraryPanel]:
    """Ranking stops past 2 matches and half the library: every search here lists its matches
    in the list's own order (newest first), as a word in most of 10,000 posts does."""
    monkeypatch.setattr(library_search, "RANK_ALWAYS_UP_TO", 2)
    blog = tmp_path / "blog"
    blog.mkdir()
    for day in range(1, 13):
        words = ["My notebook for the day."]
        words += ["The kettle sang."] if day in KETTLE else []
        words += ["A teapot waited."] if day in TEAPOT else []
        draft = "draft: true\n" if day in DRAFTS else ""
        (blog / f"day-{day:02d}.md").write_text(
            f"---\ntitle: Day {day}\ndate: 2025-03-{day:02d}\n{draft}---\n{' '.join(words)}\n",
            encoding="utf-8",
        )
    library = Library.open(blog, cache_dir=tmp_path / "cache", background=False)
    widget = LibraryPanel()
    qtbot.addWidget(widget)
    widget.resize(320, 400)
    widget.show()
    widget.set_library(library)
    yield widget
    widget.stop_watching()
    library.close()


def shown(panel: LibraryPanel) -> list[str]:
    return [panel.proxy.index(row, 0).data() for row in range(panel.proxy.rowCount())]


def days(numbers: Any) -> list[str]:
    """Titles newest first, as the list shows them."""
    return [f"Day {d}" for d in sorted(numbers, reverse=True)]


def search(panel: LibraryPanel, text: str) -> None:
    panel.search.setText(text)
    panel.run_search()


def test_searches_in_turn_list_their_own_matches_and_count(panel: LibraryPanel) -> None:
    """A word in every post after no search (the same rows), then other words whose matches
    differ while the rows keep their order, then back: each shows exactly its matches."""
    search(panel, "notebook")
    assert shown(panel) == days(range(1, 13))
    assert panel.count_label.text() == "12 posts"
    search(panel, "kettle")
    assert shown(panel) == days(KETTLE)
    assert panel.count_label.text() == "8 of 12 posts"
    search(panel, "teapot")
    assert shown(panel) == days(TEAPOT)
    assert panel.count_label.text() == "7 of 12 posts"
    search(panel, "notebook")
    assert shown(panel) == days(range(1, 13))
    assert panel.count_label.text() == "12 posts"
    search(panel, "")
    assert shown(panel) == days(range(1, 13))
    assert panel.count_label.text() == "12 posts"


def test_filters_and_searches_combine_in_any_order(panel: LibraryPanel) -> None:
    panel.set_status(Status.DRAFT)
    assert shown(panel) == days(DRAFTS)
    search(panel, "notebook")  # every post: the drafts stay
    assert shown(panel) == days(DRAFTS)
    assert panel.count_label.text() == "3 of 12 posts"
    search(panel, "teapot")
    assert shown(panel) == days([6, 10])
    panel.proxy.set_extra_filter("all", lambda entry: True)  # answers nothing new
    assert shown(panel) == days([6, 10])
    assert panel.count_label.text() == "2 of 12 posts"
    panel.set_status(None)
    assert shown(panel) == days(TEAPOT)
    assert panel.count_label.text() == "7 of 12 posts"
    late = {"Day 9", "Day 10", "Day 11"}
    panel.proxy.set_extra_filter("late", lambda entry: entry.title in late)
    assert shown(panel) == days([9, 10, 11])
    late.discard("Day 11")  # what the test answers changed: set again, the rows follow
    panel.proxy.set_extra_filter("late", lambda entry: entry.title in late)
    assert shown(panel) == days([9, 10])
    assert panel.count_label.text() == "2 of 12 posts"
    panel.proxy.set_extra_filter("late", None)
    panel.proxy.set_extra_filter("all", None)
    search(panel, "")
    assert shown(panel) == days(range(1, 13))
    assert panel.count_label.text() == "12 posts"


def test_a_row_edited_during_a_search_shows_or_hides(panel: LibraryPanel) -> None:
    """After a search that matched every post (Qt was not asked to filter again), an edit
    that makes a post a draft still adds it to the drafts shown."""
    search(panel, "notebook")
    panel.set_status(Status.DRAFT)
    model = panel.model
    day_1 = next(e for e in model.entries() if e.title == "Day 1")
    model.upsert(replace(day_1, status=Status.DRAFT))
    assert shown(panel) == days([*DRAFTS, 1])
    search(panel, "kettle")
    assert shown(panel) == days([1, 2, 6])
    assert panel.count_label.text() == "3 of 12 posts"


def test_the_list_stays_a_consistent_model_through_searches_and_filters(
    qtmodeltester: Any, panel: LibraryPanel
) -> None:
    """Qt's model checker watches the list while searches and filters change its rows."""
    qtmodeltester.check(panel.proxy)
    for text in ("notebook", "kettle", "teapot", "notebook", ""):
        search(panel, text)
        panel.set_status(Status.DRAFT)
        panel.set_status(None)
    assert panel.count_label.text() == "12 posts"
