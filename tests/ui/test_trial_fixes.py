"""The trial's findings in the window (issue 13): export, back to blog, unsaved changes, ranked
search, the first window's layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_app_window import select, type_in_editor


def test_replace_all_then_undo_is_not_an_unsaved_change(app: Any, qtbot: Any,
                                                        small_library: Path) -> None:
    """Replace All, the text read in between (as the journal does), Undo; then a letter typed
    and deleted: switching posts asks nothing and the file keeps its bytes."""
    mixed = small_library / "first-light.md"
    data = mixed.read_bytes().replace(b"breakfast\n", b"breakfast\r\n")  # mixed line endings
    mixed.write_bytes(data)
    app.window.check_disk()
    select(app, "first-light.md")
    pane = app.window.editor_pane
    pane.show_replace()
    pane.find_bar.find_field.setText("e")
    pane.find_bar.replace_field.setText("E")
    assert pane.find_bar.replace_all() > 0
    assert app.window.session.is_modified()  # reads the editor's text
    app.window.editor.undo()
    type_in_editor(qtbot, app, "x")
    qtbot.keyClick(app.window.editor, "\b")
    assert not app.window.session.is_modified()
    select(app, "the-long-edit.md")
    assert app.controller.doc.path.name == "the-long-edit.md"
    assert app.answers.asked == []
    assert mixed.read_bytes() == data


def test_export_site_offers_a_folder_that_exists_and_creates_it(
        qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """Qt's folder dialog refuses a folder that is not there: the proposed one is created for
    it, kept when chosen, and removed again (empty) when the dialog is cancelled."""
    from PySide6.QtWidgets import QFileDialog, QWidget

    from blogdesk.ui.widgets import dialogs

    seen: list[bool] = []
    answer: list[str] = []

    def fake_dialog(parent: Any, title: str, start: str) -> str:
        seen.append(Path(start).is_dir())
        return answer.pop(0)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(fake_dialog))
    parent = QWidget()
    qtbot.addWidget(parent)
    proposed = tmp_path / "blog-site"
    answer.append("")
    assert dialogs.ask_folder(parent, "Export Site To", proposed) is None
    assert seen == [True] and not proposed.exists()
    answer.append(str(proposed))
    assert dialogs.ask_folder(parent, "Export Site To", proposed) == proposed
    assert seen == [True, True] and proposed.is_dir()


def test_export_site_says_what_was_left_out_and_offers_drafts_and_the_browser(
        app: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    out = tmp_path / "site"
    app.answers.paths.append(out)
    app.parts.actions.trigger("export_site")
    bar = app.window.notice_bar
    qtbot.waitUntil(lambda: bar.notice("export") is not None, timeout=30000)
    assert bar.texts()[-1] == "2 exported to site, 2 drafts or scheduled left out."
    assert not (out / "posts" / "unfinished-thoughts").exists()
    bar.button("export", "Include drafts").click()
    qtbot.waitUntil(lambda: bar.texts()[-1] == "4 exported to site.", timeout=30000)
    assert (out / "posts" / "unfinished-thoughts" / "index.html").is_file()
    assert bar.button("export", "Include drafts") is None
    bar.button("export", "Open in browser").click()
    assert opened == [str(out.resolve() / "index.html")]
    assert app.answers.errors == []


PAGE_TIMEOUT_MS = 30_000


def _click_back(qtbot: Any, pane: Any) -> None:
    with qtbot.waitSignal(pane.backClicked, timeout=10_000):
        pane.run_script("document.querySelector('a.back-link').click()")


def test_back_to_blog_in_the_preview_and_the_reader_shows_the_library(
        qtbot: Any, small_library: Path, app_settings: Any, app_factory: Any) -> None:
    """The page's "← Back to blog" is an app action: the library list gets the focus (and the
    reader closes); the page itself never navigates."""
    start_app, stop_app = app_factory
    running = start_app(qtbot, app_settings, small_library, preview=True)
    try:
        window = running.window
        pane = window.preview.pane
        qtbot.waitUntil(lambda: pane.shown_generation() >= 0, timeout=PAGE_TIMEOUT_MS)
        window.library_dock.hide()
        window.editor.setFocus()
        page = pane._backend.page
        before = page.url().toString()
        _click_back(qtbot, pane)
        assert window.library_dock.isVisible()
        qtbot.waitUntil(lambda: window.library_panel.view.hasFocus(), timeout=5000)
        assert page.url().toString() == before
        assert page.refused_navigations[-1].endswith("/index.html")

        window.editor.setFocus()
        running.parts.actions.trigger("reader_view")
        reader = window.reading.reader
        qtbot.waitUntil(lambda: reader.isVisible() and reader.pane.shown_generation() >= 0,
                        timeout=PAGE_TIMEOUT_MS)
        _click_back(qtbot, reader.pane)
        qtbot.waitUntil(lambda: not reader.isVisible(), timeout=5000)
        qtbot.waitUntil(lambda: window.library_panel.view.hasFocus(), timeout=5000)
    finally:
        stop_app(running)


def test_the_exported_back_link_still_goes_to_the_index(tmp_path: Path,
                                                        small_library: Path) -> None:
    from blogdesk.core.export import export_site

    export_site(small_library, tmp_path / "site")
    page = next((tmp_path / "site" / "posts").glob("*/index.html")).read_text("utf-8")
    assert '<a class="back-link" href="../../index.html">' in page


def test_search_ranks_by_relevance_shows_snippets_and_clearing_restores_the_sort(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    from test_app_window import listed_titles

    from blogdesk.ui.models import SnippetRole

    root = tmp_path / "ranked"
    root.mkdir()
    (root / "old.md").write_text("---\ntitle: The kettle\ndate: 2020-01-01\n---\nTea.\n",
                                 encoding="utf-8")
    (root / "new.md").write_text(
        "---\ntitle: Weekly notes\ndate: 2025-01-01\n---\nSome words first, then a kettle by "
        "the window, then many more words about the garden in the morning light.\n",
        encoding="utf-8")
    start_app, stop_app = app_factory
    app = start_app(qtbot, app_settings, root)
    try:
        panel = app.window.library_panel
        app.controller.library.wait_until_indexed(30)
        assert listed_titles(app) == ["Weekly notes", "The kettle"]  # newest first
        qtbot.keyClicks(panel.search, "kettle")
        qtbot.waitUntil(lambda: panel.proxy.index(0, 0).data(SnippetRole) is not None)
        assert listed_titles(app) == ["The kettle", "Weekly notes"]  # the title match first
        snippets = [panel.proxy.index(r, 0).data(SnippetRole) for r in range(2)]
        assert snippets[0] == "The kettle"
        assert "then a kettle by the window" in snippets[1]
        panel.sort_combo.setCurrentIndex(1)  # Oldest first, picked during the search
        assert listed_titles(app) == ["The kettle", "Weekly notes"]
        panel.sort_combo.setCurrentIndex(0)  # Newest first
        assert listed_titles(app) == ["Weekly notes", "The kettle"]
        panel.search.clear()
        qtbot.waitUntil(lambda: panel.proxy.index(0, 0).data(SnippetRole) is None)
        assert listed_titles(app) == ["Weekly notes", "The kettle"]
        qtbot.keyClicks(panel.search, "kettle")  # a new search ranks again
        qtbot.waitUntil(lambda: listed_titles(app) == ["The kettle", "Weekly notes"])
    finally:
        stop_app(app)


def test_a_first_window_at_1280x800_shows_every_title_in_full(
        qtbot: Any, sample_copy: Path, app_settings: Any, app_factory: Any) -> None:
    """No saved layout: the sample library's titles are not elided at 1280x800, and the
    outline has a dock area of its own (not a tab beside the tags)."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from blogdesk.app import StartTarget, build
    from blogdesk.ui.models import EntryRole
    from blogdesk.ui.widgets.library_panel import PostDelegate
    from conftest import Answers, Running

    _start_app, stop_app = app_factory
    parts = build(app_settings, StartTarget(sample_copy, None))
    app = Running(parts, Answers())
    app.answers.install(parts.window)
    qtbot.addWidget(parts.window)
    try:
        window = app.window
        window.resize(1280, 800)  # the first window, as on a 1280x800 screen
        window.show()
        qtbot.waitExposed(window)
        qtbot.wait(50)
        view = window.library_panel.view
        delegate = view.itemDelegate()
        assert isinstance(delegate, PostDelegate)
        proxy = window.library_panel.proxy
        assert proxy.rowCount() >= 10
        entries = [proxy.index(r, 0).data(EntryRole) for r in range(proxy.rowCount())]
        longest = max(range(len(entries)), key=lambda r: len(entries[r].title))
        for row in (longest, *range(len(entries))):
            option = QStyleOptionViewItem()
            option.font = view.font()
            option.rect = view.visualRect(proxy.index(row, 0))
            assert option.rect.width() > 0
            assert delegate.shown_title(option, entries[row]) == entries[row].title
        outline = window.docks.outline
        assert outline not in window.tabifiedDockWidgets(window.tags_dock)
        assert window.tabifiedDockWidgets(outline) == [window.post_dock]
        assert not window.post_dock.visibleRegion().isEmpty()  # the post panel is on top
        assert not window.tags_dock.visibleRegion().isEmpty()
    finally:
        stop_app(app)
