"""Settings' "Site generator" lands in blogdesk.toml: one key changed, nothing else touched,
written atomically; a file that cannot be edited safely is left as it was, with a reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from blogdesk.core.config import ConfigError, load_config, save_generator
from blogdesk.core.sites.detect import detect_site

KEPT = """\
# blogdesk settings for the desk notes
title = "Desk notes"   # shown in the page header
wpm = 230

[author]
name = "Ada Field"  # the byline
role = "Writer"
"""


def library(tmp_path: Path, text: str | None = None, raw: bytes | None = None) -> Path:
    root = tmp_path / "blog"
    root.mkdir(parents=True)
    (root / ".git").mkdir()  # the search for blogdesk.toml stops here
    if raw is not None:
        (root / "blogdesk.toml").write_bytes(raw)
    elif text is not None:
        (root / "blogdesk.toml").write_text(text, encoding="utf-8")
    return root


def test_setting_the_generator_adds_one_line_and_keeps_the_rest(tmp_path: Path) -> None:
    root = library(tmp_path, KEPT)
    assert save_generator(root, "Jekyll") == root / "blogdesk.toml"
    text = (root / "blogdesk.toml").read_text(encoding="utf-8")
    assert text == KEPT.replace("wpm = 230\n", 'wpm = 230\ngenerator = "jekyll"\n')
    config = load_config(root)
    assert (config.generator, config.site_title, config.author.name) == \
        ("jekyll", "Desk notes", "Ada Field")
    assert detect_site(root, override=config.generator).generator == "jekyll"


def test_changing_and_removing_keep_the_comment_bom_and_line_endings(tmp_path: Path) -> None:
    original = KEPT.replace("wpm = 230\n", 'generator = "hugo"  # chosen by hand\nwpm = 230\n')
    raw = b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8")
    root = library(tmp_path, raw=raw)
    save_generator(root, "zola")
    assert (root / "blogdesk.toml").read_bytes() == raw.replace(b'"hugo"', b'"zola"')
    save_generator(root, "")  # Detected: the key goes, the rest stays
    expected = raw.replace(b'generator = "hugo"  # chosen by hand\r\n', b"")
    assert (root / "blogdesk.toml").read_bytes() == expected
    assert load_config(root).generator == ""


def test_no_change_writes_nothing(tmp_path: Path) -> None:
    root = library(tmp_path, 'generator = "hugo"\n')
    before = os.stat(root / "blogdesk.toml").st_mtime_ns
    assert save_generator(root, "hugo") is None
    assert os.stat(root / "blogdesk.toml").st_mtime_ns == before
    bare = library(tmp_path / "other")
    assert save_generator(bare, "") is None
    assert not (bare / "blogdesk.toml").exists()  # "Detected" creates no file


def test_a_library_without_the_file_gets_a_new_one(tmp_path: Path) -> None:
    root = library(tmp_path)
    save_generator(root, "pelican")
    assert (root / "blogdesk.toml").read_text(encoding="utf-8") == 'generator = "pelican"\n'


def test_the_nearest_file_above_the_posts_folder_is_the_one_edited(tmp_path: Path) -> None:
    root = library(tmp_path, KEPT)
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    assert save_generator(posts, "hugo") == root / "blogdesk.toml"
    assert not (posts / "blogdesk.toml").exists()


@pytest.mark.parametrize("raw", [
    b'title = "unclosed\n',
    b"title = 1\ntitle = 2\n",
    b"\xff\xfe not text",
])
def test_a_broken_file_is_left_alone_with_a_reason(tmp_path: Path, raw: bytes) -> None:
    root = library(tmp_path, raw=raw)
    with pytest.raises(ConfigError) as caught:
        save_generator(root, "hugo")
    assert str(root / "blogdesk.toml") in str(caught.value)
    assert (root / "blogdesk.toml").read_bytes() == raw


def test_an_unknown_name_is_refused(tmp_path: Path) -> None:
    root = library(tmp_path, KEPT)
    with pytest.raises(ValueError, match="unknown generator"):
        save_generator(root, "gatsby")
    assert (root / "blogdesk.toml").read_text(encoding="utf-8") == KEPT


def test_a_read_only_file_is_an_error_and_unchanged(tmp_path: Path) -> None:
    root = library(tmp_path, KEPT)
    (root / "blogdesk.toml").chmod(0o444)
    with pytest.raises(ConfigError, match="read-only"):
        save_generator(root, "hugo")
    assert (root / "blogdesk.toml").read_text(encoding="utf-8") == KEPT
