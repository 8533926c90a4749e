"""`blogdesk list` and `blogdesk tags`: what they print, their exit status, what lands on disk."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from blogdesk.cli import main


def write(folder: Path, rel: str, text: str) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    folder = tmp_path / "blog"
    body = "word " * 450 + "\n"
    write(folder, "alpha.md", "---\ntitle: Alpha and delegation\ndate: 2024-01-10\n"
          "tags: [Leadership, python]\ncategory: Engineering\n---\n" + body)  # fmt: skip
    write(folder, "beta.md", "---\ntitle: Beta\ndate: 2024-02-20\ntags: [leadership]\n"
          "category: Notes\ndraft: true\n---\nA note on delegation.\n")  # fmt: skip
    write(folder, "gamma.md", "---\ntitle: Gamma\ndate: 2023-05-01\ntags: python writing\n"
          "---\nShort.\n")  # fmt: skip
    write(folder, "broken.md", "---\ntitle: [unclosed\n---\nBody\n")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# -- list --------------------------------------------------------------------------------------


def test_list_table(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list", str(blog))
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["DATE", "STATUS", "READ", "TITLE", "TAGS"]
    assert lines[1].split()[:4] == ["2024-02-20", "draft", "1", "min"]
    assert "Alpha and delegation" in lines[2] and "3 min" in lines[2]
    assert lines[2].rstrip().endswith("Leadership, python")
    assert "Gamma" in lines[3]
    assert "error" in lines[4] and "broken.md: line 3" in lines[4]
    assert lines[-1] == "4 posts, 1 could not be read"


def test_list_json(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", str(blog), "--json", "--sort", "title")
    assert status == 0
    posts = json.loads(out)
    assert [p["title"] for p in posts][:3] == ["Alpha and delegation", "Beta", "Broken"]
    alpha = posts[0]
    assert alpha == {
        "path": "alpha.md",
        "title": "Alpha and delegation",
        "date": alpha["date"],
        "updated": None,
        "status": "published",
        "categories": ["Engineering"],
        "tags": ["Leadership", "python"],
        "summary": "",
        "author": "",
        "words": 450,
        "minutes": 3,
        "error": None,
    }
    assert alpha["date"].startswith("2024-01-10T00:00:00")
    assert posts[2]["error"].startswith("line 3: invalid YAML")


def test_list_json_notices_what_changed_since_the_last_run(
    blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The second run lists from the index, yet shows a file edited, one added and one deleted
    since the first (the warm path must not trust the index blindly)."""
    first = json.loads(run(capsys, "list", str(blog), "--json", "--sort", "title")[1])
    assert [p["title"] for p in first] == ["Alpha and delegation", "Beta", "Broken", "Gamma"]
    gamma = write(blog, "gamma.md", "---\ntitle: Gamma, rewritten\ndate: 2023-05-01\n---\n"
                  "Short and a bit longer now.\n")  # fmt: skip
    st = gamma.stat()
    os.utime(gamma, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    write(blog, "deeper/delta.md", "---\ntitle: Delta\n---\nNew.\n")
    (blog / "beta.md").unlink()
    status, out, _ = run(capsys, "list", str(blog), "--json", "--sort", "title")
    assert status == 0
    second = json.loads(out)
    assert [p["title"] for p in second] == [
        "Alpha and delegation", "Broken", "Delta", "Gamma, rewritten"
    ]  # fmt: skip
    assert second[2]["path"] == "deeper/delta.md" and second[3]["words"] == 6


@pytest.mark.parametrize(
    ("args", "titles"),
    [
        (["--tag", "python"], ["Alpha and delegation", "Gamma"]),
        (["--category", "Notes"], ["Beta"]),
        (["--status", "draft"], ["Beta"]),
        (["--search", "delegation", "--sort", "title"], ["Alpha and delegation", "Beta"]),
        (["--search", "delegation", "--sort", "date"], ["Beta", "Alpha and delegation"]),
        (["--search", "deleg", "--status", "published"], ["Alpha and delegation"]),
        (["--since", "2024-01-01", "--until", "2024-01-31"], ["Alpha and delegation"]),
        (["--sort", "title", "--tag", "python"], ["Alpha and delegation", "Gamma"]),
        (["--sort", "title", "--reverse", "--tag", "python"], ["Gamma", "Alpha and delegation"]),
        (["--sort", "reading", "--reverse", "--tag", "python"], ["Alpha and delegation", "Gamma"]),
        (["--reverse", "--tag", "python"], ["Gamma", "Alpha and delegation"]),
    ],
)
def test_list_filters_and_sorts(
    blog: Path, capsys: pytest.CaptureFixture[str], args: list[str], titles: list[str]
) -> None:
    status, out, _ = run(capsys, "list", str(blog), "--json", *args)
    assert status == 0
    assert [p["title"] for p in json.loads(out)] == titles


def test_list_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list", str(tmp_path / "nope"))
    assert status == 1 and out == ""
    assert err.startswith("blogdesk: ") and "not a folder" in err and err.count("\n") == 1


def test_list_a_bad_config(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(blog, "blogdesk.toml", "wpm = [\n")
    status, _, err = run(capsys, "list", str(blog))
    assert status == 1 and "blogdesk.toml" in err and err.count("\n") == 1


def test_list_a_bad_date(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["list", str(blog), "--since", "last week"])
    assert exit_info.value.code == 2
    assert "not a date" in capsys.readouterr().err


# -- tags --------------------------------------------------------------------------------------


def test_tags_report(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "tags", str(blog))
    assert status == 0
    assert "Tags (4):" in out
    assert "  2  python" in out
    assert "Categories (2):" in out and "  1  Engineering" in out
    assert "look like the same tag" in out
    assert "Leadership (1), leadership (1)" in out


def test_tags_json(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "tags", str(blog), "--json")
    assert status == 0
    data = json.loads(out)
    assert data["tags"][0] == {"name": "python", "count": 2}
    assert data["categories"] == [
        {"name": "Engineering", "count": 1},
        {"name": "Notes", "count": 1},
    ]
    assert data["near_duplicates"] == [["Leadership", "leadership"]]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_rename_dry_run_then_for_real(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(blog)
    status, out, _ = run(capsys, "tags", str(blog), "--rename", "python", "py", "--dry-run")
    assert status == 0
    assert out.splitlines() == [
        "alpha.md: [Leadership, python] → [Leadership, py]",
        "gamma.md: [python, writing] → [py, writing]",
        "would change 2 files (dry run: nothing written)",
    ]
    assert snapshot(blog) == before
    status, out, _ = run(capsys, "tags", str(blog), "--rename", "python", "py")
    assert status == 0 and out.splitlines()[-1] == "changed 2 files"
    after = snapshot(blog)
    assert after["gamma.md"] == before["gamma.md"].replace(
        b"tags: python writing", b"tags: py writing"
    )
    assert after["beta.md"] == before["beta.md"]


def test_merge_and_remove(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "tags", str(blog), "--merge", "Leadership", "leadership", "--into", "leading"
    )
    assert status == 0
    assert "alpha.md: [Leadership, python] → [leading, python]" in out
    assert "beta.md: [leadership] → [leading]" in out
    status, out, _ = run(capsys, "tags", str(blog), "--remove", "writing")
    assert status == 0
    assert out.splitlines() == ["gamma.md: [python, writing] → [python]", "changed 1 file"]
    status, out, _ = run(capsys, "tags", str(blog), "--json")
    assert json.loads(out)["near_duplicates"] == []


@pytest.mark.parametrize(
    "args",
    [["--merge", "a", "b"], ["--into", "c"], ["--dry-run"], ["--rename", "python", " "]],
)
def test_tags_usage_errors(blog: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    before = snapshot(blog)
    status, _, err = run(capsys, "tags", str(blog), *args)
    assert status == 2 and err.startswith("blogdesk: ")
    assert snapshot(blog) == before
