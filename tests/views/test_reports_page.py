"""The Reports page, the manager's view and the alerts, driven as a user would."""

from __future__ import annotations

import csv
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCharts import QCategoryAxis
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow
from pytestqt.qtbot import QtBot

from crm_desktop import i18n
from crm_desktop.clock import FixedClock
from crm_desktop.models import Reminder
from crm_desktop.services.core import crud
from crm_desktop.services.reports.reports import Column, Table
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.reports.report_chart import nice_ticks
from crm_desktop.views.reports.report_model import ReportTableModel
from crm_desktop.views.reports.reports import ReportsPage
from crm_desktop.views.today.alerts import AlertController
from tests.factories import make_user
from tests.services import sales_fixtures as fx

WAIT = 10_000
BOGOTA = ZoneInfo("America/Bogota")


@pytest.fixture
def people(ctx: AppContext) -> dict[str, Any]:
    """Two reps with this quarter's activity: Ana 1 visit and a won sale, Beto 1 rejected quote."""
    now = ctx.clock.now()
    with ctx.database.sessions() as session, session.begin():
        ana = make_user(session, "ana", full_name="Ana Ríos")
        beto = make_user(session, "beto", full_name="Beto Díaz")
        a1 = fx.account(session, ana.id, roles="customer")
        a2 = fx.account(session, beto.id, roles="customer")
        fx.visit(session, a1, now - timedelta(hours=2))
        fx.quote(session, a1, "accepted", "1000000", sent=now - timedelta(hours=3), decided=now)
        fx.quote(session, a2, "rejected", "500000", sent=now - timedelta(hours=3), decided=now,
                 reason="Precio alto")  # fmt: skip
        return {"ana": ana.id, "beto": beto.id, "a1": a1.id, "a2": a2.id}


def show_page(qtbot: QtBot, ctx: AppContext) -> ReportsPage:
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.reports.report_shown, timeout=WAIT):
        page.show()
    return page


def choose(qtbot: QtBot, page: ReportsPage, key: str) -> None:
    with qtbot.waitSignal(page.reports.report_shown, timeout=WAIT):
        page.reports.kind.setCurrentIndex(page.reports.kind.findData(key))


def test_report_table_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    columns = (Column("rep", "Rep", "text"), Column("amount", "Sales (COP)", "money"))
    rows = (("Ana", Decimal("1250000.5")), ("Beto", Decimal(0)))
    table = Table("t", "Activity by rep", columns, rows, ("Total", Decimal("1250000.5")))
    model = ReportTableModel(table)
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.is_totals(2)
    assert model.data(model.index(0, 1)) == "COP\xa01,250,001"  # pesos: no cents
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Sales (COP)"


def test_chart_axes_have_round_ticks_and_short_money_in_spanish(
    qtbot: QtBot, ctx: AppContext, people: dict[str, Any]
) -> None:
    assert nice_ticks(95) == [0, 20, 40, 60, 80, 100]  # not 0/24/48/71/95
    assert nice_ticks(39_406_694_500)[-1] == 40_000_000_000
    with ctx.database.sessions() as session, session.begin():
        owner = fx.account(session, people["ana"], roles="customer")
        fx.opportunity(session, owner, "proposal", "39406694500")
    i18n.set_language("es")
    try:
        page = show_page(qtbot, ctx)
        choose(qtbot, page, "pipeline")
        axis = next(a for a in page.reports.chart.chart().axes() if isinstance(a, QCategoryAxis))
        labels = axis.categoriesLabels()
        assert labels[0] == "$\xa00" and all(label.startswith("$\xa0") for label in labels)
        assert any(label.endswith("\xa0M") for label in labels), labels
    finally:
        i18n.set_language("en")


def test_activity_report_for_everyone_then_one_rep(
    qtbot: QtBot, ctx: AppContext, people: dict[str, Any]
) -> None:
    page = show_page(qtbot, ctx)
    panel = page.reports
    model = panel.models[0]
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == [
        "Ana Ríos", "Beto Díaz", "Total"]  # fmt: skip
    assert model.data(model.index(0, 7)) == "COP\xa01,000,000"
    assert panel.chart.chart().series()  # a chart beside the table
    legend = panel.chart.legend.text()  # whole names, wrapped, never "Cal…" (issue 11)
    assert all(name in legend for name in ("Visits", "Calls")), legend
    assert [panel.scope.itemText(i) for i in range(panel.scope.count())] == [
        "Everyone", "Ana Ríos", "Beto Díaz"]  # fmt: skip
    with qtbot.waitSignal(panel.report_shown, timeout=WAIT):
        panel.scope.setCurrentIndex(panel.scope.findData(people["beto"]))
    model = panel.models[0]
    assert model.data(model.index(0, 0)) == "Beto Díaz" and model.rowCount() == 2


def test_rejections_show_reasons_and_customers_get_segments(
    qtbot: QtBot, ctx: AppContext, people: dict[str, Any]
) -> None:
    page = show_page(qtbot, ctx)
    choose(qtbot, page, "rejections")
    reasons = page.reports.models[0]
    assert reasons.data(reasons.index(0, 0)) == "Precio alto"
    assert page.reports.tables.count() == 2  # reasons, and the rejected proposals
    choose(qtbot, page, "customers")  # computes the RFM scores first
    customers = page.reports.models[0]
    totals = customers.rowCount() - 1
    assert customers.data(customers.index(totals, customers.columnCount() - 1)) == "2"
    assert customers.headerData(1, Qt.Orientation.Horizontal) == "Champions"


def test_a_rep_sees_only_their_own_data(
    qtbot: QtBot, ctx: AppContext, people: dict[str, Any]
) -> None:
    ctx.user_id = people["ana"]
    page = show_page(qtbot, ctx)
    assert not page.reports.scope.isEnabled()
    model = page.reports.models[0]
    assert model.rowCount() == 2 and model.data(model.index(0, 0)) == "Ana Ríos"


def test_export_csv_writes_on_a_worker_and_reads_back(
    qtbot: QtBot, ctx: AppContext, people: dict[str, Any], tmp_path: Path, monkeypatch: Any
) -> None:
    page = show_page(qtbot, ctx)
    target = tmp_path / "actividad.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(page.reports.exported, timeout=WAIT):
        qtbot.mouseClick(page.reports.export_buttons["csv"], Qt.MouseButton.LeftButton)
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert ["Ana Ríos", "1", "0", "1", "1", "0", "1", "1000000.00"] in rows
    assert str(target) in page.reports.status.text()
    assert "Open the folder" in page.reports.status.text()  # a link to where it went


def test_manager_view_lists_reps_and_their_customers(
    qtbot: QtBot, ctx: AppContext, people: dict[str, Any]
) -> None:
    page = show_page(qtbot, ctx)
    manager = page.manager
    with qtbot.waitSignal(manager.accounts_shown, timeout=WAIT):
        page.tabs.setCurrentWidget(manager)
    assert manager.reps_model.data(manager.reps_model.index(0, 0)) == "Ana Ríos"
    assert manager.accounts_model.rows[0].account_id == people["a1"]
    assert manager.accounts_model.rows[0].last_contact_kind == "visit"
    with qtbot.waitSignal(manager.accounts_shown, timeout=WAIT) as shown:
        beto_row = manager.reps_model.index(1, 0)
        rect = manager.reps.visualRect(beto_row)
        qtbot.mouseClick(manager.reps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown.args == [people["beto"]]
    assert "Beto Díaz" in manager.accounts_title.text()
    # Issue 11, item 12: the same period as Reports; a rep outside a new scope is not kept.
    assert manager.period.period() == page.reports.period.period()
    ctx.user_id = people["ana"]
    with qtbot.waitSignal(manager.accounts_shown, timeout=WAIT) as shown:
        manager.reload()
    assert shown.args == [people["ana"]]
    assert manager.accounts_title.text().startswith("Customers of Ana Ríos:")


def test_alerts_evaluate_rules_after_a_change_and_notify_due_reminders(
    qtbot: QtBot, ctx: AppContext, people: dict[str, Any], clock: FixedClock
) -> None:
    # 16:00 in Bogotá on the pinned day: the reassignment reminder (due at 9:00 local) is not
    # in the hour check_due looks at, whatever hour the suite runs.
    day = clock.now().astimezone(BOGOTA).date()
    clock.set(datetime.combine(day, time(16, 0), BOGOTA))
    ctx.user_id = people["beto"]  # Beto's laptop
    window = QMainWindow()
    qtbot.addWidget(window)
    alerts = AlertController(ctx, window)
    alerts.debounce.setInterval(10)
    now = ctx.clock.now()
    with ctx.database.sessions() as session, session.begin():
        beto_account = crud.get_live(session, fx.Account, people["a2"])  # no sale until now
        sale = fx.quote(session, beto_account, "accepted", "10", decided=now - timedelta(days=85))
        sale_id = sale.id
        due = {"title": "Llamar a Beto", "due_at": now - timedelta(minutes=5)}
        crud.create(
            session, Reminder, {"account_id": people["a2"], "owner_id": people["beto"]} | due
        )
    alerts._full = False  # as after the first evaluation at start
    with qtbot.waitSignal(alerts.evaluated, timeout=WAIT) as evaluated:
        ctx.ops.changed.emit(ChangeSet(tables=frozenset({"quotes"}), ids=frozenset({sale_id})))
    assert evaluated.args[0].by_rule == {"after_sale": 1}  # only the changed accounts looked at
    with ctx.database.sessions() as session, session.begin():
        crud.update(session, fx.Account, people["a1"], {"owner_id": people["beto"]})
    with qtbot.waitSignal(alerts.evaluated, timeout=WAIT) as evaluated:  # no ids: the outbox
        ctx.ops.changed.emit(ChangeSet(tables=frozenset({"accounts"})))
    assert evaluated.args[0].by_rule == {"assigned": 1}
    alerts.checked_until = now - timedelta(hours=1)
    with qtbot.waitSignal(alerts.notified, timeout=WAIT) as notified:
        alerts.check_due()
    assert [r.title for r in notified.args[0]] == ["Llamar a Beto"]
    qtbot.waitUntil(alerts.next_timer.isActive, timeout=WAIT)  # re-armed for the next one


def test_a_managers_laptop_only_raises_reassignments(
    qtbot: QtBot, ctx: AppContext, people: dict[str, Any]
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    alerts = AlertController(ctx, window)  # ctx.user_id None: everyone, as a manager
    alerts.debounce.setInterval(10)
    with qtbot.waitSignal(alerts.evaluated, timeout=WAIT):
        alerts.evaluate()  # the first look records every account's owner
    with ctx.database.sessions() as session, session.begin():
        beto_account = crud.get_live(session, fx.Account, people["a2"])
        fx.quote(
            session, beto_account, "accepted", "10", decided=ctx.clock.now() - timedelta(days=85)
        )
        crud.update(session, fx.Account, people["a2"], {"owner_id": people["ana"]})
    with qtbot.waitSignal(alerts.evaluated, timeout=WAIT) as evaluated:
        ctx.ops.changed.emit(ChangeSet(tables=frozenset({"accounts", "quotes"})))
    assert evaluated.args[0].by_rule == {"assigned": 1}  # the after-sale one is Ana's laptop's
