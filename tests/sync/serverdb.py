"""Reading the server's database directly, to check what the protocol promises."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from sqlalchemy import func, select

from crm_server.db.schema import change_log, conflicts, push_results, sync_rows
from tests.sync.harness import ServerDb


def server_row(db: ServerDb, table: str, row_id: str) -> dict[str, Any] | None:
    with db.engine.connect() as conn:
        r = conn.execute(
            select(sync_rows).where(sync_rows.c.table_name == table, sync_rows.c.row_id == row_id)
        ).first()
    return None if r is None else json.loads(r.data) | {"_version": r.version, "_owner": r.owner}


def writes_of(db: ServerDb, table: str, row_id: str) -> int:
    with db.engine.connect() as conn:
        return int(
            conn.scalar(
                select(func.count())
                .select_from(change_log)
                .where(
                    change_log.c.table_name == table,
                    change_log.c.row_id == row_id,
                    change_log.c.op_ref.is_not(None),
                )
            )
            or 0
        )


def ops_applied_twice(db: ServerDb) -> list[str]:
    """Op refs that produced more than one change-log entry (must be none)."""
    with db.engine.connect() as conn:
        refs = conn.scalars(select(change_log.c.op_ref).where(change_log.c.op_ref.is_not(None)))
        return [ref for ref, n in Counter(refs).items() if n > 1]


def stored_conflicts(db: ServerDb) -> list[dict[str, Any]]:
    with db.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(conflicts).order_by(conflicts.c.id))]


def push_result_count(db: ServerDb) -> int:
    with db.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(push_results)) or 0)


def written_values(db: ServerDb) -> set[tuple[str, str, str, str]]:
    """(table, row id, field, JSON value) of every value the server ever applied."""
    found: set[tuple[str, str, str, str]] = set()
    with db.engine.connect() as conn:
        for table, row_id, fields in conn.execute(
            select(change_log.c.table_name, change_log.c.row_id, change_log.c.fields).where(
                change_log.c.fields.is_not(None)
            )
        ):
            for name, value in json.loads(fields).items():
                found.add((table, row_id, name, json.dumps(value)))
    return found
