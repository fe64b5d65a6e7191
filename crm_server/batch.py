"""A push's working set: rows loaded (and locked) at once, written and logged in bulk at the end."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, text, tuple_, update

from crm_desktop.clock import SYSTEM, timestamp
from crm_server import attachment_index, campaigns
from crm_server import rows as R
from crm_server.db.engine import is_postgres
from crm_server.db.schema import change_log, sync_rows

Key = tuple[str, str]


class Batch:
    """Rows by (table, id) for one transaction; nothing reaches the database before flush()."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.rows: dict[Key, R.Row | None] = {}
        self.dirty: dict[Key, R.Row] = {}
        self.entries: list[dict[str, Any]] = []
        self.written: set[tuple[str, str, str]] = set()  # (table, id, field) this batch wrote
        self._txid: int | None = None
        self.memo: dict[str, Any] = {}  # per-push lookups (the erased people of an account)

    def preload(self, keys: list[Key]) -> None:
        """Load every row of the batch; on PostgreSQL lock them in one order (so no deadlocks)."""
        wanted = sorted(set(keys) - set(self.rows))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = (
                select(sync_rows)
                .where(tuple_(sync_rows.c.table_name, sync_rows.c.row_id).in_(chunk))
                .order_by(sync_rows.c.table_name, sync_rows.c.row_id)
            )
            if is_postgres(self.conn):
                query = query.with_for_update()
            found = {(r.table_name, r.row_id): _row_of(r) for r in self.conn.execute(query)}
            for key in chunk:
                self.rows[key] = found.get(key)

    def preload_parents(self, levels: int = 2) -> None:
        """Load the accounts and quotes the loaded rows hang from (a quote line's quote, then
        its account), a statement per level, instead of one each when a scope check asks."""
        for _ in range(levels):
            wanted: list[Key] = []
            for row in list(self.rows.values()):
                if row is None:
                    continue
                for name, table in (("account_id", "accounts"), ("quote_id", "quotes")):
                    value = row.data.get(name)
                    if isinstance(value, str) and (table, value) not in self.rows:
                        wanted.append((table, value))
            if not wanted:
                return
            self.preload(wanted)

    def get(self, table: str, row_id: str) -> R.Row | None:
        key = (table, row_id)
        if key not in self.rows:
            self.rows[key] = R.load(self.conn, table, row_id, lock=True)
        return self.rows[key]

    def exists(self, table: str, row_id: str) -> bool:
        """Whether the server has the row (rows are never removed, so no lock is needed)."""
        key = (table, row_id)
        if key in self.rows:
            return self.rows[key] is not None
        return R.load(self.conn, table, row_id) is not None

    def put(self, row: R.Row) -> None:
        key = (row.table, row.row_id)
        self.rows[key] = self.dirty[key] = row

    def txid(self) -> int:
        if self._txid is None:
            self._txid = (
                int(self.conn.scalar(text("SELECT pg_current_xact_id()::text::bigint")) or 0)
                if is_postgres(self.conn)
                else 0
            )
        return self._txid

    def log(
        self,
        row: R.Row,
        fields: dict[str, R.JsonScalar] | None,
        author: str | None,
        op_ref: str | None,
    ) -> None:
        self.written.update((row.table, row.row_id, name) for name in fields or ())
        self._entry(row, row.owner, fields, author, op_ref)
        if row.table in (campaigns.SHARED, campaigns.MEMBERS):
            self._share_campaign(row, author)

    def _share_campaign(self, row: R.Row, author: str | None) -> None:
        """A campaign's change goes to each rep holding one of its members too; a member new to
        its rep brings the rep the campaign (crm_server.campaigns)."""
        if row.table == campaigns.SHARED:
            for rep in campaigns.reps_of(self.conn, row.row_id):
                self._entry(row, rep, None, author, None)
            return
        found = campaigns.campaign_for_new_rep(self.conn, self.get, row)
        if found is not None:
            self._entry(found[0], found[1], None, author, None)

    def _entry(
        self,
        row: R.Row,
        audience: str,
        fields: dict[str, R.JsonScalar] | None,
        author: str | None,
        op_ref: str | None,
    ) -> None:
        self.entries.append({
            "txid": self.txid(), "table_name": row.table, "row_id": row.row_id,
            "version": row.version, "audience": audience, "kind": "row",
            "fields": None if fields is None else json.dumps(fields, ensure_ascii=False),
            "author": author, "op_ref": op_ref, "created_at": timestamp(SYSTEM),
        })  # fmt: skip

    def flush(self) -> None:
        attachment_index.note(self.conn, self.dirty.values())  # scope by hash (issue 17)
        new = [r for r in self.dirty.values() if r.is_new]
        old = [r for r in self.dirty.values() if not r.is_new]
        if new:
            fresh = [_values(r) | {"table_name": r.table, "row_id": r.row_id} for r in new]
            self.conn.execute(insert(sync_rows), fresh)
            for r in new:
                r.is_new = False
        if old:
            self.conn.execute(
                update(sync_rows)
                .where(
                    sync_rows.c.table_name == bindparam("_t"), sync_rows.c.row_id == bindparam("_r")
                )
                .values({k: bindparam(k) for k in _values(old[0])}),
                [_values(r) | {"_t": r.table, "_r": r.row_id} for r in old],
            )
        if self.entries:
            self.conn.execute(insert(change_log), self.entries)
        self.dirty.clear()
        self.entries = []

    def forget(self) -> None:
        """Drop cached rows after a bulk SQL change (a reassignment re-tags many rows)."""
        self.flush()
        self.rows.clear()


def _row_of(r: Any) -> R.Row:
    return R.Row(r.table_name, r.row_id, r.version, json.loads(r.data),
                 json.loads(r.field_versions), r.owner, r.account_id, r.deleted)  # fmt: skip


def _values(row: R.Row) -> dict[str, Any]:
    return {
        "version": row.version,
        "data": json.dumps(row.data, ensure_ascii=False, sort_keys=True),
        "field_versions": json.dumps(row.field_versions, sort_keys=True),
        "owner": row.owner,
        "account_id": row.account_id,
        "deleted": row.deleted,
    }
