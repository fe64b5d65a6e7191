"""Erasing one person (issue 12) in a seeded database: the laptop's erase and its VACUUM.

Works on a copy of the cached database. Picks the contact with the most visits, then times,
in the program's own order: anonymize_person (the audit row, every row of the account naming
the person, the outbox, the search index) in one transaction, then erase_leftovers (VACUUM and
the WAL truncated: the rewrite that leaves no old bytes in free pages). Prints both, the file's
size, and how many rows changed.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench._shared import cached_db

TARGET = "erase_ms < 1000 and vacuum_s < 30 at 100,000 accounts (a rare, deliberate act)"


def _copy(source: Path, folder: Path) -> Path:
    target = folder / "erase.db"
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def run(args: argparse.Namespace) -> dict[str, Any]:
    from crm_desktop.database import open_database
    from crm_desktop.services.accounts.privacy import anonymize_person, erase_leftovers

    with tempfile.TemporaryDirectory() as folder:
        path = _copy(cached_db(args), Path(folder))
        db = open_database(path)
        with db.sessions() as s:
            account_id, contact_id = s.execute(
                text(
                    "SELECT c.account_id, c.id FROM contacts c JOIN visits v ON v.contact_id = c.id"
                    " GROUP BY c.id ORDER BY count(*) DESC LIMIT 1"
                )
            ).one()
        started = time.perf_counter()
        with db.sessions() as s, s.begin():
            changed = anonymize_person(
                s, account_id, contact_id, "subject", "email", "Benchmark del borrado", None
            )
        erase_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        erase_leftovers(db.engine, db.path)
        vacuum_s = time.perf_counter() - started
        size_mb = path.stat().st_size / 1e6
        db.engine.dispose()
    return {
        "erase_ms": round(erase_ms, 1),
        "vacuum_s": round(vacuum_s, 2),
        "rows_changed": changed,
        "file_mb": round(size_mb, 1),
    }
