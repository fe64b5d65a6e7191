"""Opening the program's database: default location, backup, migration."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from crm_desktop.clock import SYSTEM, Clock
from crm_desktop.schema_version import DatabaseProblem, MigrationReport, already_newest
from crm_desktop.secure import sqlcipher
from crm_desktop.secure.keys import KeyUnavailable

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
        read_only: str | None = None,
    ):
        self.path = path
        # Why the file can only be viewed (files.read_only_reason), or None: it can be edited.
        self.read_only = read_only
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
                if self.read_only is None:
                    _restore_bootstrap_indexes(sessions)
                    verify_capture(sessions)  # raises CaptureBroken, saying why, before any edit
                self._sessions = sessions
            return self._sessions

    def new_session(self) -> Session:
        """A new Session (what Operations calls in its worker threads)."""
        return self.sessions()

    def _make_engine(self) -> Engine:
        if self._engine is None:
            from crm_desktop.models.database import make_engine, make_read_only_engine

            opener = make_read_only_engine if self.read_only else make_engine
            self._engine = opener(self.path)
        return self._engine

    def read_connection(self) -> sqlcipher.Connection:
        """A read-only DB-API connection for the GUI thread's read of one visible page.

        DB-API (SQLCipher, keyed with the raw key), so the first page shows before SQLAlchemy is
        loaded; usable only in the thread that opened it. Writes always go through sessions on
        the Operations' writer.
        """
        if self.read_only:
            from crm_desktop.models.database import read_only_mode

            conn = sqlcipher.connect(self.path, mode=read_only_mode(self.path), timeout=5.0)
        else:
            conn = sqlcipher.connect(self.path, timeout=5.0)
        conn.execute("PRAGMA query_only=ON")
        conn.execute("PRAGMA cache_size=-32000")
        conn.execute("PRAGMA temp_store=MEMORY")
        return conn


def _restore_bootstrap_indexes(sessions: sessionmaker[Session]) -> None:
    """A bootstrap killed with the indexes dropped (sync/bulk_indexes.py): build them again
    before anything else uses the file."""
    from crm_desktop.sync import bulk_indexes

    with sessions() as session, session.begin():
        bulk_indexes.restore(session.connection())


def open_database(path: Path, clock: Clock = SYSTEM) -> Database:
    """Open (creating if need be) and migrate the file; raises MigrationFailed with the reason.

    A file already at the newest schema opens without Alembic or SQLAlchemy (schema_version);
    otherwise Alembic backs it up and migrates it (models/migrate.py).
    """
    path = path.expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    from crm_desktop.files import read_only_reason

    read_only = read_only_reason(path)
    if read_only is None:
        ensure_encrypted(path)  # a read-only file is viewed as it is, plain or encrypted
    report = already_newest(path)
    if read_only is not None:
        return _open_for_viewing(path, read_only, report, clock)
    if report is not None:
        return Database(path, report, clock=clock)
    from crm_desktop.models.database import make_engine
    from crm_desktop.models.migrate import migrate_file

    engine = make_engine(path)
    return Database(path, migrate_file(path, engine), engine, clock)


def ensure_encrypted(path: Path) -> None:
    """Encrypt a plain file (and its backup) left by an older version; the key must be had.

    Raises DatabaseProblem saying why when the key cannot be had or the encryption fails (the
    plain file is then left as it was).
    """
    try:
        sqlcipher.encrypt_if_plain(path)
        if path.is_file() and path.stat().st_size and not sqlcipher.is_plain(path):
            from crm_desktop.secure.keys import key_for

            key_for(path)  # asks now (passphrase) rather than deep inside a migration
    except KeyUnavailable as error:
        raise DatabaseProblem(str(error)) from error
    except sqlcipher.EncryptionFailed as error:
        raise DatabaseProblem(str(error)) from error


def _open_for_viewing(
    path: Path, reason: str, report: MigrationReport | None, clock: Clock
) -> Database:
    """A read-only file at the newest schema opens for viewing; any other is refused in words
    (it cannot be updated or checked in place), and its bytes stay as they were."""
    if report is not None:
        return Database(path, report, clock=clock, read_only=reason)
    from crm_desktop.schema_version import DatabaseProblem, revision_heads, stored_revision

    try:
        stored = stored_revision(path)
    except sqlcipher.Error as error:
        raise DatabaseProblem(
            f"{path} cannot be opened: it is not a CRM database or it is damaged ({error})."
        ) from error
    from crm_desktop.models.migrate import _unknown_revisions

    unknown = _unknown_revisions(stored)
    if unknown:
        raise DatabaseProblem(
            f"{path} was made by a newer version of the program (schema {', '.join(unknown)}): "
            "update the program to open it. The file was not changed."
        )
    raise DatabaseProblem(
        f"{reason}, and it was made by an older version of the program (schema {stored or 'none'};"
        f" this one needs {revision_heads()}): copy it to a folder you can write to, then open "
        "the copy. The file was not changed."
    )
