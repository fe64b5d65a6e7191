"""Market share: a manager's market sizes per city or segment and period against our accepted
sales there (net before tax, the market's days in the reps' time zone); bad sizes are refused."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy.orm import Session

from crm_desktop.clock import today
from crm_desktop.models import Quote, QuoteLine
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.reports.catalog import MANAGERS_ONLY, run_report
from crm_desktop.services.reports.market_share import market_rows, set_market_size
from crm_desktop.services.reports.report_data import Period
from tests.factories import make_user
from tests.services import sales_fixtures as fx


def _sold(s: Session, account: fx.Account, total: str, at: datetime) -> Quote:
    quote = fx.quote(s, account, "accepted", total, decided=at)
    line = {"quote_id": quote.id, "position": 1, "description": "Licencia", "quantity": D(1),
            "unit_price": D(total)}  # fmt: skip
    crud.create(s, QuoteLine, line)
    return quote


def test_our_sales_against_the_market_by_city_and_segment(session: Session, clock) -> None:
    day = today(clock, "America/Bogota")
    first = day.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    ana = make_user(session, "ana")
    bog = fx.account(session, ana.id, city="Bogotá", segment="small")
    med = fx.account(session, ana.id, city="Medellín", segment="small")
    noon = datetime.combine(first, time(17), UTC)  # noon in Bogotá on the month's first day
    _sold(session, bog, "1000000", noon)
    _sold(session, med, "3000000", noon)
    _sold(session, bog, "5000000", noon - timedelta(days=40))  # before the market's period
    month = {"starts_on": first, "ends_on": last}
    set_market_size(
        session, {"dimension": "city", "market_key": "Bogotá", "amount": D(10**7), **month}
    )
    set_market_size(
        session, {"dimension": "segment", "market_key": "small", "amount": D(8 * 10**6), **month}
    )
    session.flush()
    assert len(market_rows(session)) == 2

    report = run_report(session, "market_share", Period(first, last), None)
    rows = {r[0]: r for r in report.tables[0].rows}
    city, segment = rows["Bogotá (Ciudad)"], rows["Pequeña (Segmento)"]
    assert city[3:] == (D(10**7), D("1000000.00"), D("10.0"))
    assert segment[4:] == (D("4000000.00"), D("50.0"))
    assert "market_share" in MANAGERS_ONLY  # a rep's laptop holds no market sizes


def test_a_market_size_needs_a_place_a_period_and_an_amount(session: Session, clock) -> None:
    day = today(clock, "America/Bogota")
    with pytest.raises(ValidationError) as refused:
        bad = {"dimension": "country", "market_key": "", "amount": D(0), "starts_on": day}
        set_market_size(session, {**bad, "ends_on": day - timedelta(days=1)})
    assert set(refused.value.by_field("en")) == {"dimension", "market_key", "amount", "ends_on"}
