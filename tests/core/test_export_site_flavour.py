"""Export renders each body through the site's flavour: the body the preview shows."""

from __future__ import annotations

from pathlib import Path

from blogdesk.core import export
from blogdesk.core.render.contract import flavour_for, render_site_body


def hugo_root(root: Path, typographer: bool = True) -> Path:
    posts = root / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Desk"\n'
        f"[markup.goldmark.extensions]\ntypographer = {str(typographer).lower()}\n",
        encoding="utf-8")
    (posts / "first.md").write_text(
        '---\ntitle: First light\ndate: 2024-05-01\n---\n\nSaid "hello".\n\n'
        '{{< figure src="/garden.png" caption="The garden at dawn" >}}\n\n- rows\n  - beans\n',
        encoding="utf-8")
    return root


def page_of(out: Path) -> str:
    return (out / "posts" / "first-light" / "index.html").read_text(encoding="utf-8")


def test_the_site_export_shows_a_hugo_figure_as_the_preview_does(tmp_path: Path) -> None:
    root = hugo_root(tmp_path / "site")
    export.export_site(root, tmp_path / "out", cache_dir=tmp_path / "cache")
    page = page_of(tmp_path / "out")
    body = (root / "content/posts/first.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    preview = render_site_body(flavour_for(root), body).html
    assert '<figure><img src="/garden.png" alt="The garden at dawn">' in preview
    assert "<figure>" in page and "The garden at dawn</p></figcaption>" in page
    assert "<li>rows\n<ul>\n<li>beans</li>" in page
    assert preview in page  # the exported body is the body the preview shows


def test_a_changed_markdown_setting_renders_the_cached_body_again(tmp_path: Path) -> None:
    root = hugo_root(tmp_path / "site", typographer=True)
    export.export_site(root, tmp_path / "out", cache_dir=tmp_path / "cache")
    assert "“hello”" in page_of(tmp_path / "out")
    hugo_root(root, typographer=False)
    export.export_site(root, tmp_path / "out", cache_dir=tmp_path / "cache")
    again = page_of(tmp_path / "out")
    assert "“hello”" not in again and "hello" in again


def test_the_one_post_export_uses_the_site_flavour(tmp_path: Path) -> None:
    root = hugo_root(tmp_path / "site")
    out = export.export_post(root / "content/posts/first.md", tmp_path / "one" / "first.html")
    page = out.read_text(encoding="utf-8")
    assert '<figure><img src="/garden.png" alt="The garden at dawn">' in page


def test_a_ref_to_another_post_is_resolved_in_the_export_as_in_the_preview(
        tmp_path: Path) -> None:
    root = hugo_root(tmp_path / "site")
    posts = root / "content" / "posts"
    (posts / "second.md").write_text("---\ntitle: Second\n---\nMore.\n", encoding="utf-8")
    (posts / "first.md").write_text(
        '---\ntitle: First light\n---\n\nSee [the next]({{< ref "second.md" >}}) garden.\n',
        encoding="utf-8")
    export.export_site(root, tmp_path / "out", cache_dir=tmp_path / "cache")
    assert '<a href="https://example.org/posts/second/"' in page_of(tmp_path / "out")
    one = export.export_post(posts / "first.md", tmp_path / "one" / "first.html")
    assert '<a href="https://example.org/posts/second/"' in one.read_text(encoding="utf-8")


def test_a_new_post_renders_again_only_the_posts_with_template_tags(tmp_path: Path) -> None:
    root = hugo_root(tmp_path / "site")
    posts = root / "content" / "posts"
    (posts / "first.md").write_text(
        '---\ntitle: First light\n---\n\nSee [the next]({{< ref "second.md" >}}) garden.\n',
        encoding="utf-8")
    (posts / "plain.md").write_text("---\ntitle: Plain\n---\nNo tags here.\n", encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = export.export_site(root, out, cache_dir=cache)
    assert first.rendered == 2
    assert "https://example.org/posts/second/" not in page_of(out)  # no such post yet
    (posts / "second.md").write_text("---\ntitle: Second\n---\nMore.\n", encoding="utf-8")
    again = export.export_site(root, out, cache_dir=cache)
    # the new post and the one whose ref now names it; the post with no tag is reused
    assert again.rendered == 2
    assert '<a href="https://example.org/posts/second/"' in page_of(out)
    third = export.export_site(root, out, cache_dir=cache)
    assert third.rendered == 0  # nothing changed: nothing rendered


def test_a_site_export_is_the_same_with_the_ref_targets_built_lazily(tmp_path: Path) -> None:
    root = hugo_root(tmp_path / "site")
    posts = root / "content" / "posts"
    (posts / "second.md").write_text("---\ntitle: Second\n---\nMore.\n", encoding="utf-8")
    (posts / "first.md").write_text(
        '---\ntitle: First light\n---\n\nSee [the next]({{< ref "second.md" >}}) garden.\n',
        encoding="utf-8")
    export.export_site(root, tmp_path / "out", cache_dir=tmp_path / "cache")
    body = (posts / "first.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    eager = export._site_style(root, export._load_config(root))  # the targets built up front
    assert eager.posts  # type: ignore[union-attr]
    assert export._body_html(body, eager) in page_of(tmp_path / "out")


def test_an_output_folder_inside_the_posts_folder_is_no_post_of_the_site(tmp_path: Path) -> None:
    """The posts are listed once for both the posts and the ref targets, except when the output
    is inside the posts folder: a Markdown file there is no post, and the site is as usual."""
    root = hugo_root(tmp_path / "site")
    posts = root / "content" / "posts"
    (posts / "second.md").write_text("---\ntitle: Second\n---\nMore.\n", encoding="utf-8")
    out = posts / "built"
    out.mkdir()
    (out / "stray.md").write_text("---\ntitle: Stray\n---\nNot a post.\n", encoding="utf-8")
    report = export.export_site(root, out, cache_dir=tmp_path / "cache")
    assert report.ok and report.posts == 2
    assert (out / "posts" / "second" / "index.html").is_file()
    assert not (out / "posts" / "stray").exists()
    beside = export.export_site(root, tmp_path / "beside", cache_dir=tmp_path / "cache2")
    assert beside.posts == 3  # the same file, outside the output folder, is a post
