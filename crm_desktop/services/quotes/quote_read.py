"""A quote read with the standard sqlite3 module alone, for `crm-desktop quote-pdf`.

The command only reads; loading SQLAlchemy and the models would cost it most of its time. This
mirrors services.quotes.quote_data.load_quote (a test holds the two equal): amounts are the
scaled integers of models.types.FixedDecimal, dates ISO text.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from crm_desktop.services.quotes.pricing import PER_LINE
from crm_desktop.services.quotes.quote_types import ClientData, LineData, QuoteData

_QUOTE = """
SELECT q.id, q.number, q.revision, q.status, q.account_id, q.contact_id, q.opportunity_id,
       q.owner_id, u.full_name, q.currency, q.exchange_rate, q.language, q.issued_on,
       q.valid_until, q.payment_terms, q.delivery_terms, q.notes, q.global_discount_pct,
       q.total, q.rejection_reason, q.sent_at
FROM quotes q LEFT JOIN users u ON u.id = q.owner_id
WHERE q.number = ? AND q.deleted_at IS NULL
ORDER BY q.revision DESC LIMIT 1
"""
_CLIENT = """
SELECT a.legal_name, a.tax_id_kind, a.tax_id, a.address, a.city, a.country,
       c.first_name, c.last_name, c.email, c.phone, c.mobile, c.id
FROM accounts a LEFT JOIN contacts c ON c.id = ?
WHERE a.id = ?
"""
_LINES = """
SELECT id, kind, product_id, description, quantity, unit, unit_price, list_price,
       price_override_reason, discount_pct, discount_amount, tax_category, optional, tax_rate
FROM quote_lines WHERE quote_id = ? AND deleted_at IS NULL ORDER BY position, created_at
"""


def _dec(value: Any, scale: int = 4) -> Decimal:
    return Decimal(int(value)).scaleb(-scale)


def _opt_dec(value: Any) -> Decimal | None:
    return None if value is None else _dec(value)


def _moment(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def _line(row: tuple[Any, ...]) -> LineData:
    return LineData(
        id=row[0], kind=row[1], product_id=row[2], description=row[3], quantity=_dec(row[4]),
        unit=row[5], unit_price=_dec(row[6]), list_price=_opt_dec(row[7]),
        price_override_reason=row[8], discount_pct=_dec(row[9]), discount_amount=_dec(row[10]),
        tax_category=row[11], optional=bool(row[12]), key=row[0], tax_rate=_opt_dec(row[13]),
    )  # fmt: skip


def _client(conn: sqlite3.Connection, account_id: str, contact_id: str | None) -> ClientData:
    row = conn.execute(_CLIENT, (contact_id, account_id)).fetchone()
    has_contact = row[11] is not None
    return ClientData(
        legal_name=row[0], tax_id_kind=row[1], tax_id=row[2], address=row[3], city=row[4],
        country=row[5] or "CO",
        contact_name=f"{row[6]} {row[7]}".strip() if has_contact else None,
        contact_email=row[8] if has_contact else None,
        contact_phone=(row[9] or row[10]) if has_contact else None,
    )  # fmt: skip


def read_quote(
    conn: sqlite3.Connection, number: str, tax_rounding: str = PER_LINE
) -> QuoteData | None:
    """The newest live revision of the quote numbered number, or None."""
    q = conn.execute(_QUOTE, (number.strip(),)).fetchone()
    if q is None:
        return None
    return QuoteData(
        id=q[0], number=q[1], revision=q[2], status=q[3], account_id=q[4], contact_id=q[5],
        opportunity_id=q[6], owner_id=q[7], owner_name=q[8], currency=q[9],
        exchange_rate=_dec(q[10], 6), language=q[11], issued_on=date.fromisoformat(q[12]),
        valid_until=date.fromisoformat(q[13]), payment_terms=q[14], delivery_terms=q[15],
        notes=q[16], global_discount_pct=_dec(q[17]), total=_dec(q[18]),
        rejection_reason=q[19], sent_at=_moment(q[20]),
        client=_client(conn, q[4], q[5]),
        lines=tuple(_line(row) for row in conn.execute(_LINES, (q[0],))),
        tax_rounding=tax_rounding,
    )  # fmt: skip
