"""What campaigns return: attribution (first or last touch within the window), won revenue and
margin from frozen costs, ROI %, cost per response and per won customer, side by side."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from sqlalchemy.orm import Session

from crm_desktop.clock import FixedClock, today
from crm_desktop.documents.report_export import ExportInfo, to_csv, to_pdf, to_xlsx
from crm_desktop.models import Account, AccountProduct, Product
from crm_desktop.services.campaigns import campaigns as C
from crm_desktop.services.campaigns.attribution import Touch, owed_to
from crm_desktop.services.campaigns.roi import campaign_returns
from crm_desktop.services.campaigns.roi_report import roi_report
from crm_desktop.services.campaigns.targets import Filter
from crm_desktop.services.core import crud
from crm_desktop.services.pipeline.pipeline import create_opportunity
from crm_desktop.services.quotes.costs import set_product_cost
from crm_desktop.services.quotes.quote_status import accept_quote, send_quote
from crm_desktop.services.quotes.quotes import add_line, create_quote
from crm_desktop.services.reports.catalog import MANAGERS_ONLY, REPORTS, run_report
from crm_desktop.services.reports.reports import period_of
from tests.factories import make_account, make_user

YES = {"consent_marketing": True}


def _product(session: Session, code: str, cost: str) -> Product:
    p = crud.create(session, Product, {"code": code, "name": code, "unit": "unidad"})
    set_product_cost(session, p.id, D(cost), None, None)
    return p


def _campaign(session: Session, clock: FixedClock, name: str, **more: object) -> str:
    day = today(clock)
    values = {"name": name, "channels": "call", "starts_on": day - timedelta(days=5),
              "ends_on": day + timedelta(days=60), "status": "active"} | more  # fmt: skip
    return C.create_campaign(session, values).id


def _sell(session: Session, account: Account, product: Product, qty: str, price: str) -> str:
    quote = create_quote(session, account.id, currency="COP", owner_id=account.owner_id)
    add_line(session, quote.id, {"product_id": product.id, "quantity": D(qty),
                                 "unit_price": D(price)})  # fmt: skip
    send_quote(session, quote.id)
    accept_quote(session, quote.id)
    return quote.id


def test_a_cross_sell_campaign_whose_member_buys_shows_its_return(
    session: Session, clock: FixedClock
) -> None:
    rep = make_user(session)
    lic, sop = _product(session, "LIC", "600"), _product(session, "SOP", "300")
    buyer = make_account(session, owner_id=rep.id, **YES)
    person = {"kind": "natural_person", "tax_id_kind": "cc", "tax_id": "52111222"}
    quiet = make_account(session, legal_name="Callada", owner_id=rep.id, **person, **YES)
    for acc in (buyer, quiet):
        crud.create(session, AccountProduct, {"account_id": acc.id, "product_id": lic.id})
    cross = _campaign(session, clock, "Soporte a clientes de licencias")
    C.save_filter(session, cross, Filter(owns=(lic.id,), not_owns=(sop.id,)))
    assert len(C.fill(session, cross).account_ids) == 2
    C.add_cost(session, cross, {"spent_on": today(clock), "amount": D("100000")})
    other = _campaign(session, clock, "Feria")  # no members, no cost: zeros, no division
    sold_before = _sell(session, buyer, sop, "1", "999")  # before any touch: not the campaign's

    member = C.member_of(session, cross, buyer.id)
    assert member is not None
    clock.advance(timedelta(days=1))
    C.record_response(session, member.id, "call", "interested")
    quiet_member = C.member_of(session, cross, quiet.id)
    C.mark_reached(session, quiet_member.id)  # type: ignore[union-attr]
    clock.advance(timedelta(days=2))
    create_opportunity(session, {"account_id": buyer.id, "name": "Soporte", "amount": D(500000)})
    _sell(session, buyer, sop, "10", "50000")  # 500,000 revenue, 3,000 cost -> 497,000 margin

    [ret, none] = campaign_returns(session, [cross, other, "no-such-id"])
    assert (ret.members, ret.reached, ret.responded) == (2, 2, 1)
    assert (ret.opportunities, ret.won_quotes, ret.won_customers) == (1, 1, 1)
    assert (ret.cost, ret.revenue, ret.margin) == (D("100000.00"), D("500000.00"), D("497000.00"))
    assert ret.roi_pct == D("397.0")
    assert ret.cost_per_response == D("100000.00") == ret.cost_per_won_customer
    assert (none.cost, none.members, none.roi_pct, none.cost_per_response) == (0, 0, None, None)
    assert sold_before  # it exists, and was left out above

    report = roi_report(session, [cross, other])
    table = report.table("campaigns")
    assert table.column("campaign") == ["Soporte a clientes de licencias", "Feria"]
    assert table.column("roi_pct") == [D("397.0"), None]
    assert table.totals is not None and table.totals[1] == D("100000.00")
    assert report.chart is not None and report.chart.table == "campaigns"
    assert "campaign_roi" in REPORTS and "campaign_roi" in MANAGERS_ONLY
    info = ExportInfo("Todos", today(clock))
    csv = to_csv(report, info, "es")
    assert "Soporte a clientes de licencias" in csv and "397" in csv
    assert to_pdf(report, info, "es").startswith(b"%PDF")
    assert to_xlsx(report, info, "es")[:2] == b"PK"
    by_period = run_report(session, "campaign_roi", period_of("quarter", today(clock)), None)
    assert set(by_period.table("campaigns").column("campaign")) == {
        "Soporte a clientes de licencias", "Feria",
    }  # fmt: skip


def test_first_or_last_touch_within_the_window_decides_the_campaign() -> None:
    d = date(2026, 3, 1)
    early = Touch("early", d, timedelta(days=30), "first_touch")
    late = Touch("late", d + timedelta(days=10), timedelta(days=30), "first_touch")
    assert owed_to([early, late], d + timedelta(days=20)) == "early"
    assert owed_to([early, late], d + timedelta(days=35)) == "late"  # early's window is over
    assert owed_to([early, late], d - timedelta(days=1)) is None  # before any touch
    last = Touch("late", d + timedelta(days=10), timedelta(days=30), "last_touch")
    assert owed_to([early, last], d + timedelta(days=20)) == "late"
