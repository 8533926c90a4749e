"""The site's flavour: detection plugged into the renderer contract, the template pass first."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

from blogdesk.core.post import Post
from blogdesk.core.postfile import load_post
from blogdesk.core.render.contract import (
    flavour_for,
    post_targets,
    render_site_body,
    render_with,
    tuned,
)
from blogdesk.core.sites.detect import detect_site


def hugo_site(root: Path, goldmark: str = "") -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Notes"\n'
                                    + goldmark, encoding="utf-8")
    (root / "content" / "posts" / "first.md").write_text(
        "---\ntitle: First\n---\n\n# Start\n\n{{< figure src=\"/cat.png\" caption=\"Our cat\" >}}"
        "\n\nSee [the second]({{< ref \"second.md\" >}}).\n\n- one\n  - nested\n",
        encoding="utf-8")
    (root / "content" / "posts" / "second.md").write_text("---\ntitle: Second\n---\nHello.\n",
                                                          encoding="utf-8")
    return root


def jekyll_site(root: Path) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_includes").mkdir()
    (root / "_config.yml").write_text("title: Desk notes\nkramdown:\n  auto_ids: true\n",
                                      encoding="utf-8")
    (root / "_includes" / "note.html").write_text('<aside class="note">{{ include.text }}</aside>',
                                                  encoding="utf-8")
    (root / "_posts" / "2024-05-01-code.md").write_text(
        "---\ntitle: Code\n---\n\n{% highlight ruby %}\nputs 'hi'\n{% endhighlight %}\n\n"
        '{% include note.html text="Read me" %}\n', encoding="utf-8")
    return root


def test_hugo_flavour_is_goldmark_with_the_config_options(tmp_path: Path) -> None:
    site = hugo_site(tmp_path, "[markup.goldmark.renderer]\nunsafe = true\n"
                     "[markup.goldmark.extensions]\ntypographer = false\n")
    chosen = flavour_for(site / "content" / "posts")
    assert (chosen.generator, chosen.family) == ("hugo", "commonmark")
    assert chosen.options.unsafe is True and chosen.options.typographer is False
    assert chosen.template_language == "hugo"


def test_a_hugo_figure_and_ref_render_as_the_site_publishes_them(tmp_path: Path) -> None:
    site = hugo_site(tmp_path)
    chosen = flavour_for(site)
    posts = [Post.from_file(load_post(p)) for p in sorted((site / "content/posts").glob("*.md"))]
    body = load_post(site / "content/posts/first.md").body
    result = render_site_body(chosen, body, posts=post_targets(chosen.site, posts))
    assert '<figure><img src="/cat.png" alt="Our cat"><figcaption><p>Our cat</p>' in result.html
    assert '<a href="https://example.org/posts/second/"' in result.html
    assert "<ul>\n<li>one\n<ul>" in result.html  # nested by two spaces, as goldmark nests it
    assert result.html == "".join(b.html for b in result.blocks)
    figure = next(b for b in result.blocks if "<figure>" in b.html)
    assert (figure.first_line, figure.last_line) == (4, 4)  # the body's own line of the tag


def test_a_jekyll_highlight_is_a_code_block_and_an_include_is_read(tmp_path: Path) -> None:
    site = jekyll_site(tmp_path)
    chosen = flavour_for(site / "_posts")
    assert (chosen.generator, chosen.family) == ("jekyll", "kramdown")
    body = load_post(site / "_posts" / "2024-05-01-code.md").body
    html = render_site_body(chosen, body).html
    assert "<pre" in html and "puts" in html and "highlight" not in html.split("<pre")[0]
    assert "Read me" in html


def test_no_site_and_pelican_keep_python_markdown_exactly(tmp_path: Path) -> None:
    plain = flavour_for(tmp_path)
    assert plain.family == "pymd" and plain.is_plain_pymd
    text = "A *b* and \"quotes\".\n\n- x\n"
    assert render_site_body(plain, text) == render_with(plain, text)
    (tmp_path / "pelicanconf.py").write_text("SITENAME = 'Desk'\n", encoding="utf-8")
    assert flavour_for(tmp_path).family == "pymd"


def test_an_unreadable_config_falls_back_to_blogdesk_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: [unclosed\n", encoding="utf-8")
    site = detect_site(tmp_path)
    assert site.generator == "blogdesk" and site.warnings
    assert "cannot be read" in site.warnings[0]
    assert flavour_for(site).family == "pymd"


def test_the_flavour_travels_by_value(tmp_path: Path) -> None:
    chosen = tuned(flavour_for(hugo_site(tmp_path)), allow_remote_images=False)
    again = pickle.loads(pickle.dumps(chosen))
    assert again == chosen and hash(again) == hash(chosen)
    assert again.options.allow_remote_images is False


def test_blogdesk_render_defaults_to_the_detected_site(tmp_path: Path) -> None:
    site = hugo_site(tmp_path)
    done = subprocess.run([sys.executable, "-m", "blogdesk", "render",
                           str(site / "content/posts/first.md")],
                          capture_output=True, text=True, timeout=60, check=True)
    assert "<figure><img src=\"/cat.png\"" in done.stdout


def test_blogdesk_render_says_when_the_config_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: [unclosed\n", encoding="utf-8")
    post = tmp_path / "note.md"
    post.write_text("---\ntitle: Note\n---\nA *note*.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "blogdesk", "render", str(post)],
                          capture_output=True, text=True, timeout=60, check=True)
    assert "<em>note</em>" in done.stdout
    assert "cannot be read" in done.stderr and "blogdesk's own style" in done.stderr
