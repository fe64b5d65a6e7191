"""Quick rows for view tests: many accounts at once, visits, reminders and quotes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session
from stdnum.co import nit

from crm_desktop.clock import Clock, local_now
from crm_desktop.models import Account, Quote, Reminder, Visit


def valid_nit(number: int) -> str:
    """A valid NIT (with check digit) made from a 9-digit number."""
    base = f"{number:09d}"
    return base + nit.calc_check_digit(base)


def add_accounts(session: Session, count: int, **overrides: Any) -> list[str]:
    """count live accounts named "Cuenta 0001"…, without validation (for speed)."""
    ids = []
    for n in range(count):
        account = Account(
            kind="natural_person",
            roles="customer",
            legal_name=f"Cuenta {n:04d}",
            tax_id_kind="cc",
            tax_id=str(10_000_000 + n),
            city="Cali" if n % 2 else "Bogotá",
            lifecycle_phase="retention",
            **overrides,
        )
        session.add(account)
        ids.append(account.id)
    session.flush()
    return ids


def local_today_at(clock: Clock, hour: int, minute: int = 0) -> datetime:
    """Today (by the clock) at hour:minute in this machine's time zone, as an aware datetime."""
    now = local_now(clock)
    return now.replace(hour=hour, minute=minute, second=0, microsecond=0)


def add_visit(session: Session, account_id: str, owner_id: str, at: datetime, order: int) -> str:
    visit = Visit(
        account_id=account_id,
        owner_id=owner_id,
        planned_at=at,
        route_order=order,
        purpose=f"Visita {order}",
        status="planned",
    )
    session.add(visit)
    session.flush()
    return visit.id


def add_reminder(session: Session, owner_id: str, account_id: str, due: datetime) -> str:
    reminder = Reminder(owner_id=owner_id, account_id=account_id, due_at=due, title="Llamar")
    session.add(reminder)
    session.flush()
    return reminder.id


def add_quote(session: Session, account_id: str, owner_id: str, valid_until: date) -> str:
    quote = Quote(
        number="JP-0001",
        account_id=account_id,
        owner_id=owner_id,
        status="sent",
        issued_on=valid_until - timedelta(days=30),
        valid_until=valid_until,
        total=Decimal("1250000"),
    )
    session.add(quote)
    session.flush()
    return quote.id
