"""Opening another blog starts with its whole list: no search or tag filter carried over."""

from __future__ import annotations

from pathlib import Path


def test_search_and_tag_filter_do_not_carry_over_to_the_next_library(app, qtbot, tmp_path):
    panel = app.window.library_panel
    panel.search.setText("nothing-matches-this")
    panel.run_search()
    panel.filter_tag("habits")
    assert panel.count_label.text().startswith("0 of ")
    other = tmp_path / "other-blog"
    other.mkdir()
    for n in range(3):
        (other / f"post-{n}.md").write_text(f"---\ntitle: Post {n}\n---\nText.\n")
    assert app.controller.open_library(other)
    qtbot.waitUntil(lambda: panel.count_label.text() == "3 posts")
    assert panel.search.text() == ""
    assert panel.chip.isHidden()
    assert Path(panel.library.root) == other
