"""Screenshots of the app on the sample library, for the README: run it, then look at them.

Writes docs/images/window-light.png, window-dark.png, post-panel.png and reader.png (when the
reader view exists), and git-marks.png, publish-dialog.png and git-conflict.png (the git
feature, on a throwaway repository with a bare remote and two clones made in the temporary
folder: no network). Runs itself under Xvfb when there is no display. The sample library is
copied to a temporary folder and the settings, caches and journal go there too, so neither the
repository nor the user's own settings change.

    .venv/bin/python scripts/screenshots.py [--post SLUG] [--out docs/images] [--size 1600x1000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

DEFAULT_POST = "structuring-a-technical-tutorial"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--post", default=DEFAULT_POST, help="file name (without .md) to show")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images")
    parser.add_argument("--posts", type=Path, default=REPO / "posts")
    parser.add_argument("--size", default="1600x1000")
    return parser.parse_args()


def under_xvfb() -> int | None:
    """Run this script again inside xvfb-run when there is no display; None to go on here."""
    if os.environ.get("DISPLAY") or os.environ.get("BLOGDESK_SCREENSHOTS_CHILD"):
        return None
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return None
    env = {**os.environ, "BLOGDESK_SCREENSHOTS_CHILD": "1", "QT_QPA_PLATFORM": "xcb"}
    command = [xvfb, "-a", "-s", "-screen 0 1920x1200x24", sys.executable, *sys.argv]
    return subprocess.call(command, env=env)


def isolate(home: Path) -> None:
    for var in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        folder = home / var.lower()
        folder.mkdir(parents=True, exist_ok=True)
        os.environ[var] = str(folder)
    os.environ.setdefault("QT_LOGGING_RULES", "qt.webenginecontext.debug=false;*.warning=false")


class Shooter:
    """Drives the app and saves pictures of its parts."""

    def __init__(self, out: Path) -> None:
        from PySide6.QtWidgets import QApplication

        self.out = out
        self.app = QApplication.instance()
        out.mkdir(parents=True, exist_ok=True)

    def wait(self, ms: int) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait_signal(self, signal: object, timeout_ms: int) -> bool:
        """Wait for a signal (True) or the timeout (False)."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        fired = []
        signal.connect(lambda *_a: (fired.append(True), loop.quit()))  # type: ignore[attr-defined]
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        return bool(fired)

    def save(self, widget: object, name: str) -> Path:
        """A picture of a top-level window as the screen shows it (or of a widget)."""
        from PySide6.QtWidgets import QWidget

        assert isinstance(widget, QWidget)
        self.wait(300)  # a few frames, so WebEngine has composited what it loaded
        screen = widget.screen()
        if widget.isWindow() and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            picture = screen.grabWindow(widget.winId())
        else:
            picture = widget.grab()
        path = self.out / name
        picture.save(str(path))
        print(
            f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path} "
            f"({picture.width()}x{picture.height()})"
        )
        return path


def main() -> int:
    args = parse_args()
    status = under_xvfb()
    if status is not None:
        return status
    with tempfile.TemporaryDirectory(prefix="blogdesk-shots-") as tmp:
        isolate(Path(tmp))
        library = Path(tmp) / "posts"
        shutil.copytree(args.posts, library)
        return shoot(args, library, Path(tmp))


def shoot(args: argparse.Namespace, library: Path, tmp: Path) -> int:
    from blogdesk.app import (
        StartTarget,
        build,
        create_application,
        install_preview,
        prepare_environment,
    )
    from blogdesk.ui.settings import AppSettings
    from blogdesk.ui.theme import apply_theme

    prepare_environment()
    create_application([])
    settings = AppSettings.from_file(tmp / "settings.ini")
    settings.theme = "light"
    width, height = (int(n) for n in args.size.split("x"))
    post = library / f"{args.post}.md"
    parts = build(settings, StartTarget(library, post if post.exists() else None))
    window = parts.window
    window.resize(width, height)
    window.move(0, 0)
    window.show()
    shooter = Shooter(args.out)
    preview_ready = install_preview(parts)
    pane = window.preview.pane
    if preview_ready and pane is not None:
        shooter.wait_signal(pane.pageShown, 15000)
    shooter.wait(500)
    shooter.save(window, "window-light.png")
    shooter.save(window.post_dock, "post-panel.png")
    dark(shooter, parts, apply_theme)
    reader(shooter, parts)
    parts.window.close()
    if parts.controller.library is not None:
        parts.controller.library.close()
    git_feature(shooter, args, tmp, settings)
    return 0


def dark(shooter: Shooter, parts: object, apply_theme: object) -> None:
    window = parts.window  # type: ignore[attr-defined]
    parts.settings.theme = "dark"  # type: ignore[attr-defined]
    window.apply_settings()
    pane = window.preview.pane
    if pane is not None:
        shooter.wait_signal(pane.pageShown, 5000)
    shooter.wait(500)
    shooter.save(window, "window-dark.png")
    parts.settings.theme = "light"  # type: ignore[attr-defined]
    window.apply_settings()


def reader(shooter: Shooter, parts: object) -> None:
    window = parts.window  # type: ignore[attr-defined]
    parts.actions.trigger("reader_view")  # type: ignore[attr-defined]
    if window.reading.reader is None:
        return
    window.reading.reader.showNormal()
    window.reading.reader.resize(window.size())
    shooter.wait(2500)
    shooter.save(window.reading.reader, "reader.png")
    window.reading.reader.close()


# -- the git feature ----------------------------------------------------------------------
GIT_DRAFT = "links-are-favours"  # a sample draft: new in the repository, published in the dialog
GIT_CONFLICT = "reading-time-is-a-promise"  # changed on both clones
GIT_MODIFIED = "a-style-guide-for-one"  # saved, not committed


def run_git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True)


def edit_line(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def git_clones(posts: Path, where: Path) -> Path:
    """A bare remote and two clones of a blog made of the sample posts; the desktop pushed
    an edit of one post that the laptop changed too (committed, not pushed). Returns the
    laptop's posts folder, which also has a new draft and a modified post."""
    empty = where / "gitconfig"
    empty.write_text("", encoding="utf-8")
    os.environ.update(GIT_CONFIG_GLOBAL=str(empty), GIT_CONFIG_NOSYSTEM="1")
    remote, laptop, desktop = where / "remote.git", where / "laptop", where / "desktop"
    run_git(where, "init", "-q", "--bare", "-b", "main", str(remote))
    run_git(where, "init", "-q", "-b", "main", str(laptop))
    shutil.copytree(posts, laptop / "posts")
    run_git(laptop, "config", "user.name", "Laptop author")
    run_git(laptop, "config", "user.email", "laptop@example.org")
    draft = laptop / "posts" / f"{GIT_DRAFT}.md"
    run_git(laptop, "add", "--", ".", f":!posts/{draft.name}")
    run_git(laptop, "commit", "-q", "-m", "The blog so far")
    run_git(laptop, "remote", "add", "origin", str(remote))
    run_git(laptop, "push", "-q", "-u", "origin", "main")
    run_git(where, "clone", "-q", str(remote), str(desktop))
    run_git(desktop, "config", "user.name", "Desktop author")
    run_git(desktop, "config", "user.email", "desktop@example.org")
    first = "Near the top of most blog posts"  # the start of a long line: seen in the dialog
    edit_line(desktop / "posts" / f"{GIT_CONFLICT}.md", first, "At the top of most blog posts")
    run_git(desktop, "commit", "-q", "-am", "Reading time: a plainer opening")
    run_git(desktop, "push", "-q")
    edit_line(laptop / "posts" / f"{GIT_CONFLICT}.md", first,
              "Under the title of nearly every blog post")
    run_git(laptop, "commit", "-q", "-am", "Reading time: a sharper opening")
    edit_line(laptop / "posts" / f"{GIT_MODIFIED}.md", "Newspapers have style guides.",
              "Newspapers have style guides, and so do magazines.")
    return laptop / "posts"


def git_feature(shooter: Shooter, args: argparse.Namespace, tmp: Path, settings: object) -> None:
    """git-marks.png (the library's marks and the branch), publish-dialog.png (the dry run of
    a draft) and git-conflict.png (a sync stopped by a post changed on both clones)."""
    from blogdesk.app import StartTarget, build, install_preview
    from blogdesk.ui.git.dialogs import PublishDialog

    if shutil.which("git") is None:
        print("git is not installed: no pictures of the git feature")
        return
    (tmp / "git").mkdir()
    posts = git_clones(args.posts, tmp / "git")
    width, height = (int(n) for n in args.size.split("x"))
    parts = build(settings, StartTarget(posts, posts / f"{GIT_DRAFT}.md"))  # type: ignore[arg-type]
    window, git = parts.window, parts.window.git
    window.resize(width, height)
    window.move(0, 0)
    window.show()
    if install_preview(parts) and window.preview.pane is not None:
        shooter.wait_signal(window.preview.pane.pageShown, 15000)
    if git.status is None:
        shooter.wait_signal(git.statusChanged, 15000)
    shooter.wait(500)
    shooter.save(window, "git-marks.png")

    parts.actions.trigger("git_publish")
    dialog = window.findChild(PublishDialog)
    if dialog is not None:
        for _ in range(30):
            if dialog.plan is not None:
                break
            shooter.wait(500)
        shooter.save(dialog, "publish-dialog.png")
        dialog.reject()

    git.sync()
    for _ in range(30):
        if getattr(git, "conflict_dialog", None) is not None:
            break
        shooter.wait(500)
    conflict = getattr(git, "conflict_dialog", None)
    if conflict is not None:
        view = conflict.views[0]
        view.left.verticalScrollBar().setValue(0)
        shooter.save(conflict, "git-conflict.png")
        conflict.reject()
    else:
        print("the sync did not stop on a conflict: no git-conflict.png")
    git.worker.wait()
    window.close()
    if parts.controller.library is not None:
        parts.controller.library.close()


if __name__ == "__main__":
    sys.exit(main())
