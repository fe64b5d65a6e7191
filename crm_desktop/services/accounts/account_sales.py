"""An account's opportunities and quotes, for the 360° view's Sales tab."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models import Opportunity, Quote


@dataclass(frozen=True)
class AccountOpportunity:
    id: str
    name: str
    stage: str
    amount: Decimal
    currency: str
    probability: int
    expected_close: date | None


@dataclass(frozen=True)
class AccountQuote:
    id: str
    number: str
    revision: int
    status: str
    total: Decimal
    currency: str
    valid_until: date


def account_sales(
    session: Session, account_id: str, limit: int = 200
) -> tuple[list[AccountOpportunity], list[AccountQuote]]:
    """The account's live opportunities (open ones first, then by expected close) and quotes
    (newest first)."""
    opportunities = session.execute(
        select(Opportunity.id, Opportunity.name, Opportunity.stage, Opportunity.amount,
               Opportunity.currency, Opportunity.probability, Opportunity.expected_close)
        .where(Opportunity.account_id == account_id, Opportunity.deleted_at.is_(None))
        .order_by(Opportunity.closed_at.is_not(None), Opportunity.expected_close.desc())
        .limit(limit)
    ).all()  # fmt: skip
    quotes = session.execute(
        select(Quote.id, Quote.number, Quote.revision, Quote.status, Quote.total, Quote.currency,
               Quote.valid_until)
        .where(Quote.account_id == account_id, Quote.deleted_at.is_(None))
        .order_by(Quote.issued_on.desc(), Quote.number.desc())
        .limit(limit)
    ).all()  # fmt: skip
    return (
        [AccountOpportunity(*row) for row in opportunities],
        [AccountQuote(*row) for row in quotes],
    )
