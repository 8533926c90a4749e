"""The render worker with a site's flavour: the family's blocks, and only the changed ones."""

from __future__ import annotations

from pathlib import Path

from blogdesk.core.config import Config
from blogdesk.core.post import Post, Status
from blogdesk.core.render import RenderOptions
from blogdesk.core.render.contract import flavour, flavour_for, render_site_body
from blogdesk.core.sites.config import Site
from blogdesk.ui.render_worker import BlockRenderer, FamilyRenderer, Worker


def _post(body: str) -> Post:
    return Post(
        path=Path("/blog/posts/family.md"), title="Family", date=None, updated=None,
        categories=(), tags=(), summary="", author="", slug="family", cover="",
        draft=False, status=Status.PUBLISHED, body=body,
    )  # fmt: skip


def _context(chosen: object) -> dict:
    return {"config": Config(root=Path("/blog")), "options": RenderOptions(), "flavour": chosen}


def test_a_commonmark_site_sends_the_family_blocks_then_only_the_changed_one() -> None:
    sent: list[dict] = []
    worker = Worker(sent.append)
    chosen = flavour_for(Site(generator="eleventy"))
    worker.set_context(_context(chosen))
    assert isinstance(worker.renderer, FamilyRenderer)
    body = "# One\n\nFirst para.\n\n- a\n  - b\n\nLast ~~x~~.\n"
    worker.render({"generation": 1, "post": _post(body), "body": body}, lambda *_: False)
    first = sent[0]
    assert first["reset"]
    _start, _deleted, blocks = first["splice"]
    assert "".join(blocks) == render_site_body(chosen, body).html
    assert "<li>a\n<ul>\n<li>b</li>" in "".join(blocks)
    assert first["lines"] == [0, 2, 4, 7]  # each block's first body line (0-based)
    sent.clear()
    edited = body.replace("First para.", "First paragraph.")
    worker.render({"generation": 2, "post": _post(edited), "body": edited}, lambda *_: False)
    start, deleted, blocks = sent[0]["splice"]
    assert (start, deleted) == (1, 1)  # (start, deleted count, new blocks)
    assert blocks == ["<p>First paragraph.</p>\n"]


def test_blogdesk_style_keeps_the_incremental_renderer() -> None:
    worker = Worker(lambda _answer: None)
    worker.set_context(_context(flavour("blogdesk")))
    assert isinstance(worker.renderer, BlockRenderer)
    worker.set_context(_context(None))
    assert isinstance(worker.renderer, BlockRenderer)


def test_a_jekyll_site_renders_each_edit_as_the_full_site_render_would() -> None:
    """The worker's Jekyll renderer (Liquid, then kramdown, parsing only the changed chunks)
    shows after every edit exactly the blocks a full render of the text gives."""
    chosen = flavour_for(Site(generator="jekyll", template_language="liquid"))
    renderer = FamilyRenderer(chosen, ())
    body = (
        "# Notes {#top}\n\nAn [anchor][a] and the HTML way.\n\n{% raw %}{{ x }}{% endraw %}\n\n"
        "## Notes\n\n- one\n- two\n\n```sh\nls\n\nls -l\n```\n\n[a]: /a\n\n*[HTML]: markup\n"
    )
    edits = [
        ("An [anchor]", "An [anchor] more"),
        ("## Notes", "## Notes again"),
        ("[a]: /a", "[a]: /b"),
        ("- two", "- two\n\n- three"),
        ("ls -l", "ls -l\n```\n\nAfter the fence."),
    ]
    for old, new in [("", ""), *edits]:
        body = body.replace(old, new, 1) if old else body
        blocks, lines, outline = renderer.render(body)
        whole = render_site_body(chosen, body)
        assert blocks == [block.html for block in whole.blocks], old
        assert [entry.id for entry in outline] == [entry.id for entry in whole.outline]
        assert lines == [block.first_line - 1 for block in whole.blocks]
