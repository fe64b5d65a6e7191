"""A laptop that has not synced for N days locks; a sync or the manager's one-time code unlocks.

The laptop's clock is pinned (FixedClock) and moved by the test; the server is real.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from crm_desktop.clock import FixedClock
from crm_desktop.database import open_database
from crm_desktop.secure.sqlcipher import copy_database
from crm_desktop.secure.stale import stale_state, unlock_with_code
from crm_desktop.sync.client import SyncClient
from crm_server import admin
from tests.sync.harness import PASSWORD, Laptop, ServerDb, ServerProcess, add_user

pytestmark = pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
DAYS = 30


def _laptop(tmp_path: Path, template_db: Path, server: ServerProcess, clock: FixedClock) -> Laptop:
    path = tmp_path / "a.db"
    copy_database(template_db, path)
    client = SyncClient(server.base, "ana")
    client.login(PASSWORD)
    return Laptop("a", open_database(path, clock), client)


def test_a_laptop_locks_after_n_days_without_a_sync_and_a_sync_unlocks_it(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb, clock: FixedClock
) -> None:
    add_user(server_db, "ana")
    a = _laptop(tmp_path, template_db, server, clock)
    with a.tx() as s:
        assert not stale_state(s, DAYS, clock.now()).locked  # never synced: nothing to lock
    a.sync()
    clock.advance(timedelta(days=DAYS) - timedelta(minutes=1))
    with a.tx() as s:
        state = stale_state(s, DAYS, clock.now())
        assert not state.locked and state.days_without == DAYS - 1
    clock.advance(timedelta(minutes=1))
    with a.tx() as s:
        state = stale_state(s, DAYS, clock.now())
        assert state.locked and state.days_without == DAYS and state.can_unlock
        assert not stale_state(s, 0, clock.now()).locked  # 0 days: the lock is off
    a.sync()
    with a.tx() as s:
        assert not stale_state(s, DAYS, clock.now()).locked
    a.close()


def test_the_managers_code_unlocks_once_until_the_next_sync(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb, clock: FixedClock
) -> None:
    add_user(server_db, "ana")
    a = _laptop(tmp_path, template_db, server, clock)
    a.sync()
    with a.tx() as s:
        device = stale_state(s, DAYS, clock.now()).device
    with server_db.engine.begin() as conn:
        code = admin.unlock_code(conn, device)
    clock.advance(timedelta(days=DAYS + 2))
    with a.tx() as s:
        assert not unlock_with_code(s, "AAAA-BBBB-CCCC", DAYS, clock.now())
        assert stale_state(s, DAYS, clock.now()).locked
        assert unlock_with_code(s, code.lower().replace("-", " "), DAYS, clock.now())
        assert not stale_state(s, DAYS, clock.now()).locked
    clock.advance(timedelta(days=DAYS))
    with a.tx() as s:
        state = stale_state(s, DAYS, clock.now())
        assert state.locked and not state.can_unlock
        assert not unlock_with_code(s, code, DAYS, clock.now())  # used once already
    a.sync()  # unlocked by the sync, with a new code for the next time
    with server_db.engine.begin() as conn:
        fresh = admin.unlock_code(conn, device)
    assert fresh != code
    clock.advance(timedelta(days=DAYS))
    with a.tx() as s:
        assert stale_state(s, DAYS, clock.now()).locked
        assert not unlock_with_code(s, code, DAYS, clock.now())  # the old code expired
        assert unlock_with_code(s, fresh, DAYS, clock.now())
    a.close()
