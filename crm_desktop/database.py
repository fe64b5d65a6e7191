"""Opening the program's database: default location, backup, migration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from crm_desktop.models.database import make_engine, make_session_factory
from crm_desktop.models.migrate import MigrationReport, migrate_file

APP_NAME = "crm-desktop"


def default_db_path() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "crm.db"


@dataclass(frozen=True)
class Database:
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    migration: MigrationReport


def open_database(path: Path) -> Database:
    """Open (creating if need be) and migrate the file; raises MigrationFailed with the reason."""
    path = path.expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    report = migrate_file(path, engine)
    return Database(path, engine, make_session_factory(engine), report)
