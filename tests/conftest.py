"""Shared fixtures: the pinned clock, a migrated database file per test, an in-memory keyring.

Time: every test runs against one pinned clock. Its instant is the wall clock when the test
session starts, to the minute (under libfaketime, the faked instant: CI runs the suite at
several instants that have bitten CRMs before), or CRM_TEST_NOW (an ISO moment with its offset)
to replay a failure at the instant the run header printed. Fixtures build their dates
relative to it, never from the calendar.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import keyring
import pytest
from sqlalchemy.orm import Session

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from crm_desktop.clock import SYSTEM, FixedClock
from crm_desktop.database import Database, open_database
from crm_desktop.models.database import make_engine
from crm_desktop.models.migrate import migrate_file
from tests.memory_keyring import MemoryKeyring


def _pinned_instant() -> datetime:
    text = os.environ.get("CRM_TEST_NOW")
    if text:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            raise SystemExit("CRM_TEST_NOW needs an offset, e.g. 2026-12-31T23:30:00-05:00")
        return moment
    return SYSTEM.now().replace(second=0, microsecond=0)


PINNED_AT = _pinned_instant()


def pytest_report_header() -> str:
    local = PINNED_AT.astimezone()
    return f"clock pinned at {local.isoformat()} (replay: CRM_TEST_NOW={local.isoformat()})"


@pytest.fixture(scope="session")
def pinned_at() -> datetime:
    """The session's pinned instant, for fixtures wider than one test."""
    return PINNED_AT


@pytest.fixture
def clock() -> FixedClock:
    """The test's clock, pinned at the session's instant; a test may move it."""
    return FixedClock(PINNED_AT)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(path)
    migrate_file(path, engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "crm.db"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def database(db_path: Path, clock: FixedClock) -> Iterator[Database]:
    db = open_database(db_path, clock)
    yield db
    db.engine.dispose()


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.sessions() as s, s.begin():
        yield s


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring: no test ever touches the machine's own."""
    previous, backend = keyring.get_keyring(), MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
