"""A bootstrap's indexes: the secondary indexes of the synced tables dropped for the whole
bootstrap and built once at the end, with the search index (FTS) rebuilt once too.

Building an index once from the loaded rows costs less than updating it row by row; but not
an index on a VIRTUAL generated column (the accounts' accent-folded name keys): an insert
computes that column once for every index, a build once per index, so those stay. Dropping
the others is recorded in sync_meta (INDEXES_KEY: index name -> its SQL) in the same
transaction as the DROPs, so the file always knows: the engine rebuilds them when the
bootstrap ends or stops on an error, and opening the file (Database.sessions) rebuilds them
before anything else runs after a kill. UNIQUE indexes and primary keys stay: a row breaking
one is refused as it would be by the pull.

While the mark is set the search index may lack the rows bulk-applied so far; it is rebuilt
whole from the tables (as migration 0002's triggers compute it per account) with the indexes.
No Qt here, and nothing heavier than SQLAlchemy: the file's opening imports it.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection

INDEXES_KEY = "bootstrap_indexes"
# The tables whose indexes a bootstrap drops: the big synced ones (every synced table would do,
# but the small ones gain nothing).
TABLES = ("accounts", "contacts", "visits", "activities", "opportunities", "reminders")
_FIND = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
    "AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ({marks}) ORDER BY name"
)
_SEARCH_COLUMNS = (
    "rowid, legal_name, trade_name, tax_id, city, email, contact_names, contact_emails"
)
# Every account's search text at once, as migration 0002's triggers make it one at a time.
SEARCH_REBUILD = f"""
INSERT INTO account_search({_SEARCH_COLUMNS})
SELECT a.row_key, a.legal_name, coalesce(a.trade_name, ''), coalesce(a.tax_id, ''),
       coalesce(a.city, ''), coalesce(a.email, ''), coalesce(c.names, ''), coalesce(c.emails, '')
FROM accounts a LEFT JOIN (
    SELECT account_id, group_concat(first_name || ' ' || last_name, ' ') AS names,
           group_concat(email, ' ') AS emails
    FROM contacts WHERE deleted_at IS NULL GROUP BY account_id
) c ON c.account_id = a.id
WHERE a.deleted_at IS NULL ORDER BY a.row_key
"""


def _meta(conn: Connection) -> str | None:
    row = conn.exec_driver_sql("SELECT value FROM sync_meta WHERE key = ?", (INDEXES_KEY,)).first()
    return None if row is None else str(row[0])


def dropped(conn: Connection) -> bool:
    """Whether a bootstrap's indexes are dropped now (the mark is set)."""
    return _meta(conn) is not None


def drop(conn: Connection) -> None:
    """Drop the secondary indexes of TABLES and set the mark, in the caller's transaction
    (nothing when the mark is set already)."""
    if dropped(conn):
        return
    marks = ", ".join("?" * len(TABLES))
    found = {
        str(name): str(sql)
        for name, sql in conn.exec_driver_sql(_FIND.format(marks=marks), TABLES).all()
        if not _on_virtual_columns(conn, str(name))
    }
    conn.exec_driver_sql(
        "INSERT INTO sync_meta (key, value) VALUES (?, ?)", (INDEXES_KEY, json.dumps(found))
    )
    for name in found:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')


def _on_virtual_columns(conn: Connection, index: str) -> bool:
    """Whether the index reads a VIRTUAL generated column (the accounts' folded name keys):
    an insert computes such a column once for all its indexes, a CREATE INDEX once per index,
    so building nine of them at the end cost more than keeping them (README, Benchmarks)."""
    table = conn.exec_driver_sql(
        "SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name = ?", (index,)
    ).scalar_one()
    virtual = {
        str(row[1])
        for row in conn.exec_driver_sql(f'PRAGMA table_xinfo("{table}")').all()
        if row[6] == 2  # hidden: 2 a virtual generated column, 3 a stored one
    }
    used = {str(row[2]) for row in conn.exec_driver_sql(f'PRAGMA index_info("{index}")').all()}
    return bool(used & virtual)


def restore(conn: Connection) -> bool:
    """Build the dropped indexes and the search index again and clear the mark, in the caller's
    transaction; False (and nothing done) when no mark is set."""
    raw = _meta(conn)
    if raw is None:
        return False
    wanted: dict[str, Any] = json.loads(raw)
    present = {
        str(name)
        for (name,) in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index'"
        ).all()
    }
    for name, sql in wanted.items():
        if name not in present:
            conn.exec_driver_sql(str(sql))
    conn.exec_driver_sql("DELETE FROM account_search")
    conn.exec_driver_sql(SEARCH_REBUILD)
    conn.exec_driver_sql("DELETE FROM sync_meta WHERE key = ?", (INDEXES_KEY,))
    return True
