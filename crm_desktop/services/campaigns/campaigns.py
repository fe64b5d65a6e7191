"""Campaigns: plan one, record what it cost, fill it from its target list, and record each
member's contact and response (the visit, call or e-mail that holds it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_
from crm_desktop.models import Account, Campaign, CampaignCost, CampaignMember, Contact
from crm_desktop.models.enums import CampaignStatus, MemberStatus
from crm_desktop.services.campaigns.targets import Filter, TargetList, target_list
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import FieldProblem, ValidationError
from crm_desktop.services.core.rules import validate_row

MAX_MEMBERS = 50_000  # per campaign: a rep's laptop receives each of its members


def create_campaign(session: Session, values: Mapping[str, Any]) -> Campaign:
    return crud.create(session, Campaign, values)


def update_campaign(session: Session, campaign_id: str, changes: Mapping[str, Any]) -> Campaign:
    return crud.update(session, Campaign, campaign_id, changes)


def save_filter(session: Session, campaign_id: str, f: Filter) -> Campaign:
    return crud.update(session, Campaign, campaign_id, {"target_filter": f.to_json()})


def add_cost(session: Session, campaign_id: str, values: Mapping[str, Any]) -> CampaignCost:
    crud.get_live(session, Campaign, campaign_id)
    return crud.create(session, CampaignCost, {**values, "campaign_id": campaign_id})


def actual_cost(session: Session, campaign_id: str) -> Decimal:
    total = session.scalar(
        select(func.coalesce(func.sum(CampaignCost.amount), 0)).where(
            CampaignCost.campaign_id == campaign_id, CampaignCost.deleted_at.is_(None)
        )
    )
    return Decimal(total or 0)


def preview(session: Session, campaign_id: str) -> TargetList:
    """The campaign's target list from its saved filter, leaving out its members already in."""
    campaign = crud.get_live(session, Campaign, campaign_id)
    return target_list(session, Filter.from_json(campaign.target_filter), campaign_id)


def fill(session: Session, campaign_id: str) -> TargetList:
    """Add the target list's accounts as members, each assigned to its account's rep and with
    its primary contact; returns the list (with what was left out and why)."""
    found = preview(session, campaign_id)
    have = session.scalar(
        select(func.count()).where(
            CampaignMember.campaign_id == campaign_id, CampaignMember.deleted_at.is_(None)
        )
    )
    if int(have or 0) + len(found.account_ids) > MAX_MEMBERS:
        raise ValidationError(
            [
                FieldProblem(
                    "target_filter",
                    "too_many_members",
                    N_("A campaign holds at most {max} members; narrow the filter."),
                    {"max": MAX_MEMBERS},
                )
            ]
        )
    reps = _reps_and_contacts(session, found.account_ids)
    rows = [
        validate_row(
            "campaign_members",
            {
                "campaign_id": campaign_id,
                "account_id": account_id,
                "owner_id": reps[account_id][0],
                "contact_id": reps[account_id][1],
                "status": MemberStatus.PENDING.value,
            },
        )
        for account_id in found.account_ids
    ]
    crud.insert_cleaned(session, CampaignMember, rows)
    return found


def _reps_and_contacts(
    session: Session, account_ids: tuple[str, ...]
) -> dict[str, tuple[str | None, str | None]]:
    found: dict[str, tuple[str | None, str | None]] = {}
    for start in range(0, len(account_ids), 900):
        chunk = account_ids[start : start + 900]
        for account_id, owner_id in session.execute(
            select(Account.id, Account.owner_id).where(Account.id.in_(chunk))
        ):
            found[account_id] = (owner_id, None)
        primary = select(Contact.account_id, Contact.id).where(
            Contact.account_id.in_(chunk), Contact.is_primary, Contact.deleted_at.is_(None)
        )
        for account_id, contact_id in session.execute(primary):
            found[account_id] = (found[account_id][0], contact_id)
    return found


def mark_reached(session: Session, member_id: str, at: datetime | None = None) -> CampaignMember:
    member = crud.get_live(session, CampaignMember, member_id)
    if member.status != MemberStatus.PENDING.value:
        return member
    when = at or clock_of(session).now()
    changes = {"status": MemberStatus.REACHED.value, "reached_at": when}
    return crud.update(session, CampaignMember, member_id, changes)


def record_response(
    session: Session,
    member_id: str,
    kind: str,
    outcome: str | None,
    ref: str | None = None,
    at: datetime | None = None,
) -> CampaignMember:
    """The customer responded: by a visit, call or e-mail (ref: that visit's or activity's id)."""
    member = crud.get_live(session, CampaignMember, member_id)
    when = at or clock_of(session).now()
    changes: dict[str, Any] = {
        "status": MemberStatus.RESPONDED.value,
        "responded_at": when,
        "response_kind": kind,
        "response_outcome": outcome,
        "response_ref": ref,
    }
    if member.reached_at is None:
        changes["reached_at"] = when
    return crud.update(session, CampaignMember, member_id, changes)


def member_of(session: Session, campaign_id: str, account_id: str) -> CampaignMember | None:
    return session.scalar(
        select(CampaignMember).where(
            CampaignMember.campaign_id == campaign_id,
            CampaignMember.account_id == account_id,
            CampaignMember.deleted_at.is_(None),
        )
    )


@dataclass(frozen=True)
class CampaignTask:
    """A member a rep still has to work on: shown on Today."""

    member_id: str
    campaign_id: str
    campaign_name: str
    channels: str
    account_id: str
    account_name: str
    status: str
    ends_on: date


def campaign_tasks(
    session: Session, owner_id: str | None, today: date, limit: int = 200
) -> list[CampaignTask]:
    """Members not yet responded of the active campaigns running today, ending soonest first."""
    query = (
        select(
            CampaignMember.id,
            Campaign.id,
            Campaign.name,
            Campaign.channels,
            Account.id,
            Account.legal_name,
            CampaignMember.status,
            Campaign.ends_on,
        )
        .join(Campaign, Campaign.id == CampaignMember.campaign_id)
        .join(Account, Account.id == CampaignMember.account_id)
        .where(
            CampaignMember.deleted_at.is_(None),
            CampaignMember.status.in_((MemberStatus.PENDING.value, MemberStatus.REACHED.value)),
            Campaign.deleted_at.is_(None),
            Campaign.status == CampaignStatus.ACTIVE.value,
            Campaign.starts_on <= today,
            Campaign.ends_on >= today,
        )
        .order_by(Campaign.ends_on, Campaign.name, Account.legal_name)
        .limit(limit)
    )
    if owner_id is not None:
        query = query.where(CampaignMember.owner_id == owner_id)
    return [CampaignTask(*row) for row in session.execute(query)]
