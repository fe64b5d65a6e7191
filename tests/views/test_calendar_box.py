"""My settings → the calendar address, against the real server on loopback."""

from __future__ import annotations

from pathlib import Path

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm_desktop.sync.client import SyncClient
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.settings.settings_page import SettingsPage
from tests.sync.harness import PASSWORD, add_user, new_server_db, start_server


def test_a_rep_makes_copies_and_stops_their_calendar_address(
    ctx: AppContext, qtbot: QtBot, tmp_path: Path
) -> None:
    db = new_server_db("sqlite", tmp_path)
    add_user(db, "ana")
    server = start_server(db.url, tmp_path)
    try:
        page = SettingsPage(ctx)
        qtbot.addWidget(page)
        box = page.calendar_box
        qtbot.mouseClick(box.new_button, Qt.MouseButton.LeftButton)
        assert "Sign in" in box.status.text()  # no server yet: words, no request
        SyncClient(server.base, "ana").login(PASSWORD)  # the login dialog's work
        ctx.settings.set("sync.server_url", server.base)
        ctx.settings.set("sync.username", "ana")
        qtbot.mouseClick(box.new_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: box.address.text() != "", timeout=20_000)
        address = box.address.text()
        assert address.startswith(server.base + "/v1/calendar/")
        assert b"BEGIN:VCALENDAR" in httpx.get(address, timeout=10).content
        qtbot.mouseClick(box.copy_button, Qt.MouseButton.LeftButton)
        assert box.copy_button.isEnabled()
        qtbot.mouseClick(box.stop_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: box.address.text() == "", timeout=20_000)
        assert "stopped" in box.status.text()
        assert httpx.get(address, timeout=10).status_code == 404
        box.runner.wait()
    finally:
        server.stop()
        db.dispose()
