"""Sync against a real uvicorn + PostgreSQL on loopback: one busy sync, a first sync, a fleet.

- one_sync: 1,000 local changes pushed and 1,000 remote changes pulled in one sync (< 2 s)
- first_sync: a new laptop whose scope is 20,000 accounts (~250,000 rows) (< 60 s), by today's
  paged pull and by bootstrap (a snapshot in big pages) in the same run, and the ratio (>= 5x)
- noop: a sync with nothing to push or pull (< 50 ms, one request)
- fleet: 100 laptops each syncing 50 changes at the same moment (0 failed, p95 < 1.5 s and
  within 1.5x of the physical floor: the CPU seconds of all the syncs / 2 cores)
- push_rate: pushed ops/s a 4-process server sustains on PostgreSQL (>= 1,000)
noop, fleet and push_rate run twice in the same run: "_before" is the comparator (the server of
BEFORE_REV, unpacked from git, and laptops asking for the unlock code in a request of its own).
- bytes on the wire (gzip both ways) per changed row, from one_sync
Set CRM_BENCH_SYNC_ACCOUNTS to shrink the first-sync scope for a quick look, and
CRM_BENCH_SYNC_ONLY=one_sync,noop,fleet,push_rate to run only some scenarios.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench import _sync_world as W
from bench._cpu import CpuMeter
from bench._shared import percentile
from crm_desktop.database import open_database
from crm_desktop.models import Account, Activity, Contact, Visit
from crm_desktop.sync.client import SyncClient
from crm_desktop.sync.engine import SyncEngine

TARGET = (
    "one_sync_s < 2; first_sync_s < 60 for 20,000 accounts; fleet: 0 failed, p95 < 1.5 s, "
    "p95 <= 1.5x floor; push_rate >= 1,000 ops/s (4 processes)"
)
FIRST_SYNC_ACCOUNTS = int(os.environ.get("CRM_BENCH_SYNC_ACCOUNTS", "20000"))
FLEET, FLEET_CHANGES = 100, 50
FLEET_WORKERS = int(os.environ.get("CRM_BENCH_SYNC_WORKERS", "2"))
CORES = os.cpu_count() or 2
# The comparator's server (CRM_BENCH_SYNC_BEFORE_REV; "none" runs today's path alone). The code
# just before issue 16's fleet work (5e428bc) was lost with a stop that did not land; 6209a60 is
# the last landed main before this wave's sync work (issues 10, 16, 17), the nearest that exists.
BEFORE_REV = os.environ.get("CRM_BENCH_SYNC_BEFORE_REV", "6209a60")
NOOP_SYNCS = 30
RATE_WORKERS, RATE_CLIENTS, RATE_BATCH = 4, 8, 100
RATE_SECONDS = float(os.environ.get("CRM_BENCH_RATE_SECONDS", "15"))
ONLY = set(filter(None, os.environ.get("CRM_BENCH_SYNC_ONLY", "").split(",")))


OPENING = threading.Lock()


class Laptop:
    def __init__(
        self, template: Path, folder: Path, base: str, username: str, **engine: Any
    ) -> None:
        with OPENING:  # CPython 3.11's ast.parse (the schema check) is not thread-safe
            self.db = open_database(
                W.new_laptop_file(template, folder, username + "-" + str(id(self)))
            )
        self.client = SyncClient(base, username, timeout=60)
        self.client.login(W.PASSWORD)
        self.engine = SyncEngine(self.db.sessions, self.db.path, self.client, **engine)

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
    figures: dict[str, Any] = {
        "first_sync_accounts": FIRST_SYNC_ACCOUNTS,
        "first_sync_rows": rows,
    }
    # The same scope twice on the same server: today's paged pull (the comparator), then the
    # bootstrap (a snapshot in big pages); each laptop new, each figure login to last row.
    for name, engine_kw in (("first_sync", {}), ("bootstrap", {"bootstrap": True})):
        (folder / name).mkdir()
        started = time.perf_counter()
        laptop = Laptop(template, folder / name, base, "carla", **engine_kw)
        report = laptop.engine.sync()
        seconds = time.perf_counter() - started
        figures[f"{name}_s"] = round(seconds, 2)
        figures[f"{name}_pulled"] = report.pulled
        figures[f"{name}_received_bytes"] = laptop.client.received_bytes
        laptop.close()
    figures["bootstrap_speedup"] = round(figures["first_sync_s"] / figures["bootstrap_s"], 2)
    return figures


def fleet(
    url: str,
    engine: Any,
    base: str,
    folder: Path,
    template: Path,
    server_pid: int = 0,
    label: str = "fleet",
    old: bool = False,
) -> dict[str, Any]:
    """100 laptops × 50 changes at once. old: the comparator (the laptops ask for the unlock
    code in a request of their own, against the server of BEFORE_REV). The physical floor:
    the CPU seconds of the whole fleet's syncs (server processes, PostgreSQL backends of this
    database, and the laptops, which all run in this process) divided by the 2 cores."""
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
        laptop.engine.unlock_in_pull = not old
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

    meter = CpuMeter(server_pid, url.rsplit("/", 1)[1]) if server_pid else None
    if meter:
        meter.start()
    laptop_cpu = time.process_time()
    started = time.perf_counter()
    with ThreadPoolExecutor(FLEET) as pool:
        list(pool.map(one, laptops))
    wall = time.perf_counter() - started
    laptop_cpu = time.process_time() - laptop_cpu
    spent = meter.stop() if meter else {}
    for laptop in laptops:
        laptop.close()
    durations.sort()
    figures = {
        "laptops": FLEET,
        "changes_each": FLEET_CHANGES,
        "failed": failures,
        "p50_s": round(percentile(durations, 50), 3),
        "p95_s": round(percentile(durations, 95), 3),
        "max_s": round(durations[-1], 3),
        "wall_s": round(wall, 2),
        "uptime": _uptime(),
    }
    if spent:
        cpu = spent["server_s"] + spent["db_s"] + laptop_cpu
        floor = cpu / CORES
        figures |= {
            "cpu_server_s": spent["server_s"],
            "cpu_postgres_s": spent["db_s"],
            "cpu_laptops_s": round(laptop_cpu, 2),
            "floor_s": round(floor, 2),
            "p95_over_floor": round(figures["p95_s"] / floor, 2),
        }
    return {f"{label}_{k}": v for k, v in figures.items()}


def _uptime() -> str:
    """The load averages (1, 5, 15 min) as `uptime` prints them: the machine is shared."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def push_rate(url: str, engine: Any, base: str, label: str = "push_rate") -> dict[str, Any]:
    """Pushed ops per second a server sustains: RATE_CLIENTS raw clients (no laptop work: the
    bench would eat the cores the server needs) push RATE_BATCH updates each, again and again
    for RATE_SECONDS, each op on the row's current version (as a laptop that pulled sends)."""
    import httpx

    from crm_desktop.sync import protocol as P

    reps = [W.add_user(engine, f"pusher{i:02d}") for i in range(RATE_CLIENTS)]
    for i, rep in enumerate(reps):
        W.load_book(url, rep, 20, f"Ritmo {i}")
    with engine.begin() as conn:
        rows = conn.exec_driver_sql(
            "SELECT owner, row_id, version FROM sync_rows WHERE table_name = 'contacts'"
        ).all()
    books: dict[str, dict[str, int]] = {}
    for owner, row_id, version in rows:
        books.setdefault(owner, {})[row_id] = version
    applied = [0] * RATE_CLIENTS
    failed = [0] * RATE_CLIENTS
    deadline = time.perf_counter() + RATE_SECONDS + 2
    measure_from = time.perf_counter() + 2  # the first seconds warm the pools up

    versions = {P.PROTOCOL_HEADER: str(P.PROTOCOL_VERSION), P.SCHEMA_HEADER: str(P.SCHEMA_VERSION)}
    zipped = {"Content-Type": "application/json", "Content-Encoding": "gzip"}

    def client(i: int) -> None:
        http = httpx.Client(base_url=base, timeout=60, headers=versions)
        login = {"username": f"pusher{i:02d}", "password": W.PASSWORD, "client_id": f"rate-{i}"}
        token = http.post("/v1/auth/login", json=login).json()
        http.headers["Authorization"] = f"Bearer {token['access_token']}"
        book = books[reps[i]]
        ids = sorted(book)
        rng = random.Random(i)
        seq = 0
        while time.perf_counter() < deadline:
            ops = []
            for _ in range(RATE_BATCH):
                seq += 1
                row_id = rng.choice(ids)
                fields = {"job_title": f"Cargo {seq}"}
                ops.append({"op_seq": seq, "table": "contacts", "row_id": row_id, "op": "update",
                            "fields": fields, "base_version": book[row_id]})  # fmt: skip
            body = {"protocol": P.PROTOCOL_VERSION, "schema_version": P.SCHEMA_VERSION,
                    "client_id": f"rate-{i}", "ops": ops}  # fmt: skip
            raw = gzip.compress(json.dumps(body).encode(), 5)
            answer = http.post("/v1/sync/push", content=raw, headers=zipped)
            if answer.status_code != 200:
                failed[i] += 1
                continue
            results = answer.json()["results"]
            for op, result in zip(ops, results, strict=True):
                if result.get("row"):
                    book[op["row_id"]] = result["row"]["version"]
            if time.perf_counter() >= measure_from:
                applied[i] += sum(r["status"] == "applied" for r in results)
        http.close()

    with ThreadPoolExecutor(RATE_CLIENTS) as pool:
        list(pool.map(client, range(RATE_CLIENTS)))
    return {
        f"{label}_workers": RATE_WORKERS,
        f"{label}_clients": RATE_CLIENTS,
        f"{label}_ops_per_s": round(sum(applied) / RATE_SECONDS),
        f"{label}_failed_pushes": sum(failed),
        f"{label}_uptime": _uptime(),
    }


def noop(base: str, engine: Any, url: str, folder: Path, template: Path, label: str, old: bool
         ) -> dict[str, Any]:  # fmt: skip
    """A sync with nothing to push or pull: NOOP_SYNCS of them in a row; the time of each and
    the requests it sent (counted on the laptop's HTTP client)."""
    rep = W.add_user(engine, "nadia")
    W.load_book(url, rep, 4)
    laptop = Laptop(template, folder, base, "nadia")
    laptop.engine.unlock_in_pull = not old
    laptop.engine.sync()
    sent: list[str] = []
    laptop.client._http.event_hooks["request"].append(lambda r: sent.append(r.url.path))
    times = []
    for _ in range(NOOP_SYNCS):
        started = time.perf_counter()
        laptop.engine.sync()
        times.append(time.perf_counter() - started)
    laptop.close()
    times.sort()
    return {
        f"{label}_ms_p50": round(percentile(times, 50) * 1000, 1),
        f"{label}_ms_p95": round(percentile(times, 95) * 1000, 1),
        f"{label}_requests": len(sent) / NOOP_SYNCS,
        f"{label}_uptime": _uptime(),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    W.use_memory_keyring()
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = W.laptop_template(folder)
        for scenario, workers in ((one_sync, 1), (first_sync, 1)):
            if ONLY and scenario.__name__ not in ONLY:
                continue
            with W.pg_database() as (url, engine), W.server(url, workers) as base:
                figures |= scenario(url, engine, base, folder, template)
        # The comparator: the server as it was before (BEFORE_REV, unpacked from git) and
        # laptops asking for the unlock code apart, in the same run as today's path.
        sides: tuple[tuple[str, Any, bool], ...] = (("", None, False),)
        if BEFORE_REV != "none":
            sides = (("before", W.source_at(BEFORE_REV, folder), True), *sides)
        if not ONLY or "noop" in ONLY:
            for side, code, old in sides:
                label = "noop_before" if side else "noop"
                (folder / label).mkdir()
                with W.pg_database() as (url, engine), W.server(url, 1, code=code) as base:
                    figures |= noop(base, engine, url, folder / label, template, label, old)
        if not ONLY or "fleet" in ONLY:
            for side, code, old in sides:
                label = "fleet_before" if side else "fleet"
                (folder / label).mkdir()
                pids: list[int] = []
                with (
                    W.pg_database() as (url, engine),
                    W.server(url, FLEET_WORKERS, None, pids, code) as base,
                ):
                    where = folder / label
                    figures |= fleet(url, engine, base, where, template, pids[0], label, old)
            if "fleet_before_p95_s" in figures:
                figures["fleet_p95_speedup"] = round(
                    figures["fleet_before_p95_s"] / figures["fleet_p95_s"], 2
                )
        if not ONLY or "push_rate" in ONLY:
            for side, code, _old in sides:
                label = "push_rate_before" if side else "push_rate"
                with (
                    W.pg_database() as (url, engine),
                    W.server(url, RATE_WORKERS, code=code) as base,
                ):
                    figures |= push_rate(url, engine, base, label)
            if "push_rate_before_ops_per_s" in figures:
                figures["push_rate_ratio"] = round(
                    figures["push_rate_ops_per_s"] / max(1, figures["push_rate_before_ops_per_s"]),
                    2,
                )
    return figures
