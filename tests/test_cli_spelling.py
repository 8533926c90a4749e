"""`blogdesk check --spelling`: what a blog's CI runs to keep its posts free of typos."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogdesk.cli import main


def test_the_sample_blog_is_clean(sample_posts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--spelling", str(sample_posts)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "10 posts checked, 0 unknown words" in err


def test_each_unknown_word_is_a_line_and_the_exit_is_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "one.md").write_text("---\ntitle: One\n---\nA frist try.\n", encoding="utf-8")
    other = tmp_path / "two"
    other.mkdir()
    (other / "two.md").write_text("Fine words.\n\nTeh end.\n", encoding="utf-8")
    assert main(["check", "--spelling", str(tmp_path / "one.md"), str(other)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'one.md'}:4:3: frist (")
    assert "first" in lines[0]
    assert lines[1].startswith(f"{other / 'two.md'}:3:1: Teh (")
    assert "2 posts checked, 2 unknown words" in err


def test_the_blog_word_list_is_shared(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Blogdesk exports Zola sites.\n", encoding="utf-8")
    assert main(["check", "--spelling", str(tmp_path)]) == 1
    (tmp_path / "blogdesk-words.txt").write_text("Blogdesk\nZola\n", encoding="utf-8")
    assert main(["check", "--spelling", str(tmp_path)]) == 0


def test_a_language_with_no_dictionary_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text("---\nlang: xx\n---\nWords.\n", encoding="utf-8")
    assert main(["check", "--spelling", str(tmp_path)]) == 2
    assert "no spelling dictionary for 'xx_XX'" in capsys.readouterr().err


def test_a_missing_path_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--spelling", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
