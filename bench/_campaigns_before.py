"""The campaign code as it was before the SQL rewrite (issue 15's figures), kept so that
`bench.run campaigns` times both sides in one run on the same file and load."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from crm_desktop.models import Account, Activity, CampaignMember, Opportunity, Quote, Visit
from crm_desktop.services.campaigns.attribution import (
    Attributed,
    _local_day,
    _touched_accounts,
    owed_to,
    touches,
)


def contacted_since(since: datetime) -> Any:
    """Two correlated probes for each account."""
    visited = exists().where(
        Visit.account_id == Account.id,
        Visit.deleted_at.is_(None),
        Visit.status == "done",
        Visit.planned_at >= since,
    )
    touched = exists().where(
        Activity.account_id == Account.id,
        Activity.deleted_at.is_(None),
        Activity.occurred_at >= since,
    )
    return or_(visited, touched)


def _first_touch(session: Session, campaign_ids: list[str]) -> date | None:
    at = func.min(func.coalesce(CampaignMember.reached_at, CampaignMember.responded_at))
    found = session.scalar(
        select(at).where(
            CampaignMember.campaign_id.in_(campaign_ids), CampaignMember.deleted_at.is_(None)
        )
    )
    return None if found is None else _local_day(found)


def attribute(session: Session, campaign_ids: list[str]) -> Attributed:
    """Every touch and every sale since the first touch read into Python, owed_to per sale."""
    by_account = touches(session, campaign_ids)
    opps: dict[str, set[str]] = defaultdict(set)
    quotes: dict[str, set[str]] = defaultdict(set)
    touched = _touched_accounts(campaign_ids)
    first = _first_touch(session, campaign_ids)
    if first is None:
        return Attributed({}, {})
    made = session.execute(
        select(Opportunity.id, Opportunity.account_id, Opportunity.created_at).where(
            Opportunity.account_id.in_(touched),
            Opportunity.deleted_at.is_(None),
            Opportunity.created_at >= datetime.combine(first - timedelta(days=1), time(), UTC),
        )
    )
    issued = session.execute(
        select(Quote.id, Quote.account_id, Quote.issued_on).where(
            Quote.account_id.in_(touched), Quote.deleted_at.is_(None), Quote.issued_on >= first
        )
    )
    for rows, into in ((made, opps), (issued, quotes)):
        for row_id, account_id, when in rows:
            campaign = owed_to(by_account.get(account_id, []), _local_day(when))
            if campaign is not None:
                into[campaign].add(row_id)
    return Attributed(dict(opps), dict(quotes))
