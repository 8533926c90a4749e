"""`blogdesk install-desktop [--uninstall]`: the menu entry, icons and metainfo, for this user.

Files go under ``$XDG_DATA_HOME`` (``~/.local/share``): ``applications/`` gets the desktop entry
with ``Exec`` pointing at the installed ``blogdesk``; ``icons/hicolor/`` gets the SVG and PNGs
rendered from it at the usual sizes (by Qt, offscreen, at install time); ``metainfo/`` gets the
AppStream file. Each is written atomically, so running it again (after moving a virtual
environment, say) is safe; ``--uninstall`` removes exactly those files and nothing else.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from blogdesk.cli import CommandError
from blogdesk.core.packaged import APP_ID, resource_folder

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Characters that make an Exec argument need quoting (Desktop Entry spec, "The Exec key").
_RESERVED = set(" \t\n\"'\\`$<>~|&;*?#()")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "install-desktop",
        help="add blogdesk to the desktop's application menu (for this user)",
        description="Install, for the current user, blogdesk's desktop entry, its icon (SVG and "
        "PNG at hicolor sizes) and its AppStream metainfo under $XDG_DATA_HOME "
        "(~/.local/share). --uninstall removes exactly those files.",
    )
    parser.add_argument("--uninstall", action="store_true", help="remove the installed files")
    parser.add_argument(
        "--exec",
        dest="program",
        metavar="FILE",
        type=Path,
        help="the blogdesk program the menu entry starts (default: this one)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    data = data_home()
    if args.uninstall:
        removed = uninstall(data)
        for path in removed:
            print(f"removed {path}")
        if not removed:
            print("nothing to remove: blogdesk's desktop files are not installed", file=sys.stderr)
        refresh_caches(data)
        return 0
    program = (args.program or installed_program()).absolute()
    if not (program.is_file() and os.access(program, os.X_OK)):
        raise CommandError(f"not an executable file: {program}")
    for path in install(data, program):
        print(f"installed {path}")
    refresh_caches(data)
    return 0


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or relative (as the spec says)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def installed_program() -> Path:
    """The ``blogdesk`` script that is running (pip, pipx and the Makefile's venv all make one)."""
    launched = Path(sys.argv[0])
    if launched.name == "blogdesk" and launched.is_file():
        return launched
    beside = Path(sys.executable).parent / "blogdesk"
    if beside.is_file():
        return beside
    found = shutil.which("blogdesk")
    if found is None:
        raise CommandError("cannot find the blogdesk program; give it with --exec")
    return Path(found)


def targets(data: Path) -> dict[str, Path]:
    """Every file install-desktop writes, by role: what --uninstall removes."""
    icons = data / "icons" / "hicolor"
    files = {
        "entry": data / "applications" / f"{APP_ID}.desktop",
        "metainfo": data / "metainfo" / f"{APP_ID}.metainfo.xml",
        "svg": icons / "scalable" / "apps" / f"{APP_ID}.svg",
    }
    for size in PNG_SIZES:
        files[f"png{size}"] = icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    return files


def install(data: Path, program: Path) -> list[Path]:
    """Write the entry, metainfo and icons for ``program``; returns the files written."""
    from blogdesk.core.postfile import atomic_write

    resources = resource_folder()
    files = targets(data)
    svg = (resources / "icons" / "blogdesk.svg").read_bytes()
    contents = {
        "entry": desktop_entry(
            (resources / "desktop" / f"{APP_ID}.desktop").read_text("utf-8"), program
        ).encode("utf-8"),
        "metainfo": (resources / "desktop" / f"{APP_ID}.metainfo.xml").read_bytes(),
        "svg": svg,
    }
    for size, png in render_pngs(svg, PNG_SIZES).items():
        contents[f"png{size}"] = png
    for role, path in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, contents[role])
    return list(files.values())


def uninstall(data: Path) -> list[Path]:
    """Remove the files :func:`install` writes (only those); returns the ones that were there."""
    removed = []
    for path in targets(data).values():
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed


def desktop_entry(template: str, program: Path) -> str:
    """The shipped entry with ``Exec`` pointing at ``program`` (``TryExec`` dropped)."""
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            lines.append(f"Exec={exec_argument(str(program))} %F")
        elif not line.startswith("TryExec="):
            lines.append(line)
    return "\n".join(lines) + "\n"


def exec_argument(text: str) -> str:
    """One argument of an Exec line: ``%`` doubled; quoted (with ``"`` ` ``$`` ``\\`` escaped)
    when it holds a reserved character; then every backslash doubled, as the value is a string."""
    text = text.replace("%", "%%")
    if any(char in _RESERVED for char in text):
        for char in ("\\", '"', "`", "$"):
            text = text.replace(char, "\\" + char)
        text = f'"{text}"'
    return text.replace("\\", "\\\\")


def render_pngs(svg: bytes, sizes: tuple[int, ...]) -> dict[int, bytes]:
    """The SVG drawn at each size as PNG bytes, by Qt's SVG renderer on the offscreen platform."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance()
    if app is None:  # no window is shown: the offscreen platform works without a display
        app = QGuiApplication(["blogdesk", "-platform", "offscreen"])
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise CommandError("the packaged icon is not a valid SVG")
    pngs = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes
        pngs[size] = bytes(buffer.data().data())
    return pngs


def refresh_caches(data: Path) -> None:
    """Tell the desktop, when its tools are installed; without them it finds the files anyway."""
    tools = [["update-desktop-database", "-q", str(data / "applications")]]
    hicolor = data / "icons" / "hicolor"
    if (hicolor / "index.theme").is_file():
        tools.append(["gtk-update-icon-cache", "-q", "-t", str(hicolor)])
    for command in tools:
        if shutil.which(command[0]) and Path(command[-1]).is_dir():
            subprocess.run(command, check=False, capture_output=True)
