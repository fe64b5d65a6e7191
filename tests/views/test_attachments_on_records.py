"""Attachments from a contact's and an opportunity's dialogs, files dropped on the 360° view,
and a rename that keeps the extension; driven as a user would."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.services.attachments.attachments import keep_extension
from crm_desktop.views.accounts.account_view import AccountView
from crm_desktop.views.activity.contact_dialog import ContactDialog
from crm_desktop.views.activity.quick_dialogs import OpportunityDialog
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.files_tab import AttachmentsDialog
from tests.views.b_support import World, ctx, world  # noqa: F401


def _opened(parent: QWidget) -> AttachmentsDialog | None:
    found = parent.findChildren(AttachmentsDialog)
    return found[-1] if found else None


def test_files_dropped_on_the_360_view_open_its_attachments_with_them_added(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    tmp_path: Path,
) -> None:
    ctx = dataclasses.replace(ctx, user_id=world.rep_id)
    paper, folder = tmp_path / "cámara de comercio.pdf", tmp_path / "carpeta"
    paper.write_bytes(b"%PDF-1.4 certificado")
    folder.mkdir()
    view = AccountView(ctx, world.account_id)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded):
        view.show()
    assert view.acceptDrops()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(paper)), QUrl.fromLocalFile(str(folder))])
    drop = QDropEvent(QPointF(30, 30), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    view.dropEvent(drop)
    assert isinstance(view.dialog, AttachmentsDialog) and drop.isAccepted()
    files = view.dialog.files
    qtbot.waitUntil(lambda: files.list.count() == 1)  # the file; a folder is not one
    assert files.list.item(0).text().startswith("cámara de comercio.pdf\n")


def test_a_contact_and_an_opportunity_have_their_own_attachments(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
) -> None:
    ctx = dataclasses.replace(ctx, user_id=world.rep_id)
    parent = QWidget()
    qtbot.addWidget(parent)
    known = ContactDialog(ctx, world.account_id, world.contact_ids[0], parent)
    qtbot.waitUntil(known.isEnabled)
    known.files.click()
    dialog = _opened(parent)
    assert dialog is not None and dialog.files.row == ("contacts", world.contact_ids[0])
    dialog.files.add_data(b"BEGIN:VCARD", "tarjeta.vcf")
    qtbot.waitUntil(lambda: dialog.files.list.count() == 1)
    dialog.close()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: _opened(parent) is None)

    new = ContactDialog(ctx, world.account_id, None, parent)
    new.first_name.setText("Carla")
    new.last_name.setText("Méndez")
    with qtbot.waitSignal(new.contact_saved) as saved:
        new.files.click()  # a new contact is saved, then its files open
    qtbot.waitUntil(lambda: _opened(parent) is not None)
    dialog = _opened(parent)
    assert dialog is not None and dialog.files.row == ("contacts", saved.args[0])
    dialog.close()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: _opened(parent) is None)

    opportunity = OpportunityDialog(ctx, world.account_id, parent)
    opportunity.files.click()  # no name: refused in words, nothing opens
    qtbot.waitUntil(lambda: opportunity.errors.text_of("name") != "")
    assert _opened(parent) is None
    opportunity.name.setText("Renovación de flota")
    opportunity.amount.setText("1250000")
    with qtbot.waitSignal(opportunity.saved):
        opportunity.files.click()
    dialog = _opened(parent)
    assert dialog is not None
    assert dialog.files.row == ("opportunities", opportunity.opportunity_id)


def test_renaming_keeps_the_extension(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert keep_extension("fachada.JPG", "entrada") == "entrada.JPG"
    assert keep_extension("fachada.jpg", "entrada.jpg") == "entrada.jpg"
    assert keep_extension("fachada.jpg", "entrada.JPG") == "entrada.JPG"
    assert keep_extension("LEEME", "léame") == "léame"  # no extension to keep
    assert keep_extension("plano.v2.pdf", "plano final") == "plano final.pdf"
    dialog = AttachmentsDialog(ctx, world.account_id, None)
    qtbot.addWidget(dialog)
    files = dialog.files
    files.add_data(b"RUT 900.123.456", "rut.txt")
    qtbot.waitUntil(lambda: files.list.count() == 1)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("RUT vigente", True))
    files.list.setCurrentRow(0)
    files.rename_selected()
    qtbot.waitUntil(lambda: files.list.count() == 1
                    and files.list.item(0).text().startswith("RUT vigente.txt\n"))  # fmt: skip
