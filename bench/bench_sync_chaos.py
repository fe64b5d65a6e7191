"""Randomized multi-laptop sync with kills, lost answers and poison inside the run; oracle per seed.

`python -m bench.run sync_chaos --seeds 500 [--minutes 60] [--steps 30]
[--backends sqlite,postgres]`
Seeds alternate between a SQLite server (one process) and PostgreSQL (two processes); each seed
gets a fresh server database. A violation prints its seed (rerun with --first-seed S --seeds 1).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

from bench._sync_chaos import Tally, run_seed
from bench._sync_world import laptop_template, use_memory_keyring
from tests.sync.harness import PG_ADMIN, new_server_db, pg_available

TARGET = "0 violations over >= 500 seeds"


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # finally blocks stop the servers and drop the databases


def run(args: argparse.Namespace) -> dict[str, Any]:
    # Also when started in the background (SIGINT ignored there) or stopped with SIGTERM.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    use_memory_keyring()
    backends = [b for b in args.backends.split(",") if b]
    if "postgres" in backends and not pg_available():
        backends.remove("postgres")
    started = time.monotonic()
    total, by_backend = Tally(), {b: Tally() for b in backends}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = laptop_template(folder)
        pg_template = None
        if "postgres" in backends:
            pg_template = new_server_db("postgres", folder)
            pg_template.engine.dispose()
        try:
            for n in range(args.seeds):
                if args.minutes and time.monotonic() - started > args.minutes * 60:
                    break
                seed, backend = args.first_seed + n, backends[n % len(backends)]
                work = folder / f"seed-{seed}"
                work.mkdir()
                name = pg_template.pg_name if pg_template else None
                db = new_server_db(backend, work, name)
                try:
                    tally = run_seed(seed, db, work, template, args.steps)
                finally:
                    db.dispose()
                total.add(tally)
                by_backend[backend].add(tally)
                for violation in tally.violations:
                    print(violation, file=sys.stderr, flush=True)
                line = {"seed": seed, "backend": backend, "ok": not tally.violations,
                        "elapsed": round(time.monotonic() - started, 1),
                        "faults": dict(tally.faults)}  # fmt: skip
                print(json.dumps(line), file=sys.stderr, flush=True)
        finally:
            if pg_template is not None:
                with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{pg_template.pg_name}" WITH (FORCE)')
    return {
        "seeds": total.seeds,
        "seeds_by_backend": {b: t.seeds for b, t in by_backend.items()},
        "steps": total.steps,
        "faults": dict(sorted(total.faults.items())),
        "violations": len(total.violations),
        "violation_seeds": total.violations[:20],
    }
