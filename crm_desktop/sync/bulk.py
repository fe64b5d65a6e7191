"""A bootstrap page applied in bulk: one executemany of ready tuples per table.

A bootstrap brings rows this laptop does not have yet. Each table's rows go in with one
executemany on the DB-API connection, inside a savepoint, with the table's capture and search
triggers dropped for that savepoint only (DDL is transactional in SQLite: a kill or a rollback
puts them back, and they are recreated from their own SQL before the savepoint ends). The search
index gets the accounts the rows touch once, set-based, in the same savepoint, so the file is
complete and consistent after every committed page and a killed bootstrap goes on from there.

Nothing is captured (the page runs in remote_changes, and the triggers are off besides). A row
the bulk path cannot take (a bad value, a parent not here yet, a row this laptop already has)
makes that table's rows go the pull's way instead (apply_states: set aside, updated, ...).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from decimal import InvalidOperation
from functools import partial
from itertools import repeat
from typing import Any

from sqlalchemy import Table, exists, select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.models.base import DERIVED, synced_classes
from crm_desktop.models.capture import TRIGGER_PREFIX
from crm_desktop.models.local import SyncMeta
from crm_desktop.models.sync_state import SyncConflict
from crm_desktop.sync import rule_conflicts, setaside
from crm_desktop.sync.apply import (
    EVICTED_PREFIX,
    _note_quotes,
    _refetch_if_back,
    apply_states,
    retry_set_aside,
    synced_table,
    table_rank,
)
from crm_desktop.sync.protocol import RowState
from crm_desktop.sync.snapshot_page import SnapshotRow

SEARCH_PREFIX = "account_search_"
# The search text of the accounts listed (JSON array of ids), as migration 0002's triggers make
# it one account at a time (and seed.py for all at once).
_SEARCH_DELETE = (
    "DELETE FROM account_search WHERE rowid IN "
    "(SELECT row_key FROM accounts WHERE id IN (SELECT value FROM json_each(?)))"
)
_SEARCH_INSERT = """
INSERT INTO account_search(rowid, legal_name, trade_name, tax_id, city, email, contact_names,
                           contact_emails)
SELECT a.row_key, a.legal_name, coalesce(a.trade_name, ''), coalesce(a.tax_id, ''),
       coalesce(a.city, ''), coalesce(a.email, ''), coalesce(c.names, ''), coalesce(c.emails, '')
FROM accounts a LEFT JOIN (
    SELECT account_id, group_concat(first_name || ' ' || last_name, ' ') AS names,
           group_concat(email, ' ') AS emails
    FROM contacts WHERE deleted_at IS NULL
    AND account_id IN (SELECT value FROM json_each(?1)) GROUP BY account_id
) c ON c.account_id = a.id
WHERE a.id IN (SELECT value FROM json_each(?1)) AND a.deleted_at IS NULL ORDER BY a.row_key
"""


_ID, _VERSION, _FIELD, _STAMP, _FIXED = range(5)  # where a column's value comes from (_row_maker)


class _Refused(Exception):
    """The bulk path cannot take this table's rows: they go the pull's way."""


def apply_snapshot(
    session: Session, rows: Sequence[RowState | SnapshotRow], search: bool = True
) -> int:
    """Apply a bootstrap page's rows; returns how many rows were applied.
    search False: the search index is left for the end (bulk_indexes.restore rebuilds it)."""
    by_table: dict[str, dict[str, Any]] = {}
    for state in rows:
        current = by_table.setdefault(state.table, {}).get(state.row_id)
        if current is None or state.version >= current.version:
            by_table[state.table][state.row_id] = state
    rank = table_rank()
    applied = 0
    for name in sorted(by_table, key=lambda n: rank.get(n, 99)):
        if name not in synced_classes():
            continue
        states = list(by_table[name].values())
        try:
            with session.begin_nested():
                applied += _insert_new(session, synced_table(name), states, search)
        except _Refused:
            applied += apply_states(session, states)
    return applied + retry_set_aside(session)


def _insert_new(session: Session, table: Table, states: list[RowState], search: bool) -> int:
    """Insert the rows in one executemany (raises _Refused, the savepoint rolled back)."""
    columns, make_rows = _rows_maker(session, table)
    try:
        rows = make_rows(states)
    except (setaside.Unapplicable, TypeError, ValueError, InvalidOperation):
        raise _Refused from None  # the pull's way says which value and why
    connection = session.connection()
    raw = connection.connection.driver_connection
    dbapi = connection.dialect.loaded_dbapi
    marks = ", ".join("?" * len(columns))
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = raw.cursor()  # type: ignore[union-attr]
    try:
        triggers = _drop_triggers(cursor, table.name)
        cursor.executemany(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', rows)
        searched = SEARCH_PREFIX + "ai" in triggers or SEARCH_PREFIX + "contact_ai" in triggers
        if search and searched:
            _refresh_search(cursor, table.name, states)
        for sql in triggers.values():
            cursor.execute(sql)
    except dbapi.Error:
        raise _Refused from None
    finally:
        cursor.close()
    ids = [state.row_id for state in states]
    by_id = {state.row_id: state for state in states}
    if setaside.has_any(session):
        setaside.clear(session, table.name, ids)
    _note_quotes(session, table.name, ids, by_id)
    if _rule_conflicts_wait(session, table.name):
        rule_conflicts.fill_server_values(session, table.name, by_id)
    if table.name == "accounts" and _any_evicted(session):
        _refetch_if_back(session, ids)
    return len(ids)


def _drop_triggers(cursor: Any, table: str) -> dict[str, str]:
    """Drop the table's capture and search triggers; returns name -> SQL to recreate them."""
    found = {
        name: sql
        for name, sql in cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
            (table,),
        ).fetchall()
        if name.startswith((TRIGGER_PREFIX, SEARCH_PREFIX))
    }
    for name in found:
        cursor.execute(f'DROP TRIGGER "{name}"')
    return found


def _refresh_search(cursor: Any, table: str, states: list[RowState]) -> None:
    """The search text of the accounts the rows are or hang from, once each."""
    if table == "accounts":
        ids = sorted({state.row_id for state in states})
    else:
        ids = sorted({str(s.fields["account_id"]) for s in states if s.fields.get("account_id")})
    listed = json.dumps(ids)
    cursor.execute(_SEARCH_DELETE, (listed,))
    cursor.execute(_SEARCH_INSERT, (listed,))


def _rule_conflicts_wait(session: Session, table: str) -> bool:
    query = select(SyncConflict.id).where(
        SyncConflict.table_name == table, SyncConflict.server_version == 0
    )
    return session.scalar(select(exists(query))) or False


def _any_evicted(session: Session) -> bool:
    query = select(SyncMeta.key).where(SyncMeta.key.startswith(EVICTED_PREFIX, autoescape=True))
    return session.scalar(select(exists(query))) or False


def _row_maker(
    session: Session, table: Table
) -> tuple[tuple[str, ...], Callable[[RowState], tuple[Any, ...]]]:
    """The columns to insert and a function making one row's tuple in the stored form: each
    value checked as setaside.convert does, then through its type's bind processing for this
    dialect; a column the row lacks (or a derived one) takes its default. Raises on a bad value.
    """
    dialect = session.get_bind().dialect
    now = clock_of(session).now()
    derived = DERIVED.get(table.name, frozenset())
    parsers = setaside.column_parsers(table)
    columns = tuple(c.name for c in table.c if c.name != "row_key")
    steps: list[tuple[int, str, Any, Any, Any]] = []  # (how, name, parser, nullable, process)
    fixed: list[Any] = []
    for name in columns:
        column = table.c[name]
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        default = column.default
        value = default.arg if default is not None and default.is_scalar else None  # type: ignore[attr-defined]
        if name in ("created_at", "updated_at"):
            value = now
        fixed.append(value if process is None or value is None else process(value))
        parser, nullable = parsers.get(name, (None, True))
        if name == "server_version":
            steps.append((_VERSION, name, None, False, None))
        elif name in derived or parser is None:
            steps.append((_FIXED, name, None, False, None))
        elif name in ("id", "created_at", "updated_at"):  # checked, but stamped here
            steps.append((_ID if name == "id" else _STAMP, name, parser, nullable, None))
        else:
            steps.append((_FIELD, name, parser, nullable, process))
    plan = list(zip(steps, fixed, strict=True))

    def make(state: RowState) -> tuple[Any, ...]:
        fields = state.fields
        out: list[Any] = []
        for (how, name, parser, nullable, process), stored in plan:
            if how == _VERSION:
                out.append(state.version)
                continue
            if how != _FIXED and name in fields:
                value = fields[name]
                if value is None:
                    if not nullable:
                        raise setaside.Unapplicable(f"{name}: a value is required")
                else:
                    value = parser(value)  # raises on a bad value
                if how == _FIELD:
                    out.append(value if value is None or process is None else process(value))
                    continue
            out.append(state.row_id if how == _ID else stored)
        return tuple(out)

    return columns, make


class _AbsentType:
    """A column the row's fields do not name (it takes its default)."""


_ABSENT = _AbsentType()
_TEXT_KINDS = frozenset({str, type(None), _AbsentType})


def _rows_maker(
    session: Session, table: Table
) -> tuple[tuple[str, ...], Callable[[Sequence[Any]], list[tuple[Any, ...]]]]:
    """The columns to insert and a function making every row's tuple at once, column by column
    (what _row_maker's function does row by row, with the same checks and values): a text
    column, the most of them, is checked by C loops over the whole column (types, then the
    longest value); the others value by value through their parser and bind processing."""
    columns, _one = _row_maker(session, table)
    dialect = session.get_bind().dialect
    now = clock_of(session).now()
    derived = DERIVED.get(table.name, frozenset())
    parsers = setaside.column_parsers(table)
    plan: list[tuple[int, str, Any, bool, Any, Any, int | None]] = []
    for name in columns:
        column = table.c[name]
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        default = column.default
        value = default.arg if default is not None and default.is_scalar else None  # type: ignore[attr-defined]
        if name in ("created_at", "updated_at"):
            value = now
        stored = value if process is None or value is None else process(value)
        parser, nullable = parsers.get(name, (None, True))
        text_limit: int | None = -1  # -1: not a plain text column
        if isinstance(parser, partial) and parser.func is setaside.text_value:
            text_limit = parser.args[0]
        if name == "server_version":
            how = _VERSION
        elif name in derived or parser is None:
            how = _FIXED
        elif name in ("id", "created_at", "updated_at"):
            how = _ID if name == "id" else _STAMP
        else:
            how = _FIELD
        plan.append((how, name, parser, nullable, process, stored, text_limit))

    def make(states: Sequence[Any]) -> list[tuple[Any, ...]]:
        count = len(states)
        every = [state.fields for state in states]
        made: list[Iterable[Any]] = []
        for how, name, parser, nullable, process, stored, text_limit in plan:
            if how == _VERSION:
                made.append([state.version for state in states])
                continue
            if how == _FIXED:
                made.append(repeat(stored, count))
                continue
            given = list(map(dict.get, every, repeat(name, count), repeat(_ABSENT, count)))
            values = _column(given, parser, nullable, process, stored, text_limit)
            if how == _ID:
                made.append([state.row_id for state in states])
            elif how == _STAMP:
                made.append(repeat(stored, count))
            else:
                made.append(values)
        return list(zip(*made, strict=False))

    return columns, make


def _column(
    given: list[Any], parser: Any, nullable: bool, process: Any, stored: Any, limit: int | None
) -> list[Any]:
    """One column's values checked and in the stored form (raises on a bad one)."""
    kinds = set(map(type, given))
    if not nullable and type(None) in kinds:
        raise setaside.Unapplicable("a value is required")
    if limit != -1 and kinds <= _TEXT_KINDS and process is None:
        longest = max(map(len, filter(str.__instancecheck__, given)), default=0)
        if limit is not None and longest > limit:
            raise setaside.Unapplicable(f"longer than {limit} characters")
        values = given
    else:
        values = [v if v is None or v is _ABSENT else parser(v) for v in given]
        if process is not None:
            values = [v if v is None or v is _ABSENT else process(v) for v in values]
    if _AbsentType in kinds:
        values = [stored if v is _ABSENT else v for v in values]
    return values
