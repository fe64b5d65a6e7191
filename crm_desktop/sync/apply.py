"""Apply server row states to the local file without touching fields that have unsent changes."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.models.base import DERIVED, Base, synced_classes
from crm_desktop.models.codec import to_json
from crm_desktop.models.local import OutboxOp, SyncMeta
from crm_desktop.sync import rule_conflicts, setaside
from crm_desktop.sync.protocol import RowState

# Outbox states whose values the laptop still holds on to (so a pull must not overwrite them).
HELD = ("pending", "refused")
CHUNK = 500
QUOTE_CHILDREN = ("quote_lines", "quote_revisions", "quote_acceptances")
TOUCHED_QUOTES = "touched_quotes"  # session.info key: quotes whose derived values are stale
REFETCH_KEY = setaside.REFETCH_KEY
EVICTED_PREFIX = "evicted:"  # sync_meta: the rows an evicted account had here (table, id)
# Those lists are kept for an account that may come back; one that has not come back in this
# long, or past this many newer evictions, is forgotten (a reassignment is usually for good).
EVICTED_KEEP_DAYS = 180
EVICTED_KEEP = 500


_rank: tuple[int, dict[str, int]] = (-1, {})


def table_rank() -> dict[str, int]:
    """Each table's place, parents first. sorted_tables sorts the whole schema at each call
    (milliseconds, twice a sync): kept until a table is added to the metadata."""
    global _rank
    tables = len(Base.metadata.tables)
    if _rank[0] != tables:
        _rank = (tables, {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)})
    return _rank[1]


def synced_table(name: str) -> Table:
    return synced_classes()[name].__table__  # type: ignore[attr-defined,no-any-return]


def held_fields(session: Session, table: str, ids: Sequence[str]) -> dict[str, set[str]]:
    """row id -> the fields it has unsent local changes for."""
    held: dict[str, set[str]] = defaultdict(set)
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(OutboxOp.row_id, OutboxOp.fields).where(
                OutboxOp.table_name == table,
                OutboxOp.row_id.in_(ids[start : start + CHUNK]),
                OutboxOp.state.in_(HELD),
            )
        )
        for row_id, fields in rows:
            held[row_id].update(json.loads(fields))
    return held


def _local_versions(session: Session, table: Table, ids: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        query = select(table.c.id, table.c.server_version).where(table.c.id.in_(chunk))
        found.update({row_id: version for row_id, version in session.execute(query).tuples()})
    return found


def apply_states(session: Session, states: Iterable[RowState]) -> int:
    """Insert or update each row (parents first); returns how many rows changed.

    A row that cannot be applied here is set aside with the reason (setaside.py) and the rest
    goes on: a page never fails because of one row.
    """
    by_table: dict[str, dict[str, RowState]] = defaultdict(dict)
    for state in states:
        current = by_table[state.table].get(state.row_id)
        if current is None or state.version >= current.version:
            by_table[state.table][state.row_id] = state
    rank = table_rank()
    changed = 0
    for name in sorted(by_table, key=lambda n: rank.get(n, 99)):
        if name in synced_classes():
            changed += _apply_table(session, synced_table(name), list(by_table[name].values()))
    return changed


def retry_set_aside(session: Session) -> int:
    """Try again the rows set aside (a parent may have arrived); returns how many applied."""
    if not setaside.has_any(session):
        return 0
    return apply_states(session, setaside.waiting_states(session))


def _apply_table(session: Session, table: Table, states: list[RowState]) -> int:
    ids = [s.row_id for s in states]
    local = _local_versions(session, table, ids)
    held = held_fields(session, table.name, ids)
    now = clock_of(session).now()
    inserts: dict[str, dict[str, Any]] = {}
    updates: dict[str, dict[str, Any]] = {}
    by_id = {s.row_id: s for s in states}
    stale: list[str] = []
    derived = set(DERIVED.get(table.name, ()))
    for state in states:
        version = local.get(state.row_id)
        if version is not None and state.version < version:
            stale.append(state.row_id)  # older than what this laptop has seen
            continue
        try:
            if version is None:
                inserts[state.row_id] = setaside.convert(table, state, derived) | {
                    "id": state.row_id,
                    "server_version": state.version,
                    "created_at": now,
                    "updated_at": now,
                }
            else:
                skip = held.get(state.row_id, set()) | {"id"} | derived
                values = setaside.convert(table, state, skip)
                updates[state.row_id] = values | {
                    "server_version": state.version,
                    "updated_at": now,
                }
        except setaside.Unapplicable as problem:
            setaside.set_aside(session, state, setaside.ERROR, str(problem))
    waiting = setaside.missing_parents(session, table, inserts | updates, set(inserts) | set(local))
    for row_id, reason in waiting.items():
        setaside.set_aside(session, by_id[row_id], setaside.PARENT, reason)
        inserts.pop(row_id, None)
        updates.pop(row_id, None)
    applied = _write_rows(session, table, list(inserts.values()), insert(table), by_id)
    applied += _write_rows(
        session,
        table,
        [v | {"_id": row_id} for row_id, v in updates.items()],
        update(table).where(table.c.id == bindparam("_id")),
        by_id,
    )
    setaside.clear(session, table.name, [*applied, *stale])
    _note_quotes(session, table.name, applied, by_id)
    rule_conflicts.fill_server_values(session, table.name, {i: by_id[i] for i in applied})
    if table.name == "accounts" and inserts:
        _refetch_if_back(session, [i for i in applied if i in inserts])
    return len(applied)


def _refetch_if_back(session: Session, account_ids: list[str]) -> None:
    """Accounts this laptop evicted and now receives again: ask for every row it had under
    them (the next page request carries the list)."""
    wanted: list[list[str]] = []
    keys = [EVICTED_PREFIX + account_id for account_id in account_ids]
    for start in range(0, len(keys), CHUNK):  # one query per chunk: a first sync has thousands
        chunk = keys[start : start + CHUNK]
        for record in session.scalars(select(SyncMeta).where(SyncMeta.key.in_(chunk))):
            wanted.extend(_evicted(record.value)[1])
            session.delete(record)
    if wanted:
        setaside.queue_refetch(session, wanted)
        _send_kept_changes(session, account_ids)


def _send_kept_changes(session: Session, account_ids: list[str]) -> None:
    """The rep's changes kept when the accounts left go out again, in their order, as new ops
    (the server may have answered the old op_seqs already: it would replay that answer)."""
    kept = session.scalars(
        select(OutboxOp)
        .where(
            OutboxOp.state == "reassigned",
            func.json_extract(OutboxOp.error, "$.account_id").in_(account_ids),
        )
        .order_by(OutboxOp.op_seq)
    ).all()
    for op in kept:
        session.add(
            OutboxOp(table_name=op.table_name, row_id=op.row_id, op=op.op, fields=op.fields,
                     base_version=op.base_version, state="pending",
                     created_at=clock_of(session).now())
        )  # fmt: skip
        op.state = "resent"
    session.flush()


def _note_quotes(
    session: Session, table: str, applied: list[str], by_id: dict[str, RowState]
) -> None:
    """Remember the quotes whose lines (or header) this transaction changed: their derived
    values are recomputed before it commits (engine.recompute_derived)."""
    touched: set[str] = session.info.setdefault(TOUCHED_QUOTES, set())
    if table == "quotes":
        touched.update(applied)
    elif table == "quote_lines":
        for row_id in applied:
            quote_id = by_id[row_id].fields.get("quote_id")
            if isinstance(quote_id, str):
                touched.add(quote_id)


def _write_rows(
    session: Session,
    table: Table,
    rows: list[dict[str, Any]],
    statement: Any,
    by_id: dict[str, RowState],
) -> list[str]:
    """Write rows in bulk; if that fails, one by one, setting aside those that fail."""
    if not rows:
        return []
    key = "_id" if "_id" in rows[0] else "id"
    try:
        with session.begin_nested():
            if key == "id":  # inserts in bulk, one statement per set of columns
                for group in _same_columns(rows):
                    session.execute(statement, group)
            else:  # one statement per row: an update's columns differ from row to row
                for row in rows:
                    session.execute(statement, [row])
        return [row[key] for row in rows]
    except StatementError:
        pass  # some row cannot go in: find it, one savepoint per row
    written: list[str] = []
    for row in rows:
        try:
            with session.begin_nested():
                session.execute(statement, [row])
            written.append(row[key])
        except StatementError as error:
            reason = str(error.orig) if error.orig is not None else str(error)
            setaside.set_aside(session, by_id[row[key]], setaside.ERROR, reason)
    return written


def _same_columns(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[tuple(sorted(row))].append(row)
    return list(groups.values())


def rows_under_account(session: Session, account_id: str) -> dict[str, list[str]]:
    """table -> ids of every local row that hangs from the account (the account included)."""
    found: dict[str, list[str]] = {"accounts": [account_id]}
    for name, cls in synced_classes().items():
        table: Table = cls.__table__  # type: ignore[attr-defined]
        if name != "accounts" and "account_id" in table.c:
            found[name] = list(
                session.scalars(select(table.c.id).where(table.c.account_id == account_id))
            )
    quotes = found.get("quotes", [])
    for name in QUOTE_CHILDREN:
        table = synced_table(name)
        found[name] = [
            row_id
            for start in range(0, len(quotes), CHUNK)
            for row_id in session.scalars(
                select(table.c.id).where(table.c.quote_id.in_(quotes[start : start + CHUNK]))
            )
        ]
    return found


def evict_account(session: Session, account_id: str) -> int:
    """Remove an account that left this laptop's scope; its unsent changes are set aside, kept."""
    under = rows_under_account(session, account_id)
    name_row = session.execute(
        select(synced_table("accounts").c.legal_name).where(
            synced_table("accounts").c.id == account_id
        )
    ).first()
    note = json.dumps(
        {
            "reason": "reassigned",
            "account_id": account_id,
            "account_name": name_row[0] if name_row else None,
        },
        ensure_ascii=False,
    )
    kept = 0
    for name, ids in under.items():
        for start in range(0, len(ids), CHUNK):
            result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                update(OutboxOp)
                .where(
                    OutboxOp.table_name == name,
                    OutboxOp.row_id.in_(ids[start : start + CHUNK]),
                    OutboxOp.state.in_(HELD),
                )
                .values(state="reassigned", error=note)
            )
            kept += result.rowcount
    # If the account comes back (away and back between two syncs), these rows are fetched again:
    # one made here and pushed meanwhile would otherwise be lost (the pull does not resend a
    # laptop's own push, and the move-back lists only the rows that existed at move-back).
    refs = [[name, row_id] for name, ids in under.items() for row_id in ids]
    at = to_json(clock_of(session).now())
    value = json.dumps({"at": at, "rows": refs})
    session.merge(SyncMeta(key=EVICTED_PREFIX + account_id, value=value))
    prune_evicted(session)
    setaside.forget_under_account(session, account_id)
    rank = table_rank()
    for name in sorted(under, key=lambda n: -rank.get(n, 0)):  # children before parents
        table = synced_table(name)
        ids = under[name]
        for start in range(0, len(ids), CHUNK):
            session.execute(delete(table).where(table.c.id.in_(ids[start : start + CHUNK])))
    return kept


def _evicted(value: str) -> tuple[str | None, list[list[str]]]:
    """(when, rows) of an evicted account's entry; entries written before the date have none."""
    data = json.loads(value)
    if isinstance(data, list):
        return None, data
    return data.get("at"), data.get("rows", [])


def prune_evicted(session: Session) -> int:
    """Forget the row lists of evicted accounts that did not come back: older than
    EVICTED_KEEP_DAYS, or beyond the EVICTED_KEEP newest. An undated entry (older program)
    is dated now, so it ages from here. Returns how many were forgotten."""
    now = clock_of(session).now()
    oldest = now - timedelta(days=EVICTED_KEEP_DAYS)
    dated: list[tuple[datetime, SyncMeta]] = []
    for record in session.scalars(
        select(SyncMeta).where(SyncMeta.key.startswith(EVICTED_PREFIX, autoescape=True))
    ):
        at, rows = _evicted(record.value)
        if at is None:
            record.value = json.dumps({"at": to_json(now), "rows": rows})
        dated.append((datetime.fromisoformat(at) if at else now, record))
    dated.sort(key=lambda pair: pair[0], reverse=True)
    gone = [record for n, (at, record) in enumerate(dated) if n >= EVICTED_KEEP or at < oldest]
    for record in gone:
        session.delete(record)
    session.flush()
    return len(gone)
