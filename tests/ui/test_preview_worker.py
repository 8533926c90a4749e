"""The render worker: blocks, splices, source lines and the message stream (no Qt needed)."""

from __future__ import annotations

import io
from pathlib import Path

from blogdesk.core.config import Config
from blogdesk.core.post import Post, Status
from blogdesk.core.render import RenderOptions, render
from blogdesk.ui.render_worker import (
    BODY_SENTINEL,
    BlockRenderer,
    Worker,
    diff_blocks,
    parse_messages,
    read_message,
    source_lines,
    split_top_level,
    write_message,
)
from blogdesk.ui.widgets.preview import MARKER, PageUpdate, _diff, with_policy


def _post(body: str, title: str = "Worker test") -> Post:
    return Post(
        path=Path("/blog/posts/worker.md"), title=title, date=None, updated=None,
        categories=(), tags=("one",), summary="", author="", slug="worker", cover="",
        draft=False, status=Status.PUBLISHED, body=body,
    )  # fmt: skip


def test_split_top_level_keeps_every_character():
    html = (
        '<h2 id="a">A <em>b</em></h2>\n<p title="x>y">one<br>two</p>\n\n'
        "<ul>\n<li>x</li>\n</ul>\ntext at top\n<hr>\n<div><div>nested</div></div>"
    )
    pieces = split_top_level(html)
    assert "".join(pieces) == html
    assert [p.split(">")[0] for p in pieces] == [
        '<h2 id="a"',
        '<p title="x',
        "<ul",
        "text at top\n<hr",
        "<div",
    ] or len(pieces) >= 5


def test_split_of_a_real_render_joins_back():
    body = (
        "# T\n\nPara *one*.\n\n> quote\n\n```\ncode <b>\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    html = render(body).html
    assert "".join(split_top_level(html)) == html
    assert len(split_top_level(html)) == 5


def test_diff_blocks_gives_the_smallest_splice():
    assert diff_blocks(["a", "b", "c"], ["a", "b", "c"]) is None
    assert diff_blocks(["a", "b", "c"], ["a", "x", "c"]) == (1, 1, ["x"])
    assert diff_blocks(["a", "c"], ["a", "b", "c"]) == (1, 0, ["b"])
    assert diff_blocks(["a", "b", "c"], ["a", "c"]) == (1, 1, [])
    assert diff_blocks([], ["a"]) == (0, 0, ["a"])
    assert _diff(["a", "b"], ["a", "b", "b"]) == (2, 0, ["b"])


def test_source_lines_point_at_each_block():
    body = "# Title\n\nFirst para\nstill first.\n\n## Next\n\n- a\n- b\n\n```\ncode\n\nmore\n```\n"
    blocks, lines, _outline = BlockRenderer(RenderOptions()).render(body)
    assert len(lines) == len(blocks)
    assert lines == sorted(lines)
    assert lines == [0, 2, 5, 10]  # the heading and its list are one block


def test_source_lines_without_a_match_are_still_in_order():
    lines = source_lines("a\n\nb\n\nc\n\nd\n", ["<p>x</p>", "<p>y</p>"])
    assert lines == sorted(lines) and len(lines) == 2


def test_messages_round_trip_through_a_stream():
    stream = io.BytesIO()
    write_message(stream, {"op": "render", "body": "x" * 100_000})
    write_message(stream, {"op": "context"})
    stream.seek(0)
    assert read_message(stream)["body"] == "x" * 100_000
    assert read_message(stream) == {"op": "context"}
    assert read_message(stream) is None
    buffer = bytearray(stream.getvalue())
    partial = buffer[:-3]
    assert len(parse_messages(partial)) == 1  # the second one is not complete yet
    assert parse_messages(bytearray(stream.getvalue()))[1] == {"op": "context"}


def test_worker_sends_the_body_then_only_what_changed():
    sent: list[dict] = []
    worker = Worker(sent.append)
    worker.set_context(
        {
            "config": Config(root=Path("/blog")),
            "library_posts": (),
            "options": RenderOptions(),
            "theme": "light",
        }
    )
    body = "# Title\n\nOne.\n\nTwo.\n"
    worker.render({"generation": 1, "post": _post(body), "body": body}, lambda *_: False)
    first = sent[-1]
    assert first["reset"] and first["final"]
    before, after = first["frame"]
    assert 'id="post-body"' in before and "Worker test" in before and "</html>" in after
    start, deleted, blocks = first["splice"]
    assert (start, deleted) == (0, 0) and "One." in "".join(blocks)
    sent.clear()
    body2 = "# Title\n\nOne.\n\nTwo changed.\n"
    worker.render({"generation": 2, "post": _post(body2), "body": body2}, lambda *_: False)
    assert sent[0]["splice"][0] >= 1 and "Two changed." in "".join(sent[0]["splice"][2])
    assert sent[0]["frame"] is None and not sent[0]["final"]  # the body first...
    assert sent[-1]["final"]  # ...then the frame (its word count), if it changed


def test_worker_skips_the_frame_while_more_text_waits():
    sent: list[dict] = []
    worker = Worker(sent.append)
    worker.set_context({"config": Config(root=Path("/blog")), "options": RenderOptions()})
    worker.render({"generation": 1, "post": _post("a\n"), "body": "a\n"}, lambda *_: False)
    sent.clear()
    worker.render({"generation": 2, "post": _post("a b\n"), "body": "a b\n"}, lambda *_: True)
    assert [m.get("frame") for m in sent] == [None, None]
    assert sent[-1] == {"generation": 2, "final": True}


def test_the_page_policy_is_first_in_the_head():
    page = with_policy(
        "<!DOCTYPE html><html><head><title>t</title></head><body></body></html>", remote=False
    )
    head = page.split("<head>")[1]
    assert head.startswith('<meta http-equiv="Content-Security-Policy"')
    assert "script-src 'none'" in head and "https:" not in head
    assert "https:" in with_policy("<head></head>", remote=True)


def test_page_update_defaults_and_marker():
    update = PageUpdate(3)
    assert update.splice is None and update.same_post
    assert MARKER == "<!--b-->" and BODY_SENTINEL.startswith("<!--")
