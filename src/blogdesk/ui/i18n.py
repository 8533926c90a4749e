"""Translations: every user-visible string of the UI goes through Qt's translation functions.

Classes use ``self.tr()``; other code uses :func:`translate` with a context named after the
module's role (``pyside6-lupdate`` recognises both, and ``QT_TRANSLATE_NOOP`` for constants).
``make translations`` collects them into ``resources/translations/blogdesk.ts``; a translator's
compiled ``blogdesk_<locale>.qm`` beside it is loaded at start when it matches the system locale,
with Qt's own translations of its standard buttons and dialogs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

TRANSLATIONS_FOLDER = "translations"
CATALOGUE = "blogdesk"


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the user's language (``%n`` in it becomes ``n``, with the right plural)."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for translation in ``context`` where it is defined; translate it at use."""
    return text


def translations_folder() -> Path | None:
    """The folder of blogdesk's .ts and .qm files in the package resources, if installed."""
    from blogdesk.core.packaged import resource_folder

    try:
        folder = resource_folder() / TRANSLATIONS_FOLDER
    except FileNotFoundError:
        return None
    return folder if folder.is_dir() else None


def install_translators(
    app: QCoreApplication, locale: QLocale | None = None, folder: Path | None = None
) -> list[QTranslator]:
    """Load Qt's and blogdesk's translations for ``locale`` (the system's) into ``app``.

    Returns the translators installed (kept alive by the app as their parent); none when no
    translation matches, and the UI stays in English.
    """
    locale = locale if locale is not None else QLocale.system()
    installed: list[QTranslator] = []
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ours = folder if folder is not None else translations_folder()
    for name, where in (("qtbase", qt_folder), (CATALOGUE, str(ours) if ours else None)):
        if where is None:
            continue
        translator = QTranslator(app)
        if translator.load(locale, name, "_", where) and app.installTranslator(translator):
            installed.append(translator)
        else:
            translator.deleteLater()
    return installed


def plural(n: int, one: str, other: str) -> str:
    """The English singular or plural of a count, each already translated with ``%n``.

    Callers translate both forms (``tr("%n post", "", n)``, ``tr("%n posts", "", n)``): without a
    translation English reads right, and a translation gives every form of its language in each.
    """
    return one if n == 1 else other
