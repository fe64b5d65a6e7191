"""A manager merges two reps' copies of one company from the Duplicate accounts dialog, against
the real server on loopback (the reps' laptops are real database files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from crm_desktop.models import Account
from crm_desktop.sync.client import SyncClient
from crm_desktop.sync.engine import SyncEngine
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.sync.duplicates_dialog import DuplicateAccountsDialog
from crm_desktop.views.sync.sync_worker import NetworkRunner
from tests.sync.harness import PASSWORD, add_user, make_laptop, new_server_db, start_server


def test_a_manager_picks_values_field_by_field_and_merges(
    ctx: AppContext,
    qtbot: QtBot,
    tmp_path: Path,
    template_db: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = new_server_db("sqlite", tmp_path)
    ana, beto = add_user(db, "ana"), add_user(db, "beto")
    add_user(db, "boss", "manager")
    server = start_server(db.url, tmp_path)
    try:
        a = make_laptop("a", tmp_path, template_db, server, "ana")
        b = make_laptop("b", tmp_path, template_db, server, "beto")
        first = a.new_account(ana, legal_name="Textiles del Valle S.A.S.", trade_name=None)
        second = b.new_account(beto, legal_name="TEXTILES VALLE", trade_name="Texvalle",
                               phone="602 5550000")  # fmt: skip
        a.sync()
        b.sync()
        client = SyncClient(server.base, "boss")
        client.login(PASSWORD)
        engine = SyncEngine(ctx.database.sessions, ctx.database.path, client)
        engine.sync()
        runner = NetworkRunner()
        dialog = DuplicateAccountsDialog(ctx, lambda: client, runner)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.fields.rowCount() > 0, timeout=20_000)
        assert dialog.pairs.count() == 1 and dialog.keep_first.isChecked()
        rows = {dialog.fields.item(r, 0).text(): r for r in range(dialog.fields.rowCount())}
        assert {"Legal name", "Trade name", "Phone"} <= set(rows)
        # An empty value never wins by default: the survivor takes the other's trade name.
        assert dialog.fields.item(rows["Trade name"], 2).checkState() == Qt.CheckState.Checked
        # The manager prefers the other legal name: a click on its cell.
        dialog._cell_clicked(rows["Legal name"], 2)
        assert dialog.fields.item(rows["Legal name"], 2).checkState() == Qt.CheckState.Checked
        assert dialog.fields.item(rows["Legal name"], 1).checkState() == Qt.CheckState.Unchecked
        # The confirmation is a modal box: answered Yes here (it cannot be clicked in a test).
        monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
        with qtbot.waitSignal(dialog.merged, timeout=20_000) as merged:
            qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        assert merged.args == [first]
        qtbot.waitUntil(lambda: dialog.pairs.count() == 0, timeout=20_000)
        engine.sync()
        with ctx.database.sessions() as s:
            survivor, tomb = s.get(Account, first), s.get(Account, second)
            assert (survivor.legal_name, survivor.trade_name) == ("TEXTILES VALLE", "Texvalle")
            assert survivor.phone != "602 5550000"  # not chosen: the survivor's own stays
            assert tomb.merged_into_id == first and tomb.deleted_at is not None
        runner.wait()
        for laptop in (a, b):
            laptop.close()
        client.close()
    finally:
        server.stop()
        db.dispose()
