"""The library commands against a hostile folder (issue 12): an alias bomb, a FIFO, a link to a
file outside the library, deeply nested JSON, a file name that is not UTF-8, dangling links and
link loops, a bad time-zone offset. Each gives a message naming the file, ends, and leaves the
other posts listed, checked and exported.

Commands that used to hang run in a child process with a timeout, so a hang fails the test
instead of blocking the suite; the child also measures its CPU time and peak memory."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from blogdesk.cli import main

FINE = "---\ntitle: A fine post\ntags: [kept]\n---\nThese words are fine.\n"
SECRET = "SECRET-MARKER root:x:0:0"

# Run blogdesk.cli.main in a child; write its exit status, CPU seconds and peak memory. The peak
# is VmHWM (this program's own high-water mark): ru_maxrss would also count the pytest process
# the child was forked from, since Linux keeps it across exec.
_CHILD = """
import json, os, resource, sys
from blogdesk.cli import main
before = resource.getrusage(resource.RUSAGE_SELF)
status = main(sys.argv[1:])
after = resource.getrusage(resource.RUSAGE_SELF)
with open("/proc/self/status", encoding="ascii") as f:
    peak_kb = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
sys.stdout.flush()
with open(os.environ["BLOGDESK_TEST_USAGE"], "w") as f:
    json.dump({
        "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        "peak_mb": peak_kb / 1024,
    }, f)
sys.exit(status)
"""


@dataclass
class Ran:
    status: int
    out: str
    err: str
    cpu: float
    peak_mb: float


def run_child(tmp_path: Path, *argv: str, timeout: float = 60) -> Ran:
    """``blogdesk ARGV`` in a child process; a hang fails after ``timeout`` seconds."""
    usage = tmp_path / "usage.json"
    env = {**os.environ, "BLOGDESK_TEST_USAGE": str(usage)}
    env["XDG_CACHE_HOME"] = str(tmp_path / "child-cache")
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        errors="backslashreplace",
    )
    measured = json.loads(usage.read_text("utf-8"))
    return Ran(done.returncode, done.stdout, done.stderr, measured["cpu"], measured["peak_mb"])


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def alias_bomb() -> str:
    """Nine levels of nine anchors ending ``tags: *i``: 9**9 values once expanded."""
    lines = ["---", "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
    names = "abcdefghi"
    for previous, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join([*lines, "tags: *i", "---", "Laughing.", ""])


@pytest.fixture
def bomb_blog(tmp_path: Path) -> Path:
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "bomb.md").write_text(alias_bomb(), encoding="utf-8")
    (blog / "fine.md").write_text(FINE, encoding="utf-8")
    return blog


# -- the alias bomb (item 2) -------------------------------------------------------------------


def test_the_bomb_is_small() -> None:
    assert len(alias_bomb().encode()) < 400


@pytest.mark.parametrize("command", ["meta", "stats", "check"])
def test_alias_bomb_file_is_refused_fast_and_small(
    tmp_path: Path, bomb_blog: Path, command: str
) -> None:
    """meta, stats and check on the file reached 4 GB and were still growing after 60 s."""
    ran = run_child(tmp_path, command, str(bomb_blog / "bomb.md"))
    assert ran.status == 1
    said = ran.out + ran.err
    assert "bomb.md" in said and "expands to more than 100,000 values" in said
    assert ran.cpu < 1.0, ran
    assert ran.peak_mb < 100, ran


@pytest.mark.parametrize("command", ["list", "check", "tags", "export"])
def test_alias_bomb_in_a_folder_is_one_error_and_the_rest_goes_on(
    tmp_path: Path, bomb_blog: Path, command: str
) -> None:
    """list, check, tags and export on the folder hung; now bomb.md is named and fine.md kept."""
    argv = [command, str(bomb_blog)]
    if command == "export":
        argv += ["-o", str(tmp_path / "site")]
    if command == "list":
        argv += ["--json"]  # the table clips the message; JSON has it whole
    ran = run_child(tmp_path, *argv)
    said = ran.out + ran.err
    assert "bomb.md" in said and "expands to more than 100,000 values" in said, said
    assert ran.cpu < 1.0, ran
    assert ran.peak_mb < 100, ran
    if command == "list":
        rows = {row["path"]: row for row in json.loads(ran.out)}
        assert rows["fine.md"]["title"] == "A fine post" and rows["fine.md"]["error"] is None
        assert "expands to more than 100,000 values" in rows["bomb.md"]["error"]
    elif command == "tags":
        assert "kept" in ran.out
    elif command == "check":
        assert "2 posts checked, 1 problem" in ran.err
    else:
        pages = [p.read_text("utf-8") for p in (tmp_path / "site").rglob("*.html")]
        assert any("These words are fine." in page for page in pages)


# -- a FIFO named x.md (item 5) ----------------------------------------------------------------


@pytest.fixture
def fifo_blog(tmp_path: Path) -> Path:
    blog = tmp_path / "blog"
    blog.mkdir()
    os.mkfifo(blog / "x.md")
    (blog / "fine.md").write_text(FINE, encoding="utf-8")
    return blog


@pytest.mark.parametrize(
    "argv", [["check", "{blog}"], ["export", "{blog}"], ["list", "{blog}"], ["tags", "{blog}"],
             ["stats", "{blog}/x.md"], ["meta", "{blog}/x.md"], ["check", "{blog}/x.md"]],
)  # fmt: skip
def test_a_fifo_never_hangs_a_command(tmp_path: Path, fifo_blog: Path, argv: list[str]) -> None:
    """Opening a FIFO for reading waits for a writer; the type is checked before opening."""
    args = [a.format(blog=fifo_blog) for a in argv]
    if args[0] == "export":
        args += ["-o", str(tmp_path / "site")]
    ran = run_child(tmp_path, *args, timeout=30)
    said = ran.out + ran.err
    if args[0] == "export":  # export reads only what the walk found: the FIFO is not a post
        assert ran.status == 0, said
        assert "These words are fine." in "".join(
            p.read_text("utf-8") for p in (tmp_path / "site").rglob("*.html")
        )
    else:
        assert "x.md" in said and "named pipe (FIFO)" in said, said


# -- a link to a file outside the library (item 4) ----------------------------------------------


@pytest.fixture
def leaky_blog(tmp_path: Path) -> Path:
    secret = tmp_path / "private" / "passwords.txt"
    secret.parent.mkdir()
    secret.write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n", encoding="utf-8")
    blog = tmp_path / "blog"
    blog.mkdir()
    os.symlink(secret, blog / "leak.md")
    os.symlink(secret.parent, blog / "private-notes")  # a linked folder out of the library
    (blog / "fine.md").write_text(FINE, encoding="utf-8")
    return blog


def test_a_link_out_of_the_library_is_not_published(tmp_path: Path, leaky_blog: Path) -> None:
    """`ln -s /etc/passwd posts/leak.md` put the file in the page, the index and the feed."""
    out = tmp_path / "site"
    ran = run_child(tmp_path, "export", str(leaky_blog), "-o", str(out))
    assert ran.status == 0, ran.err
    written = [p for p in out.rglob("*") if p.is_file()]
    assert written, "nothing exported"
    for page in written:
        assert SECRET not in page.read_bytes().decode("utf-8", "replace"), page
    assert "These words are fine." in (out / "posts/a-fine-post/index.html").read_text("utf-8")


def test_a_link_out_of_the_library_is_not_listed_or_read(
    capsys: pytest.CaptureFixture[str], leaky_blog: Path
) -> None:
    status, out, err = run(capsys, "list", str(leaky_blog))
    assert status == 0 and SECRET not in out + err
    assert "A fine post" in out
    assert "leak.md: left out: a symbolic link to a file outside the library; not read" in err
    status, out, err = run(capsys, "check", str(leaky_blog))
    assert status == 1 and SECRET not in out + err
    assert "leak.md:1: a symbolic link to a file outside the library; not read" in out
    for command in ("meta", "stats"):
        status, out, err = run(capsys, command, str(leaky_blog / "leak.md"))
        assert status == 1 and SECRET not in out + err
        assert "leak.md: a symbolic link to a file outside the library" in err


# -- one bad file never kills a library command (item 5) ----------------------------------------


def test_json_nested_100k_deep_is_one_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A RecursionError from postfile._analyze used to end the whole scan."""
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "deep.md").write_text('{"title": "x", "tags": ' + "[" * 100_000 + "\n", "utf-8")
    (blog / "fine.md").write_text(FINE, encoding="utf-8")
    status, out, err = run(capsys, "list", str(blog), "--json")
    assert status == 0, err
    rows = {row["path"]: row for row in json.loads(out)}
    assert rows["fine.md"]["title"] == "A fine post"
    assert rows["deep.md"]["error"] == (
        "line 1: invalid JSON front matter: nested deeper than 100 levels"
    )
    status, out, _ = run(capsys, "check", str(blog))
    assert status == 1
    assert "deep.md:1: invalid JSON front matter: nested deeper than 100 levels" in out
    status, _, err = run(capsys, "export", str(blog), "-o", str(tmp_path / "site"))
    assert "deep.md" in err
    assert (tmp_path / "site/posts/a-fine-post/index.html").is_file()


def test_a_file_name_that_is_not_utf8_is_reported_not_a_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`library._store_rows` raised UnicodeEncodeError for b'caf\\xe9.md'."""
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "fine.md").write_text(FINE, encoding="utf-8")
    odd = os.path.join(os.fsencode(blog), b"caf\xe9.md")
    with open(odd, "w", encoding="utf-8") as handle:
        handle.write("No front matter here.\n")
    status, out, err = run(capsys, "list", str(blog))
    assert status == 0
    assert "A fine post" in out
    assert "caf\\xe9.md: left out: the file name is not valid UTF-8; rename it to list it" in err
    status, out, _ = run(capsys, "check", str(blog))
    assert "caf\\xe9.md:1: no front matter (so no title, date or tags)" in out
    assert run(capsys, "tags", str(blog))[0] == 0


# -- check FILE says what it is (item 14) --------------------------------------------------------


def test_check_names_a_dangling_link_and_a_link_loop(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    os.symlink(tmp_path / "gone.md", tmp_path / "dangling.md")
    os.symlink(tmp_path / "loop.md", tmp_path / "loop.md")
    status, out, _ = run(capsys, "check", str(tmp_path / "dangling.md"))
    assert status == 1
    assert out == f"dangling.md:1: a dangling symbolic link (to {tmp_path / 'gone.md'}, which " \
        "does not exist)\n"  # fmt: skip
    status, out, _ = run(capsys, "check", str(tmp_path / "loop.md"))
    assert status == 1
    assert out == "loop.md:1: a symbolic link loop (the link leads back to itself)\n"


def test_an_offset_of_25_hours_is_a_plain_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "late.md"
    path.write_text("---\ntitle: Late\ndate: 2024-01-01T10:00:00+25:00\n---\nx\n", "utf-8")
    expected = (
        "invalid YAML front matter: '2024-01-01T10:00:00+25:00' has the time-zone offset "
        "+25:00, out of range (offsets run from -23:59 to +23:59)"
    )
    status, out, _ = run(capsys, "check", str(path))
    assert status == 1 and out == f"late.md:3: {expected}\n"
    status, _, err = run(capsys, "meta", str(path))
    assert status == 1 and err == f"blogdesk: {path}:3: {expected}\n"
    assert "timedelta" not in out + err


# -- tags --rename (item 11) ---------------------------------------------------------------------


def test_rename_keeps_a_comment_on_a_list_item(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "p.md"
    path.write_text("---\ntitle: P\ntags:\n  - a   # keep\n  - b\n---\nBody\n", "utf-8")
    status, out, _ = run(capsys, "tags", str(tmp_path), "--rename", "a", "z")
    assert status == 0 and out.splitlines()[-1] == "changed 1 file"
    assert path.read_text("utf-8") == "---\ntitle: P\ntags:\n  - z   # keep\n  - b\n---\nBody\n"


def test_rename_names_the_posts_it_could_not_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Posts with CR-only line endings or duplicate keys were skipped with no message."""
    (tmp_path / "cr.md").write_bytes(b"---\rtitle: CR\rtags: [a]\r---\rBody\r")
    (tmp_path / "dup.md").write_text("---\ntitle: D\ntags: [a]\ntitle: E\n---\nx\n", "utf-8")
    (tmp_path / "ok.md").write_text("---\ntitle: OK\ntags: [a]\n---\nx\n", "utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    status, out, err = run(capsys, "tags", str(tmp_path), "--rename", "a", "z")
    assert status == 0 and "ok.md: [a] → [z]" in out
    assert "blogdesk: cr.md: not changed: line 1: the front matter has old Mac line endings" in err
    duplicate = 'line 4: invalid YAML front matter: found duplicate key "title"'
    assert f"blogdesk: dup.md: not changed: {duplicate}" in err
    assert (tmp_path / "cr.md").read_bytes() == before["cr.md"]
    assert (tmp_path / "dup.md").read_bytes() == before["dup.md"]


def test_meta_set_takes_an_alias_bomb_as_plain_text(tmp_path: Path) -> None:
    """A value typed after --set is read as YAML with the same alias limit."""
    path = tmp_path / "p.md"
    path.write_text("---\ntitle: P\n---\nBody\n", "utf-8")
    mapping = alias_bomb().split("---\n")[1].strip().split("\n")  # the front matter's lines
    value = "{" + ", ".join(mapping) + "}"
    ran = run_child(tmp_path, "meta", str(path), "--set", f"summary={value}", timeout=30)
    assert ran.status == 0, ran.err
    assert ran.cpu < 1.0 and ran.peak_mb < 100, ran
    assert "&i [*h,*h" in path.read_text("utf-8")  # kept as the text typed


def test_a_post_that_trips_check_or_a_tag_edit_is_one_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever goes wrong inside one post stays with that post (here forced, standing for a
    bug no fixture has found yet): the others are checked and edited."""
    from blogdesk.commands import check
    from blogdesk.core import library_tags

    (tmp_path / "odd.md").write_text("---\ntitle: Odd\ntags: [a, odd]\n---\nx\n", "utf-8")
    (tmp_path / "ok.md").write_text("---\ntitle: OK\ntags: [a]\n---\nx\n", "utf-8")
    real_problems, real_styled = check._field_problems, library_tags.styled_value

    def tripping_problems(meta: dict, header: object) -> object:
        if meta.get("title") == "Odd":
            raise RecursionError("too deep")
        return real_problems(meta, header)  # type: ignore[arg-type]

    def tripping_styled(original: object, after: object) -> object:
        if "odd" in list(original):  # type: ignore[call-overload]
            raise ValueError("no style for this")
        return real_styled(original, after)  # type: ignore[arg-type]

    monkeypatch.setattr(check, "_field_problems", tripping_problems)
    monkeypatch.setattr(library_tags, "styled_value", tripping_styled)
    status, out, err = run(capsys, "check", str(tmp_path))
    assert out == "odd.md:1: could not check this post (RecursionError: too deep)\n"
    assert err == "2 posts checked, 1 problem\n"
    status, out, err = run(capsys, "tags", str(tmp_path), "--rename", "a", "b")
    assert status == 1 and "ok.md: [a] → [b]" in out
    assert "odd.md: skipped: could not edit its tags (ValueError: no style for this)" in err
