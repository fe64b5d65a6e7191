"""The row lists kept for evicted accounts (so one coming back gets its rows again) are
forgotten for accounts that do not come back: past an age, or past a count, by the clock."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from crm_desktop.clock import FixedClock
from crm_desktop.database import Database
from crm_desktop.models.local import SyncMeta
from crm_desktop.services.core.device import meta_get
from crm_desktop.sync import apply
from crm_desktop.sync.engine import remote_tx


def _kept(db: Database) -> list[str]:
    with db.sessions() as s:
        keys = s.scalars(select(SyncMeta.key).where(SyncMeta.key.startswith(apply.EVICTED_PREFIX)))
        return sorted(k.removeprefix(apply.EVICTED_PREFIX) for k in keys)


def _evict(db: Database, account_id: str) -> None:
    with remote_tx(db.sessions) as s:
        apply.evict_account(s, account_id)


def test_lists_of_accounts_that_never_come_back_expire(
    database: Database, clock: FixedClock
) -> None:
    _evict(database, "acc-old")
    clock.advance(timedelta(days=100))
    _evict(database, "acc-new")
    with database.sessions() as s, s.begin():  # an entry from before entries had a date
        s.add(SyncMeta(key=apply.EVICTED_PREFIX + "acc-undated", value='[["accounts", "x"]]'))
    with database.sessions() as s, s.begin():
        assert apply.prune_evicted(s) == 0  # the undated one is dated now, not dropped
    assert _kept(database) == ["acc-new", "acc-old", "acc-undated"]
    clock.advance(timedelta(days=apply.EVICTED_KEEP_DAYS - 100 + 1))
    with database.sessions() as s, s.begin():
        assert apply.prune_evicted(s) == 1  # 181 days after its eviction
    assert _kept(database) == ["acc-new", "acc-undated"]
    with database.sessions() as s:
        entry = json.loads(s.get_one(SyncMeta, apply.EVICTED_PREFIX + "acc-undated").value)
    assert entry["rows"] == [["accounts", "x"]]  # the rows survive the dating
    clock.advance(timedelta(days=100))
    with database.sessions() as s, s.begin():
        apply.prune_evicted(s)
    assert _kept(database) == []


def test_only_the_newest_lists_are_kept(
    database: Database, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(apply, "EVICTED_KEEP", 3)
    for n in range(5):
        _evict(database, f"acc-{n}")  # each eviction prunes
        clock.advance(timedelta(minutes=1))
    assert _kept(database) == ["acc-2", "acc-3", "acc-4"]


def test_an_account_back_within_the_window_still_gets_its_rows_asked_for(
    database: Database, clock: FixedClock
) -> None:
    _evict(database, "acc-1")
    clock.advance(timedelta(days=apply.EVICTED_KEEP_DAYS - 1))
    with remote_tx(database.sessions) as s:
        apply.prune_evicted(s)
        apply._refetch_if_back(s, ["acc-1"])
        queued = json.loads(meta_get(s, apply.REFETCH_KEY) or "[]")
    assert queued == [["accounts", "acc-1"]] and _kept(database) == []


def test_an_evicted_accounts_key_fits_the_migrated_column(database: Database) -> None:
    account_id = "0192d3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d"  # an account id is 36 characters
    _evict(database, account_id)
    with database.engine.connect() as conn:
        declared = {row[1]: row[2] for row in conn.exec_driver_sql("PRAGMA table_info(sync_meta)")}
        keys = list(conn.exec_driver_sql("SELECT key FROM sync_meta").scalars())
    length = int(declared["key"].removeprefix("VARCHAR(").removesuffix(")"))
    assert apply.EVICTED_PREFIX + account_id in keys
    assert max(len(k) for k in keys) <= length == SyncMeta.__table__.c.key.type.length
