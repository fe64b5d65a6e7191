"""A manager merges two accounts: the survivor takes everything of the other, which becomes a
tombstone "merged into ...". Every laptop follows at its next pull, like any change.

One transaction: the survivor's chosen fields, every row under the merged account moved to the
survivor (a versioned change of its account_id, so laptops re-point it), the tombstone, an
eviction for the merged account's rep when the survivor belongs to someone else, and the merge
record. A laptop that edited the merged account offline pushes later: see `redirect` and
`survivor_op`; nothing it wrote is dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, tuple_

from crm_desktop.models.codec import to_json
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.core.rules import validate_row
from crm_desktop.sync.protocol import PushOp
from crm_server import duplicates, erased, unique
from crm_server import rows as R
from crm_server.auth import Principal
from crm_server.batch import Batch
from crm_server.db.schema import GLOBAL, UNOWNED, account_merge_rows, account_merges, sync_rows

# Fields a merge never takes from the other account: identity, the owner (reassign apart), the
# sync bookkeeping and the merge's own marks.
NOT_MERGEABLE = frozenset({"id", "owner_id", "deleted_at", "merged_into_id", "server_version"})
MAX_CHAIN = 20  # a merged account's survivor may itself be merged later


class MergeError(Exception):
    """A merge refused before anything was written: an HTTP status, a code and the words."""

    def __init__(self, status: int, code: str, message: str, details: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or {}


@dataclass(frozen=True)
class MergeOutcome:
    survivor_id: str
    survivor_version: int
    moved: int  # rows that now hang from the survivor
    taken: tuple[str, ...]  # fields taken from the merged account


@dataclass(frozen=True)
class MergeRecord:
    merged_id: str
    survivor_id: str
    survivor_base: int
    merged_owner: str


def mergeable_fields() -> frozenset[str]:
    from crm_desktop.models import Account

    columns = {c.name for c in Account.__table__.columns}
    from crm_desktop.models.base import BOOKKEEPING

    return frozenset(columns - BOOKKEEPING - NOT_MERGEABLE)


def _iso(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).isoformat()


def _load_pair(conn: Connection, survivor_id: str, merged_id: str) -> tuple[R.Row, R.Row]:
    if survivor_id == merged_id:
        raise MergeError(422, "same_account", "An account cannot be merged into itself.")
    batch = Batch(conn)
    batch.preload([("accounts", survivor_id), ("accounts", merged_id)])  # locked in one order
    found = []
    for account_id in (survivor_id, merged_id):
        row = batch.get("accounts", account_id)
        if row is None:
            raise MergeError(404, "no_account", f"There is no account {account_id} on the server.")
        if row.deleted:
            raise MergeError(
                409, "account_deleted", f"The account {account_id} is deleted or merged already."
            )
        found.append(row)
    return found[0], found[1]


def _survivor_changes(survivor: R.Row, merged: R.Row, take: list[str]) -> dict[str, Any]:
    unknown = sorted(set(take) - mergeable_fields())
    if unknown:
        raise MergeError(
            422, "bad_fields", f"These fields cannot be taken in a merge: {', '.join(unknown)}."
        )
    changes = {
        name: merged.data.get(name)
        for name in take
        if not R.same(survivor.data.get(name), merged.data.get(name))
    }
    whole = {k: v for k, v in (survivor.data | changes).items() if k not in ("id", "deleted_at")}
    try:
        cleaned = validate_row("accounts", whole)
    except ValidationError as error:
        problems = {field: " ".join(msgs) for field, msgs in error.by_field("en").items()}
        raise MergeError(
            422, "invalid_merge", "The merged account would break a rule.", problems
        ) from None
    return {name: to_json(cleaned[name]) if name in cleaned else v for name, v in changes.items()}


def _write(conn: Connection, row: R.Row, changes: dict[str, Any], author: str, ref: str) -> None:
    row.version += 1
    row.data.update(changes)
    for name in changes:
        row.field_versions[name] = row.version
    row.deleted = row.data.get("deleted_at") is not None
    R.save(conn, row)
    R.log_change(conn, row, changes, author, op_ref=ref)


def merge(
    conn: Connection,
    principal: Principal,
    survivor_id: str,
    merged_id: str,
    take: list[str],
    now: float,
) -> MergeOutcome:
    """Merge `merged_id` into `survivor_id`, taking the fields named in `take` from it."""
    if not principal.sees_everything:
        raise MergeError(403, "forbidden", "Only a manager can merge accounts.")
    survivor, merged = _load_pair(conn, survivor_id, merged_id)
    changes = _survivor_changes(survivor, merged, take)
    moving = _rows_to_move(conn, merged)
    _refuse_erased(conn, survivor, changes, moving)
    base = survivor.version
    ref = f"merge:{merged_id}"
    if changes:
        _write(conn, survivor, changes, principal.user_id, ref)
    moved = _move_rows(conn, merged, survivor, moving, principal.user_id, ref)
    _write(conn, merged, {"deleted_at": _iso(now), "merged_into_id": survivor_id},
           principal.user_id, ref)  # fmt: skip
    if merged.owner != survivor.owner and merged.owner not in (GLOBAL, UNOWNED):
        R.log_change(conn, merged, None, None, kind="evict")  # its rep's laptop lets it go
    duplicates.note(conn, merged, now)  # a tombstone holds no tax id
    duplicates.resolve(conn, survivor_id, merged_id, f"merged into {survivor_id}", now)
    conn.execute(
        insert(account_merges).values(
            merged_id=merged_id, survivor_id=survivor_id, survivor_base=base,
            merged_owner=merged.owner, manager_id=principal.user_id,
            fields=json.dumps(sorted(changes)), created_at=now,
        )
    )  # fmt: skip
    return MergeOutcome(survivor_id, survivor.version, moved, tuple(sorted(changes)))


def _rows_to_move(conn: Connection, merged: R.Row) -> list[R.Row]:
    """Every row under the merged account (parents first), loaded and locked."""
    keys = sorted(
        conn.execute(
            select(sync_rows.c.table_name, sync_rows.c.row_id).where(
                sync_rows.c.account_id == merged.row_id, sync_rows.c.table_name != "accounts"
            )
        ).tuples(),
        key=lambda k: (R.SYNCED_RANK.get(k[0], 99), k[1]),
    )
    found = (R.load(conn, table, row_id, lock=True) for table, row_id in keys)
    return [row for row in found if row is not None]


def _refuse_erased(
    conn: Connection, survivor: R.Row, changes: dict[str, Any], moving: list[R.Row]
) -> None:
    """A merge must not carry a person erased in the survivor back into it (crm_server/erased.py):
    refused before anything is written, each record that names them listed."""
    found = erased.merge_refusals(Batch(conn), survivor.row_id, changes, moving)
    if found:
        raise MergeError(409, "erased_person", erased.MERGE_WORDS, found)


def _move_rows(
    conn: Connection, merged: R.Row, survivor: R.Row, rows: list[R.Row], author: str, ref: str
) -> int:
    """Every row under the merged account now hangs from the survivor (parents first)."""
    moved: list[dict[str, Any]] = []
    for row in rows:
        table, row_id = row.table, row.row_id
        moved.append({"table_name": table, "row_id": row_id, "merged_id": merged.row_id,
                      "version_before": row.version})  # fmt: skip
        owner_before = row.owner
        row.owner, row.account_id = survivor.owner, survivor.row_id
        if table in R.QUOTE_CHILDREN:  # they follow their quote: no field of theirs changes
            R.save(conn, row)
            if owner_before != row.owner:
                R.log_change(conn, row, None, None, op_ref=ref)
            continue
        changes = {"account_id": survivor.row_id} | _handed_over(conn, row, merged, survivor)
        _write(conn, row, changes, author, ref)
    if moved:
        conn.execute(insert(account_merge_rows), moved)
    return len(moved)


def _handed_over(conn: Connection, row: R.Row, merged: R.Row, survivor: R.Row) -> dict[str, Any]:
    """The survivor's rep takes what is still to do of the merged account's rep: open reminders
    and planned visits (done ones stay the history of who did them; a manager's own reminder on
    the account stays the manager's). A rule's reminder whose key the survivor's rep already
    holds stays with its rep: the key is unique per owner."""
    old, new = merged.data.get("owner_id"), survivor.data.get("owner_id")
    data = row.data
    if not old or not new or old == new or data.get("owner_id") != old:
        return {}
    still_to_do = (row.table == "reminders" and data.get("done_at") is None) or (
        row.table == "visits" and data.get("status") == "planned"
    )
    if not still_to_do:
        return {}
    if row.table == "reminders" and unique.claim(
        conn, row.table, row.row_id, data, data | {"owner_id": new}
    ):
        return {}
    return {"owner_id": new}


# -- pushes that arrive after the merge ------------------------------------------------------
def record_of(conn: Connection, merged_id: str) -> MergeRecord | None:
    r = conn.execute(select(account_merges).where(account_merges.c.merged_id == merged_id)).first()
    if r is None:
        return None
    return MergeRecord(r.merged_id, r.survivor_id, r.survivor_base, r.merged_owner)


def survivor_of(
    conn: Connection, account_id: str, known: dict[str, MergeRecord | None] | None = None
) -> MergeRecord | None:
    """The merge that (through a chain of merges) ended `account_id`, pointing at the live
    survivor; None if the account was never merged. `known`: records read already (a push's
    preload), by merged id; the others are read here."""

    def lookup(merged_id: str) -> MergeRecord | None:
        if known is not None and merged_id in known:
            return known[merged_id]
        return record_of(conn, merged_id)

    first = lookup(account_id)
    last = first
    for _ in range(MAX_CHAIN):
        if last is None:
            break
        nxt = lookup(last.survivor_id)
        if nxt is None:
            break
        last = nxt
    if first is None or last is None:
        return None
    return MergeRecord(first.merged_id, last.survivor_id, first.survivor_base, first.merged_owner)


MOVES, RECORDS = "merge_moves", "merge_records"  # keys of a push's memo (Batch.memo)
CHUNK = 500


def preload(batch: Batch, principal: Principal, keys: list[tuple[str, str]]) -> None:
    """What `redirect` asks for each op, read for the whole push at once: the rows a merge moved
    from this rep's accounts (one statement) and the merge records of the accounts the ops name
    (one statement). Before, each op cost a statement of its own."""
    wanted = sorted(set(keys))
    moves: dict[tuple[str, str], int] = {}
    records: dict[str, MergeRecord | None] = {}
    accounts = sorted({row_id for table, row_id in wanted if table == "accounts"})
    conn = batch.conn
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        query = (
            select(
                account_merge_rows.c.table_name,
                account_merge_rows.c.row_id,
                func.max(account_merge_rows.c.version_before),
            )
            .join(account_merges, account_merges.c.merged_id == account_merge_rows.c.merged_id)
            .where(
                tuple_(account_merge_rows.c.table_name, account_merge_rows.c.row_id).in_(chunk),
                account_merges.c.merged_owner == principal.user_id,
            )
            .group_by(account_merge_rows.c.table_name, account_merge_rows.c.row_id)
        )
        moves.update({(t, r): int(v) for t, r, v in conn.execute(query)})
    for start in range(0, len(accounts), CHUNK):
        ids = accounts[start : start + CHUNK]
        records.update(dict.fromkeys(ids))
        query = select(account_merges).where(account_merges.c.merged_id.in_(ids))
        for r in conn.execute(query):
            records[r.merged_id] = MergeRecord(
                r.merged_id, r.survivor_id, r.survivor_base, r.merged_owner
            )
    batch.memo[MOVES] = (set(wanted), moves)
    batch.memo[RECORDS] = records


def _moved_for(batch: Batch, table: str, row_id: str, principal: Principal) -> int | None:
    """The version a merge moved this row at from an account of this rep (through a chain of
    merges: any of its moves), or None."""
    if MOVES in batch.memo:
        looked, moves = batch.memo[MOVES]
        if (table, row_id) in looked:
            found: int | None = moves.get((table, row_id))
            return found
    r = batch.conn.execute(
        select(account_merge_rows.c.version_before)
        .join(account_merges, account_merges.c.merged_id == account_merge_rows.c.merged_id)
        .where(
            account_merge_rows.c.table_name == table,
            account_merge_rows.c.row_id == row_id,
            account_merges.c.merged_owner == principal.user_id,
        )
        .order_by(account_merge_rows.c.version_before.desc())
    ).first()
    return None if r is None else int(r.version_before)


def redirect(batch: Batch, principal: Principal, op: PushOp) -> tuple[PushOp, bool]:
    """The op as the server applies it after a merge, and whether the rep may still write it
    although the row now belongs to the survivor's rep (work made before they knew)."""
    conn = batch.conn
    grace = False
    fields = dict(op.fields)
    account_id = fields.get("account_id")
    if op.table != "accounts" and isinstance(account_id, str):
        record = survivor_of(conn, account_id, batch.memo.get(RECORDS))
        if record is not None:
            fields["account_id"] = record.survivor_id
            grace = record.merged_owner == principal.user_id
    if op.table in R.QUOTE_CHILDREN and isinstance(fields.get("quote_id"), str):
        grace = grace or _moved_for(batch, "quotes", str(fields["quote_id"]), principal) is not None
    before = _moved_for(batch, op.table, op.row_id, principal)
    if before is not None and op.base_version <= before:
        grace = True
    if fields == op.fields:
        return op, grace
    return op.model_copy(update={"fields": fields}), grace


def survivor_op(batch: Batch, op: PushOp, merged: R.Row) -> tuple[PushOp, R.Row] | None:
    """An edit of a merged account, aimed at its survivor and weighed against the survivor as
    it was before the merge: fields the merge did not write land on the survivor, the others
    are conflicts (kept in the conflict store). None: nothing left to apply."""
    record = survivor_of(batch.conn, merged.row_id, batch.memo.get(RECORDS))
    if record is None or op.op != "update":
        return None
    survivor = batch.get("accounts", record.survivor_id)
    fields = {k: v for k, v in op.fields.items() if k not in NOT_MERGEABLE}
    if survivor is None or survivor.deleted or not fields:
        return None
    moved = op.model_copy(
        update={"row_id": survivor.row_id, "fields": fields, "base_version": record.survivor_base}
    )
    return moved, survivor
