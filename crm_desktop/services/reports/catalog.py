"""Every report by key: the sales reports, the customer reports and the manager's view.

The report modules know nothing of each other's keys; this one module puts them together, so
the imports run one way (catalog -> report modules -> report_data).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm_desktop.services.campaigns.roi_report import CAMPAIGN_REPORTS
from crm_desktop.services.reports.customer_value import CUSTOMER_REPORTS
from crm_desktop.services.reports.manager_view import MANAGER_REPORTS
from crm_desktop.services.reports.market_share import MARKET_REPORTS
from crm_desktop.services.reports.profitability import PROFIT_REPORTS
from crm_desktop.services.reports.reports import SALES_REPORTS, Period, Report, ReportFn

REPORTS: dict[str, tuple[str, ReportFn]] = {
    **SALES_REPORTS,
    **CUSTOMER_REPORTS,
    **MANAGER_REPORTS,
    **PROFIT_REPORTS,
    **CAMPAIGN_REPORTS,
    **MARKET_REPORTS,
}
# Reports a rep's laptop has no data for (costs reach managers only): the Reports page leaves
# them out when a rep is signed in.
MANAGERS_ONLY = frozenset({"manager", "profitability", "campaign_roi", "market_share"})


def run_report(session: Session, key: str, period: Period, owner_id: str | None) -> Report:
    """The report named key (one of REPORTS)."""
    return REPORTS[key][1](session, period, owner_id)
