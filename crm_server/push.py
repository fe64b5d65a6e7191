"""Apply a laptop's pushed ops: at most once each, field by field against their base version."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from crm_desktop.clock import SYSTEM, timestamp
from crm_desktop.models.codec import to_json
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.core.rules import validate_row
from crm_desktop.sync.protocol import FieldConflict, OpResult, OpStatus, PushOp, RowState
from crm_server import (
    account_merge,
    campaigns,
    checks,
    costs,
    duplicates,
    erased,
    merged,
    signed,
)
from crm_server import rows as R
from crm_server.auth import Principal
from crm_server.batch import Batch
from crm_server.db.engine import is_postgres
from crm_server.db.schema import conflicts, push_results, sync_clients
from crm_server.privacy import anonymize_on_server, erase_requests
from crm_server.reassign import move_account

SKIP_IN_VALIDATION = frozenset({"id", "deleted_at"})
DUPLICATE_NOTE = (
    "Another account on the server has this tax id: the managers were told and may merge them."
)
RELOCATING = frozenset({"account_id", "quote_id", "owner_id"})  # fields that move a row's scope


class ClientMismatch(Exception):
    """The client id is registered to another user."""


def state_of(row: R.Row) -> RowState:
    return RowState(table=row.table, row_id=row.row_id, version=row.version, fields=row.data)


def _claim_client(conn: Connection, client_id: str, principal: Principal) -> int:
    """The last op_seq applied for this client, with its row locked for the whole push."""
    query = select(sync_clients).where(sync_clients.c.client_id == client_id)
    if is_postgres(conn):
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None:
        conn.execute(
            insert(sync_clients).values(
                client_id=client_id,
                user_id=principal.user_id,
                last_op_seq=0,
                updated_at=timestamp(SYSTEM),
            )
        )
        if is_postgres(conn):  # lock the fresh row too, against a concurrent twin request
            conn.execute(query).first()
        return 0
    if row.user_id != principal.user_id:
        raise ClientMismatch(client_id)
    return int(row.last_op_seq)


def _stored(conn: Connection, client_id: str, op_seq: int) -> OpResult:
    raw = conn.scalar(
        select(push_results.c.result).where(
            push_results.c.client_id == client_id, push_results.c.op_seq == op_seq
        )
    )
    if raw is None:
        return OpResult(op_seq=op_seq, status="duplicate", reason="Already applied.", replayed=True)
    return OpResult.model_validate_json(raw).model_copy(update={"replayed": True})


def push(
    conn: Connection,
    principal: Principal,
    client_id: str,
    ops: list[PushOp],
    now: float | None = None,
) -> list[OpResult]:
    """Every op's result, in order; ops already seen from this client return their stored result.

    `now` is the server's clock (the time a delete is stamped with); default: the wall clock.
    """
    now = timestamp(SYSTEM) if now is None else now
    last = _claim_client(conn, client_id, principal)
    batch = Batch(conn)
    keys = _keys([op for op in ops if op.op_seq > last])
    # What the checks of the ops ask, read for the whole push at once (a statement per table
    # and kind; before, many were a statement per op): the rows and their parents, locked in
    # one order; the erased people of their accounts; the merges that moved them.
    batch.preload(keys)
    batch.preload_parents()
    erased.preload(batch, _accounts(batch, ops))
    account_merge.preload(batch, principal, keys)
    results: list[OpResult] = []
    fresh: list[int] = []  # indexes of results made now (the others are replays)
    for op in ops:
        if op.op_seq <= last:
            results.append(_stored(conn, client_id, op.op_seq))
            continue
        fresh.append(len(results))
        result = apply_op(batch, principal, client_id, op, now)
        results.append(costs.strip_result(principal, result))
        last = op.op_seq
    batch.flush()
    _latest_state_only(results, fresh)
    stored = [
        {
            "client_id": client_id,
            "op_seq": results[i].op_seq,
            "result": results[i].model_dump_json(),
        }
        for i in fresh
    ]
    if stored:
        conn.execute(insert(push_results), stored)
        conn.execute(
            update(sync_clients)
            .where(sync_clients.c.client_id == client_id)
            .values(last_op_seq=last, updated_at=now)
        )
    fresh_ops = [ops[i] for i in fresh]
    for request in erase_requests([results[i] for i in fresh], fresh_ops):
        anonymize_on_server(conn, request, principal.user_id, now)  # after the results are stored
    return results


def _latest_state_only(results: list[OpResult], fresh: list[int]) -> None:
    """A row several ops of the batch touched travels once, with the last op (its newest state)."""
    seen: set[tuple[str, str]] = set()
    for i in reversed(fresh):
        row = results[i].row
        if row is None or results[i].status == "conflict":
            continue
        key = (row.table, row.row_id)
        if key in seen:
            results[i] = results[i].model_copy(update={"row": None})
        seen.add(key)


def _accounts(batch: Batch, ops: list[PushOp]) -> set[str]:
    """The accounts the batch's rows and ops sit under (their erased people are read once)."""
    found = {row.account_id for row in batch.rows.values() if row is not None and row.account_id}
    found.update(v for op in ops if isinstance(v := op.fields.get("account_id"), str))
    found.update(op.row_id for op in ops if op.table == "accounts")
    return found


def _keys(ops: list[PushOp]) -> list[tuple[str, str]]:
    """The rows a batch touches and the parents its scope checks will look at."""
    keys = [(op.table, op.row_id) for op in ops]
    for op in ops:
        for field, table in (("account_id", "accounts"), ("quote_id", "quotes")):
            value = op.fields.get(field)
            if isinstance(value, str):
                keys.append((table, value))
    return keys


def refuse(op: PushOp, reason: str, problems: dict[str, str] | None = None) -> OpResult:
    return OpResult(op_seq=op.op_seq, status="refused", reason=reason, problems=problems or {})


def _permission(principal: Principal, row: R.Row | None, table: str) -> str | None:
    if principal.sees_everything:
        return None
    if table in R.GLOBAL_TABLES:
        return "Only managers change the catalog and the users."
    if row is not None and row.owner != principal.user_id:
        return "This record belongs to an account that is not assigned to you."
    return None


def apply_op(
    batch: Batch, principal: Principal, client_id: str, op: PushOp, now: float | None = None
) -> OpResult:
    if op.table not in R.synced_tables():
        return refuse(op, f"Unknown table {op.table!r}.")
    problems = checks.problems_of(op)
    if problems:
        listed = "; ".join(f"{name}: {words}" for name, words in sorted(problems.items()))
        return refuse(op, f"The server cannot accept this change ({listed[:400]}).", problems)
    if op.table == "accounts" and op.fields.get("merged_into_id") is not None:
        return refuse(op, "Only a manager's merge marks an account as merged.")
    now = timestamp(SYSTEM) if now is None else now
    op, grace = account_merge.redirect(batch, principal, op)
    row = batch.get(op.table, op.row_id)
    if op.table == "accounts" and row is not None and row.data.get("merged_into_id"):
        return _onto_survivor(batch, principal, client_id, op, row, now)
    denied = (
        campaigns.refusal(principal, op.table)
        or (None if grace else _permission(principal, row, op.table))
        or costs.refusal(principal, op)
        or signed.refusal(batch, op, row)
        or erased.refusal(batch, op, row)
    )
    if denied:
        return refuse(op, denied)
    op = costs.rep_op(principal, op)
    ctx = _Ctx(batch, principal, client_id, op, now, grace)
    handlers: dict[str, Callable[[R.Row | None], OpResult]] = {
        "insert": ctx.insert,
        "update": ctx.update,
        "delete": ctx.delete,
    }
    try:
        return _kept_out_of_scope(batch, principal, grace, handlers[op.op](row))
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError) as error:
        # Values no rule foresaw: refuse this op with the reason; never a stuck queue or a 500.
        return refuse(op, f"The server cannot read this change ({type(error).__name__}: {error}).")


def _kept_out_of_scope(
    batch: Batch, principal: Principal, grace: bool, result: OpResult
) -> OpResult:
    """Work a rep sent for an account merged into someone else's: applied, but its row is not
    sent back (their laptop lets the merged account go at its next pull; the row would wait
    there for a survivor it never receives)."""
    if not grace or principal.sees_everything or result.row is None:
        return result
    row = batch.get(result.row.table, result.row.row_id)
    if row is None or row.owner == principal.user_id:
        return result
    return result.model_copy(update={"row": None})


def _onto_survivor(
    batch: Batch, principal: Principal, client_id: str, op: PushOp, merged_row: R.Row, now: float
) -> OpResult:
    """An edit of an account a manager merged meanwhile lands on the survivor (or in the
    conflict store); the laptop receives the tombstone "merged into ..."."""
    target = account_merge.survivor_op(batch, op, merged_row)
    if target is None:
        return OpResult(op_seq=op.op_seq, status="merged", row=state_of(merged_row))
    moved, survivor = target
    # The merged account's erased people now count in the survivor (erased._entries); its own
    # erased row must not get its personal fields back through the survivor either.
    denied = erased.refusal(batch, op, merged_row) or erased.refusal(batch, moved, survivor)
    if denied:
        return refuse(op, denied)
    result = _Ctx(batch, principal, client_id, moved, now, grace=True).update(survivor)
    return result.model_copy(update={"row": state_of(merged_row)})


class _Ctx:
    """One op being applied: the connection, who pushes it, and the op itself."""

    def __init__(
        self,
        batch: Batch,
        principal: Principal,
        client_id: str,
        op: PushOp,
        now: float,
        grace: bool = False,
    ) -> None:
        self.batch, self.conn, self.now = batch, batch.conn, now
        self.principal, self.client_id, self.op = principal, client_id, op
        # The rep of a merged account still sends what they did before they knew of the merge.
        self.grace = grace
        self.op_ref = f"{client_id}:{op.op_seq}"

    # -- the three kinds of op -----------------------------------------------------------
    def insert(self, row: R.Row | None) -> OpResult:
        if row is not None:
            if all(R.same(row.data.get(k), v) for k, v in self.op.fields.items()):
                return OpResult(op_seq=self.op.op_seq, status="duplicate", row=state_of(row))
            return self.update(row)
        data = dict(self.op.fields) | {"id": self.op.row_id}
        problem = self._validate(data, data)
        if problem:
            return problem
        owner, account_id = R.locate(self.batch.get, self.op.table, data)
        refusal = self._scope_refusal(owner, account_id, data) or self._last_checks({}, data)
        if refusal:
            return refusal
        new = R.Row(
            self.op.table,
            self.op.row_id,
            1,
            data,
            dict.fromkeys(data, 1),
            owner,
            account_id,
            data.get("deleted_at") is not None,
            is_new=True,
        )
        self.batch.put(new)
        self.batch.log(new, data, self.principal.user_id, self.op_ref)
        twins = duplicates.note(self.conn, new, self.now) if self.op.table == "accounts" else []
        return OpResult(
            op_seq=self.op.op_seq,
            status="applied",
            row=state_of(new),
            reason=DUPLICATE_NOTE if twins else None,
        )

    def update(self, row: R.Row | None) -> OpResult:
        if row is None:
            return refuse(self.op, "This record is not on the server (its creation was refused).")
        if row.deleted and not self._informed_undelete(row):
            return self._conflict_whole(row, "edit_vs_delete")
        applied, _merged, lost = self._merge_fields(row)
        if applied:
            problem = self._validate(row.data | applied, applied)
            if problem:
                return problem
            refusal = self._moved_refusal(row, applied) or self._last_checks(
                row.data, row.data | applied
            )
            if refusal:
                return refusal
            self._write(row, applied)
        status: OpStatus = "conflict" if lost else ("applied" if applied else "merged")
        if lost:
            self._store_conflicts(row, lost, "field")
        return OpResult(
            op_seq=self.op.op_seq,
            status=status,
            conflict_kind="field" if lost else None,
            conflicts=lost,
            row=state_of(row),
        )

    def delete(self, row: R.Row | None) -> OpResult:
        if row is None:
            return refuse(self.op, "This record is not on the server (its creation was refused).")
        if row.deleted:
            return OpResult(op_seq=self.op.op_seq, status="merged", row=state_of(row))
        edited_since = [
            f for f in row.field_versions if f != "deleted_at" and self._changed_by_others(row, f)
        ]
        if edited_since:
            return self._conflict_whole(row, "delete_vs_edit")
        # The server's own time: a laptop's clock (or its words) never reach other laptops.
        self._write(row, {"deleted_at": datetime.fromtimestamp(self.now, UTC).isoformat()})
        return OpResult(op_seq=self.op.op_seq, status="applied", row=state_of(row))

    # -- helpers ---------------------------------------------------------------------------
    def _last_checks(
        self, before: dict[str, R.JsonScalar], after: dict[str, R.JsonScalar]
    ) -> OpResult | None:
        found = merged.refusal(self.batch, self.op.table, self.op.row_id, before, after)
        return refuse(self.op, *found) if found else None

    def _changed_by_others(self, row: R.Row, name: str) -> bool:
        """Changed since the op's base by someone else (this laptop knows its own writes)."""
        if row.field_versions.get(name, 0) <= self.op.base_version:
            return False
        if (row.table, row.row_id, name) in self.batch.written:
            return False  # this very push (so this laptop) wrote it last
        writer = R.last_writer(self.conn, row, name)
        return writer is None or writer.partition(":")[0] != self.client_id

    def _informed_undelete(self, row: R.Row) -> bool:
        """Bringing a row back on purpose: the laptop had seen the delete (its base is newer)."""
        restoring = "deleted_at" in self.op.fields and self.op.fields["deleted_at"] is None
        return restoring and row.field_versions.get("deleted_at", 0) <= self.op.base_version

    def _merge_fields(
        self, row: R.Row
    ) -> tuple[dict[str, R.JsonScalar], list[str], list[FieldConflict]]:
        applied: dict[str, R.JsonScalar] = {}
        merged: list[str] = []
        lost: list[FieldConflict] = []
        for name, value in self.op.fields.items():
            if name == "id":
                continue
            current = row.data.get(name)
            if R.same(current, value):
                merged.append(name)
            elif not self._changed_by_others(row, name):
                applied[name] = value
            else:  # both changed it: the value already on the server stays (first write wins)
                self.batch.flush()
                base = R.value_at(self.conn, row, name, self.op.base_version)
                lost.append(
                    FieldConflict(
                        field=name, base=base, server=current, client=value, winner="server"
                    )
                )
        return applied, merged, lost

    def _write(self, row: R.Row, changes: dict[str, R.JsonScalar]) -> None:
        row.version += 1
        row.data.update(changes)
        for name in changes:
            row.field_versions[name] = row.version
        row.deleted = row.data.get("deleted_at") is not None
        old_owner = row.owner
        if row.table == "accounts" or RELOCATING & set(changes):
            row.owner, row.account_id = R.locate(self.batch.get, row.table, row.data)
        self.batch.put(row)
        self.batch.log(row, changes, self.principal.user_id, self.op_ref)
        if row.table == "accounts" and {"tax_id", "deleted_at"} & set(changes):
            duplicates.note(self.conn, row, self.now)
        if row.table == "accounts" and "owner_id" in changes:
            self.batch.forget()  # the reassignment re-tags rows in bulk SQL
            move_account(self.conn, row, old_owner, row.owner)

    def _validate(self, whole: dict[str, R.JsonScalar], changed: dict[str, Any]) -> OpResult | None:
        values = {k: v for k, v in whole.items() if k not in SKIP_IN_VALIDATION}
        try:
            cleaned = validate_row(self.op.table, values)
        except ValidationError as error:
            problems = {field: " ".join(msgs) for field, msgs in error.by_field("en").items()}
            return refuse(self.op, "The server's validation refused this change.", problems)
        for name in changed:
            if name in cleaned and name not in SKIP_IN_VALIDATION:
                changed[name] = to_json(cleaned[name])
        return None

    def _scope_refusal(
        self, owner: str, account_id: str | None, data: dict[str, R.JsonScalar]
    ) -> OpResult | None:
        orphan = account_id is not None and R.account_owner(self.batch.get, account_id) is None
        if orphan and self.op.table != "accounts":
            return refuse(self.op, "Its account is not on the server.")
        if self.principal.sees_everything or owner == self.principal.user_id or self.grace:
            return None
        if self.op.table == "accounts":
            return refuse(self.op, "A new account must be assigned to you.")
        return refuse(self.op, "This record belongs to an account that is not assigned to you.")

    def _moved_refusal(self, row: R.Row, applied: dict[str, R.JsonScalar]) -> OpResult | None:
        if self.principal.sees_everything:
            return None
        if self.grace and not (row.table == "accounts" and "owner_id" in applied):
            return None
        if row.table == "accounts" and "owner_id" in applied:
            return refuse(self.op, "Only a manager can reassign an account.")
        if not RELOCATING & set(applied):
            return None  # same place as before, which _permission checked
        owner, account_id = R.locate(self.batch.get, row.table, row.data | applied)
        return self._scope_refusal(owner, account_id, row.data | applied)

    def _conflict_whole(self, row: R.Row, kind: str) -> OpResult:
        """Edit vs delete: the server's side stays; the laptop's side is kept as a conflict."""
        fields = {k: v for k, v in self.op.fields.items() if k != "id"}
        self.batch.flush()
        lost = [
            FieldConflict(
                field=name,
                base=R.value_at(self.conn, row, name, self.op.base_version),
                server=row.data.get(name),
                client=value,
                winner="server",
            )
            for name, value in sorted(fields.items())
        ]
        self._store_conflicts(row, lost, kind)
        return OpResult(
            op_seq=self.op.op_seq,
            status="conflict",
            conflict_kind=kind,  # type: ignore[arg-type]
            conflicts=lost,
            row=state_of(row),
            reason="Deleted on the server."
            if kind == "edit_vs_delete"
            else "Edited on the server after you last synced.",
        )

    def _store_conflicts(self, row: R.Row, lost: list[FieldConflict], kind: str) -> None:
        now = self.now
        self.conn.execute(
            insert(conflicts),
            [
                {
                    "table_name": row.table,
                    "row_id": row.row_id,
                    "kind": kind,
                    "field": c.field,
                    "base": json.dumps(c.base),
                    "server": json.dumps(c.server),
                    "client": json.dumps(c.client),
                    "winner": c.winner,
                    "user_id": self.principal.user_id,
                    "client_id": self.client_id,
                    "op_seq": self.op.op_seq,
                    "created_at": now,
                }
                for c in lost
            ],
        )
