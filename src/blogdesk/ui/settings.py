"""Typed access to the app's QSettings: user preferences and the state restored at start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

THEMES = ("system", "light", "dark")
FOCUS_UNITS = ("sentence", "paragraph")
MAX_RECENT = 8


class AppSettings:
    """Wraps one QSettings object; tests pass one backed by a temporary ini file."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings if qsettings is not None else QSettings()

    @classmethod
    def from_file(cls, path: Path) -> AppSettings:
        """Settings stored in an ini file (tests and scripts)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    # -- low level -----------------------------------------------------------------------------
    def _get_str(self, key: str, default: str = "") -> str:
        value = self.qsettings.value(key, default)
        return default if value is None else str(value)

    def _get_int(self, key: str, default: int) -> int:
        try:
            return int(str(self.qsettings.value(key, default)))
        except (TypeError, ValueError):
            return default

    def _get_bool(self, key: str, default: bool) -> bool:
        value = self.qsettings.value(key, default)
        if isinstance(value, str):  # ini files store booleans as text
            return value.strip().lower() in ("true", "1", "yes", "on")
        return bool(value)

    def _get_bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _set(self, key: str, value: object) -> None:
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        self.qsettings.sync()

    # -- preferences (the settings dialog) -------------------------------------------------------
    @property
    def wpm(self) -> int:
        """Reading speed in words per minute; 0 means "as the library's blogdesk.toml says"."""
        return max(0, self._get_int("reading/wpm", 0))

    @wpm.setter
    def wpm(self, value: int) -> None:
        self._set("reading/wpm", int(value))

    @property
    def theme(self) -> str:
        value = self._get_str("appearance/theme", "system")
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._set("appearance/theme", value if value in THEMES else "system")

    @property
    def style(self) -> str:
        """A QStyleFactory key the user chose, or "" for the platform's own style."""
        return self._get_str("appearance/style", "")

    @style.setter
    def style(self, value: str) -> None:
        self._set("appearance/style", value)

    @property
    def editor_font(self) -> str:
        """A QFont.toString() value, or "" for the built-in default."""
        return self._get_str("appearance/editor_font", "")

    @editor_font.setter
    def editor_font(self, value: str) -> None:
        self._set("appearance/editor_font", value)

    @property
    def autosave(self) -> bool:
        return self._get_bool("editing/autosave", True)

    @autosave.setter
    def autosave(self, value: bool) -> None:
        self._set("editing/autosave", bool(value))

    @property
    def image_folder(self) -> str:
        """Overrides the library's image folder when not empty."""
        return self._get_str("editing/image_folder", "")

    @image_folder.setter
    def image_folder(self, value: str) -> None:
        self._set("editing/image_folder", value.strip())

    @property
    def file_pattern(self) -> str:
        """Overrides the library's file name pattern when not empty."""
        return self._get_str("editing/file_pattern", "")

    @file_pattern.setter
    def file_pattern(self, value: str) -> None:
        self._set("editing/file_pattern", value.strip())

    @property
    def remote_content(self) -> bool:
        """Whether the preview may load images from the network."""
        return self._get_bool("preview/remote_content", False)

    @remote_content.setter
    def remote_content(self, value: bool) -> None:
        self._set("preview/remote_content", bool(value))

    # -- session state -----------------------------------------------------------------------------
    @property
    def last_library(self) -> Path | None:
        value = self._get_str("session/library", "")
        return Path(value) if value else None

    @last_library.setter
    def last_library(self, value: Path | None) -> None:
        self._set("session/library", str(value) if value else "")
        if value:
            self.add_recent_library(value)

    @property
    def last_post(self) -> Path | None:
        value = self._get_str("session/post", "")
        return Path(value) if value else None

    @last_post.setter
    def last_post(self, value: Path | None) -> None:
        self._set("session/post", str(value) if value else "")

    @property
    def recent_libraries(self) -> list[Path]:
        value = self.qsettings.value("session/recent", [])
        items = (
            [value]
            if isinstance(value, str)
            else list(value or [])
            if isinstance(value, (list, tuple))
            else []
        )
        return [Path(str(item)) for item in items if item]

    def add_recent_library(self, path: Path) -> None:
        items = [p for p in self.recent_libraries if p != path]
        self._set("session/recent", [str(p) for p in [path, *items][:MAX_RECENT]])

    def window_state(self, name: str) -> QByteArray | None:
        """A saved geometry/state blob ("geometry", "docks", "splitter")."""
        return self._get_bytes(f"window/{name}")

    def set_window_state(self, name: str, data: QByteArray) -> None:
        self._set(f"window/{name}", data)

    def pane_visible(self, name: str) -> bool:
        return self._get_bool(f"window/{name}_visible", True)

    def set_pane_visible(self, name: str, visible: bool) -> None:
        self._set(f"window/{name}_visible", bool(visible))

    # -- writing (spelling, modes, zoom, goal: ui/writing.py) -------------------------------------
    @property
    def check_spelling(self) -> bool:
        return self._get_bool("spelling/enabled", True)

    @check_spelling.setter
    def check_spelling(self, value: bool) -> None:
        self._set("spelling/enabled", bool(value))

    @property
    def spelling_skip_caps(self) -> bool:
        """Leave words in ALL CAPS unchecked (acronyms)."""
        return self._get_bool("spelling/skip_all_caps", True)

    @spelling_skip_caps.setter
    def spelling_skip_caps(self, value: bool) -> None:
        self._set("spelling/skip_all_caps", bool(value))

    @property
    def spelling_skip_digits(self) -> bool:
        """Leave words with digits unchecked (model numbers, versions)."""
        return self._get_bool("spelling/skip_with_digits", True)

    @spelling_skip_digits.setter
    def spelling_skip_digits(self, value: bool) -> None:
        self._set("spelling/skip_with_digits", bool(value))

    @property
    def spelling_language(self) -> str:
        """The language of posts whose post and site say none (a dictionary tag)."""
        return self._get_str("spelling/language", "en_US").strip() or "en_US"

    @spelling_language.setter
    def spelling_language(self, value: str) -> None:
        self._set("spelling/language", value.strip())

    @property
    def focus_mode(self) -> bool:
        return self._get_bool("writing/focus_mode", False)

    @focus_mode.setter
    def focus_mode(self, value: bool) -> None:
        self._set("writing/focus_mode", bool(value))

    @property
    def focus_unit(self) -> str:
        """"sentence" or "paragraph": what focus mode keeps bright."""
        value = self._get_str("writing/focus_unit", "sentence")
        return value if value in FOCUS_UNITS else "sentence"

    @focus_unit.setter
    def focus_unit(self, value: str) -> None:
        self._set("writing/focus_unit", value if value in FOCUS_UNITS else "sentence")

    @property
    def typewriter(self) -> bool:
        return self._get_bool("writing/typewriter", False)

    @typewriter.setter
    def typewriter(self, value: bool) -> None:
        self._set("writing/typewriter", bool(value))

    @property
    def distraction_free(self) -> bool:
        return self._get_bool("writing/distraction_free", False)

    @distraction_free.setter
    def distraction_free(self, value: bool) -> None:
        self._set("writing/distraction_free", bool(value))

    @property
    def word_goal(self) -> int:
        """Words to write in a session; 0 for no goal."""
        return max(0, self._get_int("writing/word_goal", 0))

    @word_goal.setter
    def word_goal(self, value: int) -> None:
        self._set("writing/word_goal", max(0, int(value)))

    @property
    def editor_monospace(self) -> bool:
        """A monospace editor font instead of the proportional reading font."""
        return self._get_bool("appearance/editor_monospace", False)

    @editor_monospace.setter
    def editor_monospace(self, value: bool) -> None:
        self._set("appearance/editor_monospace", bool(value))

    @property
    def editor_pixels(self) -> int:
        """The editor's zoomed text size in pixels; 0 for the font's own size."""
        return max(0, self._get_int("appearance/editor_pixels", 0))

    @editor_pixels.setter
    def editor_pixels(self, value: int) -> None:
        self._set("appearance/editor_pixels", max(0, int(value)))
