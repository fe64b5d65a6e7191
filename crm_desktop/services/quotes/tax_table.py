"""The taxes table as the laptop holds it (synced from the server), for the settings' read-only
list: which taxes may be quoted today and which have ended or not begun."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.clock import today as local_today
from crm_desktop.models import Tax


@dataclass(frozen=True)
class TaxRow:
    code: str
    name_es: str
    name_en: str
    rate: Decimal  # a fraction
    kind: str
    country: str
    price_included: bool
    valid_from: date | None
    valid_to: date | None
    in_force: bool  # may be quoted today


def tax_table(session: Session) -> list[TaxRow]:
    """Every live tax, by country then code, with whether it may be quoted today."""
    day = local_today(clock_of(session))
    rows = session.scalars(
        select(Tax).where(Tax.deleted_at.is_(None)).order_by(Tax.country, Tax.code)
    )
    return [
        TaxRow(
            t.code,
            t.name_es,
            t.name_en,
            t.rate,
            t.kind,
            t.country,
            t.price_included,
            t.valid_from,
            t.valid_to,
            (t.valid_from is None or t.valid_from <= day)
            and (t.valid_to is None or t.valid_to >= day),
        )
        for t in rows
    ]
