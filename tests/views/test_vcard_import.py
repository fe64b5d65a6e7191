"""File → Import contacts from vCard, driven as a user: preview, import, undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from crm_desktop.models import Contact
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.importing.vcard_import import VCardImportDialog
from tests.factories import make_account

CARDS = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Pedro Páramo\r\nEMAIL:pparamo@tornillo.com.co\r\n"
    "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nN:Díaz;Eva\r\nEMAIL:no-es-un-correo\r\n"
    "END:VCARD\r\n"
)


def _live(ctx: AppContext, account_id: str) -> list[str]:
    with ctx.database.sessions() as s:
        query = select(Contact.first_name).where(
            Contact.account_id == account_id, Contact.deleted_at.is_(None)
        )
        return sorted(s.scalars(query))


def test_cards_for_the_selected_account_are_previewed_imported_and_undone(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    with ctx.database.sessions() as s, s.begin():
        account_id = make_account(s, legal_name="Ferretería El Tornillo S.A.S.").id
    path = tmp_path / "contactos.vcf"
    path.write_text(CARDS, encoding="utf-8")
    dialog = VCardImportDialog(ctx, path, (account_id, "Ferretería El Tornillo S.A.S."))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    assert dialog.table.item(0, 3).text() == "Added"
    assert dialog.table.item(0, 2).text() == "Ferretería El Tornillo S.A.S."
    assert "e-mail" in dialog.table.item(1, 3).text().lower()
    assert "1 contact to add" in dialog.counts.text()
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert _live(ctx, account_id) == ["Pedro"]
    assert not dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.undone, timeout=10_000):
        qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert _live(ctx, account_id) == []
    # By each card's company instead: these cards name none, so nothing can be added.
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        dialog.target.setCurrentIndex(0)
    assert "0 contacts to add" in dialog.counts.text()


def test_a_file_that_is_not_a_vcard_gets_words(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "nada.vcf"
    path.write_text("Razón social;NIT\n", encoding="utf-8")
    dialog = VCardImportDialog(ctx, path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "no contact cards" in dialog.counts.text())
    assert not dialog.import_button.isEnabled()
