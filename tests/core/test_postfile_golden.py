"""Golden files: tricky real-world posts round-trip byte for byte, and field edits match the
expected output files byte for byte (tests/core/golden/NAME.md -> NAME.expected)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from blogdesk.core.postfile import load_post, parse_post, save_post

GOLDEN = Path(__file__).parent / "golden"
INPUTS = sorted(GOLDEN.glob("*.md"))

# The edits whose results are pinned in NAME.expected: (operation, key, value).
EDITS: dict[str, list[tuple[str, str, Any]]] = {
    "crlf.md": [("set", "title", "Edited on Linux"), ("set", "draft", True)],
    "mixed-endings.md": [("set", "author", "Alex")],
    "bom.md": [("set", "draft", False)],
    "no-trailing-newline.md": [("set", "title", "Still no final newline")],
    "comments.md": [("set", "title", "New title"), ("set", "tags", ["notes", "yaml", "new"])],
    "quotes.md": [("set", "title", "Still: double"), ("set", "subtitle", "It's single")],
    "block-scalars.md": [("set", "summary", "A new literal\nblock.\n")],
    "anchors.md": [("set", "editor", "Lee")],
    "flow-lists.md": [("set", "tags", ["python", "markdown"])],
    "norway.md": [("set", "title", "yes"), ("set", "language", "NO")],
    "emoji.md": [("set", "title", "Now with 🎉")],
    "thematic-breaks-body.md": [("set", "title", "Rules stay in the body")],
    "hr-at-start.md": [("set", "title", "Gets front matter")],
    "empty-front-matter.md": [("set", "title", "First field")],
    "only-front-matter.md": [("unset", "draft", None)],
    "dot-end-fence.md": [("set", "tags", ["yaml", "dots"])],
    "toml.md": [("set", "title", "Edited TOML"), ("set", "draft", True)],
    "json.md": [("set", "title", "Edited JSON"), ("set", "summary", "Added")],
    "content-handler-keys.md": [("set", "content", "edited"), ("set", "handler", "edited too")],
    "dates.md": [
        ("set", "date", dt.datetime(2023, 1, 1, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=-6)))),
        ("set", "updated", dt.date(2024, 2, 3)),
        ("set", "local", dt.datetime(2023, 1, 1, 7, 45)),
        ("set", "jekyll",
         dt.datetime(2025, 6, 7, 8, 9, 10, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
    ],
    "four-space-indent.md": [("set", "tags", ["one", "two", "three"])],
}

# Dates written in a style YAML itself reads as text (the file's own style wins).
READBACK = {
    ("dates.md", "local"): "2023-01-01 07:45",
    ("dates.md", "jekyll"): "2025-06-07 08:09:10 +0200",
}

# What a reader of the file should see, for the inputs where it is not obvious.
FORMATS = {"toml.md": "toml", "json.md": "json", "hr-at-start.md": None}


def test_golden_set_is_complete():
    """Every pinned edit has its input and its expected file, and no expected file is stray."""
    names = {p.name for p in INPUTS}
    assert set(EDITS) <= names
    expected = {p.name.replace(".expected", ".md") for p in GOLDEN.glob("*.expected")}
    assert expected == set(EDITS)
    assert len(INPUTS) >= 30


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_round_trip_is_byte_identical(path: Path):
    """Parsing and writing back without an edit gives exactly the bytes on disk."""
    data = path.read_bytes()
    post = parse_post(data, path)
    assert post.error is None
    assert post.to_bytes() == data
    assert not post.modified
    assert post.format == FORMATS.get(path.name, post.format)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_open_and_save_writes_nothing(path: Path, tmp_path: Path):
    """load_post + save_post on an unedited golden file does not write (same inode, mtime)."""
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    before = copy.stat()
    post = load_post(copy)
    post.set_body(post.body)
    for key, value in post.metadata.items():
        if isinstance(key, str):
            post.set(key, value)
    assert save_post(post) is False
    after = copy.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert copy.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_body_edit_keeps_front_matter_bytes(path: Path):
    """Appending to the body leaves every byte before the body unchanged."""
    data = path.read_bytes()
    post = parse_post(data, path)
    post.set_body(post.body + "Added line.\n")
    out = post.to_bytes()
    fm_end = post.line_of_body_start() - 1
    assert out.splitlines(keepends=True)[:fm_end] == data.splitlines(keepends=True)[:fm_end]
    assert parse_post(out, path).body.endswith("Added line.\n")


@pytest.mark.parametrize("name", sorted(EDITS))
def test_edit_matches_expected_file(name: str):
    """The pinned field edits give exactly NAME.expected, and the values read back."""
    source = GOLDEN / name
    post = parse_post(source.read_bytes(), source)
    for op, key, value in EDITS[name]:
        if op == "set":
            post.set(key, value)
        else:
            post.unset(key)
    expected = (GOLDEN / name.replace(".md", ".expected")).read_bytes()
    assert post.to_bytes() == expected
    again = parse_post(expected, source)
    assert again.body == post.body
    for op, key, value in EDITS[name]:
        if op == "unset":
            assert key not in again.metadata
        else:
            assert again.metadata[key] == READBACK.get((name, key), value)


@pytest.mark.parametrize("name", sorted(EDITS))
def test_edit_then_save(name: str, tmp_path: Path):
    """Saving the edited golden post writes the expected bytes and keeps the mode."""
    target = tmp_path / name
    target.write_bytes((GOLDEN / name).read_bytes())
    target.chmod(0o664)
    post = load_post(target)
    for op, key, value in EDITS[name]:
        post.set(key, value) if op == "set" else post.unset(key)
    assert save_post(post) is True
    assert target.read_bytes() == (GOLDEN / name.replace(".md", ".expected")).read_bytes()
    assert target.stat().st_mode & 0o777 == 0o664
    assert not post.modified
