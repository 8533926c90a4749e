"""The library list follows the site's conventions: section pages, path dates, drafts, Pelican."""

from __future__ import annotations

from pathlib import Path

from blogdesk.core.library import Library
from blogdesk.core.post import Status


def listed(root: Path, cache: Path) -> dict[str, object]:
    library = Library.open(root, cache_dir=cache, background=False)
    try:
        return {p.path.relative_to(library.posts_dir).as_posix(): p for p in library.posts()}
    finally:
        library.close()


def test_hugo_section_pages_are_not_listed(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text('title = "Desk"\n', encoding="utf-8")
    (root / "content" / "posts" / "_index.md").write_text("---\ntitle: Posts\n---\n",
                                                          encoding="utf-8")
    (root / "content" / "posts" / "hello.md").write_text("---\ntitle: Hello\n---\nHi.\n",
                                                         encoding="utf-8")
    assert sorted(listed(root, tmp_path / "cache")) == ["hello.md"]


def test_a_pelican_post_title_and_tags_come_from_its_header(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "pelicanconf.py").write_text("SITENAME = 'Desk'\n", encoding="utf-8")
    (root / "content" / "tea.md").write_text(
        "Title: Green tea notes\nDate: 2023-04-02 10:00\nTags: tea, mornings\n\nBrewed.\n",
        encoding="utf-8")
    post = listed(root, tmp_path / "cache")["tea.md"]
    assert post.title == "Green tea notes"  # type: ignore[attr-defined]
    assert post.tags == ("tea", "mornings")  # type: ignore[attr-defined]
    assert post.date.year == 2023  # type: ignore[attr-defined]


def test_jekyll_and_zola_dates_come_from_the_file_name(tmp_path: Path) -> None:
    jekyll = tmp_path / "jekyll"
    (jekyll / "_posts").mkdir(parents=True)
    (jekyll / "_config.yml").write_text("title: Desk\n", encoding="utf-8")
    (jekyll / "_posts" / "2022-03-04-spring.md").write_text("---\ntitle: Spring\n---\nBuds.\n",
                                                            encoding="utf-8")
    post = listed(jekyll, tmp_path / "c1")["2022-03-04-spring.md"]
    assert (post.date.year, post.date.month, post.date.day) == (2022, 3, 4)  # type: ignore
    zola = tmp_path / "zola"
    (zola / "content" / "blog").mkdir(parents=True)
    (zola / "config.toml").write_text('base_url = "https://example.org"\ncompile_sass = false\n'
                                      "[markdown]\nhighlight_code = true\n", encoding="utf-8")
    (zola / "content" / "blog" / "2021-07-08-summer.md").write_text(
        '+++\ntitle = "Summer"\n+++\nWarm.\n', encoding="utf-8")
    (zola / "content" / "blog" / "_index.md").write_text('+++\ntitle = "Blog"\n+++\n',
                                                         encoding="utf-8")
    posts = listed(zola, tmp_path / "c2")
    assert list(posts) == ["blog/2021-07-08-summer.md"]
    assert posts["blog/2021-07-08-summer.md"].date.year == 2021  # type: ignore[attr-defined]


def test_a_jekyll_draft_folder_inside_the_posts_folder_lists_drafts(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "_drafts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: Desk\n", encoding="utf-8")
    (root / "_drafts" / "idea.md").write_text("---\ntitle: An idea\n---\nLater.\n",
                                              encoding="utf-8")
    post = listed(root, tmp_path / "cache")["_drafts/idea.md"]
    assert post.status == Status.DRAFT  # type: ignore[attr-defined]
