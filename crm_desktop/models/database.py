"""Opening the local SQLite file: engine, pragmas and the session factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

import crm_desktop.models.outbox  # noqa: F401  (stamps updated_at on every Session)
from crm_desktop.clock import SYSTEM, Clock


def _set_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA cache_size=-32000")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def make_engine(path: Path | str) -> Engine:
    """An engine on the SQLite file at path, with the pragmas the program relies on."""
    engine = create_engine(f"sqlite:///{Path(path)}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


def make_session_factory(
    engine: Engine, clock: Clock = SYSTEM, tax_rounding: str = "line"
) -> sessionmaker[Session]:
    """Sessions on engine, carrying the clock the services take "now" from (`clock_of`) and
    the company's tax rounding (setting quotes.tax_rounding, read by services.quotes);
    the file's triggers capture every write of a synced row."""
    info = {"clock": clock, "tax_rounding": tax_rounding}
    return sessionmaker(engine, expire_on_commit=False, future=True, info=info)
