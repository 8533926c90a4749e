"""The command line as a shell user meets it: mistyped commands, --verbose/--debug and the log,
shell completion and the man page."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from blogdesk import cli, logs

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _close_log() -> object:
    yield
    logs.teardown()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def app_starts(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Records the app being started instead of starting it."""
    started: list[list[str]] = []
    monkeypatch.setattr(cli, "_run_app", lambda argv, level: started.append(list(argv)) or 0)
    return started


# --- unknown commands -----------------------------------------------------------------------


def test_a_mistyped_command_fails_with_did_you_mean_before_qt_is_imported(tmp_path: Path) -> None:
    """`blogdesk stat post.md` is an error (status 2) and never imports Qt (no display needed)."""
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: A\n---\nWords\n")
    code = (
        "import sys; from blogdesk.cli import main; "
        "status = main(['stat', sys.argv[1]]); "
        "print('qt imported' if 'PySide6' in sys.modules else 'no qt'); sys.exit(status)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(
        [sys.executable, "-c", code, str(post)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout.strip() == "no qt"
    assert done.stderr == (
        "blogdesk: 'stat' is not a command, a file or a folder; did you mean 'stats'?\n"
    )


@pytest.mark.parametrize(
    ("word", "suggestion"),
    [("listt", "list"), ("exprot", "export"), ("completions", "completion")],
)
def test_close_command_names_are_suggested(
    capsys: pytest.CaptureFixture[str],
    app_starts: list,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    word: str,
    suggestion: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, word, "posts")
    assert (status, out, app_starts) == (2, "", [])
    assert f"did you mean {suggestion!r}?" in err


def test_a_mistyped_folder_is_suggested_from_the_names_beside_it(
    capsys: pytest.CaptureFixture[str],
    app_starts: list,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "links-are-favours.md").write_text("x\n")
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "pots")[2] == (
        "blogdesk: 'pots' is not a command, a file or a folder; did you mean 'posts'?\n"
    )
    assert "did you mean 'posts/links-are-favours.md'?" in run(capsys, "posts/link.md")[2]
    status, _, err = run(capsys, "zzzz")
    assert (status, err) == (
        2,
        "blogdesk: 'zzzz' is not a command, a file or a folder (see blogdesk --help)\n",
    )
    assert app_starts == []


def test_an_existing_folder_or_post_opens_the_app_even_when_named_like_a_command(
    capsys: pytest.CaptureFixture[str],
    app_starts: list,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A path wins over "did you mean": `blogdesk stat` opens a folder called stat."""
    (tmp_path / "stat").mkdir()
    (tmp_path / "lists.md").write_text("---\ntitle: Lists\n---\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert run(capsys, "stat")[0] == 0
    assert run(capsys, "lists.md", "-style", "fusion")[0] == 0
    assert run(capsys, "~/stat")[0] == 0  # a quoted tilde: the app expands it
    assert run(capsys)[0] == 0  # no argument: the app, on the last or the sample library
    assert app_starts == [["stat"], ["lists.md", "-style", "fusion"], ["~/stat"], []]


def test_with_no_display_the_app_says_so_instead_of_aborting(tmp_path: Path) -> None:
    """Over SSH, `blogdesk posts` explains itself (status 2) rather than Qt aborting (134)."""
    (tmp_path / "posts").mkdir()
    code = (
        "import sys; from blogdesk.cli import main; status = main(['posts']); "
        "print('qt imported' if 'PySide6' in sys.modules else 'no qt'); sys.exit(status)"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout.strip()) == (2, "no qt")
    assert done.stderr.startswith("blogdesk: no display to open the window on")


def test_a_display_or_a_platform_lets_the_app_start() -> None:
    assert cli.display_problem([], {}) is not None
    assert cli.display_problem([], {"DISPLAY": ":0"}) is None
    assert cli.display_problem([], {"WAYLAND_DISPLAY": "wayland-0"}) is None
    assert cli.display_problem([], {"QT_QPA_PLATFORM": "offscreen"}) is None
    assert cli.display_problem(["-platform", "offscreen"], {}) is None


# --- --verbose, --debug and the log ---------------------------------------------------------


def test_log_flags_are_taken_from_anywhere_before_a_double_dash() -> None:
    assert cli.take_log_flags(["list", "--verbose", "d"]) == (logging.INFO, ["list", "d"])
    assert cli.take_log_flags(["--debug", "x", "--verbose"]) == (logging.DEBUG, ["x"])
    assert cli.take_log_flags(["new", "--", "--debug"]) == (None, ["new", "--", "--debug"])


def test_a_mistyped_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--verbos"], ["--nope"]):
        with pytest.raises(SystemExit) as stop:
            cli.main(argv)
        assert stop.value.code == 2
        assert f"unrecognized arguments: {argv[0]}" in capsys.readouterr().err


def test_the_app_gets_the_log_level_and_the_path(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen = []
    monkeypatch.setattr(cli, "_run_app", lambda argv, level: seen.append((argv, level)) or 0)
    run(capsys, "--debug", str(tmp_path))
    assert seen == [([str(tmp_path)], logging.DEBUG)]


def test_an_internal_error_lands_in_the_log_with_its_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The user sees one line naming the log; the log has the whole traceback."""
    from blogdesk.commands import stats

    def broken(_args: object) -> int:
        raise ZeroDivisionError("provoked for the test")

    monkeypatch.setattr(stats, "run", broken)
    monkeypatch.delenv("BLOGDESK_DEBUG", raising=False)
    post = tmp_path / "a.md"
    post.write_text("x\n")
    status, _, err = run(capsys, "stats", str(post))
    assert status == 2
    log_file = logs.log_path()
    assert str(log_file) in err
    assert str(log_file).startswith(os.environ["XDG_STATE_HOME"])
    text = log_file.read_text("utf-8")
    assert "ERROR blogdesk" in text
    assert "Traceback (most recent call last)" in text
    assert "ZeroDivisionError: provoked for the test" in text


def test_verbose_shows_the_log_on_stderr_and_quiet_does_not(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    post = tmp_path / "a.md"
    post.write_text("x\n")
    assert run(capsys, "stats", str(post))[2] == ""
    status, _, err = run(capsys, "stats", str(post), "--debug")
    assert status == 0
    assert f"blogdesk: DEBUG: command: stats {post}" in err


def test_the_log_rotates_and_keeps_three_old_files(tmp_path: Path) -> None:
    path = logs.setup()
    assert path == logs.log_path()
    for number in range(4000):
        logs.log.info("line %d %s", number, "x" * 1000)
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["blogdesk.log", "blogdesk.log.1", "blogdesk.log.2", "blogdesk.log.3"]
    assert all(p.stat().st_size <= logs.MAX_BYTES for p in path.parent.iterdir())


# --- completion and man page ----------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_name_every_command_and_parse(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, shell: str
) -> None:
    status, out, _ = run(capsys, "completion", shell)
    assert status == 0
    for command in cli.COMMANDS:
        assert command in out
    options = ("-l json", "-l verbose") if shell == "fish" else ("--json", "--verbose")
    assert all(option in out for option in options)
    if shutil.which(shell):  # the shell's own syntax check
        script = tmp_path / f"blogdesk.{shell}"
        script.write_text(out)
        check = subprocess.run([shell, "-n", str(script)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_bash_completion_completes_commands_and_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Sourced into bash, `blogdesk ex<TAB>` offers export and `blogdesk check --j<TAB>` --json."""
    script = tmp_path / "blogdesk.bash"
    script.write_text(run(capsys, "completion", "bash")[1])
    probe = (
        f"source {script}; "
        "COMP_WORDS=(blogdesk ex); COMP_CWORD=1; COMP_LINE='blogdesk ex'; COMP_POINT=11; "
        "_shtab_blogdesk; echo ${COMPREPLY[@]}; "
        "COMP_WORDS=(blogdesk stats --j); COMP_CWORD=2; COMP_LINE='blogdesk stats --j'; "
        "COMP_POINT=18; _shtab_blogdesk; echo ${COMPREPLY[@]}"
    )
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True)
    assert done.stdout.splitlines() == ["export", "--json"], done.stderr


def test_the_man_page_documents_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "manpage")
    assert status == 0
    assert out.startswith('.TH BLOGDESK "1"')
    for command in cli.COMMANDS:
        assert f"blogdesk {command}".replace("-", "\\-") in out
    assert ".SH FILES" in out and "blogdesk.log" in out
    if shutil.which("man"):
        page = subprocess.run(
            ["man", "-l", "-"],
            input=out,
            capture_output=True,
            text=True,
            env=dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="0"),
        )
        assert page.returncode == 0
        assert "install-desktop" in page.stdout
