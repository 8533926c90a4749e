"""The stats, new, meta and check commands: their output, exit status and what lands on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from blogdesk.cli import main
from blogdesk.commands.meta import format_value, parse_value

REPO = Path(__file__).resolve().parent.parent

SAMPLE = """\
---
title: Reading time is a promise
date: 2025-08-19 08:15:00
# shown on the card
category: Publishing
tags: [reading-time, readers]
draft: false
---

# Why it matters

A **reading time** tells the reader what the [post](https://example.com/a/long/url) costs.
Keep it *honest*.

- short posts
- long posts

```python
words = len(text.split())
```
"""
# Counted by hand: the heading, the paragraph's two lines, two list items, the code line
# (`words`, `len(text.split())`; the `=` is no word).
SAMPLE_WORDS = 3 + 10 + 3 + 2 + 2 + 2


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.md"
    path.write_bytes(SAMPLE.encode())
    return path


def changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new), "lines were added or removed"
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


# --- stats --------------------------------------------------------------------------------


def test_stats_prints_one_line_per_file(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    other = sample.with_name("short.md")
    other.write_text("Just one\n")
    status, out, err = run(capsys, "stats", str(sample), str(other))
    assert status == 0
    assert out == (f"{sample}: 1 min read · {SAMPLE_WORDS} words\n{other}: 1 min read · 2 words\n")
    assert err == ""


def test_stats_json(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    status, out, _ = run(capsys, "stats", "--json", "--wpm", "10", str(sample))
    assert status == 0
    [entry] = json.loads(out)
    assert entry["path"] == str(sample)
    assert entry["words"] == SAMPLE_WORDS
    assert entry["minutes"] == 3  # 22 words at 10 a minute
    assert entry["wpm"] == 10
    assert entry["characters"] > entry["characters_no_spaces"] > entry["words"]


def test_stats_reading_speed_from_the_library_config(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "blogdesk.toml").write_text("wpm = 2\n")
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    post = posts / "a.md"
    post.write_text("one two three four five\n")
    assert run(capsys, "stats", str(post))[1] == f"{post}: 3 min read · 5 words\n"
    assert run(capsys, "stats", "--wpm", "5", str(post))[1] == f"{post}: 1 min read · 5 words\n"
    (tmp_path / "content" / ".git").mkdir()  # a repository below the config: not its library
    assert run(capsys, "stats", str(post))[1] == f"{post}: 1 min read · 5 words\n"


def test_stats_reports_a_bad_file_and_counts_the_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sample: Path
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\n")
    missing = tmp_path / "missing.md"
    status, out, err = run(capsys, "stats", str(bad), str(missing), str(sample))
    assert status == 1
    assert out == f"{sample}: 1 min read · {SAMPLE_WORDS} words\n"
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"blogdesk: {bad}:")
    assert lines[1].startswith(f"blogdesk: {missing}: ")
    assert "no such file" in lines[1].lower()


def test_stats_rejects_a_bad_speed(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["stats", "--wpm", "0", str(sample)])
    assert exit_.value.code == 2
    assert "must be more than 0" in capsys.readouterr().err


def test_stats_broken_config_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "blogdesk.toml").write_text('wpm = "fast"\n')
    post = tmp_path / "a.md"
    post.write_text("Text\n")
    status, out, err = run(capsys, "stats", str(post))
    assert (status, out) == (1, "")
    assert err == (
        f"blogdesk: {tmp_path / 'blogdesk.toml'}:1: wpm should be a whole number of words "
        "a minute, not 'fast'\n"
    )


def test_stats_through_a_real_process(sample: Path) -> None:
    """`python -m blogdesk` works as a program: output on stdout, errors as one line."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "blogdesk", "stats", str(sample)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"{sample}: 1 min read · {SAMPLE_WORDS} words\n"
    failed = subprocess.run(
        [sys.executable, "-m", "blogdesk", "meta", str(sample.with_name("nope.md"))],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert failed.returncode == 1
    assert failed.stdout == ""
    assert len(failed.stderr.splitlines()) == 1
    assert "Traceback" not in failed.stderr


# --- new ----------------------------------------------------------------------------------


def test_new_creates_a_draft(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(
        capsys, "new", "My First Post!", "--dir", str(tmp_path), "--date", "2026-03-01"
    )
    path = tmp_path / "my-first-post.md"
    assert (status, out, err) == (0, f"{path}\n", "")
    from blogdesk.core.postfile import load_post

    post = load_post(path)
    assert post.metadata == {
        "title": "My First Post!",
        "date": date(2026, 3, 1),
        "tags": [],
        "draft": True,
    }
    assert path.read_bytes().startswith(b"---\ntitle: My First Post!\ndate: 2026-03-01\n")
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_new_never_overwrites(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    existing = tmp_path / "hello.md"
    existing.write_bytes(b"precious\n")
    status, out, err = run(capsys, "new", "Hello", "--dir", str(tmp_path))
    assert (status, out) == (1, "")
    assert err == f"blogdesk: {existing} already exists; not overwritten\n"
    assert existing.read_bytes() == b"precious\n"


@pytest.mark.parametrize(
    ("pattern", "name"),
    [
        ("{date}-{slug}.md", "2024-02-09-jekyll-style.md"),
        ("{year}/{month}/{day}-{slug}.markdown", "2024/02/09-jekyll-style.markdown"),
    ],
)
def test_new_names_the_file_by_the_library_pattern(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pattern: str, name: str
) -> None:
    (tmp_path / "blogdesk.toml").write_text(f'file_pattern = "{pattern}"\n')
    status, out, _ = run(
        capsys, "new", "Jekyll style", "--dir", str(tmp_path), "--date", "2024-02-09"
    )
    assert (status, out) == (0, f"{tmp_path / name}\n")
    assert (tmp_path / name).is_file()


def test_new_from_a_site_root_goes_to_its_posts_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "blogdesk.toml").write_text('posts_dir = "_posts"\n')
    (tmp_path / "_posts").mkdir()
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(capsys, "new", "Today")
    made = Path(out.strip())
    assert status == 0
    assert out == f"{Path('_posts', 'today.md')}\n"  # relative to where the command ran
    assert made.parent.resolve() == (tmp_path / "_posts").resolve()
    assert made.name == "today.md"
    assert f"date: {date.today().isoformat()}" in made.read_text()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["new", "!!!"], "cannot make a file name from the title '!!!'"),
        (["new", "   "], "the title is empty"),
        (["new", "Fine", "--dir", "/no/such/folder"], "no such folder: /no/such/folder"),
    ],
)
def test_new_errors(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    status, out, err = run(capsys, *argv)
    assert (status, out, err) == (2, "", f"blogdesk: {message}\n")


def test_new_rejects_a_bad_date(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["new", "X", "--dir", str(tmp_path), "--date", "01/02/2024"])
    assert exit_.value.code == 2
    assert "not a date in the form YYYY-MM-DD" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- meta ---------------------------------------------------------------------------------


def test_meta_prints_fields_in_file_order(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    status, out, _ = run(capsys, "meta", str(sample))
    assert status == 0
    assert out == (
        "title: Reading time is a promise\n"
        "date: 2025-08-19 08:15:00\n"
        "category: Publishing\n"
        "tags: [reading-time, readers]\n"
        "draft: false\n"
    )


def test_meta_json_has_iso_dates(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    status, out, _ = run(capsys, "meta", "--json", str(sample))
    assert status == 0
    assert json.loads(out) == {
        "title": "Reading time is a promise",
        "date": "2025-08-19T08:15:00",
        "category": "Publishing",
        "tags": ["reading-time", "readers"],
        "draft": False,
    }
    assert list(json.loads(out)) == ["title", "date", "category", "tags", "draft"]


def test_meta_set_changes_only_that_line(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    before = sample.read_bytes()
    status, out, _ = run(capsys, "meta", str(sample), "--set", "title=Hello: world")
    assert (status, out) == (0, "title: changed\n")
    after = sample.read_bytes()
    [(old, new)] = changed_lines(before, after)
    assert old == b"title: Reading time is a promise\n"
    assert new.startswith(b"title: ")
    assert run(capsys, "meta", "--json", str(sample))[1].count('"Hello: world"') == 1


def test_meta_set_list_and_boolean(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    before = sample.read_bytes()
    status, out, _ = run(capsys, "meta", str(sample), "--set", "tags=[a, b]", "--set", "draft=true")
    assert (status, out) == (0, "tags: changed\ndraft: changed\n")
    assert changed_lines(before, sample.read_bytes()) == [
        (b"tags: [reading-time, readers]\n", b"tags: [a, b]\n"),
        (b"draft: false\n", b"draft: true\n"),
    ]


def test_meta_same_value_writes_nothing(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    stamp = 1_000_000_000
    os.utime(sample, ns=(stamp, stamp))
    before = sample.read_bytes()
    status, out, _ = run(
        capsys,
        "meta",
        str(sample),
        "--set",
        "draft=false",
        "--set",
        "tags=[reading-time, readers]",
        "--set",
        "date=2025-08-19 08:15:00",
    )
    assert (status, out) == (0, "no change\n")
    assert sample.read_bytes() == before
    assert sample.stat().st_mtime_ns == stamp


def test_meta_unset_and_add(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    before = SAMPLE.encode()
    status, out, _ = run(capsys, "meta", str(sample), "--unset", "category", "--unset", "nope")
    assert (status, out) == (0, "category: removed\n")
    assert sample.read_bytes() == before.replace(b"category: Publishing\n", b"")
    status, out, _ = run(capsys, "meta", str(sample), "--set", "summary=Short and true.")
    assert (status, out) == (0, "summary: added\n")
    assert run(capsys, "meta", str(sample))[1].endswith("summary: Short and true.\n")
    assert sample.read_bytes().split(b"---\n")[2] == before.split(b"---\n")[2]  # body untouched


def test_meta_without_front_matter(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_bytes(b"Just a body\n")
    assert run(capsys, "meta", str(path)) == (0, "", f"blogdesk: {path}: no front matter\n")
    assert run(capsys, "meta", "--json", str(path)) == (0, "{}\n", "")
    assert run(capsys, "meta", str(path), "--set", "title=Hi") == (0, "title: added\n", "")
    assert path.read_bytes() == b"---\ntitle: Hi\n---\nJust a body\n"


def test_meta_edits_toml_front_matter(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "hugo.md"
    path.write_bytes(b'+++\ntitle = "T"  # kept\ndraft = false\n+++\nBody\n')
    assert run(capsys, "meta", str(path), "--set", "draft=true")[:2] == (0, "draft: changed\n")
    assert path.read_bytes() == b'+++\ntitle = "T"  # kept\ndraft = true\n+++\nBody\n'


def test_meta_keeps_crlf_line_endings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(SAMPLE.replace("\n", "\r\n").encode())
    before = path.read_bytes()
    assert run(capsys, "meta", str(path), "--set", "draft=true")[0] == 0
    assert changed_lines(before, path.read_bytes()) == [(b"draft: false\r\n", b"draft: true\r\n")]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--set", "novalue"], "--set needs KEY=VALUE, not 'novalue'"),
        (["--set", "=x"], "--set needs KEY=VALUE, not '=x'"),
        (["--set", "a=1", "--unset", "a"], "'a' is both set and unset"),
        (["--set", "a=1", "--set", "a=2"], "'a' is set twice"),
    ],
)
def test_meta_usage_errors(
    capsys: pytest.CaptureFixture[str], sample: Path, argv: list[str], message: str
) -> None:
    before = sample.read_bytes()
    assert run(capsys, "meta", str(sample), *argv) == (2, "", f"blogdesk: {message}\n")
    assert sample.read_bytes() == before


def test_meta_invalid_front_matter_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(b"---\ntitle: ok\ntags: [a\n---\nbody\n")
    status, out, err = run(capsys, "meta", str(path), "--set", "title=x")
    assert (status, out) == (1, "")
    assert err.startswith(f"blogdesk: {path}:") and err.count("\n") == 1
    assert path.read_bytes() == b"---\ntitle: ok\ntags: [a\n---\nbody\n"


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("true", True),
        ("false", False),
        ("3", 3),
        ("2.5", 2.5),
        ("[a, b]", ["a", "b"]),
        ("{name: Jo}", {"name": "Jo"}),
        ("2024-05-01", date(2024, 5, 1)),
        ("2024-05-01 10:30:00", datetime(2024, 5, 1, 10, 30)),
        ("Hello: world", "Hello: world"),
        ("a: b: c", "a: b: c"),
        ("[a, b", "[a, b"),
        ("C# # not a comment", "C# # not a comment"),
        ("'quoted: yes'", "quoted: yes"),
        ("yes", "yes"),
        ("null", None),
        ("---", "---"),
        ("", ""),
        ("  spaced  ", "spaced"),
    ],
)
def test_parse_value(raw: str, value: object) -> None:
    parsed = parse_value(raw)
    assert parsed == value
    assert type(parsed) is type(value)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "null"),
        (True, "true"),
        (date(2024, 5, 1), "2024-05-01"),
        (datetime(2024, 5, 1, 10, 30), "2024-05-01 10:30:00"),
        (["a", 1, False], "[a, 1, false]"),
        ({"name": "Jo", "url": None}, "{name: Jo, url: null}"),
        ("two\nlines", '"two\\nlines"'),
    ],
)
def test_format_value(value: object, shown: str) -> None:
    assert format_value(value) == shown


# --- check --------------------------------------------------------------------------------


def make_library(root: Path) -> None:
    files: dict[str, bytes] = {
        "good.md": SAMPLE.encode(),
        "bad-yaml.md": b"---\ntitle: ok\ntags: [a\n---\nbody\n",
        "latin1.md": b"---\ntitle: caf\xe9\n---\n",
        "binary.md": b"PNG\x00\x01\x02",
        "plain.md": b"no front matter\n",
        "sub/fields.markdown": b'---\ndate: someday\ntags: {a: 1}\ndraft: "false"\n---\nText\n',
        "sub/deeper/fine.mkd": b"---\ntitle: Fine\ndate: 2024-01-01\ntags: a b\n---\n",
        "toml.md": b'+++\ntitle = "t"\ntags = 3\n+++\nx\n',
        ".hidden/skipped.md": b"---\n[\n",
        "_site/skipped.md": b"---\n[\n",
        "public/skipped.md": b"---\n[\n",
        "node_modules/pkg/README.md": b"---\n[\n",
        ".swap.md": b"---\n[\n",
        "notes.txt": b"---\n[\n",
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_check_reports_each_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    make_library(tmp_path)
    status, out, err = run(capsys, "check", str(tmp_path))
    assert status == 1
    lines = out.splitlines()
    by_file: dict[str, list[str]] = {}
    for line in lines:
        by_file.setdefault(line.split(":", 1)[0], []).append(line)
    assert sorted(by_file) == [
        "bad-yaml.md",
        "binary.md",
        "latin1.md",
        "plain.md",
        str(Path("sub/fields.markdown")),
        "toml.md",
    ]
    assert by_file["bad-yaml.md"][0].startswith("bad-yaml.md:")
    assert "YAML" in by_file["bad-yaml.md"][0]
    assert by_file["latin1.md"][0].startswith("latin1.md:2: ")
    assert "UTF-8" in by_file["latin1.md"][0]
    assert by_file["binary.md"][0].startswith("binary.md:1: ")
    assert by_file["plain.md"] == ["plain.md:1: no front matter (so no title, date or tags)"]
    fields = str(Path("sub/fields.markdown"))
    assert by_file[fields] == [
        f"{fields}:1: missing title",
        f"{fields}:2: date: 'someday' is not a date (YYYY-MM-DD)",
        f"{fields}:3: tags should be a list or a string, not a mapping",
        f"{fields}:4: draft should be true or false, not 'false' "
        "(some generators read any text as true)",
    ]
    assert by_file["toml.md"] == ["toml.md:3: tags should be a list or a string, not a number (3)"]
    assert err == "8 posts checked, 9 problems\n"


def test_check_all_fine(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(SAMPLE.encode())
    assert run(capsys, "check", str(tmp_path)) == (0, "", "1 post checked, 0 problems\n")


def test_check_one_file_and_a_missing_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    post = tmp_path / "untitled.md"
    post.write_bytes(b"---\ndate: 2024-01-01\n---\nText\n")
    assert run(capsys, "check", str(post)) == (
        1,
        "untitled.md:1: missing title\n",
        "1 post checked, 1 problem\n",
    )
    missing = tmp_path / "nope"
    expected = f"blogdesk: no such file or folder: {missing}\n"
    assert run(capsys, "check", str(missing)) == (2, "", expected)


def test_check_the_sample_library(capsys: pytest.CaptureFixture[str], sample_posts: Path) -> None:
    """The posts that ship with blogdesk are clean."""
    if not sample_posts.is_dir():
        pytest.skip("no sample library")
    status, out, err = run(capsys, "check", str(sample_posts))
    assert (status, out) == (0, "")
    assert err.endswith(" checked, 0 problems\n")
