"""The quotes list as pages of plain rows: number, status, account, dates, total, e-mail state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from crm_desktop.models import Account, Quote
from crm_desktop.services.core.collation import contains
from crm_desktop.services.quotes.mail import latest_state_by_quote


@dataclass(frozen=True)
class QuoteRow:
    id: str
    number: str
    revision: int
    status: str
    account_id: str
    account_name: str
    issued_on: date
    valid_until: date
    currency: str
    total: Decimal
    mail_state: str | None
    sent_at: datetime | None = None  # its pricing places are those of when it was sent


def _query(text: str, status: str | None, owner_id: str | None) -> Select[tuple[Quote, str]]:
    query = (
        select(Quote, Account.legal_name)
        .join(Account, Account.id == Quote.account_id)
        .where(Quote.deleted_at.is_(None))
    )
    if status:
        query = query.where(Quote.status == status)
    if owner_id:
        query = query.where(Quote.owner_id == owner_id)
    words = text.strip()
    if words:
        query = query.where(or_(contains(Quote.number, words), contains(Account.legal_name, words)))
    return query


def count_quotes(
    session: Session, text: str = "", status: str | None = None, owner_id: str | None = None
) -> int:
    sub = _query(text, status, owner_id).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def list_quotes(
    session: Session,
    text: str = "",
    status: str | None = None,
    owner_id: str | None = None,
    offset: int = 0,
    limit: int = 100,
) -> list[QuoteRow]:
    """One page of quotes, newest first."""
    query = _query(text, status, owner_id).order_by(Quote.issued_on.desc(), Quote.number.desc())
    rows = session.execute(query.offset(offset).limit(limit)).all()
    mail = latest_state_by_quote(session, [quote.id for quote, _name in rows])
    return [
        QuoteRow(
            id=q.id,
            number=q.number,
            revision=q.revision,
            status=q.status,
            account_id=q.account_id,
            account_name=name,
            issued_on=q.issued_on,
            valid_until=q.valid_until,
            currency=q.currency,
            total=q.total,
            mail_state=mail.get(q.id),
            sent_at=q.sent_at,
        )
        for q, name in rows
    ]
