"""Real servers (uvicorn subprocesses on loopback) and laptops (real database files) for tests."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy import Engine, select

from crm_desktop.database import Database, open_database
from crm_desktop.models import Account, OutboxOp
from crm_desktop.models.sync_state import SyncConflict
from crm_desktop.secure.sqlcipher import copy_database
from crm_desktop.services.core import crud
from crm_desktop.sync.client import SyncClient
from crm_desktop.sync.engine import SyncEngine, SyncReport
from crm_server import admin
from crm_server.db.engine import make_engine, upgrade
from tests.factories import account_values

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PASSWORD = "secret-pass-1"
START_TIMEOUT = 30.0


def pg_available() -> bool:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@dataclass
class ServerDb:
    """A fresh server database: a SQLite file or a PostgreSQL database dropped at the end."""

    url: str
    engine: Engine
    pg_name: str | None = None

    def dispose(self) -> None:
        self.engine.dispose()
        if self.pg_name:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def new_server_db(kind: str, folder: Path, template: str | None = None) -> ServerDb:
    if kind == "sqlite":
        url = f"sqlite:///{folder / f'server-{uuid.uuid4().hex[:8]}.db'}"
        db = ServerDb(url, make_engine(url))
    else:
        name = f"crm_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{suffix}')
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        db = ServerDb(url, make_engine(url), name)
    upgrade(db.engine)
    return db


@dataclass
class ServerProcess:
    url: str
    port: int
    proc: subprocess.Popen[bytes]
    log: Path
    scheme: str = "http"

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def stop(self, kill: bool = False) -> None:
        if self.proc.poll() is None:
            self.proc.kill() if kill else self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def bound_socket(port: int = 0) -> socket.socket:
    """A listening socket made here and handed to uvicorn (--fd): no other process can take
    the port between choosing it and the server binding it (other test runs share the box)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    return sock


def pinned_env(moment: datetime) -> dict[str, str]:
    """The server's clock stands still at `moment` (CRM_SERVER_PINNED_AT): a wait it imposes
    never runs out while a test is still typing (on a loaded machine, ten argon2 checks can take
    longer than the first one-second wait)."""
    return {"CRM_SERVER_PINNED_AT": moment.isoformat()}


def start_server(
    db_url: str,
    folder: Path,
    port: int | None = None,
    cli: list[str] | None = None,
    verify: ssl.SSLContext | None = None,
    env: dict[str, str] | None = None,
) -> ServerProcess:
    """uvicorn on a socket bound here; with `cli`, through `crm-server run --fd N` + cli;
    with verify (the test CA's context), the server speaks HTTPS and is checked with it."""
    sock = bound_socket(port or 0)
    port = int(sock.getsockname()[1])
    log = folder / f"server-{port}.log"
    content = {"CRM_SERVER_CONTENT_DIR": str(folder / "content")}  # attachments' content
    env = dict(os.environ, CRM_SERVER_DATABASE_URL=db_url, **(content | (env or {})))
    cmd = [sys.executable, "-m", "uvicorn", "crm_server.app:app_from_env", "--factory",
           "--fd", str(sock.fileno()), "--log-level", "warning"]  # fmt: skip
    if cli is not None:
        cmd = [sys.executable, "-m", "crm_server", "run", "--fd", str(sock.fileno()), *cli]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, env=env, stdout=out, stderr=subprocess.STDOUT, pass_fds=(sock.fileno(),)
        )
    sock.close()  # the server holds its own copy
    server = ServerProcess(db_url, port, proc, log, "https" if verify else "http")
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()}")
        try:
            health = httpx.get(f"{server.base}/v1/health", timeout=1.0, verify=verify or True)
            if health.status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.05)
    server.stop(kill=True)
    raise RuntimeError(f"server did not start in {START_TIMEOUT}s: {log.read_text()}")


@dataclass
class Laptop:
    """One rep's laptop: its own database file, its own client id, a real HTTP client."""

    name: str
    db: Database
    client: SyncClient
    engine: SyncEngine = field(init=False)

    def __post_init__(self) -> None:
        self.engine = SyncEngine(self.db.sessions, self.db.path, self.client)

    def sync(self) -> SyncReport:
        return self.engine.sync()

    @contextmanager
    def tx(self) -> Iterator[Any]:
        with self.db.sessions() as session, session.begin():
            yield session

    def new_account(self, owner_id: str, **values: Any) -> str:
        with self.tx() as s:
            return crud.create(s, Account, account_values(owner_id=owner_id) | values).id

    def update(self, model: type[Any], row_id: str, **changes: Any) -> None:
        with self.tx() as s:
            crud.update(s, model, row_id, changes)

    def delete(self, model: type[Any], row_id: str) -> None:
        with self.tx() as s:
            crud.tombstone(s, model, row_id)

    def get(self, model: type[Any], row_id: str) -> Any:
        with self.db.sessions() as s:
            return s.get(model, row_id)

    def ops(self, state: str | None = None) -> list[OutboxOp]:
        with self.db.sessions() as s:
            query = select(OutboxOp).order_by(OutboxOp.op_seq)
            if state:
                query = query.where(OutboxOp.state == state)
            return list(s.scalars(query))

    def conflicts(self) -> list[SyncConflict]:
        with self.db.sessions() as s:
            return list(s.scalars(select(SyncConflict).order_by(SyncConflict.id)))

    def close(self) -> None:
        self.client.close()
        self.db.engine.dispose()


def make_laptop(
    name: str, folder: Path, template_db: Path, server: ServerProcess, username: str, **kw: Any
) -> Laptop:
    path = folder / f"{name}.db"
    copy_database(template_db, path)
    client = SyncClient(server.base, username, **kw)
    laptop = Laptop(name, open_database(path), client)
    laptop.engine.sign_in(PASSWORD)  # as the sign-in dialog: naming the laptop
    laptop.sync()  # a new laptop first receives its scope (and the users it points at)
    return laptop


def add_user(db: ServerDb, username: str, role: str = "rep") -> str:
    with db.engine.begin() as conn:
        return admin.add_user(conn, username, PASSWORD, role, username.title())
