"""What the laptop keeps of a push's answer, and the quote totals a transaction touched."""

from __future__ import annotations

import json

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crm_desktop.models.local import OutboxOp
from crm_desktop.models.sync_state import SyncConflict
from crm_desktop.services.quotes.derived import recompute_totals
from crm_desktop.sync import protocol as P
from crm_desktop.sync.apply import TOUCHED_QUOTES, apply_states
from crm_desktop.sync.rule_conflicts import keep_as_conflict, merge_broke_a_rule


def recompute_derived(session: Session) -> None:
    """Quotes whose lines changed in this transaction get their totals from those lines."""
    touched = session.info.pop(TOUCHED_QUOTES, set())
    if touched:
        recompute_totals(session, touched)


def record_push(session: Session, ops: list[P.PushOp], results: list[P.OpResult]) -> None:
    """Mark ops done (or refused), keep conflicts, take the server's row states: one transaction."""
    by_seq = {o.op_seq: o for o in ops}
    still_pending = set(
        session.scalars(
            select(OutboxOp.op_seq).where(
                OutboxOp.op_seq.in_(list(by_seq)), OutboxOp.state == "pending"
            )
        )
    )
    merged_badly = {
        r.op_seq
        for r in results
        if r.op_seq in still_pending and merge_broke_a_rule(session, by_seq[r.op_seq], r)
    }
    done = [
        r.op_seq
        for r in results
        if r.op_seq in still_pending and (r.status != "refused" or r.op_seq in merged_badly)
    ]
    if done:
        session.execute(
            update(OutboxOp).where(OutboxOp.op_seq.in_(done)).values(state="done", error=None)
        )
    for result in results:
        if result.op_seq not in still_pending:
            continue
        if result.op_seq in merged_badly:
            keep_as_conflict(session, by_seq[result.op_seq])
            continue
        if result.status == "refused":
            note = {"reason": result.reason, "problems": result.problems}
            session.execute(
                update(OutboxOp)
                .where(OutboxOp.op_seq == result.op_seq)
                .values(state="refused", error=json.dumps(note, ensure_ascii=False))
            )
            continue
        for c in result.conflicts:
            session.add(
                SyncConflict(
                    table_name=by_seq[result.op_seq].table,
                    row_id=by_seq[result.op_seq].row_id,
                    kind=result.conflict_kind or "field",
                    field=c.field,
                    base=json.dumps(c.base),
                    server=json.dumps(c.server),
                    local=json.dumps(c.client),
                    server_version=result.row.version if result.row else 0,
                    op_seq=result.op_seq,
                )
            )
    session.flush()
    apply_states(session, [r.row for r in results if r.row is not None and r.status != "refused"])
    recompute_derived(session)
