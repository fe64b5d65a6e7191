"""Small valid inputs for tests: one place that knows what a good account looks like."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.models import Account, User
from crm_desktop.services.accounts.accounts import create_account
from crm_desktop.services.core import crud

GOOD_NIT = "900.123.456-8"
# An account created without consent makes no consent event (one outbox op, not two).
NO_CONSENT = {"consent_data_processing": False, "consent_data_processing_at": None}


def account_values(**overrides: Any) -> dict[str, Any]:
    return {
        "kind": "legal_entity",
        "roles": "prospect,customer",
        "legal_name": "Distribuciones Andina S.A.S.",
        "trade_name": "Andina",
        "tax_id_kind": "nit",
        "tax_id": GOOD_NIT,
        "economic_activity": "4651",
        "employee_count": 45,
        "city": "Bogotá",
        "region": "Cundinamarca",
        "address": "Calle 72 # 10-34",
        "phone": "601 3456789",
        "email": "compras@andina.com.co",
        "lifecycle_phase": "acquisition",
        "consent_data_processing": True,
        "consent_data_processing_at": at(2026, 1, 5),
    } | overrides


def make_user(session: Session, username: str = "jperez", **overrides: Any) -> User:
    return crud.create(
        session,
        User,
        {
            "username": username,
            "full_name": "Juana Pérez",
            "role": "rep",
            "quote_prefix": "JP",
        }
        | overrides,
    )


def make_account(session: Session, **overrides: Any) -> Account:
    return create_account(session, account_values(**overrides))


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)
