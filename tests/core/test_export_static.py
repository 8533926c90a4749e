"""A site-absolute image (``/images/a.png``) is found where the preview finds it: in the site's
static folders (``sites.static``), each look-up confined to its folder, then in the library."""

from __future__ import annotations

import os
from pathlib import Path

from blogdesk.core import export


def hugo_site(root: Path, config_extra: str = "") -> Path:
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (root / "hugo.toml").write_text(
        f'baseURL = "https://example.org/"\ntitle = "Desk"\n{config_extra}', encoding="utf-8")
    (posts / "first.md").write_text(
        "---\ntitle: First light\ndate: 2024-05-01\n---\n\n![a bench](/images/bench.png)\n",
        encoding="utf-8")
    return root


def put(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def page(out: Path) -> str:
    return (out / "posts" / "first-light" / "index.html").read_text(encoding="utf-8")


def test_a_site_absolute_image_comes_from_the_static_folder_before_the_library(
        tmp_path: Path) -> None:
    root = hugo_site(tmp_path / "site")
    put(root / "static" / "images" / "bench.png", b"static copy")
    put(root / "images" / "bench.png", b"library copy")  # the preview shows static's
    out = tmp_path / "out"
    report = export.export_site(root, out, cache_dir=tmp_path / "cache")
    assert report.ok
    assert 'src="../../media/static/images/bench.png"' in page(out)
    assert (out / "media" / "static" / "images" / "bench.png").read_bytes() == b"static copy"
    assert not (out / "media" / "images").exists()


def test_hugos_static_dir_setting_is_followed(tmp_path: Path) -> None:
    root = hugo_site(tmp_path / "site", 'staticDir = "files"\n')
    put(root / "static" / "images" / "bench.png", b"not this one")
    put(root / "files" / "images" / "bench.png", b"the configured folder")
    out = tmp_path / "out"
    export.export_site(root, out, cache_dir=tmp_path / "cache")
    copied = out / "media" / "files" / "images" / "bench.png"
    assert copied.read_bytes() == b"the configured folder"


def test_a_static_image_that_links_out_of_its_folder_is_not_copied(tmp_path: Path) -> None:
    root = hugo_site(tmp_path / "site")
    put(tmp_path / "secret.png", b"outside the site")
    (root / "static" / "images").mkdir(parents=True)
    os.symlink(tmp_path / "secret.png", root / "static" / "images" / "bench.png")
    out = tmp_path / "out"
    export.export_site(root, out, cache_dir=tmp_path / "cache")
    assert 'src="/images/bench.png"' in page(out)  # left as written: nothing read out there
    assert not (out / "media").exists()


def test_a_static_dir_outside_the_site_is_not_read(tmp_path: Path) -> None:
    root = hugo_site(tmp_path / "site", 'staticDir = "../elsewhere"\n')
    put(tmp_path / "elsewhere" / "images" / "bench.png", b"outside the site")
    out = tmp_path / "out"
    export.export_site(root, out, cache_dir=tmp_path / "cache")
    assert not (out / "media").exists()
    assert 'src="/images/bench.png"' in page(out)
