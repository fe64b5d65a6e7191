"""Fixtures for the views: an AppContext over the test database, Qt settings kept in tmp."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from crm_desktop import i18n
from crm_desktop.database import Database
from crm_desktop.settings import Settings
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.ops import Operations
from crm_desktop.views.common.translations import install_translator


@pytest.fixture(autouse=True)
def _qt_settings_in_tmp(qapp: QApplication, tmp_path: Path) -> None:
    """Window geometry and other QSettings go to this test's folder, never the user's."""
    QCoreApplication.setOrganizationName("crm-desktop-tests")
    QCoreApplication.setApplicationName("crm-desktop-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    install_translator(qapp, "en")
    i18n.set_language("en")


@pytest.fixture
def ctx(database: Database, tmp_path: Path) -> Iterator[AppContext]:
    context = AppContext(
        database=database,
        ops=Operations(database.sessions),
        settings=Settings(tmp_path / "settings.json"),
        language="en",
    )
    yield context
    context.ops.wait()
    QCoreApplication.processEvents()
