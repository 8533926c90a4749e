"""Where each generator serves a site-absolute path from, and a config that names a folder
outside its site is not followed."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogdesk.core.sites.detect import detect_site
from blogdesk.core.sites.static import base_path, static_folders


def make(root: Path, files: dict[str, str], folders: tuple[str, ...] = ()) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    for folder in folders:
        (root / folder).mkdir(parents=True, exist_ok=True)
    return root


@pytest.mark.parametrize(("config", "text", "folder"), [
    ("hugo.toml", 'title = "Desk"\n', "static"),
    ("_config.yml", "title: Desk\n", "."),
    (".eleventy.js", "module.exports = {};\n", "."),
    ("pelicanconf.py", "SITENAME = 'Desk'\n", "content"),
    ("mkdocs.yml", "site_name: Desk\n", "docs"),
])
def test_each_generator_serves_its_own_folder(tmp_path: Path, config: str, text: str,
                                              folder: str) -> None:
    root = make(tmp_path / "site", {config: text}, ("static", "content", "docs"))
    site = detect_site(root)
    assert static_folders(site) == ((root / folder).resolve(),)


def test_zola_serves_static(tmp_path: Path) -> None:
    root = make(tmp_path / "site", {"config.toml": 'base_url = "https://x.org"\n'
                                    "compile_sass = false\n"}, ("static",))
    site = detect_site(root)
    assert site.generator == "zola"
    assert static_folders(site) == ((root / "static").resolve(),)


def test_hugo_static_dir_setting_and_a_missing_folder(tmp_path: Path) -> None:
    root = make(tmp_path / "site", {"hugo.toml": 'staticDir = ["assets", "more", "gone"]\n'},
                ("assets", "more", "static"))
    assert static_folders(detect_site(root)) == ((root / "assets").resolve(),
                                                 (root / "more").resolve())


def test_a_config_naming_a_folder_outside_the_site_is_not_followed(tmp_path: Path) -> None:
    outside = make(tmp_path / "outside", {"secret.png": "x"})
    root = make(tmp_path / "site", {"hugo.toml":
                                    f'staticDir = ["/etc", "../outside", "{outside}", "link"]\n'})
    (root / "link").symlink_to(outside, target_is_directory=True)
    assert static_folders(detect_site(root)) == ()


def test_blogdesk_style_has_no_static_folder(tmp_path: Path) -> None:
    root = make(tmp_path / "blog", {"a.md": "# A\n"}, ("static",))
    (root / ".git").mkdir()
    assert static_folders(detect_site(root)) == ()


@pytest.mark.parametrize(("text", "expected"), [
    ("title: Desk\nbaseurl: /blog\n", "/blog"),
    ("title: Desk\nbaseurl: /blog/\nurl: https://x.org\n", "/blog"),
    ("title: Desk\nurl: https://x.org\n", ""),
    ("title: Desk\n", ""),
])
def test_base_path_of_a_jekyll_site(tmp_path: Path, text: str, expected: str) -> None:
    root = make(tmp_path / "site", {"_config.yml": text})
    assert base_path(detect_site(root)) == expected


def test_base_path_of_a_hugo_site_under_a_sub_path(tmp_path: Path) -> None:
    root = make(tmp_path / "site", {"hugo.toml": 'baseURL = "https://x.org/notes/"\n'})
    assert base_path(detect_site(root)) == "/notes"
