"""The app's light and dark themes: the palette is set by hand, because not every platform theme
(plain X11, offscreen) follows a colour-scheme request."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

_DARK_COLORS = {
    "Window": "#202124",
    "WindowText": "#e8eaed",
    "Base": "#17181a",
    "AlternateBase": "#26282b",
    "ToolTipBase": "#303134",
    "ToolTipText": "#e8eaed",
    "PlaceholderText": "#9aa0a6",
    "Text": "#e8eaed",
    "Button": "#2a2b2e",
    "ButtonText": "#e8eaed",
    "BrightText": "#ffffff",
    "Light": "#3c4043",
    "Midlight": "#34363a",
    "Mid": "#2b2d30",
    "Dark": "#111214",
    "Shadow": "#000000",
    "Highlight": "#2f7d7a",
    "HighlightedText": "#ffffff",
    "Link": "#8ab4f8",
    "LinkVisited": "#c58af9",
}
_state = {"dark": False}
_platform_style: list[str] = []  # the style Qt chose for this platform, before any change


def is_dark() -> bool:
    """Whether the app is showing its dark theme now."""
    return _state["dark"]


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in _DARK_COLORS.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(color))
    for role in ("Text", "WindowText", "ButtonText"):
        palette.setColor(
            QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role), QColor("#6f7377")
        )
    return palette


def apply_style(name: str) -> None:
    """The widget style the user picked in Settings, or "" for the platform's own."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if not _platform_style:
        _platform_style.append(app.style().name())
    keys = {key.lower(): key for key in QStyleFactory.keys()}  # noqa: SIM118 (a list)
    wanted = keys.get(name.lower(), _platform_style[0]) if name else _platform_style[0]
    if app.style().name().lower() != wanted.lower():
        app.setStyle(wanted)
        app.setProperty("blogdeskThemed", False)  # the new style's palette, then the theme's


def apply_theme(theme: str) -> None:
    """Light, dark, or the system's choice. The palette is set by hand: not every platform
    theme (plain X11, offscreen) follows a colour-scheme request."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    hints = QApplication.styleHints()
    dark = theme == "dark" or (theme == "system" and hints.colorScheme() == Qt.ColorScheme.Dark)
    if dark == _state["dark"] and app.property("blogdeskThemed"):
        return
    _state["dark"] = dark
    app.setProperty("blogdeskThemed", True)
    style = app.style()
    app.setPalette(dark_palette() if dark else style.standardPalette())
