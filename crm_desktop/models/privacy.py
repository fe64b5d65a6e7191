"""Data-subject rights: the history of each consent, and the log of export and erase requests.

Both travel like any synced row of their account (the server's scopes), and are written once:
a consent withdrawn is a new event, never an edit of the old one (Ley 1581 de 2012, art. 9;
Ley 25.326, art. 5: the company must be able to show when and how consent was given).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.base import Base, Synced


class ConsentEvent(Synced, Base):
    """A consent given or withdrawn: what (purpose), who recorded it, when, and how (channel)."""

    __tablename__ = "consent_events"
    __table_args__ = (Index("ix_consent_events_person", "account_id", "contact_id", "recorded_at"),)

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    contact_id: Mapped[str | None] = mapped_column(String(36))  # None: the account itself
    purpose: Mapped[str] = mapped_column(String(20))  # ConsentPurpose
    granted: Mapped[bool] = mapped_column(Boolean)
    channel: Mapped[str] = mapped_column(String(16))  # ConsentChannel
    recorded_by: Mapped[str | None] = mapped_column(String(36))  # the user's id
    recorded_at: Mapped[datetime] = mapped_column()
    note: Mapped[str | None] = mapped_column(String(240))


class PrivacyRequest(Synced, Base):
    """The audit log of data-subject requests: who asked, who did it, when, why, and what.

    It names the person by id only: after an erase, the log itself holds no personal data."""

    __tablename__ = "privacy_requests"
    __table_args__ = (Index("ix_privacy_requests_account", "account_id", "done_at"),)

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    contact_id: Mapped[str | None] = mapped_column(String(36))  # None: the account itself
    action: Mapped[str] = mapped_column(String(12))  # PrivacyAction
    requested_by: Mapped[str] = mapped_column(String(20))  # PrivacyRequester
    request_channel: Mapped[str] = mapped_column(String(16))  # ConsentChannel
    done_by: Mapped[str | None] = mapped_column(String(36))  # the user's id
    done_at: Mapped[datetime] = mapped_column()
    reason: Mapped[str] = mapped_column(Text)
