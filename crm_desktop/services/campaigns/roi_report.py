"""The ROI report: campaigns side by side, as a report the Reports page shows and exports."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.i18n import N_, gettext
from crm_desktop.models import Campaign
from crm_desktop.services.campaigns.roi import MAX_COMPARED, CampaignReturn, campaign_returns
from crm_desktop.services.reports.report_data import Chart, Column, Period, Report, Table

COLUMNS = (  # what a manager compares first (cost, ROI, what came back) before the funnel
    Column("campaign", N_("Campaign"), "text"),
    Column("cost", N_("Cost (COP)"), "money"),
    Column("roi_pct", N_("ROI %"), "pct"),
    Column("revenue", N_("Won revenue (COP)"), "money"),
    Column("margin", N_("Margin (COP)"), "money"),
    Column("members", N_("Members"), "int"),
    Column("reached", N_("Reached"), "int"),
    Column("responded", N_("Responded"), "int"),
    Column("opportunities", N_("Opportunities"), "int"),
    Column("won_customers", N_("Won customers"), "int"),
    Column("cost_per_response", N_("Cost per response (COP)"), "money"),
    Column("cost_per_won", N_("Cost per won customer (COP)"), "money"),
)


def _row(r: CampaignReturn) -> tuple[Any, ...]:
    return (
        r.name, r.cost, r.roi_pct, r.revenue, r.margin, r.members, r.reached, r.responded,
        r.opportunities, r.won_customers, r.cost_per_response, r.cost_per_won_customer,
    )  # fmt: skip


def _totals(rows: list[CampaignReturn]) -> tuple[Any, ...]:
    total = CampaignReturn(
        "", gettext(N_("Total")),
        *(sum((getattr(r, f) for r in rows), type(getattr(rows[0], f))()) for f in _SUMMED),
    )  # fmt: skip
    return _row(total)


_SUMMED = (
    "cost", "members", "reached", "responded", "opportunities", "won_quotes", "won_customers",
    "revenue", "margin", "uncosted",
)  # fmt: skip


def roi_report(session: Session, campaign_ids: list[str], period: Period | None = None) -> Report:
    """The selected campaigns side by side, with a chart of cost against margin."""
    rows = campaign_returns(session, campaign_ids)
    table = Table(
        "campaigns",
        N_("Campaigns compared"),
        COLUMNS,
        tuple(_row(r) for r in rows),
        _totals(rows) if rows else None,
    )
    chart = Chart("campaigns", "bar", "campaign", ("cost", "revenue", "margin"))
    return Report("campaign_roi", N_("Campaign ROI"), period, None, (table,), chart)


def campaigns_in(session: Session, period: Period) -> list[str]:
    """Campaigns running at some time in the period, the latest-starting first."""
    query = (
        select(Campaign.id)
        .where(
            Campaign.deleted_at.is_(None),
            Campaign.starts_on <= period.end,
            Campaign.ends_on >= period.start,
        )
        .order_by(Campaign.starts_on.desc(), Campaign.name)
        .limit(MAX_COMPARED)
    )
    return list(session.scalars(query))


def period_roi_report(session: Session, period: Period, owner_id: str | None) -> Report:
    """The catalog's entry: every campaign that ran in the period (managers only)."""
    return roi_report(session, campaigns_in(session, period), period)


CAMPAIGN_REPORTS = {"campaign_roi": (N_("Campaign ROI"), period_roi_report)}
