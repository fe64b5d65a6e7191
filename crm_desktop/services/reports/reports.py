"""Reports for reps and managers: plain frozen tables computed with SQL aggregates.

Every report takes a scope (one rep's id, or None for everyone) and a period (week, month,
quarter or a custom range, in the reps' time zone) and returns a Report: one or more Tables of
rows plus a totals row, with English column titles marked for translation (gettext shows them).
Money is in COP: amounts in other currencies are summed per currency in SQL and converted at the
latest quote rate (services/reports/rfm.latest_rates). The reports here are the sales ones;
the customer value, segmentation and manager reports are in customer_value.py and manager_view.py.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.i18n import N_, gettext
from crm_desktop.models.enums import STAGE_PROBABILITY, OpportunityStage
from crm_desktop.services.core.sql import SALES_SQL
from crm_desktop.services.reports.report_data import (  # re-exported: the reports' vocabulary
    CODE_LABELS,
    HUNDRED,
    KINDS,
    PERIOD_KINDS,
    PHASES,
    SCALE,
    STAGES,
    Chart,
    Column,
    Money,
    Period,
    Report,
    Table,
    owner_filter,
    pct,
    period_of,
    totals_of,
)

__all__ = [
    "CALLS",
    "CODE_LABELS",
    "HUNDRED",
    "KINDS",
    "PERIOD_KINDS",
    "PHASES",
    "SALES_REPORTS",
    "SCALE",
    "STAGES",
    "VISITS_DONE",
    "Chart",
    "Column",
    "Money",
    "Period",
    "Report",
    "Table",
    "count_by_owner",
    "owner_filter",
    "pct",
    "period_of",
    "rep_names",
    "totals_of",
]


def rep_names(session: Session, owner_id: str | None) -> dict[str, str]:
    """Reps and managers (or the one rep in scope), id -> full name."""
    sql = "SELECT id, full_name FROM users WHERE deleted_at IS NULL" + owner_filter("id", owner_id)
    # Reps, and managers only when they own accounts themselves.
    sql += (
        ""
        if owner_id
        else (
            " AND (role = 'rep' OR id IN (SELECT DISTINCT owner_id FROM accounts"
            " WHERE owner_id IS NOT NULL))"
        )
    )
    return {
        uid: name
        for uid, name in session.execute(text(sql + " ORDER BY full_name"), {"owner": owner_id})
    }


def count_by_owner(
    session: Session, table: str, where: str, moment: str, params: dict[str, Any]
) -> dict[str, int]:
    """Live rows of table matching where with moment in [:s, :e), counted per owner."""
    own = owner_filter("owner_id", params.get("owner"))
    sql = (
        f"SELECT owner_id, count(*) FROM {table} WHERE deleted_at IS NULL{own} AND {where} "
        f"AND {moment} >= :s AND {moment} < :e GROUP BY 1"
    )
    return {str(key): int(n) for key, n in session.execute(text(sql), params)}


VISITS_DONE = ("visits", "status = 'done'", "planned_at")
CALLS = ("activities", "kind = 'call'", "occurred_at")


def activity_report(session: Session, period: Period, owner_id: str | None) -> Report:
    """Per rep: visits done, calls, proposals sent, accepted and rejected, sales won."""
    start, end = period.utc_bounds()
    p: dict[str, Any] = {"s": start, "e": end, "owner": owner_id}
    own = owner_filter("owner_id", owner_id)
    visits = count_by_owner(session, *VISITS_DONE, p)
    calls = count_by_owner(session, *CALLS, p)
    sent = count_by_owner(session, "quotes", "sent_at IS NOT NULL", "sent_at", p)
    accepted = count_by_owner(session, "quotes", "status = 'accepted'", "decided_at", p)
    rejected = count_by_owner(session, "quotes", "status = 'rejected'", "decided_at", p)
    sales = session.execute(
        text(
            f"SELECT owner_id, currency, count(*), sum(amount) FROM ({SALES_SQL}) "
            f"WHERE at >= :s AND at < :e{own} GROUP BY 1, 2"
        ),
        p,
    ).all()
    money = Money(session)
    won: dict[str, list[Any]] = {}
    for owner, currency, n, amount in sales:
        entry = won.setdefault(owner, [0, Decimal(0)])
        entry[0] += n
        entry[1] += money.cop(amount, currency)
    rows = []
    for uid, name in rep_names(session, owner_id).items():
        sold = won.get(uid, [0, Decimal("0.00")])
        rows.append((name, visits.get(uid, 0), calls.get(uid, 0), sent.get(uid, 0),
                     accepted.get(uid, 0), rejected.get(uid, 0),
                     sold[0], sold[1]))  # fmt: skip
    columns = (
        Column("rep", N_("Rep"), "text"),
        Column("visits", N_("Visits")),
        Column("calls", N_("Calls")),
        Column("sent", N_("Proposals sent")),
        Column("accepted", N_("Accepted")),
        Column("rejected", N_("Rejected")),
        Column("won", N_("Sales won")),
        Column("amount", N_("Sales (COP)"), "money"),
    )
    table = Table("activity", N_("Activity by rep"), columns, tuple(rows), totals_of(rows))
    chart = Chart("activity", "hbar", "rep", ("visits", "calls", "sent", "won"))
    return Report("activity", N_("Visits, calls, proposals and sales"), period, owner_id,
                  (table,), chart)  # fmt: skip


def rejections_report(session: Session, period: Period, owner_id: str | None) -> Report:
    """Why we lose: reasons of rejected quotes, lost opportunities and rejecting visits."""
    start, end = period.utc_bounds()
    p: dict[str, Any] = {"s": start, "e": end, "owner": owner_id}
    own = owner_filter("owner_id", owner_id)
    # source -> (table, reason column, condition, moment column)
    sources = {
        "quotes": ("quotes", "rejection_reason", "status = 'rejected'", "decided_at"),
        "opportunities": ("opportunities", "lost_reason", "stage = 'closed_lost'", "closed_at"),
        "visits": ("visits", "rejection_reason", "outcome = 'rejected'", "planned_at"),
    }
    counts = {
        name: _reason_counts(
            session,
            f"SELECT {reason}, count(*) FROM {table} WHERE deleted_at IS NULL{own} AND {where} "
            f"AND {moment} >= :s AND {moment} < :e GROUP BY 1",
            p,
        )
        for name, (table, reason, where, moment) in sources.items()
    }
    reasons = sorted({r for found in counts.values() for r in found})
    rows: list[tuple[Any, ...]] = []
    for reason in reasons:
        cells = [counts[name].get(reason, 0) for name in sources]
        rows.append((reason, *cells, sum(cells)))
    rows.sort(key=lambda r: (-r[-1], r[0]))
    columns = (
        Column("reason", N_("Reason"), "text"),
        Column("quotes", N_("Rejected proposals")),
        Column("opportunities", N_("Lost opportunities")),
        Column("visits", N_("Rejections at visits")),
        Column("total", N_("Total")),
    )
    reasons_table = Table("reasons", N_("Rejections by reason"), columns, tuple(rows),
                          totals_of(rows))  # fmt: skip
    detail = _rejected_quotes(session, p, owner_filter("q.owner_id", owner_id))
    chart = Chart("reasons", "hbar", "reason", ("total",))
    return Report("rejections", N_("Rejections and their reasons"), period, owner_id,
                  (reasons_table, detail), chart)  # fmt: skip


def _reason_counts(session: Session, sql: str, params: dict[str, Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for reason, n in session.execute(text(sql), params):
        key = (reason or "").strip() or gettext(N_("(no reason given)"))
        found[key] = found.get(key, 0) + int(n)
    return found


def _rejected_quotes(session: Session, p: dict[str, Any], own: str) -> Table:
    money = Money(session)
    rows = session.execute(
        text(
            "SELECT q.number, a.legal_name, u.full_name, q.decided_at, q.total, q.currency, "
            "coalesce(q.rejection_reason, '') FROM quotes q JOIN accounts a ON a.id = q.account_id "
            "LEFT JOIN users u ON u.id = q.owner_id WHERE q.deleted_at IS NULL AND "
            f"q.status = 'rejected' AND q.decided_at >= :s AND q.decided_at < :e{own} "
            "ORDER BY q.decided_at DESC LIMIT 500"
        ),
        p,
    )
    detail = tuple(
        (num, acc, rep or "", str(at)[:10], money.cop(total, cur), reason)
        for num, acc, rep, at, total, cur, reason in rows
    )
    columns = (
        Column("number", N_("Quote"), "text"),
        Column("account", N_("Account"), "text"),
        Column("rep", N_("Rep"), "text"),
        Column("decided", N_("Decided on"), "date"),
        Column("amount", N_("Amount (COP)"), "money"),
        Column("reason", N_("Reason"), "text"),
    )
    return Table("rejected_quotes", N_("Rejected proposals"), columns, detail)


OPEN_STAGES = [s for s in OpportunityStage if not s.is_closed]


def _probability(stage: str) -> int:
    try:
        return STAGE_PROBABILITY[OpportunityStage(stage)]
    except ValueError:
        return 0


def pipeline_report(session: Session, period: Period, owner_id: str | None) -> Report:
    """Open opportunities by stage, their amount weighted by probability, and the forecast."""
    own = owner_filter("owner_id", owner_id)
    rows_sql = text(
        "SELECT stage, currency, count(*), sum(amount), sum(amount * probability), "
        "sum(CASE WHEN expected_close BETWEEN :s AND :e THEN 1 ELSE 0 END), "
        "sum(CASE WHEN expected_close BETWEEN :s AND :e THEN amount * probability ELSE 0 END) "
        f"FROM opportunities WHERE deleted_at IS NULL{own} "
        "AND stage NOT IN ('closed_won', 'closed_lost') GROUP BY 1, 2"
    )
    params = {"s": period.start.isoformat(), "e": period.end.isoformat(), "owner": owner_id}
    money = Money(session)
    acc: dict[str, list[Any]] = {
        s.value: [0, Decimal(0), Decimal(0), 0, Decimal(0)] for s in OPEN_STAGES
    }
    for stage, cur, n, amount, weighted, closing, forecast in session.execute(rows_sql, params):
        entry = acc.setdefault(stage, [0, Decimal(0), Decimal(0), 0, Decimal(0)])
        entry[0] += n
        entry[1] += money.cop(amount, cur)
        entry[2] += money.cop(weighted, cur) / HUNDRED
        entry[3] += closing
        entry[4] += money.cop(forecast, cur) / HUNDRED
    cent = Decimal("0.01")
    rows = [
        (stage, _probability(stage), e[0], e[1], e[2].quantize(cent), e[3], e[4].quantize(cent))
        for stage, e in acc.items()
    ]
    columns = (
        Column("stage", N_("Stage"), "code:stage"),
        Column("probability", N_("Probability (%)")),
        Column("count", N_("Opportunities")),
        Column("amount", N_("Amount (COP)"), "money"),
        Column("weighted", N_("Weighted (COP)"), "money"),
        Column("closing", N_("Closing in period")),
        Column("forecast", N_("Forecast (COP)"), "money"),
    )
    total = totals_of(rows)
    total = (total[0], "", *total[2:]) if total else total
    table = Table("pipeline", N_("Pipeline by stage"), columns, tuple(rows), total)
    chart = Chart("pipeline", "bar", "stage", ("amount", "weighted"))
    return Report(
        "pipeline", N_("Pipeline and weighted forecast"), period, owner_id, (table,), chart
    )


_CONTACTED = """
SELECT account_id FROM visits WHERE deleted_at IS NULL{own} AND status = 'done'
  AND planned_at >= :s AND planned_at < :e
UNION
SELECT account_id FROM activities WHERE deleted_at IS NULL{own} AND kind = 'call'
  AND occurred_at >= :s AND occurred_at < :e
"""


def funnel_report(session: Session, period: Period, owner_id: str | None) -> Report:
    """A cohort: the accounts contacted (a visit done or a call) in the period, and how many of
    them went on, from the period's start until now, to each next step; each step counts only
    accounts that reached the one before, so the funnel never widens (it used to count each step
    on its own: 373 proposals under 161 opportunities)."""
    start, end = period.utc_bounds()
    p = {"s": start, "e": end, "owner": owner_id}
    own = owner_filter("owner_id", owner_id)
    since = " WHERE {moment} >= :s{own}"
    steps = (
        (N_("Contacted in the period (visit or call)"), _CONTACTED.format(own=own)),
        (N_("Opportunity opened"),
         "SELECT account_id FROM opportunities" + since.format(moment="created_at", own=own)
         + " AND deleted_at IS NULL"),
        (N_("Proposal sent"),
         "SELECT account_id FROM quotes" + since.format(moment="sent_at", own=own)
         + " AND deleted_at IS NULL"),
        (N_("Sale won"),
         f"SELECT account_id FROM ({SALES_SQL})" + since.format(moment="at", own=own)),
        (N_("New customer (first sale)"),
         f"SELECT account_id FROM ({SALES_SQL}) WHERE 1 = 1{own} GROUP BY account_id "
         "HAVING min(at) >= :s"),
    )  # fmt: skip
    reached: set[str] | None = None
    counts: list[int] = []
    for _label, sql in steps:
        found = {str(row[0]) for row in session.execute(text(sql), p)}
        reached = found if reached is None else reached & found
        counts.append(len(reached))
    first = counts[0]
    rows = tuple(
        (gettext(label), n, pct(n, first)) for (label, _sql), n in zip(steps, counts, strict=True)
    )
    columns = (
        Column("step", N_("Step"), "text"),
        Column("accounts", N_("Accounts")),
        Column("of_first", N_("% of contacted"), "pct"),
    )
    title = N_("Cohort: the accounts contacted in the period, and how far they went since")
    table = Table("funnel", title, columns, rows)
    chart = Chart("funnel", "hbar", "step", ("accounts",))
    return Report("funnel", N_("Conversion funnel: prospect to customer"), period, owner_id,
                  (table,), chart)  # fmt: skip


ReportFn = Callable[[Session, Period, str | None], Report]
SALES_REPORTS: dict[str, tuple[str, ReportFn]] = {
    "activity": (N_("Visits, calls, proposals and sales"), activity_report),
    "rejections": (N_("Rejections and their reasons"), rejections_report),
    "pipeline": (N_("Pipeline and weighted forecast"), pipeline_report),
    "funnel": (N_("Conversion funnel: prospect to customer"), funnel_report),
}
