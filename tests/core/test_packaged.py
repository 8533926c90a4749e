"""Shipped files are found through the package (importlib.resources), as in a wheel install."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogdesk.core import packaged
from blogdesk.core.export import resources_dir

REPO = Path(__file__).resolve().parents[2]


def test_resources_come_from_the_blogdesk_resources_package() -> None:
    """The checkout's resources/ is what the installed package ``blogdesk.resources`` holds."""
    import blogdesk.resources

    folder = packaged.resource_folder()
    assert folder == Path(blogdesk.resources.__file__).parent
    assert resources_dir() == folder
    for name in ("templates/post.html.j2", "theme/theme.css", "icons/blogdesk.svg"):
        assert (folder / name).is_file()
    assert packaged.icon_file().read_bytes().lstrip().startswith(b"<")


def test_in_a_checkout_the_sample_library_is_posts_itself(tmp_path: Path) -> None:
    assert packaged.sample_library(tmp_path) == REPO / "posts"
    assert list(tmp_path.iterdir()) == []


def test_an_installed_sample_library_is_copied_once_and_the_copy_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installed (no pyproject.toml beside it), the sample is copied to the data folder once;
    the author's edits to the copy survive the next start; the package's own file is left out."""
    site = tmp_path / "site-packages" / "blogdesk" / "sample_posts"
    site.mkdir(parents=True)
    (site / "__init__.py").write_text('"""package marker"""\n')
    (site / "hello.md").write_text("---\ntitle: Hello\n---\nBody\n")
    (site / "images").mkdir()
    (site / "images" / "a.png").write_bytes(b"\x89PNG")
    monkeypatch.setattr(packaged, "package_folder", lambda _name: site)
    data = tmp_path / "data"

    copy = packaged.sample_library(data)
    assert copy == data / "sample-posts"
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*")) == [
        "hello.md", "images", "images/a.png",
    ]  # fmt: skip
    (copy / "hello.md").write_text("---\ntitle: Mine now\n---\n")
    assert packaged.sample_library(data) == copy
    assert (copy / "hello.md").read_text() == "---\ntitle: Mine now\n---\n"
    assert sorted(p.name for p in data.iterdir()) == ["sample-posts"]


def test_a_missing_resource_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(FileNotFoundError, match="blogdesk resources not found"):
        packaged.package_folder("blogdesk.no_such_data")
