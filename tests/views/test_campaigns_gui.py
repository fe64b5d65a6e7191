"""A cross-sell campaign from its filter to its return, as the program shows it: a manager plans
it on the Campaigns page (plan, cost, target list from a filter, e-mail through the outbox); the
member is a campaign task on the rep's Today; the member's response is recorded on the page; once
the member buys, the page's Return tab shows the ROI and the Reports page compares it with
another campaign, exportable."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from crm_desktop.clock import today
from crm_desktop.models import AccountProduct, Product
from crm_desktop.models.mail import MailMessage
from crm_desktop.services.campaigns import campaigns as C
from crm_desktop.services.core import crud
from crm_desktop.services.quotes.costs import set_product_cost
from crm_desktop.services.quotes.quote_status import accept_quote, send_quote
from crm_desktop.services.quotes.quotes import add_line, create_quote
from crm_desktop.views.campaigns.campaigns import CampaignsPage
from crm_desktop.views.campaigns.target_tab import check
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.qtime import qdate
from crm_desktop.views.today.today import TodayPage
from tests.factories import make_user
from tests.services import sales_fixtures as fx
from tests.views.test_reports_page import WAIT, choose, show_page

YES = {"consent_marketing": True, "email": "compras@textiles.example"}
CLICK = Qt.MouseButton.LeftButton


def _data(ctx: AppContext) -> dict[str, str]:
    day = today(ctx.clock)
    with ctx.database.sessions() as s, s.begin():
        ana = make_user(s, "ana", full_name="Ana Ríos")
        lic, sop = (
            crud.create(s, Product, {"code": c, "name": n, "unit": "unidad"})
            for c, n in (("LIC", "Licencia"), ("SOP", "Soporte anual"))
        )
        set_product_cost(s, sop.id, D(400000), None)
        buyer = fx.account(s, ana.id, legal_name="Textiles del Valle S.A.S.", **YES)
        fx.account(s, ana.id, legal_name="Sin permiso S.A.S.")  # no marketing consent
        for account in s.query(fx.Account).all():
            crud.create(s, AccountProduct, {"account_id": account.id, "product_id": lic.id})
        window = {"starts_on": day - timedelta(days=1), "ends_on": day + timedelta(days=40)}
        fair = C.create_campaign(s, {"name": "Feria", "channels": "event", **window}).id
        C.add_cost(s, fair, {"spent_on": day, "amount": D(300000)})
        return {"ana": ana.id, "buyer": buyer.id, "lic": lic.id, "sop": sop.id}


def _plan_on_the_page(
    qtbot: QtBot, page: CampaignsPage, ids: dict[str, str], monkeypatch: Any
) -> None:
    day = today(page.ctx.clock)
    qtbot.mouseClick(page.new_button, CLICK)
    plan = page.plan
    plan.name.setText("Soporte para clientes de licencias")
    plan.channels["visit"].setChecked(False)
    plan.channels["call"].setChecked(True)
    plan.channels["email"].setChecked(True)
    plan.starts_on.setDate(qdate(day - timedelta(days=1)))
    plan.ends_on.setDate(qdate(day - timedelta(days=2)))  # before the start: refused, in words
    plan.budget.setText("800000")
    plan.status.setCurrentIndex(plan.status.findData("active"))
    qtbot.mouseClick(plan.save_button, CLICK)
    qtbot.waitUntil(lambda: plan.errors.text_of("ends_on") != "", timeout=WAIT)
    assert page.current_id is None  # nothing half-saved
    plan.ends_on.setDate(qdate(day + timedelta(days=40)))
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.mouseClick(plan.save_button, CLICK)
    plan.cost_amount.setText("500000")
    plan.cost_what.setText("Llamadas")
    qtbot.mouseClick(plan.add_cost_button, CLICK)
    qtbot.waitUntil(lambda: plan.costs.rowCount() == 1, timeout=WAIT)

    targets = page.targets
    qtbot.waitUntil(lambda: targets.owns.count() == 2, timeout=WAIT)  # the products are read
    check(targets.owns, ids["lic"])
    check(targets.not_owns, ids["sop"])
    with qtbot.waitSignal(page.targets_found, timeout=WAIT) as found:
        qtbot.mouseClick(targets.preview_button, CLICK)
    assert found.args[0].matched == 2 and found.args[0].left_out == {"no_marketing_consent": 1}
    assert "1 without marketing consent" in targets.summary.text()
    with qtbot.waitSignal(page.targets_found, timeout=WAIT):
        qtbot.mouseClick(targets.fill_button, CLICK)
    assert targets.summary.text().startswith("1 member added.")
    qtbot.waitUntil(lambda: page.members.members.rowCount() == 1, timeout=WAIT)

    page.mail.subject.setText("{contact}: soporte para su licencia")
    page.mail.body.setPlainText("Hola {contact}, la oferta vence el {ends_on}.")
    qtbot.mouseClick(page.mail.save_button, CLICK)
    qtbot.waitUntil(lambda: page.mail.result.text() == "E-mail saved.", timeout=WAIT)
    asked: list[str] = []

    def answer(parent: object, title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(title)  # the e-mail leaves to clients: the page asks first
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    with monkeypatch.context() as patched:
        patched.setattr(QMessageBox, "question", answer)
        qtbot.mouseClick(page.mail.send_button, CLICK)  # "No": nothing queued
        with qtbot.waitSignal(page.mail_queued, timeout=WAIT) as sent:
            qtbot.mouseClick(page.mail.send_button, CLICK)
    assert len(asked) == 2 and sent.args[0].queued == 1


def _buy(ctx: AppContext, ids: dict[str, str]) -> None:
    with ctx.database.sessions() as s, s.begin():
        quote = create_quote(s, ids["buyer"], owner_id=ids["ana"], currency="COP")
        line = {"product_id": ids["sop"], "quantity": D(2), "unit_price": D(10**6)}
        add_line(s, quote.id, line)
        send_quote(s, quote.id)
        accept_quote(s, quote.id)


def test_a_cross_sell_campaign_from_filter_to_roi(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: Any
) -> None:
    ids = _data(ctx)
    page = CampaignsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    _plan_on_the_page(qtbot, page, ids, monkeypatch)
    with ctx.database.sessions() as s:
        mail = s.query(MailMessage).one()
        assert mail.to_addrs == YES["email"] and "Textiles del Valle" in mail.subject

    ctx.user_id = ids["ana"]  # the rep's Today: the member is contacted, not yet responded
    today_page = TodayPage(ctx)
    qtbot.addWidget(today_page)
    today_page.show()
    qtbot.waitUntil(lambda: today_page.campaign_tasks.rowCount() == 1, timeout=WAIT)
    tasks = today_page.campaign_tasks
    assert [tasks.index(0, c).data() for c in range(3)] == [
        "Soporte para clientes de licencias", "Textiles del Valle S.A.S.", "Contacted"]  # fmt: skip
    ctx.user_id = None

    members = page.members
    members.table.selectRow(0)
    members.kind.setCurrentIndex(members.kind.findData("call"))
    members.outcome.setCurrentIndex(members.outcome.findData("interested"))
    qtbot.mouseClick(members.response_button, CLICK)
    qtbot.waitUntil(lambda: members.members.index(0, 2).data() == "Responded", timeout=WAIT)
    assert members.members.index(0, 3).data() == "Call · Interested"
    _buy(ctx, ids)
    page._load_current()
    # 2,000,000 won at a cost of 800,000: margin 1,200,000; campaign cost 500,000: ROI 140 %.
    roi = page.returns.figures["roi"]
    qtbot.waitUntil(lambda: roi.text().startswith("140"), timeout=WAIT)
    assert page.returns.figures["margin"].text() == "COP\xa01,200,000"
    assert page.returns.figures["won"].text() == "1"

    reports = show_page(qtbot, ctx)  # the manager compares campaigns
    choose(qtbot, reports, "campaign_roi")
    table = reports.reports.models[0]
    rows = {
        table.data(table.index(r, 0)): [
            table.data(table.index(r, c)) for c in range(table.columnCount())
        ]
        for r in range(table.rowCount())
    }
    cross = rows["Soporte para clientes de licencias"]
    assert cross[1] == "COP\xa0500,000" and cross[2].startswith("140")
    assert cross[3] == "COP\xa02,000,000" and cross[4] == "COP\xa01,200,000"
    assert cross[5:10] == ["1", "1", "1", "0", "1"]  # members, reached, responded, opps, won
    fair = rows["Feria"]  # spent 300,000, nothing back: -100 %, and no cost per response
    assert fair[2].startswith("-100") and fair[10] in ("", "—") and fair[11] in ("", "—")
    assert reports.reports.chart.chart().series()
    target = tmp_path / "roi.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(reports.reports.exported, timeout=WAIT):
        qtbot.mouseClick(reports.reports.export_buttons["xlsx"], CLICK)
    book = openpyxl.load_workbook(target)
    cells = [c for sheet in book for r in sheet.iter_rows(values_only=True) for c in r]
    assert "Soporte para clientes de licencias" in cells and 1200000 in cells


def test_a_rep_sees_the_plan_read_only_and_is_told_why(qtbot: QtBot, ctx: AppContext) -> None:
    ids = _data(ctx)
    page = CampaignsPage(dataclasses.replace(ctx, user_id=ids["ana"]))
    qtbot.addWidget(page)
    page.show()
    plan = page.plan
    assert plan.read_only_note.isVisible() and plan.name.isReadOnly()
    assert not plan.save_button.isVisible() and not plan.cost_day.isVisible()
    assert not plan.starts_on.isEnabled() and not page.new_button.isVisible()
    assert not page.tabs.isTabVisible(page.tabs.indexOf(page.returns))  # no costs for a rep
