"""Profitability for managers: revenue, cost and margin of accepted quotes, five ways.

Revenue is each counted item's net (after its discount and the quote's global discount, before
tax: a price-included tax is taken out), in integer SQL over the scaled columns. Cost is the
line's frozen unit_cost or, for a line made where costs are not held (a rep's laptop), the
product's cost valid on the quote's date, converted from pesos at the quote's rate. An item with
no cost at all adds its revenue to "revenue without a cost" only, so the margin % is never
flattered by lines that cost nothing on paper. Amounts in other currencies turn into COP at the
latest quote rates, as in every report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.i18n import N_, gettext
from crm_desktop.services.reports.report_data import (
    SCALE,
    Chart,
    Column,
    Period,
    Report,
    Table,
    owner_filter,
    period_of,
)
from crm_desktop.services.reports.reports import ReportFn, rep_names
from crm_desktop.services.reports.rfm import latest_rates, rate_case

CUSTOMERS_SHOWN = 100  # the largest customers by revenue; the other tables cover everyone

_COST = """coalesce(l.unit_cost, (
  SELECT CASE WHEN pc.currency = q.currency THEN pc.unit_cost
              WHEN pc.currency = 'COP' AND q.exchange_rate > 0
              THEN pc.unit_cost * 1000000 / q.exchange_rate END
  FROM product_costs pc WHERE pc.product_id = l.product_id AND pc.deleted_at IS NULL
   AND (pc.valid_from IS NULL OR pc.valid_from <= q.issued_on)
   AND (pc.valid_to IS NULL OR pc.valid_to >= q.issued_on)
  ORDER BY pc.valid_from DESC LIMIT 1))"""
_BASE = """((l.quantity * l.unit_price / 10000 - l.discount_amount) * 10000
  / (10000 + CASE WHEN l.tax_rate IS NOT NULL AND EXISTS (SELECT 1 FROM taxes t
       WHERE t.code = l.tax_category AND t.price_included = 1) THEN l.tax_rate ELSE 0 END))"""
# Integers all the way (scaled by 10^4); a global discount is applied in hundredths of a peso
# so that even the largest line stays inside 64 bits.
_NET = f"""(CASE WHEN q.global_discount_pct = 0 THEN {_BASE}
  ELSE {_BASE} / 100 * (1000000 - q.global_discount_pct) / 10000 END)"""
# One pass over the period's lines (each net and cost computed once: MATERIALIZED, in COP), then
# each table's grouping of them; segments and customers from one grouping per account. About 120
# rows reach Python whatever the size of the year.
_SUMS = "sum(revenue), sum(cost), sum(uncosted)"
_GROUPED = f"""
WITH lines AS MATERIALIZED (
  SELECT y.account_id, y.owner_id, y.product_id, y.at,
         (CASE WHEN y.cost IS NULL THEN 0 ELSE y.net END) * {{rate}} AS revenue,
         (CASE WHEN y.cost IS NULL THEN 0 ELSE y.cost * y.quantity / 10000 END) * {{rate}} AS cost,
         (CASE WHEN y.cost IS NULL THEN y.net ELSE 0 END) * {{rate}} AS uncosted
  FROM (SELECT q.account_id, q.owner_id, q.currency AS currency, l.product_id, l.quantity,
               coalesce(q.decided_at, q.updated_at) AS at, {_NET} AS net, {_COST} AS cost
        FROM quotes q JOIN quote_lines l ON l.quote_id = q.id
        WHERE q.status = 'accepted' AND q.deleted_at IS NULL AND l.deleted_at IS NULL
          AND l.kind = 'item' AND l.optional = 0
          AND coalesce(q.decided_at, q.updated_at) >= :s
          AND coalesce(q.decided_at, q.updated_at) < :e{{own}}) y
), accounts_sums AS MATERIALIZED (
  SELECT account_id, sum(revenue) AS revenue, sum(cost) AS cost, sum(uncosted) AS uncosted
  FROM lines GROUP BY account_id
)
SELECT 'rep', owner_id, {_SUMS} FROM lines GROUP BY 2
UNION ALL SELECT 'line', coalesce(p.product_line, ''), {_SUMS} FROM lines
  LEFT JOIN products p ON p.id = lines.product_id GROUP BY 2
UNION ALL SELECT 'quarter', {{quarter}}, {_SUMS} FROM lines GROUP BY 2
UNION ALL SELECT 'segment', coalesce(s.segment, 'none'), {_SUMS} FROM accounts_sums a
  LEFT JOIN account_scores s ON s.account_id = a.account_id GROUP BY 2
UNION ALL SELECT * FROM (
  SELECT 'customer', account_id, revenue, cost, uncosted FROM accounts_sums
  ORDER BY revenue + uncosted DESC, account_id LIMIT {CUSTOMERS_SHOWN})
"""
Rows = list[tuple[Any, ...]]


def _cop(scaled: int | None) -> Decimal:
    return (Decimal(int(scaled or 0)) * SCALE).quantize(Decimal("0.01"))


def _row(label: Any, revenue: Decimal, cost: Decimal, uncosted: Decimal) -> tuple[Any, ...]:
    margin = revenue - cost
    pct = (margin * 100 / revenue).quantize(Decimal("0.1")) if revenue else Decimal(0)
    return (label, revenue + uncosted, cost, margin, pct, uncosted)


def _columns(key: str, title: str, kind: str = "text") -> tuple[Column, ...]:
    return (
        Column(key, title, kind),
        Column("revenue", N_("Revenue (COP)"), "money"),
        Column("cost", N_("Cost (COP)"), "money"),
        Column("margin", N_("Margin (COP)"), "money"),
        Column("margin_pct", N_("Margin %"), "pct"),
        Column("uncosted", N_("Revenue without a cost (COP)"), "money"),
    )


def _total(rows: Rows) -> tuple[Any, ...]:
    revenue = sum((r[1] - r[5] for r in rows), Decimal(0))
    cost = sum((r[2] for r in rows), Decimal(0))
    uncosted = sum((r[5] for r in rows), Decimal(0))
    return _row(gettext(N_("Total")), revenue, cost, uncosted)


def _table(key: str, title: tuple[str, str], rows: Rows, kind: str = "text") -> Table:
    """title: the table's and its first column's; rows by revenue, largest first."""
    rows.sort(key=lambda r: (-r[1], str(r[0])))
    return Table(key, title[0], _columns(key, title[1], kind), tuple(rows), _total(rows))


def _relabel(rows: Rows, label: Callable[[Any], Any]) -> Rows:
    return [(label(r[0]), *r[1:]) for r in rows]


def profitability_report(session: Session, period: Period, owner_id: str | None) -> Report:
    """Revenue, cost, margin and margin % by rep, customer, segment, product line, quarter."""
    start, end = period.utc_bounds()
    rate = rate_case("y.currency", latest_rates(session))
    quarter, bounds = _quarters(period)
    sql = _GROUPED.format(own=owner_filter("q.owner_id", owner_id), rate=rate, quarter=quarter)
    dims: dict[str, Rows] = defaultdict(list)
    params = {"s": start, "e": end, "owner": owner_id, **bounds}
    for dim, key, revenue, cost, uncosted in session.execute(text(sql), params):
        dims[dim].append(_row(key, _cop(revenue), _cop(cost), _cop(uncosted)))
    reps = rep_names(session, owner_id)
    no_line = gettext(N_("(no product line)"))
    by_rep = _relabel(dims["rep"], lambda k: reps.get(k, k or "—"))
    by_line = _relabel(dims["line"], lambda k: k or no_line)
    tables = (
        _table("rep", (N_("By rep"), N_("Rep")), by_rep),
        _table("customer", (N_("Largest customers"), N_("Customer")), _named(session, dims)),
        _table("segment", (N_("By segment"), N_("Segment")), dims["segment"], "code:segment"),
        _table("line", (N_("By product line"), N_("Product line")), by_line),
        _by_quarter(dims["quarter"]),
    )
    chart = Chart("rep", "bar", "rep", ("revenue", "margin"))
    return Report("profitability", N_("Profitability"), period, owner_id, tables, chart)


def _quarters(period: Period) -> tuple[str, dict[str, str]]:
    """SQL naming the local quarter of a line's moment ("2026 T1"), and its bound parameters:
    quarters start at local midnight in the reps' time zone, as the period does."""
    first = period_of("quarter", period.start, period.timezone)
    names: list[str] = []
    bounds: dict[str, str] = {}
    current = first
    while current.start <= period.end:
        names.append(f"{current.start.year} T{(current.start.month - 1) // 3 + 1}")
        current = period_of("quarter", current.end + timedelta(days=1), period.timezone)
        bounds[f"q{len(names)}"] = current.utc_bounds()[0]  # where the next quarter starts
    whens = " ".join(f"WHEN at < :q{i + 1} THEN '{name}'" for i, name in enumerate(names))
    return f"(CASE {whens} END)", bounds


def _by_quarter(rows: Rows) -> Table:
    rows = sorted(rows)
    title = N_("Trend by quarter")
    return Table("quarter", title, _columns("quarter", N_("Quarter")), tuple(rows), _total(rows))


def _named(session: Session, dims: dict[str, Rows]) -> Rows:
    """The largest customers' rows with their legal names instead of their ids."""
    rows = dims["customer"]
    ids = [str(r[0]) for r in rows]
    marks = ",".join(f":a{i}" for i in range(len(ids))) or "NULL"
    found = session.execute(
        text(f"SELECT id, legal_name FROM accounts WHERE id IN ({marks})"),
        {f"a{i}": v for i, v in enumerate(ids)},
    )
    names = {str(i): str(n) for i, n in found}
    return [(names.get(str(r[0]), r[0]), *r[1:]) for r in rows]


PROFIT_REPORTS: dict[str, tuple[str, ReportFn]] = {
    "profitability": (N_("Profitability"), profitability_report),
}


# A line's net in COP-scaled integers and its cost, for other reports over accepted quotes.
LINE_NET_SQL, LINE_COST_SQL = _NET, _COST
