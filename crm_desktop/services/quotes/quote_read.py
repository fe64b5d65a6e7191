"""A quote read with the DB-API alone (SQLCipher's, keyed), for `crm-desktop quote-pdf`.

The command only reads; loading SQLAlchemy and the models would cost it most of its time. This
mirrors services.quotes.quote_data.load_quote (a test holds the two equal): amounts are the
scaled integers of models.types.FixedDecimal, dates ISO text.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from crm_desktop.secure.sqlcipher import Connection
from crm_desktop.services.quotes.pricing import PER_LINE
from crm_desktop.services.quotes.quote_types import AcceptanceData, ClientData, LineData, QuoteData
from crm_desktop.services.quotes.taxes import decode_extra

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
_ACCEPTANCE = """
SELECT quote_id, revision, signer_name, signer_id_kind, signer_id, signed_at, sha256, content,
       signature_png
FROM quote_acceptances WHERE quote_id = ? AND revision = ? AND deleted_at IS NULL
"""
_LINES = """
SELECT id, kind, product_id, description, quantity, unit, unit_price, list_price,
       price_override_reason, discount_pct, discount_amount, tax_category, optional, tax_rate,
       extra_taxes
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
        extra_taxes=decode_extra(row[14]),
    )  # fmt: skip


def _client(conn: Connection, account_id: str, contact_id: str | None) -> ClientData:
    row = conn.execute(_CLIENT, (contact_id, account_id)).fetchone()
    has_contact = row[11] is not None
    return ClientData(
        legal_name=row[0], tax_id_kind=row[1], tax_id=row[2], address=row[3], city=row[4],
        country=row[5] or "CO",
        contact_name=f"{row[6]} {row[7]}".strip() if has_contact else None,
        contact_email=row[8] if has_contact else None,
        contact_phone=(row[9] or row[10]) if has_contact else None,
    )  # fmt: skip


def read_quote(conn: Connection, number: str, tax_rounding: str = PER_LINE) -> QuoteData | None:
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


def read_acceptance(conn: Connection, quote: QuoteData) -> AcceptanceData | None:
    """The signed acceptance of the quote's revision, if it has one."""
    row = conn.execute(_ACCEPTANCE, (quote.id, quote.revision)).fetchone()
    if row is None:
        return None
    import base64

    signed_at = _moment(row[5])
    assert signed_at is not None  # NOT NULL in the schema
    return AcceptanceData(
        quote_id=row[0], revision=row[1], signer_name=row[2], signer_id_kind=row[3],
        signer_id=row[4], signed_at=signed_at, sha256=row[6], content=row[7],
        signature_png=base64.b64decode(row[8]),
    )  # fmt: skip
