"""Every session the laptop opens names it, a manager's merge made before any sync included, so a
revoked laptop is refused there too (real server on loopback)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from crm_desktop.services.core.device import client_id
from crm_desktop.sync.client import SyncClient, SyncError
from crm_desktop.sync.identity import laptop_of
from crm_server import admin
from crm_server.db.schema import refresh_tokens
from tests.sync.harness import PASSWORD, ServerDb, ServerProcess, add_user, make_laptop


def _live_sessions(db: ServerDb) -> list[str | None]:
    """The laptop each live refresh token was issued for."""
    with db.engine.connect() as conn:
        query = select(refresh_tokens.c.client_id).where(refresh_tokens.c.revoked_at.is_(None))
        return list(conn.scalars(query))


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
def test_a_merge_before_any_sync_names_the_laptop_and_a_revoked_one_is_refused(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    add_user(server_db, "boss", "manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    one, two = a.new_account(ana, legal_name="Uno"), a.new_account(ana, legal_name="Dos")
    a.sync()
    m = make_laptop("m", tmp_path, template_db, server, "boss")
    with m.db.sessions() as s:
        device = client_id(s)
    m.client.close()
    SyncClient(server.base, "boss").login(PASSWORD)  # a session that names no laptop (before)
    # A new start of the program: only the refresh token in the keyring, and no sync yet.
    fresh = SyncClient(server.base, "boss", laptop=laptop_of(lambda: m.db.sessions, m.db.path))

    fresh.merge_accounts(one, two, [])

    assert device in _live_sessions(server_db)  # the refresh named the laptop
    with server_db.engine.begin() as conn:
        admin.revoke_laptop(conn, device)
    with pytest.raises(SyncError) as same_session:  # its access token names it: refused at once
        fresh.duplicate_accounts()
    assert same_session.value.code == "laptop_revoked"
    again = SyncClient(server.base, "boss", laptop=laptop_of(lambda: m.db.sessions, m.db.path))
    with pytest.raises(SyncError) as next_start:  # and its refresh token is bound to it now
        again.duplicate_accounts()
    assert next_start.value.code == "laptop_revoked"
    for client in (fresh, again, a.client):
        client.close()
