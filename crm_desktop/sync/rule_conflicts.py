"""Two valid edits that merge into an invalid row: a conflict the rep sees, never a refusal.

The server merges field by field and then checks the merged row whole; when that fails it
refuses the op. If the row as this laptop holds it passes the same rules, the refusal is not
about this laptop's values but about the merge: the op becomes a conflict of kind "rule" (all
its fields, decided as one), the op is done, and the row is fetched whole again so the laptop
converges to the server's row. The server's values are filled into the conflict when the row
arrives. (A server that answers "conflict" with conflict_kind "rule" itself is handled like any
conflict.)
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session, class_mapper

from crm_desktop.models.base import BOOKKEEPING, synced_classes
from crm_desktop.models.sync_state import SyncConflict
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.core.rules import validate_row
from crm_desktop.sync import protocol as P
from crm_desktop.sync import setaside

RULE = "rule"


def merge_broke_a_rule(session: Session, op: P.PushOp, result: P.OpResult) -> bool:
    """A validation refusal of an update whose row, as held here, passes the rules."""
    model = synced_classes().get(op.table)
    if op.op != "update" or result.status != "refused" or not result.problems or model is None:
        return False
    obj = session.get(model, op.row_id)
    if obj is None or obj.deleted_at is not None:
        return False
    values = {
        attr.key: getattr(obj, attr.key)
        for attr in class_mapper(model).column_attrs
        if attr.key not in BOOKKEEPING
    }
    try:
        validate_row(op.table, values)
    except ValidationError:
        return False  # this laptop's own row is invalid: a plain refusal, shown as such
    return True


def keep_as_conflict(session: Session, op: P.PushOp) -> None:
    """Record the op's values as a rule conflict and ask for the server's row whole."""
    for name, value in sorted(op.fields.items()):
        if name == "id":
            continue
        session.add(
            SyncConflict(table_name=op.table, row_id=op.row_id, kind=RULE, field=name,
                         base=None, server=None, local=json.dumps(value), server_version=0,
                         op_seq=op.op_seq)
        )  # fmt: skip
    setaside.queue_refetch(session, [[op.table, op.row_id]])


def fill_server_values(session: Session, table: str, states: dict[str, P.RowState]) -> None:
    """The row arrived: its values are the server's side of the rule conflicts waiting for it."""
    if not states:
        return
    waiting = session.scalars(
        select(SyncConflict).where(
            SyncConflict.kind == RULE,
            SyncConflict.table_name == table,
            SyncConflict.row_id.in_(list(states)),
            SyncConflict.server_version == 0,
            SyncConflict.resolved_at.is_(None),
        )
    )
    for conflict in waiting:
        state = states[conflict.row_id]
        conflict.server = json.dumps(state.fields.get(conflict.field or ""))
        conflict.server_version = state.version
    session.flush()
