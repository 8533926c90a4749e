"""The export's C engine (cmark-gfm) gives exactly markdown-it's HTML wherever it is used.

``core/export/cmark.py`` renders a Hugo post with cmark-gfm only when the body uses nothing
where the two differ. These tests run BOTH paths: for every body the C path accepts, its
sanitized HTML must equal what the Hugo flavour renders with markdown-it (the template pass
included), on the fidelity fixtures, the CommonMark spec examples and random Markdown. They
also check that ordinary posts (headings, nested lists, code, tables) do take the C path, and
that a site export's pages are the same with and without it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogdesk.core.export import cmark
from blogdesk.core.render.contract import Flavour, flavour_for, render_site_body

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "tests" / "fidelity" / "data" / "commonmark-spec-0.31.2.json"

POST = """Opening words with *emphasis*, **strong** and `code` in them.

## A first heading

- an item
  - nested by two spaces
  - another one
- a second item

1. first
2. second

```python
def step(items, limit=3):
    \"\"\"Keep <the> first & 'best'.\"\"\"
    return items[:limit]
```

| Name | Count | Note |
|------|------:|:-----|
| one  | 12    | ok   |

## A first heading

Closing paragraph.
"""


@pytest.fixture(scope="module")
def hugo(tmp_path_factory: pytest.TempPathFactory) -> Flavour:
    site = tmp_path_factory.mktemp("hugo-site")
    (site / "hugo.toml").write_text('title = "A site"\n', encoding="utf-8")
    chosen = flavour_for(site)
    assert chosen.generator == "hugo" and chosen.family == "commonmark"
    return chosen


def _same(text: str, chosen: Flavour) -> bool | None:
    """None when the C path declines; else whether both paths give the same HTML."""
    fast = cmark.render_html(text, chosen.options)
    if fast is None:
        return None
    slow = render_site_body(chosen, text).html
    assert fast == slow, f"C engine differs on {text!r}:\n{fast}\n---\n{slow}"
    return True


def test_an_ordinary_post_takes_the_c_path_and_renders_the_same(hugo: Flavour) -> None:
    assert _same(POST, hugo) is True
    html = cmark.render_html(POST, hugo.options) or ""
    assert 'id="a-first-heading"' in html and 'id="a-first-heading-1"' in html
    assert 'class="codehilite"' in html and "<table>" in html


@pytest.mark.parametrize(
    "text",
    [
        'A "quote"', "it's", "a -- b", "wait...", "<b>x</b>", "a & b", "[link](x)", "~~s~~",
        "see www.example.com", "example.com", "a@b.org", "{{< ref x >}}", "x\n: def",
        "Title\n=====", "  ```\n  code\n  ```", "## C# {#id}", "```\nunclosed",
        "- [ ] task", "a\\*b", "tab\there", "> quote",
    ],
)  # fmt: skip
def test_what_the_c_path_leaves_to_markdown_it(text: str, hugo: Flavour) -> None:
    assert cmark.render_html(text, hugo.options) is None


def test_without_cmarkgfm_every_body_goes_to_markdown_it(
    hugo: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cmark, "_engine", lambda: None)
    assert cmark.render_html(POST, hugo.options) is None


def test_other_flavours_keep_markdown_it(tmp_path: Path) -> None:
    (tmp_path / "eleventy.config.js").write_text("", encoding="utf-8")
    assert cmark.render_html("plain words\n", flavour_for(tmp_path).options) is None


def _fixtures() -> list[Path]:
    return sorted((REPO / "tests" / "fidelity" / "posts").glob("*.md")) + sorted(
        (REPO / "posts").rglob("*.md")
    )


def test_fidelity_fixtures_and_sample_posts_render_the_same(hugo: Flavour) -> None:
    for path in _fixtures():
        text = path.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        _same(body, hugo)


def test_commonmark_spec_examples_render_the_same(hugo: Flavour) -> None:
    examples = json.loads(SPEC.read_text(encoding="utf-8"))
    taken = sum(bool(_same(example["markdown"], hugo)) for example in examples)
    assert taken >= 100  # the comparison covers a good share of the spec, not none of it


_PIECES = st.sampled_from(
    [
        "a", "word", " ", "  ", "   ", "    ", "\n", "\n\n", "*", "**", "_", "__", "`", "``",
        "# ", "## ", "###### ", "#", "- ", "* ", "+ ", "1. ", "2) ", "| ", " |", "|---|", ":--",
        "--:", "```", "```python\n", "\n```\n", "x = 1", "***", "___", "-", "=", "é", "!", "?",
        ".", ",", "(", ")", "0", "9", ";", "$", "%", "^", "/", "é*", "*é", "\u00a0", "\u3000",
        "| a | b |\n", "|---|---|\n", "| 1 | 2 |\n", "a | b\n", "--- | ---\n", "\n- x\n  - y\n",
        "1. a\n   b\n", "    code\n", "**b** ", "*e* ", "`c` ", "``a`b`` ",
    ]
)  # fmt: skip


def _hugo_flavour() -> Flavour:
    """Hugo's flavour, detected once per process from a folder with a ``hugo.toml``."""
    if "flavour" not in _HUGO:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="blogdesk-hugo-"))
        (folder / "hugo.toml").write_text('title = "A site"\n', encoding="utf-8")
        _HUGO["flavour"] = flavour_for(folder)
    return _HUGO["flavour"]


_HUGO: dict[str, Flavour] = {}


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=50).map("".join))
def test_random_markdown_renders_the_same_where_the_c_path_is_taken(text: str) -> None:
    _same(text, _hugo_flavour())


def test_a_hugo_site_exports_the_same_pages_with_and_without_the_c_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What lands on disk: every page of a small Hugo site, byte for byte, both ways."""
    from blogdesk.core.export import export_site

    site = tmp_path / "site"
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "A site"\n', encoding="utf-8")
    bodies = [POST, "Plain words only.\n", 'A "quoted" word -- markdown-it renders this one.\n']
    for n, body in enumerate(bodies):
        (posts / f"p{n}.md").write_text(
            f"---\ntitle: Post {n}\ndate: 2024-01-0{n + 1}\n---\n\n{body}", encoding="utf-8"
        )

    def pages(out: Path) -> dict[str, str]:
        export_site(site, out, time_limit=None, cache_dir=tmp_path / f"cache-{out.name}")
        return {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*.html")}

    taken: list[bool] = []
    real = cmark.render_html
    monkeypatch.setattr(
        cmark, "render_html", lambda t, o: taken.append(real(t, o) is not None) or real(t, o)
    )
    fast = pages(tmp_path / "fast")
    assert taken.count(True) == 2 and taken.count(False) == 1
    monkeypatch.setattr(cmark, "render_html", lambda t, o: None)
    slow = pages(tmp_path / "slow")
    assert fast == slow and len(fast) >= 4


_CODE_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("ab1 _\n\t\"'`$#()[]{}<>/\\*=;:.-&\u00a0\u3000é\x0c\x01\ufeff")),
        st.characters(blacklist_categories=["Cs"]),
    ),
    max_size=80,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["python", "bash", "javascript", "html", "yaml", "c", "text", "", "diff"]),
    _CODE_TEXT,
)
def test_a_highlighted_block_set_aside_is_what_the_sanitizer_writes(
    language: str, code: str
) -> None:
    """A block the C path keeps out of the sanitizer is, byte for byte, the sanitizer's output
    for it; and the blocks Pygments writes are kept out (the speed-up is not dead code)."""
    from blogdesk.core.render import sanitize
    from blogdesk.core.render.commonmark import highlight_code

    block = highlight_code(code, language).rstrip("\n")
    done = cmark._as_sanitized(block)
    if done is not None:
        assert done == sanitize(block)
    if language in ("python", "bash", "c", "") and "\r" not in code and "\x00" not in code:
        assert done is not None, block  # (yaml writes classes the sanitizer trims: not kept)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["python", "sh", "", "go"]), _CODE_TEXT), max_size=4))
def test_bodies_with_any_code_render_the_same_both_ways(blocks: list[tuple[str, str]]) -> None:
    """Fenced code holding anything, between paragraphs and in a table's neighbourhood: the C
    path (code set aside from the sanitizer) gives markdown-it's sanitized HTML."""
    parts = ["Some words first.", "| a | b |\n|:--|--:|\n| 1 | 2 |"]
    for language, code in blocks:
        fence = "`" * max(3, max((len(run) for run in code.split("\n")), default=0) + 1)
        body = "\n".join(line for line in code.split("\n") if not line.lstrip().startswith("`"))
        parts += [f"{fence}{language}\n{body}\n{fence}", "More words."]
    text = "\n\n".join(parts) + "\n"
    taken = _same(text, _hugo_flavour())
    assert taken or any("\ue000" <= c <= "\ue019" for c in text)  # else the C path took it


def test_code_that_looks_like_a_table_attribute_is_left_as_it_is(hugo: Flavour) -> None:
    """The cell alignment the C engine writes becomes a style; the same words in code do not."""
    text = '| a |\n|--:|\n| 1 |\n\n```python\nx = 1  # align="left"\n```\n'
    assert _same(text, hugo)
    html = cmark.render_html(text, hugo.options)
    assert html is not None and '# align="left"' in html and 'style="text-align: right"' in html


_BODY_PIECES = st.sampled_from(
    [
        "a", "word", " ", "\n", "\n\n", "*", "**", "_", "`", "# ", "## ", "#### ", "- ", "* ",
        "1. ", "3. ", "7) ", "  - ", "    ", "| a | b |\n|:--|--:|\n| 1 | 2 |\n", "***\n",
        "---\n", "x  \ny", "é", "日本", "\u0301", "\x01", "\ufffd", "Post body", "related heading",
        "```python\nx = 1\n```\n", "\n```\n", "(", ")", "!", "?", ";", "0", "%", "$", "/",
    ]
)  # fmt: skip


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_BODY_PIECES, max_size=40).map("".join))
def test_a_plain_body_is_written_as_the_sanitizer_writes_it(text: str) -> None:
    """Where the C path writes a body without running the sanitizer (only cmark-gfm's own tags,
    text without markup characters), the bytes are the sanitizer's: every body the C path
    accepts is compared with the sanitizer's output for the same HTML."""
    import cmarkgfm

    from blogdesk.core.render import sanitize

    headings = cmark.plain_enough(text)
    if headings is None:
        return
    raw = cmark._with_heading_ids(
        cmarkgfm.markdown_to_html_with_extensions(text, extensions=["table"]), headings
    )
    if raw is None:
        return
    raw = cmark._ALIGN.sub(r' style="text-align: \1"', raw)
    written = cmark._as_sanitized_body(raw)
    if written is not None:
        assert written == sanitize(raw)


def test_an_ordinary_post_is_written_without_the_sanitizer(
    hugo: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The common case takes the short way (and renders the same): headings, lists, a table,
    code and a hard line break; a heading whose id is one of the page's does not."""
    import blogdesk.core.render as render_module

    calls: list[str] = []
    real = render_module.sanitize
    monkeypatch.setattr(render_module, "sanitize", lambda h, o=None: calls.append(h) or real(h))
    text = POST + "\nLast line  \nwith a break.\n"
    assert _same(text, hugo) and not calls
    assert _same("## Post body\n\nWords.\n", hugo) and calls


@pytest.mark.parametrize("text", ["word \ue000 here\n", "```python\nx = '\ue002'\n```\n"])
def test_the_template_pass_marks_are_left_to_markdown_it(text: str, hugo: Flavour) -> None:
    """An author's own copy of a template mark becomes U+FFFD in the template pass; the C path
    declines such a body (it once kept the character, in prose and in code)."""
    assert cmark.render_html(text, hugo.options) is None
    assert "\ufffd" in render_site_body(hugo, text).html


@given(st.text(alphabet=st.sampled_from(list("*_a .\n`|é")), max_size=60))
def test_runs_of_stars_and_underscores_are_found_as_before(text: str) -> None:
    """The run pattern (written to start with one character set, for speed) finds exactly the
    runs ``\\*+|_+`` finds."""
    import re

    plain = re.compile(r"\*+|_+")
    assert [m.span() for m in cmark._RUN.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]
