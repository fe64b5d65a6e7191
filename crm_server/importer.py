"""`crm-server import-laptop-db`: a laptop's SQLite file becomes the server's data, at version 1.

Every row of every synced table is stored exactly as a push of its insert would have stored it
(the same codec JSON, field versions, owner/audience and account; a change-log entry with all
its fields), in one transaction, through the push path's own writer (crm_server.batch). Each
laptop user also gets a login with the SAME id, username and role, since owner ids are user ids.
A laptop that already holds these rows (server_version 1) then syncs without a conflict.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine, create_engine, delete, event, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import class_mapper

from crm_desktop.models.base import BOOKKEEPING, synced_classes
from crm_desktop.models.codec import to_json
from crm_desktop.models.local import OutboxOp
from crm_desktop.models.migrate import alembic_config, current_revision, head_revision
from crm_server import admin
from crm_server import rows as R
from crm_server.batch import Batch
from crm_server.db import schema as S

CHUNK = 2000
EXIT_BAD_FILE = 4
SQLITE_MAGIC = b"SQLite format 3\x00"
# Everything the server keeps but its token key: what --replace empties.
SERVER_DATA = (
    S.sync_rows,
    S.change_log,
    S.conflicts,
    S.push_results,
    S.sync_clients,
    S.refresh_tokens,
    S.login_throttle,
    S.login_known_addresses,
    S.sync_unique_keys,
    S.users,
)


class LaptopFileError(Exception):
    """The laptop file is missing, unreadable, not a CRM database, or at another schema."""


@dataclass
class ImportReport:
    rows: dict[str, int] = field(default_factory=dict)
    users: list[str] = field(default_factory=list)
    unsent: int = 0

    def lines(self) -> list[str]:
        counts = ", ".join(f"{n} {table}" for table, n in self.rows.items() if n)
        out = [
            f"Imported {sum(self.rows.values())} rows at version 1 ({counts}).",
            f"Logins created (same ids as on the laptop): {', '.join(self.users) or 'none'}.",
        ]
        if self.unsent:
            out.append(
                f"The laptop has {self.unsent} unsent changes: the imported rows hold them "
                "already, so pushing them changes nothing."
            )
        return out


def command(engine: Engine, args: argparse.Namespace) -> int:
    """Run the subcommand on the (migrated) server database; returns the exit code."""
    try:
        check_password(args.password)
        laptop = open_laptop(Path(args.path))
    except LaptopFileError as error:
        print(f"crm-server: {error}", file=sys.stderr)
        return EXIT_BAD_FILE
    try:
        with laptop.connect() as source, engine.begin() as target:
            report = import_laptop(source, target, args.password, replace=args.replace)
    finally:
        laptop.dispose()
    if args.replace:
        print("The server's previous data was deleted.")
    print("\n".join(report.lines()))
    return 0


def check_password(password: str) -> None:
    if not password.strip():
        raise admin.AdminError("The password is empty: give one with --password.")
    if len(password) < admin.MIN_PASSWORD:
        raise admin.AdminError(
            f"The password is too weak: it must have at least {admin.MIN_PASSWORD} characters."
        )


def _plain_engine(path: Path) -> Engine:
    """A laptop file from before encryption (plain SQLite), read-only."""
    uri = path.resolve().as_uri() + "?mode=ro"
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))


def _laptop_engine(path: Path) -> Engine:
    """An encrypted laptop file, read-only, with its key: from this computer's keyring (the
    demo's laptop and server on one machine) or CRM_DESKTOP_DB_PASSPHRASE (secure/keys.py)."""
    from crm_desktop.secure.keys import KeyUnavailable, key_for

    try:
        key = key_for(path)
    except KeyUnavailable as error:
        raise LaptopFileError(
            f"{path} is not a SQLite database this server can read: plain, or encrypted with "
            f"a key it holds ({error})."
        ) from error
    database = f"file:{path.resolve()}?mode=ro"
    url = URL.create("sqlite+pysqlcipher", password=key.pragma, database=database)
    engine = create_engine(url.update_query_dict({"uri": "true"}))
    event.listen(engine, "connect", _cipher_settings)
    return engine


def _cipher_settings(dbapi_conn: Any, _record: Any) -> None:
    from crm_desktop.secure.sqlcipher import CIPHER_PRAGMAS

    for pragma in CIPHER_PRAGMAS:  # right after the dialect's `PRAGMA key`
        dbapi_conn.execute(f"PRAGMA {pragma}")


def open_laptop(path: Path) -> Engine:
    """A read-only engine on the laptop file, after checking it is a CRM file at our schema."""
    if not path.exists():
        raise LaptopFileError(f"There is no file {path}.")
    if not path.is_file():
        raise LaptopFileError(f"{path} is not a file.")
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise LaptopFileError(f"Cannot read {path}: {error.strerror}.") from error
    engine = _laptop_engine(path) if head != SQLITE_MAGIC else _plain_engine(path)
    try:
        found = current_revision(engine)
    except DBAPIError as error:
        engine.dispose()
        raise LaptopFileError(f"Cannot read {path}: {error.orig}.") from error
    wanted = head_revision()
    if found != wanted:
        engine.dispose()
        if found is None or not set(found.split(",")) <= _laptop_revisions():
            raise LaptopFileError(
                f"{path} is not a laptop's CRM database (schema {found or 'none'} is not one "
                "of crm-desktop's)."
            )
        raise LaptopFileError(
            f"{path} has schema {found}, this server reads {wanted}: open it once with the "
            "same version of crm-desktop as the server, which brings it up to date."
        )
    return engine


def _laptop_revisions() -> set[str]:
    scripts = ScriptDirectory.from_config(alembic_config())
    return {script.revision for script in scripts.walk_revisions()}


def import_laptop(
    source: Connection, target: Connection, password: str, *, replace: bool = False
) -> ImportReport:
    """Load every synced row and a login per user into target (in the caller's transaction)."""
    check_password(password)
    _make_room(target, replace)
    report = ImportReport()
    places = _Places()
    for table in sorted(synced_classes(), key=lambda name: R.table_rank()[name]):
        report.rows[table] = 0
        for chunk in _chunks(_laptop_rows(source, table)):
            batch = Batch(target)
            for data in chunk:
                row = places.row(table, data)
                batch.put(row)
                batch.log(row, data, None, None)
            batch.flush()
            report.rows[table] += len(chunk)
            if table == "users":
                report.users += [_add_login(target, data, password) for data in chunk]
    report.unsent = int(
        source.scalar(select(func.count()).select_from(OutboxOp).where(OutboxOp.state == "pending"))
        or 0
    )
    return report


def _make_room(target: Connection, replace: bool) -> None:
    held = [t.name for t in (S.sync_rows, S.users) if target.scalar(select(func.count(t.c[0])))]
    if not held:
        return
    if not replace:
        raise admin.AdminError(
            f"The server already holds data ({' and '.join(held)}): importing would mix two "
            "worlds. Use an empty server database, or add --replace to delete its data first."
        )
    for table in SERVER_DATA:
        target.execute(delete(table))


def _laptop_rows(source: Connection, table: str) -> Iterator[dict[str, R.JsonScalar]]:
    """Every row of the table as the push of its insert carries it (codec.row_fields)."""
    mapper = class_mapper(synced_classes()[table])
    attrs = [a for a in mapper.column_attrs if a.key not in BOOKKEEPING]
    query = select(*(a.columns[0] for a in attrs)).order_by(mapper.local_table.c.id)
    for values in source.execution_options(yield_per=CHUNK).execute(query):
        yield {a.key: to_json(v) for a, v in zip(attrs, values, strict=True)}


def _chunks(rows: Iterator[dict[str, R.JsonScalar]]) -> Iterator[list[dict[str, R.JsonScalar]]]:
    chunk: list[dict[str, R.JsonScalar]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _add_login(target: Connection, data: dict[str, R.JsonScalar], password: str) -> str:
    username, role = str(data["username"]), str(data["role"])
    active = bool(data.get("active")) and data.get("deleted_at") is None
    admin.add_login(target, username, password, role, user_id=str(data["id"]), active=active)
    return username if active else f"{username} (inactive)"


class _Places:
    """Where each row sits in the scopes, from the accounts and quotes imported before it."""

    def __init__(self) -> None:
        self.owners: dict[str, str] = {}  # account id -> owner
        self.quote_accounts: dict[str, str | None] = {}  # quote id -> account id

    def _get(self, table: str, row_id: str) -> R.Row | None:
        if table == "accounts" and row_id in self.owners:
            return R.Row(table, row_id, 1, {}, {}, self.owners[row_id], row_id, False)
        if table == "quotes" and row_id in self.quote_accounts:
            return R.Row(table, row_id, 1, {}, {}, S.UNOWNED, self.quote_accounts[row_id], False)
        return None

    def row(self, table: str, data: dict[str, R.JsonScalar]) -> R.Row:
        """The row as a push of its insert stores it: version 1, every field at version 1."""
        owner, account_id = R.locate(self._get, table, data)
        row_id = str(data["id"])
        if table == "accounts":
            self.owners[row_id] = owner
        elif table == "quotes":
            self.quote_accounts[row_id] = account_id
        deleted = data.get("deleted_at") is not None
        versions = dict.fromkeys(data, 1)
        return R.Row(table, row_id, 1, data, versions, owner, account_id, deleted, is_new=True)
