"""Account search over the FTS5 index: safe for any typed text, ordered by legal name, fast."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlalchemy import TextClause, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

# Plain words skip the e-mail columns: every address carries "com", "co", "info", "gmail"...,
# so a two-letter prefix like "co" would otherwise match nearly every account. A word that
# looks like part of an address (has "@", or a dot between letters) searches every column.
_NAME_COLUMNS = "{legal_name trade_name tax_id city contact_names}"
_ADDRESS_LIKE = re.compile(r"@|[^\W\d_]\.[^\W\d_]")
# A tax id as people write it: 900.123.456-7, 1.020.304.050, 900123456-7 (stored compact).
_NUMBER_LIKE = re.compile(r"\d[\d.\-]*")
_NUMBER_ONLY_TEXT = re.compile(r"[\d.\-\s]*\d[\d.\-\s]*")

# When at most this many accounts match, sorting the matches is cheapest; beyond it, walking
# the legal-name index and keeping the matching rows finds a page sooner (measured on 100k).
SPARSE_MATCHES = 3000

_COLUMNS = "a.id, a.legal_name, a.trade_name, a.tax_id, a.city"
_COUNT_UP_TO = text(
    "SELECT count(*) FROM (SELECT 1 FROM account_search WHERE account_search MATCH :q LIMIT :n)"
)
# Few matches: take them from the index, then sort them.
_SPARSE = text(
    f"SELECT {_COLUMNS} FROM account_search JOIN accounts a ON a.row_key = account_search.rowid "
    "WHERE account_search MATCH :q AND a.deleted_at IS NULL "
    "ORDER BY a.legal_name, a.row_key LIMIT :limit OFFSET :offset"
)
# Many matches: read accounts in legal-name order (the partial index of live accounts, no sort)
# and keep those in the match set, which SQLite builds once.
_DENSE = text(
    f"SELECT {_COLUMNS} FROM accounts a INDEXED BY ix_accounts_live_name "
    "WHERE a.deleted_at IS NULL AND a.row_key IN "
    "(SELECT rowid FROM account_search WHERE account_search MATCH :q) "
    "ORDER BY a.legal_name, a.row_key LIMIT :limit OFFSET :offset"
)


@dataclass(frozen=True)
class AccountHit:
    id: str
    legal_name: str
    trade_name: str | None
    tax_id: str | None
    city: str | None


def _term(word: str) -> str | None:
    """One typed word as an FTS5 prefix term, or None when it has nothing to search for."""
    if _NUMBER_LIKE.fullmatch(word):
        word = re.sub(r"[.\-]", "", word)
    if not any(ch.isalnum() for ch in word):
        return None  # only punctuation: the tokenizer would make an empty phrase of it
    quoted = '"' + word.replace('"', '""') + '"*'  # inside quotes FTS5 syntax is plain text
    return quoted if _ADDRESS_LIKE.search(word) else f"{_NAME_COLUMNS} : {quoted}"


def fts_query(user_text: str) -> str | None:
    """The FTS5 MATCH expression for what the user typed: every word a prefix, all required.

    Returns None when there is nothing to search for (empty text, only punctuation).
    """
    stripped = user_text.strip()
    if _NUMBER_ONLY_TEXT.fullmatch(stripped):
        # "900 123 456-7" is one tax id typed with spaces, not four separate words.
        words = [re.sub(r"[\s.\-]", "", stripped)]
    else:
        words = stripped.split()
    terms = [term for term in map(_term, words) if term is not None]
    return " AND ".join(terms) if terms else None


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
