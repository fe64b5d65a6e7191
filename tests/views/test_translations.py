"""Spanish and English are both complete, and the Spanish catalog really reaches the window."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from crm_desktop import i18n
from crm_desktop.app import pick_language
from crm_desktop.settings import OPTIONS
from crm_desktop.views.common.labels import LABELS, label
from crm_desktop.views.common.translations import install_translator
from crm_desktop.views.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def run_script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / name), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.fixture(scope="module")
def built_catalog() -> str:
    """The .ts refreshed from the views and the JSON files, then compiled to .qm; returns what
    update_translations.py --check listed as missing."""
    check = run_script("update_translations.py", "--check")
    assert run_script("build_translations.py").returncode == 0
    return check.stdout


@pytest.fixture
def spanish(qapp: QApplication, built_catalog: str) -> Iterator[None]:
    install_translator(qapp, "es")
    i18n.set_language("es")
    yield
    install_translator(qapp, "en")
    i18n.set_language("en")


def test_no_message_lacks_spanish(built_catalog: str) -> None:
    assert built_catalog == ""  # update_translations.py --check lists nothing missing
    assert (ROOT / "resources/translations/crm_es.qm").exists()


def test_the_main_window_speaks_spanish(qtbot, ctx, spanish) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    navigation = [window.nav.item(row).text() for row in range(window.nav.count())]
    assert navigation == [
        "Hoy",
        "Cuentas",
        "Embudo",
        "Cotizaciones",
        "Informes",
        "Campañas",
        "Configuración",
    ]
    assert window.actions_by_id["record_visit"].text() == "Registrar una visita…"
    accounts = window.page("accounts")
    header = accounts.model.headerData(0, accounts.table.horizontalHeader().orientation())
    assert header == "Razón social"
    assert label("phase", "retention") == "Retención y extensión"


def test_every_label_and_option_title_has_spanish(spanish) -> None:
    same_in_both = {"NIT", "CUIT", "RUT", "Micro", "Manual", "IVA 19%", "IVA 5%"}
    for kind, codes in LABELS.items():
        for code, english in codes.items():
            assert label(kind, code) != english or english in same_in_both, (kind, code)
    for option in OPTIONS.values():
        assert i18n.gettext(option.title, "es") != option.title, option.key


def test_spanish_by_default_whatever_the_machines_locale(monkeypatch) -> None:
    from PySide6.QtCore import QLocale

    monkeypatch.setattr(QLocale, "system", lambda: QLocale(QLocale.Language.English))
    assert pick_language(None) == "es"
    assert pick_language(None, "") == "es"
    assert pick_language(None, "en") == "en"  # chosen in Settings
    assert pick_language("es", "en") == "es"  # --lang wins
    assert pick_language("en") == "en"


def test_english_reads_its_own_plural_forms(qapp: QApplication, built_catalog: str) -> None:
    from PySide6.QtCore import QCoreApplication

    install_translator(qapp, "en")
    one = QCoreApplication.translate("TodayPage", "%n visit(s) planned for today", "", 1)
    many = QCoreApplication.translate("SyncStatusWidget", "%n change(s) to send", "", 7)
    assert (one, many) == ("1 visit planned for today", "7 changes to send")
