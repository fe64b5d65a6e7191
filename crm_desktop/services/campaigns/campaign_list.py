"""What the Campaigns page reads: the campaigns with their figures, one campaign whole (plan,
cost lines, filter, e-mail), its members with their rep and response, and the filter's choices.
Plain frozen rows, so a worker thread can hand them to the GUI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from crm_desktop.models import Account, Campaign, CampaignCost, CampaignMember, Product, User
from crm_desktop.models.enums import MemberStatus
from crm_desktop.services.campaigns.targets import Filter
from crm_desktop.services.core import crud

MEMBERS_SHOWN = 500  # the members table shows the first ones; the counts say how many in all


@dataclass(frozen=True)
class CampaignRow:
    id: str
    name: str
    status: str
    starts_on: date
    ends_on: date
    budget: Decimal
    cost: Decimal
    members: int
    responded: int


@dataclass(frozen=True)
class CostLine:
    id: str
    spent_on: date
    amount: Decimal
    description: str


@dataclass(frozen=True)
class CampaignDetail:
    id: str
    name: str
    goal: str
    channels: tuple[str, ...]
    starts_on: date
    ends_on: date
    budget: Decimal
    owner_id: str | None
    status: str
    attribution: str
    attribution_days: int
    target: Filter
    email_subject: str
    email_body: str
    costs: tuple[CostLine, ...]


@dataclass(frozen=True)
class MemberRow:
    id: str
    account_name: str
    rep_name: str
    status: str
    response_kind: str | None
    response_outcome: str | None


@dataclass(frozen=True)
class FilterChoices:
    """What the target-list form offers: reps (owners), cities and products to pick from."""

    people: tuple[tuple[str, str], ...]  # (user id, full name)
    cities: tuple[str, ...]
    products: tuple[tuple[str, str], ...]  # (product id, "CODE — name")


def campaign_rows(session: Session, owner_id: str | None = None) -> list[CampaignRow]:
    """Every live campaign, newest first; for a rep only those with a member of theirs."""
    costs = (
        select(CampaignCost.campaign_id, func.sum(CampaignCost.amount).label("cost"))
        .where(CampaignCost.deleted_at.is_(None))
        .group_by(CampaignCost.campaign_id)
        .subquery()
    )
    responded = case((CampaignMember.status == MemberStatus.RESPONDED.value, 1), else_=0)
    members = (
        select(
            CampaignMember.campaign_id,
            func.count().label("members"),
            func.sum(responded).label("responded"),
        )
        .where(CampaignMember.deleted_at.is_(None))
        .group_by(CampaignMember.campaign_id)
    )
    if owner_id is not None:
        members = members.where(CampaignMember.owner_id == owner_id)
    counted = members.subquery()
    query = (
        select(
            Campaign.id,
            Campaign.name,
            Campaign.status,
            Campaign.starts_on,
            Campaign.ends_on,
            Campaign.budget,
            func.coalesce(costs.c.cost, 0),
            func.coalesce(counted.c.members, 0),
            func.coalesce(counted.c.responded, 0),
        )
        .outerjoin(costs, costs.c.campaign_id == Campaign.id)
        .outerjoin(counted, counted.c.campaign_id == Campaign.id)
        .where(Campaign.deleted_at.is_(None))
        .order_by(Campaign.starts_on.desc(), Campaign.name)
    )
    if owner_id is not None:
        query = query.where(counted.c.members > 0)
    return [
        CampaignRow(i, n, s, a, b, Decimal(bu or 0), Decimal(c or 0), int(m), int(r))
        for i, n, s, a, b, bu, c, m, r in session.execute(query)
    ]


def campaign_detail(session: Session, campaign_id: str) -> CampaignDetail:
    c = crud.get_live(session, Campaign, campaign_id)
    costs = session.execute(
        select(
            CampaignCost.id, CampaignCost.spent_on, CampaignCost.amount, CampaignCost.description
        )
        .where(CampaignCost.campaign_id == campaign_id, CampaignCost.deleted_at.is_(None))
        .order_by(CampaignCost.spent_on)
    )
    return CampaignDetail(
        c.id, c.name, c.goal or "", tuple(x for x in (c.channels or "").split(",") if x),
        c.starts_on, c.ends_on, Decimal(c.budget or 0), c.owner_id, c.status, c.attribution,
        c.attribution_days, Filter.from_json(c.target_filter), c.email_subject or "",
        c.email_body or "", tuple(CostLine(i, d, Decimal(a), t or "") for i, d, a, t in costs),
    )  # fmt: skip


def member_rows(
    session: Session, campaign_id: str, owner_id: str | None = None
) -> tuple[list[MemberRow], int]:
    """The campaign's first MEMBERS_SHOWN members by account name (a rep's own), and how many."""
    where = [CampaignMember.campaign_id == campaign_id, CampaignMember.deleted_at.is_(None)]
    if owner_id is not None:
        where.append(CampaignMember.owner_id == owner_id)
    total = session.scalar(select(func.count()).select_from(CampaignMember).where(*where)) or 0
    query = (
        select(
            CampaignMember.id,
            Account.legal_name,
            func.coalesce(User.full_name, ""),
            CampaignMember.status,
            CampaignMember.response_kind,
            CampaignMember.response_outcome,
        )
        .join(Account, Account.id == CampaignMember.account_id)
        .outerjoin(User, User.id == CampaignMember.owner_id)
        .where(*where)
        .order_by(Account.legal_name)
        .limit(MEMBERS_SHOWN)
    )
    return [MemberRow(*row) for row in session.execute(query)], int(total)


def filter_choices(session: Session) -> FilterChoices:
    people = session.execute(
        select(User.id, User.full_name).where(User.deleted_at.is_(None)).order_by(User.full_name)
    )
    cities = session.scalars(
        select(Account.city)
        .where(Account.deleted_at.is_(None), Account.city.is_not(None), Account.city != "")
        .distinct()
        .order_by(Account.city)
        .limit(500)
    )
    products = session.execute(
        select(Product.id, Product.code, Product.name)
        .where(Product.deleted_at.is_(None))
        .order_by(Product.code)
        .limit(2000)
    )
    return FilterChoices(
        tuple((i, n) for i, n in people),
        tuple(c for c in cities if c),
        tuple((i, f"{code} — {name}") for i, code, name in products),
    )
