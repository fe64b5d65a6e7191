"""The calendar address is a credential: `crm-server run`'s access log never shows its token."""

from __future__ import annotations

from pathlib import Path

import httpx

from crm_server import calendar_feed
from tests.sync.harness import ServerDb, add_user, start_server


def test_the_access_log_hides_calendar_tokens(tmp_path: Path, server_db: ServerDb) -> None:
    ana = add_user(server_db, "ana")
    with server_db.engine.begin() as conn:
        token = calendar_feed.issue(conn, ana, 0.0)
    server = start_server(server_db.url, tmp_path, cli=[])  # as deployed: access log on
    try:
        assert httpx.get(f"{server.base}/v1/calendar/{token}.ics", timeout=10).status_code == 200
        assert httpx.get(f"{server.base}/v1/calendar/{token}x.ics", timeout=10).status_code == 404
    finally:
        server.stop()
    log = server.log.read_text()
    assert "/v1/calendar/….ics" in log  # the request is logged...
    assert token not in log  # ...without its token
