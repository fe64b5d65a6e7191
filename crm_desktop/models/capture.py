"""SQLite triggers that write every change of a synced row into sync_outbox, whatever the path.

The ORM unit of work, a bulk `update()`, Core or raw SQL on any connection: every INSERT, UPDATE
and DELETE of a synced table fires these triggers, so capture cannot be switched off by how a
session was made (ARCHITECTURE.md, "Sync"). Writes of server data pause capture by holding a row
in `sync_capture_off` inside their own transaction (never committed: the row is removed before
commit, and a rollback removes it anyway).

The triggers encode values exactly as `codec.to_json` does (decimals as strings, aware ISO times,
JSON booleans), from the storage form: scaled integers, naive UTC text, 0/1.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Boolean, Column, Connection, Table, text

from crm_desktop.models.base import BOOKKEEPING, DERIVED, synced_classes
from crm_desktop.models.types import FixedDecimal, UTCDateTime

CAPTURE_OFF_TABLE = "sync_capture_off"
TRIGGER_PREFIX = "sync_capture_"
KINDS = ("insert", "update", "delete")
# SQLite's clock, in the storage form of UTCDateTime (naive UTC, microseconds). The one reading
# of the wall clock outside crm_desktop/clock.py: a trigger cannot call the injected clock (a
# trigger may not use a temp table, and a function the program registers would be missing for
# any other tool). It stamps only what no Python code wrote: an outbox entry's created_at, and
# updated_at / a hard delete's deleted_at for raw-SQL writes; the ORM stamps from the clock.
SQL_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'"  # wall clock: see above
_CAPTURING = f"NOT EXISTS (SELECT 1 FROM {CAPTURE_OFF_TABLE})"
_PAIRS_PER_CALL = 40  # well under SQLite's limit on function arguments


def trigger_name(table: str, kind: str) -> str:
    return f"{TRIGGER_PREFIX}{table}_{kind}"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def encode(column: Column[object], ref: str) -> str:
    """SQL turning a stored value (NEW.x / OLD.x) into the JSON value the outbox carries."""
    col_type = column.type
    if isinstance(col_type, FixedDecimal):
        scale = col_type.scale
        if scale == 0:
            return f"CAST({ref} AS TEXT)"
        unit = 10**scale
        return (
            f"CASE WHEN {ref} IS NULL THEN NULL ELSE "
            f"(CASE WHEN {ref} < 0 THEN '-' ELSE '' END) || (abs({ref}) / {unit}) || '.' || "
            f"substr('{'0' * scale}' || (abs({ref}) % {unit}), -{scale}) END"
        )
    if isinstance(col_type, UTCDateTime):
        return f"CASE WHEN {ref} IS NULL THEN NULL ELSE replace({ref}, ' ', 'T') || '+00:00' END"
    if isinstance(col_type, Boolean):
        return f"json(CASE WHEN {ref} IS NULL THEN 'null' WHEN {ref} THEN 'true' ELSE 'false' END)"
    return ref


def _json_set(pairs: list[tuple[str, str]]) -> str:
    """json_set('{}', path, value, ...) nested in calls of bounded argument count."""
    expr = "'{}'"
    for start in range(0, len(pairs), _PAIRS_PER_CALL):
        args = ", ".join(
            f"{path}, {value}" for path, value in pairs[start : start + _PAIRS_PER_CALL]
        )
        expr = f"json_set({expr}, {args})"
    return expr


def _path(name: str) -> str:
    return "'$.\"" + name.replace("'", "''") + "\"'"


def _outbox_insert(table: str, row_ref: str, op: str, fields: str, base: str) -> str:
    return (
        "INSERT INTO sync_outbox (table_name, row_id, op, fields, base_version, state, created_at) "
        f"SELECT '{table}', {row_ref}, '{op}', f, {base}, 'pending', {SQL_NOW} "
        f"FROM (SELECT {fields} AS f) WHERE f <> '{{}}';"
    )


def _field_base(table: str) -> str:
    """The base version of an update op (run where `f` is the op's fields).

    A pull raises the row's server_version even over fields with unsent changes (it keeps their
    local values). A new edit of such a field must not claim that newer version as its base: it
    never saw the server's value. So the base is the oldest base of the unsent ops that carry
    one of the op's fields, else the row's version (ARCHITECTURE.md: a pull never advances a
    pending field's base). The server then sees the conflict instead of overwriting silently.
    """
    return (
        "coalesce(min(OLD.server_version, (SELECT min(o.base_version) FROM sync_outbox o "
        f"WHERE o.table_name = '{table}' AND o.row_id = NEW.id "
        "AND o.op = 'update' AND o.state IN ('pending', 'refused') "
        "AND EXISTS (SELECT 1 FROM json_each(o.fields) k "
        "WHERE json_type(f, '$.\"' || k.key || '\"') IS NOT NULL))), OLD.server_version)"
    )


def trigger_sql(table: Table, present: set[str] | None = None) -> dict[str, str]:
    """The three CREATE TRIGGER statements of one synced table (columns limited to present)."""
    columns = [c for c in table.c if present is None or c.name in present]
    skip = BOOKKEEPING | DERIVED.get(table.name, frozenset())
    payload = [c for c in columns if c.name not in skip]
    name, q = table.name, _quote(table.name)
    insert_fields = _json_set(
        [(_path(c.name), encode(c, f"NEW.{_quote(c.name)}")) for c in payload]
    )
    changed = []
    for c in payload:
        col = _quote(c.name)
        differs = f"NEW.{col} IS NOT OLD.{col}"
        if c.name == "deleted_at":  # deleting is its own op below; restoring is an update
            differs += " AND NEW.deleted_at IS NULL"
        changed.append(
            (
                f"CASE WHEN {differs} THEN {_path(c.name)} ELSE '$.\"_\"' END",
                encode(c, f"NEW.{col}"),
            )
        )
    update_fields = f"json_remove({_json_set(changed)}, '$.\"_\"')"
    deleted = encode(table.c.deleted_at, "NEW.deleted_at")
    stamp = (  # a raw or bulk write of a field: updated_at moves as with the ORM
        f"UPDATE {q} SET updated_at = {SQL_NOW} WHERE id = NEW.id "
        f"AND NEW.updated_at IS OLD.updated_at AND {update_fields} <> '{{}}';"
    )
    return {
        "insert": (
            f"CREATE TRIGGER {trigger_name(name, 'insert')} AFTER INSERT ON {q} "
            f"WHEN {_CAPTURING} BEGIN "
            f"{_outbox_insert(name, 'NEW.id', 'insert', insert_fields, 'NEW.server_version')} END"
        ),
        "update": (
            f"CREATE TRIGGER {trigger_name(name, 'update')} AFTER UPDATE ON {q} "
            f"WHEN {_CAPTURING} BEGIN "
            f"{_outbox_insert(name, 'NEW.id', 'update', update_fields, _field_base(name))} "
            + _outbox_insert(
                name,
                "NEW.id",
                "delete",
                f"CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL "
                f"THEN json_object('deleted_at', {deleted}) ELSE '{{}}' END",
                "OLD.server_version",
            )
            + f" {stamp} END"
        ),
        "delete": (
            f"CREATE TRIGGER {trigger_name(name, 'delete')} AFTER DELETE ON {q} "
            f"WHEN {_CAPTURING} AND OLD.deleted_at IS NULL BEGIN "
            + _outbox_insert(
                name,
                "OLD.id",
                "delete",
                f"json_object('deleted_at', replace({SQL_NOW}, ' ', 'T') || '+00:00')",
                "OLD.server_version",
            )
            + " END"
        ),
    }


def _present_columns(conn: Connection, table: str) -> set[str]:
    return {row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({_quote(table)})")}


def install_capture_triggers(conn: Connection, tables: Iterable[str] | None = None) -> None:
    """(Re)create the capture triggers of every synced table, from the columns the file has.

    Run after every migration: SQLite drops a table's triggers when Alembic's batch mode
    rebuilds it, and a new column must be captured too.
    """
    classes = synced_classes()
    for name in tables if tables is not None else sorted(classes):
        table: Table = classes[name].__table__  # type: ignore[attr-defined]
        present = _present_columns(conn, name)
        if not present:
            continue
        for kind, sql in trigger_sql(table, present).items():
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger_name(name, kind)}")
            conn.exec_driver_sql(sql)


def drop_capture_triggers(conn: Connection) -> None:
    for name in synced_classes():
        for kind in KINDS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger_name(name, kind)}")


def outdated_triggers(conn: Connection) -> list[str]:
    """Capture triggers of this file that are missing or differ from this program's."""
    query = text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    found = {name: sql for name, sql in conn.execute(query).tuples()}
    stale = []
    for name, cls in sorted(synced_classes().items()):
        present = _present_columns(conn, name)
        if not present:
            continue
        table: Table = cls.__table__  # type: ignore[attr-defined]
        for kind, sql in trigger_sql(table, present).items():
            if found.get(trigger_name(name, kind)) != sql:
                stale.append(trigger_name(name, kind))
    return stale
