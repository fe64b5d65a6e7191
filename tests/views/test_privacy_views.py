"""Issue 12 on screen: data-subject rights, the audit log, the stale lock, the wipe notice, and a
read-only file; driven with qtbot on real widgets over a real database file."""

from __future__ import annotations

import json
import stat
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from crm_desktop.clock import FixedClock
from crm_desktop.database import open_database
from crm_desktop.models import Contact, PrivacyRequest
from crm_desktop.secure.stale import LAST_OK_KEY, keep_verifier
from crm_desktop.secure.wipe import WipeNotice
from crm_desktop.services.accounts.accounts import add_contact
from crm_desktop.services.core.device import meta_set
from crm_desktop.sync import protocol as P
from crm_desktop.sync.client import SyncError
from crm_desktop.views.accounts.privacy_dialog import SubjectRightsDialog
from crm_desktop.views.accounts.privacy_log import PrivacyLogDialog
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.ops import ChangeSet, Operations, ReadOnlyFile
from crm_desktop.views.sync.remote_wipe import wipe_box
from crm_desktop.views.sync.stale_lock import StaleLockGuard
from crm_desktop.views.sync.sync_status import SyncController
from tests.factories import make_account


def _contact(ctx: AppContext) -> tuple[str, str]:
    with ctx.database.sessions() as s, s.begin():
        account = make_account(s, legal_name="Ferretería El Tornillo S.A.S.")
        contact = add_contact(
            s,
            account.id,
            {"first_name": "Valentina", "last_name": "Ospinal", "email": "v@tornillo.co"},
        )
        return account.id, contact.id


def test_the_rights_dialog_exports_json_and_pdf_and_logs_it(
    ctx: AppContext, qtbot: QtBot, tmp_path: Path
) -> None:
    account_id, contact_id = _contact(ctx)
    dialog = SubjectRightsDialog(ctx, account_id, contact_id, "Valentina Ospinal")
    qtbot.addWidget(dialog)
    dialog.reason.setPlainText("Pidió por correo saber qué datos tenemos.")
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as saved:
        dialog.export_to(tmp_path)
    json_path, pdf_path = saved.args[0]
    assert json.loads(json_path.read_text(encoding="utf-8"))["person"]["email"] == "v@tornillo.co"
    assert pdf_path.read_bytes().startswith(b"%PDF")
    with ctx.database.sessions() as s:
        [request] = s.scalars(select(PrivacyRequest)).all()
    assert request.action == "export" and request.requested_by == "subject"


def test_an_erase_needs_a_reason_then_erases(ctx: AppContext, qtbot: QtBot, tmp_path: Path) -> None:
    account_id, contact_id = _contact(ctx)
    dialog = SubjectRightsDialog(ctx, account_id, contact_id, "Valentina Ospinal")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as refused:
        dialog.erase_confirmed()  # no reason given
    assert "why" in refused.args[0] and "audit log" in refused.args[0]
    dialog.reason.setPlainText("Solicitud escrita de la titular.")
    dialog.erase()
    assert dialog.confirm_box is not None and "cannot be undone" in dialog.confirm_box.text()
    with qtbot.waitSignal(dialog.erased, timeout=20_000):
        dialog.erase_confirmed()
    with ctx.database.sessions() as s:
        assert s.get(Contact, contact_id).first_name == "Titular anonimizado"
    log = PrivacyLogDialog(ctx)
    qtbot.addWidget(log)
    qtbot.waitUntil(lambda: log.table.rowCount() == 1)
    assert log.table.item(0, 6).text() == "Solicitud escrita de la titular."
    with qtbot.waitSignal(log.exported, timeout=10_000):
        log.export_to(tmp_path / "log.csv")
    lines = (tmp_path / "log.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("done_at,action") and "anonymize" in lines[1]


def test_a_laptop_without_a_sync_for_too_long_is_locked_until_the_code(
    ctx: AppContext, qtbot: QtBot, clock: FixedClock
) -> None:
    code = "ABCD-EFGH-JKLM"
    with ctx.database.sessions() as s, s.begin():
        meta_set(s, "client_id", "laptop-1")
        meta_set(s, LAST_OK_KEY, (clock.now() - timedelta(days=31)).isoformat())
        keep_verifier(s, P.UnlockVerifier(period="n1", code_hash=P.unlock_code_hash(code)))
    window = QMainWindow()
    qtbot.addWidget(window)
    controller = SyncController(ctx, window)
    guard = StaleLockGuard(ctx, controller, window)
    with qtbot.waitSignal(guard.locked, timeout=10_000):
        guard.check()
    dialog = guard.dialog
    assert dialog is not None and dialog.isVisible()
    device = dialog.findChild(QLabel, "stale_device")
    assert device is not None and "laptop-1" in device.text()
    dialog.reject()  # Escape does nothing
    assert dialog.isVisible()
    dialog.code.setText("wrong-code-0000")
    dialog.unlock()
    qtbot.waitUntil(lambda: "not this laptop" in dialog.note.text())
    dialog.code.setText(code.lower())
    with qtbot.waitSignal(dialog.unlocked, timeout=10_000):
        dialog.unlock()
    assert not dialog.isVisible()


def test_the_wipe_is_said_in_words_and_stops_syncing(ctx: AppContext, qtbot: QtBot) -> None:
    box = wipe_box(WipeNotice("laptop_revoked", "Revoked.", "2026-11-30T10:00:00+00:00"))
    assert "revoked this laptop" in box.text() and "erased" in box.text()
    controller = SyncController(ctx)
    with qtbot.waitSignal(controller.wiped) as told:
        controller._failed(SyncError("wipe", "This laptop has been revoked", "laptop_revoked"))
    assert told.args[0] == "laptop_revoked" and not controller.timer.isActive()


def test_a_read_only_file_refuses_saves_in_words(
    db_path: Path, qtbot: QtBot, tmp_path: Path
) -> None:
    db_path.chmod(stat.S_IRUSR)
    try:
        database = open_database(db_path)
        ops = Operations(database.sessions)
        ops.read_only = database.read_only
        failures: list[Exception] = []
        ops.write(lambda s: None, ChangeSet(), None, failures.append)
        qtbot.waitUntil(lambda: bool(failures))
        assert isinstance(failures[0], ReadOnlyFile) and "cannot be saved" in str(failures[0])
        from crm_desktop.views.common.read_only import show_read_only

        window = QMainWindow()
        qtbot.addWidget(window)
        show_read_only(window, database.read_only or "")
        notice = window.findChild(QLabel, "read_only_notice")
        assert notice is not None and "Read-only" in notice.text()
        database.engine.dispose()
    finally:
        db_path.chmod(0o644)
