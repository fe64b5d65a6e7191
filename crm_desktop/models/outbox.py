"""Capture every local write of a synced row into sync_outbox, in the same transaction."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.orm import Session, UOWTransaction, object_mapper, sessionmaker
from sqlalchemy.orm.attributes import instance_state

from crm_desktop.clock import clock_of
from crm_desktop.models.base import BOOKKEEPING, Base, Synced
from crm_desktop.models.codec import JsonValue, row_fields, to_json
from crm_desktop.models.local import OutboxOp

# Sessions flagged with this key are applying server changes: they write no outbox rows.
APPLYING_REMOTE = "applying_remote"


def _changed_fields(obj: Synced) -> dict[str, JsonValue]:
    state = instance_state(obj)
    changed: dict[str, JsonValue] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in BOOKKEEPING:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes() and history.added:
            changed[attr.key] = to_json(history.added[0])
    return changed


def _op_for(obj: Synced, kind: str, now: datetime) -> dict[str, Any] | None:
    mapper = object_mapper(obj)
    if kind == "insert":
        fields = row_fields(mapper, obj, BOOKKEEPING)
    elif kind == "hard_delete":
        fields, kind = {"deleted_at": to_json(now)}, "delete"
    else:
        fields = _changed_fields(obj)
        if not fields:
            return None
        if fields.get("deleted_at") is not None:
            kind = "delete"
    return {
        "table_name": mapper.local_table.name,  # type: ignore[attr-defined]
        "row_id": obj.id,
        "op": kind,
        "fields": json.dumps(fields, sort_keys=True, ensure_ascii=False),
        "base_version": obj.server_version or 0,
        "state": "pending",
        "created_at": now,
    }


def _table_rank() -> dict[str, int]:
    return {table.name: i for i, table in enumerate(Base.metadata.sorted_tables)}


def _before_flush(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    if session.info.get(APPLYING_REMOTE):
        return
    now = clock_of(session).now()
    for obj in session.dirty:
        if isinstance(obj, Synced) and session.is_modified(obj, include_collections=False):
            obj.updated_at = now


def _after_flush(session: Session, _ctx: UOWTransaction) -> None:
    if session.info.get(APPLYING_REMOTE):
        return
    ops: list[dict[str, Any]] = []
    now = clock_of(session).now()
    for kind, objs in (
        ("insert", session.new),
        ("update", session.dirty),
        ("hard_delete", session.deleted),
    ):
        for obj in objs:
            if isinstance(obj, Synced):
                op = _op_for(obj, kind, now)
                if op is not None:
                    ops.append(op)
    if ops:
        rank = _table_rank()
        # Parents before children, so the server can apply a flush's inserts in order.
        ops.sort(key=lambda op: (op["op"] == "delete", rank.get(op["table_name"], 0)))
        session.connection().execute(insert(OutboxOp), ops)


def capture_outbox(factory: sessionmaker[Session]) -> None:
    """Install the capture on every session the factory makes."""
    if not event.contains(factory, "before_flush", _before_flush):
        event.listen(factory, "before_flush", _before_flush)
        event.listen(factory, "after_flush", _after_flush)
