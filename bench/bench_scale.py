"""What grows with the fleet (docs/scaling.md): the change log's bytes per op, pulls at 1M/10M.

On the machine's PostgreSQL, a fresh database each run (dropped after):
1. per op: a rep's laptop pushes 1,000 new accounts and 1,000 edits through a real server; the
   growth of change_log, push_results and sync_rows (tables, indexes and TOAST) per op;
2. the pull at scale: the change log filled to 1,000,000 and then 10,000,000 entries (1,000
   reps, entries of the measured size, a fifth as many current rows), then the real page query
   (crm_server.pull.pull) timed for a rep and a manager who are caught up and who are a day
   (50,000 entries: 50 changes per rep) behind, and the horizon query with 30 more connections
   open. CRM_BENCH_SCALE_SIZES=1000000,10000000 (default).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, text

from bench import _sync_world as W
from crm_desktop.database import open_database
from crm_desktop.sync.client import SyncClient
from crm_desktop.sync.protocol import Cursor
from crm_server.auth import Principal
from crm_server.pull import pg_horizon, pull
from tests.sync.harness import Laptop
from tests.sync.linkhost import end_of_day

TARGET = "figures for docs/scaling.md (no target)"
REPS = 1000
IDLE = 30
DAY = 50 * REPS  # entries a day: 50 changes per rep
TABLES = ("change_log", "push_results", "sync_rows")


def _sizes(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t: int(conn.scalar(text(f"SELECT pg_total_relation_size('{t}')")) or 0) for t in TABLES
        } | {f"{t}_rows": int(conn.scalar(text(f"SELECT count(*) FROM {t}")) or 0) for t in TABLES}


def per_op(engine: Engine, base: str, folder: Path) -> dict[str, Any]:
    owner = W.add_user(engine, "ana")
    template = W.laptop_template(folder)
    client = SyncClient(base, "ana", timeout=120)
    laptop = Laptop("ana", open_database(W.new_laptop_file(template, folder, "ana")), client)
    try:
        client.login(W.PASSWORD)
        laptop.sync()
        with engine.connect() as conn:
            conn.execute(text("CHECKPOINT"))
        before = _sizes(engine)
        end_of_day(laptop, owner, 2000)
        started = time.perf_counter()
        laptop.sync()
        took = time.perf_counter() - started
        after = _sizes(engine)
        with engine.connect() as conn:
            fields = conn.scalar(text("SELECT avg(length(fields)) FROM change_log"))
    finally:
        laptop.close()
    ops = 2000
    return {
        "push_2000_ops_s": round(took, 2),
        "change_log_entries_per_op": round(
            (after["change_log_rows"] - before["change_log_rows"]) / ops, 2
        ),
        "change_log_bytes_per_op": round((after["change_log"] - before["change_log"]) / ops),
        "push_results_bytes_per_op": round((after["push_results"] - before["push_results"]) / ops),
        "sync_rows_bytes_per_row": round(
            (after["sync_rows"] - before["sync_rows"])
            / max(1, after["sync_rows_rows"] - before["sync_rows_rows"])
        ),
        "change_log_fields_avg_chars": round(float(fields or 0)),
    }


def fill(engine: Engine, start: int, upto: int, field_chars: int, xid_step: float) -> float:
    """Entries start+1..upto of a synthetic log (1,000 reps, entries of a transaction id each
    `xid_step` apart: all below the real entries' and the horizon), with the rows they point
    at; the seconds it took."""
    rows = max(upto // 5, 1)
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(
            text(
                """
                INSERT INTO sync_rows (table_name, row_id, version, data, field_versions, owner,
                                       account_id, deleted)
                SELECT 'contacts', lpad(to_hex(i), 36, '0'), 1,
                       '{"notes":"' || repeat('y', :chars) || '"}', '{}', 'rep-' || (i % :reps),
                       NULL, false
                FROM generate_series(:first, :last) AS i
                """
            ),
            {"chars": field_chars, "reps": REPS, "first": start // 5 + 1, "last": rows},
        )
        conn.execute(
            text(
                """
                INSERT INTO change_log (txid, table_name, row_id, version, audience, kind, fields,
                                        author, op_ref, created_at)
                SELECT 1 + floor(i * :step)::bigint, 'contacts',
                       lpad(to_hex(i % :rows + 1), 36, '0'), 1,
                       'rep-' || ((i % :rows + 1) % :reps), 'row',
                       '{"notes":"' || repeat('y', :chars) || '"}', NULL, 'c:' || i, 0
                FROM generate_series(:first, :last) AS i
                """
            ),
            {
                "rows": rows,
                "reps": REPS,
                "chars": field_chars,
                "first": start + 1,
                "last": upto,
                "step": xid_step,
            },
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE change_log"))
        conn.execute(text("VACUUM ANALYZE sync_rows"))
    return time.perf_counter() - started


def _timed(engine: Engine, who: Principal, cursor: Cursor, runs: int = 5) -> dict[str, Any]:
    times: list[float] = []
    size = 0
    for _ in range(runs):
        with engine.connect() as conn:
            started = time.perf_counter()
            body = pull(conn, who, cursor, 2000, [])
            times.append(time.perf_counter() - started)
            size = len(body)
    return {"ms_median": round(statistics.median(times) * 1000, 1), "bytes": size}


def pulls(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        last = "SELECT txid, seq FROM change_log ORDER BY txid DESC, seq DESC"
        head = conn.execute(text(last + " LIMIT 1")).one()
        day = conn.execute(
            text(last + " OFFSET :n LIMIT 1"),
            {"n": DAY},
        ).one()
        total = int(conn.scalar(text("SELECT pg_total_relation_size('change_log')")) or 0)
    rep = Principal(user_id="rep-7", username="rep7", role="rep")
    boss = Principal(user_id="boss", username="boss", role="manager")
    now, behind = Cursor(txid=head.txid, seq=head.seq), Cursor(txid=day.txid, seq=day.seq)
    figures = {
        "change_log_mb": round(total / 1e6),
        "rep_caught_up": _timed(engine, rep, now),
        "rep_a_day_behind": _timed(engine, rep, behind),
        "manager_caught_up": _timed(engine, boss, now),
        "manager_a_day_behind_first_page": _timed(engine, boss, behind),
    }
    for idle in (0, IDLE):
        figures[f"horizon_ms_{idle}_more_connections"] = _horizon_with(engine, idle)
    return figures


def _horizon_with(engine: Engine, idle: int) -> float:
    """pg_horizon() (read before every PostgreSQL pull page) with `idle` more connections open
    (this machine's PostgreSQL takes 100 in all, shared with other work: a few dozen only)."""
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    others = [psycopg.connect(url) for _ in range(idle)]
    try:
        times = []
        for _ in range(20):
            with engine.connect() as conn:
                started = time.perf_counter()
                pg_horizon(conn)
                times.append(time.perf_counter() - started)
        return round(statistics.median(times) * 1000, 2)
    finally:
        for conn in others:
            conn.close()


def run(args: argparse.Namespace) -> dict[str, Any]:
    W.use_memory_keyring()
    wanted = os.environ.get("CRM_BENCH_SCALE_SIZES", "1000000,10000000")
    sizes = [int(n) for n in wanted.split(",") if n]
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp, W.pg_database() as (url, engine):
        with W.server(url) as base:
            figures["per_op"] = per_op(engine, base, Path(tmp))
        print("per op", figures["per_op"], flush=True)
        chars = max(50, figures["per_op"]["change_log_fields_avg_chars"] - 14)
        with engine.connect() as conn:  # synthetic transaction ids stay below the real ones
            low = int(conn.scalar(text("SELECT min(txid) FROM change_log")) or 2)
        step = (low - 2) / max(sizes or [1])
        done = 0
        for size in sizes:
            seconds = fill(engine, done, size, chars, step)
            done = size
            figures[f"at_{size}"] = {"fill_s": round(seconds)} | pulls(engine)
            print(size, figures[f"at_{size}"], flush=True)
    return figures
