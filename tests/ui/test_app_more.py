"""More of the app: the sample library, settings, counts popup, exports, start-up targets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QPushButton

from blogdesk.app import resolve_target


def test_sample_library_opens_and_every_post_can_be_shown(
    qtbot, sample_copy, app_settings, app_factory
):
    """A copy of posts/: every post opens without an error and without changing its file."""
    start_app, stop_app = app_factory
    running = start_app(qtbot, app_settings, sample_copy)
    try:
        panel = running.window.library_panel
        paths = panel.visible_paths()
        assert len(paths) >= 8
        before = {p: p.read_bytes() for p in paths}
        for path in paths:
            assert running.window.open_path(path), path
            assert running.window.post_panel.title.text()
            assert not running.controller.session.is_modified()
        assert running.answers.errors == []
        assert {p: p.read_bytes() for p in paths} == before
        titles = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
        assert not any(t.endswith(".md") for t in titles)
    finally:
        stop_app(running)


def test_counts_popup_shows_characters(app, qtbot):
    window = app.window
    qtbot.waitUntil(lambda: window.counter.counts() is not None)
    window.counter.show_details()
    popup = window.findChild(QLabel, "Characters without spaces-1")
    assert popup is not None
    counts = window.counter.counts()
    assert popup.text() == f"{counts.whole.characters_no_spaces:,}"


def test_settings_dialog_stores_and_applies(app, qtbot):
    from blogdesk.ui.widgets.settings_dialog import SettingsDialog

    dialog = SettingsDialog(app.parts.settings, 200, "{slug}.md", "images", app.window)
    qtbot.addWidget(dialog)
    dialog.wpm.setValue(100)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.autosave.setChecked(False)
    dialog.file_pattern.setText("{date}-{slug}.md")
    assert "Example: " in dialog.pattern_hint.text()
    dialog.apply()
    settings = app.parts.settings
    assert (settings.wpm, settings.theme, settings.autosave) == (100, "dark", False)
    app.window.apply_settings()
    assert app.controller.file_pattern == "{date}-{slug}.md"
    assert app.window.counter.wpm == 100
    settings.theme = "light"
    app.window.apply_settings()


def test_new_post_follows_the_file_pattern_setting(app, small_library):
    app.parts.settings.file_pattern = "{date}-{slug}.md"
    app.window.apply_settings()
    app.answers.texts.append("Patterned")
    app.parts.actions.trigger("new_post")
    created = [p.name for p in small_library.glob("*-patterned.md")]
    assert len(created) == 1 and created[0][:4].isdigit()


def test_export_site_from_the_menu_runs_with_progress(app, qtbot, tmp_path):
    out = tmp_path / "site"
    app.answers.paths.append(out)
    app.parts.actions.trigger("export_site")
    qtbot.waitUntil(lambda: (out / "index.html").exists(), timeout=30000)
    qtbot.waitUntil(lambda: app.window.notice_bar.notice("export") is not None, timeout=30000)
    assert app.answers.errors == []


def test_export_post_from_the_menu(app, qtbot, tmp_path):
    out = tmp_path / "page.html"
    app.answers.paths.append(out)
    app.parts.actions.trigger("export_post")
    qtbot.waitUntil(out.exists, timeout=30000)  # the page lands whole (written atomically)
    assert "Next spring" in out.read_text()


def test_a_change_on_disk_shows_up_in_the_list(app, qtbot, small_library):
    (small_library / "written-elsewhere.md").write_text(
        "---\ntitle: Written elsewhere\ndate: 2025-01-01\n---\nHello.\n", encoding="utf-8"
    )
    panel = app.window.library_panel
    qtbot.waitUntil(
        lambda: panel.proxy.row_of(small_library / "written-elsewhere.md") >= 0, timeout=5000
    )


def test_the_open_post_reloads_when_changed_elsewhere(app, qtbot, small_library):
    path = small_library / "next-spring.md"
    assert app.controller.doc.path == path
    path.write_text(path.read_text() + "\nMore seeds.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: app.window.current_body().endswith("More seeds.\n"), timeout=5000)


def test_start_targets(tmp_path, small_library):
    post = small_library / "first-light.md"
    assert resolve_target(str(post), None).post == post.resolve()
    assert resolve_target(str(post), None).root == small_library.resolve()
    assert resolve_target(str(small_library), None).root == small_library.resolve()
    assert resolve_target(str(tmp_path / "missing"), None).error
    assert resolve_target(None, small_library).root == small_library


def test_about_and_cheat_sheet(app, qtbot, monkeypatch):
    from blogdesk.ui.widgets import dialogs

    shown: list[Any] = []
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "about", lambda *a: shown.append(a))
    app.parts.actions.trigger("about")
    assert shown and "blogdesk" in shown[0][2]
    app.parts.actions.trigger("cheat_sheet")
    sheet = [w for w in app.window.findChildren(dialogs.QDialog) if w.isVisible()]
    assert sheet and "Markdown" in sheet[0].windowTitle()
    sheet[0].close()


def test_reader_view_opens(app, qtbot):
    app.parts.actions.trigger("reader_view")
    assert app.window.reading.reader is not None and app.window.reading.reader.isVisible()
    app.window.reading.reader.close()


def test_no_library_shows_no_post(qtbot, app_settings, app_factory):
    start_app, stop_app = app_factory
    running = start_app(qtbot, app_settings, None)
    try:
        assert running.controller.library is None
        assert not running.parts.actions["save"].isEnabled()
        assert running.window.windowTitle() == "blogdesk"
        assert running.window.center.currentWidget() is running.window.welcome
        assert running.window.library_dock.isHidden()
    finally:
        stop_app(running)


def test_welcome_screen_creates_a_new_blog(qtbot, app_settings, app_factory, tmp_path):
    """Create a New Blog: a folder with blogdesk.toml and a first post, opened at once."""
    start_app, stop_app = app_factory
    running = start_app(qtbot, app_settings, None)
    folder = tmp_path / "my-blog"
    folder.mkdir()
    try:
        running.answers.paths.append(folder)
        running.answers.texts.append("Field Notes")
        running.window.welcome.findChild(QPushButton, "welcomeCreate").click()
        assert 'site_title = "Field Notes"' in (folder / "blogdesk.toml").read_text()
        assert running.controller.doc.path == folder / "hello-world.md"
        assert running.window.center.currentWidget() is running.window.splitter
        assert not running.window.library_dock.isHidden()
        assert running.window.windowTitle().startswith("Hello, world — Field Notes")
    finally:
        stop_app(running)


def test_library_paths_are_relative_to_the_posts_folder(app, small_library):
    assert app.controller.posts_dir == Path(small_library)


def test_no_argument_opens_the_sample_library_from_the_source_tree(sample_posts):
    assert resolve_target(None, None).root == sample_posts


def test_a_file_argument_opens_that_post(qtbot, small_library, app_settings, app_factory):
    start_app, stop_app = app_factory
    post = small_library / "the-long-edit.md"
    target = resolve_target(str(post), None)
    running = start_app(qtbot, app_settings, target.root, target.post)
    try:
        assert running.controller.doc.path == post.resolve()
        assert running.window.library_panel.view.currentIndex().data() == "The long edit"
    finally:
        stop_app(running)


def test_dropping_a_folder_opens_it_as_the_library(app, tmp_path, library_factory):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    other = library_factory(tmp_path / "other-blog")
    (other / "first-light.md").rename(other / "only-here.md")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    app.window.dropEvent(event)
    assert app.controller.library.root == other
    assert app.window.library_panel.proxy.row_of(other / "only-here.md") >= 0


def test_settings_dialog_remote_content(app, qtbot):
    from blogdesk.ui.widgets.settings_dialog import SettingsDialog

    dialog = SettingsDialog(app.parts.settings, 200, "", "", app.window)
    qtbot.addWidget(dialog)
    dialog.remote.setChecked(True)
    dialog.apply()
    assert app.parts.settings.remote_content


def test_editor_font_setting(app, qtbot):
    """The editor keeps its own font until the author picks another one."""
    from PySide6.QtGui import QFontInfo

    from blogdesk.ui.widgets.settings_dialog import SettingsDialog, default_editor_font

    editor = app.window.editor
    assert QFontInfo(editor.font()).family() == QFontInfo(default_editor_font()).family()
    dialog = SettingsDialog(app.parts.settings, 200, "", "", app.window)
    qtbot.addWidget(dialog)
    dialog.apply()
    assert app.parts.settings.editor_font == ""  # unchanged: no font stored
    dialog.font_size.setValue(dialog.font_size.value() + 4)
    dialog.apply()
    assert app.parts.settings.editor_font
    app.window.apply_settings()
    assert QFontInfo(editor.font()).pointSize() == dialog.font_size.value()


def test_counts_popup_stays_inside_the_screen(app, qtbot):
    """The counter sits at the right end of the status bar: its popup must not be cut off."""
    window = app.window
    screen = window.screen().availableGeometry()
    window.setGeometry(screen)  # the window fills the screen: the counter is at its right edge
    qtbot.waitUntil(lambda: window.counter.counts() is not None)
    popup = window.counter.show_details()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert screen.contains(popup.frameGeometry())


def test_popup_position_keeps_popups_whole():
    from PySide6.QtCore import QRect, QSize

    from blogdesk.ui.widgets.status_counter import popup_position

    screen = QRect(0, 0, 1280, 800)
    size = QSize(300, 120)
    # at the right edge: right-aligned with the counter, above it
    spot = popup_position(QRect(1180, 770, 100, 24), size, screen)
    assert QRect(spot, size).right() <= screen.right()
    assert QRect(spot, size).bottom() < 770
    # at the top: below instead; at the left: not past the edge
    assert popup_position(QRect(0, 0, 40, 24), size, screen).y() >= 24
    assert popup_position(QRect(0, 400, 40, 24), size, screen).x() == 0
