"""The shape of every pushed op, column by column, before the shared row rules see it.

The row rules (crm_desktop/services/core/rules.py) judge what a user typed; this module makes
sure that whatever the server stores, every laptop can apply: only the table's own columns, each
of its column's type and size (times aware and parseable, decimals that fit the laptop's scaled
integers, integers within 64 bits, text within its column), nothing the sync machinery owns, no
null in a column that cannot hold one, and a delete that carries nothing but the delete.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache

from sqlalchemy import Boolean, Column, Date, Integer, String, Table

from crm_desktop.models.base import BOOKKEEPING, Base
from crm_desktop.models.types import FixedDecimal, UTCDateTime
from crm_desktop.sync.protocol import JsonScalar, PushOp
from crm_server import limits as L

SERVER_SET = BOOKKEEPING  # row_key, server_version, created_at, updated_at: never from a laptop


@cache
def _table(name: str) -> Table:
    return Base.metadata.tables[name]


@cache
def required_columns(table: str) -> frozenset[str]:
    """Columns a new row must name: not null, no default, not set by the server."""
    return frozenset(
        c.name
        for c in _table(table).c
        if not c.nullable
        and c.default is None
        and c.server_default is None
        and not c.primary_key
        and c.name not in SERVER_SET
    )


@cache
def references(table: str) -> dict[str, str]:
    """column -> the table it points at (the laptop's foreign keys, which every laptop checks)."""
    return {
        c.name: next(iter(c.foreign_keys)).column.table.name
        for c in _table(table).c
        if c.foreign_keys
    }


@cache
def _not_null(table: str) -> tuple[str, ...]:
    """Columns that cannot hold a null (a laptop sets them), in the table's order."""
    return tuple(c.name for c in _table(table).c if not c.nullable and c.name not in SERVER_SET)


def empty_problems(table: str, row: dict[str, JsonScalar]) -> dict[str, str]:
    """Columns that cannot be null but are, once the rules have cleaned the row (" " → null)."""
    return {
        name: "This field cannot be empty."
        for name in _not_null(table)
        if name in row and row[name] is None
    }


def problems_of(op: PushOp) -> dict[str, str]:
    """field -> what is wrong with it (empty: the op has the shape the laptops can apply)."""
    table = _table(op.table)
    if op.op == "delete":
        return _delete_problems(op, table)
    found: dict[str, str] = {}
    for name, value in op.fields.items():
        problem = _field_problem(op, table, name, value)
        if problem:
            found[name] = problem
    if op.op == "update" and op.fields.get("deleted_at") is not None:
        found["deleted_at"] = "To delete a record, send a delete op (the server sets the time)."
    if op.op == "insert":
        for name in sorted(required_columns(op.table) - set(op.fields)):
            found[name] = "A new record needs this field."
    return found


def _delete_problems(op: PushOp, table: Table) -> dict[str, str]:
    found = {
        name: "A delete carries nothing but the delete: send other changes as an update."
        for name in op.fields
        if name != "deleted_at"
    }
    if "deleted_at" in op.fields:  # the server sets its own time; a laptop's must still be one
        problem = _type_problem(table.c["deleted_at"], op.fields["deleted_at"])
        if problem:
            found["deleted_at"] = problem
    return found


def _field_problem(op: PushOp, table: Table, name: str, value: JsonScalar) -> str | None:
    if name in SERVER_SET:
        return f"“{name}” is set by the server, never by a laptop."
    if name not in table.c:
        return f"“{name}” is not a field of {op.table}."
    if name == "id":
        return None if value == op.row_id else "The id in the fields differs from the op's row."
    column = table.c[name]
    if value is None:
        return None if column.nullable else "This field cannot be empty."
    return _type_problem(column, value)


def _type_problem(column: Column[object], value: JsonScalar) -> str | None:
    """What is wrong with a non-null value for the column's type, or None."""
    kind = column.type
    if value is None:
        return None
    if isinstance(kind, UTCDateTime):
        return _moment_problem(value)
    if isinstance(kind, FixedDecimal):
        return _decimal_problem(value, kind.scale)
    if isinstance(kind, Boolean):
        return None if isinstance(value, bool) else "Must be true or false."
    if isinstance(kind, Integer):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "Must be a whole number."
    if isinstance(kind, Date):
        return _date_problem(value)
    if isinstance(kind, String):
        if not isinstance(value, str):
            return "Must be text."
        limit = kind.length or L.MAX_TEXT
        return None if len(value) <= limit else f"At most {limit:,} characters."
    return None


def _moment_problem(value: JsonScalar) -> str | None:
    if not isinstance(value, str):
        return "Must be a date and time with its time zone (ISO 8601)."
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return f"“{value[:40]}” is not a date and time (ISO 8601, with its time zone)."
    if moment.tzinfo is None or moment.utcoffset() is None:
        return "A date and time must carry its time zone."
    try:
        moment.astimezone(UTC)  # what every laptop stores; year 1 at +14:00 is out of range
    except OverflowError:
        return "This date and time is out of range."
    return None


def _date_problem(value: JsonScalar) -> str | None:
    if not isinstance(value, str):
        return "Must be a date (YYYY-MM-DD)."
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"“{value[:40]}” is not a date (YYYY-MM-DD)."
    return None


def _decimal_problem(value: JsonScalar, scale: int) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int) or len(str(value)) > 40:
        return "Must be an exact number, written as text."
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return f"“{str(value)[:40]}” is not a number."
    if not number.is_finite():
        return "Must be a finite number."
    # adjusted(): the power of ten of its first digit; scaling "9e999999" would overflow.
    if number and (number.adjusted() > 18 or abs(number.scaleb(scale)) > L.INT64_MAX):
        return "The number is too large."
    return None
