"""Screenshots of the preview on small generator sites: run it, then look at them.

Builds three tiny sites in a temporary folder (our own words) and shows a post of each in the
app, the preview rendering it as the site's generator would:

- docs/images/site-hugo.png: a Hugo post with ``figure`` and ``ref`` shortcodes, and an image
  by its site-absolute path (``/images/drawer.png``, found in the site's ``static/``);
- docs/images/site-jekyll.png: a Jekyll post with ``highlight``, ``post_url`` and ``include``;
- docs/images/site-shortcode.png and site-shortcode-dark.png: a Hugo post with shortcodes of the
  site's own shown as labelled placeholders, an embed's card and a missing parameter, in the
  light and the dark theme.

    .venv/bin/python scripts/site_screenshots.py [--out docs/images] [--size 1400x900]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshots import REPO, Shooter, isolate, under_xvfb


def picture(path: Path, background: str = "#d9e4e2") -> None:
    """A plain picture for the figure: a desk top and a drawer, drawn here."""
    from PySide6.QtGui import QColor, QImage, QPainter

    path.parent.mkdir(parents=True, exist_ok=True)
    image = QImage(480, 200, QImage.Format.Format_RGB32)
    image.fill(QColor(background))
    painter = QPainter(image)
    painter.fillRect(40, 60, 400, 24, QColor("#8a6a4a"))  # the desk top
    painter.fillRect(300, 84, 110, 60, QColor("#a4835f"))  # the drawer
    painter.fillRect(340, 108, 30, 6, QColor("#5b4630"))  # its handle
    painter.end()
    image.save(str(path))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def hugo_site(root: Path) -> tuple[Path, Path, Path]:
    write(root / "hugo.toml", 'baseURL = "https://desk.example.org/"\ntitle = "Desk notes"\n'
          '[params]\nreviewer = "Ada Field"\n')
    write(root / "content/posts/_index.md", "---\ntitle: Posts\n---\n")
    write(root / "content/posts/setting-up.md",
          "---\ntitle: Setting up the desk\ndate: 2024-02-01\n---\n\nThe first note.\n")
    figure = write(root / "content/posts/a-tidy-desk.md", (
        "---\ntitle: A tidy desk\ndate: 2024-03-10\ntags: [habits, desk]\n---\n\n"
        "A tidy desk starts with one drawer for cables.\n\n"
        '{{< figure src="desk.png" caption="The desk after a tidy afternoon" >}}\n\n'
        'Read [how it was set up]({{< ref "setting-up.md" >}}) first.\n\n'
        "- Cables\n  - one drawer\n  - labelled\n- Paper\n\n"
        "![The drawer, from the site's static folder](/images/drawer.png)\n"))
    custom = write(root / "content/posts/a-reading-list.md", (
        "---\ntitle: A reading list\ndate: 2024-04-02\n---\n\n"
        'Three books on keeping notes, shelved under {{< shelfmark "B 12" >}} in the hall.\n\n'
        '{{< booklist shelf="notes" >}}\n\n'
        '{{% aside type="tip" %}}\nThe list is kept by the *site\'s own* shortcode.\n'
        "{{% /aside %}}\n\n"
        "A short talk about it, by {{< param reviewer >}}:\n\n"
        "{{< youtube notes-2024 >}}\n\n"
        "{{< param shelf_note >}}\n"))
    picture(figure.parent / "desk.png")  # beside the post, as a page resource
    picture(root / "static" / "images" / "drawer.png", "#e8ddc9")  # by its site path
    return root, figure, custom


def jekyll_site(root: Path) -> tuple[Path, Path]:
    write(root / "_config.yml", "title: Desk notes\nurl: https://desk.example.org\n")
    write(root / "_includes/tip.html", '<aside class="tip">Tip: {{ include.text }}</aside>\n')
    write(root / "_posts/2024-01-05-first-steps.md",
          "---\ntitle: First steps\n---\n\nWhere it began.\n")
    post = write(root / "_posts/2024-05-20-a-small-script.md", (
        "---\ntitle: A small script\n---\n\n"
        "A script that greets the desk each morning:\n\n"
        "{% highlight ruby %}\ndef greet(name)\n  puts \"Good morning, #{name}\"\nend\n"
        "{% endhighlight %}\n\n"
        "It follows [the first steps]({% post_url 2024-01-05-first-steps %}).\n\n"
        '{% include tip.html text="run it from cron" %}\n'))
    return root, post


def shoot_one(shooter: Shooter, settings: object, root: Path, post: Path, name: str,
              size: tuple[int, int], theme: str = "light") -> None:
    from blogdesk.app import StartTarget, build, install_preview

    settings.theme = theme  # type: ignore[attr-defined]
    parts = build(settings, StartTarget(root, post))  # type: ignore[arg-type]
    window = parts.window
    window.resize(*size)
    window.move(0, 0)
    window.show()
    if install_preview(parts) and window.preview.pane is not None:
        shooter.wait_signal(window.preview.pane.pageShown, 15000)
    shooter.wait(1500)
    shooter.save(window, name)
    window.close()
    if parts.controller.library is not None:
        parts.controller.library.close()
    window.deleteLater()  # a closed window must not react to the next one's theme
    shooter.wait(200)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images")
    parser.add_argument("--size", default="1400x900")
    args = parser.parse_args()
    status = under_xvfb()
    if status is not None:
        return status
    from blogdesk.app import create_application, prepare_environment
    from blogdesk.ui.settings import AppSettings

    size = tuple(int(n) for n in args.size.split("x"))
    with tempfile.TemporaryDirectory(prefix="blogdesk-sites-") as tmp:
        base = Path(tmp)
        isolate(base)
        prepare_environment()
        create_application([])
        settings = AppSettings.from_file(base / "settings.ini")
        settings.theme = "light"
        shooter = Shooter(args.out)
        hugo, figure, custom = hugo_site(base / "hugo")
        jekyll, script = jekyll_site(base / "jekyll")
        shoot_one(shooter, settings, hugo, figure, "site-hugo.png", size)  # type: ignore[arg-type]
        shoot_one(shooter, settings, jekyll, script, "site-jekyll.png", size)  # type: ignore
        shoot_one(shooter, settings, hugo, custom, "site-shortcode.png", size)  # type: ignore
        shoot_one(shooter, settings, hugo, custom, "site-shortcode-dark.png", size,  # type: ignore
                  theme="dark")
    return 0


if __name__ == "__main__":
    sys.exit(main())
