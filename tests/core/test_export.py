"""The post page: the ten parts of the published page, escaping, and the one-page export."""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from blogdesk.core import export
from blogdesk.core.config import load_config
from blogdesk.core.post import Post
from blogdesk.core.postfile import load_post
from blogdesk.core.stats import count_text, format_reading

# --- a small HTML tree, so tests can ask for "the element with class X" ---------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
        ]

    def find(self, tag: str | None = None, cls: str | None = None) -> Node | None:
        found = self.find_all(tag, cls)
        return found[0] if found else None

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert len(found) == 1, f"expected one {tag or ''}.{cls or ''}, found {len(found)}"
        return found[0]

    @property
    def raw_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.raw_text for c in self.children)

    @property
    def text(self) -> str:
        return " ".join(self.raw_text.split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs), parent=self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def document_order(root: Node, nodes: list[Node]) -> list[int]:
    order = {id(n): i for i, n in enumerate(root.iter())}
    return [order[id(n)] for n in nodes]


# --- a library to export ---------------------------------------------------------------------

CONFIG = """\
site_title = "Field Notes"
description = "Short essays on making things."
base_url = "https://blog.example.org/"

[author]
name = "Ada Quill"
role = "Editor and occasional engineer"
bio = "Ada writes about tools, drafts and the space between them."
url = "https://example.org/ada"

[cta]
title = "Want to compare notes?"
text = "I read every reply, usually on Sunday mornings."
label = "Send a message"
url = "mailto:ada@example.org"
"""

BODY = """\
The first paragraph sets out the question. **A bold lead-in.** Then the answer begins.

## Why it matters

Some text with a footnote.[^1] And a [link to another post](second.md).

```python
def greet(name):
    return f"hello {name}"
```

| Tool | Uses |
|------|-----:|
| pen  | 3    |

![A diagram](images/diagram.png)

[^1]: A note at the foot.
"""


def write_post(folder: Path, name: str, meta: str, body: str = "Body text.\n") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{textwrap.dedent(meta).strip()}\n---\n\n{body}", encoding="utf-8")
    return path


def make_library(root: Path, *, config: str = CONFIG) -> Path:
    """A library: a main post, four others of varying kinship, a draft and a scheduled post."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "blogdesk.toml").write_text(config, encoding="utf-8")
    (root / "images").mkdir()
    (root / "images" / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    write_post(
        root,
        "main.md",
        """
        title: The main post
        date: 2026-02-14 09:30:00
        category: Craft
        tags: [writing, tools, habits]
        summary: What this post is about, in one sentence.
        """,
        BODY,
    )
    write_post(
        root,
        "second.md",
        """
        title: Second, shares two tags
        date: 2025-06-01
        category: Essays
        tags: [writing, tools]
        summary: The second post.
        """,
    )
    write_post(
        root,
        "third.md",
        """
        title: Third, same category
        date: 2025-09-01
        category: Craft
        summary: The third post.
        """,
    )
    write_post(
        root,
        "fourth.md",
        """
        title: Fourth, shares one tag
        date: 2024-01-01
        category: Other
        tags: [habits]
        """,
    )
    write_post(
        root,
        "fifth.md",
        """
        title: Fifth, unrelated
        date: 2025-12-01
        category: Travel
        tags: [trains]
        """,
    )
    write_post(
        root,
        "draft.md",
        """
        title: A draft on writing
        date: 2025-11-01
        category: Craft
        tags: [writing, tools, habits]
        draft: true
        """,
    )
    write_post(
        root,
        "later.md",
        """
        title: Scheduled on writing
        date: 2999-01-01
        category: Craft
        tags: [writing, tools, habits]
        """,
    )
    return root


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return make_library(tmp_path / "blog")


@pytest.fixture
def site(library: Path, tmp_path: Path) -> Path:
    out = tmp_path / "site"
    report = export.export_site(library, out)
    assert report.ok, report.errors
    return out


PARTS = (
    "back-link",
    "post-meta",
    "post-title",
    "post-lede",
    "post-tags",
    "byline",
    "post-body",
    "author-bio",
    "related",
    "cta",
)


def test_post_page_has_the_ten_parts_in_order_with_their_values(site: Path, library: Path) -> None:
    page = site / "posts" / "the-main-post" / "index.html"
    doc = parse_html(page.read_text(encoding="utf-8"))
    parts = [doc.one(cls=name) for name in PARTS]
    positions = document_order(doc, parts)
    assert positions == sorted(positions)

    back, meta, title, lede, tags, byline, body, bio, related, cta = parts
    assert back.text == "← Back to blog"
    assert (page.parent / back.attrs["href"]).resolve() == (site / "index.html").resolve()

    words = count_text(load_post(library / "main.md").body).words
    reading, count = format_reading(words).split(" · ")
    assert [
        n.text for n in meta.children if isinstance(n, Node) and "meta-sep" not in n.classes
    ] == ["Craft", "February 14, 2026", reading, count]
    assert meta.one("time").attrs["datetime"].startswith("2026-02-14T09:30:00")

    assert title.tag == "h1" and title.text == "The main post"
    assert lede.text == "What this post is about, in one sentence."
    assert [a.text for a in tags.find_all("a")] == ["writing", "tools", "habits"]
    assert tags.find_all("a")[0].attrs["href"] == "../../tags/writing/index.html"

    assert byline.one(cls="avatar").text == "AQ"
    assert byline.one(cls="byline-name").text == "Ada Quill"
    assert byline.one(cls="byline-role").text == "Editor and occasional engineer"

    assert body.find("h2").attrs["id"] == "why-it-matters"
    assert body.find("div", "codehilite").find("span", "k").text == "def"
    assert body.find("table") is not None and body.find("sup") is not None

    assert "Ada writes about tools" in bio.text and bio.one(cls="avatar").text == "AQ"

    assert related.one("h2").text == "Continue reading"
    cards = related.find_all("li", "card")
    # shared tags and category choose them; newest first; drafts, scheduled and unrelated never
    assert [c.one(cls="card-title").text for c in cards] == [
        "Third, same category",
        "Second, shares two tags",
        "Fourth, shares one tag",
    ]
    assert [c.one(cls="card-category").text for c in cards] == ["Craft", "Essays", "Other"]
    assert all(c.one(cls="card-reading").text.endswith("min read") for c in cards)

    assert cta.one("h2").text == "Want to compare notes?"
    assert cta.one("a", "cta-link").attrs["href"] == "mailto:ada@example.org"
    assert cta.one("a", "cta-link").text == "Send a message →"


def test_post_page_head_has_title_description_canonical_open_graph_and_json_ld(site: Path) -> None:
    doc = parse_html((site / "posts" / "the-main-post" / "index.html").read_text("utf-8"))
    assert doc.one("title").text == "The main post · Field Notes"
    metas = {
        m.attrs.get("name") or m.attrs.get("property"): m.attrs["content"]
        for m in doc.find_all("meta")
        if "content" in m.attrs
    }
    assert metas["description"] == "What this post is about, in one sentence."
    assert metas["og:title"] == "The main post"
    assert metas["og:type"] == "article"
    assert metas["og:url"] == "https://blog.example.org/posts/the-main-post/"
    canonical = [n for n in doc.find_all("link") if n.attrs.get("rel") == "canonical"]
    assert canonical[0].attrs["href"] == "https://blog.example.org/posts/the-main-post/"
    data = json.loads(doc.one("script").text)
    assert data["@type"] == "BlogPosting" and data["headline"] == "The main post"
    assert data["author"]["name"] == "Ada Quill"
    assert data["datePublished"].startswith("2026-02-14T09:30:00")


def test_parts_without_data_are_left_out(tmp_path: Path) -> None:
    root = tmp_path / "bare"
    root.mkdir()
    write_post(root, "lonely.md", "title: Lonely\ndate: 2025-03-01", "Just a body.\n")
    export.export_site(root, tmp_path / "out")
    html = (tmp_path / "out" / "posts" / "lonely" / "index.html").read_text("utf-8")
    doc = parse_html(html)
    for absent in ("post-lede", "post-tags", "byline", "author-bio", "related", "cta"):
        assert doc.find(cls=absent) is None, absent
    meta = doc.one(cls="post-meta")
    assert meta.text.startswith("March 1, 2025 · 1 min read · 3 words")
    for node in doc.one(cls="post").iter():  # no empty boxes
        if node.tag in ("p", "ul", "div", "aside", "section", "h1", "h2"):
            assert node.text or node.find("img"), node.classes


def test_a_post_author_replaces_the_config_author(library: Path, tmp_path: Path) -> None:
    write_post(
        library, "guest.md", "title: A guest post\ndate: 2025-01-01\nauthor: Bo Guest", "Hi.\n"
    )
    export.export_site(library, tmp_path / "out")
    doc = parse_html((tmp_path / "out/posts/a-guest-post/index.html").read_text("utf-8"))
    assert doc.one(cls="byline-name").text == "Bo Guest"
    assert doc.one(cls="avatar").text == "BG"
    # the role and bio describe the site's author, not the guest
    assert doc.find(cls="byline-role") is None and doc.find(cls="author-bio") is None


HOSTILE_META = """
title: </title><script>alert(1)</script>
summary: x" onmouseover="alert(1)
date: 2025-05-05
category: <b>bold</b>
tags: ["<img src=x onerror=alert(1)>", ok]
cover: javascript:alert(1)
author: "<svg onload=alert(1)>"
"""


def _assert_inert(doc: Node) -> None:
    for node in doc.iter():
        assert node.tag not in ("iframe", "svg", "object", "form", "embed", "style")
        if node.tag == "script":
            assert node.attrs.get("type") == "application/ld+json"
        assert not [a for a in node.attrs if a.startswith("on")], (node.tag, node.attrs)
        for attr in ("href", "src"):
            value = (node.attrs.get(attr) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:text", "vbscript:", "file:")), value


def test_hostile_metadata_is_escaped_or_dropped(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    make_library(root)
    write_post(root, "evil.md", HOSTILE_META, "Body.\n")
    report = export.export_site(root, tmp_path / "out")
    assert report.ok, report.errors
    pages = list((tmp_path / "out" / "posts").glob("*/index.html"))
    evil = next(p for p in pages if "alert" in p.read_text("utf-8"))
    raw = evil.read_text("utf-8")
    assert "<script>alert" not in raw and "<svg" not in raw and "<img src=x" not in raw
    doc = parse_html(raw)
    _assert_inert(doc)
    assert doc.one(cls="post-title").text == "</title><script>alert(1)</script>"
    assert doc.one("title").text.startswith("</title><script>alert(1)</script>")
    description = next(m for m in doc.find_all("meta") if m.attrs.get("name") == "description")
    assert description.attrs["content"] == 'x" onmouseover="alert(1)'
    assert doc.one(cls="post-lede").text == 'x" onmouseover="alert(1)'
    assert doc.find(cls="post-cover") is None  # the javascript: cover is dropped
    assert doc.one(cls="byline-name").text == "<svg onload=alert(1)>"
    data = json.loads(doc.one("script").raw_text)
    assert data["headline"] == "</title><script>alert(1)</script>"
    assert "</script" not in doc.one("script").raw_text
    # the index and the tag pages escape it too
    for other in [tmp_path / "out" / "index.html", *(tmp_path / "out" / "tags").rglob("*.html")]:
        text = other.read_text("utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text
        _assert_inert(parse_html(text))


def test_hostile_config_urls_are_dropped(tmp_path: Path) -> None:
    config = CONFIG.replace('url = "mailto:ada@example.org"', 'url = "javascript:alert(1)"')
    config = config.replace('url = "https://example.org/ada"', 'url = "data:text/html,hi"')
    root = make_library(tmp_path / "blog", config=config)
    export.export_site(root, tmp_path / "out")
    doc = parse_html((tmp_path / "out/posts/the-main-post/index.html").read_text("utf-8"))
    _assert_inert(doc)
    assert doc.one(cls="cta").find("a") is None  # text and title stay, the bad link goes
    assert doc.one(cls="byline-name").find("a") is None


HOSTILE_BODY = """\
Before.

<script>alert(1)</script>

<img src="x" onerror="alert(1)">

<svg><script>alert(1)</script></svg>

<iframe srcdoc="<script>alert(1)</script>"></iframe>

<form action="https://evil.example"><input name="q"></form>

[a](javascript:alert(1)) [b](data:text/html;base64,PHNjcmlwdD4=) [c](file:///etc/passwd)
[d](vbscript:msgbox) <a href="JAVASCRIPT:alert(1)">e</a> <a href="java&#x09;script:alert(1)">f</a>

After.
"""


def test_hostile_body_is_sanitized_in_the_page(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    root.mkdir()
    write_post(root, "body.md", "title: Body\ndate: 2025-01-01", HOSTILE_BODY)
    export.export_site(root, tmp_path / "out")
    doc = parse_html((tmp_path / "out/posts/body/index.html").read_text("utf-8"))
    _assert_inert(doc)
    body = doc.one(cls="post-body")
    assert "Before." in body.text and "After." in body.text
    assert all("href" not in a.attrs for a in body.find_all("a"))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a.png", "https://example.org/a.png"),
        ("http://example.org", "http://example.org"),
        ("mailto:me@example.org", "mailto:me@example.org"),
        ("images/a.png", "images/a.png"),
        ("../a.png", "../a.png"),
        ("/about/", "/about/"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:image/png;base64,xx", None),
        ("vbscript:x", None),
        ("file:///etc/passwd", None),
        ("\\\\evil.example\\share", None),
        ("", None),
        (42, None),
    ],
)
def test_safe_url(url: object, expected: str | None) -> None:
    assert export.safe_url(url) == expected


def test_templates_are_autoescaped_whatever_their_name() -> None:
    env = export._env()
    assert env.autoescape is True
    template = env.from_string("{{ value }}")
    assert template.render(value="<b>") == "&lt;b&gt;"


def test_theme_has_a_light_and_a_dark_variant_and_a_measure() -> None:
    css = export.theme_css()
    assert "@media (prefers-color-scheme: dark)" in css
    assert "html.theme-dark" in css and ":not(.theme-light)" in css
    assert "68ch" in css
    assert ".codehilite .k" in css and "html.theme-dark .codehilite .k" in css
    assert "@media (max-width: 480px)" in css


def _post(root: Path, name: str) -> Post:
    return Post.from_file(load_post(root / name))


def test_render_post_page_for_preview(library: Path) -> None:
    config = load_config(library)
    posts = [_post(library, p.name) for p in sorted(library.glob("*.md"))]
    main = next(p for p in posts if p.title == "The main post")
    html = export.render_post_page(
        main, config, library_posts=posts, for_preview=True, css_href="theme.css", theme="dark"
    )
    doc = parse_html(html)
    assert doc.one("html").attrs["class"] == "theme-dark"
    assert doc.one(cls="post-body").attrs["id"] == "post-body"
    sheets = [n for n in doc.find_all("link") if n.attrs.get("rel") == "stylesheet"]
    assert sheets[0].attrs["href"] == "theme.css" and doc.find("style") is None
    # related posts point at their source files, which the preview opens
    hrefs = [a.attrs["href"] for a in doc.one(cls="related").find_all("a")]
    assert hrefs == ["third.md", "second.md", "fourth.md"]
    positions = document_order(doc, [doc.one(cls=name) for name in PARTS])
    assert positions == sorted(positions)


def test_render_post_page_inlines_css_by_default(library: Path) -> None:
    html = export.render_post_page(_post(library, "third.md"), load_config(library))
    doc = parse_html(html)
    assert "--measure" in doc.one("style").text
    assert doc.find(cls="related") is None  # no library given


def test_related_posts_share_tags_or_category_newest_first(library: Path) -> None:
    posts = [_post(library, p.name) for p in sorted(library.glob("*.md"))]
    main = next(p for p in posts if p.title == "The main post")
    chosen = export.related_posts(main, posts)
    assert [p.title for p in chosen] == [
        "Third, same category",
        "Second, shares two tags",
        "Fourth, shares one tag",
    ]
    assert [p.title for p in export.related_posts(main, posts, limit=1)] == [
        "Second, shares two tags"  # the most shared tags wins a single place
    ]


# --- one post as a standalone page -------------------------------------------------------------


def _local_refs(page: Path) -> list[str]:
    doc = parse_html(page.read_text("utf-8"))
    refs = []
    for node in doc.iter():
        for attr in ("href", "src"):
            value = node.attrs.get(attr)
            if value and not re.match(r"^[a-z][a-z0-9+.-]*:|^#|^//", value, re.I):
                refs.append(value)
    return refs


def test_export_post_is_standalone_with_images_beside_it(library: Path, tmp_path: Path) -> None:
    (library / "shared").mkdir()
    (library / "shared" / "up.png").write_bytes(b"png-up")
    sub = library / "notes"
    write_post(
        sub,
        "deep.md",
        "title: Deep\ndate: 2025-01-01\ncover: ../shared/up.png",
        "![here](pics/here.png) ![up](../shared/up.png) ![gone](missing.png) "
        "![secret](../../../../../../etc/hostname)\n",
    )
    (sub / "pics").mkdir()
    (sub / "pics" / "here.png").write_bytes(b"png-here")

    out = tmp_path / "export" / "deep.html"
    assert export.export_post(sub / "deep.md", out) == out
    html = out.read_text("utf-8")
    doc = parse_html(html)
    assert doc.find("style") is not None
    assert not [n for n in doc.find_all("link") if n.attrs.get("rel") == "stylesheet"]
    assert (out.parent / "pics" / "here.png").read_bytes() == b"png-here"
    assert (out.parent / "deep_files" / "shared" / "up.png").read_bytes() == b"png-up"
    srcs = [img.attrs["src"] for img in doc.find_all("img")]
    assert "pics/here.png" in srcs and "deep_files/shared/up.png" in srcs
    assert doc.one(cls="post-cover").one("img").attrs["src"] == "deep_files/shared/up.png"
    # nothing outside the library is copied
    assert not (out.parent / "etc").exists()
    assert not list(out.parent.rglob("hostname"))
    for ref in _local_refs(out):
        if ref in ("missing.png",) or "etc/hostname" in ref:
            continue
        assert (out.parent / unquote(urlsplit(ref).path)).is_file(), ref


def test_export_post_can_embed_images(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "one" / "main.html"
    export.export_post(library / "main.md", out, embed_images=True)
    doc = parse_html(out.read_text("utf-8"))
    img = doc.one(cls="post-body").one("img")
    assert img.attrs["src"].startswith("data:image/png;base64,")
    assert sorted(p.name for p in out.parent.iterdir()) == ["main.html"]


def test_export_post_again_replaces_the_page_as_a_whole(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "main.html"
    export.export_post(library / "main.md", out)
    first = out.read_text("utf-8")
    seen = tmp_path / "seen.html"  # what a browser that opened the first page holds
    seen.hardlink_to(out)
    write_post(library, "main.md", "title: Main, again\ndate: 2025-01-01", "A new body.\n")
    export.export_post(library / "main.md", out)
    # the new page went in under the name in one step; the old one was not cut and refilled
    assert "Main, again" in out.read_text("utf-8")
    assert seen.read_text("utf-8") == first
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []


def test_export_post_back_link_goes_to_the_site_or_is_left_out(
    library: Path, tmp_path: Path
) -> None:
    out = tmp_path / "main.html"
    export.export_post(library / "main.md", out)
    doc = parse_html(out.read_text("utf-8"))
    assert doc.one(cls="back-link").attrs["href"] == "https://blog.example.org/"
    plain = tmp_path / "plain"
    plain.mkdir()
    write_post(plain, "p.md", "title: P\ndate: 2025-01-01")
    export.export_post(plain / "p.md", tmp_path / "p.html")
    assert parse_html((tmp_path / "p.html").read_text("utf-8")).find(cls="back-link") is None


def test_export_post_links_other_posts_to_their_page_beside_it_or_their_published_url(
    library: Path, tmp_path: Path
) -> None:
    """A link to another post's .md file becomes that post's exported page when it is beside
    the output, else its URL on the published site (the site export's posts/<slug>/)."""
    write_post(library, "first.md", "title: First Steps\ndate: 2025-01-01")
    write_post(library, "second.md", "title: Second Thoughts\ndate: 2025-01-02")
    write_post(library, "linker.md", "title: Linker\ndate: 2025-01-03",
               "See [one](first.md), [two](second.md#end) and [gone](missing.md).\n")
    out = tmp_path / "out"
    export.export_post(library / "first.md", out / "first-steps.html")
    export.export_post(library / "linker.md", out / "linker.html")
    hrefs = [a.attrs["href"] for a in parse_html((out / "linker.html").read_text("utf-8"))
             .one(cls="post-body").find_all("a")]
    assert hrefs == ["first-steps.html", "https://blog.example.org/posts/second-thoughts/#end",
                     "missing.md"]
    # without a base URL, a post that was not exported beside it keeps its link
    plain = tmp_path / "plain"
    write_post(plain, "a.md", "title: A\ndate: 2025-01-01", "[b](b.md)\n")
    write_post(plain, "b.md", "title: B\ndate: 2025-01-01")
    export.export_post(plain / "a.md", tmp_path / "a.html")
    body = parse_html((tmp_path / "a.html").read_text("utf-8")).one(cls="post-body")
    assert [a.attrs["href"] for a in body.find_all("a")] == ["b.md"]
    export.export_post(plain / "b.md", tmp_path / "b.html")
    export.export_post(plain / "a.md", tmp_path / "a.html")
    body = parse_html((tmp_path / "a.html").read_text("utf-8")).one(cls="post-body")
    assert [a.attrs["href"] for a in body.find_all("a")] == ["b.html"]
