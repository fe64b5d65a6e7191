"""Opening the program's database: default location, backup, migration."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from crm_desktop.clock import SYSTEM, Clock
from crm_desktop.schema_version import MigrationReport, already_newest

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

APP_NAME = "crm-desktop"


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "crm.db"


class Database:
    """The opened file. SQLAlchemy (engine, sessions) is loaded on first use, not at start."""

    def __init__(
        self,
        path: Path,
        migration: MigrationReport,
        engine: Engine | None = None,
        clock: Clock = SYSTEM,
    ):
        self.path = path
        self.clock = clock  # every session carries it: services read "now" from it
        self.migration = migration
        self._engine = engine
        self._sessions: sessionmaker[Session] | None = None
        self._lock = threading.Lock()  # the first use may come from two worker threads at once

    @property
    def engine(self) -> Engine:
        with self._lock:
            return self._make_engine()

    @property
    def sessions(self) -> sessionmaker[Session]:
        with self._lock:
            if self._sessions is None:
                from crm_desktop.models.database import make_session_factory
                from crm_desktop.models.outbox import verify_capture
                from crm_desktop.settings import Settings

                rounding = str(Settings.beside(self.path).get("quotes.tax_rounding"))
                sessions = make_session_factory(self._make_engine(), self.clock, rounding)
                verify_capture(sessions)  # raises CaptureBroken, saying why, before any edit
                self._sessions = sessions
            return self._sessions

    def new_session(self) -> Session:
        """A new Session (what Operations calls in its worker threads)."""
        return self.sessions()

    def _make_engine(self) -> Engine:
        if self._engine is None:
            from crm_desktop.models.database import make_engine

            self._engine = make_engine(self.path)
        return self._engine

    def read_connection(self) -> sqlite3.Connection:
        """A read-only DB-API connection for the GUI thread's read of one visible page.

        Plain sqlite3, so the first page shows before SQLAlchemy is loaded; usable only in the
        thread that opened it. Writes always go through sessions on the Operations' writer.
        """
        conn = sqlite3.connect(self.path, timeout=5.0)
        conn.execute("PRAGMA query_only=ON")
        conn.execute("PRAGMA cache_size=-32000")
        conn.execute("PRAGMA temp_store=MEMORY")
        return conn


def open_database(path: Path, clock: Clock = SYSTEM) -> Database:
    """Open (creating if need be) and migrate the file; raises MigrationFailed with the reason.

    A file already at the newest schema opens without Alembic or SQLAlchemy (schema_version);
    otherwise Alembic backs it up and migrates it (models/migrate.py).
    """
    path = path.expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    report = already_newest(path)
    if report is not None:
        return Database(path, report, clock=clock)
    from crm_desktop.models.database import make_engine
    from crm_desktop.models.migrate import migrate_file

    engine = make_engine(path)
    return Database(path, migrate_file(path, engine), engine, clock)
