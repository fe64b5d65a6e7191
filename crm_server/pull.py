"""Pages of changes for a laptop's scope since its cursor; gap-free under concurrent writers."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, literal, select, text, tuple_

from crm_desktop.sync.protocol import Cursor, RowRef
from crm_server import campaigns, costs
from crm_server import limits as L
from crm_server import rows as R
from crm_server.auth import Principal
from crm_server.db.engine import is_postgres
from crm_server.db.schema import COSTS, GLOBAL, change_log, sync_rows


def _row_json(table: str, row_id: str, version: int, data: str) -> str:
    # The row's data is stored as JSON text already: splice it in rather than parse and re-dump.
    head = json.dumps({"table": table, "row_id": row_id, "version": version})
    return '{"kind":"row","row":' + head[:-1] + ',"fields":' + data + "}}"


def _audiences(principal: Principal) -> list[str]:
    return [GLOBAL, principal.user_id, *([COSTS] if costs.sees_costs(principal) else [])]


def _visible(principal: Principal, owner: str) -> bool:
    return principal.sees_everything or owner in _audiences(principal)


def _scope(principal: Principal) -> ColumnElement[bool]:
    if principal.sees_everything:
        return change_log.c.kind == "row"
    return change_log.c.audience.in_(_audiences(principal))


def _held_back(conn: Connection, principal: Principal, horizon: int) -> bool:
    """Committed entries at or past the horizon: an older transaction is still open."""
    query = select(change_log.c.seq).where(change_log.c.txid >= horizon, _scope(principal))
    return conn.execute(query.limit(1)).first() is not None


def _entries(
    conn: Connection, principal: Principal, cursor: Cursor, limit: int, horizon: int | None
) -> list[Any]:
    query = (
        select(
            change_log.c.txid,
            change_log.c.seq,
            change_log.c.kind,
            change_log.c.table_name,
            change_log.c.row_id,
            change_log.c.op_ref,
            sync_rows.c.version,
            sync_rows.c.data,
            sync_rows.c.owner,
            change_log.c.audience,
        )
        .select_from(
            change_log.outerjoin(
                sync_rows,
                and_(
                    sync_rows.c.table_name == change_log.c.table_name,
                    sync_rows.c.row_id == change_log.c.row_id,
                ),
            )
        )
        .where(
            tuple_(change_log.c.txid, change_log.c.seq)
            > tuple_(literal(cursor.txid), literal(cursor.seq))
        )
        .order_by(change_log.c.txid, change_log.c.seq)
        .limit(limit)
    )
    if horizon is not None:
        query = query.where(change_log.c.txid < literal(horizon))
    return list(conn.execute(query.where(_scope(principal))))


# The oldest transaction id still writing in this database (or the next id if none is): every
# entry below it is committed or rolled back for good. Read in its own statement BEFORE the
# page query, whose fresh READ COMMITTED snapshot then sees every such commit. Per database,
# unlike pg_snapshot_xmin(), so a long transaction elsewhere on the cluster holds nothing back;
# autovacuum's own transactions never write the change log, so they do not count either.
HORIZON_SQL = text(
    """
    SELECT COALESCE(
        (SELECT min(backend_xid::text::bigint) FROM pg_stat_activity
          WHERE datname = current_database() AND backend_xid IS NOT NULL
            AND backend_type = 'client backend' AND pid <> pg_backend_pid()),
        pg_snapshot_xmax(pg_current_snapshot())::text::bigint)
    """
)


def pg_horizon(conn: Connection) -> int:
    conn.execute(text("SELECT pg_stat_clear_snapshot()"))  # activity is cached per transaction
    return int(conn.scalar(HORIZON_SQL) or 0)


def _refetched(conn: Connection, principal: Principal, ref: RowRef) -> str | None:
    row = R.load(conn, ref.table, ref.row_id)
    if row is None or not (
        _visible(principal, row.owner) or campaigns.rep_sees(conn, principal, row)
    ):
        return None
    data = costs.strip_json(
        principal, row.table, json.dumps(row.data, ensure_ascii=False, sort_keys=True)
    )
    return _row_json(row.table, row.row_id, row.version, data)


class _Page:
    """The page's changes in order with their sizes in bytes; a later mention of a row
    replaces an earlier one (whose bytes no longer count)."""

    def __init__(self, budget: int) -> None:
        self.budget, self.size = budget, 0
        self.changes: list[tuple[str, int] | None] = []
        self.where: dict[tuple[str, str], int] = {}

    def add(self, piece: str, key: tuple[str, str] | None = None) -> bool:
        """Adds `piece` if it fits under the budget or goes alone (a single huge row)."""
        size = len(piece.encode())
        if self.size and self.size + size > self.budget:
            return False
        if key is not None and key in self.where:
            dropped = self.changes[self.where[key]]
            self.changes[self.where[key]] = None  # the latest mention carries the current state
            self.size -= dropped[1] if dropped else 0
        if key is not None:
            self.where[key] = len(self.changes)
        self.changes.append((piece, size))
        self.size += size
        return True

    def body(self) -> str:
        return ",".join(c[0] for c in self.changes if c is not None)


def pull(
    conn: Connection,
    principal: Principal,
    cursor: Cursor | None,
    limit: int,
    refs: list[RowRef],
    client_id: str = "",
    budget: int = L.MAX_PULL_PAGE,
) -> str:
    """The pull response as JSON text (PullResponse): at most `limit` change-log entries and,
    past the first row, at most `budget` bytes of changes."""
    cursor = cursor or Cursor(txid=0, seq=0)
    horizon = pg_horizon(conn) if is_postgres(conn) else None
    entries = _entries(conn, principal, cursor, limit, horizon)
    page = _Page(budget)
    left: list[RowRef] = []
    for i, ref in enumerate(refs):
        piece = _refetched(conn, principal, ref)
        if piece is not None and not page.add(piece):
            left = refs[i:]
            break
    own = f"{client_id}:" if client_id else ""
    last, cut = cursor, bool(left)
    for e in [] if cut else entries:
        if e.kind == "evict":
            added = page.add('{"kind":"evict","account_id":' + json.dumps(e.row_id) + "}")
        elif e.data is None or not (
            _visible(principal, e.owner) or campaigns.visible(principal, e)
        ):
            added = True  # out of scope now: an eviction follows or came already
        elif own and e.op_ref and e.op_ref.startswith(own):
            added = True  # this laptop's own push: its answer carried the row already
        else:
            data = costs.strip_json(principal, e.table_name, e.data)
            piece = _row_json(e.table_name, e.row_id, e.version, data)
            added = page.add(piece, (e.table_name, e.row_id))
        if not added:
            cut = True  # the byte budget: the next page starts with this entry
            break
        last = Cursor(txid=e.txid, seq=e.seq)
    more = cut or len(entries) == limit
    held = not more and horizon is not None and _held_back(conn, principal, horizon)
    tail = ""
    if left:
        tail = ',"refetch_left":' + json.dumps([r.model_dump() for r in left])
    return (
        '{"changes":['
        + page.body()
        + '],"cursor":'
        + last.model_dump_json()
        + ',"has_more":'
        + ("true" if more else "false")
        + ',"held_back":'
        + ("true" if held else "false")
        + tail
        + "}"
    )
