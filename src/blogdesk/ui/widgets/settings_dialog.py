"""The settings dialog: reading speed, theme, editor font, autosave, image folder, file names."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QStyleFactory,
    QVBoxLayout,
    QWidget,
)

from blogdesk.ui.settings import THEMES, AppSettings
from blogdesk.ui.widgets.dialogs import HintLabel, props

THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


def default_editor_font() -> QFont:
    """The editor's own choice: a proportional reading font (monospace is a setting)."""
    from blogdesk.ui.widgets.editor import prose_font

    return prose_font()


def point_size(font: QFont) -> int:
    """The size in points, also for a font sized in pixels."""
    return font.pointSize() if font.pointSize() > 0 else QFontInfo(font).pointSize()


def editor_font(settings: AppSettings) -> QFont:
    """The editor font from the settings, or the reading font by default."""
    font = QFont()
    if settings.editor_font and font.fromString(settings.editor_font):
        return font
    return default_editor_font()


class SettingsDialog(QDialog):
    """Edits the user's preferences; ``apply()`` writes them to the settings."""

    def __init__(
        self,
        settings: AppSettings,
        library_wpm: int = 200,
        library_pattern: str = "",
        library_images: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._build_reading(form, library_wpm)
        self._build_appearance(form)
        self._build_files(form, library_pattern, library_images)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _build_reading(self, form: QFormLayout, library_wpm: int) -> None:
        self.wpm = props(
            QSpinBox(),
            objectName="wpm",
            minimum=0,
            maximum=1000,
            singleStep=10,
            suffix=" words per minute",
        )
        self.wpm.setSpecialValueText(f"From the library ({library_wpm} words per minute)")
        self.wpm.setAccessibleName("Reading speed")
        self.wpm.setAccessibleDescription("Words per minute; 0 follows the library")
        self.wpm.setValue(self.settings.wpm)
        form.addRow("Reading speed:", self.wpm)

    def _build_appearance(self, form: QFormLayout) -> None:
        self.theme = props(QComboBox(), objectName="theme")
        self.theme.setAccessibleName("Theme")
        for name in THEMES:
            self.theme.addItem(THEME_LABELS[name], name)
        self.theme.setCurrentIndex(max(0, self.theme.findData(self.settings.theme)))
        form.addRow("Theme:", self.theme)
        self.style_combo = props(QComboBox(), objectName="style", accessibleName="Widget style")
        self.style_combo.addItem("Platform default", "")
        for key in QStyleFactory.keys():  # noqa: SIM118 (a list, not a dict)
            self.style_combo.addItem(key, key)
        self.style_combo.setCurrentIndex(max(0, self.style_combo.findData(self.settings.style)))
        form.addRow("Style:", self.style_combo)
        font = editor_font(self.settings)
        self.font_family = props(QFontComboBox(), objectName="fontFamily")
        self.font_family.setAccessibleName("Editor font")
        self.font_family.setCurrentFont(font)
        self.font_size = props(
            QSpinBox(), objectName="fontSize", minimum=6, maximum=48, suffix=" pt"
        )
        self.font_size.setAccessibleName("Editor font size")
        self.font_size.setValue(max(6, point_size(font)))
        row = QHBoxLayout()
        row.addWidget(self.font_family, 1)
        row.addWidget(self.font_size)
        form.addRow("Editor font:", row)

    def _build_files(self, form: QFormLayout, pattern: str, images: str) -> None:
        self.autosave = props(
            QCheckBox("Save posts automatically after a pause in typing"), objectName="autosave"
        )
        self.autosave.setAccessibleName("Autosave")
        self.autosave.setAccessibleDescription("Save posts automatically after a pause in typing")
        self.autosave.setChecked(self.settings.autosave)
        form.addRow("Autosave:", self.autosave)
        self.remote = props(
            QCheckBox("Let the preview load images and media from the web"),
            objectName="remoteContent",
        )
        self.remote.setAccessibleName("Remote content")
        self.remote.setAccessibleDescription("Let the preview load images and media from the web")
        self.remote.setChecked(self.settings.remote_content)
        form.addRow("Remote content:", self.remote)
        self.image_folder = props(
            QLineEdit(self.settings.image_folder),
            objectName="imageFolder",
            placeholderText=images or "images",
        )
        self.image_folder.setAccessibleName("Image folder")
        self.image_folder.setAccessibleDescription("Where pasted and dropped images are copied")
        form.addRow("Image folder:", self.image_folder)
        self.file_pattern = props(
            QLineEdit(self.settings.file_pattern),
            objectName="filePattern",
            placeholderText=pattern or "{slug}.md",
        )
        self.file_pattern.setAccessibleName("New file names")
        self.file_pattern.setAccessibleDescription("A pattern such as {slug}.md for new posts")
        self.pattern_hint = HintLabel("patternHint")
        self.file_pattern.textChanged.connect(self._update_pattern_hint)
        form.addRow("New file names:", self.file_pattern)
        form.addRow("", self.pattern_hint)
        self._update_pattern_hint()

    def _update_pattern_hint(self) -> None:
        from blogdesk.ui.controller import file_name_for

        pattern = self.file_pattern.text().strip() or self.file_pattern.placeholderText()
        try:
            example = file_name_for(pattern, "Hello, World!", datetime.now())
            text = f"{{slug}}, {{date}}, {{year}}, {{month}}, {{day}}. Example: {example}"
        except ValueError as exc:
            text = str(exc)
        self.pattern_hint.setText(text)

    def chosen_font(self) -> QFont:
        font = QFont(self.font_family.currentFont())
        font.setPointSize(self.font_size.value())
        return font

    def apply(self) -> None:
        """Write the dialog's values to the settings."""
        self.settings.wpm = self.wpm.value()
        self.settings.theme = self.theme.currentData()
        self.settings.style = self.style_combo.currentData()
        chosen, default = self.chosen_font(), default_editor_font()
        same = chosen.family() == default.family() and point_size(chosen) == point_size(default)
        self.settings.editor_font = "" if same else chosen.toString()  # "": follow the default
        self.settings.autosave = self.autosave.isChecked()
        self.settings.remote_content = self.remote.isChecked()
        self.settings.image_folder = self.image_folder.text()
        self.settings.file_pattern = self.file_pattern.text()
        self.settings.sync()
