"""Engines for the server database (SQLite file or PostgreSQL) and its Alembic upgrade."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def default_url() -> str:
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("crm-server", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'server.db'}"


def is_postgres(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Python's sqlite3 opens transactions lazily; we issue BEGIN IMMEDIATE ourselves so that
    # every write transaction takes the write lock up front (writes are serial on SQLite).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | None = None) -> Engine:
    """An engine on url (default: the SQLite file in the data folder)."""
    url = url or default_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # No pre-ping (a round trip per request); stale connections are recycled instead. A burst
    # of syncs (the fleet at 18:00) keeps its connections: 20 stay open, 10 more on demand
    # (the same 30 at most as before, fewer PostgreSQL backends started and ended per burst).
    return create_engine(url, pool_size=20, max_overflow=10, pool_timeout=60, pool_recycle=1800)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the server schema to its newest revision."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def head_revisions() -> set[str]:
    """The newest revision ids, read from the revision files (without importing Alembic)."""
    found: dict[str, set[str]] = {}
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev = re.search(r'^revision = "([^"]+)"', source, re.M)
        down = re.search(r"^down_revision = (.*)$", source, re.M)
        if rev:
            found[rev.group(1)] = set(re.findall(r'"([^"]+)"', down.group(1))) if down else set()
    parents = set().union(*found.values()) if found else set()
    return set(found) - parents


def ensure_current(engine: Engine) -> None:
    """Migrate only when the database is not at the newest revision (a cheap check first)."""
    try:
        with engine.connect() as conn:
            current = {
                str(v) for v in conn.scalars(text("SELECT version_num FROM alembic_version"))
            }
    except DBAPIError:
        current = set()
    if current != head_revisions():
        upgrade(engine)
