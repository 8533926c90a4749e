"""Searching the library panel: every match listed and counted, in an order the user expects,
with the words matched under each title, down to the last row."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from blogdesk.core import library_search
from blogdesk.core.library import Library
from blogdesk.ui.models import SnippetRole
from blogdesk.ui.widgets import library_panel
from blogdesk.ui.widgets.library_panel import LibraryPanel


@pytest.fixture
def panel(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LibraryPanel]:
    """30 posts, one a day in June 2024; "garden" is in all but days 7 and 8 (and the title of
    day 5), "compost" in the title of day 20 and the text of days 3 and 9. Ranking stops past 2
    matches (and half the library), snippets come 3 rows at a time: a small 10,000 posts."""
    monkeypatch.setattr(library_search, "RANK_ALWAYS_UP_TO", 2)
    monkeypatch.setattr(library_panel, "SNIPPET_BATCH", 3)
    blog = tmp_path / "blog"
    blog.mkdir()
    for day in range(1, 31):
        title = {5: "Garden plans", 20: "Compost at last"}.get(day, f"Day {day}")
        words = "The garden in the rain." if day not in (7, 8) else "Indoors, reading."
        if day in (3, 9):
            words += " A word on compost."
        (blog / f"day-{day:02d}.md").write_text(
            f"---\ntitle: {title}\ndate: 2024-06-{day:02d}\n---\n{words}\n", encoding="utf-8"
        )
    library = Library.open(blog, cache_dir=tmp_path / "cache", background=False)
    widget = LibraryPanel()
    qtbot.addWidget(widget)
    widget.resize(320, 240)
    widget.show()
    widget.set_library(library)
    yield widget
    widget.stop_watching()
    library.close()


def titles(panel: LibraryPanel) -> list[str]:
    return [panel.proxy.index(row, 0).data() for row in range(panel.proxy.rowCount())]


def search(panel: LibraryPanel, text: str) -> None:
    panel.search.setText(text)
    panel.run_search()


def test_a_word_in_most_posts_lists_every_match_newest_first_with_snippets_to_the_end(
    panel: LibraryPanel,
) -> None:
    search(panel, "garden")
    expected = [{5: "Garden plans", 20: "Compost at last"}.get(d, f"Day {d}")
                for d in range(30, 0, -1) if d not in (7, 8)]  # fmt: skip
    assert titles(panel) == expected  # the list's own order (newest first), not the title match
    assert panel.count_label.text() == "28 of 30 posts"
    panel.view.scrollToBottom()
    last = panel.proxy.index(panel.proxy.rowCount() - 1, 0)
    assert last.data() == "Day 1"
    assert last.data(SnippetRole) == "The garden in the rain."
    first = panel.proxy.index(0, 0)
    assert first.data(SnippetRole) == "The garden in the rain."


def test_a_rarer_word_is_ranked_best_match_first(panel: LibraryPanel) -> None:
    search(panel, "compost")
    assert titles(panel)[0] == "Compost at last"  # the title match first
    assert sorted(titles(panel)[1:]) == ["Day 3", "Day 9"]
    assert panel.count_label.text() == "3 of 30 posts"
    assert "A word on compost" in panel.proxy.index(1, 0).data(SnippetRole)


def test_the_chosen_sort_and_clearing_the_search_keep_every_post(panel: LibraryPanel) -> None:
    search(panel, "compost")
    panel.sort_combo.setCurrentIndex(1)  # Oldest first, picked during the search
    assert titles(panel) == ["Day 3", "Day 9", "Compost at last"]
    assert panel.proxy.index(2, 0).data(SnippetRole) == "Compost at last"
    search(panel, "")
    assert panel.count_label.text() == "30 posts"
    assert titles(panel)[:2] == ["Day 1", "Day 2"]  # still oldest first
    assert panel.proxy.index(0, 0).data(SnippetRole) is None
    search(panel, "garden")  # unranked: it keeps the chosen order too
    assert titles(panel)[:3] == ["Day 1", "Day 2", "Day 3"]
    assert panel.count_label.text() == "28 of 30 posts"


def test_a_status_filter_and_a_search_combine(panel: LibraryPanel) -> None:
    search(panel, "garden")
    panel.filter_tag("none-has-this")
    assert panel.count_label.text() == "0 of 30 posts"
    panel.clear_tag_filters()
    assert panel.count_label.text() == "28 of 30 posts"
