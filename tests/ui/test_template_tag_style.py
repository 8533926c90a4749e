"""The template-tag placeholders are styled for the reader in both themes: a labelled box with a
monospace name and muted parameters, an inline chip, an embed's card, and errors marked with
their reason shown (theme.css)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from blogdesk.ui.widgets.preview import register_schemes, webengine_available

register_schemes()

needs_webengine = pytest.mark.skipif(not webengine_available(),
                                     reason="QtWebEngine is not installed")
PAGE_TIMEOUT_MS = 30_000

BODY = ('Shelved under {{< shelfmark "B 12" >}} in the hall.\n\n'
        '{{% aside type="tip" %}}\nKept by the *site\'s own* shortcode.\n{{% /aside %}}\n\n'
        "{{< youtube notes-2024 >}}\n\n"
        "{{< param shelf_note >}}\n")

STYLES = """(function () {
  var q = function (s) { return document.querySelector(s); };
  var cs = function (s, pseudo) { var e = q(s); return e ? getComputedStyle(e, pseudo) : null; };
  if (!q('.bd-tag-missing')) { return ''; }
  return JSON.stringify({
    text: cs('.post-body > p').color,
    muted: cs('.post-meta') ? cs('.post-meta').color : '',
    chip_font: cs('p > .bd-tag').fontFamily,
    chip_border: cs('p > .bd-tag').borderTopStyle,
    box_display: cs('div.bd-tag-block').display,
    box_edge: cs('div.bd-tag-block').borderLeftWidth,
    box_bg: cs('div.bd-tag-block').backgroundColor,
    label_font: cs('.bd-tag-label').fontFamily,
    params_color: cs('.bd-tag-params').color,
    card_url_font: cs('.bd-tag-url').fontFamily,
    error_border: cs('.bd-tag-missing').borderTopColor,
    error_mark: cs('.bd-tag-missing', '::before').content,
    error_reason: cs('.post-body > .bd-tag-missing', '::after').content,
    error_title: q('.bd-tag-missing').getAttribute('title')
  });
})()"""


def styles(qtbot: Any, pane: Any) -> dict[str, str]:
    box: list[Any] = []

    def ready() -> bool:
        box.clear()
        pane.run_script(STYLES, box.append)
        qtbot.waitUntil(lambda: bool(box), timeout=5000)
        return isinstance(box[0], str) and bool(box[0])

    qtbot.waitUntil(ready, timeout=PAGE_TIMEOUT_MS)
    return dict(json.loads(box[0]))


@needs_webengine
def test_placeholders_are_styled_in_the_light_and_the_dark_theme(
        qtbot: Any, tmp_path: Path, app_settings: Any, app_factory: Any) -> None:
    start_app, stop_app = app_factory
    root = tmp_path / "site"
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text('title = "Desk"\n', encoding="utf-8")
    post = root / "content" / "posts" / "list.md"
    post.write_text(f"---\ntitle: A list\ndate: 2024-04-02\n---\n\n{BODY}", encoding="utf-8")
    app_settings.theme = "light"
    running = start_app(qtbot, app_settings, root, post, preview=True)
    try:
        pane = running.parts.window.preview.pane
        light = styles(qtbot, pane)
        assert "monospace" in light["chip_font"] and light["chip_border"] == "dashed"
        assert light["box_display"] == "block" and light["box_edge"] == "4px"
        assert "monospace" in light["label_font"] and "monospace" in light["card_url_font"]
        assert light["params_color"] == light["muted"] != light["text"]  # muted parameters
        assert light["error_border"] != light["box_bg"]
        assert light["error_mark"] == '"⚠\u00a0"'
        assert light["error_reason"] == f'"{light["error_title"]}"'  # the reason, shown
        assert "not set" in light["error_title"]
        pane.set_theme(True)
        qtbot.waitUntil(lambda: styles(qtbot, pane)["box_bg"] != light["box_bg"],
                        timeout=PAGE_TIMEOUT_MS)
        dark = styles(qtbot, pane)
        assert dark["params_color"] == dark["muted"] != light["muted"]
        assert dark["error_border"] != light["error_border"]
        assert dark["text"] != light["text"]
    finally:
        stop_app(running)


def test_the_text_browser_fallback_marks_placeholders_too(qtbot: Any) -> None:
    """Without QtWebEngine the placeholder is still set apart: monospace, and an error in the
    warning colour."""
    from blogdesk.ui.widgets.preview import PageUpdate, PreviewPane

    pane = PreviewPane(use_webengine=False)
    qtbot.addWidget(pane)
    body = ('<p>Before <span class="bd-tag bd-tag-missing" title="param x: not set">'
            "{{&lt; param x &gt;}}</span> after.</p>")
    with qtbot.waitSignal(pane.pageShown, timeout=5000):
        pane.apply(PageUpdate(generation=1, splice=(0, 0, [body]), reset=True,
                              frame=("<html><body><div id='post-body'>", "</div></body></html>")))
    browser = pane.web_view()
    document = browser.document()
    found = document.find("param x")
    assert not found.isNull()
    chip = found.charFormat()
    plain = document.find("Before").charFormat()
    assert any("Mono" in family or "monospace" in family for family in chip.fontFamilies())
    assert chip.foreground().color() != plain.foreground().color()
    assert chip.background().color().name() == "#fdf1e7"
