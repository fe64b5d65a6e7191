"""Shared fixtures: the pinned clock, a migrated database file per test, an in-memory keyring.

Time: every test runs against one pinned clock. Its instant is the wall clock when the test
session starts, to the minute (under libfaketime, the faked instant: CI runs the suite at
several instants that have bitten CRMs before), or CRM_TEST_NOW (an ISO moment with its offset)
to replay a failure at the instant the run header printed. Fixtures build their dates
relative to it, never from the calendar.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import keyring
import pytest
from sqlalchemy.orm import Session

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from crm_desktop import i18n
from crm_desktop.clock import SYSTEM, FixedClock
from crm_desktop.database import Database, open_database
from crm_desktop.models.database import make_engine
from crm_desktop.models.migrate import migrate_file
from crm_desktop.secure import keys
from crm_desktop.secure.sqlcipher import copy_database
from tests.memory_keyring import MIRROR_ENV, MemoryKeyring


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
    previous = keyring.get_keyring()  # made before any test's keyring: its key stays in memory
    keyring.set_keyring(MemoryKeyring())
    engine = make_engine(path)
    migrate_file(path, engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    keyring.set_keyring(previous)
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    return copy_database(template_db, tmp_path / "crm.db")  # the same key, as a .bak


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
def memory_keyring(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring: no test ever touches the machine's own.

    Programs the test starts read its keys from a mirror file (tests/memory_keyring.py).
    """
    mirror = tmp_path_factory.mktemp("keyring") / "keys.json"
    previous, backend = keyring.get_keyring(), MemoryKeyring(mirror)
    # Files made by session- and module-wide fixtures (before this keyring) keep their keys
    # in this process's memory; a program the test starts finds them in this keyring.
    for user, key in keys._cache.items():
        if not key.salt:
            backend.set_password(keys.KEYRING_SERVICE, user, key.key.hex())
    keyring.set_keyring(backend)
    monkeypatch.setenv(MIRROR_ENV, str(mirror))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.memory_keyring.MirroredKeyring")
    root = str(Path(__file__).resolve().parent.parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]))
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def spanish_by_default() -> Iterator[None]:
    """Every test starts in Spanish, the program's default: a test (or tests/views' fixture) that
    switches the language cannot leak it into the next test of the same process — with two
    workers the order of files differs from run to run (a services test once read English)."""
    i18n.set_language("es")
    yield
    i18n.set_language("es")
