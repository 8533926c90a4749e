"""`blogdesk install-desktop [--uninstall]`: what lands under the user's data folder, and that the
desktop's own validators accept it."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from blogdesk.commands.install_desktop import PNG_SIZES, exec_argument

REPO = Path(__file__).resolve().parent.parent
APP_ID = "io.github.blogdesk.Blogdesk"


def run_blogdesk(data: Path, *args: str, program: str | None = None) -> subprocess.CompletedProcess:
    """The command in its own process: it starts Qt (offscreen) to draw the PNG icons."""
    env = dict(os.environ, XDG_DATA_HOME=str(data))
    command = [program] if program else [sys.executable, "-m", "blogdesk"]
    return subprocess.run([*command, *args], env=env, capture_output=True, text=True, timeout=120)


def installed_files(data: Path) -> list[Path]:
    icons = data / "icons" / "hicolor"
    return [
        data / "applications" / f"{APP_ID}.desktop",
        data / "metainfo" / f"{APP_ID}.metainfo.xml",
        icons / "scalable" / "apps" / f"{APP_ID}.svg",
        *(icons / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in PNG_SIZES),
    ]


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


@pytest.fixture
def program(tmp_path: Path) -> Path:
    """A blogdesk program in a folder whose name needs quoting in an Exec line."""
    exe = tmp_path / "my venv" / "bin" / "blogdesk"
    exe.parent.mkdir(parents=True)
    exe.write_text("#!/bin/sh\n", encoding="utf-8")
    exe.chmod(0o755)
    return exe


def test_install_writes_the_entry_icons_and_metainfo_and_the_validators_pass(
    tmp_path: Path, program: Path
) -> None:
    """Run twice, it writes the same files; Exec points at the program; every PNG has its size."""
    data = tmp_path / "data"
    contents = []
    for _ in range(2):
        done = run_blogdesk(data, "install-desktop", "--exec", str(program))
        assert done.returncode == 0, done.stderr
        contents.append([path.read_bytes() for path in installed_files(data)])
    assert contents[0] == contents[1]
    entry_file, metainfo, svg, *pngs = installed_files(data)
    assert f"installed {entry_file}" in done.stdout.splitlines()
    lines = entry_file.read_text("utf-8").splitlines()
    assert f'Exec="{program}" %F' in lines
    assert f"Icon={APP_ID}" in lines
    assert svg.read_bytes() == (REPO / "resources" / "icons" / "blogdesk.svg").read_bytes()
    assert [png_size(png) for png in pngs] == [(n, n) for n in PNG_SIZES]
    assert b"example.org" not in metainfo.read_bytes()  # no placeholder URLs
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry_file)], capture_output=True)
        assert check.returncode == 0, check.stdout + check.stderr
        assert b"error" not in check.stdout.lower()
    if shutil.which("appstreamcli"):
        check = subprocess.run(
            ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True
        )
        assert check.returncode == 0, check.stdout + check.stderr


def test_uninstall_removes_exactly_the_installed_files(tmp_path: Path, program: Path) -> None:
    data = tmp_path / "data"
    others = [
        data / "applications" / "other.desktop",
        data / "icons" / "hicolor" / "48x48" / "apps" / "other.png",
        data / "metainfo" / "other.metainfo.xml",
    ]
    for other in others:
        other.parent.mkdir(parents=True, exist_ok=True)
        other.write_text("someone else's\n")
    assert run_blogdesk(data, "install-desktop", "--exec", str(program)).returncode == 0
    done = run_blogdesk(data, "install-desktop", "--uninstall")
    assert done.returncode == 0, done.stderr
    assert [line.split(" ", 1)[1] for line in done.stdout.splitlines()] == [
        str(path) for path in installed_files(data)
    ]
    # mimeinfo.cache is update-desktop-database's index of the folder, rebuilt on each change
    remaining = sorted(p for p in data.rglob("*") if p.is_file() and p.name != "mimeinfo.cache")
    assert remaining == sorted(others)
    again = run_blogdesk(data, "install-desktop", "--uninstall")
    assert again.returncode == 0
    assert "nothing to remove" in again.stderr


def test_by_default_the_entry_starts_the_blogdesk_that_ran_it(tmp_path: Path) -> None:
    """`blogdesk install-desktop` from a venv (or pipx) points the menu at that venv's program."""
    installed = Path(sys.executable).parent / "blogdesk"
    if not installed.is_file():
        pytest.skip("blogdesk's script is not installed beside this Python")
    data = tmp_path / "data"
    done = run_blogdesk(data, "install-desktop", program=str(installed))
    assert done.returncode == 0, done.stderr
    entry = (data / "applications" / f"{APP_ID}.desktop").read_text("utf-8")
    assert f"Exec={exec_argument(str(installed))} %F" in entry.splitlines()


def test_a_program_that_is_not_executable_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = run_blogdesk(data, "install-desktop", "--exec", str(tmp_path / "nope"))
    assert done.returncode == 1
    assert "not an executable file" in done.stderr
    assert not data.exists()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/usr/bin/blogdesk", "/usr/bin/blogdesk"),
        ("/home/a b/blogdesk", '"/home/a b/blogdesk"'),
        ("/opt/100%/blogdesk", "/opt/100%%/blogdesk"),
        ('/x/"q"/$HOME', '"/x/\\\\"q\\\\"/\\\\$HOME"'),
    ],
)
def test_exec_arguments_follow_the_desktop_entry_quoting_rules(path: str, expected: str) -> None:
    assert exec_argument(path) == expected
