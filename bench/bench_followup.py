"""Follow-up rules: a full evaluation, then re-evaluation after a simulated sync of 1,000 rows.

Everything runs in transactions that are rolled back, so the cached database stays as seeded.
The "sync" touches 1,000 random rows (activities, quotes, opportunities, visits, accounts)
the way applying pulled changes would, then the rules look at the accounts they belong to.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text

from bench._shared import cached_db
from crm_desktop.models.database import make_engine, make_session_factory
from crm_desktop.models.outbox import remote_changes
from crm_desktop.services.followup.followup import accounts_of_rows, evaluate_rules

TARGET = "incremental_ms < 500 after a sync that changed 1,000 rows"
CHANGED = 1000
RUNS = 5
SHARES = {"activities": 400, "visits": 200, "quotes": 150, "opportunities": 150, "accounts": 100}


def _simulated_sync(session: Any, rng: random.Random, now: datetime) -> list[str]:
    """Touch 1,000 rows as a pull would (no outbox) and return their ids."""
    ids: list[str] = []
    stamp = now.replace(tzinfo=None).isoformat(sep=" ")
    for table, count in SHARES.items():
        picked = list(session.scalars(
            text(f"SELECT id FROM {table} ORDER BY random() LIMIT :n"), {"n": count}
        ))  # fmt: skip
        session.execute(
            text(f"UPDATE {table} SET updated_at = :t, server_version = server_version + 1 "
                 "WHERE id = :id"),
            [{"t": stamp, "id": row_id} for row_id in picked],
        )  # fmt: skip
        ids += picked
    rng.shuffle(ids)
    return ids[:CHANGED]


def run(args: argparse.Namespace) -> dict[str, Any]:
    engine = make_engine(cached_db(args))
    sessions = make_session_factory(engine)
    rng = random.Random(args.seed)
    now = datetime.now(UTC)
    incremental, accounts, created = [], [], []
    try:
        with sessions() as session:
            session.begin()
            started = time.perf_counter()
            full = evaluate_rules(session, now)
            full_s = time.perf_counter() - started
            started = time.perf_counter()
            again = evaluate_rules(session, now)
            again_s = time.perf_counter() - started
            session.rollback()
        for _ in range(RUNS):
            with sessions() as session:
                session.begin()
                evaluate_rules(session, now)  # the state before the sync: rules already applied
                with remote_changes(session):
                    ids = _simulated_sync(session, rng, now)
                started = time.perf_counter()
                changed = accounts_of_rows(session, ids)
                result = evaluate_rules(session, now, changed)
                incremental.append((time.perf_counter() - started) * 1000)
                accounts.append(len(changed))
                created.append(result.created)
                session.rollback()
    finally:
        engine.dispose()
    return {
        "full_seconds": round(full_s, 3),
        "full_created": full.created,
        "full_by_rule": full.by_rule,
        "full_again_seconds": round(again_s, 3),
        "full_again_created": again.created,
        "changed_rows": CHANGED,
        "accounts_looked_at_median": int(statistics.median(accounts)),
        "incremental_ms_median": round(statistics.median(incremental), 1),
        "incremental_ms_max": round(max(incremental), 1),
        "incremental_created": created,
        "target_met": max(incremental) < 500,
    }
