"""`blogdesk render`: the body HTML the preview shows, on stdout or one file per post."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from blogdesk.cli import main
from blogdesk.core.render import render
from blogdesk.core.render.contract import flavour, render_with

POST = "---\ntitle: Lists\ntags: [a]\n---\n\n# Lists\n\nSteps:\n- one\n  - nested\n\n3) third\n"
BODY = POST.split("---\n\n", 1)[1]


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "lists.md"
    path.write_text(POST, encoding="utf-8")
    return path


def test_one_file_to_stdout_in_blogdesk_style_by_default(
    post: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(post)]) == 0
    out = capsys.readouterr().out
    assert out == render(BODY).html + "\n"
    assert "title: Lists" not in out and "<html" not in out  # no front matter, no template


@pytest.mark.parametrize("generator", ["hugo", "jekyll", "eleventy", "zola", "pelican"])
def test_generator_chooses_the_family(
    generator: str, post: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", "--generator", generator, str(post)]) == 0
    out = capsys.readouterr().out
    assert out.rstrip("\n") == render_with(flavour(generator), BODY).html.rstrip("\n")


def test_hugo_and_jekyll_differ_where_their_engines_do(
    post: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["render", "--generator", "hugo", str(post)])
    hugo = capsys.readouterr().out
    main(["render", "--generator", "jekyll", str(post)])
    jekyll = capsys.readouterr().out
    assert '<ol start="3">' in hugo and "<p>3) third</p>" in jekyll


def test_out_dir_writes_one_file_per_post(tmp_path: Path, post: Path) -> None:
    other = tmp_path / "second.md"
    other.write_text("Just *one* line.\n", encoding="utf-8")
    out = tmp_path / "out" / "html"
    args = ["render", "--generator", "hugo", "--out-dir", str(out), str(post), str(other)]
    assert main(args) == 0
    assert sorted(p.name for p in out.iterdir()) == ["lists.html", "second.html"]
    assert (out / "second.html").read_text(encoding="utf-8") == "<p>Just <em>one</em> line.</p>\n"


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(POST.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["render", "--generator", "eleventy", "-"]) == 0
    assert '<h1 id="lists">Lists</h1>' in capsys.readouterr().out


def test_a_missing_file_is_reported_and_the_others_still_written(
    tmp_path: Path, post: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    status = main(["render", "--out-dir", str(out), str(tmp_path / "gone.md"), str(post)])
    assert status == 1
    assert "gone.md" in capsys.readouterr().err
    assert (out / "lists.html").exists()


def test_several_files_need_an_out_dir(post: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(post), str(post)]) == 1
    assert "--out-dir" in capsys.readouterr().err


def test_two_files_with_one_stem_are_refused_not_overwritten(
    tmp_path: Path, post: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "b").mkdir()
    twin = tmp_path / "b" / "lists.md"
    twin.write_text("Other.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", "--out-dir", str(out), str(post), str(twin)]) == 1
    assert "lists.html" in capsys.readouterr().err
    assert not out.exists()


def test_an_unknown_generator_is_a_usage_error(
    post: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["render", "--generator", "gatsby", str(post)])
    assert exit_info.value.code == 2
    assert "invalid choice: 'gatsby'" in capsys.readouterr().err


def test_a_site_that_is_not_a_folder_is_refused(
    tmp_path: Path, post: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", "--site", str(tmp_path / "nowhere"), str(post)]) == 1
    assert "no such folder" in capsys.readouterr().err
