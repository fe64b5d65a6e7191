"""Moving an account between reps: the new owner receives it whole, the old one an eviction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from crm_desktop.clock import SYSTEM, timestamp
from crm_server import rows as R
from crm_server.db.schema import GLOBAL, UNOWNED, change_log, sync_rows


def move_account(conn: Connection, account: R.Row, old_owner: str, new_owner: str) -> None:
    """Re-tag every row under the account; log an eviction for the old owner, rows for the new."""
    if old_owner == new_owner:
        return
    conn.execute(
        update(sync_rows).where(sync_rows.c.account_id == account.row_id).values(owner=new_owner)
    )
    now = timestamp(SYSTEM)
    txid = R.txid_expr(conn)
    if old_owner not in (GLOBAL, UNOWNED):
        conn.execute(
            insert(change_log).values(
                txid=txid,
                table_name="accounts",
                row_id=account.row_id,
                version=account.version,
                audience=old_owner,
                kind="evict",
                fields=None,
                author=None,
                created_at=now,
            )
        )
    if new_owner in (GLOBAL, UNOWNED):
        return  # managers already see it
    under = list(
        conn.execute(
            select(sync_rows.c.table_name, sync_rows.c.row_id, sync_rows.c.version).where(
                sync_rows.c.account_id == account.row_id,
            )
        )
    )
    # Parents first, so the new owner's laptop can insert them in order.
    under.sort(key=lambda r: (R.SYNCED_RANK.get(r.table_name, 99), r.row_id))
    entries: list[dict[str, Any]] = [
        {
            "table_name": r.table_name,
            "row_id": r.row_id,
            "version": r.version,
            "audience": new_owner,
            "kind": "row",
            "fields": None,
            "author": None,
            "created_at": now,
        }
        for r in under
        if not (r.table_name == "accounts" and r.row_id == account.row_id)
    ]
    if entries:
        for entry in entries:
            conn.execute(insert(change_log).values(txid=txid, **entry))


def reassign(conn: Connection, account_id: str, new_owner: str | None, author: str | None) -> int:
    """Give the account to new_owner (None: to nobody); returns the account's new version."""
    account = R.load(conn, "accounts", account_id, lock=True)
    if account is None:
        raise LookupError(f"There is no account {account_id} on the server.")
    old_owner = account.owner
    account.version += 1
    account.data["owner_id"] = new_owner
    account.field_versions["owner_id"] = account.version
    account.owner = new_owner or UNOWNED
    R.save(conn, account)
    R.log_change(conn, account, {"owner_id": new_owner}, author)
    move_account(conn, account, old_owner, account.owner)
    return account.version
