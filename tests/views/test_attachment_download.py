"""A file opened before its bytes came: the Attachments dialog downloads it from the real server
on a worker, with progress, and opens it; with the server gone it says so in words."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crm_desktop import i18n
from crm_desktop.services.attachments import attachments as A
from crm_desktop.services.attachments import store
from crm_desktop.settings import Settings
from crm_desktop.sync.content import ContentSync
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.files_tab import AttachmentsDialog, ImageViewer
from crm_desktop.views.common.ops import Operations
from tests.sync.harness import Laptop, add_user, make_laptop, new_server_db, start_server


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((width, height), 80).convert("RGB").save(out, "PNG")  # not compressible
    return out.getvalue()


@pytest.fixture
def laptops(tmp_path: Path, template_db: Path) -> Iterator[tuple[Laptop, Laptop, str, object]]:
    """A rep's laptop that attached two files and sent them; a manager's that has their rows
    but not their bytes."""
    server_db = new_server_db("sqlite", tmp_path)
    server = start_server(server_db.url, tmp_path)
    ana = add_user(server_db, "ana")
    add_user(server_db, "gerente", role="manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    m = make_laptop("m", tmp_path, template_db, server, "gerente")
    account = a.new_account(ana)
    with a.tx() as s:
        A.add_bytes(s, a.db.path, ("accounts", account), _png(300, 200), "fachada.png", ana)
        A.add_bytes(s, a.db.path, ("accounts", account), b"RUT 900.123", "rut.txt", ana)
    ContentSync(a.db, a.client).attach_to(a.engine)
    a.sync()
    m.sync()
    yield a, m, account, server
    a.close()
    m.close()
    server.stop()
    server_db.dispose()


def test_opening_a_file_not_here_downloads_it_with_progress_and_says_when_offline(
    qtbot: QtBot, qapp: QApplication, laptops: tuple[Laptop, Laptop, str, object]
) -> None:
    _a, m, account, server = laptops
    i18n.set_language("en")
    ops = Operations(m.db.sessions)
    ctx = AppContext(m.db, ops, Settings(None), "en")
    dialog = AttachmentsDialog(ctx, account, None)
    qtbot.addWidget(dialog)
    files = dialog.files
    qtbot.waitUntil(lambda: files.list.count() == 2)

    def select(name: str) -> A.AttachmentInfo:
        names = [files.list.item(n).text().split("\n")[0] for n in range(files.list.count())]
        files.list.setCurrentRow(names.index(name))
        info = files.selected()
        assert info is not None
        return info

    photo = select("fachada.png")
    files.open_selected()  # no server set up on this laptop: said, nothing tried
    qtbot.waitUntil(lambda: "not connected to a server" in files.problem.text())
    ctx.content_source = lambda: ContentSync(m.db, m.client, block=64 * 1024)
    seen: list[int] = []
    files.download.progressed.connect(seen.append)
    with qtbot.waitSignal(files.opened, timeout=20_000) as opened:
        files.open_selected()
    assert isinstance(opened.args[0], ImageViewer)
    opened.args[0].close()
    assert seen[-1] == photo.size and len(seen) == -(-photo.size // (64 * 1024))  # per piece
    assert files.download.dialog is None and files.problem.text() == ""
    assert store.has_content(m.db.path, photo.sha256)  # verified and kept: no second download

    def thumbnail_shown() -> bool:
        select("fachada.png")
        item = files.list.currentItem()
        return item is not None and not item.icon().isNull()

    qtbot.waitUntil(thumbnail_shown)  # the list was read again: its thumbnail now
    server.stop(kill=True)  # type: ignore[attr-defined]
    select("rut.txt")
    files.open_selected()
    qtbot.waitUntil(lambda: "cannot be reached" in files.problem.text(), timeout=20_000)
    assert files.download.dialog is None
    ops.wait()
    i18n.set_language("es")
