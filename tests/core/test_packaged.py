"""Shipped files are found through the package (importlib.resources), as in a wheel install."""

from __future__ import annotations

import subprocess
import sys
import zipfile
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


def test_a_package_installed_as_files_is_its_folder_without_importlib_resources() -> None:
    """In a fresh process, the resources are found as the package's folder on disk, the path
    importlib.resources gives, without loading it or zipfile (a cost of every command)."""
    script = (
        "import sys\n"
        "from blogdesk.core import packaged\n"
        "print(packaged.resource_folder())\n"
        "print('importlib.resources' in sys.modules, 'zipfile' in sys.modules)\n"
        "from importlib import resources\n"
        "print(resources.files('blogdesk.resources'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=60)  # fmt: skip
    folder, loaded, through_resources = done.stdout.splitlines()
    assert folder == through_resources == str(REPO / "resources")
    assert loaded == "False False"


def test_a_data_package_elsewhere_is_found_in_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed copy (site-packages, not the checkout): the folder its package came from."""
    (tmp_path / "blogdesk_test_data").mkdir()
    (tmp_path / "blogdesk_test_data" / "__init__.py").write_text('"""data"""\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    assert packaged.package_folder("blogdesk_test_data") == tmp_path / "blogdesk_test_data"


def test_a_zipped_data_package_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zip import goes through importlib.resources, as before: the templates need a real
    folder, so it is refused with the same clear message, not a wrong path."""
    archive = tmp_path / "data.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("blogdesk_zipped_data/__init__.py", '"""data"""\n')
        zipped.writestr("blogdesk_zipped_data/templates/post.html.j2", "{{ title }}\n")
    monkeypatch.syspath_prepend(str(archive))
    with pytest.raises(FileNotFoundError, match="blogdesk_zipped_data is not a folder"):
        packaged.package_folder("blogdesk_zipped_data")
