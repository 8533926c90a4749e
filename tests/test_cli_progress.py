"""Progress on stderr while a command reads a big library or exports it: a bar on a terminal,
nothing at all when stderr is a pipe or a file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from blogdesk.cli import main
from blogdesk.commands.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def make_library(folder: Path, count: int) -> Path:
    folder.mkdir()
    for number in range(count):
        day = number % 28 + 1
        (folder / f"post-{number:03}.md").write_text(
            f"---\ntitle: Post {number}\ndate: 2025-01-{day:02}\n---\n\nWords {number}.\n"
        )
    return folder


def test_the_bar_draws_on_a_terminal_with_its_label_and_ends_its_line() -> None:
    terminal = Terminal()
    bar = ProgressBar(terminal, width=4, interval=0)
    bar(1, 4, "reading")
    bar(4, 4, "indexing")
    bar.close()
    assert terminal.getvalue() == ("\r[#   ] 1/4 reading\x1b[K\r[####] 4/4 indexing\x1b[K\n")


def test_redraws_are_limited_but_the_last_step_always_shows() -> None:
    terminal = Terminal()
    bar = ProgressBar(terminal, width=4, interval=60)
    for done in range(1, 101):
        bar(done, 100)
    assert terminal.getvalue().count("\r") == 2  # the first and the last
    assert terminal.getvalue().endswith("100/100")


@pytest.mark.parametrize("command", ["list", "export"])
def test_commands_show_progress_on_a_terminal_only(
    command: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`list` shows the library being read; `export` the posts being written. Piped: silent."""
    library = make_library(tmp_path / "blog", 30)
    argv = [command, str(library)] + (["-o", str(tmp_path / "site")] if command == "export" else [])
    assert main(argv) == 0
    assert "\r" not in capsys.readouterr().err  # pytest's stderr is no terminal

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    argv[1] = str(make_library(tmp_path / "blog2", 30))  # a new library: read from scratch
    if command == "export":
        argv[3] = str(tmp_path / "site2")
    assert main(argv) == 0
    drawn = terminal.getvalue()
    assert drawn.startswith("\r[")
    assert "] 30/30" in drawn
    assert drawn.endswith("\n")  # the bar's line is ended before anything else is printed
