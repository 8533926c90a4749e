"""Settings > Site generator: the combo shows what was detected, the choice lands in the
library's blogdesk.toml (nothing else in it changes) and applies at once: the status bar, the
preview, the reader view and the export follow it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from blogdesk.ui.widgets.preview import register_schemes

register_schemes()

PAGE_TIMEOUT_MS = 30_000
SETTINGS = '# the desk notes\ntitle = "Desk notes"  # the page header\n\n[author]\nname = "Ada"\n'
BODY = ("A list straight after a line:\n- beans\n- peas\n\n~~old~~ new\n\n"
        "*[HTML]: Hyper Text\n\nAn HTML page.\n")  # an abbreviation: kramdown's, not goldmark's


def hugo_site(root: Path) -> tuple[Path, Path]:
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "hugo.toml").write_text('title = "Desk"\n', encoding="utf-8")
    (root / "blogdesk.toml").write_text(SETTINGS, encoding="utf-8")
    post = posts / "garden.md"
    post.write_text(f"---\ntitle: The garden\ndate: 2024-05-01\n---\n\n{BODY}", encoding="utf-8")
    return root, post


def choose_in_settings(qtbot: Any, window: Any, generator: str) -> list[str]:
    """Open Settings from its action, pick ``generator`` ("" for Detected), press OK; returns
    the combo's items as the user saw them."""
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        combo = dialog.generator
        seen.extend(combo.itemText(i) for i in range(combo.count()))
        seen.append(f"current={combo.currentText()}")
        combo.setCurrentIndex(combo.findData(generator))
        dialog.accept()

    QTimer.singleShot(0, answer)
    window.acts["settings"].trigger()
    return seen


def body_of(pane: Any) -> str:
    return str(pane._snapshot().body())


def test_choosing_jekyll_saves_the_toml_and_the_preview_follows(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    start_app, stop_app = app_factory
    root, post = hugo_site(tmp_path / "site")
    running = start_app(qtbot, app_settings, root, post, preview=True)
    try:
        window = running.parts.window
        pane = window.preview.pane
        assert window.preview.site_label.text() == "Hugo site · goldmark"
        qtbot.waitUntil(lambda: "<s>old</s>" in body_of(pane), timeout=PAGE_TIMEOUT_MS)
        assert "<li>beans</li>" in body_of(pane)  # goldmark: a list may follow a line
        assert "*[HTML]: Hyper Text" in body_of(pane) and "<abbr" not in body_of(pane)
        seen = choose_in_settings(qtbot, window, "jekyll")
        assert seen[:3] == ["Detected (Hugo)", "Hugo", "Jekyll"]
        assert seen[-1] == "current=Detected (Hugo)"
        text = (root / "blogdesk.toml").read_text(encoding="utf-8")
        assert text == SETTINGS.replace('header\n', 'header\ngenerator = "jekyll"\n')
        label = window.preview.site_label
        assert label.text() == "Jekyll site · kramdown ⚠"  # no _config.yml: Jekyll's defaults
        assert "the settings say jekyll" in label.toolTip()
        # the page now comes from kramdown's renderer, as Jekyll would publish it
        from blogdesk.core.render.contract import flavour, render_with

        expected = render_with(flavour("jekyll"), BODY).html
        assert '<abbr title="Hyper Text">HTML</abbr>' in expected
        qtbot.waitUntil(lambda: body_of(pane).replace("<!--b-->", "") == expected,
                        timeout=PAGE_TIMEOUT_MS)
        # the export reads the same file: the exported page has kramdown's abbreviation
        from blogdesk.core.export import export_post

        page = export_post(post, tmp_path / "out" / "garden.html", time_limit=None)
        assert '<abbr title="Hyper Text">HTML</abbr>' in page.read_text(encoding="utf-8")
        # back to Detected: the key goes, the rest of the file stays
        seen = choose_in_settings(qtbot, window, "")
        assert seen[-1] == "current=Jekyll"
        assert (root / "blogdesk.toml").read_text(encoding="utf-8") == SETTINGS
        assert window.preview.site_label.text() == "Hugo site · goldmark"
        qtbot.waitUntil(lambda: "<s>old</s>" in body_of(pane), timeout=PAGE_TIMEOUT_MS)
    finally:
        stop_app(running)


def test_choosing_blogdesk_style_renders_with_python_markdown(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    start_app, stop_app = app_factory
    root, post = hugo_site(tmp_path / "site")
    running = start_app(qtbot, app_settings, root, post, preview=True)
    try:
        window = running.parts.window
        pane = window.preview.pane
        qtbot.waitUntil(lambda: "<s>old</s>" in body_of(pane), timeout=PAGE_TIMEOUT_MS)
        choose_in_settings(qtbot, window, "blogdesk")
        assert window.preview.site_label.text().startswith("blogdesk style")
        qtbot.waitUntil(lambda: "~~old~~" in body_of(pane), timeout=PAGE_TIMEOUT_MS)
    finally:
        stop_app(running)


def test_a_broken_blogdesk_toml_is_left_alone_and_the_user_told(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    start_app, stop_app = app_factory
    root, post = hugo_site(tmp_path / "site")
    running = start_app(qtbot, app_settings, root, post)
    try:
        window = running.parts.window
        broken = b'title = "Desk"\ntitle = "twice"\n'
        (root / "blogdesk.toml").write_bytes(broken)
        errors: list[str] = []
        window.show_error = errors.append  # what the user would read in the message box
        window.preview.set_generator("zola")
        assert (root / "blogdesk.toml").read_bytes() == broken
        assert errors and "not saved" in errors[0] and "blogdesk.toml" in errors[0]
        assert window.preview.site_label.text() == "Hugo site · goldmark"
    finally:
        stop_app(running)


def test_without_a_library_the_combo_is_off(qtbot: Any, app_settings: Any) -> None:
    from blogdesk.ui.widgets.settings_dialog import SettingsDialog

    dialog = SettingsDialog(app_settings)
    qtbot.addWidget(dialog)
    assert not dialog.generator.isEnabled()
    assert dialog.chosen_generator() is None
    assert "Open a library" in dialog.generator.toolTip()


def test_an_open_reader_view_follows_the_new_generator(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    start_app, stop_app = app_factory
    root, post = hugo_site(tmp_path / "site")
    running = start_app(qtbot, app_settings, root, post)
    window = running.parts.window
    try:
        window.reading.show()
        reader = window.reading.reader
        qtbot.waitUntil(lambda: "<s>old</s>" in body_of(reader.pane), timeout=PAGE_TIMEOUT_MS)
        window.preview.set_generator("blogdesk")
        qtbot.waitUntil(lambda: "~~old~~" in body_of(reader.pane), timeout=PAGE_TIMEOUT_MS)
        assert "blogdesk" in (root / "blogdesk.toml").read_text(encoding="utf-8")
    finally:
        if window.reading.reader is not None:
            window.reading.reader.close()
        stop_app(running)
