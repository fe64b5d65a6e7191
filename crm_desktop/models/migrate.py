"""Bring a database file to the newest schema, with a copy aside and restore on failure."""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, exc

from crm_desktop.schema_version import DatabaseProblem as DatabaseProblem
from crm_desktop.schema_version import MigrationFailed as MigrationFailed
from crm_desktop.schema_version import MigrationReport as MigrationReport

# Defined where the program's start can use them without importing Alembic (schema_version).
from crm_desktop.secure.sqlcipher import copy_database

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest schema: its head revisions, sorted and comma-joined (one, once merged)."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return ",".join(sorted(heads))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return ",".join(sorted(heads)) if heads else None


def _unknown_revisions(stored: str | None) -> list[str]:
    """The file's revisions this program does not know (a newer program wrote them)."""
    if not stored:
        return []
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    return [rev for rev in stored.split(",") if rev not in known]


def upgrade(engine: Engine, target: str = "heads") -> None:
    """Run the migrations on engine's database up to target, in one transaction."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
        reinstall_capture(conn)


def reinstall_capture(conn: Connection) -> None:
    """The outbox triggers match the file's columns after any revision (batch mode drops them)."""
    from crm_desktop.models.capture import CAPTURE_OFF_TABLE, install_capture_triggers

    exists = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (CAPTURE_OFF_TABLE,)
    ).first()
    if exists:
        install_capture_triggers(conn)


def _backup(path: Path) -> Path:
    """Copy the live database aside with SQLite's backup API (consistent in WAL mode), encrypted."""
    return copy_database(path, path.with_name(path.name + ".bak"))  # with the file's key


def _restore(path: Path, backup: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copyfile(backup, path)


def migrate_file(path: Path, engine: Engine) -> MigrationReport:
    """Upgrade the file to head; copy it aside first and put the copy back if it fails."""
    try:
        before = current_revision(engine) if path.exists() else None
    except (exc.DatabaseError, UnicodeDecodeError) as error:
        engine.dispose()
        cause = "unreadable text" if isinstance(error, UnicodeDecodeError) else error.orig
        raise DatabaseProblem(
            f"{path} cannot be opened: it is not a CRM database or it is damaged ({cause})."
        ) from error
    head = head_revision()
    if before == head:
        return MigrationReport(before, head, None)
    unknown = _unknown_revisions(before)
    if unknown:
        engine.dispose()
        raise DatabaseProblem(
            f"{path} was made by a newer version of the program (schema {', '.join(unknown)}): "
            "update the program to open it. The file was not changed."
        )
    backup = _backup(path) if before is not None else None
    try:
        upgrade(engine)
    except Exception as error:
        engine.dispose()
        if backup is not None:
            _restore(path, backup)
        raise MigrationFailed(path, backup, error) from error
    return MigrationReport(before, head, backup)
