"""Export's fast read-only reader gives what ``postfile.load_post`` gives, or defers to it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from blogdesk.core import export
from blogdesk.core.post import Post
from blogdesk.core.postfile import PostError, load_post

REPO = Path(__file__).resolve().parents[2]


def strict(value: Any) -> Any:
    """A form of a value where ``True`` is not ``1``, a date is not a datetime, offsets count."""
    if isinstance(value, dict):
        return ("dict", [(k, strict(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [strict(v) for v in value])
    if isinstance(value, dt.datetime):
        return ("datetime", value.isoformat(), str(value.tzinfo is not None))
    return (type(value).__name__, value)


def expected(path: Path) -> tuple[str, Any]:
    """What the exact reader gives: ("ok", post fields and stamp) or ("error", message)."""
    try:
        pf = load_post(path)
    except PostError as exc:
        return "error", str(exc)
    fp = pf.fingerprint
    assert fp is not None
    return "ok", (strict(vars(Post.from_file(pf))), (fp.size, fp.mtime_ns, fp.sha256))


def actual(path: Path) -> tuple[str, Any]:
    try:
        post, stamp = export.read_post(path)
    except PostError as exc:
        return "error", str(exc)
    return "ok", (strict(vars(post)), stamp)


def fast_or_none(path: Path) -> tuple[dict[str, Any], str] | None:
    try:
        return export._split_plain_yaml(path.read_bytes())
    except export._Unusual:
        return None


def check(path: Path) -> bool:
    """Both readers agree on ``path``; True when the fast reader took it itself."""
    fast = fast_or_none(path)
    if fast is not None:  # whatever the fast path returns is what load_post returns
        pf = load_post(path)
        assert strict(fast[0]) == strict(pf.metadata), path.read_text("utf-8", "replace")
        assert fast[1] == pf.body
    want, got = expected(path), actual(path)
    # status depends on the clock; both readers ran within the same second
    assert got == want, path.read_text("utf-8", "replace")
    return fast is not None


def test_sample_library_posts_read_the_same_and_fast() -> None:
    posts = sorted((REPO / "posts").glob("*.md"))
    assert posts
    for path in posts:
        took_fast_path = check(path)
        # the TOML post goes through postfile; every YAML one is read by the fast path
        assert took_fast_path == path.read_text("utf-8").startswith("---\n"), path.name


FRONT_MATTERS = [
    # ordinary posts: the fast path takes these
    'title: "Hello"\ndate: 2024-02-14\ntags: [a, b]\n',
    "title: Plain title\ndate: 2024-02-14 10:30:00\ncategory: Notes\n",
    "title: T\ndate: 2024-02-14T10:30:00+01:00\nupdated: 2024-03-01T08:00:00Z\n",
    "title: T\ndate: 2024-02-14 10:30\n",  # no seconds: a string in YAML, a date to Post
    'title: "2024-02-14"\ndate: "2024-02-14"\n',
    "title: 'It''s quoted'\nsummary: 'single: with colon'\n",
    "title: T\ntags:\n  - one\n  - two\n  - 'three, four'\n",
    "title: T\ntags:\n- x\n- y\ndraft: true\n",
    "title: T # a comment\n# a comment line\ndraft: false\n",
    "title: T\ndraft:\nslug:\n",
    "title: ~\nsummary: null\n",
    "title: T\nauthor:\n  name: Hanna Vos\n  url: https://example.org\n",
    "title: T\ncover:\n  src: images/a.png\n  alt: A\n",
    "title: T\ncount: 12\nratio: 1.5\nbig: .inf\n",
    "title: Ünïcödé ✓ 中文\ntags: [café, naïve]\n",
    # Norway and the other YAML 1.1 spellings YAML 1.2 reads as text
    "title: T\ncountry: NO\nflag: yes\nanswer: off\nshort: y\n",
    "title: NO\ndraft: no\npublished: yes\n",
    "title: T\non: true\n",
    "title: T\nn: 012\nm: 0o12\nk: 1_000\ne: 1e3\nclock: 1:30\nh: 0x1F\n",
    # quoting, escapes, block scalars, anchors, tags
    'title: "He said \\"hi\\""\n',
    'title: "emoji \\ud83d\\ude00 and lone \\ud800"\n',
    'title: "tab\\tnew\\nline"\n',
    "title: T\nsummary: >\n  folded\n  text\n",
    "title: T\nsummary: |\n  kept\n  lines\n",
    "base: &b Shared\ntitle: *b\n",
    "title: !!str 123\n",
    "title: ! tagged\n",
    "<<: {title: merged}\n",
    "title: T\ntags: [a, [b, c]]\n",
    "title: T\n? [a, b]\n: complex key\n",
    "1: number key\ntitle: T\n",
    "null: x\ntitle: T\n",
    "title: T\ntitle: again\n",  # duplicate key: ruamel's error
    "title:\tT\n",
    "title: Hi\t\n",
    "title: T\ndate: 2024-02-30\n",  # not a date
    "title: T\ndate: 2024-13-01 10:00:00\n",
    "# only a comment\n",
    "",
    "   \n",
    "- a list\n- not a mapping\n",
    "Just a paragraph between rules\n",
    "title: [unclosed\n",
    "title: T\n  bad: indent\n",
    "title: 'unterminated\n",
    "title: T\nbody: a: b\n",
]


@pytest.mark.parametrize("front", FRONT_MATTERS)
def test_tricky_front_matter_reads_the_same(tmp_path: Path, front: str) -> None:
    path = tmp_path / "post.md"
    path.write_text(f"---\n{front}---\n\n# Body\n\nText with --- inside.\n", encoding="utf-8")
    check(path)


@pytest.mark.parametrize(
    "text",
    [
        "# No front matter\n\nJust text.\n",
        "---\ntitle: CRLF\r\ndate: 2024-02-14\r\n---\r\n\r\nBody\r\n",
        "\ufeff---\ntitle: BOM\n---\nBody\n",
        "---\ntitle: lone CR\rmore\n---\nBody\n",
        "---\ntitle: runs\r\r\n---\r\r\nBody\n",
        "---\ntitle: dots\n...\nBody\n",
        "---\ntitle: long fence\n-----\nBody\n",
        "--- \ntitle: spaced fence\n---\nBody\n",
        "---\ntitle: spaced close\n--- \nBody\n",
        "---\ntitle: no close\n\nBody\n",
        "---\ntitle: at the end\n---",
        "---\n---\nEmpty front matter\n",
        "---\ntitle: T\n---\nBody\n---\nmore: yaml-ish\n---\n",
        "---\n\n---\n\nA thematic break, then text\n",
        '+++\ntitle = "TOML"\ndate = 2024-02-14\n+++\nBody\n',
        '+++\ntitle = "bad\n+++\nBody\n',
        '{"title": "JSON", "tags": ["a"]}\nBody\n',
        '{\n"title": oops\n}\nBody\n',
        "-not a fence\n",
    ],
)
def test_unusual_files_read_the_same(tmp_path: Path, text: str) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(text.encode("utf-8"))
    check(path)


def test_bad_bytes_give_postfiles_errors(tmp_path: Path) -> None:
    cases = {
        "latin1.md": "---\ntitle: café\n---\n".encode("latin-1"),
        "binary.md": b"---\x00\x01\x02",
        "utf16.md": "---\ntitle: x\n---\n".encode("utf-16"),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        kind, message = actual(path)
        assert (kind, message) == expected(path)
        assert kind == "error" and message.startswith(str(path))
    missing = tmp_path / "missing.md"
    assert actual(missing) == expected(missing)


def test_bad_yaml_error_keeps_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: ok\ntags: [a, b\n---\nBody\n", encoding="utf-8")
    kind, message = actual(path)
    assert kind == "error"
    assert message == expected(path)[1]
    assert message.startswith(f"{path}:")


def test_site_export_reports_a_bad_post_like_load_post(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    root.mkdir()
    (root / "good.md").write_text("---\ntitle: Good\ndate: 2024-01-01\n---\nHi\n", "utf-8")
    bad = root / "bad.md"
    bad.write_text("---\ntitle: [oops\n---\nBody\n", encoding="utf-8")
    report = export.export_site(root, tmp_path / "out")
    assert report.posts == 1
    with pytest.raises(PostError) as caught:
        load_post(bad)
    assert report.errors == [str(caught.value)]


# --- rendering: one converter kept between the posts of an export --------------------------

DOCUMENTS = [
    "*[HTML]: Hyper Text Markup Language\n\nHTML is here.[^a]\n\n[^a]: A note.\n\n# Intro\n",
    "HTML again, with no definition.[^a] And [ref][r].\n\n[^a]: Other note.\n\n# Intro\n",
    "[ref][r] is undefined here.\n\n# Intro\n\n# Intro\n\n## Intro {#custom}\n",
    '<div markdown="1">raw *html*</div>\n\n<script>alert(1)</script>\n\n"Quotes" -- dashes...\n',
    "Term\n: Definition\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n```python\nx = 'y'\n```\n",
    "1. one\n2. two\n\n* a\n* b\n\n    indented code\n\n[r]: https://example.org\n",
    "",
    "# Intro\n\nLast: footnote[^1] and abbr HTML.\n\n[^1]: Last note.\n",
]


@pytest.mark.parametrize("smart_quotes", [True, False])
def test_a_kept_converter_renders_like_a_fresh_one(smart_quotes: bool) -> None:
    from blogdesk.core.render import RenderOptions, render

    options = RenderOptions(smart_quotes=smart_quotes)
    bodies = DOCUMENTS + [p.read_text("utf-8") for p in sorted((REPO / "posts").glob("*.md"))]
    for _round in range(2):  # state left by any document must not show in the next one
        for body in bodies:
            assert export._body_html(body, options) == render(body, options).html
    other = RenderOptions(smart_quotes=not smart_quotes)  # options changed: a new converter
    assert export._body_html(DOCUMENTS[3], other) == render(DOCUMENTS[3], other).html
