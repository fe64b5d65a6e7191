"""Pulled rows this laptop cannot apply: checked before writing, set aside with the reason.

A row whose values do not fit its columns, whose unique key is taken here, or whose parent has
not arrived yet never stops the page, the cursor or the sync: it waits in sync_unapplied, the
Conflicts window lists it, and a later version of the row (or its parent arriving) applies it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache, partial
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Integer,
    String,
    Table,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_
from crm_desktop.models.local import SyncMeta
from crm_desktop.models.sync_state import UnappliedRow
from crm_desktop.models.types import FixedDecimal, UTCDateTime
from crm_desktop.services.core.errors import FieldProblem, NotFound, ValidationError
from crm_desktop.sync.protocol import RowState

ERROR, PARENT = "error", "parent"
REFETCH_KEY = "pull_refetch"  # sync_meta: rows the next pull request asks for whole again
CHUNK = 500


class Unapplicable(ValueError):
    """This row cannot be stored here as it is; the message says why, in English."""


@dataclass(frozen=True)
class UnappliedView:
    table: str
    row_id: str
    version: int
    kind: str
    reason: str
    fields: dict[str, Any]
    since: str
    dismissed_at: str | None = None
    dismissed_by: str | None = None
    dismiss_reason: str | None = None


def _parser(column: Column[Any]) -> Callable[[Any], Any]:
    """A function from a JSON value to the column's Python value, raising on a bad one."""
    col_type = column.type
    if isinstance(col_type, FixedDecimal):
        return _decimal
    if isinstance(col_type, UTCDateTime):
        return _moment
    if isinstance(col_type, Date):
        return _day
    if isinstance(col_type, Boolean):
        return _flag
    if isinstance(col_type, Integer):
        return _integer
    if isinstance(col_type, String):  # Text too
        return partial(text_value, col_type.length)
    return _as_is


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError
    number = Decimal(str(value))
    if not number.is_finite():
        raise InvalidOperation
    return number


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    if moment is None or moment.tzinfo is None:
        raise TypeError
    return moment


def _day(value: Any) -> date:
    if not isinstance(value, str):
        raise TypeError
    return date.fromisoformat(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**63:
        raise TypeError
    return value


def text_value(length: int | None, value: Any) -> str:
    """A text column's parser (bulk.py checks whole columns of text in the same terms)."""
    if not isinstance(value, str):
        raise TypeError
    if length is not None and len(value) > length:
        raise Unapplicable(f"longer than {length} characters")
    return value


def _as_is(value: Any) -> Any:
    return value


@cache
def column_parsers(table: Table) -> dict[str, tuple[Callable[[Any], Any], bool]]:
    """column name -> (its parser, whether it may be null), for the columns a pull may set."""
    return {
        c.name: (_parser(c), c.nullable or c.primary_key)
        for c in table.c
        if c.name not in ("row_key", "server_version")
    }


def convert(table: Table, state: RowState, skip: set[str]) -> dict[str, Any]:
    """The row's values for table, checked column by column (raises Unapplicable)."""
    parsers = column_parsers(table)
    values: dict[str, Any] = {}
    for name, value in state.fields.items():
        found = parsers.get(name)
        if found is None or name in skip:
            continue  # unknown here (a newer schema), bookkeeping, held or derived
        if value is None:
            if not found[1]:
                raise Unapplicable(f"{name}: a value is required")
            values[name] = None
            continue
        try:
            values[name] = found[0](value)
        except Unapplicable as problem:
            raise Unapplicable(f"{name}: {problem}") from None
        except (TypeError, ValueError, InvalidOperation):
            raise Unapplicable(f"{name}: {str(value)[:60]!r} is not a valid value here") from None
    return values


def missing_parents(
    session: Session, table: Table, rows: dict[str, dict[str, Any]], arriving: set[str]
) -> dict[str, str]:
    """row id -> the first parent it points at that this laptop does not have (nor is arriving)."""
    wanted: dict[tuple[str, str], set[str]] = defaultdict(set)  # (table, column) -> ids
    links = [
        (fk.parent.name, fk.column.table.name, fk.column.name)
        for fk in table.foreign_keys
        if fk.parent.name in table.c
    ]
    for values in rows.values():
        for column, parent, parent_col in links:
            if values.get(column) is not None:
                wanted[(parent, parent_col)].add(values[column])
    present: dict[tuple[str, str], set[str]] = {}
    for (parent, parent_col), ids in wanted.items():
        parent_table = table.metadata.tables[parent]
        key = parent_table.c[parent_col]
        found: set[str] = set(arriving) if parent == table.name else set()
        listed = sorted(ids)
        for start in range(0, len(listed), CHUNK):
            found.update(session.scalars(select(key).where(key.in_(listed[start : start + CHUNK]))))
        present[(parent, parent_col)] = found
    missing: dict[str, str] = {}
    for row_id, values in rows.items():
        for column, parent, parent_col in links:
            value = values.get(column)
            if value is not None and value not in present[(parent, parent_col)]:
                missing[row_id] = f"waiting for {parent} {value} ({column})"
                break
    return missing


def set_aside(session: Session, state: RowState, kind: str, reason: str) -> None:
    """Keep the row with its reason; a newer version replaces an older entry (and is shown
    again if the older one had been dismissed: it is a new problem)."""
    now = clock_of(session).now()
    payload = json.dumps(state.fields, ensure_ascii=False, sort_keys=True)
    session.execute(
        update(UnappliedRow)
        .where(
            UnappliedRow.table_name == state.table,
            UnappliedRow.row_id == state.row_id,
            UnappliedRow.version != state.version,
        )
        .values(dismissed_at=None, dismissed_by=None, dismiss_reason=None)
    )
    result = session.execute(
        update(UnappliedRow)
        .where(UnappliedRow.table_name == state.table, UnappliedRow.row_id == state.row_id)
        .values(version=state.version, payload=payload, kind=kind, reason=reason, updated_at=now)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        session.add(
            UnappliedRow(
                table_name=state.table,
                row_id=state.row_id,
                version=state.version,
                payload=payload,
                kind=kind,
                reason=reason,
                created_at=now,
                updated_at=now,
            )
        )
    session.flush()


def clear(session: Session, table: str, row_ids: list[str]) -> None:
    """The rows were applied (or this laptop holds a newer version): nothing waits for them."""
    for start in range(0, len(row_ids), CHUNK):
        session.execute(
            delete(UnappliedRow).where(
                UnappliedRow.table_name == table,
                UnappliedRow.row_id.in_(row_ids[start : start + CHUNK]),
            )
        )


def has_any(session: Session) -> bool:
    return session.scalar(select(UnappliedRow.row_id).limit(1)) is not None


def waiting_states(session: Session) -> list[RowState]:
    """Every set-aside row, as the state it was pulled in (to try again)."""
    return [
        RowState(
            table=r.table_name, row_id=r.row_id, version=r.version, fields=json.loads(r.payload)
        )
        for r in session.scalars(select(UnappliedRow).order_by(UnappliedRow.created_at))
    ]


def count(session: Session) -> int:
    """Set-aside rows someone still has to see (dismissed ones are not counted)."""
    query = select(func.count()).select_from(UnappliedRow)
    return int(session.scalar(query.where(UnappliedRow.dismissed_at.is_(None))) or 0)


def latest_reason(session: Session) -> tuple[str, str] | None:
    """(kind, reason) of the newest set-aside row someone still has to see, if any."""
    query = select(UnappliedRow.kind, UnappliedRow.reason).where(
        UnappliedRow.dismissed_at.is_(None)
    )
    row = session.execute(query.order_by(UnappliedRow.updated_at.desc()).limit(1)).first()
    return None if row is None else (row.kind, row.reason)


def unapplied_rows(session: Session, dismissed: bool = False) -> list[UnappliedView]:
    """The set-aside rows to show (with `dismissed`, the dismissed ones instead)."""
    query = select(UnappliedRow).order_by(UnappliedRow.created_at, UnappliedRow.table_name)
    if dismissed:
        query = query.where(UnappliedRow.dismissed_at.is_not(None))
    else:
        query = query.where(UnappliedRow.dismissed_at.is_(None))
    return [
        UnappliedView(
            r.table_name,
            r.row_id,
            r.version,
            r.kind,
            r.reason,
            json.loads(r.payload),
            r.updated_at.isoformat(),
            r.dismissed_at.isoformat() if r.dismissed_at else None,
            r.dismissed_by,
            r.dismiss_reason,
        )
        for r in session.scalars(query)
    ]


MAX_DISMISS_REASON = 500


def dismiss(
    session: Session, table: str, row_id: str, reason: str, by: str | None, version: int
) -> None:
    """A person saw this set-aside row (at `version`) and dismisses it with a reason: recorded
    (who, when, why) and no longer listed or counted. The row is still applied if it ever can
    be, and a newer version of it is shown again."""
    why = reason.strip()
    problems = []
    if not why:
        problems.append(FieldProblem("reason", "required", N_("Say why you dismiss it.")))
    elif len(why) > MAX_DISMISS_REASON:
        problems.append(FieldProblem("reason", "too_long", N_("At most {max} characters."),
                                     {"max": MAX_DISMISS_REASON}))  # fmt: skip
    if problems:
        raise ValidationError(problems)
    row = session.get(UnappliedRow, (table, row_id))
    if row is None or row.version != version:
        # Applied meanwhile, or replaced by a newer version the person has not seen yet.
        raise NotFound("sync_unapplied", row_id)
    row.dismissed_at = clock_of(session).now()
    row.dismissed_by, row.dismiss_reason = by, why
    session.flush()


def queue_refetch(session: Session, refs: list[list[str]]) -> None:
    """Ask for these rows ([table, id]) whole in the next pull request."""
    record = session.get(SyncMeta, REFETCH_KEY)
    queued: list[list[str]] = json.loads(record.value) if record and record.value else []
    queued.extend(ref for ref in refs if ref not in queued)
    session.merge(SyncMeta(key=REFETCH_KEY, value=json.dumps(queued)))
    session.flush()


def forget_under_account(session: Session, account_id: str) -> None:
    """The account left this laptop's scope: its rows set aside here wait for nothing now."""
    session.execute(
        delete(UnappliedRow).where(
            func.json_extract(UnappliedRow.payload, "$.account_id") == account_id
        )
    )
