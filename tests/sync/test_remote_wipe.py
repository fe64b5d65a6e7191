"""Remote wipe: a revoked laptop, or a deactivated user's, erases its data at its next contact.

Real server (uvicorn on loopback, SQLite and PostgreSQL), real laptop database files.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from crm_desktop.secure.wipe import read_notice
from crm_desktop.services.core.device import client_id
from crm_desktop.sync import protocol as P
from crm_desktop.sync.client import SyncClient, SyncError, _error_of
from crm_desktop.sync.engine import SyncEngine
from crm_server import admin
from crm_server.__main__ import main as server_main
from crm_server.db.schema import laptops, sync_rows
from tests.memory_keyring import MemoryKeyring
from tests.sync.harness import PASSWORD, Laptop, ServerDb, ServerProcess, add_user, make_laptop


def _laptop_files(laptop: Laptop) -> list[Path]:
    """What a rep's laptop holds beside the database: a backup, an import journal, settings."""
    path = laptop.db.path
    extra = [
        path.with_name(path.name + ".bak"),
        path.parent / "imports" / "batches" / "b1.json",
        path.with_name(path.stem + ".settings.json"),
    ]
    for file in extra:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text('{"legal_name": "Ferretería El Tornillo"}', encoding="utf-8")
    return [path, path.with_name(path.name + ".sync-id"), *extra]


def _device(laptop: Laptop) -> str:
    with laptop.tx() as s:
        return client_id(s)


def _server_names(db: ServerDb) -> set[str]:
    with db.engine.connect() as conn:
        rows = conn.execute(select(sync_rows.c.data).where(sync_rows.c.table_name == "accounts"))
        return {json.loads(r.data)["legal_name"] for r in rows}


def test_a_revoked_laptop_pushes_nothing_more_and_erases_itself(
    tmp_path: Path,
    template_db: Path,
    server: ServerProcess,
    server_db: ServerDb,
    memory_keyring: MemoryKeyring,
) -> None:
    rep = add_user(server_db, "ana")
    add_user(server_db, "boss", "manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    m = make_laptop("m", tmp_path, template_db, server, "boss")
    a.new_account(rep, legal_name="Ferretería El Tornillo S.A.S.")
    a.sync()
    files = _laptop_files(a)
    assert all(f.exists() for f in files)
    device = _device(a)
    with server_db.engine.begin() as conn:
        assert admin.revoke_laptop(conn, device, "robado en un taxi") == "ana"
    a.new_account(rep, legal_name="Distribuidora La Tuerca Ltda.")  # written after revocation

    with pytest.raises(SyncError) as told:
        a.sync()
    assert told.value.kind == "wipe" and told.value.code == "laptop_revoked"
    assert "revoked" in told.value.message
    assert [f for f in files if f.exists()] == []
    assert not (a.db.path.parent / "imports").exists()
    notice = read_notice(a.db.path)
    assert notice is not None and notice.code == "laptop_revoked" and notice.left == ()
    assert "Tornillo" not in a.db.path.with_name(a.db.path.name + ".wiped").read_text()
    assert not any(account.startswith("ana@") for _s, account in memory_keyring.secrets)
    # Nothing more was pushed; the manager's laptop goes on as before.
    assert _server_names(server_db) == {"Ferretería El Tornillo S.A.S."}
    m.sync()
    with server_db.engine.connect() as conn:
        row = conn.execute(select(laptops).where(laptops.c.client_id == device)).one()
    assert row.revoked_at is not None and row.told_at is not None
    assert row.revoked_reason == "robado en un taxi"
    a.client.close()
    m.close()


def test_a_revoked_laptop_cannot_sign_in_again_and_is_told_why(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    add_user(server_db, "ana")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    device = _device(a)
    with server_db.engine.begin() as conn:
        admin.revoke_laptop(conn, device)
    fresh = SyncClient(server.base, "ana")  # a new start: only the refresh token in the keyring
    fresh.client_id = device
    with pytest.raises(SyncError) as refreshing:
        fresh.pull(P.PullRequest(protocol=1, schema_version=1, client_id=device))
    assert refreshing.value.code == "laptop_revoked"
    with pytest.raises(SyncError) as signing_in:
        fresh.login(PASSWORD)  # the right password does not bring a revoked laptop back
    assert signing_in.value.kind == "wipe" and signing_in.value.code == "laptop_revoked"
    other = SyncClient(server.base, "ana")  # another laptop of the same rep still works
    other.client_id = "another-laptop"
    other.login(PASSWORD)
    other.pull(P.PullRequest(protocol=1, schema_version=1, client_id="another-laptop"))
    # The sign-in dialog's way: the laptop names itself, is refused, and erases itself.
    signing = SyncEngine(a.db.sessions, a.db.path, SyncClient(server.base, "ana"))
    with pytest.raises(SyncError) as dialog_sign_in:
        signing.sign_in(PASSWORD)
    assert dialog_sign_in.value.code == "laptop_revoked"
    assert not a.db.path.exists() and read_notice(a.db.path) is not None
    for client in (fresh, other, signing.client):
        client.close()
    a.client.close()


def test_a_deactivated_users_laptop_erases_itself_at_next_contact(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    rep = add_user(server_db, "ana")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    a.new_account(rep, legal_name="Ferretería El Tornillo S.A.S.")
    a.sync()
    files = _laptop_files(a)
    with server_db.engine.begin() as conn:
        admin.set_active(conn, "ana", False)
    a.new_account(rep, legal_name="Distribuidora La Tuerca Ltda.")
    with pytest.raises(SyncError) as told:
        a.sync()
    assert told.value.kind == "wipe" and told.value.code == "user_deactivated"
    assert [f for f in files if f.exists()] == []
    notice = read_notice(a.db.path)
    assert notice is not None and "deactivated" in notice.message
    assert _server_names(server_db) == {"Ferretería El Tornillo S.A.S."}
    a.client.close()


def test_admin_commands_list_revoke_and_give_the_unlock_code(
    tmp_path: Path,
    template_db: Path,
    server: ServerProcess,
    server_db: ServerDb,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_user(server_db, "ana")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    device = _device(a)
    url = ["--database-url", server_db.url]
    assert server_main([*url, "list-laptops"]) == 0
    assert device in capsys.readouterr().out
    assert server_main([*url, "unlock-code", device]) == 0
    assert "Unlock code" in capsys.readouterr().out
    assert server_main([*url, "revoke-laptop", "no-such-laptop"]) == 1
    assert "No laptop" in capsys.readouterr().err
    assert server_main([*url, "revoke-laptop", device, "--reason", "perdido"]) == 0
    assert "revoked" in capsys.readouterr().out
    assert server_main([*url, "list-laptops"]) == 0
    assert "REVOKED" in capsys.readouterr().out
    assert server_main([*url, "unlock-code", device]) == 1  # a revoked laptop has none
    a.close()


def test_a_410_without_the_wipe_codes_erases_nothing() -> None:
    """Only the server's own wipe codes make a laptop erase itself (a proxy's 410 does not)."""
    assert _error_of(httpx.Response(410, json={"code": "gone", "message": "Gone."})).kind == (
        "refused"
    )
    wipe = _error_of(httpx.Response(410, json={"code": "laptop_revoked", "message": "Revoked."}))
    assert wipe.kind == "wipe"
