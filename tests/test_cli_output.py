"""The commands' JSON (compact when piped, indented at a terminal) and what a command imports."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from blogdesk.cli import main
from blogdesk.commands.jsonout import write_json


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_json_is_one_compact_line_when_piped_and_indented_at_a_terminal() -> None:
    value = {"title": "Café notes", "tags": ["a", "b"]}
    piped, terminal = io.StringIO(), Terminal()
    write_json(value, piped, ensure_ascii=False)
    write_json(value, terminal, ensure_ascii=False)
    assert piped.getvalue() == '{"title": "Café notes", "tags": ["a", "b"]}\n'
    assert terminal.getvalue() == (
        '{\n  "title": "Café notes",\n  "tags": [\n    "a",\n    "b"\n  ]\n}\n'
    )
    assert json.loads(piped.getvalue()) == json.loads(terminal.getvalue()) == value


def test_list_json_piped_is_one_line_with_every_post_and_its_path_below_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blog = tmp_path / "blog"
    for year, name in (("2024", "first"), ("2025/spring", "second")):
        folder = blog / year
        folder.mkdir(parents=True)
        (folder / f"{name}.md").write_text(f"---\ntitle: {name}\ndate: {year[:4]}-03-01\n---\nHi\n")
    assert main(["list", str(blog), "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # piped (captured): compact
    posts = json.loads(out)
    assert [(p["title"], p["path"]) for p in posts] == [
        ("second", "2025/spring/second.md"),
        ("first", "2024/first.md"),
    ]


def test_help_says_how_json_is_written(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "one compact line when piped" in " ".join(capsys.readouterr().out.split())


def _imported(tmp_path: Path, *argv: str) -> set[str]:
    """The modules a fresh ``blogdesk ARGV`` has imported when it finishes."""
    code = (
        "import sys, json; from blogdesk.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code, *argv], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    return set(json.loads(done.stderr.rpartition("MODULES ")[2]))


HEAVY = ("PySide6", "markdown", "ruamel", "blogdesk.core.render", "blogdesk.core.export")


def test_help_imports_no_library_no_log_and_no_qt(tmp_path: Path) -> None:
    """`blogdesk --help` builds every command's parser and nothing else."""
    modules = _imported(tmp_path, "--help")
    assert "blogdesk.commands.list" in modules  # it did build the parsers
    unwanted = ("blogdesk.core.library", "blogdesk.core.config", "logging", "difflib", *HEAVY)
    assert [m for m in modules if m.startswith(unwanted)] == []


@pytest.mark.parametrize("command", ["list", "tags", "check"])
def test_library_commands_import_no_renderer_and_no_qt(tmp_path: Path, command: str) -> None:
    """No Qt, no Markdown, no export; only `check` reads YAML losslessly (ruamel: line numbers)."""
    heavy = tuple(name for name in HEAVY if not (command == "check" and name == "ruamel"))
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "post.md").write_text("---\ntitle: A post\ntags: [x]\n---\nWords.\n")
    modules = _imported(tmp_path, command, str(blog), "--json")
    assert f"blogdesk.commands.{command}" in modules
    assert [m for m in modules if m.startswith(heavy)] == []
    assert "blogdesk.commands.export" not in modules  # only the command's own module
