"""The local mail outbox: messages written offline, sent by SMTP when the laptop is online.

Local only (not synced): the message, its attachment and its delivery state belong to this
laptop. Sending a quote is also recorded as an e-mail activity, which does sync.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.base import Base
from crm_desktop.models.ids import new_id


class MailMessage(Base):
    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_state", "state", "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    quote_id: Mapped[str | None] = mapped_column(String(36), index=True)
    # A campaign's message (to this member): sent at most so many an hour (SmtpConfig).
    campaign_member_id: Mapped[str | None] = mapped_column(String(36))
    account_id: Mapped[str | None] = mapped_column(String(36))
    to_addrs: Mapped[str] = mapped_column(Text)  # comma-separated
    cc_addrs: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(String(400))
    body: Mapped[str] = mapped_column(Text, default="")
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary)
    attachment_path: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="queued")  # queued|sending|sent|failed
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()
    last_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
