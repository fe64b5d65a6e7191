"""Costs and margin: cost periods, the cost a line freezes, margins, the profitability report."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from crm_desktop.clock import FixedClock, today
from crm_desktop.i18n import gettext
from crm_desktop.models import Account, Product, ProductCost, Quote, QuoteLine, Tax
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.quotes.costs import (
    apply_minimum_margin,
    line_margin,
    may_see_costs,
    minimum_prices,
    quote_margin,
    set_product_cost,
)
from crm_desktop.services.quotes.quote_status import accept_quote, send_quote
from crm_desktop.services.quotes.quotes import add_line, create_quote, update_line
from crm_desktop.services.reports.catalog import MANAGERS_ONLY, REPORTS, run_report
from crm_desktop.services.reports.reports import Period, period_of
from tests.factories import make_account, make_user
from tests.services import sales_fixtures as sales


def _product(session: Session, code: str, line: str | None = "Licencias") -> Product:
    values = {"code": code, "name": f"Producto {code}", "unit": "unidad", "product_line": line}
    return crud.create(session, Product, values)


def _item(product: Product, qty: str = "1", price: str = "1000", **more: object) -> dict:
    return {"product_id": product.id, "quantity": D(qty), "unit_price": D(price)} | more


def test_cost_periods_of_a_product_may_not_overlap(session: Session, clock: FixedClock) -> None:
    p = _product(session, "P-1")
    day = today(clock)
    set_product_cost(session, p.id, D("600"), day - timedelta(days=30), day)
    with pytest.raises(ValidationError) as caught:
        set_product_cost(session, p.id, D("650"), day, None)
    assert [(x.field, x.code) for x in caught.value.problems] == [("valid_from", "overlap")]
    later = set_product_cost(session, p.id, D("650"), day + timedelta(days=1), None)
    assert later.unit_cost == D("650")
    with pytest.raises(ValidationError) as caught:
        set_product_cost(session, p.id, D("-1"), date(2000, 1, 1), date(2000, 1, 2))
    assert [x.code for x in caught.value.problems] == ["too_small"]


def test_a_line_freezes_the_cost_valid_on_the_quote_date(
    session: Session, clock: FixedClock
) -> None:
    day = today(clock)
    p, other = _product(session, "P-1"), _product(session, "P-2")
    set_product_cost(session, p.id, D("500"), None, day - timedelta(days=1))
    current = set_product_cost(session, p.id, D("600"), day, None)
    set_product_cost(session, other.id, D("80"), None, None)
    quote = create_quote(session, make_account(session).id, currency="COP")
    line = add_line(session, quote.id, _item(p, "2"))
    assert line.unit_cost == D("600")  # today's period, not yesterday's
    crud.update(session, ProductCost, current.id, {"unit_cost": D("900")})  # a manager's fix
    assert update_line(session, line.id, {"quantity": D(3)}).unit_cost == D("600")
    assert update_line(session, line.id, {"product_id": other.id}).unit_cost == D("80")
    free_text = add_line(session, quote.id, {"description": "Servicio", "unit_price": D(9)})
    assert free_text.unit_cost is None


def test_a_foreign_currency_quote_freezes_the_peso_cost_at_its_rate(
    session: Session,
) -> None:
    p = _product(session, "P-1")
    set_product_cost(session, p.id, D("8000"), None, None)
    quote = create_quote(session, make_account(session).id, currency="USD", exchange_rate=D("4000"))
    assert add_line(session, quote.id, _item(p, price="5")).unit_cost == D("2")


def test_a_laptop_without_costs_freezes_none(session: Session) -> None:
    p = _product(session, "P-1")  # a rep's laptop: the server never sent product_costs
    quote = create_quote(session, make_account(session).id, currency="COP")
    assert add_line(session, quote.id, _item(p)).unit_cost is None


def test_margins_of_lines_and_quotes() -> None:
    line = line_margin(D("1000"), D("2"), D("300"))
    assert line is not None and (line.cost, line.margin, line.pct) == (
        D("600"),
        D("400"),
        D("40.0"),
    )
    assert line_margin(D("1000"), D("2"), None) is None
    quote = quote_margin([(D("1000"), D("2"), D("300")), (D("500"), D("1"), None)])
    assert (quote.revenue, quote.cost, quote.pct, quote.without_cost) == (
        D("1000"), D("600"), D("40.0"), 1,
    )  # fmt: skip
    assert quote_margin([]).pct is None


def test_managers_see_costs_reps_do_not(session: Session) -> None:
    rep = make_user(session, "rep1")
    boss = make_user(session, "boss", role="manager", quote_prefix="BO")
    assert not may_see_costs(session, rep.id)
    assert may_see_costs(session, boss.id) and may_see_costs(session, None)
    assert "profitability" in REPORTS and "profitability" in MANAGERS_ONLY


def _accepted(session: Session, account_id: str, lines: list[dict], **header: object) -> str:
    owner = session.get(Account, account_id).owner_id  # type: ignore[union-attr]
    quote = create_quote(session, account_id, currency="COP", owner_id=owner, **header)
    for values in lines:
        add_line(session, quote.id, values)
    send_quote(session, quote.id)
    accept_quote(session, quote.id)
    return quote.id


def test_profitability_by_rep_line_and_quarter(session: Session, clock: FixedClock) -> None:
    ana = make_user(session, "ana", full_name="Ana Gómez", quote_prefix="AG")
    beto = make_user(session, "beto", full_name="Beto Ruiz", quote_prefix="BR")
    lic, svc = _product(session, "LIC"), _product(session, "SVC", line="Servicios")
    nocost = _product(session, "NC", line=None)
    set_product_cost(session, lic.id, D("600"), None, None)
    a = sales.account(session, ana.id, legal_name="Alfa S.A.S.")
    b = sales.account(session, beto.id, legal_name="Beta S.A.S.")
    # Ana: 2 x 1000 with 10 % off = 1800 net, cost 1200 frozen; then the cost doubles for svc.
    _accepted(session, a.id, [_item(lic, "2", discount_pct=D(10))])
    set_product_cost(session, svc.id, D("100"), None, None)
    # Beto's line was made on a laptop without costs: the report finds svc's cost on the date.
    qb = _accepted(session, b.id, [_item(svc, "4", "250"), _item(nocost, "1", "700")],
                   global_discount_pct=D(0))  # fmt: skip
    svc_line = session.query(QuoteLine).filter_by(quote_id=qb, product_id=svc.id).one()
    assert svc_line.unit_cost == D("100")
    svc_line.unit_cost = None  # as a rep's laptop makes it
    session.flush()
    draft = create_quote(session, a.id, currency="COP")  # not accepted: not revenue
    add_line(session, draft.id, _item(lic, "100"))
    report = run_report(
        session, "profitability", period_of("quarter", today(clock, "America/Bogota")), None
    )
    reps = {r[0]: r[1:] for r in report.table("rep").rows}
    assert reps["Ana Gómez"] == (D("1800.00"), D("1200.00"), D("600.00"), D("33.3"), D("0.00"))
    assert reps["Beto Ruiz"] == (D("1700.00"), D("400.00"), D("600.00"), D("60.0"), D("700.00"))
    lines = {r[0]: r[1:4] for r in report.table("line").rows}
    assert lines["Licencias"] == (D("1800.00"), D("1200.00"), D("600.00"))
    assert lines["Servicios"] == (D("1000.00"), D("400.00"), D("600.00"))
    assert lines[gettext("(no product line)")] == (D("700.00"), D("0.00"), D("0.00"))
    total = report.table("rep").totals
    assert total is not None and total[1:5] == (D("3500.00"), D("1600.00"), D("1200.00"),
                                                D("42.9"))  # fmt: skip
    [quarter] = report.table("quarter").rows
    assert quarter[1] == D("3500.00")
    customers = {r[0] for r in report.table("customer").rows}
    assert customers == {"Alfa S.A.S.", "Beta S.A.S."}
    only_ana = run_report(
        session, "profitability", period_of("quarter", today(clock, "America/Bogota")), ana.id
    )
    assert [r[0] for r in only_ana.table("rep").rows] == ["Ana Gómez"]
    earlier = period_of("quarter", today(clock, "America/Bogota") - timedelta(days=120))
    assert run_report(session, "profitability", earlier, None).table("rep").rows == ()


def test_price_included_tax_and_global_discount_leave_the_revenue(
    session: Session, clock: FixedClock
) -> None:
    p = _product(session, "P-1")
    set_product_cost(session, p.id, D("50"), None, None)
    included = session.query(Tax).filter_by(price_included=True).first()
    assert included is not None
    acc = make_account(session)
    _accepted(session, acc.id, [_item(p, "1", "1210", tax_category=included.code)],
              global_discount_pct=D(10))  # fmt: skip
    report = run_report(
        session,
        "profitability",
        Period(today(clock, "America/Bogota"), today(clock, "America/Bogota")),
        None,
    )
    [row] = report.table("line").rows
    base = (D(1210) / (1 + included.rate)).quantize(D("0.01"))
    assert abs(row[1] - base * D("0.9")) <= D("0.01") and row[2] == D("50.00")


def test_minimum_prices_follow_the_cost_and_the_managers_margin(
    session: Session, clock: FixedClock
) -> None:
    day = today(clock)
    p, no_cost = _product(session, "P-1"), _product(session, "P-2")
    set_product_cost(session, p.id, D("700"), None, None)
    assert apply_minimum_margin(session, D(30), day) == 1  # only the product with a cost
    assert session.get(Product, p.id).min_price == D(1000)  # type: ignore[union-attr]
    assert session.get(Product, no_cost.id).min_price is None  # type: ignore[union-attr]
    assert apply_minimum_margin(session, D(30), day) == 0  # nothing changed, nothing pushed
    quote = create_quote(session, make_account(session).id, currency="USD", exchange_rate=D(4))
    assert minimum_prices(session, quote) == {p.id: D(250)}
    with pytest.raises(ValidationError) as caught:
        apply_minimum_margin(session, D(100), day)
    assert caught.value.problems[0].code == "out_of_range"


def test_quarters_are_the_reps_local_ones(session: Session) -> None:
    p = _product(session, "P-1")
    set_product_cost(session, p.id, D("10"), None, None)
    acc = make_account(session)
    late = _accepted(session, acc.id, [_item(p, "1", "100")])
    early = _accepted(session, acc.id, [_item(p, "1", "300")])
    # 20:00 on 31 December in Bogotá is already 1 January in UTC; 01:00 on 1 January is not.
    for quote_id, moment in ((late, datetime(2027, 1, 1, 1, tzinfo=UTC)),
                             (early, datetime(2027, 1, 1, 6, tzinfo=UTC))):  # fmt: skip
        session.execute(update(Quote).where(Quote.id == quote_id).values(decided_at=moment))
    period = Period(date(2026, 10, 1), date(2027, 3, 31))
    rows = run_report(session, "profitability", period, None).table("quarter").rows
    assert [(r[0], r[1]) for r in rows] == [("2026 T4", D("100.00")), ("2027 T1", D("300.00"))]
