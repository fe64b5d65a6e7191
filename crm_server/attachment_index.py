"""The attachments rows by content hash (table attachment_hashes), kept with the rows.

Every write of an attachments row passes here (Batch.flush for pushes, rows.save for the
server's own edits), so the content API finds the rows that name a hash by an index. A row whose
sha256 or size is not what the rules allow is left out: it can name no content.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from sqlalchemy import Connection, delete, insert

from crm_server.db.schema import attachment_hashes as H


class _Row(Protocol):
    """What is read of a crm_server.rows.Row (which calls note: no import of it, no circle)."""

    @property
    def table(self) -> str: ...
    @property
    def row_id(self) -> str: ...
    @property
    def data(self) -> dict[str, Any]: ...
    @property
    def is_new(self) -> bool: ...


TABLE = "attachments"


def _entry(row: _Row) -> dict[str, Any] | None:
    sha, size = row.data.get("sha256"), row.data.get("size")
    if isinstance(sha, str) and len(sha) == 64 and isinstance(size, int) and size >= 0:
        return {"row_id": row.row_id, "sha256": sha, "size": size}
    return None


def note(conn: Connection, rows: Iterable[_Row]) -> None:
    """Index these rows as they are now (attachments only; other tables are skipped). Call it
    before the rows are written: a new row (is_new) has no entry to replace yet."""
    mine = [row for row in rows if row.table == TABLE]
    if not mine:
        return
    known = [row.row_id for row in mine if not row.is_new]
    if known:
        conn.execute(delete(H).where(H.c.row_id.in_(known)))
    entries = [e for e in map(_entry, mine) if e is not None]
    if entries:
        conn.execute(insert(H), entries)
