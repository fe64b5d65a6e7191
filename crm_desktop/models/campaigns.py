"""Marketing campaigns: the plan, what it cost, and the accounts it targets (its members).

Campaigns and their cost lines are managers' data; the server files them under a mark of their
own and sends a campaign to a rep only when one of the rep's accounts is a member. Members sit
under their account, so they travel with it like visits do.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.base import Base, Synced


class Campaign(Synced, Base):
    """A campaign: goal, channels, period, budget, owner, status, its saved target filter and how
    opportunities and quotes are attributed to it."""

    __tablename__ = "campaigns"

    name: Mapped[str] = mapped_column(String(160))
    goal: Mapped[str | None] = mapped_column(Text)
    channels: Mapped[str] = mapped_column(String(60), default="visit")  # comma-separated
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    budget: Mapped[Decimal] = mapped_column(default=Decimal(0))
    currency: Mapped[str] = mapped_column(String(3), default="COP")
    owner_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(12), default="planned")
    target_filter: Mapped[str | None] = mapped_column(Text)  # JSON of services.campaigns.Filter
    attribution: Mapped[str] = mapped_column(String(12), default="last_touch")
    attribution_days: Mapped[int] = mapped_column(Integer, default=90)
    # The campaign's e-mail (services.campaigns.mailing): merge fields filled per member.
    email_subject: Mapped[str | None] = mapped_column(String(400))
    email_body: Mapped[str | None] = mapped_column(Text)


class CampaignCost(Synced, Base):
    """One actual cost of a campaign, on the day it was spent."""

    __tablename__ = "campaign_costs"

    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"), index=True)
    spent_on: Mapped[date]
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3), default="COP")
    description: Mapped[str] = mapped_column(String(200), default="")


class CampaignMember(Synced, Base):
    """An account (and optionally its contact) targeted by a campaign, assigned to the account's
    rep, with the rep's touch and the customer's response (the visit or activity that holds it).
    No foreign key to the campaign: a rep's laptop may receive the member before the campaign."""

    __tablename__ = "campaign_members"
    __table_args__ = (
        Index("ix_campaign_members_campaign", "campaign_id", "status"),
        Index("ix_campaign_members_owner", "owner_id", "status"),
        # the ROI report's counts and touched accounts, read from the index alone
        Index(
            "ix_campaign_members_touch",
            "campaign_id",
            "status",
            "account_id",
            "reached_at",
            "responded_at",
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )

    campaign_id: Mapped[str] = mapped_column(String(36))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    contact_id: Mapped[str | None] = mapped_column(String(36))
    owner_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(12), default="pending")
    reached_at: Mapped[datetime | None]
    responded_at: Mapped[datetime | None]
    response_kind: Mapped[str | None] = mapped_column(String(12))  # visit, call, email
    response_outcome: Mapped[str | None] = mapped_column(String(24))
    response_ref: Mapped[str | None] = mapped_column(String(36))  # the visit or activity id


class MarketSize(Synced, Base):
    """What a market is worth over a period, as a manager estimates it: all sales, ours and
    everyone else's, in a city or a company-size segment (accounts.segment). The market share
    report sets our sales there against it."""

    __tablename__ = "market_sizes"
    __table_args__ = (Index("ix_market_sizes_period", "starts_on", "ends_on"),)

    dimension: Mapped[str] = mapped_column(String(12))  # city | segment
    market_key: Mapped[str] = mapped_column(String(80))  # the city's name or the segment's code
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3), default="COP")
    note: Mapped[str] = mapped_column(String(200), default="")
