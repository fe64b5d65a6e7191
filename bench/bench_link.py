"""An end-of-day sync of 500 changes over a rural mobile link: time, bytes, lost packets.

Needs root, `ip`, `tc` and `nft` (see tests/sync/linkhost.py for what is real and what is
emulated). Each seed builds a new link (a network namespace with `crm-server run` on SQLite over
HTTPS inside) and, on it, runs every scenario for two laptops in turn (the order alternates by
seed), both with the program's client (it waits out a dropped link for 30 s): the push as the
program makes it, pages of 500 changes (`one_page`), and pages of 250 (`pages_250`: the progress
counts a page more, a lost answer re-sends half as much). A sync that still fails as offline is
run again as soon as the link is back. Scenarios:
  clear    the same tun path with no delay, no loss, 100 Mbit/s (the path's own cost)
  3g       300 ms round trip, 3 % loss each way, 1 Mbit/s each way
  3g_down  3g, and the laptop's link down for 10 s once the first page is answered
  3g_quiet 3g, and every packet lost for 10 s at that point (devices up: TCP sees silence)
CRM_BENCH_LINK_SEEDS=N (default 3), CRM_BENCH_LINK_ONLY=3g,3g_down (default all).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench import _sync_world as W
from crm_desktop.database import open_database
from crm_desktop.secure.sqlcipher import copy_database
from crm_desktop.sync.client import SyncClient, SyncError
from crm_desktop.sync.engine import SyncEngine
from tests.sync.harness import PASSWORD, Laptop, add_user, new_server_db
from tests.sync.linkhost import Link, degraded_link, end_of_day, link_problem, server_behind
from tests.sync.serverdb import ops_applied_twice

SCENARIOS = {
    "clear": {"rtt": 0.0, "loss": 0.0, "rate": "100mbit", "drop": None},
    "3g": {"rtt": 0.3, "loss": 0.03, "rate": "1mbit", "drop": None},
    "3g_down": {"rtt": 0.3, "loss": 0.03, "rate": "1mbit", "drop": "down"},
    "3g_quiet": {"rtt": 0.3, "loss": 0.03, "rate": "1mbit", "drop": "quiet"},
}
CHANGES = 500
SIDES = ("one_page", "pages_250")
DROP_S = 10.0
DROP_AFTER_S = 0.5  # after the push starts
TARGET = "500 changes over 3G (300 ms, 3 % loss, 1 Mbit/s), 10 s down: one sync, none twice"


def wait_all(timers: list[threading.Timer]) -> None:
    done = 0
    while done < len(timers):  # a timer may start the next one
        timers[done].join()
        done += 1


def one_sync(link: Link, laptop: Laptop, owner: str, side: str, drop: str | None) -> dict[str, Any]:
    """One end-of-day sync of CHANGES changes; its figures."""
    client = laptop.client
    end_of_day(laptop, owner, CHANGES)
    timers: list[threading.Timer] = []

    def cut() -> None:  # inside the first push on both sides (its answer takes > 1 s)
        timers.append(link.drop_for(DROP_S) if drop == "down" else link.silence_for(DROP_S))

    def sending(sent: int, _total: int) -> None:
        if drop and not sent and not timers:
            timer = threading.Timer(DROP_AFTER_S, cut)
            timer.start()
            timers.append(timer)

    client.patience = 30.0  # as the program's sync controller sets it
    batch = 250 if side == "pages_250" else 500
    engine = SyncEngine(
        laptop.db.sessions, laptop.db.path, client, push_batch=batch, sending=sending
    )
    before = link.counters() | {"lost": link.lost_packets()}
    bytes_before = (client.sent_bytes, client.received_bytes)
    json_before = (client.sent_json_bytes, client.received_json_bytes)
    retries_before = client.retries
    started = time.monotonic()
    failed = 0
    pushed = 0
    for _ in range(5):
        try:
            pushed += engine.sync().pushed
            break
        except SyncError as error:
            if error.kind != "offline":
                raise
            failed += 1
            wait_all(timers)  # the one-page side tries again once the link is back
    took = time.monotonic() - started
    wait_all(timers)
    after = link.counters() | {"lost": link.lost_packets()}
    wire = {k: after[k] - before[k] for k in before}
    return {
        "s": round(took, 2),
        "pushed": pushed,
        "failed_syncs": failed,
        "pages": engine.push_pages,
        "retries": client.retries - retries_before,
        "sent_body_bytes": client.sent_bytes - bytes_before[0],
        "received_body_bytes": client.received_bytes - bytes_before[1],
        "sent_json_bytes": client.sent_json_bytes - json_before[0],
        "received_json_bytes": client.received_json_bytes - json_before[1],
        "wire_sent_bytes": wire["sent_bytes"],
        "wire_received_bytes": wire["received_bytes"],
        "wire_packets": wire["sent_packets"] + wire["received_packets"],
        "lost_packets": wire["lost"],
    }


def run_seed(seed: int, name: str, folder: Path, template: Path) -> dict[str, Any]:
    spec = SCENARIOS[name]
    db = new_server_db("sqlite", folder)
    owners = {side: add_user(db, f"{side}{seed}") for side in SIDES}
    out: dict[str, Any] = {}
    try:
        with (
            degraded_link(spec["rtt"], spec["loss"], spec["rate"], seed=seed) as link,
            server_behind(link, db.url, folder) as server,
        ):
            sides = list(SIDES) if seed % 2 else list(reversed(SIDES))
            for side in sides:
                client = SyncClient(server.base, f"{side}{seed}", verify=server.verify, timeout=60)
                file = copy_database(template, folder / f"{name}-{side}-{seed}.db")
                laptop = Laptop(side, open_database(file), client)
                try:
                    laptop.engine.sign_in(PASSWORD)
                    laptop.sync()
                    out[side] = one_sync(link, laptop, owners[side], side, spec["drop"])
                finally:
                    laptop.close()
        out["applied_twice"] = len(ops_applied_twice(db))
    finally:
        db.dispose()
    return out


def summary(runs: list[dict[str, Any]], side: str) -> dict[str, Any]:
    got = [r[side] for r in runs]
    times = [g["s"] for g in got]
    mid = lambda key: int(statistics.median(g[key] for g in got))  # noqa: E731
    return {
        "s_median": round(statistics.median(times), 2),
        "s_min": min(times),
        "s_max": max(times),
        "failed_syncs": sum(g["failed_syncs"] for g in got),
        "retries": sum(g["retries"] for g in got),
        "pages": got[0]["pages"],
        **{
            f"{k}_median": mid(k)
            for k in (
                "sent_body_bytes",
                "received_body_bytes",
                "sent_json_bytes",
                "received_json_bytes",
                "wire_sent_bytes",
                "wire_received_bytes",
                "lost_packets",
            )
        },
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    problem = link_problem()
    if problem:
        return {"skipped": problem}
    # A kill (SIGTERM) still runs every `finally`: the namespace, devices and servers go.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    W.use_memory_keyring()
    seeds = int(os.environ.get("CRM_BENCH_LINK_SEEDS", "3"))
    only = [n for n in os.environ.get("CRM_BENCH_LINK_ONLY", "").split(",") if n] or list(SCENARIOS)
    figures: dict[str, Any] = {"changes": CHANGES, "seeds": seeds}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = folder / "template.db"
        open_database(template).engine.dispose()
        for name in only:
            runs = []
            for seed in range(1, seeds + 1):
                runs.append(run_seed(seed, name, folder, template))
                load = subprocess.run(["cat", "/proc/loadavg"], capture_output=True, text=True)
                print(name, seed, runs[-1], "load", load.stdout.split()[0], flush=True)
            figures[name] = {side: summary(runs, side) for side in SIDES} | {
                "applied_twice": sum(r["applied_twice"] for r in runs)
            }
    return figures
