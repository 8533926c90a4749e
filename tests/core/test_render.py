"""Rendering: the HTML a reader gets from a post body is complete, highlighted and safe."""

from __future__ import annotations

import re
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blogdesk.core.render import (
    PAGE_IDS,
    Heading,
    RenderOptions,
    heading_id,
    is_remote,
    new_markdown,
    outline_of,
    pygments_css,
    render,
    renderer_classes,
    sanitize,
)


class _Collect(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Collect:
    parser = _Collect()
    parser.feed(html)
    parser.close()
    return parser


def test_blogger_extensions_render() -> None:
    body = (
        "Intro with a note[^n] and HTML.\n\n"
        "| Name | Count |\n|:-----|------:|\n| a | 1 |\n\n"
        "Term\n: Its definition\n\n"
        "*[HTML]: HyperText Markup Language\n\n"
        "1. one\n2. two\n\n"
        "Paragraph\n{: .lead }\n\n"
        "[^n]: The note text.\n"
    )
    html = render(body).html
    tags = [tag for tag, _ in parse(html).tags]
    for expected in ("table", "th", "td", "dl", "dt", "dd", "abbr", "ol", "sup"):
        assert expected in tags, expected
    assert 'align="right"' in html  # table alignment without a style attribute
    assert '<abbr title="HyperText Markup Language">HTML</abbr>' in html
    assert 'id="fn:n"' in html and 'href="#fn:n"' in html and 'href="#fnref:n"' in html
    assert '<a class="footnote-ref" href="#fn:n" rel="noopener noreferrer">1</a>' in html
    assert "<p>Paragraph</p>" in html  # the author's class is dropped: see the theme tests


def test_front_matter_is_never_rendered_because_render_gets_the_body_only() -> None:
    """render() is called with the body; a leftover fence renders as a rule, not as a heading."""
    html = render("Plain body.\n").html
    assert html == "<p>Plain body.</p>"


def test_code_highlighting_classes_survive_sanitizing() -> None:
    html = render("```python\ndef f():\n    return 1\n```\n").html
    assert '<div class="codehilite">' in html
    assert '<span class="k">def</span>' in html
    assert "style=" not in html  # classes, never inline styles


def test_no_highlight_keeps_language_class() -> None:
    html = render("```python\nx = 1\n```\n", RenderOptions(highlight=False)).html
    assert '<code class="language-python">' in html


def test_smart_quotes_are_an_option() -> None:
    assert "“quoted”" in render('A "quoted" word.').html
    plain = render('A "quoted" word.', RenderOptions(smart_quotes=False)).html
    assert '"quoted"' in plain or "&quot;quoted&quot;" in plain


def test_heading_ids_are_slugs_deduplicated_in_order() -> None:
    body = (
        "# Hello, World!\n\n## Hello, World!\n\n## Setup {#custom}\n\n"
        "### Hello, World!\n\n## ¿Qué tal?\n"
    )
    rendered = render(body)
    assert rendered.outline == (
        Heading(1, "Hello, World!", "hello-world"),
        Heading(2, "Hello, World!", "hello-world-1"),
        Heading(2, "Setup", "custom"),
        Heading(3, "Hello, World!", "hello-world-2"),
        Heading(2, "¿Qué tal?", "qué-tal"),
    )
    ids = [attrs["id"] for _tag, attrs in parse(rendered.html).tags if "id" in attrs]
    assert len(ids) == len(set(ids))
    # the same input always gives the same ids
    assert render(body).outline == rendered.outline


def test_heading_id_skips_ids_in_use() -> None:
    used = {"intro", "intro-1"}
    assert heading_id("Intro", used) == "intro-2"
    assert heading_id("!!!", used) == "section"
    assert "intro-2" in used and "section" in used


def test_outline_text_is_visible_text() -> None:
    rendered = render("## Use `code` and *emphasis* & more[^1]\n\n[^1]: note\n")
    assert rendered.outline[0].text == "Use code and emphasis & more"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        '<form action="https://evil.example"><input name=a></form>',
        "<style>body{display:none}</style>",
        '<a href="#" onclick="alert(1)">x</a>',
        '<object data="evil.swf"></object>',
        '<div onmouseover="alert(1)">hover</div>',
    ],
)
def test_hostile_html_is_sanitized(hostile: str) -> None:
    html = render(f"Before\n\n{hostile}\n\nAfter\n").html
    collected = parse(html)
    names = {tag for tag, _ in collected.tags}
    assert not names & {"script", "style", "iframe", "svg", "form", "object", "input"}
    for _tag, attrs in collected.tags:
        assert not any(name.startswith("on") for name in attrs)
    assert "alert(1)" not in "".join(collected.text)
    assert "Before" in html and "After" in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "vbscript:msgbox(1)",
        "smb://server/share",
    ],
)
def test_dangerous_link_schemes_lose_their_href(url: str) -> None:
    html = render(f"[click]({url}) and <a href='{url}'>raw</a>").html
    for tag, attrs in parse(html).tags:
        if tag == "a":
            assert "href" not in attrs


def test_safe_links_and_images_are_kept() -> None:
    body = (
        "[web](https://example.com) [mail](mailto:me@example.com) [rel](../other/post.md#top)\n\n"
        '![a cat](images/cat.png "Title")\n'
    )
    tags = parse(render(body).html).tags
    hrefs = [attrs["href"] for tag, attrs in tags if tag == "a"]
    assert hrefs == ["https://example.com", "mailto:me@example.com", "../other/post.md#top"]
    img = next(attrs for tag, attrs in tags if tag == "img")
    assert img == {"src": "images/cat.png", "alt": "a cat", "title": "Title"}


def test_remote_images_become_placeholders_when_blocked() -> None:
    body = "![Chart of sales](https://tracker.example/pixel.png) ![local](img/a.png)\n"
    blocked = render(body, RenderOptions(allow_remote_images=False)).html
    assert "tracker.example" not in blocked
    assert '<span class="remote-image"' in blocked and "Chart of sales" in blocked
    assert '<img alt="local" src="img/a.png">' in blocked
    allowed = render(body).html
    assert 'src="https://tracker.example/pixel.png"' in allowed


def test_placeholder_alt_text_stays_escaped() -> None:
    body = '<img src="//evil.example/x.png" alt="&lt;b onclick=x&gt;">'
    html = render(body, RenderOptions(allow_remote_images=False)).html
    assert "evil.example" not in html
    assert "<b" not in html.replace("&lt;b", "")


def test_render_equals_the_public_parts() -> None:
    """The incremental renderer relies on render() being exactly these parts put together."""
    body = "# T\n\nText with `code`.\n\n```python\nx = 1\n```\n\n## T\n"
    options = RenderOptions(smart_quotes=False, allow_remote_images=False)
    html = sanitize(new_markdown(options).convert(body), options)
    assert render(body, options).html == html
    assert render(body, options).outline == outline_of(html)


def test_two_renders_at_once_give_the_same_results_as_one_at_a_time() -> None:
    bodies = [
        f"# Post {i}\n\n" + ("Some *text* with a [^1] note.\n\n" * 40) + "[^1]: n\n"
        for i in range(4)
    ]
    options = [RenderOptions(smart_quotes=i % 2 == 0, highlight=i % 3 == 0) for i in range(4)]
    expected = [render(b, o) for b, o in zip(bodies, options, strict=True)]
    results: dict[int, object] = {}
    barrier = threading.Barrier(4)

    def work(i: int) -> None:
        barrier.wait()
        for _ in range(3):
            results[i] = render(bodies[i], options[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[i] for i in range(4)] == expected


def test_pygments_css_has_a_light_and_a_dark_style() -> None:
    light, dark = pygments_css(), pygments_css(dark=True)
    assert ".codehilite .k {" in light
    assert "html.theme-dark .codehilite .k {" in dark
    assert "@media (prefers-color-scheme: dark)" in dark
    assert "html:not(.theme-light) .codehilite .k {" in dark
    light_bg = re.search(r"\.codehilite \{ background: (#\w+)", light)
    dark_bg = re.search(r"\.codehilite \{ background: (#\w+)", dark)
    assert light_bg and dark_bg and light_bg.group(1) != dark_bg.group(1)


def test_shared_formatter_tables_change_nothing() -> None:
    """Highlighting through the cached formatter equals Pygments' own formatter, block by block."""
    import markdown

    body = "```python\nclass A:\n    x = 'y'  # note\n```\n\n```js\nlet a = 1;\n```\n"
    plain = markdown.Markdown(
        extensions=["fenced_code", "codehilite"],
        extension_configs={"codehilite": {"guess_lang": False}},
    ).convert(body)
    ours = new_markdown(RenderOptions(smart_quotes=False)).convert(body)
    assert ours == plain


def test_a_markdown_library_failure_is_a_clear_error() -> None:
    """Python-Markdown raises on a footnote defined inside another footnote's text; blogdesk
    reports that as a RenderError with a plain message instead of an unexplained crash."""
    from blogdesk.core.render import RenderError

    with pytest.raises(RenderError, match="could not be rendered"):
        render("Text[^a].\n\n[^a]:[^b]: x\n\n[^c]: y\n")


# -- the author's classes and ids cannot reach the theme ----------------------------------------

THEME_CSS = Path(__file__).resolve().parents[2] / "resources" / "theme" / "theme.css"
TEMPLATES = Path(__file__).resolve().parents[2] / "resources" / "templates"


def _theme_rules() -> list[tuple[str, str]]:
    """(selector, declarations) of every rule in the theme, @media blocks flattened."""
    css = re.sub(r"/\*.*?\*/", "", THEME_CSS.read_text(encoding="utf-8"), flags=re.S)
    return [
        (selector.strip(), body) for selector, body in re.findall(r"([^{}@]+)\{([^{}]*)\}", css)
    ]


def _theme_classes() -> set[str]:
    return {
        name for selector, _body in _theme_rules() for name in re.findall(r"\.([\w-]+)", selector)
    }


def _classes_in(html: str) -> set[str]:
    return {name for _tag, attrs in parse(html).tags for name in (attrs.get("class") or "").split()}


def test_the_invisible_full_card_link_exploit_loses_its_theme_class() -> None:
    """Issue 12, item 8: `.card-title a::after { position: absolute; inset: 0 }` in the theme
    turned one dot of a post into a link over the whole screen. No theme class survives."""
    exploit = '<p class="card-title"><a href="http://attacker.example/">.</a></p>\n'
    theme = _theme_classes()
    assert "card-title" in theme  # the theme still has the selector the exploit aimed at
    for body in (
        exploit,
        "Text\n{: .card-title }\n",
        '<div class="card cards post-body"><span class="card-title page">x</span></div>\n',
        '<a class="cta-link back-link" href="https://example.org/">x</a>\n',
        "## Heading {: .site-header .card-title }\n",
        "```{.python .card-title}\nx = 1\n```\n",
    ):
        for options in (RenderOptions(), RenderOptions(highlight=False)):
            html = render(body, options).html
            kept = _classes_in(html)
            assert not kept & (theme - set().union(*renderer_classes().values())), (body, html)
            assert "card-title" not in html
    # the link itself is still there, as a plain link
    assert parse(render(exploit).html).tags[1] == (
        "a",
        {"href": "http://attacker.example/", "rel": "noopener noreferrer"},
    )


def test_the_classes_the_renderer_keeps_never_place_anything_over_the_page() -> None:
    """The classes a post can still carry (highlighting, footnotes, contents) are styled by the
    theme, if at all, with nothing that lifts an element out of the text's flow."""
    allowed = set().union(*renderer_classes().values())
    for selector, body in _theme_rules():
        if set(re.findall(r"\.([\w-]+)", selector)) & allowed:
            assert not re.search(r"\b(position|inset|z-index)\s*:", body), selector


def test_the_renderer_keeps_its_own_classes() -> None:
    body = (
        "[TOC]\n\n## Part\n\nA note[^1].\n\n```python\nx = 1\n```\n\n"
        '```{.python hl_lines="1" linenums="1"}\ny = 2\n```\n\n[^1]: The note.\n'
    )
    classes = _classes_in(render(body).html)
    for name in ("toc", "codehilite", "footnote", "footnote-ref", "footnote-backref", "hll", "k"):
        assert name in classes or name == "k", name
    assert {"n", "o", "mi"} <= classes
    plain = render("```rust\nfn main() {}\n```\n", RenderOptions(highlight=False)).html
    assert '<code class="language-rust">' in plain


def test_an_id_of_the_page_is_never_taken_by_the_body() -> None:
    """A heading called "Post body" (or an author's id) would take the page's own `post-body`
    id; it gets the `user-content-` prefix, and the contents and links follow it."""
    page_ids = set(
        re.findall(
            r'id="([^"]+)"', "".join(p.read_text(encoding="utf-8") for p in TEMPLATES.rglob("*.j2"))
        )
    )
    theme_ids = {
        name for selector, _body in _theme_rules() for name in re.findall(r"#([\w-]+)", selector)
    }
    assert page_ids | theme_ids <= PAGE_IDS  # a new id in a template must go in PAGE_IDS
    body = (
        "[TOC]\n\n## Post body\n\n## Setup {#related-heading}\n\n"
        '<h3 id="post-body">Raw</h3>\n\n[up](#post-body) [there](#setup)\n\n'
        '<ol><li id="site-header">x</li></ol>\n'
    )
    rendered = render(body)
    ids = [attrs["id"] for _tag, attrs in parse(rendered.html).tags if "id" in attrs]
    assert not set(ids) & PAGE_IDS
    assert [h.id for h in rendered.outline] == [
        "user-content-post-body",
        "user-content-related-heading",
        "user-content-post-body",
    ]
    hrefs = [attrs.get("href") for tag, attrs in parse(rendered.html).tags if tag == "a"]
    assert "#user-content-post-body" in hrefs and "#setup" in hrefs
    assert "user-content-site-header" in ids


def test_heading_anchors_and_footnote_links_still_navigate() -> None:
    """Every in-page link of a rendered post (contents, footnote marks and back-links) points at
    an id that is in the HTML."""
    body = (
        "[TOC]\n\n# Intro\n\nSee[^a] and[^b].\n\n## Intro\n\n## Custom {#mine}\n\n"
        "[back](#intro)\n\n[^a]: First.\n[^b]: Second [up](#mine).\n"
    )
    html = render(body).html
    tags = parse(html).tags
    ids = {attrs["id"] for _tag, attrs in tags if "id" in attrs}
    targets = [attrs["href"][1:] for tag, attrs in tags if tag == "a" and attrs["href"][:1] == "#"]
    assert {"intro", "intro-1", "mine", "fn:a", "fn:b", "fnref:a", "fnref:b"} <= ids
    assert len(targets) == 8  # contents 2, marks 2, back-links 2, links 2
    assert set(targets) <= ids


@pytest.mark.parametrize(
    "src",
    [
        "ht&#x09;tp://evil.example/a.png",
        "ht&#9;tps://evil.example/a.png",
        "h&#x0A;ttp://evil.example/a.png",
        "ht&#13;tp://evil.example/a.png",
        "HtTpS://evil.example/a.png",
        "//evil.example/a.png",
        "&#x20;//evil.example/a.png",
        "  https://evil.example/a.png",
        "&#x01;http://evil.example/a.png",
        "/&#x09;/evil.example/a.png",
        "\\\\evil.example/a.png",
        "/\\evil.example/a.png",
        "http:evil.example/a.png",
    ],
)
def test_a_disguised_remote_image_is_still_blocked(src: str) -> None:
    """Issue 12, item 9: the check reads the URL as the browser does (entities decoded, tabs and
    newlines removed, edges stripped, any case), not as a plain prefix."""
    html = render(f'<img src="{src}" alt="pixel">\n', RenderOptions(allow_remote_images=False)).html
    assert "<img" not in html and "evil.example" not in html, html
    assert 'class="remote-image"' in html


@pytest.mark.parametrize(
    ("url", "remote"),
    [
        ("http://x/", True),
        ("ht\ttp://x/", True),
        ("ht\ntp://x/", True),
        ("HTTP://x/", True),
        (" \x00//x/y.png", True),
        ("\\\\x/y.png", True),
        ("images/http.png", False),
        ("./http://x", False),
        ("data:image/png;base64,AAAA", False),
        ("/images/a.png", False),
        ("", False),
    ],
)
def test_is_remote_reads_the_url_as_the_browser_does(url: str, remote: bool) -> None:
    assert is_remote(url) is remote


# -- properties ----------------------------------------------------------------------------------

_URL_PIECES = st.sampled_from(
    ["http", "https", "HtTp", "ftp", ":", "//", "/", "\\", "\t", "\n", "\r", " ", "\x00", "\x1f",
     "\x0c", "evil.example", "a", ".", "?", "#", "data:", "images"]
)  # fmt: skip


@given(st.lists(_URL_PIECES, max_size=8).map("".join))
def test_is_remote_misses_nothing_python_s_url_parser_calls_remote(url: str) -> None:
    """urllib strips and removes what the WHATWG standard says (edges, tabs, newlines); whatever
    it reads as http, https or protocol-relative, is_remote calls remote too."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return
    if parts.scheme in ("http", "https") or (not parts.scheme and parts.netloc):
        assert is_remote(url), repr(url)


_THEME_CLASS_NAMES = sorted(_theme_classes())
_ATTRIBUTE_TAGS = {"p", "div", "span", "a", "li", "ul", "ol", "code", "pre", "td", "h2", "sup"}


@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(_ATTRIBUTE_TAGS)),
            st.lists(
                st.sampled_from(_THEME_CLASS_NAMES) | st.from_regex(r"[a-z-]{1,8}", fullmatch=True),
                max_size=3,
            ),
            st.sampled_from([*PAGE_IDS, "fn:1", "fnref:1", "x", "post-body-1"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_no_author_class_or_page_id_survives(elements: list[tuple[str, list[str], str]]) -> None:
    html = "".join(
        f'<{tag} class="{" ".join(classes)}" id="{id_}">x</{tag}>' for tag, classes, id_ in elements
    )
    cleaned = sanitize(html)
    allowed = set().union(*renderer_classes().values())
    assert _classes_in(cleaned) <= allowed
    ids = {attrs["id"] for _tag, attrs in parse(cleaned).tags if "id" in attrs}
    assert not ids & PAGE_IDS


def test_a_converter_is_built_without_reading_installed_packages_metadata() -> None:
    """Extensions are given as classes: naming them would make Python-Markdown read every
    installed package's entry points (importlib.metadata: 17 ms and 2.5 MiB in the preview's
    worker and in each export worker), and another package could take a name. (Whether
    importlib.metadata is imported at all depends on the Pygments version: older ones import
    it with their lexers; so the test counts the reads of entry points, not the import.)"""
    import subprocess
    import sys

    code = ("import importlib.metadata as md\nreads = []\nreal = md.entry_points\n"
            "md.entry_points = lambda *a, **k: reads.append(k.get('group')) or real(*a, **k)\n"
            "from blogdesk.core.render import RenderOptions, new_markdown\n"
            "html = new_markdown(RenderOptions()).convert('# Hi\\n\\n```py\\nx = 1\\n```\\n')\n"
            "print('codehilite' in html, reads)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["True", "[]"]
