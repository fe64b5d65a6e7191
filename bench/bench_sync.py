"""Sync against a real uvicorn + PostgreSQL on loopback: one busy sync, a first sync, a fleet.

- one_sync: 1,000 local changes pushed and 1,000 remote changes pulled in one sync (< 2 s)
- first_sync: a new laptop whose scope is 20,000 accounts (~250,000 rows) (< 60 s)
- fleet: 100 laptops each syncing 50 changes at the same moment (all done, p95 < 3 s)
- bytes on the wire (gzip both ways) per changed row, from one_sync
Set CRM_BENCH_SYNC_ACCOUNTS to shrink the first-sync scope for a quick look, and
CRM_BENCH_SYNC_ONLY=one_sync,fleet to run only some scenarios.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench import _sync_world as W
from bench._shared import percentile
from crm_desktop.database import open_database
from crm_desktop.models import Account, Activity, Contact, Visit
from crm_desktop.sync.client import SyncClient
from crm_desktop.sync.engine import SyncEngine

TARGET = "one_sync_s < 2; first_sync_s < 60 for 20,000 accounts; fleet: 0 failed, p95 < 3 s"
FIRST_SYNC_ACCOUNTS = int(os.environ.get("CRM_BENCH_SYNC_ACCOUNTS", "20000"))
FLEET, FLEET_CHANGES = 100, 50
FLEET_WORKERS = int(os.environ.get("CRM_BENCH_SYNC_WORKERS", "2"))
ONLY = set(filter(None, os.environ.get("CRM_BENCH_SYNC_ONLY", "").split(",")))


class Laptop:
    def __init__(self, template: Path, folder: Path, base: str, username: str) -> None:
        self.db = open_database(W.new_laptop_file(template, folder, username + "-" + str(id(self))))
        self.client = SyncClient(base, username, timeout=60)
        self.client.login(W.PASSWORD)
        self.engine = SyncEngine(self.db.sessions, self.db.path, self.client)

    def ids(self, model: type[Any], limit: int) -> list[str]:
        with self.db.sessions() as s:
            return list(s.scalars(select(model.id).order_by(model.id).limit(limit)))

    def edit(self, model: type[Any], ids: list[str], field: str, value: str) -> int:
        with self.db.sessions() as s, s.begin():
            for row_id in ids:
                setattr(s.get(model, row_id), field, f"{value} {row_id[-6:]}")
        return len(ids)

    def close(self) -> None:
        self.client.close()
        self.db.engine.dispose()


def one_sync(url: str, engine: Any, base: str, folder: Path, template: Path) -> dict[str, Any]:
    rep, _boss = W.add_user(engine, "ana"), W.add_user(engine, "boss", "manager")
    W.load_book(url, rep, 100)
    rep_laptop, boss_laptop = (
        Laptop(template, folder, base, "ana"),
        Laptop(template, folder, base, "boss"),
    )
    rep_laptop.engine.sync()
    boss_laptop.engine.sync()
    remote = sum(
        boss_laptop.edit(model, boss_laptop.ids(model, n), field, "Gerencia")
        for model, n, field in (
            (Account, 100, "notes"),
            (Contact, 300, "notes"),
            (Visit, 400, "notes"),
            (Activity, 200, "body"),
        )
    )
    boss_laptop.engine.sync()
    local = sum(
        rep_laptop.edit(model, rep_laptop.ids(model, n), field, "Ruta")
        for model, n, field in (
            (Contact, 300, "job_title"),
            (Visit, 400, "purpose"),
            (Activity, 300, "subject"),
        )
    )
    sent, received = rep_laptop.client.sent_bytes, rep_laptop.client.received_bytes
    started = time.perf_counter()
    report = rep_laptop.engine.sync()
    seconds = time.perf_counter() - started
    wire = rep_laptop.client.sent_bytes - sent + rep_laptop.client.received_bytes - received
    assert report.pushed == local and report.refused == 0 and report.conflicts == 0, report
    assert report.pulled >= remote, report
    rep_laptop.close()
    boss_laptop.close()
    return {
        "one_sync_s": round(seconds, 3),
        "one_sync_pushed": report.pushed,
        "one_sync_pulled": report.pulled,
        "bytes_per_changed_row_gzip": round(wire / (report.pushed + report.pulled), 1),
    }


def first_sync(url: str, engine: Any, base: str, folder: Path, template: Path) -> dict[str, Any]:
    rep = W.add_user(engine, "carla")
    rows = W.load_book(url, rep, FIRST_SYNC_ACCOUNTS, "Empresa")
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    started = time.perf_counter()
    laptop = Laptop(template, folder, base, "carla")
    report = laptop.engine.sync()
    seconds = time.perf_counter() - started
    laptop.close()
    return {
        "first_sync_s": round(seconds, 2),
        "first_sync_accounts": FIRST_SYNC_ACCOUNTS,
        "first_sync_rows": rows,
        "first_sync_pulled": report.pulled,
    }


def fleet(url: str, engine: Any, base: str, folder: Path, template: Path) -> dict[str, Any]:
    reps = [W.add_user(engine, f"rep{i:03d}") for i in range(FLEET)]
    for i, rep in enumerate(reps):
        W.load_book(url, rep, 4, f"Cliente {i}")
    with ThreadPoolExecutor(8) as pool:
        laptops = list(
            pool.map(lambda i: Laptop(template, folder, base, f"rep{i:03d}"), range(FLEET))
        )
        list(pool.map(lambda lt: lt.engine.sync(), laptops))
    rng = random.Random(7)
    for laptop in laptops:
        contacts = laptop.ids(Contact, 12)
        for n in range(FLEET_CHANGES):
            laptop.edit(Contact, [rng.choice(contacts)], "job_title", f"Cargo {n}")
    durations: list[float] = []
    failures = 0

    def one(laptop: Laptop) -> None:
        nonlocal failures
        started = time.perf_counter()
        try:
            report = laptop.engine.sync()
            if report.pushed != FLEET_CHANGES or report.refused:
                failures += 1
        except Exception:
            failures += 1
        durations.append(time.perf_counter() - started)

    started = time.perf_counter()
    with ThreadPoolExecutor(FLEET) as pool:
        list(pool.map(one, laptops))
    wall = time.perf_counter() - started
    for laptop in laptops:
        laptop.close()
    durations.sort()
    return {
        "fleet_laptops": FLEET,
        "fleet_changes_each": FLEET_CHANGES,
        "fleet_failed": failures,
        "fleet_p50_s": round(percentile(durations, 50), 3),
        "fleet_p95_s": round(percentile(durations, 95), 3),
        "fleet_max_s": round(durations[-1], 3),
        "fleet_wall_s": round(wall, 2),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    W.use_memory_keyring()
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = W.laptop_template(folder)
        for scenario, workers in ((one_sync, 1), (first_sync, 1), (fleet, FLEET_WORKERS)):
            if ONLY and scenario.__name__ not in ONLY:
                continue
            with W.pg_database() as (url, engine), W.server(url, workers) as base:
                figures |= scenario(url, engine, base, folder, template)
    return figures
