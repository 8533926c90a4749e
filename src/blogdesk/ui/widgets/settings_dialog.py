"""The settings dialog: reading speed, theme, editor font, writing (spelling, focus mode, word
goal), autosave, image folder, file names, and the open library's site generator (which lives in
the library's blogdesk.toml, not in the user's settings)."""

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

from blogdesk.core.config import GENERATOR_NAMES
from blogdesk.ui.i18n import QT_TRANSLATE_NOOP
from blogdesk.ui.settings import THEMES, AppSettings
from blogdesk.ui.widgets.dialogs import HintLabel, props

THEME_LABELS = {
    "system": QT_TRANSLATE_NOOP("SettingsDialog", "Follow the system"),
    "light": QT_TRANSLATE_NOOP("SettingsDialog", "Light"),
    "dark": QT_TRANSLATE_NOOP("SettingsDialog", "Dark"),
}
#: How each generator name reads in the "Site generator" combo (names: not translated).
GENERATOR_LABELS = {"hugo": "Hugo", "jekyll": "Jekyll", "eleventy": "Eleventy", "zola": "Zola",
                    "pelican": "Pelican", "mkdocs": "MkDocs", "blogdesk": "blogdesk"}


def default_editor_font(monospace: bool = False) -> QFont:
    """The editor's own choice: a proportional reading font, or monospace (a setting)."""
    from blogdesk.ui.widgets.editor import editor_font as font_for

    return font_for(monospace)


def point_size(font: QFont) -> int:
    """The size in points, also for a font sized in pixels."""
    return font.pointSize() if font.pointSize() > 0 else QFontInfo(font).pointSize()


def editor_font(settings: AppSettings) -> QFont:
    """The editor font from the settings (a chosen font, else the reading or the monospace
    font), at the zoomed size when the text was zoomed."""
    font = QFont()
    if not (settings.editor_font and font.fromString(settings.editor_font)):
        font = default_editor_font(settings.editor_monospace)
    if settings.editor_pixels:
        font.setPixelSize(settings.editor_pixels)
    return font


class SettingsDialog(QDialog):
    """Edits the user's preferences; ``apply()`` writes them to the settings."""

    def __init__(
        self,
        settings: AppSettings,
        library_wpm: int = 200,
        library_pattern: str = "",
        library_images: str = "",
        parent: QWidget | None = None,
        *,
        generator: str | None = None,
        detected: str = "blogdesk",
    ) -> None:
        """``generator`` is the library's choice in its blogdesk.toml ("" for the detected
        one; None when no library is open), ``detected`` what detection finds without it."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._build_reading(form, library_wpm)
        self._build_appearance(form)
        self._build_writing(form)
        self._build_files(form, library_pattern, library_images)
        self._build_site(form, generator, detected)
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
            suffix=self.tr(" words per minute"),
        )
        self.wpm.setSpecialValueText(
            self.tr("From the library ({0} words per minute)").format(library_wpm))
        self.wpm.setAccessibleName(self.tr("Reading speed"))
        self.wpm.setAccessibleDescription(self.tr("Words per minute; 0 follows the library"))
        self.wpm.setValue(self.settings.wpm)
        form.addRow(self.tr("Reading speed:"), self.wpm)

    def _build_appearance(self, form: QFormLayout) -> None:
        self.theme = props(QComboBox(), objectName="theme")
        self.theme.setAccessibleName(self.tr("Theme"))
        for name in THEMES:
            self.theme.addItem(self.tr(THEME_LABELS[name]), name)
        self.theme.setCurrentIndex(max(0, self.theme.findData(self.settings.theme)))
        form.addRow(self.tr("Theme:"), self.theme)
        self.style_combo = props(QComboBox(), objectName="style",
                                 accessibleName=self.tr("Widget style"))
        self.style_combo.addItem(self.tr("Platform default"), "")
        for key in QStyleFactory.keys():  # noqa: SIM118 (a list, not a dict)
            self.style_combo.addItem(key, key)
        self.style_combo.setCurrentIndex(max(0, self.style_combo.findData(self.settings.style)))
        form.addRow(self.tr("Style:"), self.style_combo)
        self.monospace = props(QComboBox(), objectName="editorFontKind",
                               accessibleName=self.tr("Editor font kind"))
        self.monospace.addItem(self.tr("Reading font (proportional, for prose)"), False)
        self.monospace.addItem(self.tr("Monospace (every letter the same width, like code)"), True)
        self.monospace.setCurrentIndex(1 if self.settings.editor_monospace else 0)
        self.monospace.currentIndexChanged.connect(self._font_kind_changed)
        form.addRow(self.tr("Editor text:"), self.monospace)
        font = editor_font(self.settings)
        self.font_family = props(QFontComboBox(), objectName="fontFamily")
        self.font_family.setAccessibleName(self.tr("Editor font"))
        self.font_family.setCurrentFont(font)
        self.font_size = props(
            QSpinBox(), objectName="fontSize", minimum=6, maximum=48, suffix=self.tr(" pt")
        )
        self.font_size.setAccessibleName(self.tr("Editor font size"))
        self.font_size.setValue(max(6, point_size(font)))
        row = QHBoxLayout()
        row.addWidget(self.font_family, 1)
        row.addWidget(self.font_size)
        form.addRow(self.tr("Editor font:"), row)
        self._shown_size = self.font_size.value()

    def _font_kind_changed(self) -> None:
        """Reading font or monospace: the font row shows that kind's font."""
        font = default_editor_font(bool(self.monospace.currentData()))
        self.font_family.setCurrentFont(font)

    def _build_writing(self, form: QFormLayout) -> None:
        self.check_spelling = props(
            QCheckBox(self.tr("Underline unknown words as I type")), objectName="checkSpelling",
            accessibleName=self.tr("Check spelling")
        )
        self.check_spelling.setChecked(self.settings.check_spelling)
        self.skip_caps = props(QCheckBox(self.tr("Skip words in ALL CAPS")),
                               objectName="skipAllCaps",
                               accessibleName=self.tr("Skip words in all caps"))
        self.skip_caps.setChecked(self.settings.spelling_skip_caps)
        self.skip_digits = props(
            QCheckBox(self.tr("Skip words with digits (mp3, 2nd)")), objectName="skipDigits",
            accessibleName=self.tr("Skip words with digits")
        )
        self.skip_digits.setChecked(self.settings.spelling_skip_digits)
        column = QVBoxLayout()
        for box in (self.check_spelling, self.skip_caps, self.skip_digits):
            column.addWidget(box)
        form.addRow(self.tr("Spelling:"), column)
        self.spelling_language = props(
            QLineEdit(self.settings.spelling_language),
            objectName="spellingLanguage",
            accessibleName=self.tr("Spelling language"),
            placeholderText="en_US",
            toolTip=self.tr(
                "Used when neither the post (lang) nor blogdesk.toml (language) says"),
        )
        form.addRow(self.tr("Spelling language:"), self.spelling_language)
        self.focus_unit = props(QComboBox(), objectName="focusUnit",
                                accessibleName=self.tr("Focus mode keeps bright"))
        self.focus_unit.addItem(self.tr("The sentence being written"), "sentence")
        self.focus_unit.addItem(self.tr("The paragraph being written"), "paragraph")
        self.focus_unit.setCurrentIndex(max(0, self.focus_unit.findData(self.settings.focus_unit)))
        form.addRow(self.tr("Focus mode keeps bright:"), self.focus_unit)
        self.word_goal = props(
            QSpinBox(), objectName="wordGoal", accessibleName=self.tr("Word goal"), minimum=0,
            maximum=100_000, singleStep=100,
            suffix=self.tr(" words"),
        )
        self.word_goal.setSpecialValueText(self.tr("No goal"))
        self.word_goal.setValue(self.settings.word_goal)
        form.addRow(self.tr("Words to write per session:"), self.word_goal)

    def _build_files(self, form: QFormLayout, pattern: str, images: str) -> None:
        self.autosave = props(
            QCheckBox(self.tr("Save posts automatically after a pause in typing")),
            objectName="autosave",
        )
        self.autosave.setAccessibleName(self.tr("Autosave"))
        self.autosave.setAccessibleDescription(
            self.tr("Save posts automatically after a pause in typing"))
        self.autosave.setChecked(self.settings.autosave)
        form.addRow(self.tr("Autosave:"), self.autosave)
        self.remote = props(
            QCheckBox(self.tr("Let the preview load images and media from the web")),
            objectName="remoteContent",
        )
        self.remote.setAccessibleName(self.tr("Remote content"))
        self.remote.setAccessibleDescription(
            self.tr("Let the preview load images and media from the web"))
        self.remote.setChecked(self.settings.remote_content)
        form.addRow(self.tr("Remote content:"), self.remote)
        self.image_folder = props(
            QLineEdit(self.settings.image_folder),
            objectName="imageFolder",
            placeholderText=images or "images",
        )
        self.image_folder.setAccessibleName(self.tr("Image folder"))
        self.image_folder.setAccessibleDescription(
            self.tr("Where pasted and dropped images are copied"))
        form.addRow(self.tr("Image folder:"), self.image_folder)
        self.file_pattern = props(
            QLineEdit(self.settings.file_pattern),
            objectName="filePattern",
            placeholderText=pattern or "{slug}.md",
        )
        self.file_pattern.setAccessibleName(self.tr("New file names"))
        self.file_pattern.setAccessibleDescription(
            self.tr("A pattern such as {slug}.md for new posts"))
        self.pattern_hint = HintLabel("patternHint")
        self.file_pattern.textChanged.connect(self._update_pattern_hint)
        form.addRow(self.tr("New file names:"), self.file_pattern)
        form.addRow("", self.pattern_hint)
        self._update_pattern_hint()

    def _build_site(self, form: QFormLayout, generator: str | None, detected: str) -> None:
        self.generator = props(QComboBox(), objectName="siteGenerator")
        self.generator.setAccessibleName(self.tr("Site generator"))
        found = GENERATOR_LABELS.get(detected, detected)
        self.generator.addItem(self.tr("Detected ({0})").replace("{0}", found), "")
        for name in GENERATOR_NAMES:
            self.generator.addItem(GENERATOR_LABELS.get(name, name), name)
        self.generator.setCurrentIndex(max(0, self.generator.findData(generator or "")))
        self.generator.setEnabled(generator is not None)
        hint = self.tr("Saved in the library's blogdesk.toml: the preview, the reader view and "
                       "the export render as this generator publishes.")
        if generator is None:
            hint = self.tr("Open a library to choose the generator that publishes it.")
        self.generator.setToolTip(hint)
        self.generator.setAccessibleDescription(hint)
        form.addRow(self.tr("Site generator:"), self.generator)

    def chosen_generator(self) -> str | None:
        """The generator chosen: a name, "" for the detected one, None when no library is open
        (nothing to save)."""
        if not self.generator.isEnabled():
            return None
        return str(self.generator.currentData())

    def _update_pattern_hint(self) -> None:
        from blogdesk.core.sites.conventions import file_name_for

        pattern = self.file_pattern.text().strip() or self.file_pattern.placeholderText()
        try:
            example = file_name_for(pattern, "Hello, World!", datetime.now())
            text = self.tr("{names}. Example: {example}").format(
                names="{slug}, {date}, {year}, {month}, {day}", example=example)
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
        monospace = bool(self.monospace.currentData())
        chosen, default = self.chosen_font(), default_editor_font(monospace)
        resized = self.font_size.value() != self._shown_size
        same = chosen.family() == default.family() and (
            not resized or point_size(chosen) == point_size(default))
        self.settings.editor_monospace = monospace
        self.settings.editor_font = "" if same else chosen.toString()  # "": follow the default
        if resized:
            self.settings.editor_pixels = 0  # the size chosen here replaces the zoom
        self.settings.check_spelling = self.check_spelling.isChecked()
        self.settings.spelling_skip_caps = self.skip_caps.isChecked()
        self.settings.spelling_skip_digits = self.skip_digits.isChecked()
        self.settings.spelling_language = self.spelling_language.text()
        self.settings.focus_unit = self.focus_unit.currentData()
        self.settings.word_goal = self.word_goal.value()
        self.settings.autosave = self.autosave.isChecked()
        self.settings.remote_content = self.remote.isChecked()
        self.settings.image_folder = self.image_folder.text()
        self.settings.file_pattern = self.file_pattern.text()
        self.settings.sync()
