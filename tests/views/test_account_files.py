"""The 360° view's Attachments tab driven as a user would: drop, paste, open, rename, delete."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QObject, QPointF, Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from crm_desktop.views.accounts.account_models import THUMB_ROLE
from crm_desktop.views.accounts.account_view import AccountView
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.files_tab import AttachmentsDialog, ImageViewer
from tests.views.b_support import World, ctx, world  # noqa: F401


def test_files_are_dropped_pasted_listed_opened_renamed_and_deleted(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    photo = tmp_path / "fachada.png"
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, "PNG")
    photo.write_bytes(out.getvalue())
    ctx = dataclasses.replace(ctx, user_id=world.rep_id)  # the signed-in rep adds them
    view = AccountView(ctx, world.account_id)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded):
        view.show()
    view.files.click()  # "Attachments…": every file of the account, in a dialog
    assert isinstance(view.dialog, AttachmentsDialog)
    files = view.dialog.files
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    files.dropEvent(drop)
    qtbot.waitUntil(lambda: files.list.count() == 1)
    item = files.list.item(0)
    assert item.text().startswith("fachada.png\nJuana Pérez · ")
    assert not item.icon().isNull()  # a thumbnail
    model = view.timeline_model
    qtbot.waitUntil(lambda: model.rowCount() == 3)  # the photo is in the timeline too
    assert model.index(0).data() == "Photo attached: fachada.png"
    qtbot.waitUntil(lambda: model.index(0).data(THUMB_ROLE) is not None)  # its thumbnail
    shot = QImage(20, 20, QImage.Format.Format_RGB32)
    shot.fill(QColor("red"))
    QApplication.clipboard().setImage(shot)
    files.paste_image()
    qtbot.waitUntil(lambda: files.list.count() == 2)
    assert files.list.item(0).text().startswith("Screenshot ")
    files.list.setCurrentRow(1)
    with qtbot.waitSignal(files.opened) as opened:
        files.open_selected()
    assert isinstance(opened.args[0], ImageViewer)
    opened.args[0].close()
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("RUT.png", True))
    files.rename_selected()
    qtbot.waitUntil(lambda: files.list.count() == 2 and files.list.item(1).text()[:7] == "RUT.png")
    files.list.setCurrentRow(1)
    files.delete_selected(confirm=False)
    qtbot.waitUntil(lambda: files.list.count() == 1)
    files.list.setCurrentRow(0)
    files.delete_selected(confirm=False)
    qtbot.waitUntil(lambda: files.list.count() == 0)
    files.add_data(b"Lista de precios", "precios.txt")
    qtbot.waitUntil(lambda: files.list.count() == 1)
    catcher = _UrlCatcher()  # any other kind goes to the system's program, as a file
    QDesktopServices.setUrlHandler("file", catcher, "catch")
    try:
        files.list.setCurrentRow(0)
        files.open_selected()
        qtbot.waitUntil(lambda: len(catcher.urls) == 1)
        files.open_selected()  # again: the first copy is removed before the second is made
        qtbot.waitUntil(lambda: len(catcher.urls) == 2)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    handed = Path(QUrl(catcher.urls[-1]).toLocalFile())
    assert handed.read_bytes() == b"Lista de precios"
    assert len(list(handed.parent.parent.glob("open-*"))) == 1
    contact = ("contacts", world.contact_ids[0])  # a row under the account: its own dialog
    dialog = AttachmentsDialog(ctx, world.account_id, contact, view)
    qtbot.addWidget(dialog)
    dialog.files.add_data(b"%PDF-1.4 tarjeta", "tarjeta.pdf")
    qtbot.waitUntil(lambda: dialog.files.list.count() == 1 and files.list.count() == 2)


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url.toString())
