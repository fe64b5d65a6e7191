"""Which campaign an opportunity or quote is owed to: a member's touch before it, within the
campaign's window (days); several campaigns touched the account: first or last touch.

A touch is the day the rep reached the member (or the customer responded, if that came first).
Each campaign says its model; when the candidate campaigns disagree, last touch decides. Days,
not instants: a quote's day is its issue date (it travels with the quote); an opportunity's is
the day this laptop first held it (created_at, which sync does not carry: on a laptop that
received it by sync it is the day of that sync, at most a sync interval late).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from crm_desktop.models import Campaign, CampaignMember
from crm_desktop.models.enums import Attribution


@dataclass(frozen=True)
class Touch:
    campaign_id: str
    on: date
    window: timedelta
    model: str


def _touched_accounts(campaign_ids: list[str]) -> Select[tuple[str]]:
    """The accounts the campaigns touched: one subquery, never a long list of ids in Python."""
    at = func.coalesce(CampaignMember.reached_at, CampaignMember.responded_at)
    return select(CampaignMember.account_id).where(
        CampaignMember.campaign_id.in_(campaign_ids),
        CampaignMember.deleted_at.is_(None),
        at.is_not(None),
    )


def _local_day(value: datetime | date | str) -> date:
    """The day a person here would say a moment happened: stored moments are UTC, a quote's
    issue day is the laptop's local day (services.quotes), so both are compared as local days.
    Near midnight in Bogotá a touch's UTC day is already tomorrow."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return value
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone().date()


def touches(session: Session, campaign_ids: list[str]) -> dict[str, list[Touch]]:
    """Every campaign touch (by any campaign) of the accounts these campaigns touched, oldest
    first, in one query."""
    found: dict[str, list[Touch]] = defaultdict(list)
    at = func.coalesce(CampaignMember.reached_at, CampaignMember.responded_at)
    query = (
        select(
            CampaignMember.account_id,
            CampaignMember.campaign_id,
            at,
            Campaign.attribution_days,
            Campaign.attribution,
        )
        .join(Campaign, Campaign.id == CampaignMember.campaign_id)
        .where(
            CampaignMember.account_id.in_(_touched_accounts(campaign_ids)),
            CampaignMember.deleted_at.is_(None),
            Campaign.deleted_at.is_(None),
            at.is_not(None),
        )
    )
    windows: dict[int, timedelta] = {}
    for account_id, campaign_id, when, days, model in session.execute(query):
        window = windows.setdefault(days, timedelta(days=days))
        day = _local_day(when)
        found[account_id].append(Touch(campaign_id, day, window, model))
    for items in found.values():
        items.sort(key=lambda t: t.on)
    return found


def owed_to(candidates: list[Touch], day: date) -> str | None:
    """The campaign a sale made on `day` is owed to, or None."""
    live = [t for t in candidates if t.on <= day <= t.on + t.window]
    if not live:
        return None
    if all(t.model == Attribution.FIRST_TOUCH.value for t in live):
        return live[0].campaign_id
    return live[-1].campaign_id


@dataclass(frozen=True)
class Attributed:
    opportunities: dict[str, set[str]]  # campaign id -> opportunity ids
    quotes: dict[str, set[str]]  # campaign id -> quote ids


# Each sale (opportunity or quote) of a touched account is set against that account's touches
# in SQL, and only the sales owed to a campaign come back: what owed_to() says, row by row.
# Days are local ('localtime': the zone Python's astimezone() uses), as in _local_day.
# CROSS JOIN keeps SQLite's join order: from the touched accounts to their rows (by the
# account_id indexes), never a scan of every quote. The touched accounts come from the covering
# index of the campaigns' members (SQLite preferred walking every member by account).
_OWED_SQL = """
WITH touched AS MATERIALIZED (
  SELECT DISTINCT account_id FROM campaign_members INDEXED BY ix_campaign_members_touch
  WHERE campaign_id IN ({ids}) AND deleted_at IS NULL
    AND coalesce(reached_at, responded_at) IS NOT NULL
), since AS MATERIALIZED (
  SELECT date(min(coalesce(reached_at, responded_at)), 'localtime') AS day
  FROM campaign_members INDEXED BY ix_campaign_members_touch
  WHERE campaign_id IN ({ids}) AND deleted_at IS NULL
), sales AS MATERIALIZED (
  SELECT 'o' AS kind, o.id, o.account_id, date(o.created_at, 'localtime') AS day
  FROM touched CROSS JOIN opportunities o ON o.account_id = touched.account_id
  WHERE o.deleted_at IS NULL AND date(o.created_at, 'localtime') >= (SELECT day FROM since)
  UNION ALL
  SELECT 'q', q.id, q.account_id, q.issued_on
  FROM touched CROSS JOIN quotes q ON q.account_id = touched.account_id
  WHERE q.deleted_at IS NULL AND q.issued_on >= (SELECT day FROM since)
), sold AS MATERIALIZED (SELECT DISTINCT account_id FROM sales
), t AS MATERIALIZED (
  SELECT m.account_id, m.campaign_id, c.attribution AS model,
         date(coalesce(m.reached_at, m.responded_at), 'localtime') AS first_day,
         date(coalesce(m.reached_at, m.responded_at), 'localtime',
              '+' || c.attribution_days || ' days') AS last_day
  FROM sold CROSS JOIN campaign_members m ON m.account_id = sold.account_id
  JOIN campaigns c ON c.id = m.campaign_id
  WHERE m.deleted_at IS NULL AND c.deleted_at IS NULL
    AND coalesce(m.reached_at, m.responded_at) IS NOT NULL
), live AS (
  SELECT s.kind, s.id, t.campaign_id, t.first_day,
         min(CASE WHEN t.model = 'first_touch' THEN 1 ELSE 0 END)
           OVER (PARTITION BY s.kind, s.id) AS all_first
  FROM sales s JOIN t ON t.account_id = s.account_id
  WHERE t.first_day <= s.day AND s.day <= t.last_day
), ranked AS (
  SELECT kind, id, campaign_id, row_number() OVER (
    PARTITION BY kind, id ORDER BY
      CASE WHEN all_first = 1 THEN first_day END ASC,
      CASE WHEN all_first = 1 THEN NULL ELSE first_day END DESC, campaign_id) AS n
  FROM live
)
SELECT kind, id, campaign_id FROM ranked WHERE n = 1
"""


def attribute(session: Session, campaign_ids: list[str]) -> Attributed:
    """The opportunities and quotes of the accounts these campaigns touched, each owed to at
    most one campaign (possibly one not asked about); a sale before the first touch of these
    campaigns is never theirs. One query: only the owed sales reach Python."""
    if not campaign_ids:
        return Attributed({}, {})
    marks = ",".join(f":c{i}" for i in range(len(campaign_ids)))
    params = {f"c{i}": v for i, v in enumerate(campaign_ids)}
    opps: dict[str, set[str]] = defaultdict(set)
    quotes: dict[str, set[str]] = defaultdict(set)
    for kind, row_id, campaign in session.execute(text(_OWED_SQL.format(ids=marks)), params):
        (opps if kind == "o" else quotes)[campaign].add(row_id)
    return Attributed(dict(opps), dict(quotes))
