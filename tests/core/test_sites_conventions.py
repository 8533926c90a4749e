"""Each generator's conventions: dates and slugs from paths, drafts and section pages, post URLs
from the permalink pattern, and new posts written in the library's own style."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType

import pytest

from blogdesk.core.postfile import parse_post
from blogdesk.core.sites.config import Site
from blogdesk.core.sites.conventions import (
    NewPostStyle,
    infer_style,
    is_draft_path,
    is_post_path,
    new_post_text,
    path_date,
    path_slug,
    permalink_for,
    post_target,
)
from blogdesk.core.sites.templates import TemplateContext, expand_templates

JEKYLL = Site(generator="jekyll", permalink="/:categories/:year/:month/:day/:title/")
HUGO = Site(generator="hugo", content_dir="content",
            permalinks=MappingProxyType({"posts": "/:year/:month/:slug/"}))
ZOLA = Site(generator="zola", content_dir="content")
PELICAN = Site(generator="pelican", permalink="posts/{date:%Y}/{slug}/")


@pytest.mark.parametrize(
    ("site", "path", "date", "slug"),
    [
        (JEKYLL, "_posts/2024-05-01-spring-notes.md", dt.date(2024, 5, 1), "spring-notes"),
        (JEKYLL, "_posts/notes.md", None, "notes"),
        (ZOLA, "content/blog/2023-11-30-late-autumn.md", dt.date(2023, 11, 30), "late-autumn"),
        (ZOLA, "content/blog/2023-11-30_late_autumn.md", dt.date(2023, 11, 30), "late_autumn"),
        (ZOLA, "content/blog/2023-02-01-bundle/index.md", dt.date(2023, 2, 1), "bundle"),
        (ZOLA, "content/blog/2023-02-30-not-a-day.md", None, "2023-02-30-not-a-day"),
        (HUGO, "content/posts/2024-05-01-notes.md", None, "2024-05-01-notes"),
        (HUGO, "content/posts/notes/index.md", None, "notes"),
        (Site(generator="eleventy"), "posts/2022-01-09-winter.md", dt.date(2022, 1, 9), "winter"),
        (PELICAN, "content/2021-03-04-spring.md", dt.date(2021, 3, 4), "2021-03-04-spring"),
        (Site(generator="pelican", variables=MappingProxyType(
            {"FILENAME_METADATA": r"(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.*)"})),
         "content/2021-03-04-spring.md", dt.date(2021, 3, 4), "spring"),
        (Site(generator="pelican",
              variables=MappingProxyType({"FILENAME_METADATA": "(?P<slug>.*)"})),
         "content/2021-03-04-spring.md", None, "2021-03-04-spring"),
    ],
)
def test_dates_and_slugs_from_the_path(site: Site, path: str, date: dt.date | None,
                                       slug: str) -> None:
    assert path_date(site, path) == date
    assert path_slug(site, path) == slug


def test_hugo_takes_file_name_dates_only_when_configured() -> None:
    site = Site(generator="hugo",
                variables=MappingProxyType({"frontmatter": {"date": [":filename", ":default"]}}))
    assert path_date(site, "content/posts/2024-05-01-notes.md") == dt.date(2024, 5, 1)
    assert path_slug(site, "content/posts/2024-05-01-notes.md") == "notes"


def test_jekyll_drafts_and_hugo_section_pages() -> None:
    assert is_draft_path(JEKYLL, "_drafts/an-idea.md")
    assert not is_draft_path(JEKYLL, "_posts/2024-01-01-done.md")
    assert not is_draft_path(HUGO, "_drafts/an-idea.md")
    assert not is_post_path(HUGO, "content/posts/_index.md")
    assert not is_post_path(ZOLA, "content/blog/_index.md")
    assert is_post_path(HUGO, "content/posts/notes/index.md")
    assert is_post_path(JEKYLL, "_index.md")


@pytest.mark.parametrize("rel", [
    "_index.md", "a/_index.markdown", "a\\_index.md", "_index", "my_index.md", "_index.en.md",
    "_index.", "a/_index.md/b.md", "_indexes.md", "posts/x_index/_index.md", "plain.md",
])
def test_a_section_page_is_told_by_the_stem_of_its_name(rel: str) -> None:
    """Whether a path is Hugo's ``_index`` section page: its name's stem, as a path says."""
    from pathlib import PurePosixPath

    section = PurePosixPath(rel.replace("\\", "/")).stem == "_index"
    assert is_post_path(HUGO, rel) is not section


def test_urls_from_the_permalink_pattern() -> None:
    meta = {"title": "Spring Notes", "categories": ["Garden"], "date": "2024-05-01 09:00"}
    assert permalink_for(JEKYLL, "_posts/2024-05-01-spring-notes.md", meta) == \
        "/garden/2024/05/01/spring-notes/"
    assert permalink_for(JEKYLL, "_posts/2024-05-01-x.md", {"permalink": "/about/"}) == "/about/"
    assert permalink_for(HUGO, "content/posts/notes/index.md",
                         {"date": dt.date(2024, 5, 1), "slug": "n"}) == "/2024/05/n/"
    assert permalink_for(HUGO, "content/docs/setup.md", {}) == "/docs/setup/"
    assert permalink_for(ZOLA, "content/blog/2023-11-30-late.md", {}) == "/blog/late/"
    assert permalink_for(PELICAN, "content/a.md", {"date": "2021-03-04", "slug": "hello"}) == \
        "/posts/2021/hello/"
    assert permalink_for(Site(), "posts/plain.md", {}) == "/plain/"


def test_post_url_resolves_through_the_permalink() -> None:
    site = Site(generator="jekyll", template_language="liquid", permalink="/:year/:title/")
    posts = [post_target(site, "_posts/2024-05-01-spring-notes.md", {})]
    result = expand_templates("[x]({% post_url 2024-05-01-spring-notes %})",
                              TemplateContext(site=site, posts=posts))
    assert result.text == "[x](/2024/spring-notes/)"


def test_style_is_inferred_from_jekyll_posts() -> None:
    posts = [
        (f"_posts/2024-0{n}-01-post-{n}.md",
         f"---\ntitle: Post {n}\ndate: 2024-0{n}-01 10:00:00 +0200\ntags:\n  - a\n---\n\nText\n")
        for n in range(1, 4)
    ]
    posts.append(("_posts/odd.md", "---\ntitle: Odd\ndate: 2024-01-01\ntags: [x]\n---\nText"))
    style = infer_style(JEKYLL, posts)
    assert style == NewPostStyle(file_pattern="{date}-{slug}.md", front_matter="yaml",
                                 date_format="%Y-%m-%d %H:%M:%S %z", tags_inline=False,
                                 blank_line_after_front_matter=True, final_newline=True,
                                 draft_key="published")  # Jekyll's: `draft: true` is not


def test_style_is_inferred_from_hugo_bundles_in_toml() -> None:
    posts = [(f"content/posts/p{n}/index.md",
              f'+++\ntitle = "P{n}"\ndate = 2024-01-0{n}T10:00:00+01:00\ntags = ["a"]\n+++\nText')
             for n in range(1, 4)]
    style = infer_style(HUGO, posts)
    assert style.file_pattern == "{slug}/index.md"
    assert style.front_matter == "toml"
    assert style.date_format == "%Y-%m-%dT%H:%M:%S%:z"
    assert style.blank_line_after_front_matter is False
    assert style.final_newline is False


def test_an_empty_library_gets_the_generators_usual_style() -> None:
    assert infer_style(JEKYLL, []).file_pattern == "{date}-{slug}.md"
    assert infer_style(Site(), []) == NewPostStyle()


@pytest.mark.parametrize("style", [
    NewPostStyle(),
    NewPostStyle(tags_inline=False, blank_line_after_front_matter=False, final_newline=False,
                 date_format="%Y-%m-%d %H:%M:%S %z"),
    NewPostStyle(front_matter="toml", date_format="%Y-%m-%dT%H:%M:%S%:z"),
    NewPostStyle(front_matter="toml", date_format="%Y-%m-%d %H:%M:%S %z"),
])
def test_new_posts_follow_the_style_and_read_back(style: NewPostStyle) -> None:
    when = dt.datetime(2024, 7, 8, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    tags = ["yes", "a: b", "plain words", "3.0"]
    text = new_post_text(style, 'A "quoted" title: part 2', when, tags, body="Hello.")
    post = parse_post(text.encode(), Path("new.md"))
    assert post.metadata["title"] == 'A "quoted" title: part 2'
    assert post.metadata["tags"] == tags
    assert post.metadata["draft"] is True
    assert post.body.strip() == "Hello."
    assert text.endswith("\n") == style.final_newline
    fence = "+++" if style.front_matter == "toml" else "---"
    assert (f"{fence}\n\nHello." in text) == style.blank_line_after_front_matter
    assert ("tags:\n  - yes" in text.replace('"yes"', "yes")) == (
        style.front_matter == "yaml" and not style.tags_inline)
    assert "2024-07-08" in text


def test_page_variables_give_liquid_what_jekyll_gives() -> None:
    from blogdesk.core.sites.conventions import page_variables

    site = Site(generator="jekyll", template_language="liquid", baseurl="/blog",
                permalink="/:year/:month/:title/")
    page = page_variables(site, "_posts/2024-05-01-spring-notes.md",
                          {"title": "Spring", "tags": "garden seeds", "category": "Home Life"})
    body = ("{{ page.url }} {{ page.date | date: '%Y' }} {{ page.tags | join: ',' }} "
            "{{ page.categories | first }} {{ page.title }}")
    result = expand_templates(body, TemplateContext(site=site, page=page))
    assert result.text == "/blog/2024/05/spring-notes/ 2024 garden,seeds Home Life Spring"
