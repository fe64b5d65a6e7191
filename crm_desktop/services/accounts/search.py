"""Account search over the FTS5 index: safe for any typed text, ordered by legal name, fast."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import TextClause, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

# The typed text as FTS5 (its own module, light enough for the program's start).
from crm_desktop.services.core.collation import fold_sql
from crm_desktop.services.core.fts import SPARSE_MATCHES as SPARSE_MATCHES
from crm_desktop.services.core.fts import fts_query as fts_query

log = logging.getLogger(__name__)

_COLUMNS = "a.id, a.legal_name, a.trade_name, a.tax_id, a.city"
# Spanish order (accents and case folded), the expression of index ix_accounts_live_name_es.
_BY_NAME = f"ORDER BY {fold_sql('a.legal_name')}, a.legal_name, a.row_key"
_COUNT_UP_TO = text(
    "SELECT count(*) FROM (SELECT 1 FROM account_search WHERE account_search MATCH :q LIMIT :n)"
)
# Few matches: take them from the index, then sort them.
_SPARSE = text(
    f"SELECT {_COLUMNS} FROM account_search JOIN accounts a ON a.row_key = account_search.rowid "
    f"WHERE account_search MATCH :q AND a.deleted_at IS NULL {_BY_NAME} "
    "LIMIT :limit OFFSET :offset"
)
# Many matches: read accounts in legal-name order (the partial index of live accounts, no sort)
# and keep those in the match set, which SQLite builds once.
_DENSE = text(
    f"SELECT {_COLUMNS} FROM accounts a INDEXED BY ix_accounts_live_name_es "
    "WHERE a.deleted_at IS NULL AND a.row_key IN "
    f"(SELECT rowid FROM account_search WHERE account_search MATCH :q) {_BY_NAME} "
    "LIMIT :limit OFFSET :offset"
)


@dataclass(frozen=True)
class AccountHit:
    id: str
    legal_name: str
    trade_name: str | None
    tax_id: str | None
    city: str | None


def _surely_dense(user_text: str) -> bool:
    """Single letters match most accounts, and FTS5 has no prefix index for them (prefix =
    '2 3 4'), so counting their matches costs as much as the search: skip the count."""
    return all(len(word) == 1 for word in user_text.split())


def _choose_plan(session: Session, query: str) -> TextClause:
    matches = session.execute(_COUNT_UP_TO, {"q": query, "n": SPARSE_MATCHES}).scalar_one()
    return _SPARSE if matches < SPARSE_MATCHES else _DENSE


def search_accounts(
    session: Session, text: str, limit: int = 100, offset: int = 0
) -> list[AccountHit]:
    """Live accounts whose name, trade name, tax id, city, e-mail or contacts match text."""
    query = fts_query(text)
    if query is None or limit <= 0:
        return []
    params = {"q": query, "limit": limit, "offset": max(0, offset)}
    try:
        sql = _DENSE if _surely_dense(text) else _choose_plan(session, query)
        rows = session.execute(sql, params).all()
    except OperationalError as exc:
        if "fts5" not in str(exc.orig) and "MATCH" not in str(exc.orig):
            raise
        # fts_query quotes every word, so this should not happen; never show it to the user.
        log.warning("account search rejected %r as %r: %s", text, query, exc.orig)
        return []
    return [AccountHit(*row) for row in rows]
