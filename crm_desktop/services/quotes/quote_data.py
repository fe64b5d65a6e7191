"""A quote as plain frozen data: what the builder edits, the PDF prints and a revision freezes."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models import Account, Contact, Quote, QuoteLine, User
from crm_desktop.services.core import crud
from crm_desktop.services.quotes.pricing import PER_LINE
from crm_desktop.services.quotes.quote_types import ClientData as ClientData
from crm_desktop.services.quotes.quote_types import LineData as LineData
from crm_desktop.services.quotes.quote_types import QuoteData as QuoteData
from crm_desktop.services.quotes.taxes import decode_extra


def live_lines(session: Session, quote_id: str) -> list[QuoteLine]:
    return list(
        session.scalars(
            select(QuoteLine)
            .where(QuoteLine.quote_id == quote_id, QuoteLine.deleted_at.is_(None))
            .order_by(QuoteLine.position, QuoteLine.created_at)
        )
    )


def line_data(line: QuoteLine) -> LineData:
    return LineData(
        id=line.id,
        kind=line.kind,
        product_id=line.product_id,
        description=line.description,
        quantity=line.quantity,
        unit=line.unit,
        unit_price=line.unit_price,
        list_price=line.list_price,
        price_override_reason=line.price_override_reason,
        discount_pct=line.discount_pct,
        discount_amount=line.discount_amount,
        tax_category=line.tax_category,
        optional=line.optional,
        key=line.id,
        tax_rate=line.tax_rate,
        extra_taxes=decode_extra(line.extra_taxes),
    )


def client_data(session: Session, account_id: str, contact_id: str | None) -> ClientData:
    account = crud.get_live(session, Account, account_id)
    contact = session.get(Contact, contact_id) if contact_id else None
    return ClientData(
        legal_name=account.legal_name,
        tax_id_kind=account.tax_id_kind,
        tax_id=account.tax_id,
        address=account.address,
        city=account.city,
        country=account.country or "CO",
        contact_name=contact.full_name if contact else None,
        contact_email=contact.email if contact else None,
        contact_phone=(contact.phone or contact.mobile) if contact else None,
    )


def load_quote(session: Session, quote_id: str) -> QuoteData:
    """The quote with its client block and its live lines, in order."""
    quote = crud.get_live(session, Quote, quote_id)
    owner = session.get(User, quote.owner_id) if quote.owner_id else None
    return QuoteData(
        id=quote.id,
        number=quote.number,
        revision=quote.revision,
        status=quote.status,
        account_id=quote.account_id,
        contact_id=quote.contact_id,
        opportunity_id=quote.opportunity_id,
        owner_id=quote.owner_id,
        owner_name=owner.full_name if owner else None,
        currency=quote.currency,
        exchange_rate=quote.exchange_rate,
        language=quote.language,
        issued_on=quote.issued_on,
        valid_until=quote.valid_until,
        payment_terms=quote.payment_terms,
        delivery_terms=quote.delivery_terms,
        notes=quote.notes,
        global_discount_pct=quote.global_discount_pct,
        total=quote.total,
        rejection_reason=quote.rejection_reason,
        sent_at=quote.sent_at,
        client=client_data(session, quote.account_id, quote.contact_id),
        lines=tuple(line_data(line) for line in live_lines(session, quote.id)),
        tax_rounding=tax_rounding_of(session),
    )


def tax_rounding_of(session: Session) -> str:
    """The company's tax rounding, carried by the session (models.database); per line if none."""
    return str(session.info.get("tax_rounding") or PER_LINE)


def quote_id_by_number(session: Session, number: str) -> str | None:
    return session.scalar(
        select(Quote.id).where(Quote.number == number.strip(), Quote.deleted_at.is_(None))
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def snapshot_json(data: QuoteData) -> str:
    """The whole quote and its totals as JSON: what a frozen revision keeps."""
    totals = data.totals()
    whole = asdict(data) | {
        "totals": {
            "subtotal": totals.subtotal,
            "line_discounts": totals.line_discounts,
            "global_discount": totals.global_discount,
            "taxes": [asdict(t) for t in totals.taxes],
            "grand_total": totals.grand_total,
        }
    }
    return json.dumps(whole, default=_plain, ensure_ascii=False, sort_keys=True)
