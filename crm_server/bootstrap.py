"""A new laptop's whole scope as a snapshot: big pages of current rows, not the change log.

A laptop with no pull cursor asks for its scope table by table, in the order it gives (parents
first), each page after the last row it received. The first page reads, in the same snapshot as
its rows, the pull cursor the laptop continues from once it has every page: on SQLite the last
change-log entry (writes are serial there); on PostgreSQL the snapshot's xmin (every transaction
below it is settled and seen by the snapshot; the ones at or above it come again by the pull,
whether the snapshot saw them or not — applying a row state twice changes nothing). Later pages
come from later snapshots: a row that changed meanwhile arrives newer, and the pull from the
first page's cursor brings every change since (evictions included), so nothing is missed.
Each page runs in one REPEATABLE READ, read-only transaction on PostgreSQL.

What a principal receives is what paging pulls would give it (crm_server.pull): every row filed
under one of its audiences (all rows for those who see everything), the campaigns it holds a
member of, and quote lines without their costs for a rep who may not see costs.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, or_, select, text
from starlette.responses import Response

from crm_desktop.sync.protocol import Cursor
from crm_server import campaigns, costs
from crm_server import limits as L
from crm_server.auth import Principal
from crm_server.db.engine import is_postgres
from crm_server.db.schema import campaign_reps, change_log, sync_rows
from crm_server.pull import _audiences, _row_json

XMIN_SQL = text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
# A bootstrap page is megabytes of JSON: gzip's level 9 (the middleware's, for every other
# answer) costs several times level 1 for a few percent fewer bytes (README, Benchmarks).
GZIP_LEVEL = 1
SEQ_END = 2**62  # with the xmin below it: every entry of the settled transactions


def _scope(principal: Principal) -> ColumnElement[bool] | None:
    if principal.sees_everything:
        return None
    held = select(campaign_reps.c.campaign_id).where(campaign_reps.c.user_id == principal.user_id)
    return or_(
        sync_rows.c.owner.in_(_audiences(principal)),
        (sync_rows.c.table_name == campaigns.SHARED) & sync_rows.c.row_id.in_(held),
    )


def _where(principal: Principal, tables: list[str]) -> list[ColumnElement[bool]]:
    scope = _scope(principal)
    return [sync_rows.c.table_name.in_(tables), *([] if scope is None else [scope])]


def snapshot_cursor(conn: Connection) -> Cursor:
    """The pull cursor matching this transaction's snapshot (see the module's note)."""
    if is_postgres(conn):
        xmin = int(conn.scalar(XMIN_SQL) or 0)
        return Cursor(txid=max(0, xmin - 1), seq=SEQ_END)
    last = conn.scalar(select(func.max(change_log.c.seq)))
    return Cursor(txid=0, seq=int(last or 0))


def count(conn: Connection, principal: Principal, tables: list[str]) -> int:
    query = select(func.count()).select_from(sync_rows).where(*_where(principal, tables))
    return int(conn.scalar(query) or 0)


def page(
    conn: Connection,
    principal: Principal,
    tables: list[str],
    table: str | None,
    after: str | None,
    limit: int,
    first: bool,
    budget: int = L.MAX_BOOTSTRAP_PAGE,
) -> str:
    """One bootstrap page as JSON text (BootstrapResponse): rows of `tables` in that order, each
    table by row id, from just after (`table`, `after`); at most `limit` rows and, past the first
    row, at most `budget` bytes."""
    head: dict[str, Any] = {}
    if first:  # read before the rows, in the same snapshot
        cursor = snapshot_cursor(conn).model_dump()
        head = {"cursor": cursor, "total": count(conn, principal, tables)}
    start = tables.index(table) if table in tables else 0
    pieces: list[str] = []
    size, left = 0, limit
    position: tuple[str, str] | None = None
    full = False
    for i in range(start, len(tables)):
        name = tables[i]
        query = (
            select(sync_rows.c.row_id, sync_rows.c.version, sync_rows.c.data)
            .where(sync_rows.c.table_name == name, *_where(principal, tables)[1:])
            .order_by(sync_rows.c.row_id)
            .limit(left)
        )
        if i == start and after is not None and table == name:
            query = query.where(sync_rows.c.row_id > after)
        got = 0
        for row_id, version, data in conn.execute(query):
            piece = _row_json(name, row_id, version, costs.strip_json(principal, name, data))
            if pieces and size + len(piece) > budget:
                full = True
                break
            pieces.append(piece)
            size += len(piece)
            got += 1
            position = (name, row_id)
        left -= got
        if full or left <= 0:
            full = True
            break
    done = not full
    tail = {
        **head,
        "table": None if done or position is None else position[0],
        "after": None if done or position is None else position[1],
        "done": done,
    }
    return '{"changes":[' + ",".join(pieces) + "]," + json.dumps(tail)[1:]


def response(text: str, packed: bool) -> Response:
    """The page as an HTTP answer, gzipped here at GZIP_LEVEL when the client takes gzip (the
    middleware passes an answer already encoded through as it is)."""
    body = text.encode()
    if not packed:
        return Response(body, media_type="application/json")
    headers = {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
    squeezed = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    return Response(squeezed, media_type="application/json", headers=headers)
