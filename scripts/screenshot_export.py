"""Export the sample blog and photograph one post page at a desktop and a phone width.

Writes ``docs/images/export-desktop.png`` (1280 px wide) and ``docs/images/export-phone.png``
(375 px wide) with QtWebEngine, offscreen. ``--full`` also writes whole-page pictures (for
looking at every part of the page) as ``*-full-<n>.png``, one per screen, in ``--review`` (or
next to them); ``--dark`` uses the dark theme.

    .venv/bin/python scripts/screenshot_export.py [--posts posts] [--slug NAME] [--full]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu --disable-gpu-compositing"
)
os.environ.setdefault("QT_LOGGING_RULES", "qt.webenginecontext.debug=false;*.warning=false")

DEFAULT_SLUG = "structuring-a-technical-tutorial"
SIZES = {"desktop": (1280, 1500), "phone": (375, 812)}

SAMPLE = """---
title: A sample post, to look at the page
date: 2026-02-14
category: Craft
tags: [writing, sample]
summary: A short post with the parts a page must show well, written for the screenshot.
---

The opening paragraph sets the scene. **A bold lead-in.** Then an ordinary sentence or two.

## A heading

- a list item
- another item, with `inline code`

> A quotation, set apart from the text.

```python
def reading_minutes(words: int, wpm: int = 200) -> int:
    return max(1, -(-words // wpm))
```

| Words | Minutes |
|------:|--------:|
| 200   | 1       |
| 933   | 5       |

A sentence with a footnote.[^1]

[^1]: The footnote's text.
"""


def export_sample(posts: Path | None, out: Path) -> Path:
    """Export the blog (or a one-post stand-in) and return the chosen post page."""
    from blogdesk.core.export import export_site

    if posts is None or not posts.is_dir():
        posts = out / "source"
        posts.mkdir(parents=True)
        (posts / "sample.md").write_text(SAMPLE, encoding="utf-8")
    report = export_site(posts, out / "site")
    for message in report.errors:
        print(message, file=sys.stderr)
    return out / "site"


def shoot(page: Path, jobs: list[tuple[Path, int, int, bool]], dark: bool) -> None:
    """For each (target, width, height, full) load the page at that size and save pictures.

    A full job scrolls down the page one screen at a time and saves ``<target>-<n>.png``:
    Chromium paints only what is near the viewport, so a very tall view comes out blank.
    """
    from PySide6.QtCore import QTimer, QUrl
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    queue = list(jobs)
    view = QWebEngineView()
    state = {"offset": 0, "height": 0, "part": 0}

    def next_job() -> None:
        if not queue:
            app.quit()
            return
        _target, width, height, _full = queue[0]
        state.update(offset=0, height=0, part=0)
        view.resize(width, height)
        view.show()
        view.load(QUrl.fromLocalFile(str(page)))

    def loaded(ok: bool) -> None:
        if not ok:
            print(f"could not load {page}", file=sys.stderr)
        if dark:
            view.page().runJavaScript("document.documentElement.classList.add('theme-dark')")
        view.page().runJavaScript("document.documentElement.scrollHeight", 0, measured)

    def measured(height: object) -> None:
        state["height"] = int(height) if isinstance(height, (int, float)) else 0
        QTimer.singleShot(600, grab)  # a frame (and the fonts) after loadFinished

    def grab() -> None:
        target, _width, height, full = queue[0]
        target.parent.mkdir(parents=True, exist_ok=True)
        if not full:
            view.grab().save(str(target))
            print(target)
            queue.pop(0)
            next_job()
            return
        part_path = target.with_name(f"{target.stem}-{state['part']}.png")
        view.grab().save(str(part_path))
        print(part_path)
        state["part"] += 1
        state["offset"] += height - 40
        if state["offset"] >= state["height"]:
            queue.pop(0)
            next_job()
            return
        view.page().runJavaScript(f"window.scrollTo(0, {state['offset']})")
        QTimer.singleShot(300, grab)

    view.loadFinished.connect(loaded)
    QTimer.singleShot(0, next_job)
    app.exec()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=Path, default=REPO / "posts")
    parser.add_argument("--slug", default=DEFAULT_SLUG)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images")
    parser.add_argument("--full", action="store_true", help="also the whole page, screen by screen")
    parser.add_argument("--review", type=Path, help="where the --full pictures go")
    parser.add_argument("--dark", action="store_true", help="the dark theme")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = export_sample(args.posts, Path(tmp))
        page = site / "posts" / args.slug / "index.html"
        if not page.is_file():
            page = next((site / "posts").glob("*/index.html"))
        suffix = "-dark" if args.dark else ""
        jobs = []
        for name, (width, height) in SIZES.items():
            jobs.append((args.out / f"export-{name}{suffix}.png", width, height, False))
            if args.full:
                review = args.review or args.out
                jobs.append((review / f"export-{name}{suffix}-full.png", width, height, True))
        shoot(page, jobs, args.dark)
    return 0


if __name__ == "__main__":
    sys.exit(main())
