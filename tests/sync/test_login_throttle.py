"""Login that slows attackers, not users; sessions that end when they must (real server)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from crm_server import admin, throttle
from tests.sync.harness import (
    PASSWORD,
    ServerDb,
    ServerProcess,
    add_user,
    pinned_env,
    start_server,
)
from tests.sync.raw import VERSIONS, login

pytestmark = pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)


@pytest.fixture
def proxied(server_db: ServerDb, tmp_path: Path, pinned_at: datetime) -> Iterator[ServerProcess]:
    """`crm-server run --fd N` trusting X-Forwarded-For from loopback (a proxy in front)."""
    cli = ["--forwarded-allow-ips", "127.0.0.1"]
    proc = start_server(server_db.url, tmp_path, cli=cli, env=pinned_env(pinned_at))
    yield proc
    proc.stop()


@pytest.fixture
def direct(server_db: ServerDb, tmp_path: Path, pinned_at: datetime) -> Iterator[ServerProcess]:
    """`crm-server run --fd N` with its defaults: no proxy is trusted."""
    proc = start_server(server_db.url, tmp_path, cli=[], env=pinned_env(pinned_at))
    yield proc
    proc.stop()


def _try(server: ServerProcess, user: str, password: str, ip: str | None = None) -> httpx.Response:
    headers = VERSIONS | ({"X-Forwarded-For": ip} if ip else {})
    return httpx.post(
        f"{server.base}/v1/auth/login",
        json={"username": user, "password": password},
        headers=headers,
        timeout=30,
    )


def test_forwarded_addresses_are_not_believed_by_default(
    direct: ServerProcess, server_db: ServerDb
) -> None:
    add_user(server_db, "ana")
    codes = [_try(direct, "ana", "wrong-pass", f"10.0.0.{i}").status_code for i in range(6)]
    assert codes[:3] == [401, 401, 401] and codes[3:] == [429, 429, 429]


def test_rotating_addresses_does_not_help_and_the_real_user_still_gets_in(
    proxied: ServerProcess, server_db: ServerDb
) -> None:
    add_user(server_db, "ana")
    assert _try(proxied, "ana", PASSWORD, "192.0.2.10").status_code == 200  # her usual address
    codes = [
        _try(proxied, "ana", "wrong-pass", f"10.1.{i // 250}.{i % 250}").status_code
        for i in range(throttle.ACCOUNT_FREE + 3)
    ]
    assert codes[: throttle.ACCOUNT_FREE] == [401] * throttle.ACCOUNT_FREE
    assert set(codes[throttle.ACCOUNT_FREE :]) == {429}  # a fresh address gains nothing
    assert _try(proxied, "ana", PASSWORD, "10.9.9.9").status_code == 429  # nor the password
    assert _try(proxied, "ana", PASSWORD, "192.0.2.10").status_code == 200  # she gets in


def test_one_address_trying_many_accounts_is_slowed(
    proxied: ServerProcess, server_db: ServerDb
) -> None:
    add_user(server_db, "ana")
    attacker = "203.0.113.7"
    codes = [
        _try(proxied, f"user{i}", "wrong-pass", attacker).status_code
        for i in range(throttle.ADDRESS_FREE + 2)
    ]
    assert codes[: throttle.ADDRESS_FREE] == [401] * throttle.ADDRESS_FREE
    assert codes[-1] == 429
    assert _try(proxied, "ana", PASSWORD, "198.51.100.4").status_code == 200  # elsewhere: fine


def test_failure_counts_expire_and_are_pruned(server_db: ServerDb) -> None:
    with server_db.engine.begin() as conn:
        for i in range(20):
            throttle.begin(conn, f"random{i}", "203.0.113.9", 1000.0)
    with server_db.engine.begin() as conn:
        later = 1000.0 + throttle.FAILURE_TTL + 1
        attempt = throttle.begin(conn, "random0", "203.0.113.9", later)
        rows = conn.exec_driver_sql("SELECT count(*) FROM login_throttle").scalar()
    assert attempt.wait == 0
    assert rows == 3  # only this attempt's pair, account and address


def _refresh(server: ServerProcess, token: str) -> httpx.Response:
    return httpx.post(
        f"{server.base}/v1/auth/refresh", json={"refresh_token": token}, headers=VERSIONS
    )


def test_reusing_a_rotated_refresh_token_ends_its_whole_family(
    server: ServerProcess, server_db: ServerDb
) -> None:
    add_user(server_db, "ana")
    first = login(server, "ana")["refresh_token"]
    other_laptop = login(server, "ana")["refresh_token"]
    second = _refresh(server, first).json()["refresh_token"]
    third = _refresh(server, second).json()["refresh_token"]
    stolen = _refresh(server, first)  # an old token again: a copy is in other hands
    assert stolen.status_code == 401
    assert _refresh(server, third).status_code == 401  # the live one of its family ended too
    assert _refresh(server, other_laptop).status_code == 200  # another login's family lives


def test_a_refresh_retried_after_a_lost_answer_is_not_a_theft(
    server: ServerProcess, server_db: ServerDb
) -> None:
    add_user(server_db, "ana")
    first = login(server, "ana")["refresh_token"]
    lost = _refresh(server, first).json()["refresh_token"]  # the laptop never got this answer
    retried = _refresh(server, first)
    assert retried.status_code == 200
    assert _refresh(server, retried.json()["refresh_token"]).status_code == 200  # it works on
    assert _refresh(server, lost).status_code == 401  # the unseen successor was revoked


@pytest.mark.parametrize("how", ["set-password", "deactivate", "logout-everywhere"])
def test_password_change_deactivation_and_logout_everywhere_end_sessions(
    server: ServerProcess, server_db: ServerDb, how: str
) -> None:
    add_user(server_db, "ana")
    tokens = login(server, "ana")
    access = {"Authorization": f"Bearer {tokens['access_token']}"}
    if how == "logout-everywhere":
        ended = httpx.post(f"{server.base}/v1/auth/logout-everywhere", headers=VERSIONS | access)
        assert ended.status_code == 200
    else:
        with server_db.engine.begin() as conn:
            if how == "set-password":
                admin.set_password(conn, "ana", "another-pass-2")
            else:
                admin.set_active(conn, "ana", False)
    # A deactivated user's laptop is told to erase its data (410), the others to sign in again.
    ended = 410 if how == "deactivate" else 401
    assert _refresh(server, tokens["refresh_token"]).status_code == ended
    me = httpx.get(f"{server.base}/v1/me", headers=VERSIONS | access)
    assert me.status_code == ended
