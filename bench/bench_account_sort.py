"""Accounts sorted in Spanish order (accents and case folded) vs byte order, 100,000 accounts.

Three ways to read the same page through the program's own page query
(services/accounts/account_list.read_page), interleaved on one sqlite3 connection as the GUI
thread reads a page: byte order, the ORDER BY before issue 11 (legal_name over
ix_accounts_live_name, which the file still has); Spanish order without an index on it (the
folded expression sorted for every query: what c1 avoids); Spanish order as the program reads
it (over the indexes of revision c1). Pages: the first, one 50,000 rows deep, the last
(descending). Then the Spanish order of the other sorts, and the time to build the c1 indexes.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from bench._shared import cached_db
from crm_desktop.migrations.versions import c1_spanish_account_sort as c1
from crm_desktop.secure import sqlcipher
from crm_desktop.services.accounts import account_list
from crm_desktop.services.accounts.account_list import AccountQuery, fetch_page_dbapi

TARGET = "Spanish order: each page median < 20 ms, no worse than 2 x byte order"
RUNS = 15
PAGE = 100
SPANISH_ORDER = account_list._order


def _byte_order(query: AccountQuery) -> str:
    d = "DESC" if query.descending else "ASC"
    return f"ORDER BY a.legal_name {d}, a.row_key {d}"


def _unindexed(query: AccountQuery) -> str:
    """The folded order with "+" on row_key's tie: SQLite cannot walk an index for it."""
    d = "DESC" if query.descending else "ASC"
    return f"ORDER BY {account_list.NAME_KEY} || '' {d}, a.legal_name {d}, +a.row_key {d}"


def _page(order: Any, query: AccountQuery, offset: int, connection: sqlcipher.Connection) -> float:
    account_list._order = order  # type: ignore[assignment]
    try:
        return _ms(lambda: fetch_page_dbapi(connection, query, offset, PAGE))
    finally:
        account_list._order = SPANISH_ORDER  # type: ignore[assignment]


def _ms(work: Any) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def run(args: argparse.Namespace) -> dict[str, Any]:
    path = cached_db(args)
    connection = sqlcipher.connect(path)
    total = connection.execute("SELECT count(*) FROM accounts WHERE deleted_at IS NULL").fetchone()
    pages = {"first": (0, False), "deep_50000": (50_000, False), "last_desc": (0, True)}
    result: dict[str, Any] = {"accounts": total[0]}
    worst_ratio = 0.0
    for name, (offset, descending) in pages.items():
        query = AccountQuery(descending=descending)
        bytes_ms, unindexed_ms, spanish_ms = [], [], []
        for run in range(RUNS):
            bytes_ms.append(_page(_byte_order, query, offset, connection))
            if run < 3:  # a full sort each time: three are enough
                unindexed_ms.append(_page(_unindexed, query, offset, connection))
            spanish_ms.append(_page(SPANISH_ORDER, query, offset, connection))
        result[f"{name}_byte_order_ms"] = _median(bytes_ms)
        result[f"{name}_spanish_no_index_ms"] = _median(unindexed_ms)
        result[f"{name}_spanish_ms"] = _median(spanish_ms)
        worst_ratio = max(worst_ratio, statistics.median(spanish_ms) / statistics.median(bytes_ms))
    for sort in ("trade_name", "city", "kind", "owner"):
        query = AccountQuery(sort=sort)
        deep = [_ms(lambda q=query: fetch_page_dbapi(connection, q, 50_000, PAGE))
                for _ in range(5)]  # fmt: skip
        result[f"{sort}_deep_50000_spanish_ms"] = _median(deep)
    result["build_c1_indexes_s"] = round(_build_indexes(connection), 2)
    connection.close()
    slowest = max(v for k, v in result.items() if k.endswith("_spanish_ms"))
    result["worst_ratio_spanish_vs_bytes"] = round(worst_ratio, 2)
    result["target_met"] = slowest < 20 and worst_ratio <= 2
    return result


def _build_indexes(connection: sqlcipher.Connection) -> float:
    """Drop and rebuild the c1 indexes inside a transaction that is rolled back."""
    connection.execute("BEGIN")
    try:
        names = ["ix_accounts_live_name_es", *(f"{n}_es" for n in c1.A1)]
        sql = [row[0] for row in connection.execute(
            f"SELECT sql FROM sqlite_master WHERE name IN ({','.join('?' * len(names))})", names
        )]  # fmt: skip
        for name in names:
            connection.execute(f"DROP INDEX {name}")
        started = time.perf_counter()
        for statement in sql:
            connection.execute(statement)
        return time.perf_counter() - started
    finally:
        connection.execute("ROLLBACK")
