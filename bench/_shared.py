"""What the benchmarks share: the cached seeded database and the machine description."""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
from pathlib import Path

from crm_desktop.models.database import make_engine
from crm_desktop.models.migrate import current_revision, head_revision
from crm_desktop.seed import SeedReport, seed_database

CACHE_DIR = Path(__file__).resolve().parent.parent / "var" / "bench"


def cache_path(accounts: int, seed: int) -> Path:
    return CACHE_DIR / f"crm-{accounts}-s{seed}.db"


def seed_cached(args: argparse.Namespace) -> SeedReport:
    """Seed the cache file for (accounts, seed) from scratch, replacing any older one."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    return seed_database(cache_path(args.accounts, args.seed), args.accounts, args.seed,
                         replace=True)  # fmt: skip


def cached_db(args: argparse.Namespace) -> Path:
    """The seeded database for args.accounts/args.seed, seeding it only when missing or stale."""
    path = cache_path(args.accounts, args.seed)
    if args.fresh and not getattr(args, "_fresh_done", False):
        seed_cached(args)
        args._fresh_done = True
    elif not _usable(path):
        seed_cached(args)
    return path


def _usable(path: Path) -> bool:
    if not path.exists():
        return False
    engine = make_engine(path)
    try:
        return current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def machine() -> dict[str, object]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info: dict[str, object] = {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }
    if hasattr(os, "getloadavg"):
        # The machine may be shared; a high load explains a slow figure.
        info["loadavg_1m"] = round(os.getloadavg()[0], 2)
    return info


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, round(pct / 100 * len(sorted_values) + 0.5 - 1e-9))
    return sorted_values[min(rank, len(sorted_values)) - 1]
