"""Small sales histories for the follow-up, RFM and report tests."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session
from stdnum.co import nit

from crm_desktop.models import Account, Activity, Opportunity, Product, Quote, QuoteLine, Visit
from crm_desktop.services.core import crud
from tests.factories import make_account

_numbers = itertools.count(1)


def nit_for(n: int) -> str:
    base = str(800_000_000 + n)
    return base + nit.calc_check_digit(base)


def account(session: Session, owner: str | None, **values: Any) -> Account:
    n = next(_numbers)
    defaults: dict[str, Any] = {"legal_name": f"Cuenta {n} S.A.S.", "tax_id": nit_for(n)}
    if values.get("kind") == "natural_person":
        defaults = {"legal_name": f"Persona {n}", "tax_id_kind": "cc", "tax_id": str(10_000 + n)}
    return make_account(session, owner_id=owner, **(defaults | values))


def quote(
    session: Session,
    account: Account,
    status: str,
    total: str,
    *,
    sent: datetime | None = None,
    decided: datetime | None = None,
    currency: str = "COP",
    rate: str = "1",
    reason: str | None = None,
    valid_until: date | None = None,
    opportunity: Opportunity | None = None,
) -> Quote:
    issued = (sent or decided or datetime(2026, 1, 1)).date()
    return crud.create(
        session,
        Quote,
        {
            "number": f"T-{next(_numbers):05d}",
            "account_id": account.id,
            "owner_id": account.owner_id,
            "opportunity_id": opportunity.id if opportunity else None,
            "status": status,
            "currency": currency,
            "exchange_rate": Decimal(rate),
            "issued_on": issued,
            "valid_until": valid_until or date(issued.year + 1, 1, 1),
            "total": Decimal(total),
            "sent_at": sent,
            "decided_at": decided,
            "rejection_reason": reason,
        },
    )


def opportunity(
    session: Session,
    account: Account,
    stage: str,
    amount: str,
    *,
    closed: datetime | None = None,
    created: datetime | None = None,
    expected: date | None = None,
    probability: int | None = None,
    reason: str | None = None,
) -> Opportunity:
    from crm_desktop.models.enums import STAGE_PROBABILITY, OpportunityStage

    opp = crud.create(
        session,
        Opportunity,
        {
            "account_id": account.id,
            "owner_id": account.owner_id,
            "name": f"Oportunidad {next(_numbers)}",
            "stage": stage,
            "amount": Decimal(amount),
            "probability": probability
            if probability is not None
            else STAGE_PROBABILITY[OpportunityStage(stage)],
            "expected_close": expected,
            "closed_at": closed,
            "lost_reason": reason,
        },
    )
    if created is not None:  # bypassing the ORM, which stamps updated_at with the real time
        stamp = {"created_at": created, "updated_at": created}
        session.execute(update(Opportunity).where(Opportunity.id == opp.id).values(stamp))
        session.expire(opp)
    return opp


def visit(
    session: Session, account: Account, at: datetime, status: str = "done", **values: Any
) -> Visit:
    return crud.create(
        session,
        Visit,
        {"account_id": account.id, "owner_id": account.owner_id, "planned_at": at, "status": status}
        | values,
    )


def call(session: Session, account: Account, at: datetime) -> Activity:
    return crud.create(
        session,
        Activity,
        {
            "account_id": account.id,
            "owner_id": account.owner_id,
            "kind": "call",
            "occurred_at": at,
            "call_result": "answered",
        },
    )


def product(session: Session, code: str, licence: bool = False) -> Product:
    return crud.create(
        session,
        Product,
        {"code": code, "name": f"Producto {code}", "unit": "unidad", "is_license": licence},
    )


def line(session: Session, quote: Quote, product: Product) -> QuoteLine:
    return crud.create(
        session,
        QuoteLine,
        {"quote_id": quote.id, "position": 1, "product_id": product.id, "unit_price": Decimal(1)},
    )
