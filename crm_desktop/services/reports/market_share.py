"""Market share for managers: the market size a manager estimates for a city or a company-size
segment over a period, against our sales there in that period.

Our sales are the net (before tax, after discounts) of accepted quotes decided in the market's
period, its days taken in the reps' time zone, to accounts in that city or segment, in COP at the
latest quote rates (as in the profitability report). The report lists the markets whose period
overlaps the one chosen; each is compared over its own period, which is what was estimated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from crm_desktop.i18n import N_, gettext
from crm_desktop.models import MarketSize
from crm_desktop.services.core import crud
from crm_desktop.services.reports.profitability import LINE_NET_SQL
from crm_desktop.services.reports.report_data import (
    SCALE,
    Chart,
    Column,
    Period,
    Report,
    Table,
    owner_filter,
)
from crm_desktop.services.reports.reports import ReportFn
from crm_desktop.services.reports.rfm import latest_rates, rate_case

MAX_MARKETS = 200  # markets in one report

_OURS = f"""
SELECT coalesce(sum(({LINE_NET_SQL}) * {{rate}}), 0)
FROM quotes q JOIN quote_lines l ON l.quote_id = q.id JOIN accounts a ON a.id = q.account_id
WHERE q.status = 'accepted' AND q.deleted_at IS NULL AND l.deleted_at IS NULL
  AND l.kind = 'item' AND l.optional = 0
  AND coalesce(q.decided_at, q.updated_at) >= :s AND coalesce(q.decided_at, q.updated_at) < :e
  AND {{market}} = :key{{own}}
"""


@dataclass(frozen=True)
class MarketRow:
    id: str
    dimension: str
    market_key: str
    starts_on: date
    ends_on: date
    amount: Decimal
    note: str


def set_market_size(session: Session, values: Mapping[str, Any]) -> MarketSize:
    return crud.create(session, MarketSize, values)


def update_market_size(session: Session, row_id: str, changes: Mapping[str, Any]) -> MarketSize:
    return crud.update(session, MarketSize, row_id, changes)


def delete_market_size(session: Session, row_id: str) -> None:
    crud.tombstone(session, MarketSize, row_id)


def market_rows(session: Session) -> list[MarketRow]:
    query = (
        select(MarketSize)
        .where(MarketSize.deleted_at.is_(None))
        .order_by(MarketSize.starts_on.desc(), MarketSize.dimension, MarketSize.market_key)
    )
    return [
        MarketRow(m.id, m.dimension, m.market_key, m.starts_on, m.ends_on, m.amount, m.note)
        for m in session.scalars(query)
    ]


def _ours(
    session: Session, market: MarketSize, timezone: str, owner_id: str | None, rate: str
) -> Decimal:
    start, end = Period(market.starts_on, market.ends_on, timezone=timezone).utc_bounds()
    column = "a.city" if market.dimension == "city" else "a.segment"
    sql = _OURS.format(market=column, own=owner_filter("q.owner_id", owner_id), rate=rate)
    params = {"s": start, "e": end, "key": market.market_key, "owner": owner_id}
    scaled = session.scalar(text(sql), params)
    return (Decimal(int(scaled or 0)) * SCALE).quantize(Decimal("0.01"))


def market_share_report(session: Session, period: Period, owner_id: str | None) -> Report:
    """Each market overlapping the period: its size, our sales there, and our share."""
    rate = rate_case("q.currency", latest_rates(session))
    markets = session.scalars(
        select(MarketSize)
        .where(
            MarketSize.deleted_at.is_(None),
            MarketSize.starts_on <= period.end,
            MarketSize.ends_on >= period.start,
        )
        .order_by(MarketSize.dimension, MarketSize.market_key, MarketSize.starts_on)
        .limit(MAX_MARKETS)
    ).all()
    rows = []
    for m in markets:
        ours = _ours(session, m, period.timezone, owner_id, rate)
        share = (ours * 100 / m.amount).quantize(Decimal("0.1")) if m.amount else Decimal(0)
        kind = gettext(N_("City")) if m.dimension == "city" else gettext(N_("Segment"))
        where = m.market_key if m.dimension == "city" else _segment(m.market_key)
        rows.append((f"{where} ({kind})", m.starts_on, m.ends_on, m.amount, ours, share))
    columns = (
        Column("market", N_("Market"), "text"),
        Column("starts_on", N_("From"), "date"),
        Column("ends_on", N_("To"), "date"),
        Column("size", N_("Market size (COP)"), "money"),
        Column("ours", N_("Our sales (COP)"), "money"),
        Column("share", N_("Share %"), "pct"),
    )
    table = Table("markets", N_("Market share"), columns, tuple(rows), None)
    chart = Chart("markets", "hbar", "market", ("share",))
    return Report("market_share", N_("Market share"), period, owner_id, (table,), chart)


def _segment(code: str) -> str:
    names = {
        "micro": N_("Micro"),
        "small": N_("Small"),
        "medium": N_("Medium"),
        "large": N_("Large"),
    }
    return gettext(names[code]) if code in names else code


MARKET_REPORTS: dict[str, tuple[str, ReportFn]] = {
    "market_share": (N_("Market share"), market_share_report),
}
