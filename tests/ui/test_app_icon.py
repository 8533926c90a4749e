"""The app's icon: the icon theme's when one is installed, else the packaged SVG."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QIcon, QPixmap

from blogdesk.app import DESKTOP_ID, app_icon


@pytest.fixture
def icon_theme(qapp, tmp_path: Path) -> Iterator[Path]:
    """An empty hicolor theme in tmp_path, the only place Qt looks for theme icons."""
    theme = tmp_path / "icons" / "hicolor"
    theme.mkdir(parents=True)
    (theme / "index.theme").write_text(
        "[Icon Theme]\nName=Hicolor\nDirectories=48x48/apps\n\n"
        "[48x48/apps]\nSize=48\nContext=Applications\nType=Fixed\n"
    )
    search_paths, theme_name = QIcon.themeSearchPaths(), QIcon.themeName()
    QIcon.setThemeSearchPaths([str(tmp_path / "icons")])
    QIcon.setThemeName("hicolor")
    yield theme
    QIcon.setThemeSearchPaths(search_paths)
    QIcon.setThemeName(theme_name)


def test_without_a_theme_icon_the_packaged_svg_is_used(icon_theme: Path) -> None:
    assert not QIcon.hasThemeIcon(DESKTOP_ID)
    icon = app_icon()
    assert not icon.isNull()
    image = icon.pixmap(64, 64).toImage()
    assert (image.width(), image.height()) == (64, 64)
    assert image.pixelColor(32, 32).alpha() > 0  # drawn, not an empty square


def test_an_installed_theme_icon_comes_first(icon_theme: Path) -> None:
    """After `blogdesk install-desktop`, the icon theme's copy is what the app shows."""
    apps = icon_theme / "48x48" / "apps"
    apps.mkdir(parents=True)
    pixmap = QPixmap(48, 48)
    pixmap.fill(QColor("#ff0000"))
    assert pixmap.save(str(apps / f"{DESKTOP_ID}.png"))
    icon = app_icon()
    assert icon.name() == DESKTOP_ID
    assert icon.pixmap(48, 48).toImage().pixelColor(24, 24) == QColor("#ff0000")
