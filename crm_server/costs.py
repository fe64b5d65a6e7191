"""Costs reach only those who may see them: managers, admins and the reps allowed to.

Products' costs are rows of their own (product_costs) that the server files under the COSTS
mark, which only managers and allowed reps pull (`crm-server costs-access NAME on`). A quote
line's frozen cost (unit_cost) lives on a row every rep of the account pulls, so it is taken out
of what a rep who may not see costs receives (pull pages, refetched rows, push answers). Only
managers change costs: a rep, allowed or not, can neither set one nor keep an old one when the
line's product changes (it no longer says what that line cost).
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, insert, or_, select, update

from crm_desktop.clock import SYSTEM, timestamp
from crm_desktop.sync.protocol import OpResult, PushOp
from crm_server.auth import Principal
from crm_server.db.schema import change_log, sync_rows, users
from crm_server.rows import COST_TABLES, txid_expr

__all__ = [
    "COST_FIELDS", "COST_TABLES", "refusal", "rep_op", "set_access", "strip_json", "strip_result",
]  # fmt: skip
COST_FIELDS: dict[str, frozenset[str]] = {"quote_lines": frozenset({"unit_cost"})}


def sees_costs(principal: Principal) -> bool:
    return principal.sees_everything or principal.sees_costs


def refusal(principal: Principal, op: PushOp) -> str | None:
    """Why a rep's op may not touch costs, or None."""
    if principal.sees_everything:
        return None
    if op.table in COST_TABLES:
        return "Only managers change the products' costs."
    hidden = COST_FIELDS.get(op.table, frozenset())
    if any(op.fields.get(name) is not None for name in hidden):
        return "Only managers set what a line costs."
    return None


def rep_op(principal: Principal, op: PushOp) -> PushOp:
    """A rep's new product on a line drops the cost frozen for the old one."""
    if principal.sees_everything or op.table not in COST_FIELDS or "product_id" not in op.fields:
        return op
    cleared = dict.fromkeys(COST_FIELDS[op.table])
    return op.model_copy(update={"fields": {**op.fields, **cleared}})


def hidden_fields(principal: Principal, table: str) -> frozenset[str]:
    return frozenset() if sees_costs(principal) else COST_FIELDS.get(table, frozenset())


def strip_json(principal: Principal, table: str, data: str) -> str:
    """A row's stored JSON text without the fields this principal may not see."""
    hidden = hidden_fields(principal, table)
    if not hidden:
        return data
    fields = {k: v for k, v in json.loads(data).items() if k not in hidden}
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def strip_result(principal: Principal, result: OpResult) -> OpResult:
    """A push answer's row and conflicts without the fields this principal may not see."""
    row = result.row
    hidden = hidden_fields(principal, row.table) if row is not None else frozenset()
    if row is None or not hidden:
        return result
    fields = {k: v for k, v in row.fields.items() if k not in hidden}
    kept = [c for c in result.conflicts if c.field not in hidden]
    return result.model_copy(
        update={"row": row.model_copy(update={"fields": fields}), "conflicts": kept}
    )


def set_access(conn: Connection, user_id: str, allowed: bool) -> int:
    """Let a rep see costs, or stop it; on granting, the costs and the frozen costs of their
    quote lines are sent again at their next pull (their cursor is past them). Returns how many
    rows are sent again. Revoking stops what is sent from now on; a laptop keeps what it got."""
    conn.execute(update(users).where(users.c.id == user_id).values(sees_costs=allowed))
    if not allowed:
        return 0
    found = conn.execute(
        select(sync_rows.c.table_name, sync_rows.c.row_id, sync_rows.c.version).where(
            or_(
                sync_rows.c.table_name.in_(COST_TABLES),
                (sync_rows.c.table_name.in_(COST_FIELDS)) & (sync_rows.c.owner == user_id),
            ),
            sync_rows.c.deleted.is_(False),
        )
    ).all()
    now, txid = timestamp(SYSTEM), txid_expr(conn)
    for r in found:
        conn.execute(
            insert(change_log).values(
                txid=txid, table_name=r.table_name, row_id=r.row_id, version=r.version,
                audience=user_id, kind="row", fields=None, author=None, created_at=now,
            )
        )  # fmt: skip
    return len(found)
