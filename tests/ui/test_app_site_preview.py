"""A library that is a generator's site: the window names it, the preview renders its flavour."""

from __future__ import annotations

from pathlib import Path
from typing import Any

PAGE_TIMEOUT_MS = 30_000


def hugo_library(root: Path) -> Path:
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Desk"\n',
                                    encoding="utf-8")
    (posts / "first.md").write_text(
        "---\ntitle: First light\ndate: 2024-05-01\n---\n\nThe morning walk.\n\n"
        '{{< figure src="/garden.png" caption="The garden at dawn" >}}\n\n'
        "- rows\n  - beans\n", encoding="utf-8")
    return root


def page_text(pane: Any) -> str:
    return str(pane._snapshot().page())


def test_a_hugo_library_previews_its_figure_and_names_the_site(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    start_app, stop_app = app_factory
    root = hugo_library(tmp_path / "site")
    running = start_app(qtbot, app_settings, root, root / "content/posts/first.md", preview=True)
    try:
        window = running.parts.window
        label = window.preview.site_label
        assert label is not None and label.text() == "Hugo site · goldmark"
        assert "hugo.toml" in label.toolTip()
        pane = window.preview.pane
        qtbot.waitUntil(lambda: "garden at dawn" in page_text(pane), timeout=PAGE_TIMEOUT_MS)
        page = page_text(pane)
        assert '<figure><img src="/garden.png" alt="The garden at dawn">' in page
        assert "{{&lt;" not in str(pane._snapshot().body())
        assert "<li>rows\n<ul>\n<li>beans</li>" in page  # goldmark nests at two spaces
        # typing goes through the same family, block by block
        scheduler = window.preview.scheduler
        cursor = window.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        cursor.insertText("\n~~gone~~\n")  # textChanged: the preview is scheduled
        generation = scheduler.generation()
        qtbot.waitUntil(lambda: pane.shown_generation() >= generation, timeout=PAGE_TIMEOUT_MS)
        assert "<s>gone</s>" in page_text(pane)
        assert '<figure><img src="/garden.png"' in page_text(pane)
    finally:
        stop_app(running)


def test_a_library_without_a_generator_says_blogdesk_style(app: Any) -> None:
    app.window.preview.update_context()
    label = app.window.preview.site_label
    assert label is not None and label.text().startswith("blogdesk style")


def test_a_jekyll_library_previews_highlight_as_a_code_block(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    start_app, stop_app = app_factory
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: Desk\n", encoding="utf-8")
    post = root / "_posts" / "2024-05-20-script.md"
    post.write_text("---\ntitle: A script\n---\n\n{% highlight ruby %}\nputs 'morning'\n"
                    "{% endhighlight %}\n", encoding="utf-8")
    running = start_app(qtbot, app_settings, root, post, preview=True)
    try:
        window = running.parts.window
        assert window.preview.site_label.text() == "Jekyll site · kramdown"
        pane = window.preview.pane
        qtbot.waitUntil(lambda: "morning" in str(pane._snapshot().body()),
                        timeout=PAGE_TIMEOUT_MS)
        body = str(pane._snapshot().body())
        assert "<pre" in body and "{%" not in body and "highlight ruby" not in body
    finally:
        stop_app(running)


def test_blogdesk_toml_overrides_the_detected_generator(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    start_app, stop_app = app_factory
    root = hugo_library(tmp_path / "site")
    (root / "blogdesk.toml").write_text('generator = "blogdesk"\n', encoding="utf-8")
    running = start_app(qtbot, app_settings, root, root / "content/posts/first.md")
    try:
        assert running.parts.window.preview.site_label.text().startswith("blogdesk style")
    finally:
        stop_app(running)
