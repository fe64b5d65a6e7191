"""Screenshots of campaigns: a rep's Today with campaign tasks, and the ROI report comparing them.
xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshots_campaigns.py DB OUT_DIR
(DB: a database made by `crm-desktop --db DB seed --accounts 2000`.)
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QApplication
from sqlalchemy import select, text

from crm_desktop import i18n
from crm_desktop.database import open_database
from crm_desktop.models import CampaignMember
from crm_desktop.services.campaigns import campaigns as C
from crm_desktop.services.campaigns.targets import Filter
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.reports.rfm import compute_rfm
from crm_desktop.settings import Settings
from crm_desktop.views.campaigns.campaigns import CampaignsPage
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.ops import Operations
from crm_desktop.views.common.translations import install_translator
from crm_desktop.views.reports.reports import ReportsPage
from crm_desktop.views.today.today import TodayPage
from scripts.screenshots_costs import SIZE, save, settle

PLANS = (  # name, filter, cost
    ("Renovación de licencias — Bogotá", {"cities": ("Bogotá",)}, 4_500_000),
    ("Clientes en riesgo", {"segments": ("at_risk", "lost")}, 2_800_000),
    ("Feria Medellín", {"cities": ("Medellín",)}, 9_000_000),
)


def plan(database, today: date) -> str:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)  # wall clock: a screenshot
    with unit_of_work(database.sessions) as s:
        compute_rfm(s, now)
        for name, f, cost in PLANS:
            campaign = C.create_campaign(s, {
                "name": name, "channels": "visit,call,email", "status": "active",
                "goal": "Recuperar y ampliar las ventas de los clientes del segmento.",
                "budget": Decimal(cost) * Decimal("1.2"),
                "email_subject": "{contact}: una propuesta para {account}",
                "email_body": "Hola {contact},\n\nHasta el {ends_on} tenemos condiciones "
                "especiales para {account}. Su asesor, {rep}, le contactará esta semana.\n\n"
                "{company}",
                "starts_on": today - timedelta(days=120), "ends_on": today + timedelta(days=20),
            })  # fmt: skip
            C.add_cost(s, campaign.id, {"spent_on": today, "amount": Decimal(cost)})
            C.save_filter(s, campaign.id, Filter(**f))
            C.fill(s, campaign.id)
        s.execute(
            text(
                "UPDATE campaign_members SET status = 'reached', reached_at = :at "
                "WHERE abs(random()) % 2 = 0"
            ),
            {"at": (now - timedelta(days=100)).isoformat(" ")[:19]},
        )
        s.execute(
            text(
                "UPDATE campaign_members SET status = 'responded', responded_at = reached_at, "
                "response_kind = 'visit' WHERE status = 'reached' AND abs(random()) % 3 = 0"
            )
        )
        owner = s.scalars(select(CampaignMember.owner_id).where(
            CampaignMember.status == "pending").limit(1)).one()  # fmt: skip
        return str(owner)


def campaigns_page(ctx: AppContext, out: Path) -> None:
    """The Campaigns page: a campaign's plan and costs, its target list previewed from its
    filter (who was left out and why), its members and what it returned."""
    page = CampaignsPage(ctx)
    page.resize(*SIZE)
    page.show()
    settle(2500)
    page.table.selectRow(0)  # "Clientes en riesgo": a filter by value segment
    settle(2500)
    save(page, out / "es-campaigns-plan.png")
    page.tabs.setCurrentWidget(page.targets)
    page.targets.preview_button.click()
    settle(2500)
    save(page, out / "es-campaigns-targets.png")
    page.tabs.setCurrentWidget(page.members)
    page.members.table.selectRow(0)
    settle(500)
    save(page, out / "es-campaigns-members.png")
    page.tabs.setCurrentWidget(page.returns)
    settle(500)
    save(page, out / "es-campaigns-return.png")
    page.close()


def main() -> int:
    db, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    database = open_database(db)
    today = date.today()  # wall clock: a screenshot
    rep = plan(database, today)
    install_translator(app, "es")
    i18n.set_language("es")
    ctx = AppContext(database, Operations(database.sessions), Settings(None), "es")
    ctx.user_id = rep
    page = TodayPage(ctx)
    page.resize(*SIZE)
    page.show()
    settle(2500)
    save(page, out / "es-today-campaign-tasks.png")
    page.close()
    ctx.user_id = None
    reports = ReportsPage(ctx)
    reports.resize(*SIZE)
    reports.show()
    reports.reports.period.set_period("quarter", today)
    reports.reports.kind.setCurrentIndex(reports.reports.kind.findData("campaign_roi"))
    settle(3000)
    save(reports, out / "es-reports-campaign-roi.png")
    reports.close()
    campaigns_page(ctx, out)
    ctx.ops.wait()
    database.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
