"""Installing the program's Qt translations (.qm built from resources/translations/*.ts)."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from crm_desktop.paths import RESOURCES

TRANSLATIONS_DIR = RESOURCES / "translations"
_installed: list[QTranslator] = []


def install_translator(app: QApplication, language: str) -> None:
    """Load our catalog and Qt's own for language; English's holds only its plural forms."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(
        QLocale(QLocale.Language.Spanish, QLocale.Country.Colombia)
        if language == "es"
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    )
    ours = QTranslator(app)
    if ours.load(str(TRANSLATIONS_DIR / f"crm_{language}.qm")):
        app.installTranslator(ours)
        _installed.append(ours)
    if language == "en":
        return
    qt_own = QTranslator(app)
    if qt_own.load(
        f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
