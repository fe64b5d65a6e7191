"""The sync views driven as a rep would: status bar, login dialog, Conflicts page."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMainWindow
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from crm_desktop.models import Account, OutboxOp
from crm_desktop.models.sync_state import SyncConflict, UnappliedRow
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.sync.conflicts import ConflictsPage
from crm_desktop.views.sync.login_dialog import LoginDialog
from crm_desktop.views.sync.sync_status import SyncController, SyncStatusWidget, install_sync
from tests.factories import make_account
from tests.memory_keyring import MemoryKeyring
from tests.sync.harness import PASSWORD, add_user, new_server_db, start_server


def _synced_account(ctx: AppContext) -> str:
    """An account as if it had been synced: its outbox op is done."""
    with ctx.database.sessions() as s, s.begin():
        account_id = make_account(s).id
        s.execute(update(OutboxOp).values(state="done"))
    return account_id


def test_status_bar_shows_pending_changes_and_waiting_decisions(
    ctx: AppContext, qtbot: QtBot
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    controller = install_sync(ctx, window)
    widget = window.findChild(SyncStatusWidget)
    assert widget is not None
    with ctx.database.sessions() as s, s.begin():
        make_account(s)
    controller.refresh_status()
    qtbot.waitUntil(lambda: widget.pending.text().startswith("1 "))
    assert widget.last.text() == "Never synced"
    with ctx.database.sessions() as s, s.begin():
        s.add(SyncConflict(table_name="accounts", row_id="x", kind="field", field="city",
                           base='"A"', server='"B"', local='"C"'))  # fmt: skip
    controller.refresh_status()
    qtbot.waitUntil(lambda: widget.conflicts.isVisibleTo(widget))
    assert widget.conflicts.text().startswith("1 ")


def test_rows_that_could_not_be_applied_are_listed_and_counted(
    ctx: AppContext, qtbot: QtBot
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    controller = install_sync(ctx, window)
    widget = window.findChild(SyncStatusWidget)
    assert widget is not None
    with ctx.database.sessions() as s, s.begin():
        s.add(UnappliedRow(table_name="quotes", row_id="q-1", version=3, kind="error",
                           payload='{"number": "JP-1"}',
                           reason="UNIQUE constraint failed: quotes.number"))  # fmt: skip
        s.add(UnappliedRow(table_name="contacts", row_id="c-1", version=1, kind="parent",
                           payload="{}", reason="waiting for accounts a-1"))  # fmt: skip
    controller.refresh_status()
    qtbot.waitUntil(lambda: widget.unapplied.isVisibleTo(widget))
    assert widget.unapplied.text().startswith("2 ")
    page = ConflictsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.unapplied.rowCount() == 2)
    assert page.tabs.tabText(3) == "Could not be applied"
    cells = {page.unapplied.item(r, 0).text(): page.unapplied.item(r, 2).text() for r in range(2)}
    assert cells["Quote: JP-1"] == "Cannot be stored here: UNIQUE constraint failed: quotes.number"
    assert cells["Contact: c-1"].startswith("Waiting for the record it belongs to")


def test_keep_my_value_becomes_a_new_change(ctx: AppContext, qtbot: QtBot) -> None:
    account_id = _synced_account(ctx)
    with ctx.database.sessions() as s, s.begin():
        s.add(SyncConflict(table_name="accounts", row_id=account_id, kind="field", field="city",
                           base='"Bogotá"', server='"Bogotá"', local='"Cali"'))  # fmt: skip
    page = ConflictsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.conflicts.rowCount() == 1)
    assert page.conflicts.item(0, 4).text() == "Cali"
    page.conflicts.selectRow(0)
    qtbot.mouseClick(page.keep_local, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.conflicts.rowCount() == 0)
    with ctx.database.sessions() as s:
        assert s.get(Account, account_id).city == "Cali"
        pending = s.scalars(select(OutboxOp).where(OutboxOp.state == "pending")).all()
    assert [json.loads(op.fields) for op in pending] == [{"city": "Cali"}]


def test_refused_change_shows_its_reason_and_can_be_discarded(
    ctx: AppContext, qtbot: QtBot
) -> None:
    account_id = _synced_account(ctx)
    with ctx.database.sessions() as s, s.begin():
        s.add(OutboxOp(table_name="accounts", row_id=account_id, op="update", base_version=1,
                       fields='{"city": "Tunja"}', state="refused",
                       error=json.dumps({"reason": "Only a manager can reassign an account.",
                                         "problems": {}})))  # fmt: skip
    page = ConflictsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.refused.rowCount() == 1)
    assert "Only a manager" in page.refused.item(0, 2).text()
    page.refused.selectRow(0)
    qtbot.mouseClick(page.discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.refused.rowCount() == 0)
    with ctx.database.sessions() as s:
        assert s.scalars(select(OutboxOp).where(OutboxOp.state == "refused")).all() == []


def test_login_dialog_says_what_is_missing_next_to_each_field(
    ctx: AppContext, qtbot: QtBot
) -> None:
    controller = SyncController(ctx)
    dialog = LoginDialog(ctx, controller.runner)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.server, "crm.example.com")
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    assert "https://" in dialog.server_error.text()
    assert dialog.username_error.isVisibleTo(dialog) and dialog.password_error.isVisibleTo(dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_sign_in_then_sync_now_against_a_real_server(
    ctx: AppContext, qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    db = new_server_db("sqlite", tmp_path)
    add_user(db, "boss", "manager")
    server = start_server(db.url, tmp_path)
    try:
        controller = SyncController(ctx)
        dialog = LoginDialog(ctx, controller.runner)
        qtbot.addWidget(dialog)
        dialog.server.setText(server.base)
        qtbot.keyClicks(dialog.username, "boss")
        qtbot.keyClicks(dialog.password, PASSWORD)
        with qtbot.waitSignal(dialog.accepted, timeout=20_000):
            qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
        assert ctx.settings.get("sync.username") == "boss"
        assert len(memory_keyring.secrets) == 1  # the refresh token, and nothing in settings
        assert PASSWORD not in (tmp_path / "settings.json").read_text()
        with ctx.database.sessions() as s, s.begin():
            make_account(s)
        widget = SyncStatusWidget(controller)
        qtbot.addWidget(widget)
        with qtbot.waitSignal(controller.sync_finished, timeout=30_000) as finished:
            qtbot.mouseClick(widget.sync_button, Qt.MouseButton.LeftButton)
        assert finished.args[0].pushed == 1 and finished.args[0].refused == 0
        qtbot.waitUntil(lambda: widget.pending.text().startswith("0 "))
        assert widget.last.text().startswith("Last sync:")
    finally:
        server.stop()
        db.dispose()
