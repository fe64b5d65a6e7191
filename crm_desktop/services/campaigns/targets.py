"""A campaign's target list from a saved filter; only accounts that consented to marketing.

The filter is plain data (saved on the campaign as JSON). Accounts that match but may not be
targeted are counted by reason, so the list says how many were left out and why.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import Session

from crm_desktop.models import Account, AccountProduct, Activity, CampaignMember, Visit
from crm_desktop.models.scores import AccountScore

# Why a matching account is left out (the first that applies, in this order).
NO_MARKETING_CONSENT = "no_marketing_consent"
NO_REP = "no_rep"
ALREADY_MEMBER = "already_member"


@dataclass(frozen=True)
class Filter:
    """What a target list asks for; an empty field does not narrow it. Products: owns any of
    `owns` and none of `not_owns` (cross-sell: customers of A without B)."""

    segments: tuple[str, ...] = ()  # RFM segments
    kinds: tuple[str, ...] = ()  # account kinds
    roles: tuple[str, ...] = ()  # any of these roles
    cities: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()  # CIIU codes or their leading digits
    owns: tuple[str, ...] = ()  # product ids
    not_owns: tuple[str, ...] = ()
    last_contact_before: date | None = None  # no visit or activity since this day

    def to_json(self) -> str:
        data = asdict(self)
        data["last_contact_before"] = (
            self.last_contact_before.isoformat() if self.last_contact_before else None
        )
        return json.dumps({k: v for k, v in data.items() if v}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Filter:
        data: dict[str, Any] = json.loads(text) if text else {}
        day = data.pop("last_contact_before", None)
        lists = {k: tuple(str(v) for v in data.get(k, ())) for k in cls.__dataclass_fields__}
        lists.pop("last_contact_before")
        return cls(**lists, last_contact_before=date.fromisoformat(day) if day else None)


@dataclass(frozen=True)
class TargetList:
    account_ids: tuple[str, ...]
    matched: int  # accounts the filter matched, before consent and the other checks
    left_out: dict[str, int] = field(default_factory=dict)  # reason -> how many


def _matching(f: Filter) -> Select[Any]:
    query = select(Account.id, Account.owner_id, Account.consent_marketing).where(
        Account.deleted_at.is_(None)
    )
    if f.kinds:
        query = query.where(Account.kind.in_(f.kinds))
    if f.cities:
        query = query.where(Account.city.in_(f.cities))
    if f.roles:
        query = query.where(or_(*(_has_role(r) for r in f.roles)))
    if f.activities:
        query = query.where(or_(*(Account.economic_activity.startswith(a) for a in f.activities)))
    if f.segments:
        query = query.where(
            exists().where(
                AccountScore.account_id == Account.id, AccountScore.segment.in_(f.segments)
            )
        )
    if f.owns:
        query = query.where(_owns(f.owns))
    if f.not_owns:
        query = query.where(~_owns(f.not_owns))
    if f.last_contact_before is not None:
        since = datetime.combine(f.last_contact_before, time(), UTC)
        query = query.where(~_contacted_since(since))
    return query


def _has_role(role: str) -> Any:
    roles = "," + Account.roles + ","
    return roles.contains("," + role + ",")


def _owns(products: tuple[str, ...]) -> Any:
    return exists().where(
        AccountProduct.account_id == Account.id,
        AccountProduct.deleted_at.is_(None),
        AccountProduct.product_id.in_(products),
    )


def _contacted_since(since: datetime) -> Any:
    """Accounts with a done visit or an activity since then: one set, built once by SQLite from
    the recent visits and activities, instead of two probes for each of 100,000 accounts."""
    visited = select(Visit.account_id).where(
        Visit.account_id.is_not(None),
        Visit.deleted_at.is_(None),
        Visit.status == "done",
        Visit.planned_at >= since,
    )
    touched = select(Activity.account_id).where(
        Activity.account_id.is_not(None),
        Activity.deleted_at.is_(None),
        Activity.occurred_at >= since,
    )
    return Account.id.in_(visited.union_all(touched))


def target_list(session: Session, f: Filter, campaign_id: str | None = None) -> TargetList:
    """The accounts a campaign may target, and how many matching ones were left out and why."""
    members: set[str] = set()
    if campaign_id is not None:
        members = set(
            session.scalars(
                select(CampaignMember.account_id).where(
                    CampaignMember.campaign_id == campaign_id, CampaignMember.deleted_at.is_(None)
                )
            )
        )
    kept: list[str] = []
    left: dict[str, int] = {}
    matched = 0
    for account_id, owner_id, marketing in session.execute(_matching(f)):
        matched += 1
        reason = _reason(account_id, owner_id, bool(marketing), members)
        if reason is None:
            kept.append(account_id)
        else:
            left[reason] = left.get(reason, 0) + 1
    return TargetList(tuple(kept), matched, left)


def _reason(
    account_id: str, owner_id: str | None, consented: bool, members: set[str]
) -> str | None:
    if not consented:
        return NO_MARKETING_CONSENT
    if owner_id is None:
        return NO_REP
    if account_id in members:
        return ALREADY_MEMBER
    return None
