"""Opportunities, quotes, their lines and their frozen revisions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
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
    __table_args__ = (
        Index("ix_quotes_status_valid", "status", "valid_until"),
        # campaign attribution: a touched account's quotes since a day, read from the index
        Index(
            "ix_quotes_account_issued",
            "account_id",
            "issued_on",
            "id",
            sqlite_where=text("deleted_at IS NULL"),
        ),
        # every report's exchange rates: each currency's newest quote (services.reports.rfm)
        Index(
            "ix_quotes_currency_issued",
            "currency",
            "issued_on",
            "exchange_rate",
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )

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


# What the profitability report reads of a line, so it never loads the line's description.
MARGIN_COLUMNS = (
    "quote_id", "kind", "optional", "deleted_at", "product_id", "quantity", "unit_price",
    "discount_amount", "tax_category", "tax_rate", "unit_cost",
)  # fmt: skip


class QuoteLine(Synced, Base):
    __tablename__ = "quote_lines"
    __table_args__ = (Index("ix_quote_lines_margin", *MARGIN_COLUMNS),)

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
    # What one unit cost us when the line was made, in the quote's currency, frozen; None where
    # the laptop that made it holds no costs (a rep's): the reports then use the product's cost
    # valid on the quote's date. Never sent to a laptop that may not see costs.
    unit_cost: Mapped[Decimal | None]
    # Further taxes on the line (IVA + INC, IVA + percepción), each with its frozen rate, as
    # JSON text: [{"code": "inc8", "rate": "0.0800"}] (services.quotes.taxes.encode_extra).
    extra_taxes: Mapped[str | None] = mapped_column(Text)
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


class QuoteAcceptance(Synced, Base):
    """A quote accepted and signed on the spot: who signed which revision, when, and the
    SHA-256 of the quote's canonical content (services.quotes.acceptance) as signed.

    The signature image stays in its own column, as base64 of a PNG (the sync wire carries
    JSON text) bounded by services.core.rules.MAX_SIGNATURE_PNG; the attachments of issue 17
    can move it to a generic file store without touching the rest of the record.
    """

    __tablename__ = "quote_acceptances"
    __table_args__ = (UniqueConstraint("quote_id", "revision"),)

    quote_id: Mapped[str] = mapped_column(ForeignKey("quotes.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    signer_name: Mapped[str] = mapped_column(String(120))
    signer_id_kind: Mapped[str] = mapped_column(String(10))
    signer_id: Mapped[str] = mapped_column(String(32))
    signed_at: Mapped[datetime]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)  # the canonical JSON that was hashed
    signature_png: Mapped[str] = mapped_column(Text)  # base64 of the PNG
