"""What campaigns return, side by side: cost, members, reached, responded, opportunities, won
revenue and its margin (from the lines' frozen costs), ROI %, cost per response and per won
customer. Money in COP (foreign amounts at the latest quote rates, as the other reports)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select, text
from sqlalchemy.orm import Session

from crm_desktop.models import Campaign, CampaignCost, CampaignMember, Quote
from crm_desktop.models.enums import MemberStatus, QuoteStatus
from crm_desktop.services.campaigns.attribution import attribute
from crm_desktop.services.reports.profitability import LINE_COST_SQL, LINE_NET_SQL
from crm_desktop.services.reports.report_data import SCALE
from crm_desktop.services.reports.rfm import latest_rates, rate_case

CENT = Decimal("0.01")
MAX_COMPARED = 50  # campaigns side by side


@dataclass(frozen=True)
class CampaignReturn:
    campaign_id: str
    name: str
    cost: Decimal
    members: int
    reached: int
    responded: int
    opportunities: int
    won_quotes: int
    won_customers: int
    revenue: Decimal  # accepted attributed quotes, net of tax
    margin: Decimal  # revenue less the lines' frozen costs (lines without one count as margin 0)
    uncosted: Decimal  # revenue of lines without a cost (left out of the margin)

    @property
    def roi_pct(self) -> Decimal | None:
        return (
            None
            if not self.cost
            else ((self.margin - self.cost) * 100 / self.cost).quantize(Decimal("0.1"))
        )

    @property
    def cost_per_response(self) -> Decimal | None:
        return (self.cost / self.responded).quantize(CENT) if self.responded else None

    @property
    def cost_per_won_customer(self) -> Decimal | None:
        return (self.cost / self.won_customers).quantize(CENT) if self.won_customers else None


def _costs(session: Session, ids: list[str], rates: dict[str, int]) -> dict[str, Decimal]:
    found: dict[str, Decimal] = defaultdict(Decimal)
    query = (
        select(CampaignCost.campaign_id, CampaignCost.currency, func.sum(CampaignCost.amount))
        .where(CampaignCost.campaign_id.in_(ids), CampaignCost.deleted_at.is_(None))
        .group_by(CampaignCost.campaign_id, CampaignCost.currency)
    )
    for campaign_id, currency, amount in session.execute(query):
        found[campaign_id] += Decimal(amount or 0) * rates.get(currency, 1)
    return found


def _counts(session: Session, ids: list[str]) -> dict[str, tuple[int, int, int]]:
    responded = CampaignMember.status == MemberStatus.RESPONDED.value
    reached = CampaignMember.reached_at.is_not(None) | responded
    query = (
        select(
            CampaignMember.campaign_id,
            func.count(),
            func.sum(case((reached, 1), else_=0)),
            func.sum(case((responded, 1), else_=0)),
        )
        .where(CampaignMember.campaign_id.in_(ids), CampaignMember.deleted_at.is_(None))
        .group_by(CampaignMember.campaign_id)
    )
    return {c: (int(n), int(r or 0), int(s or 0)) for c, n, r, s in session.execute(query)}


_WON_SQL = """
SELECT y.quote_id, sum(CASE WHEN y.cost IS NULL THEN 0 ELSE y.net END) * {rate},
       sum(CASE WHEN y.cost IS NULL THEN 0 ELSE y.cost * y.quantity / 10000 END) * {rate},
       sum(CASE WHEN y.cost IS NULL THEN y.net ELSE 0 END) * {rate}
FROM (SELECT q.id AS quote_id, q.currency AS currency, l.quantity,
             {net} AS net, {cost} AS cost
      FROM quotes q JOIN quote_lines l ON l.quote_id = q.id
      WHERE q.id IN ({marks}) AND l.deleted_at IS NULL AND l.kind = 'item'
        AND l.optional = 0) y
GROUP BY y.quote_id, y.currency
"""


def _won(
    session: Session, quote_ids: set[str], rates: dict[str, int]
) -> dict[str, tuple[str, Decimal, Decimal, Decimal]]:
    """Accepted quotes among quote_ids: account, revenue, cost and uncosted revenue (COP)."""
    accepted = {
        q: a
        for q, a in session.execute(
            select(Quote.id, Quote.account_id).where(
                Quote.id.in_(sorted(quote_ids)), Quote.status == QuoteStatus.ACCEPTED.value
            )
        )
    }
    if not accepted:
        return {}
    ids = sorted(accepted)
    marks = ",".join(f":q{i}" for i in range(len(ids)))
    sql = _WON_SQL.format(
        rate=rate_case("y.currency", rates), net=LINE_NET_SQL, cost=LINE_COST_SQL, marks=marks
    )
    params: dict[str, Any] = {f"q{i}": v for i, v in enumerate(ids)}
    found = {}
    for quote_id, revenue, cost, uncosted in session.execute(text(sql), params):
        found[quote_id] = (accepted[quote_id], _cop(revenue), _cop(cost), _cop(uncosted))
    return found


def _cop(scaled: Any) -> Decimal:
    return (Decimal(int(scaled or 0)) * SCALE).quantize(CENT)


def campaign_returns(session: Session, campaign_ids: list[str]) -> list[CampaignReturn]:
    """The campaigns' returns in the order asked (unknown or deleted ids are skipped)."""
    ids = list(dict.fromkeys(campaign_ids))[:MAX_COMPARED]
    names: dict[str, str] = {
        row_id: name
        for row_id, name in session.execute(
            select(Campaign.id, Campaign.name).where(
                Campaign.id.in_(ids), Campaign.deleted_at.is_(None)
            )
        )
    }
    ids = [i for i in ids if i in names]
    rates = latest_rates(session)
    costs, counts = _costs(session, ids, rates), _counts(session, ids)
    owed = attribute(session, ids)
    all_quotes = set().union(*(owed.quotes.get(i, set()) for i in ids)) if ids else set()
    won = _won(session, all_quotes, rates)
    return [_one(i, names[i], costs, counts, owed.opportunities, owed.quotes, won) for i in ids]


def _one(
    campaign_id: str,
    name: str,
    costs: dict[str, Decimal],
    counts: dict[str, tuple[int, int, int]],
    opps: dict[str, set[str]],
    quotes: dict[str, set[str]],
    won: dict[str, tuple[str, Decimal, Decimal, Decimal]],
) -> CampaignReturn:
    mine = [won[q] for q in quotes.get(campaign_id, set()) if q in won]
    revenue = sum((w[1] for w in mine), Decimal(0))
    cost_of_sales = sum((w[2] for w in mine), Decimal(0))
    uncosted = sum((w[3] for w in mine), Decimal(0))
    members, reached, responded = counts.get(campaign_id, (0, 0, 0))
    return CampaignReturn(
        campaign_id=campaign_id,
        name=name,
        cost=costs.get(campaign_id, Decimal(0)).quantize(CENT),
        members=members,
        reached=reached,
        responded=responded,
        opportunities=len(opps.get(campaign_id, set())),
        won_quotes=len(mine),
        won_customers=len({w[0] for w in mine}),
        revenue=revenue + uncosted,
        margin=revenue - cost_of_sales,
        uncosted=uncosted,
    )
