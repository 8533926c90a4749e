"""`check --json` and `export --json`: the same findings as the text output, for scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blogdesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, object, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, json.loads(out), err


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    folder = tmp_path / "blog"
    folder.mkdir()
    (folder / "good.md").write_text("---\ntitle: Good\ndate: 2025-02-01\n---\n\nFine.\n")
    (folder / "bad.md").write_text("---\ndate: someday\ndraft: maybe\n---\n\nNo title.\n")
    return folder


def test_check_json_has_the_same_problems_as_the_text_output(
    blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, report, err = run(capsys, "check", str(blog), "--json")
    assert status == 1
    assert isinstance(report, dict) and report["posts"] == 2
    problems = report["problems"]
    assert [(p["path"], p["line"]) for p in problems[:2]] == [("bad.md", 1), ("bad.md", 2)]
    assert problems[0]["message"] == "missing title"
    assert "someday" in problems[1]["message"]
    assert main(["check", str(blog)]) == 1
    text = capsys.readouterr()
    assert text.out.splitlines() == [f"{p['path']}:{p['line']}: {p['message']}" for p in problems]
    assert err == text.err  # the count line stays on stderr either way
    (blog / "bad.md").unlink()
    assert run(capsys, "check", str(blog), "--json")[:2] == (0, {"posts": 1, "problems": []})


def test_export_json_for_a_site_reports_what_was_written(
    blog: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (blog / "bad.md").unlink()
    out = tmp_path / "site"
    status, report, _ = run(capsys, "export", str(blog), "-o", str(out), "--json")
    assert status == 0
    assert isinstance(report, dict)
    assert report["outdir"] == str(out)
    assert report["posts"] == 1 and report["errors"] == []
    assert "index.html" in report["written"]
    for name in report["written"]:
        assert (out / name).is_file()


def test_export_json_for_one_post_names_the_page(
    blog: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "good.html"
    status, report, _ = run(capsys, "export", str(blog / "good.md"), "-o", str(page), "--json")
    assert status == 0
    assert report == {"source": str(blog / "good.md"), "written": str(page)}
    assert page.read_text("utf-8").startswith("<!")
