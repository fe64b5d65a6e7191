"""The accounts table as paged SQL: filters, FTS search and indexed sorting, one page at a time.

The desktop's account list never holds every row: it asks for a page (offset, limit) of the
current AccountQuery. Sorting uses the indexes of revision c1 (column, folded legal name), so a page
deep in the list walks an index instead of sorting 100,000 rows again. With search text, the
FTS5 match set is either the driver (few matches: look them up, sort them) or a membership
test while walking the sort index (many matches), as services/accounts/search.py measured.

Every query is plain SQL run through a Rows function, so the same statements serve a Session on
a worker and the GUI thread's DB-API connection (fetch_page_dbapi: the program's first page is
read before SQLAlchemy is even imported). Hence no SQLAlchemy or python-stdnum import at the
top of this module: it is on the start path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from crm_desktop.secure.sqlcipher import Connection
from crm_desktop.services.core.collation import fold_sql
from crm_desktop.services.core.fts import SPARSE_MATCHES, fts_query

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Runs one SQL statement (named :params) and returns all of its rows.
Rows = Callable[[str, dict[str, Any]], Sequence[Sequence[Any]]]

# Sort key -> SQL expression; ties are broken by the legal name in Spanish order (accents and
# case folded: services/core/collation.py), then as typed, then the row key, so pages are
# stable. Each leading column has an index (c1) that also carries the folded legal name.
NAME_KEY = fold_sql("a.legal_name")
SORTS: dict[str, str] = {
    "legal_name": NAME_KEY,
    "trade_name": fold_sql("a.trade_name"),
    "tax_id": "a.tax_id",
    "city": fold_sql("a.city"),
    "kind": "a.kind",
    "roles": "a.roles",
    "phase": "a.lifecycle_phase",
    "segment": "a.segment",
    "owner": "a.owner_id",
    # RFM (local account_scores, services/reports/rfm.py): looked up per row, no index to walk.
    "rfm_score": "(SELECT s.score FROM account_scores s WHERE s.account_id = a.id)",
    "value_segment": "(SELECT s.segment FROM account_scores s WHERE s.account_id = a.id)",
}

_COLUMNS = (
    "a.id, a.legal_name, a.trade_name, a.tax_id_kind, a.tax_id, a.city, a.kind, a.roles, "
    "a.lifecycle_phase, a.segment, a.owner_id, u.full_name, rfm.score, rfm.segment"
)
_MATCHES = "SELECT rowid FROM account_search WHERE account_search MATCH :q"
_COUNT_MATCHES_UP_TO = (
    "SELECT count(*) FROM (SELECT 1 FROM account_search WHERE account_search MATCH :q LIMIT :n)"
)


@dataclass(frozen=True)
class AccountQuery:
    """What the user asked the table for: search text, filters and the sort."""

    text: str = ""
    kind: str | None = None
    role: str | None = None
    segment: str | None = None
    phase: str | None = None
    city: str | None = None
    owner_id: str | None = None
    value_segment: str | None = None  # an RFM segment, or "none" for accounts without sales
    sort: str = "legal_name"
    descending: bool = False


@dataclass(frozen=True)
class AccountRow:
    id: str
    legal_name: str
    trade_name: str | None
    tax_id_kind: str
    tax_id: str | None
    city: str | None
    kind: str
    roles: str
    phase: str
    segment: str | None
    owner_id: str | None
    owner_name: str | None
    rfm_score: Decimal | None = None  # weighted RFM, 1.00 to 5.00; None: no purchases
    value_segment: str | None = None  # services.rfm.SEGMENTS


@dataclass(frozen=True)
class Person:
    """A user as a choice in a list: id, username and full name."""

    id: str
    username: str
    full_name: str
    role: str

    @property
    def manages(self) -> bool:
        """A manager or an administrator: sees every rep's data and sets everyone's settings."""
        return self.role in MANAGING_ROLES


MANAGING_ROLES = frozenset({"manager", "admin"})  # as crm_server.auth's is_manager


def signed_in_person(found: list[Person], signed_in: str) -> Person | None:
    """The user this laptop signed in as (sync.username), if the laptop knows them yet."""
    return next((p for p in found if signed_in and p.username == signed_in), None)


def allowed_people(found: list[Person], signed_in: str) -> tuple[list[Person], bool]:
    """Whom "working as" may offer, and whether "everyone": only a laptop signed in as a manager
    (or not signed in yet: a laptop being set up) offers other reps; a signed-in rep is
    themself, with no password-free way to become a colleague or the manager (issue 11)."""
    me = signed_in_person(found, signed_in)
    if me is not None and not me.manages:
        return [me], False
    return found, True


def may_administer(found: list[Person], signed_in: str) -> bool:
    """Whether this laptop may change the administrator's settings: only when signed in as a
    manager or an administrator. A laptop never signed in, or signed in as a rep, reads them."""
    me = signed_in_person(found, signed_in)
    return me is not None and me.manages


def session_rows(session: Session) -> Rows:
    """Rows through a Session (on a worker)."""
    from sqlalchemy import text

    return lambda sql, params: session.execute(text(sql), params).all()


def dbapi_rows(connection: Connection) -> Rows:
    """Rows through a plain sqlite3 connection (the GUI thread's one visible page)."""
    return lambda sql, params: connection.execute(sql, params).fetchall()


def _nit(digits: str) -> str:
    groups = [digits[max(0, end - 3) : end] for end in range(len(digits) - 1, 0, -3)]
    return ".".join(reversed(groups)) + "-" + digits[-1]


# The presentation of python-stdnum's co.nit, ar.cuit and cl.rut format(), for compact numbers
# (as stored): the same text, without importing stdnum (its util module is slow to import).
_FORMATS: dict[str, tuple[str, Callable[[str], str]]] = {
    "nit": (".,- ", _nit),
    "cuit": (" -", lambda n: f"{n[0:2]}-{n[2:10]}-{n[10:]}"),
    "rut": (" -.", lambda n: f"{n[:-7]}.{n[-7:-4]}.{n[-4:-1]}-{n[-1]}"),
}


def format_tax_id(kind: str, tax_id: str | None) -> str:
    """A stored (compact) tax id as people write it: NIT 900.123.456-8."""
    if not tax_id:
        return ""
    found = _FORMATS.get(kind)
    if found is None:
        return tax_id
    separators, formatter = found
    compact = "".join(ch for ch in tax_id if ch not in separators).strip().upper()
    if kind == "rut" and compact.startswith("CL"):
        compact = compact[2:]
    if not compact.isascii() or not compact.isalnum():
        return tax_id  # not a stored number: shown as it is
    return formatter(compact)


def _where(query: AccountQuery, params: dict[str, Any]) -> list[str]:
    clauses = ["a.deleted_at IS NULL"]
    simple = {
        "kind": ("a.kind", query.kind),
        "segment": ("a.segment", query.segment),
        "phase": ("a.lifecycle_phase", query.phase),
        "city": ("a.city", query.city),
        "owner_id": ("a.owner_id", query.owner_id),
    }
    for name, (column, value) in simple.items():
        if value:
            clauses.append(f"{column} = :{name}")
            params[name] = value
    if query.value_segment == "none":
        clauses.append("a.id NOT IN (SELECT account_id FROM account_scores)")
    elif query.value_segment:
        clauses.append("a.id IN (SELECT account_id FROM account_scores WHERE segment = :vs)")
        params["vs"] = query.value_segment
    if query.role:
        # roles is a sorted comma-separated set: match one whole code
        clauses.append("(',' || a.roles || ',') LIKE :role")
        params["role"] = f"%,{query.role},%"
    return clauses


def _order(query: AccountQuery) -> str:
    d = "DESC" if query.descending else "ASC"
    column = SORTS.get(query.sort, NAME_KEY)
    by_name = f"{NAME_KEY} {d}, a.legal_name {d}, a.row_key {d}"
    return f"ORDER BY {by_name}" if column == NAME_KEY else f"ORDER BY {column} {d}, {by_name}"


def _statement(rows: Rows, query: AccountQuery, params: dict[str, Any]) -> str | None:
    """The query from FROM to ORDER BY, or None when the search text can match nothing."""
    clauses = _where(query, params)
    if query.text.strip():
        match = fts_query(query.text)
        if match is None:
            return None
        params["q"] = match
        matches = rows(_COUNT_MATCHES_UP_TO, {"q": match, "n": SPARSE_MATCHES})[0][0]
        dense = matches >= SPARSE_MATCHES
        # "+a.row_key" keeps SQLite from driving the query from the match set when it is
        # large: it walks the sort index and tests membership instead (no sort of 30k rows).
        key = "+a.row_key" if dense else "a.row_key"
        clauses.append(f"{key} IN ({_MATCHES})")
    return "FROM accounts a WHERE " + " AND ".join(clauses) + " " + _order(query)


def fetch_page(session: Session, query: AccountQuery, offset: int, limit: int) -> list[AccountRow]:
    """Rows offset..offset+limit-1 of the query's result, in its order."""
    return read_page(session_rows(session), query, offset, limit)


def fetch_page_dbapi(
    connection: Connection, query: AccountQuery, offset: int, limit: int
) -> list[AccountRow]:
    """fetch_page over a DB-API connection (SQLCipher's, keyed): the same SQL, no SQLAlchemy."""
    return read_page(dbapi_rows(connection), query, offset, limit)


def read_page(rows: Rows, query: AccountQuery, offset: int, limit: int) -> list[AccountRow]:
    """fetch_page's work, given how to run SQL."""
    params: dict[str, Any] = {"limit": limit, "offset": max(0, offset)}
    sql = _statement(rows, query, params)
    if sql is None or limit <= 0:
        return []
    # Late row lookup: find the page's keys in the (covering) sort index first, then read only
    # those rows, so a page deep in the list does not read every row it skips. The rows come
    # back in the keys' order, arranged here: sorting them again in SQL would fold each name
    # again (48 replace() calls a row, for a virtual key column), and carrying the keys out
    # of the index made SQLite fold every row it skipped.
    keys = [row[0] for row in rows(f"SELECT a.row_key {sql} LIMIT :limit OFFSET :offset", params)]
    if not keys:
        return []
    wanted = {f"k{n}": key for n, key in enumerate(keys)}
    page = (
        f"SELECT {_COLUMNS}, a.row_key FROM accounts a LEFT JOIN users u ON u.id = a.owner_id "
        "LEFT JOIN account_scores rfm ON rfm.account_id = a.id "
        f"WHERE a.row_key IN ({', '.join(':' + name for name in wanted)})"
    )
    place = {key: n for n, key in enumerate(keys)}
    found = sorted(rows(page, wanted), key=lambda row: place[row[-1]])
    return [_account_row(list(row[:-1])) for row in found]


def _account_row(fields: list[Any]) -> AccountRow:
    score = fields[-2]  # stored in hundredths (FixedDecimal(2)); raw SQL sees the integer
    fields[-2] = None if score is None else Decimal(score).scaleb(-2)
    return AccountRow(*fields)


def count(session: Session, query: AccountQuery) -> int:
    """How many accounts the query matches (for the label under the table)."""
    params: dict[str, Any] = {}
    rows = session_rows(session)
    sql = _statement(rows, query, params)
    if sql is None:
        return 0
    where = sql.split(" ORDER BY ")[0]
    return int(rows(f"SELECT count(*) {where}", params)[0][0])


def cities(session: Session, limit: int = 500) -> list[str]:
    """Distinct cities of live accounts, for the city filter (walks ix_accounts_city)."""
    rows = session_rows(session)(
        "SELECT DISTINCT city FROM accounts WHERE city IS NOT NULL AND deleted_at IS NULL "
        "ORDER BY city LIMIT :n",
        {"n": limit},
    )
    return [str(row[0]) for row in rows]


def segments(session: Session) -> list[str]:
    rows = session_rows(session)(
        "SELECT DISTINCT segment FROM accounts WHERE segment IS NOT NULL "
        "AND deleted_at IS NULL ORDER BY segment",
        {},
    )
    return [str(row[0]) for row in rows]


def people(session: Session) -> list[Person]:
    """Active users by full name: owners for filters and the "working as" selector."""
    rows = session_rows(session)(
        "SELECT id, username, full_name, role FROM users "
        "WHERE deleted_at IS NULL AND active ORDER BY full_name",
        {},
    )
    return [Person(*row) for row in rows]
