"""The product costs tab: a manager adds a cost period, is told in words when it overlaps
another, and ends one; a rep whose laptop holds no costs does not see the tab's rows at all.
The market sizes tab: a manager enters a market (a bad period refused in words) and the market
share report reads it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm_desktop.clock import today
from crm_desktop.models import Product, ProductCost
from crm_desktop.services.core import crud
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.qtime import qdate
from crm_desktop.views.settings.costs_tab import CostsTab
from tests.factories import make_user
from tests.views.test_reports_page import WAIT

CLICK = Qt.MouseButton.LeftButton


def _tab(qtbot: QtBot, ctx: AppContext) -> tuple[CostsTab, bool]:
    tab = CostsTab(ctx)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.loaded, timeout=WAIT) as seen:
        tab.show()
    return tab, bool(seen.args[0])


def test_a_manager_sets_a_cost_for_a_period_and_ends_it(qtbot: QtBot, ctx: AppContext) -> None:
    day = today(ctx.clock)
    with ctx.database.sessions() as s, s.begin():
        product = crud.create(s, Product, {"code": "SOP", "name": "Soporte", "unit": "unidad"})
    tab, visible = _tab(qtbot, ctx)
    assert visible and tab.product.currentText() == "SOP — Soporte"
    tab.set_editable(True)  # the settings page does it for a signed-in manager
    tab.amount.setText("400,000")
    tab.valid_from.setDate(qdate(day))
    qtbot.mouseClick(tab.add_button, CLICK)
    qtbot.waitUntil(lambda: tab.costs.rowCount() == 1, timeout=WAIT)
    assert [tab.costs.index(0, c).data() for c in (1, 3)] == ["COP\xa0400,000", "—"]

    tab.amount.setText("450,000")  # an open period already covers next month
    tab.valid_from.setDate(qdate(day + timedelta(days=30)))
    qtbot.mouseClick(tab.add_button, CLICK)
    qtbot.waitUntil(lambda: "covers part of this period" in tab.message.text(), timeout=WAIT)

    tab.table.selectRow(0)  # end the first on the day before, then the new one fits
    tab.end_day.setDate(qdate(day + timedelta(days=29)))
    qtbot.mouseClick(tab.end_button, CLICK)
    qtbot.waitUntil(lambda: tab.costs.index(0, 3).data() != "…", timeout=WAIT)
    qtbot.mouseClick(tab.add_button, CLICK)
    qtbot.waitUntil(lambda: tab.costs.rowCount() == 2, timeout=WAIT)
    with ctx.database.sessions() as s:
        costs = s.query(ProductCost).filter_by(product_id=product.id).all()
        assert sorted(c.unit_cost for c in costs) == [D(400000), D(450000)]


def test_a_rep_who_may_not_see_costs_gets_none(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.database.sessions() as s, s.begin():
        ctx.user_id = make_user(s, "beto", full_name="Beto Paz").id  # a rep; no costs held
        crud.create(s, Product, {"code": "SOP", "name": "Soporte", "unit": "unidad"})
    tab, visible = _tab(qtbot, ctx)
    assert not visible and tab.costs.rowCount() == 0 and tab.product.count() == 0
    assert not tab.editors.isVisibleTo(tab)


def test_a_manager_enters_a_market_size_and_the_share_report_uses_it(
    qtbot: QtBot, ctx: AppContext
) -> None:
    from crm_desktop.services.reports.catalog import run_report
    from crm_desktop.services.reports.report_data import Period
    from crm_desktop.views.settings.market_tab import MarketTab

    day = today(ctx.clock)
    tab = MarketTab(ctx)
    qtbot.addWidget(tab)
    tab.set_editable(True)
    tab.show()
    tab.key.setEditText("Cali")
    qtbot.mouseClick(tab.add_button, CLICK)  # no amount: the message names the field
    qtbot.waitUntil(lambda: tab.message.text().startswith("Market size: "), timeout=WAIT)
    tab.ends_on.setDate(qdate(day - timedelta(days=1)))  # before the start: refused in words
    tab.amount.setText("50,000,000")
    qtbot.mouseClick(tab.add_button, CLICK)
    qtbot.waitUntil(lambda: "Until: " in tab.message.text(), timeout=WAIT)
    assert "before the start" in tab.message.text()
    tab.ends_on.setDate(qdate(day + timedelta(days=30)))
    qtbot.mouseClick(tab.add_button, CLICK)
    qtbot.waitUntil(lambda: tab.markets.rowCount() == 1, timeout=WAIT)
    assert tab.markets.index(0, 3).data() == "COP\xa050,000,000"
    with ctx.database.sessions() as s:
        report = run_report(s, "market_share", Period(day, day + timedelta(days=30)), None)
    assert [r[3:] for r in report.tables[0].rows] == [(D(5 * 10**7), D(0), D(0))]
