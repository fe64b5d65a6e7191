"""The Accounts page's query to CSV/XLSX: every matching account, streamed, in the page's order.

The columns are the page's visible ones (sort key and header as shown) and cells(row, keys)
what the cells show (numbers kept as numbers); services/accounts/account_export.py reads the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crm_desktop.documents.table_export import Progress, TableColumn, write_table
from crm_desktop.services.accounts.account_export import KINDS, stream
from crm_desktop.services.accounts.account_list import AccountQuery, AccountRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def export_accounts(
    session: Session,
    query: AccountQuery,
    columns: Sequence[tuple[str, str]],
    cells: Callable[[AccountRow, Sequence[str]], Sequence[Any]],
    path: Path,
    lang: str,
    progress: Progress | None = None,
    db: Path | None = None,
) -> int:
    """Write the query's accounts to path: columns are (sort key, title), cells(row, keys)."""
    table = [TableColumn(title, KINDS.get(key, "text")) for key, title in columns]
    keys = [key for key, _title in columns]
    rows = (cells(row, keys) for row in stream(session, query))
    return write_table(path, table, rows, lang, progress=progress, db=db)
