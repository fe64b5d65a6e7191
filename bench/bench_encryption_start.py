"""Cold start to the first Accounts page, encrypted vs plain, alone (issue 12): many pairs, fast.

The same alternating pairs of program starts as `encryption`'s cold start (bench/_plain.py for
the plain side, the benchmark keyring for the key), on the two 100,000-account files that bench
seeds (seeded here first if missing): a quick way to take the figure several times when the
shared machine is quiet. The load average before and after is recorded; quote the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
from typing import Any

from bench import _keyring
from bench._plain import plain_sqlite
from bench._shared import CACHE_DIR
from bench.bench_encryption import _cold_start, _ratio, _seed, _start_env

TARGET = "encrypted / plain <= 1.2 (median of the pairs)"
PAIRS = 12


def run(args: argparse.Namespace) -> dict[str, Any]:
    _keyring.use(CACHE_DIR)
    plain_db = CACHE_DIR / f"plain-{args.accounts}.db"
    encrypted_db = CACHE_DIR / f"encrypted-{args.accounts}.db"
    if args.fresh or not plain_db.is_file():
        with plain_sqlite():
            _seed(plain_db, args.accounts, args.seed)
    if args.fresh or not encrypted_db.is_file():
        _seed(encrypted_db, args.accounts, args.seed)
    load_before = os.getloadavg()[0]
    env = _start_env()
    _cold_start(plain_db, True, env), _cold_start(encrypted_db, False, env)  # warm the cache
    walls: dict[bool, list[float]] = {True: [], False: []}
    cpus: dict[bool, list[float]] = {True: [], False: []}
    for number in range(PAIRS):
        for plain in (True, False) if number % 2 == 0 else (False, True):
            wall, cpu = _cold_start(plain_db if plain else encrypted_db, plain, env)
            walls[plain].append(wall)
            cpus[plain].append(cpu)
    wall = {side: statistics.median(v) for side, v in walls.items()}
    cpu = {side: statistics.median(v) for side, v in cpus.items()}
    return {
        "cold_start_s": {"plain": round(wall[True], 3), "encrypted": round(wall[False], 3),
                         "ratio": _ratio(wall[False], wall[True]),
                         "plain_runs": [round(v, 3) for v in walls[True]],
                         "encrypted_runs": [round(v, 3) for v in walls[False]]},
        "cold_start_cpu_s": {"plain": round(cpu[True], 3), "encrypted": round(cpu[False], 3),
                             "ratio": _ratio(cpu[False], cpu[True])},
        "loadavg_1m_before": round(load_before, 2),
        "target_met": wall[False] / wall[True] <= 1.2,
    }  # fmt: skip
