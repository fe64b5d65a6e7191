"""Issue 13, item 5, end to end: the client signs on the screen with the mouse, the quote is
accepted, the accepted PDF carries the signature, the signer and the hash, and the record syncs
to a real server on loopback, which then refuses any change to the signed quote."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text

from crm_desktop.models import Attachment, OutboxOp, Quote, QuoteAcceptance
from crm_desktop.services.attachments import attachments as A
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.core.signed import sha256_hex
from crm_desktop.services.quotes.acceptance import verify
from crm_desktop.sync.client import SyncClient
from crm_desktop.sync.content import ContentReport, ContentSync
from crm_desktop.sync.engine import SyncEngine
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.quotes.accept_dialog import AcceptSignedDialog
from crm_desktop.views.quotes.quote_builder import QuoteBuilder
from crm_desktop.views.quotes.signature_pad import SignaturePad
from tests.memory_keyring import MemoryKeyring
from tests.services.quote_fixtures import make_catalog, make_quote
from tests.sync.harness import PASSWORD, add_user, new_server_db, start_server

TOOLS = all(shutil.which(t) for t in ("qpdf", "pdftotext", "pdfimages"))


def drag(pad: SignaturePad, points: list[tuple[int, int]]) -> None:
    """A stroke with the left button held, as a real mouse sends it (press, moves, release)."""

    def send(kind: QEvent.Type, x: int, y: int, buttons: Qt.MouseButton) -> None:
        at = QPointF(x, y)
        global_at = QPointF(pad.mapToGlobal(QPoint(x, y)))
        button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else (
            Qt.MouseButton.LeftButton)  # fmt: skip
        event = QMouseEvent(kind, at, global_at, button, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(pad, event)

    held = Qt.MouseButton.LeftButton
    send(QEvent.Type.MouseButtonPress, *points[0], held)
    for x, y in points[1:]:
        send(QEvent.Type.MouseMove, x, y, held)
    send(QEvent.Type.MouseButtonRelease, *points[-1], Qt.MouseButton.NoButton)


def sign(pad: SignaturePad) -> None:
    drag(pad, [(40, 120), (80, 40), (120, 130), (160, 50), (200, 120)])
    drag(pad, [(220, 100), (300, 90), (380, 60)])


@pytest.fixture
def builder(qtbot: QtBot, ctx: AppContext) -> QuoteBuilder:
    with unit_of_work(ctx.database.sessions) as s:
        quote_id = make_quote(s, make_catalog(s), lines=2)
    widget = QuoteBuilder(ctx, quote_id)
    qtbot.addWidget(widget)
    widget.resize(1366, 740)
    widget.show()
    qtbot.waitUntil(lambda: widget.data is not None and len(widget.model.lines) == 3)
    return widget


def open_dialog(qtbot: QtBot, builder: QuoteBuilder) -> AcceptSignedDialog:
    button = builder.findChild(QPushButton, "accept_signed")
    assert button is not None and button.isEnabled()  # a draft can be signed on the spot
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: builder.findChild(AcceptSignedDialog) is not None)
    dialog = builder.findChild(AcceptSignedDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_the_pad_draws_undoes_redoes_and_clears(qtbot: QtBot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(500, 200)
    pad.show()
    assert pad.is_empty() and pad.to_png() == b""
    drag(pad, [(10, 10), (12, 11)])  # a tap is no signature
    assert pad.is_empty()
    sign(pad)
    assert not pad.is_empty() and len(pad.strokes) == 3
    png = pad.to_png()
    assert png.startswith(b"\x89PNG") and len(png) < 64 * 1024
    pad.undo()
    assert len(pad.strokes) == 2 and len(pad.undone) == 1
    pad.redo()
    assert len(pad.strokes) == 3
    pad.clear()
    assert pad.is_empty() and pad.strokes == []
    pad.redo()
    assert len(pad.strokes) == 1  # the clear is undone stroke by stroke


def test_signing_refuses_an_empty_pad_and_a_bad_id_then_accepts(
    qtbot: QtBot, builder: QuoteBuilder, ctx: AppContext
) -> None:
    dialog = open_dialog(qtbot, builder)
    qtbot.mouseClick(dialog.sign, Qt.MouseButton.LeftButton)
    assert dialog.errors.text_of("signature_png") == "The client has not signed yet."
    sign(dialog.pad)
    dialog.name.setText("")
    qtbot.keyClicks(dialog.name, "Laura Restrepo")
    dialog.kind.setCurrentIndex(dialog.kind.findData("nit"))
    qtbot.keyClicks(dialog.number, "900.123.456-0")
    qtbot.mouseClick(dialog.sign, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors.text_of("signer_id") != "")
    assert "check digit" in dialog.errors.text_of("signer_id")
    with unit_of_work(ctx.database.sessions) as s:
        assert s.get(Quote, builder.quote_id).status == "draft"  # type: ignore[union-attr]
        assert s.scalars(select(Attachment)).all() == []  # a refused signature files nothing
    dialog.number.clear()
    qtbot.keyClicks(dialog.number, "900.123.456-8")
    with qtbot.waitSignal(dialog.accepted_signed, timeout=20_000) as signed:
        qtbot.mouseClick(dialog.sign, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: builder.acceptance is not None)
    assert builder.acceptance is not None and builder.acceptance.sha256 == signed.args[0]
    assert builder.signed.isVisible() and "Laura Restrepo" in builder.signed.text()
    assert not builder.findChild(QPushButton, "accept_signed").isEnabled()
    with unit_of_work(ctx.database.sessions) as s:
        checked = verify(s, builder.quote_id)
        assert checked is not None and checked.record_intact and checked.quote_unchanged
        files = {f.name: f for f in A.list_for(s, "quotes", builder.quote_id)}
    # Issue 17: the signed proposal and the signature are filed with the quote's attachments,
    # named in the quote's language, as content this laptop holds (and syncs like any file).
    assert builder.data is not None and builder.data.language == "es"  # quotes' default
    number, revision = builder.data.number, builder.acceptance.revision
    pdf_name = f"Cotización-{number}-r{revision}-firmada.pdf"
    png_name = f"Firma-{number}-r{revision}.png"
    assert sorted(files) == sorted([pdf_name, png_name])
    assert files[pdf_name].is_pdf and files[png_name].is_image
    pdf = A.read(ctx.database.path, files[pdf_name])
    assert pdf.startswith(b"%PDF-") and builder.acceptance.sha256.encode() in _text_of(pdf)
    assert A.read(ctx.database.path, files[png_name]) == builder.acceptance.signature_png


def _text_of(pdf: bytes) -> bytes:
    """The PDF's text (pypdf), as bytes: the hash printed under the signatures is in it."""
    import io

    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).encode()


@pytest.mark.skipif(not TOOLS, reason="qpdf and poppler-utils (scripts/setup.sh)")
def test_the_signed_pdf_passes_qpdf_and_carries_signer_hash_and_image(
    qtbot: QtBot, builder: QuoteBuilder, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, builder)
    sign(dialog.pad)
    qtbot.keyClicks(dialog.number, "1.020.304.050")
    with qtbot.waitSignal(dialog.accepted_signed, timeout=20_000) as signed:
        qtbot.mouseClick(dialog.sign, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: builder.acceptance is not None and not builder.model.editable)
    pdfs: list[bytes] = []
    builder.render_pdf(pdfs.append)
    qtbot.waitUntil(lambda: len(pdfs) == 1, timeout=20_000)
    path = tmp_path / "aceptada.pdf"
    path.write_bytes(pdfs[0])
    subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=True)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    words = re.sub(r"\s+", " ", out.decode())
    assert builder.data is not None and builder.data.client.contact_name
    assert builder.data.client.contact_name in words  # the contact signed, as typed by default
    assert "CC 1020304050" in words and signed.args[0] in words
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True)
    assert builder.acceptance is not None
    png = builder.acceptance.signature_png
    width = int.from_bytes(png[16:20], "big")
    assert any(line.split()[3] == str(width) for line in listed.stdout.decode().splitlines()[2:])


def test_the_acceptance_syncs_to_a_real_server_which_then_refuses_changes(
    qtbot: QtBot, builder: QuoteBuilder, ctx: AppContext, tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:  # fmt: skip
    dialog = open_dialog(qtbot, builder)
    sign(dialog.pad)
    qtbot.keyClicks(dialog.number, "1020304050")
    with qtbot.waitSignal(dialog.accepted_signed, timeout=20_000) as signed:
        qtbot.mouseClick(dialog.sign, Qt.MouseButton.LeftButton)
    ctx.ops.wait()
    db = new_server_db("sqlite", tmp_path)
    add_user(db, "boss", "manager")
    server = start_server(db.url, tmp_path)
    try:
        client = SyncClient(server.base, "boss")
        client.login(PASSWORD)
        engine = SyncEngine(ctx.database.sessions, ctx.database.path, client)
        ContentSync(ctx.database, client).attach_to(engine)
        report = engine.sync()
        assert report.refused == 0, report
        # The signed PDF and the signature went up as content, not only as rows.
        content = engine.content_report
        assert isinstance(content, ContentReport)
        assert (content.uploaded, content.failed) == (2, {}), content
        with db.engine.connect() as conn:
            stored = conn.execute(
                text("SELECT data FROM sync_rows WHERE table_name = 'quote_acceptances'")
            ).scalar_one()
        record = json.loads(stored)
        assert record["sha256"] == signed.args[0] == sha256_hex(record["content"])
        assert record["signer_id"] == "1020304050"
        # A change made behind the services (raw SQL, still captured) reaches the server,
        # which refuses it in words and keeps the signed quote as it was.
        with ctx.database.sessions() as s, s.begin():
            s.execute(text("UPDATE quotes SET notes = 'otro' WHERE id = :q"),
                      {"q": builder.quote_id})  # fmt: skip
        report = engine.sync()
        assert report.refused == 1
        with ctx.database.sessions() as s:
            refused = s.scalars(select(OutboxOp).where(OutboxOp.state == "refused")).one()
            assert refused.table_name == "quotes"
            assert "was accepted and signed by" in (refused.error or "")
            assert s.scalars(select(QuoteAcceptance)).one().server_version >= 1
        client.close()
    finally:
        server.stop()
        db.dispose()


def test_a_pen_draws_with_its_pressure_and_a_finger_draws_too(qtbot: QtBot) -> None:
    """Tablet and touch events as Qt delivers them (QTest's touch device; a pen device made
    here: no tablet exists on the test machine)."""
    from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
    from PySide6.QtTest import QTest

    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(500, 200)
    pad.show()
    pen = QPointingDevice("test pen", 4242, QInputDevice.DeviceType.Stylus,
                          QPointingDevice.PointerType.Pen,
                          QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
                          1, 3)  # fmt: skip

    def tablet(kind: QEvent.Type, x: int, y: int, pressure: float) -> None:
        held = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else (
            Qt.MouseButton.LeftButton)  # fmt: skip
        event = QTabletEvent(kind, pen, QPointF(x, y), QPointF(pad.mapToGlobal(QPoint(x, y))),
                             pressure, 0.0, 0.0, 0.0, 0.0, 0.0, Qt.KeyboardModifier.NoModifier,
                             Qt.MouseButton.LeftButton, held)  # fmt: skip
        QApplication.sendEvent(pad, event)

    tablet(QEvent.Type.TabletPress, 10, 10, 0.1)
    tablet(QEvent.Type.TabletMove, 120, 90, 1.0)
    tablet(QEvent.Type.TabletRelease, 120, 90, 0.0)
    assert len(pad.strokes) == 1
    light, firm = pad.strokes[0][0][2], pad.strokes[0][1][2]
    assert light < firm  # harder on the pen, a wider line
    finger = QTest.createTouchDevice()
    QTest.touchEvent(pad, finger).press(0, QPoint(20, 150)).commit()
    QTest.touchEvent(pad, finger).move(0, QPoint(200, 60)).commit()
    QTest.touchEvent(pad, finger).release(0, QPoint(200, 60)).commit()
    assert len(pad.strokes) == 2 and len(pad.strokes[1]) == 2  # no mouse stroke made from it
    assert not pad.is_empty()
