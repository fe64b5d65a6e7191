"""Customer reports: customers by kind and value segment, customer value, cross-sell suggestions.

Definitions (seed 003, "valor del cliente"):
- An active customer at a moment has a sale in the 365 days before it.
- Retention rate of a period = (E − N) / S: S active customers at its start, E at its end,
  N new customers (first sale ever) within it.
- A sale is a renewal when it includes a licence product the account already owned before the
  sale (account_products.since earlier than the sale day); any other sale is one-off.
- Customer lifetime value (historic) = revenue of every sale up to the period's end divided by
  the accounts that bought at least once: what a customer has been worth so far, on average.
- Cross-sell: "similar accounts" share the account's kind and CIIU division (the first two
  digits of the economic activity); suggested are the products most of them own that the
  account does not, with the share of similar accounts that own each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.i18n import N_, gettext
from crm_desktop.models.enums import AccountKind
from crm_desktop.services.core.sql import SALES_SQL
from crm_desktop.services.reports.reports import (
    SCALE,
    Chart,
    Column,
    Money,
    Period,
    Report,
    ReportFn,
    Table,
    owner_filter,
    pct,
    totals_of,
)
from crm_desktop.services.reports.rfm import SEGMENTS, latest_rates, rate_case

NONE_SEGMENT = "none"
CENT = Decimal("0.01")
SEGMENT_COLUMNS = (*SEGMENTS, NONE_SEGMENT)


def customers_report(session: Session, period: Period, owner_id: str | None) -> Report:
    """Customers (accounts with the customer role) by kind and RFM segment; a snapshot."""
    own = owner_filter("a.owner_id", owner_id)
    found = session.execute(
        text(
            # The covering index of revision r2 spares reading 100k wide account rows.
            "SELECT a.kind, coalesce(s.segment, 'none'), count(*) FROM accounts a "
            "INDEXED BY ix_accounts_kind_roles LEFT JOIN account_scores s "
            "ON s.account_id = a.id WHERE a.deleted_at IS NULL "
            f"AND ',' || a.roles || ',' LIKE '%,customer,%'{own} GROUP BY 1, 2"
        ),
        {"owner": owner_id},
    ).all()
    counts = {(kind, seg): int(n) for kind, seg, n in found}
    rows = []
    for kind in AccountKind:
        cells = [counts.get((kind.value, seg), 0) for seg in SEGMENT_COLUMNS]
        rows.append((kind.value, *cells, sum(cells)))
    columns = (
        Column("kind", N_("Kind of customer"), "code:kind"),
        *(Column(seg, title) for seg, title in SEGMENTS.items()),
        Column(NONE_SEGMENT, N_("No purchases")),
        Column("total", N_("Total")),
    )
    table = Table("customers", N_("Customers by kind and value segment"), columns, tuple(rows),
                  totals_of(rows))  # fmt: skip
    chart = Chart("customers", "stacked", "kind", tuple(SEGMENTS))  # buyers only: clearer
    return Report("customers", N_("Customers by kind and segment"), period, owner_id, (table,),
                  chart)  # fmt: skip


_RETENTION = """
SELECT sum(first >= :s AND first < :e), sum(at_start), sum(at_end) FROM (
  SELECT account_id, min(at) AS first, max(at >= :s365 AND at < :s) AS at_start,
         max(at >= :e365 AND at < :e) AS at_end
  FROM ({sales}) WHERE at < :e{own} GROUP BY account_id)
"""


def _retention_counts(session: Session, start: str, end: str, owner: str | None) -> list[int]:
    """[new customers in the period, active customers at its start, active at its end]."""
    sql = _RETENTION.format(sales=SALES_SQL, own=owner_filter("owner_id", owner))
    params = {"s": start, "e": end, "s365": _shift(start, 365), "e365": _shift(end, 365)}
    row = session.execute(text(sql), params | {"owner": owner}).one()
    return [int(v or 0) for v in row]


def _shift(moment_text: str, days: int) -> str:
    """A stored naive-UTC moment, days earlier, in the same text form."""
    earlier = datetime.fromisoformat(moment_text) - timedelta(days=days)
    return earlier.strftime("%Y-%m-%d %H:%M:%S.%f")


def value_report(session: Session, period: Period, owner_id: str | None) -> Report:
    """Retention, renewals vs one-off sales, lifetime value by kind, cross-sell suggestions."""
    start, end = period.utc_bounds()
    new, at_start, at_end = _retention_counts(session, start, end, owner_id)
    renewals, one_off, renewal_cop, one_off_cop = _renewal_split(session, start, end, owner_id)
    metrics = tuple((gettext(label), value) for label, value in (
        (N_("Active customers at the start"), Decimal(at_start)),
        (N_("Active customers at the end"), Decimal(at_end)),
        (N_("New customers in the period"), Decimal(new)),
        (N_("Retention rate (%)"), pct(max(0, at_end - new), at_start)),
        (N_("Renewal sales"), Decimal(renewals)),
        (N_("One-off sales"), Decimal(one_off)),
        (N_("Share of renewals (% of sales)"), pct(renewals, renewals + one_off)),
        (N_("Share of renewals (% of revenue)"), pct(renewal_cop, renewal_cop + one_off_cop)),
    ))  # fmt: skip
    summary = Table(
        "value",
        N_("Customer value"),
        (Column("metric", N_("Measure"), "text"), Column("value", N_("Value"), "decimal")),
        metrics,
    )
    tables = (summary, _clv_by_kind(session, end, owner_id))
    mix = Table(
        "mix",
        N_("Renewals and one-off sales"),
        (Column("kind", N_("Sale"), "text"), Column("amount", N_("Revenue (COP)"), "money")),
        ((gettext(N_("Renewals")), renewal_cop), (gettext(N_("One-off")), one_off_cop)),
    )
    return Report("value", N_("Customer value"), period, owner_id, (*tables, mix),
                  Chart("mix", "pie", "kind", ("amount",)))  # fmt: skip


_RENEWAL = """EXISTS (SELECT 1 FROM quote_lines ql JOIN products p ON p.id = ql.product_id
  AND p.is_license = 1 JOIN account_products ap ON ap.account_id = s.account_id
  AND ap.product_id = ql.product_id AND ap.deleted_at IS NULL AND ap.since < substr(s.at, 1, 10)
  WHERE ql.quote_id = s.sale_id AND ql.deleted_at IS NULL)"""


def _renewal_split(
    session: Session, start: str, end: str, owner_id: str | None
) -> tuple[int, int, Decimal, Decimal]:
    own = owner_filter("s.owner_id", owner_id)
    rows = session.execute(
        text(
            f"SELECT {_RENEWAL} AS renewal, s.currency, count(*), sum(s.amount) "
            f"FROM ({SALES_SQL}) s WHERE s.at >= :s AND s.at < :e{own} GROUP BY 1, 2"
        ),
        {"s": start, "e": end, "owner": owner_id},
    )
    money = Money(session)
    counts, amounts = [0, 0], [Decimal(0), Decimal(0)]
    for renewal, currency, n, amount in rows:
        index = 0 if renewal else 1
        counts[index] += int(n)
        amounts[index] += money.cop(amount, currency)
    return counts[0], counts[1], amounts[0], amounts[1]


def _clv_by_kind(session: Session, end: str, owner_id: str | None) -> Table:
    own = owner_filter("s.owner_id", owner_id)
    rate = rate_case("s.currency", latest_rates(session))
    found = session.execute(
        text(
            f"SELECT a.kind, count(DISTINCT s.account_id), sum(s.amount * {rate}) "
            f"FROM ({SALES_SQL}) s JOIN accounts a ON a.id = s.account_id "
            f"WHERE s.at < :e{own} GROUP BY 1"
        ),
        {"e": end, "owner": owner_id},
    ).all()
    buyers = {kind: int(n) for kind, n, _amount in found}
    revenue = {
        kind: (Decimal(int(amount or 0)) * SCALE).quantize(CENT) for kind, _n, amount in found
    }
    rows = []
    for kind in AccountKind:
        n, total = buyers.get(kind.value, 0), revenue.get(kind.value, Decimal("0.00"))
        rows.append((kind.value, n, total, (total / n).quantize(Decimal("0.01")) if n else total))
    n_all = sum(r[1] for r in rows)
    all_revenue = sum((r[2] for r in rows), Decimal("0.00"))
    average = (all_revenue / n_all).quantize(Decimal("0.01")) if n_all else all_revenue
    totals = (gettext(N_("Total")), n_all, all_revenue, average)
    columns = (
        Column("kind", N_("Kind of customer"), "code:kind"),
        Column("customers", N_("Customers who bought")),
        Column("revenue", N_("Revenue to date (COP)"), "money"),
        Column("clv", N_("Lifetime value (COP)"), "money"),
    )
    return Table("clv", N_("Customer lifetime value by kind"), columns, tuple(rows), totals)


_DIVISION = "substr(coalesce(a.economic_activity, ''), 1, 2)"


@dataclass(frozen=True)
class Suggestion:
    product_id: str
    product_name: str
    owners: int  # similar accounts that own it
    similar: int  # similar accounts in all (the account itself left out)
    share: Decimal  # owners / similar, in %


def _in(name: str, values: Iterable[str]) -> tuple[str, dict[str, str]]:
    """An IN list of named parameters, for a handful of values."""
    params = {f"{name}{i}": v for i, v in enumerate(values)}
    return "(" + ", ".join(f":{k}" for k in params) + ")", params


def suggestions(
    session: Session, accounts: Sequence[tuple[str, str, str]], limit: int
) -> dict[str, list[Suggestion]]:
    """For each (account id, kind, CIIU division): products its peers own and it does not."""
    if not accounts:
        return {}
    divisions, params = _in("d", sorted({division for _a, _k, division in accounts}))
    peers = {
        (kind, division): int(n)
        for kind, division, n in session.execute(
            text(
                f"SELECT a.kind, {_DIVISION}, count(*) FROM accounts a WHERE a.deleted_at IS NULL "
                f"AND {_DIVISION} IN {divisions} GROUP BY 1, 2"
            ),
            params,
        )
    }
    owners = session.execute(
        text(
            f"SELECT a.kind, {_DIVISION}, p.id, p.name, count(DISTINCT ap.account_id) "
            "FROM account_products ap JOIN accounts a ON a.id = ap.account_id "
            "AND a.deleted_at IS NULL JOIN products p ON p.id = ap.product_id AND p.active = 1 "
            f"AND p.deleted_at IS NULL WHERE ap.deleted_at IS NULL AND {_DIVISION} IN {divisions} "
            "GROUP BY 1, 2, 3 ORDER BY 5 DESC, 4"
        ),
        params,
    ).all()
    ids, id_params = _in("a", [account for account, _k, _d in accounts])
    owned: set[tuple[str, str]] = set(
        session.execute(
            text(
                "SELECT account_id, product_id FROM account_products "
                f"WHERE deleted_at IS NULL AND account_id IN {ids}"
            ),
            id_params,
        ).tuples()
    )
    found: dict[str, list[Suggestion]] = {}
    for account, kind, division in accounts:
        similar = peers.get((kind, division), 1) - 1
        hints = found.setdefault(account, [])
        for o_kind, o_division, product, name, n in owners:
            if len(hints) >= limit:
                break
            if (o_kind, o_division) == (kind, division) and (account, product) not in owned:
                hints.append(Suggestion(product, name, int(n), similar, pct(n, similar)))
    return found


def cross_sell(session: Session, account_id: str, limit: int = 5) -> list[Suggestion]:
    """Products similar accounts own that this one does not, most owned first."""
    row = session.execute(
        text(f"SELECT a.id, a.kind, {_DIVISION} FROM accounts a WHERE a.id = :id"),
        {"id": account_id},
    ).first()
    if row is None:
        return []
    return suggestions(session, [(row[0], row[1], row[2])], limit).get(account_id, [])


def cross_sell_table(session: Session, owner_id: str | None, accounts: int = 15) -> Table:
    """The best suggestion for each of the highest-scored accounts in scope."""
    own = owner_filter("a.owner_id", owner_id)
    top = session.execute(
        text(
            f"SELECT a.id, a.legal_name, s.segment, a.kind, {_DIVISION} FROM account_scores s "
            f"CROSS JOIN accounts a ON a.id = s.account_id WHERE a.deleted_at IS NULL{own} "
            "ORDER BY s.score DESC, s.monetary DESC LIMIT :n"
        ),
        {"owner": owner_id, "n": accounts},
    ).all()
    hints = suggestions(session, [(t[0], t[3], t[4]) for t in top], 1)
    rows = tuple(
        (name, segment, hint.product_name, hint.share)
        for account_id, name, segment, _kind, _division in top
        for hint in hints.get(account_id, [])
    )
    columns = (
        Column("account", N_("Account"), "text"),
        Column("segment", N_("Segment"), "code:segment"),
        Column("product", N_("Suggested product"), "text"),
        Column("share", N_("Similar accounts that own it (%)"), "pct"),
    )
    return Table("cross_sell", N_("Cross-sell suggestions for the best customers"), columns, rows)


def cross_sell_report(session: Session, period: Period, owner_id: str | None) -> Report:
    """What to offer the best customers next: products their peers own (a snapshot)."""
    table = cross_sell_table(session, owner_id)
    return Report("cross_sell", N_("Cross-sell suggestions"), period, owner_id, (table,),
                  Chart("cross_sell", "hbar", "account", ("share",)))  # fmt: skip


CUSTOMER_REPORTS: dict[str, tuple[str, ReportFn]] = {
    "customers": (N_("Customers by kind and segment"), customers_report),
    "value": (N_("Customer value"), value_report),
    "cross_sell": (N_("Cross-sell suggestions"), cross_sell_report),
}
