"""Opening the local SQLite file: engine, pragmas and the session factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

import crm_desktop.models.outbox  # noqa: F401  (stamps updated_at on every Session)
from crm_desktop.clock import SYSTEM, Clock
from crm_desktop.fold import fold_search
from crm_desktop.secure.keys import key_for
from crm_desktop.secure.sqlcipher import CIPHER_PRAGMAS


def _set_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    for pragma in CIPHER_PRAGMAS:  # right after the dialect's `PRAGMA key`
        cursor.execute(f"PRAGMA {pragma}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA cache_size=-32000")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()
    # Accent- and case-free matching of typed text (services/core/collation.py); no index or
    # trigger uses it, so the file stays writable by tools that do not have it.
    dbapi_conn.create_function("fold_search", 1, fold_search, deterministic=True)


def encrypted_url(path: Path | str) -> URL:
    """SQLAlchemy's SQLCipher dialect on the file, keyed with its raw key (made if it is new).

    The dialect sends `PRAGMA key = "x'…'"` as the first statement of every connection.
    """
    key = key_for(Path(path), create=True)
    return URL.create("sqlite+pysqlcipher", password=key.pragma, database=str(Path(path)))


def make_engine(path: Path | str) -> Engine:
    """An engine on the encrypted SQLite file at path, with the pragmas the program relies on."""
    # QueuePool as for a plain SQLite file (the dialect would pick one connection per thread).
    engine = create_engine(encrypted_url(path), future=True, poolclass=QueuePool)
    event.listen(engine, "connect", _set_pragmas)
    return engine


def _read_only_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA cache_size=-32000")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def read_only_mode(path: Path) -> str:
    """SQLite's read-only open of the file ("ro"): it never writes, not even a checkpoint at
    close. Where the folder is not writable either (no -shm can be made) the file is opened as
    "immutable", which needs no lock file at all."""
    import os

    path = Path(path).resolve()
    writable_folder = os.access(path.parent, os.W_OK) and bool(path.parent.stat().st_mode & 0o222)
    return "ro" if writable_folder else "immutable"


def make_read_only_engine(path: Path | str) -> Engine:
    """An engine that can only read the file (a read-only file is opened for viewing)."""
    import sqlcipher3.dbapi2

    from crm_desktop.secure import sqlcipher

    path = Path(path)
    mode = read_only_mode(path)
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlcipher.connect(path, mode=mode, check_same_thread=False),
        module=sqlcipher3.dbapi2,  # its errors are the ones SQLAlchemy wraps (OperationalError…)
        future=True,
    )
    event.listen(engine, "connect", _read_only_pragmas)
    return engine


def make_session_factory(
    engine: Engine, clock: Clock = SYSTEM, tax_rounding: str = "line"
) -> sessionmaker[Session]:
    """Sessions on engine, carrying the clock the services take "now" from (`clock_of`) and
    the company's tax rounding (setting quotes.tax_rounding, read by services.quotes);
    the file's triggers capture every write of a synced row."""
    info = {"clock": clock, "tax_rounding": tax_rounding}
    return sessionmaker(engine, expire_on_commit=False, future=True, info=info)
