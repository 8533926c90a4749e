"""YAML aliases are limited by expanded count and depth in every front-matter reader: the fast
library reader (PyYAML), the round-trip reader (ruamel.yaml) and the edits that re-read."""

from __future__ import annotations

import itertools
import tracemalloc
from pathlib import Path

import pytest
import yaml

from blogdesk.core import library_yaml, yaml_limits
from blogdesk.core.postfile import PostError, parse_post


def alias_bomb(levels: int = 9) -> str:
    names = "abcdefghijklmnop"[:levels]
    lines = ["a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
    for previous, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join([*lines, f"tags: *{names[-1]}", ""])


def peak_mb(func: object, *args: object) -> tuple[object, float]:
    """What ``func(*args)`` returned or raised, and the peak of Python memory it allocated."""
    tracemalloc.start()
    try:
        result: object = func(*args)  # type: ignore[operator]
    except Exception as exc:
        result = exc
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, peak / 2**20


def test_the_bomb_is_refused_by_the_node_check() -> None:
    node = yaml.compose(alias_bomb())
    with pytest.raises(yaml_limits.AliasLimitError, match="more than 100,000 values"):
        yaml_limits.check(node)


def test_ordinary_aliases_still_read() -> None:
    """Anchors that repeat a little (shared defaults, a merge key) are fine."""
    text = "base: &b {author: Ann, tags: [x, y]}\npost: {<<: *b, title: T}\nagain: *b\n"
    post = parse_post(f"---\n{text}---\nBody\n".encode(), Path("p.md"))
    assert post.metadata["again"] == {"author": "Ann", "tags": ["x", "y"]}
    assert post.metadata["post"]["author"] == "Ann"
    yaml_limits.check(yaml.compose(text))


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    node = yaml.compose("a: &a [1, *a]\n")
    with pytest.raises(yaml_limits.AliasLimitError, match="contains it"):
        yaml_limits.check(node)


def test_depth_is_limited() -> None:
    deep = "tags: " + "[" * 150 + "]" * 150 + "\n"
    with pytest.raises(yaml_limits.AliasLimitError, match="deeper than 100 levels"):
        yaml_limits.check(yaml.compose(deep))
    post = parse_post(f"---\n{deep}---\n".encode(), Path("deep.md"), strict=False)
    assert post.error is not None and "deeper than 100 levels" in post.error.message


def test_fast_reader_hands_the_bomb_on_without_expanding_it() -> None:
    data = f"---\n{alias_bomb()}---\nBody\n".encode()
    result, peak = peak_mb(library_yaml.split_plain, data)
    assert isinstance(result, library_yaml.Unusual)
    assert peak < 10


def test_round_trip_reader_reports_the_bomb_by_file() -> None:
    """The 9-level bomb (9**9 values) is an error naming the file, in a few MB."""
    data = f"---\n{alias_bomb()}---\nBody\n".encode()
    result, peak = peak_mb(parse_post, data, Path("bomb.md"))
    assert isinstance(result, PostError)
    assert str(result) == (
        "bomb.md: invalid YAML front matter: it expands to more than 100,000 values "
        "(aliases repeating anchors: a YAML alias bomb?)"
    )
    assert peak < 50


def test_front_matter_typed_as_text_is_read_with_the_same_limit() -> None:
    """The raw front-matter editor re-parses through the same limited reader: the post gets
    the error (and its metadata stays empty) instead of the app filling its memory."""
    post = parse_post(b"---\ntitle: T\n---\nBody\n", Path("p.md"))
    post.set_raw_front_matter(alias_bomb())
    assert post.error is not None and "expands to more than" in post.error.message
    assert post.metadata == {}


def test_deep_flow_nesting_is_refused_before_the_parser_sees_it(tmp_path) -> None:
    """100,000 nested brackets took the YAML parsers 38 s; the text check refuses them at once,
    in both readers, and the library lists the post with its error."""
    import resource

    from blogdesk.core.library import Library
    from blogdesk.core.postfile import PostError, load_post

    post = tmp_path / "deep.md"
    post.write_text("---\ntitle: Deep\ntags: " + "[" * 100_000 + "]" * 100_000 + "\n---\nBody\n")
    (tmp_path / "fine.md").write_text("---\ntitle: Fine\n---\nBody\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    with pytest.raises(PostError, match="nests deeper than 100 levels"):
        load_post(post)
    library = Library.open(tmp_path)
    try:
        entries = {e.path.name: e for e in library.posts()}
    finally:
        library.close()
    assert entries["deep.md"].error and "nests deeper" in entries["deep.md"].error
    assert entries["fine.md"].error is None
    # not a timing assertion: a hang guard with room for a slow, shared machine
    assert resource.getrusage(resource.RUSAGE_SELF).ru_utime - before < 10


def test_a_hundred_levels_of_real_nesting_still_load() -> None:
    from blogdesk.core.yaml_limits import check_text

    check_text("tags: " + "[" * 100 + "]" * 100)
    with pytest.raises(ValueError):
        check_text("tags: " + "[" * 101 + "]" * 101)
