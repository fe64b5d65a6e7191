"""Money stays exact, times stay UTC, ids are time-ordered UUIDv7."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import text

from crm_desktop.database import Database
from crm_desktop.models import Opportunity, Visit
from crm_desktop.models.ids import uuid7
from crm_desktop.services.core.crud import unit_of_work
from tests.factories import make_account


def test_decimal_round_trips_exactly_and_sums_in_sql(database: Database) -> None:
    with unit_of_work(database.sessions) as s:
        account = make_account(s)
        for amount in ("0.1", "0.2", "1250000.55"):
            s.add(Opportunity(account_id=account.id, name="x", amount=Decimal(amount)))
    with database.sessions() as s:
        amounts = sorted(o.amount for o in s.query(Opportunity))
        total = s.execute(text("SELECT sum(amount) FROM opportunities")).scalar_one()
    assert amounts == [Decimal("0.1"), Decimal("0.2"), Decimal("1250000.55")]
    assert Decimal(total).scaleb(-4) == Decimal("1250000.85")


def test_float_money_is_refused(database: Database) -> None:
    with pytest.raises(Exception, match="Decimal"), unit_of_work(database.sessions) as s:
        account = make_account(s)
        s.add(Opportunity(account_id=account.id, name="x", amount=0.1))


def test_times_are_stored_utc_and_come_back_aware(database: Database) -> None:
    bogota = timezone(timedelta(hours=-5))
    local = datetime(2026, 3, 1, 9, 30, tzinfo=bogota)
    with unit_of_work(database.sessions) as s:
        account = make_account(s)
        visit = Visit(account_id=account.id, planned_at=local)
        s.add(visit)
    with database.sessions() as s:
        stored = s.get_one(Visit, visit.id).planned_at
    assert stored == local and stored.utcoffset() == timedelta(0) and stored.hour == 14


def test_naive_datetime_is_refused(database: Database) -> None:
    with pytest.raises(Exception, match="naive"), unit_of_work(database.sessions) as s:
        account = make_account(s)
        s.add(Visit(account_id=account.id, planned_at=datetime(2026, 3, 1, 9)))


def test_uuid7_is_version_7_and_ordered() -> None:
    ids = [uuid7() for _ in range(5000)]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in ids)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
