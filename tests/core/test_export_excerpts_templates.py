"""Excerpts (the index cards, related posts, a page's description) show what the site would
show of a post's first words: template tags done, or left out where they would show no text;
never raw tags."""

from __future__ import annotations

import html
from pathlib import Path

from blogdesk.core.export import export_site


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def exported_text(out: Path) -> str:
    """The index page (its cards show the excerpt of a post with no summary), as text."""
    return html.unescape((out / "index.html").read_text(encoding="utf-8"))


def test_jekyll_excerpts_evaluate_liquid_and_leave_out_a_missing_include(tmp_path: Path) -> None:
    root = tmp_path / "jekyll"
    (root / ".git").mkdir(parents=True)
    write(root / "_config.yml", "title: Desk notes\nurl: https://example.org\n")
    write(root / "_posts" / "2024-05-01-tools.md",
          "---\ntitle: Tools\ndate: 2024-05-01\n---\n\n"
          "{% include banner.html kind=\"wide\" %}\n\n"
          "Welcome to {{ site.title }}, where the pens live.\n")
    export_site(root, tmp_path / "out")
    text = exported_text(tmp_path / "out")
    assert "Welcome to Desk notes, where the pens live." in text
    assert "{%" not in text and "{{" not in text and "include banner" not in text


def test_hugo_excerpts_show_a_figure_s_caption_and_a_note_s_words(tmp_path: Path) -> None:
    root = tmp_path / "hugo"
    (root / ".git").mkdir(parents=True)
    write(root / "hugo.toml", "title = 'Desk notes'\nbaseURL = 'https://example.org/'\n")
    write(root / "content" / "posts" / "desk.md",
          "---\ntitle: Desk\ndate: 2024-05-01\n---\n\n"
          '{{< figure src="desk.png" caption="A tidy desk" >}}\n\n'
          "{{% aside %}}Lamps first, then chairs.{{% /aside %}}\n\n"
          "Everything else came later.\n")
    export_site(root, tmp_path / "out")
    text = exported_text(tmp_path / "out")
    assert "A tidy desk" in text and "Lamps first, then chairs." in text
    assert "Everything else came later." in text
    assert "{{<" not in text and "{{%" not in text and "shortcode aside" not in text


def test_each_template_language_gives_text_without_tags() -> None:
    from blogdesk.core.sites.config import Site
    from blogdesk.core.sites.templates import TemplateContext, text_for_excerpt
    from blogdesk.core.stats import visible_text

    cases = {
        "liquid": ("{% assign who = 'readers' %}Hello {{ who }}. {% unknowntag x %}Bye.",
                   "Hello readers. Bye."),
        "hugo": ('Hi {{< param "missing" >}}there. {{< ref "nowhere.md" >}}', "Hi there."),
        "tera": ('Hi {{ youtube(id="abc") }}there.', "Hi there."),
        "nunjucks": ("Hi {{ name }}there {% if x %}.{% endif %}", "Hi there ."),
    }
    for language, (body, shown) in cases.items():
        context = TemplateContext(site=Site(template_language=language))
        assert " ".join(visible_text(text_for_excerpt(body, context)).split()) == shown, language
