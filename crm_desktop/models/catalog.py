"""The global product catalog, its price lists, the taxes and the products' costs (read-only
for reps; costs reach only the laptops of those who may see them)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.base import Base, Synced


class Product(Synced, Base):
    __tablename__ = "products"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(20), default="unidad")
    tax_category: Mapped[str] = mapped_column(String(12), default="iva19")
    is_license: Mapped[bool] = mapped_column(Boolean, default=False)
    product_line: Mapped[str | None] = mapped_column(String(60))  # for the profitability report
    # The lowest net unit price (COP) that keeps the manager's minimum margin over the cost: reps
    # are warned below it without ever seeing the cost or the margin (services/quotes/costs.py).
    min_price: Mapped[Decimal | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PriceList(Synced, Base):
    __tablename__ = "price_lists"

    name: Mapped[str] = mapped_column(String(120))
    currency: Mapped[str] = mapped_column(String(3))
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)


class PriceListItem(Synced, Base):
    __tablename__ = "price_list_items"
    __table_args__ = (UniqueConstraint("price_list_id", "product_id"),)

    price_list_id: Mapped[str] = mapped_column(ForeignKey("price_lists.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    unit_price: Mapped[Decimal]


class Tax(Synced, Base):
    """A tax a line can carry (seeded: services/quotes/taxes.py); lines freeze its rate."""

    __tablename__ = "taxes"

    code: Mapped[str] = mapped_column(String(12), unique=True)
    name_es: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    rate: Mapped[Decimal]  # a fraction: 0.1050 for 10.5 %
    kind: Mapped[str] = mapped_column(String(12), default="vat")
    price_included: Mapped[bool] = mapped_column(Boolean, default=False)
    country: Mapped[str] = mapped_column(String(2), default="CO")
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]


class ProductCost(Synced, Base):
    """What a product costs us from valid_from to valid_to (open ends: always); managers set it.

    The server sends these rows only to managers and admins (crm_server.rows.COST_TABLES), so a
    rep's laptop never holds a cost.
    """

    __tablename__ = "product_costs"
    __table_args__ = (Index("ix_product_costs_product_from", "product_id", "valid_from"),)

    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    unit_cost: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3), default="COP")
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
