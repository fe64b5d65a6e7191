"""How long `crm-server` admin commands take from start to exit, on a SQLite server database.

Each command runs 7 times in a fresh process (the median and the worst are given): list-users,
set-password (one argon2id hash), and reassign of an account with a few hundred rows under it.
Target: under 0.5 s each. Also the import time of the command line module alone.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench import _server as S
from crm_desktop.models.codec import to_json
from crm_server import rows as R
from crm_server.db.engine import make_engine, upgrade
from crm_server.db.schema import GLOBAL

TARGET = "each admin command < 0.5 s"
RUNS = 7


def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'server.db'}"
        upgrade(make_engine(url))
        S.add_rep(url, "ana")
        S.add_rep(url, "beto")
        account = _account_with_rows(url)
        commands = {
            "list-users": ["list-users"],
            "set-password": ["set-password", "ana", "--password", "another-pass-1"],
            "reassign": ["reassign", account, "beto"],
            "reassign_back": ["reassign", account, "ana"],
        }
        figures = {name: _timed(url, argv) for name, argv in commands.items()}
    figures["import_only"] = _timed_import()
    return figures


def _timed(url: str, argv: list[str]) -> dict[str, float]:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "crm_server", "--database-url", url, *argv],
            check=True,
            capture_output=True,
        )
        samples.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(samples), 3), "max_s": round(max(samples), 3)}


def _timed_import() -> dict[str, float]:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import crm_server.__main__"], check=True)
        samples.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(samples), 3), "max_s": round(max(samples), 3)}


def _account_with_rows(url: str) -> str:
    """An account owned by ana with 300 contacts under it, written straight to the server."""
    engine = make_engine(url)
    with engine.begin() as conn:
        ana = str(conn.exec_driver_sql("SELECT id FROM users WHERE username='ana'").scalar())
        account = str(uuid.uuid4())
        data = S.account_fields(ana, account)
        R.save(conn, R.Row("accounts", account, 1, data, dict.fromkeys(data, 1), ana, account,
                           False, is_new=True))  # fmt: skip
        for i in range(300):
            cid = str(uuid.uuid4())
            values = {"id": cid, "account_id": account, "first_name": f"C{i}", "last_name": ""}
            fields = {k: to_json(v) for k, v in values.items()}
            R.save(conn, R.Row("contacts", cid, 1, fields, dict.fromkeys(fields, 1), ana,
                               account, False, is_new=True))  # fmt: skip
    assert GLOBAL
    return account
