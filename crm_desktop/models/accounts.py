"""Reps, accounts (clientes), their contacts and the products they own."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.base import Base, Synced
from crm_desktop.models.ids import new_id


class User(Synced, Base):
    """A rep, manager or admin; the owner of accounts and activities."""

    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(160))
    email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16), default="rep")
    quote_prefix: Mapped[str] = mapped_column(String(8), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Account(Synced, Base):
    """A customer record: person or company, with its roles, phase and consent."""

    __tablename__ = "accounts"
    # A stable integer key so the FTS index can point at the row (rowid alias).
    row_key: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, nullable=False, default=new_id)

    kind: Mapped[str] = mapped_column(String(20))
    roles: Mapped[str] = mapped_column(String(120), default="prospect")
    legal_name: Mapped[str] = mapped_column(String(200))
    trade_name: Mapped[str | None] = mapped_column(String(200))
    tax_id_kind: Mapped[str] = mapped_column(String(12), default="nit")
    tax_id: Mapped[str | None] = mapped_column(String(32))
    economic_activity: Mapped[str | None] = mapped_column(String(8))
    employee_count: Mapped[int | None] = mapped_column(Integer)
    vision: Mapped[str | None] = mapped_column(Text)
    legal_representative: Mapped[str | None] = mapped_column(String(160))
    address: Mapped[str | None] = mapped_column(String(240))
    city: Mapped[str | None] = mapped_column(String(80))
    region: Mapped[str | None] = mapped_column(String(80))
    country: Mapped[str] = mapped_column(String(2), default="CO")
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(200))
    lifecycle_phase: Mapped[str] = mapped_column(String(20), default="engagement")
    segment: Mapped[str | None] = mapped_column(String(40))
    owner_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    price_list_id: Mapped[str | None] = mapped_column(ForeignKey("price_lists.id"))
    consent_data_processing: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_data_processing_at: Mapped[datetime | None]
    consent_marketing: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_marketing_at: Mapped[datetime | None]
    notes: Mapped[str | None] = mapped_column(Text)
    # Set by a manager's merge on the server only: this tombstone's survivor.
    merged_into_id: Mapped[str | None] = mapped_column(String(36))

    __mapper_args__ = {"primary_key": [id]}  # noqa: RUF012
    __table_args__ = (
        Index("ix_accounts_live_name", "legal_name", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_accounts_owner", "owner_id"),
        Index("ix_accounts_city", "city"),
    )


class Contact(Synced, Base):
    """A person at an account; one of them is the primary contact."""

    __tablename__ = "contacts"

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80), default="")
    job_title: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(32))
    mobile: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class AccountProduct(Synced, Base):
    """A product of ours that the account already owns (the essays' checklist)."""

    __tablename__ = "account_products"

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    since: Mapped[date | None]
    renewal_on: Mapped[date | None]
    source_quote_id: Mapped[str | None] = mapped_column(String(36))
