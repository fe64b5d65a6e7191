"""Every account the Accounts page's query matches, in its order, streamed (for an export).

The page reads 200 rows at a time with OFFSET (what a screen needs); an export reads the same
filters, search and sort as one statement walked row by row (services/accounts/account_list's
WHERE and ORDER BY), so 100,000 accounts are neither held in memory nor re-skipped page after
page. No Qt; documents/account_export.py writes the rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from crm_desktop.services.accounts import account_list
from crm_desktop.services.accounts.account_list import AccountQuery, AccountRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Sort keys (account_list.SORTS) whose values are numbers in a spreadsheet; the others are text.
KINDS = {"rfm_score": "decimal"}
FETCH = 2000


def stream(session: Session, query: AccountQuery) -> Iterator[AccountRow]:
    """Each account the query matches, in the query's order, read as the caller asks for it."""
    from sqlalchemy import text

    params: dict[str, Any] = {}
    sql = account_list._statement(account_list.session_rows(session), query, params)
    if sql is None:
        return
    statement = f"SELECT {account_list._COLUMNS} " + sql.replace(
        "FROM accounts a ",
        "FROM accounts a LEFT JOIN users u ON u.id = a.owner_id "
        "LEFT JOIN account_scores rfm ON rfm.account_id = a.id ",
        1,
    )
    result = session.execute(text(statement).execution_options(yield_per=FETCH), params)
    for fields in result:
        yield account_list._account_row(list(fields))
