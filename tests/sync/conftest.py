"""Fixtures of the sync integration tests: keyring in memory, a real server per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import psycopg
import pytest

from tests.sync.harness import (
    PG_ADMIN,
    ServerDb,
    ServerProcess,
    new_server_db,
    pg_available,
    pinned_env,
    start_server,
)

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def pg_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    """A migrated PostgreSQL database each test's fresh database is cloned from."""
    if not pg_available():
        yield None
        return
    db = new_server_db("postgres", tmp_path_factory.mktemp("pg"))
    db.engine.dispose()
    yield db.pg_name
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db.pg_name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def server_db(
    request: pytest.FixtureRequest, tmp_path: Path, pg_template: str | None
) -> Iterator[ServerDb]:
    if request.param == "postgres" and pg_template is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432")
    db = new_server_db(request.param, tmp_path, pg_template)
    yield db
    db.dispose()


@pytest.fixture
def server(server_db: ServerDb, tmp_path: Path) -> Iterator[ServerProcess]:
    proc = start_server(server_db.url, tmp_path)
    yield proc
    proc.stop()


@pytest.fixture
def pinned_server(
    server_db: ServerDb, tmp_path: Path, pinned_at: datetime
) -> Iterator[ServerProcess]:
    """A server whose clock stands still at the session's instant (login waits never expire)."""
    proc = start_server(server_db.url, tmp_path, env=pinned_env(pinned_at))
    yield proc
    proc.stop()


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:6]}"
