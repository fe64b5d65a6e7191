"""What a rep records: visits, calls and other activities, and reminders."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.base import Base, Synced


class Visit(Synced, Base):
    """A planned or done visit to an account, with check-in/out and its outcome."""

    __tablename__ = "visits"
    __table_args__ = (
        Index("ix_visits_account_time", "account_id", "planned_at"),
        Index("ix_visits_owner_time", "owner_id", "planned_at"),
        # "no contact since" target lists: the recent done visits' accounts, read from the index
        Index(
            "ix_visits_done_recent",
            "planned_at",
            "account_id",
            sqlite_where=text("deleted_at IS NULL AND status = 'done'"),
        ),
    )

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id"))
    owner_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    planned_at: Mapped[datetime]
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    route_order: Mapped[int | None] = mapped_column(Integer)
    place: Mapped[str | None] = mapped_column(String(240))
    purpose: Mapped[str | None] = mapped_column(String(240))
    status: Mapped[str] = mapped_column(String(16), default="planned")
    checked_in_at: Mapped[datetime | None]
    checked_out_at: Mapped[datetime | None]
    notes: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(24))
    rejection_reason: Mapped[str | None] = mapped_column(String(240))
    next_step: Mapped[str | None] = mapped_column(String(240))
    follow_up_on: Mapped[date | None]


class Activity(Synced, Base):
    """A call, e-mail, note, notification, rejection or stage change on an account."""

    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_account_time", "account_id", "occurred_at"),
        Index("ix_activities_owner_time", "owner_id", "occurred_at"),
        Index(
            "ix_activities_recent",
            "occurred_at",
            "account_id",
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id"))
    owner_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    opportunity_id: Mapped[str | None] = mapped_column(String(36))
    quote_id: Mapped[str | None] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime]
    subject: Mapped[str] = mapped_column(String(240), default="")
    body: Mapped[str | None] = mapped_column(Text)
    call_result: Mapped[str | None] = mapped_column(String(16))
    duration_minutes: Mapped[int | None] = mapped_column(Integer)


class Reminder(Synced, Base):
    """Something a rep must do by a time; from a visit, a call, a rule or by hand."""

    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_owner_due", "owner_id", "done_at", "due_at"),
        # A rule's key is unique per owner (as on the server): after a reassignment two owners
        # may each hold a reminder with the same key, and a manager's laptop receives both.
        UniqueConstraint("owner_id", "rule_key", name="uq_reminders_owner_rule_key"),
    )

    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    owner_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    due_at: Mapped[datetime]
    title: Mapped[str] = mapped_column(String(240))
    body: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(12), default="manual")
    # Rules stamp a key so re-evaluating never makes the same reminder twice.
    rule_key: Mapped[str | None] = mapped_column(String(160))
    snoozed_until: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
