"""Two live accounts with the same tax id: noticed at push, kept both, shown to the managers.

Two reps who meet the same company offline each create it; refusing the second push would
lose that rep's work (its contacts, visits and quotes hang from it). So the push is applied and
the pair is flagged; a manager merges them (crm_server.account_merge). Tax ids are stored
normalised (the shared rules compact them: 900.123.456-8 -> 9001234568), so equal means equal.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, or_, select, text, update

from crm_desktop.services.accounts.scrub import PLACEHOLDER
from crm_server import rows as R
from crm_server.db.engine import is_postgres
from crm_server.db.schema import account_tax_ids as T
from crm_server.db.schema import duplicate_accounts as D
from crm_server.db.schema import sync_rows


@dataclass(frozen=True)
class DuplicatePair:
    id: int
    tax_id: str
    first_id: str
    second_id: str
    created_at: float


def _key(row: R.Row) -> str | None:
    value = row.data.get("tax_id")
    if row.deleted or not value:
        return None
    return str(value)[:32]


def note(conn: Connection, row: R.Row, now: float) -> list[str]:
    """Record the account's tax id; the live account it duplicates, if any (the pair is
    flagged once)."""
    key = _key(row)
    conn.execute(delete(T).where(T.c.account_id == row.row_id))
    if key is None:
        return []
    if is_postgres(conn):  # two pushes with the same new tax id must see each other
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": "tax:" + key})
    # Paired with the oldest live holder only (ids are time-ordered): a tenth copy makes one
    # pair, not nine, and the manager merges each into the same first account.
    first = conn.scalar(
        select(T.c.account_id).where(T.c.tax_id == key).order_by(T.c.account_id).limit(1)
    )
    conn.execute(insert(T).values(tax_id=key, account_id=row.row_id))
    if first is None:
        return []
    _flag(conn, key, str(first), row.row_id, now)
    return [str(first)]


def _flag(conn: Connection, tax_id: str, first: str, second: str, now: float) -> None:
    known = conn.scalar(
        select(func.count()).where(
            or_(
                (D.c.first_id == first) & (D.c.second_id == second),
                (D.c.first_id == second) & (D.c.second_id == first),
            )
        )
    )
    if not known:
        conn.execute(
            insert(D).values(tax_id=tax_id, first_id=first, second_id=second, created_at=now)
        )


def open_pairs(conn: Connection, limit: int = 500) -> list[DuplicatePair]:
    """Pairs not yet merged nor dismissed whose two accounts are both still live."""
    live = select(sync_rows.c.row_id).where(
        sync_rows.c.table_name == "accounts", sync_rows.c.deleted.is_(False)
    )
    rows = conn.execute(
        select(D)
        .where(D.c.resolved_at.is_(None), D.c.first_id.in_(live), D.c.second_id.in_(live))
        .order_by(D.c.id)
        .limit(limit)
    )
    return [DuplicatePair(r.id, r.tax_id, r.first_id, r.second_id, r.created_at) for r in rows]


def resolve(conn: Connection, first: str, second: str, words: str, now: float) -> None:
    conn.execute(
        update(D)
        .where(
            D.c.resolved_at.is_(None),
            or_(
                (D.c.first_id == first) & (D.c.second_id == second),
                (D.c.first_id == second) & (D.c.second_id == first),
            ),
        )
        .values(resolved_at=now, resolution=words[:120])
    )


def dismiss(conn: Connection, pair_id: int, now: float) -> bool:
    """A manager says the two are different companies (a typing error in one tax id, say)."""
    done = conn.execute(
        update(D)
        .where(D.c.id == pair_id, D.c.resolved_at.is_(None))
        .values(resolved_at=now, resolution="dismissed")
    )
    return bool(done.rowcount)


def forget_tax_id(conn: Connection, account_id: str, tax_id: object) -> None:
    """An erase of a natural person (crm_server/privacy.py): their tax id leaves the lookup and
    the pairs that show it, so no table of the server keeps it (the pair stays, by its ids)."""
    conn.execute(delete(T).where(T.c.account_id == account_id))
    if tax_id:
        conn.execute(update(D).where(D.c.tax_id == str(tax_id)[:32]).values(tax_id=PLACEHOLDER))
