"""Authentication and request checking at the HTTP level (on the SQLite server)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from crm_desktop.sync import protocol as P
from crm_desktop.sync.client import SyncClient, SyncError
from crm_desktop.sync.credentials import SERVICE
from crm_server import admin
from tests.memory_keyring import MemoryKeyring
from tests.sync.harness import PASSWORD, ServerDb, ServerProcess, add_user

pytestmark = pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
HEADERS = {P.PROTOCOL_HEADER: "1", P.SCHEMA_HEADER: "1"}


def _post(server: ServerProcess, path: str, body: object, **headers: str) -> httpx.Response:
    return httpx.post(f"{server.base}{path}", json=body, headers=HEADERS | headers, timeout=10)


def test_login_keeps_only_the_refresh_token_in_the_keyring(
    server: ServerProcess, server_db: ServerDb, memory_keyring: MemoryKeyring
) -> None:
    add_user(server_db, "ana")
    client = SyncClient(server.base, "ana")
    user = client.login(PASSWORD)
    assert user.role == "rep"
    [(service, _account)] = memory_keyring.others()
    assert service == SERVICE
    first = next(iter(memory_keyring.others().values()))
    fresh = SyncClient(server.base, "ana")  # a new start of the program: no access token yet
    assert fresh.has_credentials()
    fresh.pull(P.PullRequest(protocol=1, schema_version=1, client_id="c-1"))
    assert next(iter(memory_keyring.others().values())) != first  # refresh tokens rotate
    fresh.logout()
    assert memory_keyring.others() == {}
    gone = _post(server, "/v1/auth/refresh", {"refresh_token": first})
    assert gone.status_code == 401


def test_repeated_failed_logins_are_slowed_down(
    pinned_server: ServerProcess, server_db: ServerDb
) -> None:
    server = pinned_server
    add_user(server_db, "ana")
    codes = [
        _post(server, "/v1/auth/login", {"username": "ana", "password": "wrong-one"}).status_code
        for _ in range(5)
    ]
    assert codes[:3] == [401, 401, 401] and 429 in codes[3:]
    slowed = _post(server, "/v1/auth/login", {"username": "ana", "password": PASSWORD})
    assert slowed.status_code == 429 and int(slowed.headers["Retry-After"]) >= 1
    assert "wait" in slowed.json()["message"]


def test_deactivated_user_is_stopped_at_once(server: ServerProcess, server_db: ServerDb) -> None:
    add_user(server_db, "ana")
    client = SyncClient(server.base, "ana")
    client.login(PASSWORD)
    with server_db.engine.begin() as conn:
        admin.set_active(conn, "ana", False)
    with pytest.raises(SyncError) as refused:
        client.pull(P.PullRequest(protocol=1, schema_version=1, client_id="c-1"))
    # Stopped, and told to erase its data (issue 12): not merely asked to sign in again.
    assert refused.value.kind == "wipe" and refused.value.code == "user_deactivated"


def test_old_clients_are_told_to_update_in_words(server: ServerProcess) -> None:
    answer = _post(
        server, "/v1/auth/login", {"username": "x", "password": "y"}, **{P.PROTOCOL_HEADER: "0"}
    )
    assert answer.status_code == 426
    assert "too old" in answer.json()["message"] and "update" in answer.json()["message"]


@pytest.mark.parametrize(
    "body", [{"username": ""}, {"username": "a", "password": "b", "extra": 1}, [], "text"]
)
def test_bad_bodies_get_a_4xx_with_a_message(server: ServerProcess, body: object) -> None:
    answer = _post(server, "/v1/auth/login", body)
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_request" and answer.json()["message"]


def test_requests_without_a_token_are_refused(server: ServerProcess) -> None:
    answer = _post(server, "/v1/sync/pull", {"protocol": 1, "schema_version": 1, "client_id": "c"})
    assert answer.status_code == 401
    forged = _post(
        server,
        "/v1/sync/pull",
        {"protocol": 1, "schema_version": 1, "client_id": "c"},
        Authorization="Bearer eyJzdWIiOiJ4In0.AAAA",
    )
    assert forged.status_code == 401


def test_openapi_document_describes_the_endpoints(server: ServerProcess, tmp_path: Path) -> None:
    doc = httpx.get(f"{server.base}/openapi.json", timeout=10).json()
    assert {
        "/v1/auth/login",
        "/v1/auth/refresh",
        "/v1/auth/logout",
        "/v1/sync/push",
        "/v1/sync/pull",
    } <= set(doc["paths"])
