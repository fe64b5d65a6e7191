"""What the sync benchmark stands on: a fresh PostgreSQL database, real servers, bulk data."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import keyring
import psycopg
from keyring.backend import KeyringBackend
from sqlalchemy import Column, Engine

from crm_desktop.database import open_database
from crm_desktop.models.base import BOOKKEEPING, synced_classes
from crm_desktop.models.codec import to_json
from crm_desktop.models.ids import new_id
from crm_desktop.secure.sqlcipher import copy_database
from crm_server import admin
from crm_server.db.engine import make_engine, upgrade

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PASSWORD = "bench-pass-1"
NOW = datetime(2026, 11, 1, 15, tzinfo=UTC)
# Rows under each account: ~12.5 in all, as in a real rep's book.
CHILDREN = {"contacts": 3, "visits": 4, "activities": 3, "opportunities": 1, "reminders": 0.5}


class BenchKeyring(KeyringBackend):
    """Keeps refresh tokens in memory: the benchmark never writes to the machine's keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def use_memory_keyring() -> None:
    """Keys and tokens for this process. The laptop files are encrypted, so a child laptop needs
    its parent's keys: shared through the file a test (CRM_TEST_KEYRING) or a benchmark run
    (CRM_BENCH_KEYRING) names; in memory when neither does."""
    if os.environ.get("CRM_TEST_KEYRING"):
        from tests.memory_keyring import MirroredKeyring

        keyring.set_keyring(MirroredKeyring())
    elif os.environ.get("CRM_BENCH_KEYRING"):
        from bench._keyring import BenchKeyring as SharedKeyring

        keyring.set_keyring(SharedKeyring())
    else:
        keyring.set_keyring(BenchKeyring())


def source_at(revision: str, folder: Path) -> Path:
    """This repository's tree at `revision`, unpacked under `folder` (git archive: the
    repository itself is not touched)."""
    target = folder / f"src-{revision}"
    if not target.exists():
        target.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", revision], capture_output=True, check=True,
            cwd=Path(__file__).resolve().parent,
        )  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


@contextmanager
def pg_database() -> Iterator[tuple[str, Engine]]:
    name = f"crm_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    engine = make_engine(url)
    try:
        upgrade(engine)
        yield url, engine
    finally:
        engine.dispose()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def server(
    url: str,
    workers: int = 1,
    env_extra: dict[str, str] | None = None,
    pids: list[int] | None = None,
    code: Path | None = None,
) -> Iterator[str]:
    """A real `uvicorn` serving the app on loopback; stopped on the way out. env_extra: more
    environment for it; pids: receives its process id (its workers are its children); code: a
    source tree to serve instead of this one (another revision, as a benchmark's comparator)."""
    # Bound here and handed over (--fd): no other process can take the port in between.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    port = int(sock.getsockname()[1])
    env = dict(os.environ, CRM_SERVER_DATABASE_URL=url) | (env_extra or {})
    if code is not None:
        env["PYTHONPATH"] = str(code)
    cmd = [sys.executable, "-m", "uvicorn", "crm_server.app:app_from_env", "--factory",
           "--fd", str(sock.fileno()), "--workers", str(workers),
           "--log-level", "warning", "--no-access-log"]  # fmt: skip
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=code,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        pass_fds=(sock.fileno(),),
    )
    sock.close()
    if pids is not None:
        pids.append(proc.pid)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def add_user(engine: Engine, username: str, role: str = "rep") -> str:
    with engine.begin() as conn:
        return admin.add_user(conn, username, PASSWORD, role, username)


def laptop_template(folder: Path) -> Path:
    path = folder / "template.db"
    db = open_database(path)
    db.engine.dispose()
    return path


def new_laptop_file(template: Path, folder: Path, name: str) -> Path:
    path = folder / f"{name}.db"
    copy_database(template, path)  # encrypted with the template's key, registered for the copy
    return path


# -- bulk data straight into the server's tables (what years of pushes would have left) ---------
def _filler(column: Column[Any]) -> Any:
    py = column.type.python_type
    if py is bool:
        return False
    if py is int:
        return 0
    if py is datetime:
        return NOW
    if py is date:
        return NOW.date()
    return "x"


def _row(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """Every column of the table in codec JSON, required ones filled with plain values."""
    cls_table = synced_classes()[table].__table__  # type: ignore[attr-defined]
    row: dict[str, Any] = {}
    for column in cls_table.columns:
        if column.name in BOOKKEEPING:
            continue
        value = values.get(column.name)
        if value is None and column.default is not None and column.default.is_scalar:
            value = column.default.arg
        if value is None and not column.nullable:
            value = _filler(column)
        row[column.name] = to_json(value)
    return row


def book_of(owner: str, accounts: int, prefix: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(table, account id, row) of a rep's accounts and everything under them."""
    for i in range(accounts):
        acc = new_id()
        yield (
            "accounts",
            acc,
            _row(
                "accounts",
                {
                    "id": acc,
                    "kind": "legal_entity",
                    "roles": "customer",
                    "legal_name": f"{prefix} {i}",
                    "tax_id_kind": "nit",
                    "tax_id": "900.123.456-8",
                    "country": "CO",
                    "lifecycle_phase": "engagement",
                    "owner_id": owner,
                    "city": "Bogotá",
                },
            ),
        )
        for table, share in CHILDREN.items():
            count = int(share) + (1 if share % 1 and i % 2 == 0 else 0)
            for n in range(count):
                values = {
                    "id": new_id(),
                    "account_id": acc,
                    "owner_id": owner,
                    "first_name": f"Contacto {n}",
                    "name": f"Oportunidad {i}",
                    "kind": "call",
                    "call_result": "answered",
                    "subject": "Seguimiento",
                    "title": "Llamar",
                    "planned_at": NOW,
                    "occurred_at": NOW,
                    "due_at": NOW,
                }
                yield table, acc, _row(table, values)


def load_book(url: str, owner: str, accounts: int, prefix: str = "Cliente") -> int:
    """COPY a whole book into sync_rows and change_log; returns the number of rows."""
    dsn = url.replace("postgresql+psycopg", "postgresql")
    count = 0
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        # The transaction's own id, as a pushed change would carry: after the users it points at.
        txid = cur.execute("SELECT pg_current_xact_id()::text::bigint").fetchone()[0]  # type: ignore[index]
        with cur.copy(
            "COPY sync_rows (table_name, row_id, version, data, field_versions, owner,"
            " account_id, deleted) FROM STDIN"
        ) as copy:
            rows = list(book_of(owner, accounts, prefix))
            for table, acc, row in rows:
                versions = json.dumps(dict.fromkeys(row, 1))
                copy.write_row(
                    (
                        table,
                        row["id"],
                        1,
                        json.dumps(row, ensure_ascii=False),
                        versions,
                        owner,
                        acc,
                        False,
                    )
                )
        with cur.copy(
            "COPY change_log (txid, table_name, row_id, version, audience, kind,"
            " created_at) FROM STDIN"
        ) as copy:
            for table, _acc, row in rows:
                copy.write_row((txid, table, row["id"], 1, owner, "row", time.time()))
                count += 1
    return count
