"""Opportunities, quotes, their lines and their frozen revisions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.base import Base, Synced
from crm_desktop.models.types import FixedDecimal


class Opportunity(Synced, Base):
    __tablename__ = "opportunities"
    __table_args__ = (Index("ix_opportunities_stage_owner", "stage", "owner_id"),)

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    owner_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(20), default="prospecting")
    amount: Mapped[Decimal] = mapped_column(default=Decimal(0))
    currency: Mapped[str] = mapped_column(String(3), default="COP")
    probability: Mapped[int] = mapped_column(Integer, default=10)
    expected_close: Mapped[date | None]
    lost_reason: Mapped[str | None] = mapped_column(String(240))
    closed_at: Mapped[datetime | None]


class Quote(Synced, Base):
    __tablename__ = "quotes"
    __table_args__ = (Index("ix_quotes_status_valid", "status", "valid_until"),)

    number: Mapped[str] = mapped_column(String(40), unique=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id"))
    opportunity_id: Mapped[str | None] = mapped_column(ForeignKey("opportunities.id"))
    owner_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    currency: Mapped[str] = mapped_column(String(3), default="COP")
    exchange_rate: Mapped[Decimal] = mapped_column(FixedDecimal(6), default=Decimal(1))
    language: Mapped[str] = mapped_column(String(2), default="es")
    issued_on: Mapped[date]
    valid_until: Mapped[date]
    payment_terms: Mapped[str | None] = mapped_column(Text)
    delivery_terms: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    global_discount_pct: Mapped[Decimal] = mapped_column(default=Decimal(0))
    total: Mapped[Decimal] = mapped_column(default=Decimal(0))
    rejection_reason: Mapped[str | None] = mapped_column(String(240))
    sent_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]


class QuoteLine(Synced, Base):
    __tablename__ = "quote_lines"

    quote_id: Mapped[str] = mapped_column(ForeignKey("quotes.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8), default="item")
    product_id: Mapped[str | None] = mapped_column(ForeignKey("products.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[Decimal] = mapped_column(default=Decimal(1))
    unit: Mapped[str | None] = mapped_column(String(20))
    unit_price: Mapped[Decimal] = mapped_column(default=Decimal(0))
    list_price: Mapped[Decimal | None]
    price_override_reason: Mapped[str | None] = mapped_column(String(240))
    discount_pct: Mapped[Decimal] = mapped_column(default=Decimal(0))
    discount_amount: Mapped[Decimal] = mapped_column(default=Decimal(0))
    tax_category: Mapped[str] = mapped_column(String(12), default="iva19")
    tax_rate: Mapped[Decimal | None]  # the tax's rate when the line was made, frozen
    optional: Mapped[bool] = mapped_column(Boolean, default=False)


class QuoteRevision(Synced, Base):
    """A sent revision of a quote, kept whole as a frozen JSON snapshot."""

    __tablename__ = "quote_revisions"
    __table_args__ = (UniqueConstraint("quote_id", "revision"),)

    quote_id: Mapped[str] = mapped_column(ForeignKey("quotes.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[str] = mapped_column(Text)
    total: Mapped[Decimal]
    reason: Mapped[str | None] = mapped_column(String(240))
