"""What the rep decides about sync leftovers: conflicts, refused changes, reassigned accounts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, class_mapper

from crm_desktop.clock import clock_of
from crm_desktop.models.base import BOOKKEEPING, synced_classes
from crm_desktop.models.codec import from_json, row_fields, to_json
from crm_desktop.models.local import OutboxOp
from crm_desktop.models.outbox import remote_changes
from crm_desktop.models.sales import Quote, QuoteLine
from crm_desktop.models.sync_state import SyncConflict
from crm_desktop.services.core.device import meta_get, meta_set
from crm_desktop.services.core.errors import NotAllowed
from crm_desktop.services.quotes.derived import recompute_totals
from crm_desktop.sync.apply import REFETCH_KEY, synced_table


@dataclass(frozen=True)
class ConflictView:
    id: int
    table: str
    row_id: str
    kind: str
    field: str | None
    base: Any
    server: Any
    local: Any
    created_at: str


@dataclass(frozen=True)
class HeldOpView:
    """A change the server did not take (refused) or that lost its account (reassigned)."""

    op_seq: int
    table: str
    row_id: str
    op: str
    state: str
    fields: dict[str, Any]
    reason: str
    problems: dict[str, str]
    account_name: str | None


def open_conflicts(session: Session) -> list[ConflictView]:
    rows = session.scalars(
        select(SyncConflict).where(SyncConflict.resolved_at.is_(None)).order_by(SyncConflict.id)
    )
    return [
        ConflictView(
            c.id,
            c.table_name,
            c.row_id,
            c.kind,
            c.field,
            _load(c.base),
            _load(c.server),
            _load(c.local),
            c.created_at.isoformat(),
        )
        for c in rows
    ]


def held_ops(session: Session) -> list[HeldOpView]:
    rows = session.scalars(
        select(OutboxOp)
        .where(OutboxOp.state.in_(("refused", "reassigned")))
        .order_by(OutboxOp.op_seq)
    )
    views = []
    for op in rows:
        note = json.loads(op.error or "{}")
        reason = note.get("reason") or ""
        if op.state == "reassigned":
            reason = "This account was reassigned; your unsent changes are here."
        views.append(
            HeldOpView(
                op.op_seq,
                op.table_name,
                op.row_id,
                op.op,
                op.state,
                json.loads(op.fields),
                reason,
                note.get("problems") or {},
                note.get("account_name"),
            )
        )
    return views


def _load(raw: str | None) -> Any:
    return None if raw is None else json.loads(raw)


def _siblings(session: Session, conflict: SyncConflict) -> list[SyncConflict]:
    """A whole-row conflict (edit vs delete) is decided as one; a field conflict alone."""
    if conflict.kind == "field":
        return [conflict]
    return list(
        session.scalars(
            select(SyncConflict).where(
                SyncConflict.op_seq == conflict.op_seq,
                SyncConflict.row_id == conflict.row_id,
                SyncConflict.resolved_at.is_(None),
            )
        )
    )


def keep_server(session: Session, conflict_id: int) -> None:
    """The server's value is already the current one: just close the conflict."""
    conflict = _open(session, conflict_id)
    for c in _siblings(session, conflict):
        c.resolved_at, c.resolution = clock_of(session).now(), "server"
    session.flush()


def keep_local(session: Session, conflict_id: int) -> None:
    """Put the laptop's value back; it becomes a new change that the next sync sends."""
    conflict = _open(session, conflict_id)
    model = synced_classes()[conflict.table_name]
    obj = session.get(model, conflict.row_id)
    if obj is None:
        raise NotAllowed("This record is no longer on this laptop.")
    table = synced_table(conflict.table_name)
    group = _siblings(session, conflict)
    if conflict.kind == "delete_vs_edit":
        obj.deleted_at = clock_of(session).now()
    else:
        if conflict.kind == "edit_vs_delete":
            obj.deleted_at = None
        for c in group:
            if c.field and c.field in table.c and c.field not in BOOKKEEPING | {"deleted_at", "id"}:
                setattr(obj, c.field, from_json(table.c[c.field], _load(c.local)))
    for c in group:
        c.resolved_at, c.resolution = clock_of(session).now(), "local"
    session.flush()
    quote_id = obj.id if isinstance(obj, Quote) else getattr(obj, "quote_id", None)
    if isinstance(obj, Quote | QuoteLine) and isinstance(quote_id, str):
        recompute_totals(session, [quote_id])  # a line's value came back: so does the total


def _open(session: Session, conflict_id: int) -> SyncConflict:
    conflict = session.get(SyncConflict, conflict_id)
    if conflict is None or conflict.resolved_at is not None:
        raise NotAllowed("This conflict was already resolved.")
    return conflict


def _held(session: Session, op_seq: int) -> OutboxOp:
    op = session.get(OutboxOp, op_seq)
    if op is None or op.state not in ("refused", "reassigned"):
        raise NotAllowed("This change is no longer waiting for a decision.")
    return op


def resend(session: Session, op_seq: int) -> int:
    """Send a refused change again with the row's current values (after the rep fixed it)."""
    op = _held(session, op_seq)
    model = synced_classes()[op.table_name]
    obj = session.get(model, op.row_id)
    if obj is None:
        raise NotAllowed("This record is no longer on this laptop.")
    mapper = class_mapper(model)
    if op.op == "insert":
        fields = row_fields(mapper, obj, BOOKKEEPING)
    else:
        fields = {name: to_json(getattr(obj, name)) for name in json.loads(op.fields)}
    fresh = OutboxOp(
        table_name=op.table_name,
        row_id=op.row_id,
        op=op.op,
        state="pending",
        fields=json.dumps(fields, sort_keys=True, ensure_ascii=False),
        base_version=obj.server_version or 0,
        created_at=clock_of(session).now(),
    )
    session.add(fresh)
    session.flush()
    op.state = "resent"  # kept, never deleted: see discard()
    session.flush()
    return fresh.op_seq


def discard(session: Session, op_seq: int) -> None:
    """Drop a held change; the row goes back to the server's version on the next sync."""
    op = _held(session, op_seq)
    if op.state == "refused":
        if op.op == "insert":
            table = synced_table(op.table_name)
            with remote_changes(session):  # the server never had it: no delete op to send
                session.execute(delete(table).where(table.c.id == op.row_id))
        else:
            refetch = json.loads(meta_get(session, REFETCH_KEY) or "[]")
            if [op.table_name, op.row_id] not in refetch:
                refetch.append([op.table_name, op.row_id])
            meta_set(session, REFETCH_KEY, json.dumps(refetch))
    # The op stays as a tombstone: SQLite would hand a deleted highest op_seq out again, and
    # the server answers a number it has seen with that op's stored result.
    op.state = "discarded"
    session.flush()
