"""The sync views driven as a rep would: status bar, login dialog, Conflicts page."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from crm_desktop.models import Account, OutboxOp
from crm_desktop.models.sync_state import SyncConflict, UnappliedRow
from crm_desktop.secure.unlock import UNLOCK_SERVICE
from crm_desktop.services.core import crud
from crm_desktop.services.core.device import client_id, meta_set
from crm_desktop.sync.client import SyncClient, SyncError, server_url_problem
from crm_desktop.sync.credentials import save_refresh_token
from crm_desktop.sync.engine import LAST_ERROR_KEY, LAST_KIND_KEY
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.sync.conflicts import ConflictsPage
from crm_desktop.views.sync.login_dialog import LoginDialog
from crm_desktop.views.sync.sync_status import SyncController, SyncStatusWidget, install_sync
from crm_server.db.schema import laptops
from tests.factories import NO_CONSENT, account_values, make_account
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
        make_account(s, **NO_CONSENT)
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
    # In words, not SQLite's English ("UNIQUE constraint failed: quotes.number").
    assert cells["Quote: JP-1"] == "Another record on this laptop already has the same Number."
    assert cells["Contact: c-1"] == (
        "Waiting for the account it belongs to, which has not arrived yet."
    )
    assert widget.unapplied.toolTip() in cells.values()  # the newest one, in the status bar


def test_a_row_that_can_never_be_applied_is_dismissed_with_a_reason(
    ctx: AppContext, qtbot: QtBot
) -> None:
    ctx.user_id = "u-ana"
    window = QMainWindow()
    qtbot.addWidget(window)
    controller = install_sync(ctx, window)
    widget = window.findChild(SyncStatusWidget)
    assert widget is not None
    with ctx.database.sessions() as s, s.begin():
        s.add(UnappliedRow(table_name="quotes", row_id="q-2", version=3, kind="error",
                           payload='{"number": "JP-1"}',
                           reason="UNIQUE constraint failed: quotes.number"))  # fmt: skip
    controller.refresh_status()
    qtbot.waitUntil(lambda: widget.unapplied.isVisibleTo(widget))
    page = ConflictsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.unapplied.rowCount() == 1)
    assert not page.dismiss.isEnabled()  # nothing chosen, no reason
    page.unapplied.selectRow(0)
    assert not page.dismiss.isEnabled()  # a reason is required
    qtbot.keyClicks(page.dismiss_reason, "Duplicada de la JP-1")
    assert page.dismiss.isEnabled()
    qtbot.mouseClick(page.dismiss, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.unapplied.rowCount() == 0)
    assert page.dismiss_reason.text() == "" and not page.dismiss.isEnabled()
    with ctx.database.sessions() as s:
        entry = s.get(UnappliedRow, ("quotes", "q-2"))
        assert (entry.dismissed_by, entry.dismiss_reason) == ("u-ana", "Duplicada de la JP-1")
        assert entry.dismissed_at is not None
    controller.refresh_status()  # the status bar no longer counts it
    qtbot.waitUntil(lambda: not widget.unapplied.isVisibleTo(widget))
    fresh = ConflictsPage(ctx)  # not shown again
    qtbot.addWidget(fresh)
    ctx.ops.wait()
    QCoreApplication.processEvents()
    assert fresh.unapplied.rowCount() == 0


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


def test_login_dialog_puts_the_cursor_in_the_first_empty_field(
    ctx: AppContext, qtbot: QtBot
) -> None:
    """Walking the demo: the server and the user were filled in, the cursor was in the server's
    address, and the password typed went there."""
    controller = SyncController(ctx)
    ctx.settings.set("sync.server_url", "http://127.0.0.1:8765")
    ctx.settings.set("sync.username", "jpgomez")
    dialog = LoginDialog(ctx, controller.runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.password.hasFocus())
    ctx.settings.set("sync.username", "")
    again = LoginDialog(ctx, controller.runner)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.username.hasFocus())


def test_login_dialog_refuses_plain_http_to_another_machine(ctx: AppContext, qtbot: QtBot) -> None:
    controller = SyncController(ctx)
    dialog = LoginDialog(ctx, controller.runner)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.server, "http://crm.example.com")
    qtbot.keyClicks(dialog.username, "jpgomez")
    qtbot.keyClicks(dialog.password, "secreto")
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    assert "travel unprotected" in dialog.server_error.text()
    assert dialog.server_error.isVisibleTo(dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted
    with pytest.raises(SyncError) as refused:  # nor can anything else send a password in clear
        SyncClient("http://10.1.2.3:8765", "jpgomez")
    assert refused.value.kind == "insecure"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://crm.example.com", None),
        ("http://127.0.0.1:8765", None),
        ("http://localhost:8765/", None),
        ("http://[::1]:8765", None),
        ("http://192.168.1.20:8765", "plain_http"),
        ("http://crm.example.com", "plain_http"),
        ("crm.example.com", "address"),
        ("ftp://crm.example.com", "address"),
        ("https://", "address"),
    ],
)
def test_which_server_addresses_are_accepted(url: str, problem: str | None) -> None:
    assert server_url_problem(url) == problem


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
        with ctx.database.sessions() as s, db.engine.connect() as conn:  # named at sign-in
            assert conn.execute(select(laptops.c.client_id)).scalars().all() == [client_id(s)]
        # the refresh token and the idle lock's argon2id hash (never the password), nothing in
        # settings
        kept = memory_keyring.others()
        assert {service for service, _user in kept} == {"crm-desktop-sync", UNLOCK_SERVICE}
        assert kept[(UNLOCK_SERVICE, "boss")].startswith("$argon2id$")
        assert PASSWORD not in kept.values()
        assert PASSWORD not in (tmp_path / "settings.json").read_text()
        with ctx.database.sessions() as s, s.begin():
            make_account(s, **NO_CONSENT)
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


def test_a_first_sync_by_bootstrap_shows_the_rows_received(
    ctx: AppContext, qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    db = new_server_db("sqlite", tmp_path)
    add_user(db, "boss", "manager")
    server = start_server(db.url, tmp_path)
    try:
        ctx.settings.set("sync.bootstrap", 1)
        controller = SyncController(ctx)
        dialog = LoginDialog(ctx, controller.runner)
        qtbot.addWidget(dialog)
        dialog.server.setText(server.base)
        qtbot.keyClicks(dialog.username, "boss")
        qtbot.keyClicks(dialog.password, PASSWORD)
        with qtbot.waitSignal(dialog.accepted, timeout=20_000):
            qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
        widget = SyncStatusWidget(controller)
        qtbot.addWidget(widget)
        seen: list[tuple[int, int]] = []
        controller.progress.connect(lambda done, total: seen.append((done, total)))
        with qtbot.waitSignal(controller.sync_finished, timeout=30_000):
            qtbot.mouseClick(widget.sync_button, Qt.MouseButton.LeftButton)
        assert seen and seen[-1][0] == seen[-1][1] >= 1  # the users it points at, at least
        controller.running = True  # as during a sync: the button tells how far it is
        controller.progress.emit(12000, 250000)
        assert widget.sync_button.text() == "Receiving 12,000 of 250,000 rows…"
        controller.running = False
    finally:
        server.stop()
        db.dispose()


def test_a_push_in_pages_shows_the_changes_sent(
    ctx: AppContext, qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    """A long push (issue 16, item 4) goes in pages of 500, and the button counts them:
    "Enviando 500 de 600 cambios…" while the rest is on its way."""
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
        with ctx.database.sessions() as s, s.begin():
            for n in range(600):  # a week's new accounts, as a sync sees them
                crud.create(s, Account, account_values(legal_name=f"Finca {n}", **NO_CONSENT))
        widget = SyncStatusWidget(controller)
        qtbot.addWidget(widget)
        shown: list[str] = []  # the button's text as each page's answer arrives
        controller.sending.connect(lambda *_: shown.append(widget.sync_button.text()))
        with qtbot.waitSignal(controller.sync_finished, timeout=60_000) as finished:
            qtbot.mouseClick(widget.sync_button, Qt.MouseButton.LeftButton)
        assert finished.args[0].pushed == 600
        assert shown == [
            "Sending 0 of 600 changes…",
            "Sending 500 of 600 changes…",  # a page is 500 changes
            "Sending 600 of 600 changes…",
        ]
        qtbot.waitUntil(lambda: widget.sync_button.text() == "Sync now")  # back when done
    finally:
        server.stop()
        db.dispose()


def _offline(ctx: AppContext) -> None:
    """Settings of a server that does not answer (a closed port), with a stored sign-in."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    ctx.settings.set("sync.server_url", url)
    ctx.settings.set("sync.username", "rep")
    save_refresh_token(url, "rep", "a-refresh-token-0123456789")


def test_sync_now_offline_answers_every_time(ctx: AppContext, qtbot: QtBot) -> None:
    """Issue 11, item 3: the second press is seen too (cleared, then said again, with a time)."""
    _offline(ctx)
    controller = SyncController(ctx)
    widget = SyncStatusWidget(controller)
    qtbot.addWidget(widget)
    for _press in range(2):
        with qtbot.waitSignal(controller.sync_started, timeout=5_000):
            qtbot.mouseClick(widget.sync_button, Qt.MouseButton.LeftButton)
        assert widget.error.isHidden()  # the old answer is gone while it tries
        with qtbot.waitSignal(controller.sync_failed, timeout=30_000):
            pass
        assert not widget.error.isHidden()
        assert "cannot be reached" in widget.error.text()
        assert widget.sync_button.isEnabled()
    controller.wait()


def test_an_error_left_by_a_previous_run_is_not_shown_at_start(
    ctx: AppContext, qtbot: QtBot
) -> None:
    with ctx.database.sessions() as s, s.begin():
        meta_set(s, LAST_ERROR_KEY, "The server cannot be reached (ConnectError).")
        meta_set(s, LAST_KIND_KEY, "offline")
    controller = SyncController(ctx)
    widget = SyncStatusWidget(controller)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(controller.status_changed, timeout=5_000):
        controller.refresh_status()
    assert widget.error.isHidden()


def test_a_failed_sync_at_exit_says_so_and_offers_to_keep_the_program_open(
    ctx: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _offline(ctx)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    with ctx.database.sessions() as s, s.begin():
        make_account(s, **NO_CONSENT)  # a change not on the server yet
    controller = install_sync(ctx, window)
    controller.wait()
    qtbot.waitUntil(lambda: not controller.running)
    with qtbot.waitSignal(controller.status_changed, timeout=5_000):
        controller.refresh_status()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    guard = controller.exit_guard  # type: ignore[attr-defined]
    for choice, stays_open in (("Keep open", True), ("Close anyway", False)):
        window.close()
        qtbot.waitUntil(lambda: guard.failure_box is not None and guard.failure_box.isVisible(),
                        timeout=30_000)  # fmt: skip
        box = guard.failure_box
        assert "could not be sent" in box.text() and "1 change stays" in box.text()
        (button,) = [b for b in box.buttons() if b.text() == choice]
        button.click()
        qtbot.waitUntil(lambda stays=stays_open: window.isVisible() == stays)
        guard.failure_box = None
    controller.wait()


def test_the_client_for_a_managers_merge_names_this_laptop_before_any_sync(
    ctx: AppContext,
) -> None:
    """The duplicates dialog takes the controller's client: its first login or refresh must
    name the laptop (the file's client id) even when no sync ran in this process."""
    ctx.settings.set("sync.server_url", "http://127.0.0.1:8765")
    ctx.settings.set("sync.username", "jefa")
    client = SyncController(ctx).client()
    assert client.client_id is None  # nothing asked of the file yet
    named = client.laptop_id()
    with ctx.database.sessions() as s:
        assert named == client_id(s)  # the file's own id, kept in it
